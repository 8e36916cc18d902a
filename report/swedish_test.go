package report

import (
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// The forms Swedish reports print (DOMAIN.md; Nacka's Barn och unga
// avvikelse −2 066 tkr, Södertälje's institution 3 715 kr per dygn).
func TestSwedishNumbers(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Tkr(-2066000_00), "−2 066 tkr"},
		{SignedTkr(6162000_00), "+6 162 tkr"},
		{SignedTkr(-2066000_00), "−2 066 tkr"},
		{SignedTkr(0), "0 tkr"},
		{Tkr(17669000_00), "17 669 tkr"},
		{Tkr(499_99), "0 tkr"},   // 499,99 kr is 0 tkr
		{Tkr(-500_00), "−1 tkr"}, // half away from zero
		{KrPerDay(3714_80), "3 715 kr/dygn"},
		{KrPerDay(3822_00), "3 822 kr/dygn"},
		{Kr(510015_00), "510 015 kr"},
		{Whole(11592_00), "11 592"},
		{Exact(-2066000_00), "−2 066 000,00"},
		{Exact(-5), "−0,05"},
		{strings.ReplaceAll(PeriodLabel(socdw.MonthsOf(2017, 1, 10)), " ", nbsp), "jan–okt 2017"},
		{PeriodLabel(socdw.Year(2018)), "2018"},
		{strings.ReplaceAll(PeriodLabel(socdw.MonthsOf(2017, 3, 3)), " ", nbsp), "mars 2017"},
	} {
		// Written here with plain spaces; printed with no-break ones.
		if want := strings.ReplaceAll(tc.want, " ", nbsp); tc.got != want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
