package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw"
)

// DefaultMaxUnzipBytes is the default limit on how far a workbook may
// inflate: the sum of its parts' uncompressed sizes. A zip bomb is refused
// before a byte of it is inflated.
const DefaultMaxUnzipBytes = 512 << 20

// mergeScanLimit is the largest sheet XML whose merged cells are read.
// Reading merges parses the whole sheet into memory, so it is done only for
// sheets of report size; data dumps that large do not use merged headers,
// and header recognition fills group labels forward without them.
const mergeScanLimit = 16 << 20

// XLSXOptions tunes reading a workbook.
type XLSXOptions struct {
	MaxUnzipBytes int64  // 0 = DefaultMaxUnzipBytes
	TmpDir        string // where excelize spills large sheets; "" = system default
}

// Workbook is an open xlsx file. Close it when done.
type Workbook struct {
	file   string
	f      *excelize.File
	sheets []string
	sizes  map[string]uint64 // sheet name -> uncompressed XML size
}

// OpenXLSX opens a workbook for streaming. file is the name used in
// lineage and errors. It refuses a file that is not a zip, one that would
// inflate past the limit, and one excelize cannot read, naming the file.
func OpenXLSX(file string, opt XLSXOptions) (*Workbook, error) {
	limit := opt.MaxUnzipBytes
	if limit <= 0 {
		limit = DefaultMaxUnzipBytes
	}
	fail := func(err error) (*Workbook, error) {
		return nil, &Error{Ref: socdw.CellRef{File: file}, Err: err}
	}
	st, err := os.Stat(file)
	if err != nil {
		return fail(err)
	}
	if st.Size() == 0 {
		return fail(ErrEmptyFile)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return fail(fmt.Errorf("%w: %s", ErrNotXLSX, describeNonZip(file)))
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
	}
	sizes, perr := sheetSizes(&zr.Reader)
	zr.Close()
	if total > uint64(limit) {
		return fail(fmt.Errorf("%w: it would inflate to %d MiB, the limit is %d MiB", ErrTooLarge, total>>20, limit>>20))
	}
	if perr != nil {
		return fail(fmt.Errorf("%w: %v", ErrNotXLSX, perr))
	}
	xmlLimit := min(limit, int64(16<<20))
	f, err := excelize.OpenFile(file, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: xmlLimit,
		TmpDir:            opt.TmpDir,
	})
	if err != nil {
		return fail(fmt.Errorf("%w: %v", ErrNotXLSX, err))
	}
	return &Workbook{file: file, f: f, sheets: f.GetSheetList(), sizes: sizes}, nil
}

// describeNonZip says what a file named .xlsx holds instead, so the error
// tells a person what to look for.
func describeNonZip(file string) string {
	fh, err := os.Open(file)
	if err != nil {
		return err.Error()
	}
	defer fh.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(fh, head)
	head = bytes.ToLower(bytes.TrimSpace(head[:n]))
	switch {
	case bytes.HasPrefix(head, []byte("pk")):
		return "the zip archive is truncated or damaged"
	case bytes.HasPrefix(head, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return "it is an old binary .xls or an encrypted workbook; save it as .xlsx"
	case bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")):
		return "it is an HTML page saved with an .xlsx name"
	case bytes.HasPrefix(head, []byte("<?xml")):
		return "it is an XML file, not a zipped workbook"
	}
	return "it is not a zip archive"
}

// sheetSizes maps each sheet name to the uncompressed size of its XML part,
// read from the workbook's own part list.
func sheetSizes(zr *zip.Reader) (map[string]uint64, error) {
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[zf.Name] = zf
	}
	readXML := func(name string, v any) error {
		zf, ok := parts[name]
		if !ok {
			return fmt.Errorf("part %s is missing", name)
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	sizes := map[string]uint64{}
	for _, s := range wb.Sheets {
		if zf, ok := parts[targets[s.RID]]; ok {
			sizes[s.Name] = zf.UncompressedSize64
		}
	}
	return sizes, nil
}

// Sheets lists the sheet names in workbook order.
func (w *Workbook) Sheets() []string { return w.sheets }

// Sheet opens one sheet as a row stream. Close the workbook, not the sheet.
func (w *Workbook) Sheet(name string) (Sheet, error) {
	rows, err := w.f.Rows(name)
	if err != nil {
		return nil, &Error{Ref: socdw.CellRef{File: w.file, Sheet: name}, Err: err}
	}
	s := &xlsxSheet{file: w.file, name: name, rows: rows, wb: w}
	return s, nil
}

// CellStyle is what socdw reads from a cell's style: a percentage
// format (Excel stores 8,96 % as 0.0896) and the alignment indent that
// people use to show a row is a part of the one above.
type CellStyle struct {
	Percent bool
	Indent  int
	// Date is set for a number shown as a date: Excel stores 2017-01-31
	// as 42766, and month headers are often real dates shown as "jan".
	Date bool
	// Thousands is how many times the format divides by 1 000 for show:
	// '#,##0,' shows kronor as tkr, and the table says tkr.
	Thousands int
}

// styles looks up the styles of a report-sized sheet, each style once.
func (w *Workbook) styles(sheet string) func(row, col int) CellStyle {
	byStyle := map[int]CellStyle{}
	return func(row, col int) CellStyle {
		name, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return CellStyle{}
		}
		id, err := w.f.GetCellStyle(sheet, name)
		if err != nil || id == 0 {
			return CellStyle{}
		}
		cs, ok := byStyle[id]
		if !ok {
			if st, err := w.f.GetStyle(id); err == nil {
				cs.Percent = st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%"))
				cs.Date = (st.NumFmt >= 14 && st.NumFmt <= 22) || (st.NumFmt >= 45 && st.NumFmt <= 47) ||
					(st.CustomNumFmt != nil && isDateFormat(*st.CustomNumFmt))
				if st.CustomNumFmt != nil {
					cs.Thousands = scalingCommas(*st.CustomNumFmt)
				}
				if st.Alignment != nil {
					cs.Indent = st.Alignment.Indent
				}
			}
			byStyle[id] = cs
		}
		return cs
	}
}

// scalingCommas counts the commas right after the last digit placeholder
// of a format's first section: each divides the shown number by 1 000.
func scalingCommas(f string) int {
	if i := strings.IndexByte(f, ';'); i >= 0 {
		f = f[:i]
	}
	last := strings.LastIndexAny(f, "0#?")
	if last < 0 {
		return 0
	}
	n := 0
	for _, r := range f[last+1:] {
		if r != ',' {
			break
		}
		n++
	}
	return n
}

// isDateFormat reports whether a custom number format shows a date: it
// has year, month or day letters outside quotes and no digit placeholder.
func isDateFormat(f string) bool {
	inQuote, date := false, false
	for _, r := range strings.ToLower(f) {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '0' || r == '#' || r == '?':
			return false
		case r == 'y' || r == 'm' || r == 'd':
			date = true
		}
	}
	return date
}

// Close releases the workbook and its temporary files.
func (w *Workbook) Close() error { return w.f.Close() }

func parseRange(from, to string) (Range, bool) {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil {
		return Range{}, false
	}
	return Range{FromRow: r1, FromCol: c1, ToRow: r2, ToCol: c2}, true
}

type xlsxSheet struct {
	file, name string
	rows       *excelize.Rows
	wb         *Workbook
	merges     []Range
	mergesRead bool
	style      func(row, col int) CellStyle
	num        int
	row        Row
	err        error
	done       bool
}

func (s *xlsxSheet) Name() string { return s.name }

// Merges reads the sheet's merged cells on first call. It parses the
// whole sheet, so it is done only for sheets of report size, and only when
// asked: an export streams without it.
func (s *xlsxSheet) Merges() []Range {
	if s.mergesRead {
		return s.merges
	}
	s.mergesRead = true
	if s.wb.sizes[s.name] > mergeScanLimit {
		return nil
	}
	mc, err := s.wb.f.GetMergeCells(s.name, true)
	if err != nil {
		return nil
	}
	for _, m := range mc {
		if r, ok := parseRange(m.GetStartAxis(), m.GetEndAxis()); ok {
			s.merges = append(s.merges, r)
		}
	}
	return s.merges
}

// Style reads a cell's style. Like Merges, it is for report-sized sheets
// and parses the sheet only when first asked.
func (s *xlsxSheet) Style(row, col int) CellStyle {
	if s.wb.sizes[s.name] > mergeScanLimit {
		return CellStyle{}
	}
	if s.style == nil {
		s.style = s.wb.styles(s.name)
	}
	return s.style(row, col)
}

// Styler is a sheet whose cells have styles (a workbook's, not a CSV's).
type Styler interface {
	Style(row, col int) CellStyle
}

func (s *xlsxSheet) Row() Row   { return s.row }
func (s *xlsxSheet) Err() error { return s.err }

func (s *xlsxSheet) Next() bool {
	if s.done {
		return false
	}
	for s.rows.Next() {
		s.num++
		cols, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			s.fail(err)
			return false
		}
		// excelize numbers rows by their r attribute; Columns skips
		// nothing, but Next also yields rows with no cells. Keep our own
		// count in step with the sheet's row numbers.
		s.row.Num = s.num
		s.row.Cells = s.row.Cells[:0]
		for _, v := range cols {
			s.row.Cells = append(s.row.Cells, Cell{Text: v, Kind: kindOf(v)})
		}
		if s.row.IsBlank() {
			continue
		}
		return true
	}
	if err := s.rows.Error(); err != nil {
		s.fail(err)
		return false
	}
	s.done = true
	s.rows.Close()
	return false
}

func (s *xlsxSheet) fail(err error) {
	s.done = true
	s.rows.Close()
	s.err = &Error{Ref: socdw.CellRef{File: s.file, Sheet: s.name, Row: s.num}, Err: err}
}

// kindOf classifies a raw cell value. With RawCellValue excelize gives a
// numeric cell as its XML text ("3970", "1.5E-2"), a formula error as
// "#DIV/0!" and text as itself, so the shape of the text is enough.
func kindOf(v string) Kind {
	if v == "" {
		return KindEmpty
	}
	if isRawNumber(v) {
		return KindNumber
	}
	if v[0] == '#' && (strings.HasSuffix(v, "!") || strings.HasSuffix(v, "?") || v == "#N/A") {
		return KindError
	}
	return KindText
}

// isRawNumber matches the XML form of a number: -?digits[.digits][E[+-]digits].
func isRawNumber(v string) bool {
	i := 0
	if i < len(v) && v[i] == '-' {
		i++
	}
	digits := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
		digits++
	}
	if i < len(v) && v[i] == '.' {
		i++
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'E' || v[i] == 'e') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		e := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
			e++
		}
		if e == 0 {
			return false
		}
	}
	return i == len(v)
}
