package transform

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract/sie"
)

// sieFigures are one unit's outcome and budget in one period.
type sieFigures struct {
	actual, budget socdw.NullAmount
	line           int // the first line that fed them
}

func (s *sieFigures) add(budget bool, a socdw.Amount, line int) {
	t := &s.actual
	if budget {
		t = &s.budget
	}
	t.Amount += a
	t.Valid = true
	if s.line == 0 || line < s.line {
		s.line = line
	}
}

// sieUnits collects the figures of the organisation and of each cost
// centre (dimension 1) per period.
type sieUnits struct {
	org   map[socdw.Period]*sieFigures
	parts map[string]map[socdw.Period]*sieFigures // code → period →
}

func (u *sieUnits) at(code string, p socdw.Period) *sieFigures {
	m := u.org
	if code != "" {
		if m = u.parts[code]; m == nil {
			m = map[socdw.Period]*sieFigures{}
			u.parts[code] = m
		}
	}
	f := m[p]
	if f == nil {
		f = &sieFigures{}
		m[p] = f
	}
	return f
}

// sieLine is an amount and the first line it came from.
type sieLine struct {
	Amount socdw.Amount
	Line   int
}

// periodGroup is the #PSALDO (or #PBUDGET) rows of one account and month.
type periodGroup struct {
	budget   bool
	month    time.Time
	account  string
	total    socdw.Amount
	hasTotal bool
	line     int
	tol      socdw.Amount
	rows     []sie.PeriodAmount // rows with an object list
}

// budget makes budget_deviation's lines. For result accounts, a row of
// #PSALDO/#PBUDGET without objects is the account's total and rows with a
// cost centre are its parts. Per month: one line per cost centre, a line
// for what the parts leave uncovered, and the organisation as their total
// (when the file has no cost centres, the organisation is the only unit
// and no total). Outcome without #PSALDO comes from the voucher rows;
// a file with neither (type 1) gives each year's #RES.
func (m *sieMap) budget() {
	u := &sieUnits{org: map[socdw.Period]*sieFigures{}, parts: map[string]map[socdw.Period]*sieFigures{}}
	m.periodFigures(u)
	m.voucherFigures(u)
	if len(u.org) == 0 {
		m.yearFigures(u)
	}
	m.budgetLines(u)
}

func (m *sieMap) periodFigures(u *sieUnits) {
	groups := map[string]*periodGroup{}
	var order []*periodGroup
	for _, r := range m.f.Periods {
		if !m.isResult(r.Account) {
			continue
		}
		key := r.Label + r.Month.Format("200601") + " " + r.Account
		g := groups[key]
		if g == nil {
			g = &periodGroup{budget: r.Label == "#PBUDGET", month: r.Month, account: r.Account, line: r.Line}
			groups[key] = g
			order = append(order, g)
		}
		if len(r.Objects) == 0 || m.disjoint {
			g.total += r.Amount.Value
			g.tol += roundingOf(r.Amount)
			g.hasTotal = true
		}
		if len(r.Objects) > 0 {
			g.rows = append(g.rows, r)
		}
	}
	for _, g := range order {
		p := monthOf(g.month)
		parts, sum, tol, first := costCentreParts(g.rows, m.disjoint)
		total := g.total
		switch {
		case g.hasTotal:
		case len(parts) > 0:
			total, g.line = sum, first
		default:
			continue // only other dimensions: no total to tell
		}
		u.at("", p).add(g.budget, total, g.line)
		for _, code := range sortedKeys(parts) {
			u.at(code, p).add(g.budget, parts[code].Amount, parts[code].Line)
		}
		if g.hasTotal && len(parts) > 0 && !m.disjoint && abs(sum-total) > g.tol+tol {
			m.partsFinding(g, sum, total)
		}
	}
}

// costCentreParts sums the rows of one account and month per cost
// centre. Files give several object lists for one account ({1 A}, {6 P},
// {1 A 6 P}); only one set of dimensions is added up, so nothing counts
// twice: the set with dimension 1 and the fewest others. Disjoint rows
// (see disjointPeriods) all count, each to its cost centre.
func costCentreParts(rows []sie.PeriodAmount, disjoint bool) (map[string]sieLine, socdw.Amount, socdw.Amount, int) {
	best := ""
	for _, r := range rows {
		if sie.Find(r.Objects, sie.DimCostCentre) == "" || disjoint {
			continue
		}
		if s := dimSet(r.Objects); best == "" || len(s) < len(best) || (len(s) == len(best) && s < best) {
			best = s
		}
	}
	parts := map[string]sieLine{}
	var sum, tol socdw.Amount
	first := 0
	for _, r := range rows {
		code := sie.Find(r.Objects, sie.DimCostCentre)
		if code == "" || (!disjoint && dimSet(r.Objects) != best) {
			continue
		}
		p, ok := parts[code]
		if !ok {
			p.Line = r.Line
		}
		p.Amount += r.Amount.Value
		parts[code] = p
		sum += r.Amount.Value
		tol += roundingOf(r.Amount)
		if first == 0 {
			first = r.Line
		}
	}
	return parts, sum, tol, first
}

// dimSet names the dimensions of an object list, sorted: "1,6".
func dimSet(objs []sie.Object) string {
	ds := make([]int, len(objs))
	for i, o := range objs {
		ds[i] = o.Dim
	}
	sort.Ints(ds)
	return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ds)), ","), "[]")
}

// voucherFigures adds the voucher rows of result accounts whose outcome
// no #PSALDO gives, each in the month of its date. Where #PSALDO gives
// the outcome but names no cost centre anywhere in the file, the rows
// give the cost centres' parts of it (what they do not cover stays with
// the uncovered unit).
func (m *sieMap) voucherFigures(u *sieUnits) {
	periodParts := false
	for _, r := range m.f.Periods {
		if r.Label == "#PSALDO" && sie.Find(r.Objects, sie.DimCostCentre) != "" {
			periodParts = true
			break
		}
	}
	for _, v := range m.f.Vouchers {
		for _, t := range v.Rows {
			if !t.Counted || !m.isResult(t.Account) {
				continue
			}
			d := rowDate(v, t)
			code := sie.Find(t.Objects, sie.DimCostCentre)
			p := monthOf(d)
			if y, ok := m.f.YearOf(d); ok && m.fromPeriods[acctYear{t.Account, y}] {
				if code != "" && !periodParts {
					u.at(code, p).add(false, t.Amount.Value, t.Line)
				}
				continue
			}
			u.at("", p).add(false, t.Amount.Value, t.Line)
			if code != "" {
				u.at(code, p).add(false, t.Amount.Value, t.Line)
			}
		}
	}
}

// yearFigures gives each year's outcome from #RES, for files with no
// periods and no vouchers (type 1).
func (m *sieMap) yearFigures(u *sieUnits) {
	for _, b := range m.f.Balances {
		y, ok := m.f.Years[b.Year]
		if b.Label != "#RES" || !ok || y.Start.IsZero() || !m.isResult(b.Account) {
			continue
		}
		u.at("", socdw.Period{Start: y.Start, End: y.End}).add(false, b.Amount.Value, b.Line)
	}
}

func (m *sieMap) budgetLines(u *sieUnits) {
	hasParts := len(u.parts) > 0
	codes := sortedKeys(u.parts)
	rest := m.uncovered()
	for _, p := range sortedPeriods(u.org) {
		o := u.org[p]
		m.budgetLine(m.org, m.orgKey, "", hasParts, p, o.actual, o.budget, o.line)
		if !hasParts {
			continue
		}
		left := *o
		for _, code := range codes {
			f, ok := u.parts[code][p]
			if !ok {
				continue
			}
			name := m.ansvarName(code)
			m.budgetLine(name, m.x.bookingUnitKey(code, name), m.orgKey, false, p, f.actual, f.budget, f.line)
			left.actual.Amount -= f.actual.Amount
			left.budget.Amount -= f.budget.Amount
		}
		if (left.actual.Valid && left.actual.Amount != 0) || (left.budget.Valid && left.budget.Amount != 0) {
			m.budgetLine(rest, m.x.unitKey(rest), m.orgKey, false, p, left.actual, left.budget, o.line)
		}
	}
}

// uncovered names the unit of what the cost centres leave uncovered:
// "(utan kostnadsställe)", after the file's name for dimension 1.
func (m *sieMap) uncovered() string {
	return "(utan " + strings.ToLower(m.f.DimName(sie.DimCostCentre)) + ")"
}

func (m *sieMap) budgetLine(unit, key, parent string, total bool, p socdw.Period, actual, budget socdw.NullAmount, line int) {
	m.x.b.Budget = append(m.x.b.Budget, socdw.BudgetLine{Ref: socdw.CellRef{File: m.x.file, Row: line},
		Unit: unit, UnitKey: key, ParentKey: parent, IsTotal: total, Period: p, Actual: actual, Budget: budget})
}

// roundingOf is how far a written amount may be from the exact one: half
// its last written digit, in whole öre (nothing for two decimals).
func roundingOf(a sie.Amount) socdw.Amount {
	switch {
	case a.Decimals >= 2:
		return 0
	case a.Decimals == 1:
		return 5
	}
	return 50
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
