package transform

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/pseudo"
)

var emptyCell extract.Cell

// ledgerReader turns the lines of one ledger sheet into ledger lines and
// their sums per org unit and month.
type ledgerReader struct {
	x     *reportFile
	l     *ledgerLayout
	sheet string
	// The period of lines that carry none: the file name's month, else
	// the config's period; zero when neither says.
	fallback socdw.Period
	year     int // the year a bare month in a period column belongs to
	sums     []*unitMonth
	byKey    map[unitMonthKey]*unitMonth
	total    socdw.Amount // every loaded line, for a total line to be checked against
	lines    int
	min, max time.Time
	out      *ledgerWriter // where the lines go: nothing of a line is held
	err      error         // the first error reading or writing a line
	// The file's decimal convention, from its amounts so far (see feed).
	vote socdw.DecimalVote
	dec  socdw.Decimal
	held []extract.Row // lines waiting for it, in order
}

type unitMonthKey struct {
	unitKey    string
	start, end time.Time
}

// unitMonth is what one org unit spent in one period: the budget_deviation
// row of a ledger.
type unitMonth struct {
	unit, key string
	period    socdw.Period
	row       int
	sum       socdw.Amount
}

// ledger reads a line-level ledger below its header. The file fails
// whole, naming it, when its lines have no period and neither its name
// nor the source's config gives one.
func (x *reportFile) ledger(ctx context.Context, sh extract.Sheet, l *ledgerLayout) error {
	lr := &ledgerReader{x: x, l: l, sheet: sh.Name(), byKey: map[unitMonthKey]*unitMonth{}}
	if m, ok := lineFileMonth(x.file); ok {
		lr.fallback = socdw.MonthsOf(m.Year(), m.Month(), m.Month())
		lr.year = m.Year()
	} else if !x.opt.Period.IsZero() {
		lr.fallback = x.opt.Period
		lr.year = x.opt.Period.Start.Year()
	} else if x.fileW.year != 0 {
		lr.year = x.fileW.year
	}
	dated := l.col[lPeriod] != 0 || l.col[lBookDate] != 0 || l.col[lDate] != 0 || l.col[lInvoiceDate] != 0
	if !dated && lr.fallback.IsZero() {
		return &extract.Error{Ref: socdw.CellRef{File: x.file, Sheet: sh.Name(), Row: l.line},
			Err: fmt.Errorf("a ledger of invoice or booking lines without a date or period column: name its month in the file name (leverantorsreskontra_2016-03.csv) or set period: in the source's config")}
	}
	info := socdw.TableInfo{Ref: socdw.CellRef{File: x.file, Sheet: sh.Name(), Row: l.line}, Kind: "ledger",
		Title: "ledger: " + strings.Join(l.header, ", "), Unit: l.unit}
	out, err := x.newLedgerWriter(sh.Name())
	if err != nil {
		return fmt.Errorf("ledger lines: %w", err)
	}
	lr.out = out
	n := 0
	for lr.err == nil && sh.Next() {
		n++
		if n%8192 == 0 {
			if lr.err = ctx.Err(); lr.err != nil {
				break
			}
		}
		if err := lr.feed(sh.Row()); err != nil {
			lr.err = err
		}
	}
	if lr.err == nil {
		lr.err = sh.Err()
	}
	if lr.err == nil {
		lr.flush()
	}
	if err := out.close(); err != nil && lr.err == nil {
		lr.err = fmt.Errorf("ledger lines: %w", err)
	}
	if lr.err != nil {
		return lr.err
	}
	lr.budget()
	info.Rows = n
	if lr.lines > 0 {
		info.Period = socdw.Period{Start: lr.min, End: lr.max}
	}
	x.b.Tables = append(x.b.Tables, info)
	return nil
}

func (lr *ledgerReader) ref(r extract.Row, col int) socdw.CellRef {
	return socdw.CellRef{File: lr.x.file, Sheet: lr.sheet, Row: r.Num, Col: col}
}

func (lr *ledgerReader) reject(r extract.Row, col int, reason string) {
	lr.x.b.Rejects = append(lr.x.b.Rejects, socdw.Reject{Ref: lr.ref(r, col), Reason: reason})
}

// personal notes a value shaped like a personnummer in a column, without
// the value.
func (lr *ledgerReader) personal(r extract.Row, col int, what string) {
	lr.x.b.Findings = append(lr.x.b.Findings, socdw.Finding{Ref: lr.ref(r, col), Kind: socdw.FindingPersonalData,
		Message: fmt.Sprintf("column %q, line %d: %s", lr.l.colName(col), r.Num, what)})
}

// text is a text field of the line, trimmed; a whole number from a
// workbook cell is written as its digits (an org or invoice number saved
// as a number).
func (lr *ledgerReader) text(r extract.Row, f ledgerField) string {
	c := cellAt(r, lr.l.col[f])
	if c.Kind == extract.KindNumber {
		return digitsOfNumber(strings.TrimSpace(c.Text))
	}
	return strings.TrimSpace(c.Text)
}

// kept is a coding field the line keeps (konto, kontotext, verksamhet);
// a value shaped like a personnummer is not kept, and a finding says so.
func (lr *ledgerReader) kept(r extract.Row, f ledgerField) string {
	v := lr.text(r, f)
	if v != "" && pseudo.MaybePersonnummer(v) {
		lr.personal(r, lr.l.col[f], "a value shaped like a personnummer: it was not stored")
		return ""
	}
	return v
}

// line reads one line; what is wrong with it is a reject naming its
// column, and the rest of the file loads.
func (lr *ledgerReader) line(r extract.Row) {
	if r.IsBlank() {
		return
	}
	l := lr.l
	// An amount that is a personnummer's digits (1212121212) is no amount
	// to store or to print in a total's finding: as in a report.
	for _, col := range []int{l.col[l.amount], l.col[lCredit]} {
		if c := cellAt(r, col); col != 0 && c.Kind != extract.KindEmpty && pseudo.NumberIsPersonnummer(c.Text) {
			lr.reject(r, col, fmt.Sprintf("column %q holds a value shaped like a personnummer: line not loaded", l.colName(col)))
			lr.personal(r, col, "a value shaped like a personnummer in the amount")
			return
		}
	}
	amount, ok, col, err := lr.amount(r)
	if err != nil {
		lr.reject(r, col, fmt.Sprintf("column %q: %v", l.colName(col), err))
		return
	}
	if lr.totalLine(r) {
		lr.checkTotal(r, amount, ok)
		return
	}
	if !ok {
		lr.reject(r, l.col[l.amount], fmt.Sprintf("column %q: no amount", l.colName(l.col[l.amount])))
		return
	}
	if cur := strings.ToUpper(lr.text(r, lCurrency)); cur != "" && cur != "SEK" && cur != "KR" {
		// socdw keeps SEK and converts no currency: an amount in NOK
		// summed as kronor would be silently wrong.
		lr.reject(r, l.col[l.amount], fmt.Sprintf("column %q: the amount is in %s, not SEK: line not loaded (convert it to SEK in the source)",
			l.colName(l.col[l.amount]), cur))
		return
	}
	line := socdw.LedgerLine{Ref: lr.ref(r, 0), Kind: l.kind, Amount: socdw.Some(amount)}
	org, ansvar, ansvarName := lr.text(r, lOrg), lr.text(r, lAnsvar), lr.text(r, lAnsvarName)
	for _, v := range []struct {
		s string
		f ledgerField
	}{{org, lOrg}, {ansvar, lAnsvar}, {ansvarName, lAnsvarName}} {
		if v.s != "" && pseudo.MaybePersonnummer(v.s) {
			lr.reject(r, l.col[v.f], fmt.Sprintf("column %q holds a value shaped like a personnummer: line not loaded", l.colName(l.col[v.f])))
			lr.personal(r, l.col[v.f], "a value shaped like a personnummer in an org unit column")
			return
		}
	}
	// The unit of the budget row is the coarsest org column: a
	// published ledger's förvaltning or nämnd, else the ansvar. The finer
	// coding stays on the line.
	var unit, key string
	switch {
	case org != "":
		unit, key = org, lr.x.unitKey(org)
		line.Ansvar, line.AnsvarName = ansvar, ansvarName
		if ansvarName == "" {
			line.AnsvarName = org
		} else {
			line.Dimensions = append(line.Dimensions, socdw.Dimension{Name: l.colName(l.col[lOrg]), Value: org})
		}
	case ansvar != "" || ansvarName != "":
		unit = ansvarName
		if unit == "" {
			unit = ansvar
		}
		key = lr.x.bookingUnitKey(ansvar, ansvarName)
		line.Ansvar, line.AnsvarName = ansvar, ansvarName
	default:
		c := l.col[lOrg]
		if c == 0 {
			c = max(l.col[lAnsvar], l.col[lAnsvarName])
		}
		lr.reject(r, c, fmt.Sprintf("column %q is empty: a line without its org unit is not loaded", l.colName(c)))
		return
	}
	line.UnitKey = key
	period, col, reason := lr.period(r, &line)
	if reason != "" {
		lr.reject(r, col, reason)
		return
	}
	line.Period = period
	line.Account, line.AccountName = splitAccount(lr.kept(r, lAccount))
	if name := lr.kept(r, lAccountName); name != "" {
		line.AccountName = name
	}
	line.Verksamhet = lr.kept(r, lVerksamhet)
	lr.counterparty(r, &line)
	lr.identifiers(r, &line)
	lr.droppedColumns(r)
	lr.add(&line, unit)
	return
}

// amount reads the line's amount in the unit of its header: net cost
// positive. A supplier's credit note is a negative amount and lowers the
// unit's cost; a customer ledger's invoices are revenue, so their sign is
// turned. Debet and kredit columns give debet − kredit.
func (lr *ledgerReader) amount(r extract.Row) (a socdw.Amount, ok bool, col int, err error) {
	l := lr.l
	col = l.col[l.amount]
	a, ok, err = ledgerAmountCellAs(cellAt(r, col), l.unit, lr.dec)
	if err != nil {
		return 0, false, col, err
	}
	if l.amount == lDebit && l.col[lCredit] != 0 {
		c, okc, err := ledgerAmountCellAs(cellAt(r, l.col[lCredit]), l.unit, lr.dec)
		if err != nil {
			return 0, false, l.col[lCredit], err
		}
		a -= c
		ok = ok || okc
	}
	if l.receivable {
		a = -a
	}
	return a, ok, col, nil
}

// reUSAmount is an amount written with comma thousands and a decimal
// point ("1,234.50"), as files written by English-language tools have it.
var reUSAmount = regexp.MustCompile(`^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// ledgerAmountCell reads an amount; besides every form amountCell reads it
// takes "1,234.50", which the Swedish grammar rejects (a comma before a
// point).
func ledgerAmountCell(c extract.Cell, unit socdw.Unit) (socdw.Amount, bool, error) {
	a, ok, err := amountCell(c, unit)
	if err != nil && c.Kind == extract.KindText && reUSAmount.MatchString(strings.TrimSpace(c.Text)) {
		return amountCell(extract.Cell{Text: strings.ReplaceAll(strings.TrimSpace(c.Text), ",", ""), Kind: extract.KindText}, unit)
	}
	return a, ok, err
}

// ledgerAmountCellAs is ledgerAmountCell under the file's convention dec
// once its amounts have told it.
func ledgerAmountCellAs(c extract.Cell, unit socdw.Unit, dec socdw.Decimal) (socdw.Amount, bool, error) {
	if dec == socdw.DecimalAuto {
		return ledgerAmountCell(c, unit)
	}
	n, ok, err := numberCellAs(c, dec)
	if err != nil || !ok {
		return 0, false, err
	}
	a, err := n.Scaled(unit)
	return a, err == nil, err
}

// feed reads a line, after noting what its amounts say of the file's
// decimal convention. A line whose amount reads both ways ("1,200") while
// no line before it told the convention is held, and so is every line
// after it until one does: then they are read in order, so a total line
// still sums the lines above it. A file with amounts of both conventions
// fails whole, as a finance export does (mixedExport).
func (lr *ledgerReader) feed(r extract.Row) error {
	ambiguous := false
	cols := []int{lr.l.col[lr.l.amount], 0}
	if lr.l.amount == lDebit {
		cols[1] = lr.l.col[lCredit]
	}
	for _, col := range cols {
		if c := cellAt(r, col); col != 0 && c.Kind == extract.KindText && lr.vote.Add(r.Num, c.Text) == socdw.EvidenceAmbiguous {
			ambiguous = true
		}
	}
	if lr.vote.Conflict() {
		return mixedExport(lr.x.file, lr.sheet, lr.vote)
	}
	if lr.dec = lr.vote.Decimal(); lr.dec == socdw.DecimalAuto && (ambiguous || len(lr.held) > 0) {
		if len(lr.held) == maxHeld {
			return heldError(lr.x.file, lr.sheet, r.Num)
		}
		lr.held = append(lr.held, copyRow(r))
		return nil
	}
	lr.flush()
	lr.line(r)
	return nil
}

// flush reads the held lines under the convention known now.
func (lr *ledgerReader) flush() {
	for _, r := range lr.held {
		lr.line(r)
	}
	lr.held = nil
}

// totalLine reports whether a line sums the lines above it: a "Summa" or
// "Totalt" outside the counterparty column, or an amount with no org
// unit, counterparty or identifier (the sum row finance systems such as
// Agresso append to a list). A line with an invoice or voucher number is
// never a total, whatever its supplier is called.
func (lr *ledgerReader) totalLine(r extract.Row) bool {
	l := lr.l
	for _, f := range []ledgerField{lInvoice, lVoucher, lOrgNr} {
		if lr.text(r, f) != "" {
			return false
		}
	}
	for i, c := range r.Cells {
		f := lNone
		if i < len(l.byCol) {
			f = l.byCol[i]
		}
		if f != lSupplier && f != lCustomer && c.Kind == extract.KindText && isTotalLabel(strings.TrimSpace(c.Text)) {
			return true
		}
	}
	for _, f := range []ledgerField{lOrg, lAnsvar, lAnsvarName, lSupplier, lCustomer, lAccount} {
		if lr.text(r, f) != "" {
			return false
		}
	}
	return true
}

// checkTotal rejects a total line, with a finding when it is not the sum
// of the lines loaded above it.
func (lr *ledgerReader) checkTotal(r extract.Row, amount socdw.Amount, ok bool) {
	col := lr.l.col[lr.l.amount]
	lr.reject(r, col, "a total line of the ledger, not an invoice: not loaded")
	if ok && amount != lr.total {
		lr.x.b.Findings = append(lr.x.b.Findings, socdw.Finding{Ref: lr.ref(r, col), Kind: socdw.FindingTotal,
			Reported: socdw.Some(amount), Recomputed: socdw.Some(lr.total),
			Message: fmt.Sprintf("line %d: the total %s is not the sum of the %d lines above it, %s", r.Num,
				socdw.FormatAmount(amount), lr.lines, socdw.FormatAmount(lr.total))})
	}
}

// period is the line's month: its period column, else its booking date,
// its date or its invoice date, else the file's month or the config's
// period.
func (lr *ledgerReader) period(r extract.Row, line *socdw.LedgerLine) (socdw.Period, int, string) {
	l := lr.l
	var month time.Time // a date column that holds a month ("202001", as Umeå's does)
	for _, f := range []ledgerField{lBookDate, lDate, lInvoiceDate} {
		c := cellAt(r, l.col[f])
		if l.col[f] == 0 || strings.TrimSpace(c.Text) == "" {
			continue
		}
		if m, ok := monthInDateCell(c); ok {
			month = m
			break
		}
		d, err := parseDate(c)
		if err != nil {
			return socdw.Period{}, l.col[f], fmt.Sprintf("column %q: %v", l.colName(l.col[f]), err)
		}
		line.Date = d
		break
	}
	if p := lr.text(r, lPeriod); p != "" {
		m, ok := ledgerPeriodValue(p, lr.year)
		if !ok {
			return socdw.Period{}, l.col[lPeriod], fmt.Sprintf("column %q: not a month (YYYYMM, YYYY-MM or a month name)", l.colName(l.col[lPeriod]))
		}
		month = m
	}
	switch {
	case !month.IsZero():
		return socdw.MonthsOf(month.Year(), month.Month(), month.Month()), 0, ""
	case !line.Date.IsZero():
		return socdw.MonthsOf(line.Date.Year(), line.Date.Month(), line.Date.Month()), 0, ""
	case !lr.fallback.IsZero():
		return lr.fallback, 0, ""
	}
	col := max(l.col[lPeriod], l.col[lBookDate], l.col[lDate], l.col[lInvoiceDate])
	return socdw.Period{}, col, fmt.Sprintf("column %q: no date or period, and the file name names no month", l.colName(col))
}

// monthInDateCell reads a date column's value that is a month, not a
// day: "202001" (Umeå's "datum"), "2020-01", "januari 2020", and 202001
// as a number cell (which read as Excel's serial day would be in 2452).
// A day (2020-01-15, 20200115, an Excel serial day) is no month.
func monthInDateCell(c extract.Cell) (time.Time, bool) {
	s := strings.TrimSpace(c.Text)
	if c.Kind == extract.KindNumber {
		if s = digitsOfNumber(s); len(s) != 6 {
			return time.Time{}, false
		}
	} else if _, err := parseDate(c); err == nil {
		return time.Time{}, false
	}
	// No year for a bare month: a "3" in a date column is no month.
	return ledgerPeriodValue(s, 0)
}

// splitAccount splits a konto cell that holds the account's name too,
// "46362 Köp medicinskt …" or "4610 - Köp av huvudverksamhet", into code
// and name; a plain code has no name, and text that does not start with
// digits is kept whole as the code.
func splitAccount(s string) (code, name string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) {
		return s, ""
	}
	rest := strings.TrimLeft(s[i:], " \t")
	if len(rest) == len(s[i:]) && !strings.HasPrefix(rest, "-") && !strings.HasPrefix(rest, ":") && !strings.HasPrefix(rest, "–") {
		return s, "" // "4610A": a code with letters in it
	}
	rest = strings.TrimLeft(rest, "-–: \t")
	return s[:i], strings.TrimSpace(rest)
}

// personMarkers are how publishers mask a counterparty who is a person:
// "[innehåller personuppgifter]", "Privatperson", "Skyddad identitet".
// Umeå writes "*****" for the name and "******-****" for the number.
var personMarkers = []string{"personuppgift", "privatperson", "skyddad identitet", "sekretess", "*"}

// counterparty keeps a supplier or customer that is a company. One whose
// org number is shaped like a personnummer is a sole trader, a person:
// neither name nor number is stored, the line loads, and a finding names
// the cell (never the digits). A company's org number is kept beside the
// line, under its column's header.
func (lr *ledgerReader) counterparty(r extract.Row, line *socdw.LedgerLine) {
	l := lr.l
	f := lSupplier
	if l.col[f] == 0 {
		f = lCustomer
	}
	name := lr.text(r, f)
	orgnr := lr.text(r, lOrgNr)
	switch {
	case orgnr != "" && pseudo.MaybePersonnummer(orgnr):
		lr.personal(r, l.col[lOrgNr], "an org number shaped like a personnummer (a sole trader): the counterparty is a person and neither its name nor its number was stored")
		return
	case name != "" && pseudo.MaybePersonnummer(name):
		lr.personal(r, l.col[f], "a value shaped like a personnummer in the counterparty: it was not stored")
		return
	case has(strings.ToLower(name), personMarkers...) || strings.Contains(orgnr, "*"):
		return
	}
	line.Counterparty = name
	// "SAKNAS", "Saknas": no number, which is nothing to keep.
	if strings.ContainsAny(orgnr, "0123456789") {
		line.Dimensions = append(line.Dimensions, socdw.Dimension{Name: l.colName(l.col[lOrgNr]), Value: orgnr})
	}
}

// identifiers keeps the invoice number as the line's voucher (the
// verifikationsnummer when there is none; beside it otherwise). An
// identifier is never an amount. One shaped like a personnummer is not
// stored: a finding says so.
func (lr *ledgerReader) identifiers(r extract.Row, line *socdw.LedgerLine) {
	l := lr.l
	for _, f := range []ledgerField{lInvoice, lVoucher} {
		v := lr.text(r, f)
		if v == "" {
			continue
		}
		if pseudo.LooksLikePersonnummer(v) {
			lr.personal(r, l.col[f], "a value shaped like a personnummer in an invoice or voucher number: it was not stored")
			continue
		}
		if line.Voucher == "" {
			line.Voucher = v
		} else {
			line.Dimensions = append(line.Dimensions, socdw.Dimension{Name: l.colName(l.col[f]), Value: v})
		}
	}
}

// droppedColumns looks for a personnummer in the columns socdw does not
// keep (a text, a reference): the line loads, and a finding says where.
func (lr *ledgerReader) droppedColumns(r extract.Row) {
	for i, c := range r.Cells {
		if i < len(lr.l.byCol) && lr.l.byCol[i] != lNone {
			continue
		}
		if c.Kind == extract.KindText && pseudo.LooksLikePersonnummer(c.Text) {
			lr.personal(r, i+1, "a value shaped like a personnummer in a column socdw does not keep")
			return
		}
	}
}

// add writes the line and adds it to its unit's month.
func (lr *ledgerReader) add(line *socdw.LedgerLine, unit string) {
	if err := lr.out.write(line); err != nil {
		lr.err = fmt.Errorf("ledger lines: %w", err)
		return
	}
	lr.lines++
	lr.total += line.Amount.Amount
	k := unitMonthKey{line.UnitKey, line.Period.Start, line.Period.End}
	um := lr.byKey[k]
	if um == nil {
		um = &unitMonth{unit: unit, key: line.UnitKey, period: line.Period, row: line.Ref.Row}
		lr.byKey[k] = um
		lr.sums = append(lr.sums, um)
	}
	um.sum += line.Amount.Amount
	if lr.min.IsZero() || line.Period.Start.Before(lr.min) {
		lr.min = line.Period.Start
	}
	if line.Period.End.After(lr.max) {
		lr.max = line.Period.End
	}
}

// budget writes each unit's month as a budget_deviation row with its
// outcome only, and, where a month has more than one unit, the month's
// total for the whole file, marked as a total.
func (lr *ledgerReader) budget() {
	type periodKey struct{ start, end time.Time }
	totals := map[periodKey]*unitMonth{}
	var order []periodKey
	units := map[periodKey]int{}
	for _, um := range lr.sums {
		lr.x.b.Budget = append(lr.x.b.Budget, socdw.BudgetLine{
			Ref: socdw.CellRef{File: lr.x.file, Sheet: lr.sheet, Row: um.row}, Unit: um.unit, UnitKey: um.key,
			Period: um.period, Actual: socdw.Some(um.sum)})
		k := periodKey{um.period.Start, um.period.End}
		t := totals[k]
		if t == nil {
			t = &unitMonth{unit: ledgerTotalUnit, key: ledgerTotalUnit, period: um.period, row: um.row}
			totals[k] = t
			order = append(order, k)
		}
		t.sum += um.sum
		t.row = min(t.row, um.row)
		units[k]++
	}
	for _, k := range order {
		if units[k] < 2 {
			continue
		}
		t := totals[k]
		lr.x.b.Budget = append(lr.x.b.Budget, socdw.BudgetLine{
			Ref: socdw.CellRef{File: lr.x.file, Sheet: lr.sheet, Row: t.row}, Unit: t.unit, UnitKey: t.key,
			IsTotal: true, Period: t.period, Actual: socdw.Some(t.sum)})
	}
}

// ledgerTotalUnit names the budget_deviation row of a ledger's whole
// month, over all its units.
const ledgerTotalUnit = "Totalt"
