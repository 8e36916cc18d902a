package transform

// The decimal convention of a placement export's daily price, decided for
// the sheet: "3,715" alone may be 3,715 or 3 715 kronor a day, a sheet
// whose other prices write "1 842,50" or "2,990.00" tells which. The
// placements are in memory, so a price that reads both ways is settled
// when the sheet is read.

import (
	"fmt"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// priceDecimals gathers a sheet's daily prices' evidence.
type priceDecimals struct {
	vote socdw.DecimalVote
	// marked are the kept placements whose price text has a '.' or ','
	// that matters: refused, should the sheet say both conventions.
	marked []heldPrice
	// held are those whose price reads both ways and was read before
	// any price decided: their DailyPrice is set when the sheet is read.
	held []heldPrice
}

// heldPrice is a placement (its index in Batch.Placements) and its price
// text.
type heldPrice struct {
	idx, row int
	text     string
}

// priceCheck is how placement reads one price: its value, whether a value
// is there, and what keep must know of it once the placement is kept.
type priceCheck struct {
	evidence socdw.Evidence
	held     bool
}

// read reads a daily price cell at row: a workbook's own number as ever,
// text under the convention the prices before it showed (see
// bookingAmount); a price that reads both ways before any did is held.
func (pd *priceDecimals) read(c extract.Cell, row int) (socdw.Price, bool, priceCheck, error) {
	if c.Kind != extract.KindText {
		p, ok, err := priceCell(c)
		return p, ok, priceCheck{}, err
	}
	var (
		pc  priceCheck
		dec socdw.Decimal
	)
	if dec, pc.evidence, pc.held = conventionFor(&pd.vote, row, c.Text); pc.held {
		return 0, true, pc, nil
	}
	n, ok, err := numberCellAs(c, dec)
	if err != nil || !ok {
		return 0, false, pc, err
	}
	p, err := socdw.PriceOf(n)
	return p, err == nil, pc, err
}

// keep records a kept placement's price for settle.
func (pd *priceDecimals) keep(idx, row int, text string, pc priceCheck) {
	if pc.evidence != socdw.EvidenceNone {
		pd.marked = append(pd.marked, heldPrice{idx, row, text})
	}
	if pc.held {
		pd.held = append(pd.held, heldPrice{idx, row, text})
	}
}

// settlePrices finishes a sheet's placements from index from on: with
// prices of both conventions, every placement whose price has a '.' or
// ',' is refused naming both and its two readings; otherwise the held
// prices are read under the sheet's convention.
func (x *reportFile) settlePrices(sheet string, l *exportLayout, pd *priceDecimals) {
	col := l.col[fPrice]
	drop := map[int]bool{}
	if pd.vote.Conflict() {
		for _, m := range pd.marked {
			drop[m.idx] = true
			x.reject(sheet, extract.Row{Num: m.row}, col, mixedReason(col, pd.vote, m.row, m.text))
		}
	} else {
		for _, h := range pd.held {
			n, ok, err := socdw.ParseNumberAs(h.text, pd.vote.Decimal())
			var p socdw.Price
			if err == nil && ok {
				p, err = socdw.PriceOf(n)
			}
			switch {
			case err != nil:
				x.reject(sheet, extract.Row{Num: h.row}, col, fmt.Sprintf("column %q: %v", l.colName(col), err))
			case p < 0:
				x.reject(sheet, extract.Row{Num: h.row}, col, fmt.Sprintf("column %q: negative daily price", l.colName(col)))
			default:
				x.b.Placements[h.idx].DailyPrice = p
				continue
			}
			drop[h.idx] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	kept := x.b.Placements[:0]
	for i, p := range x.b.Placements {
		if !drop[i] {
			kept = append(kept, p)
		}
	}
	x.b.Placements = kept
}
