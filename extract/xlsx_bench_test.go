package extract

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchWorkbook writes a finance export of n rows as bench/gen does.
func benchWorkbook(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "rows.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Period", "Ansvar", "Ansvar benämning", "Konto", "Utfall", "Budget"})
	names := []string{"Barn och unga myndighet", "Vuxen myndighet", "Ekonomiskt bistånd", "Socialpsykiatri"}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{strconv.Itoa(201700 + i%12 + 1), strconv.Itoa(6110 + (i%4)*10), names[i%4], 4000 + i%900, float64(i%100000) + 0.25, nil})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// Reading 50 000 rows: the streaming reader against excelize's Rows scan
// (go test -bench XLSX -cpuprofile cpu.out ./extract).
func BenchmarkXLSX(b *testing.B) {
	path := benchWorkbook(b, 50_000)
	b.Run("reader", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			wb, err := OpenXLSX(path, XLSXOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sh, _ := wb.SheetAt(0)
			for sh.Next() {
			}
			if sh.Err() != nil {
				b.Fatal(sh.Err())
			}
			wb.Close()
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			rows, _ := f.Rows("Sheet1")
			for rows.Next() {
				rows.Columns(excelize.Options{RawCellValue: true})
			}
			rows.Close()
			f.Close()
		}
	})
}
