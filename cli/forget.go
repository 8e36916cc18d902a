package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"go.uber.org/zap"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
)

// forget removes files' rows from the warehouse, each in one transaction,
// records each in load_log (status forgotten) and publishes.
func (e *env) forget(ctx context.Context, args []string) int {
	c := newFlags("forget", e)
	c.withDB()
	c.fs.StringVar(&c.source, "source", "", "the source the files belong to (needed only when two sources loaded the same path)")
	files, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "socdw forget: no files given")
		return ExitUsage
	}
	r, done, st := e.runner(ctx, cfg, log, false, "socdw forget")
	if st != ExitOK {
		return st
	}
	defer done()
	known, err := r.Warehouse.KnownFiles(ctx, "")
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw forget:", err)
		return ExitFailed
	}
	status := ExitOK
	run, _ := r.Warehouse.NextRunID(ctx)
	for _, f := range files {
		k, err := findKnown(known, r.StoredName(f), f, c.source)
		if err != nil {
			fmt.Fprintln(e.stderr, "socdw forget:", err)
			status = ExitFailed
			continue
		}
		src, ok := cfg.Source(k.Source)
		if !ok {
			src = config.Source{Name: k.Source} // a source since removed from the config
		}
		if res := r.Forget(ctx, run, src, k.File, "socdw forget"); res.Err != nil {
			status = ExitFailed
		}
	}
	if err := r.Publish(context.WithoutCancel(ctx)); err != nil {
		log.Error("publish failed", zap.Error(err))
		status = ExitFailed
	}
	return status
}

// findKnown finds the loaded file a FILE argument names: its stored name
// (canonical, cleaned), or else a file name that only one loaded file has
// (the file may be gone, and the inbox on another machine's path).
func findKnown(known map[string]load.KnownFile, path, arg, source string) (load.KnownFile, error) {
	var byPath, byName []load.KnownFile
	for _, k := range known {
		if source != "" && k.Source != source {
			continue
		}
		if k.File == path || k.File == arg {
			byPath = append(byPath, k)
		} else if filepath.Base(k.File) == filepath.Base(path) && !strings.Contains(arg, string(filepath.Separator)) {
			byName = append(byName, k)
		}
	}
	matches := byPath
	if len(matches) == 0 {
		matches = byName
	}
	switch len(matches) {
	case 0:
		return load.KnownFile{}, fmt.Errorf("%s: %w (socdw sql \"select source, file from source_file\" lists the loaded files)", arg, load.ErrUnknownFile)
	case 1:
		return matches[0], nil
	}
	var names []string
	for _, m := range matches {
		names = append(names, m.Source+": "+m.File)
	}
	sort.Strings(names)
	return load.KnownFile{}, fmt.Errorf("%s names %d loaded files (%s): give the whole path, or --source", arg, len(matches), strings.Join(names, "; "))
}
