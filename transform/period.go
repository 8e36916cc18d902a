package transform

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// when is what a piece of text says about time: a year, a range of months
// (year to date, a tertial, one month), or the whole year.
type when struct {
	year     int
	from, to time.Month   // zero when the text names no months
	fullYear bool         // "helår", "årsbokslut"
	toYear   int          // "2017-2018": a span of whole years from year
	exact    socdw.Period // "2017-01-01 - 2017-08-31": the days themselves
}

func (w when) hasMonths() bool { return w.from != 0 || w.fullYear || !w.exact.IsZero() }

var monthNames = map[string]time.Month{
	"jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
	"maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8,
	"sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

const monthAlt = `(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)`

var (
	reYear       = regexp.MustCompile(`(?:^|[^0-9])((?:19[89]|20[0-9])[0-9])(?:[^0-9]|$)`)
	reYearRange  = regexp.MustCompile(`((?:19|20)\d\d)\s*[-/]\s*((?:19|20)\d\d)`)
	reMonthRange = regexp.MustCompile(`\b` + monthAlt + `\.?\s*(?:-|till|–)\s*` + monthAlt + `\b`)
	reTertial    = regexp.MustCompile(`(?:\bt|tertial\s*|tertialrapport\s*|tertialuppföljning\s*|delårsrapport\s*|delår\s*)([123])\b`)
	reMonthRep   = regexp.MustCompile(`(?:månadsrapport|månadsuppföljning|per|t\.o\.m\.?|tom|till och med|31|30|28|29)\s+` + monthAlt + `\b`)
	reOneMonth   = regexp.MustCompile(`^` + monthAlt + `\.?(\s+(?:19|20)\d\d)?$`)
	reQuarter    = regexp.MustCompile(`(?:^|\s)(?:kv|q|kvartal)\s*([1-4])(?:\s|$)`)
	reYearMonth  = regexp.MustCompile(`^((?:19|20)\d\d)[-/]?(0[1-9]|1[0-2])(?:-\d\d)?$`) // 2017-01, 201701, or a day: its month
	reFileMonth  = regexp.MustCompile(`((?:19|20)\d\d)[-_]?(0[1-9]|1[0-2])(?:[^0-9]|$)`)

	reDateRange   = regexp.MustCompile(`((?:19|20)\d\d)-(\d\d)-(\d\d)\s*(?:-|–|till|\.\.)\s*((?:19|20)\d\d)-(\d\d)-(\d\d)`)
	reThroughDate = regexp.MustCompile(`(?:per|t\.?o\.?m\.?|tom|till och med)\s+((?:19|20)\d\d)-(0[1-9]|1[0-2])-(\d\d)`)
	// In running text only "2017-08", or a bare 201708 after a word that
	// makes it a period: "ansvar 201210" and "konto 201705" are codes.
	reYearMonthText = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:[^0-9-]|$)|(?:ack|ackumulerat|utfall|per|tom|t\.o\.m\.?)\s*((?:19|20)\d\d)(0[1-9]|1[0-2])(?:[^0-9]|$)`)
	reMonthYearText = regexp.MustCompile(`\b` + monthAlt + `\.?\s+((?:19|20)\d\d)\b`)
	reAnyMonth      = regexp.MustCompile(`\b` + monthAlt + `\b`)
)

// parseWhen reads what a label or title says about its period.
func parseWhen(text string) when {
	m := norm(text)
	var w when
	if g := reYearRange.FindStringSubmatch(m); g != nil {
		w.year, _ = strconv.Atoi(g[1])
		w.toYear, _ = strconv.Atoi(g[2])
		if w.toYear <= w.year {
			w.year, w.toYear = 0, 0
		}
	} else if y := reYear.FindStringSubmatch(m); y != nil {
		w.year, _ = strconv.Atoi(y[1])
	}
	switch {
	case reDateRange.MatchString(m):
		g := reDateRange.FindStringSubmatch(m)
		a, err1 := time.Parse(time.DateOnly, g[1]+"-"+g[2]+"-"+g[3])
		b, err2 := time.Parse(time.DateOnly, g[4]+"-"+g[5]+"-"+g[6])
		if err1 == nil && err2 == nil && !b.Before(a) {
			w.exact, w.year = socdw.Period{Start: a, End: b}, a.Year()
		}
	// A helårsprognos made "per augusti" is still about the whole year.
	case has(m, "helår", "årsbudget", "hela året"):
		w.fullYear = true
	case reMonthRange.MatchString(m):
		g := reMonthRange.FindStringSubmatch(m)
		w.from, w.to = monthNames[g[1]], monthNames[g[2]]
	case reTertial.MatchString(m):
		t, _ := strconv.Atoi(reTertial.FindStringSubmatch(m)[1])
		w.from, w.to = time.January, time.Month(4*t)
	case reMonthRep.MatchString(m):
		w.from, w.to = time.January, monthNames[reMonthRep.FindStringSubmatch(m)[1]]
	case reThroughDate.MatchString(m):
		g := reThroughDate.FindStringSubmatch(m)
		w.year, _ = strconv.Atoi(g[1])
		mo, _ := strconv.Atoi(g[2])
		w.from, w.to = time.January, time.Month(mo)
	case reOneMonth.MatchString(m):
		mo := monthNames[reOneMonth.FindStringSubmatch(m)[1]]
		w.from, w.to = mo, mo
	case reQuarter.MatchString(m):
		q, _ := strconv.Atoi(reQuarter.FindStringSubmatch(m)[1])
		w.from, w.to = time.Month(3*q-2), time.Month(3*q)
	case reYearMonth.MatchString(m):
		g := reYearMonth.FindStringSubmatch(m)
		y, _ := strconv.Atoi(g[1])
		mo, _ := strconv.Atoi(g[2])
		w.year, w.from, w.to = y, time.Month(mo), time.Month(mo)
	// Inside a longer text a month is where the report stands: "Ekonomisk
	// uppföljning mars 2017", "Uppföljning 2017-08", "Ack utfall 201708"
	// and "Delårsbokslut augusti" are all January through that month.
	case reYearMonthText.MatchString(m):
		g := reYearMonthText.FindStringSubmatch(m)
		y, mm := g[1], g[2]
		if y == "" {
			y, mm = g[3], g[4]
		}
		w.year, _ = strconv.Atoi(y)
		mo, _ := strconv.Atoi(mm)
		w.from, w.to = time.January, time.Month(mo)
	case reMonthYearText.MatchString(m):
		g := reMonthYearText.FindStringSubmatch(m)
		w.year, _ = strconv.Atoi(g[2])
		w.from, w.to = time.January, monthNames[g[1]]
	case has(m, "delår") && reAnyMonth.MatchString(m):
		w.from, w.to = time.January, monthNames[reAnyMonth.FindStringSubmatch(m)[1]]
	case has(m, "bokslut"):
		// "Årsbokslut 2018" is the year; "Bokslut per 31 augusti" was
		// read above as January–August.
		w.fullYear = true
	}
	return w
}

// periodWords may stand beside a year or a month in a label that names a
// period and nothing else.
var periodWords = map[string]bool{
	"budget": true, "utfall": true, "prognos": true, "förändring": true, "ack": true, "ackumulerat": true,
	"bokslut": true, "årsbokslut": true, "helår": true, "kv": true, "q": true, "kvartal": true, "t1": true, "t2": true,
	"t3": true, "tertial": true, "delår": true, "jmf": true, "mot": true, "och": true, "-": true, "–": true, "år": true,
	"1": true, "2": true, "3": true, "4": true, "period": true, "perioden": true,
}

// namesPeriod reports whether a row label is a period rather than a
// unit: "2017", "Budget 2019", "Förändring 2017-2018", "Januari", "Kv 2",
// "2018-03" — but not "KF den 13 juni 2016", which is a decision dated.
func namesPeriod(label string) bool {
	m := norm(label)
	if isYear(label) || reYearMonth.MatchString(m) || reYearRange.MatchString(m) && len(strings.Fields(m)) <= 2 {
		return true
	}
	named := false
	for _, w := range strings.Fields(m) {
		w = strings.Trim(w, ".,:;()")
		switch {
		case isYear(w) || reYearRange.MatchString(w):
			named = true
		case monthNames[w] != 0:
			named = true
		case periodWords[w]:
		default:
			return false
		}
	}
	return named
}

// parseFileName reads a period from a file name: "haninge_T1_2017",
// "tyreso_ifo_myndighet_2017-08" (year to date through August).
func parseFileName(path string) when {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	base = strings.NewReplacer("_", " ").Replace(base)
	w := parseWhen(base)
	if !w.hasMonths() {
		if g := reFileMonth.FindStringSubmatch(base); g != nil {
			y, _ := strconv.Atoi(g[1])
			mo, _ := strconv.Atoi(g[2])
			w.year, w.from, w.to = y, time.January, time.Month(mo)
		}
	}
	return w
}

// periodCtx resolves a period from what each level says, nearest first:
// the cell's row and column, the table, the sheet, then the config's
// period, then the file name.
type periodCtx struct {
	table, sheet, file when
	config             socdw.Period
}

// resolve combines the row's and the column's words with the context.
// ok is false when nothing says which year.
func (c periodCtx) resolve(row, col when) (socdw.Period, bool) {
	// A span of years on the row or column ("Förändring 2017-2018") is
	// its own period; a span in a title ("Tabell 2. Institution
	// 2017-2019") only says the rows name their years.
	for _, l := range []when{row, col} {
		if l.toYear != 0 {
			return socdw.Period{Start: socdw.Date(l.year, 1, 1), End: socdw.Date(l.toYear, 12, 31)}, true
		}
	}
	tw, sw := c.table, c.sheet
	if tw.toYear != 0 {
		tw.year, tw.toYear = 0, 0
	}
	if sw.toYear != 0 {
		sw.year, sw.toYear = 0, 0
	}
	c.table, c.sheet = tw, sw
	levels := []when{row, col, c.table, c.sheet}
	year := 0
	for _, l := range levels {
		if l.year != 0 {
			year = l.year
			break
		}
	}
	if year == 0 && !c.config.IsZero() {
		year = c.config.Start.Year()
	}
	if year == 0 {
		year = c.file.year
	}
	if year == 0 {
		return socdw.Period{}, false
	}
	for _, l := range levels {
		if !l.exact.IsZero() {
			// A title's "2017-01-01 - 2017-08-31" over a row "2016" is
			// the same days of 2016.
			if e := l.exact; e.Start.Year() != year && e.Start.Year() == e.End.Year() {
				return socdw.Period{Start: socdw.Date(year, e.Start.Month(), e.Start.Day()), End: socdw.Date(year, e.End.Month(), e.End.Day())}, true
			}
			return l.exact, true
		}
		if l.fullYear {
			return socdw.Year(year), true
		}
		if l.from != 0 {
			return socdw.MonthsOf(year, l.from, l.to), true
		}
	}
	if !c.config.IsZero() && c.config.Start.Year() == year {
		return c.config, true
	}
	// A year named in the row or column alone, as in Södertälje's
	// "2017 | 2018" rows, is that whole year.
	if row.year != 0 || col.year != 0 {
		return socdw.Year(year), true
	}
	if c.file.from != 0 && c.file.year == year {
		return socdw.MonthsOf(year, c.file.from, c.file.to), true
	}
	return socdw.Year(year), true
}
