package extract

import (
	"fmt"
	"strconv"
)

// maxCellFormats bounds the cell formats (cellXfs) a workbook may have.
// Excel allows 64 000; the limit leaves room for producers that never
// deduplicate and none for a bomb.
const maxCellFormats = 1 << 20

// styleTable is what socdw reads of styles.xml: for each cell format, the
// style it gives a cell. Fonts, fills, borders, named styles and the rest
// are skipped as the part streams past.
type styleTable struct {
	xfs []CellStyle
}

// style is the style of cell format id; unknown ids have none.
func (t *styleTable) style(id int) CellStyle {
	if t == nil || id < 0 || id >= len(t.xfs) {
		return CellStyle{}
	}
	return t.xfs[id]
}

// styleTable reads the workbook's number formats and cell formats once.
func (w *Workbook) styleTable() (*styleTable, error) {
	if w.stylesDone {
		return w.styles, w.stylesErr
	}
	w.stylesDone = true
	if w.stylesPart == nil {
		return nil, nil
	}
	t := &styleTable{}
	custom := map[int]string{}
	var (
		inXfs bool
		xf    = -1 // index of the open <xf> in cellXfs
	)
	w.stylesErr = scanPart(w.stylesPart, func(s *xmlScanner) error {
		for s.Next() != tokEOF {
			if s.kind == tokEnd {
				switch string(s.name) {
				case "cellXfs":
					inXfs = false
				case "xf":
					xf = -1
				}
				continue
			}
			switch string(s.name) {
			case "numFmt":
				id, err := strconv.Atoi(s.attrString("numFmtId"))
				if err == nil && len(custom) < 1<<16 {
					custom[id] = s.attrString("formatCode")
				}
			case "cellXfs":
				inXfs = !s.empty
			case "xf":
				if !inXfs {
					s.Skip()
					continue
				}
				if len(t.xfs) >= maxCellFormats {
					return fmt.Errorf("%w: more than %d cell formats", ErrTooLarge, maxCellFormats)
				}
				id, _ := strconv.Atoi(s.attrString("numFmtId"))
				t.xfs = append(t.xfs, numFmtStyle(id, custom))
				if !s.empty {
					xf = len(t.xfs) - 1
				}
			case "alignment":
				if xf >= 0 {
					t.xfs[xf].Indent, _ = strconv.Atoi(s.attrString("indent"))
				}
			case "styleSheet", "numFmts":
			default:
				s.Skip() // fonts, fills, borders, cellStyleXfs, dxfs, extLst…
			}
		}
		return s.Err()
	})
	if w.stylesErr != nil {
		return nil, w.stylesErr
	}
	w.styles = t
	return t, nil
}

// numFmtStyle reads a number format as socdw needs it. A built-in id
// means its built-in format even when numFmts redefines it, as excelize
// and Excel read it.
func numFmtStyle(id int, custom map[int]string) CellStyle {
	var cs CellStyle
	if isBuiltinNumFmt(id) {
		cs.Percent = id == 9 || id == 10
		cs.Date = (id >= 14 && id <= 22) || (id >= 45 && id <= 47)
		return cs
	}
	if f, ok := custom[id]; ok {
		cs.Percent = containsByte(f, '%')
		cs.Date = isDateFormat(f)
		cs.Thousands = scalingCommas(f)
	}
	return cs
}

// isBuiltinNumFmt lists the ids whose format is fixed (ECMA-376 18.8.30)
// and the East Asian language formats, as excelize reads them; the
// currency formats 5–8 depend on the locale and are read from numFmts.
func isBuiltinNumFmt(id int) bool {
	return (id >= 0 && id <= 4) || (id >= 9 && id <= 22) || (id >= 27 && id <= 62) || (id >= 67 && id <= 81)
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
