package cli

import "testing"

// Statistics printed finer than the öre keep every decimal in value_exact;
// value holds them rounded half away from zero. The figures are those of a
// real Kolada answer (N21704, 2023) and of a Kolada export written by R.
func TestFiguresKeepTheSourcesDecimals(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("kolada_N21704_2023.json", `{"values": [{"values": [
		{"gender": "T", "count": 1, "status": "", "value": 21.88749, "isdeleted": false},
		{"gender": "K", "count": 1, "status": "", "value": 25.688929, "isdeleted": false}],
	  "kpi": "N21704", "period": 2023, "municipality": "0180"}]}`)
	for gender, want := range map[string][2]string{"T": {"21.89", "21.8874900000"}, "K": {"25.69", "25.6889290000"}} {
		got := h.query(`SELECT CAST(value AS VARCHAR), CAST(value_exact AS VARCHAR), value_unit FROM figures
			WHERE dimensions['gender'] = ?`, gender)
		if len(got) != 1 || got[0][0] != want[0] || got[0][1] != want[1] || got[0][2] == "SEK" {
			t.Errorf("gender %s: %v, want value %s, value_exact %s, not SEK", gender, got, want[0], want[1])
		}
	}
	// A value with two decimals or fewer is its own exact value.
	h.runFile("andel.csv", "Kommun;Nyckeltal;År;Värde\nFalun;Andel (%);2021;9,738703\nFalun;Andel (%);2022;12,5\n")
	got := h.query(`SELECT CAST(value AS VARCHAR), CAST(value_exact AS VARCHAR) FROM figures
		WHERE source_file LIKE '%andel.csv' ORDER BY period_start`)
	if len(got) != 2 || got[0][0] != "9.74" || got[0][1] != "9.7387030000" || got[1][0] != "12.50" || got[1][1] != "12.5000000000" {
		t.Errorf("andel.csv: %v, want 9.74/9.7387030000 and 12.50/12.5000000000", got)
	}
}
