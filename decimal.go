package socdw

// The decimal convention of a column: a single text such as "1.200" or
// "1,200" cannot tell whether its separator is a decimal or a thousands
// separator; a column whose other cells say "12,5" or "3.75" can.

// Decimal is the decimal convention numbers are read under: which of ','
// and '.' is the decimal separator. Spaces (NBSP and the thin spaces
// included) group thousands under every convention.
type Decimal uint8

const (
	// DecimalAuto is ParseNumber's rule, decided by each text alone: a
	// comma is the decimal separator; with no comma a single dot is one
	// too ("4304.25", "1.200" = 1,2); several dots, or dots before a
	// comma, group thousands. It is what a column with no decisive
	// evidence is read under.
	DecimalAuto Decimal = iota
	// DecimalComma: Swedish reports, "1 200,50" or "1.200,50": the comma
	// is the decimal separator and dots group thousands ("1.200" = 1 200).
	DecimalComma
	// DecimalDot: exports from English-locale tools, "1,200.50" or
	// "1200.5": the dot is the decimal separator and commas group
	// thousands ("1,200" = 1 200).
	DecimalDot
)

// String names the convention as messages and `socdw check` say it.
func (d Decimal) String() string {
	switch d {
	case DecimalComma:
		return "decimal comma"
	case DecimalDot:
		return "decimal point"
	}
	return "decimal comma, or a lone dot as decimal point"
}

// Evidence is what one text says about the decimal convention of the
// column it stands in.
type Evidence uint8

const (
	// EvidenceNone: the text reads the same under both conventions ("1 200",
	// "-5", "12 tkr"), or under neither (it is no number).
	EvidenceNone Evidence = iota
	// EvidenceComma: the text is a number only with a decimal comma:
	// "12,5", "1 200,50", "1.234,50", "1.234.567", "0,200".
	EvidenceComma
	// EvidenceDot: the text is a number only with a decimal point: "3.75",
	// "1,234.50", "1,234,567", "1200.5".
	EvidenceDot
	// EvidenceAmbiguous: the text is a number both ways, with different
	// values: "1.200" and "1,200" (1,2 or 1 200). It takes its column's
	// convention.
	EvidenceAmbiguous
)

// DecimalEvidence reads s under both conventions and says which it fits.
// A text without '.' or ',' is EvidenceNone without being parsed, so a
// column of plain figures costs a byte scan per cell.
func DecimalEvidence(s string) Evidence {
	// The common case costs one parse, not two: a single separator between
	// digits with other than three digits after it can only be decimal
	// (a thousands group has exactly three), so "84 300,00" or "1234.5"
	// decides as soon as it reads under its own convention.
	sep, at, count := byte(0), -1, 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c == ',' {
			sep, at = c, i
			count++
		}
	}
	if count == 0 {
		return EvidenceNone
	}
	if count == 1 && at > 0 && isDigit(s[at-1]) {
		k := 0
		for j := at + 1; j < len(s) && isDigit(s[j]); j++ {
			k++
		}
		if k > 0 && k != 3 {
			dec, e := DecimalComma, EvidenceComma
			if sep == '.' {
				dec, e = DecimalDot, EvidenceDot
			}
			if _, ok, err := ParseNumberAs(s, dec); err == nil && ok {
				return e
			}
			return EvidenceNone // no number either way
		}
	}
	c, cok, cerr := ParseNumberAs(s, DecimalComma)
	d, dok, derr := ParseNumberAs(s, DecimalDot)
	comma, dot := cerr == nil && cok, derr == nil && dok
	switch {
	case comma && dot:
		if sameValue(c, d) {
			return EvidenceNone
		}
		return EvidenceAmbiguous
	case comma:
		return EvidenceComma
	case dot:
		return EvidenceDot
	}
	return EvidenceNone
}

// sameValue reports whether two numbers are equal as written values.
func sameValue(a, b Number) bool {
	a, b = a.trimmed(), b.trimmed()
	return a.Coef == b.Coef && a.Exp == b.Exp && a.Unit == b.Unit
}

// trimmed drops trailing zeros after the decimal point.
func (n Number) trimmed() Number {
	for n.Exp > 0 && n.Coef%10 == 0 {
		n.Coef /= 10
		n.Exp--
	}
	return n
}

// DecimalVote gathers the evidence of a column's texts (or of one column
// of a file) and decides its convention. Positions are whatever the caller
// counts in, 1-based (a row, a line); 0 means none.
type DecimalVote struct {
	Comma int // the first text that reads only with a decimal comma
	Dot   int // the first text that reads only with a decimal point
}

// Add counts the text s found at position at and returns its evidence.
func (v *DecimalVote) Add(at int, s string) Evidence {
	e := DecimalEvidence(s)
	v.Note(at, e)
	return e
}

// Note records evidence e found at position at; at <= 0 is no position.
func (v *DecimalVote) Note(at int, e Evidence) {
	if at <= 0 {
		return
	}
	switch e {
	case EvidenceComma:
		if v.Comma == 0 || at < v.Comma {
			v.Comma = at
		}
	case EvidenceDot:
		if v.Dot == 0 || at < v.Dot {
			v.Dot = at
		}
	}
}

// Merge adds the evidence another vote gathered (a chunk of the same
// file), keeping the first position of each kind.
func (v *DecimalVote) Merge(o DecimalVote) {
	v.Note(o.Comma, EvidenceComma)
	v.Note(o.Dot, EvidenceDot)
}

// Conflict reports whether the texts say both: some read only with a
// decimal comma, others only with a decimal point. Such a column is not
// read under either convention: which one its ambiguous cells follow
// cannot be known.
func (v DecimalVote) Conflict() bool { return v.Comma != 0 && v.Dot != 0 }

// Decimal is the convention the evidence decides: DecimalComma or
// DecimalDot when only one kind was seen, DecimalAuto when none was (and,
// since nothing may be read under it, when both were: see Conflict).
func (v DecimalVote) Decimal() Decimal {
	switch {
	case v.Conflict():
		return DecimalAuto
	case v.Comma != 0:
		return DecimalComma
	case v.Dot != 0:
		return DecimalDot
	}
	return DecimalAuto
}
