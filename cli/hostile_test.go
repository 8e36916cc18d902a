package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

// A corpus of hostile files, each failing alone with a clear error that
// names the file and what is wrong, nothing of it written, the good file
// beside them loaded.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a gigabyte-inflating workbook and a million-row sheet")
	}
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	corpus := map[string]string{} // file -> what its error must say
	add := func(p, want string) { corpus[p] = want }

	add(mustFile(t)(fixture.TruncatedXLSX(h.inbox)), "truncated")
	add(mustFile(t)(fixture.EmptyFile(h.inbox, "empty.xlsx")), "empty")
	add(mustFile(t)(fixture.EmptyFile(h.inbox, "empty.csv")), "empty")
	add(mustFile(t)(fixture.HTMLAsXLSX(h.inbox)), "HTML")
	add(mustFile(t)(fixture.ProseWorkbook(h.inbox)), "no table")

	add(mustFile(t)(fixture.InflatingXLSX(h.inbox, 1<<30)), "inflate") // 1 GiB of sheet XML

	long := filepath.Join(h.inbox, "long_line.csv")
	os.WriteFile(long, []byte("Verksamhet;Budget;Utfall\r\nBarn och unga;1;2\r\n"+strings.Repeat("x", 10<<20)+"\r\n"), 0o644)
	add(long, "long_line.csv:3: line too long")

	bad := filepath.Join(h.inbox, "bad_utf8.csv")
	var b bytes.Buffer
	b.WriteString("Verksamhet;Budget tkr;Utfall tkr\r\n")
	for b.Len() < 200<<10 {
		b.WriteString("Ämne;1;2\r\n")
	}
	b.Write([]byte("Barn och unga\xff\xfe;3;4\r\n"))
	os.WriteFile(bad, b.Bytes(), 0o644)
	add(bad, "UTF-8")

	// A sheet of 1 048 576 rows, the most Excel allows, of no known export.
	huge := filepath.Join(h.inbox, "max_rows.xlsx")
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	for r := 1; r <= 1_048_576; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{"Rad", r})
	}
	sw.Flush()
	if err := f.SaveAs(huge); err != nil {
		t.Fatal(err)
	}
	add(huge, "more than 100000 rows")

	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	st, out, _ := h.run("run")
	took := time.Since(start)
	if st != ExitFailed {
		t.Fatalf("status %d, want 1\n%s", st, out)
	}
	for file, want := range corpus {
		h.assertFailedWhole(file, want)
	}
	if v := h.one(`SELECT count(*) FROM load_log WHERE status = 'loaded'`); v != "1" {
		t.Errorf("loaded: %s, want the one good file", v)
	}
	t.Logf("%d hostile files refused in %s", len(corpus), took)
}

// A formula error in a cell is a reject with its cell; the rest loads.
func TestFormulaErrorCellIsARejectWithItsCell(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-04-30\n")
	f := excelize.NewFile()
	rows := [][]any{{"Verksamhet, tkr", "Budget", "Utfall", "Avvikelse"}, {"Barn och unga", 100, 90, 10}, {"Vuxna", 50, 0, nil}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	f.SetCellFormula("Sheet1", "D3", "B3/C3")
	// What Excel saves for a division by zero: the formula and its error.
	f.SetCellValue("Sheet1", "D3", "#DIV/0!")
	path := filepath.Join(h.inbox, "fel.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run", "--source", "test"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT sheet, "row", col, reason FROM rejects`)
	if len(got) != 1 || got[0][1] != "3" || got[0][2] != "D" || !strings.Contains(got[0][3], "formula error") {
		t.Errorf("rejects: %v", got)
	}
	if v := h.one(`SELECT deviation_sek FROM budget_deviation WHERE unit = 'Barn och unga'`); v != "10000.00" {
		t.Errorf("the rest of the file: %s", v)
	}
}
