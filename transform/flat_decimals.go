package transform

// The decimal convention of a flat table read past the window. A report
// decides each value column's convention from all of its cells before one
// is read (decideDecimals); a streamed table can only decide from the
// window, and the rows after it are written as they come. So a cell past
// the window that tells another convention than the one its column's
// cells were read under refuses the sheet: the figures already written
// would be read otherwise (1.200 as 1,2 beside 2.500,75, which makes it
// 1 200), and a file loads whole or not at all.

import (
	"fmt"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// flatDecimals follows each value column's convention row by row.
type flatDecimals struct {
	// ambiguous is the first row per column whose cell read both ways
	// ("1.200") and was read under the default (no evidence yet): 0 if
	// none.
	ambiguous []int
}

func newFlatDecimals(t *table) flatDecimals {
	t.decideDecimals() // t.body is the window
	return flatDecimals{ambiguous: make([]int, len(t.cols))}
}

// check reads the evidence of row r's value cells before they are parsed.
// A column decided by nothing takes the first decisive cell's convention
// for itself and the rows after, unless a cell read both ways was read
// before it; a cell that contradicts its column's convention refuses the
// sheet (why says so, "" if the row may be read).
func (fd *flatDecimals) check(t *table, r extract.Row) (why string) {
	for j := range t.cols {
		c := &t.cols[j]
		cell := cellAt(r, c.col)
		if cell.Kind != extract.KindText || c.decimals.Conflict() {
			continue // a conflict in the window: parseCell rejects its cells
		}
		e := socdw.DecimalEvidence(cell.Text)
		if e == socdw.EvidenceNone {
			continue
		}
		letter := socdw.ColumnName(c.col)
		if e == socdw.EvidenceAmbiguous {
			if c.dec == socdw.DecimalAuto && fd.ambiguous[j] == 0 {
				fd.ambiguous[j] = r.Num
			}
			continue
		}
		dec := socdw.DecimalComma
		if e == socdw.EvidenceDot {
			dec = socdw.DecimalDot
		}
		switch {
		case c.dec == dec:
		case c.dec == socdw.DecimalAuto && fd.ambiguous[j] == 0:
			c.dec = dec
			c.decimals.Note(r.Num, e)
		case c.dec == socdw.DecimalAuto:
			return fmt.Sprintf("%s%d reads only with a %s, while %s%d, read before any cell told column %s's convention, reads otherwise under it (one separator, three digits: 1,2 or 1 200)",
				letter, r.Num, dec, letter, fd.ambiguous[j], letter)
		default:
			first := c.decimals.Comma
			if c.dec == socdw.DecimalDot {
				first = c.decimals.Dot
			}
			return fmt.Sprintf("%s%d reads only with a %s, while column %s is read with a %s (%s%d)", letter, r.Num, dec, letter, c.dec, letter, first)
		}
	}
	return ""
}
