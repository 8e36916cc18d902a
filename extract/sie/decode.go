package sie

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encodings a SIE file is read in.
const (
	EncodingCP437   = "CP437"
	EncodingUTF8    = "UTF-8"
	EncodingWindows = "Windows-1252"
)

// decode turns a SIE file's bytes into text. "#FORMAT PC8" promises code
// page 437, but real exporters write UTF-8 under that label, and Windows
// programs now and then their own code page, so the bytes decide: valid
// UTF-8 is UTF-8 (a pure-ASCII file reads the same in every one); a file
// whose Swedish letters are Windows-1252's (å ä ö Å Ä Ö é, which in CP437
// are Greek and box-drawing signs no name holds) more often than CP437's
// is Windows-1252; anything else is code page 437. The decoders are
// golang.org/x/text's, which map all 256 bytes of either code page.
func decode(data []byte) (string, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), EncodingUTF8
	}
	cp, enc := charmap.CodePage437, EncodingCP437
	if windowsLetters(data) {
		cp, enc = charmap.Windows1252, EncodingWindows
	}
	out, err := cp.NewDecoder().Bytes(data)
	if err != nil { // cannot happen: every byte has a character
		return string(data), enc
	}
	return string(out), enc
}

// windowsLetters reports whether the bytes of Swedish letters in
// Windows-1252 outnumber those in code page 437.
func windowsLetters(data []byte) bool {
	win, dos := 0, 0
	for _, c := range data {
		switch c {
		case 0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9: // å ä ö Å Ä Ö é in Windows-1252
			win++
		case 0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82: // the same in CP437
			dos++
		}
	}
	return win > dos
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
