package transform

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/internal/fixture"
	"github.com/socdw/socdw/pseudo"
)

// placementFile writes a case-system export whose line i+2 is a placement
// of a fictitious child at daily price prices[i].
func placementFile(t *testing.T, prices ...string) (*socdw.Batch, error) {
	t.Helper()
	lines := []string{"Pnr;Målgrupp;Vårdform;Regi;Lagrum;Utförare;Fr.o.m.;T.o.m.;Kostnad/dygn"}
	for i, p := range prices {
		pnr := fixture.Personnummer("2012090"+string(rune('1'+i)), "98"+string(rune('0'+i)), fixture.PnrLong)
		lines = append(lines, pnr+";Barn och unga;HVB;Extern;SoL;Utförare A;20250101;20250131;"+p)
	}
	path := filepath.Join(t.TempDir(), "placeringar_2025.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	key, err := pseudo.NewKey([]byte("a test key of thirty-two bytes, fictitious!"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), path, Options{Key: &key, Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err == nil {
		t.Cleanup(func() { b.Close() })
	}
	return b, err
}

// A daily price's decimal convention is the sheet's. Prices in
// ten-thousandths of a krona, read off the texts by hand.
func TestPlacementPriceDecimalConvention(t *testing.T) {
	for _, c := range []struct {
		prices []string
		want   []socdw.Price
	}{
		// "3,715" comes before any price decides: held, then read with
		// the decimal comma "1 842,50" shows: 3,715 kr; "2.990" after it
		// groups thousands: 2 990 kr.
		{[]string{"3,715", "1 842,50", "2.990"}, []socdw.Price{37_150, 18_425_000, 29_900_000}},
		// "2,990.00" says decimal point: "3,715" is 3 715 kr.
		{[]string{"3,715", "2,990.00", "940"}, []socdw.Price{37_150_000, 29_900_000, 9_400_000}},
	} {
		b, err := placementFile(t, c.prices...)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Rejects) != 0 || len(b.Placements) != len(c.want) {
			t.Fatalf("%v: %d placements, rejects %v; want %d placements", c.prices, len(b.Placements), b.Rejects, len(c.want))
		}
		for i, p := range b.Placements {
			if p.DailyPrice != c.want[i] || p.Ref.Row != i+2 {
				t.Errorf("%v: line %d price %d, want line %d at %d", c.prices, p.Ref.Row, p.DailyPrice, i+2, c.want[i])
			}
		}
	}
}

// Prices of both conventions: every price with a '.' or ',' is refused,
// naming a cell of each convention; "940" loads.
func TestPlacementPriceMixedDecimals(t *testing.T) {
	b, err := placementFile(t, "3,715", "1 842,50", "940", "2,990.00")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Placements) != 1 || b.Placements[0].Ref.Row != 4 || b.Placements[0].DailyPrice != 9_400_000 {
		t.Fatalf("placements %+v: want line 4 alone, at 940 kr", b.Placements)
	}
	if len(b.Rejects) != 3 {
		t.Fatalf("rejects %v: want lines 2, 3 and 5", b.Rejects)
	}
	for i, row := range []int{2, 3, 5} {
		r := b.Rejects[i]
		if r.Ref.Row != row || r.Ref.Col != 9 || !strings.Contains(r.Reason, "I3 reads only with a decimal comma, I5 only with a decimal point") {
			t.Errorf("reject %d: %v %q; want line %d naming I3 and I5", i, r.Ref, r.Reason, row)
		}
	}
	if !strings.Contains(b.Rejects[0].Reason, "I2 reads 3,715 with a decimal comma and 3 715 with a decimal point") {
		t.Errorf("reject of line 2: %q does not give its two readings", b.Rejects[0].Reason)
	}
}
