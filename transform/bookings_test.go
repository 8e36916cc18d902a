package transform

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/internal/fixture"
)

// On the fast path a code is read once per distinct value: a personnummer
// in a code column must still refuse every line that repeats it, the
// units and account names must come from written lines only, and the
// amounts must reach the booking parts exact.
func TestFastBookingsReadEachLineOnce(t *testing.T) {
	person := fixture.Personnummer("19550505", "783", fixture.PnrLong)
	other := fixture.Personnummer("19660606", "784", fixture.PnrShort)
	text := "Period;Ansvar;Ansvar benämning;Verksamhet;Konto;Konto benämning;Utfall;Budget\r\n" +
		"201701;6110;Barn och unga;5101;4610;;100,00;\r\n" + // 2: written, konto without a name
		"201701;6110;Barn och unga;5101;4610;Köp av HVB;;\r\n" + // 3: no amount: not written
		"201701;6110;Barn och unga;5101;4610;Köp av HVB;200,00;\r\n" + // 4: written, names konto 4610
		"201701;6120;" + person + ";5101;4620;Övrigt;300,00;\r\n" + // 5: refused
		"201702;6120;" + person + ";5101;4620;Övrigt;400,00;\r\n" + // 6: refused again
		"201702;6130;Vuxna;5201;" + other + ";Namn;500,00;\r\n" + // 7: refused
		"201702;6130;Vuxna;5201;4630;Socialbidrag Ö;600,00;700,00\r\n" // 8: written
	raw, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "huvudbok_2017.csv")
	if err := os.WriteFile(path, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Bookings.Rows != 3 {
		t.Errorf("%d booking rows, want 3 (lines 2, 4 and 8)", b.Bookings.Rows)
	}
	var refused []string
	for _, r := range b.Rejects {
		if strings.HasPrefix(r.Reason, pnrReasonPrefix) {
			refused = append(refused, r.Ref.String())
		}
	}
	if want := []string{"huvudbok_2017.csv:5:3", "huvudbok_2017.csv:6:3", "huvudbok_2017.csv:7:5"}; strings.Join(refused, " ") != strings.Join(want, " ") {
		t.Errorf("refused %v, want %v", refused, want)
	}
	if n := countKind(b.Findings, socdw.FindingPersonalData); n != 3 {
		t.Errorf("%d personal_data findings, want 3", n)
	}
	var units, accounts []string
	for _, u := range b.Bookings.Units {
		units = append(units, u.Ansvar+" "+u.Name)
	}
	for _, a := range b.Bookings.Accounts {
		accounts = append(accounts, a.Konto+" "+a.Name)
	}
	if got := strings.Join(units, ", "); got != "6110 Barn och unga, 6130 Vuxna" {
		t.Errorf("units %q", got)
	}
	if got := strings.Join(accounts, ", "); got != "4610 Köp av HVB, 4630 Socialbidrag Ö" {
		t.Errorf("accounts %q", got)
	}
	// Utfall 100 + 200 + 600 = 900,00; budget 700,00; in the parts as
	// written for DuckDB (socdw.BookingColumns).
	var lines []string
	for _, p := range b.Bookings.Parts {
		if !strings.HasPrefix(filepath.Base(p.Path), "part-0") {
			t.Errorf("part %s: not the fast path's", filepath.Base(p.Path))
		}
		f, err := os.Open(p.Path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
	}
	want := []string{
		"2017-01-01\t6110\t5101\t4610\t100.00\t\t2",
		"2017-01-01\t6110\t5101\t4610\t200.00\t\t4",
		"2017-02-01\t6130\t5201\t4630\t600.00\t700.00\t8",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("booking parts:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func countKind(fs []socdw.Finding, kind string) int {
	n := 0
	for _, f := range fs {
		if f.Kind == kind {
			n++
		}
	}
	return n
}
