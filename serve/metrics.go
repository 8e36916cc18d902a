package serve

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socdw/socdw/pipeline"
)

// metrics are the Prometheus series of a server, on a registry of its own
// so that tests and several servers in one process never share state.
type metrics struct {
	files       *prometheus.CounterVec
	rows        *prometheus.CounterVec
	rejects     *prometheus.CounterVec
	findings    *prometheus.CounterVec
	runs        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	lastRun     *prometheus.GaugeVec
	failing     *prometheus.GaugeVec
	duration    *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		files: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socdw_files_total",
			Help: "Files attempted, by source and status (loaded, skipped, failed, ignored, forgotten); from load_log at start."}, []string{"source", "status"}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socdw_rows_loaded_total",
			Help: "Fact rows loaded, by source."}, []string{"source"}),
		rejects: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socdw_rejects_total",
			Help: "Values not loaded, by source."}, []string{"source"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socdw_findings_total",
			Help: "Data-quality findings, by source."}, []string{"source"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socdw_runs_total",
			Help: "Scheduled runs, by source and result (ok, failed)."}, []string{"source", "result"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socdw_last_success_timestamp_seconds",
			Help: "Unix time of the last run of a source in which no file failed."}, []string{"source"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socdw_last_run_timestamp_seconds",
			Help: "Unix time of the start of a source's last run."}, []string{"source"}),
		failing: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socdw_source_failing",
			Help: "1 when a source's last run failed, else 0."}, []string{"source"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "socdw_run_duration_seconds",
			Help: "Duration of a source's run.", Buckets: prometheus.ExponentialBuckets(0.05, 2, 14)}, []string{"source"}),
	}
	reg.MustRegister(m.files, m.rows, m.rejects, m.findings, m.runs, m.lastSuccess, m.lastRun, m.failing, m.duration)
	return m
}

func (m *metrics) observe(source string, rs []pipeline.FileResult) {
	for _, r := range rs {
		m.files.WithLabelValues(source, r.Status).Inc()
		m.rows.WithLabelValues(source).Add(float64(r.Rows))
		m.rejects.WithLabelValues(source).Add(float64(r.Rejected))
		m.findings.WithLabelValues(source).Add(float64(r.Findings))
	}
}
