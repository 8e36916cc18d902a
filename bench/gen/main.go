// Command gen writes the benchmark inputs: a finance export of N lines
// (the shape of huvudbok_2017.csv) and a workbook of M rows; with -ledger
// N, only a leverantörsreskontra of N lines (fixture.LedgerLarge).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

func main() {
	out := flag.String("out", "bench/out", "directory")
	lines := flag.Int("lines", 2_000_000, "finance export lines")
	rows := flag.Int("rows", 200_000, "workbook rows")
	ledger := flag.Int("ledger", 0, "write only a leverantörsreskontra of this many lines")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if *ledger > 0 {
		p, _, err := fixture.LedgerLarge(*out, *ledger)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p)
		return
	}
	p, _, err := fixture.FinanceExport(*out, *lines, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p)
	if *rows > 0 {
		fmt.Println(workbook(filepath.Join(*out, "huvudbok_rows.xlsx"), *rows))
	}
}

// workbook writes a finance export as an xlsx with the streaming writer.
func workbook(path string, n int) string {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		log.Fatal(err)
	}
	sw.SetRow("A1", []any{"Period", "Ansvar", "Ansvar benämning", "Konto", "Utfall", "Budget"})
	names := []string{"Barn och unga myndighet", "Vuxen myndighet", "Ekonomiskt bistånd", "Socialpsykiatri"}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		m := i%12 + 1
		sw.SetRow(cell, []any{strconv.Itoa(201700 + m), strconv.Itoa(6110 + (i%4)*10), names[i%4], 4000 + i%900,
			float64(i%100000) + 0.25, nil})
	}
	if err := sw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		log.Fatal(err)
	}
	return path
}
