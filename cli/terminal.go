package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// terminal keeps one progress line at the bottom of a terminal: log lines
// and file lines are written above it (the line is cleared, the text
// written, the line drawn again), so the two never run into each other.
type terminal struct {
	mu   sync.Mutex
	f    *os.File
	line string
}

// newTerminal is a terminal for w when w is one, else nil.
func newTerminal(w io.Writer) *terminal {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &terminal{f: f}
}

// Write writes a log line above the progress line.
func (t *terminal) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clear()
	n, err := t.f.Write(b)
	t.draw()
	return n, err
}

// println writes a line to w, above the progress line when there is one.
func (t *terminal) println(w io.Writer, line string) {
	if t == nil {
		fmt.Fprintln(w, line)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clear()
	fmt.Fprintln(w, line)
	t.draw()
}

// set replaces the progress line ("" removes it).
func (t *terminal) set(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clear()
	t.line = line
	t.draw()
}

func (t *terminal) clear() {
	if t.line != "" {
		fmt.Fprint(t.f, "\r\033[K")
	}
}

func (t *terminal) draw() {
	if t.line != "" {
		fmt.Fprint(t.f, t.line)
	}
}
