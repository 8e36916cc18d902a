package transform

// Totals: Summa rows and columns recognised, and checked against their
// parts.

import (
	"fmt"

	"github.com/socdw/socdw"
)

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
