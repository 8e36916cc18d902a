package cli

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// csvDialect is how an exported CSV file is written.
type csvDialect struct {
	comma   rune
	decimal string // the decimal separator of numbers
	bom     bool   // a UTF-8 byte order mark, so Excel reads å, ä, ö
	crlf    bool
}

// csvDialects: "excel" is what Swedish Excel opens with a double-click
// (semicolons, decimal comma, UTF-8 BOM, CRLF); "rfc" is RFC 4180 for
// programs (commas, decimal point, no BOM).
var csvDialects = map[string]csvDialect{
	"excel": {comma: ';', decimal: ",", bom: true, crlf: true},
	"rfc":   {comma: ',', decimal: ".", bom: false, crlf: false},
}

// exportCSV writes one file per view in dialect d. Text cells are escaped
// against formula injection (escapeFormula); numbers are written as
// numbers, negative ones too, with the dialect's decimal separator and
// their exact digits.
func exportCSV(ctx context.Context, db *sql.DB, out string, d csvDialect) error {
	for _, v := range exportViews {
		if err := exportCSVView(ctx, db, filepath.Join(out, v+".csv"), v, d); err != nil {
			return fmt.Errorf("%s: %w", v, err)
		}
	}
	return nil
}

func exportCSVView(ctx context.Context, db *sql.DB, path, view string, d csvDialect) (err error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+view)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriter(f)
	if d.bom {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = d.comma, d.crlf
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = escapeFormula(c.Name())
	}
	cw.Write(rec)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = csvField(v, cols[i].DatabaseTypeName(), d)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvField is one value as the dialect writes it: NULL empty, numbers
// with the dialect's decimal separator, text escaped.
func csvField(v any, typ string, d csvDialect) string {
	if v == nil {
		return ""
	}
	s := formatValue(v)
	if isNumericType(typ) {
		if d.decimal != "." {
			s = strings.Replace(s, ".", d.decimal, 1)
		}
		return s
	}
	return escapeFormula(s)
}

func isNumericType(typ string) bool {
	switch {
	case strings.HasPrefix(typ, "DECIMAL"), typ == "DOUBLE", typ == "FLOAT", typ == "REAL",
		strings.HasSuffix(typ, "INT"), typ == "INTEGER", typ == "BIGINT", typ == "SMALLINT", typ == "TINYINT",
		typ == "HUGEINT", typ == "UBIGINT", typ == "UINTEGER", typ == "USMALLINT", typ == "UTINYINT":
		return true
	}
	return false
}

// escapeFormula makes a text that a spreadsheet would run as a formula
// plain text: one starting with '=', '+', '-', '@', a tab or a carriage
// return gets a leading apostrophe, which Excel and LibreOffice show as
// nothing and read as "this is text" (OWASP's CSV injection advice). A
// value that comes from the warehouse's numeric columns is never passed
// here, so a negative amount stays a number.
func escapeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
