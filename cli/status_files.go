package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/serve"
)

// statusFile is a loaded file status reports: its state in the
// warehouse and whether it is still in its inbox.
type statusFile struct {
	load.FileState
	Vanished bool // a local file no longer there
}

// statusFiles are the loaded files a person should hear of: rows that do
// not all count, a pending read, a failed attempt, or gone from the inbox.
func statusFiles(ctx context.Context, w *load.Warehouse) ([]statusFile, error) {
	states, err := load.FileStates(ctx, w.DB())
	if err != nil {
		return nil, err
	}
	var out []statusFile
	for _, f := range states {
		f.File = socdw.CleanName(f.File)
		for i := range f.SupersededBy {
			f.SupersededBy[i].File = socdw.CleanName(f.SupersededBy[i].File)
		}
		if f.FailedSince != nil {
			f.FailedSince.Error = socdw.CleanText(f.FailedSince.Error)
		}
		sf := statusFile{FileState: f}
		if !config.IsURL(f.File) {
			if _, err := os.Stat(f.File); os.IsNotExist(err) {
				sf.Vanished = true
			}
		}
		if sf.Vanished || f.Notable() {
			out = append(out, sf)
		}
	}
	return out, nil
}

// state says in words what counts of a file and why.
func (f statusFile) state() string {
	var says []string
	for _, s := range f.SupersededBy {
		by := fmt.Sprintf("superseded by %s (load %d, %s: %d rows)", s.File, s.LoadID, stockholm(s.At), s.Rows)
		if s.Forgotten {
			by += ", forgotten since"
		}
		if s.LoadedAgain {
			by += ", loaded again since (the rows it replaced stay replaced)"
		}
		says = append(says, by)
	}
	switch {
	case f.ReadAgain && f.Vanished:
		says = append(says, "its superseded rows come back only if it comes back to its inbox (it is read again at the next run)")
	case f.ReadAgain:
		says = append(says, "read again at the next run: its superseded rows come back")
	}
	switch {
	case f.Vanished && f.RowsCounted == 0:
		says = append(says, "vanished from its inbox; no rows of it count")
	case f.Vanished && f.RowsCounted == f.RowsLoaded:
		says = append(says, "vanished from its inbox; its rows still count (socdw forget FILE, or mirror: true)")
	case f.Vanished:
		says = append(says, fmt.Sprintf("vanished from its inbox; %d of its rows still count (socdw forget FILE, or mirror: true)", f.RowsCounted))
	}
	if f.FailedSince != nil {
		says = append(says, fmt.Sprintf("last attempt failed (%s): %s; the rows of its load of %s count",
			stockholm(f.FailedSince.At), f.FailedSince.Error, stockholm(f.LoadedAt)))
	}
	return strings.Join(says, "; ")
}

// writeStatusText writes the last runs as a table and the files to hear
// of one a line.
func writeStatusText(w io.Writer, cols []string, rows [][]*string, files []statusFile) error {
	if err := writeResult(w, "table", cols, rows); err != nil {
		return err
	}
	if len(files) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nFiles whose rows do not all count in the views, that vanished from their inbox, or whose last attempt failed\n(rows counting now of the rows its load brought):\n")
	for _, f := range files {
		if _, err := fmt.Fprintf(w, "  %s  %s  %d of %d rows count: %s\n", f.Source, f.File, f.RowsCounted, f.RowsLoaded, f.state()); err != nil {
			return err
		}
	}
	return nil
}

// statusJSON is `status --format json`: the last runs with the table's
// columns as keys (counts as numbers) and the files to hear of.
type statusJSON struct {
	Sources []map[string]any `json:"sources"`
	Files   []fileJSON       `json:"files"`
}

type fileJSON struct {
	Source       string           `json:"source"`
	File         string           `json:"file"`
	LoadID       int64            `json:"load_id"`
	LoadedAt     string           `json:"loaded_at"`
	RowsLoaded   int64            `json:"rows_loaded"`
	RowsCounted  int64            `json:"rows_counted"`
	SupersededBy []supersederJSON `json:"superseded_by"`
	Vanished     bool             `json:"vanished"`
	ReadAgain    bool             `json:"read_again"`
	FailedSince  *failedJSON      `json:"failed_since"`
	State        string           `json:"state"`
}

type supersederJSON struct {
	File        string           `json:"file"`
	LoadID      int64            `json:"load_id"`
	At          string           `json:"at"`
	Rows        int64            `json:"rows"`
	Tables      map[string]int64 `json:"tables"`
	Forgotten   bool             `json:"forgotten"`
	LoadedAgain bool             `json:"loaded_again"`
}

type failedJSON struct {
	At    string `json:"at"`
	Error string `json:"error"`
}

// instant is a time for a program: RFC 3339 in Stockholm time.
func instant(t time.Time) string {
	return t.In(serve.Stockholm()).Format(time.RFC3339)
}

func writeStatusJSON(w io.Writer, cols []string, rows [][]*string, files []statusFile) error {
	out := statusJSON{Sources: []map[string]any{}, Files: []fileJSON{}}
	for _, r := range rows {
		m := map[string]any{}
		for i, v := range r {
			switch {
			case v == nil:
				m[cols[i]] = nil
			case cols[i] == "source" || cols[i] == "last_run" || cols[i] == "last_error":
				m[cols[i]] = *v
			default:
				n, err := strconv.ParseInt(*v, 10, 64)
				if err != nil {
					return fmt.Errorf("%s: %q is no count", cols[i], *v)
				}
				m[cols[i]] = n
			}
		}
		out.Sources = append(out.Sources, m)
	}
	for _, f := range files {
		j := fileJSON{Source: f.Source, File: f.File, LoadID: f.LoadID, LoadedAt: instant(f.LoadedAt),
			RowsLoaded: f.RowsLoaded, RowsCounted: f.RowsCounted, SupersededBy: []supersederJSON{},
			Vanished: f.Vanished, ReadAgain: f.ReadAgain, State: f.state()}
		for _, s := range f.SupersededBy {
			j.SupersededBy = append(j.SupersededBy, supersederJSON{File: s.File, LoadID: s.LoadID, At: instant(s.At),
				Rows: s.Rows, Tables: s.Tables, Forgotten: s.Forgotten, LoadedAgain: s.LoadedAgain})
		}
		if f.FailedSince != nil {
			j.FailedSince = &failedJSON{At: instant(f.FailedSince.At), Error: f.FailedSince.Error}
		}
		out.Files = append(out.Files, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
