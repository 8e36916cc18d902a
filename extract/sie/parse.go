package sie

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// Errors of a file as a whole.
var (
	ErrNoYear      = errors.New("no #RAR: the file does not say which financial year it holds (#RAR 0 YYYYMMDD YYYYMMDD)")
	ErrUnknownType = errors.New("unknown #SIETYP: socdw reads SIE types 1, 2, 3 and 4 (4E and 4I)")
	ErrTruncated   = errors.New("the file opens with #KSUMMA but has no closing #KSUMMA: it was cut off; export it again")
)

// Parse reads a SIE file. A malformed line fails the whole file with an
// *extract.Error naming the file and line; unknown labels and unknown
// trailing fields are ignored, as the specification requires.
func Parse(name string, data []byte) (*File, error) {
	text, enc := decode(data)
	p := &parser{f: &File{Name: name, Encoding: enc, Years: map[int]Year{}, Accounts: map[string]*Account{},
		Dims: map[int]*Dim{}, Objects: map[Object]Named{}}}
	if err := p.run(text); err != nil {
		return nil, err
	}
	return p.f, nil
}

type parser struct {
	f       *File
	line    int
	ver     *Voucher // the voucher whose block is being read
	verOpen bool     // its '{' was seen
	ksumma  int      // #KSUMMA labels: the opening one and the closing one
	ksumVal bool
}

func (p *parser) fail(line int, err error) error {
	return &extract.Error{Ref: socdw.CellRef{File: p.f.Name, Row: line}, Err: err}
}

func (p *parser) run(text string) error {
	for len(text) > 0 {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		p.line++
		line = strings.Trim(line, " \t\r\x1a") // \x1a: the DOS end of file old exporters append
		if line == "" {
			continue
		}
		if err := p.record(line); err != nil {
			return p.fail(p.line, err)
		}
	}
	if p.ver != nil {
		return p.fail(p.ver.Line, errors.New("#VER: its { … } block is not closed with '}'"))
	}
	if p.f.Type == "" && len(p.f.Years) > 0 {
		p.f.Type = "1" // the specification: no #SIETYP means type 1
	}
	if len(p.f.Years) == 0 {
		return p.fail(0, ErrNoYear)
	}
	if p.ksumma == 1 && !p.ksumVal {
		return p.fail(0, ErrTruncated)
	}
	return nil
}

func (p *parser) record(line string) error {
	switch line {
	case "{":
		if p.ver == nil || p.verOpen {
			return errors.New("a '{' that opens no #VER block")
		}
		p.verOpen = true
		return nil
	case "}":
		if p.ver == nil || !p.verOpen {
			return errStray
		}
		markCounted(p.ver.Rows)
		p.f.Vouchers = append(p.f.Vouchers, *p.ver)
		p.ver, p.verOpen = nil, false
		return nil
	}
	if line[0] != '#' {
		return errors.New("a line that is no record: it does not start with a #LABEL")
	}
	fs, err := splitFields(line)
	if err != nil {
		return err
	}
	label := strings.ToUpper(fs[0].Text)
	args := fs[1:]
	if n := len(args); n > 0 && args[n-1].Open && !truncatedText(label, n-1) {
		return errQuote
	}
	p.f.Records++
	if p.ver != nil && !p.verOpen {
		return fmt.Errorf("#VER at line %d is not followed by its '{'", p.ver.Line)
	}
	inBlock := p.ver != nil
	switch label {
	case "#TRANS", "#RTRANS", "#BTRANS":
		if !inBlock {
			return fmt.Errorf("%s outside a #VER block", label)
		}
		t, err := p.trans(label, args)
		if err != nil {
			return err
		}
		p.ver.Rows = append(p.ver.Rows, t)
		return nil
	}
	if inBlock {
		// Only voucher rows belong in a block; an unknown label there is
		// ignored like anywhere else, a known one means a lost '}'.
		if knownLabels[label] {
			return fmt.Errorf("%s inside the block of #VER at line %d: a '}' is missing", label, p.ver.Line)
		}
		return nil
	}
	return p.header(label, args)
}

// truncatedText reports whether field i of a record is a voucher's or a
// row's free text, which some exporters (SoftOne Business) cut at a fixed
// width, closing quote and all: it is read to the end of the line. Any
// other unclosed quote fails the line.
func truncatedText(label string, i int) bool {
	switch label {
	case "#TRANS", "#RTRANS", "#BTRANS":
		return i == 3 || i == 4 // after the date, with or without an object list
	case "#VER":
		return i == 3
	}
	return false
}

// knownLabels are the labels socdw reads outside a voucher block.
var knownLabels = map[string]bool{
	"#FLAGGA": true, "#FORMAT": true, "#SIETYP": true, "#PROGRAM": true, "#FNAMN": true, "#RAR": true,
	"#KONTO": true, "#KTYP": true, "#DIM": true, "#UNDERDIM": true, "#OBJEKT": true, "#IB": true, "#UB": true,
	"#RES": true, "#OIB": true, "#OUB": true, "#PSALDO": true, "#PBUDGET": true, "#VER": true, "#KSUMMA": true,
}

func (p *parser) header(label string, a []field) error {
	f := p.f
	switch label {
	case "#FORMAT":
		f.Format = text(a, 0)
	case "#SIETYP":
		t := strings.ToUpper(text(a, 0))
		switch t {
		case "1", "2", "3", "4", "4E", "4I":
			f.Type = t[:1]
		default:
			return fmt.Errorf("%w (the file says %q)", ErrUnknownType, short(t))
		}
	case "#PROGRAM":
		f.Program = strings.TrimSpace(text(a, 0) + " " + text(a, 1))
	case "#FNAMN":
		f.Company, f.CompanyLine = strings.TrimSpace(text(a, 0)), p.line
	case "#RAR":
		n, err := yearNo(a, 0)
		if err != nil {
			return err
		}
		start, err := date(label, "start", a, 1)
		if err != nil {
			return err
		}
		end, err := date(label, "end", a, 2)
		if err != nil {
			return err
		}
		// Import files (4I) may leave the dates out: the year is then
		// known by its number only.
		if !start.IsZero() && !end.IsZero() && end.Before(start) {
			return errors.New("#RAR: the year ends before it starts")
		}
		f.Years[n] = Year{Start: start, End: end, Line: p.line}
	case "#KONTO":
		if err := need(label, a, 1, "account"); err != nil {
			return err
		}
		acc := p.account(a[0].Text)
		acc.Name, acc.Line = text(a, 1), p.line
	case "#KTYP":
		if len(a) >= 2 { // an account without its type says nothing
			p.account(a[0].Text).Type = strings.ToUpper(a[1].Text)
		}
	case "#DIM", "#UNDERDIM":
		d, err := dimNo(label, a, 0)
		if err != nil {
			return err
		}
		x := &Dim{Name: text(a, 1)}
		if label == "#UNDERDIM" && len(a) > 2 {
			x.Parent, _ = strconv.Atoi(a[2].Text)
		}
		f.Dims[d] = x
	case "#OBJEKT":
		d, err := dimNo(label, a, 0)
		if err != nil {
			return err
		}
		if err := need(label, a, 2, "dimension and object"); err != nil {
			return err
		}
		f.Objects[Object{Dim: d, Code: a[1].Text}] = Named{Name: text(a, 2), Line: p.line}
	case "#IB", "#UB", "#RES", "#OIB", "#OUB":
		return p.balance(label, a)
	case "#PSALDO", "#PBUDGET":
		return p.period(label, a)
	case "#VER":
		return p.voucher(a)
	case "#KSUMMA":
		p.ksumma++
		if len(a) > 0 && a[0].Text != "" {
			p.ksumVal = true
		}
	}
	return nil
}

func (p *parser) account(no string) *Account {
	a := p.f.Accounts[no]
	if a == nil {
		a = &Account{}
		p.f.Accounts[no] = a
	}
	return a
}

// balance reads #IB/#UB/#RES yearno account amount, and #OIB/#OUB with
// an object list after the account.
func (p *parser) balance(label string, a []field) error {
	n, err := yearNo(a, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	i := 1
	b := Balance{Label: label, Line: p.line, Year: n}
	if b.Account, err = accountAt(label, a, i); err != nil {
		return err
	}
	i++
	if label == "#OIB" || label == "#OUB" {
		var n int
		if b.Objects, n, err = objectsAt(label, a, i); err != nil {
			return err
		}
		i += n
	}
	if b.Amount, err = amountAt(label, a, i); err != nil {
		return err
	}
	p.f.Balances = append(p.f.Balances, b)
	return nil
}

// period reads #PSALDO/#PBUDGET yearno period account {objects} amount.
func (p *parser) period(label string, a []field) error {
	year, err := yearNo(a, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	r := PeriodAmount{Label: label, Line: p.line, Year: year}
	if r.Month, err = month(label, a, 1); err != nil {
		return err
	}
	if r.Account, err = accountAt(label, a, 2); err != nil {
		return err
	}
	var n int
	if r.Objects, n, err = objectsAt(label, a, 3); err != nil {
		return err
	}
	if r.Amount, err = amountAt(label, a, 3+n); err != nil {
		return err
	}
	p.f.Periods = append(p.f.Periods, r)
	return nil
}

// voucher reads #VER series number date text …; its rows follow in a block.
func (p *parser) voucher(a []field) error {
	v := &Voucher{Line: p.line, Series: text(a, 0), Number: text(a, 1), Text: text(a, 3)}
	d, err := date("#VER", "date", a, 2)
	if err != nil {
		return err
	}
	if d.IsZero() {
		return errors.New("#VER: the voucher has no date (YYYYMMDD)")
	}
	v.Date = d
	p.ver, p.verOpen = v, false
	return nil
}

// trans reads #TRANS account {objects} amount transdat transtext ….
func (p *parser) trans(label string, a []field) (Trans, error) {
	t := Trans{Label: label, Line: p.line}
	var err error
	if t.Account, err = accountAt(label, a, 0); err != nil {
		return t, err
	}
	var n int
	if t.Objects, n, err = objectsAt(label, a, 1); err != nil {
		return t, err
	}
	if t.Amount, err = amountAt(label, a, 1+n); err != nil {
		return t, err
	}
	if t.Date, err = date(label, "transaction date", a, 2+n); err != nil {
		return t, err
	}
	t.Text = text(a, 3+n)
	return t, nil
}

// markCounted decides which rows make a voucher (see Trans.Counted).
func markCounted(rows []Trans) {
	for i := range rows {
		switch rows[i].Label {
		case "#TRANS":
			rows[i].Counted = true
		case "#RTRANS":
			rows[i].Counted = !(i+1 < len(rows) && rows[i+1].Label == "#TRANS" && sameRow(rows[i], rows[i+1]))
		}
	}
}

// sameRow: the #TRANS that repeats an #RTRANS has its account, objects
// and amount (its date and text may be the voucher's own).
func sameRow(a, b Trans) bool {
	if a.Account != b.Account || a.Amount.Value != b.Amount.Value || len(a.Objects) != len(b.Objects) {
		return false
	}
	for i := range a.Objects {
		if a.Objects[i] != b.Objects[i] {
			return false
		}
	}
	return true
}
