package transform

import (
	"testing"
	"time"

	"github.com/socdw/socdw"
)

// Header words of the seed reports and of DOMAIN.md, and what they mean.
func TestMeasureRole(t *testing.T) {
	cases := []struct {
		group, label string
		want         role
	}{
		{"Ack utfall 2017", "Utfall netto", roleActual},        // Nacka
		{"Ack utfall 2017", "Utfall intäkter", roleRevenue},    // Nacka
		{"Ack utfall 2017", "Utfall kostnader", roleCost},      // Nacka
		{"Ack budget 2017", "Budget netto", roleBudget},        // Nacka
		{"Ack budget 2017", "Budget-avvikelse", roleDeviation}, // Nacka
		{"Helår budget och prognos 2017", "Budget netto", roleFullYearBudget},
		{"Helår budget och prognos 2017", "Prognos netto", roleForecast},
		{"Helår budget och prognos 2017", "Prognos avvikelse", roleForecastDeviation},
		{"", "Budget helår", roleFullYearBudget},                      // Haninge
		{"", "Budget jan-april", roleBudget},                          // Haninge
		{"", "Nettokostnader jan-april", roleActual},                  // Haninge
		{"", "Ackumulerade nettokostnader jan-april", roleActual},     // Haninge
		{"", "Budget- avvikelse", roleDeviation},                      // Haninge
		{"", "Prognos avvikelse budget helår", roleForecastDeviation}, // Haninge
		{"", "Resultat", roleResult},                                  // Tyresö
		{"", "Intäkt", roleRevenue},                                   // Tyresö
		{"", "Dygn", roleCareDays},                                    // Södertälje
		{"", "Snittpris/ dygn", rolePerDay},                           // Södertälje
		{"", "Nettokostnad tkr", roleActual},                          // Södertälje
		{"", "Förändring", roleChange},
		{"", "Helårsprognos", roleForecast},
		{"", "Årsbudget", roleFullYearBudget},
		{"", "Antal hushåll", roleCount},
		{"", "Föregående månads prognos", roleNone},
		{"", "Budget intäkter", roleNone},
		{"", "Budget netto", roleBudget},
	}
	for _, c := range cases {
		tb := &table{cols: []column{{group: c.group, label: c.label, measure: c.group + " > " + c.label}}}
		(&reportFile{}).refineRoles(tb)
		if got := tb.cols[0].role; got != c.want {
			t.Errorf("%q > %q: %v, want %v", c.group, c.label, got, c.want)
		}
	}
}

func TestUnitWords(t *testing.T) {
	cases := []struct {
		label  string
		header socdw.Unit // as a column header or title
		row    socdw.Unit // as a row label
	}{
		{"Verksamhet, tkr", socdw.UnitTkr, socdw.UnitTkr},
		{"IFO Myndighet Tkr", socdw.UnitTkr, socdw.UnitTkr},
		{"(tusentals kronor)", socdw.UnitTkr, socdw.UnitTkr},
		{"Tabellen redovisas i tkr", socdw.UnitTkr, socdw.UnitTkr},
		{"Utbetalt försörjningsstöd, mnkr", socdw.UnitMnkr, socdw.UnitMnkr},
		// Other spellings of thousands and millions, each once read as
		// kronor: amounts 1 000 times too small without a word.
		{"Budget 2024 (tusen kr)", socdw.UnitTkr, socdw.UnitTkr},
		{"Socialnämnden 2024, tusentals kr", socdw.UnitTkr, socdw.UnitTkr},
		{"Belopp i tusental kronor", socdw.UnitTkr, socdw.UnitTkr},
		{"Belopp i T.kr", socdw.UnitTkr, socdw.UnitTkr},
		{"Utfall kkr", socdw.UnitTkr, socdw.UnitTkr},
		{"Kostnad MSEK", socdw.UnitMnkr, socdw.UnitMnkr},
		{"Medelbistånd per hushåll, kronor", socdw.UnitKr, socdw.UnitKr},
		{"Snittpris/ dygn", socdw.UnitKrPerDay, socdw.UnitKrPerDay},
		{"Dygn", socdw.UnitCareDays, socdw.UnitNone},
		{"Antal hushåll", socdw.UnitCount, socdw.UnitCount},
		{"Andel, %", socdw.UnitPercent, socdw.UnitPercent},
		// Unit names are not units: "Personer med funktionsnedsättning"
		// is an org unit of Nacka, "Barn och unga" one of every kommun.
		{"Personer med funktionsnedsättning", socdw.UnitCount, socdw.UnitNone},
		{"Barn och unga", socdw.UnitNone, socdw.UnitNone},
		{"Krisstöd", socdw.UnitNone, socdw.UnitNone},
	}
	for _, c := range cases {
		if got := unitIn(c.label); got != c.header {
			t.Errorf("unitIn(%q) = %v, want %v", c.label, got, c.header)
		}
		if got := rowUnitIn(c.label); got != c.row {
			t.Errorf("rowUnitIn(%q) = %v, want %v", c.label, got, c.row)
		}
	}
}

func TestPlacementForms(t *testing.T) {
	cases := map[string]string{
		"Hem för vård eller boende (HVB)": "HVB",
		"HVB":                             "HVB",
		"Familjehem med konsulentstöd":    "Familjehem med konsulentstöd",
		"Konsulentstött familjehem":       "Familjehem med konsulentstöd",
		"Jourhem med konsulentstöd":       "Jourhem med konsulentstöd",
		"Jourhem":                         "Jourhem",
		"Familje-/jourhem":                "Familje-/jourhem",
		"Övrigt boende*":                  "Övrigt",
		"LVM-hem (SiS)":                   "LVM-hem (SiS)",
		"Särskilt ungdomshem":             "LVM-hem (SiS)",
		"Stödboende":                      "Stödboende",
		"Skyddat boende":                  "Skyddat boende",
		"Behandlingshem":                  "Behandlingshem",
	}
	for label, want := range cases {
		if got, ok := placementForm(label); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", label, got, ok, want)
		}
	}
	if _, ok := placementForm("Hemmaplanslösning"); ok {
		t.Error("an unknown form was mapped")
	}
}

func TestTargetGroups(t *testing.T) {
	cases := map[string]string{
		"Placeringar barn och unga, unika personer (exklusive ensamkommande barn), jan-april.": "barn och unga",
		"Tabell 4. Externa placeringar 2017/2019 Vuxenvård missbruk":                           "vuxna missbruk",
		"Externa placeringar socialpsykiatri SoL":                                              "socialpsykiatri",
		"Ensamkommande barn":              "ensamkommande",
		"Tabell 2. Institution 2017-2019": "",
	}
	for text, want := range cases {
		if got := targetGroup(text); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// Periods in words, as the reports write them (DOMAIN.md).
func TestParseWhen(t *testing.T) {
	m := func(y int, from, to time.Month) socdw.Period { return socdw.MonthsOf(y, from, to) }
	cases := []struct {
		text string
		want socdw.Period
	}{
		{"Budget jan-april 2017", m(2017, 1, 4)},
		{"Utfall januari–oktober 2017", m(2017, 1, 10)},
		{"Budget jan- april 2017", m(2017, 1, 4)},
		{"Månadsrapport oktober 2017", m(2017, 1, 10)},
		{"T1 2017", m(2017, 1, 4)},
		{"Delårsrapport 2 2017", m(2017, 1, 8)},
		{"Helår budget och prognos 2017", socdw.Year(2017)},
		{"Årsbokslut 2018", socdw.Year(2018)},
		{"Maj 2018", m(2018, 5, 5)},
		{"Kv 3 2018", m(2018, 7, 9)},
		{"2018-03", m(2018, 3, 3)},
		{"Bokslut per 31 augusti 2017", m(2017, 1, 8)},
		{"Helårsprognos per augusti 2017", socdw.Year(2017)},
		{"Tertialrapport 1 2017", m(2017, 1, 4)},
		{"Ekonomisk uppföljning mars 2017", m(2017, 1, 3)},
		{"Uppföljning per 2017-08-31", m(2017, 1, 8)},
		{"Uppföljning 2017-08", m(2017, 1, 8)},
		{"Ack utfall 201708", m(2017, 1, 8)},
		{"Delårsbokslut augusti 2017", m(2017, 1, 8)},
		{"Perioden 2017-01-01 - 2017-08-31", m(2017, 1, 8)},
		{"201708", m(2017, 8, 8)},
		{"Perioden 2017-03-15 - 2017-06-14", socdw.Period{Start: socdw.Date(2017, 3, 15), End: socdw.Date(2017, 6, 14)}},
	}
	for _, c := range cases {
		got, ok := periodCtx{}.resolve(parseWhen(c.text), when{})
		if !ok || got != c.want {
			t.Errorf("%q: %v, want %v", c.text, got, c.want)
		}
	}
	// Codes that look like year and month are not periods.
	for _, code := range []string{"Resultat per ansvar 201210 Barn och unga", "Konto 201705 Köp av HVB"} {
		if w := parseWhen(code); w.hasMonths() {
			t.Errorf("%q read as months %v–%v", code, w.from, w.to)
		}
	}
	// A title's date range over a row that names another year.
	title := periodCtx{table: parseWhen("Perioden 2017-01-01 - 2017-08-31")}
	if got, _ := title.resolve(parseWhen("2016"), when{}); got != m(2016, 1, 8) {
		t.Errorf("2016 under a 2017 date range: %v", got)
	}
	// A span of years is its own period on a row, nothing in a title.
	if got, _ := (periodCtx{}).resolve(parseWhen("Förändring 2017-2018"), when{}); got != (socdw.Period{Start: socdw.Date(2017, 1, 1), End: socdw.Date(2018, 12, 31)}) {
		t.Errorf("Förändring 2017-2018: %v", got)
	}
	if _, ok := (periodCtx{table: parseWhen("Tabell 2. Institution 2017-2019")}).resolve(when{}, when{}); ok {
		t.Error("a span of years in a title gave a period")
	}
	// File names: Haninge's T1, Tyresö's year-month (year to date).
	if got, _ := (periodCtx{file: parseFileName("haninge_T1_2017_avdelningar.xlsx")}).resolve(when{}, when{}); got != m(2017, 1, 4) {
		t.Errorf("haninge file name: %v", got)
	}
	if got, _ := (periodCtx{file: parseFileName("tyreso_ifo_myndighet_2017-08.csv")}).resolve(when{}, when{}); got != m(2017, 1, 8) {
		t.Errorf("tyresö file name: %v", got)
	}
	// The config's period is used where the file says nothing, and the
	// file's words win over it.
	cfg := m(2017, 1, 8)
	if got, _ := (periodCtx{config: cfg}).resolve(when{}, when{}); got != cfg {
		t.Errorf("config period: %v", got)
	}
	if got, _ := (periodCtx{config: cfg}).resolve(when{}, parseWhen("Budget helår")); got != socdw.Year(2017) {
		t.Errorf("helår under a config period: %v", got)
	}
}
