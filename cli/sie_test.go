package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// sieUnitLines is budget_deviation as "period|unit|parent|is_total|budget|actual".
const sieUnitLines = `SELECT period_start || '|' || unit || '|' || coalesce(parent_unit_key, '') || '|' || is_total || '|' ||
	coalesce(budget_sek || '', 'NULL') || '|' || coalesce(actual_sek || '', 'NULL')
	FROM budget_deviation ORDER BY period_start, is_total DESC, unit`

// sieParts checks that the rows that are not totals add up, per period,
// to the total row, for outcome and budget alike.
const sieParts = `SELECT count(*) FROM (
	SELECT period_start, sum(actual_sek) FILTER (WHERE is_total) AS t, sum(actual_sek) FILTER (WHERE NOT is_total) AS p,
	       sum(budget_sek) FILTER (WHERE is_total) AS tb, sum(budget_sek) FILTER (WHERE NOT is_total) AS pb
	FROM budget_deviation GROUP BY period_start)
	WHERE t IS DISTINCT FROM p OR coalesce(tb, 0) <> coalesce(pb, 0)`

// lineOf is the 1-based line of a file's text that starts with prefix.
func lineOf(t *testing.T, text []byte, prefix string) string {
	t.Helper()
	for i, l := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(l, prefix) {
			return fmt.Sprint(i + 1)
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return ""
}

// A municipality's type 3 export in code page 437 with totals and
// cost-centre parts per account and month: budget_deviation has each cost
// centre's month, what the parts leave uncovered, and the organisation as
// their total, to the öre of the hand sums.
func TestSIEPeriodsAndBudgets(t *testing.T) {
	h := newHarness(t, "")
	data := fixture.SIEMunicipality()
	h.runFile("kommun.se", string(data))
	// Result accounts 3010, 4610, 5011 (1930 is a balance account):
	// 2016-12 (#RAR -1): 4610 100 000 + 5011 75 000 = 175 000; parts 7110 100 000, 7120 75 000.
	// 2017-01 outcome: 120 000 + 80 000,50 − 15 000 = 185 000,50;
	//   7110: 70 000 + 40 000,25 − 15 000 = 95 000,25; 7120: 40 000,25; 7130: 45 000;
	//   uncovered: 185 000,50 − 95 000,25 − 40 000,25 − 45 000 = 5 000 (4610's total 120 000 vs its parts 115 000).
	// 2017-01 budget: 115 000 + 80 000 − 14 000 = 181 000; 7110: 65 000 + 40 000 − 14 000 = 91 000; 7120 40 000; 7130 50 000.
	// 2017-02 outcome: 110 000 + 81 000 − 12 000 = 179 000; 7110: 60 000 + 41 000 = 101 000; 7120 40 000;
	//   7130 50 000; uncovered: the 3010 total −12 000 has no parts.
	// 2017-02 budget: 112 000 + 82 000 − 12 500 = 181 500; 7110: 62 000 + 41 000 − 12 500 = 90 500; 7120 41 000; 7130 50 000.
	org := "Socialförvaltningen Östra Åby"
	sameLines(t, h.lines(sieUnitLines), []string{
		"2016-12-01|" + org + "||true|NULL|175000.00",
		"2016-12-01|Ärendehandläggning|" + org + "|false|NULL|75000.00",
		"2016-12-01|Öppenvård vuxna|" + org + "|false|NULL|100000.00",
		"2017-01-01|" + org + "||true|181000.00|185000.50",
		"2017-01-01|(utan kostnadsställe)|" + org + "|false|0.00|5000.00",
		"2017-01-01|Ärendehandläggning|" + org + "|false|40000.00|40000.25",
		"2017-01-01|Åtgärder barn och unga|" + org + "|false|50000.00|45000.00",
		"2017-01-01|Öppenvård vuxna|" + org + "|false|91000.00|95000.25",
		"2017-02-01|" + org + "||true|181500.00|179000.00",
		"2017-02-01|(utan kostnadsställe)|" + org + "|false|0.00|-12000.00",
		"2017-02-01|Ärendehandläggning|" + org + "|false|41000.00|40000.00",
		"2017-02-01|Åtgärder barn och unga|" + org + "|false|50000.00|50000.00",
		"2017-02-01|Öppenvård vuxna|" + org + "|false|90500.00|101000.00",
	})
	if n := h.one(sieParts); n != "0" {
		t.Errorf("%s periods whose parts do not add up to their total", n)
	}
	if n := h.one(`SELECT count(*) FROM budget_deviation WHERE unit LIKE '%™%' OR unit LIKE '%Ž%' OR unit LIKE '%Ã%'`); n != "0" {
		t.Errorf("%s names read in the wrong code page", n)
	}
	// The ledger: every #PSALDO and #PBUDGET row, outcome and budget of one
	// account, object list and month on one line: 23 #PSALDO keys, and the
	// 2017-02 3010 {1 7110} budget that has no outcome row.
	sameLines(t, h.lines(`SELECT count(*) || ' ' || count(amount_sek) || ' ' || count(budget_sek) FROM ledger WHERE line_kind = 'balance'`),
		[]string{"24 23 16"})
	sameLines(t, h.lines(`SELECT account_name || '|' || ansvar || '|' || ansvar_name || '|' || unit_key || '|' || amount_sek || '|' || budget_sek
		FROM ledger WHERE account = '4610' AND period_start = DATE '2017-01-01' AND ansvar = '7110' AND cardinality(dimensions) = 0`),
		[]string{"Köp av huvudverksamhet, HVB|7110|Öppenvård vuxna|Öppenvård vuxna|70000.00|65000.00"})
	sameLines(t, h.lines(`SELECT CAST(dimensions AS VARCHAR) || ' ' || amount_sek FROM ledger
		WHERE account = '4610' AND period_start = DATE '2017-01-01' AND cardinality(dimensions) > 0 ORDER BY ansvar NULLS FIRST`),
		[]string{"{Projekt=P1} 30000.00", "{Projekt=P1} 30000.00"})
	// The one place where parts and total differ: 4610 in January, 115 000 of 120 000.
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" || ' ' || reported || ' ' || recomputed FROM findings`),
		[]string{"total_mismatch " + lineOf(t, data, "#PSALDO 0 201701 4610 {}") + " 120000.00 115000.00"})
}

// A type 4 export without #PSALDO, UTF-8 under "#FORMAT PC8", named with
// no ending: the outcome comes from the voucher rows, each in the month of
// its own date; an added row (#RTRANS and its #TRANS) counts once, a
// removed one (#BTRANS) not at all.
func TestSIEVouchers(t *testing.T) {
	h := newHarness(t, "")
	pnr := fixture.Personnummer("19800101", "998", fixture.PnrShort)
	data := fixture.SIEVouchers(pnr)
	h.runFile("fortnox_export", string(data))
	// Result accounts 3010 and 4620:
	// 2017-01: A1 4620 25 000 (7110) + 12 500,50 (7120, dated 31 jan) = 37 500,50.
	// 2017-02: A2 4620 3 000 dated 3 feb (no cost centre) + A3 3010 −800 (7110)
	//   + B1 4620 1 000 (7120, counted once; the removed 7110 row not) = 3 200.
	org := "Vård och omsorg Ölme"
	sameLines(t, h.lines(sieUnitLines), []string{
		"2017-01-01|" + org + "||true|NULL|37500.50",
		"2017-01-01|Äldreomsorg|" + org + "|false|NULL|12500.50",
		"2017-01-01|Öppenvård vuxna|" + org + "|false|NULL|25000.00",
		"2017-02-01|" + org + "||true|NULL|3200.00",
		"2017-02-01|(utan resultatenhet)|" + org + "|false|NULL|3000.00",
		"2017-02-01|Äldreomsorg|" + org + "|false|NULL|1000.00",
		"2017-02-01|Öppenvård vuxna|" + org + "|false|NULL|-800.00",
	})
	if n := h.one(sieParts); n != "0" {
		t.Errorf("%s periods whose parts do not add up to their total", n)
	}
	// Nine rows make the four vouchers, which each balance: the ledger sums to zero.
	sameLines(t, h.lines(`SELECT count(*) || ' ' || sum(amount_sek) FROM ledger WHERE line_kind = 'voucher'`), []string{"9 0.00"})
	sameLines(t, h.lines(`SELECT voucher || '|' || booking_date || '|' || period_start || '|' || coalesce(text, 'NULL') || '|' || amount_sek
		FROM ledger WHERE account = '4620' ORDER BY source_row`), []string{
		"A 1|2017-01-05|2017-01-01|Arvode|25000.00",
		"A 1|2017-01-31|2017-01-01|Familjehem januari|12500.50",
		"A 2|2017-02-03|2017-02-01|Ersättning jourhem [personnummer]|3000.00",
		"B 1|2017-02-20|2017-02-01|Rättelse|1000.00",
	})
	sameLines(t, h.lines(`SELECT CAST(dimensions AS VARCHAR) FROM ledger WHERE cardinality(dimensions) > 0`), []string{"{Projekt=P1}"})
	// The personnummer in a text is replaced and said to be; the books
	// themselves are right (#UB, #RES), so nothing else is found.
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings`),
		[]string{"personal_data " + lineOf(t, data, "#TRANS 4620 {} 3000.00")})
	assertNoPersonnummer(t, h, "Pnr\n"+pnr)
}

// #PSALDO with account totals only, vouchers with cost centres: the
// outcome is #PSALDO's, the cost centres' parts of it come from the
// vouchers, and the uncovered unit has the rest.
func TestSIEPeriodTotalsVoucherParts(t *testing.T) {
	h := newHarness(t, "")
	data := strings.Replace(string(fixture.SIEVouchers("ingen")), "#RES 0 4620 41500.50\r\n",
		"#RES 0 4620 42000.50\r\n#PSALDO 0 201701 4620 {} 37500.50\r\n#PSALDO 0 201702 4620 {} 4500.00\r\n#PSALDO 0 201702 3010 {} -800.00\r\n", 1)
	h.runFile("periods_and_vouchers.se", data)
	// 2017-01: #PSALDO 37 500,50; vouchers 7110 25 000, 7120 12 500,50.
	// 2017-02: #PSALDO 4 500 − 800 = 3 700; vouchers 7110 −800, 7120 1 000;
	//   uncovered 3 700 + 800 − 1 000 = 3 500.
	org := "Vård och omsorg Ölme"
	sameLines(t, h.lines(sieUnitLines), []string{
		"2017-01-01|" + org + "||true|NULL|37500.50",
		"2017-01-01|Äldreomsorg|" + org + "|false|NULL|12500.50",
		"2017-01-01|Öppenvård vuxna|" + org + "|false|NULL|25000.00",
		"2017-02-01|" + org + "||true|NULL|3700.00",
		"2017-02-01|(utan resultatenhet)|" + org + "|false|NULL|3500.00",
		"2017-02-01|Äldreomsorg|" + org + "|false|NULL|1000.00",
		"2017-02-01|Öppenvård vuxna|" + org + "|false|NULL|-800.00",
	})
	if n := h.one(sieParts); n != "0" {
		t.Errorf("%s periods whose parts do not add up to their total", n)
	}
}

// A personnummer in an account's or object's name, or an object code
// that is one, goes nowhere; findings name the lines.
func TestSIENamesWithPersonnummer(t *testing.T) {
	h := newHarness(t, "")
	pnr := fixture.Personnummer("19800101", "998", fixture.PnrLong)
	data := strings.NewReplacer(
		`#KONTO 2440 "Leverantörsskulder"`, `#KONTO 2440 "Skuld till `+pnr+`"`,
		`#OBJEKT 1 "7120" "Äldreomsorg"`, `#OBJEKT 1 "7120" "Äldreomsorg"`+"\r\n"+`#OBJEKT 8 "`+pnr+`" "Privatkund"`,
		`#TRANS 1930 {} -3000.00 "" "" 0`, `#TRANS 1930 {8 "`+pnr+`"} -3000.00 "" "" 0`,
		`#TRANS 1930 {} 800.00`, `#TRANS 1930 {9 "`+pnr[2:]+`"} 800.00`, // a code no #OBJEKT declares
	).Replace(string(fixture.SIEVouchers("ingen")))
	h.runFile("namn.se", data)
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings ORDER BY "row"`), []string{
		"personal_data " + lineOf(t, []byte(data), "#KONTO 2440"),
		"personal_data " + lineOf(t, []byte(data), "#OBJEKT 8"),
		"personal_data " + lineOf(t, []byte(data), "   #TRANS 1930 {9"),
	})
	sameLines(t, h.lines(`SELECT DISTINCT account_name FROM ledger WHERE account = '2440'`), []string{"Skuld till [personnummer]"})
	if n := h.one(`SELECT count(*) FROM ledger WHERE cardinality(dimensions) > 0 AND account = '1930'`); n != "0" {
		t.Errorf("the private customer's object code was kept on %s lines", n)
	}
	assertNoPersonnummer(t, h, "Pnr\n"+pnr)
}

// Visma Avendo's rows do not overlap: the row without objects is what
// was booked without any, and an account's #RES is the sum of all its
// rows. Dimension 7 names employees: they go nowhere.
func TestSIEDisjointRows(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("avendo.se", string(fixture.SIEDisjoint()))
	// 2011-01: 3740 0,27 − 1,00 + 0,25 (Nord) + 5410 1 200 + 3 000 (Nord) + 2 500 (Syd) = 6 699,52;
	//   Nord 3 000,25, Syd 2 500, uncovered 0,27 − 1,00 + 1 200 = 1 199,27; budget 5410 6 000.
	// 2011-02: 0,87 − 0,50 − 1,00 + 800 (Syd) = 799,37; uncovered −0,63; budget 6 000.
	// 2011-03: 1,13 − 0,25 (Nord) − 0,50 (Syd) = 0,38; uncovered 1,13.
	// The year: 6 699,52 + 799,37 + 0,38 = 7 499,27 = #RES 3740 −0,73 + #RES 5410 7 500.
	org := "Individ- och familjeomsorgen"
	sameLines(t, h.lines(sieUnitLines), []string{
		"2011-01-01|" + org + "||true|6000.00|6699.52",
		"2011-01-01|(utan resultatenheter)|" + org + "|false|6000.00|1199.27",
		"2011-01-01|Kontor Nord|" + org + "|false|NULL|3000.25",
		"2011-01-01|Kontor Syd|" + org + "|false|NULL|2500.00",
		"2011-02-01|" + org + "||true|6000.00|799.37",
		"2011-02-01|(utan resultatenheter)|" + org + "|false|6000.00|-0.63",
		"2011-02-01|Kontor Syd|" + org + "|false|NULL|800.00",
		"2011-03-01|" + org + "||true|NULL|0.38",
		"2011-03-01|(utan resultatenheter)|" + org + "|false|NULL|1.13",
		"2011-03-01|Kontor Nord|" + org + "|false|NULL|-0.25",
		"2011-03-01|Kontor Syd|" + org + "|false|NULL|-0.50",
	})
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %v", h.query(`SELECT kind, message FROM findings`))
	}
	for _, name := range []string{"Svensson", "Larsson"} {
		if n := h.one(`SELECT count(*) FROM ledger WHERE CAST(dimensions AS VARCHAR) LIKE ? OR text LIKE ? OR ansvar_name LIKE ?`,
			"%"+name+"%", "%"+name+"%", "%"+name+"%"); n != "0" {
			t.Errorf("an employee's name is in the ledger")
		}
	}
	if n := h.one(`SELECT count(*) FROM ledger WHERE cardinality(dimensions) > 0`); n != "0" {
		t.Errorf("%s ledger lines keep the employee dimension", n)
	}
}

// SoftOne XE's tabs, "{ }" and "" quantities, a broken financial year and
// no object lists: the organisation is the only unit, not a total; a file
// ending in .txt is a SIE file by its content.
func TestSIETabsAndNoObjects(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("xe_export.txt", string(fixture.SIEPeriods()))
	// 2015-09: 3010 −5 163,30 + 4010 2 000 = −3 163,30, budget −6 000; 2015-10: 0, budget −6 000.
	sameLines(t, h.lines(sieUnitLines), []string{
		"2015-09-01|Stöd och omsorg||false|-6000.00|-3163.30",
		"2015-10-01|Stöd och omsorg||false|-6000.00|0.00",
	})
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %v", h.query(`SELECT kind, message FROM findings`))
	}
}

// A type 1 file has no months and no vouchers: each year's #RES of the
// result accounts is the year's outcome.
func TestSIEYearsOnly(t *testing.T) {
	h := newHarness(t, "")
	var keep []string
	for _, l := range strings.Split(string(fixture.SIEPeriods()), "\r\n") {
		if !strings.HasPrefix(l, "#PSALDO") && !strings.HasPrefix(l, "#PBUDGET") {
			keep = append(keep, strings.Replace(l, "#SIETYP\t2", "#SIETYP\t1", 1))
		}
	}
	h.runFile("arssaldon.se", strings.Join(keep, "\r\n"))
	// #RES 0 3010 −5 163,30 + #RES 0 4010 2 000 = −3 163,30 over the year September–August.
	sameLines(t, h.lines(`SELECT period_start || '..' || period_end || ' ' || unit || ' ' || actual_sek FROM budget_deviation`),
		[]string{"2015-09-01..2016-08-31 Stöd och omsorg -3163.30"})
}

// A broken amount fails its file naming the line, with nothing of it
// stored; an unknown #SIETYP and a missing #RAR say so; the other file of
// the source loads.
func TestSIEBadFiles(t *testing.T) {
	h := newHarness(t, "")
	good := fixture.SIEMunicipality()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(h.inbox, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := strings.Replace(string(good), "#PSALDO 0 201702 4610 {} 110000.00", "#PSALDO 0 201702 4610 {} 110O00.00", 1)
	write("broken.se", []byte(broken))
	write("typ5.se", []byte(strings.Replace(string(good), "#SIETYP 3", "#SIETYP 5", 1)))
	write("norar.sie", []byte(strings.NewReplacer("#RAR 0 20170101 20171231\r\n", "", "#RAR -1 20160101 20161231\r\n", "").Replace(string(good))))
	write("xe.se", fixture.SIEPeriods())
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	all := out + errs
	contains(t, all, "broken.se:"+lineOf(t, []byte(broken), "#PSALDO 0 201702 4610 {}")+": #PSALDO: the amount is not a number like -1234.50", "broken amount")
	contains(t, all, "typ5.se:5: unknown #SIETYP", "unknown type")
	contains(t, all, "norar.sie: no #RAR", "no #RAR")
	sameLines(t, h.lines(`SELECT regexp_extract(file, '[^/]+$') || ' ' || status FROM load_log ORDER BY file`),
		[]string{"broken.se failed", "norar.sie failed", "typ5.se failed", "xe.se loaded"})
	sameLines(t, h.lines(`SELECT DISTINCT regexp_extract(source_file, '[^/]+$') FROM budget_deviation`), []string{"xe.se"})
	if n := h.one(`SELECT count(*) FROM ledger WHERE source_file NOT LIKE '%xe.se'`); n != "0" {
		t.Errorf("%s ledger lines of failed files", n)
	}
}

// The checks an accountant makes, as findings, allowing for the rounding
// of amounts written in whole kronor.
func TestSIEChecks(t *testing.T) {
	h := newHarness(t, "")
	data := string(fixture.SIEVouchers("ingen"))
	data = strings.NewReplacer(
		"#TRANS 2440 {} -1000.00", "#TRANS 2440 {} -900.00", // B 1 adds up to 100
		"#UB 0 1930 60299.50", "#UB 0 1930 60300.00", // IB 100 000 + movements −39 700,50 = 60 299,50
		"#RES 0 4620 41500.50", "#RES 0 4620 41501", // whole kronor: 41 500,50 rounds to 41 501, no finding
		"#RES 0 3010 -800.00", "#RES 0 3010 -810.00", // the rows add up to −800
	).Replace(data)
	h.runFile("checks.se", data)
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" || ' ' || reported || ' ' || recomputed FROM findings ORDER BY kind`), []string{
		"balance_mismatch " + lineOf(t, []byte(data), "#UB 0 1930") + " 60300.00 60299.50",
		"result_mismatch " + lineOf(t, []byte(data), "#RES 0 3010") + " -810.00 -800.00",
		"voucher_unbalanced " + lineOf(t, []byte(data), "#VER B 1") + " 0.00 100.00",
	})
}

// Two organisations' books in one source keep their own ledger lines:
// lines without a cost centre belong to their organisation (its unit
// key), so a newer file of the other company supersedes none of them.
func TestSIETwoOrganisationsInOneSource(t *testing.T) {
	h := newHarness(t, "")
	sieFile := func(org, amount string) string {
		return "#FLAGGA 0\r\n#PROGRAM \"Test\" 1.0\r\n#FORMAT PC8\r\n#GEN 20170201\r\n#SIETYP 4\r\n" +
			"#FNAMN \"" + org + "\"\r\n#RAR 0 20170101 20171231\r\n" +
			"#KONTO 4620 \"Köpta tjänster\"\r\n#KONTO 1930 \"Bank\"\r\n" +
			"#VER A 1 20170115 \"Inköp\"\r\n{\r\n#TRANS 4620 {} " + amount + "\r\n#TRANS 1930 {} -" + amount + "\r\n}\r\n"
	}
	h.runFile("bolag_a.se", sieFile("Bolag A", "1000.00"))
	h.runFile("bolag_b.se", sieFile("Bolag B", "2500.00"))
	// Each company's voucher: 4620 debit and 1930 credit, two lines each.
	sameLines(t, h.lines(`SELECT f || ' ' || n || ' ' || s FROM (SELECT regexp_extract(source_file, 'bolag_[ab]') AS f, count(*) AS n,
		sum(amount_sek) FILTER (WHERE account = '4620') AS s FROM ledger WHERE line_kind = 'voucher' GROUP BY f) ORDER BY f`),
		[]string{"bolag_a 2 1000.00", "bolag_b 2 2500.00"})
	sameLines(t, h.lines(`SELECT unit || ' ' || actual_sek FROM budget_deviation ORDER BY unit`), []string{"Bolag A 1000.00", "Bolag B 2500.00"})
}
