package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// Haninge, Delårsrapport 1 2017 (seed 001), tkr, net costs positive.
func TestHaningeT1BudgetAndFindings(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.HaningeAvdelningar(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT budget_sek, actual_sek, deviation_sek, reported_deviation_sek, period_start, period_end
		FROM budget_deviation WHERE unit = 'Summa socialnämnden'`)
	// 274 702 − 270 870 = 3 832; the report prints 3 831 (it rounds).
	want := "274702000.00 270870000.00 3832000.00 3831000.00 2017-01-01 2017-04-30"
	if len(got) != 1 || strings.Join(got[0], " ") != want {
		t.Errorf("Summa socialnämnden: got %v, want %s", got, want)
	}
	// Barn och unga, a part of Beställaravdelningar: 53 954 − 55 723.
	got = h.query(`SELECT deviation_sek, parent_unit_key FROM budget_deviation WHERE unit = 'Barn och unga' AND source_sheet = 'Per avdelning'`)
	if len(got) != 1 || got[0][0] != "-1769000.00" || got[0][1] != "Beställaravdelningar (myndighet)" {
		t.Errorf("Barn och unga: %v", got)
	}
	// "Insatser SoL, vuxna" prints 2 492 where 18 802 − 16 325 = 2 477:
	// one finding; the Summa's 3 831 against 3 832 is rounding, none.
	f := h.query(`SELECT reported, recomputed FROM findings WHERE kind = 'reported_deviation_mismatch'`)
	if len(f) != 1 || f[0][0] != "2492000.00" || f[0][1] != "2477000.00" {
		t.Errorf("deviation findings: %v", f)
	}
}

// Tyresö, Delårsrapport 2 2017 (seed 002): Resultat is the deviation.
func TestTyresoResultatIsTheDeviation(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-08-31\n")
	mustFile(t)(fixture.TyresoIFO(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT deviation_sek, forecast_deviation_sek, is_total, period_end FROM budget_deviation WHERE unit = 'Totalt IFO myndighet'`)
	if len(got) != 1 || strings.Join(got[0], " ") != "-18946000.00 -22800000.00 true 2017-08-31" {
		t.Errorf("Totalt IFO myndighet: %v", got)
	}
	// The parts add up to the Totalt within rounding: no finding.
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %s", n)
	}
}

// Södertälje, Verksamhetsplan 2019 (seed 004): dygnskostnad =
// nettokostnad / dygn, e.g. 43 062 tkr / 11 592 = 3 714,80 → 3 715 kr.
func TestSodertaljeDygnskostnad(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.SodertaljePlaceringar(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	cases := []struct {
		form string
		year int
		want string // round(sek_per_day) as printed in the report
	}{
		{"Institution", 2017, "3715"}, {"Institution", 2018, "4386"},
		{"Familje-/jourhem", 2017, "940"}, {"Familje-/jourhem", 2018, "977"},
		{"Externa placeringar missbruk", 2017, "1842"}, {"Externa placeringar missbruk", 2018, "2990"},
		{"Externa placeringar socialpsykiatri SoL", 2017, "2066"}, {"Externa placeringar socialpsykiatri SoL", 2018, "2182"},
	}
	for _, c := range cases {
		got := h.one(`SELECT CAST(round(sek_per_day) AS INTEGER) || '' FROM dygnskostnad
			WHERE placement_form = ? AND year(period_start) = ? AND period_end = make_date(?, 12, 31)`, c.form, c.year, c.year)
		if got != c.want {
			t.Errorf("%s %d: %s kr/dygn, want %s", c.form, c.year, got, c.want)
		}
	}
	if v := h.one(`SELECT sek_per_day FROM dygnskostnad WHERE placement_form = 'Institution' AND year(period_start) = 2017`); v != "3714.80" {
		t.Errorf("exact: %s", v)
	}
	if v := h.one(`SELECT target_group FROM dygnskostnad WHERE placement_form = 'Externa placeringar missbruk' LIMIT 1`); v != "vuxna missbruk" {
		t.Errorf("target group: %s", v)
	}
}

// Haninge placements, unique persons jan–april 2017 (seed 001):
// HVB 37, familjehem 58, … totalt 191.
func TestHaningePlacementCounts(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.HaningePlaceringar(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	want := map[string]string{"HVB": "37", "Familjehem": "58", "Familjehem med konsulentstöd": "18",
		"Jourhem": "18", "Jourhem med konsulentstöd": "35", "Övrigt": "25"}
	rows := h.query(`SELECT placement_form, persons FROM placements WHERE period_start = '2017-01-01' AND period_end = '2017-04-30'`)
	if len(rows) != len(want) {
		t.Fatalf("rows: %v", rows)
	}
	for _, r := range rows {
		if want[r[0]] != r[1] {
			t.Errorf("%s: %s persons, want %s", r[0], r[1], want[r[0]])
		}
	}
	if v := h.one(`SELECT sum(persons) FROM placements WHERE year(period_start) = 2017`); v != "191" {
		t.Errorf("totalt: %s, want 191", v)
	}
}

// A case-system export with other column names, dates as 20170301 and
// all three personnummer forms; the oracle is computed by hand in
// fixture.PlacementVariantExpected.
func TestPlacementExportVariant(t *testing.T) {
	h := newHarness(t, "    as_of: "+fixture.PlacementVariantExpected.AsOf+"\n")
	path := mustFile(t)(fixture.PlacementExportVariant(h.inbox))
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	for _, e := range fixture.PlacementVariantExpected.ByMonthForm {
		got := h.query(`SELECT CAST(sum(care_days) AS INTEGER) || '', sum(cost_sek) || '' FROM placements
			WHERE strftime(period_start, '%Y-%m') = ? AND placement_form = ?`, e.Month, e.Form)
		want := []string{fmt.Sprint(e.CareDays), fmt.Sprintf("%d.%02d", e.CostOre/100, e.CostOre%100)}
		if len(got) != 1 || got[0][0] != want[0] || got[0][1] != want[1] {
			t.Errorf("%s %s: got %v, want %v", e.Month, e.Form, got, want)
		}
	}
	for m, n := range fixture.PlacementVariantExpected.DistinctPersons {
		got := h.one(`SELECT count(DISTINCT person_key) FROM placement_months WHERE strftime(period_start, '%Y-%m') = ?`, m)
		if got != fmt.Sprint(n) {
			t.Errorf("%s: %s persons, want %d", m, got, n)
		}
	}
	// No personnummer in clear anywhere in the warehouse.
	raw, _ := os.ReadFile(path)
	assertNoPersonnummer(t, h, string(raw))
}

func TestPlacementExportWithoutKeyFails(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.PlacementExportVariant(h.inbox))
	var out, errb strings.Builder
	st := Run(t.Context(), []string{"run", "--config", h.config}, &out, &errb, func(string) string { return "" })
	if st != ExitFailed {
		t.Fatalf("status %d, want 1", st)
	}
	if n := h.one(`SELECT count(*) FROM fact_placement`); n != "0" {
		t.Errorf("%s placements loaded without a key", n)
	}
	contains(t, out.String(), "SOCDW_PSEUDONYM_KEY", "error says how to give a key")
}

// assertNoPersonnummer scans every value of every table for the
// digits of each personnummer in the source file.
func assertNoPersonnummer(t *testing.T, h *harness, source string) {
	t.Helper()
	var needles []string
	for _, line := range strings.Split(source, "\n")[1:] {
		f := strings.SplitN(line, ";", 2)[0]
		if d := strings.NewReplacer("-", "", "+", "").Replace(strings.TrimSpace(f)); len(d) >= 10 {
			needles = append(needles, d[len(d)-10:])
		}
	}
	if len(needles) == 0 {
		t.Fatal("no personnummer found in the source to look for")
	}
	// Every value of every table, read through one connection.
	all := squeeze(dumpDB(t, h.db))
	for _, n := range needles {
		if strings.Contains(all, n) {
			t.Errorf("the warehouse holds the personnummer %s…", n[:2])
		}
	}
}

// A finance export: totals per ansvar and month, summed in öre while the
// file was written, must come out of budget_deviation.
func TestFinanceExportTotals(t *testing.T) {
	h := newHarness(t, "")
	path, totals, err := fixture.FinanceExport(h.inbox, 60000, 7) // over 4 MiB: read in parallel chunks
	if err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	for k, want := range totals.ByAnsvarMonth {
		got := h.query(`SELECT CAST(sum(actual_sek) * 100 AS BIGINT) || '', CAST(sum(budget_sek) * 100 AS BIGINT) || ''
			FROM fact_booking WHERE ansvar = ? AND strftime(period_start, '%Y%m') = ?`, k[0], k[1])
		if got[0][0] != fmt.Sprint(want.ActualOre) && !(want.ActualOre == 0 && got[0][0] == "NULL") {
			t.Errorf("%v actual: %s öre, want %d", k, got[0][0], want.ActualOre)
		}
		if got[0][1] != fmt.Sprint(want.BudgetOre) && !(want.BudgetOre == 0 && got[0][1] == "NULL") {
			t.Errorf("%v budget: %s öre, want %d", k, got[0][1], want.BudgetOre)
		}
	}
	// A line of the second chunk lands with its own number and amounts.
	raw, _ := os.ReadFile(path)
	lines := strings.Split(string(raw), "\r\n")
	for _, n := range []int{2, 30001, 59999} {
		f := strings.Split(lines[n-1], ";")
		want := strings.ReplaceAll(f[8]+"|"+f[9], ",", ".")
		got := h.one(`SELECT coalesce(actual_sek || '', '') || '|' || coalesce(budget_sek || '', '') FROM fact_booking WHERE source_row = ?`, n)
		if got != want {
			t.Errorf("line %d: %s, the file says %s", n, got, want)
		}
	}
	// Every line once, with its own line number, across the chunks.
	if v := h.one(`SELECT count(*) || ' ' || count(DISTINCT source_row) || ' ' || min(source_row) || ' ' || max(source_row) FROM fact_booking`); v != "60000 60000 2 60001" {
		t.Errorf("lines: %s, want 60000 distinct lines numbered 2..60001", v)
	}
	if v := h.one(`SELECT CAST(sum(actual_sek) * 100 AS BIGINT) FROM budget_deviation`); v != fmt.Sprint(totals.ActualOreTotal) {
		t.Errorf("budget_deviation actual total: %s öre, want %d", v, totals.ActualOreTotal)
	}
}

// The alias map gives one unit_key to the names units go by in different
// reports: Tyresö's "barn & ungdom" (seed 002) is Barn och unga.
func TestAliasesGiveTheCanonicalUnit(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-08-31\n    aliases:\n      \"Institutionsvård barn & ungdom\": \"Institutionsvård barn och unga\"\n")
	mustFile(t)(fixture.TyresoIFO(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT unit, unit_key, deviation_sek FROM budget_deviation WHERE unit LIKE 'Institutionsvård barn%'`)
	if len(got) != 1 || strings.Join(got[0], "|") != "Institutionsvård barn & ungdom|Institutionsvård barn och unga|-4057000.00" {
		t.Errorf("got %v", got)
	}
}

// The pseudonym key may come from a file named in the config instead of
// the environment; the same person gets the same pseudonym either way.
func TestPseudonymKeyFromAFile(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	keyFile := filepath.Join(h.dir, "key")
	os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600)
	cfg, _ := os.ReadFile(h.config)
	os.WriteFile(h.config, []byte("pseudonym_key_file: key\n"+string(cfg)), 0o644)
	mustFile(t)(fixture.PlacementExportVariant(h.inbox))
	var out, errb strings.Builder
	if st := Run(t.Context(), []string{"run", "--config", h.config}, &out, &errb, func(string) string { return "" }); st != ExitOK {
		t.Fatalf("run with a key file: %d %s %s", st, out.String(), errb.String())
	}
	fromFile := h.query(`SELECT DISTINCT person_key FROM fact_placement ORDER BY 1`)
	// The same key from the environment gives the same pseudonyms.
	h2 := newHarness(t, "    as_of: 2017-12-31\n")
	mustFile(t)(fixture.PlacementExportVariant(h2.inbox))
	h2.run("run")
	fromEnv := h2.query(`SELECT DISTINCT person_key FROM fact_placement ORDER BY 1`)
	if len(fromFile) == 0 || fmt.Sprint(fromFile) != fmt.Sprint(fromEnv) {
		t.Errorf("pseudonyms differ between the key file and the environment")
	}
}
