package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// childEnv carries the arguments when the test binary runs as socdw
// itself: tests that need a real process (a SIGTERM, a kill -9, a second
// process holding a file) start the test binary again with it.
const childEnv = "SOCDW_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childEnv); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			os.Exit(99)
		}
		os.Exit(Main(args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child prepares socdw as a separate process with the harness's key.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(b), "SOCDW_PSEUDONYM_KEY="+testKey)
	return cmd
}
