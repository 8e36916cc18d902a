package transform

import (
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// A ledger amount that is a personnummer's digits (1212121212: check digit
// 2, valid) rejects its line with a finding, and neither a line nor the
// Summa after it keeps the number; 1212121213 (a wrong check digit) and
// 100,50 are amounts: 1 212 121 213,00 + 100,50 = 1 212 121 313,50 kr.
func TestLedgerAmountShapedLikePersonnummer(t *testing.T) {
	b, err := readCSVWith(t, "leverantorsreskontra_2016-03.csv", Options{},
		"Förvaltning;Bokföringsdatum;Leverantör;Fakturanr;Konto;Belopp",
		"Socialförvaltningen;2016-03-10;Vårdbolaget AB;F-100;4010;1212121212",
		"Socialförvaltningen;2016-03-11;Vårdbolaget AB;F-101;4010;1212121213",
		"Socialförvaltningen;2016-03-12;Vårdbolaget AB;F-102;4010;100,50",
		"Summa;;;;;1212121212")
	if err != nil {
		t.Fatal(err)
	}
	got := ledgerFileAmounts(t, b)
	if len(got) != 2 || got[3] != 121_212_121_300 || got[4] != 10_050 {
		t.Errorf("amounts %v, want line 3 121212121300 öre and line 4 10050", got)
	}
	if len(b.Rejects) != 2 || b.Rejects[0].Ref.Row != 2 || b.Rejects[1].Ref.Row != 5 {
		t.Fatalf("rejects %v", b.Rejects)
	}
	pd := 0
	for _, f := range b.Findings {
		if strings.Contains(f.Message, "1212") {
			t.Errorf("finding in clear: %s", f.Message)
		}
		if f.Kind == socdw.FindingPersonalData {
			pd++
		}
	}
	if pd != 2 {
		t.Errorf("%d personal_data findings, want 2: %v", pd, b.Findings)
	}
}
