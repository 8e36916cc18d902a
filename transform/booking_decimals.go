package transform

// The decimal convention of a finance export, decided for the whole file:
// "1,200" alone may be 1,20 kr or 1 200 kr, an export whose other amounts
// write "3.75" or "1,234.50" writes a decimal point. Lines are streamed
// (a year is millions of them), so an amount that reads both ways holds
// its line back until the file's evidence is in; such amounts are rare
// (finance systems write two decimals or none), so the held lines are few.

import (
	"fmt"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// heldAmounts are the amounts of a held line that read both ways, by
// amount field (0 Utfall, 1 Budget); "" where the amount was read.
type heldAmounts struct {
	row  int
	text [2]string
}

// maxHeld bounds the lines held back, per chunk or sheet: an export whose
// first 65 536 amounts that need a convention all read both ways, with
// none to decide, is refused rather than held in memory or read under a
// guess (see heldError).
const maxHeld = 1 << 16

// heldError is the error of an export that holds more than maxHeld lines.
func heldError(file, sheet string, row int) error {
	return &extract.Error{Ref: socdw.CellRef{File: file, Sheet: sheet, Row: row},
		Err: fmt.Errorf("more than %d amounts read both ways (such as 1,200: 1,20 or 1 200 kronor) and none tells the decimal convention; not loaded", maxHeld)}
}

// heldBooking is a line of the general path held back with its amounts.
type heldBooking struct {
	b socdw.Booking
	h heldAmounts
}

// waiting reports whether the line has an amount held. Two length tests
// rather than an array comparison: this runs on every line of the fast path.
func (h heldAmounts) waiting() bool { return h.text[0] != "" || h.text[1] != "" }

// amountIndex is where fUtfall and fBudget keep their text in heldAmounts.
func amountIndex(f field) int {
	if f == fBudget {
		return 1
	}
	return 0
}

// bookingAmount reads an amount text that is not in the finance systems'
// plain form (see fastAmount), noting what it says about the file's
// convention in vote at line row. An amount that reads both ways is read
// under the convention vote has seen so far; before any, it is not read:
// held is true, and the caller keeps its line until the file's convention
// is known. Reading it early is safe: should the rest of the file say the
// other convention, the file is refused whole (mixedExport).
func bookingAmount(text string, row int, vote *socdw.DecimalVote) (a socdw.Amount, has, held bool, err error) {
	dec, _, held := conventionFor(vote, row, text)
	if held {
		return 0, false, true, nil
	}
	return parseKr(text, dec)
}

// conventionFor notes what text, at row of a streamed column, says in
// vote, and returns the convention to read it under: its own when it
// decides, else the one vote has seen so far; held is true when it reads
// both ways and vote has seen none yet.
func conventionFor(vote *socdw.DecimalVote, row int, text string) (dec socdw.Decimal, e socdw.Evidence, held bool) {
	switch e = vote.Add(row, text); e {
	case socdw.EvidenceComma:
		return socdw.DecimalComma, e, false
	case socdw.EvidenceDot:
		return socdw.DecimalDot, e, false
	case socdw.EvidenceAmbiguous:
		dec = vote.Decimal()
		return dec, e, dec == socdw.DecimalAuto
	}
	return socdw.DecimalAuto, e, false
}

// parseKr reads an amount in kronor under dec.
func parseKr(text string, dec socdw.Decimal) (a socdw.Amount, has, held bool, err error) {
	n, has, err := socdw.ParseNumberAs(text, dec)
	if err != nil || !has {
		return 0, false, false, err
	}
	a, err = n.Scaled(socdw.UnitKr)
	return a, err == nil, false, err
}

// resolve reads the held amounts under the file's convention into actual
// and budget; a non-empty reason rejects the line.
func (h heldAmounts) resolve(dec socdw.Decimal, actual, budget *socdw.NullAmount) string {
	for i, t := range h.text {
		if t == "" {
			continue
		}
		a, has, _, err := parseKr(t, dec)
		f := []field{fUtfall, fBudget}[i]
		if err != nil {
			return "column " + fieldNames[f] + ": " + err.Error()
		}
		if !has {
			continue
		}
		if i == 0 {
			*actual = socdw.Some(a)
		} else {
			*budget = socdw.Some(a)
		}
	}
	return ""
}

// mixedExport is the error of a finance export whose amounts say both
// conventions: its amounts that read both ways cannot be told, and a
// system export is written under one convention, so the whole file is
// refused rather than read in part under a guess.
func mixedExport(file, sheet string, v socdw.DecimalVote) error {
	return &extract.Error{Ref: socdw.CellRef{File: file, Sheet: sheet, Row: max(v.Comma, v.Dot)},
		Err: fmt.Errorf("the export mixes decimal conventions: line %d has an amount that reads only with a decimal comma, line %d one that reads only with a decimal point; not loaded (an amount such as 1,200 would be 1,20 or 1 200 kronor)", v.Comma, v.Dot)}
}
