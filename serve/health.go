package serve

import (
	"time"

	"github.com/socdw/socdw/config"
	"github.com/socdw/socdw/load"
)

// Health is the body of /healthz: each source's state and times, never
// paths or error texts (those are in the log and in socdw status).
type Health struct {
	Status  string                  `json:"status"` // ok, or failing when any source failed or is stale
	Sources map[string]SourceHealth `json:"sources"`
}

// SourceHealth is one source in /healthz.
type SourceHealth struct {
	// State is ok, failed (the last run failed), stale (no run for twice
	// the schedule's interval), pending (scheduled, not run yet) or
	// unscheduled (never run; runs only by hand).
	State       string     `json:"state"`
	LastRun     *time.Time `json:"last_run,omitempty"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
}

// Health judges every configured source at now.
func (s *Server) Health(now time.Time) Health {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	h := Health{Status: "ok", Sources: map[string]SourceHealth{}}
	for _, src := range s.Config.Sources {
		st, ran := s.state[src.Name]
		sh := SourceHealth{State: "ok", LastRun: timePtr(st.LastRun), LastSuccess: timePtr(st.LastSuccess)}
		since := st.LastRun
		if !ran || st.LastRun.IsZero() {
			sh.State, since = "unscheduled", s.started
			if src.Schedule != "" {
				sh.State = "pending"
			}
		}
		switch {
		case ran && st.Failed:
			sh.State = "failed"
		case stale(src, since, now):
			sh.State = "stale"
		}
		if sh.State == "failed" || sh.State == "stale" {
			h.Status = "failing"
		}
		h.Sources[src.Name] = sh
	}
	return h
}

// stale reports whether a scheduled source has not run for twice its
// schedule's interval since since.
func stale(src config.Source, since, now time.Time) bool {
	if src.Schedule == "" || since.IsZero() {
		return false
	}
	sched, err := config.ParseSchedule(src.Schedule)
	if err != nil {
		return false
	}
	next := sched.Next(since.In(Stockholm()))
	interval := sched.Next(next).Sub(next)
	return now.Sub(since) > 2*interval
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// restore takes the state of each source from load_log and brings the
// metrics to load_log's totals, so the socdw_* series exist (and a
// staleness alert can fire) before the first scheduled run.
func (s *Server) restore(hist map[string]load.SourceHistory) {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	for _, src := range s.Config.Sources {
		h, ok := hist[src.Name]
		for _, status := range []string{load.StatusLoaded, load.StatusSkipped, load.StatusFailed, load.StatusIgnored, load.StatusForgotten} {
			s.m.files.WithLabelValues(src.Name, status).Add(float64(h.Files[status]))
		}
		s.m.rows.WithLabelValues(src.Name).Add(float64(h.Rows))
		s.m.rejects.WithLabelValues(src.Name).Add(float64(h.Rejected))
		s.m.findings.WithLabelValues(src.Name)
		s.m.runs.WithLabelValues(src.Name, "ok")
		s.m.runs.WithLabelValues(src.Name, "failed")
		s.m.failing.WithLabelValues(src.Name).Set(boolGauge(ok && h.LastRunFailed))
		if !ok {
			continue
		}
		s.state[src.Name] = sourceState{LastRun: h.LastRun, LastSuccess: h.LastSuccess, Failed: h.LastRunFailed}
		s.m.lastRun.WithLabelValues(src.Name).Set(float64(h.LastRun.Unix()))
		if !h.LastSuccess.IsZero() {
			s.m.lastSuccess.WithLabelValues(src.Name).Set(float64(h.LastSuccess.Unix()))
		}
	}
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
