package load

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// ErrLocked is returned when another process writes to the warehouse.
var ErrLocked = errors.New("the warehouse is locked by another socdw")

// Lock is an exclusive OS lock on a file beside the warehouse: DuckDB
// allows one writer process, and a second one must say who holds it and
// stop rather than wait forever or corrupt anything. The lock dies with
// its process, so a kill -9 never leaves it stale.
type Lock struct {
	f *os.File
}

// LockPath is the lock file of a warehouse.
func LockPath(warehouse string) string { return warehouse + ".lock" }

// Acquire takes the writer's lock of the warehouse, or returns an error
// wrapping ErrLocked that says which process holds it.
func Acquire(warehouse, what string) (*Lock, error) {
	path := LockPath(warehouse)
	if err := os.MkdirAll(dirOf(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		h := strings.TrimSpace(string(holder))
		if h == "" {
			h = "unknown process"
		}
		return nil, fmt.Errorf("%w: %s (lock file %s)", ErrLocked, h, path)
	}
	f.Truncate(0)
	fmt.Fprintf(f, "pid %d, %s, since %s\n", os.Getpid(), what, time.Now().UTC().Format(time.RFC3339))
	f.Sync()
	return &Lock{f: f}, nil
}

// Release lets the next writer in.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

func dirOf(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "."
	}
	return p[:i]
}
