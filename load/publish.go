package load

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Publish writes a consistent copy of the warehouse for readers beside
// target and renames it over target. A reader holding the old file keeps
// it (its inode lives on); the next reader opens the new one. The
// checkpoint first moves everything committed from the WAL into the
// database file, and since this process is the only writer (the lock),
// nothing changes the file while it is copied.
func (w *Warehouse) Publish(ctx context.Context, target string) error {
	if _, err := w.db.ExecContext(ctx, "FORCE CHECKPOINT"); err != nil {
		return fmt.Errorf("publish: checkpoint: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	RemovePublishLeftovers(target)
	src, err := os.Open(w.path)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("publish: copy: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("publish: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if d, err := os.Open(filepath.Dir(target)); err == nil {
		d.Sync() // make the rename durable
		d.Close()
	}
	return nil
}

// RemovePublishLeftovers removes the temporary copies a killed publish
// left beside target, and returns how many. Only the writer (who holds
// the lock) publishes, so no other publish is under way.
func RemovePublishLeftovers(target string) int {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(target), "."+globEscape(filepath.Base(target))+".tmp-*"))
	n := 0
	for _, m := range matches {
		if os.Remove(m) == nil {
			n++
		}
	}
	return n
}

// globEscape quotes the characters filepath.Match gives a meaning.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}
