package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// monthRows is what monthReport loads, counted by hand: two units (Barn
// och unga, Vuxna) each give one fact_budget row and two fact_figure
// rows (Budget jan-mars, Utfall jan-mars): 2 + 4 = 6.
const monthRows = 6

// statusReport is `socdw status --format json`.
type statusReport struct {
	Sources []map[string]any `json:"sources"`
	Files   []fileStatus     `json:"files"`
}

type fileStatus struct {
	Source       string `json:"source"`
	File         string `json:"file"`
	LoadID       int64  `json:"load_id"`
	LoadedAt     string `json:"loaded_at"`
	RowsLoaded   int64  `json:"rows_loaded"`
	RowsCounted  int64  `json:"rows_counted"`
	SupersededBy []struct {
		File        string           `json:"file"`
		LoadID      int64            `json:"load_id"`
		At          string           `json:"at"`
		Rows        int64            `json:"rows"`
		Tables      map[string]int64 `json:"tables"`
		Forgotten   bool             `json:"forgotten"`
		LoadedAgain bool             `json:"loaded_again"`
	} `json:"superseded_by"`
	Vanished   bool `json:"vanished"`
	ReadAgain  bool `json:"read_again"`
	FailedLoad *struct {
		At    string `json:"at"`
		Error string `json:"error"`
	} `json:"failed_since"`
}

// status runs `socdw status --format json` and decodes it.
func (h *harness) status() statusReport {
	h.t.Helper()
	st, out, errs := h.run("status", "--format", "json")
	if st != ExitOK {
		h.t.Fatalf("status --format json: %d\n%s\n%s", st, out, errs)
	}
	var r statusReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		h.t.Fatalf("status --format json: %v\n%s", err, out)
	}
	return r
}

// file is the status of one file, failing the test when it is not listed.
func (r statusReport) file(t *testing.T, path string) fileStatus {
	t.Helper()
	path = socdw.CleanName(path)
	for _, f := range r.Files {
		if f.File == path {
			return f
		}
	}
	t.Fatalf("status lists no %s: %+v", path, r.Files)
	return fileStatus{}
}

func (r statusReport) listed(path string) bool {
	path = socdw.CleanName(path)
	for _, f := range r.Files {
		if f.File == path {
			return true
		}
	}
	return false
}

// statusLine is the line of the text status that names file.
func statusLine(t *testing.T, out, file string) string {
	t.Helper()
	file = socdw.CleanName(file)
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, file+" ") || strings.HasSuffix(l, file) {
			return l
		}
	}
	t.Fatalf("status names no %s:\n%s", file, out)
	return ""
}

// The tester's case: a corrected _v2 of the same month supersedes every
// row of the original. Status says so (by which file, when), with 0 rows
// of its 6 still counting; the original removed from the inbox is both
// superseded and vanished, and status says both.
func TestStatusShowsASupersededFileAsSuperseded(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	v2 := filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")
	monthReport(t, orig, 1100)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if r := h.status(); len(r.Files) != 0 {
		t.Errorf("a file whose rows all count, in its inbox, is nothing to report: %+v", r.Files)
	}
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	r := h.status()
	f := r.file(t, orig)
	if f.RowsLoaded != monthRows || f.RowsCounted != 0 || f.Vanished || f.ReadAgain {
		t.Errorf("original: loaded %d counted %d vanished %v read again %v; want %d, 0, false, false",
			f.RowsLoaded, f.RowsCounted, f.Vanished, f.ReadAgain, monthRows)
	}
	if len(f.SupersededBy) != 1 || f.SupersededBy[0].File != socdw.CleanName(v2) || f.SupersededBy[0].Rows != monthRows ||
		f.SupersededBy[0].Tables["fact_budget"] != 2 || f.SupersededBy[0].Tables["fact_figure"] != 4 || f.SupersededBy[0].At == "" {
		t.Errorf("superseded by: %+v; want %s, 6 rows (fact_budget 2, fact_figure 4), with a time", f.SupersededBy, v2)
	}
	if r.listed(v2) {
		t.Errorf("v2 counts whole and is in its inbox, yet listed")
	}
	// The views agree: 6 rows in all, all of v2.
	if n := h.one(`SELECT (SELECT count(*) FROM fact_budget) + (SELECT count(*) FROM fact_figure)`); n != "6" {
		t.Errorf("rows in the fact tables: %s, want 6", n)
	}

	os.Remove(orig)
	r = h.status()
	f = r.file(t, orig)
	if !f.Vanished || f.RowsCounted != 0 || len(f.SupersededBy) != 1 {
		t.Errorf("removed original: vanished %v counted %d superseded by %d files; want true, 0, 1", f.Vanished, f.RowsCounted, len(f.SupersededBy))
	}
	st, out, errs := h.run("status")
	if st != ExitOK {
		t.Fatalf("status: %d %s %s", st, out, errs)
	}
	line := statusLine(t, out, orig)
	contains(t, line, "superseded by "+socdw.CleanName(v2), "the text names the newer file")
	contains(t, line, "vanished from its inbox", "and says the file vanished")
	contains(t, line, "no rows of it count", "and that none of its rows count")
	if strings.Contains(out, "rows still in the warehouse") {
		t.Errorf("status claims a superseded file's rows are still there:\n%s", out)
	}
}

// A file that vanished from its inbox but was superseded by nothing still
// counts whole: status says its 6 rows count, until it is forgotten.
func TestStatusShowsAVanishedFileWhoseRowsCount(t *testing.T) {
	h := newHarness(t, "")
	feb := filepath.Join(h.inbox, "ifo_2024-02.xlsx")
	monthReport(t, feb, 1000)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(feb)
	f := h.status().file(t, feb)
	if !f.Vanished || f.RowsLoaded != monthRows || f.RowsCounted != monthRows || len(f.SupersededBy) != 0 {
		t.Errorf("vanished file: vanished %v loaded %d counted %d superseded %v; want true, 6, 6, none",
			f.Vanished, f.RowsLoaded, f.RowsCounted, f.SupersededBy)
	}
	_, out, _ := h.run("status")
	line := statusLine(t, out, feb)
	contains(t, line, "vanished from its inbox", "status says it vanished")
	contains(t, line, "its rows still count", "and that its rows count")
	if strings.Contains(line, "superseded") {
		t.Errorf("a file superseded by nothing is called superseded: %s", line)
	}
}

// Both files in one run: the sources table's rows (12 loaded) are not the
// rows that count (6): status shows both.
func TestStatusCountsTheLastRunsRowsThatStillCount(t *testing.T) {
	h := newHarness(t, "")
	monthReport(t, filepath.Join(h.inbox, "ifo_2024-03.xlsx"), 1100)
	monthReport(t, filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx"), 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	r := h.status()
	if len(r.Sources) != 1 {
		t.Fatalf("sources: %+v", r.Sources)
	}
	s := r.Sources[0]
	if s["rows"] != 12.0 || s["rows_counted"] != 6.0 {
		t.Errorf("last run: rows %v, rows_counted %v; want 12 loaded (2 × 6), 6 counting", s["rows"], s["rows_counted"])
	}
	f := r.file(t, filepath.Join(h.inbox, "ifo_2024-03.xlsx"))
	if f.RowsCounted != 0 || len(f.SupersededBy) != 1 || f.SupersededBy[0].File != socdw.CleanName(filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")) {
		t.Errorf("original superseded in the same run: %+v", f)
	}
}

// Forgetting the file that superseded another leaves the other with no
// rows counting until the next run reads it again: status says so; the
// next run brings its 6 rows back and it is no longer listed. Had the
// older file left the inbox too, its rows would not come back: status
// says that as well.
func TestStatusAfterForgettingTheNewerFile(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	v2 := filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")
	monthReport(t, orig, 1100)
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(v2)
	if st, out, errs := h.run("forget", v2); st != ExitOK {
		t.Fatalf("forget: %d %s %s", st, out, errs)
	}
	r := h.status()
	f := r.file(t, orig)
	if f.RowsCounted != 0 || !f.ReadAgain || f.Vanished || len(f.SupersededBy) != 1 || !f.SupersededBy[0].Forgotten {
		t.Errorf("after forgetting v2: %+v; want 0 rows counting, read again, superseded by a forgotten v2", f)
	}
	if r.listed(v2) {
		t.Errorf("a forgotten file is listed")
	}
	_, out, _ := h.run("status")
	line := statusLine(t, out, orig)
	contains(t, line, "forgotten since", "the superseding file was forgotten")
	contains(t, line, "read again at the next run", "and the rows come back at the next run")
	if n := h.one(`SELECT count(*) FROM fact_budget`); n != "0" {
		t.Errorf("budget rows before the next run: %s, want 0 (v2's went, the original's were superseded)", n)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if r := h.status(); r.listed(orig) {
		t.Errorf("the original counts whole again, yet listed: %+v", r.file(t, orig))
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE unit = 'Barn och unga'`); got != "1100000.00" {
		t.Errorf("Barn och unga after the reload: %s, want 1100000.00", got)
	}

	// The same, with the original gone from the inbox as well.
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(orig)
	os.Remove(v2)
	if st, out, errs := h.run("forget", v2); st != ExitOK {
		t.Fatalf("forget: %d %s %s", st, out, errs)
	}
	f = h.status().file(t, orig)
	if f.RowsCounted != 0 || !f.ReadAgain || !f.Vanished {
		t.Errorf("after forgetting v2, the original gone: %+v; want 0 counting, read again, vanished", f)
	}
	_, out, _ = h.run("status")
	contains(t, statusLine(t, out, orig), "only if it comes back to its inbox", "rows that cannot come back")
}

// A file rewritten in place: load_log keeps both loads; status counts
// the rows of the last. The month first, then a v2 that supersedes it,
// then v2 rewritten with Barn och unga alone (3 rows: 1 budget, 2
// figures): v2 counts 3; the original still counts 0 and names v2, loaded
// again since. Vuxna is in no view then: its rows went with the original's;
// forgetting v2 and running again brings them back.
func TestStatusAfterAFileIsRewrittenInPlace(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	v2 := filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")
	monthReport(t, orig, 1100)
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	f := newSheet(t, [][]any{
		{"Månadsuppföljning mars 2024"},
		{"Verksamhet, tkr", "Budget jan-mars", "Utfall jan-mars"},
		{"Barn och unga", 1000, 1175},
	})
	if err := f.SaveAs(v2); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	r := h.status()
	o := r.file(t, orig)
	if o.RowsCounted != 0 || len(o.SupersededBy) != 1 || o.SupersededBy[0].File != socdw.CleanName(v2) || !o.SupersededBy[0].LoadedAgain {
		t.Errorf("original: %+v; want 0 counting, superseded by v2, loaded again since", o)
	}
	if r.listed(v2) {
		t.Errorf("v2 counts whole (3 of 3), yet listed: %+v", r.file(t, v2))
	}
	if n := h.one(`SELECT count(*) FROM load_log WHERE file = ? AND status = 'loaded'`, socdw.CleanName(v2)); n != "2" {
		t.Errorf("v2's loads in load_log: %s, want 2", n)
	}
	if n := h.one(`SELECT (SELECT count(*) FROM fact_budget) + (SELECT count(*) FROM fact_figure)`); n != "3" {
		t.Errorf("rows counting: %s, want 3 (v2's last load)", n)
	}
	_, out, _ := h.run("status")
	contains(t, statusLine(t, out, orig), "loaded again since", "the text says v2 was loaded again")

	// The way back (docs/operations.md): forget v2, left in the inbox, and
	// run. The original is read again, then v2 (name order) replaces its
	// Barn och unga (3 rows) again: the original counts 3 of 6 (Vuxna),
	// and the views hold Vuxna 450 tkr and Barn och unga 1 175 tkr.
	if st, out, errs := h.run("forget", v2); st != ExitOK {
		t.Fatalf("forget: %d %s %s", st, out, errs)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	o = h.status().file(t, orig)
	if o.RowsLoaded != monthRows || o.RowsCounted != 3 || len(o.SupersededBy) != 1 || o.SupersededBy[0].Rows != 3 || o.SupersededBy[0].LoadedAgain {
		t.Errorf("original after forget and run: %+v; want 3 of 6 counting, 3 rows superseded by v2", o)
	}
	sameLines(t, h.lines(`SELECT unit || ' ' || sum(actual_sek) FROM budget_deviation GROUP BY unit ORDER BY unit`),
		[]string{"Barn och unga 1175000.00", "Vuxna 450000.00"})
}

// A file rewritten in place that fails to load leaves its earlier load's
// 6 rows counting: status says the last attempt failed and which rows
// still count.
func TestStatusAfterARewrittenFileFails(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	monthReport(t, orig, 1100)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if err := os.WriteFile(orig, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := h.run("run"); st != ExitFailed {
		t.Fatalf("run of a broken workbook: %d, want %d", st, ExitFailed)
	}
	f := h.status().file(t, orig)
	if f.FailedLoad == nil || f.FailedLoad.Error == "" || f.RowsCounted != monthRows || f.RowsLoaded != monthRows {
		t.Errorf("failed rewrite: %+v; want a failure since, 6 of 6 rows counting", f)
	}
	if n := h.one(`SELECT (SELECT count(*) FROM fact_budget) + (SELECT count(*) FROM fact_figure)`); n != "6" {
		t.Errorf("rows counting: %s, want 6", n)
	}
	_, out, _ := h.run("status")
	contains(t, statusLine(t, out, orig), "last attempt failed", "the text says the last attempt failed")
}

// With mirror: true, the newer file leaving the inbox is forgotten before
// the run loads: the original, which it had superseded, is read again in
// the same run, so its 6 rows count at once and status lists nothing.
func TestStatusAfterMirrorForgetsTheNewerFile(t *testing.T) {
	h := newHarness(t, "    mirror: true\n")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	v2 := filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")
	monthReport(t, orig, 1100)
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	os.Remove(v2)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if r := h.status(); len(r.Files) != 0 {
		t.Errorf("after mirror forgot v2 and the original was read again: %+v", r.Files)
	}
	if n := h.one(`SELECT (SELECT count(*) FROM fact_budget) + (SELECT count(*) FROM fact_figure)`); n != "6" {
		t.Errorf("rows counting: %s, want the original's 6", n)
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE unit = 'Barn och unga'`); got != "1100000.00" {
		t.Errorf("Barn och unga: %s, want 1100000.00", got)
	}
}

// Newer means loaded later: the original rewritten in place after v2 is
// the newer file now and supersedes all 6 of v2's rows. Status says v2
// counts 0 of 6, superseded by the original; the original is not listed.
func TestStatusWhenTheOlderFileIsRewrittenAfterTheNewer(t *testing.T) {
	h := newHarness(t, "")
	orig := filepath.Join(h.inbox, "ifo_2024-03.xlsx")
	v2 := filepath.Join(h.inbox, "ifo_2024-03_v2.xlsx")
	monthReport(t, orig, 1100)
	monthReport(t, v2, 1150)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	monthReport(t, orig, 1200)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	r := h.status()
	f := r.file(t, v2)
	if f.RowsLoaded != monthRows || f.RowsCounted != 0 || len(f.SupersededBy) != 1 || f.SupersededBy[0].File != socdw.CleanName(orig) {
		t.Errorf("v2: %+v; want 0 of 6 counting, superseded by the original", f)
	}
	if r.listed(orig) {
		t.Errorf("the original counts whole (6 of 6), yet listed: %+v", r.file(t, orig))
	}
	if got := h.one(`SELECT sum(actual_sek) FROM budget_deviation WHERE unit = 'Barn och unga'`); got != "1200000.00" {
		t.Errorf("Barn och unga: %s, want the rewritten original's 1200000.00", got)
	}
}

// Bookings are counted by load id: a year-to-date export after January's
// replaces January's line of ansvar 6110 (1 row) and leaves 6120's:
// January's export counts 1 of its 2 lines, and the views hold 3 lines,
// 150 + 200 + 300 = 650 kr.
func TestStatusCountsSupersededBookings(t *testing.T) {
	h := newHarness(t, "")
	const head = "Period;Ansvar;Ansvar benämning;Konto;Utfall\r\n"
	h.runFile("huvudbok_01.csv", head+"201701;6110;Barn och unga;4610;100,00\r\n201701;6120;Vuxna;4610;200,00\r\n")
	h.runFile("huvudbok_02.csv", head+"201701;6110;Barn och unga;4610;150,00\r\n201702;6110;Barn och unga;4610;300,00\r\n")
	r := h.status()
	f := r.file(t, filepath.Join(h.inbox, "huvudbok_01.csv"))
	if f.RowsLoaded != 2 || f.RowsCounted != 1 || len(f.SupersededBy) != 1 || f.SupersededBy[0].Tables["fact_booking"] != 1 {
		t.Errorf("January's export: %+v; want 1 of 2 lines counting, 1 fact_booking row superseded", f)
	}
	if r.listed(filepath.Join(h.inbox, "huvudbok_02.csv")) {
		t.Errorf("the year-to-date export counts whole, yet listed")
	}
	if got := h.one(`SELECT count(*) || ' ' || sum(actual_sek) FROM fact_booking`); got != "3 650.00" {
		t.Errorf("booking lines: %s, want 3 650.00", got)
	}
}
