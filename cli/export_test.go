package cli

import (
	"os"
	"path/filepath"
	"strings"
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
	// The default is for Swedish Excel: BOM, semicolons, decimal comma.
	if !strings.HasPrefix(string(b), "\ufeffkommun;unit;") {
		t.Errorf("csv starts %q", string(b[:min(len(b), 40)]))
	}
	contains(t, string(b), ";Barn och unga;", "csv")
	contains(t, string(b), ";-2066000,00;", "csv keeps the exact decimal, with a comma")
	// --csv-dialect rfc is for programs: commas and a decimal point.
	if st, _, errs := h.run("export", "--format", "csv", "--csv-dialect", "rfc", "--out", filepath.Join(out, "rfc")); st != ExitOK {
		t.Fatalf("export rfc: %s", errs)
	}
	b, _ = os.ReadFile(filepath.Join(out, "rfc", "budget_deviation.csv"))
	if !strings.HasPrefix(string(b), "kommun,unit,") {
		t.Errorf("rfc csv starts %q", string(b[:min(len(b), 40)]))
	}
	contains(t, string(b), ",-2066000.00,", "rfc csv")
	if v := h.one(`SELECT CAST(deviation_sek AS DECIMAL(18,2)) FROM read_csv(?, all_varchar = true) WHERE unit = 'Barn och unga'`, filepath.Join(out, "rfc", "budget_deviation.csv")); v != "-2066000.00" {
		t.Errorf("rfc csv read back: %s", v)
	}
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

// Text that a spreadsheet would run as a formula is exported as text, in
// csv (both dialects) and xlsx; negative amounts stay numbers.
func TestExportEscapesFormulas(t *testing.T) {
	h := newHarness(t, "")
	// A finance export whose unit names are formulas.
	h.runFile("huvudbok.csv", "Period;Ansvar;Ansvar benämning;Konto;Utfall\r\n"+
		"201701;6110;=2+5;4610;-1500,25\r\n"+
		"201701;6120;@SUM(A1);4610;200,00\r\n"+
		"201701;6130;+46 8 123;4610;300,00\r\n")
	out := filepath.Join(h.dir, "out")
	for _, args := range [][]string{{"--format", "csv"}, {"--format", "csv", "--csv-dialect", "rfc", "--out", filepath.Join(out, "rfc")}, {"--format", "xlsx"}} {
		if len(args) == 2 {
			args = append(args, "--out", filepath.Join(out, args[1]))
		}
		if st, _, errs := h.run(append([]string{"export"}, args...)...); st != ExitOK {
			t.Fatalf("export %v: %s", args, errs)
		}
	}
	for _, p := range []string{filepath.Join(out, "csv", "budget_deviation.csv"), filepath.Join(out, "rfc", "budget_deviation.csv")} {
		b, _ := os.ReadFile(p)
		for _, f := range []string{"'=2+5", "'@SUM(A1)", "'+46 8 123"} {
			contains(t, string(b), f, p)
		}
		for _, line := range strings.Split(string(b), "\n") {
			for _, field := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == ',' }) {
				if strings.HasPrefix(field, "=") || strings.HasPrefix(field, "@") || strings.HasPrefix(field, "+") {
					t.Errorf("%s: unescaped field %q", p, field)
				}
			}
		}
		if !strings.Contains(string(b), "-1500,25") && !strings.Contains(string(b), "-1500.25") {
			t.Errorf("%s: the negative amount is not a plain number", p)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(out, "xlsx", "socdw.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("budget_deviation", excelize.Options{RawCellValue: true})
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	contains(t, text, "'=2+5", "xlsx")
	contains(t, text, "'@SUM(A1)", "xlsx")
	contains(t, text, "-1500.25", "xlsx keeps the amount a number")
	if strings.Contains(text, "'-1500") {
		t.Error("xlsx escaped a number")
	}
}
