package transform

// Values that look like years: a column of counts or amounts whose figures
// happen to lie in 1980–2099 (2021, 2024, 2030 …) has rows shaped like a
// header of years ("Norr | 2021"). Where the header over the column names
// a measure, or the config declares the column one, those rows are data.

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// namesMeasure reports whether a header names values: a role (Budget,
// Utfall, Antal, Kostnad …), a unit (tkr, kr, %, dygn …) or a word for an
// amount. Under such a header a year-looking number is a value.
func namesMeasure(header string) bool {
	return measureRole(header) != roleNone || unitIn(header) != socdw.UnitNone || has(norm(header), "belopp", "värde")
}

// readYearValues reshapes, in place, the rows of a sheet whose
// year-looking cells are values rather than a header of years: rows with
// a text label whose year-looking cells stand in columns the config
// declares a measure (decisive, whatever the header says), or under a
// header that names a measure over each of them and names the labels
// too; a year under a period header (År) or in a column the config makes
// a period stays the row's year. A header with nothing but a unit over
// the labels ("Tkr | Nettokostnad") may have a second header row of
// years under it, and so may any header where the first row's years run
// one after the other or repeat (2023 | 2024, 2024 | 2024): those stay
// headers.
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
		var over []extract.Row // the header rows over r, nearest first
		if hdr >= 0 {
			over = append(over, rows[hdr])
			if hdr > 0 && rows[hdr].Num == rows[hdr-1].Num+1 && shapes[hdr-1].isHeaderRow() {
				over = append(over, rows[hdr-1])
			}
		}
		yv := yearsAreValues(g, r, s.first, over)
		if yv.byHeader && (unitOnly(cellAt(r, s.first).Text) || first && yearRun(yv.years)) {
			yv.byHeader = false
		}
		if len(yv.cols) == 0 || !yv.byConfig && !yv.byHeader {
			continue
		}
		shapes[i] = shapeAs(r, func(col int) bool { return yv.cols[col] })
		reshaped = true
	}
}

// yearValues is what the config and the headers say of a row's
// year-looking cells right of its label.
type yearValues struct {
	cols     map[int]bool // the columns whose cell is a value
	years    []int        // those cells, as years
	byConfig bool         // every such value is in a column the config declares a measure
	byHeader bool         // every one stands under a measure, the labels under a label header
}

// yearsAreValues reads a row's year-looking cells against the header rows
// over it (nearest first) and the config. A cell that is neither a value
// nor a period leaves the row a header: cols is then empty.
func yearsAreValues(g *grid, r extract.Row, label int, over []extract.Row) yearValues {
	yv := yearValues{cols: map[int]bool{}, byConfig: true}
	yv.byHeader = len(over) > 0 && classify(cellAt(over[0], label)) == cText && !unitOnly(cellAt(over[0], label).Text)
	for k, c := range r.Cells {
		col := k + 1
		if col <= label || classify(c) != cYear {
			continue
		}
		var hs []string
		named, period := false, false
		for _, h := range over {
			t := strings.TrimSpace(cellAt(h, col).Text)
			hs = append(hs, t)
			named = named || namesMeasure(t)
			period = period || reYearHeader.MatchString(norm(t)) || reMonthHeader.MatchString(norm(t))
		}
		o, ok := g.override(col, hs...)
		declared := ok && o.Role == socdw.RoleMeasure
		switch {
		case ok && o.Role == socdw.RolePeriod, !declared && period:
			continue // the row's year
		case !declared && !named:
			return yearValues{} // a year header, for all anyone says
		}
		y, _ := strconv.Atoi(strings.TrimSpace(c.Text))
		yv.cols[col] = true
		yv.years = append(yv.years, y)
		yv.byConfig = yv.byConfig && declared
	}
	return yv
}

// unitOnly reports whether a cell names a money unit and nothing else
// ("Tkr", "(tkr)", "Belopp i tkr"): the corner over the labels of a
// header whose second row may hold years.
func unitOnly(text string) bool {
	if moneyUnitIn(text) == socdw.UnitNone {
		return false
	}
	t := norm(text)
	for _, re := range []*regexp.Regexp{reMnkr, reTkr, reKr} {
		t = re.ReplaceAllString(t, " ")
	}
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if w != "belopp" && w != "i" {
			return false
		}
	}
	return true
}

// yearRun reports whether two or more years run one after the other
// (either way) or repeat, as a header of years does.
func yearRun(ys []int) bool {
	if len(ys) < 2 {
		return false
	}
	up, down, same := true, true, true
	for k := 1; k < len(ys); k++ {
		up = up && ys[k] == ys[k-1]+1
		down = down && ys[k] == ys[k-1]-1
		same = same && ys[k] == ys[k-1]
	}
	return up || down || same
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
