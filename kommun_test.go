package socdw

import "testing"

// The codes are SCB's kommunkod as published (and as Kolada uses them).
func TestKommunCodes(t *testing.T) {
	if n := Kommuner(); n != 290 {
		t.Fatalf("%d municipalities, want 290", n)
	}
	for name, code := range map[string]string{
		"Haninge": "0136", "Nacka": "0182", "Södertälje": "0181", "Tyresö": "0138",
		"Botkyrka": "0127", "Stockholm": "0180", "Kiruna": "2584", "Gotland": "0980",
		"Malung-Sälen": "2023", "Upplands Väsby": "0114", "Riket": "0000",
		"haninge kommun": "0136", " Nacka  ": "0182",
	} {
		got, ok := KommunCode(name)
		if !ok || got != code {
			t.Errorf("KommunCode(%q) = %q, %v; want %q", name, got, ok, code)
		}
	}
	if n, ok := KommunName("0181"); !ok || n != "Södertälje" {
		t.Errorf("KommunName(0181) = %q, %v", n, ok)
	}
	if _, ok := KommunCode("Atlantis"); ok {
		t.Error("an unknown name has a code")
	}
	seen := map[string]bool{}
	for _, k := range kommunkoder {
		if len(k[0]) != 4 || seen[k[0]] {
			t.Errorf("code %q is not four digits or is repeated", k[0])
		}
		seen[k[0]] = true
	}
}
