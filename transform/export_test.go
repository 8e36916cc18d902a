package transform

import "testing"

func TestDigitsOfNumber(t *testing.T) {
	cases := map[string]string{
		"201209059805":      "201209059805",
		"2.01209059805E11":  "201209059805",
		"2.01209059805E+11": "201209059805",
		"1209059805":        "1209059805",
		"12.5":              "12.5", // not a whole number: left for the parser to refuse
	}
	for in, want := range cases {
		if got := digitsOfNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestShiftRaw(t *testing.T) {
	cases := map[string]string{"86486000": "86486.000", "-2066000": "-2066.000", "12.5": "0.0125", "5": "0.005"}
	for in, want := range cases {
		if got := shiftRaw(in, 3); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
