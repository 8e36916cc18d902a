// Package manyfiles measures socdw run over an inbox of many small files:
// the second run over 1 000 unchanged files (skipped by their stat) and
// the first run over 1 000 new ones. Run with
//
//	go test ./bench/manyfiles -bench . -benchtime 3x
package manyfiles

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/socdw/socdw/cli"
)

var files = 1000

// inbox writes n small budget reports (one unit each, its own name, so
// that no file supersedes another) and a config, and returns the config.
func inbox(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	in := filepath.Join(dir, "inbox")
	os.MkdirAll(in, 0o755)
	for i := range n {
		body := fmt.Sprintf("Delårsrapport 1 2017\r\nVerksamhet, tkr;Budget jan-april;Nettokostnad jan-april\r\nEnhet %04d;%d;%d\r\n", i, 1000+i, 900+i)
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("enhet_%04d.csv", i)), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(cfg, []byte("warehouse: wh.duckdb\nsources:\n  - name: many\n    kommun: K\n    path: inbox\n"), 0o644)
	return cfg
}

func run(b *testing.B, cfg string) {
	b.Helper()
	var out, errs bytes.Buffer
	if st := cli.Run(context.Background(), []string{"run", "--config", cfg, "--log-format", "json"}, &out, &errs, os.Getenv); st != cli.ExitOK {
		b.Fatalf("run: %d\n%s", st, errs.String())
	}
}

// BenchmarkNewFiles is the first run over 1 000 new small files.
func BenchmarkNewFiles(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		cfg := inbox(b, files)
		b.StartTimer()
		run(b, cfg)
	}
}

// BenchmarkUnchangedFiles is a later run over the same 1 000 files.
func BenchmarkUnchangedFiles(b *testing.B) {
	cfg := inbox(b, files)
	run(b, cfg)
	// The files' mtimes must be older than the stat slack (2 s) for the
	// stat alone to decide, as they are for any file saved before tonight.
	old := filepath.Join(filepath.Dir(cfg), "inbox")
	entries, _ := os.ReadDir(old)
	past := mustOld()
	for _, e := range entries {
		os.Chtimes(filepath.Join(old, e.Name()), past, past)
	}
	run(b, cfg) // checksums equal: the new stats are remembered
	for b.Loop() {
		run(b, cfg)
	}
}
