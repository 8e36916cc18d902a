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

// serve answers / with the report rendered from the published copy: the
// Nacka seed's Barn och unga deviation (−2 066 tkr, DOMAIN.md) in its
// chart and table, and the page asks the browser to fetch nothing.
func TestServeAnswersTheReportFromThePublishedCopy(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	if _, err := fixture.NackaEkonomiskTabell(inbox); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(cfgPath, []byte("warehouse: wh/socdw.duckdb\npublish: read/socdw.duckdb\nsources:\n  - name: nacka\n    kommun: Nacka\n    path: inbox\n"), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Config: cfg, Log: zap.NewNop(), Listen: "127.0.0.1:0"}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	base := "http://" + s.Addr().String()
	if code, _ := fetch(t, base+"/"); code != http.StatusServiceUnavailable {
		t.Errorf("before anything is published: %d, want 503", code)
	}
	if err := s.RunSource(ctx, cfg.Sources[0]); err != nil {
		t.Fatal(err)
	}
	code, body := fetch(t, base+"/")
	if code != 200 || !strings.Contains(body, "<title>Översikt – socdw</title>") || !strings.Contains(body, `data-source="nacka"`) {
		t.Fatalf("/: %d\n%.500s", code, body)
	}
	code, body = fetch(t, base+"/budget.html")
	if code != 200 || !strings.Contains(body, "<svg") ||
		!strings.Contains(body, `data-unit="Barn och unga" data-value="`+"\u22122\u00a0066\u00a0tkr"+`"`) {
		t.Errorf("/budget.html: %d, no bar for Barn och unga at −2 066 tkr", code)
	}
	if code, _ := fetch(t, base+"/nope.html"); code != http.StatusNotFound {
		t.Errorf("/nope.html: %d", code)
	}
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("%s: no Content-Security-Policy that forbids requests", url)
	}
	return resp.StatusCode, string(b)
}
