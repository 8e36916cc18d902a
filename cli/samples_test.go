package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func copyInto(t *testing.T, dir, src string) string {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(dir, filepath.Base(src))
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	return dst
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// The sample placement export against its independently computed
// expectation: care days and cost per month and form, open placements
// through 2017-12-31.
func TestSamplePlacementExportMonthByMonth(t *testing.T) {
	var want struct {
		ByMonthAndForm []struct {
			CareDays int         `json:"care_days"`
			CostSEK  json.Number `json:"cost_sek"`
			Form     string      `json:"form"`
			Month    string      `json:"month"`
		} `json:"by_month_and_form"`
		RowsRejected int `json:"rows_rejected"`
		RowsTotal    int `json:"rows_total"`
	}
	readJSON(t, "testdata/samples/placeringar_export_2017.expected.json", &want)
	h := newHarness(t, "    as_of: 2017-12-31\n")
	path := copyInto(t, h.inbox, "testdata/samples/placeringar_export_2017.csv")
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if n := h.one(`SELECT count(*) FROM fact_placement`); n != fmt.Sprint(want.RowsTotal) {
		t.Errorf("placements: %s, want %d", n, want.RowsTotal)
	}
	if n := h.one(`SELECT count(*) FROM rejects`); n != fmt.Sprint(want.RowsRejected) {
		t.Errorf("rejects: %s, want %d", n, want.RowsRejected)
	}
	for _, e := range want.ByMonthAndForm {
		got := h.query(`SELECT CAST(sum(care_days) AS INTEGER) || '', sum(cost_sek) FROM placements
			WHERE strftime(period_start, '%Y-%m') = ? AND placement_form = ?`, e.Month, e.Form)
		cost := formatJSONMoney(string(e.CostSEK))
		if got[0][0] != fmt.Sprint(e.CareDays) || got[0][1] != cost {
			t.Errorf("%s %s: got %v, want %d days, %s kr", e.Month, e.Form, got[0], e.CareDays, cost)
		}
	}
	// The same figures feed dygnskostnad.
	if v := h.one(`SELECT sum(care_days) FROM dygnskostnad WHERE year(period_start) = 2017 AND placement_form = 'HVB'`); v == "NULL" {
		t.Error("no HVB care days in dygnskostnad")
	}
	raw, _ := os.ReadFile(path)
	assertNoPersonnummer(t, h, string(raw))
}

// formatJSONMoney writes a JSON number such as 361546.92 or 64577.6 with
// two decimals, as DECIMAL(18,2) prints.
func formatJSONMoney(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	return whole + "." + frac
}

// The sample finance export against its totals per ansvar and month.
func TestSampleFinanceExportPerAnsvarAndMonth(t *testing.T) {
	var want struct {
		ActualOreTotal int64 `json:"actual_ore_total"`
		BudgetOreTotal int64 `json:"budget_ore_total"`
		ByAnsvarMonth  []struct {
			ActualOre int64  `json:"actual_ore"`
			BudgetOre int64  `json:"budget_ore"`
			Ansvar    string `json:"ansvar"`
			Month     string `json:"month"`
		} `json:"by_ansvar_month"`
	}
	readJSON(t, "testdata/samples/huvudbok_2017.expected.json", &want)
	h := newHarness(t, "")
	copyInto(t, h.inbox, "testdata/samples/huvudbok_2017.csv")
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	for _, e := range want.ByAnsvarMonth {
		got := h.query(`SELECT CAST(d.actual_sek * 100 AS BIGINT), CAST(d.budget_sek * 100 AS BIGINT)
			FROM budget_deviation d JOIN booking_unit u ON u.unit_key = d.unit_key AND u.load_id = d.load_id
			WHERE u.ansvar = ? AND strftime(d.period_start, '%Y%m') = ?`, e.Ansvar, e.Month)
		if len(got) != 1 || got[0][0] != fmt.Sprint(e.ActualOre) || got[0][1] != fmt.Sprint(e.BudgetOre) {
			t.Errorf("%s %s: got %v, want %d/%d öre", e.Ansvar, e.Month, got, e.ActualOre, e.BudgetOre)
		}
	}
	got := h.query(`SELECT CAST(sum(actual_sek) * 100 AS BIGINT), CAST(sum(budget_sek) * 100 AS BIGINT) FROM budget_deviation`)
	if got[0][0] != fmt.Sprint(want.ActualOreTotal) || got[0][1] != fmt.Sprint(want.BudgetOreTotal) {
		t.Errorf("totals: %v, want %d/%d", got[0], want.ActualOreTotal, want.BudgetOreTotal)
	}
}
