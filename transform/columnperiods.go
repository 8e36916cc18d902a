package transform

// The period of each column of a row: its own words, its neighbour's, or
// the table's.

import (
	"time"

	"github.com/socdw/socdw"
)

// periodRole reports whether a column's figures are of the table's own
// period (and so may lend it to a neighbour that names none): not a
// full-year budget, a forecast or a change.
func periodRole(r role) bool {
	switch r {
	case roleFullYearBudget, roleForecast, roleForecastDeviation, roleChange:
		return false
	}
	return true
}

// columnPeriods resolves the period of every column of a row. A column
// that names no year or months ("Avvikelse", "Resultat") has the period of
// the nearest column to its left that does, when that one is of the
// table's own period: "Budget 2017 | Utfall 2017 | Avvikelse | Budget
// 2018 | …". A zero period means nothing says which year.
func columnPeriods(t *table, pc periodCtx, rw when) []socdw.Period {
	ps := make([]socdw.Period, len(t.cols))
	named := func(c column) bool { return c.when.year != 0 || c.when.hasMonths() }
	// A Summa or Snitt over month columns covers those months.
	var from, to time.Month
	for _, c := range t.cols {
		if !c.isTotal && c.when.from != 0 && c.when.from == c.when.to {
			if from == 0 || c.when.from < from {
				from = c.when.from
			}
			if c.when.to > to {
				to = c.when.to
			}
		}
	}
	for j, c := range t.cols {
		if c.isTotal && !named(c) && from != 0 {
			ps[j], _ = pc.resolve(rw, when{from: from, to: to})
			continue
		}
		ps[j], _ = pc.resolve(rw, c.when)
		if named(c) || rw.year != 0 {
			continue
		}
		if !periodRole(c.role) {
			continue
		}
		// Past a full-year budget or a forecast to the nearest column of
		// the table's own period.
		for k := j - 1; k >= 0; k-- {
			if named(t.cols[k]) && periodRole(t.cols[k].role) {
				if p, ok := pc.resolve(rw, t.cols[k].when); ok {
					ps[j] = p
				}
				break
			}
		}
	}
	return ps
}
