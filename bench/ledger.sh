#!/usr/bin/env bash
# Peak memory of `socdw load` on a leverantörsreskontra of N lines
# (fixture.LedgerLarge), for each N given: wall and CPU seconds and peak
# RSS (/usr/bin/time -v), for socdw and, when BEFORE=path/to/socdw is
# set, for an earlier binary.
# Usage: BEFORE=/tmp/socdw-before bash bench/ledger.sh [lines...]
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/ledger
rm -rf "$OUT" && mkdir -p "$OUT"
source bench/lib.sh
setup_bench "$OUT"
measure() { # measure LABEL CMD...: "label | wall s | cpu s | peak MiB | exit | result"
  local label=$1; shift
  rm -f "$OUT"/wh.duckdb*
  /usr/bin/time -v -o "$OUT/time.txt" "$@" >"$OUT/out.txt" 2>&1
  local rc=$?
  local wall cpu rss msg
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/time.txt")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$OUT/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$OUT/time.txt")
  msg=$(grep -o '^[a-z]* .*(.*)' "$OUT/out.txt" | sed 's|/.*/||' | head -1)
  echo "$label | $wall | $cpu | $rss | $rc | $msg"
}
echo "file | wall s | cpu s | peak MiB | exit | result"
[ $# -eq 0 ] && set -- 200000 1000000
for n in "$@"; do
  rm -rf "$OUT/in" && go run ./bench/gen -out "$OUT/in" -ledger "$n" >/dev/null
  f=$(ls "$OUT"/in/*.csv)
  measure "after  $n lines" "$OUT/socdw" load --config "$OUT/socdw.yaml" --source bench "$f"
  [ -n "${BEFORE:-}" ] && measure "before $n lines" "$BEFORE" load --config "$OUT/socdw.yaml" --source bench "$f"
done
