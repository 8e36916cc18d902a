package transform

// Care and placement tables: care days and cost per year, placements
// counted by form.

import (
	"strings"

	"github.com/socdw/socdw"
)

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
			// A column that names its year or its months ("Jan" under a
			// title "… per månad 2024": the title gives the year); not a
			// change, a Summa or a column that names no period.
			named := c.when.year != 0 || (c.when.from != 0 && !c.isTotal)
			if !v.ok || !named || c.role == roleChange || v.unit != socdw.UnitCount {
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
