package load

import (
	"context"
	"fmt"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/pseudo"
)

// scrubSkip are text columns that are never personal data and must not
// change: pseudonyms (64 hex characters, which can hold a run of digits
// that looks like a date), checksums and fingerprints.
var scrubSkip = map[string]bool{"person_key": true, "sha256": true, "fingerprint": true}

// ScrubOnce cleans, once per warehouse, every text stored before socdw
// cleaned texts on their way in: each VARCHAR column of each table is
// passed through socdw.CleanText, a file column through cleanName (the
// pipeline's, so a stored name is the name the next load looks for). It
// runs in one transaction, records itself in privacy_scrub, and returns
// how many distinct texts it replaced. A warehouse that was scrubbed, or
// created after migration 010 with nothing in it, costs one query.
func (w *Warehouse) ScrubOnce(ctx context.Context, cleanName func(string) string) (int, error) {
	var done int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM privacy_scrub`).Scan(&done); err != nil {
		return 0, fmt.Errorf("privacy scrub: %w", err)
	}
	if done > 0 {
		return 0, nil
	}
	type column struct{ table, name string }
	var cols []column
	rows, err := w.db.QueryContext(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
		WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND c.data_type = 'VARCHAR'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return 0, fmt.Errorf("privacy scrub: %w", err)
	}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name); err != nil {
			rows.Close()
			return 0, err
		}
		if !scrubSkip[c.name] && c.table != "migrations" {
			cols = append(cols, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	err = w.inTx(ctx, func(conn *conn) error {
		for _, c := range cols {
			clean := socdw.CleanText
			if c.name == "file" {
				clean = cleanName
			}
			// Every spelling has at least six digits in a row, or a URL.
			vals, err := distinctStrings(ctx, conn, fmt.Sprintf(`SELECT DISTINCT %q FROM %q
				WHERE regexp_matches(%q, '[0-9]{6}') OR contains(%q, '://')`, c.name, c.table, c.name, c.name))
			if err != nil {
				return fmt.Errorf("%s.%s: %w", c.table, c.name, err)
			}
			for _, v := range vals {
				out := clean(v)
				if out == v {
					continue
				}
				if _, err := conn.ExecContext(ctx, fmt.Sprintf(`UPDATE %q SET %q = ? WHERE %q = ?`, c.table, c.name, c.name), out, v); err != nil {
					return fmt.Errorf("%s.%s: %w", c.table, c.name, err)
				}
				n++
			}
		}
		_, err := conn.ExecContext(ctx, `INSERT INTO privacy_scrub VALUES (?, ?)`, time.Now().UTC(), n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("privacy scrub: %w", err)
	}
	if n > 0 {
		// Move the cleaned pages into the database file, so the old
		// texts do not linger in the write-ahead log.
		if _, err := w.db.ExecContext(ctx, "FORCE CHECKPOINT"); err != nil {
			return n, fmt.Errorf("privacy scrub: checkpoint: %w", err)
		}
	}
	return n, nil
}

func distinctStrings(ctx context.Context, conn *conn, q string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if pseudo.MaybePersonnummer(s) || pseudo.RedactURLs(s) != s {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}
