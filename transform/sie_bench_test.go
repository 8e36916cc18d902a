package transform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// BenchmarkSIE reads a municipality-sized SIE 4 file whole: 150 accounts
// × 40 cost centres × 12 months of #PSALDO and #PBUDGET and 100 000
// vouchers of three rows, into budget lines, ledger lines and findings.
func BenchmarkSIE(b *testing.B) {
	data := fixture.SIELarge(150, 40, 100_000)
	path := filepath.Join(b.TempDir(), "stor.se")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		batch, err := File(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(batch.Findings) != 0 || batch.LedgerRows() == 0 {
			b.Fatalf("%d findings, %d ledger lines", len(batch.Findings), batch.LedgerRows())
		}
		batch.Close() // its ledger files
	}
}
