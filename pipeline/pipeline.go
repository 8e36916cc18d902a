// Package pipeline runs sources: it finds their files, decides from the
// checksum whether each is new, changed or unchanged, and sends it from
// extract through transform to load, one transaction per file. It is the
// only package that knows all three.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/pseudo"
	"github.com/socdw/socdw/transform"
)

// Runner loads files into a warehouse.
type Runner struct {
	Config    *config.Config
	Warehouse *load.Warehouse // nil for a dry run
	Log       *zap.Logger
	Key       *pseudo.Key // nil when no key is configured
	Now       func() time.Time
	HTTP      *http.Client // for http(s) sources; nil = extract.NewHTTPClient()
	// Progress, when set, is told after each file: how many of the
	// source's files are done, of how many, and the rows so far.
	Progress func(source string, done, total, rows int)
	// OnFile, when set, is told each file's result as it is known, and
	// the per-file log line drops to debug: a person at a terminal sees
	// each file once.
	OnFile func(FileResult)
	// PublishBackoff are the waits between attempts to publish; nil =
	// 1s, 2s (three attempts).
	PublishBackoff []time.Duration

	sweepOnce sync.Once
	scrubbed  bool // texts of earlier loads were cleaned: publish again
	kpiOnce   sync.Once
	// afterRead, in tests, runs between reading a file and checking that
	// it did not change meanwhile.
	afterRead func(path string, attempt int)
}

// FileResult is the outcome of one file.
type FileResult struct {
	Source   string
	File     string
	Status   string // loaded, skipped, failed, ignored, forgotten; "warning" for a source without files
	LoadID   int64
	Rows     int
	Rejected int
	Findings int
	Err      error
	Note     string       // why a file was skipped, ignored or forgotten, when not simply unchanged
	Batch    *socdw.Batch // for check
	// Superseded are the rows of older files of the source this file's
	// rows replaced.
	Superseded []load.Supersession
}

// Failed counts failed files.
func Failed(rs []FileResult) int {
	n := 0
	for _, r := range rs {
		if r.Status == load.StatusFailed {
			n++
		}
	}
	return n
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Options are the transform options of a source.
func (r *Runner) Options(src config.Source) transform.Options {
	return transform.Options{Kommun: src.Kommun, Period: src.Period, Unit: src.Unit, AsOf: src.AsOf, Today: r.now(),
		Aliases: src.Aliases, Forms: src.Forms, Costs: src.Costs, Key: r.Key, Columns: src.Columns,
		XLSX: extract.XLSXOptions{MaxUnzipBytes: r.Config.MaxUnzipBytes}}
}

// readFile runs transform on one file. A panic there is a bug, but it
// must cost only that file: it becomes the file's error, and the other
// files still load.
func readFile(ctx context.Context, file string, opt transform.Options) (b *socdw.Batch, err error) {
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, fmt.Errorf("%s: internal error while reading the file (please report it): %v", filepath.Base(file), p)
		}
	}()
	b, err = transform.File(ctx, file, opt)
	if err != nil {
		// An error names the file and quotes cells: it is stored and
		// printed, so it is cleaned like everything else.
		if msg := socdw.CleanText(err.Error()); msg != err.Error() {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	b.Redact()
	return b, nil
}

// storedName is a file's name or URL as socdw stores, logs and prints it.
// Of a local path only the file's own name is cleaned (socdw.CleanName).
func (r *Runner) storedName(name string) string {
	if strings.Contains(name, "://") {
		out, _ := pseudo.RedactTagged(pseudo.RedactURLs(name), r.Key)
		return out
	}
	dir, base := filepath.Split(name)
	base, _ = pseudo.RedactTagged(pseudo.RedactURLs(base), r.Key)
	return dir + base
}

// Fingerprint is what a file's rows depend on besides its content: the
// source's settings, socdw's reading rules and the pseudonym key. A file
// whose content and fingerprint are unchanged is skipped; a change in
// either reloads it.
func (r *Runner) Fingerprint(src config.Source) string {
	type settings struct {
		Version string
		Kommun  string
		Period  string
		Unit    string
		AsOf    string
		Costs   string
		Aliases map[string]string
		Forms   map[string]string
		Columns map[string]socdw.ColumnOverride
		Key     string
	}
	st := settings{Version: transform.Version, Kommun: src.Kommun, Period: src.Period.String(), Unit: src.Unit.String(),
		Costs: src.Costs, Aliases: src.Aliases, Forms: src.Forms, Columns: src.Columns}
	if !src.AsOf.IsZero() {
		st.AsOf = src.AsOf.Format(time.DateOnly)
	}
	if r.Key != nil {
		st.Key = r.Key.Fingerprint()
	}
	b, _ := json.Marshal(st) // maps marshal with sorted keys
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func hasOpenPlacement(b *socdw.Batch) bool {
	for _, p := range b.Placements {
		if p.End.IsZero() {
			return true
		}
	}
	return false
}

// canonical is the name a local file is known by: absolute, links
// resolved, so "in/a.csv", "./in/a.csv" and a link to it are one file.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	// A file that is gone (socdw forget of a deleted file): its directory
	// may still resolve as it did when the file was loaded.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// StoredName is the name a local file (or URL) is known by in the
// warehouse: canonical, then cleaned (see storedName).
func (r *Runner) StoredName(path string) string {
	if config.IsURL(path) {
		return r.storedName(path)
	}
	return r.storedName(canonical(path))
}

// runID allocates a run id, or 0 for a dry run.
func (r *Runner) runID(ctx context.Context) int64 {
	if r.Warehouse == nil {
		return 0
	}
	id, err := r.Warehouse.NextRunID(ctx)
	if err != nil {
		return 0
	}
	return id
}

func (r *Runner) fail(ctx context.Context, res FileResult, a load.Attempt, err error, rejected int) FileResult {
	res.Status, res.Err = load.StatusFailed, err
	if r.Warehouse != nil {
		if a.LoadID == 0 {
			if id, ierr := r.Warehouse.NextLoadID(ctx); ierr == nil {
				a.LoadID, res.LoadID = id, id
			}
		}
		if a.LoadID != 0 {
			if rerr := r.Warehouse.Record(ctx, a, load.StatusFailed, rejected, err.Error()); rerr != nil {
				res.Err = errors.Join(err, rerr)
			}
		}
	}
	return res
}

// prepare runs once per runner, before its first file: it removes what a
// killed run left behind and, once per warehouse, cleans the texts stored
// before socdw cleaned everything on its way in (load.ScrubOnce).
func (r *Runner) prepare(ctx context.Context) {
	r.sweepOnce.Do(func() {
		// What a killed run left behind; six hours is longer than any load.
		if n := transform.SweepTemp("", 6*time.Hour); n > 0 {
			r.Log.Info("removed temporary files of interrupted runs", zap.Int("directories", n))
		}
		if r.Warehouse == nil {
			return
		}
		n, err := r.Warehouse.ScrubOnce(ctx, r.storedName)
		if err != nil {
			r.Log.Error("cleaning personal data stored by an earlier socdw failed; it is tried again on the next run", zap.Error(err))
			return
		}
		if n > 0 {
			r.scrubbed = true
			r.Log.Warn("replaced personnummer and URL credentials stored by an earlier socdw", zap.Int("texts", n))
		}
	})
}

// syncKPIMap writes the config's benchmark: list into the warehouse once
// per runner, before its first file: the benchmark view reads it.
func (r *Runner) syncKPIMap(ctx context.Context) {
	if r.Warehouse == nil {
		return
	}
	r.kpiOnce.Do(func() {
		if err := r.Warehouse.SetKPIMap(ctx, r.Config.Benchmark); err != nil {
			r.Log.Error("benchmark: kpi_map not updated", zap.Error(err))
		}
	})
}
