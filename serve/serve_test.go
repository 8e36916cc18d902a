package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/internal/fixture"
)

// A source whose run fails is retried after each backoff and logged; a
// good source beside it is not held up.
func TestFailedRunIsRetriedWithBackoff(t *testing.T) {
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad"), filepath.Join(dir, "good")
	os.MkdirAll(bad, 0o755)
	os.MkdirAll(good, 0o755)
	if _, err := fixture.TruncatedXLSX(bad); err != nil {
		t.Fatal(err)
	}
	if _, err := fixture.NackaEkonomiskTabell(good); err != nil {
		t.Fatal(err)
	}
	cfgText := "warehouse: wh.duckdb\nsources:\n  - name: bad\n    kommun: A\n    path: bad\n  - name: good\n    kommun: B\n    path: good\n"
	cfgPath := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(cfgPath, []byte(cfgText), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.InfoLevel)
	s := &Server{Config: cfg, Log: zap.New(core), Backoff: []time.Duration{time.Millisecond, 2 * time.Millisecond}}
	s.reg = prometheus.NewRegistry()
	s.m = newMetrics(s.reg)
	s.state = map[string]sourceState{}
	ctx := context.Background()
	s.runWithRetry(ctx, ctx, cfg.Sources[0])
	s.runWithRetry(ctx, ctx, cfg.Sources[1])
	if n := testutil.ToFloat64(s.m.runs.WithLabelValues("bad", "failed")); n != 3 {
		t.Errorf("failed runs of bad: %v, want 3 (one and two retries)", n)
	}
	if n := testutil.ToFloat64(s.m.runs.WithLabelValues("good", "ok")); n != 1 {
		t.Errorf("ok runs of good: %v", n)
	}
	if n := logs.FilterMessage("run failed; retrying").Len(); n != 2 {
		t.Errorf("retry log lines: %d", n)
	}
	if st := s.state["bad"]; !strings.Contains(st.LastError, "truncated.xlsx") {
		t.Errorf("last error: %q", st.LastError)
	}
	if n := testutil.ToFloat64(s.m.lastSuccess.WithLabelValues("good")); n == 0 {
		t.Error("no last success for good")
	}
}
