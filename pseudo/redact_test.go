package pseudo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// spellings writes the 12 digits YYYYMMDDNNNC of one person in every
// spelling people and programs use.
func spellings(d12 string) []string {
	date8, date6, last := d12[:8], d12[2:8], d12[8:]
	return []string{
		d12, d12[2:],
		date8 + "-" + last, date6 + "-" + last, date6 + "+" + last,
		date8 + " " + last, date6 + " " + last,
		date8 + "\u00a0" + last, date6 + "\u2013" + last,
	}
}

func TestRedactEverySpelling(t *testing.T) {
	people := []string{
		withCheck("19550505783"),  // valid check digit
		wrongCheck("19550505783"), // wrong check digit: still a person
		withCheck("19701063239"),  // samordningsnummer: day 3 + 60
		withCheck("20000229123"),  // a leap day
		wrongCheck("20120905980"), // wrong check digit, 2000s
	}
	for _, p := range people {
		for _, s := range spellings(p) {
			for _, text := range []string{s, "Familjen Berg " + s, s + ";HVB", "(" + s + ")", "x" + s + "x"} {
				got, n := Redact(text)
				if n != 1 {
					t.Errorf("Redact(%q): %d spans, want 1 (%q)", text, n, got)
				}
				if strings.Contains(strings.Map(keepDigits, got), p[2:]) || strings.Contains(got, p[2:8]) {
					t.Errorf("Redact(%q) = %q still holds the number", text, got)
				}
				if !strings.Contains(got, Marker) {
					t.Errorf("Redact(%q) = %q has no marker", text, got)
				}
			}
		}
	}
	// The text around a number is kept.
	if got, _ := Redact("Familjen Berg 19550505 7836"); got != "Familjen Berg "+Marker {
		t.Errorf("label: %q", got)
	}
}

func TestRedactLeavesOtherNumbersAlone(t *testing.T) {
	for _, s := range []string{
		"853854", "4 304,25", "2017-03-01", "201701-201712", "-1 234 567 890,00", "Ref: 2017/1234-5678",
		"19991332-1234", // month 13
		"19990230-1234", // no 30 February
		"17991231-1234", // before 1800
		"1912121212121", // 13 digits: a reference number
		"556036-0793",   // organisationsnummer: month 60
		"Konto 4610 Ansvar 5101", "1.2345E+5", "Summa kostnader jan–okt 2017",
	} {
		if got, n := Redact(s); n != 0 || got != s {
			t.Errorf("Redact(%q) = %q, %d", s, got, n)
		}
	}
}

func TestNumberIsPersonnummer(t *testing.T) {
	twelve := withCheck("19700101123")
	ten := twelve[2:]
	tests := []struct {
		raw  string
		want bool
	}{
		{twelve, true},
		{ten, true},
		{twelve[:1] + "." + twelve[1:] + "E11", true}, // Excel's exponent form
		{ten + ".0", true},
		{wrongCheck("19700101123"), true}, // twelve digits: the date is enough
		{wrongCheck("19700101123")[2:], false},
		{"4304.25", false},
		{"1970010112.5", false},
		{"-" + twelve, false},
		{"123456789", false},
		{"", false},
		{"1E400", false},
	}
	for _, tt := range tests {
		if got := NumberIsPersonnummer(tt.raw); got != tt.want {
			t.Errorf("NumberIsPersonnummer(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

func TestIsPersonnummerShaped(t *testing.T) {
	p := wrongCheck("19550505783")
	for _, s := range []string{p, " " + p[:8] + "-" + p[8:] + " ", p[2:8] + " " + p[8:]} {
		if !IsPersonnummerShaped(s) {
			t.Errorf("%q not shaped", s)
		}
	}
	for _, s := range []string{"Familjen Berg " + p, "HVB", "2017-03-01", ""} {
		if IsPersonnummerShaped(s) {
			t.Errorf("%q shaped", s)
		}
	}
}

func TestRedactTaggedKeepsNamesApart(t *testing.T) {
	k := mustKey(t, "tag-key-0123456789-abcdefghijklmnop")
	a, _ := RedactTagged("placering "+withCheck("19121212121")+".xlsx", &k)
	b, _ := RedactTagged("placering "+withCheck("20120905980")+".xlsx", &k)
	if a == b || !strings.HasPrefix(a, "placering [personnummer:") || strings.Contains(a, "1212121") {
		t.Errorf("tagged: %q %q", a, b)
	}
	again, n := Redact(a)
	if n != 0 || again != a {
		t.Errorf("a tagged name is redacted again: %q", again)
	}
}

func TestRedactURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:pa55word@intranet.example/x/ekonomi.csv", "https://***@intranet.example/x/ekonomi.csv"},
		{"https://intranet.example/e.csv?token=abc123&year=2017", "https://intranet.example/e.csv?token=***&year=2017"},
		{"https://h.example/f.xlsx?sv=2020&sig=AbC%2Fd&X-Amz-Credential=AKIA1&api_key=k#frag",
			"https://h.example/f.xlsx?sv=2020&sig=***&X-Amz-Credential=***&api_key=***#frag"},
		{`Get "https://u:p@h.example/a.csv?password=hemligt": dial tcp: refused`,
			`Get "https://***@h.example/a.csv?password=***": dial tcp: refused`},
		{"/srv/inbox/ekonomi.csv", "/srv/inbox/ekonomi.csv"},
		{"https://h.example/plain.csv", "https://h.example/plain.csv"},
	}
	for _, tt := range tests {
		if got := RedactURLs(tt.in); got != tt.want {
			t.Errorf("RedactURLs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestKeyRules(t *testing.T) {
	for name, secret := range map[string]string{
		"one letter":  strings.Repeat("a", 40),
		"two letters": strings.Repeat("ab", 20),
		"seven kinds": strings.Repeat("abcdefg", 6),
	} {
		if _, err := NewKey([]byte(secret)); !errors.Is(err, ErrKeyWeak) {
			t.Errorf("%s: err = %v, want ErrKeyWeak", name, err)
		}
	}
	if _, err := NewKey([]byte(strings.Repeat("abcdefgh", 4))); err != nil {
		t.Errorf("32 bytes of eight kinds: %v", err)
	}
	// The example key shipped with the repository meets the rules.
	if _, err := LoadKey(func(string) string { return "" }, filepath.Join("..", "examples", "demo-pseudonym.key")); err != nil {
		t.Errorf("examples/demo-pseudonym.key: %v", err)
	}
}

func TestKeyFileWarning(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "key")
	if err := os.WriteFile(path, []byte("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	if w := KeyFileWarning(path); w != "" {
		t.Errorf("0600: %q", w)
	}
	os.Chmod(path, 0o644)
	if w := KeyFileWarning(path); !strings.Contains(w, "0644") || !strings.Contains(w, "chmod 600") {
		t.Errorf("0644: %q", w)
	}
}

func keepDigits(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// FuzzDetect embeds a generated personnummer, in any spelling, in any
// text: what Redact returns never holds its ten digits in sequence (not
// even with the separators taken out), Clean agrees, and nothing panics.
func FuzzDetect(f *testing.F) {
	f.Add("Familjen Berg ", "", uint32(19550505), uint16(783), uint8(0), false)
	f.Add("x", "y", uint32(20120905), uint16(980), uint8(3), true)
	f.Add("", ";HVB;1 200,00", uint32(19701063), uint16(239), uint8(7), false)
	f.Fuzz(func(t *testing.T, before, after string, date uint32, serial uint16, form uint8, wrong bool) {
		Redact(before + after) // never panics on anything
		NumberIsPersonnummer(before)
		y, m, d := int(date/10000), int(date/100%100), int(date%100)
		y = 1900 + y%125
		m = 1 + m%12
		d = 1 + d%28
		if serial%2 == 0 {
			d += 60 // a samordningsnummer
		}
		base := fmt.Sprintf("%04d%02d%02d%03d", y, m, d, serial%1000)
		var p string
		if wrong {
			p = wrongCheck(base)
		} else {
			p = withCheck(base)
		}
		sp := spellings(p)
		s := sp[int(form)%len(sp)]
		// A digit glued to the number makes another number (13 digits, a
		// reference); the detector rightly leaves that alone.
		if before != "" && isDigit(before[len(before)-1]) || after != "" && isDigit(after[0]) {
			return
		}
		got, n := Redact(before + s + after)
		if n == 0 {
			t.Fatalf("%q not found in %q", s, before+s+after)
		}
		if strings.Contains(strings.Map(keepDigits, got), p[2:]) && !strings.Contains(strings.Map(keepDigits, before+after), p[2:]) {
			t.Errorf("Redact(%q) = %q holds the ten digits", before+s+after, got)
		}
		if c, _ := Clean(before + s + after); strings.Contains(c, p[2:]) {
			t.Errorf("Clean holds the digits: %q", c)
		}
	})
}

// BenchmarkRedact is the cost of the one detector on a typical row of
// texts (cells, defined in pseudo_test.go): the gate every stored text
// passes.
func BenchmarkRedact(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			Redact(c)
		}
	}
}
