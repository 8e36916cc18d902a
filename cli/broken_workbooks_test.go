package cli

import (
	"path/filepath"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// Broken workbooks and other spreadsheet formats fail whole, each with an
// error naming the file (and the sheet and part where one is at fault)
// and what is wrong or what to do; nothing of them is written, and the
// sound files beside them load, both same-named sheets of one of them.
func TestBrokenWorkbooksFailWholeOthersLoad(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-10-31\n")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	same := mustFile(t)(fixture.TwoSheetsOneNameXLSX(h.inbox))
	broken := map[string]string{
		mustFile(t)(fixture.MalformedSheetXLSX(h.inbox)): "Blad1!row 4: part xl/worksheets/sheet1.xml: malformed XML: </rw> closes <row>",
		mustFile(t)(fixture.EntityXLSX(h.inbox)):         "DOCTYPE or entity declaration",
		mustFile(t)(fixture.ControlCharXLSX(h.inbox)):    "control character",
		mustFile(t)(fixture.TruncatedSheetXLSX(h.inbox)): "truncated",
		mustFile(t)(fixture.BadCRCXLSX(h.inbox)):         "part xl/worksheets/sheet1.xml: zip: checksum error",
		mustFile(t)(fixture.LegacyXLS(h.inbox)):          "Excel 97–2003 workbook (.xls): open it in Excel or LibreOffice and save it as .xlsx",
		mustFile(t)(fixture.EncryptedXLSX(h.inbox)):      "encrypted (password-protected) workbook",
		mustFile(t)(fixture.OpenDocumentODS(h.inbox)):    "OpenDocument spreadsheet (.ods)",
		mustFile(t)(fixture.WideRowsXLSX(h.inbox, 500)):  "reaches column XFD",
	}
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("status %d, want 1\n%s\n%s", st, out, errs)
	}
	for file, want := range broken {
		h.assertFailedWhole(file, want)
	}
	if v := h.one(`SELECT count(*) FROM load_log WHERE status = 'loaded'`); v != "2" {
		t.Errorf("loaded: %s, want the Nacka workbook and same_name.xlsx", v)
	}
	// Nacka, seed 003: Personer med funktionsnedsättning, utfall netto
	// -356 277 tkr, a cost (the note says negative amounts are costs),
	// stored as positive. (Its Barn och unga is superseded by the newer
	// same_name.xlsx at the same grain.)
	if v := h.one(`SELECT actual_sek FROM budget_deviation WHERE unit = 'Personer med funktionsnedsättning' AND source_file LIKE '%nacka%'`); v != "356277000.00" {
		t.Errorf("Nacka Personer med funktionsnedsättning actual: %s", v)
	}
	// Both sheets named Blad1: -88 552 and -31 529 tkr, each once.
	got := h.query(`SELECT source_sheet, unit, actual_sek FROM budget_deviation WHERE source_file = ? ORDER BY actual_sek`, same)
	if len(got) != 2 || got[0][0] != "Blad1" || got[0][2] != "31529000.00" || got[1][0] != "Blad1" || got[1][2] != "88552000.00" {
		t.Errorf("same_name.xlsx: %v, want 31529000.00 and 88552000.00 once each", got)
	}
}

// assertFailedWhole checks a file failed with an error naming it and
// saying want, and that nothing of it was written.
func (h *harness) assertFailedWhole(file, want string) {
	t := h.t
	t.Helper()
	got := h.query(`SELECT status, error FROM load_log WHERE file = ?`, file)
	if len(got) != 1 || got[0][0] != "failed" {
		t.Errorf("%s: %v", filepath.Base(file), got)
		return
	}
	contains(t, got[0][1], filepath.Base(file), "error names the file")
	contains(t, got[0][1], want, filepath.Base(file))
	for _, tbl := range []string{"fact_figure", "fact_budget", "rejects", "findings"} {
		if n := h.one(`SELECT count(*) FROM `+tbl+` WHERE file = ?`, file); n != "0" {
			t.Errorf("%s: %s rows in %s", filepath.Base(file), n, tbl)
		}
	}
}
