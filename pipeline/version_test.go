package pipeline

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
)

// budgetCSV is a one-unit budget table whose outcome is actual (tkr).
func budgetCSV(actual string) string {
	return "Delårsrapport 1 2017\r\nVerksamhet, tkr;Budget jan-april;Nettokostnad jan-april\r\nBarn och unga;53 954;" + actual + "\r\n"
}

func newRunner(t *testing.T) (*Runner, config.Source, string) {
	t.Helper()
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	cfgPath := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(cfgPath, []byte("warehouse: wh.duckdb\nsources:\n  - name: p\n    kommun: K\n    path: inbox\n"), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	w, err := load.Open(context.Background(), cfg.Warehouse)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return &Runner{Config: cfg, Warehouse: w, Log: zap.NewNop()}, cfg.Sources[0], inbox
}

// A file rewritten while it is read is read again, and loaded as the
// version read: its checksum is that of the new content (55 723 tkr).
func TestAFileChangedDuringTheReadIsReadAgain(t *testing.T) {
	r, src, inbox := newRunner(t)
	path := filepath.Join(inbox, "delar1.csv")
	os.WriteFile(path, []byte(budgetCSV("50 000")), 0o644)
	r.afterRead = func(p string, attempt int) {
		if attempt == 1 {
			os.WriteFile(p, []byte(budgetCSV("55 723")), 0o644)
		}
	}
	rs, err := r.RunSource(context.Background(), src)
	if err != nil || len(rs) != 1 || rs[0].Status != load.StatusLoaded {
		t.Fatalf("run: %+v %v", rs, err)
	}
	var actual, sum string
	r.Warehouse.DB().QueryRow(`SELECT CAST(actual_sek AS VARCHAR) FROM fact_budget`).Scan(&actual)
	r.Warehouse.DB().QueryRow(`SELECT sha256 FROM load_log WHERE status = 'loaded'`).Scan(&sum)
	if actual != "55723000.00" {
		t.Errorf("actual: %s, want the second version's 55723000.00", actual)
	}
	// sha256 of the second version's bytes, computed here independently.
	want := sha256Hex(t, path)
	if sum != want {
		t.Errorf("load_log checksum %s, want that of the content read %s", sum, want)
	}
}

// A file that keeps changing fails, loading nothing, and the next run
// loads it once it is still.
func TestAFileThatKeepsChangingFails(t *testing.T) {
	r, src, inbox := newRunner(t)
	path := filepath.Join(inbox, "delar1.csv")
	os.WriteFile(path, []byte(budgetCSV("50 000")), 0o644)
	n := 0
	r.afterRead = func(p string, attempt int) {
		n++
		os.WriteFile(p, []byte(budgetCSV(strings.Repeat("1", n%3+1)+" 000")), 0o644)
	}
	rs, _ := r.RunSource(context.Background(), src)
	if len(rs) != 1 || rs[0].Status != load.StatusFailed || !strings.Contains(rs[0].Err.Error(), "changed while it was read") {
		t.Fatalf("run: %+v", rs)
	}
	var rows int
	r.Warehouse.DB().QueryRow(`SELECT count(*) FROM fact_budget`).Scan(&rows)
	if rows != 0 {
		t.Errorf("rows of a file that kept changing: %d", rows)
	}
	r.afterRead = nil
	if rs, _ := r.RunSource(context.Background(), src); rs[0].Status != load.StatusLoaded {
		t.Errorf("still file: %+v", rs)
	}
}

// An unchanged file is skipped by its stat, without being read; a file
// rewritten with the same size (and its old mtime put back) is still
// found changed when its stat was taken within the slack of its mtime.
func TestUnchangedFilesAreSkippedByTheirStat(t *testing.T) {
	r, src, inbox := newRunner(t)
	path := filepath.Join(inbox, "delar1.csv")
	os.WriteFile(path, []byte(budgetCSV("50 000")), 0o644)
	if rs, _ := r.RunSource(context.Background(), src); rs[0].Status != load.StatusLoaded {
		t.Fatalf("first run: %+v", rs)
	}
	// Same size, mtime put back: within the slack the checksum decides.
	st, _ := os.Stat(path)
	os.WriteFile(path, []byte(budgetCSV("51 000")), 0o644)
	os.Chtimes(path, st.ModTime(), st.ModTime())
	if rs, _ := r.RunSource(context.Background(), src); rs[0].Status != load.StatusLoaded {
		t.Errorf("a rewrite within the mtime slack: %+v, want loaded", rs)
	}
	// An old mtime (beyond the slack): the stat alone decides, no read.
	old := st.ModTime().Add(-time24h)
	os.Chtimes(path, old, old)
	os.Chmod(path, 0o644)
	if rs, _ := r.RunSource(context.Background(), src); rs[0].Status != load.StatusSkipped {
		t.Fatalf("touched back: %+v", rs) // checksum equal: skipped, stat remembered
	}
	os.Chmod(path, 0o000) // unreadable: only a skip by stat can succeed
	defer os.Chmod(path, 0o644)
	if os.Getuid() != 0 {
		if rs, _ := r.RunSource(context.Background(), src); rs[0].Status != load.StatusSkipped {
			t.Errorf("unchanged by its stat: %+v, want skipped without reading", rs)
		}
	}
}

const time24h = 24 * time.Hour

func sha256Hex(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}
