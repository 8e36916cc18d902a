package extract

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/socdw/socdw"
)

// Limits of a worksheet, from what Excel allows and what a table is.
const (
	maxSheetRows = 1 << 20 // 1 048 576, Excel's last row
	maxSheetCols = 1 << 14 // 16 384, column XFD
	// A row wider than sparseWidth must have at least one cell in every
	// sparseRatio columns: a row with a cell in A and one in XFD is no
	// table, and read into a report it would hold 16 384 cells for two.
	sparseWidth = 1024
	sparseRatio = 4
	maxMerges   = 1 << 18
	maxColSpecs = maxSheetCols
	// date1904Offset is the days between the 1900 and 1904 date systems:
	// a workbook saved with dates from 1904 stores 2017-01-31 as 41304.
	date1904Offset = 1462
)

// ErrSparseRow is a row whose cells lie too far apart to be a table's.
var ErrSparseRow = errors.New("row too sparse")

// xlsxSheet streams one worksheet's XML row by row.
type xlsxSheet struct {
	wb     *Workbook
	entry  sheetEntry
	rc     io.ReadCloser
	sc     *xmlScanner
	sst    []string
	styles *styleTable

	cols   []colStyle // column styles from <cols>, for cells without their own
	merges []Range

	num   int // the number of the last row read
	row   Row
	xf    []int32 // the current row's cell formats, by column
	rowXF int32   // the current row's own format, for its cells without one
	vals  []byte  // the current row's values, one string per row
	cells []pendingCell

	done bool
	err  error
}

type colStyle struct{ min, max, xf int32 }

// pendingCell is a cell of the row being read, before the row's values
// become one string.
type pendingCell struct {
	col, xf  int32
	sst      int32 // index into the shared strings, or -1
	from, to int32 // its value in vals
	str      bool  // typed as text (t="s", "inlineStr" or "str")
}

func (s *xlsxSheet) Name() string { return s.entry.name }
func (s *xlsxSheet) Row() Row     { return s.row }
func (s *xlsxSheet) Err() error   { return s.err }

// Next reads up to the next row that holds a value. After the last row
// it reads the rest of the part (merged cells, and the zip's checksum at
// the end), so a damaged sheet fails instead of loading in part.
func (s *xlsxSheet) Next() bool {
	for !s.done {
		switch s.sc.Next() {
		case tokEOF:
			s.finish()
			return false
		case tokEnd:
			continue
		}
		var err error
		switch string(s.sc.name) {
		case "row":
			if err = s.readRow(); err == nil && !s.row.IsBlank() {
				return true
			}
		case "col":
			err = s.readCol()
		case "mergeCell":
			err = s.readMerge()
		case "worksheet", "sheetData", "cols", "mergeCells":
		case "c":
			err = fmt.Errorf("%w: a cell outside a row", ErrMalformed)
		default:
			s.sc.Skip() // views, formats, conditional formats, page setup, extLst…
		}
		if err != nil {
			s.fail(err)
			return false
		}
	}
	return false
}

func (s *xlsxSheet) finish() {
	s.done = true
	s.rc.Close()
	if err := s.sc.Err(); err != nil {
		s.fail(err)
	}
}

func (s *xlsxSheet) fail(err error) {
	if !s.done {
		s.done = true
		s.rc.Close()
	}
	if s.err == nil {
		s.err = &Error{Ref: socdw.CellRef{File: s.wb.file, Sheet: s.entry.name, Row: s.num},
			Err: fmt.Errorf("part %s: %w", s.entry.part.Name, err)}
	}
}

// readRow reads the <row> element whose start tag is current.
func (s *xlsxSheet) readRow() error {
	sc := s.sc
	num := s.num + 1
	s.rowXF = 0
	var custom bool
	for a := sc.attrs; ; {
		name, val, rest, ok, err := nextAttr(a)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		a = rest
		switch string(name) {
		case "r":
			n, err := strconv.Atoi(string(val))
			if err != nil || n < 1 || n > maxSheetRows {
				return fmt.Errorf("%w: row number %q", ErrMalformed, val)
			}
			if n <= s.num {
				return fmt.Errorf("%w: row %d after row %d: rows out of order", ErrMalformed, n, s.num)
			}
			num = n
		case "s":
			n, _ := strconv.Atoi(string(val))
			s.rowXF = int32(n)
		case "customFormat":
			custom = string(val) == "1" || string(val) == "true"
		}
	}
	if !custom {
		s.rowXF = 0
	}
	if num > maxSheetRows {
		return fmt.Errorf("%w: more than %d rows", ErrMalformed, maxSheetRows)
	}
	s.num = num
	s.row.Num = num
	s.row.Cells = s.row.Cells[:0]
	s.xf = s.xf[:0]
	s.vals = s.vals[:0]
	s.cells = s.cells[:0]
	if sc.empty {
		return nil
	}
	col := int32(0)
	for {
		switch sc.Next() {
		case tokEOF:
			if sc.Err() != nil {
				return sc.Err()
			}
			return fmt.Errorf("%w: the part ends inside row %d", ErrMalformed, num)
		case tokEnd:
			if string(sc.name) == "row" {
				return s.buildRow()
			}
			continue
		}
		if string(sc.name) != "c" {
			sc.Skip()
			continue
		}
		var err error
		if col, err = s.readCell(col); err != nil {
			return err
		}
	}
}

// readCell reads the <c> element whose start tag is current; prev is the
// column of the cell before it in the row.
func (s *xlsxSheet) readCell(prev int32) (int32, error) {
	sc := s.sc
	col := prev + 1
	var typ [9]byte
	tn := 0
	xf := int32(0)
	for a := sc.attrs; ; {
		name, val, rest, ok, err := nextAttr(a)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		a = rest
		switch string(name) {
		case "r":
			c, ok := columnOf(val)
			if !ok {
				return 0, fmt.Errorf("%w: cell reference %q", ErrMalformed, val)
			}
			if c <= prev {
				return 0, fmt.Errorf("%w: cell %s after column %s: cells out of order", ErrMalformed, val, socdw.ColumnName(int(prev)))
			}
			col = c
		case "t":
			tn = copy(typ[:], val)
		case "s":
			n, err := strconv.Atoi(string(val))
			if err != nil || n < 0 {
				return 0, fmt.Errorf("%w: cell style %q", ErrMalformed, val)
			}
			xf = int32(n)
		}
	}
	if col > maxSheetCols {
		return 0, fmt.Errorf("%w: a cell past column XFD", ErrMalformed)
	}
	t := string(typ[:tn]) // no allocation: compared only
	pc := pendingCell{col: col, xf: xf, sst: -1, from: int32(len(s.vals)), str: t == "s" || t == "inlineStr" || t == "str"}
	// Most cells are <v>text</v></c> or <is><t>text</t></is></c>: read
	// them in one step, anything else token by token.
	open, close := "<v>", "</v></c>"
	if t == "inlineStr" {
		open, close = "<is><t>", "</t></is></c>"
	}
	if v, ok := sc.simpleContent(open, close); ok {
		s.vals = append(s.vals, v...)
	} else if !sc.empty {
		inline := false
		for done := false; !done; {
			switch sc.Next() {
			case tokEOF:
				if sc.Err() != nil {
					return 0, sc.Err()
				}
				return 0, fmt.Errorf("%w: the part ends inside a cell", ErrMalformed)
			case tokEnd:
				done = string(sc.name) == "c"
				continue
			}
			switch string(sc.name) {
			case "v":
				if !inline {
					s.vals = sc.Text(s.vals)
				}
			case "is":
				if t == "inlineStr" {
					s.vals = s.vals[:pc.from]
					inline = true
					s.readInline()
				} else {
					sc.Skip()
				}
			default:
				sc.Skip() // the formula <f>, extLst
			}
		}
		if err := sc.Err(); err != nil {
			return 0, err
		}
	}
	pc.to = int32(len(s.vals))
	if t == "s" && pc.to > pc.from {
		i, err := strconv.Atoi(string(trimSpace(s.vals[pc.from:pc.to])))
		if err != nil || i < 0 || i >= len(s.sst) {
			return 0, fmt.Errorf("%w: cell %s%d: shared string %q is not in the table of %d", ErrMalformed, socdw.ColumnName(int(col)), s.num, s.vals[pc.from:pc.to], len(s.sst))
		}
		pc.sst = int32(i)
		s.vals = s.vals[:pc.from]
		pc.to = pc.from
	}
	s.cells = append(s.cells, pc)
	return col, nil
}

// readInline appends an inline string's text: its <t>, or its runs' <t>,
// not the phonetic reading <rPh>.
func (s *xlsxSheet) readInline() {
	sc := s.sc
	depth := sc.depth
	for sc.depth >= depth {
		if sc.Next() == tokEOF {
			return
		}
		if sc.kind != tokStart {
			continue
		}
		switch string(sc.name) {
		case "t":
			s.vals = sc.Text(s.vals)
		case "r":
		default:
			sc.Skip()
		}
	}
}

// buildRow turns the row's pending cells into Row.Cells: one string for
// the row's values, empty cells in the gaps, no empty cells at the end.
func (s *xlsxSheet) buildRow() error {
	for len(s.cells) > 0 {
		last := s.cells[len(s.cells)-1]
		if last.sst >= 0 || last.to > last.from {
			break
		}
		s.cells = s.cells[:len(s.cells)-1]
	}
	if len(s.cells) == 0 {
		return nil
	}
	width := int(s.cells[len(s.cells)-1].col)
	if width > sparseWidth && width > sparseRatio*len(s.cells) {
		return fmt.Errorf("%w: row %d reaches column %s with %d cells; delete the cells far to the right, or the empty columns between",
			ErrSparseRow, s.num, socdw.ColumnName(width), len(s.cells))
	}
	vals := string(s.vals)
	s.row.Cells = append(s.row.Cells[:0], make([]Cell, width)...)
	s.xf = append(s.xf[:0], make([]int32, width)...)
	for _, pc := range s.cells {
		var text string
		if pc.sst >= 0 {
			text = s.sst[pc.sst]
		} else {
			text = vals[pc.from:pc.to]
		}
		k := kindOf(text)
		if k == KindNumber && pc.str && strings.IndexByte(text, '.') >= 0 {
			// Text that looks like a raw number with a dot ("1.200",
			// "3.75") is what a person or another program typed: whether
			// its dot is a decimal point or groups thousands is its
			// column's decimal convention, which transform decides.
			// Excel's own raw numbers never need that question.
			k = KindText
		}
		if s.wb.date1904 && k == KindNumber && s.styleOf(pc.col, pc.xf).Date {
			text = shiftDays(text, date1904Offset)
		}
		s.row.Cells[pc.col-1] = Cell{Text: text, Kind: k}
		s.xf[pc.col-1] = pc.xf
	}
	return nil
}

// styleOf is the style a cell shows: its own format, else its row's,
// else its column's.
func (s *xlsxSheet) styleOf(col, xf int32) CellStyle {
	if xf == 0 {
		xf = s.rowXF
	}
	if xf == 0 {
		for _, c := range s.cols {
			if c.min <= col && col <= c.max {
				xf = c.xf
				break
			}
		}
	}
	return s.styles.style(int(xf))
}

// Style is the style of a cell of the current row (the row Next last
// returned); cells of other rows have none.
func (s *xlsxSheet) Style(row, col int) CellStyle {
	if row != s.row.Num || col < 1 || col > len(s.xf) {
		return CellStyle{}
	}
	return s.styleOf(int32(col), s.xf[col-1])
}

func (s *xlsxSheet) readCol() error {
	if len(s.cols) >= maxColSpecs {
		return fmt.Errorf("%w: more than %d column formats", ErrMalformed, maxColSpecs)
	}
	lo, _ := strconv.Atoi(string(attrOr(s.sc, "min")))
	hi, _ := strconv.Atoi(string(attrOr(s.sc, "max")))
	xf, _ := strconv.Atoi(string(attrOr(s.sc, "style")))
	if xf > 0 {
		s.cols = append(s.cols, colStyle{min: int32(lo), max: int32(hi), xf: int32(xf)})
	}
	return s.sc.Err()
}

func (s *xlsxSheet) readMerge() error {
	if len(s.merges) >= maxMerges {
		return fmt.Errorf("%w: more than %d merged ranges", ErrTooLarge, maxMerges)
	}
	ref := attrOr(s.sc, "ref")
	if r, ok := parseRange(ref); ok {
		s.merges = append(s.merges, r)
	}
	return s.sc.Err()
}

func attrOr(sc *xmlScanner, name string) []byte {
	v, _ := sc.attr(name)
	return v
}

// Merges are the sheet's merged ranges, read as the part streams past
// after its rows. Asked before the rows are all read, it reads them from
// a second pass over the part.
func (s *xlsxSheet) Merges() []Range {
	if s.done {
		return s.merges
	}
	rc, err := openPart(s.entry.part)
	if err != nil {
		return nil
	}
	defer rc.Close()
	o := &xlsxSheet{wb: s.wb, entry: s.entry, rc: rc, sc: newXMLScanner(rc)}
	for sc := o.sc; sc.Next() != tokEOF; {
		if sc.kind == tokStart && string(sc.name) == "mergeCell" && o.readMerge() != nil {
			break
		}
	}
	return o.merges
}

// parseRange reads a merged range "A1:C2" (or a single cell "A1").
func parseRange(ref []byte) (Range, bool) {
	from, to := ref, ref
	for i, c := range ref {
		if c == ':' {
			from, to = ref[:i], ref[i+1:]
			break
		}
	}
	c1, r1, ok1 := cellOf(from)
	c2, r2, ok2 := cellOf(to)
	if !ok1 || !ok2 {
		return Range{}, false
	}
	return Range{FromRow: r1, FromCol: int(c1), ToRow: r2, ToCol: int(c2)}, true
}

// columnOf reads the column of a cell reference "AB12" (or "$AB$12").
func columnOf(ref []byte) (int32, bool) {
	c, _, ok := cellOf(ref)
	return c, ok
}

// cellOf reads a cell reference "AB12" into column and row.
func cellOf(ref []byte) (int32, int, bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	col := int32(0)
	start := i
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int32(c-'a'+1)
		if col > maxSheetCols {
			return 0, 0, false
		}
	}
	if i == start {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	row := 0
	digits := 0
	for ; i < len(ref) && ref[i] >= '0' && ref[i] <= '9'; i++ {
		row = row*10 + int(ref[i]-'0')
		digits++
		if row > maxSheetRows {
			return 0, 0, false
		}
	}
	if digits == 0 || i != len(ref) {
		return 0, 0, false
	}
	return col, row, true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isXMLSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// shiftDays adds days to a raw serial date number, exactly.
func shiftDays(raw string, days int64) string {
	n, err := socdw.ParseRawNumber(raw)
	if err != nil || n.Exp > 15 || n.Exp < 0 {
		return raw
	}
	p := int64(1)
	for i := 0; i < n.Exp; i++ {
		p *= 10
	}
	n.Coef += days * p
	s := strconv.FormatInt(n.Coef, 10)
	if n.Exp == 0 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for len(s) <= n.Exp {
		s = "0" + s
	}
	s = s[:len(s)-n.Exp] + "." + s[len(s)-n.Exp:]
	if neg {
		s = "-" + s
	}
	return s
}
