package transform

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/pseudo"
)

// bookingWriter writes normalised booking lines (socdw.BookingColumns,
// tab-separated, UTF-8, no quoting) to one part file.
type bookingWriter struct {
	units    []socdw.BookingUnit // each ansvar once, in order of first sight
	seen     map[string]bool
	accounts []socdw.BookingAccount // each named konto once
	named    map[string]bool
	f        *os.File
	w        *bufio.Writer
	rows     int
	buf      []byte
	min      time.Time
	max      time.Time
	// The month last written and its text: an export's lines come in
	// runs of one month, so a date is formatted once per run, not per line.
	month     time.Time
	monthText []byte
	fields    []byte // the escaped code fields of the line being written
}

func newBookingWriter(path string) (*bookingWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &bookingWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), seen: map[string]bool{}, named: map[string]bool{}}, nil
}

// field appends a text field, with the tab and line breaks that would
// break the format turned into spaces.
func appendField(dst []byte, s string) []byte {
	if strings.ContainsAny(s, "\t\n\r") {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch c {
			case '\t', '\n', '\r':
				c = ' '
			}
			dst = append(dst, c)
		}
	} else {
		dst = append(dst, s...)
	}
	return append(dst, '\t')
}

func appendAmount(dst []byte, a socdw.NullAmount) []byte {
	if a.Valid {
		dst = a.Amount.Append(dst)
	}
	return dst
}

func (bw *bookingWriter) write(b *socdw.Booking) error {
	if !bw.seen[b.Ansvar] {
		bw.seen[b.Ansvar] = true
		bw.units = append(bw.units, socdw.BookingUnit{Ansvar: b.Ansvar, Name: b.AnsvarName, UnitKey: b.UnitKey})
	}
	if b.KontoName != "" && !bw.named[b.Konto] {
		bw.named[b.Konto] = true
		bw.accounts = append(bw.accounts, socdw.BookingAccount{Konto: b.Konto, Name: b.KontoName})
	}
	f := appendField(bw.fields[:0], b.Ansvar)
	i := len(f)
	f = appendField(f, b.Verksamhet)
	j := len(f)
	f = appendField(f, b.Konto)
	bw.fields = f
	return bw.line(b.Month, f[:i], f[i:j], f[j:], b.Actual, b.Budget, b.Row)
}

// line writes one booking line: its code fields come as written by
// appendField (tab included), so a chunk that has seen a code before
// writes the bytes it made then.
func (bw *bookingWriter) line(m time.Time, ansvar, verksamhet, konto []byte, actual, budget socdw.NullAmount, row int) error {
	d := bw.buf[:0]
	if !m.Equal(bw.month) || bw.monthText == nil {
		bw.month, bw.monthText = m, appendMonth(bw.monthText[:0], m)
		bw.span(m)
	}
	d = append(d, bw.monthText...)
	d = append(d, ansvar...)
	d = append(d, verksamhet...)
	d = append(d, konto...)
	d = appendAmount(d, actual)
	d = append(d, '\t')
	d = appendAmount(d, budget)
	d = append(d, '\t')
	d = strconv.AppendInt(d, int64(row), 10)
	d = append(d, '\n')
	bw.buf = d
	bw.rows++
	_, err := bw.w.Write(d)
	return err
}

// appendMonth appends the first day of m's month and a tab ("2017-03-01\t"),
// by hand: time's layout engine would cost more than the rest of the line.
func appendMonth(d []byte, m time.Time) []byte {
	y, mo := m.Year(), int(m.Month())
	if y < 1000 || y > 9999 {
		d = m.AppendFormat(d, time.DateOnly)
	} else {
		d = append(d, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
			'-', byte('0'+mo/10), byte('0'+mo%10), '-', '0', '1')
	}
	return append(d, '\t')
}

func (bw *bookingWriter) span(m time.Time) {
	if bw.min.IsZero() || m.Before(bw.min) {
		bw.min = m
	}
	if m.After(bw.max) {
		bw.max = m
	}
}

func (bw *bookingWriter) close() error {
	err := bw.w.Flush()
	if cerr := bw.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// bookingDirPattern names the temporary directories of booking parts.
const bookingDirPattern = "socdw-bookings-*"

// SweepTemp removes booking and figure directories older than age left
// in dir ("" = the system's) by a process that was killed before it could
// clean up.
func SweepTemp(dir string, age time.Duration) int {
	if dir == "" {
		dir = os.TempDir()
	}
	matches, _ := filepath.Glob(filepath.Join(dir, bookingDirPattern))
	more, _ := filepath.Glob(filepath.Join(dir, figureDirPattern))
	matches = append(matches, more...)
	n := 0
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.IsDir() && time.Since(st.ModTime()) > age {
			if os.RemoveAll(m) == nil {
				n++
			}
		}
	}
	return n
}

// bookingDir makes the batch's temporary directory for booking parts.
func (x *reportFile) bookingDir() (string, error) {
	return x.tempDir(&x.b.Bookings.Dir, bookingDirPattern)
}

// tempDir makes the directory *dir names, once, in the configured place.
func (x *reportFile) tempDir(dir *string, pattern string) (string, error) {
	if *dir == "" {
		d, err := os.MkdirTemp(x.opt.TmpDir, pattern)
		if err != nil {
			return "", err
		}
		*dir = d
	}
	return *dir, nil
}

// addUnits merges the ansvar and the named konton seen by one writer into
// the batch's.
func (x *reportFile) addUnits(us []socdw.BookingUnit, as []socdw.BookingAccount) {
	x.addAccounts(as)
	// A set, not a scan of the units held: an export whose ansvar all
	// differ would otherwise take time growing with their square (100 000
	// lines took 38 s).
	have := make(map[string]bool, len(x.b.Bookings.Units))
	for _, u := range x.b.Bookings.Units {
		have[u.Ansvar] = true
	}
	for _, u := range us {
		if !have[u.Ansvar] {
			have[u.Ansvar] = true
			x.b.Bookings.Units = append(x.b.Bookings.Units, u)
		}
	}
}

// addAccounts merges named konton into the batch's, the first name of
// each.
func (x *reportFile) addAccounts(as []socdw.BookingAccount) {
	have := make(map[string]bool, len(x.b.Bookings.Accounts))
	for _, a := range x.b.Bookings.Accounts {
		have[a.Konto] = true
	}
	for _, a := range as {
		if !have[a.Konto] {
			have[a.Konto] = true
			x.b.Bookings.Accounts = append(x.b.Bookings.Accounts, a)
		}
	}
}

// errFallBack sends an export down the general path: the fast path only
// takes what it can split by bytes alone.
var errFallBack = errors.New("fast path does not apply")

// fastBookings reads a finance export in parallel chunks straight from its
// bytes: no quotes, an ASCII-compatible encoding, lines ending in LF. It
// returns errFallBack when the file is not such a file, before anything
// is kept.
func (x *reportFile) fastBookings(ctx context.Context, info extract.TextInfo, l *exportLayout, info2 *socdw.TableInfo) error {
	var dec *[256]rune
	switch info.Encoding {
	case "utf-8":
	case "windows-1252", "iso-8859-1":
		dec = cp1252Table()
	default:
		return errFallBack
	}
	if info.Comma > utf8.RuneSelf {
		return errFallBack
	}
	f, err := os.Open(x.file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	workers := runtime.GOMAXPROCS(0)
	if size < 4<<20 {
		workers = 1
	}
	bounds := make([]int64, workers+1)
	bounds[workers] = size
	for i := 1; i < workers; i++ {
		b, err := nextLine(f, size*int64(i)/int64(workers))
		if err != nil {
			return err
		}
		bounds[i] = max(b, bounds[i-1])
	}
	dir, err := x.bookingDir()
	if err != nil {
		return err
	}
	// Count each chunk's lines first (at memory speed), so every worker
	// writes the true line numbers of the export.
	counts := make([]int, workers)
	errs := make([]error, workers)
	var cw sync.WaitGroup
	for i := 0; i < workers; i++ {
		cw.Add(1)
		go func(i int) {
			defer cw.Done()
			counts[i], errs[i] = countLines(f, bounds[i], bounds[i+1])
		}(i)
	}
	cw.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	results := make([]chunkResult, workers)
	chunks := make([]*chunk, workers)
	var wg sync.WaitGroup
	base := 0
	for i := 0; i < workers; i++ {
		first := base
		base += counts[i]
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := newChunk(x, l, dec, byte(info.Comma), bounds[i], bounds[i+1], first, filepath.Join(dir, fmt.Sprintf("part-%03d.tsv", i)))
			chunks[i] = c
			if i == 0 {
				c.skipLines = l.line // the header and any title lines above it
			}
			results[i] = c.run(ctx)
		}(i)
	}
	wg.Wait()
	var vote socdw.DecimalVote
	for _, r := range results {
		if r.err != nil {
			x.b.Bookings = socdw.BookingFiles{Dir: x.b.Bookings.Dir}
			return r.err
		}
		vote.Merge(r.vote)
	}
	if vote.Conflict() {
		x.b.Bookings = socdw.BookingFiles{Dir: x.b.Bookings.Dir}
		return mixedExport(x.file, "", vote)
	}
	if held, err := x.writeHeld(chunks, vote.Decimal(), filepath.Join(dir, "part-held.tsv")); err != nil {
		x.b.Bookings = socdw.BookingFiles{Dir: x.b.Bookings.Dir}
		return err
	} else if held.rows > 0 {
		results = append(results, held)
	} else {
		x.b.Rejects = append(x.b.Rejects, held.rejects...)
	}
	for _, r := range results {
		x.addUnits(r.units, r.accounts)
		x.b.Findings = append(x.b.Findings, r.findings...)
		x.b.Bookings.Parts = append(x.b.Bookings.Parts, socdw.BookingPart{Path: r.path})
		x.b.Bookings.Rows += r.rows
		x.b.Rejects = append(x.b.Rejects, r.rejects...)
		if r.rows > 0 {
			if info2.Period.IsZero() || r.min.Before(info2.Period.Start) {
				info2.Period.Start = r.min
			}
			if end := r.max.AddDate(0, 1, -1); end.After(info2.Period.End) {
				info2.Period.End = end
			}
		}
		info2.Rows += r.lines
	}
	info2.Rows -= l.line
	return nil
}

// writeHeld writes the chunks' held lines, their amounts read under the
// file's convention dec, to one more part file.
func (x *reportFile) writeHeld(chunks []*chunk, dec socdw.Decimal, path string) (res chunkResult, err error) {
	n := 0
	for _, c := range chunks {
		n += len(c.held)
	}
	if n == 0 {
		return res, nil
	}
	bw, err := newBookingWriter(path)
	if err != nil {
		return res, err
	}
	for _, c := range chunks {
		for i := range c.held {
			b := &c.held[i]
			if reason := b.held.resolve(dec, &b.actual, &b.budget); reason != "" {
				res.rejects = append(res.rejects, socdw.Reject{Ref: socdw.CellRef{File: x.file, Row: b.held.row}, Reason: reason})
				continue
			}
			if err := c.write(bw, b, b.held.row); err != nil {
				bw.close()
				return res, err
			}
		}
	}
	if err := bw.close(); err != nil {
		return res, err
	}
	res.path, res.rows, res.min, res.max, res.units, res.accounts = path, bw.rows, bw.min, bw.max, bw.units, bw.accounts
	return res, nil
}

// countLines counts the line ends in [from, to).
func countLines(f *os.File, from, to int64) (int, error) {
	buf := make([]byte, 1<<20)
	n := 0
	for off := from; off < to; {
		k, err := f.ReadAt(buf[:min(int64(len(buf)), to-off)], off)
		n += bytes.Count(buf[:k], []byte{'\n'})
		off += int64(k)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if k == 0 {
			break
		}
	}
	// A last line without a line end is a line too.
	if to > from {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, to-1); err == nil && last[0] != '\n' {
			n++
		}
	}
	return n, nil
}

// nextLine returns the offset just after the first '\n' at or after off.
func nextLine(f *os.File, off int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for {
		n, err := f.ReadAt(buf, off)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return off + int64(i) + 1, nil
		}
		off += int64(n)
		if err == io.EOF {
			return off, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

var (
	cp1252Once sync.Once
	cp1252     [256]rune
)

func cp1252Table() *[256]rune {
	cp1252Once.Do(func() {
		for i := 0; i < 256; i++ {
			cp1252[i] = charmap.Windows1252.DecodeByte(byte(i))
		}
	})
	return &cp1252
}

type chunk struct {
	x         *reportFile
	l         *exportLayout
	dec       *[256]rune // nil for UTF-8
	comma     byte
	from, to  int64
	skipLines int
	base      int // lines of the export before this chunk
	path      string
	codes     [fieldCount]map[string]*code // per column: raw bytes -> code
	last      [fieldCount]*code            // per column: the code of the line before
	lastMonth []byte                       // the period of the line before, as written
	month     time.Time                    // and as read
	named     map[string]bool              // konton whose name this chunk has kept
	row       int                          // the line being read
	vote      socdw.DecimalVote            // what the chunk's amounts say of the decimal convention
	held      []fastLine                   // lines with an amount that reads both ways
}

// code is one distinct value of a code column (ansvar, its name,
// verksamhet, konto) as a chunk has read it: decoded, checked for a
// personnummer and escaped for the booking file once, however many of the
// export's lines repeat it.
type code struct {
	raw   string // as in the file, trimmed
	s     string // decoded
	field []byte // s as written to the booking file, tab included
	pnr   bool   // shaped like a personnummer (pseudo.MaybePersonnummer)
	seen  bool   // an ansvar whose unit, or a konto whose name, is recorded
}

// maxCodes bounds each column's table of distinct values per chunk: an
// export whose "codes" are all different (a voucher text read as konto)
// is read at the old speed rather than held whole.
const maxCodes = 1 << 16

// fastLine is one booking line of the fast path, its codes shared.
type fastLine struct {
	month                           time.Time
	ansvar, name, verksamhet, konto *code
	kontoName                       string
	actual, budget                  socdw.NullAmount
	held                            heldAmounts // amounts that wait for the file's decimal convention
}

type chunkResult struct {
	units    []socdw.BookingUnit
	accounts []socdw.BookingAccount
	path     string
	rows     int
	lines    int
	rejects  []socdw.Reject
	findings []socdw.Finding
	min, max time.Time
	err      error
	vote     socdw.DecimalVote
}

func newChunk(x *reportFile, l *exportLayout, dec *[256]rune, comma byte, from, to int64, base int, path string) *chunk {
	c := &chunk{x: x, l: l, dec: dec, comma: comma, from: from, to: to, base: base, path: path,
		named: map[string]bool{}}
	for _, f := range []field{fAnsvar, fAnsvarName, fVerksamhet, fKonto} {
		c.codes[f] = map[string]*code{}
	}
	return c
}

func (c *chunk) run(ctx context.Context) (res chunkResult) {
	res.path = c.path
	f, err := os.Open(c.x.file)
	if err != nil {
		res.err = err
		return res
	}
	defer f.Close()
	bw, err := newBookingWriter(c.path)
	if err != nil {
		res.err = err
		return res
	}
	defer func() {
		if err := bw.close(); err != nil && res.err == nil {
			res.err = err
		}
		res.rows, res.min, res.max, res.units, res.accounts = bw.rows, bw.min, bw.max, bw.units, bw.accounts
		res.vote = c.vote
	}()
	r := bufio.NewReaderSize(io.NewSectionReader(f, c.from, c.to-c.from), 1<<20)
	var (
		fields  [][]byte
		scratch []byte
	)
	for {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			res.err = &extract.Error{Ref: socdw.CellRef{File: c.x.file, Row: c.base + res.lines + 1}, Err: extract.ErrLineTooLong}
			return res
		}
		if len(line) == 0 && err != nil {
			if err != io.EOF {
				res.err = err
			}
			return res
		}
		res.lines++
		lineNo := c.base + res.lines
		if res.lines%65536 == 0 && ctx.Err() != nil {
			res.err = ctx.Err()
			return res
		}
		if res.lines <= c.skipLines {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		if bytes.IndexByte(line, '"') >= 0 || bytes.IndexByte(line, '\r') >= 0 {
			res.err = errFallBack
			return res
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if c.dec == nil && !utf8.Valid(line) {
			res.err = &extract.Error{Ref: socdw.CellRef{File: c.x.file, Row: lineNo}, Err: errors.New("invalid UTF-8")}
			return res
		}
		fields = splitBytes(fields[:0], line, c.comma)
		var b fastLine
		c.row = lineNo
		if reason, col := c.booking(fields, &b, &scratch); reason != "" {
			ref := socdw.CellRef{File: c.x.file, Row: lineNo, Col: col}
			res.rejects = append(res.rejects, socdw.Reject{Ref: ref, Reason: reason})
			if strings.HasPrefix(reason, pnrReasonPrefix) {
				res.findings = append(res.findings, pnrFinding(ref, c.l))
			}
			continue
		}
		// Fields socdw drops, with ten digits or more: a personnummer
		// there is a finding (most fields fail the digit count at once).
		// Columns past the header's are dropped too.
		for i, fb := range fields {
			if i < len(c.l.byCol) && !dropped(c.l.byCol[i]) {
				continue
			}
			if len(fb) >= 10 && tenDigits(fb) && pseudo.LooksLikePersonnummer(string(fb)) {
				res.findings = append(res.findings, pnrFinding(socdw.CellRef{File: c.x.file, Row: lineNo, Col: i + 1}, c.l))
				break
			}
		}
		if b.held.waiting() {
			if len(c.held) == maxHeld {
				res.err = heldError(c.x.file, "", lineNo)
				return res
			}
			b.held.row = lineNo
			c.held = append(c.held, b)
			continue
		}
		if !b.actual.Valid && !b.budget.Valid {
			continue
		}
		if err := c.write(bw, &b, lineNo); err != nil {
			res.err = err
			return res
		}
	}
}

func splitBytes(dst [][]byte, line []byte, sep byte) [][]byte {
	for {
		i := bytes.IndexByte(line, sep)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// text decodes a field to UTF-8 (into scratch for Windows-1252).
func (c *chunk) text(fields [][]byte, f field, scratch *[]byte) string {
	col := c.l.col[f]
	if col == 0 || col > len(fields) {
		return ""
	}
	return c.decode(bytes.TrimSpace(fields[col-1]), scratch)
}

// decode turns a field's bytes into text.
func (c *chunk) decode(b []byte, scratch *[]byte) string {
	if c.dec == nil {
		return string(b)
	}
	ascii := true
	for _, ch := range b {
		if ch >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	s := (*scratch)[:0]
	for _, ch := range b {
		s = utf8.AppendRune(s, c.dec[ch])
	}
	*scratch = s
	return string(s)
}

func (c *chunk) raw(fields [][]byte, f field) []byte {
	col := c.l.col[f]
	if col == 0 || col > len(fields) {
		return nil
	}
	return bytes.TrimSpace(fields[col-1])
}

// code reads a code column's field of a line, decoded once per distinct
// value (see code).
func (c *chunk) code(fields [][]byte, f field, scratch *[]byte) *code {
	var raw []byte
	if col := c.l.col[f]; col > 0 && col <= len(fields) {
		raw = bytes.TrimSpace(fields[col-1])
	}
	// Exports come sorted, so a code is most often the one above it.
	if last := c.last[f]; last != nil && last.raw == string(raw) {
		return last
	}
	m := c.codes[f]
	v, ok := m[string(raw)]
	if !ok {
		v = &code{raw: string(raw), s: c.decode(raw, scratch)}
		v.field = appendField(nil, v.s)
		v.pnr = v.s != "" && pseudo.MaybePersonnummer(v.s)
		if len(m) < maxCodes {
			m[v.raw] = v
		}
	}
	c.last[f] = v
	return v
}

// booking fills b from one line's fields; a non-empty reason rejects it.
func (c *chunk) booking(fields [][]byte, b *fastLine, scratch *[]byte) (string, int) {
	p := c.raw(fields, fPeriod)
	if c.lastMonth != nil && bytes.Equal(p, c.lastMonth) {
		b.month = c.month
	} else if m, ok := fastMonth(p); ok {
		b.month = m
		c.month, c.lastMonth = m, append(c.lastMonth[:0], p...)
	} else {
		m, err := bookingMonth(string(p), extract.Cell{Text: c.text(fields, fDate, scratch), Kind: extract.KindText})
		if err != nil {
			return c.l.periodReason(extract.Row{Cells: textCells(fields)}, err)
		}
		b.month = m
	}
	b.ansvar = c.code(fields, fAnsvar, scratch)
	if b.ansvar.s == "" {
		return "column Ansvar is empty", c.l.col[fAnsvar]
	}
	for _, f := range []field{fUtfall, fBudget} {
		if c.l.col[f] == 0 {
			continue
		}
		v := c.raw(fields, f)
		if len(v) == 0 {
			continue
		}
		a, sep, ok := fastAmount(v)
		if ok && sep == 0 && (len(v) == 10 || len(v) == 12) && pseudo.NumberIsPersonnummer(string(v)) {
			return pnrReason(c.l, f), c.l.col[f]
		}
		switch {
		case sep == ',':
			c.vote.Note(c.row, socdw.EvidenceComma)
		case sep == '.':
			c.vote.Note(c.row, socdw.EvidenceDot)
		case !ok:
			text := c.text(fields, f, scratch)
			var has, held bool
			var err error
			a, has, held, err = bookingAmount(text, c.row, &c.vote)
			if err != nil {
				return "column " + fieldNames[f] + ": " + err.Error(), c.l.col[f]
			}
			if held {
				b.held.text[amountIndex(f)] = text
				continue
			}
			if !has {
				continue
			}
		}
		if f == fUtfall {
			b.actual = socdw.Some(a)
		} else {
			b.budget = socdw.Some(a)
		}
	}
	b.name = c.code(fields, fAnsvarName, scratch)
	b.verksamhet = c.code(fields, fVerksamhet, scratch)
	b.konto = c.code(fields, fKonto, scratch)
	for _, v := range []struct {
		c *code
		f field
	}{{b.ansvar, fAnsvar}, {b.name, fAnsvarName}, {b.verksamhet, fVerksamhet}, {b.konto, fKonto}} {
		if v.c.pnr {
			return pnrReason(c.l, v.f), c.l.col[v.f]
		}
	}
	// A konto's name is read on its first named line only.
	if c.l.col[fKontoName] != 0 && !b.konto.seen && !c.named[b.konto.s] {
		b.kontoName = accountName(c.text(fields, fKontoName, scratch))
	}
	return "", 0
}

// write writes a line that passed booking, and records its ansvar's unit
// and its konto's name the first time the chunk writes them.
func (c *chunk) write(bw *bookingWriter, b *fastLine, row int) error {
	if !b.ansvar.seen {
		b.ansvar.seen = true
		if !bw.seen[b.ansvar.s] {
			bw.seen[b.ansvar.s] = true
			bw.units = append(bw.units, socdw.BookingUnit{Ansvar: b.ansvar.s, Name: b.name.s,
				UnitKey: c.x.bookingUnitKey(b.ansvar.s, b.name.s)})
		}
	}
	if b.kontoName != "" {
		b.konto.seen = true
		c.named[b.konto.s] = true
		bw.accounts = append(bw.accounts, socdw.BookingAccount{Konto: b.konto.s, Name: b.kontoName})
	}
	return bw.line(b.month, b.ansvar.field, b.verksamhet.field, b.konto.field, b.actual, b.budget, row)
}

// accountName is a Konto benämning to keep: one shaped like a personnummer
// is not kept (the scan of dropped columns makes it a finding).
func accountName(s string) string {
	if pseudo.MaybePersonnummer(s) {
		return ""
	}
	return s
}

// fastMonth reads YYYYMM from bytes without allocating.
func fastMonth(p []byte) (time.Time, bool) {
	if len(p) != 6 {
		return time.Time{}, false
	}
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		n = n*10 + int(c-'0')
	}
	y, m := n/100, n%100
	if m < 1 || m > 12 || y < 1900 {
		return time.Time{}, false
	}
	return socdw.Date(y, time.Month(m), 1), true
}

// fastAmount reads the finance systems' plain form, -?digits[,d[d]] or
// -?digits[.d[d]], straight from bytes, and returns the separator it saw
// (0 for none): a comma or a dot followed by one or two digits is the
// file's decimal separator (socdw.DecimalEvidence says the same of it).
// Anything else goes to socdw.ParseNumberAs, so both give the same amount
// for every input this one takes.
func fastAmount(v []byte) (socdw.Amount, byte, bool) {
	i, neg := 0, false
	if len(v) > 0 && v[0] == '-' {
		neg, i = true, 1
	}
	var n int64
	digits := 0
	for ; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		n = n*10 + int64(v[i]-'0')
		digits++
		if digits > 15 {
			return 0, 0, false
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	n *= 100
	var sep byte
	if i < len(v) {
		if v[i] != ',' && v[i] != '.' {
			return 0, 0, false
		}
		sep = v[i]
		i++
		frac := v[i:]
		switch len(frac) {
		case 1:
			if frac[0] < '0' || frac[0] > '9' {
				return 0, 0, false
			}
			n += int64(frac[0]-'0') * 10
		case 2:
			if frac[0] < '0' || frac[0] > '9' || frac[1] < '0' || frac[1] > '9' {
				return 0, 0, false
			}
			n += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
		default:
			return 0, 0, false
		}
	}
	if neg {
		n = -n
	}
	return socdw.Amount(n), sep, true
}

// pnrReasonPrefix starts the reason of a line refused for a personnummer.
const pnrReasonPrefix = "personal data: "

// bookingPersonalData refuses a booking line whose kept texts hold
// something shaped like a personnummer, check digit or not: a finance
// export is no place for one (an ansvar named after a client).
func bookingPersonalData(l *exportLayout, b *socdw.Booking) (string, int) {
	for _, f := range []struct {
		v     string
		field field
	}{{b.Ansvar, fAnsvar}, {b.AnsvarName, fAnsvarName}, {b.Verksamhet, fVerksamhet}, {b.Konto, fKonto}} {
		if f.v != "" && pseudo.MaybePersonnummer(f.v) {
			return pnrReason(l, f.field), l.col[f.field]
		}
	}
	return "", 0
}

func pnrReason(l *exportLayout, f field) string {
	return fmt.Sprintf("%scolumn %q holds a value shaped like a personnummer: line not loaded", pnrReasonPrefix, l.colName(l.col[f]))
}

// otherPnrColumn finds a personnummer in a column of a booking line that
// socdw does not keep (a voucher text, an account name): the line loads,
// since the number goes nowhere, and a finding says it was there.
func (l *exportLayout) otherPnrColumn(n int, value func(col int) string) int {
	for col := 1; col <= n; col++ {
		if dropped(fieldAt(l, col)) && pseudo.LooksLikePersonnummer(value(col)) {
			return col
		}
	}
	return 0
}

// dropped reports whether a booking's column is one socdw does not keep
// (nor read as an amount or a date).
func dropped(f field) bool {
	switch f {
	case fAnsvar, fAnsvarName, fVerksamhet, fKonto, fUtfall, fBudget, fPeriod, fDate:
		return false
	}
	return true
}

func pnrFinding(ref socdw.CellRef, l *exportLayout) socdw.Finding {
	return socdw.Finding{Ref: ref, Kind: socdw.FindingPersonalData,
		Message: fmt.Sprintf("column %q, line %d: a value shaped like a personnummer", l.colName(ref.Col), ref.Row)}
}

// textCells wraps a line's fields as cells, for the rare line that needs
// looking at as a whole (a total line).
func textCells(fields [][]byte) []extract.Cell {
	cells := make([]extract.Cell, len(fields))
	for i, f := range fields {
		cells[i] = extract.Cell{Text: string(f), Kind: extract.KindText}
	}
	return cells
}

// tenDigits is the cheap test before a field is looked at for a
// personnummer: fewer than ten digits, and it cannot hold one.
func tenDigits(b []byte) bool {
	n := 0
	for _, c := range b {
		if c >= '0' && c <= '9' {
			if n++; n == 10 {
				return true
			}
		}
	}
	return false
}
