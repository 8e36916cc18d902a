package transform

// Plausibility guards: a period no file of this kind can be about is
// refused with its cell, and a figure a thousand times off its column's
// others where its unit changed is said to be suspicious.

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/socdw/socdw"
)

// Years a file may speak of: from 1990, through five years after the
// load's. A period outside is a code or an amount misread as a year.
const firstPlausibleYear = 1990

// farYears is how far from every year the file itself names (title, sheet,
// file name, the source's period) a period may lie and still be read.
const farYears = 10

// reExportStamp is a day's date in a file name: 2019-11-28 or 20191128.
var reExportStamp = regexp.MustCompile(`(?:^|[^0-9])(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:[^0-9]|$)`)

// fileYears are the years the file names about itself.
func (x *reportFile) fileYears(tw, sw when) []int {
	var ys []int
	ws := []when{tw, sw}
	// A file name with a whole day in it ("Statistikdatabasen_2019-11-28
	// 12_56_54.csv") says when the file was made, not what it is about:
	// an export made in 2019 holds 1997–2018.
	if !reExportStamp.MatchString(filepath.Base(x.file)) {
		ws = append(ws, x.fileW)
	}
	for _, w := range ws {
		if w.year != 0 {
			ys = append(ys, w.year)
		}
		if w.toYear != 0 {
			ys = append(ys, w.toYear)
		}
	}
	if !x.opt.Period.IsZero() {
		ys = append(ys, x.opt.Period.Start.Year(), x.opt.Period.End.Year())
	}
	return ys
}

// seriesYears adds to the years the file names the span of the table's
// own series of years (t.yearRun) when that series reaches the years
// allowed: "statistik_2024.xlsx" with an År column of 2000–2023 is the
// history of 2024's figures, each row naming its year, while one row of
// 2005 among rows of 2023 stays far (a typing error, or a code misread).
func (t *table) seriesYears(fileYears []int) []int {
	run := t.yearRun
	if len(fileYears) == 0 || run[0] == 0 {
		return fileYears
	}
	lo, hi := fileYears[0], fileYears[0]
	for _, y := range fileYears {
		lo, hi = min(lo, y), max(hi, y)
	}
	if run[1] < lo-farYears || run[0] > hi+farYears {
		return fileYears
	}
	return append(slices.Clone(fileYears), run[0], run[1])
}

// implausible says why a period cannot be a figure's, or "".
func (x *reportFile) implausible(p socdw.Period, fileYears []int) string {
	last := x.opt.Today.Year() + 5
	if p.Start.Year() < firstPlausibleYear || p.End.Year() > last {
		return fmt.Sprintf("period %s is outside %d–%d: not loaded (a code or an amount read as a year?)", p, firstPlausibleYear, last)
	}
	if len(fileYears) == 0 {
		return ""
	}
	lo, hi := fileYears[0], fileYears[0]
	for _, y := range fileYears {
		lo, hi = min(lo, y), max(hi, y)
	}
	if p.End.Year() < lo-farYears || p.Start.Year() > hi+farYears {
		return fmt.Sprintf("period %s is far from the years the file names (%d–%d): not loaded", p, lo, hi)
	}
	return ""
}

// unknownUnits says that n values of column c, the first at first, took
// no unit.
func (x *reportFile) unknownUnits(c column, n int, first socdw.CellRef) {
	if n > 0 {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: first, Kind: socdw.FindingUnknownUnit,
			Message: fmt.Sprintf("column %q: %d values with no unit in the cell, row, header, title or config: stored as plain numbers (value_unit number); set the unit with config columns:", c.measure, n)})
	}
}

// unitFindings says which values took no unit (plain numbers), and which
// figure is about a thousand times off its column's others where its unit
// came from elsewhere than theirs: a tkr lost or gained.
func (x *reportFile) unitFindings(t *table, rows []bodyRow) {
	for j, c := range t.cols {
		unknown := 0
		var first socdw.CellRef
		from := map[string]int{}
		for _, r := range rows {
			v := r.vals[j]
			if !v.ok {
				continue
			}
			if v.unknown {
				if unknown == 0 {
					first = v.ref
				}
				unknown++
			}
			if v.unit.IsMoney() {
				from[v.from+"|"+v.unit.String()]++
			}
		}
		x.unknownUnits(c, unknown, first)
		if len(from) < 2 {
			continue
		}
		// Money read at two scales in one column: the column's usual
		// scale, and the size of its values there.
		usual, most := "", 0
		for k, n := range from {
			if n > most || (n == most && k < usual) {
				usual, most = k, n
			}
		}
		var sizes []socdw.Amount
		for _, r := range rows {
			if v := r.vals[j]; v.ok && !r.isTotal && v.from+"|"+v.unit.String() == usual && v.amt != 0 {
				sizes = append(sizes, abs(v.amt))
			}
		}
		if len(sizes) < 2 {
			continue
		}
		sort.Slice(sizes, func(a, b int) bool { return sizes[a] < sizes[b] })
		median := sizes[len(sizes)/2]
		for _, r := range rows {
			v := r.vals[j]
			if !v.ok || !v.unit.IsMoney() || v.amt == 0 || v.from+"|"+v.unit.String() == usual {
				continue
			}
			a := abs(v.amt)
			if a >= 300*median && a <= 3000*median || 300*a <= median && 3000*a >= median {
				x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: v.ref, Kind: socdw.FindingMagnitude,
					Reported: socdw.Some(v.amt), Recomputed: socdw.Some(median),
					Message: fmt.Sprintf("%s, %s: %s (unit from %s) is about a thousand times the column's other values (median %s, unit from %s): a unit lost or gained?",
						r.label, c.measure, socdw.FormatAmount(v.amt), v.from, socdw.FormatAmount(median), strings.SplitN(usual, "|", 2)[0])})
			}
		}
	}
}
