package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
	"github.com/socdw/socdw/load"
)

// A second writer says who holds the warehouse and exits 1 at once.
func TestSecondWriterIsTurnedAway(t *testing.T) {
	h := newHarness(t, "")
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	lock, err := load.Acquire(h.db, "socdw serve (test)")
	if err != nil {
		t.Fatal(err)
	}
	st, _, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("run under another's lock: status %d", st)
	}
	contains(t, errs, fmt.Sprintf("pid %d", os.Getpid()), "names the holder")
	contains(t, errs, "socdw serve (test)", "names what holds it")
	lock.Release()
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run after release: %d %s", st, errs)
	}
}

// The published copy is replaced atomically: a reader holding the old
// copy keeps reading it, the next reader sees the new one.
func TestPublishReplacesTheReadersCopyAtomically(t *testing.T) {
	h := newHarness(t, "")
	pub := filepath.Join(h.dir, "wh", "read.duckdb")
	cfg := "warehouse: wh/socdw.duckdb\npublish: wh/read.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n"
	os.WriteFile(h.config, []byte(cfg), 0o644)
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %s", errs)
	}
	old, err := sql.Open("duckdb", pub+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	count := func(db *sql.DB) int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM budget_deviation`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count(old)
	if before != 8 { // the Nacka table's eight rows, Summa included
		t.Fatalf("published rows: %d", before)
	}
	mustFile(t)(fixture.TyresoIFO(h.inbox))
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("second run: %s", errs)
	}
	if n := count(old); n != before {
		t.Errorf("the open reader saw %d rows, want its old %d", n, before)
	}
	// DuckDB shares one instance per path within a process, so the old
	// reader is closed before a new one opens the path (readers in other
	// processes need no such care: the rename gives them the new file).
	old.Close()
	fresh, err := sql.Open("duckdb", pub+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if n := count(fresh); n != before+11 { // Tyresö: ten units and the Totalt
		t.Errorf("a new reader saw %d rows, want %d", n, before+11)
	}
	// An unchanged run does not publish again.
	st1, _ := os.Stat(pub)
	h.run("run")
	st2, _ := os.Stat(pub)
	if !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("an unchanged run published again")
	}
}
