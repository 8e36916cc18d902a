package transform

import (
	"bufio"
	"os"
	"strconv"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/pseudo"
)

// ledgerWriter writes the ledger lines of one sheet to a normalised file
// (socdw.LedgerColumns) as they are read, so that a ledger of millions of
// lines is read in the memory of one line: nothing of a line is kept but
// its amount in its unit's month (ledgerReader.sums). Each line's texts
// pass LedgerLine.Redact, the gate Batch.Redact applies to held lines,
// before a byte of them is written.
type ledgerWriter struct {
	x     *reportFile
	path  string
	f     *os.File
	w     *bufio.Writer
	sheet []byte // the sheet's name, cleaned and escaped once
	buf   []byte
	rows  int
}

// newLedgerWriter opens a new part in the batch's temporary directory.
func (x *reportFile) newLedgerWriter(sheet string) (*ledgerWriter, error) {
	dir, err := x.bookingDir()
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "ledger-*.tsv")
	if err != nil {
		return nil, err
	}
	clean, _ := pseudo.Clean(sheet) // its finding comes from the table's reference, in Batch.Redact
	return &ledgerWriter{x: x, path: f.Name(), f: f, w: bufio.NewWriterSize(f, 1<<18),
		sheet: appendLedgerText(nil, clean, false)}, nil
}

// write cleans and writes one line.
func (lw *ledgerWriter) write(l *socdw.LedgerLine) error {
	if n, found := l.Redact(); n > 0 {
		lw.x.b.Findings = append(lw.x.b.Findings, found...)
	}
	d := lw.buf[:0]
	d = appendLedgerText(d, l.Kind, true)
	d = appendDate(d, l.Date)
	d = appendDate(d, l.Period.Start)
	d = appendDate(d, l.Period.End)
	for _, s := range []string{l.Ansvar, l.AnsvarName, l.UnitKey, l.Account, l.AccountName, l.Verksamhet} {
		d = appendLedgerText(d, s, true)
	}
	for i, d0 := range l.Dimensions {
		if i > 0 {
			d = append(d, socdw.LedgerDimSep)
		}
		d = appendLedgerText(d, d0.Name, false)
	}
	d = append(d, '\t')
	for i, d0 := range l.Dimensions {
		if i > 0 {
			d = append(d, socdw.LedgerDimSep)
		}
		d = appendLedgerText(d, d0.Value, false)
	}
	d = append(d, '\t')
	for _, s := range []string{l.Counterparty, l.Voucher, l.Text} {
		d = appendLedgerText(d, s, true)
	}
	d = appendAmount(d, l.Amount)
	d = append(d, '\t')
	d = appendAmount(d, l.Budget)
	d = append(d, '\t')
	d = append(d, lw.sheet...)
	d = append(d, '\t')
	d = strconv.AppendInt(d, int64(l.Ref.Row), 10)
	d = append(d, '\n')
	lw.buf = d
	lw.rows++
	_, err := lw.w.Write(d)
	return err
}

// close flushes the part and adds it to the batch. A sheet that fails
// leaves its part in the batch's directory, which Batch.Close removes
// with the failed file's batch.
func (lw *ledgerWriter) close() error {
	err := lw.w.Flush()
	if cerr := lw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if lw.rows > 0 {
		lw.x.b.LedgerFiles.Parts = append(lw.x.b.LedgerFiles.Parts, socdw.BookingPart{Path: lw.path})
		lw.x.b.LedgerFiles.Rows += lw.rows
	} else {
		os.Remove(lw.path)
	}
	return nil
}

// appendLedgerText appends a text with the characters that would break
// the format (tab, line breaks, the dimension separator) turned into
// spaces, and a tab when tab is set.
func appendLedgerText(dst []byte, s string, tab bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\t', '\n', '\r', socdw.LedgerDimSep:
			c = ' '
		}
		dst = append(dst, c)
	}
	if tab {
		dst = append(dst, '\t')
	}
	return dst
}

// appendDate appends a date (YYYY-MM-DD) and a tab; a zero date is empty
// (NULL).
func appendDate(d []byte, t time.Time) []byte {
	if !t.IsZero() {
		d = t.AppendFormat(d, time.DateOnly)
	}
	return append(d, '\t')
}
