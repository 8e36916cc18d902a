package cli

import (
	"database/sql"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/socdw/socdw/internal/fixture"
)

// tornFiles checks that every file is in the warehouse whole or not at
// all: the fact rows of each load equal what its load_log row says it
// loaded, and no fact row belongs to a load that is not a file's current
// one. It returns the number of files that break that.
func tornFiles(t *testing.T, path string) (torn, loaded int) {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`
		WITH facts AS (
			SELECT load_id FROM fact_figure UNION ALL SELECT load_id FROM fact_budget
			UNION ALL SELECT load_id FROM fact_care UNION ALL SELECT load_id FROM fact_placement_count
			UNION ALL SELECT load_id FROM fact_placement UNION ALL SELECT load_id FROM fact_booking
		), per_load AS (SELECT load_id, count(*) AS n FROM facts GROUP BY load_id)
		SELECT coalesce(s.file, '(orphan rows)'), coalesce(l.rows_loaded, -1), coalesce(p.n, 0)
		FROM per_load p FULL JOIN source_file s ON s.load_id = p.load_id
		LEFT JOIN load_log l ON l.load_id = coalesce(s.load_id, p.load_id)`)
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var file string
		var want, got int
		rows.Scan(&file, &want, &got)
		loaded++
		if want != got {
			torn++
			t.Errorf("%s: %d fact rows, load_log says %d", file, got, want)
		}
	}
	return torn, loaded
}

// kill -9 at random moments of a large load, many times: the warehouse
// opens afterwards and holds each file whole or not at all, and the next
// run completes the work.
func TestKillNineLeavesNoTornFile(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process many times")
	}
	h := newHarness(t, "    as_of: 2017-12-31\n")
	if _, _, err := fixture.FinanceExport(h.inbox, 300_000, 3); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(string) (string, error){fixture.NackaEkonomiskTabell, fixture.HaningeAvdelningar,
		fixture.SodertaljePlaceringar, fixture.TyresoIFO, fixture.PlacementExportVariant, fixture.MonthsAsColumns} {
		mustFile(t)(f(h.inbox))
	}
	tmp := plainTempDir(t)
	rng := rand.New(rand.NewPCG(1, 2))
	const kills = 20
	killed, interrupted := 0, 0
	for i := 0; i < kills; i++ {
		// New content for the big export each time: every run replaces it,
		// so the kills land in replacements as well as first loads.
		if _, _, err := fixture.FinanceExport(h.inbox, 300_000, int64(10+i)); err != nil {
			t.Fatal(err)
		}
		cmd := child(t, "run", "--config", h.config, "--log-format", "json")
		cmd.Env = append(cmd.Env, "TMPDIR="+tmp) // what a killed run leaves is the test's to remove
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(900)) * time.Millisecond)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		if err := cmd.Wait(); err != nil {
			interrupted++ // killed before it finished
		}
		torn, _ := tornFiles(t, h.db)
		if torn > 0 {
			t.Fatalf("kill %d left %d torn files", i+1, torn)
		}
	}
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("the run after the kills: %d %s %s", st, out, errs)
	}
	torn, loaded := tornFiles(t, h.db)
	if torn != 0 || loaded != 7 {
		t.Errorf("after the kills and a clean run: %d torn, %d files loaded, want 0 and 7", torn, loaded)
	}
	if v := h.one(`SELECT deviation_sek FROM budget_deviation WHERE unit = 'Barn och unga' AND period_end = '2017-10-31'`); v != "-2066000.00" {
		t.Errorf("Nacka after the kills: %s", v)
	}
	t.Logf("kills tried: %d, runs interrupted by them: %d, torn files: 0", killed, interrupted)
	if interrupted == 0 {
		t.Error("no kill landed before its run finished: the test proved nothing")
	}
}
