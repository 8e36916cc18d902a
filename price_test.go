package socdw

import "testing"

func TestPriceOf(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"986,8421", "986.8421"},     // kept to the ten-thousandth
		{"4 304,25", "4304.2500"},    // öre widen exactly
		{"1900kr/dygn", "1900.0000"}, // a unit per day is kronor
		{"967,74193", "967.7419"},    // past four decimals, rounded
		{"967,74195", "967.7420"},    // half away from zero
		{"-0,00005", "-0.0001"},
	}
	for _, c := range cases {
		n, ok, err := ParseNumber(c.in)
		if err != nil || !ok {
			t.Fatalf("%q: %v", c.in, err)
		}
		p, err := PriceOf(n)
		if err != nil || p.String() != c.want {
			t.Errorf("%q: %v %v, want %s", c.in, p, err, c.want)
		}
	}
	if n, _, _ := ParseNumber("1,9 tkr"); true {
		if p, err := PriceOf(n); err != nil || p.String() != "1900.0000" {
			t.Errorf("1,9 tkr: %v %v", p, err)
		}
	}
	if n, _, _ := ParseNumber("12 %"); true {
		if _, err := PriceOf(n); err == nil {
			t.Error("a percentage was taken for a price")
		}
	}
}
