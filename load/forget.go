package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrUnknownFile is returned by Forget for a file the warehouse holds no
// rows of.
var ErrUnknownFile = errors.New("not in the warehouse")

// Forget removes every row a file brought (facts, rejects, findings) in
// one transaction, records a load_log row with status forgotten and note,
// and returns the number of fact rows removed. Files whose rows the
// forgotten file had superseded are marked to be read again: their rows
// come back at the next run if they are still in the inbox.
func (w *Warehouse) Forget(ctx context.Context, a Attempt, note string) (int64, error) {
	var removed int64
	err := w.inTx(ctx, func(conn *conn) error {
		var loadID int64
		err := conn.QueryRowContext(ctx, `SELECT load_id FROM source_file WHERE source = ? AND file = ?`, a.Source, a.File).Scan(&loadID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", a.File, ErrUnknownFile)
		}
		if err != nil {
			return err
		}
		n, err := deleteFileRows(ctx, conn, a.Source, a.File)
		if err != nil {
			return err
		}
		removed = n
		if _, err := conn.ExecContext(ctx, `UPDATE source_file SET fingerprint = 'reload: ' || fingerprint
			WHERE source = ? AND file IN (SELECT old_file FROM supersession WHERE source = ? AND file = ?)`, a.Source, a.Source, a.File); err != nil {
			return fmt.Errorf("source_file: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM source_file WHERE source = ? AND file = ?`, a.Source, a.File); err != nil {
			return fmt.Errorf("source_file: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO load_log
			(load_id, run_id, source, kommun, file, sha256, started_at, finished_at, status, rows_loaded, rows_rejected, note)
			VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 'forgotten', 0, 0, ?)`,
			a.LoadID, a.RunID, a.Source, nullStr(a.Kommun), a.File, a.Started, time.Now(),
			fmt.Sprintf("%s; %d rows removed", note, removed)); err != nil {
			return fmt.Errorf("load_log: %w", err)
		}
		return bumpVersion(ctx, conn)
	})
	return removed, err
}

// deleteFileRows deletes the rows of a file's previous load from every
// table that holds them, its rejects and findings too, and returns how
// many fact rows went.
func deleteFileRows(ctx context.Context, conn *conn, source, file string) (int64, error) {
	var n int64
	for _, t := range factTables {
		res, err := conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE source = ? AND file = ?`, source, file)
		if err != nil {
			return 0, fmt.Errorf("delete old rows of %s: %w", t, err)
		}
		if k, err := res.RowsAffected(); err == nil && t != "rejects" && t != "findings" {
			n += k
		}
	}
	for _, t := range loadTables {
		res, err := conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE load_id IN
			(SELECT load_id FROM source_file WHERE source = ? AND file = ?)`, source, file)
		if err != nil {
			return 0, fmt.Errorf("delete old rows of %s: %w", t, err)
		}
		if k, err := res.RowsAffected(); err == nil && t == "fact_booking" {
			n += k
		}
	}
	return n, nil
}
