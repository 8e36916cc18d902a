package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// Swedish typography: U+2212 for minus (a hyphen is a line break hint to
// a screen reader and breaks lines in print), a no-break space between
// thousands and before the unit, so "−2 066 tkr" never wraps.
const (
	minus = "\u2212"
	nbsp  = "\u00a0"
)

// wholeUnits is a (hundredths) rounded half away from zero to whole units
// of 10^k: k = 0 for kronor, 3 for tkr. Integer arithmetic, no float.
func wholeUnits(a socdw.Amount, k int) (mag uint64, neg bool) {
	d := uint64(100)
	for range k {
		d *= 10
	}
	m := uint64(a)
	if a < 0 {
		m = -uint64(a)
	}
	q := m / d
	if r := m % d; r >= d-r {
		q++
	}
	return q, a < 0 && q > 0
}

// group writes n with a no-break space between thousands.
func group(n uint64, neg bool) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	if neg {
		b.WriteString(minus)
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Tkr prints an amount of SEK in whole thousands: "−2 066 tkr".
func Tkr(a socdw.Amount) string { return group(wholeUnits(a, 3)) + nbsp + "tkr" }

// SignedTkr is Tkr with a plus for a surplus: "+6 162 tkr", "−2 066 tkr".
func SignedTkr(a socdw.Amount) string {
	s := Tkr(a)
	if n, neg := wholeUnits(a, 3); n > 0 && !neg {
		return "+" + s
	}
	return s
}

// Kr prints an amount of SEK in whole kronor: "510 015 kr".
func Kr(a socdw.Amount) string { return group(wholeUnits(a, 0)) + nbsp + "kr" }

// KrPerDay prints a cost per care day in whole kronor: "3 822 kr/dygn".
func KrPerDay(a socdw.Amount) string { return group(wholeUnits(a, 0)) + nbsp + "kr/dygn" }

// Whole prints a count or care days without unit: "11 592".
func Whole(a socdw.Amount) string { return group(wholeUnits(a, 0)) }

// Exact prints an amount with its two decimals and a decimal comma:
// "−2 066 000,00" — what a finding printed and recomputed.
func Exact(a socdw.Amount) string {
	n, neg := uint64(a), a < 0
	if neg {
		n = -uint64(a)
	}
	s := group(n/100, neg)
	if neg && n/100 == 0 {
		s = minus + "0"
	}
	return s + "," + strconv.FormatUint(n/10%10, 10) + strconv.FormatUint(n%10, 10)
}

var months = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
var shortMonths = [...]string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// PeriodLabel names a period as a Swedish report does: "2017", "oktober
// 2017", "jan–okt 2017", or the dates when it spans years.
func PeriodLabel(p socdw.Period) string {
	s, e := p.Start, p.End
	whole := s.Day() == 1 && e.AddDate(0, 0, 1).Day() == 1
	switch {
	case p.IsZero():
		return ""
	case whole && s.Year() == e.Year() && s.Month() == time.January && e.Month() == time.December:
		return strconv.Itoa(s.Year())
	case whole && s.Year() == e.Year() && s.Month() == e.Month():
		return months[s.Month()-1] + " " + strconv.Itoa(s.Year())
	case whole && s.Year() == e.Year():
		return shortMonths[s.Month()-1] + "–" + shortMonths[e.Month()-1] + " " + strconv.Itoa(s.Year())
	}
	return s.Format(time.DateOnly) + "–" + e.Format(time.DateOnly)
}

// When prints a moment in Stockholm time: "2026-11-30 02:00".
func When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(stockholm).Format("2006-01-02 15:04")
}
