package transform

import (
	"strings"
	"testing"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// A line-level file's name gives one month; a report's "_2017-08" stays
// the year to date (parseFileName, tested in vocab_test.go).
func TestLineFileMonth(t *testing.T) {
	cases := map[string]string{
		"leverantorsreskontra_2016-03.csv":         "2016-03",
		"Leverantörsfakturor mars 2016.xlsx":       "2016-03",
		"lr_201603.csv":                            "2016-03",
		"Orebro.2013-11.xlsx":                      "2013-11",
		"inbox/2016 december leverantörer.csv":     "2016-12",
		"lev_2016-03-01_2016-03-31.csv":            "2016-03", // two days of one month
		"Leverantörsreskontra2024.csv":             "",        // a year: no month
		"leverantorsreskontra_2016-01_2016-03.csv": "",        // two months: not one
		"fakturor.csv":                             "",
	}
	for name, want := range cases {
		m, ok := lineFileMonth(name)
		got := ""
		if ok {
			got = m.Format("2006-01")
		}
		if got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestLedgerPeriodValue(t *testing.T) {
	cases := []struct {
		in   string
		year int
		want string
	}{
		{"201603", 0, "2016-03"}, {"2016-03", 0, "2016-03"}, {"2016-03-31", 0, "2016-03"}, {"mars 2016", 0, "2016-03"},
		{"3", 2016, "2016-03"}, {"Mars", 2016, "2016-03"}, {"3", 0, ""}, {"13", 2016, ""}, {"Q1", 2016, ""},
	}
	for _, c := range cases {
		m, ok := ledgerPeriodValue(c.in, c.year)
		got := ""
		if ok {
			got = m.Format("2006-01")
		}
		if got != c.want {
			t.Errorf("%q in %d: %q, want %q", c.in, c.year, got, c.want)
		}
	}
}

func TestSplitAccount(t *testing.T) {
	cases := map[string][2]string{
		"46362 Köp medicinskt material":     {"46362", "Köp medicinskt material"},
		"4610 - Köp av huvudverksamhet":     {"4610", "Köp av huvudverksamhet"},
		"4610":                              {"4610", ""},
		"Köp av tjänst":                     {"Köp av tjänst", ""},
		"60150 Lokalhyror parkering garage": {"60150", "Lokalhyror parkering garage"},
	}
	for in, want := range cases {
		if c, n := splitAccount(in); c != want[0] || n != want[1] {
			t.Errorf("%q: %q %q, want %q %q", in, c, n, want[0], want[1])
		}
	}
}

// What is a ledger and what is not: the header decides, and reports,
// finance exports and placement exports keep their own readers.
func TestDetectLedger(t *testing.T) {
	cases := []struct {
		header string
		want   string // "" for not a ledger, else kind and the amount's header and unit
	}{
		{"Förvaltning;Leverantör;Org.nr;Fakturanr;Konto;Utfall", "invoice Utfall kr"},
		{"verifikationsnummer;leverantor_namn;leverantor_orgnr;konto;kontotext;belopp;bokforingsdatum;forvaltning", "invoice belopp kr"},
		{"Förvaltning/kostnadsställe;Datum;Företagsnamn/leverantör;Organisationsnummer;Fakturanummer;Konto;Konterat belopp inklusive moms;Konterat belopp exklusive moms", "invoice Konterat belopp exklusive moms kr"},
		{"Nämnd;Leverantör;Belopp (tkr)", "invoice Belopp (tkr) tkr"},
		{"Ansvar;Ansvar benämning;Ver.nr;Konto;Debet;Kredit", "booking Debet kr"},
		{"Enhet;Kund;Fakturanr;Belopp", "invoice Belopp kr"},
		{"Period;Ansvar;Leverantör;Fakturanr;Konto;Belopp", "invoice Belopp kr"}, // a finance export's layout with invoices in it
		// Not ledgers:
		{"Period;Ansvar;Ansvar benämning;Konto;Text;Belopp", ""},   // a finance export
		{"Datum;Period;Ansvar;Konto;Leverantör;Utfall;Budget", ""}, // a budget column: a finance export
		{"Enhet;Budget;Utfall;Avvikelse", ""},                      // a report's budget table
		{"Verksamhet;Utfall;Fakturanr", ""},                        // no org unit
		{"Förvaltning;Leverantör;Org.nr;Fakturanr", ""},            // no amount
		{"Förvaltning;Konto;Belopp", ""},                           // nothing that makes a row a line
		{"Personnummer;Enhet;Leverantör;Startdatum;Belopp", ""},    // a person's column: never a ledger
	}
	for _, c := range cases {
		h := strings.Split(c.header, ";")
		l := detectLedger(h, 1)
		got := ""
		if l != nil {
			got = l.kind + " " + l.header[l.col[l.amount]-1] + " " + l.unit.String()
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.header, got, c.want)
		}
	}
	if l := detectLedger([]string{"Enhet", "Kund", "Fakturanr", "Belopp"}, 1); l == nil || !l.receivable {
		t.Error("a customer ledger is not read as revenue")
	}
}

func TestLedgerAmountCell(t *testing.T) {
	for in, want := range map[string]socdw.Amount{"1,234.50": 123450, "-12,500.50": -1250050, "84 300,00": 8430000, "1234.5": 123450, "-400": -40000} {
		a, ok, err := ledgerAmountCell(textCell(in), socdw.UnitKr)
		if err != nil || !ok || a != want {
			t.Errorf("%q: %v %v %v, want %v", in, a, ok, err, want)
		}
	}
	if _, _, err := ledgerAmountCell(textCell("1,234,5"), socdw.UnitKr); err == nil {
		t.Error("1,234,5 read as an amount")
	}
}

func textCell(s string) extract.Cell { return extract.Cell{Text: s, Kind: extract.KindText} }

func TestMonthInDateCell(t *testing.T) {
	cases := []struct {
		c    extract.Cell
		want string
	}{
		{textCell("202001"), "2020-01"}, {textCell("2020-01"), "2020-01"}, {textCell("januari 2020"), "2020-01"},
		{extract.Cell{Text: "202001", Kind: extract.KindNumber}, "2020-01"},
		{textCell("2020-01-15"), ""}, {textCell("20200115"), ""}, {textCell("3"), ""}, {textCell("3/4/2016"), ""},
		{extract.Cell{Text: "43845", Kind: extract.KindNumber}, ""}, // Excel's 2020-01-15
	}
	for _, c := range cases {
		m, ok := monthInDateCell(c.c)
		got := ""
		if ok {
			got = m.Format("2006-01")
		}
		if got != c.want {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
}
