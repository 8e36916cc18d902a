package transform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// BenchmarkLedger reads a 100 000-line leverantörsreskontra (Göteborg's
// columns, ';', Swedish amounts, the month in the name): every line a
// ledger line, summed per förvaltning.
func BenchmarkLedger(b *testing.B) {
	const lines = 100_000
	path := filepath.Join(b.TempDir(), "leverantorsreskontra_2016-03.csv")
	var sb strings.Builder
	sb.WriteString("Förvaltning;Leverantör;Org.nr;Fakturanr;Konto;Kontonamn;Belopp\r\n")
	units := []string{"Socialförvaltningen Nordost", "Socialförvaltningen Sydväst", "Äldreförvaltningen", "Kommunledningsförvaltningen"}
	var want socdw.Amount
	for i := 0; i < lines; i++ {
		ore := int64(i%9000+100)*100 + int64(i%100)
		if i%50 == 0 {
			ore = -ore // a credit note now and then
		}
		want += socdw.Amount(ore)
		fmt.Fprintf(&sb, "%s;Leverantör %d AB;5566%02d-%04d;%d;46%03d;Konto %d;%d,%02d\r\n", units[i%len(units)], i%700, i%90+10, i%10000,
			70000000+i, i%500, i%500, ore/100, abs64(ore%100))
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	b.ResetTimer()
	for b.Loop() {
		batch, err := File(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		var got socdw.Amount
		for _, l := range batch.Budget {
			if !l.IsTotal {
				got += l.Actual.Amount
			}
		}
		if batch.LedgerRows() != lines || got != want {
			b.Fatalf("%d lines summing to %s, want %d summing to %s", batch.LedgerRows(), got, lines, want)
		}
		batch.Close() // its ledger files
	}
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
