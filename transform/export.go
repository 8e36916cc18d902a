package transform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/pseudo"
)

// exportKind is a system export recognised from its column names.
type exportKind int

const (
	exportFinance    exportKind = iota + 1 // ekonomisystem: one line per booking
	exportPlacements                       // verksamhetssystem: one line per placement
	exportLedger                           // a ledger: one line per invoice or booking (ledger.go)
)

// field names a column of an export.
type field int

const (
	fNone field = iota
	fDate
	fPeriod
	fAnsvar
	fAnsvarName
	fVerksamhet
	fVerksamhetName
	fKonto
	fKontoName
	fUtfall
	fBudget
	fPerson
	fName
	fTarget
	fForm
	fRegi
	fLegal
	fProvider
	fStart
	fEnd
	fPrice
	fieldCount
)

var fieldNames = [...]string{"", "Datum", "Period", "Ansvar", "Ansvar benämning", "Verksamhet", "Verksamhet benämning",
	"Konto", "Konto benämning", "Utfall", "Budget", "Personnummer", "Namn", "Målgrupp", "Insats", "Regi", "Lagrum",
	"Utförare", "Startdatum", "Slutdatum", "Dygnspris"}

// fieldOf maps an export's column name to a field; the names differ
// between systems and versions (Personnummer/Pnr, Insats/Vårdform,
// Startdatum/Fr.o.m., Dygnspris (kr)/Kostnad/dygn).
func fieldOf(header string) field {
	h := norm(header)
	h = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(h, "(kr)"), "(sek)"))
	switch h {
	case "datum", "bokföringsdatum", "verifikationsdatum", "transaktionsdatum":
		return fDate
	case "period", "månad", "bokföringsperiod", "år/mån", "årmånad":
		return fPeriod
	case "ansvar", "ansvarskod", "ansvarsnummer", "ansvar id":
		return fAnsvar
	case "ansvar benämning", "ansvarsbenämning", "ansvar namn", "ansvarsnamn", "enhet":
		return fAnsvarName
	case "verksamhet", "verksamhetskod", "vht":
		return fVerksamhet
	case "verksamhet benämning", "verksamhetsbenämning", "verksamhet namn":
		return fVerksamhetName
	case "konto", "kontonummer", "kto":
		return fKonto
	case "konto benämning", "kontobenämning", "konto namn":
		return fKontoName
	case "utfall", "belopp", "utfall kr", "utfall belopp":
		return fUtfall
	case "budget", "budget kr", "budgetbelopp":
		return fBudget
	case "personnummer", "pnr", "personnr", "person nr", "personnummer/samordningsnummer", "klient pnr", "klientens personnummer",
		"person-nr", "pers.nr", "pers nr", "födelsenummer", "samordningsnummer", "personnummer/reservnummer":
		return fPerson
	case "namn", "förnamn", "efternamn", "klient", "klientnamn", "name":
		return fName
	case "målgrupp", "målgrupp/verksamhet", "grupp":
		return fTarget
	case "insats", "vårdform", "placeringsform", "boendeform", "placeringstyp", "insatstyp":
		return fForm
	case "regi", "egen/extern regi", "regiform":
		return fRegi
	case "lagrum", "lag", "lagrum/beslut", "beslutslagrum":
		return fLegal
	case "utförare", "leverantör", "vårdgivare", "anordnare":
		return fProvider
	case "startdatum", "start", "fr.o.m.", "fr.o.m", "from", "fom", "från", "från och med", "from datum", "placerad från":
		return fStart
	case "slutdatum", "slut", "t.o.m.", "t.o.m", "tom", "till", "till och med", "tom datum", "placerad till":
		return fEnd
	case "dygnspris", "kostnad/dygn", "pris/dygn", "dygnskostnad", "pris per dygn", "kostnad per dygn", "dygnsavgift":
		return fPrice
	}
	return fNone
}

// exportLayout is an export's header: which column holds which field.
type exportLayout struct {
	kind   exportKind
	col    [fieldCount]int // 1-based column per field; 0 when absent
	byCol  []field         // the field of each column, by index
	header []string
	line   int
	ledger *ledgerLayout // the ledger's own columns, for exportLedger
}

// detectExport recognises an export's header row, or returns nil.
func detectExport(r extract.Row) *exportLayout {
	return exportHeader(r, 0)
}

// exportHeader maps a header row's columns to fields. personCol, when not
// 0, is a column known from its content to hold personnummer, whatever
// its header says (see personalExport).
func exportHeader(r extract.Row, personCol int) *exportLayout {
	l := &exportLayout{line: r.Num}
	for i, c := range r.Cells {
		l.header = append(l.header, strings.TrimSpace(c.Text))
		f := fieldOf(c.Text)
		if i+1 == personCol {
			f = fPerson
		} else if f == fPerson && personCol != 0 {
			f = fNone
		}
		if f != fNone && l.col[f] == 0 {
			l.col[f] = i + 1
		} else {
			f = fNone // a second column of a field is not that field
		}
		l.byCol = append(l.byCol, f)
	}
	if lg := detectLedger(l.header, r.Num); lg != nil {
		l.kind, l.ledger = exportLedger, lg
		return l
	}
	switch {
	case l.col[fPerson] != 0 && l.col[fStart] != 0:
		l.kind = exportPlacements
	case (l.col[fPeriod] != 0 || l.col[fDate] != 0) && l.col[fAnsvar] != 0 && (l.col[fUtfall] != 0 || l.col[fBudget] != 0):
		l.kind = exportFinance
	default:
		return nil
	}
	return l
}

// periodReason says why a line has no month: a total line of the export
// ("Summa", "Totalt") is said to be one; otherwise the column it lacks.
func (l *exportLayout) periodReason(r extract.Row, err error) (string, int) {
	for _, c := range r.Cells {
		if c.Kind == extract.KindText && isTotalLabel(strings.TrimSpace(c.Text)) {
			return "a total line of the export, not a booking: not loaded", 0
		}
	}
	f := fPeriod
	if l.col[fPeriod] == 0 {
		f = fDate
	}
	return fmt.Sprintf("column %q: %v", l.colName(l.col[f]), err), l.col[f]
}

// colName is the header of a 1-based column, or its number past the
// header's end (a line may have more fields than its header).
func (l *exportLayout) colName(col int) string {
	if col >= 1 && col <= len(l.header) && l.header[col-1] != "" {
		return l.header[col-1]
	}
	return fmt.Sprintf("column %d", col)
}

func (l *exportLayout) value(r extract.Row, f field) string {
	if l.col[f] == 0 {
		return ""
	}
	return strings.TrimSpace(r.Value(l.col[f]))
}

func (l *exportLayout) cell(r extract.Row, f field) extract.Cell {
	return cellAt(r, l.col[f])
}

// export streams the rows under an export's header.
func (x *reportFile) export(ctx context.Context, sh extract.Sheet, l *exportLayout, header extract.Row) error {
	if l.kind == exportLedger {
		return x.ledger(ctx, sh, l.ledger)
	}
	ref := socdw.CellRef{File: x.file, Sheet: sh.Name(), Row: header.Num}
	info := socdw.TableInfo{Ref: ref, Title: "export: " + strings.Join(l.header, ", "), Unit: socdw.UnitKr}
	var key pseudo.Key
	switch l.kind {
	case exportFinance:
		info.Kind = "bookings"
	case exportPlacements:
		info.Kind = "placements"
		if x.opt.Key == nil {
			return &extract.Error{Ref: ref, Err: fmt.Errorf("%w: the file has a personnummer column; set %s or pseudonym_key_file", pseudo.ErrNoKey, pseudo.EnvVar)}
		}
		key = *x.opt.Key
	}
	if l.kind == exportFinance {
		return x.bookings(ctx, sh, l, info)
	}
	n := 0
	var pd priceDecimals
	for sh.Next() {
		r := sh.Row()
		n++
		if n%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		x.placement(l, sh.Name(), r, key, &info, &pd)
	}
	if err := sh.Err(); err != nil {
		return err
	}
	x.settlePrices(sh.Name(), l, &pd)
	info.Rows = n
	x.b.Tables = append(x.b.Tables, info)
	return nil
}

func (x *reportFile) reject(sheet string, r extract.Row, col int, reason string) {
	x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: socdw.CellRef{File: x.file, Sheet: sheet, Row: r.Num, Col: col}, Reason: reason})
}

// bookings reads a finance export: from a plain text file in parallel
// chunks straight from its bytes, from anything else (a workbook, a file
// with quoted fields) row by row; either way into normalised files, not
// memory.
func (x *reportFile) bookings(ctx context.Context, sh extract.Sheet, l *exportLayout, info socdw.TableInfo) error {
	if ts, ok := sh.(*extract.TextSheet); ok {
		err := x.fastBookings(ctx, ts.Info(), l, &info)
		if err == nil {
			x.b.Tables = append(x.b.Tables, info)
			return nil
		}
		if !errors.Is(err, errFallBack) {
			return err
		}
		// Start again on the general reader, from the top of the file.
		x.dropBookings()
		return x.slowTextBookings(ctx, l, info)
	}
	return x.slowBookings(ctx, sh, l, info)
}

func (x *reportFile) dropBookings() {
	for _, p := range x.b.Bookings.Parts {
		os.Remove(p.Path)
	}
	x.b.Bookings = socdw.BookingFiles{Dir: x.b.Bookings.Dir}
	kept := x.b.Rejects[:0]
	for _, r := range x.b.Rejects {
		if r.Ref.File != x.file {
			kept = append(kept, r)
		}
	}
	x.b.Rejects = kept
}

func (x *reportFile) slowTextBookings(ctx context.Context, l *exportLayout, info socdw.TableInfo) error {
	f, err := os.Open(x.file)
	if err != nil {
		return err
	}
	defer f.Close()
	sh, err := extract.OpenText(x.file, f, x.opt.Text)
	if err != nil {
		return err
	}
	for sh.Next() {
		if sh.Row().Num >= l.line {
			break
		}
	}
	if err := sh.Err(); err != nil {
		return err
	}
	return x.slowBookings(ctx, sh, l, info)
}

// slowBookings streams rows after the header into one normalised file.
func (x *reportFile) slowBookings(ctx context.Context, sh extract.Sheet, l *exportLayout, info socdw.TableInfo) error {
	dir, err := x.bookingDir()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, fmt.Sprintf("part-%s-%03d.tsv", safeName(sh.Name()), len(x.b.Bookings.Parts)))
	bw, err := newBookingWriter(path)
	if err != nil {
		return err
	}
	n := 0
	var (
		vote socdw.DecimalVote
		held []heldBooking
	)
	for sh.Next() {
		r := sh.Row()
		n++
		if n%8192 == 0 {
			if err := ctx.Err(); err != nil {
				bw.close()
				return err
			}
		}
		var (
			b socdw.Booking
			h heldAmounts
		)
		if reason, col := x.booking(l, r, &b, &vote, &h); reason != "" {
			x.reject(sh.Name(), r, col, reason)
			if strings.HasPrefix(reason, pnrReasonPrefix) {
				x.b.Findings = append(x.b.Findings, pnrFinding(socdw.CellRef{File: x.file, Sheet: sh.Name(), Row: r.Num, Col: col}, l))
			}
			continue
		}
		if col := l.otherPnrColumn(len(r.Cells), func(i int) string { return r.Value(i) }); col > 0 {
			x.b.Findings = append(x.b.Findings, pnrFinding(socdw.CellRef{File: x.file, Sheet: sh.Name(), Row: r.Num, Col: col}, l))
		}
		if h.waiting() {
			if len(held) == maxHeld {
				bw.close()
				return heldError(x.file, sh.Name(), r.Num)
			}
			h.row = r.Num
			held = append(held, heldBooking{b, h})
			continue
		}
		if !b.Actual.Valid && !b.Budget.Valid {
			continue
		}
		if err := bw.write(&b); err != nil {
			bw.close()
			return err
		}
	}
	if vote.Conflict() {
		bw.close()
		os.Remove(path)
		return mixedExport(x.file, sh.Name(), vote)
	}
	for _, hb := range held {
		b := hb.b
		if reason := hb.h.resolve(vote.Decimal(), &b.Actual, &b.Budget); reason != "" {
			x.reject(sh.Name(), extract.Row{Num: b.Row}, 0, reason)
			continue
		}
		if err := bw.write(&b); err != nil {
			bw.close()
			return err
		}
	}
	if err := bw.close(); err != nil {
		return err
	}
	if err := sh.Err(); err != nil {
		return err
	}
	x.addUnits(bw.units, bw.accounts)
	x.b.Bookings.Parts = append(x.b.Bookings.Parts, socdw.BookingPart{Path: path})
	x.b.Bookings.Rows += bw.rows
	if bw.rows > 0 {
		info.Period = socdw.Period{Start: bw.min, End: bw.max.AddDate(0, 1, -1)}
	}
	info.Rows = n
	x.b.Tables = append(x.b.Tables, info)
	return nil
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// booking reads one line of a finance export into b; a non-empty reason
// rejects the line, at column col. A text amount's evidence of the file's
// decimal convention goes into vote; one that reads both ways is left in
// held instead of b (see bookingAmount).
func (x *reportFile) booking(l *exportLayout, r extract.Row, b *socdw.Booking, vote *socdw.DecimalVote, held *heldAmounts) (string, int) {
	month, err := bookingMonth(l.value(r, fPeriod), l.cell(r, fDate))
	if err != nil {
		return l.periodReason(r, err)
	}
	*b = socdw.Booking{Row: r.Num, Month: month, Ansvar: l.value(r, fAnsvar), AnsvarName: l.value(r, fAnsvarName),
		Verksamhet: l.value(r, fVerksamhet), Konto: l.value(r, fKonto)}
	if b.Ansvar == "" {
		return "column Ansvar is empty", l.col[fAnsvar]
	}
	for _, f := range []field{fUtfall, fBudget} {
		if l.col[f] == 0 {
			continue
		}
		cell := l.cell(r, f)
		// An amount that is a personnummer's digits (1212121212, or a
		// number cell holding them) is no amount to store: as in a report.
		if cell.Kind != extract.KindEmpty && pseudo.NumberIsPersonnummer(cell.Text) {
			return pnrReason(l, f), l.col[f]
		}
		var (
			a      socdw.Amount
			ok, on bool
			err    error
		)
		if cell.Kind == extract.KindText {
			a, ok, on, err = bookingAmount(cell.Text, r.Num, vote)
			if on {
				held.text[amountIndex(f)] = cell.Text
				continue
			}
		} else {
			a, ok, err = amountCell(cell, socdw.UnitKr)
		}
		if err != nil {
			return "column " + fieldNames[f] + ": " + err.Error(), l.col[f]
		}
		if !ok {
			continue
		}
		if f == fUtfall {
			b.Actual = socdw.Some(a)
		} else {
			b.Budget = socdw.Some(a)
		}
	}
	b.UnitKey = x.bookingUnitKey(b.Ansvar, b.AnsvarName)
	b.KontoName = accountName(l.value(r, fKontoName))
	return bookingPersonalData(l, b)
}

func (x *reportFile) bookingUnitKey(code, name string) string {
	if k, ok := x.opt.Aliases[code]; ok {
		return k
	}
	if name != "" {
		return x.unitKey(name)
	}
	return code
}

// numberCell reads the number in a cell, raw numbers and text alike; ok
// is false for an empty cell or a "-".
func numberCell(c extract.Cell) (n socdw.Number, ok bool, err error) {
	return numberCellAs(c, socdw.DecimalAuto)
}

// numberCellAs is numberCell with text read under the decimal convention
// dec, its column's. A workbook's raw number has no convention to follow.
func numberCellAs(c extract.Cell, dec socdw.Decimal) (n socdw.Number, ok bool, err error) {
	switch c.Kind {
	case extract.KindEmpty:
		return n, false, nil
	case extract.KindNumber:
		n, err = socdw.ParseRawNumber(c.Text)
		return n, err == nil, err
	case extract.KindError:
		return n, false, errors.New("formula error")
	}
	return socdw.ParseNumberAs(c.Text, dec)
}

// amountCell reads an amount from a cell, in def where the cell names no
// unit.
func amountCell(c extract.Cell, def socdw.Unit) (socdw.Amount, bool, error) {
	n, ok, err := numberCell(c)
	if err != nil || !ok {
		return 0, false, err
	}
	a, err := n.Scaled(def)
	return a, err == nil, err
}

// priceCell reads a daily price to the ten-thousandth of a krona.
func priceCell(c extract.Cell) (socdw.Price, bool, error) {
	n, ok, err := numberCell(c)
	if err != nil || !ok {
		return 0, false, err
	}
	p, err := socdw.PriceOf(n)
	return p, err == nil, err
}

// bookingMonth reads "201701", "2017-01", "2017-01-31" or, failing a
// period, the booking date.
func bookingMonth(period string, date extract.Cell) (time.Time, error) {
	p := strings.ReplaceAll(strings.ReplaceAll(period, "-", ""), " ", "")
	if len(p) >= 6 {
		y, err1 := strconv.Atoi(p[:4])
		m, err2 := strconv.Atoi(p[4:6])
		if err1 == nil && err2 == nil && m >= 1 && m <= 12 && y > 1900 {
			return socdw.Date(y, time.Month(m), 1), nil
		}
	}
	if strings.TrimSpace(date.Text) != "" {
		d, err := parseDate(date)
		if err == nil {
			return socdw.Date(d.Year(), d.Month(), 1), nil
		}
	}
	if period == "" && strings.TrimSpace(date.Text) == "" {
		return time.Time{}, errors.New("no period and no date")
	}
	return time.Time{}, errors.New("not a period YYYYMM")
}

// parseDate reads 2017-03-01, 20170301, 2017/03/01, 1/3/2017 is not
// accepted (day and month order differ between systems), and an Excel
// serial day number from a workbook.
func parseDate(c extract.Cell) (time.Time, error) {
	s := strings.TrimSpace(c.Text)
	if c.Kind == extract.KindNumber {
		// Excel's serial day; a fraction is the time of day (42828.375 is
		// 2017-04-03 09:00).
		if n, err := socdw.ParseRawNumber(s); err == nil && n.Coef > 0 && n.Exp <= 18 {
			day := n.Coef
			for i := 0; i < n.Exp; i++ {
				day /= 10
			}
			if day > 0 && day < 2958466 {
				return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day)), nil
			}
		}
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // a time of day after the date
	}
	for _, layout := range []string{"2006-01-02", "20060102", "2006/01/02", "2006.01.02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a date YYYY-MM-DD or YYYYMMDD")
}

// placement reads one line of a case-system export. The personnummer
// becomes a keyed pseudonym at once; names are never read.
func (x *reportFile) placement(l *exportLayout, sheet string, r extract.Row, key pseudo.Key, info *socdw.TableInfo, pd *priceDecimals) {
	ref := socdw.CellRef{File: x.file, Sheet: sheet, Row: r.Num}
	// A personnummer outside the person column is personal data where
	// none is declared. In a column socdw keeps (target group, form,
	// regi, lagrum, provider) even a mistyped one stops the line; in a
	// column it drops (a phone number, a note) only a valid one is worth
	// a finding, and the line loads without it.
	for i, c := range r.Cells {
		if i+1 == l.col[fPerson] || c.Kind == extract.KindEmpty {
			continue
		}
		f := fieldAt(l, i+1)
		kept := f == fTarget || f == fForm || f == fRegi || f == fLegal || f == fProvider
		ref := socdw.CellRef{File: x.file, Sheet: sheet, Row: r.Num, Col: i + 1}
		switch {
		case kept && pseudo.MaybePersonnummer(c.Text):
			x.reject(sheet, r, i+1, fmt.Sprintf("column %q holds a value shaped like a personnummer but is not the person key: line not loaded", l.colName(i+1)))
			x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: ref, Kind: socdw.FindingPersonalData,
				Message: fmt.Sprintf("column %q, line %d: a value shaped like a personnummer", l.colName(i+1), r.Num)})
			return
		case !kept && f != fName && pseudo.LooksLikePersonnummer(c.Text):
			x.b.Findings = append(x.b.Findings, socdw.Finding{Ref: ref, Kind: socdw.FindingPersonalData,
				Message: fmt.Sprintf("column %q, line %d: a value shaped like a personnummer in a column socdw does not keep", l.colName(i+1), r.Num)})
		}
	}
	personCol := fmt.Sprintf("column %q", l.colName(l.col[fPerson]))
	raw := l.value(r, fPerson)
	if c := l.cell(r, fPerson); c.Kind == extract.KindNumber {
		raw = digitsOfNumber(c.Text) // 201209059805 saved as a number, maybe as 2.01209059805E11
	}
	if raw == "" {
		x.reject(sheet, r, l.col[fPerson], personCol+": empty")
		return
	}
	ref.Col = l.col[fPerson]
	// A ten-digit number's century is the one that puts the birth before
	// the placement began: the file may be years old when it is loaded,
	// and "210315-…" in a 2017 export is a person born 1921, not 2021.
	written := x.opt.Today
	if d, err := parseDate(l.cell(r, fStart)); err == nil && d.Before(written) {
		written = d
	}
	pnr, err := pseudo.ParsePersonnummer(pseudo.Hyphenate(raw), written)
	if err != nil {
		x.reject(sheet, r, l.col[fPerson], personCol+": "+err.Error())
		return
	}
	p := socdw.Placement{Ref: socdw.CellRef{File: x.file, Sheet: sheet, Row: r.Num}, PersonKey: key.Pseudonym(pnr)}
	p.FormLabel = l.value(r, fForm)
	form, ok := x.opt.Forms[p.FormLabel]
	if !ok {
		form, ok = placementForm(p.FormLabel)
	}
	if !ok {
		// The label is not quoted: free text may name the foster family.
		x.reject(sheet, r, l.col[fForm], fmt.Sprintf("column %q: a placement form outside the vocabulary (map the label under forms: in the config)", l.colName(l.col[fForm])))
		return
	}
	p.Form = form
	if tg := l.value(r, fTarget); tg != "" {
		if g := targetGroup(tg); g != "" {
			p.TargetGroup = g
		} else {
			p.TargetGroup = strings.ToLower(tg)
		}
	}
	p.Regi = regiOf(l.value(r, fRegi))
	p.LegalBasis = legalBasis(l.value(r, fLegal))
	// A foster home is a family: its "provider" is people's names. Only
	// institutions and agencies are kept by name.
	if !familyHome(p.Form) {
		p.Provider = l.value(r, fProvider)
	}
	// The source's own label is kept only when it is one of the
	// vocabulary's known spellings or mapped in the config; free text in
	// the form column ("Jourhem hos …") may name the family.
	if !knownFormLabel(p.FormLabel) && !mappedForm(x.opt.Forms, p.FormLabel) {
		p.FormLabel = p.Form
	}
	start, err := parseDate(l.cell(r, fStart))
	if err != nil {
		x.reject(sheet, r, l.col[fStart], fmt.Sprintf("column %q: %v", l.colName(l.col[fStart]), err))
		return
	}
	p.Start = start
	if l.col[fEnd] != 0 && l.value(r, fEnd) != "" {
		end, err := parseDate(l.cell(r, fEnd))
		if err != nil {
			x.reject(sheet, r, l.col[fEnd], fmt.Sprintf("column %q: %v", l.colName(l.col[fEnd]), err))
			return
		}
		if end.Before(start) {
			x.reject(sheet, r, l.col[fEnd], "the placement ends before it starts")
			return
		}
		p.End = end
	}
	p.OpenUntil = x.opt.AsOf
	if p.OpenUntil.IsZero() {
		p.OpenUntil = socdw.Date(x.opt.Today.Year(), x.opt.Today.Month(), x.opt.Today.Day())
	}
	if l.col[fPrice] == 0 {
		x.reject(sheet, r, 0, "no daily price column")
		return
	}
	priceText := l.cell(r, fPrice)
	price, ok, pc, err := pd.read(priceText, r.Num)
	switch {
	case err != nil:
		x.reject(sheet, r, l.col[fPrice], fmt.Sprintf("column %q: %v", l.colName(l.col[fPrice]), err))
		return
	case !ok:
		x.reject(sheet, r, l.col[fPrice], fmt.Sprintf("column %q: no daily price", l.colName(l.col[fPrice])))
		return
	case price < 0:
		x.reject(sheet, r, l.col[fPrice], fmt.Sprintf("column %q: negative daily price", l.colName(l.col[fPrice])))
		return
	}
	p.DailyPrice = price
	pd.keep(len(x.b.Placements), r.Num, priceText.Text, pc)
	x.b.Placements = append(x.b.Placements, p)
}

func fieldAt(l *exportLayout, col int) field {
	if col >= 1 && col <= len(l.byCol) {
		return l.byCol[col-1]
	}
	return fNone
}

func mappedForm(forms map[string]string, label string) bool {
	_, ok := forms[label]
	return ok
}

// digitsOfNumber writes a whole number stored in a workbook cell as its
// digits, undoing the exponent form Excel may use; anything else is kept.
func digitsOfNumber(raw string) string {
	n, err := socdw.ParseRawNumber(raw)
	if err != nil || n.Exp != 0 || n.Coef < 0 {
		return raw
	}
	return strconv.FormatInt(n.Coef, 10)
}
