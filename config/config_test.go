package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseResolvesPathsAgainstTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "inbox", "nacka"), 0o755)
	file := filepath.Join(dir, "socdw.yaml")
	c, err := Parse(file, strings.NewReader(`
warehouse: wh/socdw.duckdb
publish: wh/read.duckdb
sources:
  - name: nacka-ekonomi
    kommun: Nacka
    path: inbox/nacka/*.xlsx
    schedule: "0 2 * * *"
    period: 2017-01-01..2017-08-31
    unit: tkr
    as_of: 2017-12-31
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Warehouse != filepath.Join(dir, "wh", "socdw.duckdb") || c.Publish != filepath.Join(dir, "wh", "read.duckdb") {
		t.Errorf("paths: %q %q", c.Warehouse, c.Publish)
	}
	s := c.Sources[0]
	if s.Path != filepath.Join(dir, "inbox", "nacka", "*.xlsx") || s.Period.String() != "2017-01-01..2017-08-31" ||
		s.Unit.String() != "tkr" || s.AsOf.Format("2006-01-02") != "2017-12-31" {
		t.Errorf("source: %+v", s)
	}
}

// The exact message for a typo, as sqlc tests its own.
func TestUnknownKeyMessage(t *testing.T) {
	_, err := Parse("/x/socdw.yaml", strings.NewReader("warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: /\n    schedual: \"0 2 * * *\"\n"))
	if err == nil || err.Error() != "/x/socdw.yaml:6: sources[].schedual: unknown key" {
		t.Errorf("got %v", err)
	}
}

// Parse never panics, and every error it returns is a *Error.
func FuzzParse(f *testing.F) {
	f.Add("warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: /\n    schedule: \"@every 10m\"\n")
	f.Add("warehouse: [1, 2]\n")
	f.Add("sources: {a: 1}\n")
	f.Add("- 1\n- 2\n")
	f.Add("warehouse: w\nmax_unzip_mb: -1\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, err := Parse("/x/socdw.yaml", strings.NewReader(s))
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("not a *Error: %v", err)
		}
	})
}

// max_unzip_mb is accepted as an optional cap on a workbook's total
// inflated size; by default there is none (a million-row workbook
// inflates past the old 512 MiB), the reader's own limits apply.
func TestMaxUnzipIsAnOptionalCap(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "socdw.yaml")
	base := "warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: " + dir + "\n"
	c, err := Parse(file, strings.NewReader(base))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxUnzipBytes != 0 {
		t.Errorf("default: %d, want 0 (no cap)", c.MaxUnzipBytes)
	}
	c, err = Parse(file, strings.NewReader("max_unzip_mb: 4096\n"+base))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxUnzipBytes != 4096<<20 {
		t.Errorf("max_unzip_mb: 4096 gave %d bytes", c.MaxUnzipBytes)
	}
}

// A path that is not there is no config error (a share may be unmounted
// now): the run fails that source. A malformed glob is one.
func TestMissingPathIsNoConfigError(t *testing.T) {
	c, err := Parse("/x/socdw.yaml", strings.NewReader("warehouse: w.duckdb\nrun_at_start: true\nsources:\n  - name: a\n    kommun: A\n    path: /nonexistent/share/inbox\n    mirror: true\n    expect_files: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Sources[0]; !s.Mirror || !s.ExpectFiles || !c.RunAtStart {
		t.Errorf("options not read: %+v %v", s, c.RunAtStart)
	}
	_, err = Parse("/x/socdw.yaml", strings.NewReader("warehouse: w.duckdb\nsources:\n  - name: a\n    kommun: A\n    path: /in/[a\n"))
	if err == nil || !strings.Contains(err.Error(), "bad glob") {
		t.Errorf("bad glob: %v", err)
	}
}
