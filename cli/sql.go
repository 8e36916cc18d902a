package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/serve"
)

// sql runs one query of the user's on a sealed, read-only connection: the
// published copy when the config has one (so a long query never holds the
// warehouse a load needs), else the warehouse itself, read-only.
func (e *env) sql(ctx context.Context, args []string) int {
	c := newFlags("sql", e)
	c.withDB()
	c.fs.StringVar(&c.format, "format", "table", "table, csv or json")
	var file string
	c.fs.StringVar(&file, "f", "", "read the query from this file (- for standard input)")
	pos, cfg, _, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	switch c.format {
	case "table", "csv", "json":
	default:
		fmt.Fprintf(e.stderr, "socdw sql: --format %q: want table, csv or json\n", c.format)
		return ExitUsage
	}
	q, err := e.queryText(file, pos)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw sql:", err)
		return ExitUsage
	}
	db, done, st := e.openSealed(ctx, cfg, c.db != "")
	if st != ExitOK {
		return st
	}
	defer done()
	if err := onlyQueries(ctx, db, q); err != nil {
		fmt.Fprintln(e.stderr, "socdw sql:", socdw.CleanText(err.Error()))
		return ExitFailed
	}
	res, err := queryValues(ctx, db, q)
	if err != nil {
		// DuckDB's errors quote values; the query's own literals too.
		fmt.Fprintln(e.stderr, "socdw sql:", socdw.CleanText(sealedError(err).Error()))
		return ExitFailed
	}
	out := e.stdout
	if c.format == "table" || isTerminal(e.stdout) {
		out = controlFreeWriter{e.stdout}
	}
	if c.format == "json" {
		err = writeJSON(out, res)
	} else {
		err = writeResult(out, c.format, res.cols, res.text())
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw sql:", err)
		return ExitFailed
	}
	return ExitOK
}

// onlyQueries refuses every statement but one query. The seal keeps
// files outside the database out of reach, but DuckDB allows the
// database's own files even then, so COPY … TO could overwrite the
// warehouse; and a driver runs every statement but the last while
// preparing, so the text is never handed to it unchecked. DuckDB's own
// parser decides: json_serialize_sql serializes SELECT statements only
// (FROM, WITH, DESCRIBE, SUMMARIZE and SHOW are SELECTs) and says how many
// there are.
func onlyQueries(ctx context.Context, db *sql.DB, q string) error {
	var errFlag sql.NullBool
	var n sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT json_extract(s, '$.error')::BOOLEAN, json_array_length(s, '$.statements')
		FROM (SELECT json_serialize_sql(?::VARCHAR) AS s)`, q).Scan(&errFlag, &n)
	if err != nil {
		return fmt.Errorf("checking the query: %w", err)
	}
	switch {
	case errFlag.Valid && errFlag.Bool:
		return fmt.Errorf("only queries (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, SHOW) run here: socdw sql is read-only and writes no file")
	case !n.Valid || n.Int64 != 1:
		return fmt.Errorf("one query at a time: the text holds %d statements", n.Int64)
	}
	return nil
}

// queryText is the query: from -f FILE, from standard input (-f - or a
// lone -), or the arguments joined.
func (e *env) queryText(file string, pos []string) (string, error) {
	if file == "" && len(pos) == 1 && pos[0] == "-" {
		file, pos = "-", nil
	}
	var q string
	switch {
	case file != "" && len(pos) > 0:
		return "", fmt.Errorf("give the query either with -f or as arguments, not both")
	case file == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return "", fmt.Errorf("reading the query from standard input: %w", err)
		}
		q = string(b)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		q = string(b)
	default:
		q = strings.Join(pos, " ")
	}
	if strings.TrimSpace(q) == "" {
		return "", fmt.Errorf("no query given")
	}
	return q, nil
}

// openSealed opens what sql reads: the file --db names; else the published
// copy when the config has one and it exists; else the warehouse,
// read-only. The handle is sealed before the user's query (load.Seal).
func (e *env) openSealed(ctx context.Context, cfg *config.Config, explicitDB bool) (*sql.DB, func(), int) {
	var w *load.Warehouse
	done := func() {}
	if !explicitDB && cfg.Publish != "" {
		if _, err := os.Stat(cfg.Publish); err == nil {
			ro, err := load.OpenReadOnly(ctx, cfg.Publish)
			if err != nil {
				fmt.Fprintln(e.stderr, "socdw sql:", err)
				return nil, nil, ExitFailed
			}
			w, done = ro, func() { ro.Close() }
		}
	}
	if w == nil {
		ro, d, st := e.openReader(ctx, cfg)
		if st != ExitOK {
			return nil, nil, st
		}
		w, done = ro, d
	}
	if err := w.Seal(ctx); err != nil {
		done()
		fmt.Fprintln(e.stderr, "socdw sql:", err)
		return nil, nil, ExitFailed
	}
	return w.DB(), done, ExitOK
}

// sealedError says in words why a query was refused by the seal.
func sealedError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "disabled by configuration"):
		return fmt.Errorf("%w\n(socdw sql reads the warehouse only: no files are read or written, no database attached, no extension installed; use socdw export to write files)", err)
	case strings.Contains(msg, "configuration has been locked"):
		return fmt.Errorf("%w\n(socdw sql's settings are locked)", err)
	case strings.Contains(msg, "read-only mode"):
		return fmt.Errorf("%w\n(socdw sql never changes the warehouse)", err)
	}
	return err
}

// result is a query's columns and typed values.
type result struct {
	cols  []string
	types []string
	rows  [][]any
}

func queryValues(ctx context.Context, db *sql.DB, q string, args ...any) (*result, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ct, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &result{}
	for _, c := range ct {
		res.cols = append(res.cols, c.Name())
		res.types = append(res.types, c.DatabaseTypeName())
	}
	for rows.Next() {
		vals := make([]any, len(ct))
		ptrs := make([]any, len(ct))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			// An instant (TIMESTAMPTZ: load_log's times) is shown in
			// Europe/Stockholm, where the schedules run, with its offset.
			if t, ok := v.(time.Time); ok && res.types[i] == "TIMESTAMPTZ" {
				vals[i] = t.In(serve.Stockholm())
			}
		}
		res.rows = append(res.rows, vals)
	}
	return res, rows.Err()
}

// text is the result as printed cells (nil for NULL).
func (r *result) text() [][]*string {
	out := make([][]*string, len(r.rows))
	for i, row := range r.rows {
		out[i] = make([]*string, len(row))
		for j, v := range row {
			if v != nil {
				s := formatValue(v)
				out[i][j] = &s
			}
		}
	}
	return out
}

// writeJSON writes the result as a JSON array with one object per row,
// its keys in the query's column order (a repeated column name gets _2,
// _3… so no value is lost). Values keep their types: integers and
// DECIMAL as JSON numbers with their exact digits (86486000.00 stays
// 86486000.00, never a float's approximation), booleans, null, dates as
// "YYYY-MM-DD" strings, lists as arrays, structs as objects.
func writeJSON(w io.Writer, r *result) error {
	keys := make([]string, len(r.cols))
	seen := map[string]int{}
	for i, c := range r.cols {
		seen[c]++
		keys[i] = c
		if n := seen[c]; n > 1 {
			keys[i] = c + "_" + strconv.Itoa(n)
		}
	}
	var b bytes.Buffer
	b.WriteString("[")
	for i, row := range r.rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(keys[j])
			b.Write(k)
			b.WriteString(": ")
			if err := jsonValue(&b, v); err != nil {
				return err
			}
		}
		b.WriteString("}")
		if b.Len() > 1<<16 {
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	if len(r.rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func jsonValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint:
		fmt.Fprint(b, x)
	case *big.Int:
		b.WriteString(x.String())
	case duckdb.Decimal:
		b.WriteString(formatDecimal(x.Value, int(x.Scale)))
	case float32:
		return jsonValue(b, float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s, _ := json.Marshal(strconv.FormatFloat(x, 'g', -1, 64))
			b.Write(s)
		} else {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
	case []any:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := jsonValue(b, e); err != nil {
				return err
			}
		}
		b.WriteString("]")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteString(": ")
			if err := jsonValue(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteString("}")
	case duckdb.OrderedMap:
		// A MAP (figures.dimensions) is an object with its keys in the
		// map's own order: the columns of the source row.
		b.WriteString("{")
		vals := x.Values()
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			kb, _ := json.Marshal(formatValue(k))
			b.Write(kb)
			b.WriteString(": ")
			if err := jsonValue(b, vals[i]); err != nil {
				return err
			}
		}
		b.WriteString("}")
	case time.Time, []byte, string:
		s, err := json.Marshal(formatValue(x))
		if err != nil {
			return err
		}
		b.Write(s)
	default:
		s, err := json.Marshal(fmt.Sprint(x))
		if err != nil {
			return err
		}
		b.Write(s)
	}
	return nil
}

// controlFreeWriter drops control characters (escape sequences, bells,
// carriage returns, bidirectional overrides) from what goes to a
// terminal: a value in the warehouse cannot rewrite the screen or hide
// text. Tabs and newlines, which the table itself is made of, pass.
type controlFreeWriter struct{ w io.Writer }

func (c controlFreeWriter) Write(p []byte) (int, error) {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r), r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			return -1
		}
		return r
	}, string(p))
	if _, err := io.WriteString(c.w, clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
