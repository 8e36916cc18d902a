package transform

import (
	"errors"
	"strings"
	"testing"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// ledgerAmounts reads a supplier ledger whose line i+2 has belopp[i],
// amounts by line in öre.
func ledgerAmounts(t *testing.T, belopp ...string) (map[int]socdw.Amount, error) {
	t.Helper()
	lines := []string{"Förvaltning;Bokföringsdatum;Leverantör;Fakturanr;Konto;Belopp"}
	for i, b := range belopp {
		lines = append(lines, "Socialförvaltningen;2016-03-1"+string(rune('0'+i))+";Vårdbolaget AB;F-10"+string(rune('0'+i))+";4010;"+b)
	}
	b, err := readCSVWith(t, "leverantorsreskontra_2016-03.csv", Options{}, lines...)
	if err != nil {
		return nil, err
	}
	if len(b.Rejects) != 0 {
		t.Errorf("rejects %v", b.Rejects)
	}
	return ledgerFileAmounts(t, b), nil
}

// A ledger's decimal convention is the file's: "1,200" is held until
// "3.75" says decimal point (1 200 kr); beside "12,50" it is 1,20 kr.
// Amounts in öre, by hand.
func TestLedgerDecimalConvention(t *testing.T) {
	for _, c := range []struct {
		belopp []string
		want   map[int]socdw.Amount
	}{
		{[]string{"1,200", "3.75", "2,000", "1,234.50"}, map[int]socdw.Amount{2: 120_000, 3: 375, 4: 200_000, 5: 123_450}},
		{[]string{"1.200", "12,50", "1 234,50"}, map[int]socdw.Amount{2: 120_000, 3: 1_250, 4: 123_450}},
	} {
		got, err := ledgerAmounts(t, c.belopp...)
		if err != nil {
			t.Fatalf("%v: %v", c.belopp, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%v: %v, want %v", c.belopp, got, c.want)
		}
		for row, want := range c.want {
			if got[row] != want {
				t.Errorf("%v: line %d %d öre, want %d", c.belopp, row, got[row], want)
			}
		}
	}
	_, err := ledgerAmounts(t, "1,234.50", "12,50")
	var xe *extract.Error
	if !errors.As(err, &xe) || !strings.Contains(err.Error(), "line 3 has an amount that reads only with a decimal comma, line 2 one that reads only with a decimal point") {
		t.Errorf("a ledger of both conventions: %v, want it refused naming lines 3 and 2", err)
	}
}
