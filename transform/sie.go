package transform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
	"github.com/socdw/socdw/extract/sie"
	"github.com/socdw/socdw/pseudo"
)

// sieSniffBytes is how much of a file is looked at to tell a SIE file.
const sieSniffBytes = 4096

// isSIE reports whether the file at path is a SIE file, by its content
// (#FLAGGA first, or #SIETYP near the start), whatever its name ends in.
func isSIE(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, sieSniffBytes)
	n, _ := f.Read(head)
	return sie.Sniff(head[:n])
}

// sieMap turns a parsed SIE file into the batch: a ledger line per
// voucher row and period movement, budget lines per ansvar and month, and
// the checks an accountant makes.
type sieMap struct {
	x        *reportFile
	f        *sie.File
	org      string // #FNAMN, the organisation as a whole
	orgKey   string
	names    map[sie.Object]string // object names fit to load (personnummer removed)
	accounts map[string]string     // account names fit to load
	dropped  map[sie.Object]bool   // object codes that are a personnummer: not loaded, found once
	// disjoint: the file's #PSALDO rows without objects are what was
	// booked without objects, not the account's total (see
	// disjointPeriods).
	disjoint bool
	// fromPeriods marks the accounts and years whose outcome comes from
	// #PSALDO: their voucher rows are drill-down, not outcome again.
	fromPeriods map[acctYear]bool
	out         *ledgerWriter // where the ledger lines go
	span        *socdw.Period // the months of the lines written
	err         error         // the first error writing a line
}

type acctYear struct {
	account string
	year    int
}

// sie reads a SIE file whole: it is parsed first, so a malformed line
// fails the file before anything of it is kept.
func (x *reportFile) sie(ctx context.Context) error {
	data, err := os.ReadFile(x.file)
	if err != nil {
		return &extract.Error{Ref: socdw.CellRef{File: x.file}, Err: err}
	}
	f, err := sie.Parse(x.file, data)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m := &sieMap{x: x, f: f, org: strings.TrimSpace(f.Company), fromPeriods: map[acctYear]bool{}}
	m.org = m.clean(m.org, f.CompanyLine, "#FNAMN: the organisation's name") // a sole trader's firm may bear its owner's number
	if m.org == "" {
		m.org = strings.TrimSuffix(filepath.Base(x.file), filepath.Ext(x.file))
	}
	m.orgKey = x.unitKey(m.org)
	m.cleanNames()
	m.disjoint = m.disjointPeriods()
	for _, r := range f.Periods {
		if r.Label == "#PSALDO" {
			m.fromPeriods[acctYear{r.Account, r.Year}] = true
		}
	}
	info := socdw.TableInfo{Ref: socdw.CellRef{File: x.file, Row: 1}, Kind: "sie", Unit: socdw.UnitKr, Rows: f.Records,
		Title: fmt.Sprintf("SIE %s (%s, %s): %s", f.Type, f.Program, f.Encoding, m.org)}
	// The lines are written as they are made, not held beside the parsed
	// file (a line is larger than the record it comes from).
	out, err := x.newLedgerWriter("")
	if err != nil {
		return fmt.Errorf("ledger lines: %w", err)
	}
	m.out, m.span = out, &info.Period
	m.periodLedger()
	m.voucherLedger()
	if err := out.close(); err != nil && m.err == nil {
		m.err = fmt.Errorf("ledger lines: %w", err)
	}
	if m.err != nil {
		return m.err
	}
	m.budget()
	m.check()
	x.b.Tables = append(x.b.Tables, info)
	return nil
}

// line writes a ledger line and widens the file's period to hold it.
func (m *sieMap) line(l *socdw.LedgerLine) {
	if m.err != nil {
		return
	}
	if m.span.IsZero() || l.Period.Start.Before(m.span.Start) {
		m.span.Start = l.Period.Start
	}
	if l.Period.End.After(m.span.End) {
		m.span.End = l.Period.End
	}
	if err := m.out.write(l); err != nil {
		m.err = fmt.Errorf("ledger lines: %w", err)
	}
}

// cleanNames keeps the account and object names with any personnummer in
// them replaced (a finding says so); an object code that is one (a
// private customer's number in dimension 8) is not loaded at all.
func (m *sieMap) cleanNames() {
	m.names = make(map[sie.Object]string, len(m.f.Objects))
	m.dropped = map[sie.Object]bool{}
	m.accounts = make(map[string]string, len(m.f.Accounts))
	for o, n := range m.f.Objects {
		if m.personCode(o, n.Line) {
			continue
		}
		m.names[o] = m.clean(n.Name, n.Line, "#OBJEKT: an object's name")
	}
	for no, a := range m.f.Accounts {
		m.accounts[no] = m.clean(a.Name, a.Line, "#KONTO: an account's name")
	}
}

// personCode reports whether an object's code is a personnummer (a
// private customer's number in dimension 8, say): such a code is not
// loaded, and the first line it is met on gets a finding.
func (m *sieMap) personCode(o sie.Object, line int) bool {
	if o.Dim == sie.DimCostCentre || !pseudo.IsPersonnummerShaped(o.Code) {
		return false
	}
	if !m.dropped[o] {
		m.dropped[o] = true
		m.pnrFinding(line, "an object code shaped like a personnummer; the code is not loaded")
	}
	return true
}

// clean trims a text and replaces any personnummer in it by
// pseudo.Marker, as every text socdw keeps; a finding says where.
func (m *sieMap) clean(s string, line int, what string) string {
	s, n := pseudo.Clean(strings.TrimSpace(s))
	if n > 0 {
		m.pnrFinding(line, what+" held a personnummer; it was replaced by "+pseudo.Marker)
	}
	return s
}

func (m *sieMap) pnrFinding(line int, msg string) {
	m.x.b.Findings = append(m.x.b.Findings, socdw.Finding{Ref: socdw.CellRef{File: m.x.file, Row: line},
		Kind: socdw.FindingPersonalData, Message: msg})
}

// isResult reports whether an account is a result account: #KTYP K or I,
// or, without a type, BAS classes 3–8.
func (m *sieMap) isResult(account string) bool {
	if a, ok := m.f.Accounts[account]; ok {
		switch a.Type {
		case "K", "I":
			return true
		case "T", "S":
			return false
		}
	}
	return len(account) > 0 && account[0] >= '3' && account[0] <= '8'
}

// ansvarName is a cost centre's name, or its code when it has none.
func (m *sieMap) ansvarName(code string) string {
	if n := m.names[sie.Object{Dim: sie.DimCostCentre, Code: code}]; n != "" {
		return n
	}
	return code
}

// coding fills a ledger line's ansvar and other dimensions from an object
// list. Dimension 7 (anställd) names a person and is not kept. A line
// without a cost centre belongs to the organisation as a whole and
// carries its unit key, so the lines of two organisations' files never
// share a grain.
func (m *sieMap) coding(l *socdw.LedgerLine, objs []sie.Object) {
	l.UnitKey = m.orgKey
	for _, o := range objs {
		switch {
		case o.Dim == sie.DimCostCentre:
			l.Ansvar, l.AnsvarName = o.Code, m.ansvarName(o.Code)
			l.UnitKey = m.x.bookingUnitKey(o.Code, l.AnsvarName)
		case o.Dim == sie.DimEmployee || m.personCode(o, l.Ref.Row):
		case strings.EqualFold(m.f.DimName(o.Dim), "verksamhet"):
			l.Verksamhet = o.Code
		default:
			l.Dimensions = append(l.Dimensions, socdw.Dimension{Name: m.f.DimName(o.Dim), Value: o.Code})
		}
	}
}

// periodLedger puts every #PSALDO and #PBUDGET row in the ledger as a
// balance line: the outcome and the budget of one account, object list
// and month share a line.
func (m *sieMap) periodLedger() {
	at := map[string]int{}
	var lines []socdw.LedgerLine
	for _, r := range m.f.Periods {
		key := fmt.Sprint(r.Year, r.Month.Format("200601"), r.Account, r.Objects)
		i, ok := at[key]
		if !ok {
			l := socdw.LedgerLine{Ref: socdw.CellRef{File: m.x.file, Row: r.Line}, Kind: socdw.LedgerBalance,
				Period: monthOf(r.Month), Account: r.Account, AccountName: m.accounts[r.Account]}
			m.coding(&l, r.Objects)
			i = len(lines)
			at[key] = i
			lines = append(lines, l)
		}
		target := &lines[i].Amount
		if r.Label == "#PBUDGET" {
			target = &lines[i].Budget
		}
		target.Amount += r.Amount.Value
		target.Valid = true
	}
	for i := range lines {
		m.line(&lines[i])
	}
}

// voucherLedger puts every row that makes a voucher in the ledger, dated
// by its own date or the voucher's, its text scanned for personnummer.
func (m *sieMap) voucherLedger() {
	for _, v := range m.f.Vouchers {
		number := strings.TrimSpace(v.Series + " " + v.Number)
		for _, t := range v.Rows {
			if !t.Counted {
				continue
			}
			d := rowDate(v, t)
			l := socdw.LedgerLine{Ref: socdw.CellRef{File: m.x.file, Row: t.Line}, Kind: socdw.LedgerVoucher,
				Date: d, Period: monthOf(d), Account: t.Account, AccountName: m.accounts[t.Account],
				Voucher: m.clean(number, v.Line, "#VER: the voucher's number"), Amount: socdw.Some(t.Amount.Value)}
			if l.Text = m.clean(t.Text, t.Line, "the row's text"); l.Text == "" {
				l.Text = m.clean(v.Text, t.Line, "the voucher's text")
			}
			m.coding(&l, t.Objects)
			m.line(&l)
		}
	}
}

// rowDate is a voucher row's date: its own (transdat), else the voucher's.
func rowDate(v sie.Voucher, t sie.Trans) time.Time {
	if !t.Date.IsZero() {
		return t.Date
	}
	return v.Date
}

// monthOf is the calendar month holding t.
func monthOf(t time.Time) socdw.Period {
	return socdw.MonthsOf(t.Year(), t.Month(), t.Month())
}

// sortedPeriods returns the keys of a period set in time order.
func sortedPeriods[V any](m map[socdw.Period]V) []socdw.Period {
	out := make([]socdw.Period, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].End.Before(out[j].End)
	})
	return out
}
