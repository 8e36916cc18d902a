package pseudo

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
func LooksLikePersonnummer(s string) bool { return scanPnr(s, true) }

// MaybePersonnummer is the wider net for columns where no personnummer
// belongs: a date-valid 10- or 12-digit run, or a date part and four
// digits joined by '-', '+' or a space, whatever the check digit. A
// mistyped number still names a person, so it must not be stored either.
func MaybePersonnummer(s string) bool { return scanPnr(s, false) }

func scanPnr(s string, strict bool) bool {
	if !hasTenDigits(s) {
		return false
	}
	var buf [12]byte // the digits of a separated form, without the separator
	for i := 0; i < len(s); {
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
				return true
			}
		case 12:
			if plausible12(s[i:j], strict) {
				return true
			}
		case 6, 8:
			// date part, separator, exactly four digits, then no digit.
			sep := j < len(s) && (s[j] == '-' || (n == 6 && s[j] == '+') || (!strict && (s[j] == ' ' || s[j] == '+')))
			if j+5 > len(s) || !sep {
				break
			}
			tail := s[j+1 : j+5]
			if !allDigits(tail) || (j+5 < len(s) && isDigit(s[j+5])) {
				break
			}
			if n == 6 {
				copy(buf[:6], s[i:j])
				copy(buf[6:10], tail)
				if plausible10(string(buf[:10]), strict) {
					return true
				}
			} else {
				copy(buf[:8], s[i:j])
				copy(buf[8:], tail)
				if plausible12(string(buf[:]), strict) {
					return true
				}
			}
		}
		i = j
	}
	return false
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
