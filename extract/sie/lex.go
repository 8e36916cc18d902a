package sie

import (
	"errors"
	"strings"
)

// field is one field of a record line: a word, a quoted string (Quoted,
// escapes resolved) or an object list (List, its words in order).
type field struct {
	Text   string
	Quoted bool
	IsList bool
	List   []string
	// Open marks a quoted field that runs to the end of the line without
	// its closing quote; the record decides whether it can be one.
	Open bool
}

// Lexer errors. They never quote the line: a voucher text may name a person.
var (
	errQuote = errors.New(`a quoted field is not closed: a '"' is missing`)
	errBrace = errors.New("an object list is not closed: a '}' is missing")
	errNest  = errors.New("an object list inside an object list")
	errStray = errors.New("a '}' without its '{'")
)

// splitFields cuts a record line into fields, as the specification says:
// fields are separated by spaces or tabs; a field with spaces is quoted,
// with \" and \\ inside; {…} is an object list (dimension and object
// pairs, with spaces anywhere inside the braces, codes quoted or not).
func splitFields(line string) ([]field, error) {
	var out []field
	i := 0
	for {
		for i < len(line) && isBlank(line[i]) {
			i++
		}
		if i >= len(line) {
			return out, nil
		}
		switch line[i] {
		case '"':
			s, n, err := quoted(line[i:])
			if err != nil {
				// The text to the end of the line, for the record to judge.
				s, _, _ = quoted(line[i:] + `"`)
				return append(out, field{Text: s, Quoted: true, Open: true}), nil
			}
			out = append(out, field{Text: s, Quoted: true})
			i += n
		case '{':
			list, n, err := objectList(line[i:])
			if err != nil {
				return nil, err
			}
			out = append(out, field{IsList: true, List: list})
			i += n
		case '}':
			return nil, errStray
		default:
			j := i
			for j < len(line) && !isBlank(line[j]) {
				j++
			}
			out = append(out, field{Text: line[i:j]})
			i = j
		}
	}
}

// quoted reads a quoted string at the start of s and returns its text and
// the bytes it took, quotes included.
func quoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			b.WriteByte(c)
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errQuote
}

// objectList reads {…} at the start of s: its words, quoted or not.
func objectList(s string) ([]string, int, error) {
	var words []string
	i := 1
	for {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, 0, errBrace
		}
		switch s[i] {
		case '}':
			return words, i + 1, nil
		case '{':
			return nil, 0, errNest
		case '"':
			w, n, err := quoted(s[i:])
			if err != nil {
				return nil, 0, err
			}
			words = append(words, w)
			i += n
		default:
			j := i
			for j < len(s) && !isBlank(s[j]) && s[j] != '}' && s[j] != '"' && s[j] != '{' {
				j++
			}
			words = append(words, s[i:j])
			i = j
		}
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }
