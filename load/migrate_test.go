package load

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"

	sqlfiles "github.com/socdw/socdw/sql"
)

// A warehouse made before 005 (its load_log times UTC without a zone, a
// skip's note in error) migrates: times become the same instants, the
// note moves, and the new statuses are accepted.
func TestMigration005OnAnOlderWarehouse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(sqlfiles.Migrations, "migrations/*.sql")
	sort.Strings(names)
	for _, n := range names {
		if filepath.Base(n) >= "005" {
			break
		}
		body, _ := fs.ReadFile(sqlfiles.Migrations, n)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		db.Exec(`INSERT INTO migrations VALUES (?, now())`, filepath.Base(n))
	}
	for _, q := range []string{
		`INSERT INTO load_log VALUES (1, 1, 'nacka', 'Nacka', '/in/a.xlsx', 'aa', TIMESTAMP '2024-06-01 10:00:00', TIMESTAMP '2024-06-01 10:00:02', 'loaded', 8, 0, NULL)`,
		`INSERT INTO load_log VALUES (2, 2, 'nacka', 'Nacka', '/in/a.xlsx', 'aa', TIMESTAMP '2024-12-01 01:00:00', NULL, 'skipped', 0, 0, 'unchanged')`,
		`INSERT INTO load_log VALUES (3, 2, 'nacka', 'Nacka', '/in/b.xlsx', NULL, TIMESTAMP '2024-12-01 01:00:00', NULL, 'failed', 0, 0, 'b.xlsx: broken')`,
		`INSERT INTO source_file VALUES ('nacka', '/in/a.xlsx', 'aa', 'fp', 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows, err := w.DB().Query(`SELECT load_id, strftime(started_at AT TIME ZONE 'Europe/Stockholm', '%Y-%m-%d %H:%M'),
		coalesce(error, '-'), coalesce(note, '-') FROM load_log ORDER BY load_id`)
	if err != nil {
		t.Fatal(err)
	}
	// 10:00 UTC in June is 12:00 in Stockholm (+02:00); 01:00 UTC in
	// December is 02:00 (+01:00).
	want := []string{"1 2024-06-01 12:00 - -", "2 2024-12-01 02:00 - unchanged", "3 2024-12-01 02:00 b.xlsx: broken -"}
	var got []string
	for rows.Next() {
		var id, at, e, n string
		rows.Scan(&id, &at, &e, &n)
		got = append(got, id+" "+at+" "+e+" "+n)
	}
	rows.Close()
	if len(got) != len(want) {
		t.Fatalf("rows: %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %q, want %q", i, got[i], want[i])
		}
	}
	if _, err := w.DB().Exec(`INSERT INTO load_log (load_id, source, file, started_at, status) VALUES (4, 'nacka', '/in/a.xlsx', now(), 'forgotten')`); err != nil {
		t.Errorf("forgotten refused: %v", err)
	}
	if v, err := w.DataVersion(ctx); err != nil || v != 1 {
		t.Errorf("data version: %d %v", v, err)
	}
	known, err := w.KnownFiles(ctx, "nacka")
	if err != nil || known["/in/a.xlsx"].Stat.StatNs != 0 || known["/in/a.xlsx"].SHA256 != "aa" {
		t.Errorf("a file loaded before 005 has no stat, so it is hashed: %+v %v", known, err)
	}
}
