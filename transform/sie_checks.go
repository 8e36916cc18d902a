package transform

import (
	"fmt"
	"sort"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract/sie"
)

// Finding kinds of SIE files: the checks an accountant makes.
const (
	FindingBalance  = "balance_mismatch"   // #IB + the year's movements is not #UB
	FindingResult   = "result_mismatch"    // a result account's movements are not its #RES
	FindingVoucher  = "voucher_unbalanced" // a voucher's rows do not add up to zero
	findingSIEParts = socdw.FindingTotal   // the cost centres of an account do not add up to its total
)

// movement is what a year's movements on an account add up to.
type movement struct {
	sum, tol socdw.Amount
	line     int
}

// check compares what the file states (#UB, #RES, zero per voucher) with
// what its own rows add up to, allowing for the rounding of the amounts
// as written.
func (m *sieMap) check() {
	mov := m.movements()
	type key struct {
		label string
		acctYear
	}
	stated := map[key]sie.Balance{}
	for _, b := range m.f.Balances {
		switch b.Label {
		case "#IB", "#UB", "#RES":
			k := key{b.Label, acctYear{b.Account, b.Year}}
			if prev, ok := stated[k]; ok {
				b.Amount.Value += prev.Amount.Value
				b.Line = prev.Line
			}
			stated[k] = b
		}
	}
	var keys []acctYear
	for k := range mov {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return mov[keys[i]].line < mov[keys[j]].line })
	for _, k := range keys {
		mv := mov[k]
		if m.isResult(k.account) {
			res, ok := stated[key{"#RES", k}]
			if ok && abs(res.Amount.Value-mv.sum) > mv.tol+roundingOf(res.Amount) {
				m.finding(res.Line, FindingResult, res.Amount.Value, mv.sum,
					fmt.Sprintf("account %s, year %d: its movements add up to %s, #RES says %s", k.account, k.year,
						socdw.FormatAmount(mv.sum), socdw.FormatAmount(res.Amount.Value)))
			}
			continue
		}
		ub, ok := stated[key{"#UB", k}]
		if !ok {
			continue
		}
		ib := stated[key{"#IB", k}] // none: the account opened at zero
		want := ib.Amount.Value + mv.sum
		if abs(ub.Amount.Value-want) > mv.tol+roundingOf(ib.Amount)+roundingOf(ub.Amount) {
			m.finding(ub.Line, FindingBalance, ub.Amount.Value, want,
				fmt.Sprintf("account %s, year %d: #IB %s + movements %s = %s, #UB says %s", k.account, k.year,
					socdw.FormatAmount(ib.Amount.Value), socdw.FormatAmount(mv.sum), socdw.FormatAmount(want),
					socdw.FormatAmount(ub.Amount.Value)))
		}
	}
	m.checkVouchers()
}

// movements adds up each account's movements per year: its #PSALDO totals
// where the file has them, else its voucher rows (dated in a #RAR year).
func (m *sieMap) movements() map[acctYear]*movement {
	mov := map[acctYear]*movement{}
	add := func(k acctYear, a sie.Amount, line int) {
		v := mov[k]
		if v == nil {
			v = &movement{line: line}
			mov[k] = v
		}
		v.sum += a.Value
		v.tol += roundingOf(a)
	}
	for _, r := range m.f.Periods {
		if r.Label == "#PSALDO" && (len(r.Objects) == 0 || m.disjoint) {
			add(acctYear{r.Account, r.Year}, r.Amount, r.Line)
		}
	}
	for _, v := range m.f.Vouchers {
		for _, t := range v.Rows {
			if !t.Counted {
				continue
			}
			y, ok := m.f.YearOf(rowDate(v, t))
			if k := (acctYear{t.Account, y}); ok && !m.fromPeriods[k] {
				add(k, t.Amount, t.Line)
			}
		}
	}
	return mov
}

// checkVouchers finds vouchers whose rows do not add up to zero.
func (m *sieMap) checkVouchers() {
	for _, v := range m.f.Vouchers {
		var sum, tol socdw.Amount
		for _, t := range v.Rows {
			if t.Counted {
				sum += t.Amount.Value
				tol += roundingOf(t.Amount)
			}
		}
		if abs(sum) > tol {
			m.finding(v.Line, FindingVoucher, socdw.Amount(0), sum,
				fmt.Sprintf("voucher %s %s: its rows add up to %s, not zero", v.Series, v.Number, socdw.FormatAmount(sum)))
		}
	}
}

// partsFinding says that an account's cost centres do not add up to its
// total; the difference is in budget_deviation as the uncovered unit.
func (m *sieMap) partsFinding(g *periodGroup, parts, total socdw.Amount) {
	label := "#PSALDO"
	if g.budget {
		label = "#PBUDGET"
	}
	m.finding(g.line, findingSIEParts, total, parts,
		fmt.Sprintf("account %s, %s %s: the cost centres add up to %s, the account's total is %s; budget_deviation shows the difference as %s",
			g.account, label, g.month.Format("2006-01"), socdw.FormatAmount(parts), socdw.FormatAmount(total), m.uncovered()))
}

func (m *sieMap) finding(line int, kind string, reported, recomputed socdw.Amount, msg string) {
	ref := socdw.CellRef{File: m.x.file, Row: line}
	m.x.b.Findings = append(m.x.b.Findings, socdw.Finding{Ref: ref, Kind: kind,
		Reported: socdw.Some(reported), Recomputed: socdw.Some(recomputed), Message: msg})
}
