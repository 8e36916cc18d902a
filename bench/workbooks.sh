#!/usr/bin/env bash
# Benchmark of the workbook reader: each hostile workbook, a 200 000-row
# workbook against a bare excelize Rows scan, and a 1 000 000-row workbook
# with the default config. Prints wall and CPU seconds and peak RSS
# (/usr/bin/time -v) for socdw, and for an earlier socdw binary when
# BEFORE=path/to/socdw is set.
# Usage: BEFORE=/tmp/socdw-before bash bench/workbooks.sh [rows] [bigrows]
set -uo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-200000}
BIG=${2:-1000000}
OUT=bench/out/workbooks
rm -rf "$OUT" && mkdir -p "$OUT/hostile" "$OUT/rows" "$OUT/big"
source bench/lib.sh
setup_bench "$OUT"
go run ./bench/hostile -out "$OUT/hostile" >/dev/null
go run ./bench/gen -out "$OUT/rows" -lines 1 -rows "$ROWS" >/dev/null
go run ./bench/gen -out "$OUT/big" -lines 1 -rows "$BIG" >/dev/null
rm -f "$OUT"/rows/*.csv "$OUT"/big/*.csv
# measure LABEL CMD...: one line "label | wall s | cpu s | peak MiB | exit | first error line"
measure() {
  local label=$1; shift
  rm -f "$OUT"/wh.duckdb*
  /usr/bin/time -v -o "$OUT/time.txt" "$@" >"$OUT/out.txt" 2>&1
  local rc=$?
  local msg
  msg=$(grep -o '"status": "[a-z]*"\|"error": "[^"]\{0,140\}' "$OUT/out.txt" | head -2 | tr '\n' ' ')
  echo "$label | $(time_stats "$OUT/time.txt") | $rc | $msg"
}
run() { # run BIN LABEL FILE: at most 120 s and 12 GiB of address space
  measure "$2" timeout 120 bash -c 'ulimit -v 12582912; exec "$@"' _ "$1" load --config "$OUT/socdw.yaml" --source bench "$3"
}
echo "file | wall s | cpu s | peak MiB | exit | result"
for f in "$OUT"/hostile/*.xlsx; do
  run "$OUT/socdw" "after  $(basename "$f")" "$f"
  [ -n "${BEFORE:-}" ] && run "$BEFORE" "before $(basename "$f")" "$f"
done
run "$OUT/socdw" "after  ${ROWS} rows" "$OUT/rows/huvudbok_rows.xlsx"
[ -n "${BEFORE:-}" ] && run "$BEFORE" "before ${ROWS} rows" "$OUT/rows/huvudbok_rows.xlsx"
measure "excelize Rows scan ${ROWS} rows" "$OUT/baseline" xlsx "$OUT/rows/huvudbok_rows.xlsx"
run "$OUT/socdw" "after  ${BIG} rows" "$OUT/big/huvudbok_rows.xlsx"
[ -n "${BEFORE:-}" ] && run "$BEFORE" "before ${BIG} rows" "$OUT/big/huvudbok_rows.xlsx"
measure "excelize Rows scan ${BIG} rows" "$OUT/baseline" xlsx "$OUT/big/huvudbok_rows.xlsx"
