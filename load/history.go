package load

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SourceHistory is what load_log says of a source: how its last run went
// and its totals, so that a restarted server reports the truth before
// its first scheduled run.
type SourceHistory struct {
	LastRun       time.Time // when the last run started
	LastRunFailed bool      // a file (or the source itself) failed in the last run
	LastSuccess   time.Time // when the last run without a failure finished; zero if none
	Files         map[string]int64
	Rows          int64
	Rejected      int64
}

// History reads every source's history from load_log.
func (w *Warehouse) History(ctx context.Context) (map[string]SourceHistory, error) {
	return History(ctx, w.db)
}

// History reads every source's history from the load_log of db (the
// warehouse or a published copy).
func History(ctx context.Context, db *sql.DB) (map[string]SourceHistory, error) {
	out := map[string]SourceHistory{}
	rows, err := db.QueryContext(ctx, `
		WITH runs AS (
			SELECT source, run_id, min(started_at) AS started, max(coalesce(finished_at, started_at)) AS finished,
			       bool_or(status = 'failed') AS failed
			FROM load_log WHERE run_id IS NOT NULL GROUP BY source, run_id
		)
		SELECT source, max(started), arg_max(failed, started),
		       max(finished) FILTER (WHERE NOT failed)
		FROM runs GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("load_log: %w", err)
	}
	for rows.Next() {
		var src string
		var h SourceHistory
		var ok sql.NullTime
		if err := rows.Scan(&src, &h.LastRun, &h.LastRunFailed, &ok); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load_log: %w", err)
		}
		h.LastSuccess = ok.Time
		h.Files = map[string]int64{}
		out[src] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT source, status, count(*), sum(rows_loaded), sum(rows_rejected) FROM load_log GROUP BY ALL`)
	if err != nil {
		return nil, fmt.Errorf("load_log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var src, status string
		var n, loaded, rejected int64
		if err := rows.Scan(&src, &status, &n, &loaded, &rejected); err != nil {
			return nil, fmt.Errorf("load_log: %w", err)
		}
		h, ok := out[src]
		if !ok {
			h.Files = map[string]int64{}
		}
		h.Files[status] += n
		h.Rows += loaded
		h.Rejected += rejected
		out[src] = h
	}
	return out, rows.Err()
}
