package transform

// The rows of a table body and their groups: which row is a part of which,
// by indent, label rows and totals.

import (
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

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

// readBody parses every body cell and places each row in the hierarchy.
func (x *reportFile) readBody(t *table, tableUnit, counts socdw.Unit, money bool) []bodyRow {
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
	t.decideDecimals()
	// A long-format table repeats its labels and key-figure titles on
	// thousands of rows: their units are read once each.
	units := map[string]socdw.Unit{}
	unitOf := func(label string) socdw.Unit {
		u, ok := units[label]
		if !ok {
			u = rowUnitIn(label)
			units[label] = u
		}
		return u
	}
	for _, r := range t.body {
		label, indent := t.rowLabel(r)
		br := bodyRow{row: r, label: label, indent: indent, isTotal: isTotalLabel(label), up: -1}
		if namesPeriod(label) {
			br.when = parseWhen(label)
		}
		// A year column gives the row its year, keeping the months its
		// label or its month column names: År + Månad is one month.
		for _, yc := range t.yearCols {
			yw := parseWhen(strings.TrimSpace(cellAt(r, yc).Text))
			if yw.year == 0 {
				continue
			}
			if br.when.hasMonths() && !yw.hasMonths() {
				br.when.year = yw.year
			} else {
				br.when = yw
			}
		}
		for _, mc := range t.monthCols {
			if m := monthInCell(cellAt(r, mc)); m != 0 {
				br.when.from, br.when.to, br.when.fullYear = m, m, false
			}
		}
		any, marked := false, false
		for _, c := range t.cols {
			switch classify(cellAt(r, c.col)) {
			case cNumber, cYear, cError:
				any = true
			case cNull:
				marked = true
			}
		}
		if label == "" && any {
			x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: t.labelCol},
				Reason: "row has values but no label"})
			continue
		}
		// A row whose cells say "no value" ("Nytt boende | - | -") is a
		// row of its own, not a group over the rows below it.
		labelOnly := !any && !marked && !br.isTotal
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
		rowUnit := unitOf(label)
		for k := br.up; rowUnit == socdw.UnitNone && k >= 0; k = out[k].up {
			rowUnit = unitOf(out[k].label)
		}
		// In a long-format table the key figure's title names the unit
		// row by row: "Kostnad IFO, kr/inv", "Andel (%)".
		for _, d := range t.dimCols {
			if rowUnit == socdw.UnitNone && t.long && !d.ident {
				rowUnit = unitOf(cellAt(r, d.col).Text)
			}
		}
		for _, c := range t.cols {
			cell := cellAt(r, c.col)
			ref := socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: c.col}
			br.vals = append(br.vals, x.parseCell(cell, ref, c, rowUnit, tableUnit, counts, money))
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
