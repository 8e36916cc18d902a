package transform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/pseudo"
)

// Options are what a source's config says about its files.
type Options struct {
	Kommun  string
	Period  socdw.Period      // used only where the file says nothing
	Unit    socdw.Unit        // used only where the file says nothing
	AsOf    time.Time         // open placements run through this day; zero = Today
	Today   time.Time         // the day of the load
	Aliases map[string]string // unit name -> canonical unit
	Forms   map[string]string // placement form label -> canonical form
	Costs   string            // "", "positive", "negative"
	Key     *pseudo.Key       // nil when no pseudonym key is configured
	XLSX    extract.XLSXOptions
	Text    extract.TextOptions
	TmpDir  string // where normalised booking files are written; "" = the system's
	// Columns correct what recognition makes of a column, by header text
	// or column letter (config `columns:`).
	Columns map[string]socdw.ColumnOverride
}

// Version names socdw's reading rules. Change it when a change to
// transform should reload files whose content did not change: it is part
// of every loaded file's fingerprint.
const Version = "2026-11-30.11"

// ErrNoTable is returned for a file in which no table was recognised.
var ErrNoTable = errors.New("no table recognised: no header row followed by rows of values")

// headerScanRows is how far down a sheet an export's header may start.
const headerScanRows = 30

// MaxReportRows is the most rows a sheet read as a report may have. A
// report is read whole (its notes below can matter above); a sheet longer
// than any report is an export whose columns were not recognised, and it
// is refused with a clear error rather than read into memory.
const MaxReportRows = 100_000

// MaxReportCells is the most cells (empty ones between values included)
// a sheet read as a report may hold: some 64 MiB. It bounds a report's
// memory whatever its shape; 100 000 rows of 20 columns fit.
const MaxReportCells = 2_000_000

// ErrTooManyCells is returned for a report sheet past MaxReportCells.
var ErrTooManyCells = fmt.Errorf("more than %d cells without the column names of a known export: too large for a report", MaxReportCells)

// ErrTooManyRows is returned for a sheet past MaxReportRows.
var ErrTooManyRows = fmt.Errorf("more than %d rows without the column names of a known export (finance: Period, Ansvar, Utfall/Budget; placements: Personnummer, Startdatum)", MaxReportRows)

// File reads one file and returns everything it yields. An error means
// the file must not be loaded at all; problems with single values are
// rejects in the batch.
func File(ctx context.Context, path string, opt Options) (*socdw.Batch, error) {
	if opt.Today.IsZero() {
		opt.Today = time.Now()
	}
	b := &socdw.Batch{}
	x := &reportFile{opt: opt, file: path, fileW: parseFileName(path), b: b}
	var err error
	switch kindOfFile(path) {
	case "xlsx":
		err = x.workbook(ctx)
	case "sie":
		err = x.sie(ctx)
	case "kolada":
		err = x.kolada(ctx)
	default:
		err = x.text(ctx)
	}
	if err == nil && len(x.errs) > 0 {
		err = errors.Join(x.errs...)
	}
	if err == nil && len(b.Tables) == 0 {
		err = &extract.Error{Ref: socdw.CellRef{File: path}, Err: ErrNoTable}
	}
	if err != nil {
		b.Close() // nothing of a failed file is kept, not even temporary files
		return nil, err
	}
	return b, nil
}

func kindOfFile(path string) string {
	if isSIE(path) { // by content, whatever the name ends in (.se, .si, .sie, .txt)
		return "sie"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".csv", ".txt", ".tsv", ".skv", ".tab":
		return "text"
	case ".json":
		return "kolada"
	}
	// A JSON object whatever its name: a saved Kolada answer (an http
	// source's download keeps the URL's last segment, often a year).
	if looksLikeJSON(path) {
		return "kolada"
	}
	// Any other ending (.xls, .ods, none): a zip or an OLE2 compound file
	// goes to the workbook reader, which reads an xlsx and names any other
	// spreadsheet format with what to do; anything else is read as text.
	f, err := os.Open(path)
	if err != nil {
		return "text"
	}
	defer f.Close()
	head := make([]byte, 4)
	if n, _ := io.ReadFull(f, head); n == 4 && (string(head[:2]) == "PK" || string(head) == "\xd0\xcf\x11\xe0") {
		return "xlsx"
	}
	return "text"
}

func (x *reportFile) workbook(ctx context.Context) error {
	wb, err := extract.OpenXLSX(x.file, x.opt.XLSX)
	if err != nil {
		return err
	}
	defer wb.Close()
	// By position: two sheets of one name (a hand-made archive can have
	// them) are both read, never one of them twice.
	for i := range wb.Sheets() {
		if err := ctx.Err(); err != nil {
			return err
		}
		sh, err := wb.SheetAt(i)
		if err != nil {
			return err
		}
		if err := x.sheet(ctx, sh); err != nil {
			return err
		}
	}
	return nil
}

func (x *reportFile) text(ctx context.Context) error {
	f, err := os.Open(x.file)
	if err != nil {
		return &extract.Error{Ref: socdw.CellRef{File: x.file}, Err: err}
	}
	defer f.Close()
	sh, err := extract.OpenText(x.file, f, x.opt.Text)
	if err != nil {
		return err
	}
	return x.sheet(ctx, sh)
}

// sheet looks at the first rows of a sheet: an export's header sends the
// rest down a streaming path; anything else is a report, read whole and
// cut into tables.
func (x *reportFile) sheet(ctx context.Context, sh extract.Sheet) error {
	g := &grid{file: x.file, sheet: sh.Name(), overrides: x.opt.Columns}
	styler, _ := sh.(extract.Styler)
	cells := 0
	for sh.Next() {
		r := sh.Row()
		if len(g.rows) < headerScanRows {
			if exp := detectExport(r); exp != nil {
				return x.export(ctx, sh, exp, r)
			}
		}
		row := styledRow(styler, r)
		g.rows = append(g.rows, row)
		if cells += len(row.Cells); cells > MaxReportCells {
			// The window is full: a flat table goes on streaming, anything
			// else is refused (flat.go).
			return x.pastWindow(ctx, sh, g, styler, ErrTooManyCells)
		}
		if len(g.rows) > MaxReportRows {
			return x.pastWindow(ctx, sh, g, styler, ErrTooManyRows)
		}
		if len(g.rows)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := sh.Err(); err != nil {
		return err
	}
	g.merges = sh.Merges()
	if l, hi, ok := personalExport(g); ok {
		// A case-system export whose header said nothing socdw knows, or
		// stood too far down: recognised by its column of personnummer.
		return x.gridExport(ctx, g, l, hi)
	}
	x.checkPersonalData(g)
	tables, strays := findTables(g)
	x.b.Rejects = append(x.b.Rejects, strays...)
	x.interpret(g, tables)
	return nil
}

// styledRow copies a sheet's row with what its cells' formats say: a
// percentage, a number shown in thousands, a date, an indent.
func styledRow(styler extract.Styler, r extract.Row) extract.Row {
	row := copyRow(r)
	if styler == nil {
		return row
	}
	for i := range row.Cells {
		switch row.Cells[i].Kind {
		case extract.KindNumber:
			st := styler.Style(row.Num, i+1)
			row.Cells[i].Percent = st.Percent
			if st.Thousands > 0 {
				// Read the number the sheet shows, in the unit it names.
				row.Cells[i].Text = shiftRaw(row.Cells[i].Text, 3*st.Thousands)
			}
			if st.Date {
				// A date is no amount: read it as the day it shows.
				if d, err := parseDate(row.Cells[i]); err == nil {
					row.Cells[i] = extract.Cell{Text: d.Format(time.DateOnly), Kind: extract.KindText}
				}
			}
		case extract.KindText:
			row.Cells[i].Indent = styler.Style(row.Num, i+1).Indent
		}
	}
	return row
}

// checkPersonalData blanks a report cell that holds a personnummer and
// says so: a report is not the place for one. Text is checked with the
// wide net (any check digit; '-', '+', a space or nothing before the last
// four), a number cell as its digits (pseudo.NumberIsPersonnummer), and
// text that reads as a number as that number, so an amount of ten digits
// is not taken for a person unless its check digit says so. The cell is
// emptied rather than its row dropped, so the table keeps its shape; a
// blanked label leaves a row without a label, which is a reject naming
// its row, not a figure.
func (x *reportFile) checkPersonalData(g *grid) {
	for ri := range g.rows {
		x.blankPersonalData(g.sheet, &g.rows[ri])
	}
}

// blankPersonalData is checkPersonalData for one row: a row streamed past
// the window of a flat table is checked as the window's rows were.
func (x *reportFile) blankPersonalData(sheet string, r *extract.Row) {
	for i := range r.Cells {
		if !cellHoldsPersonnummer(r.Cells[i]) {
			continue
		}
		r.Cells[i] = extract.Cell{Kind: extract.KindEmpty}
		ref := socdw.CellRef{File: x.file, Sheet: sheet, Row: r.Num, Col: i + 1}
		x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref, Reason: "a value shaped like a personnummer in a column not declared as the person key: cell not loaded"})
		x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: ref, Kind: socdw.FindingPersonalData,
			Message: fmt.Sprintf("%s: a value shaped like a personnummer; the cell was not loaded", ref)})
	}
}

// cellHoldsPersonnummer is the one test of a report cell for a
// personnummer.
func cellHoldsPersonnummer(c extract.Cell) bool {
	switch c.Kind {
	case extract.KindNumber:
		return pseudo.NumberIsPersonnummer(c.Text)
	case extract.KindText:
		if !pseudo.MaybePersonnummer(c.Text) {
			return false
		}
		if n, ok, err := socdw.ParseNumber(c.Text); err == nil && ok && n.Exp == 0 && !strings.ContainsAny(strings.TrimSpace(c.Text), "-+ \u00a0") {
			// Plain digits that read as a number: judged as a number cell.
			return pseudo.NumberIsPersonnummer(strings.TrimSpace(c.Text))
		}
		return true
	}
	return false
}

// shiftRaw divides a raw cell number by 10^k, exactly, as decimal text.
func shiftRaw(raw string, k int) string {
	n, err := socdw.ParseRawNumber(raw)
	if err != nil {
		return raw
	}
	neg := n.Coef < 0
	c := n.Coef
	if neg {
		c = -c
	}
	digits := strconv.FormatInt(c, 10)
	exp := n.Exp + k
	for len(digits) <= exp {
		digits = "0" + digits
	}
	out := digits
	if exp > 0 {
		out = digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
	}
	if neg {
		out = "-" + out
	}
	return out
}
