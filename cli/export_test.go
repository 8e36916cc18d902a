package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

func TestExportFormats(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %s", errs)
	}
	out := filepath.Join(h.dir, "out")
	for _, f := range []string{"parquet", "csv", "xlsx"} {
		if st, _, errs := h.run("export", "--format", f, "--out", filepath.Join(out, f)); st != ExitOK {
			t.Fatalf("export %s: %s", f, errs)
		}
	}
	// Parquet, hive-partitioned by kommun and year, read back by DuckDB.
	glob := filepath.Join(out, "parquet", "budget_deviation", "kommun=Testkommun", "year=2017", "*.parquet")
	if m, _ := filepath.Glob(glob); len(m) == 0 {
		t.Fatalf("no parquet files at %s", glob)
	}
	if v := h.one(`SELECT deviation_sek FROM read_parquet(?, hive_partitioning = true) WHERE unit = 'Barn och unga'`, glob); v != "-2066000.00" {
		t.Errorf("parquet: %s", v)
	}
	b, err := os.ReadFile(filepath.Join(out, "csv", "budget_deviation.csv"))
	if err != nil {
		t.Fatal(err)
	}
	contains(t, string(b), "Barn och unga", "csv")
	contains(t, string(b), "-2066000.00", "csv keeps the exact decimal")
	// xlsx: one sheet per view, a frozen header, money as numbers.
	f, err := excelize.OpenFile(filepath.Join(out, "xlsx", "socdw.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 4 || got[0] != "budget_deviation" {
		t.Errorf("sheets: %v", got)
	}
	rows, _ := f.GetRows("budget_deviation", excelize.Options{RawCellValue: true})
	col := -1
	for i, c := range rows[0] {
		if c == "deviation_sek" {
			col = i
		}
	}
	found := false
	for _, r := range rows[1:] {
		if r[1] == "Barn och unga" && col >= 0 && r[col] == "-2066000" {
			found = true
		}
	}
	if !found {
		t.Errorf("xlsx: Barn och unga's deviation not found as -2066000 in column %d", col)
	}
	panes, err := f.GetPanes("budget_deviation")
	if err != nil || !panes.Freeze {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
}
