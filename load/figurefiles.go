package load

import (
	"context"
	"errors"
	"fmt"

	"github.com/socdw/socdw"
)

// insertFigures loads the figure files of a flat table too long to hold
// with DuckDB's own CSV reader, in the file's transaction, as
// insertBookings does: only the part paths, which transform made in its
// own temporary directory, are written into the statement. A row's
// dimensions arrive as name\x1fvalue pairs joined by \x1e and become the
// MAP the appended figures have.
func insertFigures(ctx context.Context, conn *conn, a Attempt, ff socdw.FigureFiles) error {
	q := `INSERT INTO fact_figure (source, file, load_id, kommun, period_start, period_end, subject, measure, value,
		value_unit, is_total, source_sheet, source_row, source_col, dimensions, value_exact)
		SELECT ?, ?, ?, coalesce(kommun, ?), period_start, period_end, coalesce(subject, ''), coalesce(measure, ''), value,
		       value_unit, is_total, source_sheet, source_row, source_col,
		       CASE WHEN dimensions IS NULL THEN NULL ELSE map_from_entries(list_transform(string_split(dimensions, chr(30)),
		            lambda e: {'key': split_part(e, chr(31), 1), 'value': split_part(e, chr(31), 2)})) END,
		       value_exact
		FROM ` + readParts(ff.Parts, socdw.FigureColumns)
	// Figures have no order to keep (each carries its cell), as bookings,
	// and their blocks need not stay in memory (partsMemoryLimit).
	if err := conn.setForTx(ctx, "preserve_insertion_order", "false"); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	if err := conn.setForTx(ctx, "memory_limit", "'"+partsMemoryLimit+"'"); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	res, err := conn.ExecContext(ctx, q, a.Source, a.File, a.LoadID, a.Kommun)
	if err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	// The next file of the transaction gets its memory back at once.
	if _, err := conn.ExecContext(ctx, "RESET memory_limit"); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && int(n) != ff.Rows {
		return fmt.Errorf("figures: %d rows read back, %d written", n, ff.Rows)
	}
	return refusePersonalFigures(ctx, conn, a.LoadID)
}

// ErrPersonalFigures refuses a file whose figure files hold a value shaped
// like a personnummer.
var ErrPersonalFigures = errors.New("figures: a subject, measure, kommun or dimension holds a value shaped like a personnummer: the file is not loaded")

// refusePersonalFigures is the gate for figures that reach the warehouse
// as files rather than through Batch.Redact: if a text of this load's
// figures (subject, measure, kommun, a dimension's name or value) holds a
// personnummer in any spelling, the file is refused (its transaction rolls
// back). Transform blanks such cells already; this holds for any reader
// that writes figure files. Distinct values first: a million figures have
// a few thousand texts, and the check runs on those.
func refusePersonalFigures(ctx context.Context, conn *conn, loadID int64) error {
	return refuseShapedLikePnr(ctx, conn, loadID, `
		WITH f AS (SELECT * FROM fact_figure WHERE load_id = $1)
		SELECT subject AS v FROM f GROUP BY ALL
		UNION SELECT measure FROM f GROUP BY ALL
		UNION SELECT kommun FROM f GROUP BY ALL
		UNION SELECT unnest(map_keys(dimensions)) FROM (SELECT dimensions FROM f GROUP BY ALL)
		UNION SELECT unnest(map_values(dimensions)) FROM (SELECT dimensions FROM f GROUP BY ALL)`, ErrPersonalFigures)
}
