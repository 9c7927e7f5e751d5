#!/usr/bin/env bash
# Launch to the first frame with headlines on it, in a real terminal (tmux at
# 120×40): the reader is started on FILE and the pane polled every 5 ms
# until the file's first line shows. Cold runs skip the parse cache; warm
# runs use one filled by a run before.
#
#   [FOLIO=binary] [POLL=seconds] [COLD=0] scripts/first-frame.sh FILE [RUNS]
#
# COLD=0 times warm starts only.
#
# Prints the median, fastest and slowest of RUNS runs (default 5) of each,
# in milliseconds. Needs tmux; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1
runs=${2:-5}
poll=${POLL:-0.005}
# FOLIO=path times another build (an older one, for a side-by-side figure).
folio=${FOLIO:-}
if [[ -z $folio ]]; then
  folio=$PWD/target/release/folio
  cargo build --release --quiet
fi
socket=folio-first-frame-$$
cache=$(mktemp -d)
config=$(mktemp -d)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$cache" "$config"' EXIT
# The first line of the file as the pane shows it: its start, trimmed.
first=$(head -n 1 "$file" | cut -c 1-24 | sed 's/[[:space:]]*$//')

# Milliseconds from launch until `first` is on the screen. The reader is
# then quit and waited for, so that its exit (returning its memory) is not
# timed as part of the next launch.
once() {
  local start end
  start=$(date +%s%N)
  tmux -L "$socket" new-session -d -x 120 -y 40 \
    "FOLIO_CONFIG_DIR=$config $folio $* '$file'; echo folio-ended; sleep 60"
  until [[ $(tmux -L "$socket" capture-pane -p 2>/dev/null) == *"$first"* ]]; do
    sleep "$poll"
  done
  end=$(date +%s%N)
  tmux -L "$socket" send-keys q
  until tmux -L "$socket" capture-pane -p 2>/dev/null | grep -qF folio-ended; do
    sleep 0.05
  done
  tmux -L "$socket" kill-server 2>/dev/null || true
  echo $(((end - start) / 1000000))
}

summary() {
  sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms (%d–%d) over %d runs\n", v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}

"$folio" --cache-dir "$cache" --filter x "$file" >/dev/null || true
# The entry just written is flushed, so its write-back is not timed.
sync
if [[ ${COLD:-1} != 0 ]]; then
  echo "cold (--no-cache): $(for _ in $(seq "$runs"); do once --no-cache; done | summary)"
fi
echo "warm (cache filled): $(for _ in $(seq "$runs"); do once --cache-dir "$cache"; done | summary)"
