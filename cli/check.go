package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/pipeline"
)

// check is a dry run: what each file would load, reject and find, and
// what recognition made of every column of every table (role, unit,
// evidence), as text for a person or JSON for a program.
func (e *env) check(ctx context.Context, args []string) int {
	c := newFlags("check", e)
	c.fs.StringVar(&c.source, "source", "", "the source the files belong to (required)")
	c.fs.StringVar(&c.format, "format", "text", "text for a person, json for a program")
	files, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if c.format != "text" && c.format != "json" {
		fmt.Fprintf(e.stderr, "socdw check: --format %q: want text or json\n", c.format)
		return ExitUsage
	}
	src, st := e.source(cfg, c.source, files, "check")
	if st != ExitOK {
		return st
	}
	r, _, st := e.runner(ctx, cfg, log, true, "")
	if st != ExitOK {
		return st
	}
	rs := r.LoadFiles(ctx, src, files)
	if len(src.Columns) > 0 {
		fmt.Fprintf(e.stderr, "socdw check: %d column overrides from the config of source %s\n", len(src.Columns), src.Name)
	}
	failed := 0
	for _, res := range rs {
		if res.Err != nil {
			failed++
		}
	}
	if c.format == "json" {
		if err := writeCheckJSON(e.stdout, rs); err != nil {
			fmt.Fprintln(e.stderr, "socdw check:", err)
			return ExitFailed
		}
	} else {
		writeCheckText(cleanWriter{e.stdout}, rs)
	}
	if failed > 0 {
		return ExitFailed
	}
	return ExitOK
}

func writeCheckText(w io.Writer, rs []pipeline.FileResult) {
	for _, res := range rs {
		fmt.Fprintf(w, "== %s\n", socdw.CleanName(res.File))
		if res.Err != nil {
			fmt.Fprintf(w, "   would fail: %s\n", oneLine(res.Err.Error()))
			continue
		}
		b := res.Batch
		for _, t := range b.Tables {
			fmt.Fprintf(w, "   table at %s: %s; kind %s; period %s; unit %s; %d rows\n",
				t.Ref, orDash(t.Title), t.Kind, orDash(t.Period.String()), orDash(t.Unit.String()), t.Rows)
			for _, col := range t.Columns {
				unit := ""
				if col.Unit != "" {
					unit = " [" + col.Unit + "]"
				}
				fmt.Fprintf(w, "     %-3s %-24q %s%s: %s\n", col.Letter, col.Header, col.Role, unit, col.Evidence)
			}
		}
		fmt.Fprintf(w, "   would load: %d figures, %d budget lines, %d dygnskostnad rows, %d placement counts, %d placements, %d bookings, %d ledger lines\n",
			b.FigureCount(), len(b.Budget), len(b.Care), len(b.PlacementCounts), len(b.Placements), b.Bookings.Rows, b.LedgerRows())
		for _, rj := range b.Rejects {
			fmt.Fprintf(w, "   reject %s: %s\n", rj.Ref, rj.Reason)
		}
		for _, f := range b.Findings {
			fmt.Fprintf(w, "   finding %s %s: %s\n", f.Kind, f.Ref, f.Message)
		}
	}
}

// checkFile is one file of `check --format json`.
type checkFile struct {
	File     string         `json:"file"`
	Error    string         `json:"error,omitempty"`
	Tables   []checkTable   `json:"tables"`
	Load     map[string]int `json:"would_load"`
	Rejects  []checkNote    `json:"rejects"`
	Findings []checkNote    `json:"findings"`
}

type checkTable struct {
	Ref     string        `json:"ref"`
	Sheet   string        `json:"sheet,omitempty"`
	Row     int           `json:"row"`
	Title   string        `json:"title"`
	Kind    string        `json:"kind"`
	Period  string        `json:"period"`
	Unit    string        `json:"unit"`
	Rows    int           `json:"rows"`
	Columns []checkColumn `json:"columns"`
	// Rejects and Findings count those whose cell lies in the table.
	Rejects  int `json:"rejects"`
	Findings int `json:"findings"`
}

type checkColumn struct {
	Col      int    `json:"col"`
	Letter   string `json:"letter"`
	Header   string `json:"header"`
	Role     string `json:"role"`
	Unit     string `json:"unit,omitempty"`
	Evidence string `json:"evidence"`
}

type checkNote struct {
	Ref     string `json:"ref"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row"`
	Col     int    `json:"col,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message"`
}

func writeCheckJSON(w io.Writer, rs []pipeline.FileResult) error {
	out := []checkFile{}
	for _, res := range rs {
		f := checkFile{File: socdw.CleanName(res.File), Tables: []checkTable{}, Rejects: []checkNote{}, Findings: []checkNote{}, Load: map[string]int{}}
		if res.Err != nil {
			f.Error = socdw.CleanText(res.Err.Error())
			out = append(out, f)
			continue
		}
		b := res.Batch
		for _, t := range b.Tables {
			ct := checkTable{Ref: socdw.CleanText(t.Ref.String()), Sheet: socdw.CleanText(t.Ref.Sheet), Row: t.Ref.Row, Title: socdw.CleanText(t.Title), Kind: t.Kind,
				Period: t.Period.String(), Unit: t.Unit.String(), Rows: t.Rows, Columns: []checkColumn{}}
			for _, c := range t.Columns {
				c.Header, c.Evidence = socdw.CleanText(c.Header), socdw.CleanText(c.Evidence)
				ct.Columns = append(ct.Columns, checkColumn(c))
			}
			in := func(r socdw.CellRef) bool {
				return r.Sheet == t.Ref.Sheet && r.Row >= t.Ref.Row && r.Row <= t.LastRow
			}
			for _, rj := range b.Rejects {
				if in(rj.Ref) {
					ct.Rejects++
				}
			}
			for _, fd := range b.Findings {
				if in(fd.Ref) {
					ct.Findings++
				}
			}
			f.Tables = append(f.Tables, ct)
		}
		f.Load = map[string]int{"figures": b.FigureCount(), "budget_lines": len(b.Budget), "dygnskostnad": len(b.Care),
			"placement_counts": len(b.PlacementCounts), "placements": len(b.Placements), "bookings": b.Bookings.Rows, "ledger": b.LedgerRows()}
		for _, rj := range b.Rejects {
			f.Rejects = append(f.Rejects, note(rj.Ref, "", rj.Reason))
		}
		for _, fd := range b.Findings {
			f.Findings = append(f.Findings, note(fd.Ref, fd.Kind, fd.Message))
		}
		out = append(out, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func note(ref socdw.CellRef, kind, msg string) checkNote {
	// What check prints carries no personnummer, in JSON as in text.
	return checkNote{Ref: socdw.CleanText(ref.String()), Sheet: socdw.CleanText(ref.Sheet), Row: ref.Row, Col: ref.Col, Kind: kind, Message: socdw.CleanText(msg)}
}
