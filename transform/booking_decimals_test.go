package transform

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/extract"
)

const financeHeader = "Datum;Period;Ansvar;Ansvar benämning;Verksamhet;Verksamhet benämning;Konto;Konto benämning;Utfall;Budget"

// financeFile writes a finance export whose line i+2 books utfall[i]; with
// quoted, its names are quoted, which sends it down the general path
// instead of the fast one.
func financeFile(t *testing.T, quoted bool, utfall ...string) string {
	t.Helper()
	name := "Barn och unga"
	if quoted {
		name = `"Barn och unga"`
	}
	lines := []string{financeHeader}
	for _, u := range utfall {
		lines = append(lines, "2025-03-14;202503;1100;"+name+";510;Placeringar;4010;Köp av vård;"+u+";")
	}
	path := filepath.Join(t.TempDir(), "huvudbok_2025.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// bookedActuals reads the booking files' Utfall by source line.
func bookedActuals(t *testing.T, path string) (map[string]string, error) {
	t.Helper()
	b, err := File(context.Background(), path, Options{})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if len(b.Rejects) != 0 {
		t.Errorf("rejects %v", b.Rejects)
	}
	out := map[string]string{}
	for _, p := range b.Bookings.Parts {
		f, err := os.Open(p.Path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// month, ansvar, verksamhet, konto, actual, budget, row
			fs := strings.Split(sc.Text(), "\t")
			out[fs[6]] = fs[4]
		}
		f.Close()
	}
	return out, nil
}

// An export's decimal convention is the file's: "1,200" beside "3.75"
// is 1 200 kr, "1.200" beside "12,5" is 1 200 kr too; the figures are
// read off the texts by hand. Both the fast path and the general one.
func TestFinanceExportDecimalConvention(t *testing.T) {
	for _, quoted := range []bool{false, true} {
		for _, c := range []struct {
			utfall []string
			want   map[string]string // line -> amount in kronor, as the booking file writes it
		}{
			{[]string{"1,200", "3.75", "1,234.50", "-2,000"}, map[string]string{"2": "1200.00", "3": "3.75", "4": "1234.50", "5": "-2000.00"}},
			{[]string{"1.200", "12,5", "1.234,50", "-2.000"}, map[string]string{"2": "1200.00", "3": "12.50", "4": "1234.50", "5": "-2000.00"}},
			// No amount decides: the documented default, a comma or a lone
			// dot is decimal.
			{[]string{"1,200", "7"}, map[string]string{"2": "1.20", "3": "7.00"}},
		} {
			got, err := bookedActuals(t, financeFile(t, quoted, c.utfall...))
			if err != nil {
				t.Fatalf("quoted %v, %v: %v", quoted, c.utfall, err)
			}
			if len(got) != len(c.want) {
				t.Errorf("quoted %v, %v: booked %v, want %v", quoted, c.utfall, got, c.want)
			}
			for line, want := range c.want {
				if got[line] != want {
					t.Errorf("quoted %v, %v: line %s booked %q, want %q", quoted, c.utfall, line, got[line], want)
				}
			}
		}
	}
}

// An export with amounts of both conventions is refused whole, naming the
// first line of each.
func TestFinanceExportMixedDecimalsRefused(t *testing.T) {
	for _, quoted := range []bool{false, true} {
		_, err := bookedActuals(t, financeFile(t, quoted, "100", "1.234,50", "1,200", "1,234.50"))
		var xe *extract.Error
		if err == nil || !errors.As(err, &xe) {
			t.Fatalf("quoted %v: err %v, want the file refused", quoted, err)
		}
		for _, part := range []string{"line 3 has an amount that reads only with a decimal comma", "line 5 one that reads only with a decimal point"} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("quoted %v: %q does not say %q", quoted, err, part)
			}
		}
	}
}
