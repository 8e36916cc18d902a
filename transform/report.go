package transform

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// value is one parsed cell of a table body.
type value struct {
	ok   bool
	amt  socdw.Amount // normalised: SEK for money
	unit socdw.Unit
	tol  socdw.Amount // half the last printed digit, in the same scale: what rounding may hide
	ref  socdw.CellRef
	// fromTable is set when the unit came from the table (or the config,
	// or the kronor assumed), not from the cell, its row or its column.
	fromTable bool
}

// bodyRow is one body row with its place in the table's hierarchy.
type bodyRow struct {
	row     extract.Row
	label   string
	indent  int
	parent  string // the label of the group it belongs to
	up      int    // index of that group's row in the body; -1 at the top
	path    string // the labels of its groups and its own: "A > B > C"
	isGroup bool   // a label row without values, or a row with indented parts
	isTotal bool
	when    when
	vals    []value // by column index of table.cols
}

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
	for _, t := range tables {
		x.table(t, sheetW, sheetUnit)
	}
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

func (x *reportFile) table(t *table, sheetW when, sheetUnit socdw.Unit) {
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
	rows := x.readBody(t, tableUnit, counts)
	markImplicitTotal(t, rows)

	info := socdw.TableInfo{Ref: t.headerRef(), Title: title, Kind: kind, Unit: tableUnit, Rows: len(rows)}
	if assumed && usedTableUnit(rows) {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: info.Ref, Kind: socdw.FindingAssumedUnit,
			Message: "no unit (kr, tkr, mnkr) in the table, its headers or the config: amounts read as kronor"})
	}
	sign := x.costSign(t, rows)

	// Figures: every value, with its period.
	for _, r := range rows {
		ps := columnPeriods(t, pc, r.when)
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
			if info.Period.IsZero() {
				info.Period = p
			}
			x.b.Figures = append(x.b.Figures, socdw.Figure{Ref: v.ref, Period: p, Subject: subject(r), Measure: c.measure,
				Value: v.amt, Unit: v.unit, IsTotal: r.isTotal || c.isTotal})
		}
	}
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

func subject(r bodyRow) string { return r.path }

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

// refineRoles settles what the header words alone leave open: a helår
// group makes a budget a full-year budget, Tyresö's Prognos beside a
// Resultat is a forecast deviation, and a bare "Utfall" beside a net
// cost column is Södertälje's deviation.
func (x *reportFile) refineRoles(t *table) {
	hasResult, nets := false, 0
	for i := range t.cols {
		c := &t.cols[i]
		r := measureRole(c.label)
		if r == roleNone {
			r = measureRole(c.group)
		}
		if r == roleBudget && (has(norm(c.group), "helår", "hel år") || has(norm(c.label), "helår")) {
			r = roleFullYearBudget
		}
		if r == roleForecast && has(norm(c.label), "avvikelse") {
			r = roleForecastDeviation
		}
		c.role = r
		if r == roleResult {
			hasResult = true
		}
		if r == roleActual && has(norm(c.measure), "netto") {
			nets++
		}
	}
	// A table of budget and forecast with no outcome ("Prognos helår":
	// Budget | Prognos | Avvikelse) is about the year: its budget is the
	// full-year budget and its deviation the forecast's.
	forecastOnly := false
	if colOf(t, roleForecast) >= 0 && colOf(t, roleActual) < 0 && colOf(t, roleRevenue) < 0 && colOf(t, roleCost) < 0 && !hasResult {
		forecastOnly = true
	}
	// A forecast printed with its plus signs ("+4 000", "−2 500") is a
	// deviation from budget, as reports print them.
	signedForecast := false
	for _, c := range t.cols {
		if c.role == roleForecast && signedValues(t, c.col) {
			signedForecast = true
		}
	}
	for i := range t.cols {
		c := &t.cols[i]
		if c.role == roleForecast && signedForecast {
			c.role = roleForecastDeviation
		}
		if forecastOnly {
			switch c.role {
			case roleBudget:
				c.role = roleFullYearBudget
			case roleDeviation:
				c.role = roleForecastDeviation
			}
		}
		if hasResult && c.role == roleForecast {
			c.role = roleForecastDeviation
		}
		// Only a bare "Utfall" of the same period: "Utfall 2016" beside
		// "Nettokostnad 2017" is last year's outcome, not a deviation.
		if nets > 0 && c.role == roleActual && !has(norm(c.measure), "netto") && c.when.year == 0 && !c.when.hasMonths() {
			c.role = roleDeviation
		}
		switch c.role {
		case roleCareDays:
			c.unit = socdw.UnitCareDays
		case rolePerDay:
			c.unit = socdw.UnitKrPerDay
		}
	}
}

func commonMoneyUnit(cols []column) socdw.Unit {
	u := socdw.UnitNone
	for _, c := range cols {
		if c.unit.IsMoney() {
			if u != socdw.UnitNone && u != c.unit {
				return socdw.UnitNone
			}
			u = c.unit
		}
	}
	return u
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

// signedValues reports whether a column's text cells write a plus sign.
func signedValues(t *table, col int) bool {
	for _, r := range t.body {
		if c := cellAt(r, col); c.Kind == extract.KindText && strings.HasPrefix(strings.TrimSpace(c.Text), "+") {
			return true
		}
	}
	return false
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

// readBody parses every body cell and places each row in the hierarchy.
func (x *reportFile) readBody(t *table, tableUnit, counts socdw.Unit) []bodyRow {
	// open is the chain of groups the next row may belong to, outermost
	// first: a row with values, or a label alone, opens a group for the
	// rows indented under it.
	type group struct {
		idx      int // in out
		indent   int
		label    bool // a label without values
		flat     bool // a label whose parts are not indented: open until a total or the next such label
		resolved bool // whether flat is known yet (from its first part)
	}
	var (
		out  []bodyRow
		open []group
	)
	for _, r := range t.body {
		label, indent := t.rowLabel(r)
		br := bodyRow{row: r, label: label, indent: indent, isTotal: isTotalLabel(label), up: -1}
		if namesPeriod(label) {
			br.when = parseWhen(label)
		}
		for _, yc := range t.yearCols {
			if v := strings.TrimSpace(cellAt(r, yc).Text); isYear(v) {
				br.when = parseWhen(v)
			}
		}
		any := false
		for _, c := range t.cols {
			if cl := classify(cellAt(r, c.col)); cl == cNumber || cl == cYear || cl == cError {
				any = true
			}
		}
		if label == "" && any {
			x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: t.labelCol},
				Reason: "row has values but no label"})
			continue
		}
		labelOnly := !any && !br.isTotal
		// A total closes the rows above it that have no parts: an
		// indented "   Summa" after "Barn och unga", "Vuxna" sums them,
		// it is not a part of Vuxna.
		for br.isTotal && len(open) > 0 && !out[open[len(open)-1].idx].isGroup {
			open = open[:len(open)-1]
		}
		// Close the groups this row is not a part of.
		for len(open) > 0 {
			g := &open[len(open)-1]
			if g.label && !g.resolved {
				g.resolved, g.flat = true, indent <= g.indent && !labelOnly && !br.isTotal
			}
			if g.label && g.flat {
				if indent < g.indent || br.isTotal || (labelOnly && indent == g.indent) {
					open = open[:len(open)-1]
					continue
				}
				break
			}
			if indent <= g.indent {
				open = open[:len(open)-1]
				continue
			}
			break
		}
		br.path = label
		if len(open) > 0 {
			p := open[len(open)-1].idx
			br.up, br.parent = p, out[p].label
			br.path = out[p].path + " > " + label
			out[p].isGroup = true
		}
		// A row's unit is its own label's, or its group's: the parts of
		// "Antal bidragshushåll" count households too.
		rowUnit := rowUnitIn(label)
		for k := br.up; rowUnit == socdw.UnitNone && k >= 0; k = out[k].up {
			rowUnit = rowUnitIn(out[k].label)
		}
		for _, c := range t.cols {
			cell := cellAt(r, c.col)
			ref := socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: c.col}
			br.vals = append(br.vals, x.parseCell(cell, ref, c, rowUnit, tableUnit, counts))
		}
		out = append(out, br)
		if !br.isTotal {
			open = append(open, group{idx: len(out) - 1, indent: indent, label: labelOnly})
		}
	}
	// A label row that no part followed is no group.
	for i := range out {
		if out[i].isGroup && !anyVal(out[i]) {
			has := false
			for _, o := range out {
				if o.up == i {
					has = true
					break
				}
			}
			out[i].isGroup = has
		}
	}
	return out
}

// parseCell reads one value. The unit comes from the cell, the row label,
// the column header, the column's role, then the table.
func (x *reportFile) parseCell(cell extract.Cell, ref socdw.CellRef, c column, rowUnit, tableUnit, counts socdw.Unit) value {
	v := value{ref: ref}
	if cell.Kind == extract.KindError {
		x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: "formula error in cell"})
		return v
	}
	n, ok, err := numberCell(cell)
	if err != nil {
		if strings.TrimSpace(cell.Text) != "" {
			x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: "not a number: " + err.Error()})
		}
		return v
	}
	if ok && cell.Kind == extract.KindNumber && cell.Percent {
		n = asPercent(n)
	}
	if !ok {
		return v // "-": no value
	}
	u := n.Unit
	for _, cand := range []socdw.Unit{rowUnit, c.unit} {
		if u == socdw.UnitNone {
			u = cand
		}
	}
	if u == socdw.UnitNone {
		switch c.role {
		case roleCount:
			u = socdw.UnitCount
		case roleChange, roleNone:
			if counts != socdw.UnitNone {
				u = counts
			} else if tableUnit.IsMoney() && (moneyish(c) || c.role == roleChange) {
				u, v.fromTable = tableUnit, true
			} else {
				u = socdw.UnitCount
			}
		default:
			u, v.fromTable = tableUnit, true
		}
	}
	// A count or care day is never scaled by a table's "tkr".
	amt, err := n.Scaled(u)
	if err != nil {
		x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: err.Error()})
		return v
	}
	v.ok, v.amt, v.unit = true, amt, u
	v.tol = tolerance(n, u)
	return v
}

// asPercent turns Excel's stored fraction of a percentage-formatted cell
// (0.0896) into the percentage it shows (8.96).
func asPercent(n socdw.Number) socdw.Number {
	n.Exp -= 2
	for n.Exp < 0 {
		n.Coef *= 10
		n.Exp++
	}
	n.Unit = socdw.UnitPercent
	return n
}

// moneyish: a column with no known role is money when its header names
// none of the non-money words.
func moneyish(c column) bool {
	m := norm(c.measure)
	if m == "" || isYear(strings.TrimSpace(c.label)) {
		return true
	}
	return !reCount.MatchString(m) && !rePercent.MatchString(m) && !reDays.MatchString(m)
}

// tolerance is half of the last printed digit, scaled: a figure printed
// as 2 492 tkr may be anything from 2 491 500 to 2 492 500 kr.
func tolerance(n socdw.Number, u socdw.Unit) socdw.Amount {
	half := socdw.Amount(50 * u.Factor()) // 0.5 in hundredths, scaled
	for i := 0; i < n.Exp && half >= 10; i++ {
		half /= 10
	}
	if half < 1 {
		half = 1
	}
	return half
}

// markImplicitTotal marks a last row that is the sum of the rows above it
// as a total even without "Summa" in its label (Haninge's avdelning
// sheets end so), so it is never counted twice.
func markImplicitTotal(t *table, rows []bodyRow) {
	if len(rows) < 3 {
		return
	}
	last := &rows[len(rows)-1]
	if last.isTotal || last.indent > 0 || last.when.year != 0 || last.up >= 0 {
		return
	}
	// The budget and outcome columns decide; a printed deviation may be
	// wrong in the report itself (Haninge's 2 492) and is checked later.
	// A table of deviations alone (Tyresö's Resultat) is decided by them.
	devOnly := true
	for _, c := range t.cols {
		switch c.role {
		case roleDeviation, roleResult, roleForecastDeviation, roleChange:
		default:
			devOnly = false
		}
	}
	match, miss := 0, 0
	for j, c := range t.cols {
		if !last.vals[j].ok || !last.vals[j].unit.IsMoney() {
			continue
		}
		switch c.role {
		case roleDeviation, roleResult, roleForecastDeviation, roleChange:
			if !devOnly || c.role == roleChange {
				continue
			}
		}
		// The rows above, or the last Summa and the rows after it
		// (Tyresö: "Totalt flyktingmottagande", "Kommunbidrag",
		// "Nettoresultat").
		hit := false
		for ci, cand := range totalCandidates(rows, len(rows)-1, j) {
			var sum, tol socdw.Amount
			n := 0
			for _, v := range cand {
				if v.ok {
					sum, tol, n = sum+v.amt, tol+v.tol, n+1
				}
			}
			if n < 2 && ci == 0 {
				continue
			}
			if n >= 1 && abs(sum-last.vals[j].amt) <= tol+last.vals[j].tol {
				hit = true
				break
			}
		}
		if hit {
			match++
		} else {
			miss++
		}
	}
	if match > 0 && match > miss {
		last.isTotal = true
	}
}

func abs(a socdw.Amount) socdw.Amount {
	if a < 0 {
		return -a
	}
	return a
}

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

func anyVal(r bodyRow) bool {
	for _, v := range r.vals {
		if v.ok {
			return true
		}
	}
	return false
}

// totalFindings checks every Summa row against its parts, every group row
// against its indented parts, and every Summa column against its months
// (a Summa that is an average, as Södertälje prints, is no finding).
func (x *reportFile) totalFindings(t *table, rows []bodyRow) {
	for j, c := range t.cols {
		if c.role == roleChange {
			continue
		}
		for i, r := range rows {
			switch {
			case r.isTotal:
				x.checkSum(r.vals[j], totalCandidates(rows, i, j), r.label, c.measure, false)
			case r.isGroup && anyVal(r):
				x.checkSum(r.vals[j], [][]value{partsOf(rows, i+1, len(rows), i, j)}, r.label, c.measure, false)
			}
		}
	}
	// Total columns: a Summa over month or part columns.
	for j, c := range t.cols {
		if !c.isTotal {
			continue
		}
		for _, r := range rows {
			var parts []value
			for k, o := range t.cols {
				if k != j && !o.isTotal && o.role != roleChange {
					parts = append(parts, r.vals[k])
				}
			}
			x.checkSum(r.vals[j], [][]value{parts}, r.label, c.measure, true)
		}
	}
}

// partsOf collects column j of the rows in [from, to) whose group is up:
// totals left out, and a label row without values replaced by its own
// parts.
func partsOf(rows []bodyRow, from, to, up, j int) []value {
	var parts []value
	for k := from; k < to; k++ {
		p := rows[k]
		if p.up != up || p.isTotal || p.when.year != 0 {
			continue
		}
		if !anyVal(p) {
			parts = append(parts, partsOf(rows, k+1, to, k, j)...)
			continue
		}
		parts = append(parts, p.vals[j])
	}
	return parts
}

// totalCandidates are the ways the rows above a Summa at its level may
// add up to it, first the likeliest: the rows since the last Summa; every
// row of the level; the Summas before it and the rows after the last of
// them ("Summa resultatområde", more units, "Nämnden totalt").
func totalCandidates(rows []bodyRow, i, j int) [][]value {
	up := rows[i].up
	last := -1
	var totals []value
	for k := 0; k < i; k++ {
		if rows[k].isTotal && rows[k].up == up {
			last = k
			totals = append(totals, rows[k].vals[j])
		}
	}
	cands := [][]value{partsOf(rows, last+1, i, up, j)}
	if last >= 0 {
		cands = append(cands, partsOf(rows, 0, i, up, j), append(append([]value{}, totals...), partsOf(rows, last+1, i, up, j)...))
	}
	return cands
}

// sumOf adds values of one unit kind; ok is false when they mix kinds.
func (x *reportFile) sumOf(parts []value, unit socdw.Unit) (sum, tol socdw.Amount, n int, ok bool) {
	for _, p := range parts {
		if !p.ok {
			continue
		}
		if p.unit != unit && !(p.unit.IsMoney() && unit.IsMoney()) {
			return 0, 0, 0, false
		}
		sum += p.amt - x.devError[p.ref] // a part's own misprint is its finding, not the total's
		tol += p.tol
		n++
	}
	return sum, tol, n, true
}

// checkSum makes a finding when a printed total is none of the candidate
// sums of its parts (nor, for a Summa column, their average).
func (x *reportFile) checkSum(total value, candidates [][]value, rowLabel, measure string, averageOK bool) {
	if !total.ok || !total.unit.IsMoney() && total.unit != socdw.UnitCount && total.unit != socdw.UnitCareDays {
		return
	}
	var first socdw.Amount
	firstN, tried := 0, 0
	for _, parts := range candidates {
		sum, tol, n, ok := x.sumOf(parts, total.unit)
		if !ok || n < 1 || (n < 2 && tried == 0) {
			continue
		}
		if tried == 0 {
			first, firstN = sum, n
		}
		tried++
		tol += total.tol
		if abs(sum-total.amt) <= tol {
			return
		}
		if averageOK {
			avg, _ := socdw.Ratio(sum, socdw.Amount(n*100))
			if abs(avg-total.amt) <= total.tol+tol/socdw.Amount(n) {
				return
			}
		}
	}
	if tried == 0 {
		return
	}
	x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: total.ref, Kind: socdw.FindingTotal,
		Reported: socdw.Some(total.amt), Recomputed: socdw.Some(first),
		Message: fmt.Sprintf("%s, %s: printed total %s is not the sum of its %d parts, %s", rowLabel, measure, socdw.FormatAmount(total.amt), firstN, socdw.FormatAmount(first))})
}

// care makes dygnskostnad rows from a table of care days and net cost per
// year (Södertälje).
func (x *reportFile) care(t *table, rows []bodyRow, pc periodCtx, sign int, context string) {
	lh := t.labelHeader()
	form := lh
	if f, ok := placementForm(lh); ok && norm(lh) == norm(f) {
		form = f
	}
	if form == "" {
		form = strings.TrimSpace(t.titleText())
	}
	tg := targetGroup(context)
	regi := regiOf(context)
	s := socdw.Amount(sign)
	for _, r := range rows {
		m := norm(r.label)
		if r.when.year == 0 || has(m, "förändring", "skillnad", "diff") || r.isTotal {
			continue
		}
		p, ok := pc.resolve(r.when, when{})
		if !ok {
			continue
		}
		isBudget := has(m, "budget")
		cc := socdw.CareCost{Ref: socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.row.Num}, Period: p, TargetGroup: tg, Form: form, Regi: regi}
		for j, c := range t.cols {
			v := r.vals[j]
			if !v.ok {
				continue
			}
			switch c.role {
			case roleCareDays:
				if isBudget {
					cc.BudgetCareDays = socdw.Some(v.amt)
				} else {
					cc.CareDays = socdw.Some(v.amt)
				}
			case roleActual, roleCost:
				if v.unit.IsMoney() {
					if isBudget {
						cc.Budget = socdw.Some(s * v.amt)
					} else {
						cc.Cost = socdw.Some(s * v.amt)
					}
				}
			case roleBudget:
				if v.unit.IsMoney() {
					cc.Budget = socdw.Some(s * v.amt)
				}
			case rolePerDay:
				cc.ReportedPerDay = socdw.Some(v.amt)
			}
		}
		x.b.Care = append(x.b.Care, cc)
	}
}

// placementCounts makes placement rows from a table of placement forms by
// year (Haninge: unika personer per form, jan–april).
func (x *reportFile) placementCounts(t *table, rows []bodyRow, pc periodCtx, context string) {
	tg := targetGroup(context)
	persons := has(norm(context), "person", "unika", "individ", "barn")
	for _, r := range rows {
		if r.isTotal || r.label == "" {
			continue
		}
		form, ok := placementForm(r.label)
		if f, mapped := x.opt.Forms[r.label]; mapped {
			form, ok = f, true
		}
		if !ok {
			form = r.label
		}
		for j, c := range t.cols {
			v := r.vals[j]
			if !v.ok || c.when.year == 0 || c.role == roleChange || v.unit != socdw.UnitCount {
				continue
			}
			p, ok := pc.resolve(r.when, c.when)
			if !ok {
				continue
			}
			pcnt := socdw.PlacementCount{Ref: v.ref, Period: p, TargetGroup: tg, Form: form, FormLabel: r.label, Regi: regiOf(r.label)}
			if persons {
				pcnt.Persons = socdw.Some(v.amt)
			} else {
				pcnt.Placements = socdw.Some(v.amt)
			}
			x.b.PlacementCounts = append(x.b.PlacementCounts, pcnt)
		}
	}
}
