package transform

// The decimal convention of a report table's value column, decided from
// all of its cells: "1.200" alone may be 1,2 or 1 200, a column that also
// holds "12,5" writes a decimal comma, one that holds "3.75" a decimal
// point.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// decideDecimals gathers the evidence of every value column's text cells
// and sets the convention they are read under. The body is in memory (a
// report sheet holds at most 100 000 rows), so this is one pass over it;
// a text without '.' or ',' costs a byte scan, one with them two parses.
func (t *table) decideDecimals() {
	for i := range t.cols {
		c := &t.cols[i]
		c.decimals = socdw.DecimalVote{}
		for _, r := range t.body {
			if cell := cellAt(r, c.col); cell.Kind == extract.KindText {
				c.decimals.Add(r.Num, cell.Text)
			}
		}
		c.dec = c.decimals.Decimal()
	}
}

// mixedDecimals is the reject reason for a cell of a column whose cells
// contradict each other (see socdw.DecimalVote.Conflict), or "" when the
// cell reads the same under both conventions and may load. Rejecting is
// the point: storing a figure read under the other convention would put
// a value 1 000 times off, or a different value, in the warehouse without
// a word.
func mixedDecimals(cell extract.Cell, ref socdw.CellRef, c column) string {
	if cell.Kind != extract.KindText || socdw.DecimalEvidence(cell.Text) == socdw.EvidenceNone {
		return ""
	}
	return mixedReason(c.col, c.decimals, ref.Row, cell.Text)
}

// mixedReason says why the text at row of column col, whose cells say
// both conventions (v), is not loaded: a cell of each, and its two
// readings.
func mixedReason(col int, v socdw.DecimalVote, row int, text string) string {
	letter := socdw.ColumnName(col)
	return fmt.Sprintf("column %s mixes decimal conventions (%s%d reads only with a decimal comma, %s%d only with a decimal point): %s%d reads %s with a decimal comma and %s with a decimal point; not loaded",
		letter, letter, v.Comma, letter, v.Dot, letter, row,
		reading(text, socdw.DecimalComma), reading(text, socdw.DecimalDot))
}

// reading is the value text reads as under dec, written the Swedish way
// ("1 234,5"), or "no number". The text itself is not quoted: what reads
// as a number under one convention is a number, but the message stays in
// the form every socdw message writes figures in.
func reading(text string, dec socdw.Decimal) string {
	n, ok, err := socdw.ParseNumberAs(text, dec)
	if err != nil || !ok {
		return "no number"
	}
	return formatNumber(n)
}

// formatNumber writes a number as written, with its decimals, grouped by
// spaces and with a decimal comma: Coef 123450, Exp 2 is "1 234,50".
func formatNumber(n socdw.Number) string {
	neg := n.Coef < 0
	d := strconv.FormatUint(uint64(n.Coef), 10)
	if neg {
		d = strconv.FormatUint(-uint64(n.Coef), 10)
	}
	for len(d) <= n.Exp {
		d = "0" + d
	}
	whole, frac := d[:len(d)-n.Exp], d[len(d)-n.Exp:]
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(whole[i])
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	if n.Unit != socdw.UnitNone {
		b.WriteByte(' ')
		b.WriteString(n.Unit.String())
	}
	return b.String()
}

// decimalEvidence is the column's convention for `socdw check`, with the
// cell that decided it; "" when nothing did.
func decimalEvidence(c column) string {
	letter := socdw.ColumnName(c.col)
	switch {
	case c.decimals.Conflict():
		return fmt.Sprintf("decimal comma (%s%d) and decimal point (%s%d) both: its cells with '.' or ',' refused", letter, c.decimals.Comma, letter, c.decimals.Dot)
	case c.dec == socdw.DecimalComma:
		return fmt.Sprintf("decimal comma (%s%d)", letter, c.decimals.Comma)
	case c.dec == socdw.DecimalDot:
		return fmt.Sprintf("decimal point (%s%d)", letter, c.decimals.Dot)
	}
	return ""
}
