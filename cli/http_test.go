package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socdw/socdw/internal/fixture"
)

// An http source loads once, and is skipped while the file on the server
// is unchanged: the server answers 304 to the conditional request.
func TestHTTPSourceLoadsOnceThenSkips(t *testing.T) {
	path := mustFile(t)(fixture.NackaEkonomiskTabell(plainTempDir(t)))
	body, _ := os.ReadFile(path)
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// http.ServeContent answers If-None-Match and If-Modified-Since.
		w.Header().Set("ETag", `"nacka-v1"`)
		if r.Header.Get("If-None-Match") == `"nacka-v1"` {
			notModified.Add(1)
		} else {
			full.Add(1)
		}
		http.ServeContent(w, r, "nacka.xlsx", time.Date(2017, 11, 1, 0, 0, 0, 0, time.UTC), strings.NewReader(string(body)))
	}))
	defer srv.Close()
	url := srv.URL + "/rapporter/nacka_ekonomisk_tabell_2017-10.xlsx"
	h := newHarness(t, "")
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\nsources:\n  - name: web\n    kommun: Nacka\n    path: "+url+"\n"), 0o644)
	st, out, errs := h.run("run")
	if st != ExitOK {
		t.Fatalf("first run: %d %s %s", st, out, errs)
	}
	contains(t, errs, "plain http source", "warning for http")
	if st, _, errs := h.run("run"); st != ExitOK {
		t.Fatalf("second run: %s", errs)
	}
	got := h.query(`SELECT status, file FROM load_log ORDER BY load_id`)
	if len(got) != 2 || got[0][0] != "loaded" || got[1][0] != "skipped" || got[0][1] != url {
		t.Errorf("load_log: %v", got)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Errorf("requests: %d full, %d conditional", full.Load(), notModified.Load())
	}
	if v := h.one(`SELECT deviation_sek FROM budget_deviation WHERE unit = 'Barn och unga'`); v != "-2066000.00" {
		t.Errorf("deviation: %s", v)
	}
}

func TestHTTPSourceThatFailsIsRecorded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusInternalServerError)
	}))
	defer srv.Close()
	h := newHarness(t, "")
	os.WriteFile(h.config, []byte("warehouse: wh/socdw.duckdb\nsources:\n  - name: web\n    kommun: Nacka\n    path: "+srv.URL+"/x.csv\n"), 0o644)
	if st, _, _ := h.run("run"); st != ExitFailed {
		t.Fatalf("status %d, want 1", st)
	}
	got := h.query(`SELECT status, error FROM load_log`)
	if len(got) != 1 || got[0][0] != "failed" || !strings.Contains(got[0][1], "500") {
		t.Errorf("load_log: %v", got)
	}
}
