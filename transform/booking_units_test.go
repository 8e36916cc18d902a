package transform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// distinctAnsvarExport writes a finance export of n lines whose ansvar
// all differ (ansvar 100000+i, named "Enhet i"), then a line booking
// ansvar 100000 again under another name.
func distinctAnsvarExport(tb testing.TB, n int) string {
	tb.Helper()
	var sb strings.Builder
	sb.WriteString(financeHeader + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "2025-03-14;202503;%d;Enhet %d;510;Placeringar;4010;Köp av vård;100,00;\n", 100000+i, i)
	}
	sb.WriteString("2025-03-14;202503;100000;Annat namn;510;Placeringar;4010;Köp av vård;100,00;\n")
	path := filepath.Join(tb.TempDir(), "huvudbok_2025.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Every ansvar of an export is one unit, the first name it had, however
// many there are (20 000 here, in the parallel chunks' merge).
func TestFinanceExportUnitsOncePerAnsvar(t *testing.T) {
	const n = 20_000
	b, err := File(context.Background(), distinctAnsvarExport(t, n), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Bookings.Rows != n+1 || len(b.Bookings.Units) != n {
		t.Fatalf("%d rows, %d units; want %d and %d", b.Bookings.Rows, len(b.Bookings.Units), n+1, n)
	}
	for _, u := range b.Bookings.Units {
		if u.Ansvar == "100000" && u.Name != "Enhet 0" {
			t.Errorf("ansvar 100000 named %q, want its first name Enhet 0", u.Name)
		}
	}
}

// BenchmarkFinanceExportDistinctAnsvar reads 200 000 lines whose ansvar
// all differ: merging the chunks' units was quadratic in them (100 000
// lines took 38 s in a whole load, 200 000 took 100 s).
func BenchmarkFinanceExportDistinctAnsvar(b *testing.B) {
	path := distinctAnsvarExport(b, 200_000)
	b.ResetTimer()
	for b.Loop() {
		batch, err := File(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		batch.Close()
	}
}
