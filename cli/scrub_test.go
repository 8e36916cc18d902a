package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socdw/socdw/internal/fixture"
)

// A warehouse written by an earlier socdw holds a personnummer in a file's
// name and in a label. The first run after the upgrade cleans both, once,
// under the name the pipeline now stores, so a changed file replaces its
// old rows instead of counting twice.
func TestEarlierWarehouseIsScrubbedOnce(t *testing.T) {
	h := newHarness(t, "    period: 2017-01-01..2017-10-31\n")
	os.WriteFile(h.config, []byte("publish: pub/socdw.duckdb\n"+mustRead(t, h.config)), 0o644)
	pnr := fixture.Personnummer("19900909", "321", fixture.PnrLong)
	label := fixture.Personnummer("19550505", "783", fixture.PnrLong)
	path := filepath.Join(h.inbox, "rapport "+pnr+".xlsx")
	write := func(budget int) {
		f := newSheet(t, [][]any{{"Verksamhet", "Budget", "Utfall"}, {"Barn och unga", budget, 88552}, {"Vuxna", 500, 600}})
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
	write(86486)
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	// Make the warehouse what an earlier socdw left: the raw path and a
	// label in clear, and no record of a scrub.
	stored := h.one(`SELECT file FROM source_file`)
	db, err := sql.Open("duckdb", h.db)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT table_name FROM information_schema.columns WHERE column_name = 'file' AND table_schema = 'main'
		AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	for _, tb := range tables {
		if _, err := db.Exec(fmt.Sprintf(`UPDATE %q SET file = ? WHERE file = ?`, tb), path, stored); err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
	}
	for _, q := range []string{
		`UPDATE fact_budget SET unit = 'Familjen Berg ` + label + `' WHERE unit = 'Vuxna'`,
		`DELETE FROM privacy_scrub`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if d := dumpDB(t, h.db); !strings.Contains(squeeze(d), digits10(pnr)) {
		t.Fatalf("the old warehouse was not made: %v %q\n%s", tables, stored, d)
	}

	// The file changes; the next run scrubs, then replaces its rows.
	write(90000)
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("run after upgrade: %d %s %s", st, out, errs)
	}
	contains(t, errs, "replaced personnummer", "the log says what was cleaned")
	sameLines(t, h.lines(`SELECT unit || ' ' || budget_sek FROM budget_deviation ORDER BY unit`),
		[]string{"Barn och unga 90000.00", "Vuxna 500.00"})
	// The file's name in six tables and the label: at least two texts.
	if v := h.one(`SELECT count(*) || ' ' || (min(texts) >= 2) FROM privacy_scrub`); v != "1 true" {
		t.Errorf("privacy_scrub: %s", v)
	}
	for what, s := range map[string]string{"warehouse": dumpDB(t, h.db), "published": dumpDB(t, filepath.Join(h.dir, "pub", "socdw.duckdb"))} {
		assertNoneIn(t, what, s, []string{pnr, label})
	}
	// Once: a second run does not scrub again.
	h.run("run")
	if v := h.one(`SELECT count(*) FROM privacy_scrub`); v != "1" {
		t.Errorf("scrubbed %s times", v)
	}
}
