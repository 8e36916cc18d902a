package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/report"
)

// report writes the pages people look at (--format html, a directory) or
// the committee pack (--format xlsx, a workbook), read from the published
// copy when the config names one, else from the warehouse, read-only.
func (e *env) report(ctx context.Context, args []string) int {
	c := newFlags("report", e)
	c.withDB()
	c.fs.StringVar(&c.format, "format", "html", "html (a directory of pages) or xlsx (a workbook)")
	c.fs.StringVar(&c.out, "out", "", "the directory (html) or file (xlsx) to write")
	pos, cfg, _, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "socdw report: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	if c.out == "" {
		fmt.Fprintln(e.stderr, "socdw report: --out is required (a directory for html, a file for xlsx)")
		return ExitUsage
	}
	if c.format != "html" && c.format != "xlsx" {
		fmt.Fprintf(e.stderr, "socdw report: --format %q: want html or xlsx\n", c.format)
		return ExitUsage
	}
	w, done, st := e.reportSource(ctx, cfg, c.db != "")
	if st != ExitOK {
		return st
	}
	defer done()
	r, err := report.Read(ctx, w.DB(), cfg, w.Path(), time.Now())
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw report:", err)
		return ExitFailed
	}
	if c.format == "xlsx" {
		err = report.WriteXLSX(r, c.out)
	} else {
		err = report.WriteHTML(r, c.out)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw report:", err)
		return ExitFailed
	}
	fmt.Fprintf(e.stdout, "report written to %s (read from %s)\n", c.out, w.Path())
	return ExitOK
}

// reportSource opens what the report reads: the published copy, which a
// nightly run never holds, unless --db names a warehouse or there is no
// current copy; then the warehouse read-only.
func (e *env) reportSource(ctx context.Context, cfg *config.Config, dbGiven bool) (*load.Warehouse, func(), int) {
	if cfg.Publish != "" && !dbGiven {
		if _, err := os.Stat(cfg.Publish); err == nil {
			ro, err := load.OpenReadOnly(ctx, cfg.Publish)
			if err == nil && ro.Current(ctx) {
				return ro, func() { ro.Close() }, ExitOK
			}
			if err == nil {
				ro.Close()
			}
		}
	}
	return e.openReader(ctx, cfg)
}
