package transform

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/socdw/socdw"
)

// norm lower-cases a label and folds every kind of space and dash to one,
// so the vocabulary below can be matched with plain strings.
func norm(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			space = true
			continue
		case r == '–' || r == '—' || r == '−':
			r = '-'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// role is what a column (or row) of a table means.
type role int

const (
	roleNone role = iota
	roleBudget
	roleFullYearBudget
	roleActual
	roleRevenue
	roleCost
	roleDeviation // a printed budget deviation
	roleResult    // Tyresö's Resultat: the deviation, revenue including the budget allocation
	roleForecast
	roleForecastDeviation
	roleCareDays
	rolePerDay
	roleCount
	roleChange
	roleAmbiguousActual // bare "Utfall" in a table that already has a net column
)

func (r role) String() string {
	return [...]string{"", "budget", "full_year_budget", "actual", "revenue", "cost", "deviation", "result",
		"forecast", "forecast_deviation", "care_days", "sek_per_day", "count", "change", "utfall"}[r]
}

func has(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// measureRole maps a column's joined header to its meaning.
func measureRole(measure string) role {
	m := norm(measure)
	switch {
	case has(m, "förändring", "skillnad", "diff"):
		return roleChange
	// Last month's forecast, last year's outcome: figures beside the
	// table's own, never in place of them.
	case has(m, "föregående", "förra", "fg år", "fg. år"):
		return roleNone
	case has(m, "snittpris", "pris/dygn", "pris / dygn", "pris/ dygn", "kostnad/dygn", "kostnad per dygn", "dygnskostnad", "dygnspris", "kr/dygn", "per dygn"):
		return rolePerDay
	case has(m, "dygn"):
		return roleCareDays
	// "Budget intäkter", "Prognos kostnader": parts of a budget, not the
	// net budget the table is read by; they stay figures.
	case has(m, "budget", "prognos") && !has(m, "netto", "avvikelse") && (has(m, "intäkt") || has(m, "kostnad")):
		return roleNone
	case has(m, "prognos") && has(m, "avvikelse", "avv"):
		return roleForecastDeviation
	case has(m, "avvikelse", "budgetavv", "budget-avv", "budget- avv"):
		return roleDeviation
	case has(m, "resultat"):
		return roleResult
	case has(m, "prognos"):
		return roleForecast
	case has(m, "budget") && has(m, "helår", "årsbudget", "hel år"):
		return roleFullYearBudget
	case has(m, "budget"):
		return roleBudget
	case has(m, "netto"):
		return roleActual
	case has(m, "intäkt"):
		return roleRevenue
	case has(m, "kostnad"):
		return roleCost
	case has(m, "utfall"):
		return roleActual
	case has(m, "antal", "personer", "unika", "hushåll", "st)", "årsarbetare", "placeringar", "placerade", "ärenden", "anställda"):
		return roleCount
	}
	return roleNone
}

var (
	reMnkr = regexp.MustCompile(`\b(mnkr|mkr|miljoner|miljoner kronor|milj kr|mn kr|msek|mn sek|miljoner sek)\b`)
	// Thousands of kronor in the spellings reports use: "tusen kr",
	// "tusental kronor", "tusentals kr", "T.kr", "kkr".
	reTkr      = regexp.MustCompile(`\b(tkr|tusentals? (?:kronor|kr|sek)|tusen (?:kronor|kr|sek)|tsek|ksek|kkr|t\.? ?kr)\b`)
	rePerDay   = regexp.MustCompile(`(kr/ ?dygn|kr per dygn|kr/ ?vårddygn|kr per vårddygn|kronor per vårddygn|snittpris|pris/ ?dygn|pris per dygn|dygnskostnad|dygnspris|kostnad/ ?dygn)`)
	reKrPerInh = regexp.MustCompile(`(kr/ ?inv|kr per inv|kronor per inv|sek/ ?inv|sek per inv)`)
	reDagar    = regexp.MustCompile(`\bdagar\b`)
	reKr       = regexp.MustCompile(`\b(kr|kronor|sek)\b`)
	rePercent  = regexp.MustCompile(`(%|\bprocent\b|\bandel\b)`)
	reDays     = regexp.MustCompile(`\b(vård)?dygn\b`)
	// Counts: persons, households, placements, full-time staff, cases.
	// (\b is ASCII-only in Go, so words that begin with å or ä go without.)
	reCount    = regexp.MustCompile(`\b(antal|personer|unika|hushåll|individer|placeringar|placerade|anställda)\b|årsarbetare|ärenden`)
	reRowCount = regexp.MustCompile(`^antal\b|\(st\)|\bantal$`)
)

// unitIn finds the unit a column header or title states, if any:
// "Verksamhet, tkr", "Snittpris/ dygn", "Dygn", "Antal hushåll".
func unitIn(label string) socdw.Unit {
	m := norm(label)
	if u := statedUnit(m); u != socdw.UnitNone {
		return u
	}
	switch {
	case reDays.MatchString(m):
		return socdw.UnitCareDays
	case reCount.MatchString(m):
		return socdw.UnitCount
	}
	return socdw.UnitNone
}

// rowUnitIn is the unit a row label states. Row labels name org units
// ("Personer med funktionsnedsättning", "Barn och unga"), so only explicit
// unit words count: "Medelbistånd per hushåll, kronor", "Antal hushåll".
func rowUnitIn(label string) socdw.Unit {
	m := norm(label)
	if u := statedUnit(m); u != socdw.UnitNone {
		return u
	}
	if reRowCount.MatchString(m) {
		return socdw.UnitCount
	}
	return socdw.UnitNone
}

// statedUnit finds a unit word in a normalised label: a price per day, a
// money scale or a percentage. A price per day is looked for first, since
// "kr/dygn" also holds "kr" and "dygn".
func statedUnit(m string) socdw.Unit {
	switch {
	case m == "":
		return socdw.UnitNone
	case rePerDay.MatchString(m):
		return socdw.UnitKrPerDay
	case reKrPerInh.MatchString(m):
		return socdw.UnitKrPerInhabitant
	case reMnkr.MatchString(m):
		return socdw.UnitMnkr
	case reTkr.MatchString(m):
		return socdw.UnitTkr
	case reKr.MatchString(m):
		return socdw.UnitKr
	case rePercent.MatchString(m):
		return socdw.UnitPercent
	case reDagar.MatchString(m):
		return socdw.UnitDays // "antal dagar": a duration, not a count
	}
	return socdw.UnitNone
}

// moneyUnitIn is unitIn restricted to money scales: a table title that
// says "(Tkr)" sets the scale of its money columns, not of its counts.
func moneyUnitIn(label string) socdw.Unit {
	m := norm(label)
	switch {
	case reMnkr.MatchString(m):
		return socdw.UnitMnkr
	case reTkr.MatchString(m):
		return socdw.UnitTkr
	case reKr.MatchString(m) && !rePerDay.MatchString(m) && !reKrPerInh.MatchString(m):
		return socdw.UnitKr
	}
	return socdw.UnitNone
}

var reExcluded = regexp.MustCompile(`(exklusive|exkl\.?|utom|förutom)\s+[^,.)]*`)

// "Total" alone or at the end is a total; at the start it may begin a
// measure ("Total sjukfrånvaro, kvinnor"), and only "Totalt" is a sum.
var reTotal = regexp.MustCompile(`^(summa|totalt|total$|s:a|sammanlagt|summering|delsumma|totalsumma|slutsumma)\b|\b(totalt|summa|total|delsumma|totalsumma)$`)

// isAverageLabel reports whether a column label names an average.
func isAverageLabel(label string) bool {
	m := norm(label)
	return m == "snitt" || m == "medel" || m == "genomsnitt" || strings.HasPrefix(m, "snitt ") || strings.HasPrefix(m, "medel ")
}

// isTotalLabel reports whether a row or column label marks a subtotal.
func isTotalLabel(label string) bool { return reTotal.MatchString(norm(label)) }

// targetGroup finds the målgrupp a text names, in the warehouse's words.
func targetGroup(text string) string {
	// "(exklusive ensamkommande barn)" names a group that is left out.
	m := reExcluded.ReplaceAllString(norm(text), "")
	switch {
	case has(m, "ensamkommande"):
		return "ensamkommande"
	case has(m, "missbruk", "beroende"):
		return "vuxna missbruk"
	case has(m, "socialpsykiatri", "psykiatri"):
		return "socialpsykiatri"
	case has(m, "våld i nära", "våld"):
		return "våld i nära relation"
	case has(m, "funktionsneds", "lss"):
		return "funktionsnedsättning"
	case has(m, "barn", "unga", "ungdom"):
		return "barn och unga"
	case has(m, "vuxen", "vuxna"):
		return "vuxna"
	}
	return ""
}

// placementForm maps a placement form label to the vocabulary of the
// warehouse (docs/views.md lists it); ok is false for a label it does not
// know.
func placementForm(label string) (string, bool) {
	m := norm(strings.TrimRight(strings.TrimSpace(label), "*"))
	switch {
	case m == "":
		return "", false
	case has(m, "jourhem") && has(m, "konsulent"):
		return "Jourhem med konsulentstöd", true
	case has(m, "familjehem") && has(m, "konsulent"), has(m, "konsulentstödd", "konsulentstött"):
		return "Familjehem med konsulentstöd", true
	case has(m, "familje-/jourhem", "familje- och jourhem", "familje/jourhem"):
		return "Familje-/jourhem", true
	case has(m, "jourhem"):
		return "Jourhem", true
	case has(m, "familjehem", "nätverkshem"):
		return "Familjehem", true
	case has(m, "hvb", "hem för vård eller boende"):
		return "HVB", true
	case has(m, "lvm-hem", "lvm hem", "sis", "särskilt ungdomshem", "statens institutionsstyrelse"):
		return "LVM-hem (SiS)", true
	case has(m, "behandlingshem"):
		return "Behandlingshem", true
	case has(m, "skyddat boende", "skyddade boende"):
		return "Skyddat boende", true
	case has(m, "stödboende", "träningslägenhet"):
		return "Stödboende", true
	case has(m, "institution"):
		return "Institution", true
	case has(m, "övrig"):
		return "Övrigt", true
	}
	return "", false
}

// knownFormLabels are the spellings of placement forms seen in exports and
// reports; a label among them is safe to keep as the source's own.
var knownFormLabels = map[string]bool{}

func init() {
	for _, l := range []string{
		"hvb", "hem för vård eller boende", "hem för vård eller boende (hvb)", "hvb-hem", "institution",
		"familjehem", "familjehem med konsulentstöd", "konsulentstött familjehem", "konsulentstödda familjehem",
		"jourhem", "jourhem med konsulentstöd", "konsulentstött jourhem", "familje-/jourhem", "familje- och jourhem",
		"nätverkshem", "stödboende", "skyddat boende", "skyddade boenden", "behandlingshem", "lvm-hem", "lvm-hem (sis)",
		"sis", "särskilt ungdomshem", "övrigt", "övrigt boende", "träningslägenhet",
	} {
		knownFormLabels[l] = true
	}
}

func knownFormLabel(label string) bool {
	return knownFormLabels[norm(strings.TrimRight(strings.TrimSpace(label), "*"))]
}

// familyHome reports whether a form is a placement in a family, whose
// provider is a family and not to be stored by name.
func familyHome(form string) bool {
	switch form {
	case "Familjehem", "Familjehem med konsulentstöd", "Jourhem", "Jourhem med konsulentstöd", "Familje-/jourhem":
		return true
	}
	return false
}

// regiOf maps a regi label to egen or extern.
func regiOf(label string) string {
	m := norm(label)
	switch {
	case has(m, "extern", "köpt", "privat", "entreprenad"):
		return "extern"
	case has(m, "egen", "intern", "kommunal"):
		return "egen"
	}
	return ""
}

// legalBasis maps a lagrum label to SoL, LVU, LVM or LSS.
func legalBasis(label string) string {
	m := strings.ToUpper(strings.TrimSpace(label))
	for _, l := range []string{"LVU", "LVM", "LSS", "SOL"} {
		if strings.Contains(m, l) {
			if l == "SOL" {
				return "SoL"
			}
			return l
		}
	}
	return ""
}
