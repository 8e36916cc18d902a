package transform

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// A line-level file names one month, the month of all its lines:
// "leverantorsreskontra_2016-03.csv", "lr_201603.csv", "Orebro.2013-11.xlsx",
// "Leverantörsfakturor mars 2016.xlsx". (A report file's "_2017-08" is
// January–August, the year to date: parseFileName. A ledger lists the
// invoices of a month, not the sums of the year so far.)
var (
	reNameYearMonth = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)[-_. ]?(0[1-9]|1[0-2])(?:[-_. ]?(?:0[1-9]|[12]\d|3[01]))?(?:[^0-9]|$)`)
	reNameMonthYear = regexp.MustCompile(`(?:^|[^\p{L}])` + monthAlt + `\.?[\s_-]*((?:19|20)\d\d)(?:[^0-9]|$)`)
	reNameYearName  = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)[\s_-]*` + monthAlt + `(?:[^\p{L}]|$)`)
	reBareMonth     = regexp.MustCompile(`^(?:0?[1-9]|1[0-2])$`)
)

// lineFileMonth is the one month a file's name names; false when it names
// none, or more than one.
func lineFileMonth(path string) (time.Time, bool) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var months []time.Time
	add := func(y, m int) {
		t := socdw.Date(y, time.Month(m), 1)
		for _, have := range months {
			if have.Equal(t) {
				return
			}
		}
		months = append(months, t)
	}
	// The regexps overlap at their edges ("2016-03-2016-04"): look from
	// every position rather than only at non-overlapping matches.
	for i := 0; i < len(base); i++ {
		if g := reNameYearMonth.FindStringSubmatchIndex(base[i:]); g != nil && g[0] == 0 {
			y, _ := strconv.Atoi(base[i+g[2] : i+g[3]])
			m, _ := strconv.Atoi(base[i+g[4] : i+g[5]])
			add(y, m)
		}
	}
	n := norm(base)
	for _, g := range reNameMonthYear.FindAllStringSubmatch(n, -1) {
		y, _ := strconv.Atoi(g[2])
		add(y, int(monthNames[g[1]]))
	}
	for _, g := range reNameYearName.FindAllStringSubmatch(n, -1) {
		y, _ := strconv.Atoi(g[1])
		add(y, int(monthNames[g[2]]))
	}
	if len(months) != 1 {
		return time.Time{}, false
	}
	return months[0], true
}

// ledgerPeriodValue reads a period column's value: "201603", "2016-03",
// "2016-03-31", "mars 2016", or a bare month ("3", "mars") in year, the
// year the file's name or the config gives (0 when neither does).
func ledgerPeriodValue(s string, year int) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if m, err := bookingMonth(s, emptyCell); err == nil {
		return m, true
	}
	n := norm(s)
	if g := reNameMonthYear.FindStringSubmatch(n); g != nil {
		y, _ := strconv.Atoi(g[2])
		return socdw.Date(y, monthNames[g[1]], 1), true
	}
	if year == 0 {
		return time.Time{}, false
	}
	if reBareMonth.MatchString(n) {
		m, _ := strconv.Atoi(n)
		return socdw.Date(year, time.Month(m), 1), true
	}
	if m := monthNames[strings.TrimSuffix(n, ".")]; m != 0 {
		return socdw.Date(year, m, 1), true
	}
	return time.Time{}, false
}
