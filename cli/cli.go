// Package cli is socdw's command line: every command is reachable from
// Main with arguments and writers, so tests drive the program whole and
// then open the warehouse. It wires config, logging and the pipeline.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"strings"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/pipeline"
	"github.com/socdw/socdw/pseudo"
	"github.com/socdw/socdw/serve"
)

// Exit statuses, as the contract gives them.
const (
	ExitOK     = 0 // everything loaded or was skipped unchanged
	ExitFailed = 1 // a file failed; the others still loaded
	ExitUsage  = 2 // usage or configuration error
)

// env is what a command runs with.
type env struct {
	stdin          io.Reader // the query of socdw sql -
	stdout, stderr io.Writer
	getenv         func(string) string
	tty            *terminal // nil unless stderr is a terminal
}

// Main runs socdw with args (without the program name) and returns the
// exit status. SIGINT/SIGTERM cancel the context: the file in hand rolls
// back.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, stdout, stderr, os.Getenv)
}

// Run is Main with a context and an environment, for tests.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return RunInput(ctx, args, os.Stdin, stdout, stderr, getenv)
}

// RunInput is Run with the standard input given, for tests of commands
// that read it (socdw sql -).
func RunInput(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, tty: newTerminal(stderr)}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 { // socdw help run: the command's own usage, on stdout
			if cmd, ok := commands[args[1]]; ok {
				e.stderr = stdout
				cmd.run(e, ctx, []string{"-h"})
				return ExitOK
			}
		}
		fmt.Fprint(stdout, usage())
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "socdw: unknown command %q\n\n%s", args[0], usage())
		return ExitUsage
	}
	st := cmd.run(e, ctx, args[1:])
	if st == exitHelp {
		return ExitOK
	}
	return st
}

// common holds the flags every command takes.
type common struct {
	fs        *flag.FlagSet
	config    string
	db        string
	logFormat string
	source    string
	format    string
	listen    string
	out       string
}

func newFlags(name string, e *env) *common {
	c := &common{fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.fs.SetOutput(e.stderr)
	c.fs.Usage = func() { commandUsage(c.fs, name) }
	c.fs.StringVar(&c.config, "config", "socdw.yaml", "config file")
	c.fs.StringVar(&c.logFormat, "log-format", "console", "console for a person, json for a service")
	return c
}

// withDB adds --db, which every command that opens the warehouse takes.
func (c *common) withDB() {
	c.fs.StringVar(&c.db, "db", "", "warehouse file (overrides the config)")
}

// parse parses flags wherever they stand among the arguments, so
// "socdw load FILE --source x" works as well as the contract's order.
func (c *common) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.fs.Parse(args); err != nil {
			return nil, err
		}
		args = c.fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (c *common) logger(e *env) (*zap.Logger, error) {
	var enc zapcore.Encoder
	switch c.logFormat {
	case "json":
		ec := zap.NewProductionEncoderConfig()
		ec.EncodeTime = zapcore.ISO8601TimeEncoder
		enc = zapcore.NewJSONEncoder(ec)
	case "console":
		ec := zap.NewDevelopmentEncoderConfig()
		ec.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05")
		enc = zapcore.NewConsoleEncoder(ec)
	default:
		return nil, fmt.Errorf("--log-format %q: want console or json", c.logFormat)
	}
	var out io.Writer = e.stderr
	if e.tty != nil {
		out = e.tty // log lines clear the progress line and redraw it
	}
	return zap.New(cleanCore{zapcore.NewCore(enc, zapcore.AddSync(out), zap.InfoLevel)}), nil
}

// setup parses flags, reads the config and makes the logger. A non-zero
// status means stop with it.
func (e *env) setup(c *common, args []string) ([]string, *config.Config, *zap.Logger, int) {
	pos, err := c.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, nil, nil, exitHelp
	}
	if err != nil {
		return nil, nil, nil, ExitUsage
	}
	log, err := c.logger(e)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return nil, nil, nil, ExitUsage
	}
	cfg, err := config.Load(c.config)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw: config:", err)
		return nil, nil, nil, ExitUsage
	}
	if c.db != "" {
		cfg.Warehouse = c.db
	}
	return pos, cfg, log, ExitOK
}

func (e *env) key(cfg *config.Config, log *zap.Logger) (*pseudo.Key, error) {
	k, err := pseudo.LoadKey(e.getenv, cfg.KeyFile)
	if errors.Is(err, pseudo.ErrNoKey) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if e.getenv(pseudo.EnvVar) == "" {
		if w := pseudo.KeyFileWarning(cfg.KeyFile); w != "" {
			log.Warn(w)
		}
	}
	return &k, nil
}

func (e *env) open(ctx context.Context, cfg *config.Config) (*load.Warehouse, int) {
	w, err := load.Open(ctx, cfg.Warehouse)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return nil, ExitFailed
	}
	return w, ExitOK
}

// openReader opens the warehouse for a command that only reads, through
// a read-only handle: a query typed at socdw sql never changes it, and a
// published copy stays as published. Only a warehouse that is missing or
// behind the schema is first migrated, under the writer's lock.
func (e *env) openReader(ctx context.Context, cfg *config.Config) (*load.Warehouse, func(), int) {
	if ro, err := load.OpenReadOnly(ctx, cfg.Warehouse); err == nil {
		if ro.Current(ctx) {
			return ro, func() { ro.Close() }, ExitOK
		}
		ro.Close()
	}
	hint := "; a load is running: set publish: in the config, and readers use the published copy while it runs"
	if cfg.Publish != "" {
		hint = "; query the published copy " + cfg.Publish
	}
	lock, err := load.Acquire(cfg.Warehouse, "socdw (migrating for a reader)")
	if err != nil {
		fmt.Fprintf(e.stderr, "socdw: %v%s\n", err, hint)
		return nil, nil, ExitFailed
	}
	defer lock.Release()
	w, err := load.Open(ctx, cfg.Warehouse)
	if err != nil {
		if !strings.Contains(err.Error(), "lock") {
			hint = ""
		}
		fmt.Fprintf(e.stderr, "socdw: %v%s\n", err, hint)
		return nil, nil, ExitFailed
	}
	w.Close()
	ro, err := load.OpenReadOnly(ctx, cfg.Warehouse)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return nil, nil, ExitFailed
	}
	return ro, func() { ro.Close() }, ExitOK
}

func (e *env) init(ctx context.Context, args []string) int {
	c := newFlags("init", e)
	c.withDB()
	_, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	lock, err := load.Acquire(cfg.Warehouse, "socdw init")
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return ExitFailed
	}
	defer lock.Release()
	w, err := load.Open(ctx, cfg.Warehouse)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return ExitFailed
	}
	defer w.Close()
	log.Info("warehouse ready", zap.String("warehouse", cfg.Warehouse))
	fmt.Fprintf(e.stdout, "warehouse %s is at the latest schema\n", cfg.Warehouse)
	return ExitOK
}

// runner makes the pipeline for a command. A writing runner holds the
// warehouse's lock until done() is called.
func (e *env) runner(ctx context.Context, cfg *config.Config, log *zap.Logger, dry bool, what string) (r *pipeline.Runner, done func(), st int) {
	key, err := e.key(cfg, log)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw: pseudonym key:", err)
		return nil, nil, ExitUsage
	}
	r = &pipeline.Runner{Config: cfg, Log: log, Key: key}
	if dry {
		r.OnFile = func(pipeline.FileResult) {} // check prints each file itself
		return r, func() {}, ExitOK
	}
	r.Progress, r.OnFile = e.progress(), e.fileLine
	lock, err := load.Acquire(cfg.Warehouse, what)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw:", err)
		return nil, nil, ExitFailed
	}
	w, st := e.open(ctx, cfg)
	if st != ExitOK {
		lock.Release()
		return nil, nil, st
	}
	r.Warehouse = w
	return r, func() { w.Close(); lock.Release() }, ExitOK
}

func (e *env) run(ctx context.Context, args []string) int {
	c := newFlags("run", e)
	c.withDB()
	c.fs.StringVar(&c.source, "source", "", "run only this source")
	pos, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "socdw run: unexpected argument %q (to load given files, use socdw load)\n", pos[0])
		return ExitUsage
	}
	sources := cfg.Sources
	if c.source != "" {
		s, ok := cfg.Source(c.source)
		if !ok {
			fmt.Fprintf(e.stderr, "socdw run: --source %q is not in %s\n", c.source, cfg.Path)
			return ExitUsage
		}
		sources = []config.Source{s}
	}
	r, done, st := e.runner(ctx, cfg, log, false, "socdw run")
	if st != ExitOK {
		return st
	}
	defer done()
	var all []pipeline.FileResult
	status := ExitOK
	for _, s := range sources {
		rs, err := r.RunSource(ctx, s)
		if err != nil {
			log.Error("source failed", zap.String("source", s.Name), zap.Error(err))
			status = ExitFailed
		}
		all = append(all, rs...)
	}
	if err := r.Publish(context.WithoutCancel(ctx)); err != nil {
		log.Error("publish failed", zap.Error(err))
		status = ExitFailed
	}
	if pipeline.Failed(all) > 0 || ctx.Err() != nil {
		status = ExitFailed
	}
	return status
}

func (e *env) load(ctx context.Context, args []string) int {
	c := newFlags("load", e)
	c.withDB()
	c.fs.StringVar(&c.source, "source", "", "the source the files belong to (required)")
	files, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	src, st := e.source(cfg, c.source, files, "load")
	if st != ExitOK {
		return st
	}
	r, done, st := e.runner(ctx, cfg, log, false, "socdw load")
	if st != ExitOK {
		return st
	}
	defer done()
	rs := r.LoadFiles(ctx, src, files)
	if err := r.Publish(context.WithoutCancel(ctx)); err != nil {
		log.Error("publish failed", zap.Error(err))
		return ExitFailed
	}
	if pipeline.Failed(rs) > 0 || ctx.Err() != nil {
		return ExitFailed
	}
	return ExitOK
}

func (e *env) source(cfg *config.Config, name string, files []string, cmd string) (config.Source, int) {
	if name == "" {
		fmt.Fprintf(e.stderr, "socdw %s: --source NAME is required\n", cmd)
		return config.Source{}, ExitUsage
	}
	src, ok := cfg.Source(name)
	if !ok {
		fmt.Fprintf(e.stderr, "socdw %s: --source %q is not in %s\n", cmd, name, cfg.Path)
		return config.Source{}, ExitUsage
	}
	if len(files) == 0 {
		fmt.Fprintf(e.stderr, "socdw %s: no files given\n", cmd)
		return config.Source{}, ExitUsage
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			fmt.Fprintf(e.stderr, "socdw %s: %s is not a file\n", cmd, f)
			return config.Source{}, ExitUsage
		}
	}
	return src, ExitOK
}

// fileLine prints a file's result on one line as soon as it is known,
// clear of the progress line. r.File is the stored name, already cleaned
// (socdw.CleanName); the rest of the line passes CleanText.
func (e *env) fileLine(r pipeline.FileResult) {
	line := fmt.Sprintf("%-9s %s", r.Status, socdw.CleanName(r.File))
	var rest string
	if r.Status == load.StatusLoaded {
		rest = fmt.Sprintf(" (%d rows, %d rejected, %d findings)", r.Rows, r.Rejected, r.Findings)
	}
	if r.Err != nil {
		rest += ": " + oneLine(r.Err.Error())
	} else if r.Note != "" {
		rest += ": " + r.Note
	}
	for _, s := range r.Superseded {
		rest += fmt.Sprintf("; replaces %d rows of %s (%s)", s.Rows, s.OldFile, s.Table)
	}
	e.tty.println(e.stdout, line+socdw.CleanText(rest))
}

// cleanWriter passes every write through socdw.CleanText: what a command
// prints of files, errors, findings and rows carries no personnummer and
// no URL credentials. Callers write whole lines, so a number is never
// split between two writes.
type cleanWriter struct{ w io.Writer }

func (c cleanWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, socdw.CleanText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (e *env) serve(ctx context.Context, args []string) int {
	c := newFlags("serve", e)
	c.withDB()
	c.fs.StringVar(&c.listen, "listen", "", "address for the report, /healthz and /metrics, e.g. 127.0.0.1:9464 (loopback: put a proxy with authentication in front to share it)")
	now := c.fs.Bool("now", false, "run every source once at start, then on schedule (as run_at_start: true)")
	pos, cfg, log, st := e.setup(c, args)
	if st != ExitOK {
		return st
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "socdw serve: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	key, err := e.key(cfg, log)
	if err != nil {
		fmt.Fprintln(e.stderr, "socdw: pseudonym key:", err)
		return ExitUsage
	}
	srv := &serve.Server{Config: cfg, Log: log, Key: key, Listen: c.listen, Now: *now}
	if err := srv.Run(ctx); err != nil {
		fmt.Fprintln(e.stderr, "socdw serve:", err)
		return ExitFailed
	}
	return ExitOK
}

// progress shows files and rows on a terminal, and nothing in a pipe or a
// log file, where the file lines already say it.
func (e *env) progress() func(source string, done, total, rows int) {
	if e.tty == nil {
		return nil
	}
	return func(source string, done, total, rows int) {
		if done == total {
			e.tty.set("")
			return
		}
		e.tty.set(fmt.Sprintf("%s: %d/%d files, %d rows", source, done, total, rows))
	}
}
