package load

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// FileStat is what a stat of a file says about its content without
// reading it. Two equal stats (size, modification time to the nanosecond,
// inode) mean an unchanged file, except for a write within the clock
// granularity of the file system right after the stat (see Fresh).
type FileStat struct {
	Size    int64
	MtimeNs int64
	Inode   int64
	StatNs  int64 // when the stat was taken
}

// StatFile stats path now.
func StatFile(path string) (FileStat, error) {
	st, err := os.Stat(path)
	if err != nil {
		return FileStat{}, err
	}
	fs := FileStat{Size: st.Size(), MtimeNs: st.ModTime().UnixNano(), StatNs: time.Now().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		fs.Inode = int64(sys.Ino)
	}
	return fs, nil
}

// mtimeSlack is how close to the stat a modification time must be for the
// stat to prove nothing: file systems that keep whole seconds or two
// (FAT, some SMB shares) give a file written twice within that slack the
// same mtime.
const mtimeSlack = 2 * time.Second

// Same reports whether the file is unchanged since prev was taken, as far
// as a stat can tell: same size, mtime and inode, and prev's mtime was
// older than the slack when prev was taken (a file written in the same
// second as it was read could change again without its mtime moving).
func (s FileStat) Same(prev FileStat) bool {
	return prev.StatNs != 0 && s.Size == prev.Size && s.MtimeNs == prev.MtimeNs && s.Inode == prev.Inode &&
		prev.StatNs-prev.MtimeNs > int64(mtimeSlack)
}

// Unchanged reports whether the file was not touched between two stats of
// one read: what was read is one version of the file.
func (s FileStat) Unchanged(before FileStat) bool {
	return s.Size == before.Size && s.MtimeNs == before.MtimeNs && s.Inode == before.Inode
}

// KnownFile is what the warehouse knows of a file it loaded.
type KnownFile struct {
	Source      string
	File        string
	SHA256      string
	Fingerprint string
	LoadID      int64
	Stat        FileStat // zero for files loaded before socdw kept stats
}

// KnownFiles lists the files of a source that have rows in the warehouse
// (or all sources' with source ""), by file: one query per run instead of
// one per file.
func (w *Warehouse) KnownFiles(ctx context.Context, source string) (map[string]KnownFile, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT source, file, sha256, fingerprint, load_id,
		coalesce(size, 0), coalesce(mtime_ns, 0), coalesce(inode, 0), coalesce(stat_ns, 0)
		FROM source_file WHERE ? = '' OR source = ?`, source, source)
	if err != nil {
		return nil, fmt.Errorf("source_file: %w", err)
	}
	defer rows.Close()
	out := map[string]KnownFile{}
	for rows.Next() {
		var k KnownFile
		if err := rows.Scan(&k.Source, &k.File, &k.SHA256, &k.Fingerprint, &k.LoadID,
			&k.Stat.Size, &k.Stat.MtimeNs, &k.Stat.Inode, &k.Stat.StatNs); err != nil {
			return nil, fmt.Errorf("source_file: %w", err)
		}
		key := k.File
		if source == "" {
			key = k.Source + "\x00" + k.File
		}
		out[key] = k
	}
	return out, rows.Err()
}

// RememberStat stores a new stat for a file found unchanged by its
// checksum (touched, copied back), so the next run skips it by the stat.
func (w *Warehouse) RememberStat(ctx context.Context, source, file string, st FileStat) error {
	_, err := w.db.ExecContext(ctx, `UPDATE source_file SET size = ?, mtime_ns = ?, inode = ?, stat_ns = ? WHERE source = ? AND file = ?`,
		st.Size, st.MtimeNs, st.Inode, st.StatNs, source, file)
	return err
}

// setFiles records the content, settings and stat each file was loaded
// with. New files' rows are appended: cheaper than INSERT OR REPLACE,
// which costs a thousand new files seconds.
func setFiles(ctx context.Context, conn *conn, items []Item) error {
	for _, it := range items {
		if it.Attempt.Known {
			if _, err := conn.exec(ctx, `DELETE FROM source_file WHERE source = ? AND file = ?`, it.Attempt.Source, it.Attempt.File); err != nil {
				return err
			}
		}
	}
	return withAppender(conn, "source_file", func(app *duckdb.Appender) error {
		for _, it := range items {
			a := it.Attempt
			if err := app.AppendRow(a.Source, a.File, a.SHA256, a.Fingerprint, a.LoadID, nullInt64(a.Stat.Size, a.Stat.StatNs),
				nullInt64(a.Stat.MtimeNs, a.Stat.StatNs), nullInt64(a.Stat.Inode, a.Stat.StatNs), nullInt64(a.Stat.StatNs, a.Stat.StatNs)); err != nil {
				return err
			}
		}
		return nil
	})
}

// nullInt64 is v, or NULL when no stat was taken (a downloaded file).
func nullInt64(v, taken int64) any {
	if taken == 0 {
		return nil
	}
	return v
}
