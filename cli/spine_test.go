package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// The Nacka figures come from seed 003 (Månadsrapport oktober 2017,
// ekonomisk tabell, tkr, costs printed negative): Barn och unga netto
// -88 552, budget -86 486, avvikelse -2 066.
func TestNackaThroughBudgetDeviation(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: status %d\n%s\n%s", st, out, errs)
	}
	got := h.query(`SELECT budget_sek, actual_sek, deviation_sek, reported_deviation_sek, period_start, period_end,
		full_year_budget_sek, forecast_sek, forecast_deviation_sek, is_total
		FROM budget_deviation WHERE kommun = 'Testkommun' AND unit = 'Barn och unga'`)
	want := []string{"86486000.00", "88552000.00", "-2066000.00", "-2066000.00", "2017-01-01", "2017-10-31",
		"103783000.00", "107623000.00", "-3840000.00", "false"}
	if len(got) != 1 || strings.Join(got[0], " ") != strings.Join(want, " ") {
		t.Fatalf("Barn och unga: got %v, want %v", got, want)
	}
	// The Summa row is kept, marked, and never counted with its parts:
	// the parts' printed deviations add up to 17 670 tkr, the Summa
	// prints 17 669 (seed 003).
	if v := h.one(`SELECT reported_deviation_sek FROM budget_deviation WHERE is_total AND unit = 'Summa'`); v != "17669000.00" {
		t.Errorf("Summa avvikelse: got %s", v)
	}
	if v := h.one(`SELECT sum(reported_deviation_sek) FROM budget_deviation WHERE NOT is_total AND source_file LIKE '%nacka%'`); v != "17670000.00" {
		t.Errorf("sum of parts: got %s", v)
	}
	if v := h.one(`SELECT forecast_deviation_sek FROM budget_deviation WHERE is_total`); v != "13785000.00" {
		t.Errorf("Summa prognosavvikelse: got %s", v)
	}
	// figures keeps every cell as printed, scaled to SEK, with its cell.
	if v := h.one(`SELECT value || ' ' || value_unit || ' ' || source_sheet || '!' || source_col || source_row FROM figures
		WHERE subject = 'Barn och unga' AND measure = 'Ack utfall 2017 > Utfall kostnader'`); v != "-92522000.00 SEK Ekonomisk tabell!C7" {
		t.Errorf("figure: got %s", v)
	}
}

func TestRunAgainSkipsUnchangedFiles(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("first run: %d %s %s", st, out, errs)
	}
	before := h.one(`SELECT count(*) FROM figures`)
	st, out, _ := h.run("run")
	if st != ExitOK {
		t.Fatalf("second run: status %d", st)
	}
	contains(t, out, "skipped", "second run output")
	if after := h.one(`SELECT count(*) FROM figures`); after != before {
		t.Errorf("figures: %s before, %s after the second run", before, after)
	}
	got := h.query(`SELECT status FROM load_log ORDER BY load_id`)
	if len(got) != 2 || got[0][0] != "loaded" || got[1][0] != "skipped" {
		t.Errorf("load_log: %v", got)
	}
}

func TestChangedFileReplacesItsRows(t *testing.T) {
	h := newHarness(t, "")
	path := mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("first run: %d %s", st, errs)
	}
	n := h.one(`SELECT count(*) FROM figures`)
	// Same path, new content: the Haninge workbook (seed 001) written
	// over the Nacka file. Its rows replace Nacka's; none of Nacka's stay.
	hp := mustFile(t)(fixture.HaningeAvdelningar(plainTempDir(t)))
	hb, _ := os.ReadFile(hp)
	if err := os.WriteFile(path, hb, 0o644); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("second run: %d %s %s", st, out, errs)
	}
	if v := h.one(`SELECT count(*) FROM budget_deviation WHERE unit = 'Barn och unga' AND period_end = '2017-10-31'`); v != "0" {
		t.Errorf("the old Nacka rows are still there: %s", v)
	}
	if v := h.one(`SELECT count(DISTINCT load_id) FROM figures`); v != "1" {
		t.Errorf("figures from %s loads, want 1", v)
	}
	if v := h.one(`SELECT count(*) FROM figures`); v == n {
		t.Errorf("figures count unchanged at %s after replacing the content", n)
	}
}

func TestTruncatedWorkbookFailsAloneAndChangesNothing(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	bad := mustFile(t)(fixture.TruncatedXLSX(h.inbox))
	st, out, _ := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run: status %d, want 1\n%s", st, out)
	}
	if v := h.one(`SELECT deviation_sek FROM budget_deviation WHERE unit = 'Barn och unga'`); v != "-2066000.00" {
		t.Errorf("Nacka deviation: %s", v)
	}
	got := h.query(`SELECT status, error FROM load_log WHERE file = ?`, bad)
	if len(got) != 1 || got[0][0] != "failed" {
		t.Fatalf("load_log for the truncated file: %v", got)
	}
	contains(t, got[0][1], filepath.Base(bad), "error names the file")
	for _, tbl := range []string{"fact_figure", "fact_budget", "rejects", "findings"} {
		if v := h.one(`SELECT count(*) FROM `+tbl+` WHERE file = ?`, bad); v != "0" {
			t.Errorf("%s has %s rows of the failed file", tbl, v)
		}
	}
	contains(t, out, "failed", "run output")
	// status: the last run of the source, its files and counts, the error.
	st, out, errs := h.run("status")
	if st != ExitOK {
		t.Fatalf("status: %d %s", st, errs)
	}
	for _, want := range []string{"test", "files", "loaded", "failed", "truncated.xlsx"} {
		contains(t, out, want, "status")
	}
}

func TestFailedReloadKeepsThePreviousRows(t *testing.T) {
	h := newHarness(t, "")
	path := mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("first run: %d %s", st, errs)
	}
	before := h.query(`SELECT * FROM fact_budget ORDER BY source_row`)
	// The file is overwritten by a broken copy: the run fails, the rows
	// of the good version stay as they were.
	b, _ := os.ReadFile(path)
	if err := os.WriteFile(path, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := h.run("run"); st != ExitFailed {
		t.Fatalf("second run: status %d, want 1", st)
	}
	after := h.query(`SELECT * FROM fact_budget ORDER BY source_row`)
	if len(after) != len(before) {
		t.Fatalf("fact_budget: %d rows before, %d after", len(before), len(after))
	}
	for i := range before {
		if strings.Join(before[i], "|") != strings.Join(after[i], "|") {
			t.Errorf("row %d changed:\n%v\n%v", i, before[i], after[i])
		}
	}
}

func TestInitMigratesOnceAndIsIdempotent(t *testing.T) {
	h := newHarness(t, "")
	for i := 0; i < 2; i++ {
		st, out, errs := h.run("init")
		if st != ExitOK {
			t.Fatalf("init %d: %d %s %s", i, st, out, errs)
		}
	}
	got := h.query(`SELECT name FROM migrations ORDER BY name`)
	if len(got) < 2 || got[0][0] != "001_init.sql" || got[1][0] != "002_views.sql" {
		t.Errorf("migrations: %v", got)
	}
	for _, v := range []string{"budget_deviation", "dygnskostnad", "placements", "figures", "load_log", "rejects", "findings"} {
		if n := h.one(`SELECT count(*) FROM information_schema.tables WHERE table_name = ?`, v); n != "1" {
			t.Errorf("%s: %s", v, n)
		}
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct{ name, extra, want string }{
		{"unknown key", "    schedual: \"0 2 * * *\"\n", "schedual"},
		{"bad schedule", "    schedule: \"every night\"\n", "schedule"},
		{"bad unit", "    unit: kkr\n", "unit"},
		{"bad period", "    period: 2017-13-01..2017-12-31\n", "period"},
		{"bad as_of", "    as_of: 31/12/2017\n", "as_of"},
		{"bad costs", "    costs: sometimes\n", "costs"},
		{"cron with seconds", "    schedule: \"*/5 * * * * *\"\n", "schedule"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.extra)
			st, _, errs := h.run("run")
			if st != ExitUsage {
				t.Fatalf("status %d, want 2; %s", st, errs)
			}
			contains(t, errs, c.want, "error")
		})
	}
}

func TestSQLFormats(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %s", errs)
	}
	q := "select unit, budget_sek from budget_deviation where unit = 'Barn och unga'"
	_, out, _ := h.run("sql", "--format", "csv", q)
	if out != "unit,budget_sek\nBarn och unga,86486000.00\n" {
		t.Errorf("csv: %q", out)
	}
	_, out, _ = h.run("sql", "--format", "json", q)
	contains(t, out, `"budget_sek": 86486000.00`, "json")
	_, out, _ = h.run("sql", q)
	contains(t, out, "86486000.00", "table")
	if st, _, _ := h.run("sql", "--format", "xml", q); st != ExitUsage {
		t.Errorf("bad format: status %d", st)
	}
}

func TestConfigValidatesNamesAndPaths(t *testing.T) {
	cases := []struct{ name, cfg, want string }{
		{"upper-case name", "warehouse: w.duckdb\nsources:\n  - name: Nacka\n    kommun: Nacka\n    path: .\n", "sources[0].name"},
		{"duplicate name", "warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: .\n  - name: a\n    kommun: B\n    path: .\n", "used by two sources"},
		{"bad glob", "warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: in/[a\n", "bad glob"},
		{"missing kommun", "warehouse: w.duckdb\nsources:\n  - name: a\n    path: .\n", "kommun"},
		{"no warehouse", "sources: []\n", "warehouse"},
		{"unknown top key", "warehouse: w.duckdb\nwarehose: x\n", "warehose"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "")
			os.WriteFile(h.config, []byte(c.cfg), 0o644)
			st, _, errs := h.run("run")
			if st != ExitUsage {
				t.Fatalf("status %d, want 2: %s", st, errs)
			}
			contains(t, errs, c.want, "error")
			contains(t, errs, "socdw.yaml:", "error names the file and line")
		})
	}
}

// One file is one file, however it is named: a second path to it, or a
// copy of it under another name, does not count it twice.
func TestSameFileUnderOtherNamesCountsOnce(t *testing.T) {
	h := newHarness(t, "")
	path := mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %s", errs)
	}
	// The same file by a relative path with a detour.
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(h.dir)
	st, out, errs := h.run("load", "--source", "test", "./inbox/../inbox/"+filepath.Base(path))
	if st != ExitOK {
		t.Fatalf("load: %d %s %s", st, out, errs)
	}
	contains(t, out, "skipped", "the same file by another path")
	// A copy under another name is refused, so someone removes it before
	// the two drift apart and both count.
	b, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(h.inbox, "kopia.xlsx"), b, 0o644)
	st, out, _ = h.run("run")
	if st != ExitFailed {
		t.Fatalf("run with a copy: %d, want 1", st)
	}
	contains(t, out, "same content as", "the copy")
	if n := h.one(`SELECT count(*) FROM budget_deviation WHERE unit = 'Barn och unga'`); n != "1" {
		t.Errorf("Barn och unga counted %s times", n)
	}
}

// A change in the source's settings reloads files whose content did not
// change: rows made under the old unit must not stay.
func TestChangedSettingsReloadUnchangedFiles(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-12-31\n")
	os.WriteFile(filepath.Join(h.inbox, "u.csv"), []byte("Verksamhet;Budget;Utfall\r\nBarn och unga;1 000;900\r\n"), 0o644)
	h.run("run")
	if v := h.one(`SELECT budget_sek FROM budget_deviation`); v != "1000.00" {
		t.Fatalf("without a unit: %s (kronor assumed)", v)
	}
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n    period: 2017-01-01..2017-12-31\n    unit: tkr\n"), 0o644)
	st, out, _ := h.run("run")
	if st != ExitOK || !strings.Contains(out, "loaded") {
		t.Fatalf("after unit: tkr: %d %s", st, out)
	}
	if v := h.one(`SELECT budget_sek FROM budget_deviation`); v != "1000000.00" {
		t.Errorf("with unit: tkr: %s", v)
	}
}
