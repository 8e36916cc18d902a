package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/socdw/socdw"
)

// DefaultMaxUnzipBytes is the default limit on the sum of a workbook's
// inflated parts: none. Bombs are refused by the inflate ratio of each
// part and by the limits on what the reader holds (shared strings,
// styles, a row's width), so a legitimate workbook of a million rows and
// half a gigabyte of sheet XML streams through in constant memory.
const DefaultMaxUnzipBytes = 0

// XLSXOptions tunes reading a workbook.
type XLSXOptions struct {
	// MaxUnzipBytes caps the sum of the inflated sizes of the parts; 0 =
	// no cap (the per-part inflate ratio and the reader's limits apply).
	MaxUnzipBytes int64
	// TmpDir is kept for configuration compatibility: the streaming
	// reader writes no temporary files.
	TmpDir string
}

// Workbook is an open xlsx file, read by socdw's own streaming reader.
// Close it when done.
type Workbook struct {
	file     string
	zr       *zip.Reader
	closer   io.Closer
	ps       partSet
	sheets   []sheetEntry
	date1904 bool

	sstPart, stylesPart *zip.File
	sheetBytes          uint64 // inflated size of all worksheets: bounds what the shared strings may hold

	sst        []string
	sstDone    bool
	sstErr     error
	styles     *styleTable
	stylesDone bool
	stylesErr  error
}

// sheetEntry is one worksheet in workbook order.
type sheetEntry struct {
	name string
	part *zip.File
}

// OpenXLSX opens a workbook for streaming. file is the name used in
// lineage and errors. It refuses, naming the file and saying what to do,
// a file that is not a zip (an old .xls, an encrypted workbook, an HTML
// page), an OpenDocument or binary workbook, a workbook whose parts would
// inflate past the limits, and one whose workbook part cannot be read.
func OpenXLSX(file string, opt XLSXOptions) (*Workbook, error) {
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
	// An OLE2 compound file (.xls, an encrypted workbook) is named before
	// the zip reader looks at it: some hold bytes that pass for a zip's
	// end record, and the zip reader scans from the end.
	if isOLE2(file) {
		return fail(describeNonZip(file))
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return fail(describeNonZip(file))
	}
	w, err := openZip(file, &zr.Reader, zr, opt)
	if err != nil {
		zr.Close()
		return fail(err)
	}
	return w, nil
}

// openZip reads the workbook of an open zip archive; closer is closed
// with the workbook.
func openZip(file string, zr *zip.Reader, closer io.Closer, opt XLSXOptions) (*Workbook, error) {
	w := &Workbook{file: file, zr: zr, closer: closer, ps: newPartSet(zr)}
	if err := w.open(opt); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Workbook) open(opt XLSXOptions) error {
	if err := w.otherFormat(); err != nil {
		return err
	}
	if opt.MaxUnzipBytes > 0 {
		var total uint64
		for _, zf := range w.zr.File {
			total += zf.UncompressedSize64
		}
		if total > uint64(opt.MaxUnzipBytes) {
			return fmt.Errorf("%w: it would inflate to %d MiB, max_unzip_mb is %d", ErrTooLarge, total>>20, opt.MaxUnzipBytes>>20)
		}
	}
	wbName := "xl/workbook.xml"
	rootRels, err := relsOf(w.ps, "")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	for _, r := range rootRels {
		if relType(r.typ) == "officeDocument" && !r.external {
			wbName = resolve("", r.target)
			break
		}
	}
	wbPart, ok := w.ps.get(wbName)
	if !ok {
		return fmt.Errorf("%w: it has no workbook part (%s)", ErrNotXLSX, wbName)
	}
	rels, err := relsOf(w.ps, wbPart.Name)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	byID := map[string]relationship{}
	for _, r := range rels {
		byID[r.id] = r
		if r.external {
			continue
		}
		switch relType(r.typ) {
		case "sharedStrings":
			w.sstPart, _ = w.ps.get(resolve(wbPart.Name, r.target))
		case "styles":
			w.stylesPart, _ = w.ps.get(resolve(wbPart.Name, r.target))
		}
	}
	type declared struct{ name, rid string }
	var decl []declared
	err = scanPart(wbPart, func(s *xmlScanner) error {
		for s.Next() != tokEOF {
			if s.kind != tokStart {
				continue
			}
			switch string(s.name) {
			case "workbookPr":
				v := s.attrString("date1904")
				w.date1904 = v == "1" || v == "true"
			case "sheet":
				if len(decl) >= 1<<16 {
					return fmt.Errorf("%w: more than 65536 sheets", ErrMalformed)
				}
				decl = append(decl, declared{name: s.attrString("name"), rid: s.attrString("id")})
			}
		}
		return s.Err()
	})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	for _, d := range decl {
		r, ok := byID[d.rid]
		if !ok || r.external {
			return fmt.Errorf("%w: sheet %q has no part (relationship %q)", ErrNotXLSX, d.name, d.rid)
		}
		if relType(r.typ) != "worksheet" {
			continue // a chart sheet, dialog or macro sheet holds no cells
		}
		zf, ok := w.ps.get(resolve(wbPart.Name, r.target))
		if !ok {
			return fmt.Errorf("%w: sheet %q: part %s is missing", ErrNotXLSX, d.name, resolve(wbPart.Name, r.target))
		}
		w.sheets = append(w.sheets, sheetEntry{name: d.name, part: zf})
		w.sheetBytes += zf.UncompressedSize64
	}
	// Refuse a bomb before a byte of it is inflated.
	for _, zf := range []*zip.File{w.sstPart, w.stylesPart} {
		if zf != nil {
			if err := checkRatio(zf); err != nil {
				return err
			}
		}
	}
	for _, sh := range w.sheets {
		if err := checkRatio(sh.part); err != nil {
			return fmt.Errorf("sheet %q: %w", sh.name, err)
		}
	}
	return nil
}

// otherFormat names the spreadsheet formats that come as zip archives
// but are not xlsx workbooks.
func (w *Workbook) otherFormat() error {
	if zf, ok := w.ps.get("mimetype"); ok && zf.UncompressedSize64 < 256 {
		if rc, err := zf.Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if bytes.Contains(b, []byte("opendocument.spreadsheet")) {
				return fmt.Errorf("%w: it is an OpenDocument spreadsheet (.ods): open it in LibreOffice Calc or Excel and save it as .xlsx", ErrUnsupported)
			}
			if bytes.Contains(b, []byte("opendocument")) {
				return fmt.Errorf("%w: it is an OpenDocument file (%s), not a spreadsheet workbook", ErrUnsupported, bytes.TrimSpace(b))
			}
		}
	}
	if _, ok := w.ps.get("xl/workbook.bin"); ok {
		return fmt.Errorf("%w: it is an Excel binary workbook (.xlsb): open it in Excel and save it as .xlsx", ErrUnsupported)
	}
	return nil
}

// oleMagic starts every OLE2 compound file.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// isOLE2 reports whether the file starts as an OLE2 compound file.
func isOLE2(file string) bool {
	fh, err := os.Open(file)
	if err != nil {
		return false
	}
	defer fh.Close()
	head := make([]byte, len(oleMagic))
	n, _ := io.ReadFull(fh, head)
	return bytes.Equal(head[:n], oleMagic)
}

// describeNonZip says what a file that is no zip archive holds instead,
// and what to do with it.
func describeNonZip(file string) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	if bytes.HasPrefix(head, oleMagic) {
		fh.Seek(0, io.SeekStart)
		if oleHasStream(fh, "EncryptedPackage") {
			return fmt.Errorf("%w: it is an encrypted (password-protected) workbook: open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx", ErrUnsupported)
		}
		return fmt.Errorf("%w: it is an Excel 97–2003 workbook (.xls): open it in Excel or LibreOffice and save it as .xlsx", ErrUnsupported)
	}
	low := bytes.ToLower(bytes.TrimSpace(head))
	switch {
	case bytes.HasPrefix(low, []byte("pk")):
		return fmt.Errorf("%w: the zip archive is truncated or damaged", ErrNotXLSX)
	case bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype html")):
		return fmt.Errorf("%w: it is an HTML page saved with a workbook's name", ErrNotXLSX)
	case bytes.HasPrefix(low, []byte("<?xml")):
		return fmt.Errorf("%w: it is an XML file, not a zipped workbook", ErrNotXLSX)
	}
	return fmt.Errorf("%w: it is not a zip archive", ErrNotXLSX)
}

// oleHasStream reports whether an OLE2 compound file names a stream: the
// directory entries hold names in UTF-16LE. Encrypted OOXML workbooks are
// OLE2 files with an "EncryptedPackage" stream. The first 64 MiB are
// searched, in chunks that overlap by a name's length.
func oleHasStream(r io.Reader, name string) bool {
	var want []byte
	for _, c := range name {
		want = append(want, byte(c), 0)
	}
	buf := make([]byte, 1<<20+len(want))
	keep := 0
	for read := 0; read < 64<<20; {
		n, err := io.ReadFull(r, buf[keep:])
		if bytes.Contains(buf[:keep+n], want) {
			return true
		}
		if err != nil {
			return false
		}
		read += n
		keep = copy(buf, buf[keep+n-len(want):keep+n])
	}
	return false
}

// Sheets lists the worksheet names in workbook order. Hidden sheets are
// listed; chart sheets are not. Two sheets may share a name in a
// hand-made archive: open them by position with SheetAt.
func (w *Workbook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// Sheet opens the first worksheet of a name as a row stream.
func (w *Workbook) Sheet(name string) (Sheet, error) {
	for i, s := range w.sheets {
		if s.name == name {
			return w.SheetAt(i)
		}
	}
	return nil, &Error{Ref: socdw.CellRef{File: w.file, Sheet: name}, Err: errors.New("no such sheet")}
}

// SheetAt opens the i-th worksheet (from 0, in Sheets order) as a row
// stream. Close the workbook, not the sheet.
func (w *Workbook) SheetAt(i int) (Sheet, error) {
	e := w.sheets[i]
	fail := func(err error) (Sheet, error) {
		return nil, &Error{Ref: socdw.CellRef{File: w.file, Sheet: e.name}, Err: err}
	}
	sst, err := w.sharedStrings()
	if err != nil {
		return fail(err)
	}
	st, err := w.styleTable()
	if err != nil {
		return fail(err)
	}
	part, err := openPart(e.part)
	if err != nil {
		return fail(err)
	}
	rc := newReadAhead(part)
	return &xlsxSheet{wb: w, entry: e, rc: rc, sc: newXMLScanner(rc), sst: sst, styles: st}, nil
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

// Styler is a sheet whose cells have styles (a workbook's, not a CSV's).
type Styler interface {
	Style(row, col int) CellStyle
}

// Close releases the workbook.
func (w *Workbook) Close() error {
	if w.closer == nil {
		return nil
	}
	return w.closer.Close()
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
