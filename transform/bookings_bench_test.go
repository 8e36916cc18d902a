package transform

import (
	"context"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// BenchmarkFinanceExport reads a 200 000-line finance export (the shape of
// huvudbok_2017.csv, Windows-1252) on the fast path into booking files:
// the transform half of a finance load (go test -bench FinanceExport
// -cpuprofile cpu.out ./transform).
func BenchmarkFinanceExport(b *testing.B) {
	const lines = 200_000
	path, _, err := fixture.FinanceExport(b.TempDir(), lines, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		batch, err := File(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if batch.Bookings.Rows != lines || len(batch.Rejects) != 0 {
			b.Fatalf("%d booking rows and %d rejects, want %d rows", batch.Bookings.Rows, len(batch.Rejects), lines)
		}
		batch.Close()
	}
}
