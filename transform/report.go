package transform

import (
	"fmt"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// reportFile is the context of one workbook or text report while its
// tables are interpreted.
type reportFile struct {
	opt   Options
	file  string
	fileW when
	b     *socdw.Batch
	errs  []error
	// devError is how far a printed deviation is from budget − actual,
	// by its cell: a Summa that is right while one of its parts was
	// misprinted is no second finding.
	devError map[socdw.CellRef]socdw.Amount
}

// interpret turns the tables of one sheet into facts.
func (x *reportFile) interpret(g *grid, tables []*table) {
	sheetW, sheetUnit := sheetContext(g, tables)
	for _, t := range tables {
		x.table(t, sheetW, sheetUnit)
	}
}

// sheetContext is what a sheet's name and its first title say about every
// table on it: a year or months, and a unit.
func sheetContext(g *grid, tables []*table) (when, socdw.Unit) {
	sheetW := parseWhen(g.sheet)
	if len(tables) > 0 {
		if w := parseWhen(tables[0].titleText()); w.year != 0 || w.hasMonths() {
			sheetW = mergeWhen(w, sheetW)
		}
	}
	// A unit in the sheet's title ("Investeringar 2019 (tkr)") is the unit
	// of every table under it that names none.
	sheetUnit := socdw.UnitNone
	if len(tables) > 0 {
		sheetUnit = moneyUnitIn(tables[0].titleText())
		if sheetUnit == socdw.UnitNone {
			sheetUnit = moneyUnitIn(g.sheet) // a sheet named "Drift tkr"
		}
	}
	return sheetW, sheetUnit
}

func mergeWhen(a, b when) when {
	if a.year == 0 {
		a.year = b.year
	}
	if !a.hasMonths() {
		a.from, a.to, a.fullYear = b.from, b.to, b.fullYear
	}
	return a
}

// tableCtx is what a table's words say about all its values: their
// period, their unit, its kind, and whether it speaks of money.
type tableCtx struct {
	title, lh string
	tw        when
	pc        periodCtx
	unit      socdw.Unit
	assumed   bool // kronor assumed: nothing named the unit
	kind      string
	counts    socdw.Unit // the unit of a column without one in a table of counts
	money     bool
}

// context settles a table's roles and what its title, header and notes
// say about its values.
func (x *reportFile) context(t *table, sheetW when, sheetUnit socdw.Unit) tableCtx {
	title, lh, notes := t.titleText(), t.labelHeader(), t.notesText()
	tw := parseWhen(title + " " + lh)
	// A note about the year's forecast ("helårsprognosen …") does not make
	// the table's figures the year's: only the note's months count.
	if nw := parseWhen(reHelar.ReplaceAllString(norm(notes), "")); !rowsNameYears(t) && nw.from != 0 {
		// A note under the table ("Utfall och budget avser januari–oktober
		// 2017") speaks for it; under a table whose rows are years it
		// speaks of one of them ("Utfall 2018 avser prognos per november"),
		// and a bare date in a note ("uttag 2018-01-10") is when the file
		// was made, not what it covers.
		tw = mergeWhen(tw, nw)
	}
	pc := periodCtx{table: tw, sheet: sheetW, file: x.fileW, config: x.opt.Period}
	tableUnit := moneyUnitIn(lh)
	for _, s := range []string{title, notes} {
		if tableUnit == socdw.UnitNone {
			tableUnit = moneyUnitIn(s)
		}
	}
	x.refineRoles(t)
	if tableUnit == socdw.UnitNone {
		tableUnit = commonMoneyUnit(t.cols)
	}
	if tableUnit == socdw.UnitNone {
		tableUnit = sheetUnit
	}
	if tableUnit == socdw.UnitNone {
		tableUnit = x.opt.Unit
	}
	assumed := false
	if tableUnit == socdw.UnitNone {
		tableUnit, assumed = socdw.UnitKr, true
	}

	kind := tableKind(t, title+" "+lh)
	if kind == "figures" && rolesInRows(t) {
		kind = "budget_by_row"
	}
	// In a table of counts (persons, households), a column without a
	// unit of its own counts too, whatever unit the config gives money.
	counts := socdw.UnitNone
	if kind == "placement_count" || (!hasMoney(t) && reCount.MatchString(norm(title+" "+lh))) {
		counts = socdw.UnitCount
	}
	if !hasMoney(t) && reDays.MatchString(norm(title+" "+lh)) {
		counts = socdw.UnitCareDays // "Korttidstillsyn LSS, antal dygn"
	}
	if !hasMoney(t) && reRateHeader.MatchString(norm(title+" "+lh)) {
		// "Antal döda per 100 000": a rate, neither a count nor additive.
		counts = socdw.UnitNumber
	}
	// Kronor are assumed for a column that names no unit only where the
	// table speaks of money: a unit in its words or the config, or budget
	// and outcome columns.
	money := !assumed || hasMoney(t)
	return tableCtx{title: title, lh: lh, tw: tw, pc: pc, unit: tableUnit, assumed: assumed, kind: kind, counts: counts, money: money}
}

func (x *reportFile) table(t *table, sheetW when, sheetUnit socdw.Unit) {
	tc := x.context(t, sheetW, sheetUnit)
	title, lh, tw, pc, tableUnit, assumed, kind, counts, money := tc.title, tc.lh, tc.tw, tc.pc, tc.unit, tc.assumed, tc.kind, tc.counts, tc.money
	rows := x.readBody(t, tableUnit, counts, money)
	if !t.long {
		markImplicitTotal(t, rows)
	}

	info := socdw.TableInfo{Ref: t.headerRef(), Title: title, Kind: kind, Unit: tableUnit, Rows: len(rows), LastRow: t.body[len(t.body)-1].Num}
	if !money {
		info.Unit = socdw.UnitNone // no kronor assumed for a table that does not speak of money
	}
	if assumed && usedTableUnit(rows) {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: info.Ref, Kind: socdw.FindingAssumedUnit,
			Message: "no unit (kr, tkr, mnkr) in the table, its headers or the config: amounts read as kronor"})
	}
	sign := x.costSign(t, rows)

	// Figures: every value, with its period.
	years := t.seriesYears(x.fileYears(tw, sheetW))
	refused := 0
	var firstRefused socdw.CellRef
	for _, r := range rows {
		ps := columnPeriods(t, pc, r.when)
		dims := t.dimensions(r.row)
		for j, v := range r.vals {
			if !v.ok {
				continue
			}
			c := t.cols[j]
			p := ps[j]
			if p.IsZero() {
				x.errs = append(x.errs, &extract.Error{Ref: v.ref, Err: fmt.Errorf("no period: neither the cell's headers, the table title, the sheet, the file name nor the source's period say which year")})
				return
			}
			if reason := x.implausible(p, years); reason != "" {
				x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: v.ref, Reason: reason})
				r.vals[j].ok = false // nor a budget line, care cost or placement
				if refused == 0 {
					firstRefused = v.ref
				}
				refused++
				continue
			}
			info.Period = span(info.Period, p)
			x.b.Figures = append(x.b.Figures, socdw.Figure{Ref: v.ref, Period: p, Subject: t.subject(r), Measure: c.measure,
				Value: v.amt, Exact: v.exact, Unit: v.unit, IsTotal: r.isTotal || c.isTotal, Dimensions: dims, Kommun: kommunOf(dims)})
		}
	}
	if refused > 0 {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: firstRefused, Kind: socdw.FindingRefused,
			Message: fmt.Sprintf("%d of the table's values not loaded: a period implausible for this file (the rejects name each cell); the rest of the table loaded", refused)})
	}
	x.unitFindings(t, rows)
	info.Columns = t.columnInfo(rows)
	switch kind {
	case "budget":
		x.budget(t, rows, pc, sign)
	case "care_cost":
		x.care(t, rows, pc, sign, title+" "+lh)
	case "placement_count":
		x.placementCounts(t, rows, pc, title+" "+lh)
	case "budget_by_row":
		x.budgetByRow(t, rows, pc, title)
	}
	x.totalFindings(t, rows)
	x.b.Tables = append(x.b.Tables, info)
}

func rowsNameYears(t *table) bool {
	for _, r := range t.body {
		label, _ := t.rowLabel(r)
		if isYear(label) || reYear.MatchString(label) {
			return true
		}
	}
	return false
}

// sheetGroup is the org unit a sheet is about when its title says so:
// Haninge's "Avdelning Barn och unga" sheets list that avdelning's parts.
func sheetGroup(t *table) string {
	for _, r := range t.titles {
		txt := strings.TrimSpace(rowText(r))
		if rest, ok := strings.CutPrefix(txt, "Avdelning "); ok && len(rest) < 60 {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// subject is what a figure is about: the row's label with its groups,
// or in a long-format table all its dimension values ("Botkyrka > Kostnad
// IFO, kr/inv").
func (t *table) subject(r bodyRow) string {
	if !t.long {
		return r.path
	}
	var parts []string
	for _, d := range t.dimCols {
		if v := strings.TrimSpace(cellAt(r.row, d.col).Text); v != "" && !d.ident {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " > ")
}

// dimensions are a row's dimension and identifier columns, header →
// value, for a table that has more of them than its label; nil for a
// table whose rows have only a label.
func (t *table) dimensions(r extract.Row) []socdw.Dimension {
	if len(t.dimCols) < 2 {
		return nil
	}
	var out []socdw.Dimension
	for _, d := range t.dimCols {
		if v := strings.TrimSpace(cellAt(r, d.col).Text); v != "" {
			out = append(out, socdw.Dimension{Name: d.name, Value: v})
		}
	}
	return out
}

// kommunOf is the municipality a row of a statistics export is about: its
// Kommun column's value ("" when it has none, and the source's kommun
// holds).
func kommunOf(dims []socdw.Dimension) string {
	for _, d := range dims {
		switch norm(d.Name) {
		case "kommun", "kommunnamn", "kommun namn", "municipality":
			return d.Value
		}
	}
	return ""
}

// span is the smallest period covering a and b; a zero a is no period yet.
func span(a, b socdw.Period) socdw.Period {
	if a.IsZero() {
		return b
	}
	if b.Start.Before(a.Start) {
		a.Start = b.Start
	}
	if b.End.After(a.End) {
		a.End = b.End
	}
	return a
}

// usedTableUnit reports whether some money value took the table's unit
// for want of its own.
func usedTableUnit(rows []bodyRow) bool {
	for _, r := range rows {
		for _, v := range r.vals {
			if v.ok && v.fromTable {
				return true
			}
		}
	}
	return false
}

func hasMoney(t *table) bool {
	for _, c := range t.cols {
		switch c.role {
		case roleBudget, roleFullYearBudget, roleActual, roleRevenue, roleCost, roleDeviation, roleResult, roleForecast, roleForecastDeviation:
			return true
		}
	}
	return false
}

// tableKind decides which facts a table feeds besides figures.
func tableKind(t *table, context string) string {
	roles := map[role]bool{}
	for _, c := range t.cols {
		roles[c.role] = true
	}
	switch {
	case roles[roleCareDays]:
		return "care_cost"
	case has(norm(context), "placering", "placerade") && !hasMoney(t) && mostlyForms(t):
		return "placement_count"
	case roles[roleBudget] || roles[roleActual] || roles[roleDeviation] || roles[roleResult] || roles[roleFullYearBudget] || roles[roleForecast] || roles[roleForecastDeviation]:
		return "budget"
	}
	return "figures"
}

// mostlyForms reports whether most row labels are placement forms: a
// table of placements by form, not one that merely mentions placements.
func mostlyForms(t *table) bool {
	forms, rows := 0, 0
	for _, r := range t.body {
		label, _ := t.rowLabel(r)
		if label == "" || isTotalLabel(label) {
			continue
		}
		rows++
		if _, ok := placementForm(label); ok {
			forms++
		}
	}
	return rows > 0 && 2*forms >= rows
}

func colOf(t *table, r role) int {
	for i, c := range t.cols {
		if c.role == r {
			return i
		}
	}
	return -1
}

func (x *reportFile) unitKey(name string) string {
	if k, ok := x.opt.Aliases[name]; ok {
		return k
	}
	n := strings.Join(strings.Fields(strings.TrimRight(name, "*")), " ")
	for from, to := range x.opt.Aliases {
		if strings.EqualFold(strings.Join(strings.Fields(from), " "), n) {
			return to
		}
	}
	return n
}

func anyVal(r bodyRow) bool {
	for _, v := range r.vals {
		if v.ok {
			return true
		}
	}
	return false
}

func abs(a socdw.Amount) socdw.Amount {
	if a < 0 {
		return -a
	}
	return a
}
