package socdw

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/socdw/socdw/pseudo"
)

// Redact is the single gate every batch passes before it is shown (check)
// or stored (load): each text it carries — subjects, measures, dimension
// names and values, units, providers, labels, ledger texts, counterparties
// and voucher numbers, titles, reasons, messages, and the file and sheet of
// every cell reference — is cleaned by pseudo.Clean: a personnummer in any
// spelling becomes pseudo.Marker, a URL loses its credentials. Every
// replacement adds a personal_data finding that names the place, never
// the digits. It returns the number of texts changed; a second call finds
// nothing, so load can call it again on whatever a reader hands it.
//
// Person keys are not touched: they are keyed pseudonyms already. Lines
// written to files (BookingFiles, LedgerFiles) are not in the batch: a
// ledger line passes LedgerLine.Redact, this cleaning, before it is
// written, and load checks what it loaded from either kind of file.
func (b *Batch) Redact() int {
	r := redactor{}
	for i := range b.Tables {
		t := &b.Tables[i]
		r.ref(&t.Ref)
		r.text(&t.Title, t.Ref, "the table's title")
		r.text(&t.Kind, t.Ref, "the table's kind")
		for j := range t.Columns {
			c := &t.Columns[j]
			r.texts(t.Ref, &c.Letter, &c.Header, &c.Role, &c.Unit, &c.Evidence)
		}
	}
	for i := range b.Figures {
		f := &b.Figures[i]
		r.ref(&f.Ref)
		r.text(&f.Subject, f.Ref, "the row label")
		r.text(&f.Measure, f.Ref, "the column label")
		r.text(&f.Kommun, f.Ref, "the municipality")
		r.dimensions(f.Dimensions, f.Ref)
	}
	for i := range b.Budget {
		l := &b.Budget[i]
		r.ref(&l.Ref)
		r.text(&l.Unit, l.Ref, "the unit's name")
		r.text(&l.UnitKey, l.Ref, "the unit's key")
		r.text(&l.ParentKey, l.Ref, "the parent unit's key")
	}
	for i := range b.Care {
		c := &b.Care[i]
		r.ref(&c.Ref)
		r.texts(c.Ref, &c.TargetGroup, &c.Form, &c.Regi)
	}
	for i := range b.PlacementCounts {
		c := &b.PlacementCounts[i]
		r.ref(&c.Ref)
		r.texts(c.Ref, &c.TargetGroup, &c.Form, &c.FormLabel, &c.Regi, &c.LegalBasis)
	}
	for i := range b.Placements {
		p := &b.Placements[i]
		r.ref(&p.Ref)
		r.texts(p.Ref, &p.TargetGroup, &p.Form, &p.FormLabel, &p.Regi, &p.LegalBasis, &p.Provider)
	}
	for i := range b.Ledger {
		l := &b.Ledger[i]
		r.ref(&l.Ref)
		r.ledgerTexts(l)
	}
	for i := range b.Bookings.Units {
		u := &b.Bookings.Units[i]
		r.texts(CellRef{}, &u.Ansvar, &u.Name, &u.UnitKey)
	}
	for i := range b.Bookings.Accounts {
		k := &b.Bookings.Accounts[i]
		r.texts(CellRef{}, &k.Konto, &k.Name)
	}
	for i := range b.Rejects {
		j := &b.Rejects[i]
		r.ref(&j.Ref)
		r.text(&j.Reason, j.Ref, "a reject's reason")
	}
	for i := range b.Findings {
		f := &b.Findings[i]
		r.ref(&f.Ref)
		r.text(&f.Kind, f.Ref, "a finding's kind")
		r.text(&f.Message, f.Ref, "a finding's message")
	}
	b.Findings = append(b.Findings, r.found...)
	return r.n
}

// Redact cleans the texts of a ledger line as Batch.Redact does, all but
// its cell reference's file and sheet (a ledger file writes those once,
// not per line): the gate a line passes before it is written to a ledger
// file (LedgerFiles), where Batch.Redact no longer sees it. It returns
// the number of texts changed and a personal_data finding per change.
func (l *LedgerLine) Redact() (int, []Finding) {
	r := redactor{}
	r.ledgerTexts(l)
	return r.n, r.found
}

func (r *redactor) ledgerTexts(l *LedgerLine) {
	r.texts(l.Ref, &l.Kind, &l.Ansvar, &l.AnsvarName, &l.UnitKey, &l.Account, &l.AccountName, &l.Verksamhet,
		&l.Counterparty, &l.Voucher, &l.Text)
	r.dimensions(l.Dimensions, l.Ref)
}

// redactor collects the findings of one Redact call.
type redactor struct {
	n     int
	found []Finding
	seen  map[string]bool // one finding per file/sheet name, not one per cell
}

func (r *redactor) text(s *string, ref CellRef, what string) {
	out, pnr := pseudo.Clean(*s)
	if out == *s {
		return
	}
	*s = out
	r.n++
	if pnr > 0 {
		r.found = append(r.found, Finding{Ref: ref, Kind: FindingPersonalData,
			Message: fmt.Sprintf("%s: %s held a value shaped like a personnummer; it was replaced by %s", ref, what, pseudo.Marker)})
	}
}

func (r *redactor) texts(ref CellRef, ss ...*string) {
	for _, s := range ss {
		r.text(s, ref, "a text")
	}
}

// dimensions cleans a row's dimension headers and values in place.
func (r *redactor) dimensions(ds []Dimension, ref CellRef) {
	for i := range ds {
		r.text(&ds[i].Name, ref, "a dimension's name")
		r.text(&ds[i].Value, ref, "a dimension's value")
	}
}

// ref cleans a cell reference's file and sheet names: a personnummer in
// a sheet's or file's name is stored and shown with the number replaced.
func (r *redactor) ref(c *CellRef) {
	file, fn := cleanName(c.File)
	sheet, sn := pseudo.Clean(c.Sheet)
	if file == c.File && sheet == c.Sheet {
		return
	}
	c.File, c.Sheet = file, sheet
	r.n++
	if fn+sn == 0 {
		return
	}
	key := file + "\x00" + sheet
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	what := "the sheet's name"
	if fn > 0 {
		what = "the file's name"
	}
	r.found = append(r.found, Finding{Ref: CellRef{File: file, Sheet: sheet}, Kind: FindingPersonalData,
		Message: what + " held a value shaped like a personnummer; it is stored and shown with the number replaced"})
}

// CleanText is pseudo.Clean for a text outside a batch (a file name, an
// error): what load stores in load_log and what every command prints.
func CleanText(s string) string { return pseudo.CleanString(s) }

// CleanName is CleanText for a file's name as socdw stores it: a URL is
// cleaned whole; of a local path only the file's own name is, since the
// directories are the administrator's configuration (the source's path),
// not the sender's, and cleaning them would turn an unlucky directory
// (a temporary directory with a ten-digit number) into another name.
func CleanName(name string) string {
	out, _ := cleanName(name)
	return out
}

func cleanName(name string) (string, int) {
	if strings.Contains(name, "://") {
		return pseudo.Clean(name)
	}
	dir, base := filepath.Split(name)
	base, n := pseudo.Clean(base)
	return dir + base, n
}
