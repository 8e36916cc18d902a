package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.uber.org/zap"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/load"
)

// StatusWarning is the result of a source that found no file (not a
// failure unless the source sets expect_files).
const StatusWarning = "warning"

// RunSource loads every new or changed file of a source. A path that is
// not there (an unmounted share) fails the source alone, recorded in
// load_log under the source's path; files socdw does not read are
// ignored; with mirror, files that left the inbox are forgotten.
func (r *Runner) RunSource(ctx context.Context, src config.Source) ([]FileResult, error) {
	r.syncKPIMap(ctx)
	r.prepare(ctx)
	if config.IsURL(src.Path) {
		return r.runURL(ctx, src)
	}
	run := r.runID(ctx)
	every, err := extract.FindEvery(src.Path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("source %s: %s is not there (an unmounted share, or a path to correct in %s)", src.Name, src.Path, filepath.Base(r.Config.Path))
		} else {
			err = fmt.Errorf("source %s: %w", src.Name, err)
		}
		return []FileResult{r.sourceFailure(ctx, run, src, err)}, nil
	}
	var files []string
	var out []FileResult
	for _, f := range every {
		if why := extract.Ignored(f); why != "" {
			out = append(out, r.ignore(ctx, run, src, r.storedName(canonical(f)), why))
			continue
		}
		files = append(files, f)
	}
	r.Log.Info("source", zap.String("source", src.Name), zap.Int("files", len(files)), zap.Int("ignored", len(out)))
	if src.Mirror && r.Warehouse != nil {
		out = append(out, r.mirror(ctx, run, src, files)...)
	}
	if len(files) == 0 {
		msg := fmt.Sprintf("source %s: no files matched %s", src.Name, src.Path)
		if src.ExpectFiles {
			return append(out, r.sourceFailure(ctx, run, src, errors.New(msg+" (expect_files is set)"))), nil
		}
		r.Log.Warn("no files", zap.String("source", src.Name), zap.String("path", src.Path))
		res := FileResult{Source: src.Name, File: r.storedName(src.Path), Status: StatusWarning, Note: "no files matched"}
		r.tell(res)
		return append(out, res), nil
	}
	return append(out, r.loadFiles(ctx, run, src, files)...), nil
}

// sourceFailure records a failure of the whole source under its path.
func (r *Runner) sourceFailure(ctx context.Context, run int64, src config.Source, err error) FileResult {
	name := r.storedName(src.Path)
	err = errors.New(socdw.CleanText(err.Error()))
	res := r.fail(ctx, FileResult{Source: src.Name, File: name},
		load.Attempt{RunID: run, Source: src.Name, Kommun: src.Kommun, File: name, Started: r.now()}, err, 0)
	r.Log.Error("source failed", zap.String("source", src.Name), zap.Error(err))
	r.tell(res)
	return res
}

// ignore records a file socdw does not read.
func (r *Runner) ignore(ctx context.Context, run int64, src config.Source, file, why string) FileResult {
	res := FileResult{Source: src.Name, File: file, Status: load.StatusIgnored, Note: "not read: " + why}
	if r.Warehouse != nil {
		a := load.Attempt{RunID: run, Source: src.Name, Kommun: src.Kommun, File: file, Started: r.now()}
		if id, err := r.Warehouse.NextLoadID(ctx); err == nil {
			a.LoadID, res.LoadID = id, id
			if err := r.Warehouse.Record(ctx, a, load.StatusIgnored, 0, res.Note); err != nil {
				res.Status, res.Err = load.StatusFailed, err
			}
		}
	}
	r.Log.Debug("ignored", zap.String("source", src.Name), zap.String("file", file), zap.String("why", why))
	r.tell(res)
	return res
}

// mirror forgets the files of the source that are no longer among files.
// When no file is there at all it forgets nothing: an empty mount point
// looks like an emptied inbox, and a person must say so with socdw forget.
func (r *Runner) mirror(ctx context.Context, run int64, src config.Source, files []string) []FileResult {
	known, err := r.Warehouse.KnownFiles(ctx, src.Name)
	if err != nil {
		return []FileResult{r.sourceFailure(ctx, run, src, err)}
	}
	here := map[string]bool{}
	for _, f := range files {
		here[r.storedName(canonical(f))] = true
	}
	var gone []string
	for f := range known {
		if !here[f] {
			gone = append(gone, f)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	if len(files) == 0 {
		r.Log.Warn("mirror: the inbox is empty, so nothing is forgotten (an unmounted share looks the same); use socdw forget",
			zap.String("source", src.Name), zap.Int("files", len(gone)))
		return nil
	}
	var out []FileResult
	slices.Sort(gone)
	for _, f := range gone {
		out = append(out, r.Forget(ctx, run, src, f, "left the inbox (mirror)"))
	}
	return out
}

// Forget removes a file's rows from the warehouse and records it.
func (r *Runner) Forget(ctx context.Context, run int64, src config.Source, file, why string) FileResult {
	res := FileResult{Source: src.Name, File: file, Status: load.StatusForgotten, Note: why}
	a := load.Attempt{RunID: run, Source: src.Name, Kommun: src.Kommun, File: file, Started: r.now()}
	id, err := r.Warehouse.NextLoadID(ctx)
	if err != nil {
		res.Status, res.Err = load.StatusFailed, err
		r.tell(res)
		return res
	}
	a.LoadID, res.LoadID = id, id
	n, err := r.Warehouse.Forget(ctx, a, why)
	if err != nil {
		res.Status, res.Err = load.StatusFailed, err
	} else {
		res.Note = fmt.Sprintf("%s; %d rows removed", why, n)
	}
	r.Log.Info("forgotten", zap.String("source", src.Name), zap.String("file", file), zap.Int64("rows", n))
	r.tell(res)
	return res
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
	run := r.runID(ctx)
	f, err := extract.Fetch(ctx, client, src.Path, dir, r.Config.MaxDownloadBytes)
	if err == nil && !f.NotModified {
		// A Kolada answer comes in pages: the cached file holds them all.
		if err = extract.FollowPages(ctx, client, f.Path, r.Config.MaxDownloadBytes); err != nil {
			os.Remove(f.Path) // half an answer must not pass for current at the next run's 304
		}
	}
	if err != nil {
		return []FileResult{r.sourceFailure(ctx, run, src, err)}, nil
	}
	r.Log.Info("source", zap.String("source", src.Name), zap.String("url", r.storedName(src.Path)), zap.Bool("not_modified", f.NotModified))
	known, err := r.known(ctx, src)
	if err != nil {
		return []FileResult{r.sourceFailure(ctx, run, src, err)}, nil
	}
	res, skipped, item := r.loadFile(ctx, run, src, src.Path, f.Path, known)
	if item != nil {
		res = r.store(ctx, []load.Item{*item}, []FileResult{res})[0]
	}
	if skipped != nil {
		if err := r.recordSkipped(ctx, []load.Attempt{*skipped}); err != nil {
			res.Status, res.Err = load.StatusFailed, err
		}
	}
	r.tell(res)
	return []FileResult{res}, nil
}

// LoadFiles loads the given files as the source's, in one run; each loads
// whole or not at all, and a failure does not stop the others.
func (r *Runner) LoadFiles(ctx context.Context, src config.Source, files []string) []FileResult {
	r.syncKPIMap(ctx)
	return r.loadFiles(ctx, r.runID(ctx), src, files)
}

func (r *Runner) loadFiles(ctx context.Context, run int64, src config.Source, files []string) []FileResult {
	r.prepare(ctx)
	known, err := r.known(ctx, src)
	if err != nil {
		return []FileResult{r.sourceFailure(ctx, run, src, err)}
	}
	var out []FileResult
	var skipped []load.Attempt
	var skippedAt []int
	// Files read wait in pending to be stored together (see store); a
	// large file, or one with bookings, is stored alone.
	var pending []load.Item
	var pendingAt []int
	pendingRows, done, rows := 0, 0, 0
	report := func(at int) {
		done++
		rows += out[at].Rows
		r.tell(out[at])
		if r.Progress != nil {
			r.Progress(src.Name, done, len(files), rows)
		}
	}
	flush := func() {
		if len(pending) == 0 {
			return
		}
		rs := make([]FileResult, len(pending))
		for i, at := range pendingAt {
			rs[i] = out[at]
		}
		for i, res := range r.store(ctx, pending, rs) {
			out[pendingAt[i]] = res
			report(pendingAt[i])
		}
		pending, pendingAt, pendingRows = pending[:0], pendingAt[:0], 0
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		f = canonical(f)
		res, skip, item := r.loadFile(ctx, run, src, f, f, known)
		out = append(out, res)
		if skip != nil {
			skipped = append(skipped, *skip)
			skippedAt = append(skippedAt, len(out)-1)
		}
		if item == nil {
			report(len(out) - 1)
			continue
		}
		alone := item.Batch.Bookings.Rows > 0 || item.Batch.Rows() > groupRows
		if alone {
			flush()
		}
		pending, pendingAt = append(pending, *item), append(pendingAt, len(out)-1)
		pendingRows += item.Batch.Rows()
		if alone || len(pending) >= groupFiles || pendingRows >= groupRows {
			flush()
		}
	}
	flush()
	if len(skipped) > 0 {
		if err := r.recordSkipped(ctx, skipped); err != nil {
			for _, at := range skippedAt {
				out[at].Status, out[at].Err = load.StatusFailed, err
			}
		}
	}
	return out
}

// A group of small files stored in one transaction holds at most
// groupFiles files and groupRows rows: the cost of a commit shared by
// many, and little to redo one by one when one of them fails.
const (
	groupFiles = 256
	groupRows  = 50_000
)

// recordSkipped writes the load_log rows of skipped files in one go.
func (r *Runner) recordSkipped(ctx context.Context, as []load.Attempt) error {
	if r.Warehouse == nil {
		return nil
	}
	err := r.Warehouse.RecordSkipped(ctx, as, "")
	if err != nil {
		r.Log.Error("load_log", zap.Error(err))
	}
	return err
}

// knownFiles is what the warehouse knows of a source's files, read once
// per run, and the checksums of the files read in the run so far.
type knownFiles struct {
	files map[string]load.KnownFile
	bySum map[string]string // checksum -> a file with that content
}

// known reads what the warehouse knows of the source's files (nothing in
// a dry run).
func (r *Runner) known(ctx context.Context, src config.Source) (*knownFiles, error) {
	k := &knownFiles{files: map[string]load.KnownFile{}, bySum: map[string]string{}}
	if r.Warehouse == nil {
		return k, nil
	}
	files, err := r.Warehouse.KnownFiles(ctx, src.Name)
	if err != nil {
		return nil, err
	}
	k.files = files
	for name, f := range files {
		if other, ok := k.bySum[f.SHA256]; !ok || name < other {
			k.bySum[f.SHA256] = name
		}
	}
	return k, nil
}

// sameContent names another file with this content, or "".
func (k *knownFiles) sameContent(sum, name string) string {
	if other, ok := k.bySum[sum]; ok && other != name {
		return other
	}
	return ""
}

// read notes a file read in this run.
func (k *knownFiles) read(sum, name string) {
	if _, ok := k.bySum[sum]; !ok {
		k.bySum[sum] = name
	}
}

// tell hands a result to OnFile.
func (r *Runner) tell(res FileResult) {
	if r.OnFile != nil {
		r.OnFile(res)
	}
}
