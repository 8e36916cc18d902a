package sie

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encodings a SIE file is read in.
const (
	EncodingCP437 = "CP437"
	EncodingUTF8  = "UTF-8"
)

// decode turns a SIE file's bytes into text. "#FORMAT PC8" promises code
// page 437, but real exporters write UTF-8 under that label, so the bytes
// decide: valid UTF-8 with a byte past ASCII is UTF-8; anything else is
// code page 437 (a pure-ASCII file reads the same either way). The
// decoder is golang.org/x/text's, which maps all 256 bytes of CP437.
func decode(data []byte) (string, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), EncodingUTF8
	}
	out, err := charmap.CodePage437.NewDecoder().Bytes(data)
	if err != nil { // cannot happen: every byte has a CP437 character
		return string(data), EncodingCP437
	}
	return string(out), EncodingCP437
}

// Sniff reports whether head, the first bytes of a file, are a SIE file's:
// the first non-blank line starts with #FLAGGA, or a #SIETYP label comes
// among the first lines. The file's name plays no part.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	first := true
	for i, line := range bytes.Split(head, []byte("\n")) {
		if i >= 40 {
			break
		}
		line = bytes.TrimLeft(line, " \t\r")
		if len(line) == 0 {
			continue
		}
		if first && hasLabel(line, "#FLAGGA") {
			return true
		}
		first = false
		if hasLabel(line, "#SIETYP") {
			return true
		}
	}
	return false
}

// hasLabel reports whether line starts with the label, followed by a
// separator or nothing.
func hasLabel(line []byte, label string) bool {
	if len(line) < len(label) || !bytes.EqualFold(line[:len(label)], []byte(label)) {
		return false
	}
	return len(line) == len(label) || line[len(label)] == ' ' || line[len(label)] == '\t' || line[len(label)] == '\r'
}
