package cli

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// query runs q and returns its rows as text cells (nil for NULL), money
// printed exactly from its DECIMAL.
func query(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, [][]*string, error) {
	res, err := queryValues(ctx, db, q, args...)
	if err != nil {
		return nil, nil, err
	}
	return res.cols, res.text(), nil
}

// formatValue prints a value as a person and a CSV reader expect it:
// DECIMAL exactly with its scale, dates as YYYY-MM-DD.
func formatValue(v any) string {
	switch x := v.(type) {
	case duckdb.Decimal:
		return formatDecimal(x.Value, int(x.Scale))
	case time.Time:
		if x.Location() != time.UTC {
			return x.Format("2006-01-02 15:04:05-07:00") // an instant (TIMESTAMPTZ), with its offset
		}
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case *big.Int:
		return x.String()
	case duckdb.OrderedMap:
		// figures.dimensions as a person reads it: {Kommun=Botkyrka, År=2023}.
		var sb strings.Builder
		sb.WriteString("{")
		vals := x.Values()
		for i, k := range x.Keys() {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(formatValue(k) + "=" + formatValue(vals[i]))
		}
		sb.WriteString("}")
		return sb.String()
	}
	return fmt.Sprint(v)
}

func formatDecimal(v *big.Int, scale int) string {
	s := new(big.Int).Abs(v).String()
	neg := v.Sign() < 0
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func writeResult(w io.Writer, format string, cols []string, rows [][]*string) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(cols)
		for _, r := range rows {
			rec := make([]string, len(r))
			for i, v := range r {
				if v != nil {
					rec[i] = *v
				}
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "json":
		var out []map[string]any
		for _, r := range rows {
			m := map[string]any{}
			for i, v := range r {
				if v == nil {
					m[cols[i]] = nil
				} else {
					m[cols[i]] = *v
				}
			}
			out = append(out, m)
		}
		if out == nil {
			out = []map[string]any{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(cols, "\t")+"\t")
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			if v == nil {
				cells[i] = "NULL"
			} else {
				cells[i] = *v
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	fmt.Fprintf(tw, "(%d rows)\t\n", len(rows))
	return tw.Flush()
}
