package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/socdw/socdw/internal/fixture"
)

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func eventually(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s", what, within)
}

func get(url string) (int, string) {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// countIn counts budget_deviation rows of a warehouse file from a separate
// process, as a BI tool would.
func countIn(t *testing.T, path string) int {
	t.Helper()
	cmd := child(t, "sql", "--config", os.Getenv("SOCDW_TEST_CONFIG"), "--db", path, "--format", "csv", "select count(*) as n from budget_deviation")
	out, err := cmd.Output()
	if err != nil {
		return -1
	}
	var n int
	fmt.Sscanf(strings.TrimPrefix(string(out), "n\n"), "%d", &n)
	return n
}

// serve loads a file dropped into its inbox on schedule, publishes it,
// keeps publishing while another process holds the published copy open,
// answers /healthz and /metrics, and stops cleanly on SIGTERM.
func TestServeLoadsPublishesAndStopsOnSIGTERM(t *testing.T) {
	h := newHarness(t, "")
	pub := filepath.Join(h.dir, "read", "socdw.duckdb")
	cfg := "warehouse: wh/socdw.duckdb\npublish: read/socdw.duckdb\nsources:\n  - name: test\n    kommun: Testkommun\n    path: inbox\n    schedule: \"@every 1s\"\n"
	os.WriteFile(h.config, []byte(cfg), 0o644)
	t.Setenv("SOCDW_TEST_CONFIG", h.config)
	addr := freePort(t)
	var logs bytes.Buffer
	cmd := child(t, "serve", "--config", h.config, "--listen", addr, "--log-format", "json")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()
	eventually(t, "healthz", 15*time.Second, func() bool { c, _ := get("http://" + addr + "/healthz"); return c == 200 })

	mustFile(t)(fixture.NackaEkonomiskTabell(h.inbox))
	eventually(t, "the Nacka file published", 20*time.Second, func() bool { return countIn(t, pub) == 8 })

	// A reader in this process holds the published copy open.
	reader, err := sql.Open("duckdb", pub+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var held int
	if err := reader.QueryRow(`SELECT count(*) FROM budget_deviation`).Scan(&held); err != nil || held != 8 {
		t.Fatalf("held reader: %d %v", held, err)
	}
	mustFile(t)(fixture.TyresoIFO(h.inbox))
	eventually(t, "the Tyresö file published while a reader holds the old copy", 20*time.Second, func() bool { return countIn(t, pub) == 19 })
	if err := reader.QueryRow(`SELECT count(*) FROM budget_deviation`).Scan(&held); err != nil || held != 8 {
		t.Errorf("the held reader now sees %d rows (%v), want its 8", held, err)
	}

	code, body := get("http://" + addr + "/healthz")
	if code != 200 || !strings.Contains(body, `"test"`) {
		t.Errorf("healthz: %d %s", code, body)
	}
	_, metrics := get("http://" + addr + "/metrics")
	contains(t, metrics, `socdw_files_total{source="test",status="loaded"} 2`, "metrics")
	contains(t, metrics, `socdw_last_success_timestamp_seconds{source="test"}`, "metrics")
	contains(t, metrics, `socdw_run_duration_seconds_count{source="test"}`, "metrics")

	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve exited with %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not stop within 15s of SIGTERM\n%s", logs.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopping took %s", d)
	}
	if strings.Contains(logs.String(), `"level":"error"`) {
		t.Errorf("errors in the log:\n%s", logs.String())
	}
}
