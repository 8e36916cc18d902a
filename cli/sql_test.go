package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// sqlHarness is a warehouse with the Nacka table loaded.
func sqlHarness(t *testing.T, extra string) *harness {
	t.Helper()
	h := newHarness(t, "")
	if extra != "" {
		os.WriteFile(h.config, []byte(extra+mustRead(t, h.config)), 0o644)
	}
	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	return h
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// socdw sql is sealed: a query cannot write a file, read one outside the
// warehouse, attach another database, install an extension or unlock its
// settings — each refused with a message that says why.
func TestSQLIsSealed(t *testing.T) {
	h := sqlHarness(t, "")
	outside := plainTempDir(t)
	secret := filepath.Join(outside, "secret.txt")
	os.WriteFile(secret, []byte("not for socdw"), 0o600)
	written := filepath.Join(outside, "stolen.csv")
	other := filepath.Join(outside, "other.duckdb")
	attacks := map[string]string{
		"COPY TO a file":       "COPY (SELECT * FROM budget_deviation) TO '" + written + "' (FORMAT csv)",
		"read_text":            "SELECT content FROM read_text('" + secret + "')",
		"read_csv":             "SELECT * FROM read_csv('" + secret + "')",
		"glob":                 "SELECT * FROM glob('" + outside + "/*')",
		"ATTACH":               "ATTACH '" + other + "' AS o",
		"INSTALL":              "INSTALL httpfs",
		"unlock":               "SET enable_external_access = true",
		"EXPORT DATABASE":      "EXPORT DATABASE '" + outside + "/dump'",
		"write into warehouse": "CREATE TABLE x AS SELECT 1",
		// DuckDB allows the database's own files with external access off:
		// COPY onto the warehouse file once replaced it with eight bytes.
		"COPY onto the warehouse":   "COPY (SELECT 'pwned' AS x) TO '" + h.db + "' (USE_TMP_FILE false)",
		"COPY onto its wal":         "COPY (SELECT 'pwned' AS x) TO '" + h.db + ".wal'",
		"COPY before a query":       "COPY (SELECT 'pwned' AS x) TO '" + h.db + "' (USE_TMP_FILE false); SELECT 1",
		"a query, then a statement": "SELECT 1; COPY (SELECT 'pwned' AS x) TO '" + written + "'",
	}
	for name, q := range attacks {
		t.Run(name, func(t *testing.T) {
			st, out, errs := h.run("sql", q)
			if st != ExitFailed {
				t.Fatalf("status %d, want 1\n%s\n%s", st, out, errs)
			}
			if strings.Contains(out, "not for socdw") {
				t.Errorf("the file outside was read: %s", out)
			}
			contains(t, errs, "socdw sql", "error")
			if !strings.Contains(errs, "disabled by configuration") && !strings.Contains(errs, "locked") && !strings.Contains(errs, "read-only") &&
				!strings.Contains(errs, "one query at a time") {
				t.Errorf("the refusal does not say why: %s", errs)
			}
		})
	}
	for _, p := range []string{written, other, filepath.Join(outside, "dump")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists after the attacks", p)
		}
	}
	// The warehouse still answers, and nothing was added to it.
	if n := h.one(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'x'`); n != "0" {
		t.Errorf("a table was created")
	}
}

// With publish: in the config, sql reads the published copy, so it
// answers while a writer holds the warehouse.
func TestSQLReadsThePublishedCopy(t *testing.T) {
	h := sqlHarness(t, "publish: pub/socdw.duckdb\n")
	pub := filepath.Join(h.dir, "pub", "socdw.duckdb")
	if _, err := os.Stat(pub); err != nil {
		t.Fatalf("no published copy: %v", err)
	}
	// Hold the warehouse as a loading socdw does: open for writing, in
	// this process; the query runs in another, as a user's would.
	w, err := sql.Open("duckdb", h.db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec("SELECT 1"); err != nil {
		t.Fatal(err)
	}
	q := "SELECT budget_sek FROM budget_deviation WHERE unit = 'Barn och unga'"
	out, err := child(t, "sql", "--config", h.config, "--format", "csv", q).Output()
	if err != nil || string(out) != "budget_sek\n86486000.00\n" {
		t.Errorf("sql while the warehouse is held: %v %q", err, out)
	}
	// Without publish: the same query on the held warehouse fails, and
	// says what to do.
	noPub := strings.Replace(mustRead(t, h.config), "publish: pub/socdw.duckdb\n", "", 1)
	cfg2 := filepath.Join(h.dir, "nopub.yaml")
	os.WriteFile(cfg2, []byte(noPub), 0o644)
	cmd := child(t, "sql", "--config", cfg2, "--format", "csv", q)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Skip("this DuckDB lets a second process read a held warehouse")
	}
	contains(t, stderr.String(), "publish", "the advice")
}

// JSON keeps types and the query's column order; DECIMAL keeps its
// exact digits; a query comes from -f FILE or standard input.
func TestSQLJSONAndQuerySources(t *testing.T) {
	h := sqlHarness(t, "")
	q := `SELECT 'Barn och unga' AS unit, 86486000.10::DECIMAL(18,2) AS budget, 12345678901234567.89::DECIMAL(38,2) AS big,
		42 AS n, true AS ok, NULL AS nothing, DATE '2017-01-31' AS day, 1.5::DOUBLE AS f`
	st, out, errs := h.run("sql", "--format", "json", q)
	if st != ExitOK {
		t.Fatalf("%d %s", st, errs)
	}
	want := `[
  {"unit": "Barn och unga", "budget": 86486000.10, "big": 12345678901234567.89, "n": 42, "ok": true, "nothing": null, "day": "2017-01-31", "f": 1.5}
]
`
	if out != want {
		t.Errorf("json:\n%s\nwant\n%s", out, want)
	}
	var decoded []map[string]any
	if err := json.Unmarshal([]byte(out), &decoded); err != nil {
		t.Errorf("not JSON: %v", err)
	}
	qf := filepath.Join(h.dir, "q.sql")
	os.WriteFile(qf, []byte("SELECT count(*) AS n FROM budget_deviation WHERE unit = 'Barn och unga'\n"), 0o644)
	st, out, errs = h.run("sql", "--format", "csv", "-f", qf)
	if st != ExitOK || out != "n\n1\n" {
		t.Errorf("-f: %d %q %s", st, out, errs)
	}
	var o, e bytes.Buffer
	st = RunInput(context.Background(), []string{"sql", "--config", h.config, "--format", "csv", "-"},
		strings.NewReader("SELECT 2 + 2 AS four"), &o, &e, func(string) string { return "" })
	if st != ExitOK || o.String() != "four\n4\n" {
		t.Errorf("stdin: %d %q %s", st, o.String(), e.String())
	}
}

// A value with escape sequences cannot drive the terminal.
func TestSQLTableStripsControlCharacters(t *testing.T) {
	h := sqlHarness(t, "")
	_, out, _ := h.run("sql", `SELECT 'a' || chr(27) || '[2J' || chr(7) || chr(13) || 'b' || chr(8238) AS v`)
	if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
		t.Errorf("control characters printed: %q", out)
	}
	contains(t, out, "a[2Jb", "the printable rest")
}

// A weak key is refused with a message saying how to make a good one; a
// key file others can read is used, with a warning.
func TestKeyRulesAtTheCommandLine(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	mustFile(t)(fixture.PlacementExportVariant(h.inbox))
	for name, key := range map[string]string{"short": "kort-nyckel-123", "one letter": strings.Repeat("a", 40)} {
		var o, e bytes.Buffer
		st := Run(context.Background(), []string{"run", "--config", h.config}, &o, &e, func(k string) string {
			if k == "SOCDW_PSEUDONYM_KEY" {
				return key
			}
			return ""
		})
		if st != ExitUsage {
			t.Errorf("%s key: status %d, want 2", name, st)
		}
		contains(t, e.String(), "openssl rand -hex 32", name+" key: the advice")
		if strings.Contains(e.String(), key) {
			t.Errorf("%s key: the error shows the key", name)
		}
	}
	keyFile := filepath.Join(h.dir, "key")
	os.WriteFile(keyFile, []byte(testKey+"\n"), 0o644)
	os.WriteFile(h.config, []byte("pseudonym_key_file: key\n"+mustRead(t, h.config)), 0o644)
	var o, e bytes.Buffer
	if st := Run(context.Background(), []string{"run", "--config", h.config}, &o, &e, func(string) string { return "" }); st != ExitOK {
		t.Fatalf("run with a readable key file: %d %s", st, e.String())
	}
	contains(t, e.String(), "chmod 600", "the warning")
}

// Instants are shown in Europe/Stockholm, where the schedules run, with
// their offset: 10:00 UTC on 1 June is 12:00 summer time (+02:00), and
// 23:00 UTC on 1 December is midnight of the 2nd (+01:00), an instant
// still, not a date. A DATE stays a date.
func TestSQLShowsInstantsInStockholmTime(t *testing.T) {
	h := sqlHarness(t, "")
	st, out, errs := h.run("sql", "--format", "csv",
		"SELECT TIMESTAMPTZ '2024-06-01 10:00:00+00' AS summer, TIMESTAMPTZ '2024-12-01 23:00:00+00' AS winter, DATE '2024-12-02' AS d")
	if st != ExitOK {
		t.Fatalf("sql: %d %s", st, errs)
	}
	contains(t, out, "2024-06-01 12:00:00+02:00", "summer time")
	contains(t, out, "2024-12-02 00:00:00+01:00", "midnight in winter")
	if !strings.Contains(out, "2024-12-02\n") && !strings.Contains(out, "2024-12-02\r\n") {
		t.Errorf("the date is not a date: %q", out)
	}
}
