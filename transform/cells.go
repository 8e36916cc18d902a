package transform

// One body cell read as a value in its unit.

import (
	"strings"

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
	// unknown is set when nothing told the unit: the value is a plain
	// number, never kronor by default.
	unknown bool
	// from says where the unit came from, for the column's evidence.
	from string
	// exact is the value with every decimal the cell gave, when it has
	// more than two and is no money (see socdw.Figure.Exact).
	exact *socdw.Number
}

// parseCell reads one value. The unit comes from the cell, the row label
// (or, in a long-format table, a dimension value such as "Kostnad IFO,
// kr/inv"), the column header, the column's role, then the table. A
// column that names no unit in a table without money context holds plain
// numbers: kronor are assumed only where the table speaks of money.
func (x *reportFile) parseCell(cell extract.Cell, ref socdw.CellRef, c column, rowUnit, tableUnit, counts socdw.Unit, money bool) value {
	v := value{ref: ref}
	if cell.Kind == extract.KindText && isMissingMarker(cell.Text) {
		return v // "..", "x", "–": no value
	}
	if cell.Kind == extract.KindError {
		x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: "formula error in cell"})
		return v
	}
	if c.decimals.Conflict() {
		if reason := mixedDecimals(cell, ref, c); reason != "" {
			x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: reason})
			return v
		}
	}
	n, ok, err := numberCellAs(cell, c.dec)
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
	v.from = "the cell"
	for i, cand := range []socdw.Unit{rowUnit, c.unit} {
		if u == socdw.UnitNone {
			u, v.from = cand, [...]string{"the row", "the column header"}[i]
		}
	}
	if u == socdw.UnitNone {
		v.from = "the column's role"
		switch c.role {
		case roleCount:
			u = socdw.UnitCount
		case roleChange, roleNone:
			switch {
			case reRateHeader.MatchString(norm(c.measure)):
				u, v.from = socdw.UnitNumber, "a rate in the header"
			case counts != socdw.UnitNone:
				u, v.from = counts, "the table title"
			case !money && moneyish(c):
				u, v.unknown, v.from = socdw.UnitNumber, true, "nothing: a plain number"
			case tableUnit.IsMoney() && (moneyish(c) || c.role == roleChange):
				u, v.fromTable, v.from = tableUnit, true, "the table"
			default:
				u = socdw.UnitCount
			}
		default:
			u, v.fromTable, v.from = tableUnit, true, "the table"
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
	if !u.IsMoney() {
		v.exact = n.Fine()
	}
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
