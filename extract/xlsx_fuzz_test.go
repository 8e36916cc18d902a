package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// zipOf writes parts into an in-memory archive.
func zipOf(t testing.TB, parts []fixture.Part) *bytes.Reader {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.Name)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Body(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

// partsOf reads the sheet and shared strings XML of a workbook file, to
// seed the fuzzer with a producer's real shapes.
func partsOf(t testing.TB, path string) (sheet, sst []byte) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil // a fixture written as text
	}
	defer zr.Close()
	for _, zf := range zr.File {
		name := strings.ToLower(zf.Name)
		if name != "xl/worksheets/sheet1.xml" && name != "xl/sharedstrings.xml" {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(name, "sheet1") {
			sheet = b
		} else {
			sst = b
		}
	}
	return sheet, sst
}

// FuzzXLSX feeds the reader sheet and shared-strings XML inside a sound
// archive. Whatever the bytes, it never panics, never yields a row out of
// order or a row wider than Excel's last column, and every error is an
// *Error naming the file. The seeds are the sheets of every workbook
// fixture, of five producers' shapes, and of the hostile workbooks.
func FuzzXLSX(f *testing.F) {
	dir := f.TempDir()
	var paths []string
	for _, mk := range []func(string) (string, error){
		fixture.NackaEkonomiskTabell, fixture.HaningeAvdelningar, fixture.TyresoIFO, fixture.MixedUnitsSheet,
		fixture.MonthsAsColumns, fixture.SodertaljePlaceringar, fixture.EntityXLSX, fixture.MalformedSheetXLSX,
		fixture.ControlCharXLSX, fixture.TruncatedSheetXLSX, fixture.TwoSheetsOneNameXLSX,
		func(d string) (string, error) { return fixture.WideRowsXLSX(d, 3) },
		func(d string) (string, error) { return fixture.DeepNestingXLSX(d, 80) },
		func(d string) (string, error) { return fixture.ManySharedStringsXLSX(d, 50) },
	} {
		p, err := mk(filepath.Join(dir, "w"))
		if err != nil {
			f.Fatal(err)
		}
		paths = append(paths, p)
	}
	producers, err := fixture.ProducerWorkbooks(filepath.Join(dir, "p"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range fixture.ProducerNames() {
		paths = append(paths, producers[name])
	}
	for _, p := range paths {
		if sheet, sst := partsOf(f, p); sheet != nil {
			f.Add(sheet, sst)
		}
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		parts := fixture.WorkbookParts([]fixture.Sheet{{Name: "Blad1", Data: string(sheet), Whole: true}}, string(sst), "", false)
		if len(sst) == 0 {
			parts = fixture.WorkbookParts([]fixture.Sheet{{Name: "Blad1", Data: string(sheet), Whole: true}}, "", "", false)
		}
		r := zipOf(t, parts)
		zr, err := zip.NewReader(r, r.Size())
		if err != nil {
			t.Fatal(err)
		}
		wb, err := openZip("f.xlsx", zr, nil, XLSXOptions{})
		if err != nil {
			return // the workbook part is sound; only limits refuse here
		}
		sh, err := wb.SheetAt(0)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		last := 0
		for sh.Next() {
			row := sh.Row()
			if row.Num <= last {
				t.Fatalf("row %d after row %d", row.Num, last)
			}
			last = row.Num
			if len(row.Cells) > maxSheetCols {
				t.Fatalf("row %d has %d cells", row.Num, len(row.Cells))
			}
			_ = sh.(Styler).Style(row.Num, 1)
		}
		sh.Merges()
		if err := sh.Err(); err != nil {
			checkFuzzError(t, err)
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	var e *Error
	if !errors.As(err, &e) || e.Ref.File != "f.xlsx" {
		t.Fatalf("an error without the file: %v", err)
	}
}
