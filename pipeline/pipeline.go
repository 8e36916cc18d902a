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
	"os"
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

	sweepOnce sync.Once
	scrubbed  bool // texts of earlier loads were cleaned: publish again
	kpiOnce   sync.Once
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

// FileResult is the outcome of one file.
type FileResult struct {
	Source   string
	File     string
	Status   string // loaded, skipped, failed
	LoadID   int64
	Rows     int
	Rejected int
	Findings int
	Err      error
	Note     string       // why a file was skipped, when not simply unchanged
	Batch    *socdw.Batch // for check
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
		Aliases: src.Aliases, Forms: src.Forms, Costs: src.Costs, Key: r.Key,
		XLSX: extract.XLSXOptions{MaxUnzipBytes: r.Config.MaxUnzipBytes}}
}

// RunSource loads every new or changed file of a source.
func (r *Runner) RunSource(ctx context.Context, src config.Source) ([]FileResult, error) {
	r.syncKPIMap(ctx)
	r.prepare(ctx)
	if config.IsURL(src.Path) {
		return r.runURL(ctx, src)
	}
	files, err := extract.Find(src.Path)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", src.Name, err)
	}
	r.Log.Info("source", zap.String("source", src.Name), zap.Int("files", len(files)))
	return r.LoadFiles(ctx, src, files), nil
}

// runURL downloads an http(s) source into the cache beside the warehouse
// and loads it under its URL; an unchanged file (304, or the same
// checksum) is skipped.
func (r *Runner) runURL(ctx context.Context, src config.Source) ([]FileResult, error) {
	if strings.HasPrefix(src.Path, "http://") {
		r.Log.Warn("plain http source: the file travels unencrypted", zap.String("source", src.Name), zap.String("url", r.storedName(src.Path)))
	}
	client := r.HTTP
	if client == nil {
		client = extract.NewHTTPClient()
	}
	dir := filepath.Join(filepath.Dir(r.Config.Warehouse), ".socdw-cache", src.Name)
	f, err := extract.Fetch(ctx, client, src.Path, dir, r.Config.MaxDownloadBytes)
	if err == nil && !f.NotModified {
		// A Kolada answer comes in pages: the cached file holds them all.
		if err = extract.FollowPages(ctx, client, f.Path, r.Config.MaxDownloadBytes); err != nil {
			os.Remove(f.Path) // half an answer must not pass for current at the next run's 304
		}
	}
	if err != nil {
		name := r.storedName(src.Path)
		res := FileResult{Source: src.Name, File: name}
		a := load.Attempt{RunID: r.runID(ctx), Source: src.Name, Kommun: src.Kommun, File: name, Started: r.now()}
		if r.Warehouse != nil {
			if id, ierr := r.Warehouse.NextLoadID(ctx); ierr == nil {
				a.LoadID = id
			}
		}
		return []FileResult{r.fail(ctx, res, a, fmt.Errorf("%s", socdw.CleanText(err.Error())), 0)}, nil
	}
	r.Log.Info("source", zap.String("source", src.Name), zap.String("url", r.storedName(src.Path)), zap.Bool("not_modified", f.NotModified))
	res := r.loadFile(ctx, r.runID(ctx), src, src.Path, f.Path)
	return []FileResult{res}, nil
}

// LoadFiles loads the given files as the source's; each loads whole or
// not at all, and a failure does not stop the others.
func (r *Runner) LoadFiles(ctx context.Context, src config.Source, files []string) []FileResult {
	r.syncKPIMap(ctx)
	r.prepare(ctx)
	run := r.runID(ctx)
	var out []FileResult
	rows := 0
	for i, f := range files {
		if ctx.Err() != nil {
			break
		}
		f = canonical(f)
		res := r.loadFile(ctx, run, src, f, f)
		rows += res.Rows
		out = append(out, res)
		if r.Progress != nil {
			r.Progress(src.Name, i+1, len(files), rows)
		}
	}
	return out
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

// loadFile loads the file at path under the name name (the path itself,
// or the URL it was downloaded from).
//
// The name is what is stored, logged and printed, so it is cleaned first:
// URL credentials hidden, a personnummer replaced by a keyed tag (two
// files whose names differ only in the number stay two files).
func (r *Runner) loadFile(ctx context.Context, run int64, src config.Source, name, path string) FileResult {
	name = r.storedName(name)
	res := r.load(ctx, run, src, name, path)
	fields := []zap.Field{zap.String("source", src.Name), zap.String("file", name), zap.String("status", res.Status),
		zap.Int("rows", res.Rows), zap.Int("rejected", res.Rejected), zap.Int("findings", res.Findings)}
	if res.Err != nil {
		r.Log.Error("file failed", append(fields, zap.String("error", res.Err.Error()))...)
	} else {
		r.Log.Info("file", fields...)
	}
	return res
}

func (r *Runner) load(ctx context.Context, run int64, src config.Source, name, file string) FileResult {
	res := FileResult{Source: src.Name, File: name}
	started := r.now()
	a := load.Attempt{RunID: run, Source: src.Name, Kommun: src.Kommun, File: name, Started: started}
	if r.Warehouse != nil {
		if id, err := r.Warehouse.NextLoadID(ctx); err == nil {
			a.LoadID, res.LoadID = id, id
		}
	}
	a.Fingerprint = r.Fingerprint(src)
	if r.Warehouse == nil {
		b, err := readFile(ctx, file, r.Options(src))
		if err != nil {
			res.Status, res.Err = load.StatusFailed, err
			return res
		}
		b.Close() // a dry run keeps the counts, not the files
		res.Status, res.Batch = "checked", b
		res.Rows, res.Rejected, res.Findings = b.Rows(), len(b.Rejects), len(b.Findings)
		return res
	}
	if a.LoadID == 0 {
		res.Status, res.Err = load.StatusFailed, errors.New("no load id: the warehouse did not answer")
		return res
	}
	prev, prevFP, found, err := r.Warehouse.FileState(ctx, src.Name, name)
	if err != nil {
		return r.fail(ctx, res, a, err, 0)
	}
	var b *socdw.Batch
	if !found {
		// A new file: its content hash matters only to tell a copy of a
		// loaded file, so it is computed on a second core while the file
		// is read, not in a serial pass before.
		var sum string
		var sumErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			sum, sumErr = extract.SHA256(file)
		}()
		var readErr error
		b, readErr = readFile(ctx, file, r.Options(src))
		<-done
		if sumErr != nil {
			b.Close()
			return r.fail(ctx, res, a, sumErr, 0)
		}
		a.SHA256 = sum
		if other, err := r.Warehouse.SameContent(ctx, src.Name, name, sum); err != nil {
			b.Close()
			return r.fail(ctx, res, a, err, 0)
		} else if other != "" {
			// Refused, not skipped: a copy left in the inbox would count
			// twice the day the two differ, so a person must look now.
			b.Close()
			return r.fail(ctx, res, a, fmt.Errorf("%s: the same content as %s, already loaded: a copy would be counted twice; remove one of them", filepath.Base(name), other), 0)
		}
		if readErr != nil {
			return r.fail(ctx, res, a, readErr, 0)
		}
	} else {
		sum, err := extract.SHA256(file)
		if err != nil {
			return r.fail(ctx, res, a, err, 0)
		}
		a.SHA256 = sum
		// Open placements with no as_of run through the day of the load:
		// such a file is read again each day, so the months go on filling.
		openFP := a.Fingerprint + "|open:" + r.now().Format(time.DateOnly)
		if prev == sum && (prevFP == a.Fingerprint || (strings.HasPrefix(prevFP, a.Fingerprint+"|open:") && prevFP == openFP)) {
			return r.skip(ctx, res, a, "")
		}
		if b, err = readFile(ctx, file, r.Options(src)); err != nil {
			return r.fail(ctx, res, a, err, 0)
		}
	}
	defer b.Close()
	if src.AsOf.IsZero() && hasOpenPlacement(b) {
		a.Fingerprint += "|open:" + r.now().Format(time.DateOnly)
	}
	if err := r.Warehouse.Replace(ctx, a, b); err != nil {
		return r.fail(ctx, res, a, fmt.Errorf("%s: %w", name, err), len(b.Rejects))
	}
	res.Status, res.Rows, res.Rejected, res.Findings = load.StatusLoaded, b.Rows(), len(b.Rejects), len(b.Findings)
	return res
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
		Key     string
	}
	st := settings{Version: transform.Version, Kommun: src.Kommun, Period: src.Period.String(), Unit: src.Unit.String(),
		Costs: src.Costs, Aliases: src.Aliases, Forms: src.Forms}
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
	return abs
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

func (r *Runner) skip(ctx context.Context, res FileResult, a load.Attempt, note string) FileResult {
	res.Status, res.Note = load.StatusSkipped, note
	if err := r.Warehouse.Record(ctx, a, load.StatusSkipped, 0, note); err != nil {
		res.Status, res.Err = load.StatusFailed, err
	}
	return res
}

func (r *Runner) fail(ctx context.Context, res FileResult, a load.Attempt, err error, rejected int) FileResult {
	res.Status, res.Err = load.StatusFailed, err
	if r.Warehouse != nil && a.LoadID != 0 {
		if rerr := r.Warehouse.Record(ctx, a, load.StatusFailed, rejected, err.Error()); rerr != nil {
			res.Err = errors.Join(err, rerr)
		}
	}
	return res
}

// Publish writes the readers' copy of the warehouse when the config names
// one and the results changed something (or no copy exists yet).
func (r *Runner) Publish(ctx context.Context, results []FileResult) error {
	if r.Config.Publish == "" || r.Warehouse == nil {
		return nil
	}
	changed := r.scrubbed
	for _, res := range results {
		if res.Status == load.StatusLoaded {
			changed = true
		}
	}
	if _, err := os.Stat(r.Config.Publish); err != nil {
		changed = true
	}
	if !changed {
		return nil
	}
	start := time.Now()
	if err := r.Warehouse.Publish(ctx, r.Config.Publish); err != nil {
		return err
	}
	r.Log.Info("published", zap.String("copy", r.Config.Publish), zap.Duration("took", time.Since(start)))
	return nil
}
