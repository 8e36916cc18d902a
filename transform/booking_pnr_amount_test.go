package transform

import (
	"context"
	"strings"
	"testing"
)

// An Utfall that is a personnummer's digits is refused with its line, on
// the fast path and the general one, as a report's number cell would be
// emptied: 1212121212 (check digit 2, valid) and 191212121212 (twelve
// digits, a real date) are not stored; 1212121213 (a wrong check digit:
// ten digits need a valid one) and 100,00 are amounts.
func TestFinanceAmountShapedLikePersonnummer(t *testing.T) {
	for _, quoted := range []bool{false, true} {
		b, err := File(context.Background(), financeFile(t, quoted, "1212121212", "191212121212", "1212121213", "100,00"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if len(b.Rejects) != 2 || b.Rejects[0].Ref.Row != 2 || b.Rejects[1].Ref.Row != 3 {
			t.Fatalf("quoted %v: rejects %v", quoted, b.Rejects)
		}
		for _, r := range b.Rejects {
			if !strings.Contains(r.Reason, `column "Utfall" holds a value shaped like a personnummer`) || strings.Contains(r.Reason, "1212") {
				t.Errorf("quoted %v: reason %q", quoted, r.Reason)
			}
		}
		got, err := bookedActuals(t, financeFile(t, quoted, "1212121213", "100,00"))
		if err != nil {
			t.Fatal(err)
		}
		if got["2"] != "1212121213.00" || got["3"] != "100.00" {
			t.Errorf("quoted %v: actuals %v, want 1212121213.00 and 100.00", quoted, got)
		}
		if b.Bookings.Rows != 2 {
			t.Errorf("quoted %v: %d bookings, want 2", quoted, b.Bookings.Rows)
		}
	}
}
