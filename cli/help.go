package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
)

// exitHelp is what a command returns after printing its usage for -h:
// Run turns it into ExitOK.
const exitHelp = -1

// command is one socdw command: its arguments as the usage names them,
// what it does, and its function.
type command struct {
	args    string
	summary string
	order   int
	run     func(e *env, ctx context.Context, args []string) int
}

// commands is filled in init: the commands' functions print their usage
// from it, a cycle Go allows only at run time.
var commands map[string]command

func init() {
	commands = map[string]command{
		"init":    {"", "create or migrate the warehouse", 1, (*env).init},
		"run":     {"[--source NAME]", "load every new or changed file of every (or one) source", 2, (*env).run},
		"load":    {"--source NAME FILE...", "load these files as that source's", 3, (*env).load},
		"check":   {"[--format text|json] --source NAME FILE...", "dry run: every table and column with its role, what would be loaded, rejected, found; writes nothing", 4, (*env).check},
		"status":  {"[--format text|json]", "the last run of each source; files whose rows do not all count, that vanished from their inbox or failed since", 5, (*env).status},
		"sql":     {"[--format table|csv|json] QUERY | -f FILE | -", "run a query against the warehouse (sealed, read-only)", 6, (*env).sql},
		"serve":   {"[--listen ADDR] [--now]", "run the schedules until stopped; /healthz and /metrics", 7, (*env).serve},
		"export":  {"--format parquet|csv|xlsx [--csv-dialect excel|rfc] --out DIR", "write the views as files", 8, (*env).export},
		"report":  {"[--format html|xlsx] --out DIR|FILE", "the report people look at (docs/report.md)", 9, (*env).report},
		"forget":  {"[--source NAME] FILE...", "remove these files' rows from the warehouse (recorded in load_log)", 10, (*env).forget},
		"version": {"", "socdw, Go and DuckDB versions", 11, (*env).version},
	}
}

// usage is the general help.
func usage() string {
	var b strings.Builder
	b.WriteString("socdw: social services finance into a DuckDB warehouse\n\nUsage:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return commands[names[i]].order < commands[names[j]].order })
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(&b, "  socdw %-8s %s\n  %16s%s\n", n, c.args, "", c.summary)
	}
	b.WriteString(`
Common flags: --config F (default ./socdw.yaml), --db F (overrides the
config's warehouse), --log-format console|json.
socdw help COMMAND, or socdw COMMAND -h, shows a command's flags.
Exit status: 0 all loaded or skipped, 1 a file or source failed, 2 usage or config error.
`)
	return b.String()
}

// commandUsage prints one command's usage and flags to the flag set's
// output.
func commandUsage(fs *flag.FlagSet, name string) {
	c := commands[name]
	w := fs.Output()
	fmt.Fprintf(w, "Usage: socdw %s [flags] %s\n\n%s.\n\nFlags:\n", name, c.args, strings.ToUpper(c.summary[:1])+c.summary[1:])
	fs.PrintDefaults()
}
