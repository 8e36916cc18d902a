package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw/internal/fixture"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/serve"
)

// A source whose inbox is not there (an unmounted share) fails alone: the
// run loads the other source and exits 1; status and sql still work.
func TestMissingInboxFailsItsSourceAlone(t *testing.T) {
	h := newHarness(t, "")
	cfg := "warehouse: wh/socdw.duckdb\nsources:\n  - name: share\n    kommun: Nacka\n    path: /mnt/no-such-share/inbox\n  - name: test\n    kommun: Testkommun\n    path: inbox\n"
	os.WriteFile(h.config, []byte(cfg), 0o644)
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run: %d, want 1\n%s\n%s", st, out, errs)
	}
	contains(t, out, "/mnt/no-such-share/inbox is not there", "the failure names the path")
	if n := h.one(`SELECT count(*) FROM budget_deviation`); n != "8" { // the Nacka table's eight rows
		t.Errorf("the other source's rows: %s", n)
	}
	if st, out, errs := h.run("status"); st != ExitOK || !strings.Contains(out, "share") {
		t.Errorf("status: %d\n%s\n%s", st, out, errs)
	}
	if st, out, errs := h.run("sql", "select count(*) from budget_deviation"); st != ExitOK || !strings.Contains(out, "8") {
		t.Errorf("sql: %d\n%s\n%s", st, out, errs)
	}
	if st, _, errs := h.run("run", "--source", "test"); st != ExitOK {
		t.Errorf("run --source test: %d %s", st, errs)
	}
}

// After a publish that failed, the next run publishes even though no
// file changed; a killed publish's leftover is removed.
func TestFailedPublishIsRepairedByTheNextUnchangedRun(t *testing.T) {
	h := newHarness(t, "")
	pub := filepath.Join(h.dir, "read", "socdw.duckdb")
	cfg := "warehouse: wh/socdw.duckdb\npublish: read/socdw.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n"
	os.WriteFile(h.config, []byte(cfg), 0o644)
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	// A directory where the copy goes: the rename fails, as a full disk would.
	if err := os.MkdirAll(filepath.Join(pub, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run with a failing publish: %d, want 1\n%s\n%s", st, out, errs)
	}
	contains(t, errs, "stale", "the error says the copy is stale")
	os.RemoveAll(pub)
	leftover := filepath.Join(h.dir, "read", ".socdw.duckdb.tmp-123456")
	os.WriteFile(leftover, []byte("half a copy"), 0o644)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("unchanged run: %d\n%s\n%s", st, out, errs)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover of a killed publish is still there: %v", err)
	}
	if n := countRows(t, pub); n != 8 {
		t.Errorf("published rows: %d, want the Nacka table's 8", n)
	}
	// The copy is now as new as the warehouse: an unchanged run leaves it.
	st1, _ := os.Stat(pub)
	h.run("run")
	st2, _ := os.Stat(pub)
	if !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("an unchanged run published an up-to-date copy again")
	}
}

func countRows(t *testing.T, path string) int {
	t.Helper()
	w, err := load.OpenReadOnly(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var n int
	if err := w.DB().QueryRow(`SELECT count(*) FROM budget_deviation`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Nothing quiet: a PDF beside the reports is ignored, not failed; an
// empty inbox is a warning, and a failure with expect_files.
func TestFilesSocdwDoesNotReadAreIgnored(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	os.WriteFile(filepath.Join(h.inbox, "readme.pdf"), []byte("%PDF-1.7\n"), 0o644)
	os.WriteFile(filepath.Join(h.inbox, "~$budget.xlsx"), []byte("lock"), 0o644)
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	contains(t, out, "ignored   "+filepath.Join(h.inbox, "readme.pdf")+": not read: a PDF", "the PDF's line")
	if n := h.one(`SELECT count(*) FROM load_log WHERE status = 'ignored'`); n != "2" {
		t.Errorf("ignored in load_log: %s, want 2", n)
	}
	_, out, _ = h.run("status")
	contains(t, out, "ignored", "status has the ignored column")
}

func TestAnEmptyInboxIsAWarningOrWithExpectFilesAFailure(t *testing.T) {
	h := newHarness(t, "")
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	contains(t, out, "warning", "an empty inbox is a warning")
	contains(t, errs, "no files", "and logged")
	h = newHarness(t, "    expect_files: true\n")
	if st, out, errs := h.run("run"); st != ExitFailed {
		t.Fatalf("run with expect_files: %d, want 1\n%s\n%s", st, out, errs)
	}
}

// socdw version names socdw, Go and DuckDB; every command has its own
// usage naming its arguments.
func TestVersionAndCommandHelp(t *testing.T) {
	h := newHarness(t, "")
	st, out, _ := h.run("version")
	if st != ExitOK {
		t.Fatalf("version: %d", st)
	}
	for _, want := range []string{"socdw ", "go go1.", "duckdb v1."} {
		contains(t, out, want, "version")
	}
	for cmd, arg := range map[string]string{"run": "[--source NAME]", "load": "FILE...", "sql": "QUERY", "forget": "FILE...", "check": "FILE..."} {
		st, out, _ := h.run("help", cmd)
		if st != ExitOK {
			t.Errorf("help %s: %d", cmd, st)
		}
		contains(t, out, "Usage: socdw "+cmd+" [flags] ", "help "+cmd)
		contains(t, out, arg, "help "+cmd)
		contains(t, out, "-config", "help "+cmd+" lists the flags")
		st, _, errs := h.run(cmd, "-h")
		if st != ExitOK {
			t.Errorf("%s -h: %d", cmd, st)
		}
		contains(t, errs, arg, cmd+" -h")
	}
}

// A file whose every value was rejected loaded nothing: it failed, with
// its rejects counted in load_log; the run exits 1.
func TestAFileWithEveryValueRejectedFails(t *testing.T) {
	h := newHarness(t, "")
	os.WriteFile(filepath.Join(h.inbox, "huvudbok.csv"), []byte("Datum;Ansvar;Konto;Utfall\r\n2017-10-23;7110;4610;abc\r\n2017-10-24;7110;4610;xyz\r\n"), 0o644)
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run: %d, want 1\n%s\n%s", st, out, errs)
	}
	contains(t, out, "every value was rejected (2)", "the file line")
	if got := h.one(`SELECT status || ' ' || rows_loaded || ' ' || rows_rejected FROM load_log`); got != "failed 0 2" {
		t.Errorf("load_log: %s", got)
	}
}

// status never fails because a load runs: while a writer holds the
// warehouse it reads the published copy. Times are shown in Stockholm
// with the offset.
func TestStatusReadsThePublishedCopyWhileTheWarehouseIsBusy(t *testing.T) {
	h := newHarness(t, "")
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\npublish: wh/read.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n"), 0o644)
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatal(errs)
	}
	w, err := load.Open(t.Context(), h.db) // a writer, as a running load holds it
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	st, out, errs := h.run("status")
	if st != ExitOK {
		t.Fatalf("status while busy: %d %s", st, errs)
	}
	contains(t, errs, "reading "+filepath.Join(h.dir, "wh", "read.duckdb"), "says it reads the copy")
	offset := time.Now().In(serve.Stockholm()).Format("-07:00") // +01:00 in winter, +02:00 in summer
	if !regexp.MustCompile(`test +\d{4}-\d\d-\d\d \d\d:\d\d ` + regexp.QuoteMeta(offset)).MatchString(out) {
		t.Errorf("last run not in Stockholm time with %s:\n%s", offset, out)
	}
}
