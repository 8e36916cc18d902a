package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/socdw/socdw"
)

// Errors of text files a caller may test for with errors.Is.
var (
	// ErrLineTooLong is a record longer than TextOptions.MaxLineBytes, or
	// with more fields than a worksheet has columns. It is usually not a
	// text export at all, or a quote that is never closed.
	ErrLineTooLong = errors.New("line too long")
	// ErrBinary is a file with NUL bytes that is not UTF-16: a workbook,
	// an archive or an image given where a text export was expected.
	ErrBinary = errors.New("binary file, not a text export")
	// ErrInvalidUTF8 is a byte sequence that is not UTF-8 in a file read
	// as UTF-8. It is refused rather than replaced, since a replaced
	// character in an amount or a code silently changes the data.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
)

const (
	// textPeekSize is how much of a file detection looks at. Only this
	// much is held whole; the rest streams through fixed buffers.
	textPeekSize = 64 << 10
	// DefaultMaxLineBytes is the longest record read when
	// TextOptions.MaxLineBytes is 0.
	DefaultMaxLineBytes = 1 << 20
	// textMaxFields bounds the fields of a record at Excel's column limit:
	// a line of nothing but separators is short in bytes but would
	// otherwise cost a cell each.
	textMaxFields = 16384
	// textSniffRecords is how many non-empty records the separator is
	// chosen from.
	textSniffRecords = 20
)

// Encoding names accepted in TextOptions.Encoding and reported in TextInfo.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
	EncodingISO88591    = "iso-8859-1"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
)

// TextOptions tunes reading a text export; the zero value detects
// everything.
type TextOptions struct {
	// Comma is the field separator, an ASCII character other than a quote
	// or a line end; 0 detects it among ';', '\t', '|' and ','.
	Comma rune
	// Encoding is one of "utf-8", "windows-1252", "iso-8859-1",
	// "utf-16le" and "utf-16be" (a few aliases such as "cp1252" and
	// "latin1" are accepted too); "" detects it. A byte order mark of the
	// declared encoding is skipped; a mark of another one is read as text.
	Encoding string
	// MaxLineBytes is the longest record, counted in bytes after decoding
	// to UTF-8; 0 means DefaultMaxLineBytes. A longer one stops reading
	// with ErrLineTooLong naming its first line, so memory stays bounded.
	MaxLineBytes int
}

// TextInfo says what detection found, for `socdw check` output.
type TextInfo struct {
	Encoding string // one of the Encoding names
	Comma    rune   // the field separator
	BOM      bool   // whether the file began with a byte order mark
}

// TextSheet is a CSV or other text export read as a Sheet: one record per
// row, numbered by the line it starts on. Every field is KindText, or
// KindEmpty when empty. Records whose every field is blank are skipped.
//
// It streams: memory is bounded by MaxLineBytes and a few fixed buffers,
// whatever the size of the file.
type TextSheet struct {
	file      string
	info      TextInfo
	src       io.Reader // the file decoded to UTF-8
	checkUTF8 bool      // src is the raw file, so its bytes may not be UTF-8
	detected  bool      // the encoding was guessed, not declared
	comma     byte
	max       int
	stops     [256]bool // bytes that end an unquoted run: comma, CR, LF

	buf  []byte // decoded bytes; buf[r:w] is unread
	r, w int
	rerr error // error of the last read of src, io.EOF at the end
	line int   // line of the next unread byte

	rec     []byte // fields of the current record, unescaped, one after another
	ends    []int  // end of each field in rec
	flines  []int  // line each field starts on
	recLine int    // line the current record starts on
	raw     int    // bytes of the current record consumed so far

	row Row
	err error
}

var _ Sheet = (*TextSheet)(nil)

// quoteStops are the bytes that matter inside a quoted field.
var quoteStops = [256]bool{'"': true, '\n': true, '\r': true}

// OpenText reads a text export as a Sheet. file is the path used in
// CellRefs and errors. It looks at the first 64 KiB to detect what opt
// leaves open, then streams the rest from r.
//
// It returns an *Error wrapping ErrEmptyFile for a file of nothing but a
// byte order mark and white space, ErrBinary for a file that is not text,
// and ErrUnsupported for an unknown encoding name.
func OpenText(file string, r io.Reader, opt TextOptions) (*TextSheet, error) {
	fail := func(err error) (*TextSheet, error) {
		return nil, &Error{Ref: socdw.CellRef{File: file}, Err: err}
	}
	max := opt.MaxLineBytes
	if max <= 0 {
		max = DefaultMaxLineBytes
	}
	if c := opt.Comma; c != 0 && (c >= utf8.RuneSelf || c == '"' || c == '\r' || c == '\n') {
		return fail(fmt.Errorf("%w: separator %q (want an ASCII character other than a quote or a line end)", ErrUnsupported, c))
	}

	br := bufio.NewReaderSize(r, textPeekSize)
	peek, err := br.Peek(textPeekSize)
	complete := false // peek is the whole file
	if err != nil {
		if err != io.EOF {
			return fail(err)
		}
		complete = true
	}

	enc, bom := textBOM(peek)
	detected := false
	switch {
	case opt.Encoding != "":
		want, ok := textEncodingName(opt.Encoding)
		if !ok {
			return fail(fmt.Errorf("%w: text encoding %q", ErrUnsupported, opt.Encoding))
		}
		if want != enc {
			bom = 0
		}
		enc = want
	case enc == "":
		detected = true
		switch {
		case bytes.IndexByte(peek, 0) >= 0:
			// Only UTF-16 text has NULs; without its mark it shows as
			// every other byte being zero.
			if enc = textGuessUTF16(peek, complete); enc == "" {
				return fail(ErrBinary)
			}
		case textValidPrefix(peek, complete):
			enc = EncodingUTF8
		default:
			// Not UTF-8 and undeclared: Swedish Excel and business systems
			// write windows-1252, a superset of ISO-8859-1 in practice (it
			// only adds printable characters such as € in 0x80–0x9F).
			enc = EncodingWindows1252
		}
	}

	body := peek[bom:]
	head := string(body)
	if dec := textDecoder(enc); dec != nil {
		if (enc == EncodingUTF16LE || enc == EncodingUTF16BE) && len(body)%2 == 1 && !complete {
			body = body[:len(body)-1] // the cut fell inside a code unit
		}
		b, err := dec.Bytes(body)
		if err != nil {
			return fail(err)
		}
		head = string(b)
	}
	if complete && isSpace(head) {
		return fail(ErrEmptyFile)
	}

	comma := byte(opt.Comma)
	if comma == 0 {
		comma = textSniffComma(head, complete)
	}

	if _, err := br.Discard(bom); err != nil {
		return fail(err)
	}
	t := &TextSheet{
		file:      file,
		info:      TextInfo{Encoding: enc, Comma: rune(comma), BOM: bom > 0},
		src:       br,
		checkUTF8: enc == EncodingUTF8,
		detected:  detected,
		comma:     comma,
		max:       max,
		buf:       make([]byte, textPeekSize),
		line:      1,
	}
	if dec := textDecoder(enc); dec != nil {
		t.src = dec.Reader(br)
	}
	t.stops[comma], t.stops['\n'], t.stops['\r'] = true, true, true
	return t, nil
}

// Info says what encoding and separator the file is read with.
func (t *TextSheet) Info() TextInfo { return t.info }

// Name is empty: a text file has no sheets.
func (t *TextSheet) Name() string { return "" }

// Merges is nil: a text file has no merged cells.
func (t *TextSheet) Merges() []Range { return nil }

// Row is the current record. Its Cells slice is reused by the next call to
// Next; the strings in it are not.
func (t *TextSheet) Row() Row { return t.row }

// Err is the error that stopped Next, if any: an *Error naming the line.
func (t *TextSheet) Err() error { return t.err }

// Next advances to the next record that is not blank.
func (t *TextSheet) Next() bool {
	for t.err == nil && t.readRecord() {
		if t.checkUTF8 && !utf8.Valid(t.rec) {
			t.err = t.invalidUTF8()
			return false
		}
		// One string per record; the cells are slices of it, so a field
		// costs no allocation.
		s := string(t.rec)
		cells := t.row.Cells[:0]
		prev := 0
		for _, end := range t.ends {
			c := Cell{Text: s[prev:end], Kind: KindText}
			if prev == end {
				c.Kind = KindEmpty
			}
			cells = append(cells, c)
			prev = end
		}
		t.row = Row{Num: t.recLine, Cells: cells}
		if !t.row.IsBlank() {
			return true
		}
	}
	return false
}

// How a field ended.
const (
	textFieldNext    = iota // at a separator: another field follows
	textFieldLast           // at a line end or the end of input: the record is whole
	textFieldTooLong        // past the record limit
)

// readRecord reads the next record into rec, ends and flines. It reports
// false at the end of input or on an error, which it sets in err.
//
// It parses by hand rather than through encoding/csv, which has no bound
// on a record (a 10 MB line or an unclosed quote is read whole), does not
// end lines at a lone CR, and costs a second copy of every byte. The
// grammar is the same as csv's with LazyQuotes: a quote opens a quoted
// field only at the start of a field, "" in one is a quote, and a stray
// quote is kept as text.
func (t *TextSheet) readRecord() bool {
	if t.r == t.w && !t.fill() {
		return false
	}
	t.recLine = t.line
	t.rec, t.ends, t.flines = t.rec[:0], t.ends[:0], t.flines[:0]
	t.raw = 0
	for {
		t.flines = append(t.flines, t.line)
		var end int
		switch {
		case t.r == t.w && !t.fill():
			end = textFieldLast // the input ends after a separator
		case t.buf[t.r] == '"':
			t.r++
			t.raw++
			end = t.quoted()
		default:
			end = t.unquoted()
		}
		t.ends = append(t.ends, len(t.rec))
		if end == textFieldNext && len(t.ends) >= textMaxFields {
			t.err = t.errorAt(t.recLine, 0, fmt.Errorf("%w: record of more than %d fields", ErrLineTooLong, textMaxFields))
			return false
		}
		if end == textFieldTooLong {
			why := ""
			if t.line > t.recLine {
				why = " (a quote that is never closed runs a record on)"
			}
			t.err = t.errorAt(t.recLine, 0, fmt.Errorf("%w: record of more than %d bytes%s", ErrLineTooLong, t.max, why))
			return false
		}
		if t.err != nil { // a read error cut the record short
			return false
		}
		if end == textFieldLast {
			return true
		}
	}
}

// unquoted reads the rest of a field that does not start with a quote.
func (t *TextSheet) unquoted() int {
	for {
		b := t.buf[t.r:t.w]
		i := textIndexStop(b, &t.stops)
		if i < 0 {
			t.appendRec(b)
			t.raw += len(b)
			t.r = t.w
			if t.raw > t.max {
				return textFieldTooLong
			}
			if !t.fill() {
				return textFieldLast
			}
			continue
		}
		c := b[i]
		t.appendRec(b[:i])
		t.r += i + 1
		t.raw += i
		if c == t.comma {
			t.raw++ // a separator is part of the line, its line end is not
		}
		if t.raw > t.max {
			return textFieldTooLong
		}
		if c == t.comma {
			return textFieldNext
		}
		t.newline(c)
		return textFieldLast
	}
}

// quoted reads the rest of a field after its opening quote. A line end in
// it is kept as "\n" whatever the file's line ends are.
func (t *TextSheet) quoted() int {
	for {
		b := t.buf[t.r:t.w]
		i := textIndexStop(b, &quoteStops)
		if i < 0 {
			t.appendRec(b)
			t.raw += len(b)
			t.r = t.w
			if t.raw > t.max {
				return textFieldTooLong
			}
			if !t.fill() {
				return textFieldLast // an unclosed quote ends with the file
			}
			continue
		}
		c := b[i]
		t.appendRec(b[:i])
		t.raw += i + 1
		t.r += i + 1
		if t.raw > t.max {
			return textFieldTooLong
		}
		if c != '"' {
			t.rec = append(t.rec, '\n')
			t.newline(c)
			continue
		}
		if t.r == t.w && !t.fill() {
			return textFieldLast
		}
		switch n := t.buf[t.r]; n {
		case '"':
			t.rec = append(t.rec, '"')
			t.r++
			t.raw++
		case t.comma:
			t.r++
			t.raw++
			return textFieldNext
		case '\n', '\r':
			t.r++
			t.raw++
			t.newline(n)
			return textFieldLast
		default:
			// A quote inside the quoted text, not doubled: kept, and the
			// field goes on, as encoding/csv does with LazyQuotes.
			t.rec = append(t.rec, '"')
		}
	}
}

// appendRec appends b to rec. It doubles rec itself because append grows
// large slices by a quarter at a time, which allocates about five times a
// long record's size on the way to holding it; the cap is what the record
// limit lets rec reach.
func (t *TextSheet) appendRec(b []byte) {
	if need := len(t.rec) + len(b); need > cap(t.rec) {
		n := max(need, 2*cap(t.rec), 4096)
		n = max(min(n, t.max+len(t.buf)), need)
		grown := make([]byte, len(t.rec), n)
		copy(grown, t.rec)
		t.rec = grown
	}
	t.rec = append(t.rec, b...)
}

// newline counts the line end whose first byte c was just consumed. A CR
// followed by LF is one line end; a lone CR is one too (old Mac exports).
func (t *TextSheet) newline(c byte) {
	t.line++
	if c == '\r' && (t.r < t.w || t.fill()) && t.buf[t.r] == '\n' {
		t.r++
		t.raw++
	}
}

// fill reads more decoded input into buf, which must be all read. It
// reports false at the end of the input or on a read error, which it sets
// in err.
func (t *TextSheet) fill() bool {
	t.r, t.w = 0, 0
	for tries := 0; t.rerr == nil; tries++ {
		if tries == 100 {
			t.rerr = io.ErrNoProgress
			break
		}
		n, err := t.src.Read(t.buf)
		t.w, t.rerr = n, err
		if n > 0 {
			return true // an error with them waits for the next call
		}
	}
	if t.rerr != io.EOF && t.err == nil {
		t.err = t.errorAt(t.line, 0, t.rerr)
	}
	return false
}

// invalidUTF8 is the error for the current record, which is not valid
// UTF-8, naming the line and column of the first bad byte but not the
// bytes: they might be personal data.
func (t *TextSheet) invalidUTF8() error {
	err := ErrInvalidUTF8
	if t.detected {
		err = fmt.Errorf("%w (the first %d KiB of the file looked like UTF-8; declare its encoding if it is windows-1252)", ErrInvalidUTF8, textPeekSize>>10)
	}
	prev := 0
	for i, end := range t.ends {
		f := t.rec[prev:end]
		if bad := textFirstInvalid(f); bad >= 0 {
			return t.errorAt(t.flines[i]+bytes.Count(f[:bad], []byte{'\n'}), i+1, err)
		}
		prev = end
	}
	return t.errorAt(t.recLine, 0, err)
}

func (t *TextSheet) errorAt(line, col int, err error) error {
	return &Error{Ref: socdw.CellRef{File: t.file, Row: line, Col: col}, Err: err}
}

// textIndexStop is the index of the first byte of b in stop, or -1.
func textIndexStop(b []byte, stop *[256]bool) int {
	for i, c := range b {
		if stop[c] {
			return i
		}
	}
	return -1
}

// textFirstInvalid is the offset of the first byte of b that is not part of
// valid UTF-8, or -1.
func textFirstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// textBOM is the encoding a byte order mark at the start of p names, and
// the mark's length.
func textBOM(p []byte) (string, int) {
	switch {
	case bytes.HasPrefix(p, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8, 3
	case bytes.HasPrefix(p, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE, 2
	case bytes.HasPrefix(p, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE, 2
	}
	return "", 0
}

// textEncodingName is the canonical name of an encoding given in options.
func textEncodingName(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "utf-8", "utf8":
		return EncodingUTF8, true
	case "windows-1252", "cp1252", "windows1252", "win1252":
		return EncodingWindows1252, true
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return EncodingISO88591, true
	case "utf-16le", "utf16le":
		return EncodingUTF16LE, true
	case "utf-16be", "utf16be":
		return EncodingUTF16BE, true
	}
	return "", false
}

// textDecoder decodes enc to UTF-8; nil for UTF-8, which is read as is.
func textDecoder(enc string) *encoding.Decoder {
	switch enc {
	case EncodingWindows1252:
		return charmap.Windows1252.NewDecoder()
	case EncodingISO88591:
		return charmap.ISO8859_1.NewDecoder()
	case EncodingUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case EncodingUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	}
	return nil
}

// textValidPrefix reports whether p is UTF-8, allowing a character cut off
// at its end when p is only the start of the file.
func textValidPrefix(p []byte, complete bool) bool {
	if utf8.Valid(p) {
		return true
	}
	if complete {
		return false
	}
	for i := 1; i <= utf8.UTFMax-1 && i <= len(p); i++ {
		if utf8.RuneStart(p[len(p)-i]) {
			return !utf8.FullRune(p[len(p)-i:]) && utf8.Valid(p[:len(p)-i])
		}
	}
	return false
}

// textGuessUTF16 is the byte order of UTF-16 text without a mark: Swedish
// text is almost all below U+0100, so one byte of each pair is zero and
// the other almost never is. It is "" for anything else.
func textGuessUTF16(p []byte, complete bool) string {
	if complete && len(p)%2 == 1 {
		return ""
	}
	pairs := len(p) / 2
	if pairs == 0 {
		return ""
	}
	var zeroEven, zeroOdd int
	for i := 0; i+1 < len(p); i += 2 {
		if p[i] == 0 {
			zeroEven++
		}
		if p[i+1] == 0 {
			zeroOdd++
		}
	}
	switch {
	case zeroOdd*10 >= pairs*9 && zeroEven*100 <= pairs:
		return EncodingUTF16LE
	case zeroEven*10 >= pairs*9 && zeroOdd*100 <= pairs:
		return EncodingUTF16BE
	}
	return ""
}

// textCommas are the separators detection chooses among, most likely
// first: Swedish Excel writes ';' (',' is the decimal comma), business
// systems tabs or pipes, and ',' is as often text as a separator.
var textCommas = [...]byte{';', '\t', '|', ','}

// textSniffComma chooses the separator of head, the decoded start of a
// file (complete if it is the whole file).
//
// The first separator, in the order of textCommas, that splits most of
// the first non-empty records into the same number (>1) of fields wins.
// That keeps the decimal comma of "4 304,25" in a ';' file from making ','
// win however consistent it is. Failing that, the one whose consistent
// records hold the most separators wins, so that title rows with fewer
// fields above the header do not decide. Records where the candidate
// leaves a quote stray are not counted: they show it is the wrong one.
func textSniffComma(head string, complete bool) byte {
	var counts [len(textCommas)][]int
	for i, c := range textCommas {
		counts[i] = textFieldCounts(head, c, complete)
	}
	for _, strict := range []bool{true, false} {
		for i, c := range textCommas {
			if mode, support := textMode(counts[i], strict); mode > 1 && support*2 > len(counts[i]) {
				return c
			}
		}
		best, bestScore := textCommas[0], 0
		for i, c := range textCommas {
			mode, support := textMode(counts[i], strict)
			if score := support * (mode - 1); score > bestScore {
				best, bestScore = c, score
			}
		}
		if bestScore > 0 {
			return best
		}
	}
	return textCommas[0]
}

// textMode is the most common field count above 1 in counts (the larger
// on ties) and how many records have it. A negative count is a record
// with a stray quote, counted only when not strict.
func textMode(counts []int, strict bool) (mode, support int) {
	freq := map[int]int{}
	for _, n := range counts {
		if n < 0 {
			if strict {
				continue
			}
			n = -n
		}
		if n > 1 {
			freq[n]++
		}
	}
	for n, f := range freq {
		if f > support || f == support && n > mode {
			mode, support = n, f
		}
	}
	return mode, support
}

// textFieldCounts splits the first textSniffRecords non-empty records of
// head with comma, as readRecord would, and returns their field counts,
// negated for a record with a stray quote. A record cut off at the end of
// head is left out unless head is the whole file.
func textFieldCounts(head string, comma byte, complete bool) []int {
	var counts []int
	fields, empty, stray := 1, true, false
	inQuote, atStart := false, true
	flush := func() {
		if !empty {
			if stray {
				fields = -fields
			}
			counts = append(counts, fields)
		}
		fields, empty, stray, atStart = 1, true, false, true
	}
	for i := 0; i < len(head) && len(counts) < textSniffRecords; i++ {
		c := head[i]
		if inQuote {
			if c != '"' {
				continue
			}
			if i+1 == len(head) {
				inQuote = false
				continue
			}
			switch head[i+1] {
			case '"':
				i++
			case comma, '\n', '\r':
				inQuote = false
			default:
				stray = true
			}
			continue
		}
		switch c {
		case comma:
			fields++
			atStart, empty = true, false
		case '\n', '\r':
			if c == '\r' && i+1 < len(head) && head[i+1] == '\n' {
				i++
			}
			flush()
		case '"':
			if atStart {
				inQuote = true
			} else {
				stray = true
			}
			atStart, empty = false, false
		case ' ':
			atStart = false
		default:
			atStart, empty = false, false
		}
	}
	if complete && !inQuote && len(counts) < textSniffRecords {
		flush()
	}
	return counts
}
