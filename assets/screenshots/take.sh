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
click 558 89                  # the response matrix
shot matrix
click 690 89                  # Findings
shot findings
click 42 49                   # back to the library
shot library
