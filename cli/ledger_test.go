package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// ledgerBudget is budget_deviation as "unit start end actual total" lines.
const ledgerBudget = `SELECT unit || ' ' || period_start || ' ' || period_end || ' ' || coalesce(actual_sek || '', 'NULL') ||
	' ' || coalesce(budget_sek || '', 'NULL') || ' ' || is_total FROM budget_deviation ORDER BY period_start, is_total, unit`

// runLedger writes a ledger into a new harness's inbox and runs socdw.
func runLedger(t *testing.T, write func(dir string) (string, error)) *harness {
	t.Helper()
	h := newHarness(t, "")
	mustFile(t)(write(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	return h
}

// assertDrillDown checks that every budget_deviation row of a ledger is
// the sum of its lines in the ledger view (joined on the load, the unit
// and the period), and every total row the sum of all the month's lines.
func assertDrillDown(t *testing.T, h *harness) {
	t.Helper()
	bad := h.query(`SELECT b.unit, b.period_start, b.actual_sek, (
			SELECT sum(l.amount_sek) FROM ledger l WHERE l.load_id = b.load_id AND l.period_start = b.period_start
			AND l.period_end = b.period_end AND (b.is_total OR l.unit_key = b.unit_key)) AS lines
		FROM budget_deviation b WHERE b.actual_sek IS DISTINCT FROM lines`)
	if len(bad) > 0 {
		t.Errorf("budget rows that are not the sum of their ledger lines: %v", bad)
	}
	if n := h.one(`SELECT count(*) FROM figures`); n != "0" {
		t.Errorf("a ledger gave %s figures: its invoice numbers or amounts were read as a report", n)
	}
}

// assertNotStored fails when any text or map column of the warehouse
// holds one of the digit strings (a personnummer without its dash).
func assertNotStored(t *testing.T, h *harness, values ...string) {
	t.Helper()
	cols := h.query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'main' AND (data_type = 'VARCHAR' OR data_type LIKE 'MAP%')`)
	for _, c := range cols {
		for _, v := range h.query(fmt.Sprintf(`SELECT DISTINCT replace(CAST(%q AS VARCHAR), '-', '') FROM %q`, c[1], c[0])) {
			for _, n := range values {
				if strings.Contains(v[0], strings.ReplaceAll(n, "-", "")) {
					t.Errorf("%s.%s holds a sole trader's personnummer", c[0], c[1])
				}
			}
		}
	}
}

// Örebro's monthly accounts-payable file (förvaltning, leverantör,
// org.nr, fakturanr, konto with its name, utfall; no date): the month is
// the file name's, March 2016, not January–March; each nämnd's row is the
// sum of its invoices, invoice numbers are never amounts, and the sole
// trader is no counterparty.
func TestLedgerOrebro(t *testing.T) {
	for _, shape := range []struct {
		name  string
		write func(string) (string, error)
	}{{"workbook", fixture.LedgerOrebro}, {"tab-separated text", fixture.LedgerOrebroText}} {
		t.Run(shape.name, func(t *testing.T) {
			h := runLedger(t, shape.write)
			// Socialnämnden: 12 500,50 + 84 300 − 1 250 (credit note) + 6 000 = 101 550,50.
			// Vård- och omsorgsnämnd väster: 57 + 4 812,75 = 4 869,75.
			// The file: 101 550,50 + 4 869,75 = 106 420,25.
			sameLines(t, h.lines(ledgerBudget), []string{
				"Socialnämnden 2016-03-01 2016-03-31 101550.50 NULL false",
				"Vård- och omsorgsnämnd väster 2016-03-01 2016-03-31 4869.75 NULL false",
				"Totalt 2016-03-01 2016-03-31 106420.25 NULL true",
			})
			assertDrillDown(t, h)
			sameLines(t, h.lines(`SELECT line_kind || '|' || voucher || '|' || account || '|' || account_name || '|' ||
				coalesce(counterparty, 'NULL') || '|' || amount_sek || '|' || ansvar_name FROM ledger ORDER BY source_row`), []string{
				"invoice|835595|46362|Köp medicinskt material|Vårdbolaget Norr AB|12500.50|Socialnämnden",
				"invoice|835601|46110|Köp av huvudverksamhet HVB|Behandlingshemmet Ekbacken AB|84300.00|Socialnämnden",
				"invoice|835612|46362|Köp medicinskt material|Vårdbolaget Norr AB|-1250.00|Socialnämnden",
				"invoice|835620|46590|Konsulttjänster|NULL|6000.00|Socialnämnden",
				"invoice|835630|60150|Lokalhyror parkering garage|ÖREBROBOSTÄDER AB|57.00|Vård- och omsorgsnämnd väster",
				"invoice|835641|64610|Städtjänster|Städservice i Örebro AB|4812.75|Vård- och omsorgsnämnd väster",
			})
			// A company's org number stays beside its line; a person's does not.
			sameLines(t, h.lines(`SELECT CAST(dimensions AS VARCHAR) FROM ledger WHERE voucher IN ('835595', '835620') ORDER BY source_row`),
				[]string{"{Org.nr=556677-8899}", "{}"})
			// The finding names the cell, not the digits.
			sameLines(t, h.lines(`SELECT kind || ' ' || "row" || ' ' || message FROM findings`), []string{"personal_data 5 " +
				`column "Org.nr", line 5: an org number shaped like a personnummer (a sole trader): the counterparty is a person and neither its name nor its number was stored`})
			assertNotStored(t, h, fixture.SoleTraderOrgNr[0])
			if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
				t.Errorf("rejects: %v", h.query(`SELECT "row", reason FROM rejects`))
			}
		})
	}
}

// Göteborg's shape as a Swedish Excel CSV (Windows-1252, ';', "84 300,00",
// the account's name in its own column): each förvaltning's March is the
// sum of its lines, credit notes included.
func TestLedgerGoteborg(t *testing.T) {
	h := runLedger(t, fixture.LedgerGoteborg)
	// Nordost: 84 300 + 23 450 − 4 215 = 103 535. Sydväst: 7 500 + 1 234,56 − 234,56 = 8 500.
	sameLines(t, h.lines(ledgerBudget), []string{
		"Socialförvaltningen Nordost 2016-03-01 2016-03-31 103535.00 NULL false",
		"Socialförvaltningen Sydväst 2016-03-01 2016-03-31 8500.00 NULL false",
		"Totalt 2016-03-01 2016-03-31 112035.00 NULL true",
	})
	assertDrillDown(t, h)
	sameLines(t, h.lines(`SELECT account || ' ' || account_name || ' | ' || coalesce(counterparty, 'NULL') || ' | ' || voucher
		FROM ledger WHERE source_row IN (2, 5) ORDER BY source_row`), []string{
		"4611 Köp av huvudverksamhet HVB | Ekbackens behandlingshem AB | 70012345",
		"6590 Övriga främmande tjänster | NULL | 70012351",
	})
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings`), []string{"personal_data 5"})
	assertNotStored(t, h, fixture.SoleTraderOrgNr[1])
}

// The open-data specification's shape (Varberg): a yearly file whose
// lines carry their booking date, so each line is in its own month;
// the amount is the one excluding VAT; a masked person is no
// counterparty.
func TestLedgerVarberg(t *testing.T) {
	h := runLedger(t, fixture.LedgerVarberg)
	// March, Socialförvaltningen: 45 000 + 1 800 − 5 000 = 41 800 (one unit: no total row).
	// April: Socialförvaltningen 47 250,50 + 3 500 = 50 750,50; Kommunledningsförvaltningen
	// 1 234,75; together 51 985,25.
	sameLines(t, h.lines(ledgerBudget), []string{
		"Socialförvaltningen 2016-03-01 2016-03-31 41800.00 NULL false",
		"Kommunledningsförvaltningen 2016-04-01 2016-04-30 1234.75 NULL false",
		"Socialförvaltningen 2016-04-01 2016-04-30 50750.50 NULL false",
		"Totalt 2016-04-01 2016-04-30 51985.25 NULL true",
	})
	assertDrillDown(t, h)
	sameLines(t, h.lines(`SELECT booking_date || ' ' || voucher || ' ' || coalesce(counterparty, 'NULL') || ' ' || account_name
		FROM ledger ORDER BY source_row`), []string{
		"2016-03-14 F-88123 Omsorg, Vård & Stöd AB Köp av huvudverksamhet boende",
		"2016-03-21 F-88124 NULL Arvoden kontaktpersoner",
		"2016-03-30 F-88125 Omsorg, Vård & Stöd AB Köp av huvudverksamhet boende",
		"2016-04-12 F-88201 Omsorg, Vård & Stöd AB Köp av huvudverksamhet boende",
		"2016-04-15 F-88202 Kontorsvaruhuset AB Kontorsmaterial",
		"2016-04-20 F-88203 NULL Handledning",
	})
	// The verifikationsnummer stays beside the invoice number.
	if v := h.one(`SELECT dimensions['Verifikationsnummer'] FROM ledger WHERE voucher = 'F-88123'`); v != "V160301" {
		t.Errorf("verifikationsnummer: %s", v)
	}
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings`), []string{"personal_data 7"})
	assertNotStored(t, h, fixture.SoleTraderOrgNr[2])
}

// The list sent on request (Raindance): dated lines go to their own
// month even in a file named for March, and the amount excluding VAT is
// the cost.
func TestLedgerRaindance(t *testing.T) {
	h := runLedger(t, fixture.LedgerRaindance)
	// February (the invoice of 29 February): 16 000. March: Socialförvaltningen
	// 32 000 + 800 = 32 800 (including VAT it would be 33 000); Äldreförvaltningen
	// 12 400 − 400 = 12 000; together 44 800.
	sameLines(t, h.lines(ledgerBudget), []string{
		"Socialförvaltningen 2016-02-01 2016-02-29 16000.00 NULL false",
		"Socialförvaltningen 2016-03-01 2016-03-31 32800.00 NULL false",
		"Äldreförvaltningen 2016-03-01 2016-03-31 12000.00 NULL false",
		"Totalt 2016-03-01 2016-03-31 44800.00 NULL true",
	})
	assertDrillDown(t, h)
	if v := h.one(`SELECT account || ' ' || voucher || ' ' || counterparty FROM ledger WHERE booking_date = DATE '2016-02-29'`); v != "4620 7702 Jourhemmet Solgläntan AB" {
		t.Errorf("the February invoice: %s", v)
	}
}

// An Agresso booking list (ansvar, verifikation, debet, kredit, no
// supplier): booking lines per ansvar, debet − kredit, and the sum row
// it appends is a total, checked and not loaded.
func TestLedgerBookingList(t *testing.T) {
	h := runLedger(t, fixture.LedgerBookingList)
	// 7110 IFO Vuxen: 25 000 − 1 500 = 23 500. 7120: 18 250,25 − 250,25 = 18 000.
	sameLines(t, h.lines(ledgerBudget), []string{
		"IFO Barn och unga 2016-03-01 2016-03-31 18000.00 NULL false",
		"IFO Vuxen 2016-03-01 2016-03-31 23500.00 NULL false",
		"Totalt 2016-03-01 2016-03-31 41500.00 NULL true",
	})
	assertDrillDown(t, h)
	sameLines(t, h.lines(`SELECT line_kind || ' ' || ansvar || ' ' || ansvar_name || ' ' || voucher || ' ' || account || ' ' || amount_sek
		FROM ledger ORDER BY source_row`), []string{
		"booking 7110 IFO Vuxen 100231 4610 25000.00",
		"booking 7110 IFO Vuxen 100232 3010 -1500.00",
		"booking 7120 IFO Barn och unga 100233 4620 18250.25",
		"booking 7120 IFO Barn och unga 100234 4620 -250.25",
	})
	// The sum row: 43 250,25 − 1 750,25 = 41 500, the sum of the lines: no finding.
	sameLines(t, h.lines(`SELECT "row" || ' ' || reason FROM rejects`), []string{"6 a total line of the ledger, not an invoice: not loaded"})
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %v", h.query(`SELECT message FROM findings`))
	}
}

// Without a date, a period column, a month in its name or the source's
// period, a ledger's lines have no month: the file fails, named, and
// nothing of it loads. With the source's period, that is its lines'
// period.
func TestLedgerWithoutMonth(t *testing.T) {
	const content = "Förvaltning;Leverantör;Org.nr;Fakturanr;Konto;Utfall\r\n" +
		"Socialförvaltningen;Vårdbolaget Norr AB;556677-8899;835595;4610;1000,00\r\n"
	h := newHarness(t, "")
	if err := os.WriteFile(filepath.Join(h.inbox, "leverantorsreskontra.csv"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run: %d, want %d\n%s\n%s", st, ExitFailed, out, errs)
	}
	contains(t, h.one(`SELECT error FROM load_log WHERE status = 'failed'`), "leverantorsreskontra.csv", "the error")
	contains(t, h.one(`SELECT error FROM load_log WHERE status = 'failed'`), "name its month in the file name", "the error")
	if n := h.one(`SELECT count(*) FROM ledger`); n != "0" {
		t.Errorf("%s ledger lines of a failed file", n)
	}

	h = newHarness(t, "    period: 2016-01-01..2016-04-30\n")
	h.runFile("leverantorsreskontra.csv", content)
	sameLines(t, h.lines(ledgerBudget), []string{"Socialförvaltningen 2016-01-01 2016-04-30 1000.00 NULL false"})
	assertDrillDown(t, h)
}

// A customer ledger (kundreskontra): the municipality's invoices are
// revenue, so net cost is their negative; a credit note to a customer
// raises the cost.
func TestLedgerReceivable(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("kundreskontra_2016-05.csv", "Enhet;Kund;Fakturanr;Konto;Belopp\r\n"+
		"Ekonomiskt bistånd;Försäkringskassan;91001;3610;12 000,00\r\n"+
		"Ekonomiskt bistånd;Migrationsverket;91002;3710;8 000,00\r\n"+
		"Ekonomiskt bistånd;Migrationsverket;91003;3710;-500,00\r\n")
	// Revenue 12 000 + 8 000 − 500 = 19 500: a net cost of −19 500.
	sameLines(t, h.lines(ledgerBudget), []string{"Ekonomiskt bistånd 2016-05-01 2016-05-31 -19500.00 NULL false"})
	assertDrillDown(t, h)
}

// A finance export's lines are in the ledger view with their ansvar and
// konto names (Konto benämning kept once per konto), beside its
// budget_deviation rows: a row's actual is the sum of its lines, on the
// fast path (plain bytes) and on the general one (quoted fields).
func TestLedgerOfFinanceExport(t *testing.T) {
	for _, quote := range []string{"", `"`} {
		h := newHarness(t, "")
		q := func(s string) string { return quote + s + quote }
		h.runFile("huvudbok.csv", "Datum;Period;Ansvar;Ansvar benämning;Verksamhet;Verksamhet benämning;Konto;Konto benämning;Utfall;Budget\r\n"+
			";201701;6110;Barn och unga myndighet;5101;Institutionsvård;4610;"+q("Köp av huvudverksamhet, HVB")+";;548081,00\r\n"+
			"2017-01-12;201701;6110;Barn och unga myndighet;5101;Institutionsvård;4610;"+q("Köp av huvudverksamhet, HVB")+";25927,31;\r\n"+
			"2017-01-19;201701;6110;Barn och unga myndighet;5101;Institutionsvård;3610;Statsbidrag;-5000,00;\r\n"+
			"2017-02-02;201702;6210;Vuxna missbruk;5201;Institutionsvård vuxna;4610;;1200,00;\r\n")
		// 6110, January: 25 927,31 − 5 000 = 20 927,31 against a budget of 548 081.
		sameLines(t, h.lines(`SELECT unit || ' ' || period_start || ' ' || actual_sek || ' ' || coalesce(budget_sek || '', 'NULL') FROM budget_deviation ORDER BY period_start`),
			[]string{"Barn och unga myndighet 2017-01-01 20927.31 548081.00", "Vuxna missbruk 2017-02-01 1200.00 NULL"})
		sameLines(t, h.lines(`SELECT line_kind || '|' || ansvar || '|' || ansvar_name || '|' || account || '|' || coalesce(account_name, 'NULL') || '|' ||
			verksamhet || '|' || coalesce(amount_sek || '', 'NULL') || '|' || coalesce(budget_sek || '', 'NULL') || '|' || source_row FROM ledger ORDER BY source_row`), []string{
			"booking|6110|Barn och unga myndighet|4610|Köp av huvudverksamhet, HVB|5101|NULL|548081.00|2",
			"booking|6110|Barn och unga myndighet|4610|Köp av huvudverksamhet, HVB|5101|25927.31|NULL|3",
			"booking|6110|Barn och unga myndighet|3610|Statsbidrag|5101|-5000.00|NULL|4",
			"booking|6210|Vuxna missbruk|4610|Köp av huvudverksamhet, HVB|5201|1200.00|NULL|5",
		})
		assertDrillDown(t, h)
	}
}

// Bad lines cost themselves, named by line and column; the rest of the
// file loads; a sum row that is not the sum of the lines is a finding.
func TestLedgerBadLines(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("leverantorsreskontra_2016-03.csv", "Förvaltning;Bokföringsdatum;Leverantör;Fakturanr;Konto;Belopp\r\n"+
		"Socialförvaltningen;2016-03-02;Vårdbolaget Norr AB;835595;4610;1 000,00\r\n"+ // 2: fine
		"Socialförvaltningen;2016-03-03;Vårdbolaget Norr AB;835596;4610;12,34,5\r\n"+ // 3: not an amount
		";2016-03-04;Vårdbolaget Norr AB;835597;4610;500,00\r\n"+ // 4: no förvaltning
		"Socialförvaltningen;3/4/2016;Vårdbolaget Norr AB;835598;4610;700,00\r\n"+ // 5: a date in no agreed order
		"Socialförvaltningen;;Vårdbolaget Norr AB;835599;4610;\r\n"+ // 6: no amount
		"Socialförvaltningen;;Vårdbolaget Norr AB;835600;4610;250,00\r\n"+ // 7: no date: the file's month
		"Summa;;;;;9 999,00\r\n") // 8: a total that is not 1 000 + 250
	sameLines(t, h.lines(`SELECT "row" || ' ' || col || ' ' || reason FROM rejects ORDER BY "row"`), []string{
		`3 6 column "Belopp": not a number: a second decimal comma at character 6`,
		`4 1 column "Förvaltning" is empty: a line without its org unit is not loaded`,
		`5 2 column "Bokföringsdatum": not a date YYYY-MM-DD or YYYYMMDD`,
		`6 6 column "Belopp": no amount`,
		`8 6 a total line of the ledger, not an invoice: not loaded`,
	})
	sameLines(t, h.lines(ledgerBudget), []string{"Socialförvaltningen 2016-03-01 2016-03-31 1250.00 NULL false"})
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" || ' ' || reported || ' ' || recomputed FROM findings`), []string{"total_mismatch 8 9999.00 1250.00"})
	assertDrillDown(t, h)
}

// check shows a ledger as one: its columns, its month, its lines and the
// budget rows they make, and the sole trader's finding.
func TestCheckLedger(t *testing.T) {
	h := newHarness(t, "")
	path := mustFile(t)(fixture.LedgerGoteborg(h.inbox))
	st, out, errs := h.run("check", "--source", "test", path)
	if st != ExitOK {
		t.Fatalf("check: %d %s %s", st, out, errs)
	}
	contains(t, out, "ledger: Förvaltning, Leverantör, Org.nr, Fakturanr, Konto, Kontonamn, Belopp; kind ledger; period 2016-03-01..2016-03-31; unit kr; 6 rows", "the table")
	// Two förvaltningar and their total; six invoice lines.
	contains(t, out, "would load: 0 figures, 3 budget lines, 0 dygnskostnad rows, 0 placement counts, 0 placements, 0 bookings, 6 ledger lines", "what would load")
	contains(t, out, `finding personal_data leverantorsreskontra_2016-03.csv:5:3: column "Org.nr", line 5: an org number shaped like a personnummer`, "the finding")
	if strings.Contains(out, strings.ReplaceAll(fixture.SoleTraderOrgNr[1], "-", "")) || strings.Contains(out, fixture.SoleTraderOrgNr[1]) {
		t.Error("check shows the sole trader's personnummer")
	}
}

// Umeå's yearly file: the date column holds a month (202001), so each
// line is in its month; a person masked with asterisks is no counterparty;
// a sole trader's number is not stored.
func TestLedgerUmea(t *testing.T) {
	h := runLedger(t, fixture.LedgerUmea)
	// January: IFO 64 500 + 2 400 = 66 900; Äldreomsorgen 18 300,50; together 85 200,50.
	// February: IFO −6 450 (credit note) + 1 750,25 = −4 699,75; Äldreomsorgen 3 200;
	// together −1 499,75.
	sameLines(t, h.lines(ledgerBudget), []string{
		"Individ- och familjeomsorgen 2020-01-01 2020-01-31 66900.00 NULL false",
		"Äldreomsorgen 2020-01-01 2020-01-31 18300.50 NULL false",
		"Totalt 2020-01-01 2020-01-31 85200.50 NULL true",
		"Individ- och familjeomsorgen 2020-02-01 2020-02-29 -4699.75 NULL false",
		"Äldreomsorgen 2020-02-01 2020-02-29 3200.00 NULL false",
		"Totalt 2020-02-01 2020-02-29 -1499.75 NULL true",
	})
	assertDrillDown(t, h)
	sameLines(t, h.lines(`SELECT voucher || ' ' || coalesce(booking_date || '', 'NULL') || ' ' || coalesce(counterparty, 'NULL') || ' ' ||
		CAST(dimensions AS VARCHAR) FROM ledger ORDER BY source_row`), []string{
		"900101 NULL Solrosens HVB AB {Leverantör id=5561234560}",
		"900102 NULL NULL {}",
		"900103 NULL Matleverantören i Norr AB {Leverantör id=5561112222}",
		"900110 NULL Solrosens HVB AB {Leverantör id=5561234560}",
		"900111 NULL Umeå Tolkcentral AB {Leverantör id=5569998887}",
		"900112 NULL NULL {}",
	})
	sameLines(t, h.lines(`SELECT kind || ' ' || "row" FROM findings`), []string{"personal_data 7"})
	assertNotStored(t, h, fixture.SoleTraderOrgNr[3])
}

// Örebro's workbook since 2021: dated lines, konto code and name in one
// cell, the amount excluding VAT, a foreign supplier without an org
// number, an empty column.
func TestLedgerOrebro2021(t *testing.T) {
	h := runLedger(t, fixture.LedgerOrebro2021)
	// Socialförvaltningen: 12 345,67 + 98 000 − 2 345,67 = 108 000. Förskoleförvaltningen 4 500,50.
	sameLines(t, h.lines(ledgerBudget), []string{
		"Förskoleförvaltningen 2021-01-01 2021-01-31 4500.50 NULL false",
		"Socialförvaltningen 2021-01-01 2021-01-31 108000.00 NULL false",
		"Totalt 2021-01-01 2021-01-31 112500.50 NULL true",
	})
	assertDrillDown(t, h)
	sameLines(t, h.lines(`SELECT booking_date || ' ' || voucher || ' ' || account || ' ' || account_name || ' ' || counterparty || ' ' ||
		CAST(dimensions AS VARCHAR) FROM ledger WHERE voucher IN ('1234567', '1234570') ORDER BY source_row`), []string{
		"2021-01-05 1234567 46362 Köp medicinskt material Vårdbolaget Norr AB {Organisationsnummer=556677-8899}",
		"2021-01-12 1234570 46110 Köp av huvudverksamhet HVB Nordic Care GmbH {}",
	})
	if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
		t.Errorf("rejects: %v", h.query(`SELECT "row", reason FROM rejects`))
	}
}
