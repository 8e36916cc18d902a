package transform

import (
	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract/sie"
)

// Exporters disagree on what a #PSALDO row without objects is. The
// specification (and BL, Edison, SmallOffice, SoftOne) make it the
// account's total, with object rows as parts of it; others (Visma
// Avendo) make it the movement booked without objects, every object
// combination a disjoint row, so the account's total is the sum of all
// its rows. The file tells which: its #RES and #UB agree with one reading
// and not the other.
//
// disjointPeriods reports whether the file's #PSALDO rows are disjoint,
// by a vote over the accounts whose stated year figure tells the readings
// apart; a file that gives no evidence is read as the specification says.
func (m *sieMap) disjointPeriods() bool {
	type sums struct {
		empty, all, tol socdw.Amount
		objects         bool
	}
	by := map[acctYear]*sums{}
	for _, r := range m.f.Periods {
		if r.Label != "#PSALDO" {
			continue
		}
		k := acctYear{r.Account, r.Year}
		s := by[k]
		if s == nil {
			s = &sums{}
			by[k] = s
		}
		s.all += r.Amount.Value
		s.tol += roundingOf(r.Amount)
		if len(r.Objects) == 0 {
			s.empty += r.Amount.Value
		} else {
			s.objects = true
		}
	}
	stated := map[string]map[acctYear]sie.Amount{"#IB": {}, "#UB": {}, "#RES": {}}
	for _, b := range m.f.Balances {
		if s, ok := stated[b.Label]; ok {
			s[acctYear{b.Account, b.Year}] = b.Amount
		}
	}
	disjoint, total := 0, 0
	for k, s := range by {
		if !s.objects {
			continue
		}
		want, ok := stated["#RES"][k]
		if !m.isResult(k.account) {
			ub, okUB := stated["#UB"][k]
			ib := stated["#IB"][k]
			want, ok = sie.Amount{Value: ub.Value - ib.Value, Decimals: min(ub.Decimals, ib.Decimals)}, okUB
		}
		if !ok {
			continue
		}
		tol := s.tol + roundingOf(want)
		byTotal, byAll := abs(s.empty-want.Value) <= tol, abs(s.all-want.Value) <= tol
		switch {
		case byAll && !byTotal:
			disjoint++
		case byTotal && !byAll:
			total++
		}
	}
	return disjoint > total
}
