package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

// The Nacka table (seed 003) as a Windows-1252 CSV with a title line, two
// header lines and NBSP thousands: the same figures as from the workbook.
func TestNackaCP1252CSVWithTwoHeaderRows(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaCP1252TwoHeaderCSV(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT budget_sek, actual_sek, deviation_sek, full_year_budget_sek, period_end FROM budget_deviation WHERE unit = 'Barn och unga'`)
	if len(got) != 1 || strings.Join(got[0], " ") != "86486000.00 88552000.00 -2066000.00 103783000.00 2017-10-31" {
		t.Errorf("Barn och unga: %v", got)
	}
	if v := h.one(`SELECT measure FROM figures WHERE subject = 'Barn och unga' AND source_col = '4'`); v != "Ack utfall 2017 > Utfall netto" {
		t.Errorf("measure: %q", v)
	}
}

// One sheet mixing mnkr, tkr, kronor, counts and percentages by row
// (figures from seed 004, see fixture.MixedUnitsSheet).
func TestMixedUnitsByRow(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.MixedUnitsSheet(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	cases := []struct{ subject, year, want string }{
		{"Utbetalt försörjningsstöd", "2017", "187400000.00 SEK"},              // 187,4 mnkr
		{"Utbetalt försörjningsstöd", "2018", "175800000.00 SEK"},              // 175,8 mnkr
		{"Förändring mot föregående år", "2018", "-11600000.00 SEK"},           // −11,6 mnkr with U+2212
		{"Förändring mot föregående år, %", "2018", "-6.20 percent"},           // -6,2 %
		{"Utbetalt bistånd per månad (snitt), tkr", "2018", "14648000.00 SEK"}, // 14 648 tkr
		{"Andel av budget, %", "2018", "95.60 percent"},
	}
	for _, c := range cases {
		got := h.query(`SELECT value || ' ' || value_unit FROM figures WHERE subject = ? AND year(period_start) = ?`, c.subject, c.year)
		if len(got) != 1 || got[0][0] != c.want {
			t.Errorf("%s %s: %v, want %s", c.subject, c.year, got, c.want)
		}
	}
	if v := h.one(`SELECT count(*) FROM figures WHERE subject LIKE 'Antal hushåll%' AND value_unit = 'count'`); v != "2" {
		t.Errorf("counts: %s", v)
	}
	if v := h.one(`SELECT count(*) FROM figures WHERE subject LIKE 'Medelbistånd%' AND value_unit = 'SEK' AND value < 10000`); v != "2" {
		t.Errorf("kronor per household: %s", v)
	}
}

// Months as columns with a Summa that is an average (seed 004 Tabell 1):
// one figure per month, the Summa kept as a total, and no finding since
// 15 325 is the average of twelve 15 325.
func TestMonthsAsColumnsWithAverageSumma(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.MonthsAsColumns(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT period_start, period_end, value FROM figures WHERE subject = 'Utfall 2018' AND NOT is_total ORDER BY period_start`)
	if len(got) != 12 || got[0][0] != "2018-01-01" || got[0][1] != "2018-01-31" || got[0][2] != "15178000.00" ||
		got[11][0] != "2018-12-01" || got[11][2] != "14484000.00" {
		t.Errorf("months: %v", got)
	}
	if v := h.one(`SELECT value FROM figures WHERE subject = 'Utfall 2018' AND is_total`); v != "14648000.00" {
		t.Errorf("Summa: %s", v)
	}
	// On its side, the table is a budget follow-up per month of what its
	// title is about: January 2018, budget 15 325, utfall 15 178 tkr.
	got = h.query(`SELECT unit, budget_sek, actual_sek, deviation_sek FROM budget_deviation WHERE period_start = '2018-01-01'`)
	if len(got) != 1 || strings.Join(got[0], " ") != "Utbetalt bistånd 15325000.00 15178000.00 147000.00" {
		t.Errorf("budget_deviation, January 2018: %v", got)
	}
	if v := h.one(`SELECT count(*) FROM budget_deviation WHERE year(period_start) = 2018 AND actual_sek IS NOT NULL`); v != "12" {
		t.Errorf("months of 2018 with an outcome: %s", v)
	}
	if v := h.one(`SELECT count(*) FROM findings`); v != "0" {
		t.Errorf("findings: %s", v)
	}
}

// Three sheets of one workbook (seed 001): every sheet's table loads.
func TestThreeSheetsOfOneWorkbook(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.ThreeSheets(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT source_sheet, deviation_sek, parent_unit_key FROM budget_deviation WHERE is_total ORDER BY source_sheet`)
	want := [][]string{{"Barn och unga", "-1769000.00"}, {"Social omsorg", "330000.00"}, {"Vuxen", "2305000.00"}}
	if len(got) != 3 {
		t.Fatalf("totals: %v", got)
	}
	for i := range want {
		if got[i][0] != want[i][0] || got[i][1] != want[i][1] {
			t.Errorf("sheet %d: %v, want %v", i, got[i], want[i])
		}
	}
	if v := h.one(`SELECT parent_unit_key FROM budget_deviation WHERE unit = 'Drogpreventionssamordnare mm'`); v != "Barn och unga" {
		t.Errorf("parent from the sheet title: %s", v)
	}
}

// Hostile files fail alone with an error naming the file and what is
// wrong; nothing of them is written.
func TestHostileFilesFailAlone(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	bad := map[string]string{
		mustFile(t)(fixture.HTMLAsXLSX(h.inbox)):             "HTML",
		mustFile(t)(fixture.EmptyFile(h.inbox, "empty.csv")): "empty",
		mustFile(t)(fixture.ProseWorkbook(h.inbox)):          "no table",
		mustFile(t)(fixture.TruncatedXLSX(h.inbox)):          "truncated",
	}
	st, out, _ := h.run("run")
	if st != ExitFailed {
		t.Fatalf("status %d, want 1\n%s", st, out)
	}
	for f, want := range bad {
		got := h.query(`SELECT status, error FROM load_log WHERE file = ?`, f)
		if len(got) != 1 || got[0][0] != "failed" {
			t.Errorf("%s: %v", filepath.Base(f), got)
			continue
		}
		contains(t, got[0][1], filepath.Base(f), "error names the file")
		contains(t, got[0][1], want, "error says what is wrong")
		if n := h.one(`SELECT count(*) FROM fact_figure WHERE file = ?`, f); n != "0" {
			t.Errorf("%s: %s figures written", filepath.Base(f), n)
		}
	}
	if v := h.one(`SELECT count(*) FROM load_log WHERE status = 'loaded'`); v != "1" {
		t.Errorf("loaded: %s, want the Nacka workbook", v)
	}
}

// A workbook whose sheet would inflate past max_unzip_mb is refused before
// it is read: a zip bomb costs neither memory nor time.
func TestWorkbookInflatingPastTheLimitIsRefused(t *testing.T) {
	h := newHarness(t, "")
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\nmax_unzip_mb: 2\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n"), 0o644)
	bomb := mustFile(t)(fixture.InflatingXLSX(h.inbox, 8<<20))
	st, out, _ := h.run("run")
	if st != ExitFailed {
		t.Fatalf("status %d, want 1\n%s", st, out)
	}
	e := h.one(`SELECT error FROM load_log WHERE file = ?`, bomb)
	contains(t, e, "inflate", "error")
	contains(t, e, "bomb.xlsx", "error names the file")
}

// A Summa column that is neither the sum nor the average of its months is
// a finding; Södertälje's average Summa (seed 004) is none.
func TestSummaColumnThatIsNoSumIsAFinding(t *testing.T) {
	h := newHarness(t, "")
	rows := [][]any{
		{"Utbetalt bistånd januari-mars 2018 (Tkr)"},
		{"", "Jan", "Feb", "Mar", "Summa"},
		{"Utfall 2018", 15178, 14566, 15020, 44764},  // the sum
		{"Budget 2018", 15325, 15325, 15325, 15325},  // the average
		{"Prognos 2018", 15000, 15000, 15000, 46000}, // neither: 45 000 or 15 000
	}
	f := newSheet(t, rows)
	if err := f.SaveAs(filepath.Join(h.inbox, "bistand.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT kind, "row", reported, recomputed FROM findings`)
	if len(got) != 1 || strings.Join(got[0], " ") != "total_mismatch 5 46000000.00 45000000.00" {
		t.Errorf("findings: %v", got)
	}
}

// A percentage stored as Excel stores it (0.0896 with a % format) is the
// percentage shown (8.96), not a fraction of a krona.
func TestPercentFormattedCells(t *testing.T) {
	h := newHarness(t, "    period: 2018-01-01..2018-12-31\n")
	rows := [][]any{{"Nyckeltal 2018", "Värde"}, {"Andel av budget", 0.9558}, {"Förändring mot föregående år", -0.062}, {"Antal hushåll", 1720}}
	f := newSheet(t, rows)
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	f.SetCellStyle("Sheet1", "B2", "B3", pct)
	if err := f.SaveAs(filepath.Join(h.inbox, "nyckeltal.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT subject, value, value_unit FROM figures ORDER BY source_row`)
	want := [][]string{{"Andel av budget", "95.58", "percent"}, {"Förändring mot föregående år", "-6.20", "percent"}, {"Antal hushåll", "1720.00", "count"}}
	if len(got) != len(want) {
		t.Fatalf("figures: %v", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// Years merged over the same measures ("2017" and "2018" each over
// Budget | Utfall | Avvikelse) give one budget line per unit and year.
// Constructed test values; deviations by hand: 500 − 520 = −20, 530 − 515 = 15.
func TestYearsOverMeasures(t *testing.T) {
	h := newHarness(t, "")
	rows := [][]any{
		{"Ekonomisk uppföljning, tkr"},
		{"Verksamhet", "2017", nil, nil, "2018"},
		{nil, "Budget", "Utfall", "Avvikelse", "Budget", "Utfall", "Avvikelse"},
		{"Barn och unga", 500, 520, -20, 530, 515, 15},
		{"Vuxna", 300, 290, 10, 310, 330, -20},
		{"Summa", 800, 810, -10, 840, 845, -5},
	}
	f := newSheet(t, rows)
	f.MergeCell("Sheet1", "B2", "D2")
	f.MergeCell("Sheet1", "E2", "G2")
	if err := f.SaveAs(filepath.Join(h.inbox, "uppfoljning.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT year(period_start) || ' ' || budget_sek || ' ' || actual_sek || ' ' || deviation_sek || ' ' || period_end
		FROM budget_deviation WHERE unit = 'Barn och unga' ORDER BY period_start`)
	want := []string{"2017 500000.00 520000.00 -20000.00 2017-12-31", "2018 530000.00 515000.00 15000.00 2018-12-31"}
	if len(got) != 2 || got[0][0] != want[0] || got[1][0] != want[1] {
		t.Errorf("Barn och unga: %v, want %v", got, want)
	}
	if v := h.one(`SELECT count(*) FROM findings`); v != "0" {
		t.Errorf("findings: %s", v)
	}
}

// Month headers stored as real dates shown as "jan", as Excel users make
// them: they are months, not amounts (seed 004, Tabell 1, first quarter).
func TestMonthHeadersAsDates(t *testing.T) {
	h := newHarness(t, "")
	end := func(m time.Month) time.Time { return time.Date(2018, m+1, 0, 0, 0, 0, 0, time.UTC) }
	f := newSheet(t, [][]any{
		{"Utbetalt bistånd 2018 (Tkr)"},
		{"", end(1), end(2), end(3)},
		{"Budget 2018", 15325, 15325, 15325},
		{"Utfall 2018", 15178, 14566, 15020},
	})
	style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtrT("mmm")})
	f.SetCellStyle("Sheet1", "B2", "D2", style)
	if err := f.SaveAs(filepath.Join(h.inbox, "bistand.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT period_start || ' ' || budget_sek || ' ' || actual_sek FROM budget_deviation ORDER BY period_start`),
		[]string{"2018-01-01 15325000.00 15178000.00", "2018-02-01 15325000.00 14566000.00", "2018-03-01 15325000.00 15020000.00"})
}

func strPtrT(s string) *string { return &s }

// Kronor shown as tkr by a '#,##0,' format, in a table that says tkr:
// the table means what it shows (seed 003, Barn och unga).
func TestThousandsFormatAndSheetNameUnit(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-10-31\n")
	f := newSheet(t, [][]any{
		{"Verksamhet, tkr", "Budget netto", "Utfall netto"},
		{"Barn och unga", -86486000, -88552000},
		{"Vuxna 21-64 år", -37691000, -31529000},
	})
	style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtrT("#,##0,")})
	f.SetCellStyle("Sheet1", "B2", "C3", style)
	if err := f.SaveAs(filepath.Join(h.inbox, "format.xlsx")); err != nil {
		t.Fatal(err)
	}
	// The unit only in the sheet's name.
	g := newSheet(t, [][]any{{"Verksamhet", "Budget", "Utfall"}, {"Ekonomiskt bistånd", 30213, 31982}})
	g.SetSheetName("Sheet1", "Drift tkr")
	if err := g.SaveAs(filepath.Join(h.inbox, "drift.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT unit || ' ' || budget_sek || ' ' || actual_sek FROM budget_deviation ORDER BY unit`),
		[]string{"Barn och unga 86486000.00 88552000.00", "Ekonomiskt bistånd 30213000.00 31982000.00", "Vuxna 21-64 år 37691000.00 31529000.00"})
}
