package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a byte-level pull scanner for the XML of a workbook part.
// It reads a stream once, holding only a window of it, and yields start
// and end tags; the text of an element is read only when asked for. It is
// several times faster than encoding/xml because it does not build tokens
// or names for what socdw skips, and it is strict where socdw needs it:
// a DOCTYPE or entity declaration, an undeclared entity, a control
// character, a mismatched or unclosed tag, nesting past maxXMLDepth and a
// tag or kept text past maxXMLToken are errors, never a silent stop.
type xmlScanner struct {
	src      io.Reader
	buf      []byte
	pos, end int
	eof      bool
	err      error

	stack    []byte // names of the open elements, each followed by its length byte
	depth    int
	rootSeen bool

	// The current token.
	kind  tokKind
	name  []byte // local name, without a namespace prefix; valid until the next call
	attrs []byte // the raw attributes of a start tag; valid until the next call
	empty bool   // a start tag closed in itself: <c r="A1"/>
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
)

// Limits of the scanner. Excel keeps a cell to 32 767 characters and nests
// a sheet's elements some ten deep; these leave room for any producer and
// none for a bomb.
const (
	maxXMLDepth   = 64
	maxXMLToken   = 4 << 20 // a tag, or a text socdw keeps
	xmlBufferSize = 256 << 10
)

// ErrMalformed is a workbook part that is not well-formed XML, or XML
// socdw refuses (entity declarations, control characters).
var ErrMalformed = errors.New("malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{src: r, buf: make([]byte, xmlBufferSize)}
}

func (s *xmlScanner) failf(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
}

// fill reads more of the stream, keeping buf[pos:end]. It grows the buffer
// only when the unread part fills it, up to maxXMLToken. It returns false
// at the end of the stream or on an error.
func (s *xmlScanner) fill() bool {
	if s.err != nil || s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxXMLToken {
			s.failf("a tag or text longer than %d MiB", maxXMLToken>>20)
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxXMLToken))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0
		}
		if err != nil {
			s.err = err
			return false
		}
		if n > 0 {
			return true
		}
	}
}

// Err is the error that stopped the scanner, if any.
func (s *xmlScanner) Err() error { return s.err }

// Next advances to the next start or end tag, skipping text, comments,
// processing instructions and CDATA between them. At the end of the
// stream it checks the document was whole and returns tokEOF.
func (s *xmlScanner) Next() tokKind {
	s.empty = false
	for {
		if s.err != nil {
			s.kind = tokEOF
			return tokEOF
		}
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			if !s.skipText(s.buf[s.pos:s.end]) {
				s.kind = tokEOF
				return tokEOF
			}
			s.pos = s.end
			if !s.fill() {
				return s.atEOF()
			}
			continue
		}
		if !s.skipText(s.buf[s.pos : s.pos+i]) {
			s.kind = tokEOF
			return tokEOF
		}
		s.pos += i
		if k, ok := s.markup(); ok {
			s.kind = k
			return k
		}
	}
}

// atEOF ends the stream: every element must have been closed.
func (s *xmlScanner) atEOF() tokKind {
	s.kind = tokEOF
	if s.err != nil {
		return tokEOF
	}
	if s.depth > 0 {
		s.failf("the part ends inside <%s>: it is truncated", s.top())
	} else if !s.rootSeen {
		s.failf("the part has no root element")
	}
	return tokEOF
}

// skipText checks text that socdw does not keep: no control characters,
// and nothing but white space outside the root element.
func (s *xmlScanner) skipText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			s.failf("a control character (0x%02X) in the text", c)
			return false
		}
		if s.depth == 0 && c > ' ' && !(s.pos == 0 && c >= 0x80 && !s.rootSeen) {
			s.failf("text outside the root element")
			return false
		}
	}
	return true
}

// need makes sure n bytes from pos are in the buffer.
func (s *xmlScanner) need(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// markup reads the markup at buf[pos] == '<'. ok is false for what Next
// skips (comments, processing instructions) and on errors.
func (s *xmlScanner) markup() (tokKind, bool) {
	if !s.need(2) {
		s.truncated()
		return tokEOF, false
	}
	switch s.buf[s.pos+1] {
	case '?':
		s.skipPast("?>")
		return tokEOF, false
	case '!':
		if !s.need(9) {
			s.truncated()
			return tokEOF, false
		}
		b := s.buf[s.pos:]
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			s.skipPast("-->")
			return tokEOF, false
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			if s.depth == 0 {
				s.failf("CDATA outside the root element")
				return tokEOF, false
			}
			s.skipPast("]]>")
			return tokEOF, false
		}
		s.failf("a DOCTYPE or entity declaration (refused: entities can expand without bound)")
		return tokEOF, false
	case '/':
		return s.endTag()
	}
	return s.startTag()
}

func (s *xmlScanner) truncated() {
	s.failf("the part ends inside a tag: it is truncated")
}

// skipPast moves pos past the next occurrence of end.
func (s *xmlScanner) skipPast(end string) bool {
	from := 2
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], []byte(end)); i >= 0 {
			s.pos += from + i + len(end)
			return true
		}
		from = max(2, s.end-s.pos-len(end))
		if !s.fill() {
			s.truncated()
			return false
		}
	}
}

// tagEnd finds the '>' closing the tag at pos, outside quoted values.
// The common tag, whose values hold no '>', is found with two vectorised
// searches; a tag whose first '>' sits inside a value is walked byte by
// byte.
func (s *xmlScanner) tagEnd() int {
	for {
		if gt := bytes.IndexByte(s.buf[s.pos+1:s.end], '>'); gt >= 0 {
			seg := s.buf[s.pos+1 : s.pos+1+gt]
			if bytes.IndexByte(seg, '<') < 0 && bytes.IndexByte(seg, '\'') < 0 && bytes.Count(seg, []byte{'"'})%2 == 0 {
				return s.pos + 1 + gt
			}
			return s.tagEndSlow()
		}
		if !s.fill() {
			s.truncated()
			return -1
		}
	}
}

// tagEndSlow is tagEnd for tags with quotes around a '>' or a '<'.
func (s *xmlScanner) tagEndSlow() int {
	i := s.pos + 1
	var quote byte
	for {
		for ; i < s.end; i++ {
			c := s.buf[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if c == '<' {
					s.failf("'<' in an attribute value")
					return -1
				}
			case c == '>':
				return i
			case c == '"' || c == '\'':
				quote = c
			case c == '<':
				s.failf("'<' inside a tag")
				return -1
			}
		}
		off := i - s.pos
		if !s.fill() {
			s.truncated()
			return -1
		}
		i = s.pos + off
	}
}

func (s *xmlScanner) startTag() (tokKind, bool) {
	gt := s.tagEnd()
	if gt < 0 {
		return tokEOF, false
	}
	tag := s.buf[s.pos+1 : gt]
	s.pos = gt + 1
	s.empty = len(tag) > 0 && tag[len(tag)-1] == '/'
	if s.empty {
		tag = tag[:len(tag)-1]
	}
	n := 0
	for n < len(tag) && !isXMLSpace(tag[n]) {
		n++
	}
	full := tag[:n]
	if n == 0 || n > 255 {
		s.failf("a tag without a valid name")
		return tokEOF, false
	}
	if s.depth == 0 && s.rootSeen {
		s.failf("a second root element <%s>", full)
		return tokEOF, false
	}
	s.rootSeen = true
	s.name = localName(full)
	s.attrs = tag[n:]
	if !s.empty {
		if s.depth >= maxXMLDepth {
			s.failf("elements nested more than %d deep", maxXMLDepth)
			return tokEOF, false
		}
		s.stack = append(s.stack, full...)
		s.stack = append(s.stack, byte(n))
		s.depth++
	}
	return tokStart, true
}

func (s *xmlScanner) endTag() (tokKind, bool) {
	gt := -1
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '>'); i >= 0 {
			gt = s.pos + i
			break
		}
		if !s.fill() {
			s.truncated()
			return tokEOF, false
		}
	}
	full := s.buf[s.pos+2 : gt]
	for len(full) > 0 && isXMLSpace(full[len(full)-1]) {
		full = full[:len(full)-1]
	}
	s.pos = gt + 1
	if s.depth == 0 {
		s.failf("</%s> closes nothing", full)
		return tokEOF, false
	}
	top := s.top()
	if !bytes.Equal(full, top) {
		s.failf("</%s> closes <%s>", full, top)
		return tokEOF, false
	}
	s.stack = s.stack[:len(s.stack)-len(top)-1]
	s.depth--
	s.name = localName(full)
	s.attrs = nil
	return tokEnd, true
}

// top is the full name of the innermost open element.
func (s *xmlScanner) top() []byte {
	n := int(s.stack[len(s.stack)-1])
	return s.stack[len(s.stack)-1-n : len(s.stack)-1]
}

// Skip moves past the end of the element whose start tag was just read.
func (s *xmlScanner) Skip() {
	if s.kind != tokStart || s.empty {
		return
	}
	d := s.depth
	for s.depth >= d {
		if s.Next() == tokEOF {
			return
		}
	}
}

// Text appends the decoded text of the element whose start tag was just
// read to dst, up to its first child or end tag (CDATA and comments
// included), and leaves the scanner there.
func (s *xmlScanner) Text(dst []byte) []byte {
	if s.kind != tokStart || s.empty {
		return dst
	}
	start := len(dst)
	for s.err == nil {
		if s.pos == s.end && !s.fill() {
			break
		}
		b := s.buf[s.pos:s.end]
		i := 0
		for i < len(b) && b[i] != '<' && b[i] != '&' && (b[i] >= 0x20 || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
		dst = append(dst, b[:i]...)
		s.pos += i
		if len(dst)-start > maxXMLToken {
			s.failf("a text longer than %d MiB", maxXMLToken>>20)
			return dst
		}
		if i == len(b) {
			continue
		}
		switch b[i] {
		case '&':
			var ok bool
			if dst, ok = s.entity(dst); !ok {
				return dst
			}
		case '<':
			if !s.need(9) && s.end-s.pos < 4 {
				s.truncated()
				return dst
			}
			r := s.buf[s.pos:s.end]
			switch {
			case bytes.HasPrefix(r, []byte("<![CDATA[")):
				s.pos += 9
				dst = s.cdata(dst)
			case bytes.HasPrefix(r, []byte("<!--")):
				s.skipPast("-->")
			default:
				if !utf8.Valid(dst[start:]) {
					s.failf("text that is not UTF-8")
				}
				return dst
			}
		default:
			s.failf("a control character (0x%02X) in the text", b[i])
			return dst
		}
	}
	if s.err == nil {
		s.truncated()
	}
	return dst
}

// cdata appends a CDATA section's content, pos just past "<![CDATA[".
func (s *xmlScanner) cdata(dst []byte) []byte {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte("]]>")); i >= 0 {
			dst = append(dst, s.buf[s.pos:s.pos+i]...)
			s.pos += i + 3
			return dst
		}
		keep := max(s.pos, s.end-2)
		dst = append(dst, s.buf[s.pos:keep]...)
		s.pos = keep
		if !s.fill() {
			s.truncated()
			return dst
		}
	}
}

// entity decodes the reference at buf[pos] == '&' onto dst.
func (s *xmlScanner) entity(dst []byte) ([]byte, bool) {
	s.need(12)
	b := s.buf[s.pos:s.end]
	semi := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if semi < 0 {
		s.failf("a '&' that starts no entity")
		return dst, false
	}
	dst, ok := appendEntity(dst, b[1:semi])
	if !ok {
		s.failf("the entity &%s; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)", b[1:semi])
		return dst, false
	}
	s.pos += semi + 1
	return dst, true
}

// appendEntity appends the character an entity name (between & and ;)
// stands for.
func appendEntity(dst, name []byte) ([]byte, bool) {
	switch string(name) {
	case "amp":
		return append(dst, '&'), true
	case "lt":
		return append(dst, '<'), true
	case "gt":
		return append(dst, '>'), true
	case "quot":
		return append(dst, '"'), true
	case "apos":
		return append(dst, '\''), true
	}
	if len(name) < 2 || name[0] != '#' {
		return dst, false
	}
	var n uint64
	var err error
	if name[1] == 'x' {
		n, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	r := rune(n)
	if err != nil || !isXMLChar(r) {
		return dst, false
	}
	return utf8.AppendRune(dst, r), true
}

// isXMLChar is XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(full []byte) []byte {
	if i := bytes.IndexByte(full, ':'); i >= 0 {
		return full[i+1:]
	}
	return full
}

// nextAttr splits the first attribute off raw attribute bytes: its local
// name, its raw value (entities not decoded) and the rest. ok is false at
// the end; err is set for attributes that are not well-formed.
func nextAttr(a []byte) (name, val, rest []byte, ok bool, err error) {
	i := 0
	for i < len(a) && isXMLSpace(a[i]) {
		i++
	}
	if i == len(a) {
		return nil, nil, nil, false, nil
	}
	eq := bytes.IndexByte(a[i:], '=')
	if eq <= 0 {
		return nil, nil, nil, false, fmt.Errorf("%w: an attribute without a value", ErrMalformed)
	}
	full := a[i : i+eq]
	for len(full) > 0 && isXMLSpace(full[len(full)-1]) {
		full = full[:len(full)-1]
	}
	j := i + eq + 1
	for j < len(a) && isXMLSpace(a[j]) {
		j++
	}
	if j == len(a) || (a[j] != '"' && a[j] != '\'') {
		return nil, nil, nil, false, fmt.Errorf("%w: an attribute value without quotes", ErrMalformed)
	}
	q := a[j]
	k := bytes.IndexByte(a[j+1:], q)
	if k < 0 {
		return nil, nil, nil, false, fmt.Errorf("%w: an unclosed attribute value", ErrMalformed)
	}
	return localName(full), a[j+1 : j+1+k], a[j+1+k+1:], true, nil
}

// attr returns the raw value of the attribute with the given local name
// on the current start tag.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	a := s.attrs
	for {
		n, v, rest, ok, err := nextAttr(a)
		if err != nil {
			s.failf("<%s>: %v", s.name, errors.Unwrap(err))
			return nil, false
		}
		if !ok {
			return nil, false
		}
		if string(n) == name {
			return v, true
		}
		a = rest
	}
}

// attrString is an attribute's value with its entities decoded.
func (s *xmlScanner) attrString(name string) string {
	v, ok := s.attr(name)
	if !ok {
		return ""
	}
	d, err := decodeAttr(v)
	if err != nil {
		s.failf("<%s %s>: %v", s.name, name, err)
	}
	return d
}

// decodeAttr decodes the entities of a raw attribute value and refuses
// control characters.
func decodeAttr(v []byte) (string, error) {
	if bytes.IndexByte(v, '&') < 0 && !hasControl(v) {
		return string(v), nil
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '&':
			semi := bytes.IndexByte(v[i:], ';')
			if semi < 0 {
				return "", errors.New("a '&' that starts no entity")
			}
			var ok bool
			if out, ok = appendEntity(out, v[i+1:i+semi]); !ok {
				return "", fmt.Errorf("the entity &%s;", v[i+1:i+semi])
			}
			i += semi
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return "", fmt.Errorf("a control character (0x%02X)", c)
		default:
			out = append(out, c)
		}
	}
	return string(out), nil
}

func hasControl(v []byte) bool {
	for _, c := range v {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

// closeCurrent is the end of a child-less run read by simpleContent:
// it closes the element whose start tag was current, as Next would on
// its end tag.
func (s *xmlScanner) closeCurrent() {
	top := s.top()
	s.stack = s.stack[:len(s.stack)-len(top)-1]
	s.depth--
	s.kind, s.name, s.attrs = tokEnd, nil, nil
}

// simpleContent is a fast path for the commonest content of a cell: it
// matches open, a plain text (ASCII, no entity, no control character)
// and then close, which must end the element whose start tag is current
// ("<v>", "</v></c>"). It consumes them and returns the text (valid until
// the next call) and true; on anything else it consumes nothing and the
// caller reads the content token by token.
func (s *xmlScanner) simpleContent(open, close string) ([]byte, bool) {
	if s.kind != tokStart || s.empty {
		return nil, false
	}
	b := s.buf[s.pos:s.end]
	if len(b) < len(open)+len(close) || string(b[:len(open)]) != open {
		return nil, false
	}
	b = b[len(open):]
	lt := bytes.IndexByte(b, '<')
	if lt < 0 || len(b)-lt < len(close) || string(b[lt:lt+len(close)]) != close {
		return nil, false
	}
	text := b[:lt]
	for _, c := range text {
		if c < 0x20 || c >= 0x80 || c == '&' || c == '>' {
			return nil, false
		}
	}
	s.pos += len(open) + lt + len(close)
	s.closeCurrent()
	return text, true
}
