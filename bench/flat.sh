#!/usr/bin/env bash
# Benchmark of flat tables past the report window: a long-format export
# (xlsx and CSV) and a wide table (xlsx) of N rows each, for each N given.
# Prints wall and CPU seconds and peak RSS (/usr/bin/time -v) of `socdw
# load` into a new warehouse and of `socdw check`, a bare excelize Rows
# scan of each workbook, and whether the warehouse holds the figures the
# generator computed (count and exact sum).
# Usage: bash bench/flat.sh [rows...]   (default: 200000 1000000)
set -uo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ $# -eq 0 ] && SIZES=(200000 1000000)
OUT=bench/out/flat
rm -rf "$OUT" && mkdir -p "$OUT"
source bench/lib.sh
setup_bench "$OUT"
printf 'warehouse: wh.duckdb\nsources:\n  - name: bench\n    kommun: Bench\n    path: .\n' > "$OUT/socdw.yaml"
measure() { # measure LABEL CMD...: "label | wall s | cpu s | peak MiB | exit"
  local label=$1; shift
  /usr/bin/time -v -o "$OUT/time.txt" "$@" >"$OUT/out.txt" 2>&1
  local rc=$?
  echo "$label | $(time_stats "$OUT/time.txt") | $rc"
}
echo "file | wall s | cpu s | peak MiB | exit"
for n in "${SIZES[@]}"; do
  wide=true
  [ "$n" -gt 200000 ] && wide=false # 12 figures a row: the long shape is the one asked at 1 000 000
  go run ./bench/flat -out "$OUT/$n" -rows "$n" -wide=$wide > "$OUT/$n.expected"
  while read -r file count sum; do
    name="$(basename "$file") $n rows"
    rm -f "$OUT"/wh.duckdb*
    measure "load  $name" "$OUT/socdw" load --config "$OUT/socdw.yaml" --source bench "$file"
    got=$("$OUT/socdw" sql --config "$OUT/socdw.yaml" --format csv "SELECT count(*) || ' ' || sum(value) FROM fact_figure" | tail -1)
    [ "$got" = "$count $sum" ] && echo "  warehouse: $got (as generated)" || echo "  warehouse: $got, generated $count $sum: MISMATCH"
    measure "check $name" "$OUT/socdw" check --config "$OUT/socdw.yaml" --source bench "$file"
    case $file in *.xlsx) measure "excelize Rows scan $name" "$OUT/baseline" xlsx "$file" ;; esac
  done < "$OUT/$n.expected"
done
