package extract

import (
	"fmt"
	"strconv"
	"strings"
)

// maxSharedStringBytes bounds what the shared strings table may hold in
// memory: its text plus a string header per entry. A million-row
// workbook of distinct 40-character labels needs about 56 MiB.
const maxSharedStringBytes = 96 << 20

// minCellXML is the fewest bytes of sheet XML a cell that uses a shared
// string takes (<c t="s"><v>0</v></c>): a table with more strings than
// the sheets have room for such cells holds strings nothing uses.
const minCellXML = 20

// sharedStrings reads the workbook's shared strings table once.
func (w *Workbook) sharedStrings() ([]string, error) {
	if w.sstDone {
		return w.sst, w.sstErr
	}
	w.sstDone = true
	if w.sstPart == nil {
		return nil, nil
	}
	maxCount := w.sheetBytes/minCellXML + 1024
	var (
		sst   []string
		held  int
		buf   []byte
		inRPh int
	)
	add := func(v string) error {
		if strings.Contains(v, "_x") {
			v = unescapeOOXML(v)
		}
		sst = append(sst, v)
		held += len(v) + 16
		if uint64(len(sst)) > maxCount {
			return fmt.Errorf("%w: the shared strings table holds more than %d strings, more than the sheets (%d MiB of XML) have cells for", ErrTooLarge, maxCount, w.sheetBytes>>20)
		}
		if held > maxSharedStringBytes {
			return fmt.Errorf("%w: the shared strings table holds more than %d MiB", ErrTooLarge, maxSharedStringBytes>>20)
		}
		return nil
	}
	w.sstErr = scanPart(w.sstPart, func(s *xmlScanner) error {
		for s.Next() != tokEOF {
			switch s.kind {
			case tokStart:
				switch string(s.name) {
				case "sst":
					if n, err := strconv.Atoi(s.attrString("uniqueCount")); err == nil && n > 0 {
						sst = make([]string, 0, min(n, 1<<16, int(maxCount)))
					}
				case "si":
					buf, inRPh = buf[:0], 0
					if s.empty {
						if err := add(""); err != nil {
							return err
						}
					}
				case "rPh": // a phonetic reading: not part of the text
					if !s.empty {
						inRPh++
					}
				case "t":
					if inRPh == 0 {
						buf = s.Text(buf)
					}
				}
			case tokEnd:
				switch string(s.name) {
				case "si":
					if err := add(string(buf)); err != nil {
						return err
					}
				case "rPh":
					inRPh--
				}
			}
		}
		return s.Err()
	})
	if w.sstErr == nil {
		w.sst = sst
	}
	return w.sst, w.sstErr
}

// unescapeOOXML decodes the _xHHHH_ escapes with which OOXML writes
// characters XML cannot hold (a control character is _x0001_; a literal
// "_x" before four hex digits is written _x005F_x...), as excelize does.
func unescapeOOXML(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "_x")
		if j < 0 || i+j+7 > len(s) || s[i+j+6] != '_' {
			if j < 0 {
				b.WriteString(s[i:])
				break
			}
			b.WriteString(s[i : i+j+2])
			i += j + 2
			continue
		}
		j += i
		n, err := strconv.ParseUint(s[j+2:j+6], 16, 16)
		if err != nil {
			b.WriteString(s[i : j+2])
			i = j + 2
			continue
		}
		b.WriteString(s[i:j])
		b.WriteRune(rune(n))
		i = j + 7
	}
	return b.String()
}
