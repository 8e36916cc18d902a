package pseudo

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// ref is the reference date used throughout: the day these tests were written.
var ref = time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)

// checkDigit computes the Luhn digit for nine payload digits YYMMDDNNN,
// deliberately written differently from luhnValid: it walks right to left
// (the rightmost payload digit is doubled) and uses a lookup table for the
// digit sum of a doubled digit.
//
// Worked example, 19121212-1212 → payload 121212121, check digit 2:
//
//	digits   1 2 1 2 1 2 1 2 1
//	weights  2 1 2 1 2 1 2 1 2
//	products 2 2 2 2 2 2 2 2 2   sum 18 → 10 - 8 = 2 ✓
//
// and 20120905-9805 → payload 120905980:
//
//	digits   1 2 0 9 0 5 9  8 0
//	products 2 2 0 9 0 5 18 8 0  → 2+2+0+9+0+5+(1+8)+8+0 = 35 → 10 - 5 = 5 ✓
func checkDigit(nine string) byte {
	doubled := [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}
	sum := 0
	for i, dbl := len(nine)-1, true; i >= 0; i, dbl = i-1, !dbl {
		d := int(nine[i] - '0')
		if dbl {
			d = doubled[d]
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// withCheck appends the correct check digit to "YYMMDDNNN", "YYYYMMDDNNN",
// "YYMMDD-NNN" or "YYYYMMDD-NNN" (any single separator).
func withCheck(s string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	return s + string(checkDigit(digits[len(digits)-9:]))
}

// wrongCheck is withCheck with the check digit deliberately off by one.
func wrongCheck(s string) string {
	good := withCheck(s)
	last := good[len(good)-1]
	return good[:len(good)-1] + string('0'+(last-'0'+1)%10)
}

func TestCheckDigitHelper(t *testing.T) {
	// Pin the independent helper against the hand computations above.
	for nine, want := range map[string]byte{"121212121": '2', "120905980": '5'} {
		if got := checkDigit(nine); got != want {
			t.Errorf("checkDigit(%s) = %c, want %c", nine, got, want)
		}
	}
}

func TestParsePersonnummerValid(t *testing.T) {
	tests := []struct {
		name, in string
		ref      time.Time
		want     string // canonical 12 digits
	}{
		{"12 digits with hyphen", "19121212-1212", ref, "191212121212"},
		{"12 digits", "191212121212", ref, "191212121212"},
		{"10 digits with hyphen, this century", "121212-1212", ref, "201212121212"},
		{"10 digits, this century", "1212121212", ref, "201212121212"},
		{"10 digits with plus, 100+", "121212+1212", ref, "191212121212"},
		{"surrounding spaces", "  19121212-1212\t", ref, "191212121212"},
		{"surrounding newline", "121212-1212\n", ref, "201212121212"},
		{"Skatteverket test number", "20120905-9805", ref, "201209059805"},
		{"Skatteverket test number 10", "120905-9805", ref, "201209059805"},
		{"leap day 2000", withCheck("20000229-123"), ref, withCheck("20000229123")},
		{"leap day 10 digits infers 2000", withCheck("000229-123"), ref, withCheck("20000229123")},
		{"samordningsnummer kept as written", withCheck("19701063-239"), ref, withCheck("19701063239")},
		{"samordningsnummer 10 digits", withCheck("701091-239"), ref, withCheck("19701091239")},
		{"samordningsnummer century from real day", withCheck("261185-000"), ref, withCheck("20261185000")},
		{"samordningsnummer real day after ref", withCheck("261186-000"), ref, withCheck("19261186000")},
		{"born on ref date", withCheck("261125-000"), ref, withCheck("20261125000")},
		{"born day after ref", withCheck("261126-000"), ref, withCheck("19261126000")},
		{"born month after ref", withCheck("261201-000"), ref, withCheck("19261201000")},
		{"yy above ref year", withCheck("300101-000"), ref, withCheck("19300101000")},
		{"yy above ref year, plus", withCheck("300101+000"), ref, withCheck("18300101000")},
		{"yy equal ref year, earlier date, plus", withCheck("260101+000"), ref, withCheck("19260101000")},
		{"old ref", "121212-1212", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), "191212121212"},
		{"ref zone decides the calendar date", withCheck("261125-000"),
			time.Date(2026, 11, 25, 0, 30, 0, 0, time.FixedZone("CET", 3600)), withCheck("20261125000")},
		{"12 digits ignore zero ref", "191212121212", time.Time{}, "191212121212"},
		{"year floor", withCheck("18000101-000"), ref, withCheck("18000101000")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePersonnummer(tt.in, tt.ref)
			if err != nil {
				t.Fatalf("ParsePersonnummer: %v", err)
			}
			if p.digits != tt.want {
				t.Errorf("canonical = %s, want %s", p.digits, tt.want)
			}
			if p.IsZero() {
				t.Error("IsZero on parsed value")
			}
		})
	}
}

func TestCenturyInference(t *testing.T) {
	// The two cases named in the brief, spelled out as birth years.
	for in, wantYear := range map[string]string{"121212-1212": "2012", "121212+1212": "1912"} {
		p, err := ParsePersonnummer(in, ref)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := p.digits[:4]; got != wantYear {
			t.Errorf("%s with ref %s: year %s, want %s", in, ref.Format(time.DateOnly), got, wantYear)
		}
	}
}

func TestParsePersonnummerInvalid(t *testing.T) {
	tests := []struct {
		name, in string
		ref      time.Time
		want     error
	}{
		{"empty", "", ref, ErrPnrFormat},
		{"spaces only", "   ", ref, ErrPnrFormat},
		{"letters", "abcdefghij", ref, ErrPnrFormat},
		{"too short", "12121212", ref, ErrPnrFormat},
		{"nine digits", "121212121", ref, ErrPnrFormat},
		{"eleven digits", "12121212121", ref, ErrPnrFormat},
		{"thirteen digits", "1912121212121", ref, ErrPnrFormat},
		{"fourteen chars", "19121212-12121", ref, ErrPnrFormat},
		{"plus with century", "19121212+1212", ref, ErrPnrFormat},
		{"space separator", "19121212 1212", ref, ErrPnrFormat},
		{"slash separator", "121212/1212", ref, ErrPnrFormat},
		{"separator misplaced", "1212121-212", ref, ErrPnrFormat},
		{"separator misplaced 12", "1912121-21212", ref, ErrPnrFormat},
		{"two separators", "121212--212", ref, ErrPnrFormat},
		{"letter in number", "121212-121X", ref, ErrPnrFormat},
		{"inner space", "1212 121212", ref, ErrPnrFormat},
		{"non-ascii digit", "12121212１2", ref, ErrPnrFormat},
		{"wrong check digit", "19121212-1213", ref, ErrPnrCheckDigit},
		{"wrong check digit 10", "1212121213", ref, ErrPnrCheckDigit},
		{"wrong check digit generated", wrongCheck("20120905-980"), ref, ErrPnrCheckDigit},
		{"30 february", withCheck("19990230-123"), ref, ErrPnrDate},
		{"29 february non-leap", withCheck("19990229-123"), ref, ErrPnrDate},
		{"29 february 1900", withCheck("19000229-123"), ref, ErrPnrDate},
		{"29 february 10 digits inferred 1900", withCheck("000229+123"), ref, ErrPnrDate},
		{"month zero", withCheck("19990010-123"), ref, ErrPnrDate},
		{"month thirteen", withCheck("19991310-123"), ref, ErrPnrDate},
		{"day zero", withCheck("19990100-123"), ref, ErrPnrDate},
		{"day 32", withCheck("19990132-123"), ref, ErrPnrDate},
		{"31 april", withCheck("19990431-123"), ref, ErrPnrDate},
		{"day 60 (samordning day zero)", withCheck("19990160-123"), ref, ErrPnrDate},
		{"samordning 31 april", withCheck("19990491-123"), ref, ErrPnrDate},
		{"day 92", withCheck("19990192-123"), ref, ErrPnrDate},
		{"organisationsnummer (month 20+)", withCheck("556036-079"), ref, ErrPnrDate},
		{"year before floor", withCheck("17991231-123"), ref, ErrPnrDate},
		{"year zero", withCheck("00000101-123"), ref, ErrPnrDate},
		{"ten digits need ref", "121212-1212", time.Time{}, ErrNoRefDate},
	}
	sentinels := []error{ErrPnrFormat, ErrPnrDate, ErrPnrCheckDigit, ErrNoRefDate}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePersonnummer(tt.in, tt.ref)
			if err == nil {
				t.Fatalf("accepted, want %v", tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q does not wrap %q", err, tt.want)
			}
			for _, other := range sentinels {
				if other != tt.want && errors.Is(err, other) {
					t.Errorf("error %q also wraps %q", err, other)
				}
			}
			if !p.IsZero() {
				t.Error("non-zero Personnummer returned with error")
			}
			assertNoDigits(t, err.Error())
			if in := strings.TrimSpace(tt.in); in != "" && strings.Contains(err.Error(), in) {
				t.Errorf("error %q contains the input", err)
			}
		})
	}
}

// assertNoDigits fails if msg contains any ASCII digit: error texts must not
// carry any part of a personnummer.
func assertNoDigits(t *testing.T, msg string) {
	t.Helper()
	if strings.ContainsAny(msg, "0123456789") {
		t.Errorf("error text %q contains digits", msg)
	}
}

func TestPseudonymSameForAllForms(t *testing.T) {
	k := mustKey(t, "0123456789abcdef-test-key-0123456789")
	forms := []string{"19121212-1212", "191212121212", "121212+1212", " 19121212-1212 "}
	want := k.Pseudonym(mustParse(t, forms[0], ref))
	for _, f := range forms[1:] {
		if got := k.Pseudonym(mustParse(t, f, ref)); got != want {
			t.Errorf("Pseudonym(%q) = %s, want %s", f, got, want)
		}
	}
	// 10-digit hyphen form of a 2012 birth vs. the 12-digit form.
	if a, b := k.Pseudonym(mustParse(t, "121212-1212", ref)), k.Pseudonym(mustParse(t, "20121212-1212", ref)); a != b {
		t.Errorf("10- and 12-digit forms differ: %s vs %s", a, b)
	}
	// 1912 and 2012 are different people.
	if a, b := k.Pseudonym(mustParse(t, "121212-1212", ref)), want; a == b {
		t.Error("1912 and 2012 births share a pseudonym")
	}
}

func TestPseudonymValue(t *testing.T) {
	secret := "0123456789abcdef-test-key-0123456789"
	k := mustKey(t, secret)
	got := k.Pseudonym(mustParse(t, "121212+1212", ref))

	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("191212121212"))
	want := hex.EncodeToString(m.Sum(nil))
	if got != want {
		t.Errorf("Pseudonym = %s, want HMAC-SHA-256 hex %s", got, want)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(got) {
		t.Errorf("Pseudonym %q is not 64 lower-case hex chars", got)
	}
	if strings.Contains(got, "191212121212") || strings.Contains(got, "1212121212") {
		t.Errorf("Pseudonym %q contains the number", got)
	}
}

func TestPseudonymKeysAndPeopleDiffer(t *testing.T) {
	k1 := mustKey(t, "first-key-0123456789-abcdefghijklmn")
	k2 := mustKey(t, "second-key-0123456789-abcdefghijklm")
	p := mustParse(t, "19121212-1212", ref)
	q := mustParse(t, "20120905-9805", ref)
	if k1.Pseudonym(p) == k2.Pseudonym(p) {
		t.Error("different keys give the same pseudonym")
	}
	if k1.Pseudonym(p) == k1.Pseudonym(q) {
		t.Error("different people give the same pseudonym")
	}
	if first, again := k1.Pseudonym(p), k1.Pseudonym(p); first != again {
		t.Error("pseudonym not deterministic")
	}
}

func TestPseudonymPanicsOnZeroValues(t *testing.T) {
	k := mustKey(t, "0123456789abcdef0123456789abcdef")
	p := mustParse(t, "191212121212", ref)
	for name, f := range map[string]func(){
		"zero key": func() { Key{}.Pseudonym(p) },
		"zero pnr": func() { k.Pseudonym(Personnummer{}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if s := fmt.Sprint(r); strings.Contains(s, "0123456789abcdef") || strings.Contains(s, "1212") {
					t.Errorf("panic text %q leaks secret or number", s)
				}
			}()
			f()
		})
	}
}

func TestNewKey(t *testing.T) {
	if _, err := NewKey([]byte("thirty-one-bytes-0123456789abcd")); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("31 bytes: err = %v, want ErrKeyTooShort", err)
	}
	if _, err := NewKey(nil); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("nil: err = %v, want ErrKeyTooShort", err)
	}
	secret := []byte("thirty-two-bytes-0123456789abcde")
	k, err := NewKey(secret)
	if err != nil {
		t.Fatalf("32 bytes: %v", err)
	}
	p := mustParse(t, "191212121212", ref)
	before := k.Pseudonym(p)
	secret[0] = 'X' // the key must have copied the bytes
	if k.Pseudonym(p) != before {
		t.Error("mutating the caller's slice changed the key")
	}
}

func TestLoadKey(t *testing.T) {
	const envSecret = "env-secret-0123456789-abcdefghijkl"
	const fileSecret = "file-secret-0123456789-abcdefghijk"
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	goodFile := write("good", fileSecret+"\n")
	messyFile := write("messy", fileSecret+" \t\r\n\n")
	shortFile := write("short", "tiny-key\n")
	paddedShortFile := write("padded", "thirty-one-bytes-0123456789abcd          \n") // 31 bytes after trimming
	missingFile := filepath.Join(dir, "missing")
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == EnvVar {
				return v
			}
			return ""
		}
	}
	p := mustParse(t, "191212121212", ref)
	pseud := func(secret string) string { return mustKey(t, secret).Pseudonym(p) }

	tests := []struct {
		name    string
		getenv  func(string) string
		file    string
		want    string // pseudonym of the expected secret, "" when an error is expected
		wantErr error  // nil = any error is acceptable when want == ""
	}{
		{"env wins over file", env(envSecret), goodFile, pseud(envSecret), nil},
		{"env trailing newline trimmed", env(envSecret + "\n"), "", pseud(envSecret), nil},
		{"env alone", env(envSecret), "", pseud(envSecret), nil},
		{"file read and trimmed", env(""), goodFile, pseud(fileSecret), nil},
		{"file trailing whitespace trimmed", env(""), messyFile, pseud(fileSecret), nil},
		{"env too short, no fallback to file", env("tiny-key"), goodFile, "", ErrKeyTooShort},
		{"env whitespace only", env("   \n"), goodFile, "", ErrKeyTooShort},
		{"file too short", env(""), shortFile, "", ErrKeyTooShort},
		{"file too short after trimming", env(""), paddedShortFile, "", ErrKeyTooShort},
		{"neither set", env(""), "", "", ErrNoKey},
		{"file missing", env(""), missingFile, "", os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := LoadKey(tt.getenv, tt.file)
			if tt.want == "" {
				if err == nil {
					t.Fatal("no error")
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr != ErrNoKey && errors.Is(err, ErrNoKey) {
					t.Errorf("err = %v must not be ErrNoKey when a source is set", err)
				}
				for _, secret := range []string{envSecret, fileSecret, "tiny-key", "thirty-one-bytes"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error %q contains key material", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadKey: %v", err)
			}
			if got := k.Pseudonym(p); got != tt.want {
				t.Error("LoadKey returned a different key than expected")
			}
		})
	}
}

func TestNothingSecretPrinted(t *testing.T) {
	const secret = "super-secret-key-material-0123456789"
	k := mustKey(t, secret)
	p := mustParse(t, "19121212-1212", ref)

	// Forms in which a leak could show up: the text, its hex, fmt's byte-slice
	// rendering, and the number in all its spellings.
	forbidden := []string{
		secret, hex.EncodeToString([]byte(secret)), fmt.Sprint([]byte(secret)[:4]),
		"191212121212", "1212121212", "121212", "1212",
	}
	type exported struct {
		K Key
		P Personnummer
	}
	type unexported struct{ k Key }
	outputs := map[string]string{
		"key verbs":            fmt.Sprintf("%v %+v %#v %s %q %x %X %d", k, k, k, k, k, k, k, k),
		"key pointer":          fmt.Sprintf("%v %+v %#v", &k, &k, &k),
		"key String/GoString":  k.String() + k.GoString(),
		"pnr verbs":            fmt.Sprintf("%v %+v %#v %s %q %x %X %d", p, p, p, p, p, p, p, p),
		"pnr pointer":          fmt.Sprintf("%v %+v %#v", &p, &p, &p),
		"pnr String/GoString":  p.String() + p.GoString(),
		"exported fields":      fmt.Sprintf("%v %+v %#v", exported{k, p}, exported{k, p}, exported{k, p}),
		"unexported key field": fmt.Sprintf("%v %+v %#v", unexported{k}, unexported{k}, unexported{k}),
		"in slice":             fmt.Sprint([]Key{k}, []Personnummer{p}),
		"error wrap":           fmt.Errorf("load %v for %v", k, p).Error(),
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("x", "key", k, "pnr", p, "row", exported{k, p})
	slog.New(slog.NewJSONHandler(&js, nil)).Info("x", "key", k, "pnr", p, "row", exported{k, p})
	outputs["slog text"] = text.String()
	outputs["slog json"] = js.String()

	for name, out := range outputs {
		for _, f := range forbidden {
			if strings.Contains(out, f) {
				t.Errorf("%s: output %q contains %q", name, out, f)
			}
		}
	}
	if got := fmt.Sprintf("%v|%s|%#v", k, k, k); got != "pseudo.Key(redacted)|pseudo.Key(redacted)|pseudo.Key(redacted)" {
		t.Errorf("key prints %q", got)
	}
	if got := fmt.Sprintf("%v|%s|%#v", p, p, p); got != "personnummer(redacted)|personnummer(redacted)|personnummer(redacted)" {
		t.Errorf("personnummer prints %q", got)
	}
}

func TestLooksLikePersonnummer(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// flagged
		{"20120905-9805", true},
		{"19121212-1212", true},
		{"191212121212", true},
		{"121212-1212", true},
		{"121212+1212", true},
		{"1212121212", true},
		{"pnr 191212121212 x", true},
		{"Barn: Test Testsson, 19121212-1212, placerad HVB", true},
		{"pnr:191212121212;", true},
		{"191212121212.0", true}, // a personnummer that went through an Excel number cell
		{withCheck("19701063-239"), true},
		{withCheck("701063-239"), true},
		{withCheck("000229-123"), true}, // could be 2000
		{"first 853854, then 121212-1212", true},
		// not flagged
		{"", false},
		{"853854", false},
		{"201701", false},
		{"2017-03-01", false},
		{"2017-03-01 12:00", false},
		{"20170301", false},
		{"4 304,25", false},
		{"-1 234 567 890,00", false},
		{"6110", false},
		{"201701-201712", false},
		{"Institutionsvård barn och unga 2017", false},
		{"19121212-1213", false},           // wrong check digit
		{"1212121213", false},              // wrong check digit
		{withCheck("19990230-123"), false}, // no such date
		{withCheck("19000229-123"), false}, // 1900 not a leap year
		{withCheck("010229-123"), false},   // never a leap year
		{withCheck("556036-079"), false},   // organisationsnummer: month 60
		{withCheck("556036079"), false},
		{"1912121212121", false},    // 13-digit run: not split
		{"0019121212121200", false}, // long reference number
		{"19121212-12120", false},   // tail not four digits
		{"19121212+1212", false},    // plus only with six digits
		{withCheck("17991231-123"), false},
		{"121212121", false},
	}
	for _, tt := range tests {
		if got := LooksLikePersonnummer(tt.in); got != tt.want {
			t.Errorf("LooksLikePersonnummer(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestLooksLikeAgreesWithParse: whatever ParsePersonnummer accepts, the
// detector must flag, so a column that would parse is never missed.
func TestLooksLikeAgreesWithParse(t *testing.T) {
	for _, yy := range []string{"00", "12", "26", "29", "30", "99"} {
		for _, mmdd := range []string{"0101", "0229", "0430", "1231", "1125", "1126", "0161", "0289"} {
			for _, sep := range []string{"-", "+", ""} {
				s := withCheck(yy + mmdd + sep + "123")
				if _, err := ParsePersonnummer(s, ref); err == nil && !LooksLikePersonnummer(s) {
					t.Errorf("%q parses but is not flagged", s)
				}
			}
		}
	}
}

// FuzzParsePersonnummer: never panics, errors never carry digits, and
// accepted inputs are flagged by the detector and round-trip.
func FuzzParsePersonnummer(f *testing.F) {
	for _, s := range []string{"19121212-1212", "121212+1212", "1212121212", "20120905-9805", "", "19990230-1234", "abc"} {
		f.Add(s)
	}
	k, err := NewKey([]byte("fuzz-key-0123456789-abcdefghijklmn"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		LooksLikePersonnummer(s)
		p, err := ParsePersonnummer(s, ref)
		if err != nil {
			assertNoDigits(t, err.Error())
			return
		}
		if !LooksLikePersonnummer(s) {
			t.Errorf("%q parses but is not flagged", s)
		}
		q, err := ParsePersonnummer(p.digits, time.Time{})
		if err != nil || q != p || k.Pseudonym(q) != k.Pseudonym(p) {
			t.Errorf("canonical form of %q does not round-trip: %v", s, err)
		}
	})
}

// cells is a typical mix of what a row of a placement or ledger export holds.
var cells = []string{
	"Placering HVB", "853854", "4 304,25", "2017-03-01", "6110", "201701",
	"Institutionsvård barn och unga", "Summa kostnader jan–okt 2017", "-12 500,00",
	"Familjehem, konsulentstött", "1.2345E+5", "", "Ansvar 4710 Verksamhet 5120",
	"19121212-1212", "Vårdnadshavare kontaktad 2017-02-14 angående placering",
	"Ref: 2017/1234-5678",
}

func BenchmarkLooksLikePersonnummer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			LooksLikePersonnummer(c)
		}
	}
}

func mustKey(t testing.TB, secret string) Key {
	t.Helper()
	k, err := NewKey([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustParse(t testing.TB, s string, ref time.Time) Personnummer {
	t.Helper()
	p, err := ParsePersonnummer(s, ref)
	if err != nil {
		t.Fatalf("ParsePersonnummer: %v", err)
	}
	return p
}
