package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// On a terminal a log line never runs into the progress line: the line is
// cleared, the log written, the progress drawn again; a file line goes
// above it the same way, and the finished progress is removed.
func TestTerminalKeepsProgressApartFromLines(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "tty"))
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{f: f}
	term.set("test: 1/3 files, 10 rows")
	term.Write([]byte("10:00:00\tINFO\tsource\n"))
	term.println(f, "loaded    a.csv (10 rows, 0 rejected, 0 findings)")
	term.set("")
	f.Close()
	got, _ := os.ReadFile(f.Name())
	const clear = "\r\033[K"
	want := "test: 1/3 files, 10 rows" +
		clear + "10:00:00\tINFO\tsource\n" + "test: 1/3 files, 10 rows" +
		clear + "loaded    a.csv (10 rows, 0 rejected, 0 findings)\n" + "test: 1/3 files, 10 rows" +
		clear
	if string(got) != want {
		t.Errorf("terminal output:\n%q\nwant\n%q", got, want)
	}
}
