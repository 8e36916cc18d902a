package extract

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/socdw/socdw"
)

// Kind tells how a value was stored in its file.
type Kind uint8

// Kinds of cell values.
const (
	KindEmpty  Kind = iota // no value
	KindText               // a string (every CSV field is text)
	KindNumber             // a number stored as a number: Text holds its raw decimal form ("3970", "1.5E-2")
	KindBool               // TRUE/FALSE
	KindError              // a formula error such as #DIV/0!
)

// Cell is one value and how it was stored. Its column is its index in the
// row plus one.
type Cell struct {
	Text string
	Kind Kind
	// Percent is set for a number shown with a percentage format: Excel
	// stores 8,96 % as 0.0896.
	Percent bool
	// Indent is the cell's alignment indent in a workbook (0 in text).
	Indent int
}

// Row is one row of a sheet or one record of a text file, with its 1-based
// number (the line for text files).
type Row struct {
	Num   int
	Cells []Cell
}

// Value returns the text of the cell in 1-based column col, or "".
func (r Row) Value(col int) string {
	if col < 1 || col > len(r.Cells) {
		return ""
	}
	return r.Cells[col-1].Text
}

// IsBlank reports whether no cell of the row holds anything but spaces.
func (r Row) IsBlank() bool {
	for _, c := range r.Cells {
		if c.Kind != KindEmpty && !isSpace(c.Text) {
			return false
		}
	}
	return true
}

func isSpace(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\u00a0' && r != '\u202f' && r != '\r' && r != '\n' {
			return false
		}
	}
	return true
}

// Range is a rectangle of cells, 1-based and inclusive: a merged cell.
type Range struct {
	FromRow, FromCol, ToRow, ToCol int
}

// Sheet is a stream of rows: a worksheet of a workbook or the whole of a
// text file. Call Next until it returns false, then Err.
type Sheet interface {
	// Name is the sheet's name; empty for a text file.
	Name() string
	// Merges are the merged ranges of the sheet (none for text files).
	Merges() []Range
	// Next advances to the next non-empty row.
	Next() bool
	// Row is the current row; its Cells may be reused by the next call.
	Row() Row
	// Err is the error that stopped Next, if any.
	Err() error
}

// Error is a problem with a file, pointing at where it is.
type Error struct {
	Ref socdw.CellRef // File always; Sheet, Row and Col where known
	Err error
}

func (e *Error) Error() string {
	if e.Ref.Row == 0 && e.Ref.Sheet == "" {
		return fmt.Sprintf("%s: %v", e.Ref.File, e.Err)
	}
	if e.Ref.Row == 0 && e.Ref.Col == 0 {
		return fmt.Sprintf("%s!%s: %v", filepath.Base(e.Ref.File), e.Ref.Sheet, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Ref, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Errors a caller may test for with errors.Is.
var (
	ErrEmptyFile   = errors.New("file is empty")
	ErrNotXLSX     = errors.New("not an xlsx workbook")
	ErrTooLarge    = errors.New("workbook past the reader's limits")
	ErrUnsupported = errors.New("unsupported file type")
)
