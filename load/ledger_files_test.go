package load

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw"
)

// ledgerPart writes one ledger file (socdw.LedgerColumns) of the given
// lines, each its columns joined by '|' (written as tabs).
func ledgerPart(t *testing.T, dir, name string, lines ...string) socdw.LedgerFiles {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(strings.Join(lines, "\n")+"\n", "|", "\t")), 0o644); err != nil {
		t.Fatal(err)
	}
	return socdw.LedgerFiles{Parts: []socdw.BookingPart{{Path: path}}, Rows: len(lines)}
}

// newTestWarehouse opens a new warehouse in a test's directory, closed
// when the test ends.
func newTestWarehouse(t *testing.T) (context.Context, string, *Warehouse) {
	t.Helper()
	ctx, dir := context.Background(), t.TempDir()
	w, err := Open(ctx, filepath.Join(dir, "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return ctx, dir, w
}

// Ledger files land in the ledger view as held lines do: dimensions as a
// map in column order, NULL for an empty field, amounts exact, the sheet
// and row of each line; the load's settings end with its transaction.
func TestLedgerFilesLoad(t *testing.T) {
	ctx, dir, w := newTestWarehouse(t)
	setting := func(name string) string {
		var v string
		if err := w.DB().QueryRowContext(ctx, `SELECT current_setting('`+name+`')::VARCHAR`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	limit, threads := setting("memory_limit"), setting("threads")
	lf := ledgerPart(t, dir, "ok.tsv",
		"invoice||2016-03-01|2016-03-31||Socialförvaltningen|Socialförvaltningen|46362|Köp medicinskt||Org.nr\x1fVerifikationsnummer|556123-4567\x1fV1|Vård AB|9001||12500.50||Blad1|2",
		"invoice|2016-03-15|2016-03-01|2016-03-31||Socialförvaltningen|Socialförvaltningen|46362||||||9002||-250.00||Blad1|3")
	a := Attempt{LoadID: 1, RunID: 1, Source: "s", Kommun: "K", File: "/in/lev_2016-03.xlsx", SHA256: "x", Fingerprint: "f"}
	if _, err := w.Replace(ctx, a, &socdw.Batch{LedgerFiles: lf}); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	rows, err := w.DB().QueryContext(ctx, `SELECT concat_ws('|', line_kind, coalesce(booking_date::VARCHAR, 'NULL'), ansvar_name,
		coalesce(account_name, 'NULL'), CAST(dimensions AS VARCHAR), coalesce(counterparty, 'NULL'), voucher, amount_sek,
		source_file, source_sheet, source_row) FROM ledger ORDER BY source_row`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	rows.Close()
	want := []string{
		"invoice|NULL|Socialförvaltningen|Köp medicinskt|{Org.nr=556123-4567, Verifikationsnummer=V1}|Vård AB|9001|12500.50|/in/lev_2016-03.xlsx|Blad1|2",
		"invoice|2016-03-15|Socialförvaltningen|NULL|{}|NULL|9002|-250.00|/in/lev_2016-03.xlsx|Blad1|3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ledger:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, n := setting("memory_limit"), setting("threads"); v != limit || n != threads {
		t.Errorf("after the load: memory_limit %s, threads %s; want %s, %s", v, n, limit, threads)
	}
}

// A ledger file whose texts hold a personnummer (in a column or a
// dimension) or a URL's password is refused whole, without either in the
// error.
func TestLedgerFilesAreGated(t *testing.T) {
	ctx, dir, w := newTestWarehouse(t)
	const pnr = "550505 7836" // a space and a wrong check digit: still a person
	good := "invoice||2016-03-01|2016-03-31||Soc|Soc|4610|||||Vård AB|9001||10.00|||2"
	for i, bad := range []string{
		"invoice||2016-03-01|2016-03-31||Soc|Soc|4610|||||Kalle " + pnr + "|9002||10.00|||3",
		"invoice||2016-03-01|2016-03-31||Soc|Soc|4610|||Org.nr|" + pnr + "||9002||10.00|||3",
		"invoice||2016-03-01|2016-03-31||Soc|Soc|4610||||||9002|se https://kalle:hemligt@example.se/x|10.00|||3",
	} {
		lf := ledgerPart(t, dir, "bad.tsv", good, bad)
		a := Attempt{LoadID: int64(i + 1), RunID: 1, Source: "s", Kommun: "K", File: "/in/lev.csv", SHA256: "x", Fingerprint: "f"}
		_, err := w.Replace(ctx, a, &socdw.Batch{LedgerFiles: lf})
		if err == nil || !strings.Contains(err.Error(), "personnummer or a secret") ||
			strings.Contains(err.Error(), "7836") || strings.Contains(err.Error(), "hemligt") {
			t.Errorf("line %d: err = %v", i, err)
		}
	}
	var n int
	w.DB().QueryRow(`SELECT count(*) FROM fact_ledger`).Scan(&n)
	if n != 0 {
		t.Errorf("%d ledger rows stored", n)
	}
}
