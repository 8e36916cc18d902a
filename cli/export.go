package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// exportViews are the views export writes, in sheet order.
var exportViews = []string{"budget_deviation", "dygnskostnad", "placements", "figures"}

func (e *env) export(ctx context.Context, args []string) int {
	c := newFlags("export", e)
	c.withDB()
	c.fs.StringVar(&c.format, "format", "", "parquet, csv or xlsx")
	c.fs.StringVar(&c.out, "out", "", "directory to write into")
	var dialect string
	c.fs.StringVar(&dialect, "csv-dialect", "excel", "excel (Swedish Excel: ';', decimal comma, UTF-8 BOM) or rfc (',' and '.', for programs)")
	pos, cfg, _, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if len(pos) > 0 || c.out == "" {
		fmt.Fprintln(e.stderr, "socdw export: --out DIR is required and takes no other arguments")
		return ExitUsage
	}
	switch c.format {
	case "parquet", "csv", "xlsx":
	default:
		fmt.Fprintf(e.stderr, "socdw export: --format %q: want parquet, csv or xlsx\n", c.format)
		return ExitUsage
	}
	d, ok := csvDialects[dialect]
	if !ok {
		fmt.Fprintf(e.stderr, "socdw export: --csv-dialect %q: want excel or rfc\n", dialect)
		return ExitUsage
	}
	out, err := filepath.Abs(c.out)
	if err == nil {
		err = os.MkdirAll(out, 0o755)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw export:", err)
		return ExitFailed
	}
	w, done, st := e.openReader(ctx, cfg)
	if st != ExitOK {
		return st
	}
	defer done()
	switch c.format {
	case "xlsx":
		err = exportXLSX(ctx, w.DB(), filepath.Join(out, "socdw.xlsx"))
	case "csv":
		err = exportCSV(ctx, w.DB(), out, d)
	default:
		err = exportCopy(ctx, w.DB(), out, c.format)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw export:", err)
		return ExitFailed
	}
	fmt.Fprintf(e.stdout, "exported %s to %s\n", strings.Join(exportViews, ", "), out)
	return ExitOK
}

// exportCopy writes each view with DuckDB's COPY as Parquet partitioned
// by kommun and year (hive style). The paths are the user's own --out,
// quoted; no value from a loaded file reaches the SQL.
func exportCopy(ctx context.Context, db *sql.DB, out, format string) error {
	for _, v := range exportViews {
		q := fmt.Sprintf(`COPY (SELECT *, CAST(year(period_start) AS INTEGER) AS year FROM %s)
				TO %s (FORMAT parquet, PARTITION_BY (kommun, year), OVERWRITE_OR_IGNORE)`, v, quoteLit(filepath.Join(out, v)))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", v, err)
		}
	}
	return nil
}

func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// exportXLSX writes one sheet per view: a bold, frozen header row, money
// with two decimals and a thousands separator, dates as dates.
func exportXLSX(ctx context.Context, db *sql.DB, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	header, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 4})                              // #,##0.00
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("yyyy-mm-dd")}) // ISO dates
	for i, v := range exportViews {
		if i == 0 {
			f.SetSheetName("Sheet1", v)
		} else if _, err := f.NewSheet(v); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(v)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		rows, err := db.QueryContext(ctx, "SELECT * FROM "+v)
		if err != nil {
			return fmt.Errorf("%s: %w", v, err)
		}
		cols, _ := rows.ColumnTypes()
		hdr := make([]any, len(cols))
		for j, c := range cols {
			hdr[j] = excelize.Cell{StyleID: header, Value: c.Name()}
		}
		sw.SetRow("A1", hdr)
		r := 2
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			cells := make([]any, len(cols))
			for j, val := range vals {
				cells[j] = xlsxCell(val, cols[j].DatabaseTypeName(), money, dateStyle)
				if t, ok := cells[j].(string); ok {
					cells[j] = escapeFormula(t)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, cells); err != nil {
				rows.Close()
				return err
			}
			r++
		}
		rows.Close()
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

func strPtr(s string) *string { return &s }

// xlsxCell turns a value into a cell. A DECIMAL goes into the workbook as
// the number Excel will hold anyway (a double), parsed from its exact
// text; the warehouse itself never sums in floating point.
func xlsxCell(v any, typ string, money, date int) any {
	if v == nil {
		return nil
	}
	s := formatValue(v)
	switch {
	case strings.HasPrefix(typ, "DECIMAL"):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return excelize.Cell{StyleID: money, Value: f}
	case typ == "DATE":
		if t, ok := v.(interface{ IsZero() bool }); ok && !t.IsZero() {
			return excelize.Cell{StyleID: date, Value: v}
		}
	}
	return v
}
