package transform

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// values are the figures of a batch as "row measure value unit" lines.
func values(b *socdw.Batch) []string {
	var out []string
	for _, f := range b.Figures {
		out = append(out, strings.Join([]string{socdw.ColumnName(f.Ref.Col) + strconv.Itoa(f.Ref.Row), f.Subject, f.Measure, f.Value.String(), f.Unit.ValueUnit()}, " "))
	}
	return out
}

// A column of counts that happen to read as years, under a header that
// names a count: the values load as counts. Constructed test values.
func TestYearLookingCountsUnderAMeasureHeader(t *testing.T) {
	b, err := readCSVWith(t, "insatser_2024.csv", Options{},
		"Enhet;Antal beslut",
		"Norr;2021",
		"Söder;2024",
		"Väst;2030",
	)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, values(b), []string{
		"B2 Norr Antal beslut 2021.00 count",
		"B3 Söder Antal beslut 2024.00 count",
		"B4 Väst Antal beslut 2030.00 count",
	})
	if len(b.Rejects) != 0 {
		t.Errorf("rejects: %v", b.Rejects)
	}
	// Beside a year column (År): the year stays the row's period.
	b, err = readCSVWith(t, "insatser.csv", Options{},
		"Enhet;År;Antal beslut",
		"Norr;2023;2021",
		"Söder;2024;2030",
	)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, values(b), []string{"C2 Norr Antal beslut 2021.00 count", "C3 Söder Antal beslut 2030.00 count"})
	if p := b.Figures[0].Period; p.String() != "2023-01-01..2023-12-31" {
		t.Errorf("Norr's period %s, want the year 2023", p)
	}
	// Year-looking and ordinary counts in one column: all values.
	b, err = readCSVWith(t, "insatser_2024.csv", Options{},
		"Enhet;Antal beslut",
		"Norr;2021",
		"Söder;150",
	)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, values(b), []string{"B2 Norr Antal beslut 2021.00 count", "B3 Söder Antal beslut 150.00 count"})
	// Amounts in tkr, in two columns: 2 019 tkr is 2 019 000 kr.
	b, err = readCSVWith(t, "kostnad_2024.csv", Options{},
		"Verksamhet;Budget tkr;Utfall tkr",
		"Barn och unga;2019;2031",
		"Vuxna;2025;2088",
	)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, values(b), []string{
		"B2 Barn och unga Budget tkr 2019000.00 SEK",
		"C2 Barn och unga Utfall tkr 2031000.00 SEK",
		"B3 Vuxna Budget tkr 2025000.00 SEK",
		"C3 Vuxna Utfall tkr 2088000.00 SEK",
	})
}

// A second header row of years under a measure header stays a header:
// under one with nothing over the labels, or only a unit, and where its
// years run one after the other or repeat.
func TestYearHeaderUnderAMeasureHeader(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		want  []string
	}{
		{"nothing over the labels", []string{";Nettokostnad tkr;Nettokostnad tkr", "Verksamhet;2023;2024", "Barn och unga;1 500;1 650"},
			[]string{"B3 Barn och unga Nettokostnad tkr > 2023 1500000.00 SEK", "C3 Barn och unga Nettokostnad tkr > 2024 1650000.00 SEK"}},
		{"a unit over the labels", []string{"Socialnämnden, tkr", "Tkr;Nettokostnad", "Verksamhet;2024", "Barn och unga;1 500"},
			[]string{"B4 Barn och unga Nettokostnad > 2024 1500000.00 SEK"}},
		{"years that repeat", []string{"Verksamhet;Budget;Utfall", "Verksamhet;2024;2024", "Barn och unga;1 500;1 650"},
			[]string{"B3 Barn och unga Budget > 2024 1500.00 SEK", "C3 Barn och unga Utfall > 2024 1650.00 SEK"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := readCSVWith(t, "nettokostnad.csv", Options{}, c.lines...)
			if err != nil {
				t.Fatal(err)
			}
			sameStrings(t, values(b), c.want)
		})
	}
}

// Only the config can tell that a column headed "Insatser" holds counts
// when every one of them reads as a year: without it no table is
// recognised, with it (by header or by letter) the counts load.
func TestYearLookingValuesByConfigOverride(t *testing.T) {
	lines := []string{"Enhet;Insatser", "Norr;2021", "Söder;2024", "Väst;2030"}
	if _, err := readCSVWith(t, "insatser_2024.csv", Options{}, lines...); !errors.Is(err, ErrNoTable) {
		t.Fatalf("without the override: %v, want no table", err)
	}
	for _, key := range []string{"Insatser", "B"} {
		opt := Options{Columns: map[string]socdw.ColumnOverride{key: {Role: socdw.RoleMeasure, Unit: socdw.UnitCount}}}
		b, err := readCSVWith(t, "insatser_2024.csv", opt, lines...)
		if err != nil {
			t.Fatalf("%s: measure: %v", key, err)
		}
		sameStrings(t, values(b), []string{
			"B2 Norr Insatser 2021.00 count",
			"B3 Söder Insatser 2024.00 count",
			"B4 Väst Insatser 2030.00 count",
		})
		if c := b.Tables[0].Columns[1]; c.Role != socdw.RoleMeasure || !strings.HasPrefix(c.Evidence, "config columns: measure") {
			t.Errorf("%s: column B %s: %s", key, c.Role, c.Evidence)
		}
	}
}
