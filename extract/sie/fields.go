package sie

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/socdw/socdw"
)

// text is field i's text, or "" past the end or for an object list.
func text(a []field, i int) string {
	if i >= len(a) || a[i].IsList {
		return ""
	}
	return a[i].Text
}

// need fails a record with fewer than n fields.
func need(label string, a []field, n int, what string) error {
	if len(a) < n {
		return fmt.Errorf("%s: the %s are missing", label, what)
	}
	return nil
}

// short cuts a value quoted in an error to a length that cannot carry a
// line's worth of data.
func short(s string) string {
	if len(s) > 8 {
		return s[:8] + "…"
	}
	return s
}

func yearNo(a []field, i int) (int, error) {
	s := text(a, i)
	n, err := strconv.Atoi(s)
	if err != nil || n > 0 || n < -99 {
		return 0, errors.New("the year number is not 0, -1, -2 …")
	}
	return n, nil
}

func dimNo(label string, a []field, i int) (int, error) {
	n, err := strconv.Atoi(text(a, i))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: the dimension is not a number from 1 up", label)
	}
	return n, nil
}

func accountAt(label string, a []field, i int) (string, error) {
	s := text(a, i)
	if s == "" {
		return "", fmt.Errorf("%s: the account is missing", label)
	}
	return s, nil
}

// date reads YYYYMMDD; "" (or a missing field) is no date.
func date(label, what string, a []field, i int) (time.Time, error) {
	s := text(a, i)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("20060102", s)
	if err != nil || len(s) != 8 {
		return time.Time{}, fmt.Errorf("%s: the %s is not a date YYYYMMDD", label, what)
	}
	return t, nil
}

// month reads a period YYYYMM.
func month(label string, a []field, i int) (time.Time, error) {
	s := text(a, i)
	if len(s) != 6 {
		return time.Time{}, fmt.Errorf("%s: the period is not a month YYYYMM", label)
	}
	t, err := time.Parse("200601", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: the period is not a month YYYYMM", label)
	}
	return t, nil
}

// objectsAt reads an object list: dimension and object pairs. n is the
// number of fields it took: 1, or 0 when field i is no list (older
// writers leave an empty list out; the fields after it move up).
func objectsAt(label string, a []field, i int) (objs []Object, n int, err error) {
	if i >= len(a) || !a[i].IsList {
		return nil, 0, nil
	}
	out, err := pairs(label, a[i].List)
	return out, 1, err
}

// pairs reads the words of an object list as dimension and object pairs.
func pairs(label string, w []string) ([]Object, error) {
	if len(w)%2 != 0 {
		return nil, fmt.Errorf("%s: the object list does not hold dimension and object pairs", label)
	}
	var out []Object
	for j := 0; j < len(w); j += 2 {
		d, err := strconv.Atoi(w[j])
		if err != nil || d < 1 {
			return nil, fmt.Errorf("%s: a dimension in the object list is not a number from 1 up", label)
		}
		out = append(out, Object{Dim: d, Code: w[j+1]})
	}
	return out, nil
}

// amountAt reads an amount: a decimal point, a leading minus, at most two
// decimals kept (a third is rounded half away from zero).
func amountAt(label string, a []field, i int) (Amount, error) {
	s := text(a, i)
	if s == "" {
		return Amount{}, fmt.Errorf("%s: the amount is missing", label)
	}
	if !plainDecimal(s) {
		return Amount{}, fmt.Errorf("%s: the amount is not a number like -1234.50", label)
	}
	n, err := socdw.ParseRawNumber(s)
	if err != nil {
		return Amount{}, fmt.Errorf("%s: the amount: %w", label, err)
	}
	v, err := n.Scaled(socdw.UnitKr)
	if err != nil {
		return Amount{}, fmt.Errorf("%s: the amount: %w", label, err)
	}
	return Amount{Value: v, Decimals: n.Exp}, nil
}

// plainDecimal is the specification's number: an optional minus (a plus
// is tolerated), digits, and a decimal point with digits after it.
func plainDecimal(s string) bool {
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}
