package socdw

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Amount is an exact decimal with two places held as an integer of
// hundredths: öre when the unit is SEK, hundredths of a count, a percent or
// a care day otherwise. It is the unscaled value of a DECIMAL(18,2), so a
// valid Amount lies strictly between -10^18 and 10^18.
//
// There is no float anywhere on the way from text to Amount: a figure read
// from a report must land in the warehouse exactly as it was written.
type Amount int64

// maxAmount is the largest magnitude a DECIMAL(18,2) holds, in hundredths:
// 9 999 999 999 999 999,99.
const maxAmount = 999_999_999_999_999_999

// The sentinel errors of the number parsers. Every error they return wraps
// exactly one of these with %w. No message ever quotes the text that was
// parsed: a cell that is not a number may be a personnummer or a name.
var (
	// ErrNoValue: the text says "no value": empty, blank, a lone dash or
	// "..". Callers usually treat it as a missing cell, not as bad data.
	ErrNoValue = errors.New("no value")
	// ErrNotNumber: the text does not match the number grammar.
	ErrNotNumber = errors.New("not a number")
	// ErrOverflow: the text is a number, but it has more digits than an
	// int64 holds or its value does not fit a DECIMAL(18,2).
	ErrOverflow = errors.New("number out of range")
)

// pow10[i] is 10^i; 10^19 is the largest power of ten in a uint64.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// magnitude is |x| as a uint64; unlike -x it is right for math.MinInt64.
func magnitude(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}

// signed gives mag the sign neg. mag must not exceed 2^63 (2^63 - 1 when
// positive); every caller has checked against maxAmount or MaxInt64.
func signed(mag uint64, neg bool) int64 {
	if neg {
		return -int64(mag)
	}
	return int64(mag)
}

// roundDiv is num/d rounded half away from zero, for a 128-bit num = hi:lo
// and d > hi, so that the quotient fits a uint64. ok is false when rounding
// up would overflow.
func roundDiv(hi, lo, d uint64) (q uint64, ok bool) {
	q, r := bits.Div64(hi, lo, d)
	// r >= d/2 without overflow and without losing the odd half: r >= d-r.
	if r >= d-r {
		if q == math.MaxUint64 {
			return 0, false
		}
		q++
	}
	return q, true
}

// String prints the amount the way SQL and CSV want it: optional '-', the
// whole part without grouping, a '.' and always two decimals:
// "-2066000.00", "0.05".
func (a Amount) String() string {
	return string(a.Append(make([]byte, 0, 24)))
}

// Append appends the amount as String writes it, without allocating: the
// form a million booking lines are written in.
func (a Amount) Append(b []byte) []byte {
	mag := magnitude(int64(a))
	if a < 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, mag/100, 10)
	return append(b, '.', byte('0'+mag/10%10), byte('0'+mag%10))
}

// FormatAmount prints the amount the way a Swedish report does: thousands
// separated by an ordinary space, a decimal comma, two decimals and an
// ASCII '-': "-2 066 000,00". An ordinary space rather than NBSP keeps the
// output plain ASCII for logs and terminals; ParseAmount(FormatAmount(a),
// UnitKr) gives a back for every valid Amount.
func FormatAmount(a Amount) string {
	mag := magnitude(int64(a))
	whole := strconv.FormatUint(mag/100, 10)
	b := make([]byte, 0, 32)
	if a < 0 {
		b = append(b, '-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ' ')
		}
		b = append(b, whole[i])
	}
	return string(append(b, ',', byte('0'+mag/10%10), byte('0'+mag%10)))
}

// Round rounds to places decimals, half away from zero, and keeps the
// result in hundredths: Round(0) of 3714.80 is 3715.00, Round(1) of 0.05 is
// 0.10. places >= 2 returns a unchanged; a negative places rounds to tens,
// hundreds and so on. In the unlikely case that the rounded value would not
// fit an int64 (only far outside the DECIMAL(18,2) range) the result is
// rounded toward zero instead, so Round never wraps around.
func (a Amount) Round(places int) Amount {
	if places >= 2 {
		return a
	}
	if 2-places >= len(pow10) {
		// 10^20 hundredths and more: every int64 is less than half of it.
		return 0
	}
	m := pow10[2-places]
	mag := magnitude(int64(a))
	q, r := mag/m, mag%m
	if r >= m-r {
		q++
	}
	limit := uint64(math.MaxInt64)
	if a < 0 {
		limit++ // -2^63 is still an int64
	}
	hi, lo := bits.Mul64(q, m)
	if hi != 0 || lo > limit {
		lo = (mag / m) * m
	}
	return Amount(signed(lo, a < 0))
}

// Ratio is num/den rounded half away from zero to two decimals, exactly,
// with integer arithmetic: the cost per care day is Ratio(cost, careDays).
// Both arguments are in hundredths, so the units cancel and the result is
// again in hundredths. ok is false when den is zero or when the quotient
// does not fit a DECIMAL(18,2).
func Ratio(num, den Amount) (Amount, bool) {
	if den == 0 {
		return 0, false
	}
	d := magnitude(int64(den))
	hi, lo := bits.Mul64(magnitude(int64(num)), 100)
	if hi >= d {
		return 0, false // the quotient needs more than 64 bits
	}
	q, ok := roundDiv(hi, lo, d)
	if !ok || q > maxAmount {
		return 0, false
	}
	return Amount(signed(q, (num < 0) != (den < 0))), true
}

// Number is a parsed number before a unit scale is applied: the value is
// Coef / 10^Exp, exactly as written.
type Number struct {
	Coef   int64 // digits without the decimal point, sign included
	Exp    int   // number of digits after the decimal point (>= 0)
	Unit   Unit  // unit written in the text itself (UnitNone if none)
	Approx bool  // written with "ca", "cirka", "ungefär", "~"
}

// Scaled converts the number to an Amount in hundredths of the base unit:
// it multiplies by the Factor of n.Unit, or of def when the text named no
// unit, and rounds to two decimals half away from zero. It does not check
// that n.Unit and def agree ("8 %" in a tkr column): the caller compares
// n.Unit with what it expects. The error wraps ErrOverflow when the value
// does not fit a DECIMAL(18,2).
func (n Number) Scaled(def Unit) (Amount, error) {
	u := n.Unit
	if u == UnitNone {
		u = def
	}
	mag := magnitude(n.Coef)
	exp := n.Exp
	// The parsers never give a negative Exp, but a Number built by hand
	// may: it means trailing zeros.
	for ; exp < 0 && mag != 0; exp++ {
		hi, lo := bits.Mul64(mag, 10)
		if hi != 0 {
			return 0, errRange
		}
		mag = lo
	}
	// The value in hundredths is mag·factor·100 / 10^exp. mag < 2^64 and
	// factor·100 <= 10^8 < 2^27, so the product fits 128 bits (hi:lo).
	hi, lo := bits.Mul64(mag, uint64(u.Factor())*100)
	var q uint64
	switch {
	case exp <= 0:
		if hi != 0 {
			return 0, errRange
		}
		q = lo
	case exp < len(pow10):
		if hi >= pow10[exp] {
			return 0, errRange
		}
		var ok bool
		if q, ok = roundDiv(hi, lo, pow10[exp]); !ok {
			return 0, errRange
		}
	case exp >= 28:
		// The product is below 2^91 < 2.5·10^27, so the quotient is below
		// 0.25 and rounds to zero. This also keeps a pathological Exp from
		// costing a huge power of ten.
		return 0, nil
	default:
		// 10^exp does not fit a uint64: rare enough for big.Int.
		num := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		num.Or(num, new(big.Int).SetUint64(lo))
		d := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)
		quo, rem := new(big.Int).QuoRem(num, d, new(big.Int))
		if rem.Lsh(rem, 1).Cmp(d) >= 0 {
			quo.Add(quo, big.NewInt(1))
		}
		if !quo.IsUint64() {
			return 0, errRange
		}
		q = quo.Uint64()
	}
	if q > maxAmount {
		return 0, errRange
	}
	return Amount(signed(q, n.Coef < 0)), nil
}

// errRange is the one Scaled error: the text itself is never part of it.
var errRange = fmt.Errorf("%w: the value does not fit DECIMAL(18,2)", ErrOverflow)

// ParseAmount reads a number the way ParseNumber does and scales it with
// Scaled(def). Text that says "no value" (empty, a dash, "..") gives an
// error wrapping ErrNoValue, so a caller that only wants a figure needs one
// check.
func ParseAmount(s string, def Unit) (Amount, error) {
	n, ok, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("%w: the cell is empty or a dash", ErrNoValue)
	}
	return n.Scaled(def)
}

// ParseNumber reads a number as Swedish reports and exports spell it:
//
//   - thousands grouped by a space, NBSP (U+00A0), narrow NBSP (U+202F),
//     thin space (U+2009) or figure space (U+2007): "853 854"; the first
//     group has 1–3 digits and does not start with 0, every later group
//     exactly 3;
//   - a decimal comma "4 304,25" or, when there is only one dot and no
//     comma, a decimal point "4304.25"; dots before a decimal comma, or
//     several dots, group thousands: "1.234,5", "1.234.567". This is
//     DecimalAuto, decided by the text alone; where a column's other
//     cells tell its convention ("1.200" beside "12,5"), ParseNumberAs
//     reads under it;
//   - a sign '-', '+', '−' (U+2212), '–' (U+2013), '—' (U+2014), '‒'
//     (U+2012), optionally followed by spaces, or parentheses for a negative
//     number: "(1 234)", "(1 234) tkr";
//   - an approximation word first: "ca", "ca.", "c:a", "cirka", "ungefär",
//     "~", "≈" (case-insensitive), which sets Approx;
//   - a unit after the number, with or without a space, case-insensitive:
//     kr, kronor, SEK, ":-", ",-"; tkr, tusen kronor; mnkr, mkr, milj,
//     miljoner (kronor); kr/dygn, kr per dygn; dygn, vårddygn; st,
//     personer, hushåll; %, procent. "SEK" may also come first.
//
// Anything else is an error wrapping ErrNotNumber: the whole text must
// match, so a date "2017-03-01", a personnummer "20120905-9805", a time
// "12:30" or "1 2 3" are rejected. Exponents ("1E3") are not part of the
// grammar; raw workbook values go through ParseRawNumber. Too many digits
// for an int64 wrap ErrOverflow.
//
// ok is false with a nil error when the text says "no value": empty or
// blank, a lone dash of any kind, or "..".
func ParseNumber(s string) (n Number, ok bool, err error) {
	return ParseNumberAs(s, DecimalAuto)
}

// ParseNumberAs reads a number as ParseNumber does, with the decimal
// separator fixed by dec instead of decided by the text alone (see
// Decimal): under DecimalComma "1.200" is 1 200 and "1.5" is no number,
// under DecimalDot "1,200" is 1 200 and "12,5" is no number. DecimalAuto
// is ParseNumber.
func ParseNumberAs(s string, dec Decimal) (n Number, ok bool, err error) {
	start, end := trimBounds(s)
	switch s[start:end] {
	case "", "-", "−", "–", "—", "‒", "..":
		return Number{}, false, nil
	}
	p := &parser{src: s, i: start, end: end, dec: dec}
	n, err = p.text()
	if err != nil {
		return Number{}, false, err
	}
	return n, true, nil
}

// ParseRawNumber reads the raw value of a numeric workbook cell: ASCII, an
// optional sign, digits with an optional '.' and an optional exponent, as
// in "-92522", "853854.00000000012" or "3.0000000000000004E-2". The value
// is kept exactly as written; the float artifacts in the last digits go
// away when Scaled rounds to two decimals. Unit is always UnitNone.
//
// Digits on either side of the point may be missing ("5.", ".5") as long
// as there is one, which is what the workbook reader accepts as a number.
// The exponent is limited to ±1000; Excel never writes more than ±308.
func ParseRawNumber(s string) (Number, error) {
	start, end := trimBounds(s)
	p := &parser{src: s, i: start, end: end}
	if p.i == p.end {
		return Number{}, fmt.Errorf("%w: the cell is empty", ErrNotNumber)
	}
	neg := false
	if c := p.src[p.i]; c == '-' || c == '+' {
		neg = c == '-'
		p.i++
	}
	var d digits
	count := 0
	for ; p.i < p.end && isDigit(p.src[p.i]); p.i++ {
		if !d.pushInt(p.src[p.i]) {
			return Number{}, errTooManyDigits
		}
		count++
	}
	if p.i < p.end && p.src[p.i] == '.' {
		p.i++
		for ; p.i < p.end && isDigit(p.src[p.i]); p.i++ {
			if !d.pushFrac(p.src[p.i]) {
				return Number{}, errTooManyDigits
			}
			count++
		}
	}
	if count == 0 {
		return Number{}, p.unexpected("expected a digit")
	}
	d.finish()
	if p.i < p.end && (p.src[p.i] == 'E' || p.src[p.i] == 'e') {
		p.i++
		eneg := false
		if p.i < p.end && (p.src[p.i] == '-' || p.src[p.i] == '+') {
			eneg = p.src[p.i] == '-'
			p.i++
		}
		e, edigits := 0, 0
		for ; p.i < p.end && isDigit(p.src[p.i]); p.i++ {
			if e = e*10 + int(p.src[p.i]-'0'); e > 1000 {
				return Number{}, fmt.Errorf("%w: the exponent is out of range", ErrOverflow)
			}
			edigits++
		}
		if edigits == 0 {
			return Number{}, p.unexpected("expected a digit in the exponent")
		}
		if eneg {
			d.exp += e
		} else {
			// Take the exponent out of the decimal places first; what is
			// left multiplies the coefficient.
			k := min(e, d.exp)
			d.exp -= k
			for e -= k; e > 0 && d.mag != 0; e-- {
				if !d.pushInt('0') {
					return Number{}, errTooManyDigits
				}
			}
		}
	}
	if p.i != p.end {
		return Number{}, p.unexpected("unexpected text after the number")
	}
	return Number{Coef: signed(d.mag, neg), Exp: d.exp}, nil
}

var errTooManyDigits = fmt.Errorf("%w: too many significant digits", ErrOverflow)

// digits accumulates a coefficient digit by digit, refusing anything that
// does not fit an int64.
type digits struct {
	mag   uint64 // the coefficient so far, at most MaxInt64
	exp   int    // digits after the point taken into mag
	zeros int    // zeros after the point not yet taken into mag
}

// pushInt appends a digit before the point; false on overflow.
func (d *digits) pushInt(c byte) bool {
	v := uint64(c - '0')
	if d.mag > (math.MaxInt64-v)/10 {
		return false
	}
	d.mag = d.mag*10 + v
	return true
}

// pushFrac appends a digit after the point; false on overflow. Zeros wait
// in d.zeros until a non-zero digit follows, so trailing zeros such as
// Excel's "1.5000000000000000000" never overflow a coefficient that would
// otherwise fit: they do not change the value.
func (d *digits) pushFrac(c byte) bool {
	if c == '0' {
		d.zeros++
		return true
	}
	for ; d.zeros > 0; d.zeros-- {
		if !d.pushInt('0') {
			return false
		}
		d.exp++
	}
	if !d.pushInt(c) {
		return false
	}
	d.exp++
	return true
}

// finish keeps the trailing zeros in Exp as far as they fit, so "4,50"
// gives Exp 2 as written, and drops the rest.
func (d *digits) finish() {
	for ; d.zeros > 0 && d.pushInt('0'); d.zeros-- {
		d.exp++
	}
	d.zeros = 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace is what may surround a number, its sign and its unit: every
// Unicode white space (space, tab, NBSP, the thin spaces) and a stray
// byte-order mark from the start of a text file.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// isGroupSep is what may separate thousands: a single space of one of the
// kinds typesetting and spreadsheets use for that. A tab is not one.
func isGroupSep(r rune) bool {
	switch r {
	case ' ', '\u00A0', '\u202F', '\u2009', '\u2007':
		return true
	}
	return false
}

// isMinus reports whether r is one of the dashes that mean minus. Reports
// pasted from word processors carry the en and em dash as often as '-'.
func isMinus(r rune) bool {
	switch r {
	case '-', '\u2212', '\u2013', '\u2014', '\u2012':
		return true
	}
	return false
}

// trimBounds returns the byte range of s without surrounding space.
func trimBounds(s string) (start, end int) {
	t := strings.TrimLeftFunc(s, isSpace)
	start = len(s) - len(t)
	return start, start + len(strings.TrimRightFunc(t, isSpace))
}

// parser walks s[i:end], the trimmed text. It keeps the whole text only to
// turn byte offsets into character positions for error messages.
type parser struct {
	src    string
	i, end int
	dec    Decimal // which separator is the decimal one; DecimalAuto decides per text
}

// peek returns the rune at i and its size; size 0 at the end.
func (p *parser) peek() (rune, int) {
	if p.i >= p.end {
		return 0, 0
	}
	return utf8.DecodeRuneInString(p.src[p.i:p.end])
}

func (p *parser) skipSpaces() {
	for r, n := p.peek(); n > 0 && isSpace(r); r, n = p.peek() {
		p.i += n
	}
}

// hasWord reports whether the text at i starts with w, case-insensitively.
func (p *parser) hasWord(w string) bool {
	return p.end-p.i >= len(w) && strings.EqualFold(p.src[p.i:p.i+len(w)], w)
}

// fail builds an ErrNotNumber error for the character at byte offset off.
// The position is counted in characters from 1 in the untrimmed text, so
// that it matches what a person sees in the cell.
func (p *parser) fail(off int, what string) error {
	return fmt.Errorf("%w: %s at character %d", ErrNotNumber, what, utf8.RuneCountInString(p.src[:off])+1)
}

// unexpected reports the character at i by its kind, never by the text
// around it.
func (p *parser) unexpected(what string) error {
	r, n := p.peek()
	if n == 0 {
		return p.fail(p.i, what+", found the end")
	}
	return p.fail(p.i, what+", found "+describe(r))
}

// describe names a character without quoting letters or digits: a run of
// them could be a name or a personnummer, and an error message ends up in
// logs and reject tables. Punctuation is safe to show.
func describe(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "an invalid character"
	case unicode.IsDigit(r):
		return "a digit"
	case unicode.IsLetter(r):
		return "a letter"
	case isSpace(r):
		return "a space"
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q", r)
	}
	return "a control character"
}

// approxWords are the ways to say "about" before a number. Words need a
// space after them ("ca 5" but not "cabbage"); abbreviations and symbols do
// not. "ca." is before "ca" so that the dot is taken with it.
var approxWords = []struct {
	word      string
	needSpace bool
}{
	{"cirka", true}, {"ungefär", true}, {"ca.", false}, {"c:a", false},
	{"ca", true}, {"~", false}, {"≈", false},
}

// text parses the whole trimmed text: [approx] [SEK] [sign | "("] body
// [")"] [unit] [")"].
func (p *parser) text() (Number, error) {
	var n Number
	for _, a := range approxWords {
		if !p.hasWord(a.word) {
			continue
		}
		after := p.i + len(a.word)
		if r, _ := utf8.DecodeRuneInString(p.src[after:p.end]); a.needSpace && (after == p.end || !isSpace(r)) {
			continue
		}
		p.i = after
		n.Approx = true
		p.skipSpaces()
		break
	}

	// "SEK 1 200": the one unit that is written before the figure.
	prefixUnit := false
	if p.hasWord("sek") {
		if r, _ := utf8.DecodeRuneInString(p.src[p.i+3 : p.end]); !unicode.IsLetter(r) {
			p.i += 3
			prefixUnit = true
			n.Unit = UnitKr
			p.skipSpaces()
		}
	}

	neg, paren := false, false
	if r, size := p.peek(); isMinus(r) || r == '+' || r == '(' {
		neg = r != '+'
		paren = r == '('
		p.i += size
		p.skipSpaces()
	}
	if p.i >= p.end || !isDigit(p.src[p.i]) {
		return Number{}, p.unexpected("expected a digit")
	}
	d, err := p.body()
	if err != nil {
		return Number{}, err
	}

	unitEnd := p.end
	if paren {
		// The ')' closes either the figure, "(1 234) tkr", or the whole
		// text, "(1 234 tkr)".
		p.skipSpaces()
		if r, size := p.peek(); r == ')' {
			p.i += size
		} else if p.i < p.end && p.src[p.end-1] == ')' {
			unitEnd = p.end - 1
		} else {
			return Number{}, p.unexpected("expected ')'")
		}
	}
	p.skipSpaces()
	if unit := strings.TrimRightFunc(p.src[p.i:unitEnd], isSpace); unit != "" {
		u, ok := units[normUnit(unit)]
		switch {
		case !ok:
			r, _ := p.peek()
			if unicode.IsLetter(r) {
				return Number{}, p.fail(p.i, "unknown unit")
			}
			return Number{}, p.unexpected("unexpected text after the number")
		case prefixUnit:
			return Number{}, p.fail(p.i, "a second unit after SEK")
		}
		n.Unit = u
	}

	n.Coef = signed(d.mag, neg)
	n.Exp = d.exp
	return n, nil
}

// sep is a separator inside the figure: '.', ',' or ' ' for any group
// space, and its byte offset.
type sep struct {
	kind byte
	off  int
}

// body reads the figure itself, starting at a digit. It first takes the
// longest run of digits joined by single separators that are followed by a
// digit, then decides which separator is the decimal one and checks the
// thousands groups. Taking "12 34" whole and rejecting it, instead of
// reading "12" and leaving " 34" for the unit, is what makes the grammar
// strict.
func (p *parser) body() (digits, error) {
	// Small backing arrays keep the common case free of allocations.
	var (
		gbuf   [8]string
		sbuf   [7]sep
		groups = gbuf[:0] // the digit runs, len(seps)+1 of them
		seps   = sbuf[:0]
		run    = p.i
	)
	for p.i < p.end {
		if isDigit(p.src[p.i]) {
			p.i++
			continue
		}
		r, size := utf8.DecodeRuneInString(p.src[p.i:p.end])
		next := p.i + size
		if (r == '.' || r == ',' || isGroupSep(r)) && next < p.end && isDigit(p.src[next]) {
			kind := byte(' ')
			if r == '.' || r == ',' {
				kind = byte(r)
			}
			groups = append(groups, p.src[run:p.i])
			seps = append(seps, sep{kind, p.i})
			p.i, run = next, next
			continue
		}
		break
	}
	groups = append(groups, p.src[run:p.i])

	dec, err := p.decimalSep(seps)
	if err != nil {
		return digits{}, err
	}
	whole := seps
	if dec >= 0 {
		whole = seps[:dec]
	}
	if len(whole) > 0 {
		for _, s := range whole[1:] {
			if s.kind != whole[0].kind {
				return digits{}, p.fail(s.off, "mixed thousands separators")
			}
		}
		if len(groups[0]) > 3 {
			return digits{}, p.fail(whole[0].off, "more than three digits before a thousands separator")
		}
		if groups[0][0] == '0' {
			return digits{}, p.fail(whole[0].off-len(groups[0]), "a grouped number starting with 0")
		}
		for k, s := range whole {
			if len(groups[k+1]) != 3 {
				return digits{}, p.fail(s.off, "a thousands group without exactly three digits")
			}
		}
	}

	var d digits
	for k, g := range groups {
		for i := 0; i < len(g); i++ {
			var ok bool
			if dec >= 0 && k == dec+1 {
				ok = d.pushFrac(g[i])
			} else {
				ok = d.pushInt(g[i])
			}
			if !ok {
				return digits{}, errTooManyDigits
			}
		}
	}
	d.finish()
	return d, nil
}

// decimalSep returns the index in seps of the decimal separator, -1 if
// there is none. Every other separator groups thousands.
//
// DecimalAuto: the one comma, which must come last, or else a single dot
// that comes last. DecimalComma: the one comma, which must come last; dots
// group. DecimalDot: the one dot, which must come last; commas group.
func (p *parser) decimalSep(seps []sep) (int, error) {
	point, name := byte(','), "decimal comma"
	if p.dec == DecimalDot {
		point, name = '.', "decimal point"
	}
	dec, dots := -1, 0
	for k, s := range seps {
		switch s.kind {
		case point:
			if dec >= 0 {
				return -1, p.fail(s.off, "a second "+name)
			}
			dec = k
		case '.':
			dots++
		}
	}
	last := len(seps) - 1
	switch {
	case dec >= 0 && dec != last:
		return -1, p.fail(seps[dec+1].off, "a separator after the "+name)
	case p.dec == DecimalAuto && dec < 0 && dots == 1 && seps[last].kind == '.':
		dec = last
	}
	return dec, nil
}

// normUnit lower-cases a unit and writes its spaces as single ASCII
// spaces, none around '/': "Kr / Dygn" and "kr/dygn" are the same key.
func normUnit(s string) string {
	s = strings.Join(strings.FieldsFunc(strings.ToLower(s), isSpace), " ")
	return strings.ReplaceAll(strings.ReplaceAll(s, " /", "/"), "/ ", "/")
}

// units maps a normalised unit written after a figure to its Unit.
// "miljoner" alone means mnkr, as the reports use it; "miljarder" is not
// here on purpose, no figure in these sources reaches it.
var units = map[string]Unit{
	"kr": UnitKr, "kr.": UnitKr, "kronor": UnitKr, "krona": UnitKr,
	"sek": UnitKr, ":-": UnitKr, ",-": UnitKr,

	"tkr": UnitTkr, "tkr.": UnitTkr, "tsek": UnitTkr, "ksek": UnitTkr,
	"tusen": UnitTkr, "tusen kr": UnitTkr, "tusen kronor": UnitTkr,

	"mnkr": UnitMnkr, "mnkr.": UnitMnkr, "mkr": UnitMnkr, "mkr.": UnitMnkr,
	"msek": UnitMnkr, "mn": UnitMnkr, "mn kr": UnitMnkr,
	"milj": UnitMnkr, "milj.": UnitMnkr, "milj kr": UnitMnkr, "milj. kr": UnitMnkr,
	"miljon": UnitMnkr, "miljoner": UnitMnkr,
	"miljon kr": UnitMnkr, "miljoner kr": UnitMnkr,
	"miljon kronor": UnitMnkr, "miljoner kronor": UnitMnkr,

	"kr/dygn": UnitKrPerDay, "kr per dygn": UnitKrPerDay,
	"kronor/dygn": UnitKrPerDay, "kronor per dygn": UnitKrPerDay,
	"sek/dygn": UnitKrPerDay, "kr/vårddygn": UnitKrPerDay, "kr per vårddygn": UnitKrPerDay,

	"dygn": UnitCareDays, "vårddygn": UnitCareDays,

	"st": UnitCount, "st.": UnitCount, "stycken": UnitCount,
	"person": UnitCount, "personer": UnitCount, "pers": UnitCount, "pers.": UnitCount,
	"hushåll": UnitCount,

	"%": UnitPercent, "procent": UnitPercent,
}

// MaxExactDecimals is the most decimals a figure keeps beside its value
// (fact_figure.value_exact is DECIMAL(38,10)).
const MaxExactDecimals = 10

// Fine returns the number with every decimal it has beyond the two an
// Amount keeps (trailing zeros dropped, rounded half away from zero past
// MaxExactDecimals), or nil when two decimals hold it exactly: what a
// figure that is no money keeps in Figure.Exact.
func (n Number) Fine() *Number {
	for n.Exp > 0 && n.Coef%10 == 0 {
		n.Coef /= 10
		n.Exp--
	}
	if n.Exp <= 2 {
		return nil
	}
	if n.Exp > MaxExactDecimals {
		// One division, so the rounding happens once (rounding digit by
		// digit would turn 0.49 into 0.5 and then 1).
		d := int64(1)
		for i := MaxExactDecimals; i < n.Exp; i++ {
			d *= 10
		}
		q, r := n.Coef/d, n.Coef%d
		if 2*r >= d {
			q++
		} else if -2*r >= d {
			q--
		}
		n.Coef, n.Exp = q, MaxExactDecimals
	}
	n.Unit, n.Approx = UnitNone, false
	return &n
}
