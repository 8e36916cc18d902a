package config

import (
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

func TestBenchmarkList(t *testing.T) {
	c, err := Parse("/tmp/socdw.yaml", strings.NewReader(`
warehouse: wh.duckdb
benchmark:
  - {kpi: N33102, target_group: barn och unga, placement_form: Jourhem}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := socdw.KPIMapping{KPI: "N33102", TargetGroup: "barn och unga", PlacementForm: "Jourhem"}
	if len(c.Benchmark) != 1 || c.Benchmark[0] != want {
		t.Errorf("benchmark = %+v", c.Benchmark)
	}
	for _, tc := range []struct{ yaml, msg string }{
		{"benchmark:\n  - {kpi: 33100, target_group: x, placement_form: y}\n", `/tmp/socdw.yaml: benchmark[0].kpi: "33100": want a Kolada key figure id such as N33100`},
		{"benchmark:\n  - {kpi: N33100, placement_form: y}\n", "/tmp/socdw.yaml: benchmark[0].target_group: missing: the target group as dygnskostnad names it (barn och unga)"},
		{"benchmark:\n  - {kpi: N33100, target_group: x, placement: y}\n", "/tmp/socdw.yaml:3: benchmark[].placement: unknown key"},
	} {
		_, err := Parse("/tmp/socdw.yaml", strings.NewReader("warehouse: wh.duckdb\n"+tc.yaml))
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%q: err = %v, want %s", tc.yaml, err, tc.msg)
		}
	}
}
