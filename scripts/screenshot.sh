#!/usr/bin/env bash
# Regenerates the README's screenshots from real runs of folio in tmux:
# assets/screenshot.png, the sample filtered for "norway" with the best match
# open in the reader, and assets/screenshot-html.png, a saved news page
# (tests/fixtures/formats/news-page.html) open in the reader. Installs tmux, the DejaVu fonts and Pillow if
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] \
  || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; }
python3 -c 'import PIL' 2>/dev/null || python3 -m pip install --quiet pillow

cargo build --release --quiet
socket="folio-shot-$$"
capture=$(mktemp)
# A config directory of its own: never the developer's bookmarks or state.
config=$(mktemp -d)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$capture" "$config"' EXIT

tmux -L "$socket" -f /dev/null new-session -d -s shot -x 120 -y 34 \
  "FOLIO_CONFIG_DIR=$config target/release/folio < /dev/null; sleep 30"
sleep 1
tmux -L "$socket" send-keys -t shot -l "/norway"
sleep 0.5
tmux -L "$socket" send-keys -t shot Enter
sleep 0.3
tmux -L "$socket" send-keys -t shot Enter
sleep 0.5
tmux -L "$socket" capture-pane -e -p -t shot > "$capture"
mkdir -p assets
python3 scripts/ansi_to_png.py "$capture" assets/screenshot.png 120 34
echo "wrote assets/screenshot.png"
tmux -L "$socket" kill-server

tmux -L "$socket" -f /dev/null new-session -d -s shot -x 120 -y 34 \
  "FOLIO_CONFIG_DIR=$config target/release/folio tests/fixtures/formats/news-page.html; sleep 30"
sleep 1
tmux -L "$socket" send-keys -t shot Enter
sleep 0.5
tmux -L "$socket" capture-pane -e -p -t shot > "$capture"
python3 scripts/ansi_to_png.py "$capture" assets/screenshot-html.png 120 34
echo "wrote assets/screenshot-html.png"
