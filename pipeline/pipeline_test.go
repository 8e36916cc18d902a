package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/internal/fixture"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/pseudo"
)

// With no as_of, open placements run through the day of the load: the
// file is read again the next day (and only then), so the months fill.
func TestOpenPlacementsWithoutAsOfReloadDaily(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if _, err := fixture.PlacementExportVariant(inbox); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "socdw.yaml")
	os.WriteFile(cfgPath, []byte("warehouse: wh.duckdb\nsources:\n  - name: p\n    kommun: K\n    path: inbox\n"), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w, err := load.Open(ctx, cfg.Warehouse)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	key, _ := pseudo.NewKey([]byte("test-key-0123456789abcdef-ghijklmn"))
	day := time.Date(2017, 6, 15, 2, 0, 0, 0, time.UTC)
	r := &Runner{Config: cfg, Warehouse: w, Log: zap.NewNop(), Key: &key, Now: func() time.Time { return day }}
	status := func() string {
		rs, err := r.RunSource(ctx, cfg.Sources[0])
		if err != nil || len(rs) != 1 {
			t.Fatalf("run: %v %v", rs, err)
		}
		return rs[0].Status
	}
	lastDay := func() string {
		var s string
		w.DB().QueryRow(`SELECT strftime(max(period_end), '%Y-%m-%d') FROM placement_months`).Scan(&s)
		return s
	}
	if s := status(); s != load.StatusLoaded {
		t.Fatalf("first run: %s", s)
	}
	if got := lastDay(); got != "2017-06-30" {
		t.Errorf("open placements end in the month of 2017-06-15: %s", got)
	}
	if s := status(); s != load.StatusSkipped {
		t.Errorf("same day again: %s, want skipped", s)
	}
	day = time.Date(2017, 12, 31, 2, 0, 0, 0, time.UTC)
	if s := status(); s != load.StatusLoaded {
		t.Errorf("a later day: %s, want loaded", s)
	}
	if got := lastDay(); got != "2017-12-31" {
		t.Errorf("after the reload: %s", got)
	}
}
