package load

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/pseudo"
	sqlfiles "github.com/socdw/socdw/sql"
)

// Warehouse is an open DuckDB warehouse file.
type Warehouse struct {
	db   *sql.DB
	path string
	w    *conn   // the writer's connection, kept for the warehouse's life
	ids  []int64 // load ids allocated, not yet used
}

// Open opens (creating if needed) the warehouse at path and applies every
// migration not yet applied.
func Open(ctx context.Context, path string) (*Warehouse, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("warehouse %s: %w", path, err)
		}
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	w := &Warehouse{db: db, path: path}
	if _, err := w.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return w, nil
}

// OpenReadOnly opens an existing warehouse for reading only, without
// migrating: what sql and status do while another process holds the
// writer's lock between its loads.
func OpenReadOnly(ctx context.Context, path string) (*Warehouse, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s (read-only): %w", path, err)
	}
	return &Warehouse{db: db, path: path}, nil
}

// Current reports whether every embedded migration has been applied, so
// a reader can use the warehouse without writing to it.
func (w *Warehouse) Current(ctx context.Context) bool {
	names, err := fs.Glob(sqlfiles.Migrations, "migrations/*.sql")
	if err != nil {
		return false
	}
	var n int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM migrations`).Scan(&n); err != nil {
		return false
	}
	return n >= len(names)
}

// DB is the underlying database, for queries.
func (w *Warehouse) DB() *sql.DB { return w.db }

// Path is the warehouse file.
func (w *Warehouse) Path() string { return w.path }

// Close closes the warehouse.
func (w *Warehouse) Close() error {
	if w.w != nil {
		w.w.close()
		w.w = nil
	}
	return w.db.Close()
}

// Migrate applies the embedded migrations not yet recorded in the
// migrations table, each in its own transaction, in name order, and
// returns the names it applied.
func (w *Warehouse) Migrate(ctx context.Context) ([]string, error) {
	if _, err := w.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(sqlfiles.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var applied []string
	for _, name := range names {
		base := filepath.Base(name)
		var n int
		if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, base).Scan(&n); err != nil {
			return applied, fmt.Errorf("migration %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(sqlfiles.Migrations, name)
		if err != nil {
			return applied, err
		}
		err = w.inTx(ctx, func(conn *conn) error {
			if _, err := conn.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := conn.ExecContext(ctx, `INSERT INTO migrations VALUES (?, ?)`, base, time.Now().UTC())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", base, err)
		}
		applied = append(applied, base)
	}
	return applied, nil
}

// inTx runs fn on the writer's connection between BEGIN and COMMIT,
// rolling back on any error or panic. DuckDB's Appender cannot come from
// a *sql.Tx, so the transaction is opened on a *sql.Conn by hand; the
// connection lives as long as the warehouse, so that the statements it
// prepared are planned once per run, not once per file.
func (w *Warehouse) inTx(ctx context.Context, fn func(*conn) error) (err error) {
	if w.w == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return err
		}
		w.w = &conn{Conn: c, stmts: map[string]*sql.Stmt{}}
	}
	conn := w.w
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		defer func() {
			if !conn.resetSettings() {
				conn.discard()
				w.w = nil
			}
		}()
		if p := recover(); p != nil {
			conn.ExecContext(context.Background(), "ROLLBACK")
			panic(p)
		}
		if err != nil {
			if _, rerr := conn.ExecContext(context.Background(), "ROLLBACK"); rerr != nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
			}
		}
	}()
	if err = fn(conn); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// conn is the writer's connection with the statements prepared on it.
type conn struct {
	*sql.Conn
	stmts  map[string]*sql.Stmt
	resets []string // settings changed for the transaction, reset when it ends
}

// setForTx changes a setting of the connection until the transaction
// ends, committed or rolled back: an aborted transaction refuses even a
// RESET, so the reset waits for the end.
func (c *conn) setForTx(ctx context.Context, name, value string) error {
	if _, err := c.ExecContext(ctx, "SET "+name+" = "+value); err != nil {
		return err
	}
	c.resets = append(c.resets, "RESET "+name)
	return nil
}

// resetSettings undoes setForTx; false when a setting could not be
// reset.
func (c *conn) resetSettings() bool {
	ok := true
	for _, q := range c.resets {
		if _, err := c.ExecContext(context.Background(), q); err != nil {
			ok = false
		}
	}
	c.resets = c.resets[:0]
	return ok
}

// discard closes the connection for good: database/sql drops a
// connection that reports itself bad rather than pooling it, so a
// setting that could not be reset goes with it.
func (c *conn) discard() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.Conn.Raw(func(any) error { return driver.ErrBadConn })
	c.Conn.Close()
}

// prepared is q prepared on c, once.
func (c *conn) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.stmts[q]; ok {
		return st, nil
	}
	st, err := c.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.stmts[q] = st
	return st, nil
}

// exec runs a statement the loads repeat, prepared once.
func (c *conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// query runs a query the loads repeat, prepared once.
func (c *conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *conn) close() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.Conn.Close()
}

// NextLoadID allocates a load id. Ids are taken from the sequence a
// block at a time (one query per 256 files, not per file); ids left
// unused when the warehouse closes are gaps, as any sequence has. Ids
// only grow: a later load has a higher id (supersede relies on it).
func (w *Warehouse) NextLoadID(ctx context.Context) (int64, error) {
	if len(w.ids) == 0 {
		rows, err := w.db.QueryContext(ctx, `SELECT nextval('load_id_seq') FROM range(256)`)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			w.ids = append(w.ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(w.ids) == 0 {
			return 0, errors.Join(err, errors.New("no load id"))
		}
		slices.Sort(w.ids)
	}
	id := w.ids[0]
	w.ids = w.ids[1:]
	return id, nil
}

// NextRunID allocates the id of a run: the files one source loads in one
// go, which status shows together.
func (w *Warehouse) NextRunID(ctx context.Context) (int64, error) {
	var id int64
	err := w.db.QueryRowContext(ctx, `SELECT nextval('run_id_seq')`).Scan(&id)
	return id, err
}

// Attempt identifies one attempt to load one file.
type Attempt struct {
	RunID  int64
	LoadID int64
	Source string
	Kommun string
	File   string
	SHA256 string
	// Fingerprint of the source's settings and socdw's reading rules: a
	// change reloads unchanged files.
	Fingerprint string
	Started     time.Time
	// Stat is the file as it was when read; zero for a download.
	Stat FileStat
	// Known is whether the file has rows from an earlier load, which the
	// new rows replace; ReplaceMany sets it from source_file.
	Known bool
}

// cleaned is the attempt as it may be stored: no personnummer and no URL
// credentials in its names.
func (a Attempt) cleaned() Attempt {
	a.Source, a.Kommun, a.File = socdw.CleanText(a.Source), socdw.CleanText(a.Kommun), socdw.CleanName(a.File)
	return a
}

// Status of a file attempt in load_log.
const (
	StatusLoaded  = "loaded"
	StatusSkipped = "skipped"
	StatusFailed  = "failed"
	// StatusForgotten: socdw forget, or mirror for a file that left the inbox.
	StatusForgotten = "forgotten"
	// StatusIgnored: a file socdw does not read (a PDF, a picture).
	StatusIgnored = "ignored"
)

// Record writes a load_log row for an attempt that loaded nothing:
// skipped (unchanged content), ignored or failed. text is the error of a
// failure and the note of the others.
func (w *Warehouse) Record(ctx context.Context, a Attempt, status string, rowsRejected int, text string) error {
	a = a.cleaned()
	text = socdw.CleanText(text)
	errText, note := nullStr(text), any(nil)
	if status != StatusFailed {
		errText, note = nil, nullStr(text)
	}
	_, err := w.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO load_log
		(load_id, run_id, source, kommun, file, sha256, started_at, finished_at, status, rows_loaded, rows_rejected, error, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
		a.LoadID, a.RunID, a.Source, a.Kommun, a.File, nullStr(a.SHA256), a.Started, time.Now(), status, rowsRejected, errText, note)
	return err
}

// RecordSkipped writes the load_log rows of files skipped unchanged in
// one transaction with one appender: a thousand unchanged files cost a
// handful of statements, not three thousand.
func (w *Warehouse) RecordSkipped(ctx context.Context, as []Attempt, note string) error {
	if len(as) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	ids := make([]int64, len(as))
	for i := range as {
		id, err := w.NextLoadID(ctx)
		if err != nil {
			return fmt.Errorf("load ids: %w", err)
		}
		ids[i] = id
	}
	return w.inTx(ctx, func(conn *conn) error {
		now := time.Now()
		return withAppender(conn, "load_log", func(app *duckdb.Appender) error {
			for i, a := range as {
				a = a.cleaned()
				if err := app.AppendRow(ids[i], a.RunID, a.Source, nullStr(a.Kommun), a.File, nullStr(a.SHA256), a.Started, now,
					StatusSkipped, int64(0), int64(0), nil, nullStr(note)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// factTables are the tables whose rows belong to one file of one source.
var factTables = []string{"fact_figure", "fact_budget", "fact_care", "fact_placement_count", "fact_placement", "fact_ledger", "rejects", "findings"}

// loadTables are the tables whose rows carry only their load_id.
var loadTables = []string{"fact_booking", "booking_unit", "booking_account"}

// Item is one file's attempt and the batch it read.
type Item struct {
	Attempt Attempt
	Batch   *socdw.Batch
}

func has(items []Item, f func(*socdw.Batch) bool) bool {
	for _, it := range items {
		if f(it.Batch) {
			return true
		}
	}
	return false
}

// Replace loads a file's batch in one transaction: the file's previous
// rows are deleted, the new ones appended, the rows of the source's
// older files at the same grain superseded, the load log and the file's
// checksum and stat recorded and the data version raised, then COMMIT.
// On any error nothing has changed.
func (w *Warehouse) Replace(ctx context.Context, a Attempt, b *socdw.Batch) ([]Supersession, error) {
	sup, err := w.ReplaceMany(ctx, []Item{{Attempt: a, Batch: b}})
	return sup[a.LoadID], err
}

// ReplaceMany is Replace for several files of one source in one
// transaction, in load-id order: a thousand small files commit once,
// not a thousand times. Each file is still whole or absent: on an error
// nothing of any of them has changed, and the caller loads them one by
// one to find the file at fault. Supersessions come back by load id.
//
// ReplaceMany is the last gate before storage: whatever reader made the
// batches, their texts and the attempts' names pass socdw's personal-data
// and secret redaction here (Batch.Redact, CleanText), so nothing
// unsanitised is stored even when a caller forgot.
func (w *Warehouse) ReplaceMany(ctx context.Context, items []Item) (sup map[int64][]Supersession, err error) {
	items = slices.Clone(items)
	for i := range items {
		items[i].Attempt = items[i].Attempt.cleaned()
		items[i].Batch.Redact()
	}
	for _, it := range items[1:] {
		if it.Attempt.Source != items[0].Attempt.Source {
			return nil, fmt.Errorf("replace: files of two sources (%s, %s) in one transaction", items[0].Attempt.Source, it.Attempt.Source)
		}
	}
	err = w.inTx(ctx, func(conn *conn) error {
		if err := markKnown(ctx, conn, items); err != nil {
			return err
		}
		for _, it := range items {
			if it.Attempt.Known { // a new file has no rows to delete: nine scans saved
				if _, err := deleteFileRows(ctx, conn, it.Attempt.Source, it.Attempt.File); err != nil {
					return err
				}
			}
		}
		if err := appendBatch(ctx, conn, items); err != nil {
			return err
		}
		var err error
		if sup, err = supersede(ctx, conn, items); err != nil {
			return err
		}
		now := time.Now()
		err = withAppender(conn, "load_log", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				if err := app.AppendRow(a.LoadID, a.RunID, a.Source, nullStr(a.Kommun), a.File, nullStr(a.SHA256), a.Started, now,
					StatusLoaded, int64(b.Rows()), int64(len(b.Rejects)), nil, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("load_log: %w", err)
		}
		if err := setFiles(ctx, conn, items); err != nil {
			return fmt.Errorf("source_file: %w", err)
		}
		return bumpVersion(ctx, conn)
	})
	return sup, err
}

// appender opens a DuckDB Appender for table on conn and feeds it rows.
func withAppender(conn *conn, table string, fn func(app *duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return fmt.Errorf("appender %s: %w", table, err)
		}
		if err := fn(app); err != nil {
			app.Close()
			return fmt.Errorf("append %s: %w", table, err)
		}
		if err := app.Close(); err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		return nil
	})
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// dec is the value the Appender takes for a DECIMAL(18,2) column: its
// unscaled integer. A float64 would be rescaled silently.
func dec(a socdw.Amount) any { return int64(a) }

func nullDec(n socdw.NullAmount) any {
	if !n.Valid {
		return nil
	}
	return int64(n.Amount)
}

func nullInt(n socdw.NullAmount) any {
	if !n.Valid {
		return nil
	}
	return int32(n.Amount / 100)
}

func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func sheetOf(r socdw.CellRef) any { return nullStr(r.Sheet) }

// exactScale is the scale of fact_figure.value_exact, DECIMAL(38,10).
const exactScale = 10

// exactValue is the value_exact of a figure: its unscaled integer at
// exactScale, as the Appender takes a HUGEINT-backed DECIMAL; NULL when the
// figure has no more decimals than its value. Transform keeps at most
// exactScale decimals (Number.Exp), so the scaling is exact.
func exactValue(n *socdw.Number) any {
	if n == nil || n.Exp > exactScale {
		return nil
	}
	v := big.NewInt(n.Coef)
	return v.Mul(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exactScale-n.Exp)), nil))
}

// dimensions is the MAP(VARCHAR, VARCHAR) value of a row's dimensions, in
// column order; NULL when there are none (the views show an empty map).
func dimensions(ds []socdw.Dimension) any {
	if len(ds) == 0 {
		return nil
	}
	var m duckdb.OrderedMap
	for _, d := range ds {
		m.Set(d.Name, d.Value)
	}
	return m
}

// appendBatch appends the rows of the items' batches, one appender per
// table for all of them.
func appendBatch(ctx context.Context, conn *conn, items []Item) error {
	if has(items, func(b *socdw.Batch) bool { return len(b.Figures) > 0 }) {
		err := withAppender(conn, "fact_figure", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, f := range b.Figures {
					kommun := a.Kommun
					if f.Kommun != "" {
						kommun = f.Kommun
					}
					if err := app.AppendRow(a.Source, a.File, a.LoadID, kommun, date(f.Period.Start), date(f.Period.End),
						f.Subject, f.Measure, dec(f.Value), f.Unit.ValueUnit(), f.IsTotal,
						sheetOf(f.Ref), int32(f.Ref.Row), f.Ref.ColumnLabel(), dimensions(f.Dimensions), exactValue(f.Exact)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Budget) > 0 }) {
		err := withAppender(conn, "fact_budget", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, l := range b.Budget {
					if err := app.AppendRow(a.Source, a.File, a.LoadID, a.Kommun, l.Unit, l.UnitKey, nullStr(l.ParentKey), l.IsTotal,
						date(l.Period.Start), date(l.Period.End), nullDec(l.Budget), nullDec(l.Actual), nullDec(l.FullYearBudget),
						nullDec(l.Forecast), nullDec(l.ForecastDeviation), nullDec(l.ReportedDeviation),
						sheetOf(l.Ref), int32(l.Ref.Row)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, it := range items {
		if len(it.Batch.FigureFiles.Parts) > 0 {
			if err := insertFigures(ctx, conn, it.Attempt, it.Batch.FigureFiles); err != nil {
				return err
			}
		}
		if len(it.Batch.Bookings.Parts) > 0 {
			if err := insertBookings(ctx, conn, it.Attempt, it.Batch.Bookings); err != nil {
				return err
			}
		}
		if len(it.Batch.LedgerFiles.Parts) > 0 {
			if err := insertLedger(ctx, conn, it.Attempt, it.Batch.LedgerFiles); err != nil {
				return err
			}
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Care) > 0 }) {
		err := withAppender(conn, "fact_care", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, c := range b.Care {
					if err := app.AppendRow(a.Source, a.File, a.LoadID, a.Kommun, date(c.Period.Start), date(c.Period.End),
						nullStr(c.TargetGroup), c.Form, nullStr(c.Regi), nullDec(c.CareDays), nullDec(c.Cost),
						nullDec(c.BudgetCareDays), nullDec(c.Budget), nullDec(c.ReportedPerDay),
						sheetOf(c.Ref), int32(c.Ref.Row)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.PlacementCounts) > 0 }) {
		err := withAppender(conn, "fact_placement_count", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, c := range b.PlacementCounts {
					if err := app.AppendRow(a.Source, a.File, a.LoadID, a.Kommun, date(c.Period.Start), date(c.Period.End),
						nullStr(c.TargetGroup), c.Form, c.FormLabel, nullStr(c.Regi), nullStr(c.LegalBasis),
						nullInt(c.Persons), nullInt(c.Placements), nil, nil,
						sheetOf(c.Ref), int32(c.Ref.Row)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Placements) > 0 }) {
		err := withAppender(conn, "fact_placement", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, p := range b.Placements {
					if err := app.AppendRow(a.Source, a.File, a.LoadID, a.Kommun, p.PersonKey, nullStr(p.TargetGroup),
						p.Form, p.FormLabel, nullStr(p.Regi), nullStr(p.LegalBasis), nullStr(p.Provider),
						date(p.Start), date(p.End), date(p.OpenUntil), int64(p.DailyPrice), // DECIMAL(18,4), unscaled
						sheetOf(p.Ref), int32(p.Ref.Row)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Ledger) > 0 }) {
		err := withAppender(conn, "fact_ledger", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, l := range b.Ledger {
					if err := app.AppendRow(a.Source, a.File, a.LoadID, a.Kommun, l.Kind, date(l.Date),
						date(l.Period.Start), date(l.Period.End), nullStr(l.Ansvar), nullStr(l.AnsvarName), nullStr(l.UnitKey),
						nullStr(l.Account), nullStr(l.AccountName), nullStr(l.Verksamhet), dimensions(l.Dimensions),
						nullStr(l.Counterparty), nullStr(l.Voucher), nullStr(l.Text), nullDec(l.Amount), nullDec(l.Budget),
						sheetOf(l.Ref), int32(l.Ref.Row)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Rejects) > 0 }) {
		err := withAppender(conn, "rejects", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, r := range b.Rejects {
					if err := app.AppendRow(a.LoadID, a.Source, a.File, sheetOf(r.Ref), int32(r.Ref.Row),
						nullStr(r.Ref.ColumnLabel()), r.Reason); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if has(items, func(b *socdw.Batch) bool { return len(b.Findings) > 0 }) {
		err := withAppender(conn, "findings", func(app *duckdb.Appender) error {
			for _, it := range items {
				a, b := it.Attempt, it.Batch
				for _, f := range b.Findings {
					if err := app.AppendRow(a.LoadID, a.Source, a.File, sheetOf(f.Ref), int32(f.Ref.Row), f.Kind,
						nullDec(f.Reported), nullDec(f.Recomputed), f.Message, nullStr(f.Ref.ColumnLabel())); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// insertBookings loads the normalised booking files with DuckDB's own CSV
// reader, in the file's transaction. Only the part paths, which transform
// made in its own temporary directory, are written into the statement;
// everything from the file arrives through read_csv or bound parameters.
func insertBookings(ctx context.Context, conn *conn, a Attempt, bf socdw.BookingFiles) error {
	var paths []string
	for _, p := range bf.Parts {
		paths = append(paths, p.Path)
	}
	q := `INSERT INTO fact_booking
		SELECT ?, period_start, ansvar, verksamhet, konto, actual, budget, line
		FROM ` + readParts(paths, socdw.BookingColumns)
	// Booking rows have no order to keep (each carries its line), and
	// without one DuckDB inserts and compresses the row groups on every
	// core as it reads, rather than leaving them to one thread at the
	// checkpoint: a year's export loads in about two thirds of the time.
	if err := conn.setForTx(ctx, "preserve_insertion_order", "false"); err != nil {
		return fmt.Errorf("bookings: %w", err)
	}
	res, err := conn.ExecContext(ctx, q, a.LoadID)
	if err != nil {
		return fmt.Errorf("bookings: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && int(n) != bf.Rows {
		return fmt.Errorf("bookings: %d rows read back, %d written", n, bf.Rows)
	}
	if err := refusePersonalBookings(ctx, conn, a.LoadID); err != nil {
		return err
	}
	err = withAppender(conn, "booking_unit", func(app *duckdb.Appender) error {
		for _, u := range bf.Units {
			if err := app.AppendRow(a.LoadID, u.Ansvar, nullStr(u.Name), u.UnitKey); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(bf.Accounts) == 0 {
		return err
	}
	return withAppender(conn, "booking_account", func(app *duckdb.Appender) error {
		for _, k := range bf.Accounts {
			if err := app.AppendRow(a.LoadID, k.Konto, k.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// readParts is the read_csv call over part files transform wrote
// (tab-separated, no quoting, no header) with their columns and DuckDB
// types: the one way bookings, ledger lines and long tables' figures
// reach the warehouse in bulk. Only the paths, of transform's own
// temporary directory, are written into the statement.
func readParts(paths []string, columns [][2]string) string {
	var files, cols []string
	for _, p := range paths {
		files = append(files, sqlString(p))
	}
	for _, c := range columns {
		cols = append(cols, fmt.Sprintf("%s: '%s'", sqlString(c[0]), c[1]))
	}
	return `read_csv([` + strings.Join(files, ", ") + `], delim = '\t', quote = '', escape = '', header = false,
		              auto_detect = false, columns = {` + strings.Join(cols, ", ") + `})`
}

// sqlString quotes a string literal of our own making (a temporary path).
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sealSettings close a connection to everything but the database it
// opened (DuckDB 1.5): no file read or written (COPY … TO, read_text,
// read_csv, glob, EXPORT DATABASE), no ATTACH, no extension installed or
// loaded from outside the binary; then the configuration is locked, so a
// query cannot SET any of it back.
var sealSettings = []string{
	"SET enable_external_access = false",
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
	"SET allow_community_extensions = false",
	"SET allow_unsigned_extensions = false",
	"SET lock_configuration = true",
}

// Seal makes the handle safe for a user's query: see sealSettings. The
// settings are the database instance's, so every connection of the handle
// is sealed; a Warehouse opened for loading must never be sealed.
func (w *Warehouse) Seal(ctx context.Context) error {
	for _, q := range sealSettings {
		if _, err := w.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sealing the query connection (%s): %w", q, err)
		}
	}
	return nil
}

// refusePersonalBookings is the gate for booking lines, which reach the
// warehouse as files rather than through Batch.Redact: if a code column
// of this load holds a personnummer in any spelling, the file is refused
// (its transaction rolls back). Transform rejects such lines already; this
// holds for any reader that writes booking files.
func refusePersonalBookings(ctx context.Context, conn *conn, loadID int64) error {
	// Distinct values first: a year's export has millions of lines and a
	// few thousand codes, and the regular expression runs on the codes.
	return refuseShapedLikePnr(ctx, conn, loadID, `
		SELECT ansvar AS v FROM fact_booking WHERE load_id = $1 GROUP BY ALL
		UNION SELECT verksamhet FROM fact_booking WHERE load_id = $1 GROUP BY ALL
		UNION SELECT konto FROM fact_booking WHERE load_id = $1 GROUP BY ALL`,
		errors.New("bookings: a code column (ansvar, verksamhet or konto) holds a value shaped like a personnummer: the file is not loaded"))
}

// refuseShapedLikePnr returns refusal when a text of the load's rows
// (distinct: the query's column v, of load $1) is shaped like a
// personnummer in any spelling; the database narrows them to those with
// six digits in a row, pseudo.MaybePersonnummer decides.
func refuseShapedLikePnr(ctx context.Context, conn *conn, loadID int64, distinct string, refusal error) error {
	rows, err := conn.QueryContext(ctx, `SELECT v FROM (`+distinct+`) WHERE regexp_matches(v, '[0-9]{6}')`, loadID)
	if err != nil {
		return fmt.Errorf("personal-data gate: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if pseudo.MaybePersonnummer(v) {
			return refusal
		}
	}
	return rows.Err()
}
