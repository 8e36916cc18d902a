package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

// digits10 is the part of a personnummer that identifies the person in
// every spelling: YYMMDDNNNC.
func digits10(pnr string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, pnr)
	return d[len(d)-10:]
}

// squeeze drops the separators a personnummer may be written with, so a
// number is found however it was spelled.
func squeeze(s string) string {
	return strings.NewReplacer("-", "", "+", "", " ", "", "\u00a0", "", "\u2013", "").Replace(s)
}

// assertNoneIn fails when any of the personnummer is in s, in any spelling.
func assertNoneIn(t *testing.T, what, s string, pnrs []string) {
	t.Helper()
	sq := squeeze(s)
	for _, p := range pnrs {
		if d := digits10(p); strings.Contains(s, d) || strings.Contains(sq, d) {
			t.Errorf("%s holds the personnummer %s…", what, d[:2])
		}
	}
}

// dumpDB is every value of every table of a DuckDB file, as text.
func dumpDB(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	_, tables, err := query(ctx, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tb := range tables {
		_, rows, err := query(ctx, db, fmt.Sprintf(`SELECT * FROM %q`, *tb[0]))
		if err != nil {
			t.Fatalf("%s: %v", *tb[0], err)
		}
		for _, r := range rows {
			for _, v := range r {
				if v != nil {
					b.WriteString(*v + "\t")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// xlsxText is every cell and sheet name of a workbook, read back.
func xlsxText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		b.WriteString(sh + "\n")
		rows, _ := f.GetRows(sh, excelize.Options{RawCellValue: true})
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	// And the raw XML inside the zip, in case a reader hides something.
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		b.Write(x)
	}
	return b.String()
}

// Files hiding personnummer everywhere a careless case worker or an
// attacker would put them: an export of individuals under an unknown
// column name, another with its header below row 30, a number cell, row
// labels with a wrong check digit or a space, a sheet's name and a
// file's name. Afterwards no digit sequence of theirs is found in any
// table of the warehouse or the published copy, in the raw database
// files, the console and JSON logs, check, status or the exports — while
// the placements load, pseudonymised, with costs computed by hand.
func TestNoPersonnummerAnywhere(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-10-31\n    as_of: 2017-12-31\n")
	os.WriteFile(h.config, []byte("publish: pub/socdw.duckdb\n"+mustRead(t, h.config)), 0o644)

	child1 := fixture.Personnummer("20120905", "980", fixture.PnrLong)    // text, under "Födelsenummer"
	child2 := fixture.Personnummer("20070622", "986", fixture.PnrCompact) // a 12-digit number cell
	adult := fixture.Personnummer("19800101", "998", fixture.PnrShort)    // "Person-nr", header on row 35
	valid := fixture.Personnummer("19550505", "783", fixture.PnrLong)
	wrongCheck := valid[:12] + string('0'+(valid[12]-'0'+1)%10) // check digit off by one
	spaced := strings.Replace(fixture.Personnummer("19600101", "123", fixture.PnrLong), "-", " ", 1)
	numberCell := fixture.Personnummer("19700101", "123", fixture.PnrCompact)
	inSheet := fixture.Personnummer("19450315", "456", fixture.PnrLong)
	inFile := fixture.Personnummer("19900909", "321", fixture.PnrLong)
	inBadFile := fixture.Personnummer("19851111", "555", fixture.PnrLong)
	all := []string{child1, child2, adult, wrongCheck, spaced, numberCell, inSheet, inFile, inBadFile}

	// 1. A placement workbook whose personnummer column is "Födelsenummer".
	d := func(m time.Month, day int) time.Time { return time.Date(2017, m, day, 0, 0, 0, 0, time.UTC) }
	f := newSheet(t, [][]any{
		{"Födelsenummer", "Namn", "Insats", "Regi", "Lagrum", "Startdatum", "Slutdatum", "Dygnspris"},
		{child1, "Anna Berg", "HVB", "Extern", "LVU", d(7, 13), d(8, 1), 4304.25},
		{mustInt(t, child2), "Bo Ek", "Familjehem", "Egen regi", "SoL", d(3, 1), d(3, 31), 1000},
	})
	if err := f.SaveAs(filepath.Join(h.inbox, "utdrag.xlsx")); err != nil {
		t.Fatal(err)
	}
	// 2. A case-system CSV with "Person-nr" on line 35, under a preamble.
	var csv strings.Builder
	for i := 1; i <= 34; i++ {
		fmt.Fprintf(&csv, "Utdrag ur verksamhetssystemet;rad %d\r\n", i)
	}
	csv.WriteString("Person-nr;Målgrupp;Insats;Regi;Lagrum;Startdatum;Slutdatum;Dygnspris\r\n")
	csv.WriteString(adult + ";Socialpsykiatri;Stödboende;Extern;SoL;2017-06-01;2017-06-10;1500\r\n")
	os.WriteFile(filepath.Join(h.inbox, "verksamhet.csv"), []byte(csv.String()), 0o644)
	// 3. A report: labels with a wrong check digit and a space, a number
	// cell, a sheet named after a person, a file named after another.
	r := newSheet(t, [][]any{
		{"Verksamhet", "Budget", "Utfall"},
		{"Barn och unga", 86486, 88552},
		{"Familjen Berg " + wrongCheck, 100, 200},
		{"Familjen Ek " + spaced, 300, 400},
		{"Vuxna", 500, mustInt(t, numberCell)},
	})
	r.SetSheetName("Sheet1", "Berg "+inSheet)
	reportFile := filepath.Join(h.inbox, "rapport "+inFile+".xlsx")
	if err := r.SaveAs(reportFile); err != nil {
		t.Fatal(err)
	}
	// 4. A file that fails, named after a person: its error is stored.
	os.WriteFile(filepath.Join(h.inbox, "trasig "+inBadFile+".csv"), []byte("bara prosa här\r\n"), 0o644)

	st, out, jsonLog := h.run("run", "--log-format", "json")
	if st != ExitFailed { // the broken file fails; the others load
		t.Fatalf("run: %d\n%s\n%s", st, out, jsonLog)
	}
	// The placements of both exports load, pseudonymised. By hand:
	// March 1–31 × 1 000 = 31 000; June 1–10 × 1 500 = 15 000;
	// July 13–31 = 19 × 4 304,25 = 81 780,75; August 1 × 4 304,25.
	sameLines(t, h.lines(`SELECT period_start || ' ' || care_days || ' ' || cost_sek FROM placements ORDER BY period_start`),
		[]string{"2017-03-01 31.00 31000.00", "2017-06-01 10.00 15000.00", "2017-07-01 19.00 81780.75", "2017-08-01 1.00 4304.25"})
	if v := h.one(`SELECT count(DISTINCT person_key) || ' ' || min(length(person_key)) FROM fact_placement`); v != "3 64" {
		t.Errorf("person keys: %s, want three 64-character pseudonyms", v)
	}
	// The report's rows named after people are not loaded; the others are.
	sameLines(t, h.lines(`SELECT unit || ' ' || coalesce(budget_sek || '', '-') || ' ' || coalesce(actual_sek || '', '-') FROM budget_deviation ORDER BY unit`),
		[]string{"Barn och unga 86486.00 88552.00", "Vuxna 500.00 -"})
	if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'personal_data'`); len(n) == 1 && n < "4" {
		t.Errorf("personal_data findings: %s, want one per label, the number cell, the sheet and the file", n)
	}
	if n := h.one(`SELECT count(*) FROM load_log WHERE file LIKE '%rapport [personnummer%.xlsx'`); n != "1" {
		t.Errorf("the report's file name is not stored with a marker: %v", h.lines(`SELECT file FROM load_log`))
	}

	// Everything a person or a program can see afterwards.
	_, checkOut, consoleLog := h.run("check", "--source", "test", reportFile, filepath.Join(h.inbox, "utdrag.xlsx"), filepath.Join(h.inbox, "trasig "+inBadFile+".csv"))
	_, statusOut, statusErr := h.run("status")
	exp := filepath.Join(h.dir, "exp")
	for _, args := range [][]string{
		{"export", "--format", "csv", "--out", filepath.Join(exp, "csv")},
		{"export", "--format", "csv", "--csv-dialect", "rfc", "--out", filepath.Join(exp, "rfc")},
		{"export", "--format", "xlsx", "--out", filepath.Join(exp, "xlsx")},
	} {
		if st, _, errs := h.run(args...); st != ExitOK {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	_, sqlOut, _ := h.run("sql", "--format", "json", "SELECT * FROM findings")
	texts := map[string]string{
		"run output": out, "JSON log": jsonLog, "check output": checkOut, "console log": consoleLog,
		"status": statusOut + statusErr, "sql": sqlOut,
		"warehouse tables": dumpDB(t, h.db), "published tables": dumpDB(t, filepath.Join(h.dir, "pub", "socdw.duckdb")),
		"xlsx export": xlsxText(t, filepath.Join(exp, "xlsx", "socdw.xlsx")),
	}
	for _, dir := range []string{"csv", "rfc"} {
		m, _ := filepath.Glob(filepath.Join(exp, dir, "*.csv"))
		for _, p := range m {
			b, _ := os.ReadFile(p)
			texts[dir+" export "+filepath.Base(p)] = string(b)
		}
	}
	for _, p := range []string{h.db, h.db + ".wal", filepath.Join(h.dir, "pub", "socdw.duckdb")} {
		if b, err := os.ReadFile(p); err == nil {
			texts["raw "+filepath.Base(p)] = string(b)
		}
	}
	for what, s := range texts {
		assertNoneIn(t, what, s, all)
	}
	// The findings say where, without the digits.
	contains(t, checkOut, "personal_data", "check")
	contains(t, sqlOut, "[personnummer", "findings name the place with the marker")
	if !bytes.Contains([]byte(jsonLog), []byte(`"file"`)) {
		t.Error("the JSON log has no file field: the test would prove nothing")
	}
}

// Without a key, an export of individuals recognised only by its content
// is refused with a clear error, and nothing of it is stored.
func TestExportOfIndividualsWithoutKeyIsRefused(t *testing.T) {
	h := newHarness(t, "")
	p := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	q := fixture.Personnummer("20070622", "986", fixture.PnrLong)
	// The column's name says nothing; its content says everything.
	os.WriteFile(filepath.Join(h.inbox, "lista.csv"), []byte("Klient-id;Namn;Startdatum;Dygnspris\r\n"+
		p+";Anna Berg;2017-01-01;100\r\n"+q+";Bo Ek;2017-02-01;200\r\n"), 0o644)
	var o, e bytes.Buffer
	st := Run(context.Background(), []string{"run", "--config", h.config}, &o, &e, func(string) string { return "" })
	if st != ExitFailed {
		t.Fatalf("status %d, want 1: %s %s", st, o.String(), e.String())
	}
	errText := h.one(`SELECT error FROM load_log`)
	contains(t, errText, "column 1 holds personnummer", "error")
	contains(t, errText, "SOCDW_PSEUDONYM_KEY", "error says how to give a key")
	assertNoneIn(t, "warehouse", dumpDB(t, h.db), []string{p, q})
	assertNoneIn(t, "output", o.String()+e.String(), []string{p, q})
}

// Credentials and tokens in an http source's URL are stored, logged and
// shown nowhere: not in load_log, source_file, the figures, the logs,
// status, or a failed download's error.
func TestURLCredentialsAppearNowhere(t *testing.T) {
	path := mustFile(t)(fixture.NackaEkonomiskTabell(plainTempDir(t)))
	body, _ := os.ReadFile(path)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/ok/") {
			http.Error(w, "nope", http.StatusNotFound)
			return
		}
		http.ServeContent(w, r, "nacka.xlsx", time.Date(2017, 11, 1, 0, 0, 0, 0, time.UTC), bytes.NewReader(body))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	good := "http://svc-user:Hemligt-Losen-42@" + host + "/ok/nacka_ekonomisk_tabell_2017-10.xlsx?access_token=TOKEN-abc-123&year=2017"
	bad := "http://svc-user:Hemligt-Losen-42@" + host + "/missing.xlsx?sig=SIGNATURE-xyz"
	h := newHarness(t, "")
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\npublish: pub/socdw.duckdb\nsources:\n"+
		"  - name: web\n    kommun: Nacka\n    path: \""+good+"\"\n"+
		"  - name: broken\n    kommun: Nacka\n    path: \""+bad+"\"\n"), 0o644)
	st, out, jsonLog := h.run("run", "--log-format", "json")
	if st != ExitFailed {
		t.Fatalf("status %d: %s %s", st, out, jsonLog)
	}
	_, _, consoleLog := h.run("run")
	_, statusOut, _ := h.run("status")
	if v := h.one(`SELECT deviation_sek FROM budget_deviation WHERE unit = 'Barn och unga'`); v != "-2066000.00" {
		t.Errorf("the file did not load: %s", v)
	}
	stored := h.one(`SELECT file FROM source_file`)
	if want := "http://***@" + host + "/ok/nacka_ekonomisk_tabell_2017-10.xlsx?access_token=***&year=2017"; stored != want {
		t.Errorf("stored as %q, want %q", stored, want)
	}
	all := map[string]string{"run output": out, "JSON log": jsonLog, "console log": consoleLog, "status": statusOut,
		"warehouse": dumpDB(t, h.db), "published": dumpDB(t, filepath.Join(h.dir, "pub", "socdw.duckdb"))}
	for what, s := range all {
		for _, secret := range []string{"Hemligt-Losen-42", "TOKEN-abc-123", "SIGNATURE-xyz", "svc-user"} {
			if strings.Contains(s, secret) {
				t.Errorf("%s holds %q", what, secret)
			}
		}
	}
	contains(t, h.one(`SELECT error FROM load_log WHERE source = 'broken' ORDER BY load_id LIMIT 1`), "404", "the failure is still explained")
}

// With a key, an export recognised only by its column of personnummer
// (header "Id", header row on line 41, one number written with a space
// and a wrong check digit) loads as placements, pseudonymised.
func TestExportOfIndividualsByContentLoadsWithKey(t *testing.T) {
	h := newHarness(t, "    as_of: 2017-12-31\n")
	p := fixture.Personnummer("20120905", "980", fixture.PnrLong)
	good := fixture.Personnummer("20070622", "986", fixture.PnrLong)
	q := strings.Replace(good[:12]+string('0'+(good[12]-'0'+1)%10), "-", " ", 1) // 20070622 986x, check digit wrong
	var b strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "Rapport ur systemet;sida %d\r\n", i)
	}
	b.WriteString("Id;Insats;Regi;Startdatum;Slutdatum;Dygnspris\r\n")
	b.WriteString(p + ";HVB;Extern;2017-01-01;2017-01-10;100\r\n")
	b.WriteString(q + ";HVB;Extern;2017-02-01;2017-02-05;200\r\n")
	h.runFile("lista.csv", b.String())
	// The second line's number is not a valid personnummer: rejected,
	// never stored. The first: January 1–10 × 100 = 1 000.
	sameLines(t, h.lines(`SELECT period_start || ' ' || care_days || ' ' || cost_sek FROM placements ORDER BY period_start`),
		[]string{"2017-01-01 10.00 1000.00"})
	sameLines(t, h.lines(`SELECT "row" || ' ' || reason FROM rejects`), []string{"43 column \"Id\": personnummer: check digit wrong"})
	assertNoneIn(t, "warehouse", dumpDB(t, h.db), []string{p, q})
}

// A column of personnummer beside values only (no placement columns) is an
// export of individuals that socdw cannot read: refused with its reason,
// never a crash, never loaded. (It once panicked on a nil header layout.)
func TestPersonColumnWithoutPlacementColumnsIsRefused(t *testing.T) {
	h := newHarness(t, "")
	pnr1 := fixture.Personnummer("19800101", "123", fixture.PnrLong)
	pnr2 := fixture.Personnummer("19900202", "234", fixture.PnrLong)
	if err := os.WriteFile(filepath.Join(h.inbox, "q2.csv"), []byte("Person;Värde\n"+pnr1+";5\n"+pnr2+";6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, out, errs := h.run("run")
	if st != ExitFailed {
		t.Fatalf("status %d, want 1\n%s\n%s", st, out, errs)
	}
	if strings.Contains(out+errs, "internal error") {
		t.Errorf("a crash, not a refusal: %s %s", out, errs)
	}
	contains(t, h.one(`SELECT error FROM load_log WHERE status = 'failed'`), "holds personnummer: an export of individuals", "load_log error")
	if n := h.one(`SELECT count(*) FROM figures`); n != "0" {
		t.Errorf("%s figures loaded from an export of individuals", n)
	}
}
