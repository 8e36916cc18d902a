package extract

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

// readWorkbook is everything socdw reads from a workbook, as plain data:
// per sheet its name, its rows (number, cells with their styles) and its
// merged ranges.
type readSheet struct {
	Name   string
	Rows   []string
	Merges []Range
}

// readOurs reads a workbook with the streaming reader.
func readOurs(t *testing.T, path string) []readSheet {
	t.Helper()
	wb, err := OpenXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer wb.Close()
	var out []readSheet
	for i, name := range wb.Sheets() {
		sh, err := wb.SheetAt(i)
		if err != nil {
			t.Fatalf("sheet %s: %v", name, err)
		}
		rs := readSheet{Name: name}
		st := sh.(Styler)
		for sh.Next() {
			r := sh.Row()
			rs.Rows = append(rs.Rows, rowString(r, st.Style))
		}
		if err := sh.Err(); err != nil {
			t.Fatalf("sheet %s: %v", name, err)
		}
		rs.Merges = sh.Merges()
		out = append(out, rs)
	}
	return out
}

// readExcelize reads the same with excelize, as socdw did before its own
// reader: Rows with raw values, styles from GetCellStyle and GetStyle.
func readExcelize(t *testing.T, path string) []readSheet {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer f.Close()
	var out []readSheet
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			t.Fatalf("excelize %s: %v", name, err)
		}
		rs := readSheet{Name: name}
		num := 0
		for rows.Next() {
			num++
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("excelize %s: %v", name, err)
			}
			r := Row{Num: num}
			for _, v := range cols {
				r.Cells = append(r.Cells, Cell{Text: v, Kind: kindOf(v)})
			}
			if r.IsBlank() {
				continue
			}
			rs.Rows = append(rs.Rows, rowString(r, func(row, col int) CellStyle { return excelizeStyle(f, name, row, col) }))
		}
		rows.Close()
		mc, _ := f.GetMergeCells(name, true)
		for _, m := range mc {
			if r, ok := parseRange([]byte(m.GetStartAxis() + ":" + m.GetEndAxis())); ok {
				rs.Merges = append(rs.Merges, r)
			}
		}
		out = append(out, rs)
	}
	return out
}

// excelizeStyle is the style reading socdw had on excelize.
func excelizeStyle(f *excelize.File, sheet string, row, col int) CellStyle {
	name, _ := excelize.CoordinatesToCellName(col, row)
	id, err := f.GetCellStyle(sheet, name)
	if err != nil || id == 0 {
		return CellStyle{}
	}
	st, err := f.GetStyle(id)
	if err != nil {
		return CellStyle{}
	}
	var cs CellStyle
	cs.Percent = st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%"))
	cs.Date = (st.NumFmt >= 14 && st.NumFmt <= 22) || (st.NumFmt >= 45 && st.NumFmt <= 47) ||
		(st.CustomNumFmt != nil && isDateFormat(*st.CustomNumFmt))
	if st.CustomNumFmt != nil {
		cs.Thousands = scalingCommas(*st.CustomNumFmt)
	}
	if st.Alignment != nil {
		cs.Indent = st.Alignment.Indent
	}
	return cs
}

// rowString writes a row as text, trailing empty cells left out, each
// cell with its kind and the style socdw uses.
func rowString(r Row, style func(row, col int) CellStyle) string {
	cells := r.Cells
	for len(cells) > 0 && cells[len(cells)-1].Kind == KindEmpty {
		cells = cells[:len(cells)-1]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", r.Num)
	for i, c := range cells {
		if c.Kind == KindEmpty {
			b.WriteString(" |")
			continue
		}
		st := style(r.Num, i+1)
		fmt.Fprintf(&b, " %q/%d/%v", c.Text, c.Kind, st)
		b.WriteString(" |")
	}
	return b.String()
}

// Every workbook fixture reads the same, cell for cell, style for style,
// with the streaming reader as with excelize.
func TestReaderMatchesExcelizeOnFixtures(t *testing.T) {
	dir := t.TempDir()
	makers := map[string]func(string) (string, error){
		"Nacka":       fixture.NackaEkonomiskTabell,
		"Haninge":     fixture.HaningeAvdelningar,
		"ThreeSheets": fixture.ThreeSheets,
		"HaningePl":   fixture.HaningePlaceringar,
		"Sodertalje":  fixture.SodertaljePlaceringar,
		"Months":      fixture.MonthsAsColumns,
		"MixedUnits":  fixture.MixedUnitsSheet,
		"Tyreso":      fixture.TyresoIFO,
		"Prose":       fixture.ProseWorkbook,
	}
	for name, mk := range makers {
		t.Run(name, func(t *testing.T) {
			path, err := mk(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(path, ".xlsx") {
				t.Skip("not a workbook")
			}
			assertSameAsExcelize(t, path)
		})
	}
}

func assertSameAsExcelize(t *testing.T, path string) {
	t.Helper()
	ours, theirs := readOurs(t, path), readExcelize(t, path)
	if len(ours) != len(theirs) {
		t.Fatalf("sheets: %d, excelize %d", len(ours), len(theirs))
	}
	cells := 0
	for i := range ours {
		o, x := ours[i], theirs[i]
		if o.Name != x.Name {
			t.Errorf("sheet %d: %q, excelize %q", i, o.Name, x.Name)
		}
		for j := 0; j < max(len(o.Rows), len(x.Rows)); j++ {
			var a, b string
			if j < len(o.Rows) {
				a = o.Rows[j]
			}
			if j < len(x.Rows) {
				b = x.Rows[j]
			}
			if a != b {
				t.Errorf("%s row %d:\n ours     %s\n excelize %s", o.Name, j, a, b)
			}
			cells += strings.Count(a, "|")
		}
		if !reflect.DeepEqual(o.Merges, x.Merges) && (len(o.Merges) > 0 || len(x.Merges) > 0) {
			t.Errorf("%s merges: %v, excelize %v", o.Name, o.Merges, x.Merges)
		}
	}
	if cells == 0 {
		t.Fatal("no cells read")
	}
}

// The producers' shapes read the same as with excelize, and their figures
// are the seed's.
func TestReaderMatchesExcelizeOnProducerShapes(t *testing.T) {
	paths, err := fixture.ProducerWorkbooks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range paths {
		t.Run(name, func(t *testing.T) {
			assertSameAsExcelize(t, p)
			sheets := readOurs(t, p)
			all := strings.Join(sheets[0].Rows, "\n")
			for _, want := range []string{`"-88552`, `"-86486`, `"-31529`, `"-37691`} {
				if !strings.Contains(all, want) {
					t.Errorf("%s: no %s in\n%s", name, want, all)
				}
			}
		})
	}
}
