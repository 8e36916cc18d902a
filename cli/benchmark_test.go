package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// koladaAnswer is a Kolada API v3 data answer as api.kolada.se/v3/data
// gives it: values of {kpi, municipality, period, values: [{gender,
// value, count, status}]} and next_url.
func koladaAnswer(next string, vals ...string) string {
	n := "null"
	if next != "" {
		n = fmt.Sprintf("%q", next)
	}
	return fmt.Sprintf(`{"values": [%s], "next_url": %s, "previous_url": null, "count": %d}`, strings.Join(vals, ", "), n, len(vals))
}

// koladaValue is one municipality's value of a key figure in a year, with
// the gender split Kolada gives for most key figures.
func koladaValue(kpi, municipality string, year int, total string) string {
	return fmt.Sprintf(`{"kpi": %q, "municipality": %q, "period": %d, "values": [
		{"gender": "K", "value": null, "count": 0, "status": "Missing"},
		{"gender": "T", "value": %s, "count": 1, "status": ""}]}`, kpi, municipality, year, total)
}

func writeConfig(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, "socdw.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A case-system export and a saved Kolada answer for the same municipality
// and year: benchmark sets Haninge's own HVB cost per care day for
// children and young people beside Haninge's, riket's and Nacka's Kolada
// values.
func TestBenchmarkOwnCostBesideKolada(t *testing.T) {
	h := newHarness(t, "")
	os.MkdirAll(filepath.Join(h.dir, "kolada"), 0o755)
	h.config = writeConfig(t, h.dir, `warehouse: wh/socdw.duckdb
sources:
  - name: haninge-placeringar
    kommun: Haninge
    path: inbox
    as_of: 2023-12-31
  - name: kolada
    kommun: Riket
    path: kolada
benchmark:
  - {kpi: N33102, target_group: barn och unga, placement_form: Jourhem}
`)
	a := fixture.Personnummer("20100412", "982", fixture.PnrLong)
	b := fixture.Personnummer("20080130", "986", fixture.PnrLong)
	c := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	export := strings.Join([]string{
		"Personnummer;Målgrupp;Insats;Regi;Lagrum;Utförare;Startdatum;Slutdatum;Dygnspris (kr)",
		a + ";Barn och unga;HVB;Extern;SoL;Ett HVB AB;2023-01-01;2023-03-31;4000",    // 90 days, 360 000,00 kr
		b + ";Barn och unga;HVB;Extern;LVU;Ett HVB AB;2023-06-01;2023-06-30;5000,50", // 30 days, 150 015,00 kr
		c + ";Barn och unga;Familjehem;Egen;SoL;;2023-01-01;2023-12-31;1000",         // 365 days
		"",
	}, "\r\n")
	if err := os.WriteFile(filepath.Join(h.inbox, "treserva_2023.csv"), []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	answer := koladaAnswer("",
		koladaValue("N33100", "0136", 2023, "4105"),
		koladaValue("N33100", "0000", 2023, "3822.5"),
		koladaValue("N33100", "0182", 2023, "3650.0"),
		koladaValue("N33101", "0136", 2023, "1210"),
		koladaValue("N33101", "0000", 2023, "1.125"), // three decimals: kept in value_exact, value rounded
	)
	if err := os.WriteFile(filepath.Join(h.dir, "kolada", "N33100_2023.json"), []byte(answer), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	// Kolada's values are figures with their dimensions, under the
	// municipality's name, the year as their period, in SEK per day.
	sameLines(t, h.lines(`SELECT kommun || ' ' || period_start || ' ' || period_end || ' ' || value || ' ' || value_unit || ' ' ||
		dimensions['kpi'] || ' ' || dimensions['municipality'] || ' ' || dimensions['gender'] FROM figures
		WHERE dimensions['kpi'] IS NOT NULL ORDER BY ALL`), []string{
		"Haninge 2023-01-01 2023-12-31 1210.00 SEK/day N33101 0136 T",
		"Haninge 2023-01-01 2023-12-31 4105.00 SEK/day N33100 0136 T",
		"Nacka 2023-01-01 2023-12-31 3650.00 SEK/day N33100 0182 T",
		"Riket 2023-01-01 2023-12-31 1.13 SEK/day N33101 0000 T",
		"Riket 2023-01-01 2023-12-31 3822.50 SEK/day N33100 0000 T",
	})
	if got := h.one(`SELECT CAST(value_exact AS VARCHAR) FROM figures WHERE dimensions['kpi'] = 'N33101' AND kommun = 'Riket'`); got != "1.1250000000" {
		t.Errorf("value_exact = %s, want 1.125 as written", got)
	}
	// Own HVB: (360 000,00 + 150 015,00) kr / (90 + 30) days = 4 250,125 →
	// 4 250,13 kr (half away from zero). Familjehem: 1 000,00 kr a day.
	sameLines(t, h.lines(`SELECT kommun || '|' || year || '|' || target_group || '|' || placement_form || '|' || kpi || '|' ||
		own_sek_per_day || '|' || coalesce(kolada_value || '', 'NULL') || '|' || coalesce(riket_value || '', 'NULL') || '|' ||
		coalesce(peer_kommun, 'NULL') || '|' || coalesce(peer_value || '', 'NULL') FROM benchmark ORDER BY kpi`), []string{
		"Haninge|2023|barn och unga|HVB|N33100|4250.13|4105.00|3822.50|Nacka|3650.00",
		"Haninge|2023|barn och unga|Familjehem|N33101|1000.00|1210.00|1.13|NULL|NULL",
	})
	if got := h.one(`SELECT kpi_title FROM benchmark WHERE kpi = 'N33100'`); got != "Kostnad/vårddygn för institutionsvård av barn och unga 0-20 år, kr (genomsnitt)" {
		t.Errorf("kpi_title = %q", got)
	}
	if got := h.one(`SELECT count(*) FROM kpi_map WHERE kpi = 'N33102' AND origin = 'config'`); got != "1" {
		t.Errorf("config benchmark rows in kpi_map: %s", got)
	}
}

// An http(s) source pointed at Kolada's API follows next_url: both pages
// are loaded as one file.
func TestKoladaPagesOverHTTP(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("page") {
		case "":
			fmt.Fprint(w, koladaAnswer(srv.URL+"/v3/data/kpi/N33100/year/2023?page=2",
				koladaValue("N33100", "0136", 2023, "4105"), koladaValue("N33100", "0000", 2023, "3822.5")))
		case "2":
			fmt.Fprint(w, koladaAnswer("", koladaValue("N33100", "2584", 2023, "3301")))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	h := newHarness(t, "")
	h.config = writeConfig(t, h.dir, "warehouse: wh/socdw.duckdb\nsources:\n  - name: kolada\n    kommun: Riket\n    path: "+
		srv.URL+"/v3/data/kpi/N33100/year/2023\n")
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d\n%s\n%s", st, out, errs)
	}
	sameLines(t, h.lines(`SELECT kommun || ' ' || value FROM figures ORDER BY kommun`), []string{
		"Haninge 4105.00", "Kiruna 3301.00", "Riket 3822.50",
	})
}
