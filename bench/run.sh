#!/usr/bin/env bash
# Benchmark: socdw load of a 2 000 000-line finance export and a 200 000-row
# workbook, against DuckDB's read_csv of the same CSV and a bare excelize
# Rows scan of the same workbook. Prints seconds, ratios and peak RSS.
# Usage: bash bench/run.sh [lines] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-2000000}
ROWS=${2:-200000}
OUT=bench/out
rm -rf "$OUT" && mkdir -p "$OUT"
source bench/lib.sh
setup_bench "$OUT"
go run ./bench/gen -out "$OUT" -lines "$LINES" -rows "$ROWS" >/dev/null
timeit() { # prints "seconds peak_rss_mib"
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/err.txt" || { cat "$OUT/err.txt"; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$OUT/time.txt"
}
read csv_s csv_rss < <(timeit "$OUT/socdw" load --config "$OUT/socdw.yaml" --source bench "$OUT/huvudbok_2017_export.csv")
read base_csv_s base_csv_rss < <(timeit "$OUT/baseline" csv "$OUT/huvudbok_2017_export.csv")
read unord_csv_s unord_csv_rss < <(timeit "$OUT/baseline" csv-unordered "$OUT/huvudbok_2017_export.csv")
rm -f "$OUT/wh.duckdb"
read x_s x_rss < <(timeit "$OUT/socdw" load --config "$OUT/socdw.yaml" --source bench "$OUT/huvudbok_rows.xlsx")
read base_x_s base_x_rss < <(timeit "$OUT/baseline" xlsx "$OUT/huvudbok_rows.xlsx")
echo "finance CSV, $LINES lines: socdw load ${csv_s}s (peak ${csv_rss} MiB), DuckDB read_csv ${base_csv_s}s (peak ${base_csv_rss} MiB), ratio $(echo "scale=2; $csv_s/$base_csv_s" | bc)"
echo "  against read_csv without insertion order: ${unord_csv_s}s (peak ${unord_csv_rss} MiB), ratio $(echo "scale=2; $csv_s/$unord_csv_s" | bc)"
echo "workbook, $ROWS rows: socdw load ${x_s}s (peak ${x_rss} MiB), excelize Rows scan ${base_x_s}s (peak ${base_x_rss} MiB), ratio $(echo "scale=2; $x_s/$base_x_s" | bc)"
