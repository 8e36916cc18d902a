package socdw

import (
	"errors"
	"testing"
)

// noNumber marks a text that is no number under the convention.
const noNumber Amount = -1

// The amounts are in öre (hundredths), worked out by hand from the text.
func TestParseNumberAs(t *testing.T) {
	for _, c := range []struct {
		in   string
		dec  Decimal
		want Amount // in öre; noNumber = no number under dec
	}{
		{"1.200", DecimalComma, 120_000}, // dot groups: 1 200 kr
		{"1.200", DecimalDot, 120},       // 1,2 kr
		{"1.200", DecimalAuto, 120},      // the default: a lone dot is decimal
		{"1,200", DecimalComma, 120},     // 1,2 kr
		{"1,200", DecimalDot, 120_000},   // comma groups: 1 200 kr
		{"1,200", DecimalAuto, 120},      // the default: a comma is decimal
		{"12,5", DecimalComma, 1_250},
		{"12,5", DecimalDot, noNumber}, // a comma group of one digit
		{"3.75", DecimalDot, 375},
		{"3.75", DecimalComma, noNumber}, // a dot group of two digits
		{"1.234,50", DecimalComma, 123_450},
		{"1.234,50", DecimalDot, noNumber},
		{"1,234.50", DecimalDot, 123_450},
		{"1,234.50", DecimalComma, noNumber},
		{"1,234,567", DecimalDot, 123_456_700},
		{"1,234,567", DecimalAuto, noNumber},
		{"1.234.567", DecimalComma, 123_456_700},
		{"1.234.567", DecimalDot, noNumber}, // a second decimal point
		{"1 200,50", DecimalComma, 120_050},
		{"1 200.50", DecimalDot, 120_050},
		{"1\u00a0200,50 kr", DecimalComma, 120_050},
		{"-1,200.5 tkr", DecimalDot, -120_050_000},
		{"100,-", DecimalDot, 10_000}, // ",-" is a unit, not a separator
	} {
		n, ok, err := ParseNumberAs(c.in, c.dec)
		if c.want == noNumber {
			if err == nil || !errors.Is(err, ErrNotNumber) {
				t.Errorf("ParseNumberAs(%q, %v) = %+v, %v, %v; want ErrNotNumber", c.in, c.dec, n, ok, err)
			}
			continue
		}
		if err != nil || !ok {
			t.Errorf("ParseNumberAs(%q, %v): ok %v, %v", c.in, c.dec, ok, err)
			continue
		}
		if a, err := n.Scaled(UnitKr); err != nil || a != c.want {
			t.Errorf("ParseNumberAs(%q, %v) = %d öre, %v; want %d", c.in, c.dec, a, err, c.want)
		}
	}
}

func TestDecimalEvidence(t *testing.T) {
	for in, want := range map[string]Evidence{
		"1200": EvidenceNone, "1 200": EvidenceNone, "-5 tkr": EvidenceNone, "100,-": EvidenceNone, "Barn": EvidenceNone,
		"12,5": EvidenceComma, "1 200,50": EvidenceComma, "1.234,50": EvidenceComma, "1.234.567": EvidenceComma, "0,200": EvidenceComma,
		"3.75": EvidenceDot, "1,234.50": EvidenceDot, "1,234,567": EvidenceDot, "1200.5": EvidenceDot, "0.200": EvidenceDot,
		"84 300,00": EvidenceComma, "1234,5678": EvidenceComma, "12.5 %": EvidenceDot, "v.12": EvidenceNone, "12,5x": EvidenceNone, "kr.": EvidenceNone,
		"1 200 kr.": EvidenceNone, "1234,567": EvidenceComma, "0,200 tkr": EvidenceComma,
		"1.200": EvidenceAmbiguous, "1,200": EvidenceAmbiguous, "-12.345 kr": EvidenceAmbiguous,
	} {
		if got := DecimalEvidence(in); got != want {
			t.Errorf("DecimalEvidence(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDecimalVote(t *testing.T) {
	var v DecimalVote
	for i, s := range []string{"1.200", "1 200", "12,5", "1.200"} {
		v.Add(i+1, s)
	}
	if v.Conflict() || v.Decimal() != DecimalComma || v.Comma != 3 {
		t.Errorf("vote %+v: want decimal comma from the third text", v)
	}
	var w DecimalVote
	w.Add(9, "3.75")
	w.Add(7, "1,234,567")
	v.Merge(w)
	if !v.Conflict() || v.Comma != 3 || v.Dot != 7 {
		t.Errorf("merged vote %+v: want a conflict between text 3 and text 7", v)
	}
	var none DecimalVote
	none.Add(1, "1,200")
	if none.Decimal() != DecimalAuto {
		t.Errorf("a column of ambiguous texts alone keeps the default, got %v", none.Decimal())
	}
}
