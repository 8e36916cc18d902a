package cli

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// Shapes of real public statistics exports, rebuilt from their first
// lines; the figures are those printed in the originals.

// A Kolada web export (kolada.se, ISO-8859-1, ';'): one table of
// Kommun/Landsting;Nyckeltal;År;Visat Värde. Ekerö's kr/inv of 1996 and
// 1997 are 2040 and 2006: a row whose values read as years is data, not a
// new header (which once split the file into 28 tables with periods in
// 2040–2096).
func TestKoladaWebExportRowsThatLookLikeYears(t *testing.T) {
	h := newHarness(t, "")
	text := "Kommun/Landsting;Nyckeltal;År;Visat Värde\r\n" +
		"Ekerö;Elever i åk. 9 med minst godkänt i svenska, matematik och engelska, kommunala skolor, andel (%);2012;93.617021\r\n" +
		"Ekerö;Kostnad individ- och familjeomsorg, kr/inv;1996;2040\r\n" +
		"Ekerö;Kostnad individ- och familjeomsorg, kr/inv;1997;2006\r\n" +
		"Haninge;Kostnad individ- och familjeomsorg, kr/inv;2011;4725\r\n" +
		"Haninge;Vårddygn på institution, antal dagar, medelvärde;2011;101.5\r\n"
	latin1, err := charmap.ISO8859_1.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.inbox, "kld_sthlm2.csv"), []byte(latin1), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT dimensions['Kommun/Landsting'] || ' ' || year(period_start) || ' ' || value_unit || ' ' || value_exact
		FROM figures ORDER BY ALL`), []string{
		"Ekerö 1996 SEK/inhabitant 2040.0000000000",
		"Ekerö 1997 SEK/inhabitant 2006.0000000000",
		"Ekerö 2012 percent 93.6170210000",
		"Haninge 2011 SEK/inhabitant 4725.0000000000",
		"Haninge 2011 days 101.5000000000",
	})
	if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
		t.Errorf("%s rejects, want 0", n)
	}
}

// A Socialstyrelsen statistikdatabas export: a BOM, a title line, age
// bands headed with soft hyphens, "--" written as two soft hyphens (no
// value), rates per 100 000 (no count, no money, no sum: a Totalt rate is
// not the sum of its bands), years 1997–2018 in a file named by the day
// it was made.
func TestSocialstyrelsenExportOfRates(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("Statistikdatabasen_2019-11-28 12_56_54.csv", "\ufeffDödsorsaksstatistik, Antal döda per 100 000, C61 Malign tumör i prostata, Ålder: 45-85+, Män\r\n"+
		"År;Region;45\u00ad49;50\u00ad54;Totalt\r\n"+
		"2018;Riket;0,60;2,01;105,10\r\n"+
		"2018;Stockholms län;\u00ad\u00ad;2,50;83,25\r\n"+
		"1997;Riket;0,31;1,79;98,42\r\n")
	sameLines(t, h.lines(`SELECT year(period_start) || ' ' || subject || ' ' || value || ' ' || value_unit || ' ' || is_total
		FROM figures ORDER BY ALL`), []string{
		"1997 Riket 0.31 number false",
		"1997 Riket 1.79 number false",
		"1997 Riket 98.42 number true",
		"2018 Riket 0.60 number false",
		"2018 Riket 105.10 number true",
		"2018 Riket 2.01 number false",
		"2018 Stockholms län 2.50 number false",
		"2018 Stockholms län 83.25 number true",
	})
	if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
		t.Errorf("%s rejects, want 0 (the soft-hyphen marker is no value; 1997 is the file's own year)", n)
	}
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'total_mismatch'`); n != "0" {
		t.Errorf("%s total_mismatch findings, want 0: rates are not added", n)
	}
}

// A table's tkr scales its money, never its counts: full-time staff and
// placements beside budget and outcome in a title "belopp i tkr" once came
// out as 12 500 and 8 000 SEK.
func TestTableUnitLeavesCountsAlone(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("mix.csv", "Socialnämnden 2024, belopp i tkr\n"+
		"Verksamhet;Budget;Utfall;Årsarbetare;Vårddygn;Kr/dygn;Placeringar;Avvikelse %;Hushåll\n"+
		"HVB;3 000;2 500;12,5;1 000;2 500;8;16,7;40\n")
	sameLines(t, h.lines(`SELECT measure || ' ' || value || ' ' || value_unit FROM figures ORDER BY source_col`), []string{
		"Budget 3000000.00 SEK", "Utfall 2500000.00 SEK", "Årsarbetare 12.50 count", "Vårddygn 1000.00 care_days",
		"Kr/dygn 2500.00 SEK/day", "Placeringar 8.00 count", "Avvikelse % 16.70 percent", "Hushåll 40.00 count",
	})
}

// A row whose cells say "no value" is a row of its own, never a group over
// the rows below it: Vuxna and Ekonomiskt bistånd once became parts of
// "Nytt boende". Summa 6 000 = 3 000 + 1 000 + 2 000 (no finding).
func TestMarkerRowIsNoGroup(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("budget_2024.csv", "Verksamhet;Budget 2024 tkr;Utfall 2024 tkr\nBarn och unga;3 000;2 500\nNytt boende;-;-\n"+
		"Vuxna;1 000;900\nEkonomiskt bistånd;2 000;2 100\nSumma;6 000;5 500\n")
	sameLines(t, h.lines(`SELECT unit || ' ' || coalesce(parent_unit_key, 'NULL') || ' ' || is_total || ' ' || budget_sek || ' ' || actual_sek
		FROM budget_deviation ORDER BY source_row`), []string{
		"Barn och unga NULL false 3000000.00 2500000.00", "Vuxna NULL false 1000000.00 900000.00",
		"Ekonomiskt bistånd NULL false 2000000.00 2100000.00", "Summa NULL true 6000000.00 5500000.00",
	})
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("%s findings, want 0", n)
	}
}
