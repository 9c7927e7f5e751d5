#!/usr/bin/env bash
# folio --filter against fzf --filter, side by side, on the same synthetic
# articles: fzf reads the headlines, one per line, and the whole dump; folio
# reads the dump cold (--no-cache: read, clean, segment) and warm (its parse
# cache filled by one run before).
#
#   scripts/bench-vs-fzf.sh [OUT_DIR] [COUNTS...]
#
# Installs fzf and hyperfine from the distribution's packages if missing,
# writes the corpora to OUT_DIR (default: target/bench-corpus; counts default
# to 100000 1000000), and prints Markdown tables of mean wall times: the
# filter race, then loading against the read floor (`wc -l` of the dump,
# measured in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench-corpus}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100000 1000000)
mkdir -p "$out"

need=()
command -v fzf >/dev/null || need+=(fzf)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet
cargo bench --quiet --bench make_corpus -- "$out" "${counts[@]}" >/dev/null
folio=target/release/folio
cache="$out/cache"
json="$out/result.json"

# Mean seconds of each command in a hyperfine run's JSON, in order.
means() {
  python3 - "$json" <<'PY'
import json, sys
print(" ".join("%.3f" % result["mean"] for result in json.load(open(sys.argv[1]))["results"]))
PY
}

queries=("s" "min" "parliament" "trade talks")
echo "| articles | query | folio cold | folio warm | fzf, headlines | fzf, dump | cold ÷ fzf headlines | warm ÷ fzf headlines |"
echo "|---|---|---|---|---|---|---|---|"
rm -rf "$cache"
for count in "${counts[@]}"; do
  dump="$out/dump-$count.txt"
  "$folio" --cache-dir "$cache" --filter x "$dump" >/dev/null || true
  for query in "${queries[@]}"; do
    hyperfine --style none --warmup 1 --runs 5 --export-json "$json" \
      "$folio --no-cache --filter '$query' $dump" \
      "$folio --cache-dir $cache --filter '$query' $dump" \
      "fzf --filter '$query' < $out/headlines-$count.txt" \
      "fzf --filter '$query' < $dump" >/dev/null
    read -r cold warm fzf_headlines fzf_dump <<<"$(means)"
    python3 - "$count" "$query" "$cold" "$warm" "$fzf_headlines" "$fzf_dump" <<'PY'
import sys
count, query = int(sys.argv[1]), sys.argv[2]
cold, warm, heads, dump = map(float, sys.argv[3:])
print(f"| {count:,} | `{query}` | {cold:.3f} | {warm:.3f} | {heads:.3f} | {dump:.3f} | {cold / heads:.2f}× | {warm / heads:.2f}× |")
PY
  done
done

echo
echo "| articles | read floor (wc -l) | folio cold, nothing matching | folio warm, nothing matching | cold ÷ floor | warm ÷ floor |"
echo "|---|---|---|---|---|---|"
for count in "${counts[@]}"; do
  dump="$out/dump-$count.txt"
  hyperfine --style none --warmup 1 --runs 5 --export-json "$json" -i \
    "wc -l $dump" \
    "$folio --no-cache --filter zqxjzqxj $dump" \
    "$folio --cache-dir $cache --filter zqxjzqxj $dump" >/dev/null
  read -r floor cold warm <<<"$(means)"
  python3 - "$count" "$floor" "$cold" "$warm" <<'PY'
import sys
count = int(sys.argv[1])
floor, cold, warm = map(float, sys.argv[2:])
print(f"| {count:,} | {floor:.3f} | {cold:.3f} | {warm:.3f} | {cold / floor:.1f}× | {warm / floor:.1f}× |")
PY
done
