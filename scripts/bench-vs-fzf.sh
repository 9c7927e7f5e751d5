#!/usr/bin/env bash
# folio --filter against fzf --filter, side by side, on the same synthetic
# articles: fzf reads the headlines, one per line; folio reads the full dump
# (headline and paragraph per article) and parses it first.
#
#   scripts/bench-vs-fzf.sh [OUT_DIR]
#
# Installs fzf and hyperfine from the distribution's packages if missing,
# writes the corpora to OUT_DIR (default: target/bench-corpus), and prints a
# Markdown table of mean wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench-corpus}
mkdir -p "$out"

need=()
command -v fzf >/dev/null || need+=(fzf)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet
cargo bench --quiet --bench make_corpus -- "$out" 100000 1000000 >/dev/null

queries=("s" "min" "parliament" "trade talks")
echo "| articles | query | folio --filter (s) | fzf --filter (s) | folio ÷ fzf |"
echo "|---|---|---|---|---|"
for count in 100000 1000000; do
  for query in "${queries[@]}"; do
    json="$out/result.json"
    hyperfine --style none --warmup 1 --runs 5 --export-json "$json" \
      "target/release/folio --filter '$query' $out/dump-$count.txt" \
      "fzf --filter '$query' < $out/headlines-$count.txt" >/dev/null
    python3 - "$json" "$count" "$query" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
folio, fzf = (r["mean"] for r in results)
print(f"| {int(sys.argv[2]):,} | `{sys.argv[3]}` | {folio:.3f} | {fzf:.3f} | {folio / fzf:.1f}× |")
PY
  done
done
