package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// loadFixture runs socdw over the file build writes into a fresh inbox.
func loadFixture(t *testing.T, build func(dir string) (string, error)) *harness {
	t.Helper()
	h := newHarness(t, "")
	mustFile(t)(build(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	return h
}

// A Kolada export in long format: 27 municipalities × 3 key figures × 3
// years, one value column. Every value cell is one figure carrying all its
// dimensions, in the unit its key figure's title names; the year and the
// codes are no figures.
func TestKoladaLongFormat(t *testing.T) {
	h := loadFixture(t, fixture.KoladaExport)
	// 243 value cells, five of them "..".
	if n := h.one(`SELECT count(*) FROM figures`); n != "238" {
		t.Errorf("figures: %s, want 243 - 5 = 238", n)
	}
	if n := h.one(`SELECT count(DISTINCT dimensions['Kommun']) FROM figures`); n != "27" {
		t.Errorf("municipalities told apart: %s, want 27", n)
	}
	// Each figure is about its row's municipality, not the source's.
	if n := h.one(`SELECT count(*) FROM figures WHERE kommun <> dimensions['Kommun']`); n != "0" {
		t.Errorf("%s figures whose kommun is not their row's Kommun", n)
	}
	if n := h.one(`SELECT count(*) FROM figures WHERE measure <> 'Värde'`); n != "0" {
		t.Errorf("%s figures from other columns than Värde (a year or a code loaded as a figure)", n)
	}
	// kr/inv: 81 cells less Vaxholm 2023; andel (%): 81 less Järfälla
	// 2021; antal: 81 less Nykvarn's three years. None is SEK.
	sameLines(t, h.lines(`SELECT value_unit || ' ' || count(*) FROM figures GROUP BY value_unit ORDER BY value_unit`),
		[]string{"SEK/inhabitant 80", "count 78", "percent 80"})
	if n := h.one(`SELECT count(*) FROM figures WHERE year(period_start) NOT BETWEEN 2021 AND 2023 OR period_start <> make_date(year(period_start), 1, 1) OR period_end <> make_date(year(period_start), 12, 31)`); n != "0" {
		t.Errorf("%s figures outside the years 2021–2023 or not a whole year", n)
	}
	// Botkyrka 2023, read off the export: 4 899 kr/inv, 3,2 %, 88.
	sameLines(t, h.lines(`SELECT subject || '|' || value || '|' || value_unit || '|' || dimensions['Kommun-id'] || '|' || dimensions['Nyckeltals-id']
		FROM figures WHERE dimensions['Kommun'] = 'Botkyrka' AND year(period_start) = 2023 ORDER BY source_row`), []string{
		"Botkyrka > Nettokostnad individ- och familjeomsorg, kr/inv|4899.00|SEK/inhabitant|0127|N30005",
		"Botkyrka > Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)|3.20|percent|0127|N31816",
		"Botkyrka > Barn och unga 0-20 år med heldygnsinsats, antal|88.00|count|0127|N33008",
	})
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %s, want none", n)
	}
}

// An SCB PxWeb CSV: region codes with names, a content column naming the
// unit, years across, ".." for a value not published.
func TestSCBPxWebCSV(t *testing.T) {
	h := loadFixture(t, fixture.SCBPxWebCSV)
	if n := h.one(`SELECT count(*) FROM figures`); n != "29" {
		t.Errorf("figures: %s, want 5 regions × 2 contents × 3 years - 1 = 29", n)
	}
	// Stockholm 2022: 1 200 + 2·700 + 25 = 2 625 households; 61 000 +
	// 2·42 000 + 1 500 = 146 500 tkr paid.
	sameLines(t, h.lines(`SELECT subject || '|' || value || '|' || value_unit || '|' || period_start || '|' || period_end FROM figures
		WHERE dimensions['region'] = '0180 Stockholm' AND measure = '2022' ORDER BY source_row`), []string{
		"0180 Stockholm > Biståndshushåll, antal|2625.00|count|2022-01-01|2022-12-31",
		"0180 Stockholm > Utbetalt ekonomiskt bistånd, tkr|146500000.00|SEK|2022-01-01|2022-12-31",
	})
	if n := h.one(`SELECT count(*) FROM figures WHERE dimensions['region'] = '0181 Södertälje' AND measure = '2023' AND value_unit = 'SEK'`); n != "0" {
		t.Errorf("Södertälje's unpublished 2023 payments (..) loaded as %s figures", n)
	}
	if n := h.one(`SELECT count(DISTINCT dimensions['region']) FROM figures`); n != "5" {
		t.Errorf("regions: %s, want 5", n)
	}
}

// A Socialstyrelsen statistikdatabas export: År left of the region, Kön a
// dimension, "x" for a confidential count, a rate per 1 000 a plain
// number.
func TestSocialstyrelsenExport(t *testing.T) {
	h := loadFixture(t, fixture.SocialstyrelsenExport)
	if n := h.one(`SELECT count(*) FROM figures`); n != "22" {
		t.Errorf("figures: %s, want 2 years × 3 regions × 2 sexes × 2 columns - 2 = 22", n)
	}
	// Haninge, girls, 2022: 28 + 3 + 2 = 33 children, (18 + 3 + 2) / 10 = 2,3 per 1 000.
	sameLines(t, h.lines(`SELECT measure || '|' || value || '|' || value_unit FROM figures
		WHERE dimensions['Region'] = 'Haninge' AND dimensions['Kön'] = 'Flickor' AND year(period_start) = 2022 ORDER BY source_col`),
		[]string{"Antal|33.00|count", "Per 1 000 invånare|2.30|number"})
	if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
		t.Errorf("rejects: %s; an 'x' is no value, not a bad one", n)
	}
}

// Ekonomiskt bistånd per month: År and Månad make one month per row; tkr
// is scaled to SEK, households are counts; the unclosed month's "--" is
// no value and no header.
func TestBistandYearAndMonthColumns(t *testing.T) {
	h := loadFixture(t, fixture.EkonomisktBistandPerManad)
	if n := h.one(`SELECT count(*) FROM figures`); n != "34" {
		t.Errorf("figures: %s, want 17 months with values × 2 = 34", n)
	}
	if n := h.one(`SELECT count(*) FROM figures WHERE period_end <> last_day(period_start) OR day(period_start) <> 1`); n != "0" {
		t.Errorf("%s figures not of one month", n)
	}
	// March 2023: 1 850 + 2·31 = 1 912 households, 17 900 + 2·285 = 18 470 tkr.
	sameLines(t, h.lines(`SELECT measure || '|' || value || '|' || value_unit FROM figures WHERE period_start = '2023-03-01' ORDER BY source_col`),
		[]string{"Antal hushåll|1912.00|count", "Utbetalt bistånd, tkr|18470000.00|SEK"})
	// 2023 paid: 12 · 17 900 + 285 · (0 + … + 11) = 233 610 tkr, less
	// July's 17 900 + 6 · 285 = 19 610: 214 000 tkr.
	if v := h.one(`SELECT sum(value) FROM figures WHERE value_unit = 'SEK' AND year(period_start) = 2023`); v != "214000000.00" {
		t.Errorf("2023 paid: %s, want 214000000.00", v)
	}
	// The months after the "--" row keep their tkr: December 2023 is
	// 17 900 + 11 · 285 = 21 035 tkr.
	if v := h.one(`SELECT value FROM figures WHERE value_unit = 'SEK' AND period_start = '2023-12-01'`); v != "21035000.00" {
		t.Errorf("December 2023 paid: %s, want 21035000.00", v)
	}
	if n := h.one(`SELECT count(*) FROM figures WHERE month(period_start) = 7`); n != "0" {
		t.Errorf("the July rows (--) gave %s figures", n)
	}
	if n := h.one(`SELECT count(*) FROM load_log WHERE status = 'loaded'`); n != "1" {
		t.Errorf("one table, one load: %s", n)
	}
}

// A row of whole numbers that read as years inside a table is data, not a
// new header: the amounts keep their tkr and their year.
func TestRowOfYearLikeNumbersIsData(t *testing.T) {
	h := newHarness(t, "")
	f := newSheet(t, [][]any{
		{"Utbetalt ekonomiskt bistånd per år (tkr)"},
		{},
		{"År", "Hushåll", "Utbetalt"},
		{2019, 1850, 48200},
		{2020, 2031, 2044},
		{2021, 1990, 51300},
	})
	path := filepath.Join(h.inbox, "bistand_per_ar.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT year(period_start) || ' ' || measure || ' ' || value || ' ' || value_unit FROM figures ORDER BY source_row, source_col`), []string{
		"2019 Hushåll 1850.00 count", "2019 Utbetalt 48200000.00 SEK",
		"2020 Hushåll 2031.00 count", "2020 Utbetalt 2044000.00 SEK",
		"2021 Hushåll 1990.00 count", "2021 Utbetalt 51300000.00 SEK",
	})
}

// Month columns without a year take the title's year: the placement table
// of 2024 fills placements for January–March 2024.
func TestMonthColumnsTakeTheTitleYear(t *testing.T) {
	h := loadFixture(t, fixture.PlaceradePerManad)
	// check reports the table's January–March, not its first column's month.
	st, out, _ := h.run("check", "--source", "test", filepath.Join(h.inbox, "placerade_per_manad.xlsx"))
	if st != ExitOK {
		t.Fatalf("check: %d %s", st, out)
	}
	contains(t, out, "kind placement_count; period 2024-01-01..2024-03-31;", "the table's span")
	sameLines(t, h.lines(`SELECT placement_form || ' ' || period_start || ' ' || period_end || ' ' || persons FROM placements ORDER BY placement_form, period_start`), []string{
		"Familjehem 2024-01-01 2024-01-31 30", "Familjehem 2024-02-01 2024-02-29 31", "Familjehem 2024-03-01 2024-03-31 29",
		"HVB 2024-01-01 2024-01-31 12", "HVB 2024-02-01 2024-02-29 11", "HVB 2024-03-01 2024-03-31 13",
		"Jourhem 2024-01-01 2024-01-31 4", "Jourhem 2024-02-01 2024-02-29 5", "Jourhem 2024-03-01 2024-03-31 3",
	})
}

// Guards: a year before 1990 is refused with its cell while the rest
// loads; mostly distinct eight-digit numbers are an identifier; a value
// column that names no unit in a table without money holds plain numbers
// with a finding.
func TestGuardsRefuseAndSay(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("enheter.csv", "Enhet;År;Referens;Värde\r\n"+
		"Norr;2023;48213377;12\r\nSöder;2023;48213391;15\r\nVäster;2023;48213402;9\r\nÖster;2023;48213415;11\r\nCentrum;1985;48213427;14\r\n")
	st, out, _ := h.run("check", "--format", "json", "--source", "test", filepath.Join(h.inbox, "enheter.csv"))
	if st != ExitOK {
		t.Fatalf("check: %d %s", st, out)
	}
	// The table's own: the refused cell, and the findings unit_unknown
	// and value_refused.
	contains(t, out, `"rejects": 1,
        "findings": 2`, "the table's rejects and findings in check --format json")
	sameLines(t, h.lines(`SELECT subject || ' ' || year(period_start) || ' ' || measure || ' ' || value || ' ' || value_unit FROM figures ORDER BY source_row`), []string{
		"Norr 2023 Värde 12.00 number", "Söder 2023 Värde 15.00 number", "Väster 2023 Värde 9.00 number", "Öster 2023 Värde 11.00 number",
	})
	contains(t, h.one(`SELECT row || ':' || col || ' ' || reason FROM rejects`), "6:4 period 1985-01-01..1985-12-31 is outside 1990", "the refused year")
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'unit_unknown'`); n != "1" {
		t.Errorf("unit_unknown findings: %s, want 1", n)
	}
	contains(t, h.one(`SELECT message FROM findings WHERE kind = 'value_refused'`), "1 of the table's values not loaded", "what the guard refused")
	if st := h.one(`SELECT status FROM load_log`); st != "loaded" {
		t.Errorf("status %s: what is sound loads", st)
	}
}

// check shows every column's role, unit and evidence; --format json gives
// the same to programs.
func TestCheckShowsColumnRoles(t *testing.T) {
	h := newHarness(t, "")
	kolada := mustFile(t)(fixture.KoladaExport(h.inbox))
	st, out, errs := h.run("check", "--source", "test", kolada)
	if st != ExitOK {
		t.Fatalf("check: %d %s %s", st, out, errs)
	}
	contains(t, out, `E   "År"                     period: header 'År'; 243/243 values are years 2021–2023`, "year column")
	contains(t, out, `B   "Kommun-id"              identifier`, "code column")
	contains(t, out, `F   "Värde"                  measure [SEK/inhabitant, percent, count]`, "value column")
	st, out, errs = h.run("check", "--format", "json", "--source", "test", kolada)
	if st != ExitOK {
		t.Fatalf("check json: %d %s %s", st, out, errs)
	}
	var files []struct {
		Tables []struct {
			Kind, Period string
			Rows         int
			Columns      []struct{ Letter, Header, Role, Unit, Evidence string }
		}
		Load map[string]int `json:"would_load"`
	}
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(files) != 1 || len(files[0].Tables) != 1 {
		t.Fatalf("want one file with one table: %s", out)
	}
	tb := files[0].Tables[0]
	var roles []string
	for _, c := range tb.Columns {
		roles = append(roles, c.Letter+" "+c.Role)
	}
	sameLines(t, roles, []string{"A dimension", "B identifier", "C dimension", "D identifier", "E period", "F measure"})
	if tb.Period != "2021-01-01..2023-12-31" || tb.Rows != 243 || files[0].Load["figures"] != 238 {
		t.Errorf("table %+v, load %v", tb, files[0].Load)
	}
}

// config columns: corrects a guess, is validated with its line, is part of
// the fingerprint (a change reloads) and shows in check.
func TestColumnOverrides(t *testing.T) {
	h := newHarness(t, "    columns:\n      \"Värde\": {role: measure, unit: count}\n      C: ignore\n")
	h.runFile("enheter_2023.csv", "Enhet;Kod;Referens;Värde\r\nNorr;A1;7;12\r\nSöder;B2;8;15\r\n")
	sameLines(t, h.lines(`SELECT subject || ' ' || measure || ' ' || value || ' ' || value_unit FROM figures ORDER BY source_row`),
		[]string{"Norr Värde 12.00 count", "Söder Värde 15.00 count"})
	st, out, _ := h.run("check", "--source", "test", filepath.Join(h.inbox, "enheter_2023.csv"))
	if st != ExitOK {
		t.Fatalf("check: %d", st)
	}
	contains(t, out, `C   "Referens"               ignore: config columns: ignore (recognised as measure`, "override in check")
	// A changed override reloads the unchanged file.
	cfg, err := os.ReadFile(h.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.config, []byte(strings.Replace(string(cfg), "unit: count", "unit: percent", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK || !strings.Contains(out, "loaded") {
		t.Fatalf("run after the change: %d %s %s", st, out, errs)
	}
	if u := h.one(`SELECT DISTINCT value_unit FROM figures`); u != "percent" {
		t.Errorf("after the change: %s, want percent", u)
	}
	// An unknown role is a configuration error naming its line.
	bad := newHarness(t, "    columns:\n      \"Värde\": amount\n")
	st, _, errs := bad.run("run")
	if st != ExitUsage {
		t.Errorf("unknown role: status %d", st)
	}
	contains(t, errs, `socdw.yaml:7: sources[0].columns.Värde: role "amount"`, "config error")
}

// Month columns without a year and a title without one take the sheet's
// name, else the file's.
func TestMonthColumnsTakeTheSheetOrFileYear(t *testing.T) {
	h := newHarness(t, "")
	for _, c := range []struct{ file, sheet string }{{"placerade.xlsx", "2023"}, {"placerade_2022.xlsx", "Placeringar"}} {
		f := newSheet(t, [][]any{
			{"Antal placerade barn och unga per månad"},
			{},
			{"Placeringsform", "Jan", "Feb"},
			{"HVB", 7, 8},
			{"Familjehem", 21, 22},
		})
		if err := f.SetSheetName("Sheet1", c.sheet); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(filepath.Join(h.inbox, c.file)); err != nil {
			t.Fatal(err)
		}
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT period_start || ' ' || placement_form || ' ' || persons FROM placements ORDER BY period_start, placement_form`), []string{
		"2022-01-01 Familjehem 21", "2022-01-01 HVB 7", "2022-02-01 Familjehem 22", "2022-02-01 HVB 8",
		"2023-01-01 Familjehem 21", "2023-01-01 HVB 7", "2023-02-01 Familjehem 22", "2023-02-01 HVB 8",
	})
}

// A row whose label says kronor among rows in the title's tkr, its value
// printed in tkr all the same: a thousand times off the column, said so.
func TestThousandTimesOffIsAFinding(t *testing.T) {
	h := newHarness(t, "")
	f := newSheet(t, [][]any{
		{"Nettokostnader 2023 (tkr)"},
		{},
		{"Verksamhet", "Utfall"},
		{"Barn och unga", 52300},
		{"Vuxna", 61900},
		{"Ekonomiskt bistånd, kr", 48100},
		{"Socialpsykiatri", 44000},
	})
	if err := f.SaveAs(filepath.Join(h.inbox, "kostnader.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	// 48 100 kr against a median of 52 300 000 SEK: 1 087 times smaller.
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" || ' ' || reported || ' ' || recomputed FROM findings WHERE kind = 'magnitude_outlier'`),
		[]string{"magnitude_outlier 6 48100.00 52300000.00"})
	if n := h.one(`SELECT count(*) FROM figures`); n != "4" {
		t.Errorf("figures: %s, want all 4 still loaded", n)
	}
}

// A row of missing-value markers under a month label is a month without
// values, not the header of a new table: the months after it keep their
// tkr and their year.
func TestRowOfMarkersIsNoHeader(t *testing.T) {
	h := newHarness(t, "")
	f := newSheet(t, [][]any{
		{"Ekonomiskt bistånd 2024"},
		{},
		{"Månad", "Antal hushåll", "Utbetalt, tkr"},
		{"Januari", 1850, 17900},
		{"Februari", "--", "--"},
		{"Mars", 1912, 18470},
	})
	if err := f.SaveAs(filepath.Join(h.inbox, "bistand.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT period_start || ' ' || period_end || ' ' || value || ' ' || value_unit FROM figures ORDER BY source_row, source_col`), []string{
		"2024-01-01 2024-01-31 1850.00 count", "2024-01-01 2024-01-31 17900000.00 SEK",
		"2024-03-01 2024-03-31 1912.00 count", "2024-03-01 2024-03-31 18470000.00 SEK",
	})
}
