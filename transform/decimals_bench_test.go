package transform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkReportColumnDecimals reads a 50 000-row report CSV whose value
// column writes a decimal comma in every cell ("1 234,56"): the worst case
// of the per-column pre-pass, which parses each such cell twice more.
func BenchmarkReportColumnDecimals(b *testing.B) {
	const rows = 50_000
	var sb strings.Builder
	sb.WriteString("Kommun;År;Kostnad kr\r\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "Enhet %d;%d;%d %03d,%02d\r\n", i%290, 2020+i%4, 1+i%900, i%1000, i%100)
	}
	path := filepath.Join(b.TempDir(), "kostnader.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	opt := Options{Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}
	b.ResetTimer()
	for b.Loop() {
		batch, err := File(context.Background(), path, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(batch.Figures) != rows {
			b.Fatalf("%d figures, want %d", len(batch.Figures), rows)
		}
		batch.Close()
	}
}
