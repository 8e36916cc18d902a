package socdw

import (
	"fmt"
	"strings"
	"time"
)

// Period is a closed range of calendar days, Start..End, both inclusive: a
// month, a tertial, jan–okt, a year. Dates are midnight UTC.
type Period struct {
	Start, End time.Time
}

// Date returns midnight UTC of a calendar day.
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MonthsOf returns the period from the first day of month from to the last
// day of month to, both in year y.
func MonthsOf(y int, from, to time.Month) Period {
	return Period{Start: Date(y, from, 1), End: Date(y, to+1, 0)}
}

// Year returns the calendar year y as a period.
func Year(y int) Period { return MonthsOf(y, time.January, time.December) }

// IsZero reports whether the period is unset.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// Days is the number of days in the period, both ends counted.
func (p Period) Days() int {
	if p.IsZero() || p.End.Before(p.Start) {
		return 0
	}
	return int(p.End.Sub(p.Start).Hours()/24) + 1
}

// String prints "2017-01-01..2017-10-31", the form the config uses.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return p.Start.Format(time.DateOnly) + ".." + p.End.Format(time.DateOnly)
}

// ParsePeriod reads "2017-01-01..2017-08-31". A single year "2017" is the
// whole year.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if len(s) == 4 {
		t, err := time.Parse("2006", s)
		if err != nil {
			return Period{}, fmt.Errorf("period %q: want YYYY-MM-DD..YYYY-MM-DD", s)
		}
		return Year(t.Year()), nil
	}
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return Period{}, fmt.Errorf("period %q: want YYYY-MM-DD..YYYY-MM-DD", s)
	}
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(a))
	if err != nil {
		return Period{}, fmt.Errorf("period %q: start is not a date YYYY-MM-DD", s)
	}
	end, err := time.Parse(time.DateOnly, strings.TrimSpace(b))
	if err != nil {
		return Period{}, fmt.Errorf("period %q: end is not a date YYYY-MM-DD", s)
	}
	if end.Before(start) {
		return Period{}, fmt.Errorf("period %q: end is before start", s)
	}
	return Period{Start: start, End: end}, nil
}
