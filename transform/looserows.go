package transform

// Rows of values without a label: the figures of a Summa printed on the
// line under its label, which some report writers and a copy from a PDF
// produce, are joined to it; any other such row outside a table is a
// reject naming its row, never dropped without a word.

import (
	"fmt"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// valuesWithoutLabel reports whether a row holds values (numbers, years
// or formula errors) and no text at all: nothing to say what they are.
func valuesWithoutLabel(r extract.Row) bool {
	found := false
	for _, c := range r.Cells {
		switch classify(c) {
		case cText:
			return false
		case cNumber, cYear, cError:
			found = true
		}
	}
	return found
}

// wrappedTotal joins a total's label, alone on its row ("Totalt
// socialnämnden"), with the row of values right under it whose label cell
// is empty: one total row, numbered as the values' row so that every
// figure keeps the lineage of its own cell.
func wrappedTotal(label extract.Row, ls rowShape, vals extract.Row, vs rowShape) (extract.Row, bool) {
	if !ls.isTextRow() || ls.texts > 0 || !isTotalLabel(strings.TrimSpace(cellAt(label, ls.first).Text)) {
		return extract.Row{}, false
	}
	if vals.Num != label.Num+1 || !valuesWithoutLabel(vals) || vs.first <= ls.first {
		return extract.Row{}, false
	}
	cells := make([]extract.Cell, max(len(vals.Cells), ls.first))
	copy(cells, vals.Cells)
	cells[ls.first-1] = label.Cells[ls.first-1]
	return extract.Row{Num: vals.Num, Cells: cells}, true
}

// strayRows are the rows of values without a label that no table took:
// each is a reject naming its row and its first value's cell.
func strayRows(g *grid, shapes []rowShape, tables []*table) []socdw.Reject {
	taken := map[int]bool{}
	for _, t := range tables {
		for _, r := range t.headers {
			taken[r.Num] = true
		}
		for _, r := range t.body {
			taken[r.Num] = true
		}
	}
	var out []socdw.Reject
	for i, r := range g.rows {
		if taken[r.Num] || !valuesWithoutLabel(r) {
			continue
		}
		out = append(out, socdw.Reject{Ref: socdw.CellRef{File: g.file, Sheet: g.sheet, Row: r.Num, Col: shapes[i].first},
			Reason: fmt.Sprintf("row %d has values but no label, and is no total's second line: not read into any table", r.Num)})
	}
	return out
}
