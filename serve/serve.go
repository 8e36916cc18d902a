// Package serve runs socdw unattended: each source on its cron schedule
// (Europe/Stockholm), retried with backoff when it fails, one at a time
// since the warehouse has one writer, with /healthz and Prometheus
// /metrics. It holds the warehouse's writer lock while it lives, opens the
// warehouse only while a source runs, and publishes the readers' copy.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // schedules are in Europe/Stockholm, also in slim images

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/pipeline"
	"github.com/socdw/socdw/pseudo"
)

// Server is the daemon's state. Fill the exported fields, then Run.
type Server struct {
	Config  *config.Config
	Log     *zap.Logger
	Key     *pseudo.Key
	Listen  string          // "" = no HTTP; ":0" picks a port (see Addr)
	Backoff []time.Duration // waits between retries of a failed run; nil = 1m, 5m, 15m
	// Now runs every source once at start (serve --now, run_at_start).
	Now bool

	reg      *prometheus.Registry
	m        *metrics
	mu       sync.Mutex // one source at a time: the warehouse has one writer
	addr     net.Addr
	ready    chan struct{}
	stateMu  sync.Mutex
	state    map[string]sourceState
	stopping atomic.Bool // set at SIGTERM: a run still waiting for its turn does not start
	started  time.Time
}

// sourceState is what the server knows of a source's last run. Its error
// stays in the log: /healthz is read by monitoring systems and shows no
// paths or file names.
type sourceState struct {
	LastRun     time.Time
	LastSuccess time.Time
	LastError   string
	Failed      bool
	Files       int
	FailedFiles int
}

// Stockholm is where the schedules' clock hangs.
func Stockholm() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err) // time/tzdata is embedded: cannot happen
	}
	return loc
}

// Addr is the HTTP address once Run listens (for ":0" in tests).
func (s *Server) Addr() net.Addr {
	<-s.readyCh()
	return s.addr
}

func (s *Server) readyCh() chan struct{} {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	if s.ready == nil {
		s.ready = make(chan struct{})
	}
	return s.ready
}

// Run schedules the sources and serves HTTP until ctx is done, then stops
// taking new work, lets the file in hand finish or roll back, and returns.
func (s *Server) Run(ctx context.Context) error {
	ready := s.readyCh()
	lock, err := load.Acquire(s.Config.Warehouse, "socdw serve")
	if err != nil {
		close(ready)
		return err
	}
	defer lock.Release()
	s.reg = prometheus.NewRegistry()
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.m = newMetrics(s.reg)
	s.state = map[string]sourceState{}
	s.started = time.Now()
	if s.Backoff == nil {
		s.Backoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}
	}
	// Migrate once at start, so a broken warehouse shows now, not at
	// 02:00, and take each source's state and totals from load_log.
	w, err := load.Open(ctx, s.Config.Warehouse)
	if err != nil {
		close(ready)
		return err
	}
	hist, err := w.History(ctx)
	w.Close()
	if err != nil {
		close(ready)
		return err
	}
	s.restore(hist)

	logger := cronLogger{s.Log}
	c := cron.New(cron.WithLocation(Stockholm()), cron.WithParser(cron.NewParser(
		cron.Minute|cron.Hour|cron.Dom|cron.Month|cron.Dow|cron.Descriptor)),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	scheduled := 0
	for _, src := range s.Config.Sources {
		if src.Schedule == "" {
			continue
		}
		src := src
		if _, err := c.AddFunc(src.Schedule, func() { s.runWithRetry(jobCtx, ctx, src) }); err != nil {
			close(ready)
			return fmt.Errorf("source %s: schedule %q: %w", src.Name, src.Schedule, err)
		}
		scheduled++
	}
	s.Log.Info("serving", zap.Int("scheduled_sources", scheduled), zap.String("listen", s.Listen))

	var srv *http.Server
	if s.Listen != "" {
		ln, err := net.Listen("tcp", s.Listen)
		if err != nil {
			close(ready)
			return fmt.Errorf("listen %s: %w", s.Listen, err)
		}
		s.addr = ln.Addr()
		srv = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
	}
	close(ready)
	c.Start()
	if s.Now || s.Config.RunAtStart {
		go func() {
			for _, src := range s.Config.Sources {
				if ctx.Err() != nil {
					return
				}
				s.runWithRetry(jobCtx, ctx, src)
			}
		}()
	}
	<-ctx.Done()
	s.stopping.Store(true)
	s.Log.Info("stopping: no new runs; the file in hand finishes or rolls back")
	stopped := c.Stop()
	// Running loads see jobCtx cancelled only if they do not finish soon:
	// a file in hand rolls back rather than holding up the stop.
	select {
	case <-stopped.Done():
	case <-time.After(2 * time.Second):
		cancelJobs()
		<-stopped.Done()
	}
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}
	s.Log.Info("stopped")
	return nil
}

// runWithRetry runs a source, and again after each backoff while it
// fails; a stop ends the waiting.
func (s *Server) runWithRetry(jobCtx, stop context.Context, src config.Source) {
	for attempt := 0; ; attempt++ {
		err := s.RunSource(jobCtx, src)
		if err == nil || attempt >= len(s.Backoff) || stop.Err() != nil {
			return
		}
		wait := s.Backoff[attempt]
		s.Log.Warn("run failed; retrying", zap.String("source", src.Name), zap.Duration("in", wait), zap.Error(err))
		select {
		case <-time.After(wait):
		case <-stop.Done():
			return
		}
	}
}

// RunSource runs one source now: opens the warehouse, loads, publishes,
// closes. It returns an error when any file failed.
func (s *Server) RunSource(ctx context.Context, src config.Source) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping.Load() {
		return nil // queued behind another source when the stop came
	}
	start := time.Now()
	st := sourceState{LastRun: start}
	defer func() {
		s.stateMu.Lock()
		prev := s.state[src.Name]
		if st.LastSuccess.IsZero() {
			st.LastSuccess = prev.LastSuccess
		}
		s.state[src.Name] = st
		s.stateMu.Unlock()
		s.m.duration.WithLabelValues(src.Name).Observe(time.Since(start).Seconds())
		s.m.lastRun.WithLabelValues(src.Name).Set(float64(start.Unix()))
		s.m.failing.WithLabelValues(src.Name).Set(boolGauge(st.Failed))
	}()
	fail := func(err error) error {
		st.LastError, st.Failed = err.Error(), true
		s.m.runs.WithLabelValues(src.Name, "failed").Inc()
		s.Log.Error("run failed", zap.String("source", src.Name), zap.Error(err))
		return err
	}
	w, err := load.Open(ctx, s.Config.Warehouse)
	if err != nil {
		return fail(err)
	}
	defer w.Close()
	r := &pipeline.Runner{Config: s.Config, Warehouse: w, Log: s.Log, Key: s.Key}
	rs, err := r.RunSource(ctx, src)
	s.m.observe(src.Name, rs)
	st.Files, st.FailedFiles = len(rs), pipeline.Failed(rs)
	if perr := r.Publish(context.WithoutCancel(ctx)); perr != nil {
		err = errors.Join(err, perr)
	}
	if err == nil && st.FailedFiles > 0 {
		for _, res := range rs {
			if res.Err != nil {
				err = fmt.Errorf("%d of %d files failed; first: %w", st.FailedFiles, len(rs), res.Err)
				break
			}
		}
	}
	if err != nil {
		return fail(err)
	}
	st.LastSuccess = time.Now()
	s.m.lastSuccess.WithLabelValues(src.Name).Set(float64(st.LastSuccess.Unix()))
	s.m.runs.WithLabelValues(src.Name, "ok").Inc()
	return nil
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	mux.Handle("/", s.reportHandler())
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		h := s.Health(time.Now())
		body, _ := json.MarshalIndent(h, "", "  ")
		w.Header().Set("Content-Type", "application/json")
		if h.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		w.Write(append(body, '\n'))
	})
	return mux
}

// cronLogger lets cron's Recover and SkipIfStillRunning speak through zap.
type cronLogger struct{ l *zap.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Sugar().Infow(msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Sugar().Errorw(msg, append(kv, "error", err)...)
}
