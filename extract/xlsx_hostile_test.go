package extract

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// readAllCells reads every sheet of a workbook to the end, returning
// "sheet: cell text" for each non-empty cell, or the first error.
func readAllCells(path string) ([]string, error) {
	wb, err := OpenXLSX(path, XLSXOptions{})
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	var out []string
	for i, name := range wb.Sheets() {
		sh, err := wb.SheetAt(i)
		if err != nil {
			return nil, err
		}
		for sh.Next() {
			for _, c := range sh.Row().Cells {
				if c.Kind != KindEmpty {
					out = append(out, name+": "+c.Text)
				}
			}
		}
		if err := sh.Err(); err != nil {
			return nil, err
		}
		sh.Merges()
	}
	return out, nil
}

// Each hostile workbook is refused whole, with an error naming the file,
// the sheet where it is one sheet's fault, the part, and what is wrong.
func TestHostileWorkbooksAreRefusedWhole(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		make func(string) (string, error)
		want []string // in the error, besides the file's name
		is   error
	}{
		{func(d string) (string, error) { return fixture.InflatingSharedStringsXLSX(d, 64<<20) },
			[]string{"xl/sharedStrings.xml", "would inflate"}, ErrTooLarge},
		{func(d string) (string, error) { return fixture.ManySharedStringsXLSX(d, 100_000) },
			[]string{"xl/sharedStrings.xml", "shared strings table holds more than", "more than the sheets"}, ErrTooLarge},
		{func(d string) (string, error) { return fixture.InflatingStylesXLSX(d, 64<<20) },
			[]string{"xl/styles.xml", "would inflate"}, ErrTooLarge},
		{func(d string) (string, error) { return fixture.WideRowsXLSX(d, 1000) },
			[]string{"Blad1", "xl/worksheets/sheet1.xml", "row 2 reaches column XFD with 2 cells"}, ErrSparseRow},
		{func(d string) (string, error) { return fixture.DeepNestingXLSX(d, 100_000) },
			[]string{"Blad1", "xl/worksheets/sheet1.xml", "nested more than 64 deep"}, ErrMalformed},
		{fixture.EntityXLSX, []string{"Blad1", "xl/worksheets/sheet1.xml", "DOCTYPE or entity declaration"}, ErrMalformed},
		{fixture.MalformedSheetXLSX, []string{"Blad1!row 4", "xl/worksheets/sheet1.xml", "</rw> closes <row>"}, ErrMalformed},
		{fixture.ControlCharXLSX, []string{"Blad1!row 3", "xl/worksheets/sheet1.xml", "control character (0x01)"}, ErrMalformed},
		{fixture.TruncatedSheetXLSX, []string{"Blad1", "xl/worksheets/sheet1.xml", "truncated"}, ErrMalformed},
		{fixture.BadCRCXLSX, []string{"Blad1", "xl/worksheets/sheet1.xml", "checksum"}, nil},
		{fixture.LegacyXLS, []string{"Excel 97–2003 workbook (.xls)", "save it as .xlsx"}, ErrUnsupported},
		{fixture.LegacyXLSWithZipTail, []string{"Excel 97–2003 workbook (.xls)", "save it as .xlsx"}, ErrUnsupported},
		{fixture.EncryptedXLSX, []string{"encrypted (password-protected)", "remove the password"}, ErrUnsupported},
		{fixture.OpenDocumentODS, []string{"OpenDocument spreadsheet (.ods)", "save it as .xlsx"}, ErrUnsupported},
	}
	for _, c := range cases {
		path, err := c.make(dir)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			cells, err := readAllCells(path)
			if err == nil {
				t.Fatalf("read %d cells, want an error", len(cells))
			}
			var e *Error
			if !errors.As(err, &e) || e.Ref.File != path {
				t.Errorf("not an *Error naming the file: %v", err)
			}
			for _, w := range append(c.want, name) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v is not %v", err, c.is)
			}
		})
	}
}

// Two sheets with one name are both read, each once, in order.
func TestTwoSheetsOfOneNameAreBothRead(t *testing.T) {
	path, err := fixture.TwoSheetsOneNameXLSX(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cells, err := readAllCells(path)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(cells, "|")
	want := "Blad1: Verksamhet, tkr|Blad1: Utfall netto|Blad1: Barn och unga|Blad1: -88552|" +
		"Blad1: Verksamhet, tkr|Blad1: Utfall netto|Blad1: Vuxna 21-64 år|Blad1: -31529"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
