#!/usr/bin/env bash
# Takes the README's screenshots from the real app: starts it on a fresh
# database under a virtual display the size of its window, goes through
# the screens (tabs by their keyboard shortcuts, Ctrl+1…9 and Ctrl+PgUp for
# the last ones) and saves each one to assets/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1180x760x24 >/dev/null 2>&1 &
export DISPLAY=$display
sleep 1
shot() { sleep 1.2; xwd -root -silent | convert xwd:- "assets/screenshots/$1.png"; echo "assets/screenshots/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }
key() { xdotool key "$@"; sleep 0.5; }
tab() { key ctrl+1; for _ in $(seq 1 "$1"); do key ctrl+Prior; done; } # N tabs back from the Overview

mkdir -p assets/screenshots
REDLINE_DB="$dir/shots.db" ./bin/redline --quit-after 90s >/dev/null 2>&1 &
sleep 3
shot overview                 # first start: the reference plan opens
key ctrl+2; click 180 207     # Red lines, the second one
shot redlines
key ctrl+3; click 150 207     # Responses, the rapid reaction force
shot responses
key ctrl+4                    # Forces: the contributions
shot forces
click 212 130                 # its Charts tab
shot forces-charts
key ctrl+5                    # Terms
shot terms
key ctrl+6; click 200 440     # Injects, the cyber attack
shot injects
key ctrl+7                    # the response matrix, a link opened in the side panel
click 492 246; click 740 399
shot matrix
key ctrl+8                    # Findings
shot findings
tab 3; click 124 128          # Deterrence, "The US holds back" ticked
shot deterrence
tab 2                         # Sources
shot sources
key ctrl+2; click 1000 168; key End # a red line's title edited and saved,
xdotool type --delay 20 " and Transnistria"; key ctrl+s
tab 1                         # then History: what changed, in words
shot history
key ctrl+9; click 65 191      # Exercise: start a run
click 938 133; click 938 133  # two injects: violations cross, two decisions open
click 792 367                 # talks approved in the list of open decisions
click 975 407; xdotool type --delay 20 "Envoys recalled until the line holds"
for _ in 1 2 3 4 5 6; do click 938 133; sleep 0.3; done # on to the collapse of the ceasefire
for _ in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove 200 500 click 4; done # the script from the skipped branch
xdotool mousemove 600 720
shot exercise
key ctrl+shift+r; sleep 1.5   # the room view, full screen
xdotool key F11
shot room
xdotool key Escape; sleep 0.5; xdotool key Escape
click 1119 173                # close the run
click 42 49                   # back to the library
shot library

# The first page of the PDF summary, as it prints, and the matrix picture.
./bin/redlinectl export --format pdf --date none -o "$dir/summary.pdf" seeds/reference-plan.redline.json
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$dir/summary.pdf" assets/screenshots/summary-page
echo assets/screenshots/summary-page.png
./bin/redlinectl export --format png -o assets/screenshots/matrix-picture.png seeds/reference-plan.redline.json
echo assets/screenshots/matrix-picture.png
