package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// Personal data where none belongs never reaches the warehouse: not in a
// finance export's names, not mistyped in a placement's provider, not as
// a foster family's name in the form or provider column. And a line with
// more fields than its header costs that line, not the run.
func TestPersonalDataWhereNoneBelongs(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	good := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	other := fixture.Personnummer("20070622", "986", fixture.PnrLong)
	mistyped := "19121212-1213" // check digit wrong: still a person
	spaced := "20070622 9861"

	finance := strings.Join([]string{
		"Datum;Period;Ansvar;Ansvar benämning;Verksamhet;Verksamhet benämning;Konto;Konto benämning;Utfall;Budget",
		";201701;6110;Barn och unga myndighet;5101;Institutionsvård;4610;Köp av HVB;1000,00;",
		";201701;6120;Familjehem " + other + ";5101;Institutionsvård;4610;Köp av HVB;2000,00;", // line 3
	}, "\r\n") + "\r\n"
	os.WriteFile(filepath.Join(h.inbox, "huvudbok.csv"), []byte(finance), 0o644)

	placements := strings.Join([]string{
		"Personnummer;Målgrupp;Insats;Regi;Lagrum;Utförare;Startdatum;Slutdatum;Dygnspris (kr)",
		good + ";Barn och unga;HVB;Extern;LVU;Utförare G;2017-07-13;2017-08-01;4 304,25",                     // 2: fine
		other + ";Barn och unga;HVB;Extern;SoL;Utförare " + mistyped + ";2017-06-25;;3 589,11",               // 3: mistyped pnr
		other + ";Barn och unga;HVB;Extern;SoL;Vårdgivare " + spaced + ";2017-06-25;;3 589,11",               // 4: spaced pnr
		other + ";Barn och unga;Jourhem hos familjen Berg;Extern;SoL;Familjen Berg;2017-06-25;;1 589,11",     // 5: a family
		other + ";Barn och unga;HVB;Extern;SoL;Utförare A;2017-03-26;2017-12-05;3 802,88;" + good + ";extra", // 6: more fields than the header
	}, "\r\n") + "\r\n"
	os.WriteFile(filepath.Join(h.inbox, "placeringar.csv"), []byte(placements), 0o644)

	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	rejects := h.query(`SELECT file, "row", reason FROM rejects ORDER BY file, "row"`)
	// Line 6's extra field is in no column socdw keeps: a finding, and the
	// line loads without it.
	wantRows := map[string]bool{"huvudbok.csv 3": true, "placeringar.csv 3": true, "placeringar.csv 4": true}
	if len(rejects) != len(wantRows) {
		t.Errorf("rejects: %v", rejects)
	}
	for _, r := range rejects {
		if !wantRows[filepath.Base(r[0])+" "+r[1]] {
			t.Errorf("unexpected reject %v", r)
		}
	}
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'personal_data' AND "row" = 6`); n != "1" {
		t.Errorf("finding for line 6: %s", n)
	}
	// Line 5 loads, but neither the family's name in the form column nor
	// the provider is kept.
	got := h.query(`SELECT placement_form, form_label, coalesce(provider, 'NULL') FROM fact_placement WHERE source_row = 5`)
	if len(got) != 1 || strings.Join(got[0], "|") != "Jourhem|Jourhem|NULL" {
		t.Errorf("line 5: %v", got)
	}
	all := h.query(`SELECT * FROM fact_placement`)
	for _, r := range all {
		if strings.Contains(strings.Join(r, "|"), "Berg") {
			t.Errorf("a family name in fact_placement: %v", r)
		}
	}
	for _, needle := range []string{good, other, mistyped, spaced, "Berg"} {
		for _, s := range []string{out, errs} {
			if strings.Contains(s, needle) || strings.Contains(s, strings.ReplaceAll(needle, "-", "")) {
				t.Errorf("output holds %q", needle)
			}
		}
	}
	// Every text column of every table, against the digits of all four.
	raw := "Pnr\n" + strings.Join([]string{good, other, "19121212-1213", "20070622-9861"}, "\n")
	assertNoPersonnummer(t, h, raw)
}
