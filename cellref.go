package socdw

import (
	"fmt"
	"path/filepath"
	"strconv"
)

// CellRef is where a value came from: a file, a sheet (empty for CSV), a
// 1-based row (the line for CSV) and a 1-based column. It travels with every
// value from extract to load so that a fact, a reject and a finding all say
// where they came from.
type CellRef struct {
	File  string // path of the file as configured or given
	Sheet string // sheet name; empty for text files
	Row   int    // 1-based row, or line for text files
	Col   int    // 1-based column; 0 when the whole row is meant
}

// String prints the reference the way a person finds it again:
// "budget.xlsx!Blad1!C7" for a workbook, "export.csv:14:3" for a text file.
func (c CellRef) String() string {
	base := filepath.Base(c.File)
	if c.Sheet != "" {
		if c.Col > 0 {
			return fmt.Sprintf("%s!%s!%s%d", base, c.Sheet, ColumnName(c.Col), c.Row)
		}
		return fmt.Sprintf("%s!%s!row %d", base, c.Sheet, c.Row)
	}
	if c.Col > 0 {
		return fmt.Sprintf("%s:%d:%d", base, c.Row, c.Col)
	}
	return fmt.Sprintf("%s:%d", base, c.Row)
}

// ColumnLabel is the column as the source names it: a letter for a
// workbook, a number for a text file.
func (c CellRef) ColumnLabel() string {
	if c.Col <= 0 {
		return ""
	}
	if c.Sheet != "" {
		return ColumnName(c.Col)
	}
	return strconv.Itoa(c.Col)
}

// ColumnName turns a 1-based column number into its spreadsheet letters
// (1 → A, 27 → AA).
func ColumnName(col int) string {
	if col <= 0 {
		return ""
	}
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}
