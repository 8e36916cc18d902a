package serve

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/socdw/socdw/load"
	"github.com/socdw/socdw/report"
)

// reportHandler answers / and the report's other pages, rendered at each
// request from the published copy, so a page shows the last run that
// published. Without publish: in the config it reads the warehouse itself,
// read-only, holding the run lock so no run writes meanwhile.
func (s *Server) reportHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		page := strings.TrimPrefix(r.URL.Path, "/")
		if page == "" {
			page = "index.html"
		}
		if !knownPage(page) {
			http.NotFound(w, r)
			return
		}
		path := s.Config.Publish
		if path == "" {
			s.mu.Lock()
			defer s.mu.Unlock()
			path = s.Config.Warehouse
		}
		ro, err := load.OpenReadOnly(r.Context(), path)
		if err == nil && !ro.Current(r.Context()) {
			ro.Close()
			err = fmt.Errorf("%s is behind socdw's schema; it is brought up to date at the next run", path)
		}
		if err != nil {
			s.Log.Warn("report: no warehouse to read", zap.Error(err))
			http.Error(w, "socdw: the report has nothing to read yet: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		defer ro.Close()
		rep, err := report.Read(r.Context(), ro.DB(), s.Config, path, time.Now())
		var body []byte
		if err == nil {
			body, err = report.Render(rep, page)
		}
		if err != nil {
			s.Log.Error("report failed", zap.Error(err))
			http.Error(w, "socdw: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The pages are whole in themselves: the browser may fetch nothing.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(body)
	})
}

func knownPage(p string) bool {
	for _, pg := range report.Pages {
		if pg.File == p {
			return true
		}
	}
	return false
}
