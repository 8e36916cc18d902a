package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// monthReport writes a March 2024 budget report whose Barn och unga
// outcome is actualTkr (tkr), as a controller saves it.
func monthReport(t *testing.T, path string, actualTkr int) {
	t.Helper()
	f := newSheet(t, [][]any{
		{"Månadsuppföljning mars 2024"},
		{"Verksamhet, tkr", "Budget jan-mars", "Utfall jan-mars"},
		{"Barn och unga", 1000, actualTkr},
		{"Vuxna", 500, 450},
	})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// A corrected report saved under a new name, the original deleted, gives
// the corrected figure once: 1 150 tkr, not 1 100 + 1 150. Vuxna, the
// same in both files, is 450 tkr once.
func TestCorrectedReportUnderANewNameCountsOnce(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	monthReport(t, orig, 1100)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	monthReport(t, filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx"), 1150)
	os.Remove(orig)
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("second run: %d %s %s", st, out, errs)
	}
	contains(t, out, "replaces 2 rows of "+orig, "the file line says what it replaced")
	sameLines(t, h.lines(`SELECT unit || ' ' || sum(actual_sek) FROM budget_deviation GROUP BY unit ORDER BY unit`),
		[]string{"Barn och unga 1150000.00", "Vuxna 450000.00"})
	sameLines(t, h.lines(`SELECT subject || ' ' || sum(value) FROM figures WHERE measure LIKE 'Utfall%' GROUP BY subject ORDER BY subject`),
		[]string{"Barn och unga 1150000.00", "Vuxna 450000.00"})
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'superseded' AND message LIKE '%' || ? || '%'`, orig); n != "2" {
		t.Errorf("superseded findings naming the original: %s, want 2 (budget, figures)", n)
	}
	if got := h.one(`SELECT string_agg(DISTINCT old_file, ',') FROM supersession`); got != orig {
		t.Errorf("supersession: %s", got)
	}
}

// Both versions in the inbox in one run: the later one in load order
// (name order: "…03.xlsx" before "…03_v2.xlsx") wins.
func TestCorrectionInTheSameRunCountsOnce(t *testing.T) {
	h := newHarness(t, "")
	monthReport(t, filepath.Join(h.inbox, "ifo_2024-03.xlsx"), 1100)
	monthReport(t, filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx"), 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE unit = 'Barn och unga'`); got != "1150000.00" {
		t.Errorf("Barn och unga actual: %s, want 1150000.00", got)
	}
	// Another source reporting the same grain is a different report: both stay.
	if n := h.one(`SELECT count(DISTINCT file) FROM fact_budget`); n != "1" {
		t.Errorf("files with budget rows: %s", n)
	}
}

// socdw forget removes a file's rows in one transaction and records it;
// status lists a loaded file that vanished until it is forgotten.
func TestForgetRemovesAFilesRows(t *testing.T) {
	h := newHarness(t, "")
	keep := filepath.Join(h.inbox, "ifo_2024-02.xlsx")
	gone := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	monthReport(t, keep, 1000)
	monthReport(t, gone, 1100)
	// Different months by name; the titles say mars for both, so the
	// later file supersedes: forget brings the earlier one back.
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(gone)
	_, out, _ := h.run("status")
	contains(t, out, "vanished from its inbox", "status lists vanished files")
	contains(t, out, gone, "status names the vanished file")
	st, out, errs := h.run("forget", gone)
	if st != ExitOK {
		t.Fatalf("forget: %d %s %s", st, out, errs)
	}
	contains(t, out, "forgotten", "forget says what it did")
	if n := h.one(`SELECT count(*) FROM fact_budget WHERE file = ?`, gone); n != "0" {
		t.Errorf("rows of the forgotten file: %s", n)
	}
	if got := h.one(`SELECT status FROM load_log WHERE file = ? ORDER BY load_id DESC LIMIT 1`, gone); got != "forgotten" {
		t.Errorf("load_log: %s", got)
	}
	// The file it had superseded is read again at the next run: 1 000 tkr.
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run after forget: %d %s %s", st, out, errs)
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE unit = 'Barn och unga'`); got != "1000000.00" {
		t.Errorf("after forget and run: %s, want 1000000.00", got)
	}
	_, out, _ = h.run("status")
	if strings.Contains(out, "vanished") {
		t.Errorf("a forgotten file is still listed:\n%s", out)
	}
	if st, _, errs := h.run("forget", filepath.Join(h.inbox, "never.xlsx")); st != ExitFailed {
		t.Errorf("forget of an unknown file: %d %s", st, errs)
	}
}

// With mirror: true a file that left the inbox leaves the warehouse at the
// next run; an inbox emptied whole forgets nothing (an unmounted share
// looks the same).
func TestMirrorForgetsFilesThatLeftTheInbox(t *testing.T) {
	h := newHarness(t, "    mirror: true\n")
	a := filepath.Join(h.inbox, "a.csv")
	b := filepath.Join(h.inbox, "b.csv")
	os.WriteFile(a, []byte("Delårsrapport 1 2017\r\nVerksamhet, tkr;Budget jan-april;Nettokostnad jan-april\r\nBarn och unga;53 954;55 723\r\n"), 0o644)
	os.WriteFile(b, []byte("Delårsrapport 1 2017\r\nVerksamhet, tkr;Budget jan-april;Nettokostnad jan-april\r\nVuxna;10 000;9 000\r\n"), 0o644)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(b)
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	contains(t, out, "forgotten "+b, "the run says it forgot b")
	sameLines(t, h.lines(`SELECT unit || ' ' || actual_sek FROM budget_deviation`), []string{"Barn och unga 55723000.00"})
	os.Remove(a)
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run with an empty inbox: %d %s", st, errs)
	}
	sameLines(t, h.lines(`SELECT unit || ' ' || actual_sek FROM budget_deviation`), []string{"Barn och unga 55723000.00"})
}

// A ledger saved again under a new name (a re-export) replaces the first
// one's lines and budget rows: the month's total is counted once.
func TestLedgerReExportCountsOnce(t *testing.T) {
	h := runLedger(t, fixture.LedgerGoteborg)
	once := h.one(`SELECT sum(amount_sek) || ' ' || count(*) FROM fact_ledger`)
	budget := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE NOT is_total`)
	files, _ := filepath.Glob(filepath.Join(h.inbox, "*"))
	if len(files) != 1 {
		t.Fatalf("inbox: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	ext := filepath.Ext(files[0])
	os.WriteFile(strings.TrimSuffix(files[0], ext)+"_igen"+ext, append(b, '\r', '\n'), 0o644) // not a byte-for-byte copy
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	if got := h.one(`SELECT sum(amount_sek) || ' ' || count(*) FROM fact_ledger`); got != once {
		t.Errorf("ledger after the re-export: %s, want the first file's %s once", got, once)
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE NOT is_total`); got != budget {
		t.Errorf("budget after the re-export: %s, want %s", got, budget)
	}
	// Forgetting the re-export removes its ledger lines; the first file,
	// whose lines it had superseded, is read again at the next run.
	again := strings.TrimSuffix(files[0], ext) + "_igen" + ext
	os.Remove(again)
	if st, out, errs := h.run("forget", again); st != ExitOK {
		t.Fatalf("forget: %d\n%s\n%s", st, out, errs)
	}
	if n := h.one(`SELECT count(*) FROM fact_ledger WHERE file = ?`, again); n != "0" {
		t.Errorf("ledger lines of the forgotten file: %s", n)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run after forget: %d\n%s\n%s", st, out, errs)
	}
	if got := h.one(`SELECT sum(amount_sek) || ' ' || count(*) FROM fact_ledger`); got != once {
		t.Errorf("ledger after forget and run: %s, want the first file's %s", got, once)
	}
}
