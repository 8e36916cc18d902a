package pseudo

import "strings"

// LooksLikePersonnummer reports whether the free text s contains something
// shaped like a personnummer: a maximal run of 12 digits YYYYMMDDNNNC or 10
// digits YYMMDDNNNC, or 8 digits '-' 4 digits, or 6 digits '-' or '+' 4
// digits, whose date is valid (samordningsnummer days 61–91 included) and
// whose Luhn check digit matches. Twelve-digit forms must start with a
// century of 18 or more, as ParsePersonnummer requires.
//
// It flags personal data in columns not declared as the person key, so it
// runs on every text cell of every file: it allocates nothing, uses no
// regexp, and returns after one cheap pass for any string with fewer than
// ten ASCII digits (amounts, periods, dates, account numbers). Digit runs
// longer than 12 are not split (they are reference or account numbers, not
// a personnummer with something glued on). It is a detector, not a parser:
// some unrelated 10- or 12-digit numbers (e.g. timestamps) will pass the date
// and Luhn checks by chance — about one in ten that have a valid date.
func LooksLikePersonnummer(s string) bool {
	_, end := findPnr(s, 0, true)
	return end > 0
}

// MaybePersonnummer is the wider net for texts where no personnummer
// belongs: a date-valid 10- or 12-digit run, or a date part and four
// digits joined by '-', '+', a space, a no-break space or a dash, whatever
// the check digit. A mistyped number still names a person, so it must not
// be stored either.
func MaybePersonnummer(s string) bool {
	_, end := findPnr(s, 0, false)
	return end > 0
}

// Marker is what replaces a personnummer in a text that is kept.
const Marker = "[personnummer]"

// Redact returns s with every span MaybePersonnummer would flag replaced
// by Marker, and the number of spans replaced. A string without one is
// returned as it is, without allocating.
func Redact(s string) (string, int) {
	return redactWith(s, func(string) string { return Marker })
}

// redactWith replaces each personnummer-shaped span of s with repl of the
// span's digits.
func redactWith(s string, repl func(digits string) string) (string, int) {
	start, end := findPnr(s, 0, false)
	if end < 0 {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	n, at := 0, 0
	for end > 0 {
		b.WriteString(s[at:start])
		b.WriteString(repl(digitsOf(s[start:end])))
		n++
		at = end
		start, end = findPnr(s, end, false)
	}
	b.WriteString(s[at:])
	return b.String(), n
}

// IsPersonnummerShaped reports whether the whole of s, trimmed, is one
// personnummer-shaped value (the wide net: any check digit). It is how a
// column of personnummer is recognised whatever its header says.
func IsPersonnummerShaped(s string) bool {
	s = strings.TrimSpace(s)
	start, end := findPnr(s, 0, false)
	return start == 0 && end == len(s)
}

// NumberIsPersonnummer reports whether a number cell, given as the raw
// number text a workbook stores ("197001011233", "1.97001011233E11",
// "7001011233.0"), holds a personnummer: a whole number whose twelve
// digits have a real date and a century of 1800 or later, or whose ten
// digits have a real date and a valid check digit. Ten digits need the
// check digit because a ten-digit amount of money passes the date test
// about one time in fourteen; a twelve-digit amount in kronor does not
// occur in a municipality's accounts.
func NumberIsPersonnummer(raw string) bool {
	d, ok := integerDigits(strings.TrimSpace(raw))
	if !ok {
		return false
	}
	switch len(d) {
	case 12:
		return plausible12(d, false)
	case 10:
		return plausible10(d, true)
	}
	return false
}

// integerDigits writes a non-negative whole number given in decimal or
// exponent form as its digits; ok is false for anything else.
func integerDigits(s string) (string, bool) {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e := s[i+1:]
		neg := false
		if e != "" && (e[0] == '+' || e[0] == '-') {
			neg = e[0] == '-'
			e = e[1:]
		}
		if !allDigits(e) || len(e) > 3 {
			return "", false
		}
		exp = num(e)
		if neg {
			exp = -exp
		}
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if (intPart != "" && !allDigits(intPart)) || (frac != "" && !allDigits(frac)) || intPart+frac == "" {
		return "", false
	}
	digits := intPart + frac
	point := len(intPart) + exp // digits before the decimal point
	if point < 0 || point > 20 {
		return "", false
	}
	for len(digits) < point {
		digits += "0"
	}
	if strings.Trim(digits[point:], "0") != "" {
		return "", false // a fraction: no personnummer
	}
	digits = strings.TrimLeft(digits[:point], "0")
	return digits, digits != ""
}

// separators join a personnummer's date and its last four digits. The
// strict net accepts only what ParsePersonnummer does; the wide one also
// what people type and programs print.
var separators = []string{"-", "+", " ", "\u00a0", "\u2013", "\u2011", "\u2010"}

// sepAt returns the byte length of a separator at s[j:], or 0.
func sepAt(s string, j, n int, strict bool) int {
	if j >= len(s) {
		return 0
	}
	if strict {
		if s[j] == '-' || (n == 6 && s[j] == '+') {
			return 1
		}
		return 0
	}
	for _, sep := range separators {
		if strings.HasPrefix(s[j:], sep) {
			return len(sep)
		}
	}
	return 0
}

// findPnr returns the byte span [start, end) of the first personnummer-
// shaped value in s at or after from, or -1, -1. It allocates nothing.
func findPnr(s string, from int, strict bool) (int, int) {
	if !hasTenDigits(s[from:]) {
		return -1, -1
	}
	var buf [12]byte // the digits of a separated form, without the separator
	for i := from; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		switch n := j - i; n {
		case 10:
			if plausible10(s[i:j], strict) {
				return i, j
			}
		case 12:
			if plausible12(s[i:j], strict) {
				return i, j
			}
		case 6, 8:
			// date part, separator, exactly four digits, then no digit.
			w := sepAt(s, j, n, strict)
			if w == 0 || j+w+4 > len(s) {
				break
			}
			tail := s[j+w : j+w+4]
			if !allDigits(tail) || (j+w+4 < len(s) && isDigit(s[j+w+4])) {
				break
			}
			if n == 6 {
				copy(buf[:6], s[i:j])
				copy(buf[6:10], tail)
				if plausible10(string(buf[:10]), strict) {
					return i, j + w + 4
				}
			} else {
				copy(buf[:8], s[i:j])
				copy(buf[8:], tail)
				if plausible12(string(buf[:]), strict) {
					return i, j + w + 4
				}
			}
		}
		i = j
	}
	return -1, -1
}

// digitsOf keeps the ASCII digits of a span.
func digitsOf(s string) string {
	b := make([]byte, 0, 12)
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// hasTenDigits is the prefilter: almost every cell has fewer than ten
// digits and is rejected here.
func hasTenDigits(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if n++; n == 10 {
				return true
			}
		}
	}
	return false
}

// plausible10 checks YYMMDDNNNC without a century: Feb 29 is allowed when
// some century makes it a leap year, i.e. YY divisible by four (00 → 2000).
func plausible10(d string, checkDigit bool) bool {
	return validMonthDay(num(d[2:4]), num(d[4:6]), num(d[0:2])%4 == 0) && (!checkDigit || luhnValid(d))
}

// plausible12 checks YYYYMMDDNNNC with the same floor as ParsePersonnummer.
func plausible12(d string, checkDigit bool) bool {
	y := num(d[:4])
	return y >= minBirthYear && validMonthDay(num(d[4:6]), num(d[6:8]), isLeap(y)) && (!checkDigit || luhnValid(d[2:]))
}
