package serve

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/internal/fixture"
)

func loadConfig(t *testing.T, dir, text string) *config.Config {
	t.Helper()
	p := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(p, []byte(text), 0o644)
	cfg, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// start runs a server and returns its base URL and its stop.
func start(t *testing.T, s *Server) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once bool
	stop := func() {
		if !once {
			once = true
			cancel()
			<-done
		}
	}
	t.Cleanup(stop)
	return "http://" + s.Addr().String(), stop
}

// While the only source fails, /healthz answers 503 and names the source
// and its state, never its path or error; after a restart the state and
// the socdw_* series come from load_log, before any scheduled run.
func TestHealthzTellsAFailingSourceAlsoAfterARestart(t *testing.T) {
	dir := t.TempDir()
	cfg := loadConfig(t, dir, "warehouse: wh.duckdb\nsources:\n  - name: share\n    kommun: A\n    path: /mnt/secret-share/inbox\n    schedule: \"@daily\"\n")
	s := &Server{Config: cfg, Log: zap.NewNop(), Listen: "127.0.0.1:0", Now: true, Backoff: []time.Duration{}}
	url, stop := start(t, s)
	var code int
	var body string
	for i := 0; i < 50; i++ {
		if code, body = httpGet(t, url+"/healthz"); code == http.StatusServiceUnavailable {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"share"`) || !strings.Contains(body, `"state": "failed"`) {
		t.Fatalf("healthz while the source fails: %d %s", code, body)
	}
	if strings.Contains(body, "secret-share") {
		t.Errorf("healthz shows a path: %s", body)
	}

	// A restart: nothing runs (no --now), yet the failure and the series are there.
	stop()
	s2 := &Server{Config: cfg, Log: zap.NewNop(), Listen: "127.0.0.1:0"}
	url2, _ := start(t, s2)
	if code, body := httpGet(t, url2+"/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, `"failed"`) {
		t.Errorf("healthz after a restart: %d %s", code, body)
	}
	_, metrics := httpGet(t, url2+"/metrics")
	for _, want := range []string{`socdw_source_failing{source="share"} 1`, `socdw_files_total{source="share",status="failed"} 1`,
		`socdw_last_run_timestamp_seconds{source="share"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// A source that ran well is ok (200); one whose last run is older than
// twice its schedule's interval is stale (503).
func TestHealthOkAndStale(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "in"), 0o755)
	if _, err := fixture.NackaEkonomiskTabell(filepath.Join(dir, "in")); err != nil {
		t.Fatal(err)
	}
	cfg := loadConfig(t, dir, "warehouse: wh.duckdb\nsources:\n  - name: nacka\n    kommun: Nacka\n    path: in\n    schedule: \"0 2 * * *\"\n")
	s := &Server{Config: cfg, Log: zap.NewNop(), Listen: "127.0.0.1:0", Now: true}
	url, _ := start(t, s)
	var code int
	var body string
	for i := 0; i < 50; i++ {
		if code, body = httpGet(t, url+"/healthz"); strings.Contains(body, `"state": "ok"`) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code != http.StatusOK || !strings.Contains(body, `"last_success"`) {
		t.Fatalf("healthz after a good run: %d %s", code, body)
	}
	h := s.Health(time.Now().Add(49 * time.Hour)) // two nightly runs missed
	if h.Status != "failing" || h.Sources["nacka"].State != "stale" {
		t.Errorf("after 49 h: %+v", h)
	}
	if h := s.Health(time.Now().Add(47 * time.Hour)); h.Status != "ok" {
		t.Errorf("after 47 h: %+v", h)
	}
}
