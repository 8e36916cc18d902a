package load

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// FileState is what a loaded file contributes to the views now, beside
// what its load brought: load_log keeps the rows a load brought, while
// supersession, forget and later loads change what still counts. Status
// shows both so that neither is mistaken for the other.
type FileState struct {
	Source string
	File   string
	// LoadID is the load whose rows the file has in the warehouse: its
	// last successful load (a file rewritten in place has older loads in
	// load_log whose rows went when it was loaded again).
	LoadID   int64
	LoadedAt time.Time
	// RowsLoaded is what that load brought (load_log.rows_loaded);
	// RowsCounted its rows in the fact tables now, which the views show.
	RowsLoaded  int64
	RowsCounted int64
	// SupersededBy are the newer loads that replaced rows of this load,
	// oldest first.
	SupersededBy []Superseder
	// ReadAgain: a file that had superseded this one was forgotten, so
	// this one is read again at the next run (if it is in its inbox) and
	// its rows come back.
	ReadAgain bool
	// FailedSince is the last failed attempt to load the file after
	// LoadID, if any: the rows of LoadID still count.
	FailedSince *FailedAttempt
}

// Superseder is a newer load of the same source that replaced rows of a
// file at the same grain.
type Superseder struct {
	File   string
	LoadID int64
	At     time.Time
	Rows   int64            // rows replaced, in all tables
	Tables map[string]int64 // rows replaced per fact table
	// Forgotten: the newer file was forgotten since; the rows it replaced
	// are gone from the views until the older file is read again.
	Forgotten bool
	// LoadedAgain: the newer file was loaded again since (rewritten in
	// place); the rows it replaced stay replaced.
	LoadedAgain bool
}

// FailedAttempt is a failed load_log row.
type FailedAttempt struct {
	At    time.Time
	Error string
}

// Notable reports whether a person should hear of the file: not all its
// rows count, it waits to be read again, or its last attempt failed.
func (f FileState) Notable() bool {
	return f.RowsCounted != f.RowsLoaded || len(f.SupersededBy) > 0 || f.ReadAgain || f.FailedSince != nil
}

// CountedRowsSQL counts the fact rows per load (columns load_id, n):
// every fact table carries the load id of the load that brought the row.
var CountedRowsSQL = func() string {
	var parts []string
	for _, t := range append(slices.DeleteFunc(slices.Clone(factTables), isFileTable), "fact_booking") { // bookings: by load id alone
		parts = append(parts, `SELECT load_id FROM `+t)
	}
	return `SELECT load_id, count(*) AS n FROM (` + strings.Join(parts, " UNION ALL ") + `) GROUP BY load_id`
}()

// isFileTable: rejects and findings belong to a file but are no facts.
func isFileTable(t string) bool { return t == "rejects" || t == "findings" }

// CountedRows is the number of fact rows of each load now in the
// warehouse (loads with none are absent).
func CountedRows(ctx context.Context, db *sql.DB) (map[int64]int64, error) {
	rows, err := db.QueryContext(ctx, CountedRowsSQL)
	if err != nil {
		return nil, fmt.Errorf("fact rows per load: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("fact rows per load: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// FileStates lists every file with rows in the warehouse of db (the
// warehouse or a published copy) with what its load brought and what
// counts now, by source and file.
func FileStates(ctx context.Context, db *sql.DB) ([]FileState, error) {
	counted, err := CountedRows(ctx, db)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `
		SELECT s.source, s.file, s.load_id, coalesce(l.finished_at, l.started_at), coalesce(l.rows_loaded, 0),
		       starts_with(s.fingerprint, 'reload: '),
		       f.started_at, f.error
		FROM source_file s
		LEFT JOIN load_log l ON l.load_id = s.load_id
		LEFT JOIN (SELECT l.source, l.file, arg_max(l.started_at, l.load_id) AS started_at, arg_max(l.error, l.load_id) AS error
		           FROM load_log l JOIN source_file s ON s.source = l.source AND s.file = l.file AND l.load_id > s.load_id
		           WHERE l.status = 'failed' GROUP BY ALL) f ON f.source = s.source AND f.file = s.file
		ORDER BY s.source, s.file`)
	if err != nil {
		return nil, fmt.Errorf("source_file: %w", err)
	}
	var out []FileState
	byLoad := map[int64]int{}
	for rows.Next() {
		var f FileState
		var loaded sql.NullTime
		var failedAt sql.NullTime
		var failedErr sql.NullString
		if err := rows.Scan(&f.Source, &f.File, &f.LoadID, &loaded, &f.RowsLoaded, &f.ReadAgain, &failedAt, &failedErr); err != nil {
			rows.Close()
			return nil, fmt.Errorf("source_file: %w", err)
		}
		f.LoadedAt = loaded.Time
		f.RowsCounted = counted[f.LoadID]
		if failedAt.Valid {
			f.FailedSince = &FailedAttempt{At: failedAt.Time, Error: failedErr.String}
		}
		byLoad[f.LoadID] = len(out)
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source_file: %w", err)
	}
	// The supersessions of each file's current load (those of its earlier
	// loads went with their rows), and whether the newer file is still
	// loaded as it was.
	rows, err = db.QueryContext(ctx, `
		SELECT p.old_load_id, p.file, p.load_id, min(p.at_time), p.fact_table, sum(p.rows),
		       n.load_id IS NULL, coalesce(n.load_id <> p.load_id, false)
		FROM supersession p
		JOIN source_file o ON o.source = p.source AND o.file = p.old_file AND o.load_id = p.old_load_id
		LEFT JOIN source_file n ON n.source = p.source AND n.file = p.file
		GROUP BY ALL ORDER BY p.old_load_id, p.load_id, p.fact_table`)
	if err != nil {
		return nil, fmt.Errorf("supersession: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var old int64
		var s Superseder
		var table string
		var n int64
		if err := rows.Scan(&old, &s.File, &s.LoadID, &s.At, &table, &n, &s.Forgotten, &s.LoadedAgain); err != nil {
			return nil, fmt.Errorf("supersession: %w", err)
		}
		i, ok := byLoad[old]
		if !ok {
			continue
		}
		f := &out[i]
		if k := len(f.SupersededBy) - 1; k >= 0 && f.SupersededBy[k].LoadID == s.LoadID {
			f.SupersededBy[k].Rows += n
			f.SupersededBy[k].Tables[table] += n
			continue
		}
		s.Rows, s.Tables = n, map[string]int64{table: n}
		f.SupersededBy = append(f.SupersededBy, s)
	}
	return out, rows.Err()
}
