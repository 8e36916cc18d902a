package load

import (
	"context"
	"path/filepath"
	"testing"
)

// A year that a table reports whole and a case-system export reports by
// month counts once in benchmark: the whole-year row. Hand computation:
// 400 000,00 kr / 100 days = 4 000,00 kr a day (the March row, 10 days
// for 50 000,00 kr, would make it 450 000 / 110 = 4 090,91).
func TestBenchmarkCountsAYearOnce(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`INSERT INTO fact_care (source, file, load_id, kommun, period_start, period_end, target_group, placement_form, care_days, cost_sek, source_row)
		 VALUES ('a', 'vp.xlsx', 1, 'Haninge', '2023-01-01', '2023-12-31', 'barn och unga', 'HVB', 100, 400000, 5),
		        ('b', 'mars.xlsx', 2, 'Haninge', '2023-03-01', '2023-03-31', 'Barn och unga', 'HVB', 10, 50000, 7)`,
		`INSERT INTO fact_figure (source, file, load_id, kommun, period_start, period_end, subject, measure, value, value_unit, is_total, source_row, source_col, dimensions)
		 VALUES ('k', 'k.json', 3, 'Haninge', '2023-01-01', '2023-12-31', 'Haninge', 'N33100', 4105, 'SEK/day', false, 1, '1',
		         MAP {'kpi': 'N33100', 'municipality': '0136', 'gender': 'T'})`,
	} {
		if _, err := w.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var own, kolada string
	if err := w.DB().QueryRowContext(ctx, `SELECT own_sek_per_day::VARCHAR, kolada_value::VARCHAR FROM benchmark`).Scan(&own, &kolada); err != nil {
		t.Fatal(err)
	}
	if own != "4000.00" || kolada != "4105.00" {
		t.Errorf("own %s, kolada %s; want 4000.00 beside 4105.00", own, kolada)
	}
}
