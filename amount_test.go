package socdw

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
)

// numberCases are spellings from real reports and exports. want is the
// parsed Number; amount is Scaled(def), computed by hand.
var numberCases = []struct {
	in     string
	want   Number
	def    Unit
	amount Amount
}{
	// Thousands separators.
	{"853 854", Number{Coef: 853854}, UnitTkr, 85_385_400_000},
	{"-92 522", Number{Coef: -92522}, UnitKr, -9_252_200},
	{"19\u00a0543", Number{Coef: 19543}, UnitKr, 1_954_300},
	{"19\u202f543", Number{Coef: 19543}, UnitKr, 1_954_300},
	{"19\u2009543", Number{Coef: 19543}, UnitKr, 1_954_300},
	{"1\u2007234\u00a0567", Number{Coef: 1234567}, UnitKr, 123_456_700},
	{"1 234 567 890", Number{Coef: 1234567890}, UnitKr, 123_456_789_000},
	{"1.234.567", Number{Coef: 1234567}, UnitKr, 123_456_700},
	{"-88 552", Number{Coef: -88552}, UnitTkr, -8_855_200_000},
	{"0", Number{}, UnitKr, 0},
	{"007", Number{Coef: 7}, UnitKr, 700},
	{"2017", Number{Coef: 2017}, UnitNone, 201_700},

	// Decimals.
	{"4 304,25", Number{Coef: 430425, Exp: 2}, UnitKr, 430_425},
	{"4304,25", Number{Coef: 430425, Exp: 2}, UnitKr, 430_425},
	{"4304.25", Number{Coef: 430425, Exp: 2}, UnitKr, 430_425},
	{"4 304.25", Number{Coef: 430425, Exp: 2}, UnitKr, 430_425},
	{"1.234,5", Number{Coef: 12345, Exp: 1}, UnitKr, 123_450},
	{"1.234.567,89", Number{Coef: 123456789, Exp: 2}, UnitKr, 123_456_789},
	{"1.234", Number{Coef: 1234, Exp: 3}, UnitKr, 123}, // one dot, no comma: a decimal point
	{"0,05", Number{Coef: 5, Exp: 2}, UnitKr, 5},
	{"-0,05", Number{Coef: -5, Exp: 2}, UnitKr, -5},
	{"4,50", Number{Coef: 450, Exp: 2}, UnitKr, 450},
	{"853854.00000000012", Number{Coef: 85385400000000012, Exp: 11}, UnitTkr, 85_385_400_000},

	// Rounding to öre, half away from zero.
	{"0,005", Number{Coef: 5, Exp: 3}, UnitKr, 1},
	{"-0,005", Number{Coef: -5, Exp: 3}, UnitKr, -1},
	{"0,0049", Number{Coef: 49, Exp: 4}, UnitKr, 0},
	{"-0,0049", Number{Coef: -49, Exp: 4}, UnitKr, 0},
	{"0,000005", Number{Coef: 5, Exp: 6}, UnitTkr, 1},
	{"0,0000049", Number{Coef: 49, Exp: 7}, UnitTkr, 0},
	{"1,23456789", Number{Coef: 123456789, Exp: 8}, UnitMnkr, 123_456_789},
	{"1,234567895", Number{Coef: 1234567895, Exp: 9}, UnitMnkr, 123_456_790},

	// Signs.
	{"- 1 769", Number{Coef: -1769}, UnitKr, -176_900},
	{"\u22121 769", Number{Coef: -1769}, UnitKr, -176_900},
	{"\u2013 1 769", Number{Coef: -1769}, UnitKr, -176_900},
	{"\u20141 769", Number{Coef: -1769}, UnitKr, -176_900},
	{"+4 000", Number{Coef: 4000}, UnitKr, 400_000},
	{"+ 1,3 mnkr", Number{Coef: 13, Exp: 1, Unit: UnitMnkr}, UnitKr, 130_000_000},
	{"(1 234)", Number{Coef: -1234}, UnitKr, -123_400},
	{"( 1 234 )", Number{Coef: -1234}, UnitKr, -123_400},
	{"(1 234) tkr", Number{Coef: -1234, Unit: UnitTkr}, UnitKr, -123_400_000},
	{"(1 234 tkr)", Number{Coef: -1234, Unit: UnitTkr}, UnitKr, -123_400_000},

	// Units in the text, case-insensitive, with or without a space.
	{"22,5 mnkr", Number{Coef: 225, Exp: 1, Unit: UnitMnkr}, UnitKr, 2_250_000_000},
	{"3 Mkr", Number{Coef: 3, Unit: UnitMnkr}, UnitKr, 300_000_000},
	{"3 mkr", Number{Coef: 3, Unit: UnitMnkr}, UnitKr, 300_000_000},
	{"3 Mnkr", Number{Coef: 3, Unit: UnitMnkr}, UnitKr, 300_000_000},
	{"3 MNKR", Number{Coef: 3, Unit: UnitMnkr}, UnitKr, 300_000_000},
	{"12 miljoner", Number{Coef: 12, Unit: UnitMnkr}, UnitKr, 1_200_000_000},
	{"3,5 miljoner kronor", Number{Coef: 35, Exp: 1, Unit: UnitMnkr}, UnitKr, 350_000_000},
	{"3,5 milj. kr", Number{Coef: 35, Exp: 1, Unit: UnitMnkr}, UnitKr, 350_000_000},
	{"7 133 tkr", Number{Coef: 7133, Unit: UnitTkr}, UnitKr, 713_300_000},
	{"120 tkr", Number{Coef: 120, Unit: UnitTkr}, UnitMnkr, 12_000_000},
	{"120 Tkr", Number{Coef: 120, Unit: UnitTkr}, UnitKr, 12_000_000},
	{"120 TKR", Number{Coef: 120, Unit: UnitTkr}, UnitKr, 12_000_000},
	{"120tkr", Number{Coef: 120, Unit: UnitTkr}, UnitKr, 12_000_000},
	{"11 990 kronor", Number{Coef: 11990, Unit: UnitKr}, UnitTkr, 1_199_000},
	{"11 990 kr", Number{Coef: 11990, Unit: UnitKr}, UnitTkr, 1_199_000},
	{"11 990\u00a0kr", Number{Coef: 11990, Unit: UnitKr}, UnitTkr, 1_199_000},
	{"1 200 SEK", Number{Coef: 1200, Unit: UnitKr}, UnitTkr, 120_000},
	{"SEK 1 200", Number{Coef: 1200, Unit: UnitKr}, UnitTkr, 120_000},
	{"SEK -1 200", Number{Coef: -1200, Unit: UnitKr}, UnitTkr, -120_000},
	{"100:-", Number{Coef: 100, Unit: UnitKr}, UnitTkr, 10_000},
	{"100,-", Number{Coef: 100, Unit: UnitKr}, UnitTkr, 10_000},
	{"1900kr/dygn", Number{Coef: 1900, Unit: UnitKrPerDay}, UnitTkr, 190_000},
	{"1 900 kr/dygn", Number{Coef: 1900, Unit: UnitKrPerDay}, UnitTkr, 190_000},
	{"1 900 kr / dygn", Number{Coef: 1900, Unit: UnitKrPerDay}, UnitTkr, 190_000},
	{"1900 kr per dygn", Number{Coef: 1900, Unit: UnitKrPerDay}, UnitTkr, 190_000},
	{"1900 KR PER DYGN", Number{Coef: 1900, Unit: UnitKrPerDay}, UnitTkr, 190_000},
	{"120 dygn", Number{Coef: 120, Unit: UnitCareDays}, UnitTkr, 12_000},
	{"120 vårddygn", Number{Coef: 120, Unit: UnitCareDays}, UnitTkr, 12_000},
	{"120 VÅRDDYGN", Number{Coef: 120, Unit: UnitCareDays}, UnitTkr, 12_000},
	{"35 st", Number{Coef: 35, Unit: UnitCount}, UnitTkr, 3_500},
	{"35 personer", Number{Coef: 35, Unit: UnitCount}, UnitTkr, 3_500},
	{"8 %", Number{Coef: 8, Unit: UnitPercent}, UnitTkr, 800},
	{"8%", Number{Coef: 8, Unit: UnitPercent}, UnitTkr, 800},
	{"8,96%", Number{Coef: 896, Exp: 2, Unit: UnitPercent}, UnitTkr, 896},
	{"-8,96 %", Number{Coef: -896, Exp: 2, Unit: UnitPercent}, UnitTkr, -896},
	{"8 procent", Number{Coef: 8, Unit: UnitPercent}, UnitTkr, 800},

	// Approximations.
	{"Ca 1,2 mnkr", Number{Coef: 12, Exp: 1, Unit: UnitMnkr, Approx: true}, UnitKr, 120_000_000},
	{"ca 1,5 mnkr", Number{Coef: 15, Exp: 1, Unit: UnitMnkr, Approx: true}, UnitKr, 150_000_000},
	{"CA 1,5 mnkr", Number{Coef: 15, Exp: 1, Unit: UnitMnkr, Approx: true}, UnitKr, 150_000_000},
	{"ca. 1,5 mnkr", Number{Coef: 15, Exp: 1, Unit: UnitMnkr, Approx: true}, UnitKr, 150_000_000},
	{"c:a 1,5 mnkr", Number{Coef: 15, Exp: 1, Unit: UnitMnkr, Approx: true}, UnitKr, 150_000_000},
	{"cirka 3 mnkr", Number{Coef: 3, Unit: UnitMnkr, Approx: true}, UnitKr, 300_000_000},
	{"Ungefär 40 tkr", Number{Coef: 40, Unit: UnitTkr, Approx: true}, UnitKr, 4_000_000},
	{"~5 %", Number{Coef: 5, Unit: UnitPercent, Approx: true}, UnitKr, 500},
	{"~ -5", Number{Coef: -5, Approx: true}, UnitKr, -500},
	{"ca SEK 1 200", Number{Coef: 1200, Unit: UnitKr, Approx: true}, UnitTkr, 120_000},

	// Surrounding space.
	{"  \t853 854\t ", Number{Coef: 853854}, UnitKr, 85_385_400},
	{"\u00a0853 854\u00a0", Number{Coef: 853854}, UnitKr, 85_385_400},
	{"\r\n 12 tkr \r\n", Number{Coef: 12, Unit: UnitTkr}, UnitKr, 1_200_000},

	// The limits of DECIMAL(18,2).
	{"9 999 999 999 999 999,99", Number{Coef: 999999999999999999, Exp: 2}, UnitKr, 999_999_999_999_999_999},
	{"-9 999 999 999 999 999,99", Number{Coef: -999999999999999999, Exp: 2}, UnitKr, -999_999_999_999_999_999},
	{"9 999 999 999,99 mnkr", Number{Coef: 999999999999, Exp: 2, Unit: UnitMnkr}, UnitKr, 999_999_999_999_000_000},
	{"1,50000000000000000000000000", Number{Coef: 1500000000000000000, Exp: 18}, UnitKr, 150},
	{"0,00000000000000000000000000000001", Number{Coef: 1, Exp: 32}, UnitMnkr, 0},
	{"0,000000000000000000000005", Number{Coef: 5, Exp: 24}, UnitMnkr, 0},
}

func TestParseNumber(t *testing.T) {
	for _, c := range numberCases {
		n, ok, err := ParseNumber(c.in)
		if err != nil || !ok {
			t.Errorf("ParseNumber(%q) = ok %v, %v", c.in, ok, err)
			continue
		}
		if n != c.want {
			t.Errorf("ParseNumber(%q) = %+v, want %+v", c.in, n, c.want)
		}
		a, err := n.Scaled(c.def)
		if err != nil || a != c.amount {
			t.Errorf("ParseNumber(%q).Scaled(%v) = %d, %v; want %d", c.in, c.def, a, err, c.amount)
		}
		if b, err := ParseAmount(c.in, c.def); err != nil || b != c.amount {
			t.Errorf("ParseAmount(%q, %v) = %d, %v; want %d", c.in, c.def, b, err, c.amount)
		}
	}
}

func TestParseNumberNoValue(t *testing.T) {
	for _, in := range []string{"", " ", "\t", "\u00a0", "-", " - ", "\u2212", "\u2013", "\u2014", "..", " .. "} {
		n, ok, err := ParseNumber(in)
		if ok || err != nil || n != (Number{}) {
			t.Errorf("ParseNumber(%q) = %+v, %v, %v; want no value", in, n, ok, err)
		}
		if _, err := ParseAmount(in, UnitKr); !errors.Is(err, ErrNoValue) {
			t.Errorf("ParseAmount(%q) error = %v, want ErrNoValue", in, err)
		}
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, in := range []string{
		"Barn och unga", "2017-03-01", "20120905-9805", "19120905-9805", "12:30",
		"1 2 3 4 5", "12 34", "1234 567", "0 123", "1  234", "1\t234",
		"=5", "=SUM(A1:A3)", "x", "..5", "...", "--", "- -5", "--5", "+-5", "-+5",
		"1,234,567", "1,2,3", "1.23,5", "1.234 567", "1 234.567 890", "1.2.3",
		"1 234,5 6", "1,5.5", "1,", "1.", ",5", ".5", "1e5", "1.5E-2", "5-",
		"(5", "5)", "(-5)", "-(5)", "(5))", "5 äpplen", "5 tkr tkr", "SEK 5 tkr",
		"SEK", "SEKTOR 5", "Tkr 120", "2 miljarder", "ca", "ca.", "~", "cabbage",
		"ca5", "5 ca", "1 kr 2", "٣", "１２", "0x10", "NaN", "Inf",
		"5\u200b", "\xff5", "5\xff",
	} {
		n, ok, err := ParseNumber(in)
		if ok || !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseNumber(%q) = %+v, %v, %v; want ErrNotNumber", in, n, ok, err)
			continue
		}
		if len(in) >= 5 && strings.Contains(err.Error(), strings.TrimSpace(in)) {
			t.Errorf("ParseNumber(%q): error %q quotes the input", in, err)
		}
		if _, err := ParseAmount(in, UnitKr); !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseAmount(%q) error = %v, want ErrNotNumber", in, err)
		}
	}
}

// A personnummer must never reach an error message, neither whole nor in
// parts.
func TestParseNumberErrorHidesText(t *testing.T) {
	for _, in := range []string{"20120905-9805", "Anna Andersson", "201209 05 9805", "19 120 905-9805"} {
		_, _, err := ParseNumber(in)
		if err == nil {
			t.Fatalf("ParseNumber(%q) accepted", in)
		}
		msg := err.Error()
		for _, part := range []string{"2012", "0905", "9805", "Anna", "And"} {
			if strings.Contains(msg, part) {
				t.Errorf("ParseNumber(%q): error %q contains %q", in, msg, part)
			}
		}
	}
	_, _, err := ParseNumber("2017-03-01")
	if want := "not a number: unexpected text after the number, found '-' at character 5"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	_, _, err = ParseNumber("  Barn")
	if want := "not a number: expected a digit, found a letter at character 3"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestParseNumberOverflow(t *testing.T) {
	for _, in := range []string{
		"10 000 000 000 000 000", // 10^16 kr
		"10000000000000000",
		"10 000 000 000 mnkr",
		"-9 999 999 999 999 999,995",
		"9223372036854775807",
		"99 999 999 999 999 999 999",
		"1,0000000000000000000001",
	} {
		_, err := ParseAmount(in, UnitKr)
		if !errors.Is(err, ErrOverflow) {
			t.Errorf("ParseAmount(%q) error = %v, want ErrOverflow", in, err)
		}
	}
}

func TestScaledDefault(t *testing.T) {
	n, _, _ := ParseNumber("-88 552")
	for _, c := range []struct {
		def  Unit
		want Amount
	}{
		{UnitNone, -8_855_200}, {UnitKr, -8_855_200}, {UnitTkr, -8_855_200_000},
		{UnitMnkr, -8_855_200_000_000}, {UnitCareDays, -8_855_200}, {UnitPercent, -8_855_200},
	} {
		if got, err := n.Scaled(c.def); err != nil || got != c.want {
			t.Errorf("Scaled(%v) = %d, %v; want %d", c.def, got, err, c.want)
		}
	}
	// A unit in the text wins over the default.
	n, _, _ = ParseNumber("5 tkr")
	if got, _ := n.Scaled(UnitMnkr); got != 500_000 {
		t.Errorf("5 tkr Scaled(UnitMnkr) = %d, want 500000", got)
	}
	// Hand-built numbers: a negative Exp means trailing zeros.
	if got, err := (Number{Coef: 12, Exp: -3}).Scaled(UnitKr); err != nil || got != 1_200_000 {
		t.Errorf("12e3 = %d, %v", got, err)
	}
	if _, err := (Number{Coef: math.MinInt64}).Scaled(UnitKr); !errors.Is(err, ErrOverflow) {
		t.Errorf("MinInt64 kr: %v", err)
	}
	if _, err := (Number{Coef: 1, Exp: -30}).Scaled(UnitKr); !errors.Is(err, ErrOverflow) {
		t.Errorf("1e30 kr: %v", err)
	}
}

func TestParseRawNumber(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   Number
		def    Unit
		amount Amount
	}{
		{"-92522", Number{Coef: -92522}, UnitKr, -9_252_200},
		{"853854", Number{Coef: 853854}, UnitTkr, 85_385_400_000},
		{"853854.00000000012", Number{Coef: 85385400000000012, Exp: 11}, UnitTkr, 85_385_400_000},
		{"3.0000000000000004E-2", Number{Coef: 30000000000000004, Exp: 18}, UnitKr, 3},
		{"1.5E-2", Number{Coef: 15, Exp: 3}, UnitKr, 2},
		{"-1.5E-2", Number{Coef: -15, Exp: 3}, UnitKr, -2},
		{"1.5e-2", Number{Coef: 15, Exp: 3}, UnitKr, 2},
		{"1.5E3", Number{Coef: 1500}, UnitKr, 150_000},
		{"1.5E+3", Number{Coef: 1500}, UnitKr, 150_000},
		{"1.25E1", Number{Coef: 125, Exp: 1}, UnitKr, 1_250},
		{"1E2", Number{Coef: 100}, UnitKr, 10_000},
		{"0E5", Number{}, UnitKr, 0},
		{"4.9999999999999997E-3", Number{Coef: 49999999999999997, Exp: 19}, UnitKr, 0},
		{"5.0000000000000001E-3", Number{Coef: 50000000000000001, Exp: 19}, UnitKr, 1},
		{"0.1", Number{Coef: 1, Exp: 1}, UnitMnkr, 10_000_000},
		{"0.30000000000000004", Number{Coef: 30000000000000004, Exp: 17}, UnitKr, 30},
		{"43062000", Number{Coef: 43062000}, UnitKr, 4_306_200_000},
		{"-0", Number{}, UnitKr, 0},
		{"+7", Number{Coef: 7}, UnitKr, 700},
		{"5.", Number{Coef: 5}, UnitKr, 500},
		{".5", Number{Coef: 5, Exp: 1}, UnitKr, 50},
		{"1.50000000000000000000000", Number{Coef: 1500000000000000000, Exp: 18}, UnitKr, 150},
		{"1E-1000", Number{Coef: 1, Exp: 1000}, UnitMnkr, 0},
		{"9.99999999999999999E15", Number{Coef: 999999999999999999, Exp: 2}, UnitKr, 999_999_999_999_999_999},
	} {
		n, err := ParseRawNumber(c.in)
		if err != nil || n != c.want {
			t.Errorf("ParseRawNumber(%q) = %+v, %v; want %+v", c.in, n, err, c.want)
			continue
		}
		if a, err := n.Scaled(c.def); err != nil || a != c.amount {
			t.Errorf("ParseRawNumber(%q).Scaled(%v) = %d, %v; want %d", c.in, c.def, a, err, c.amount)
		}
	}
	for _, in := range []string{"", " ", "-", ".", "1,5", "1 000", "abc", "1e", "1e+", "1E-", "--1", "NaN",
		"Inf", "0x10", "1.2.3", "1E5.5", "E5", "#DIV/0!", "20120905-9805"} {
		if n, err := ParseRawNumber(in); !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseRawNumber(%q) = %+v, %v; want ErrNotNumber", in, n, err)
		}
	}
	for _, in := range []string{"1E20", "1E1001", "1E-1001", "99999999999999999999", "1.0000000000000000000001"} {
		if n, err := ParseRawNumber(in); !errors.Is(err, ErrOverflow) {
			t.Errorf("ParseRawNumber(%q) = %+v, %v; want ErrOverflow", in, n, err)
		}
	}
	if n, _ := ParseRawNumber("1E18"); true {
		if _, err := n.Scaled(UnitKr); !errors.Is(err, ErrOverflow) {
			t.Errorf("1E18 kr: %v, want ErrOverflow", err)
		}
	}
}

func TestAmountString(t *testing.T) {
	for _, c := range []struct {
		a         Amount
		str, swed string
	}{
		{0, "0.00", "0,00"},
		{5, "0.05", "0,05"},
		{-5, "-0.05", "-0,05"},
		{-206_600_000, "-2066000.00", "-2 066 000,00"},
		{371_480, "3714.80", "3 714,80"},
		{100_000, "1000.00", "1 000,00"},
		{99_999, "999.99", "999,99"},
		{maxAmount, "9999999999999999.99", "9 999 999 999 999 999,99"},
		{math.MinInt64, "-92233720368547758.08", "-92 233 720 368 547 758,08"},
		{math.MaxInt64, "92233720368547758.07", "92 233 720 368 547 758,07"},
	} {
		if got := c.a.String(); got != c.str {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(c.a), got, c.str)
		}
		if got := FormatAmount(c.a); got != c.swed {
			t.Errorf("FormatAmount(%d) = %q, want %q", int64(c.a), got, c.swed)
		}
	}
}

func TestRound(t *testing.T) {
	for _, c := range []struct {
		a      Amount
		places int
		want   Amount
	}{
		{371_480, 0, 371_500}, // 3714.80 -> 3715.00
		{94_049, 0, 94_000},   // 940.49 -> 940.00
		{371_450, 0, 371_500},
		{-371_450, 0, -371_500},
		{371_449, 0, 371_400},
		{-371_449, 0, -371_400},
		{371_485, 1, 371_490},
		{-371_485, 1, -371_490},
		{371_484, 1, 371_480},
		{5, 1, 10},
		{4, 1, 0},
		{371_485, 2, 371_485},
		{371_485, 5, 371_485},
		{371_480, -3, 400_000},
		{371_480, -4, 0},
		{500_000, -2, 500_000},
		{4_500_000, -4, 5_000_000},
		{maxAmount, 0, 1_000_000_000_000_000_000},
		{-maxAmount, 0, -1_000_000_000_000_000_000},
		{math.MaxInt64, 0, math.MaxInt64 - 7},
		{math.MinInt64, 0, math.MinInt64 + 8},
		{math.MinInt64, -16, math.MinInt64 + 223_372_036_854_775_808},
		{math.MaxInt64, -30, 0},
	} {
		if got := c.a.Round(c.places); got != c.want {
			t.Errorf("Amount(%d).Round(%d) = %d, want %d", int64(c.a), c.places, got, c.want)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		num, den Amount
		want     Amount
		ok       bool
	}{
		{4_306_200_000, 1_159_200, 371_480, true}, // 43 062 000 kr / 11 592 dygn = 3714.80
		{6_299_500_000, 6_698_100, 94_049, true},  // 62 995 000 / 66 981 = 940.49
		{-4_306_200_000, 1_159_200, -371_480, true},
		{4_306_200_000, -1_159_200, -371_480, true},
		{-4_306_200_000, -1_159_200, 371_480, true},
		{1, 8, 13, true}, // 0.125 -> 0.13
		{-1, 8, -13, true},
		{1, -8, -13, true},
		{1, 9, 11, true}, // 0.111 -> 0.11
		{0, 5, 0, true},
		{5, 0, 0, false},
		{0, 0, 0, false},
		{maxAmount, 100, maxAmount, true},
		{maxAmount, 1, 0, false},
		{maxAmount, 99, 0, false},
		{math.MinInt64, -1, 0, false},
		{math.MaxInt64, math.MinInt64, -100, true},
	} {
		got, ok := Ratio(c.num, c.den)
		if got != c.want || ok != c.ok {
			t.Errorf("Ratio(%d, %d) = %d, %v; want %d, %v", int64(c.num), int64(c.den), got, ok, c.want, c.ok)
		}
	}
	r, _ := Ratio(4_306_200_000, 1_159_200)
	if got := r.Round(0); got != 371_500 {
		t.Errorf("3714.80 Round(0) = %d", got)
	}
	r, _ = Ratio(6_299_500_000, 6_698_100)
	if got := r.Round(0); got != 94_000 {
		t.Errorf("940.49 Round(0) = %d", got)
	}
}

// refScaled is Scaled done with big.Int, the obvious way.
func refScaled(n Number, def Unit) (Amount, bool) {
	u := n.Unit
	if u == UnitNone {
		u = def
	}
	num := new(big.Int).Mul(big.NewInt(n.Coef), big.NewInt(u.Factor()*100))
	neg := num.Sign() < 0
	num.Abs(num)
	d := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.Exp)), nil)
	q, r := new(big.Int).QuoRem(num, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.Cmp(big.NewInt(maxAmount)) > 0 {
		return 0, false
	}
	if neg {
		q.Neg(q)
	}
	return Amount(q.Int64()), true
}

// refRatio is Ratio done with big.Int.
func refRatio(num, den Amount) (Amount, bool) {
	if den == 0 {
		return 0, false
	}
	n := new(big.Int).Mul(big.NewInt(int64(num)), big.NewInt(100))
	d := big.NewInt(int64(den))
	neg := n.Sign()*d.Sign() < 0
	n.Abs(n)
	d.Abs(d)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.Cmp(big.NewInt(maxAmount)) > 0 {
		return 0, false
	}
	if neg {
		q.Neg(q)
	}
	return Amount(q.Int64()), true
}

var allUnits = []Unit{UnitNone, UnitKr, UnitTkr, UnitMnkr, UnitKrPerDay, UnitCareDays, UnitCount, UnitPercent}

func checkScaled(t *testing.T, what string, n Number) {
	for _, u := range allUnits {
		got, err := n.Scaled(u)
		if n.Exp > 2000 {
			continue // too big a power of ten for the reference; Scaled has a shortcut
		}
		want, ok := refScaled(n, u)
		switch {
		case ok && (err != nil || got != want):
			t.Errorf("%s: %+v.Scaled(%v) = %d, %v; want %d", what, n, u, got, err, want)
		case !ok && !errors.Is(err, ErrOverflow):
			t.Errorf("%s: %+v.Scaled(%v) = %d, %v; want ErrOverflow", what, n, u, got, err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for i, c := range numberCases {
		f.Add(c.in, int64(c.amount), int64(i*7919+1))
	}
	for _, s := range []string{"", "-", "..", "20120905-9805", "2017-03-01", "12:30", "1 2 3 4 5",
		"3.0000000000000004E-2", "1.5E-2", "(1 234) tkr", "ca 1,5 mnkr", "1.234,5", "1.234.567"} {
		f.Add(s, int64(-206_600_000), int64(1_159_200))
	}
	f.Add("9223372036854775807", int64(math.MaxInt64), int64(math.MinInt64))
	f.Add("-9223372036854775808", int64(math.MinInt64), int64(-1))

	f.Fuzz(func(t *testing.T, s string, x, y int64) {
		// Whatever the text, nothing panics, errors wrap one sentinel and
		// Scaled agrees with the big.Int reference.
		n, ok, err := ParseNumber(s)
		switch {
		case err != nil:
			if ok || !(errors.Is(err, ErrNotNumber) || errors.Is(err, ErrOverflow)) {
				t.Fatalf("ParseNumber(%q) = %v, %v", s, ok, err)
			}
		case ok:
			if n.Exp < 0 {
				t.Fatalf("ParseNumber(%q) = %+v: negative Exp", s, n)
			}
			checkScaled(t, "ParseNumber("+s+")", n)
			a, err := ParseAmount(s, UnitTkr)
			b, err2 := n.Scaled(UnitTkr)
			if a != b || (err == nil) != (err2 == nil) {
				t.Fatalf("ParseAmount(%q) = %d, %v; Scaled = %d, %v", s, a, err, b, err2)
			}
		default:
			if _, err := ParseAmount(s, UnitKr); !errors.Is(err, ErrNoValue) {
				t.Fatalf("ParseAmount(%q) = %v, want ErrNoValue", s, err)
			}
		}
		if r, err := ParseRawNumber(s); err == nil {
			if r.Exp < 0 || r.Unit != UnitNone {
				t.Fatalf("ParseRawNumber(%q) = %+v", s, r)
			}
			checkScaled(t, "ParseRawNumber("+s+")", r)
		} else if !errors.Is(err, ErrNotNumber) && !errors.Is(err, ErrOverflow) {
			t.Fatalf("ParseRawNumber(%q): %v", s, err)
		}

		// Every valid Amount survives both of its printed forms.
		_ = FormatAmount(Amount(x)) + Amount(x).String()
		a := Amount(x % (maxAmount + 1))
		if got, err := ParseAmount(FormatAmount(a), UnitKr); err != nil || got != a {
			t.Fatalf("ParseAmount(FormatAmount(%d) = %q) = %d, %v", int64(a), FormatAmount(a), got, err)
		}
		if got, err := ParseAmount(a.String(), UnitKr); err != nil || got != a {
			t.Fatalf("ParseAmount(%q) = %d, %v", a.String(), got, err)
		}
		if r, err := ParseRawNumber(a.String()); err != nil {
			t.Fatalf("ParseRawNumber(%q): %v", a.String(), err)
		} else if got, err := r.Scaled(UnitKr); err != nil || got != a {
			t.Fatalf("ParseRawNumber(%q).Scaled = %d, %v", a.String(), got, err)
		}

		// Ratio and Round agree with the obvious big.Int arithmetic.
		for _, p := range [][2]Amount{{Amount(x), Amount(y)}, {a, Amount(y % (maxAmount + 1))}} {
			got, ok := Ratio(p[0], p[1])
			want, wok := refRatio(p[0], p[1])
			if got != want || ok != wok {
				t.Fatalf("Ratio(%d, %d) = %d, %v; want %d, %v", int64(p[0]), int64(p[1]), got, ok, want, wok)
			}
		}
		for places := -17; places <= 3; places++ {
			got := a.Round(places)
			want := a
			if places < 2 {
				m := big.NewInt(1)
				for i := places; i < 2; i++ {
					m.Mul(m, big.NewInt(10))
				}
				v := big.NewInt(int64(a))
				neg := v.Sign() < 0
				v.Abs(v)
				q, r := new(big.Int).QuoRem(v, m, new(big.Int))
				if r.Lsh(r, 1).Cmp(m) >= 0 {
					q.Add(q, big.NewInt(1))
				}
				q.Mul(q, m)
				if neg {
					q.Neg(q)
				}
				want = Amount(q.Int64()) // a valid Amount rounds to at most 10^18
			}
			if got != want {
				t.Fatalf("Amount(%d).Round(%d) = %d, want %d", int64(a), places, got, want)
			}
		}
		_ = Amount(x).Round(int(y % 40))
	})
}

// Fine keeps what two decimals would lose, and nothing when they suffice.
func TestNumberFine(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want string // coef/exp of the fine number, "" for nil
	}{
		{"21.88749", "2188749/5"},           // Kolada's share for Stockholm 2023
		{"3822.50", ""},                     // two decimals hold it
		{"12.3400", ""},                     // trailing zeros are no precision
		{"-0.000000000049", "0/10"},         // past ten decimals rounded once: −0.0000000000|49 → 0
		{"1.00000000005", "10000000001/10"}, // …0000|5 rounds half away from zero
	} {
		n, err := ParseRawNumber(c.raw)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if f := n.Fine(); f != nil {
			got = fmt.Sprintf("%d/%d", f.Coef, f.Exp)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.raw, got, c.want)
		}
	}
}
