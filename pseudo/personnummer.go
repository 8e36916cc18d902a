package pseudo

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Parse errors. They are wrapped with a fixed detail text; no error from this
// package ever contains the input or any digit of it, so errors can be logged
// and stored in reject tables without leaking personal data.
var (
	// ErrPnrFormat: not one of the accepted written forms.
	ErrPnrFormat = errors.New("personnummer: invalid format")
	// ErrPnrDate: the birth date (or samordningsnummer day) does not exist.
	ErrPnrDate = errors.New("personnummer: invalid date")
	// ErrPnrCheckDigit: the Luhn check digit does not match.
	ErrPnrCheckDigit = errors.New("personnummer: check digit wrong")
	// ErrNoRefDate: a ten-digit form was given with a zero reference date, so
	// the century cannot be inferred.
	ErrNoRefDate = errors.New("personnummer: reference date needed for the ten-digit form")
)

// minBirthYear rejects 12-digit forms with absurd centuries. Personnummer
// were introduced in 1947; nobody alive then was born before the 1800s.
const minBirthYear = 1800

const redactedPnr = "personnummer(redacted)"

// Personnummer is a validated Swedish personal identity number (or
// samordningsnummer) in canonical 12-digit form YYYYMMDDNNNC. It is
// comparable, so it can be used with == and as a map key.
//
// Every printing method redacts it. One hole fmt leaves open: if a
// Personnummer is an unexported field of another struct, fmt prints that
// struct's fields raw without calling any method — so keep a Personnummer
// only as long as it takes to compute its Pseudonym, and never in structs
// that get logged.
type Personnummer struct{ digits string }

// ParsePersonnummer validates s and returns it in canonical form. Accepted,
// after trimming surrounding white space:
//
//	YYYYMMDD-NNNC  YYYYMMDDNNNC  YYMMDD-NNNC  YYMMDDNNNC  YYMMDD+NNNC
//
// Ten-digit forms carry no century. It is inferred from ref (the load date or
// as_of): the person is born in the latest century that puts the birth date
// on or before ref; '+' (used for people 100 or older) means one century
// further back. ref is not used for the 12-digit forms.
//
// Validation: the date must exist (leap years included); a day of 61–91 is a
// samordningsnummer (coordination number, day+60) and is accepted and kept
// as written; the birth year must be 1800 or later; the Luhn check digit over
// YYMMDDNNN must match C. Errors wrap ErrPnrFormat, ErrPnrDate,
// ErrPnrCheckDigit or ErrNoRefDate and never contain the input.
func ParsePersonnummer(s string, ref time.Time) (Personnummer, error) {
	s = strings.TrimSpace(s)
	var body string // digits only, 10 or 12 of them
	plus := false
	switch len(s) {
	case 13: // YYYYMMDD-NNNC
		if s[8] != '-' {
			return Personnummer{}, pnrErr(ErrPnrFormat, "separator must be a hyphen between date and number")
		}
		body = s[:8] + s[9:]
	case 11: // YYMMDD-NNNC or YYMMDD+NNNC
		switch s[6] {
		case '-':
		case '+':
			plus = true
		default:
			return Personnummer{}, pnrErr(ErrPnrFormat, "separator must be a hyphen or plus between date and number")
		}
		body = s[:6] + s[7:]
	case 10, 12:
		body = s
	default:
		return Personnummer{}, pnrErr(ErrPnrFormat, "expected ten or twelve digits")
	}
	if !allDigits(body) {
		return Personnummer{}, pnrErr(ErrPnrFormat, "unexpected character")
	}

	var year int
	if len(body) == 12 {
		year = num(body[:4])
		body = body[2:] // from here on: YYMMDDNNNC
	} else {
		if ref.IsZero() {
			return Personnummer{}, ErrNoRefDate
		}
		year = inferYear(num(body[0:2]), num(body[2:4]), num(body[4:6]), ref, plus)
	}
	if year < minBirthYear {
		return Personnummer{}, pnrErr(ErrPnrDate, "birth year too early")
	}
	if !validMonthDay(num(body[2:4]), num(body[4:6]), isLeap(year)) {
		return Personnummer{}, pnrErr(ErrPnrDate, "no such day")
	}
	if !luhnValid(body) {
		return Personnummer{}, ErrPnrCheckDigit
	}
	var b strings.Builder
	b.Grow(12)
	b.WriteByte(byte('0' + year/1000%10))
	b.WriteByte(byte('0' + year/100%10))
	b.WriteString(body)
	return Personnummer{digits: b.String()}, nil
}

// Hyphenate writes a space, a no-break space or a dash between the date
// and the last four digits of s as the hyphen ParsePersonnummer accepts:
// people type them in a person column, and the number names the same
// person. Anything else is returned as it is. ParsePersonnummer itself
// stays strict, so what it accepts the strict detector flags.
func Hyphenate(s string) string {
	for _, sep := range separators[2:] { // the wide net's separators beyond '-' and '+'
		for _, at := range []int{6, 8} {
			if len(s) == at+len(sep)+4 && s[at:at+len(sep)] == sep {
				return s[:at] + "-" + s[at+len(sep):]
			}
		}
	}
	return s
}

// pnrErr wraps a sentinel with a fixed detail. detail must be a constant
// without digits: it is the only text an error carries besides the sentinel.
func pnrErr(sentinel error, detail string) error {
	return fmt.Errorf("%w: %s", sentinel, detail)
}

// inferYear returns the latest year ending in yy such that the birth date is
// not after ref's calendar date (only ref's own year can put it after),
// minus a century for '+'. A samordningsnummer
// day (61–91) is compared as the real day. Invalid month/day values still
// give a year; validation happens afterwards.
func inferYear(yy, mm, dd int, ref time.Time, plus bool) int {
	if dd > 60 {
		dd -= 60
	}
	ry, rm, rd := ref.Date()
	y := ry - ((ry-yy)%100+100)%100
	if y == ry && (mm > int(rm) || (mm == int(rm) && dd > rd)) {
		y -= 100
	}
	if plus {
		y -= 100
	}
	return y
}

// IsZero reports whether p is the zero value (not produced by
// ParsePersonnummer).
func (p Personnummer) IsZero() bool { return p.digits == "" }

// String returns "personnummer(redacted)", never the number, so a
// Personnummer passed to a logger or error message cannot leak.
func (p Personnummer) String() string { return redactedPnr }

// GoString returns "personnummer(redacted)" so %#v cannot dump the field.
func (p Personnummer) GoString() string { return redactedPnr }

// Format prints "personnummer(redacted)" for every verb; without it %d or %x
// would bypass String and format the struct's field.
func (p Personnummer) Format(f fmt.State, _ rune) { io.WriteString(f, redactedPnr) }

// --- shared validation helpers (also used by LooksLikePersonnummer, so they
// must not allocate) ---

func isDigit(c byte) bool { return c-'0' <= 9 }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// num parses a short run of ASCII digits already checked by allDigits.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var daysIn = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// validMonthDay checks month 1–12 and a day that exists in that month; a
// day of 61–91 is a samordningsnummer and is checked as day-60.
func validMonthDay(mm, dd int, leap bool) bool {
	if mm < 1 || mm > 12 {
		return false
	}
	if dd > 60 {
		dd -= 60
	}
	last := daysIn[mm]
	if mm == 2 && leap {
		last = 29
	}
	return dd >= 1 && dd <= last
}

// luhnValid checks the Luhn (mod 10) digit of ten ASCII digits YYMMDDNNNC:
// the first nine are weighted 2,1,2,1,…; two-digit products contribute
// the sum of their digits; the total plus C must be a multiple of ten.
func luhnValid(ten string) bool {
	sum := 0
	for i := 0; i < 10; i++ {
		d := int(ten[i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
