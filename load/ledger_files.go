package load

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/pseudo"
)

// insertLedger loads the ledger files of a batch with DuckDB's own CSV
// reader, in the file's transaction, as insertBookings loads booking
// files: only the part paths, which transform made in its own temporary
// directory, are written into the statement; everything from the file
// arrives through read_csv or bound parameters.
func insertLedger(ctx context.Context, conn *conn, a Attempt, lf socdw.LedgerFiles) error {
	var paths []string
	for _, p := range lf.Parts {
		paths = append(paths, p.Path)
	}
	// The dimensions travel as two lists joined by LedgerDimSep; in the
	// table they are the MAP the Appender writes for held lines, in order.
	sep := fmt.Sprintf("chr(%d)", socdw.LedgerDimSep)
	q := `INSERT INTO fact_ledger
		SELECT ?, ?, ?, ?, kind, booking_date, period_start, period_end, ansvar, ansvar_name, unit_key,
		       account, account_name, verksamhet,
		       CASE WHEN dim_names IS NULL THEN NULL
		            ELSE map(string_split(dim_names, ` + sep + `), string_split(coalesce(dim_values, ''), ` + sep + `)) END,
		       counterparty, voucher, text, amount, budget, sheet, line
		FROM ` + readParts(paths, socdw.LedgerColumns)
	// As for bookings: each row carries its line, so there is no order to
	// keep, and DuckDB compresses row groups on every core as it reads.
	if err := conn.setForTx(ctx, "preserve_insertion_order", "false"); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	// DuckDB keeps the blocks it writes in its buffer pool, which may
	// take 80 % of the machine's memory: a million lines held 450 MiB of
	// it. Capped, it writes them out and drops them as it goes. And each
	// thread inserting holds row groups of its own outside the pool: on
	// one thread the load of 1 000 000 and of 2 000 000 lines peaks at
	// 260–280 MiB, on two at 320–480 MiB, for the same CPU time
	// (bench/RESULTS.md). Memory that does not grow with the ledger is
	// worth more here than a second core.
	if err := conn.setForTx(ctx, "memory_limit", "'"+partsMemoryLimit+"'"); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := conn.setForTx(ctx, "threads", "1"); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	res, err := conn.ExecContext(ctx, q, a.Source, a.File, a.LoadID, a.Kommun)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	// The next file of the transaction (a finance export's bookings) gets
	// its cores and memory back at once, not when the transaction ends.
	for _, q := range []string{"RESET threads", "RESET memory_limit"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("ledger: %w", err)
		}
	}
	if n, err := res.RowsAffected(); err == nil && int(n) != lf.Rows {
		return fmt.Errorf("ledger: %d rows read back, %d written", n, lf.Rows)
	}
	return refusePersonalLedger(ctx, conn, a.LoadID)
}

// partsMemoryLimit is DuckDB's memory limit while a file's parts (ledger
// lines, the figures of a long table) load: DuckDB keeps the blocks it
// writes in a buffer pool that may take 80 % of the machine. Capped, it
// writes them out and drops them as it goes (bench/RESULTS.md: a million
// ledger lines on two threads peaked at about 360 MiB with it, 590 MiB
// without; a million-row long table at 368–390 MiB, 476–565 without).
const partsMemoryLimit = "256MB"

// ledgerTextColumns are the text columns of fact_ledger a ledger file
// fills: every one is checked by refusePersonalLedger.
var ledgerTextColumns = []string{"line_kind", "ansvar", "ansvar_name", "unit_key", "account", "account_name", "verksamhet",
	"counterparty", "voucher", "text", "source_sheet"}

// refusePersonalLedger is the gate for ledger lines that reach the
// warehouse as files rather than through Batch.Redact: if a text of this
// load's ledger rows (a column, a dimension's name or value) still holds
// what pseudo.Clean would change — a personnummer in any spelling, a
// URL's credentials — the file is refused (its transaction rolls back).
// Transform cleans every line with the same function before writing it;
// this holds for any reader that writes ledger files.
func refusePersonalLedger(ctx context.Context, conn *conn, loadID int64) error {
	// Only the values pseudo.Clean could change reach Go, each once: one
	// with "://" (a URL), or with ten digits, six of them in a row (every
	// personnummer pseudo finds has both). They are filtered before they
	// are made distinct, so a ledger's million invoice numbers of eight
	// digits build no table.
	var parts []string
	for _, c := range ledgerTextColumns {
		parts = append(parts, `SELECT `+c+` AS v FROM fact_ledger WHERE load_id = $1`)
	}
	parts = append(parts, `SELECT unnest(map_keys(dimensions)) FROM fact_ledger WHERE load_id = $1`,
		`SELECT unnest(map_values(dimensions)) FROM fact_ledger WHERE load_id = $1`)
	rows, err := conn.QueryContext(ctx, `SELECT DISTINCT v FROM (`+strings.Join(parts, " UNION ALL ")+`)
		WHERE contains(v, '://') OR (regexp_matches(v, '[0-9]{6}') AND length(regexp_replace(v, '[^0-9]', '', 'g')) >= 10)`, loadID)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if clean, _ := pseudo.Clean(v); clean != v {
			return errors.New("ledger: a ledger line's text holds a value shaped like a personnummer or a secret: the file is not loaded")
		}
	}
	return rows.Err()
}
