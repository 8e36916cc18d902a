package transform

// Budget tables: budget, outcome, forecast and deviation per org unit and
// period, and the sign in which the table prints costs.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/socdw/socdw"
)

// costSign decides how the table prints costs: +1 when net costs are
// positive (Haninge), -1 when negative (Nacka). A printed deviation is the
// best witness, since every Swedish report prints a surplus as positive;
// then a cost column's sign, the notes, and the config.
func (x *reportFile) costSign(t *table, rows []bodyRow) int {
	switch x.opt.Costs {
	case "positive":
		return 1
	case "negative":
		return -1
	}
	bi, ai, di := colOf(t, roleBudget), colOf(t, roleActual), colOf(t, roleDeviation)
	if bi >= 0 && ai >= 0 && di >= 0 {
		pos, neg := 0, 0
		for _, r := range rows {
			b, a, d := r.vals[bi], r.vals[ai], r.vals[di]
			if !b.ok || !a.ok || !d.ok || b.amt == a.amt {
				continue
			}
			tol := b.tol + a.tol + d.tol
			if abs(d.amt-(b.amt-a.amt)) <= tol {
				pos++
			}
			if abs(d.amt-(a.amt-b.amt)) <= tol {
				neg++
			}
		}
		if pos > neg {
			return 1
		}
		if neg > pos {
			return -1
		}
	}
	if ci := colOf(t, roleCost); ci >= 0 {
		pos, neg := 0, 0
		for _, r := range rows {
			if v := r.vals[ci]; v.ok && v.amt > 0 {
				pos++
			} else if v.ok && v.amt < 0 {
				neg++
			}
		}
		if neg > pos {
			return -1
		}
		if pos > neg {
			return 1
		}
	}
	if has(norm(t.notesText()+" "+t.titleText()), "negativa belopp är kostnader", "kostnader redovisas med minus", "kostnader är negativa") {
		return -1
	}
	// Last: most net figures negative means costs printed negative. A unit
	// that earns more than it spends is the exception, not the table.
	pos, neg := 0, 0
	for _, r := range rows {
		if r.isTotal {
			continue
		}
		for _, ci := range []int{bi, ai} {
			if ci < 0 || !r.vals[ci].ok {
				continue
			}
			if r.vals[ci].amt > 0 {
				pos++
			} else if r.vals[ci].amt < 0 {
				neg++
			}
		}
	}
	if neg > pos {
		return -1
	}
	return 1
}

// budget makes budget lines: one per row and period of its budget,
// outcome and deviation columns (a table with "2017" and "2018" over
// "Budget | Utfall | Avvikelse" gives two per row). Full-year budget and
// forecast columns join the lines of their year.
func (x *reportFile) budget(t *table, rows []bodyRow, pc periodCtx, sign int) {
	s := socdw.Amount(sign)
	type acc struct {
		l             socdw.BudgetLine
		dev, bud, act value
	}
	for _, r := range rows {
		if r.label == "" || (r.isGroup && !anyVal(r)) {
			continue
		}
		base := socdw.BudgetLine{Ref: socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.row.Num}, Unit: r.label,
			UnitKey: x.unitKey(r.label), IsTotal: r.isTotal}
		if r.parent != "" {
			base.ParentKey = x.unitKey(r.parent)
		} else if g := sheetGroup(t); g != "" && !r.isTotal {
			base.ParentKey = x.unitKey(g)
		}
		var lines []*acc
		get := func(p socdw.Period) *acc {
			for _, a := range lines {
				if a.l.Period == p {
					return a
				}
			}
			a := &acc{l: base}
			a.l.Period = p
			lines = append(lines, a)
			return a
		}
		periods := columnPeriods(t, pc, r.when)
		// Columns that name their months are placed first. A second
		// column of the same role and period that names only a year
		// ("Budget 2017" beside "Budget jan-april" under a T1 title) is
		// the year's, not the period's: a budget becomes the full-year
		// budget, anything else stays a figure and overwrites nothing.
		var order []int
		for pass := 0; pass < 2; pass++ {
			for j, c := range t.cols {
				if c.when.hasMonths() == (pass == 0) {
					order = append(order, j)
				}
			}
		}
		var extraFullYear []int
		for _, j := range order {
			c := t.cols[j]
			v := r.vals[j]
			p := periods[j]
			if !v.ok || !v.unit.IsMoney() || p.IsZero() {
				continue
			}
			switch c.role {
			case roleBudget:
				a := get(p)
				if a.l.Budget.Valid {
					// A second budget of the same period that names only
					// its year is the year's budget; any other stays a
					// figure.
					if c.when.year != 0 && !c.when.hasMonths() {
						extraFullYear = append(extraFullYear, j)
					}
					continue
				}
				a.l.Budget, a.bud = socdw.Some(s*v.amt), v
			case roleActual:
				if a := get(p); !a.l.Actual.Valid {
					a.l.Actual, a.act = socdw.Some(s*v.amt), v
				}
			case roleDeviation, roleResult:
				if a := get(p); !a.l.ReportedDeviation.Valid {
					a.l.ReportedDeviation, a.dev = socdw.Some(v.amt), v
				}
			}
		}
		for _, j := range extraFullYear {
			y := periods[j].Start.Year()
			for _, a := range lines {
				if a.l.Period.Start.Year() == y && !a.l.FullYearBudget.Valid {
					a.l.FullYearBudget = socdw.Some(s * r.vals[j].amt)
				}
			}
		}
		for j, c := range t.cols {
			v := r.vals[j]
			if !v.ok || !v.unit.IsMoney() {
				continue
			}
			if c.role != roleFullYearBudget && c.role != roleForecast && c.role != roleForecastDeviation {
				continue
			}
			p, ok := pc.resolve(r.when, c.when)
			if !ok {
				continue
			}
			var targets []*acc
			for _, a := range lines {
				if a.l.Period.Start.Year() == p.Start.Year() {
					targets = append(targets, a)
				}
			}
			if len(targets) == 0 {
				targets = []*acc{get(socdw.Year(p.Start.Year()))}
			}
			for _, a := range targets {
				switch c.role {
				case roleFullYearBudget:
					a.l.FullYearBudget = socdw.Some(s * v.amt)
				case roleForecast:
					a.l.Forecast = socdw.Some(s * v.amt)
				case roleForecastDeviation:
					a.l.ForecastDeviation = socdw.Some(v.amt)
				}
			}
		}
		for _, a := range lines {
			x.b.Budget = append(x.b.Budget, a.l)
			l := a.l
			if l.Budget.Valid && l.Actual.Valid && l.ReportedDeviation.Valid {
				re := l.Budget.Amount - l.Actual.Amount
				if abs(re-a.dev.amt) > a.bud.tol+a.act.tol+a.dev.tol {
					if x.devError == nil {
						x.devError = map[socdw.CellRef]socdw.Amount{}
					}
					x.devError[a.dev.ref] = a.dev.amt - re
					x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: a.dev.ref, Kind: socdw.FindingDeviation,
						Reported: socdw.Some(a.dev.amt), Recomputed: socdw.Some(re),
						Message: fmt.Sprintf("%s: printed deviation %s is not budget − actual = %s", r.label, socdw.FormatAmount(a.dev.amt), socdw.FormatAmount(re))})
				}
			}
		}
	}
}

// rolesInRows reports a table turned on its side: budget and outcome as
// row labels ("Budget 2018", "Utfall 2018") and periods as columns
// ("Jan" … "Dec"), as Södertälje prints utbetalt bistånd.
func rolesInRows(t *table) bool {
	roles, periods := 0, 0
	for _, r := range t.body {
		label, _ := t.rowLabel(r)
		switch measureRole(label) {
		case roleBudget, roleActual, roleDeviation, roleForecast:
			roles++
		}
	}
	for _, c := range t.cols {
		if c.when.from != 0 && !c.isTotal {
			periods++
		}
	}
	return roles >= 2 && periods >= 2
}

var (
	reHelar   = regexp.MustCompile(`hel\s?år\S*`)
	reTableNo = regexp.MustCompile(`(?i)^\s*(tabell|tab\.|figur|diagram)\s*\d+[a-z]?[.:]?\s*`)
	reParens  = regexp.MustCompile(`\([^)]*\)`)
)

// subjectOfTitle is what a title is about, without its number, period
// and unit: "Tabell 1. Utbetalt bistånd januari-december 2018 (Tkr)" is
// "Utbetalt bistånd".
func subjectOfTitle(title string) string {
	s := reTableNo.ReplaceAllString(title, "")
	s = reParens.ReplaceAllString(s, "")
	words := strings.Fields(s)
	var keep []string
	for _, w := range words {
		n := norm(strings.Trim(w, ",.;:"))
		if _, month := monthNames[n]; month || reYear.MatchString(n) || reMonthRange.MatchString(n) || unitIn(n) != socdw.UnitNone {
			break
		}
		keep = append(keep, w)
	}
	return strings.TrimRight(strings.Join(keep, " "), ",.;: ")
}

// budgetByRow makes budget lines from a table on its side: one line per
// period column, its budget and outcome read from the rows that name
// them; the unit is what the title is about.
func (x *reportFile) budgetByRow(t *table, rows []bodyRow, pc periodCtx, title string) {
	unit := subjectOfTitle(title)
	if unit == "" {
		unit = t.labelHeader()
	}
	if unit == "" {
		return
	}
	type acc struct{ l socdw.BudgetLine }
	var lines []*acc
	get := func(p socdw.Period, ref socdw.CellRef, total bool) *acc {
		for _, a := range lines {
			if a.l.Period == p {
				return a
			}
		}
		a := &acc{l: socdw.BudgetLine{Ref: ref, Unit: unit, UnitKey: x.unitKey(unit), Period: p, IsTotal: total}}
		lines = append(lines, a)
		return a
	}
	for _, r := range rows {
		rr := measureRole(r.label)
		for j, c := range t.cols {
			v := r.vals[j]
			if !v.ok || !v.unit.IsMoney() || (c.when.from == 0 && !c.isTotal) {
				continue
			}
			if c.isTotal {
				continue // a Summa column may be an average: the months are the facts
			}
			p, ok := pc.resolve(r.when, c.when)
			if !ok {
				continue
			}
			a := get(p, socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.row.Num, Col: c.col}, false)
			switch rr {
			case roleBudget:
				a.l.Budget = socdw.Some(v.amt)
			case roleActual:
				a.l.Actual = socdw.Some(v.amt)
			case roleDeviation:
				a.l.ReportedDeviation = socdw.Some(v.amt)
			case roleForecast:
				a.l.Forecast = socdw.Some(v.amt)
			}
		}
	}
	for _, a := range lines {
		x.b.Budget = append(x.b.Budget, a.l)
	}
}
