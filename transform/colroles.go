package transform

// Column roles: what the values of a column and the words over it say it
// is — a dimension, a period, a measure, an identifier or a note — and
// the evidence for it, in words a person can check.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// colStats summarises the body cells of one column.
type colStats struct {
	filled     int // non-empty cells
	texts      int // text that is no number, missing-value marker or year
	numbers    int // numbers, years included
	nulls      int // missing-value markers
	errors     int
	years      int // whole numbers that read as years
	minYear    int
	maxYear    int
	months     int // month names, or whole numbers 1–12
	yearMonths int // "2019-01", "201901"
	padded     int // zero-padded digit codes: "0020", "0180"
	ints       int // whole numbers
	big        int // whole numbers of six digits or more
	digits     map[int]bool
	distinct   int // distinct non-empty values
	longText   int // texts of more than 40 characters
}

// repeats reports whether some value of the column occurs twice.
func (s colStats) repeats() bool { return s.filled > 0 && s.distinct < s.filled }

var reDigits = regexp.MustCompile(`^[0-9]+$`)

func statsOf(body []extract.Row, col int) colStats {
	s := colStats{digits: map[int]bool{}}
	seen := map[string]bool{}
	for _, r := range body {
		c := cellAt(r, col)
		cl := classify(c)
		if cl == cEmpty {
			continue
		}
		t := strings.TrimSpace(c.Text)
		s.filled++
		if !seen[t] {
			seen[t] = true
			s.distinct++
		}
		if c.Kind == extract.KindText && len(t) >= 2 && t[0] == '0' && reDigits.MatchString(t) {
			s.padded++
		}
		if _, ok := monthNames[strings.TrimRight(norm(t), ".")]; ok {
			s.months++
		}
		switch cl {
		case cText:
			if reYearMonth.MatchString(t) {
				s.yearMonths++
				continue
			}
			if _, ok := monthNames[strings.TrimRight(norm(t), ".")]; !ok {
				s.texts++
			}
			if len([]rune(t)) > 40 {
				s.longText++
			}
		case cNull:
			s.nulls++
		case cError:
			s.errors++
		case cYear, cNumber:
			s.numbers++
			if cl == cYear {
				y, _ := strconv.Atoi(t)
				s.years++
				if s.minYear == 0 || y < s.minYear {
					s.minYear = y
				}
				if y > s.maxYear {
					s.maxYear = y
				}
			}
			if n, err := strconv.ParseInt(strings.TrimSuffix(t, ".0"), 10, 64); err == nil && n >= 0 {
				s.ints++
				if n >= 1 && n <= 12 {
					s.months++
				}
				if n >= 100_000 {
					s.big++
				}
				s.digits[len(strconv.FormatInt(n, 10))] = true
			}
		}
	}
	return s
}

// Header words that name a column's role.
var (
	reYearHeader  = regexp.MustCompile(`^(år|year|räkenskapsår|verksamhetsår|årtal|tid|period|time)$`)
	reMonthHeader = regexp.MustCompile(`^(månad|mån|month|period)$`)
	// Numbers that identify a line or a party: never a figure.
	reIDHeader = regexp.MustCompile(`(faktura ?n(umme)?r|fakturanummer|^faktura$|verifikat|\bver\.? ?nr|vernr|löpnr|löpnummer|order ?n(umme)?r|ordernummer|org\.? ?nr|orgnr|organisationsnummer|kund ?nr|leverantörs? ?nr|lev\.? ?nr|^id$|\bid$|^nr$|^nummer$|kommunkod|länskod|regionkod|^kod$|kpi-id|^kpi$)`)
	// Codes of the organisation and the chart of accounts: dimensions.
	reCodeHeader = regexp.MustCompile(`^(konto|kontonr|konto nr|ansvar|ansvarsnr|verksamhet|verks|projekt|aktivitet|kst|kostnadsställe|motpart|objekt|förvaltning)\b`)
	reNoteHeader = regexp.MustCompile(`(kommentar|anteckning|^not$|notering|beskrivning|förklaring|^text$|fritext|motivering|analys)`)
	// Rates that are plain numbers, not a unit socdw stores.
	reRateHeader = regexp.MustCompile(`(per 1 ?000|per 10 ?000|per 100 ?000|promille|\bindex\b|\bkvot\b)`)
)

// columnRole decides what column c is, from its header words and its
// values, and says why.
func (t *table) columnRole(c int, label, group string, st colStats) (string, string) {
	header := label
	if header == "" {
		header = group
	}
	if c == t.labelCol && header == "" {
		header = t.labelHeader()
	}
	h := norm(header)
	quoted := "no header"
	if header != "" {
		quoted = fmt.Sprintf("header '%s'", header)
	}
	n := st.filled
	years := fmt.Sprintf("%d/%d values are years %d–%d", st.years, n, st.minYear, st.maxYear)
	if st.minYear == st.maxYear {
		years = fmt.Sprintf("%d/%d values are the year %d", st.years, n, st.minYear)
	}
	allYears := st.years > 0 && st.years+st.nulls == n
	allMonths := st.months > 0 && st.months+st.nulls == n && (st.texts == 0 || st.months >= st.texts)
	switch {
	case c == t.labelCol:
		if allYears {
			return socdw.RolePeriod, fmt.Sprintf("the row labels; %s", years)
		}
		if periods := t.periodLabels(); periods > 0 && periods == n {
			return socdw.RolePeriod, fmt.Sprintf("the row labels; %d/%d name a period", periods, n)
		}
		return socdw.RoleDimension, fmt.Sprintf("the row labels (%s); %d texts, %d distinct", quoted, n, st.distinct)
	case c < t.labelCol:
		switch {
		case allYears:
			return socdw.RolePeriod, fmt.Sprintf("left of the label; %s", years)
		case st.padded > 0 && 2*st.padded >= n:
			return socdw.RoleIdentifier, fmt.Sprintf("left of the label; %d/%d values are zero-padded codes", st.padded, n)
		case st.texts > 0 && st.texts >= st.numbers:
			return socdw.RoleDimension, fmt.Sprintf("left of the label (%s); %d texts, %d distinct", quoted, st.texts, st.distinct)
		}
		return socdw.RoleIdentifier, fmt.Sprintf("left of the label (%s): a running number or code, no figure", quoted)
	case label == "" && group == "" && len(t.headers) > 0:
		return socdw.RoleIgnore, "no header under a header row: a helper column (a sort key), no figures"
	case reYearHeader.MatchString(h) && allYears:
		return socdw.RolePeriod, fmt.Sprintf("%s; %s", quoted, years)
	case reMonthHeader.MatchString(h) && allMonths:
		return socdw.RolePeriod, fmt.Sprintf("%s; %d/%d values are months", quoted, st.months, n)
	case st.yearMonths > 0 && st.yearMonths+st.nulls == n:
		return socdw.RolePeriod, fmt.Sprintf("%s; %d/%d values are months (YYYY-MM)", quoted, st.yearMonths, n)
	case reIDHeader.MatchString(h):
		return socdw.RoleIdentifier, fmt.Sprintf("%s names an identifier", quoted)
	case reCodeHeader.MatchString(h):
		return socdw.RoleDimension, fmt.Sprintf("%s names a code of the organisation or the accounts", quoted)
	case st.padded > 0 && 2*st.padded >= n:
		return socdw.RoleIdentifier, fmt.Sprintf("%s; %d/%d values are zero-padded codes", quoted, st.padded, n)
	}
	numeric := st.numbers+st.errors > 0 || (st.nulls > 0 && st.texts == 0)
	if !numeric {
		if reNoteHeader.MatchString(h) {
			return socdw.RoleNote, fmt.Sprintf("%s names free text", quoted)
		}
		// Running text that rarely repeats is a note; a long key-figure
		// title repeated on every municipality's row is a dimension.
		if st.longText > 0 && 2*st.longText >= st.texts && 10*st.distinct >= 9*st.filled {
			return socdw.RoleNote, fmt.Sprintf("%s; %d/%d values are running text", quoted, st.longText, st.texts)
		}
		return socdw.RoleDimension, fmt.Sprintf("%s; %d texts, %d distinct", quoted, st.texts+st.months, st.distinct)
	}
	// Mostly distinct large whole numbers of one length under a header
	// that names no value, in a table that names no money: invoice or
	// voucher numbers, not amounts.
	if measureRole(header) == roleNone && unitIn(header) == socdw.UnitNone && st.numbers >= 5 && st.ints == st.numbers &&
		10*st.big >= 9*st.numbers && 10*st.distinct >= 9*st.filled && len(st.digits) <= 2 &&
		moneyUnitIn(t.titleText()+" "+t.labelHeader()) == socdw.UnitNone {
		return socdw.RoleIdentifier, fmt.Sprintf("%s; %d/%d values are distinct whole numbers of six digits or more: an identifier, not a figure", quoted, st.distinct, n)
	}
	return socdw.RoleMeasure, fmt.Sprintf("%s; %d/%d values are numbers", quoted, st.numbers, n)
}

// periodLabels counts the body rows whose label names a period.
func (t *table) periodLabels() int {
	n := 0
	for _, r := range t.body {
		if label, _ := t.rowLabel(r); label != "" && namesPeriod(label) {
			n++
		}
	}
	return n
}

// monthInCell reads a month column's cell: a month name or a number 1–12.
func monthInCell(c extract.Cell) time.Month {
	t := strings.TrimRight(norm(c.Text), ".")
	if m, ok := monthNames[t]; ok {
		return m
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(t, ".0")); err == nil && n >= 1 && n <= 12 {
		return time.Month(n)
	}
	return 0
}

// missingMarkers are what statistics agencies print where a value is not
// there: ".." not available (SCB, Kolada), "." and "–"/"-" nil or not
// applicable (SCB, Socialstyrelsen), "x" and "u" confidential or too
// uncertain, "*" masked. None is read as zero: a report's "-" is as often
// "not applicable" as nil, and no figure is safer than a wrong 0.
var missingMarkers = map[string]bool{
	"..": true, "...": true, "…": true, ".": true, "-": true, "--": true, "–": true, "—": true, "−": true,
	"x": true, "X": true, "u": true, "U": true, "*": true, "**": true, "n/a": true, "N/A": true,
}

// isMissingMarker reports whether a cell's text marks a value that is not
// there.
func isMissingMarker(text string) bool {
	t := strings.TrimSpace(strings.Trim(text, "\u00a0\u202f"))
	// Socialstyrelsen's statistikdatabas writes its "--" as two soft
	// hyphens (U+00AD), which a spreadsheet shows as nothing or a dash.
	if strings.Contains(t, "\u00ad") {
		t = strings.ReplaceAll(t, "\u00ad", "-")
	}
	return missingMarkers[t]
}

// columnInfo is the record of every column for `socdw check`: a measure
// gets the units its values took and where they came from.
func (t *table) columnInfo(rows []bodyRow) []socdw.ColumnInfo {
	out := append([]socdw.ColumnInfo(nil), t.info...)
	for j, c := range t.cols {
		units, froms := map[string]bool{}, map[string]bool{}
		var ul, fl []string
		for _, r := range rows {
			v := r.vals[j]
			if !v.ok {
				continue
			}
			if u := v.unit.ValueUnit(); !units[u] {
				units[u] = true
				ul = append(ul, u)
			}
			if !froms[v.from] {
				froms[v.from] = true
				fl = append(fl, v.from)
			}
		}
		for i := range out {
			if out[i].Col != c.col {
				continue
			}
			out[i].Unit = strings.Join(ul, ", ")
			if r := c.role.String(); r != "" {
				out[i].Evidence += "; read as " + r
			}
			if len(fl) > 0 {
				out[i].Evidence += "; unit from " + strings.Join(fl, ", ")
			}
			if d := decimalEvidence(c); d != "" {
				out[i].Evidence += "; " + d
			}
		}
	}
	return out
}
