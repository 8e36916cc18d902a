package transform

// Flat tables past the window: a sheet longer than a report may be is a
// statistics export in long format (Kommun | År | Mått | Värde) or a wide
// table (Enhet | Jan … Dec) of hundreds of thousands of rows. Its table is
// recognised on the rows held so far (the window: header, column roles,
// units, periods, dimensions), and when it is flat — no group, indent or
// total — the rest is read row by row with those roles, each cell checked
// as a report's are, and its figures written to part files rather than
// held. Anything else past the window is refused, saying why.

import (
	"context"
	"fmt"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// maxTrailingRows is how many rows that are no body row (notes, a source
// line) may follow a streamed table.
const maxTrailingRows = 200

// maxUnitLabels bounds the cache of row units: a wide table whose labels
// all differ is read without it rather than held in it.
const maxUnitLabels = 1 << 16

// pastWindow goes on with a sheet that outgrew the window (limit says
// which limit): the window's last table, if flat and still going, is read
// to the sheet's end; otherwise the sheet is refused with limit and why.
func (x *reportFile) pastWindow(ctx context.Context, sh extract.Sheet, g *grid, styler extract.Styler, limit error) error {
	last := g.rows[len(g.rows)-1]
	held := len(g.rows) - 1
	refuse := func(row int, why string) error {
		return &extract.Error{Ref: socdw.CellRef{File: x.file, Sheet: g.sheet, Row: row},
			Err: fmt.Errorf("%w; past the first %d rows only a flat table is read (a header row, then one row per entry: no groups, indents or totals), but %s", limit, held, why)}
	}
	if _, _, ok := personalExport(g); ok {
		return refuse(last.Num, "the rows hold a column of personnummer (a case-system export whose header socdw does not know)")
	}
	x.checkPersonalData(g)
	tables, strays := findTables(g)
	x.b.Rejects = append(x.b.Rejects, strays...)
	if len(tables) == 0 {
		return refuse(last.Num, "no table was recognised in them")
	}
	t := tables[len(tables)-1]
	if t.body[len(t.body)-1].Num != last.Num {
		return refuse(last.Num, fmt.Sprintf("row %d, where they end, is no row of a table's body", last.Num))
	}
	if len(t.headers) == 0 {
		return refuse(t.body[0].Num, "the table has no header row naming its columns")
	}
	sheetW, sheetUnit := sheetContext(g, tables)
	for _, o := range tables[:len(tables)-1] {
		x.table(o, sheetW, sheetUnit)
	}
	fr, err := x.newFlatReader(t, sheetW, sheetUnit, refuse)
	if err != nil {
		return err
	}
	defer fr.fw.close()
	// The window's rows first, then the sheet's: one path for every row.
	window := t.body
	g.rows, t.body = nil, t.body[:1:1] // headerRef needs the first
	for i, r := range window {
		if err := fr.bodyRow(r); err != nil {
			return err
		}
		window[i] = extract.Row{} // let the window go as it is read
	}
	n := 0
	for sh.Next() {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := styledRow(styler, sh.Row())
		if len(r.Cells) == 0 {
			continue
		}
		x.blankPersonalData(g.sheet, &r)
		if err := fr.next(r); err != nil {
			return err
		}
	}
	if err := sh.Err(); err != nil {
		return err
	}
	return fr.finish()
}

// flatReader reads the rows of one flat table.
type flatReader struct {
	x      *reportFile
	t      *table
	tc     tableCtx
	fw     *figureWriter
	years  []int
	refuse func(row int, why string) error
	info   socdw.TableInfo
	units  map[string]socdw.Unit
	whens  map[string]when // a row's period by its label, year and month cells
	key    []byte
	// prev is the last body row; pending the rows since that are none
	// (notes, or a break the next body row will tell).
	prev     extract.Row
	pending  []extract.Row
	lastNum  int
	namesYrs bool // the window's rows name years (a note then speaks of one)
	// Per measure column: the units seen, values without a unit, and
	// the sum of the rows before the last (a last row that is their sum
	// is a total without the word).
	seen      []unitsSeen
	unknown   []int
	firstUnk  []socdw.CellRef
	sum, tol  []socdw.Amount
	summed    []int
	last      []value
	lastWhen  when
	usedTable bool
	refused   int
	firstRef  socdw.CellRef
	decimals  flatDecimals
}

func (x *reportFile) newFlatReader(t *table, sheetW when, sheetUnit socdw.Unit, refuse func(int, string) error) (*flatReader, error) {
	tc := x.context(t, sheetW, sheetUnit)
	if tc.kind != "figures" {
		return nil, refuse(t.headerRef().Row, fmt.Sprintf("the table is of kind %s (budget, outcome or care-day columns), whose rows are read together", tc.kind))
	}
	fw, err := x.newFigureWriter(t.g.sheet)
	if err != nil {
		return nil, err
	}
	n := len(t.cols)
	fr := &flatReader{x: x, t: t, tc: tc, fw: fw, refuse: refuse, years: t.seriesYears(x.fileYears(tc.tw, sheetW)),
		units: map[string]socdw.Unit{}, whens: map[string]when{}, namesYrs: rowsNameYears(t),
		seen: make([]unitsSeen, n), unknown: make([]int, n), firstUnk: make([]socdw.CellRef, n),
		sum: make([]socdw.Amount, n), tol: make([]socdw.Amount, n), summed: make([]int, n), decimals: newFlatDecimals(t)}
	fr.info = socdw.TableInfo{Ref: t.headerRef(), Title: tc.title, Kind: tc.kind, Unit: tc.unit}
	if !tc.money {
		fr.info.Unit = socdw.UnitNone
	}
	return fr, nil
}

// next takes a row past the window: a body row, or a row after the body
// that the rows after it will tell (a note, a group heading, a new table).
// It follows findTables' rules for a table under way.
func (fr *flatReader) next(r extract.Row) error {
	s := shapeOf(r)
	adjacent := r.Num == fr.lastNum+1
	fr.lastNum = r.Num
	body := s.isDataRow() ||
		adjacent && s.isHeaderRow() && numbersOnly(r) && s.first == shapeOf(fr.prev).first ||
		adjacent && s.isHeaderRow() && likeBody(r, fr.prev) ||
		adjacent && len(fr.t.yearCols) > 0 && sameCells(r, fr.prev)
	if !body {
		if s.isTextRow() && s.texts == 0 && isTotalLabel(strings.TrimSpace(cellAt(r, s.first).Text)) {
			// "Totalt" alone on its line, its figures perhaps on the next.
			return fr.refuse(r.Num, fmt.Sprintf("row %d is a total (its label says so)", r.Num))
		}
		if valuesWithoutLabel(r) {
			fr.x.b.Rejects = append(fr.x.b.Rejects, strayReject(fr.t.g, r, s))
			return nil
		}
		if len(fr.pending) >= maxTrailingRows {
			return fr.refuse(r.Num, fmt.Sprintf("more than %d rows after the table's last row (%d) are no rows of it", maxTrailingRows, fr.prev.Num))
		}
		fr.pending = append(fr.pending, r)
		return nil
	}
	// Rows between two body rows: a note or a blank is passed over, as in
	// a report; a heading right above the rows is a group or a new table.
	if i, group := headingIn(fr.prev, fr.pending, r); i >= 0 {
		p := fr.pending[i]
		if group {
			return fr.refuse(p.Num, fmt.Sprintf("row %d is a label alone between rows of values (a group heading)", p.Num))
		}
		return fr.refuse(p.Num, fmt.Sprintf("row %d heads a second table", p.Num))
	}
	fr.pending = fr.pending[:0]
	return fr.bodyRow(r)
}

// sameCells reports whether r has words, values and blanks in the very
// columns prev has them, and a value. In a table with a year column it
// makes a row whose value happens to be the year after its År ("Ekerö |
// 2019 | Kostnad, kr/inv | 2020") data, which likeBody takes for a header
// of consecutive years: a header of years has no year column beside it.
func sameCells(r, prev extract.Row) bool {
	values := 0
	for i := 0; i < max(len(r.Cells), len(prev.Cells)); i++ {
		a, b := classify(cellAt(r, i+1)), classify(cellAt(prev, i+1))
		value := func(k cellClass) bool { return k == cNumber || k == cYear || k == cNull }
		switch {
		case a == b && (a == cText || a == cEmpty):
		case value(a) && value(b):
			values++
		default:
			return false
		}
	}
	return values > 0
}

// headingIn finds, among the rows between the body row prev and the body
// row r, one that findTables would take for a heading: a header row with
// data soon under it (a new table), or a label alone right under the row
// above with data soon under it (a group, group = true). -1 if none.
func headingIn(prev extract.Row, between []extract.Row, r extract.Row) (int, bool) {
	rows := append(append([]extract.Row{prev}, between...), r)
	// dataSoon is findTables': a data row within three rows, only lone
	// labels between, every row right under the one before.
	dataSoon := func(k int) bool {
		for j := k + 1; j < len(rows) && j <= k+3; j++ {
			if rows[j].Num != rows[j-1].Num+1 {
				return false
			}
			s := shapeOf(rows[j])
			if j == len(rows)-1 || s.isDataRow() {
				return j == len(rows)-1 || s.isDataRow()
			}
			if !(s.isTextRow() && s.texts == 0) {
				return false
			}
		}
		return false
	}
	for k := 1; k < len(rows)-1; k++ {
		s := shapeOf(rows[k])
		switch {
		case s.isTextRow() && s.texts == 0 && rows[k].Num == rows[k-1].Num+1 && dataSoon(k):
			return k - 1, true
		case s.isHeaderRow() && (dataSoon(k) || k+1 < len(rows)-1 && shapeOf(rows[k+1]).isHeaderRow() && rows[k+1].Num == rows[k].Num+1 && dataSoon(k+1)):
			return k - 1, false
		}
	}
	return -1, false
}

// bodyRow reads one row of the table: readBody and table for a flat row.
func (fr *flatReader) bodyRow(r extract.Row) error {
	x, t := fr.x, fr.t
	fr.prev, fr.lastNum = r, r.Num
	label, indent := t.rowLabel(r)
	if isTotalLabel(label) {
		return fr.refuse(r.Num, fmt.Sprintf("row %d is a total (its label says so)", r.Num))
	}
	if indent > 0 {
		return fr.refuse(r.Num, fmt.Sprintf("row %d is indented under the row above (a hierarchy)", r.Num))
	}
	any, marked, ok := x.rowValues(t, r, label)
	if !ok {
		return nil
	}
	if !any && !marked && !t.long {
		// In a report, the rows under such a label are its parts.
		return fr.refuse(r.Num, fmt.Sprintf("row %d is a label without values (a group heading)", r.Num))
	}
	if why := fr.decimals.check(t, r); why != "" {
		return fr.refuse(r.Num, why)
	}
	w := fr.rowWhen(r, label)
	rowUnit := fr.unitOf(label)
	for _, d := range t.dimCols {
		if rowUnit == socdw.UnitNone && t.long && !d.ident {
			rowUnit = fr.unitOf(cellAt(r, d.col).Text)
		}
	}
	vals := make([]value, len(t.cols))
	for j, c := range t.cols {
		ref := socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: c.col}
		vals[j] = x.parseCell(cellAt(r, c.col), ref, c, rowUnit, fr.tc.unit, fr.tc.counts, fr.tc.money)
	}
	// A Summa or Snitt column is checked against the row's other columns.
	for j, c := range t.cols {
		if !c.isTotal {
			continue
		}
		var parts []value
		for k, o := range t.cols {
			if k != j && !o.isTotal && o.role != roleChange {
				parts = append(parts, vals[k])
			}
		}
		x.checkSum(vals[j], [][]value{parts}, label, c.measure, true)
	}
	fr.info.Rows++
	fr.info.LastRow = r.Num
	ps := columnPeriods(t, fr.tc.pc, w)
	dims := t.dimensions(r)
	subject := t.subject(bodyRow{row: r, path: label})
	kommun := kommunOf(dims)
	fr.sumLast()
	for j, v := range vals {
		if !v.ok {
			continue
		}
		c := t.cols[j]
		p := ps[j]
		if p.IsZero() {
			return &extract.Error{Ref: v.ref, Err: fmt.Errorf("no period: neither the cell's headers, the table title, the sheet, the file name nor the source's period say which year")}
		}
		if reason := x.implausible(p, fr.years); reason != "" {
			x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: v.ref, Reason: reason})
			vals[j].ok = false
			if fr.refused == 0 {
				fr.firstRef = v.ref
			}
			fr.refused++
			continue
		}
		fr.info.Period = span(fr.info.Period, p)
		fr.seen[j].add(v)
		if v.unknown {
			if fr.unknown[j] == 0 {
				fr.firstUnk[j] = v.ref
			}
			fr.unknown[j]++
		}
		fr.usedTable = fr.usedTable || v.fromTable
		f := socdw.Figure{Ref: v.ref, Period: p, Subject: subject, Measure: c.measure, Value: v.amt, Exact: v.exact,
			Unit: v.unit, IsTotal: c.isTotal, Dimensions: dims, Kommun: kommun}
		if err := fr.fw.write(&f); err != nil {
			return err
		}
	}
	fr.last, fr.lastWhen = vals, w
	return nil
}

// sumLast adds the last row read to the sums of the rows before it.
func (fr *flatReader) sumLast() {
	for j, v := range fr.last {
		if v.ok && v.unit.IsMoney() {
			fr.sum[j] += v.amt
			fr.tol[j] += v.tol
			fr.summed[j]++
		}
	}
}

// rowWhen is t.rowWhen, read once per label, year and month: a long
// export repeats them on thousands of rows.
func (fr *flatReader) rowWhen(r extract.Row, label string) when {
	k := append(fr.key[:0], label...)
	for _, c := range fr.t.yearCols {
		k = append(append(k, 0x1f), cellAt(r, c).Text...)
	}
	for _, c := range fr.t.monthCols {
		k = append(append(k, 0x1f), cellAt(r, c).Text...)
	}
	fr.key = k
	if w, ok := fr.whens[string(k)]; ok {
		return w
	}
	w := fr.t.rowWhen(r, label)
	if len(fr.whens) < maxUnitLabels {
		fr.whens[string(k)] = w
	}
	return w
}

func (fr *flatReader) unitOf(label string) socdw.Unit {
	if u, ok := fr.units[label]; ok {
		return u
	}
	u := rowUnitIn(label)
	if len(fr.units) < maxUnitLabels {
		fr.units[label] = u
	}
	return u
}

// finish closes the part and records the table, its findings, and the
// notes under it; a last row that sums the rows above, or a note that
// would change what the rows read already are, refuses the sheet.
func (fr *flatReader) finish() error {
	x, t := fr.x, fr.t
	if err := fr.implicitTotal(); err != nil {
		return err
	}
	if len(fr.pending) > 0 {
		notes := (&table{notes: fr.pending}).notesText()
		nw := parseWhen(reHelar.ReplaceAllString(norm(notes), ""))
		if !fr.namesYrs && nw.from != 0 {
			return fr.refuse(fr.pending[0].Num, fmt.Sprintf("the note under the table (row %d) names months, which would change the period of every row", fr.pending[0].Num))
		}
		if u := moneyUnitIn(notes); u != socdw.UnitNone && moneyUnitIn(fr.tc.lh) == socdw.UnitNone && moneyUnitIn(fr.tc.title) == socdw.UnitNone && u != fr.tc.unit {
			return fr.refuse(fr.pending[0].Num, fmt.Sprintf("the note under the table (row %d) names a unit, which would change the unit of every row", fr.pending[0].Num))
		}
	}
	if err := fr.fw.close(); err != nil {
		return err
	}
	x.b.FigureFiles.Parts = append(x.b.FigureFiles.Parts, fr.fw.path)
	x.b.FigureFiles.Rows += fr.fw.rows
	if fr.tc.assumed && fr.usedTable {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: fr.info.Ref, Kind: socdw.FindingAssumedUnit,
			Message: "no unit (kr, tkr, mnkr) in the table, its headers or the config: amounts read as kronor"})
	}
	if fr.refused > 0 {
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: fr.firstRef, Kind: socdw.FindingRefused,
			Message: fmt.Sprintf("%d of the table's values not loaded: a period implausible for this file (the rejects name each cell); the rest of the table loaded", fr.refused)})
	}
	for j, c := range t.cols {
		x.unknownUnits(c, fr.unknown[j], fr.firstUnk[j])
	}
	fr.info.Columns = t.columnInfoOf(fr.seen)
	x.b.Tables = append(x.b.Tables, fr.info)
	return nil
}

// implicitTotal refuses a table of a report's shape (not long format)
// whose last row is the sum of the rows above it, as markImplicitTotal
// would mark it: a total without the word.
func (fr *flatReader) implicitTotal() error {
	if fr.t.long || fr.lastWhen.year != 0 {
		return nil
	}
	match, miss := 0, 0
	for j, v := range fr.last {
		if !v.ok || !v.unit.IsMoney() || fr.summed[j] < 2 {
			continue
		}
		if abs(fr.sum[j]-v.amt) <= fr.tol[j]+v.tol {
			match++
		} else {
			miss++
		}
	}
	if match > 0 && match > miss {
		return fr.refuse(fr.info.LastRow, fmt.Sprintf("its last row (%d) is the sum of the rows above it: a total", fr.info.LastRow))
	}
	return nil
}
