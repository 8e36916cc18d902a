package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// DataVersion is the warehouse's data version: raised by every
// transaction that changes its facts.
func (w *Warehouse) DataVersion(ctx context.Context) (int64, error) {
	return dataVersion(ctx, w.db)
}

func dataVersion(ctx context.Context, db *sql.DB) (int64, error) {
	var v int64
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'data_version'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// bumpVersion raises the data version inside a change's transaction.
func bumpVersion(ctx context.Context, conn *conn) error {
	if _, err := conn.exec(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'data_version'`); err != nil {
		return fmt.Errorf("data version: %w", err)
	}
	return nil
}

// PublishedVersion is the data version of a published copy: -1 when there
// is no copy, 0 when the copy has no version (made before socdw kept one)
// or cannot be read; either way it is older than any warehouse.
func PublishedVersion(ctx context.Context, path string) int64 {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return -1
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return 0
	}
	defer db.Close()
	v, err := dataVersion(ctx, db)
	if err != nil {
		return 0
	}
	return v
}
