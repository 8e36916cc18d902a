package transform

import (
	"context"
	"fmt"
	"slices"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/pseudo"
)

// minPersonalCells is how many personnummer-shaped cells make a column a
// column of personnummer: one could be a stray note; two in a column, and
// most of what follows them, is a list of people.
const minPersonalCells = 2

// personalExport recognises an export of individuals by its content: a
// column whose values, from the first personnummer down, are mostly
// personnummer-shaped (any spelling, any check digit, or a number cell of
// those digits), whatever its header says (Födelsenummer, Person-nr,
// nothing) and however far down it starts. It returns the layout of the
// header row above the first such value (nil when there is none or it names
// no placement export), that row's index in g.rows (-1 without one), and
// whether such a column was found at all.
//
// A placement export's header by its column names (detectExport) below
// the rows the streaming path looks at is recognised here too, however few
// people it lists.
func personalExport(g *grid) (*exportLayout, int, bool) {
	col, first := personalColumn(g)
	if col == 0 {
		for hi, r := range g.rows {
			// A placement header names a person column: the rest of
			// exportHeader (a ledger's columns too) only for such a row.
			if !slices.ContainsFunc(r.Cells, func(c extract.Cell) bool { return fieldOf(c.Text) == fPerson }) {
				continue
			}
			if l := detectExport(r); l != nil && l.kind == exportPlacements {
				return l, hi, true
			}
		}
		return nil, -1, false
	}
	for hi := first - 1; hi >= 0; hi-- {
		r := g.rows[hi]
		texts := 0
		for _, c := range r.Cells {
			if c.Kind == extract.KindText && !pseudo.MaybePersonnummer(c.Text) {
				texts++
			}
		}
		if texts < 2 {
			continue
		}
		// exportHeader is nil for a header that makes no known export (a
		// person column beside values only): then the column alone.
		if l := exportHeader(r, col); l != nil && l.col[fStart] != 0 {
			l.kind = exportPlacements
			return l, hi, true
		}
		return &exportLayout{line: r.Num, col: [fieldCount]int{fPerson: col}}, -1, true
	}
	return &exportLayout{line: g.rows[first].Num, col: [fieldCount]int{fPerson: col}}, -1, true
}

// personalColumn finds the 1-based column of personnummer and the index
// of its first row, or 0.
func personalColumn(g *grid) (col, first int) {
	type tally struct{ first, hits, filled int }
	var cols []tally
	for ri, r := range g.rows {
		for i, c := range r.Cells {
			for len(cols) <= i {
				cols = append(cols, tally{first: -1})
			}
			t := &cols[i]
			shaped := false
			switch c.Kind {
			case extract.KindText:
				shaped = pseudo.IsPersonnummerShaped(c.Text)
			case extract.KindNumber:
				shaped = pseudo.NumberIsPersonnummer(c.Text)
			}
			if shaped && t.first < 0 {
				t.first = ri
			}
			if t.first >= 0 && c.Kind != extract.KindEmpty {
				t.filled++
				if shaped {
					t.hits++
				}
			}
		}
	}
	best := 0
	for i, t := range cols {
		if t.hits >= minPersonalCells && 2*t.hits >= t.filled && t.hits > best {
			best, col, first = t.hits, i+1, t.first
		}
	}
	return col, first
}

// gridExport loads a sheet recognised by personalExport: without a key it
// is refused, since its personnummer could only be stored in clear; with
// one, the rows under its header are read as a placement export and each
// personnummer becomes its pseudonym. Without a header naming a placement
// export's columns it is refused too: socdw cannot tell what its rows
// mean, and reading it as a report would store names and numbers.
func (x *reportFile) gridExport(ctx context.Context, g *grid, l *exportLayout, hi int) error {
	ref := socdw.CellRef{File: x.file, Sheet: g.sheet, Row: l.line, Col: l.col[fPerson]}
	what := fmt.Sprintf("column %s holds personnummer: an export of individuals", socdw.ColumnName(l.col[fPerson]))
	if g.sheet == "" {
		what = fmt.Sprintf("column %d holds personnummer: an export of individuals", l.col[fPerson])
	}
	if x.opt.Key == nil {
		return &extract.Error{Ref: ref, Err: fmt.Errorf("%w: %s; set %s or pseudonym_key_file to load it pseudonymised", pseudo.ErrNoKey, what, pseudo.EnvVar)}
	}
	if hi < 0 || l.kind != exportPlacements {
		return &extract.Error{Ref: ref, Err: fmt.Errorf("%s, but no header row above it names a placement export's columns (Startdatum, Insats, Dygnspris): not loaded", what)}
	}
	return x.export(ctx, &rowsSheet{name: g.sheet, rows: g.rows[hi+1:]}, l, g.rows[hi])
}

// rowsSheet replays rows already read as a sheet.
type rowsSheet struct {
	name string
	rows []extract.Row
	i    int
}

func (s *rowsSheet) Name() string            { return s.name }
func (s *rowsSheet) Merges() []extract.Range { return nil }
func (s *rowsSheet) Err() error              { return nil }
func (s *rowsSheet) Row() extract.Row        { return s.rows[s.i-1] }
func (s *rowsSheet) Next() bool {
	if s.i >= len(s.rows) {
		return false
	}
	s.i++
	return true
}
