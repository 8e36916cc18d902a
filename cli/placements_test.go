package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// Rows that cannot be right are rejects with their line and reason, and
// the reason never holds the personnummer.
func TestPlacementRejects(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	good := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	other := fixture.Personnummer("20070622", "986", fixture.PnrLong)
	badCheck := good[:len(good)-1] + string("0123456789"[(int(good[len(good)-1]-'0')+1)%10])
	lines := []string{
		"Personnummer;Målgrupp;Insats;Regi;Lagrum;Utförare;Startdatum;Slutdatum;Dygnspris (kr)",
		good + ";Barn och unga;HVB;Extern;LVU;Utförare G;2017-07-13;2017-08-01;4 304,25",      // 2: fine
		other + ";Barn och unga;HVB;Extern;SoL;Utförare H;2017-06-25;2017-06-01;3 589,11",     // 3: ends before it starts
		other + ";Barn och unga;HVB;Extern;SoL;Utförare H;2017-02-30;;3 589,11",               // 4: no such date
		badCheck + ";Barn och unga;HVB;Extern;SoL;Utförare A;2017-03-26;2017-12-05;3 802,88",  // 5: check digit
		other + ";Barn och unga;HVB;Extern;SoL;Utförare A;2017-03-26;2017-12-05;-3 802,88",    // 6: negative price
		other + ";Barn och unga;Hemmaplanslösning;Egen regi;SoL;Utförare A;2017-03-26;;1 000", // 7: unknown form
	}
	path := filepath.Join(h.inbox, "export.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT "row", reason FROM rejects ORDER BY "row"`)
	want := []struct {
		row  string
		word string
	}{{"3", "ends before"}, {"4", "date"}, {"5", "check digit"}, {"6", "negative"}, {"7", "outside the vocabulary"}}
	if len(got) != len(want) {
		t.Fatalf("rejects: %v", got)
	}
	for i, w := range want {
		if got[i][0] != w.row || !strings.Contains(got[i][1], w.word) {
			t.Errorf("reject %d: %v, want line %s with %q", i, got[i], w.row, w.word)
		}
		for _, p := range []string{good, other, badCheck, good[2:], strings.ReplaceAll(good, "-", "")} {
			if strings.Contains(got[i][1], p) {
				t.Errorf("reject %d names a personnummer", i)
			}
		}
	}
	// Line 2: 2017-07-13..2017-08-01 = 19 days in July + 1 in August.
	if v := h.one(`SELECT sum(care_days) FROM placements`); v != "20.00" {
		t.Errorf("care days: %s", v)
	}
	// The form mapped in the config loads instead of being rejected.
	h2 := newHarness(t, "    as_of: 2017-12-31\n    forms:\n      Hemmaplanslösning: Övrigt\n")
	os.WriteFile(filepath.Join(h2.inbox, "export.csv"), []byte(strings.Join(lines, "\r\n")), 0o644)
	h2.run("run")
	if v := h2.one(`SELECT count(*) FROM fact_placement WHERE placement_form = 'Övrigt' AND form_label = 'Hemmaplanslösning'`); v != "1" {
		t.Errorf("mapped form: %s", v)
	}
}

// An aggregate placements workbook with several tables on one sheet, the
// target group in each title and years as columns. Figures from seed 001
// (Haninge, barn och unga, jan–april) and, for the adults, constructed
// test values given here.
func TestAggregatePlacementTablesOnOneSheet(t *testing.T) {
	h := newHarness(t, "")
	rows := [][]any{
		{"Placeringar barn och unga, unika personer, jan-april 2017"},
		{"", "2016", "2017"},
		{"HVB", 43, 37},
		{"Familjehem", 65, 58},
		{"Totalt", 108, 95},
		{},
		{"Placeringar vuxna missbruk, unika personer, jan-april 2017"},
		{"", "2016", "2017"},
		{"Behandlingshem", 12, 9},
		{"LVM-hem (SiS)", 3, 4},
		{"Totalt", 15, 13},
	}
	f := newSheet(t, rows)
	path := filepath.Join(h.inbox, "placeringar_2017.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	got := h.query(`SELECT target_group, placement_form, persons FROM placements
		WHERE period_start = '2017-01-01' AND period_end = '2017-04-30' ORDER BY 1, 2`)
	want := [][]string{
		{"barn och unga", "Familjehem", "58"}, {"barn och unga", "HVB", "37"},
		{"vuxna missbruk", "Behandlingshem", "9"}, {"vuxna missbruk", "LVM-hem (SiS)", "4"},
	}
	if len(got) != len(want) {
		t.Fatalf("placements: %v", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %v, want %v", i, got[i], want[i])
		}
	}
	if v := h.one(`SELECT count(*) FROM findings`); v != "0" {
		t.Errorf("findings: %s (the Totalt rows add up)", v)
	}
}
