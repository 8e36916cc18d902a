package cli

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/serve"
)

// status shows each source's last run and the files that vanished from
// their inbox. It never waits for a load: it reads the warehouse
// read-only when no writer holds it, else the published copy.
func (e *env) status(ctx context.Context, args []string) int {
	c := newFlags("status", e)
	c.withDB()
	_, cfg, _, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	w, from, done, st := e.openStatus(ctx, cfg)
	if st != ExitOK {
		return st
	}
	defer done()
	if from != "" {
		fmt.Fprintf(e.stderr, "socdw status: the warehouse is busy; reading %s\n", from)
	}
	cols, rows, err := query(ctx, w.DB(), `
		WITH last AS (
			SELECT source, arg_max(run_id, load_id) AS run_id FROM load_log GROUP BY source
		)
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
		         WHERE e.source = l.source AND e.status = 'failed' AND e.run_id IS NOT DISTINCT FROM last.run_id) AS last_error
		FROM load_log l JOIN last ON l.source = last.source AND l.run_id IS NOT DISTINCT FROM last.run_id
		GROUP BY l.source, last.run_id ORDER BY l.source`)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw status:", err)
		return ExitFailed
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
	stdout := cleanWriter{e.stdout}
	if err := writeResult(stdout, "table", cols, rows); err != nil {
		return ExitFailed
	}
	vanished, err := vanishedFiles(ctx, w)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw status:", err)
		return ExitFailed
	}
	if len(vanished) > 0 {
		fmt.Fprintf(stdout, "\nVanished from their inbox, their rows still in the warehouse (socdw forget FILE, or mirror: true):\n")
		for _, v := range vanished {
			fmt.Fprintf(stdout, "  %s  %s\n", v.Source, socdw.CleanName(v.File))
		}
	}
	return ExitOK
}

// stockholm shows an instant as a person in Sweden reads it, with the
// offset so that no one wonders which clock: 2024-03-31 02:00 +02:00.
func stockholm(t time.Time) string {
	return t.In(serve.Stockholm()).Format("2006-01-02 15:04 -07:00")
}

// vanishedFiles are the loaded local files that are no longer there.
func vanishedFiles(ctx context.Context, w *load.Warehouse) ([]load.KnownFile, error) {
	known, err := w.KnownFiles(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []load.KnownFile
	for _, k := range known {
		if config.IsURL(k.File) {
			continue
		}
		if _, err := os.Stat(k.File); os.IsNotExist(err) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].File < out[j].File
	})
	return out, nil
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
