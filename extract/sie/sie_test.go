package sie

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/socdw/socdw/internal/fixture"
)

func TestSplitFields(t *testing.T) {
	for _, c := range []struct {
		line string
		want []field
	}{
		{`#KONTO 4610 "Köp av huvudverksamhet, HVB"`, []field{{Text: "#KONTO"}, {Text: "4610"}, {Text: "Köp av huvudverksamhet, HVB", Quoted: true}}},
		{"#DIM\t1\t\"Avdelning\"", []field{{Text: "#DIM"}, {Text: "1"}, {Text: "Avdelning", Quoted: true}}},
		{`#VER A 3 20170215 "Avgift \"mars\" \\ sista"`, []field{{Text: "#VER"}, {Text: "A"}, {Text: "3"}, {Text: "20170215"}, {Text: `Avgift "mars" \ sista`, Quoted: true}}},
		{`#TRANS 4620 {} 1.00 "" ""`, []field{{Text: "#TRANS"}, {Text: "4620"}, {IsList: true}, {Text: "1.00"}, {Quoted: true}, {Quoted: true}}},
		{`#PSALDO 0 201509 1010 { } 0 ""`, []field{{Text: "#PSALDO"}, {Text: "0"}, {Text: "201509"}, {Text: "1010"}, {IsList: true}, {Text: "0"}, {Quoted: true}}},
		{`#TRANS 3010 { "1" "1"} -500`, []field{{Text: "#TRANS"}, {Text: "3010"}, {IsList: true, List: []string{"1", "1"}}, {Text: "-500"}}},
		{`#PSALDO  0 201201   6212  {1         AO}   321.00`, []field{{Text: "#PSALDO"}, {Text: "0"}, {Text: "201201"}, {Text: "6212"}, {IsList: true, List: []string{"1", "AO"}}, {Text: "321.00"}}},
		{`#TRANS 3041 {1 Nord 6 0001} -52625.00`, []field{{Text: "#TRANS"}, {Text: "3041"}, {IsList: true, List: []string{"1", "Nord", "6", "0001"}}, {Text: "-52625.00"}}},
		{`#FNAMN "Övningsbolaget AB`, []field{{Text: "#FNAMN"}, {Text: "Övningsbolaget AB", Quoted: true, Open: true}}},
		{`#TRANS 9010 {"1" "99 A"} 500`, []field{{Text: "#TRANS"}, {Text: "9010"}, {IsList: true, List: []string{"1", "99 A"}}, {Text: "500"}}},
	} {
		got, err := splitFields(c.line)
		if err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		for i := range got { // compare lists by content: nil and empty alike
			if got[i].IsList && len(got[i].List) == 0 {
				got[i].List = nil
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
	for line, want := range map[string]error{
		`#TRANS 1930 {1 "7110" 100.00`:    errBrace,
		`#TRANS 1930 {1 {2 3}} 1`:         errNest,
		`#TRANS 1930 } 1`:                 errStray,
		`#TRANS 1930 {1 "7110} 100.00 ""`: errQuote,
	} {
		if _, err := splitFields(line); !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", line, err, want)
		}
	}
}

// Code page 437 is read as code page 437 (0x99 is Ö, which Windows-1252
// shows as ™), and UTF-8 under "#FORMAT PC8" as UTF-8.
func TestEncodingFromTheBytes(t *testing.T) {
	cp := fixture.SIEMunicipality()
	if !strings.Contains(string(cp), "\x99stra \x8fby") {
		t.Fatal("fixture: Östra Åby is not CP437 0x99 0x8F")
	}
	f, err := Parse("kommun.se", cp)
	if err != nil {
		t.Fatal(err)
	}
	if f.Encoding != EncodingCP437 || f.Company != "Socialförvaltningen Östra Åby" {
		t.Errorf("CP437: %s %q", f.Encoding, f.Company)
	}
	if n := f.Objects[Object{1, "7120"}].Name; n != "Ärendehandläggning" {
		t.Errorf("object 7120: %q", n)
	}
	u, err := Parse("fortnox.se", fixture.SIEVouchers("x"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Encoding != EncodingUTF8 || u.Format != "PC8" || u.Company != "Vård och omsorg Ölme" {
		t.Errorf("UTF-8 under PC8: %s %s %q", u.Encoding, u.Format, u.Company)
	}
}

// A file in Windows-1252 under "#FORMAT PC8" is told by its letters.
func TestWindowsUnderPC8(t *testing.T) {
	text, err := charmap.CodePage437.NewDecoder().Bytes(fixture.SIEPeriods())
	if err != nil {
		t.Fatal(err)
	}
	win, err := charmap.Windows1252.NewEncoder().Bytes(text)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("ansi.se", win)
	if err != nil {
		t.Fatal(err)
	}
	if f.Encoding != EncodingWindows || f.Company != "Stöd och omsorg" || f.Accounts["3010"].Name != "Försäljning" {
		t.Errorf("%s: %q %q", f.Encoding, f.Company, f.Accounts["3010"].Name)
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		"#FLAGGA 0\r\n#PROGRAM x":                    true,
		"\xef\xbb\xbf\r\n  #FLAGGA 0\r\n":            true,
		"#PROGRAM \"x\" 1\n#FORMAT PC8\n#SIETYP 4\n": true,
		"Datum;Period;Ansvar;Utfall\r\n201701;1;2;3": false,
		"#FLAGGANS;x\n":                              false,
		"Text om #SIETYP 4 mitt i en rad\n":          false,
	} {
		if got := Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v", head, got)
		}
	}
}

func TestRecords(t *testing.T) {
	f, err := Parse("kommun.se", fixture.SIEMunicipality())
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "3" || len(f.Years) != 2 || f.Years[-1].Start.Format("20060102") != "20160101" {
		t.Errorf("type %s years %v", f.Type, f.Years)
	}
	if a := f.Accounts["4610"]; a.Name != "Köp av huvudverksamhet, HVB" || a.Type != "K" {
		t.Errorf("account 4610: %+v", a)
	}
	// 5 balances, 23 #PSALDO and 16 #PBUDGET rows in the fixture.
	if len(f.Balances) != 7 || len(f.Periods) != 23+16 {
		t.Errorf("%d balances, %d period rows", len(f.Balances), len(f.Periods))
	}
	// Edison's spaces inside the braces: {1         "7120"} 40000.00.
	var got *PeriodAmount
	for i, r := range f.Periods {
		if r.Label == "#PSALDO" && r.Month.Format("200601") == "201702" && r.Account == "5011" && Find(r.Objects, 1) == "7120" {
			got = &f.Periods[i]
		}
	}
	if got == nil || got.Amount.Value != 4_000_000 || got.Amount.Decimals != 2 || len(got.Objects) != 1 {
		t.Errorf("201702 5011 {1 7120}: %+v", got)
	}
	if f.DimName(1) != "Kostnadsställe" || f.DimName(7) != "Anställd" || f.DimName(42) != "dim 42" {
		t.Errorf("dimension names: %s %s %s", f.DimName(1), f.DimName(7), f.DimName(42))
	}
}

// #RTRANS followed by the same row as #TRANS counts once; #BTRANS not at
// all; an #RTRANS with no #TRANS after it counts.
func TestCorrectionRows(t *testing.T) {
	f, err := Parse("fortnox.se", fixture.SIEVouchers("x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Vouchers) != 4 {
		t.Fatalf("%d vouchers", len(f.Vouchers))
	}
	var counted []string
	for _, r := range f.Vouchers[3].Rows {
		counted = append(counted, r.Label+" "+r.Account+" "+map[bool]string{true: "counted", false: "not"}[r.Counted])
	}
	want := []string{"#BTRANS 4620 not", "#RTRANS 4620 not", "#TRANS 4620 counted", "#TRANS 2440 counted"}
	if !reflect.DeepEqual(counted, want) {
		t.Errorf("got %v, want %v", counted, want)
	}
	if v := f.Vouchers[2]; v.Text != `Avgift "mars"` || !v.Rows[0].Date.IsZero() {
		t.Errorf("voucher A 3: %q, row date %v", v.Text, v.Rows[0].Date)
	}
	if d := f.Vouchers[1].Rows[0].Date.Format("20060102"); d != "20170203" {
		t.Errorf("transdat: %s", d)
	}
	alone := "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20170101 20171231\n#VER A 1 20170105 x\n{\n#RTRANS 4620 {} 5.00\n#TRANS 1930 {} -5.00\n}\n"
	g, err := Parse("a.se", []byte(alone))
	if err != nil {
		t.Fatal(err)
	}
	if !g.Vouchers[0].Rows[0].Counted {
		t.Error("an #RTRANS with no repeating #TRANS was not counted")
	}
}

// A malformed line fails the file naming file and line; the messages
// never quote the line.
func TestErrors(t *testing.T) {
	good := string(fixture.SIEPeriods())
	lineOf := func(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }
	for _, c := range []struct {
		name, from, to, want string
	}{
		{"broken amount", "-5163.30 \"\"", "-51x63.30 \"\"", "periods.se:15: #PSALDO: the amount is not a number like -1234.50"},
		{"amount with a comma", "-5163.30 \"\"", "-5163,30 \"\"", "periods.se:15: #PSALDO: the amount is not a number"},
		{"bad period", "201510 3010", "201513 3010", "periods.se:16: #PSALDO: the period is not a month YYYYMM"},
		{"unbalanced brace", "201509 4010 { }", "201509 4010 { ", "periods.se:17: an object list is not closed"},
		{"unbalanced quote", "material\"", "material", "periods.se:11: a quoted field is not closed"},
		{"odd object list", "201509 4010 { }", "201509 4010 {1}", "periods.se:17: #PSALDO: the object list does not hold dimension and object pairs"},
		{"unknown type", "#SIETYP\t2", "#SIETYP\t5", `periods.se:5: unknown #SIETYP: socdw reads SIE types 1, 2, 3 and 4 (4E and 4I) (the file says "5")`},
		{"no #RAR", "#RAR\t0 20150901 20160831\r\n#RAR\t-1 20140901 20150831\r\n", "", "periods.se: no #RAR"},
		{"missing amount", "-5163.30 \"\"", "", "periods.se:15: #PSALDO: the amount is missing"},
		{"a line without a label", "#ENHET\t3010 st", "ENHET 3010 st", "periods.se:10: a line that is no record"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatal("the replacement changed nothing")
			}
			_, err := Parse("/in/periods.se", []byte(bad))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			if c.name == "broken amount" && lineOf(bad, "51x63") != 15 {
				t.Error("the test's line number is wrong")
			}
		})
	}
	// SoftOne Business cuts a row's text at a fixed width, closing quote
	// and all (its Sie4.se, line 1041): the text runs to the end of the line.
	cut := "#FLAGGA 0\n#RAR 0 20140101 20141231\n#VER A 1 20140127 \"Faktura\n{\n" +
		"#TRANS 3010 {\"1\" \"654321\"} -900.00 20140127 \"260    aaaa\n#TRANS 1510 {} 900.00\n}\n"
	if f, err := Parse("cut.se", []byte(cut)); err != nil || f.Vouchers[0].Rows[0].Text != "260    aaaa" || f.Vouchers[0].Text != "Faktura" {
		t.Errorf("a cut text: %v", err)
	}
	// A checksummed file (#KSUMMA first and, with its value, last) reads.
	sum := "#FLAGGA 0\n#KSUMMA\n#SIETYP 4\n#RAR 0 20170101 20171231\n#KONTO 1930 Bank\n#KSUMMA 1234567890\n"
	if f, err := Parse("ksumma.se", []byte(sum)); err != nil || f.Accounts["1930"].Name != "Bank" {
		t.Errorf("a file with #KSUMMA: %v", err)
	}
	// Older writers leave an empty object list out.
	old := "#FLAGGA 0\n#RAR 0 20170101 20171231\n#PSALDO 0 201701 4610 1500.00\n#VER A 1 20170105 x\n{\n#TRANS 1910 -195.00 20170106 \"Kaffe\"\n#TRANS 4610 {} 195.00\n}\n"
	if f, err := Parse("old.se", []byte(old)); err != nil || f.Periods[0].Amount.Value != 150_000 ||
		f.Vouchers[0].Rows[0].Amount.Value != -19_500 || f.Vouchers[0].Rows[0].Text != "Kaffe" || f.Vouchers[0].Rows[0].Date.Day() != 6 {
		t.Errorf("rows without an object list: %v", err)
	}
	for name, text := range map[string]string{
		"a voucher block never closed": "#FLAGGA 0\n#RAR 0 20170101 20171231\n#VER A 1 20170105 x\n{\n#TRANS 1930 {} 1.00\n",
		"a voucher without its block":  "#FLAGGA 0\n#RAR 0 20170101 20171231\n#VER A 1 20170105 x\n#TRANS 1930 {} 1.00\n",
		"a row outside a voucher":      "#FLAGGA 0\n#RAR 0 20170101 20171231\n#TRANS 1930 {} 1.00\n",
		"a cut-off file":               "#FLAGGA 0\n#KSUMMA\n#RAR 0 20170101 20171231\n",
	} {
		if _, err := Parse("v.se", []byte(name+"\n"+text)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The readers never panic: any bytes give a file or an error (CI runs the
// seed corpus only).
func FuzzSIE(f *testing.F) {
	for _, b := range [][]byte{fixture.SIEMunicipality(), fixture.SIEVouchers("x"), fixture.SIEDisjoint(), fixture.SIEPeriods(),
		[]byte("#FLAGGA 0\n#RAR 0 20170101 20171231\n#VER A 1 20170105 \"a\\\"\"\n{\n#RTRANS 1 {1 \"2\"} 1\n}\n")} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.se", data)
		if err == nil && len(file.Years) == 0 {
			t.Error("a file without #RAR was accepted")
		}
		Sniff(data)
	})
}
