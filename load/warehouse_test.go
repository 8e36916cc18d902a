package load

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/socdw/socdw"
)

// A figure's dimensions and a batch's ledger lines land in the figures and
// ledger views, in column order, beside the lines of a finance export.
func TestDimensionsAndLedgerLines(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	march := socdw.Period{Start: time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2016, 3, 31, 0, 0, 0, 0, time.UTC)}
	year := socdw.Period{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)}
	b := &socdw.Batch{
		Figures: []socdw.Figure{{
			Ref: socdw.CellRef{File: "k.csv", Row: 2, Col: 4}, Period: year,
			Subject: "Botkyrka > Kostnad IFO, kr/inv", Measure: "Värde",
			Value: socdw.Amount(512_300), Unit: socdw.UnitKrPerInhabitant,
			Dimensions: []socdw.Dimension{{Name: "Kommun", Value: "Botkyrka"}, {Name: "Nyckeltal", Value: "Kostnad IFO, kr/inv"}},
		}},
		Ledger: []socdw.LedgerLine{
			{Ref: socdw.CellRef{File: "lev_2016-03.csv", Row: 2}, Kind: socdw.LedgerInvoice, Period: march,
				Ansvar: "SOC", AnsvarName: "Socialförvaltningen", Account: "46362", AccountName: "Köp medicinskt",
				Counterparty: "Vård AB", Voucher: "9001", Amount: socdw.Some(socdw.Amount(1_250_050))},
			{Ref: socdw.CellRef{File: "lev_2016-03.csv", Row: 3}, Kind: socdw.LedgerInvoice, Period: march,
				Ansvar: "SOC", Account: "46362", Voucher: "9002", Amount: socdw.Some(socdw.Amount(-25_000))},
		},
	}
	a := Attempt{LoadID: 1, RunID: 1, Source: "s", Kommun: "Botkyrka", File: "k.csv", SHA256: "x", Fingerprint: "f", Started: time.Now()}
	if _, err := w.Replace(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	var dims, unit string
	if err := w.DB().QueryRowContext(ctx, `SELECT CAST(dimensions AS VARCHAR), value_unit FROM figures`).Scan(&dims, &unit); err != nil {
		t.Fatal(err)
	}
	if want := "{Kommun=Botkyrka, Nyckeltal='Kostnad IFO, kr/inv'}"; dims != want || unit != "SEK/inhabitant" {
		t.Errorf("figures: dimensions %s unit %s, want %s SEK/inhabitant", dims, unit, want)
	}
	// 12 500.50 − 250.00 = 12 250.50 kr, summed exactly as DECIMAL.
	var sum string
	var n int
	if err := w.DB().QueryRowContext(ctx, `SELECT CAST(sum(amount_sek) AS VARCHAR), count(*) FROM ledger
		WHERE line_kind = 'invoice' AND period_start = DATE '2016-03-01' AND ansvar = 'SOC'`).Scan(&sum, &n); err != nil {
		t.Fatal(err)
	}
	if sum != "12250.50" || n != 2 {
		t.Errorf("ledger: sum %s over %d lines, want 12250.50 over 2", sum, n)
	}
	// Loading the file again replaces its ledger lines.
	a.LoadID = 2
	if _, err := w.Replace(ctx, a, &socdw.Batch{}); err != nil {
		t.Fatal(err)
	}
	if err := w.DB().QueryRowContext(ctx, `SELECT count(*) FROM ledger`).Scan(&n); err != nil || n != 0 {
		t.Errorf("ledger after reload: %d rows (%v), want 0", n, err)
	}
}
