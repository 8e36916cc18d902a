package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw/load"
)

// A unit whose ledger has lines links to them: the budget row's unit on
// the budget page opens its lines on Huvudbok. The figures are written
// here by hand: Barn och unga's budget 86 486 tkr and actual 88 552 tkr
// (Nacka, jan–okt 2017) and two invoice lines of the unit.
func TestUnitLinksToItsLedgerLines(t *testing.T) {
	ctx := context.Background()
	w, err := load.Open(ctx, filepath.Join(t.TempDir(), "wh.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`INSERT INTO fact_budget (source, file, load_id, kommun, unit, unit_key, is_total, period_start, period_end, budget_sek, actual_sek, source_sheet, source_row)
		 VALUES ('nacka', '/in/nacka.xlsx', 1, 'Nacka', 'Barn och unga', 'Barn och unga', false, '2017-01-01', '2017-10-31', 86486000, 88552000, 'Ekonomisk tabell', 7)`,
		`INSERT INTO fact_ledger (source, file, load_id, kommun, line_kind, booking_date, period_start, period_end, unit_key, account, text, counterparty, amount_sek, source_sheet, source_row)
		 VALUES ('lev', '/in/lev_2017-03.csv', 2, 'Nacka', 'invoice', '2017-03-14', '2017-03-01', '2017-03-31', 'Barn och unga', '4636', 'Köp av HVB-plats', 'Ett HVB AB', 123456.78, NULL, 2),
		        ('lev', '/in/lev_2017-03.csv', 2, 'Nacka', 'invoice', '2017-03-20', '2017-03-01', '2017-03-31', 'Barn och unga', '4636', 'Köp av HVB-plats', 'Ett HVB AB', -2066.50, NULL, 3)`,
	} {
		if _, err := w.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Read(ctx, w.DB(), nil, w.Path(), time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Budget) != 1 || len(r.Budget[0].Rows) != 1 {
		t.Fatalf("budget: %+v", r.Budget)
	}
	row := r.Budget[0].Rows[0]
	if row.LedgerAnchor == "" || *row.Deviation != -2066000_00 {
		t.Fatalf("row: %+v", row)
	}
	budget, err := Render(r, "budget.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(budget), `<a href="huvudbok.html#`+row.LedgerAnchor+`"`) {
		t.Error("the unit does not link to its ledger lines")
	}
	ledger, err := Render(r, "huvudbok.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="` + row.LedgerAnchor + `"`, "2017-03-14", "Ett HVB AB", "123\u00a0457\u00a0kr", "\u22122\u00a0067\u00a0kr", "lev_2017-03.csv!rad 2"} {
		if !strings.Contains(string(ledger), want) {
			t.Errorf("huvudbok.html: no %q", want)
		}
	}
}
