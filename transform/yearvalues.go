package transform

// Values that look like years: a column of counts or amounts whose figures
// happen to lie in 1980–2099 (2021, 2024, 2030 …) has rows shaped like a
// header of years ("Norr | 2021"). Where the header over the column names
// a measure, or the config declares the column one, those rows are data.

import (
	"strconv"
	"strings"

	"github.com/socdw/socdw"
)

// namesMeasure reports whether a header names values: a role (Budget,
// Utfall, Antal, Kostnad …), a unit (tkr, kr, %, dygn …) or a word for an
// amount. Under such a header a year-looking number is a value.
func namesMeasure(header string) bool {
	return measureRole(header) != roleNone || unitIn(header) != socdw.UnitNone || has(norm(header), "belopp", "värde")
}

// readYearValues reshapes, in place, the rows of a sheet whose
// year-looking cells are values rather than a header of years: rows
// with a text label whose every year-looking cell stands in a column the
// config declares a measure (decisive, whatever the header says), or
// under a header that names a measure over the label column and that
// value column alike (a header with nothing over the labels may have a
// second header row of years under it). The first row under a header
// whose years run one after the other (2022 | 2023 | 2024) stays a
// header unless the config says otherwise.
func readYearValues(g *grid, shapes []rowShape) {
	rows := g.rows
	hdr, reshaped := -1, false
	for i, r := range rows {
		adjacent := i > 0 && r.Num == rows[i-1].Num+1
		first := false
		switch {
		case adjacent && reshaped:
			// under the same header as the row above
		case adjacent && shapes[i-1].isHeaderRow():
			hdr, first = i-1, true
		default:
			hdr = -1
		}
		reshaped = false
		s := shapes[i]
		if s.firstClass != cText || s.years == 0 || s.numbers > 0 || s.errors > 0 {
			continue
		}
		headers := func(col int) []string {
			if hdr < 0 {
				return nil
			}
			hs := []string{strings.TrimSpace(cellAt(rows[hdr], col).Text)}
			if hdr > 0 && rows[hdr].Num == rows[hdr-1].Num+1 && shapes[hdr-1].isHeaderRow() {
				hs = append(hs, strings.TrimSpace(cellAt(rows[hdr-1], col).Text)) // the upper of two header rows
			}
			return hs
		}
		byConfig := true
		byHeader := hdr >= 0 && classify(cellAt(rows[hdr], s.first)) == cText
		var years []int
		for k, c := range r.Cells {
			col := k + 1
			if col <= s.first || classify(c) != cYear {
				continue
			}
			y, _ := strconv.Atoi(strings.TrimSpace(c.Text))
			years = append(years, y)
			hs := headers(col)
			o, ok := g.override(col, hs...)
			declared := ok && o.Role == socdw.RoleMeasure
			byConfig = byConfig && declared
			named := false
			for _, h := range hs {
				named = named || namesMeasure(h)
			}
			byHeader = byHeader && (declared || named)
		}
		if byHeader && first && consecutiveYears(years) {
			byHeader = false
		}
		if !byConfig && !byHeader {
			continue
		}
		label := s.first
		shapes[i] = shapeAs(r, func(col int) bool { return col > label })
		reshaped = true
	}
}

// consecutiveYears reports whether two or more years run one after the
// other, as a header of years does.
func consecutiveYears(ys []int) bool {
	if len(ys) < 2 {
		return false
	}
	for k := 1; k < len(ys); k++ {
		if ys[k] != ys[k-1]+1 {
			return false
		}
	}
	return true
}
