package transform

import (
	"strconv"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// grid is a sheet held in memory: report tables are small, and their
// notes below can matter for what is above. Exports stream instead.
type grid struct {
	file, sheet string
	rows        []extract.Row
	merges      []extract.Range
	// overrides are the source's `columns:` corrections, by header text
	// or column letter.
	overrides map[string]socdw.ColumnOverride
}

func copyRow(r extract.Row) extract.Row {
	cells := make([]extract.Cell, len(r.Cells))
	copy(cells, r.Cells)
	// Trailing empty cells carry nothing and confuse column counts.
	for len(cells) > 0 && cells[len(cells)-1].Kind == extract.KindEmpty {
		cells = cells[:len(cells)-1]
	}
	return extract.Row{Num: r.Num, Cells: cells}
}

// cellClass is how a cell looks for table recognition.
type cellClass int

const (
	cEmpty cellClass = iota
	cText
	cNumber
	cNull // "-", "–": a value that is not there
	cYear // a number that reads as a year, 1980–2099
	cError
)

func classify(c extract.Cell) cellClass {
	switch c.Kind {
	case extract.KindEmpty:
		return cEmpty
	case extract.KindError:
		return cError
	}
	t := strings.TrimSpace(strings.Trim(c.Text, "\u00a0\u202f"))
	if t == "" {
		return cEmpty
	}
	if isMissingMarker(t) {
		return cNull
	}
	if isYear(t) {
		return cYear
	}
	if c.Kind == extract.KindNumber {
		return cNumber
	}
	if len(t) > 3 && !strings.ContainsAny(t, "0123456789") {
		// Words ("Botkyrka", "Kvinnor"): no number, and no "no value"
		// either (ParseNumber's are at most three bytes). Said here, not
		// by ParseNumber's error: a long export's every row has them.
		return cText
	}
	_, ok, err := socdw.ParseNumber(t)
	if err != nil && strings.IndexByte(t, ',') >= 0 {
		// "1,234.50", "1,234,567": a number under a decimal point, which
		// the column's cells decide (see decideDecimals).
		_, ok, err = socdw.ParseNumberAs(t, socdw.DecimalDot)
	}
	if err != nil {
		return cText
	}
	if !ok {
		return cNull
	}
	return cNumber
}

func isYear(t string) bool {
	if len(t) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return (t[:2] == "19" && t[2] >= '8') || t[:2] == "20"
}

// rowShape summarises a row: where its label is and what its other cells
// hold.
type rowShape struct {
	first      int // 1-based column of the first non-empty cell; 0 if none
	texts      int // text cells after the first
	numbers    int // numbers and nulls after the first
	years      int // year-like numbers after the first
	firstClass cellClass
	errors     int
	// label is the column of the row's label: the first cell, or the first
	// text after a leading number ("Nr | Åtgärd | …"); 0 if none.
	label int
	// afterLabel counts numbers and nulls right of the label.
	afterLabel  int
	labelIsYear bool // so far the label is a year ("2016 | Sjukfrånvaro | …")
}

func shapeOf(r extract.Row) rowShape { return shapeAs(r, nil) }

// shapeAs is shapeOf with the year-looking cells of the columns
// valueCol names read as the numbers they are (counts or amounts under a
// header that names a measure, or in a column the config declares one).
func shapeAs(r extract.Row, valueCol func(col int) bool) rowShape {
	var s rowShape
	for i, c := range r.Cells {
		cl := classify(c)
		if cl == cEmpty {
			continue
		}
		if cl == cYear && valueCol != nil && valueCol(i+1) {
			cl = cNumber
		}
		if (s.label == 0 || s.labelIsYear) && cl == cText {
			s.label, s.labelIsYear = i+1, false
		} else if s.label == 0 && s.first == 0 && cl == cYear {
			s.label, s.labelIsYear = i+1, true
		} else if s.label != 0 && (cl == cNumber || cl == cNull || cl == cYear) {
			s.afterLabel++
		}
		if s.first == 0 {
			s.first = i + 1
			s.firstClass = cl
			continue
		}
		switch cl {
		case cText:
			s.texts++
		case cNumber, cNull:
			s.numbers++
		case cYear:
			s.years++
		case cError:
			s.errors++
		}
	}
	return s
}

// numbersOnly reports whether a row has at least two cells and all are
// numbers (or missing-value markers): no words that could head columns.
func numbersOnly(r extract.Row) bool {
	n := 0
	for _, c := range r.Cells {
		switch classify(c) {
		case cEmpty, cNull:
		case cNumber, cYear:
			n++
		default:
			return false
		}
	}
	return n >= 2
}

// likeBody reports whether r has the shape of the data row above it: its
// words stand where that row has words, its numbers (years included)
// where that row has values, and at least one of them is there. A header
// of years reads "2016 | 2017 | 2018", one after the other; such a row is
// no data, whatever its shape.
func likeBody(r, above extract.Row) bool {
	values := 0
	var years []int
	for i, c := range r.Cells {
		cl := classify(c)
		if cl == cEmpty {
			continue
		}
		var ab cellClass
		if i < len(above.Cells) {
			ab = classify(above.Cells[i])
		}
		isValue := func(k cellClass) bool { return k == cNumber || k == cYear || k == cNull }
		switch {
		case cl == cText && ab == cText:
		case isValue(cl) && isValue(ab):
			values++
			if cl == cYear {
				y, _ := strconv.Atoi(strings.TrimSpace(c.Text))
				years = append(years, y)
			}
		default:
			return false
		}
	}
	return values > 0 && !consecutiveYears(years)
}

// isTextRow: only words, in one or a few cells: a title, a note, a group
// label.
func (s rowShape) isTextRow() bool {
	return s.first > 0 && s.firstClass == cText && s.numbers == 0 && s.years == 0 && s.errors == 0
}

// isHeaderRow: labels over at least two columns (years count as labels,
// as in "| 2016 | 2017 | Förändring"), no amounts.
func (s rowShape) isHeaderRow() bool {
	if s.first == 0 || s.numbers > 0 || s.errors > 0 {
		return false
	}
	labels := s.texts + s.years
	switch s.firstClass {
	case cYear:
		return labels >= 1 // "| 2017 | 2018": years over the value columns
	case cText:
		return labels >= 1
	}
	return false
}

// isDataRow: a label (or a year) and at least one value.
func (s rowShape) isDataRow() bool {
	if s.first > 0 && (s.firstClass == cText || s.firstClass == cYear) && (s.numbers+s.errors > 0) {
		return true
	}
	// A running number before the label: "25 | Minskad bemanning | 3 308".
	return s.firstClass == cNumber && s.label > s.first && s.afterLabel > 0
}

// table is a recognised table: its titles, one or two header rows, its
// body and the notes under it.
type table struct {
	g        *grid
	titles   []extract.Row
	headers  []extract.Row // one or two
	body     []extract.Row
	notes    []extract.Row
	labelCol int
	cols     []column
	yearCols []int // columns that hold each row's year: left of the label, or headed "År"
	// yearRun is the span of a year column ("År", or declared a period in
	// the config) whose years run without a gap, e.g. 2000–2023: the
	// table's own series, which the years the file names do not bound
	// (see seriesYears). Zero when there is none.
	yearRun [2]int
	// monthCols hold each row's month ("Månad": 1–12 or a month name)
	// beside a year column: År + Månad is one month.
	monthCols []int
	// dimCols are the columns whose values tell a row apart (the label,
	// other dimensions, identifiers), in column order: each figure carries
	// them as its dimensions.
	dimCols []dimCol
	// long is set for a long-format table (one row per municipality ×
	// key figure × year): its label does not tell a row apart alone, so
	// a figure's subject is all its dimension values.
	long bool
	// info is every column's role, unit and evidence, for `socdw check`.
	info []socdw.ColumnInfo
}

// dimCol is a column whose value is part of what a row is about.
type dimCol struct {
	col   int
	name  string // its header, or its letter when it has none
	ident bool   // an identifier: kept among the dimensions, not in the subject
}

// column is one value column with its joined header.
type column struct {
	col     int // 1-based
	group   string
	label   string
	measure string
	role    role
	unit    socdw.Unit
	when    when
	isTotal bool
	// decimals is what the column's text cells say about its decimal
	// convention; dec is the convention they are read under.
	decimals socdw.DecimalVote
	dec      socdw.Decimal
}

// findTables walks a sheet's rows and cuts them into tables. Rows of
// values that no table took, for want of a label, come back as rejects.
func findTables(g *grid) ([]*table, []socdw.Reject) {
	var (
		tables  []*table
		pending []extract.Row // text rows not yet claimed: titles of the next table
		cur     *table
	)
	rows := g.rows
	shapes := make([]rowShape, len(rows))
	for i, r := range rows {
		shapes[i] = shapeOf(r)
	}
	readYearValues(g, shapes)
	adjacent := func(i int) bool { return i > 0 && rows[i].Num == rows[i-1].Num+1 }
	closeTable := func() {
		if cur != nil && len(cur.body) > 0 {
			tables = append(tables, cur)
		}
		cur = nil
	}
	for i := 0; i < len(rows); i++ {
		r, s := rows[i], shapes[i]
		// Data soon: a group label or two ("Barn och unga") may stand
		// between a header and its first row of values.
		dataSoon := func(k int) bool {
			for j := k + 1; j < len(rows) && j <= k+3; j++ {
				if !adjacent(j) {
					return false
				}
				if shapes[j].isDataRow() {
					return true
				}
				if !(shapes[j].isTextRow() && shapes[j].texts == 0) {
					return false
				}
			}
			return false
		}
		nextIsHeader := i+1 < len(rows) && shapes[i+1].isHeaderRow() && adjacent(i+1)
		if cur != nil && len(cur.body) > 0 && i+1 < len(rows) {
			// "Totalt" alone on its line, its figures on the next.
			if joined, ok := wrappedTotal(r, s, rows[i+1], shapes[i+1]); ok {
				cur.body = append(cur.body, joined)
				i++
				continue
			}
		}
		switch {
		case cur != nil && s.isDataRow():
			cur.body = append(cur.body, r)
		case cur != nil && len(cur.body) > 0 && adjacent(i) && s.isHeaderRow() && numbersOnly(r) &&
			s.first == shapeOf(cur.body[len(cur.body)-1]).first:
			// A row of whole numbers that happen to read as years
			// ("2045 | 1990 | 2013"), right under the rows above and
			// starting where they start, is data: a new table begins
			// only after a blank row, with a title or header text.
			cur.body = append(cur.body, r)
		case cur != nil && len(cur.body) > 0 && adjacent(i) && s.isHeaderRow() &&
			likeBody(r, cur.body[len(cur.body)-1]):
			// A row shaped like the data right above it, whose values
			// happen to read as years ("Ekerö | Kostnad IFO, kr/inv |
			// 1996 | 2040" in a Kolada export), is data too.
			cur.body = append(cur.body, r)
		case cur != nil && s.isTextRow() && adjacent(i) && s.texts == 0 && dataSoon(i):
			// A label alone between data rows: a group whose parts follow.
			cur.body = append(cur.body, r)
		case s.isHeaderRow() && (dataSoon(i) || (nextIsHeader && dataSoon(i+1))):
			closeTable()
			cur = &table{g: g, titles: pending, headers: []extract.Row{r}}
			pending = nil
			if !dataSoon(i) {
				cur.headers = append(cur.headers, rows[i+1])
				i++
			}
		case s.isDataRow() && cur == nil:
			// Data with no header above: a table of label | value rows.
			cur = &table{g: g, titles: pending}
			pending = nil
			cur.body = append(cur.body, r)
		default:
			if cur != nil && len(cur.body) > 0 {
				// Text after a table: a note, or the title of the next.
				pending = append(pending, r)
				continue
			}
			pending = append(pending, r)
		}
		if cur != nil && len(cur.body) > 0 && len(pending) > 0 && s.isDataRow() {
			pending = nil
		}
	}
	if cur != nil {
		cur.notes = append(cur.notes, pending...)
	}
	closeTable()
	// Text that followed a table and preceded no other is its note;
	// text that preceded a table stays its title (set above). A title
	// row is also a note of the table before it only when no table
	// follows, so a "Tabell 3." line never colours table 2.
	for _, t := range tables {
		t.layout()
	}
	return tables, strayRows(g, shapes, tables)
}

func (t *table) mergeAt(row, col int) (extract.Range, bool) {
	for _, m := range t.g.merges {
		if row >= m.FromRow && row <= m.ToRow && col >= m.FromCol && col <= m.ToCol {
			return m, true
		}
	}
	return extract.Range{}, false
}

func cellAt(r extract.Row, col int) extract.Cell {
	if col < 1 || col > len(r.Cells) {
		return extract.Cell{}
	}
	return r.Cells[col-1]
}

// labelHeader is the header over the label column: "Verksamhet, tkr",
// "Institution", "IFO Myndighet Tkr".
func (t *table) labelHeader() string {
	for i := len(t.headers) - 1; i >= 0; i-- {
		if v := strings.TrimSpace(t.headers[i].Value(t.labelCol)); v != "" {
			return v
		}
	}
	return ""
}

// titleText is the table's title lines joined.
func (t *table) titleText() string {
	var parts []string
	for _, r := range t.titles {
		parts = append(parts, rowText(r))
	}
	return strings.Join(parts, " ")
}

func (t *table) notesText() string {
	var parts []string
	for _, r := range t.notes {
		parts = append(parts, rowText(r))
	}
	return strings.Join(parts, " ")
}

func rowText(r extract.Row) string {
	var parts []string
	for _, c := range r.Cells {
		if v := strings.TrimSpace(c.Text); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// headerRef is the first header cell, or the first body cell.
func (t *table) headerRef() socdw.CellRef {
	r := t.body[0]
	if len(t.headers) > 0 {
		r = t.headers[0]
	}
	return socdw.CellRef{File: t.g.file, Sheet: t.g.sheet, Row: r.Num, Col: t.labelCol}
}

// label of a body row, trimmed, and its indent (leading spaces).
func (t *table) rowLabel(r extract.Row) (string, int) {
	raw := r.Value(t.labelCol)
	if strings.TrimSpace(raw) == "" {
		// "Summa" written in the running-number column.
		for c := t.labelCol - 1; c >= 1; c-- {
			if v := cellAt(r, c); v.Kind == extract.KindText && strings.TrimSpace(v.Text) != "" {
				raw = v.Text
				break
			}
		}
	}
	trimmed := strings.TrimLeft(raw, " \u00a0\u202f\t")
	// Spaces typed before the label, or Excel's alignment indent (a level
	// is about three spaces wide): both say "a part of the row above".
	return strings.TrimSpace(trimmed), len([]rune(raw)) - len([]rune(trimmed)) + 3*cellAt(r, t.labelCol).Indent
}
