package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/socdw/socdw"
)

// The pages, their CSS and nothing else: every page carries its style
// inline and its charts as SVG, so it opens from a file with no request
// leaving the machine.
//
//go:embed templates/*.html templates/style.css
var templates embed.FS

// Page is one page of the report.
type Page struct {
	File  string // index.html, …
	Title string
}

// Pages are the report's pages in the order the navigation shows them.
var Pages = []Page{
	{"index.html", "Översikt"},
	{"fynd.html", "Fynd och avvisade"},
	{"budget.html", "Budgetavvikelse"},
	{"dygnskostnad.html", "Dygnskostnad"},
	{"placeringar.html", "Placeringar"},
	{"huvudbok.html", "Huvudbok"},
}

var funcs = template.FuncMap{
	"when":    When,
	"period":  PeriodLabel,
	"base":    filepath.Base,
	"tkr":     Tkr,
	"perday":  KrPerDay,
	"whole":   Whole,
	"tkrp":    optional(Tkr),
	"krp":     optional(Kr),
	"signedp": optional(SignedTkr),
	"exactp":  optional(Exact),
	"perdayp": optional(KrPerDay),
	"wholep":  optional(Whole),
	"sign": func(a *socdw.Amount) string {
		if a == nil {
			return ""
		}
		if n, neg := wholeUnits(*a, 3); n > 0 && neg {
			return "neg"
		} else if n > 0 {
			return "pos"
		}
		return ""
	},
	"kind":       kindLabel,
	"barchart":   BarChart,
	"linechart":  LineChart,
	"series":     seriesOf,
	"legendmark": legendMark,
	"maxledger":  func() int { return maxLedgerLines },
	// short is a source without its file name ("Ekonomisk tabell!rad 7"):
	// the file is in the title and in the table's caption.
	"short": func(src string) string {
		if _, rest, ok := strings.Cut(src, "!"); ok {
			return rest
		}
		return src
	},
}

// optional prints a missing value as a dash, not as zero.
func optional(f func(socdw.Amount) string) func(*socdw.Amount) string {
	return func(a *socdw.Amount) string {
		if a == nil {
			return "–"
		}
		return f(*a)
	}
}

func kindLabel(k string) string {
	switch k {
	case socdw.FindingDeviation:
		return "Tryckt avvikelse stämmer inte"
	case socdw.FindingTotal:
		return "Summa stämmer inte"
	case socdw.FindingPersonalData:
		return "Personnummer på fel plats"
	case socdw.FindingAssumedUnit:
		return "Enhet antagen (kr)"
	}
	return k
}

func seriesOf(g CareGroup) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range g.Rows {
		if s := r.Series(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func legendMark(i int) template.HTML {
	color := palette[i%len(palette)]
	return template.HTML(fmt.Sprintf(`<svg width="30" height="12" aria-hidden="true"><line x1="0" x2="30" y1="6" y2="6" stroke="%s" stroke-width="2"/>%s</svg>`,
		color, marker(i, "15", "6", color)))
}

type pageData struct {
	*Report
	Page, Title string
	CSS         template.CSS
	Nav         []Page
}

var css = func() template.CSS {
	b, err := templates.ReadFile("templates/style.css")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return template.CSS(b)
}()

// Render writes one page of the report; page is its file name
// (index.html). An unknown page is an error.
func Render(r *Report, page string) ([]byte, error) {
	var p *Page
	for i := range Pages {
		if Pages[i].File == page {
			p = &Pages[i]
		}
	}
	if p == nil {
		return nil, fmt.Errorf("report: no page %q", page)
	}
	t, err := template.New("layout").Funcs(funcs).ParseFS(templates, "templates/base.html", "templates/"+page)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", page, err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pageData{Report: r, Page: p.File, Title: p.Title, CSS: css, Nav: Pages}); err != nil {
		return nil, fmt.Errorf("report: %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// WriteHTML writes every page into dir (created if need be). Each page is
// written to a temporary name and renamed, so a reader never sees half a
// page.
func WriteHTML(r *Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, p := range Pages {
		b, err := Render(r, p.File)
		if err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(dir, p.File), b); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+"-*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("report: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}
