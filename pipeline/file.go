package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/load"
)

// loadFile reads the file at path under the name name (the path itself,
// or the URL it was downloaded from). A file skipped unchanged comes back
// with its attempt, for the caller to record with the others in one go;
// a file read comes back as an item for the caller to store (store),
// with others in one transaction.
//
// The name is what is stored, logged and printed, so it is cleaned first:
// URL credentials hidden, a personnummer replaced by a keyed tag (two
// files whose names differ only in the number stay two files).
func (r *Runner) loadFile(ctx context.Context, run int64, src config.Source, name, path string, known *knownFiles) (FileResult, *load.Attempt, *load.Item) {
	name = r.storedName(name)
	res, skipped, item := r.load(ctx, run, src, name, path, known)
	if item == nil {
		r.logFile(res)
	}
	return res, skipped, item
}

// logFile logs a file's result (at debug level when OnFile shows it).
func (r *Runner) logFile(res FileResult) {
	fields := []zap.Field{zap.String("source", res.Source), zap.String("file", res.File), zap.String("status", res.Status),
		zap.Int("rows", res.Rows), zap.Int("rejected", res.Rejected), zap.Int("findings", res.Findings)}
	for _, s := range res.Superseded {
		r.Log.Info("superseded", zap.String("source", res.Source), zap.String("file", res.File), zap.String("replaces", s.OldFile),
			zap.String("table", s.Table), zap.Int64("rows", s.Rows))
	}
	switch {
	case res.Err != nil:
		r.Log.Error("file failed", append(fields, zap.String("error", res.Err.Error()))...)
	case r.OnFile != nil:
		r.Log.Debug("file", fields...) // the person at the terminal sees OnFile's line
	default:
		r.Log.Info("file", fields...)
	}
}

// errChanged is a file that was written to while socdw read it.
var errChanged = errors.New("the file changed while it was read")

func (r *Runner) load(ctx context.Context, run int64, src config.Source, name, file string, known *knownFiles) (FileResult, *load.Attempt, *load.Item) {
	res := FileResult{Source: src.Name, File: name}
	a := load.Attempt{RunID: run, Source: src.Name, Kommun: src.Kommun, File: name, Started: r.now()}
	if r.Warehouse == nil {
		b, err := readFile(ctx, file, r.Options(src))
		if err != nil {
			res.Status, res.Err = load.StatusFailed, err
			return res, nil, nil
		}
		b.Close() // a dry run keeps the counts, not the files
		res.Status, res.Batch = "checked", b
		res.Rows, res.Rejected, res.Findings = b.Rows(), len(b.Rejects), len(b.Findings)
		return res, nil, nil
	}
	before, err := load.StatFile(file)
	if err != nil {
		return r.fail(ctx, res, a, err, 0), nil, nil
	}
	a.Fingerprint, a.Stat = r.Fingerprint(src), before
	prev, found := known.files[name]
	a.Known = found
	// Open placements with no as_of run through the day of the load: such
	// a file is read again each day, so the months go on filling.
	openFP := a.Fingerprint + "|open:" + r.now().Format(time.DateOnly)
	sameSettings := found && (prev.Fingerprint == a.Fingerprint ||
		(strings.HasPrefix(prev.Fingerprint, a.Fingerprint+"|open:") && prev.Fingerprint == openFP))
	// Unchanged by its stat: skipped without reading a byte (load.FileStat
	// says when a stat proves nothing and the checksum decides).
	if sameSettings && before.Same(prev.Stat) {
		a.SHA256 = prev.SHA256
		res.Status = load.StatusSkipped
		return res, &a, nil
	}
	// A known file is hashed before it is read: an equal checksum skips
	// it. A new file is hashed while it is read, on a second core.
	hashWhileReading := !found
	if found {
		sum, err := extract.SHA256(file)
		if err != nil {
			return r.fail(ctx, res, a, err, 0), nil, nil
		}
		a.SHA256 = sum
		if sameSettings && sum == prev.SHA256 {
			if err := r.Warehouse.RememberStat(ctx, src.Name, name, before); err != nil {
				return r.fail(ctx, res, a, err, 0), nil, nil
			}
			res.Status = load.StatusSkipped
			return res, &a, nil
		}
	}
	id, err := r.Warehouse.NextLoadID(ctx)
	if err != nil {
		return r.fail(ctx, res, a, fmt.Errorf("no load id: %w", err), 0), nil, nil
	}
	a.LoadID, res.LoadID = id, id
	// One version: the file is statted before and after it is read (and
	// hashed); a file written meanwhile is read once more, then given up
	// on. The checksum stored is that of the content read.
	for attempt := 1; ; attempt++ {
		b, sum, err := r.readAndHash(ctx, file, src, hashWhileReading)
		if hashWhileReading && err == nil {
			a.SHA256 = sum
		}
		if r.afterRead != nil {
			r.afterRead(file, attempt)
		}
		var after load.FileStat
		if err == nil {
			after, err = load.StatFile(file)
			if err == nil && !after.Unchanged(a.Stat) {
				err = errChanged
			}
		}
		if errors.Is(err, errChanged) && attempt == 1 {
			b.Close()
			r.Log.Warn("the file changed while it was read; reading it again", zap.String("source", src.Name), zap.String("file", name))
			a.Stat, hashWhileReading = after, true
			continue
		}
		if errors.Is(err, errChanged) {
			b.Close()
			err = fmt.Errorf("%s: %w; it is loaded when it is written in full", filepath.Base(name), err)
		}
		if err != nil {
			return r.fail(ctx, res, a, err, 0), nil, nil
		}
		// The same content already loaded (or read in this run) under
		// another name of this source (a copy, a rename) would count twice.
		// Refused, not skipped: a copy left in the inbox would count twice
		// the day the two differ, so a person must look now.
		if other := known.sameContent(a.SHA256, name); other != "" && !found {
			b.Close()
			return r.fail(ctx, res, a, fmt.Errorf("%s: the same content as %s, already loaded: a copy would be counted twice; remove one of them", filepath.Base(name), other), 0), nil, nil
		}
		if b.Rows() == 0 && len(b.Rejects) > 0 {
			b.Close()
			return r.fail(ctx, res, a, fmt.Errorf("%s: every value was rejected (%d), first at %s: %s",
				filepath.Base(name), len(b.Rejects), b.Rejects[0].Ref, b.Rejects[0].Reason), len(b.Rejects)), nil, nil
		}
		if src.AsOf.IsZero() && hasOpenPlacement(b) {
			a.Fingerprint = openFP
		}
		known.read(a.SHA256, name)
		return res, nil, &load.Item{Attempt: a, Batch: b}
	}
}

// readAndHash reads a file and, with hash, computes its checksum on a
// second core while it is read rather than in a serial pass before.
func (r *Runner) readAndHash(ctx context.Context, file string, src config.Source, hash bool) (*socdw.Batch, string, error) {
	if !hash {
		b, err := readFile(ctx, file, r.Options(src))
		return b, "", err
	}
	var sum string
	var sumErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		sum, sumErr = extract.SHA256(file)
	}()
	b, err := readFile(ctx, file, r.Options(src))
	<-done
	if err == nil && sumErr != nil {
		b.Close()
		err = sumErr
	}
	return b, sum, err
}

// store loads read files into the warehouse in one transaction and
// returns their results; when it fails, each file is stored alone, so
// that only the file at fault fails. It closes the batches.
func (r *Runner) store(ctx context.Context, items []load.Item, rs []FileResult) []FileResult {
	sup, err := r.Warehouse.ReplaceMany(ctx, items)
	if err != nil && len(items) > 1 && ctx.Err() == nil {
		out := make([]FileResult, len(items))
		for i := range items {
			out[i] = r.store(ctx, items[i:i+1], rs[i:i+1])[0]
		}
		return out
	}
	out := make([]FileResult, len(items))
	for i, it := range items {
		res, a, b := rs[i], it.Attempt, it.Batch
		if err != nil {
			out[i] = r.fail(ctx, res, a, fmt.Errorf("%s: %w", a.File, err), len(b.Rejects))
		} else {
			res.Status, res.Rows, res.Rejected, res.Findings = load.StatusLoaded, b.Rows(), len(b.Rejects), len(b.Findings)
			res.Superseded = sup[a.LoadID]
			out[i] = res
		}
		b.Close()
		r.logFile(out[i])
	}
	return out
}
