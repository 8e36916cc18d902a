package cli

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/socdw/socdw/internal/fixture"
)

// Shapes of system exports from the second acceptance run, with results
// computed by hand.
func TestMoreExportShapes(t *testing.T) {
	t.Run("a finance export in a workbook, dated by Excel date cells", func(t *testing.T) {
		h := newHarness(t, "")
		d := func(m time.Month, day int) time.Time { return time.Date(2017, m, day, 0, 0, 0, 0, time.UTC) }
		f := newSheet(t, [][]any{
			{"Datum", "Ansvar", "Ansvar benämning", "Konto", "Utfall"},
			{d(10, 23), "7110", "IFO Vuxen", "4610", 1000.5},
			{d(10, 31), "7110", "IFO Vuxen", "3010", -200},
			{d(11, 2), "7110", "IFO Vuxen", "4610", 300},
			{"Summa", nil, nil, nil, 1100.5},
		})
		if err := f.SaveAs(filepath.Join(h.inbox, "dagbok.xlsx")); err != nil {
			t.Fatal(err)
		}
		if st, out, errs := h.run("run"); st != ExitOK {
			t.Fatalf("run: %d %s %s", st, out, errs)
		}
		// October: 1 000,50 − 200 = 800,50; November: 300.
		sameLines(t, h.lines(`SELECT period_start || ' ' || actual_sek FROM budget_deviation ORDER BY period_start`),
			[]string{"2017-10-01 800.50", "2017-11-01 300.00"})
		sameLines(t, h.lines(`SELECT reason FROM rejects`), []string{"a total line of the export, not a booking: not loaded"})
	})

	t.Run("a placement export in a workbook: date-time cells, a number for a personnummer, an old person's short form", func(t *testing.T) {
		h := newHarness(t, "    as_of: 2017-12-31\n")
		child := fixture.Personnummer("20120905", "980", fixture.PnrCompact) // 12 digits, stored as a number
		old := fixture.Personnummer("19210315", "990", fixture.PnrShort)     // 96 in 2017, written with '-'
		start := time.Date(2017, 4, 3, 9, 0, 0, 0, time.UTC)                 // a date with a time of day
		f := newSheet(t, [][]any{
			{"Pnr", "Målgrupp", "Vårdform", "Regi", "Lagrum", "Fr.o.m.", "T.o.m.", "Kostnad/dygn"},
			{mustInt(t, child), "Barn och unga", "HVB", "Extern", "LVU", start, time.Date(2017, 4, 30, 0, 0, 0, 0, time.UTC), 4408.71},
			{old, "Socialpsykiatri", "Stödboende", "Extern", "SoL", time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 6, 10, 0, 0, 0, 0, time.UTC), 1500},
		})
		if err := f.SaveAs(filepath.Join(h.inbox, "placeringar.xlsx")); err != nil {
			t.Fatal(err)
		}
		if st, out, errs := h.run("run"); st != ExitOK {
			t.Fatalf("run: %d %s %s", st, out, errs)
		}
		if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
			t.Errorf("rejects: %v", h.query(`SELECT "row", reason FROM rejects`))
		}
		// April 3–30: 28 days × 4 408,71 = 123 443,88. June 1–10: 10 × 1 500.
		sameLines(t, h.lines(`SELECT period_start || ' ' || care_days || ' ' || cost_sek FROM placements ORDER BY period_start`),
			[]string{"2017-04-01 28.00 123443.88", "2017-06-01 10.00 15000.00"})
		// The 1921 person is the same person in the twelve-digit form.
		h2 := newHarness(t, "    as_of: 2017-12-31\n")
		long := fixture.Personnummer("19210315", "990", fixture.PnrLong)
		h2.runFile("p.csv", "Personnummer;Målgrupp;Insats;Regi;Lagrum;Startdatum;Slutdatum;Dygnspris\r\n"+
			long+";Socialpsykiatri;Stödboende;Extern;SoL;2017-06-01;2017-06-10;1500\r\n")
		if a, b := h.one(`SELECT person_key FROM fact_placement WHERE source_row = 3`), h2.one(`SELECT person_key FROM fact_placement`); a != b {
			t.Error("the short and the long form of one 1921 person gave two pseudonyms")
		}
	})

	t.Run("a personnummer in a voucher text: the booking loads, a finding says so", func(t *testing.T) {
		h := newHarness(t, "")
		pnr := fixture.Personnummer("19800101", "998", fixture.PnrShort)
		h.runFile("agresso.csv", "Period;Ansvar;Ansvar benämning;Konto;Text;Belopp\r\n"+
			"201704;7110;IFO Vuxen;4620;Ersättning jourhem "+pnr+";1000,00\r\n"+
			"201704;7110;IFO Vuxen;4620;Ersättning jourhem;500,00\r\n")
		if v := h.one(`SELECT actual_sek FROM budget_deviation`); v != "1500.00" {
			t.Errorf("actual: %s", v)
		}
		sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings`), []string{"personal_data 2"})
		assertNoPersonnummer(t, h, "Pnr\n"+pnr)
	})
}

func mustInt(t *testing.T, digits string) int64 {
	t.Helper()
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			t.Fatalf("not digits: %q", digits)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// A daily price with four decimals (a monthly fee over its days) costs to
// the öre: 986,8421 × 31 = 30 592,1051 → 30 592,11, not 986,84 × 31.
func TestDailyPriceKeepsItsDecimals(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	pnr := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	h.runFile("p.csv", "Personnummer;Målgrupp;Insats;Regi;Lagrum;Startdatum;Slutdatum;Dygnspris\r\n"+
		pnr+";Barn och unga;Familjehem;Egen regi;SoL;2017-07-01;2017-07-31;986,8421\r\n")
	sameLines(t, h.lines(`SELECT care_days || ' ' || cost_sek FROM placements`), []string{"31.00 30592.11"})
	sameLines(t, h.lines(`SELECT cost_sek || ' ' || sek_per_day FROM dygnskostnad`), []string{"30592.11 986.84"})
}
