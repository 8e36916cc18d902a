package transform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw"
)

// readCSV reads lines written as a semicolon CSV file named name.
func readCSV(t *testing.T, name string, lines ...string) *socdw.Batch {
	t.Helper()
	b, err := readCSVWith(t, name, Options{}, lines...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCSVWith reads lines as a semicolon CSV file named name with opt,
// on the day 2026-11-30.
func readCSVWith(t *testing.T, name string, opt Options, lines ...string) (*socdw.Batch, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return readFile(t, path, opt)
}

// readFile reads a file with opt on the day 2026-11-30.
func readFile(t *testing.T, path string, opt Options) (*socdw.Batch, error) {
	t.Helper()
	opt.Today = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	b, err := File(context.Background(), path, opt)
	if b != nil {
		t.Cleanup(func() { b.Close() })
	}
	return b, err
}

func roles(b *socdw.Batch) []string {
	var out []string
	for _, c := range b.Tables[0].Columns {
		out = append(out, c.Letter+" "+c.Role)
	}
	return out
}

func sameStrings(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Zero-padded region codes without a header word, a YYYY-MM period
// column, a free-text column and a value column: the codes and the
// months are no figures, the text is a note.
func TestColumnRolesFromValues(t *testing.T) {
	b := readCSV(t, "regioner.csv",
		"Kod;Region;Månad;Antal hushåll;Kommentar",
		"0020;Norra distriktet;2024-01;120;Siffran för januari är preliminär och kan komma att ändras",
		"0020;Norra distriktet;2024-02;131;Ny rutin för ansökningar infördes under februari månad",
		"0180;Södra distriktet;2024-01;98;Två handläggare slutade och ärendena fördelades om",
		"0180;Södra distriktet;2024-02;102;Inga särskilda händelser att rapportera denna period",
	)
	sameStrings(t, roles(b), []string{"A identifier", "B dimension", "C period", "D measure", "E note"})
	if len(b.Figures) != 4 {
		t.Fatalf("figures: %d, want 4 (one per Antal cell)", len(b.Figures))
	}
	f := b.Figures[2]
	if f.Period != socdw.MonthsOf(2024, time.January, time.January) || f.Value != 9800 || f.Unit != socdw.UnitCount {
		t.Errorf("Södra January: %v %v %v, want January 2024, 98 households", f.Period, f.Value, f.Unit)
	}
	want := []socdw.Dimension{{Name: "Kod", Value: "0180"}, {Name: "Region", Value: "Södra distriktet"}}
	if len(f.Dimensions) != 2 || f.Dimensions[0] != want[0] || f.Dimensions[1] != want[1] {
		t.Errorf("dimensions %v, want %v", f.Dimensions, want)
	}
}

// A table's own series of years, without a gap, is not bounded by the
// year the file names: a statistics file named 2024 with every year from
// 2000 to 2023 loads each row in its year. A series that does not reach
// the file's years at all (1995–1997 in a file named 2023) stays refused.
func TestYearSeriesReachingTheFileYearLoads(t *testing.T) {
	lines := []string{"Kommun;År;Mått;Värde"}
	for y := 2000; y <= 2023; y++ {
		lines = append(lines, fmt.Sprintf("Botkyrka;%d;Antal;%d", y, y-1990))
	}
	b := readCSV(t, "statistik_2024.csv", lines...)
	if len(b.Figures) != 24 || len(b.Rejects) != 0 {
		t.Fatalf("figures %d, rejects %d: want 24 and 0", len(b.Figures), len(b.Rejects))
	}
	var sum socdw.Amount
	for _, f := range b.Figures {
		sum += f.Value
	}
	// 10 + 11 + … + 33 = 24 × (10 + 33) / 2 = 516, in hundredths.
	if sum != 51600 || b.Figures[0].Period != socdw.Year(2000) {
		t.Errorf("sum %d, first period %v: want 51600 and 2000", sum, b.Figures[0].Period)
	}
	b = readCSV(t, "statistik_2023.csv", "Kommun;År;Antal", "Botkyrka;1995;5", "Botkyrka;1996;6", "Botkyrka;1997;7")
	if len(b.Figures) != 0 || len(b.Rejects) != 3 {
		t.Errorf("a far series: figures %d, rejects %d: want 0 and 3", len(b.Figures), len(b.Rejects))
	}
}

// A period far from the years the file names is refused with its cell.
func TestFarPeriodIsRefused(t *testing.T) {
	b := readCSV(t, "hushall_2023.csv",
		"Enhet;År;Antal hushåll",
		"Norr;2023;120",
		"Söder;2005;98",
	)
	if len(b.Figures) != 1 || len(b.Rejects) != 1 {
		t.Fatalf("figures %d, rejects %d: want 1 and 1", len(b.Figures), len(b.Rejects))
	}
	if r := b.Rejects[0]; r.Ref.Row != 3 || r.Ref.Col != 3 || !strings.Contains(r.Reason, "far from the years the file names (2023–2023)") {
		t.Errorf("reject %v: %s", r.Ref, r.Reason)
	}
}

// Units a key figure's title names at its end, as Kolada and
// Socialstyrelsen title them.
func TestRowUnitsOfKeyFigures(t *testing.T) {
	cases := map[string]socdw.Unit{
		"Nettokostnad individ- och familjeomsorg, kr/inv":         socdw.UnitKrPerInhabitant,
		"Invånare med ekonomiskt bistånd, andel (%)":              socdw.UnitPercent,
		"Barn och unga med heldygnsinsats, antal":                 socdw.UnitCount,
		"Genomsnittlig vårdtid, antal dagar":                      socdw.UnitDays,
		"Utbetalt ekonomiskt bistånd, tkr":                        socdw.UnitTkr,
		"Kostnad för institutionsvård barn och unga, kr/vårddygn": socdw.UnitKrPerDay,
		"Medelbistånd per hushåll, kronor":                        socdw.UnitKr,
	}
	for label, want := range cases {
		if got := rowUnitIn(label); got != want {
			t.Errorf("%q: %v, want %v", label, got, want)
		}
	}
}

// The markers of SCB, Socialstyrelsen and Kolada are no value.
func TestMissingMarkers(t *testing.T) {
	for _, m := range []string{"..", ".", "–", "-", "--", "x", "u", "*", " .. "} {
		if !isMissingMarker(m) {
			t.Errorf("%q is a missing-value marker", m)
		}
	}
	for _, v := range []string{"0", "x1", "Region", "1.5"} {
		if isMissingMarker(v) {
			t.Errorf("%q is no marker", v)
		}
	}
}

// BenchmarkLongFormat reads a Kolada-shaped export of 290 municipalities ×
// 20 key figures × 10 years (58 000 rows, one value each).
func BenchmarkLongFormat(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Kommun;Kommun-id;Nyckeltal;År;Värde\r\n")
	for k := 0; k < 290; k++ {
		for n := 0; n < 20; n++ {
			for y := 2014; y < 2024; y++ {
				fmt.Fprintf(&sb, "Kommun %d;%04d;Nyckeltal %d, kr/inv;%d;%d\r\n", k, k, n, y, 100+(k*7+n*13+y)%8900)
			}
		}
	}
	path := filepath.Join(b.TempDir(), "kolada.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch, err := File(context.Background(), path, Options{Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		if len(batch.Figures) != 58000 {
			b.Fatalf("figures: %d, want 58 000", len(batch.Figures))
		}
	}
}

// År beside month names: each row is its month of its year, and the
// table's period is its whole span.
func TestYearAndMonthNames(t *testing.T) {
	b := readCSV(t, "bistand.csv",
		"År;Månad;Antal hushåll;Utbetalt bistånd, tkr",
		"2023;November;1 950;18 900",
		"2023;December;1 975;19 400",
		"2024;Januari;..;..",
		"2024;Februari;2 010;19 800",
	)
	sameStrings(t, roles(b), []string{"A period", "B period", "C measure", "D measure"})
	var got []string
	for _, f := range b.Figures {
		got = append(got, f.Period.String()+" "+socdw.FormatAmount(f.Value)+" "+f.Unit.ValueUnit())
	}
	sameStrings(t, got, []string{
		"2023-11-01..2023-11-30 1 950,00 count", "2023-11-01..2023-11-30 18 900 000,00 SEK",
		"2023-12-01..2023-12-31 1 975,00 count", "2023-12-01..2023-12-31 19 400 000,00 SEK",
		"2024-02-01..2024-02-29 2 010,00 count", "2024-02-01..2024-02-29 19 800 000,00 SEK",
	})
	if p := b.Tables[0].Period.String(); p != "2023-11-01..2024-02-29" {
		t.Errorf("table period %s, want its span 2023-11-01..2024-02-29", p)
	}
}
