#!/usr/bin/env bash
# Launch to the first frame with a cache of 100,000 web articles: FEEDS
# feeds of ITEMS entries each (default 100 × 1,000) are served from a
# loopback python http.server, subscribed to and fetched once with
# `folio --refresh`, and the reader is then started with no path, in tmux
# at 120×40, the pane polled every 5 ms until the first headline shows. The
# server stays up, so each launch also refreshes in the background (every
# feed answers 304), as a person's would.
#
#   [FOLIO=binary] [FEEDS=100] [ITEMS=1000] scripts/startup-cached.sh [RUNS]
#
# Prints the median, fastest and slowest of RUNS runs (default 5), in
# milliseconds. Needs tmux and python3; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
feeds=${FEEDS:-100}
items=${ITEMS:-1000}
folio=${FOLIO:-}
if [[ -z $folio ]]; then
  folio=$PWD/target/release/folio
  cargo build --release --quiet
fi
work=$(mktemp -d)
socket=folio-startup-$$
server=
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; [[ -n $server ]] && kill "$server"; rm -rf "$work"' EXIT
mkdir -p "$work/feeds" "$work/config"
python3 - "$work/feeds" "$feeds" "$items" <<'PY'
import random, sys
out, feeds, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
words = ("river budget harbour council school garden market minister report "
         "bridge storm election water energy trade talks plan city road rail").split()
for f in range(feeds):
    entries = []
    for i in range(items):
        title = " ".join(random.choice(words) for _ in range(6)).capitalize()
        body = " ".join(random.choice(words) for _ in range(60))
        entries.append(
            f"<item><guid>feed-{f}-{i}</guid><title>{title} {i}</title>"
            f"<link>https://example.test/{f}/{i}</link>"
            f"<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;{body}.&lt;/p&gt;</description></item>")
    with open(f"{out}/f{f}.xml", "w") as file:
        file.write(f'<?xml version="1.0"?><rss version="2.0"><channel>'
                   f'<title>Feed {f}</title>{"".join(entries)}</channel></rss>')
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/feeds" >/dev/null 2>&1 &
server=$!
for f in $(seq 0 $((feeds - 1))); do
  echo "http://127.0.0.1:$port/f$f.xml  Feed $f"
done >"$work/config/subscriptions"
until curl -s -o /dev/null "http://127.0.0.1:$port/f0.xml" 2>/dev/null ||
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/f0.xml')" 2>/dev/null; do
  sleep 0.1
done
env -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY \
  FOLIO_CONFIG_DIR="$work/config" "$folio" --refresh
sync
# The first headline as the sidebar shows it.
first=$(FOLIO_CONFIG_DIR="$work/config" "$folio" --offline --list --width 200 | head -n 1 |
  sed -E 's/^ *[0-9]+ +//' | cut -c 1-24 | sed 's/[[:space:]]*$//')

once() {
  local start end
  start=$(date +%s%N)
  tmux -L "$socket" new-session -d -x 120 -y 40 \
    "env -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY FOLIO_CONFIG_DIR=$work/config $folio; echo folio-ended; sleep 60"
  until [[ $(tmux -L "$socket" capture-pane -p 2>/dev/null) == *"$first"* ]]; do
    sleep 0.005
  done
  end=$(date +%s%N)
  tmux -L "$socket" send-keys q
  until tmux -L "$socket" capture-pane -p 2>/dev/null | grep -qF folio-ended; do
    sleep 0.05
  done
  tmux -L "$socket" kill-server 2>/dev/null || true
  echo $(((end - start) / 1000000))
}

articles=$((feeds * items))
echo "first frame, $articles kept articles in $feeds feeds: $(for _ in $(seq "$runs"); do once; done |
  sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms (%d–%d) over %d runs", v[int((NR + 1) / 2)], v[1], v[NR], NR }')"
