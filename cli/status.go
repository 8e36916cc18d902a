package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/serve"
)

// status shows each source's last run and the files a person should
// hear of: those whose rows do not all count in the views (superseded,
// waiting to be read again), that vanished from their inbox, or whose
// last attempt failed. It never waits for a load: it reads the warehouse
// read-only when no writer holds it, else the published copy.
func (e *env) status(ctx context.Context, args []string) int {
	c := newFlags("status", e)
	c.withDB()
	c.fs.StringVar(&c.format, "format", "text", "text for a person, json for a program")
	_, cfg, _, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if c.format != "text" && c.format != "json" {
		fmt.Fprintf(e.stderr, "socdw status: --format %q: want text or json\n", c.format)
		return ExitUsage
	}
	w, from, done, st := e.openStatus(ctx, cfg)
	if st != ExitOK {
		return st
	}
	defer done()
	if from != "" {
		fmt.Fprintf(e.stderr, "socdw status: the warehouse is busy; reading %s\n", from)
	}
	cols, rows, err := lastRuns(ctx, w)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw status:", err)
		return ExitFailed
	}
	// Sources that never ran are shown too, so a typo in a path shows.
	seen := map[string]bool{}
	for _, r := range rows {
		seen[*r[0]] = true
	}
	for _, s := range cfg.Sources {
		if !seen[s.Name] {
			name, never := s.Name, "never"
			row := make([]*string, len(cols))
			row[0], row[1] = &name, &never
			rows = append(rows, row)
		}
	}
	files, err := statusFiles(ctx, w)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw status:", err)
		return ExitFailed
	}
	// Each text is cleaned as it is written, the file names as socdw
	// stores them (CleanName): cleaning the output whole would turn an
	// unlucky directory (ten digits) into another name.
	for _, r := range rows {
		for i, v := range r {
			if v != nil {
				s := socdw.CleanText(*v)
				r[i] = &s
			}
		}
	}
	stdout := e.stdout
	if c.format == "json" {
		err = writeStatusJSON(stdout, cols, rows, files)
	} else {
		err = writeStatusText(stdout, cols, rows, files)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw status:", err)
		return ExitFailed
	}
	return ExitOK
}

// lastRuns is each source's last run from load_log: its files by status,
// the rows its loads brought (rows) and those of them that still count in
// the views (rows_counted: a later file may have superseded some), and
// its last error. last_run is in Stockholm time.
func lastRuns(ctx context.Context, w *load.Warehouse) ([]string, [][]*string, error) {
	cols, rows, err := query(ctx, w.DB(), `
		WITH last AS (
			SELECT source, arg_max(run_id, load_id) AS run_id FROM load_log GROUP BY source
		), counted AS (`+load.CountedRowsSQL+`)
		SELECT l.source,
		       CAST(epoch_ms(min(l.started_at)) AS VARCHAR) AS last_run,
		       count(*) AS files,
		       count(*) FILTER (WHERE status = 'loaded')    AS loaded,
		       count(*) FILTER (WHERE status = 'skipped')   AS skipped,
		       count(*) FILTER (WHERE status = 'failed')    AS failed,
		       count(*) FILTER (WHERE status = 'ignored')   AS ignored,
		       count(*) FILTER (WHERE status = 'forgotten') AS forgotten,
		       sum(rows_loaded) AS rows,
		       sum(rows_rejected) AS rejected,
		       (SELECT arg_max(e.file || ': ' || e.error, e.load_id) FROM load_log e
		         WHERE e.source = l.source AND e.status = 'failed' AND e.run_id IS NOT DISTINCT FROM last.run_id) AS last_error,
		       coalesce(sum(c.n) FILTER (WHERE status = 'loaded'), 0) AS rows_counted
		FROM load_log l JOIN last ON l.source = last.source AND l.run_id IS NOT DISTINCT FROM last.run_id
		LEFT JOIN counted c ON c.load_id = l.load_id
		GROUP BY l.source, last.run_id ORDER BY l.source`)
	if err != nil {
		return nil, nil, err
	}
	// Times are instants; people read them in Stockholm, with the offset.
	for _, r := range rows {
		if r[1] != nil {
			if ms, err := strconv.ParseInt(*r[1], 10, 64); err == nil {
				s := stockholm(time.UnixMilli(ms))
				r[1] = &s
			}
		}
	}
	return cols, rows, nil
}

// stockholm shows an instant as a person in Sweden reads it, with the
// offset so that no one wonders which clock: 2024-03-31 02:00 +02:00.
func stockholm(t time.Time) string {
	return t.In(serve.Stockholm()).Format("2006-01-02 15:04 -07:00")
}

// openStatus opens what status reads: the warehouse read-only when no
// writer holds it, else the published copy (named in from); a warehouse
// that is missing or behind the schema is first migrated (openReader).
func (e *env) openStatus(ctx context.Context, cfg *config.Config) (w *load.Warehouse, from string, done func(), st int) {
	if ro, err := load.OpenReadOnly(ctx, cfg.Warehouse); err == nil {
		if ro.Current(ctx) {
			return ro, "", func() { ro.Close() }, ExitOK
		}
		ro.Close()
	}
	if cfg.Publish != "" {
		if pub, err := load.OpenReadOnly(ctx, cfg.Publish); err == nil {
			if pub.Current(ctx) {
				return pub, cfg.Publish, func() { pub.Close() }, ExitOK
			}
			pub.Close()
		}
	}
	r, done, st := e.openReader(ctx, cfg)
	return r, "", done, st
}
