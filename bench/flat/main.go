// Command flat writes the inputs of bench/flat.sh: statistics exports of
// N rows that no report limit holds — a long-format table (Kommun | År |
// Mått | Värde, as Kolada, SCB and Socialstyrelsen export them) as xlsx
// and as a semicolon CSV, and a wide table (Enhet | Jan … Dec) as xlsx —
// and prints, per file, the figures it holds and their sum, computed from
// the generating formula, for the script to compare with the warehouse.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

var matt = []string{"Nettokostnad individ- och familjeomsorg, kr/inv", "Andel placerade barn, %", "Placerade barn, antal",
	"Kostnad ekonomiskt bistånd, kr/inv"}

// kommun is one of 290 names without digits.
func kommun(i int) string {
	k := i % 290
	return fmt.Sprintf("Kommun %c%c", 'A'+k/26, 'a'+k%26)
}

// long is row i: kommun, year, measure and value in öre, -1 for "..".
func long(i int) (string, int, string, int64) {
	v := int64(i) * 37 % 1_000_003
	if i%101 == 0 {
		v = -1
	}
	return kommun(i), 2010 + i/290%14, matt[i/(290*14)%len(matt)], v
}

func ore(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }

func main() {
	out := flag.String("out", "bench/out/flat", "directory")
	rows := flag.Int("rows", 200_000, "rows of each table")
	wide := flag.Bool("wide", true, "write the wide table too")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	n := *rows
	var count int
	var sum int64
	for i := 0; i < n; i++ {
		if _, _, _, v := long(i); v >= 0 {
			count, sum = count+1, sum+v
		}
	}
	// Long format, xlsx.
	path := filepath.Join(*out, "long.xlsx")
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"Kommun", "År", "Mått", "Värde"})
	for i := 0; i < n; i++ {
		k, y, m, v := long(i)
		row := []any{k, y, m, ".."}
		if v >= 0 {
			row[3] = float64(v) / 100
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, row)
	}
	save(f, sw, path)
	fmt.Printf("%s %d %s\n", path, count, ore(sum))
	// Long format, CSV (UTF-8, decimal comma).
	path = filepath.Join(*out, "long.csv")
	cf, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(cf)
	fmt.Fprint(w, "Kommun;År;Mått;Värde\r\n")
	for i := 0; i < n; i++ {
		k, y, m, v := long(i)
		val := ".."
		if v >= 0 {
			val = fmt.Sprintf("%d,%02d", v/100, v%100)
		}
		fmt.Fprintf(w, "%s;%d;%s;%s\r\n", k, y, m, val)
	}
	w.Flush()
	cf.Close()
	fmt.Printf("%s %d %s\n", path, count, ore(sum))
	if !*wide {
		return
	}
	// Wide: Enhet | Jan … Dec, the year in the sheet's name.
	path = filepath.Join(*out, "wide.xlsx")
	f = excelize.NewFile()
	f.SetSheetName("Sheet1", "2024")
	sw, _ = f.NewStreamWriter("2024")
	sw.SetRow("A1", []any{"Enhet", "Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"})
	count, sum = 0, 0
	for i := 0; i < n; i++ {
		row := []any{fmt.Sprintf("Enhet %d", i+1)}
		for m := 0; m < 12; m++ {
			if (i+m)%97 == 0 {
				row = append(row, "-")
				continue
			}
			v := int64((i+1)*(m+3)) % 9973
			row = append(row, v)
			count, sum = count+1, sum+v*100
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, row)
	}
	save(f, sw, path)
	fmt.Printf("%s %d %s\n", path, count, ore(sum))
}

func save(f *excelize.File, sw *excelize.StreamWriter, path string) {
	if err := sw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		log.Fatal(err)
	}
	f.Close()
}
