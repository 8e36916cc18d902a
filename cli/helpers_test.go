package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/socdw/socdw/pseudo"
)

// testKey is a pseudonym key for tests only.
const testKey = "test-key-0123456789abcdef-ghijklmn"

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
	dir := plainTempDir(t)
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

// plainTempDir is a temporary directory whose path the personal-data
// cleaner leaves alone. t.TempDir's name ends in a random number of up to
// ten digits, which now and then reads as a personnummer and is shown as
// [personnummer] in socdw's output (as a real one in a path must be).
func plainTempDir(t *testing.T) string {
	t.Helper()
	for {
		dir, err := os.MkdirTemp("", "socdw-test-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		if clean, n := pseudo.Clean(dir); n == 0 && clean == dir {
			return dir
		}
	}
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

// runFile writes content as inbox/name and runs every source, failing the
// test unless the run succeeds.
func (h *harness) runFile(name, content string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.inbox, name), []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		h.t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
}

// lines is the first column of a query's rows.
func (h *harness) lines(q string, args ...any) []string {
	h.t.Helper()
	var out []string
	for _, r := range h.query(q, args...) {
		out = append(out, r[0])
	}
	return out
}

// sameLines fails the test when got and want differ, showing both.
func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// budgetLines is budget_deviation as "start end budget actual reported
// full_year" lines, NULL for what is not there.
const budgetLines = `SELECT period_start || ' ' || period_end || ' ' || coalesce(budget_sek || '', 'NULL') || ' ' ||
	coalesce(actual_sek || '', 'NULL') || ' ' || coalesce(reported_deviation_sek || '', 'NULL') || ' ' ||
	coalesce(full_year_budget_sek || '', 'NULL') FROM budget_deviation ORDER BY period_start`

// unitLines is budget_deviation as "unit|parent|is_total" lines.
const unitLines = `SELECT unit || '|' || coalesce(parent_unit_key, '') || '|' || is_total FROM budget_deviation ORDER BY source_row`

// newSheet is a workbook whose Sheet1 holds rows from A1 down; the caller
// adds styles or merges and saves it.
func newSheet(t *testing.T, rows [][]any) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}
