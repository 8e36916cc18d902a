package transform

// Column meaning: what the header words and the values of a table's
// columns say each column is, and in which unit.

import (
	"fmt"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

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

// signedValues reports whether a column's text cells write a plus sign.
func signedValues(t *table, col int) bool {
	for _, r := range t.body {
		if c := cellAt(r, col); c.Kind == extract.KindText && strings.HasPrefix(strings.TrimSpace(c.Text), "+") {
			return true
		}
	}
	return false
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

// layout works out the label column and the role of every other column:
// the value columns (measures) with their headers, the columns that say a
// row's period, the dimensions and identifiers that tell rows apart, and
// free-text notes. Each decision keeps its evidence for `socdw check`.
func (t *table) layout() {
	// The label column is where most rows have their label: the first
	// cell, or the text after a running number ("Nr | Åtgärd | …"), whose
	// column is then no value column.
	t.labelCol = 0
	votes := map[int]int{}
	for _, r := range t.body {
		s := shapeOf(r)
		at := s.first
		if (s.firstClass == cNumber || s.firstClass == cYear) && s.label > s.first {
			at = s.label // a running number or a year before the label
		}
		if at > 0 {
			votes[at]++
		}
	}
	for col, n := range votes {
		if t.labelCol == 0 || n > votes[t.labelCol] || (n == votes[t.labelCol] && col < t.labelCol) {
			t.labelCol = col
		}
	}
	if t.labelCol == 0 {
		t.labelCol = 1
	}
	maxCol := 0
	for _, r := range append(append([]extract.Row{}, t.headers...), t.body...) {
		if len(r.Cells) > maxCol {
			maxCol = len(r.Cells)
		}
	}
	var upper, lower extract.Row
	switch len(t.headers) {
	case 1:
		lower = t.headers[0]
	case 2:
		upper, lower = t.headers[0], t.headers[1]
	}
	// Fill the upper header forward over the empty cells of its group,
	// which is what a merged cell shows and what a CSV leaves blank.
	groupOf := make([]string, maxCol+1)
	if len(t.headers) == 2 {
		last := ""
		for c := t.labelCol + 1; c <= maxCol; c++ {
			v := strings.Join(strings.Fields(upper.Value(c)), " ")
			if v != "" {
				last = v
			} else if m, ok := t.mergeAt(upper.Num, c); ok {
				last = strings.TrimSpace(upper.Value(m.FromCol))
			}
			groupOf[c] = last
		}
	}
	t.cols, t.yearCols, t.monthCols, t.dimCols, t.info = nil, nil, nil, nil, nil
	for c := 1; c <= maxCol; c++ {
		// Line breaks and runs of spaces inside a header cell are layout.
		label := strings.Join(strings.Fields(lower.Value(c)), " ")
		group := groupOf[c]
		header := label
		if group != "" && label != "" {
			header = group + " > " + label
		} else if label == "" {
			header = group
		}
		if c == t.labelCol && header == "" {
			header = t.labelHeader()
		}
		st := statsOf(t.body, c)
		if st.filled == 0 && header == "" {
			continue
		}
		role, evidence := t.columnRole(c, label, group, st)
		o, overridden := t.override(c, header, label)
		if overridden {
			role, evidence = o.Role, fmt.Sprintf("config columns: %s (recognised as %s: %s)", o.Role, role, evidence)
		}
		info := socdw.ColumnInfo{Col: c, Letter: socdw.ColumnName(c), Header: header, Role: role, Evidence: evidence}
		switch role {
		case socdw.RolePeriod:
			if c != t.labelCol && (overridden || reYearHeader.MatchString(norm(header))) &&
				st.years > 0 && st.years+st.nulls == st.filled && st.distinct == st.maxYear-st.minYear+1 {
				t.yearRun = [2]int{st.minYear, st.maxYear}
			}
			if st.months == st.filled && c != t.labelCol {
				t.monthCols = append(t.monthCols, c)
			} else if c != t.labelCol {
				t.yearCols = append(t.yearCols, c)
			}
		case socdw.RoleDimension, socdw.RoleIdentifier:
			if c != t.labelCol || role == socdw.RoleDimension {
				name := header
				if name == "" {
					name = socdw.ColumnName(c)
				}
				t.dimCols = append(t.dimCols, dimCol{col: c, name: name, ident: role == socdw.RoleIdentifier})
			}
		case socdw.RoleMeasure:
			col := column{col: c, group: group, label: label, measure: header}
			col.role = measureRole(header)
			col.unit = unitIn(label)
			if col.unit == socdw.UnitNone {
				col.unit = unitIn(group)
			}
			if o, ok := t.override(c, header, label); ok && o.Unit != socdw.UnitNone {
				col.unit = o.Unit
			}
			col.when = parseWhen(header)
			// An average over the months ("Snitt", "Medel") is no month either.
			col.isTotal = isTotalLabel(label) || (label == "" && isTotalLabel(group)) || isAverageLabel(label)
			t.cols = append(t.cols, col)
		}
		t.info = append(t.info, info)
	}
	// A long-format table: besides its label, another dimension, and
	// labels that repeat (Botkyrka once per key figure and year).
	dims := 0
	for _, d := range t.dimCols {
		if !d.ident {
			dims++
		}
	}
	t.long = dims >= 2 && statsOf(t.body, t.labelCol).repeats()
}

// override is the source's correction for a column, by its letter or its
// header text (either header row), if any.
func (t *table) override(c int, header, label string) (socdw.ColumnOverride, bool) {
	return t.g.override(c, header, label)
}

// override is the source's correction for column c, by its letter or one
// of the header texts over it, if any.
func (g *grid) override(c int, headers ...string) (socdw.ColumnOverride, bool) {
	if len(g.overrides) == 0 {
		return socdw.ColumnOverride{}, false
	}
	if o, ok := g.overrides[socdw.ColumnName(c)]; ok {
		return o, true
	}
	for k, o := range g.overrides {
		for _, h := range headers {
			if k != "" && norm(k) == norm(h) {
				return o, true
			}
		}
	}
	return socdw.ColumnOverride{}, false
}
