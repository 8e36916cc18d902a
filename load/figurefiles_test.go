package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/socdw/socdw"
)

// Figure files load with their dimensions as a MAP, the kommun of a row or
// the source's, and value_exact; a part with a personnummer in any text is
// refused whole, and nothing of it stays.
func TestFigureFilesLoadAndGate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Open(ctx, filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	part := filepath.Join(dir, "part.tsv")
	lines := "2023-01-01\t2023-12-31\tBotkyrka\tBotkyrka > Andel, %\tAndel, %\t12.35\tpercent\tfalse\tBlad1\t2\tD\tKommun\x1fBotkyrka\x1eMått\x1fAndel, %\t12.3456\n" +
		"2023-01-01\t2023-12-31\t\tX > Y\tVärde\t-4.50\tnumber\tfalse\tBlad1\t3\tD\t\t\n"
	if err := os.WriteFile(part, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	a := Attempt{LoadID: 1, RunID: 1, Source: "s", Kommun: "Haninge", File: "/in/kolada.xlsx", SHA256: "x", Fingerprint: "f"}
	var limit, after string
	w.DB().QueryRow(`SELECT current_setting('memory_limit')::VARCHAR`).Scan(&limit)
	if _, err := w.Replace(ctx, a, &socdw.Batch{FigureFiles: socdw.FigureFiles{Parts: []string{part}, Rows: 2}}); err != nil {
		t.Fatal(err)
	}
	// The insert ran under partsMemoryLimit; the database has its own back.
	w.DB().QueryRow(`SELECT current_setting('memory_limit')::VARCHAR`).Scan(&after)
	if limit == "" || after != limit {
		t.Errorf("memory_limit %q after the load, %q before", after, limit)
	}
	var sum, kommuns, dims, exact string
	err = w.DB().QueryRow(`SELECT sum(value)::VARCHAR, string_agg(kommun, ',' ORDER BY source_row),
		string_agg(coalesce(dimensions['Mått'], '-'), ',' ORDER BY source_row), max(value_exact)::VARCHAR FROM fact_figure`).Scan(&sum, &kommuns, &dims, &exact)
	if err != nil {
		t.Fatal(err)
	}
	// 12.35 − 4.50 = 7.85; the second row has no kommun (the source's) and no dimensions.
	if sum != "7.85" || kommuns != "Botkyrka,Haninge" || dims != "Andel, %,-" || exact != "12.3456000000" {
		t.Errorf("sum %s, kommuns %s, dims %s, exact %s", sum, kommuns, dims, exact)
	}

	// A dimension value that is a personnummer (fictitious, valid check digit).
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("2023-01-01\t2023-12-31\t\tA\tVärde\t1.00\tnumber\tfalse\tBlad1\t2\tB\tNamn\x1f19121212-1212\t\n"), 0o644)
	a2 := Attempt{LoadID: 2, RunID: 2, Source: "s", Kommun: "K", File: "/in/b.csv", SHA256: "y", Fingerprint: "f"}
	_, err = w.Replace(ctx, a2, &socdw.Batch{FigureFiles: socdw.FigureFiles{Parts: []string{bad}, Rows: 1}})
	if !errors.Is(err, ErrPersonalFigures) {
		t.Errorf("figure file with a personnummer: err = %v", err)
	}
	var n int
	w.DB().QueryRow(`SELECT count(*) FROM fact_figure WHERE load_id = 2`).Scan(&n)
	if n != 0 {
		t.Errorf("%d figures of the refused file stored", n)
	}
}
