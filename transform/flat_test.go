package transform

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/socdw/socdw"
)

// flatRows is the size of the tables below: past MaxReportRows, small
// enough to run in seconds.
const flatRows = 102_000

var flatKommuner = []string{"Botkyrka", "Haninge", "Huddinge", "Nacka", "Södertälje", "Tyresö", "Ekerö"}
var flatMatt = []string{"Nettokostnad individ- och familjeomsorg, kr/inv", "Andel placerade barn, %", "Placerade barn, antal"}

// longRow is row i of a long-format export (Kommun | År | Mått | Värde):
// the value in öre, or -1 for Kolada's "..".
func longRow(i int) (kommun string, year int, matt string, ore int64) {
	kommun = flatKommuner[i%7]
	year = 2016 + i/7%8
	matt = flatMatt[i/56%3]
	ore = int64(i) * 37 % 1_000_003
	if i%101 == 0 {
		ore = -1
	}
	return
}

// longTotals are the count and sum (öre) of the values of rows [0, n).
func longTotals(n int) (count int, sum int64) {
	for i := 0; i < n; i++ {
		if _, _, _, v := longRow(i); v >= 0 {
			count++
			sum += v
		}
	}
	return
}

func ore(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }

// writeLongXLSX writes the long-format export; edit may change a row's
// cells before they are written.
func writeLongXLSX(t testing.TB, path string, n int, edit func(i int, row []any)) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Kommun", "År", "Mått", "Värde"})
	for i := 0; i < n; i++ {
		k, y, m, v := longRow(i)
		row := []any{k, y, m, ".."}
		if v >= 0 {
			row[3] = float64(v) / 100 // excelize writes the shortest decimal: "123.45"
		}
		if edit != nil {
			edit(i, row)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

var flatToday = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func readFlat(t *testing.T, path string) *socdw.Batch {
	t.Helper()
	b, err := File(context.Background(), path, Options{Today: flatToday, TmpDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// partTotals counts and sums (öre) the values of a batch's figure files.
func partTotals(t *testing.T, b *socdw.Batch) (count int, sum int64) {
	t.Helper()
	for _, p := range b.FigureFiles.Parts {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Split(sc.Text(), "\t")
			if len(fields) != len(socdw.FigureColumns) {
				t.Fatalf("%d fields in %q", len(fields), sc.Text())
			}
			a, err := socdw.ParseAmount(fields[5], socdw.UnitNumber)
			if err != nil {
				t.Fatal(err)
			}
			count++
			sum += int64(a)
		}
		f.Close()
	}
	return
}

// A long-format export past MaxReportRows loads: every value a figure,
// none held in the batch, the sum exact.
func TestLongTablePastTheWindowXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolada_lang.xlsx")
	writeLongXLSX(t, path, flatRows, nil)
	b := readFlat(t, path)
	wantN, wantSum := longTotals(flatRows)
	// 102 000 rows, one value in 101 is "..": 100 990 figures.
	if wantN != 100_990 {
		t.Fatalf("formula: %d values", wantN)
	}
	if len(b.Figures) != 0 || b.FigureFiles.Rows != wantN || b.FigureCount() != wantN {
		t.Fatalf("figures held %d, in files %d; want 0 and %d", len(b.Figures), b.FigureFiles.Rows, wantN)
	}
	n, sum := partTotals(t, b)
	if n != wantN || sum != wantSum {
		t.Errorf("files hold %d values summing to %s; want %d and %s", n, ore(sum), wantN, ore(wantSum))
	}
	if len(b.Tables) != 1 || b.Tables[0].Rows != flatRows || b.Tables[0].LastRow != flatRows+1 {
		t.Fatalf("tables %+v", b.Tables)
	}
	sameStrings(t, roles(b), []string{"A dimension", "B period", "C dimension", "D measure"})
	if got := b.Tables[0].Period.String(); got != "2016-01-01..2023-12-31" {
		t.Errorf("period %s", got)
	}
	if len(b.Rejects) != 0 {
		t.Errorf("rejects: %v", b.Rejects[0])
	}
}

// The same export as a semicolon CSV with decimal commas, in
// Windows-1252 as Excel saves it.
func TestLongTablePastTheWindowCSV(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("Kommun;År;Mått;Värde\r\n")
	for i := 0; i < flatRows; i++ {
		k, y, m, v := longRow(i)
		val := ".."
		if v >= 0 {
			val = strings.Replace(ore(v), ".", ",", 1)
		}
		fmt.Fprintf(&sb, "%s;%d;%s;%s\r\n", k, y, m, val)
	}
	enc, err := charmap.Windows1252.NewEncoder().Bytes([]byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kolada_lang.csv")
	if err := os.WriteFile(path, enc, 0o644); err != nil {
		t.Fatal(err)
	}
	b := readFlat(t, path)
	wantN, wantSum := longTotals(flatRows)
	n, sum := partTotals(t, b)
	if b.FigureFiles.Rows != wantN || n != wantN || sum != wantSum {
		t.Errorf("%d figures (%d in files) summing to %s; want %d and %s", b.FigureFiles.Rows, n, ore(sum), wantN, ore(wantSum))
	}
	if len(b.Tables) != 1 || b.Tables[0].Rows != flatRows {
		t.Fatalf("tables %+v", b.Tables)
	}
	sameStrings(t, roles(b), []string{"A dimension", "B period", "C dimension", "D measure"})
}

// wideValue is month m (0–11) of row i of a wide table, or -1 for "-".
func wideValue(i, m int) int64 {
	if (i+m)%97 == 0 {
		return -1
	}
	return int64((i+1)*(m+3)) % 9973
}

// A wide table (Enhet | Jan … Dec) past MaxReportRows: twelve figures a
// row, the year from the sheet's name.
func TestWideTablePastTheWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "enheter.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "2024")
	sw, _ := f.NewStreamWriter("2024")
	sw.SetRow("A1", []any{"Enhet", "Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"})
	var wantN int
	var wantSum int64
	for i := 0; i < flatRows; i++ {
		row := []any{fmt.Sprintf("Enhet %d", i+1)}
		for m := 0; m < 12; m++ {
			if v := wideValue(i, m); v >= 0 {
				row = append(row, v)
				wantN++
				wantSum += v * 100
			} else {
				row = append(row, "-")
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, row)
	}
	sw.Flush()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b := readFlat(t, path)
	// One value in 97 is "-": 102 000 × 12 − 12 613.
	if wantN != 1_211_387 {
		t.Fatalf("formula: %d values", wantN)
	}
	n, sum := partTotals(t, b)
	if b.FigureFiles.Rows != wantN || n != wantN || sum != wantSum {
		t.Errorf("%d figures (%d in files) summing to %s; want %d and %s", b.FigureFiles.Rows, n, ore(sum), wantN, ore(wantSum))
	}
	if len(b.Tables) != 1 || b.Tables[0].Rows != flatRows || b.Tables[0].Period.String() != "2024-01-01..2024-12-31" {
		t.Fatalf("tables %+v", b.Tables)
	}
}

// A personnummer in a row past the window is rejected at its cell, as in
// the window; the rest loads and the number is in no part file.
func TestPersonnummerPastTheWindow(t *testing.T) {
	const pnr = "19121212-1212" // Skatteverket's test number
	path := filepath.Join(t.TempDir(), "kolada_lang.xlsx")
	writeLongXLSX(t, path, flatRows, func(i int, row []any) {
		if i == 101_000 {
			row[2] = pnr
		}
	})
	b := readFlat(t, path)
	var at []string
	for _, r := range b.Rejects {
		at = append(at, r.Ref.String())
	}
	if want := "kolada_lang.xlsx!Sheet1!C101002"; len(at) != 1 || !strings.HasSuffix(at[0], want) {
		t.Errorf("rejects at %v, want one at %s", at, want)
	}
	for _, p := range b.FigureFiles.Parts {
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "1212-1212") || strings.Contains(string(data), "121212") {
			t.Error("the personnummer reached a part file")
		}
	}
	if wantN, _ := longTotals(flatRows); b.FigureFiles.Rows != wantN {
		t.Errorf("%d figures, want %d (the row's value still loads, without the cell)", b.FigureFiles.Rows, wantN)
	}
}

// A row past the window whose value reads as the year after its År
// ("Ekerö | 2019 | … | 2020") is a row like the others, not the header
// of a second table.
func TestYearLikeValuePastTheWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolada_lang.xlsx")
	var extra int64
	writeLongXLSX(t, path, flatRows, func(i int, row []any) {
		if i == 101_001 {
			_, y, _, v := longRow(i)
			row[3] = y + 1
			extra = int64(y+1)*100 - v // the value replaced
		}
	})
	b := readFlat(t, path)
	wantN, wantSum := longTotals(flatRows)
	n, sum := partTotals(t, b)
	if n != wantN || sum != wantSum+extra {
		t.Errorf("%d figures summing to %s; want %d and %s", n, ore(sum), wantN, ore(wantSum+extra))
	}
}

// Rows of values without a label past the window are rejects naming their
// row, as in the window: one with its År left (a body row without a
// label), one with its value alone (a row no table takes). The rest loads.
func TestRowsWithoutLabelPastTheWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolada_lang.xlsx")
	var lost int64
	writeLongXLSX(t, path, flatRows, func(i int, row []any) {
		switch i {
		case 101_001:
			row[0], row[2] = nil, nil
		case 101_050:
			row[0], row[1], row[2] = nil, nil, nil
		default:
			return
		}
		_, _, _, v := longRow(i)
		lost += v // neither is one in 101, whose value is ".."
	})
	b := readFlat(t, path)
	wantN, wantSum := longTotals(flatRows)
	n, sum := partTotals(t, b)
	if n != wantN-2 || sum != wantSum-lost {
		t.Errorf("%d figures summing to %s; want %d and %s", n, ore(sum), wantN-2, ore(wantSum-lost))
	}
	var got []string
	for _, r := range b.Rejects {
		got = append(got, fmt.Sprintf("%d:%d %s", r.Ref.Row, r.Ref.Col, r.Reason))
	}
	want := []string{"101003:1 row has values but no label",
		"101052:4 row 101052 has values but no label, and is no total's second line: not read into any table"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A total row past the window is refused with the row and why; nothing
// of the file is kept.
func TestTotalPastTheWindowRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolada_lang.xlsx")
	writeLongXLSX(t, path, flatRows, func(i int, row []any) {
		if i == 101_500 {
			row[0] = "Summa"
		}
	})
	tmp := t.TempDir()
	b, err := File(context.Background(), path, Options{Today: flatToday, TmpDir: tmp})
	if b != nil || err == nil {
		t.Fatal("loaded")
	}
	if !errors.Is(err, ErrTooManyRows) || !strings.Contains(err.Error(), "row 101502 is a total") || !strings.Contains(err.Error(), "Sheet1!row 101502") {
		t.Errorf("err = %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("%d temporary entries left", len(left))
	}
}

// BenchmarkLongTablePastTheWindow reads a 200 000-row long-format
// workbook: the window, then 100 000 rows streamed to a figure file.
// bench/flat.sh measures whole loads of 200 000 and 1 000 000 rows.
func BenchmarkLongTablePastTheWindow(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kolada_lang.xlsx")
	writeLongXLSX(b, path, 200_000, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch, err := File(context.Background(), path, Options{Today: flatToday, TmpDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		if want, _ := longTotals(200_000); batch.FigureFiles.Rows != want {
			b.Fatalf("%d figures, want %d", batch.FigureFiles.Rows, want)
		}
		batch.Close()
	}
}
