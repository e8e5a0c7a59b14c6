#!/usr/bin/env bash
# Takes the README's screenshots from the real app: starts it on a fresh
# database under a virtual display the size of its window, clicks through
# the main screens and saves each one to assets/screenshots/.
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

mkdir -p assets/screenshots
REDLINE_DB="$dir/shots.db" ./bin/redline --quit-after 60s >/dev/null 2>&1 &
sleep 3
shot overview                 # first start: the reference plan opens
click 166 89; click 180 160   # Red lines tab, second red line
shot redlines
click 280 89; click 150 160   # Responses tab, the rapid reaction force
shot responses
click 382 89                  # Forces: contributions, then the totals
shot forces
click 470 89                  # Terms
shot terms
click 560 89; click 200 440   # Injects, the cyber attack
shot injects
click 650 89                  # the response matrix
shot matrix
click 768 89                  # Findings
shot findings
click 1000 89; click 65 191   # Exercise: start a run
click 938 133; click 938 133  # two injects: violations cross, two decisions open
click 792 367                 # talks approved in the list of open decisions
click 975 407; xdotool type --delay 20 "Envoys recalled until the line holds"
for _ in 1 2 3 4 5 6; do click 938 133; sleep 0.3; done # on to the collapse of the ceasefire
for _ in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove 200 500 click 4; done # the script from the skipped branch
xdotool mousemove 600 720
shot exercise
click 1068 133; sleep 1.5     # the room view, full screen
xdotool key F11
shot room
xdotool key Escape; sleep 0.5; xdotool key Escape
click 1119 173                # close the run
click 42 49                   # back to the library
shot library

# A page of the PDF summary, as it prints.
./bin/redlinectl export --format pdf --date none -o "$dir/summary.pdf" seeds/reference-plan.redline.json
pdftoppm -png -r 80 -f 3 -l 3 -singlefile "$dir/summary.pdf" assets/screenshots/summary-page
echo assets/screenshots/summary-page.png
