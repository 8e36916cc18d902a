package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// Layouts where the period of a column is easy to get wrong. The figures
// are Haninge's Barn och unga, jan–april 2017 (seed 001): budget helår
// 165 227, budget jan-april 53 954, nettokostnad 55 723, avvikelse −1 769;
// the 2016 outcome of 50 000 is a constructed test value.
func TestColumnPeriods(t *testing.T) {
	cases := []struct {
		name, file, config, csv string
		want                    []string // period_start period_end budget actual reported full_year, per line
		findings                int
	}{
		{
			name: "a year-only budget beside a jan-april one is the year's", file: "delar1.csv",
			csv:  "Delårsrapport 1 2017\r\nVerksamhet, tkr;Budget 2017;Budget jan-april;Nettokostnad jan-april;Avvikelse\r\nBarn och unga;165 227;53 954;55 723;-1 769\r\n",
			want: []string{"2017-01-01 2017-04-30 53954000.00 55723000.00 -1769000.00 165227000.00"},
		},
		{
			name: "a deviation joins the columns to its left, not last year's", file: "bokslut.csv",
			csv:  "Årsbokslut 2017\r\nVerksamhet, tkr;Utfall 2016;Budget 2017;Utfall 2017;Avvikelse\r\nBarn och unga;50 000;53 954;55 723;-1 769\r\n",
			want: []string{"2016-01-01 2016-12-31 NULL 50000000.00 NULL NULL", "2017-01-01 2017-12-31 53954000.00 55723000.00 -1769000.00 NULL"},
		},
		{
			name: "a wrong printed deviation beside a year is found", file: "bokslut_fel.csv",
			csv:      "Årsbokslut 2017\r\nVerksamhet, tkr;Utfall 2016;Budget 2017;Utfall 2017;Avvikelse\r\nBarn och unga;50 000;53 954;55 723;-1 700\r\n",
			want:     []string{"2016-01-01 2016-12-31 NULL 50000000.00 NULL NULL", "2017-01-01 2017-12-31 53954000.00 55723000.00 -1700000.00 NULL"},
			findings: 1,
		},
		{
			name: "last year's Utfall beside this year's net cost is no deviation", file: "jamforelse.csv",
			csv:  "Jämförelse, tkr\r\nVerksamhet;Utfall 2016;Nettokostnad 2017;Budget 2017\r\nBarn och unga;50 000;55 723;53 954\r\n",
			want: []string{"2016-01-01 2016-12-31 NULL 50000000.00 NULL NULL", "2017-01-01 2017-12-31 53954000.00 55723000.00 NULL NULL"},
		},
		{
			name: "a date in a note is not the period", file: "bokslut_2017.csv",
			csv:  "Verksamhet, tkr;Budget;Utfall;Avvikelse\r\nBarn och unga;53 954;55 723;-1 769\r\n\r\nKälla: Raindance, uttag 2018-01-10\r\n",
			want: []string{"2017-01-01 2017-12-31 53954000.00 55723000.00 -1769000.00 NULL"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.config)
			h.runFile(c.file, c.csv)
			sameLines(t, h.lines(budgetLines), c.want)
			if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'reported_deviation_mismatch'`); n != string(rune('0'+c.findings)) {
				t.Errorf("findings: %s, want %d", n, c.findings)
			}
		})
	}
}

// A forecast table (budget, prognos, avvikelse; no outcome) is about the
// whole year: Nacka's helår figures for Barn och unga (seed 003), printed
// with costs positive here.
func TestForecastTable(t *testing.T) {
	h := newHarness(t, "")
	csv := "Prognos helår 2017, tkr\r\nVerksamhet;Budget;Prognos;Avvikelse\r\nBarn och unga;103 783;107 623;-3 840\r\n"
	os.WriteFile(filepath.Join(h.inbox, "prognos.csv"), []byte(csv), 0o644)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT period_start || ' ' || period_end || ' ' || coalesce(budget_sek || '', 'NULL') || ' ' || full_year_budget_sek || ' ' ||
		forecast_sek || ' ' || forecast_deviation_sek || ' ' || coalesce(deviation_sek || '', 'NULL') FROM budget_deviation`)
	want := "2017-01-01 2017-12-31 NULL 103783000.00 107623000.00 -3840000.00 NULL"
	if len(got) != 1 || got[0][0] != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// Layouts from the second review. Constructed test values; each case
// says what a person reading the table sees.
func TestMoreColumnLayouts(t *testing.T) {
	cases := []struct {
		name, csv string
		want      []string // period_start period_end budget actual reported full_year
	}{
		{
			name: "budget parts beside the net budget: the net one is the budget",
			csv:  "Uppföljning jan-april 2017, tkr\r\nVerksamhet;Budget intäkter;Budget kostnader;Budget netto;Utfall netto;Avvikelse\r\nBarn och unga;200;1 200;1 000;900;100\r\n",
			want: []string{"2017-01-01 2017-04-30 1000000.00 900000.00 100000.00 NULL"},
		},
		{
			name: "a deviation after a full-year budget is the period's",
			csv:  "Uppföljning 2017, tkr\r\nVerksamhet;Budget jan-april;Nettokostnad jan-april;Budget helår;Avvikelse\r\nBarn och unga;53 954;55 723;165 227;-1 769\r\n",
			want: []string{"2017-01-01 2017-04-30 53954000.00 55723000.00 -1769000.00 165227000.00"},
		},
		{
			name: "years over repeated measures need no year in the title",
			csv:  "Uppföljning, tkr\r\nVerksamhet;Budget 2017;Utfall 2017;Avvikelse;Budget 2018;Utfall 2018;Avvikelse\r\nBarn och unga;500;520;-20;530;515;15\r\n",
			want: []string{"2017-01-01 2017-12-31 500000.00 520000.00 -20000.00 NULL", "2018-01-01 2018-12-31 530000.00 515000.00 15000.00 NULL"},
		},
		{
			name: "a ten-digit amount in text is money, not a personnummer",
			csv:  "Uppföljning 2017, kr\r\nVerksamhet;Budget;Utfall\r\nBarn och unga;1703151234;1698000000\r\n",
			want: []string{"2017-01-01 2017-12-31 1703151234.00 1698000000.00 NULL NULL"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.runFile("t.csv", c.csv)
			sameLines(t, h.lines(budgetLines), c.want)
			if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
				t.Errorf("findings: %v", h.query(`SELECT message FROM findings`))
			}
		})
	}
}
