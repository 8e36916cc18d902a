package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Socialstyrelsen-style long export of 101 000 rows, past the 100 000
// a report may have: `check` tells its rows, table and roles, and `run`
// loads every value, exactly, with its kommun and dimensions.
func TestLongExportPastTheWindow(t *testing.T) {
	h := newHarness(t, "")
	const rows = 101_000
	kommuner := []string{"Botkyrka", "Haninge", "Huddinge", "Nacka", "Södertälje"}
	var sb strings.Builder
	sb.WriteString("Kommun;År;Mått;Kön;Värde\r\n")
	count, sum := 0, int64(0) // öre
	for i := 0; i < rows; i++ {
		k := kommuner[i%5]
		year := 2015 + i/5%9
		kon := [...]string{"Kvinnor", "Män"}[i/45%2]
		val := "x" // Socialstyrelsen's "confidential"
		if i%89 != 0 {
			v := int64(i%9000)*100 + int64(i%7)*25 // e.g. 1234,75
			val = fmt.Sprintf("%d,%02d", v/100, v%100)
			count, sum = count+1, sum+v
		}
		fmt.Fprintf(&sb, "%s;%d;Invånare med insats, antal;%s;%s\r\n", k, year, kon, val)
	}
	path := filepath.Join(h.inbox, "statistikdatabasen.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// 101 000 rows less one in 89 ("x"): 99 865 figures.
	if count != 99_865 {
		t.Fatalf("formula: %d", count)
	}

	st, out, errs := h.run("check", "--source", "test", path)
	if st != ExitOK {
		t.Fatalf("check: %d\n%s\n%s", st, out, errs)
	}
	contains(t, out, "kind figures; period 2015-01-01..2023-12-31; unit -; 101000 rows", "check's table")
	contains(t, out, "would load: 99865 figures,", "check's count")
	for _, role := range []string{`A   "Kommun"                 dimension`, `B   "År"                     period`,
		`D   "Kön"                    dimension`, `E   "Värde"                  measure [count]`} {
		contains(t, out, role, "check's roles")
	}

	st, out, errs = h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	got := h.query(`SELECT count(*), sum(value)::VARCHAR, count(DISTINCT kommun), min(source_row), max(source_row),
		max(dimensions['Kön']) FROM fact_figure`)
	want := []string{"99865", fmt.Sprintf("%d.%02d", sum/100, sum%100), "5", "3", "101001", "Män"}
	if strings.Join(got[0], "|") != strings.Join(want, "|") {
		t.Errorf("warehouse %v, want %v", got[0], want)
	}
	// Row 2 (i = 0) is "x": the first figure is row 3 (i = 1): Haninge,
	// 2015, 1 × 100 + 1 × 25 öre; a text file's columns are numbered.
	first := h.query(`SELECT kommun, period_start::VARCHAR, subject, value::VARCHAR, source_col FROM fact_figure WHERE source_row = 3`)
	if len(first) != 1 || strings.Join(first[0], "|") != "Haninge|2015-01-01|Haninge > Invånare med insats, antal > Kvinnor|1.25|5" {
		t.Errorf("row 3: %v", first)
	}
}
