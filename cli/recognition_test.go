package cli

import "testing"

// A Summa printed on two lines, its label alone and its figures under it,
// reaches the warehouse as one total row with the values' row as its
// lineage; a row of values under a label that is no total is a reject.
// Constructed test values: 12 400 + 8 300 = 20 700 and 13 150 + 7 980 =
// 21 130.
func TestTotalOnTheNextLineLoads(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("uppfoljning_2024.csv", "Uppföljning socialnämnden 2024, tkr\r\nVerksamhet;Budget;Utfall\r\n"+
		"Barn och unga;12 400;13 150\r\nVuxna;8 300;7 980\r\nTotalt socialnämnden;;\r\n;20 700;21 130\r\n"+
		"\r\nMedelsbehov\r\n;1 200;1 300\r\n")
	sameLines(t, h.lines(`SELECT unit || '|' || source_row || '|' || budget_sek || '|' || actual_sek || '|' || is_total
		FROM budget_deviation ORDER BY source_row`), []string{
		"Barn och unga|3|12400000.00|13150000.00|false",
		"Vuxna|4|8300000.00|7980000.00|false",
		"Totalt socialnämnden|6|20700000.00|21130000.00|true",
	})
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'total_mismatch'`); n != "0" {
		t.Errorf("total findings: %v", h.query(`SELECT message FROM findings`))
	}
	sameLines(t, h.lines(`SELECT "row" || ' ' || col || ' ' || reason FROM rejects`), []string{
		"9 2 row 9 has values but no label, and is no total's second line: not read into any table",
	})
}

// The config's columns: rescues a column of counts that all read as
// years, which recognition alone takes for rows of year headers.
func TestMeasureOverrideLoadsYearLookingCounts(t *testing.T) {
	h := newHarness(t, "    columns:\n      \"Insatser\": {role: measure, unit: count}\n")
	h.runFile("insatser_2024.csv", "Enhet;Insatser\r\nNorr;2021\r\nSöder;2024\r\nVäst;2030\r\n")
	sameLines(t, h.lines(`SELECT subject || ' ' || value || ' ' || value_unit || ' ' || period_start FROM figures ORDER BY source_row`),
		[]string{"Norr 2021.00 count 2024-01-01", "Söder 2024.00 count 2024-01-01", "Väst 2030.00 count 2024-01-01"})
}
