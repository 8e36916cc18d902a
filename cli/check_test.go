package cli

import (
	"os"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// check reports what a load would do and writes nothing.
func TestCheckIsADryRun(t *testing.T) {
	h := newHarness(t, "")
	nacka := mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	haninge := mustFile(t)(fixture.HaningeAvdelningar(h.inbox))
	st, out, errs := h.run("check", "--source", "test", nacka, haninge)
	if st != ExitOK {
		t.Fatalf("check: %d %s %s", st, out, errs)
	}
	// Outcome and budget January–October beside the full-year budget and
	// forecast: the table spans the whole of 2017.
	contains(t, out, "kind budget; period 2017-01-01..2017-12-31; unit tkr; 8 rows", "Nacka table")
	contains(t, out, `A   "Verksamhet, tkr"        dimension: the row labels`, "Nacka label column")
	contains(t, out, `"Ack budget 2017 > Budget netto" measure [SEK]`, "Nacka budget column")
	contains(t, out, "finding reported_deviation_mismatch haninge_T1_2017_avdelningar.xlsx!Funktionsnedsättning!E5", "Haninge finding with its cell")
	if _, err := os.Stat(h.db); !os.IsNotExist(err) {
		t.Errorf("check created the warehouse: %v", err)
	}
	bad := mustFile(t)(fixture.TruncatedXLSX(h.inbox))
	st, out, _ = h.run("check", "--source", "test", bad)
	if st != ExitFailed {
		t.Errorf("check of a truncated file: status %d", st)
	}
	contains(t, out, "would fail", "check output")
}
