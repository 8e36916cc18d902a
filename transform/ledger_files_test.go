package transform

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/internal/fixture"
)

// partLines reads every line of a batch's ledger files, split into its
// columns (socdw.LedgerColumns).
func partLines(t *testing.T, lf socdw.LedgerFiles) [][]string {
	t.Helper()
	var out [][]string
	for _, p := range lf.Parts {
		f, err := os.Open(p.Path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			out = append(out, strings.Split(sc.Text(), "\t"))
		}
		f.Close()
	}
	return out
}

// ledgerFileAmounts is the amount of each line of a batch's ledger
// files, by its row in the source.
func ledgerFileAmounts(t *testing.T, b *socdw.Batch) map[int]socdw.Amount {
	t.Helper()
	out := map[int]socdw.Amount{}
	for _, l := range partLines(t, b.LedgerFiles) {
		a, err := socdw.ParseAmount(l[15], socdw.UnitKr)
		row, rerr := strconv.Atoi(l[18])
		if err != nil || rerr != nil {
			t.Fatalf("line %q: %v %v", l, err, rerr)
		}
		out[row] = a
	}
	return out
}

// A ledger's lines are written to a ledger file as they are read, not
// held in the batch; its budget_deviation rows are summed on the way, and
// a sole trader's line is written without its name and number.
func TestLedgerLinesAreWrittenNotHeld(t *testing.T) {
	const n = 4000
	path, want, err := fixture.LedgerLarge(t.TempDir(), n)
	if err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), path, Options{TmpDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if len(b.Ledger) != 0 || b.LedgerFiles.Rows != n || b.Rows() != n+len(b.Budget) {
		t.Fatalf("%d lines held, %d written, %d rows; want 0, %d", len(b.Ledger), b.LedgerFiles.Rows, b.Rows(), n)
	}
	// The fixture's sums, added up as it wrote each line.
	got := map[string]socdw.Amount{}
	for _, l := range b.Budget {
		got[l.Unit] += l.Actual.Amount
	}
	for i, u := range fixture.LedgerLargeUnits {
		if got[u] != socdw.Amount(want.PerUnit[i]) {
			t.Errorf("%s: %s, want %s", u, got[u], socdw.Amount(want.PerUnit[i]))
		}
	}
	if got[ledgerTotalUnit] != socdw.Amount(want.Sum) {
		t.Errorf("total %s, want %s", got[ledgerTotalUnit], socdw.Amount(want.Sum))
	}
	personal := 0
	for _, f := range b.Findings {
		if f.Kind == socdw.FindingPersonalData {
			personal++
		}
	}
	if personal != want.SoleTraders || want.SoleTraders != n/1000 {
		t.Errorf("%d personal_data findings, want one per sole trader's line (%d)", personal, want.SoleTraders)
	}
	lines := partLines(t, b.LedgerFiles)
	if len(lines) != n {
		t.Fatalf("%d lines in the files, want %d", len(lines), n)
	}
	pnr := strings.ReplaceAll(fixture.SoleTraderOrgNr[0], "-", "")
	for _, l := range lines {
		if len(l) != len(socdw.LedgerColumns) {
			t.Fatalf("%d columns, want %d: %q", len(l), len(socdw.LedgerColumns), l)
		}
		if strings.Contains(strings.ReplaceAll(strings.Join(l, " "), "-", ""), pnr[2:]) {
			t.Fatalf("a line holds the sole trader's number: row %s", l[18])
		}
	}
	// Line i of the fixture is row i+2 of the file; without aliases a
	// förvaltning is its own unit key. Line 0: Nordost,
	// Leverantör 0 AB, 556610-0000, invoice 70000000, 46000 Konto 0,
	// a credit note of −100.00.
	if got, want := strings.Join(lines[0], "|"),
		"invoice||2016-03-01|2016-03-31||Socialförvaltningen Nordost|Socialförvaltningen Nordost|46000|Konto 0||Org.nr|556610-0000|Leverantör 0 AB|70000000||-100.00|||2"; got != want {
		t.Errorf("line 0:\n%s\nwant\n%s", got, want)
	}
	// Line 999, row 1001: a sole trader; 1 099.99 kr, no counterparty and
	// no org number.
	if got, want := strings.Join(lines[999], "|"),
		"invoice||2016-03-01|2016-03-31||Kommunledningsförvaltningen|Kommunledningsförvaltningen|46499|Konto 499|||||70000999||1099.99|||1001"; got != want {
		t.Errorf("line 999:\n%s\nwant\n%s", got, want)
	}
}

// The writer cleans a line's texts with the gate Batch.Redact applies,
// and keeps the characters that would break the format out of it.
func TestLedgerWriterCleansAndEscapes(t *testing.T) {
	x := &reportFile{b: &socdw.Batch{}, opt: Options{TmpDir: t.TempDir()}}
	defer x.b.Close()
	w, err := x.newLedgerWriter("Blad1")
	if err != nil {
		t.Fatal(err)
	}
	march := socdw.Period{Start: time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2016, 3, 31, 0, 0, 0, 0, time.UTC)}
	pnr := fixture.Personnummer("19550505", "783", fixture.PnrShort)
	l := socdw.LedgerLine{Ref: socdw.CellRef{File: "x.csv", Sheet: "Blad1", Row: 7}, Kind: socdw.LedgerVoucher,
		Date: time.Date(2016, 3, 15, 0, 0, 0, 0, time.UTC), Period: march, Account: "4610",
		Text: "Ersättning " + pnr + "\tavser\r\nmars", Amount: socdw.Some(123_45),
		Dimensions: []socdw.Dimension{{Name: "Projekt", Value: "P1"}, {Name: "Akt\x1fivitet", Value: "A 2"}}}
	if err := w.write(&l); err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	lines := partLines(t, x.b.LedgerFiles)
	want := "voucher|2016-03-15|2016-03-01|2016-03-31||||4610|||Projekt\x1fAkt ivitet|P1\x1fA 2||" +
		"|Ersättning [personnummer] avser  mars|123.45||Blad1|7"
	if len(lines) != 1 || strings.Join(lines[0], "|") != want {
		t.Fatalf("written %q, want %q", lines, want)
	}
	if len(x.b.Findings) != 1 || x.b.Findings[0].Kind != socdw.FindingPersonalData || strings.Contains(x.b.Findings[0].Message, pnr[7:]) {
		t.Errorf("findings %+v, want one personal_data finding without the digits", x.b.Findings)
	}
}
