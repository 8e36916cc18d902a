package cli

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is socdw's version, set at build time with
// -ldflags "-X github.com/socdw/socdw/cli.Version=1.2.0"; otherwise the
// module version or VCS revision Go recorded in the binary.
var Version = ""

func socdwVersion() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return "devel " + rev
}

// version prints socdw's, Go's and the linked DuckDB's versions.
func (e *env) version(ctx context.Context, args []string) int {
	c := newFlags("version", e)
	pos, err := c.parse(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitHelp
		}
		return ExitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "socdw version: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	duck, err := duckdbVersion(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw version: duckdb:", err)
		return ExitFailed
	}
	fmt.Fprintf(e.stdout, "socdw %s\ngo %s %s/%s\nduckdb %s\n", socdwVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH, duck)
	return ExitOK
}

// duckdbVersion asks the linked DuckDB library, in memory.
func duckdbVersion(ctx context.Context) (string, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v, id string
	if err := db.QueryRowContext(ctx, `SELECT library_version, source_id FROM pragma_version()`).Scan(&v, &id); err != nil {
		return "", err
	}
	return v + " (" + id + ")", nil
}
