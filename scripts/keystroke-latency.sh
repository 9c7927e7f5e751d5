#!/usr/bin/env bash
# Keystroke to final results on screen, in a real terminal (tmux at 120×40):
# the reader is opened on FILE with a filled parse cache, the filter bar
# opened, and each query typed one key at a time. After each key the pane
# is polled until the filter bar shows the typed text and the final count
# (no "…" of a search still running) that `folio --filter` gives for it.
#
#   [FOLIO=binary] scripts/keystroke-latency.sh FILE [QUERY...]
#
# Queries default to `parliament` and `trade talks`. Prints, per query, the
# milliseconds of each keystroke and the slowest, then the reader's peak
# memory against the size of FILE. Needs tmux; run it on a
# quiet machine. Polling costs a few milliseconds of each figure.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1
shift
queries=("$@")
if [[ ${#queries[@]} -eq 0 ]]; then
  queries=(parliament "trade talks")
fi
folio=${FOLIO:-}
if [[ -z $folio ]]; then
  folio=$PWD/target/release/folio
  cargo build --release --quiet
fi
socket=folio-keystrokes-$$
cache=$(mktemp -d)
config=$(mktemp -d)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$cache" "$config"' EXIT

poll=${POLL:-0.002}
now() { date +%s%N; }
top_line() { tmux -L "$socket" capture-pane -p -S 0 -E 0 2>/dev/null; }
# Waits until the filter bar holds `text` and ends in the final `count`.
settled() {
  local text=$1 count=$2 line
  while true; do
    line=$(top_line)
    if [[ $line == *"$text"* && $line != *"… "* && $line =~ [[:space:]]$count/[0-9]+[[:space:]]*$ ]]; then
      return
    fi
    sleep "$poll"
  done
}

# Fills the cache, so every figure is of a warm start.
total=$("$folio" --cache-dir "$cache" --filter "" "$file" | wc -l)
sync
tmux -L "$socket" new-session -d -x 120 -y 40 \
  "FOLIO_CONFIG_DIR=$config $folio --cache-dir $cache '$file'; sleep 60"
settled "to filter" "$total"
# A person starts typing after seeing the screen, not within microseconds.
sleep 1
for query in "${queries[@]}"; do
  # Every prefix's count first: no other folio runs while keys are timed.
  counts=()
  for ((i = 1; i <= ${#query}; i++)); do
    counts+=("$("$folio" --cache-dir "$cache" --filter "${query:0:i}" "$file" | wc -l)")
  done
  sleep 0.5
  tmux -L "$socket" send-keys /
  settled "" "$total"
  times=()
  for ((i = 1; i <= ${#query}; i++)); do
    prefix=${query:0:i}
    expected=${counts[i - 1]}
    start=$(now)
    tmux -L "$socket" send-keys -l -- "${query:i-1:1}"
    settled "$prefix" "$expected"
    times+=($((($(now) - start) / 1000000)))
  done
  slowest=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
  echo "$query: ${times[*]} ms per key (slowest $slowest ms)"
  # Clears the query and leaves the filter bar, back to every article.
  tmux -L "$socket" send-keys C-u Escape
  settled "to filter" "$total"
done
# The reader's peak memory after every query, against the size of FILE.
pane=$(tmux -L "$socket" list-panes -F '#{pane_pid}')
if ! reader=$(pgrep -P "$pane" folio); then
  echo "peak memory: unknown, the reader has exited" >&2
  exit 1
fi
peak_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$reader/status")
size_kb=$(($(stat -c %s "$file") / 1024))
echo "peak memory: $((peak_kb / 1024)) MB, $(awk -v p="$peak_kb" -v s="$size_kb" 'BEGIN {printf "%.2f", p / s}')x the input"
