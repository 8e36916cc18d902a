package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// testKey is a pseudonym key for tests only.
const testKey = "test-key-0123456789abcdef"

// harness is a config, an inbox and a warehouse in a temp dir.
type harness struct {
	t      *testing.T
	dir    string
	inbox  string
	config string
	db     string
}

func newHarness(t *testing.T, extra string) *harness {
	t.Helper()
	dir := t.TempDir()
	h := &harness{t: t, dir: dir, inbox: filepath.Join(dir, "inbox"), config: filepath.Join(dir, "socdw.yaml"),
		db: filepath.Join(dir, "wh", "socdw.duckdb")}
	if err := os.MkdirAll(h.inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "warehouse: wh/socdw.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n" + extra
	if err := os.WriteFile(h.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

// run runs socdw with the harness config and returns status and output.
func (h *harness) run(args ...string) (int, string, string) {
	h.t.Helper()
	var out, errb bytes.Buffer
	args = append(args, "--config", h.config)
	getenv := func(k string) string {
		if k == "SOCDW_PSEUDONYM_KEY" {
			return testKey
		}
		return ""
	}
	st := Run(context.Background(), args, &out, &errb, getenv)
	return st, out.String(), errb.String()
}

// query opens the warehouse read-only and returns rows as strings.
func (h *harness) query(q string, args ...any) [][]string {
	h.t.Helper()
	db, err := sql.Open("duckdb", h.db+"?access_mode=read_only")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	cols, rows, err := query(context.Background(), db, q, args...)
	if err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(cols))
		for j, v := range r {
			if v == nil {
				out[i][j] = "NULL"
			} else {
				out[i][j] = *v
			}
		}
	}
	return out
}

func (h *harness) one(q string, args ...any) string {
	h.t.Helper()
	rows := h.query(q, args...)
	if len(rows) != 1 || len(rows[0]) != 1 {
		h.t.Fatalf("%s: want one value, got %v", q, rows)
	}
	return rows[0][0]
}

func mustFile(t *testing.T) func(string, error) string {
	return func(p string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func contains(t *testing.T, s, sub, what string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%s: want %q in:\n%s", what, sub, s)
	}
}
