package report

// Charts are SVG drawn here, on the server: the pages need no script and
// no library, print sharply, and open from a file on a closed network.
// Pixel positions are computed in float64; the money itself stays in
// exact hundredths and is printed from them, never from a pixel.

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// svgText escapes text for an SVG element or attribute.
func svgText(s string) string { return html.EscapeString(s) }

// Okabe–Ito colours: told apart with the common colour-vision
// deficiencies, each dark enough on white for a line and a marker.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6100", "#3A7CA5", "#000000", "#7A3E9D"}

// BarChart draws each unit's deviation as a horizontal bar from the zero
// line: a surplus (överskott) to the right, solid, with a plus sign; a
// deficit (underskott) to the left, hatched, with a minus sign. Sign,
// direction, pattern and the words in the legend all tell them apart, not
// only the colour. Totals are left out (they are the sum of the bars).
func BarChart(g BudgetGroup, id string) template.HTML {
	type bar struct {
		label, value, title, href, kind string
		dev                             socdw.Amount
		child                           bool
	}
	var bars []bar
	var lo, hi socdw.Amount
	for _, r := range g.Rows {
		if r.IsTotal || r.Deviation == nil {
			continue
		}
		d := *r.Deviation
		kind := "surplus"
		word := "överskott"
		if d < 0 {
			kind, word = "deficit", "underskott"
		}
		if n, _ := wholeUnits(d, 3); n == 0 {
			kind, word = "zero", "i balans"
		}
		lo, hi = min(lo, d), max(hi, d)
		bars = append(bars, bar{label: r.Unit, value: SignedTkr(d), kind: kind, dev: d, child: r.Parent != "",
			title: fmt.Sprintf("%s: %s %s. Källa: %s", r.Unit, word, SignedTkr(d), r.Source), href: "#" + r.Anchor})
	}
	if len(bars) == 0 {
		return ""
	}
	const (
		width, labelW, valueW, rowH, top = 860.0, 260.0, 110.0, 30.0, 46.0
	)
	barLeft, barRight := labelW+valueW, width-valueW
	span := float64(hi - lo)
	if span == 0 {
		span = 1
	}
	scale := (barRight - barLeft) / span
	zeroX := barLeft + float64(-lo)*scale
	height := top + float64(len(bars))*rowH + 16
	title := fmt.Sprintf("Budgetavvikelse per enhet, %s %s", g.Kommun, PeriodLabel(g.Period))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart bars" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`,
		id, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%d enheter. Överskott åt höger, heldragen stapel med plustecken; underskott åt vänster, randig stapel med minustecken. Tabellen under diagrammet har samma siffror.</desc>`,
		id, svgText(title), id, len(bars))
	fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="#f3d6d3"/><line x1="0" y1="0" x2="0" y2="7" stroke="#a4161a" stroke-width="3.5"/></pattern></defs>`, id)
	fmt.Fprintf(&b, `<text class="dir" x="%.1f" y="16" text-anchor="end">← Underskott (över budget)</text>`, zeroX-6)
	fmt.Fprintf(&b, `<text class="dir" x="%.1f" y="16">Överskott (under budget) →</text>`, zeroX+6)
	fmt.Fprintf(&b, `<line class="axis" x1="%.1f" x2="%.1f" y1="26" y2="%.1f"/>`, zeroX, zeroX, height-8)
	fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="38" text-anchor="middle">0</text>`, zeroX)
	for i, br := range bars {
		y := top + float64(i)*rowH
		x := zeroX + float64(br.dev)*scale
		left, w := math.Min(x, zeroX), math.Abs(x-zeroX)
		if w < 1 {
			w = 1
		}
		label := br.label
		indent := 0.0
		if br.child {
			indent = 14
		}
		fill := "#1b6e3a"
		if br.kind == "deficit" {
			fill = "url(#" + id + "-hatch)"
		}
		fmt.Fprintf(&b, `<a href="%s"><g class="bar %s" data-unit="%s" data-value="%s"><title>%s</title>`,
			svgText(br.href), br.kind, svgText(br.label), svgText(br.value), svgText(br.title))
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, labelW-8+indent, y+rowH/2+4, svgText(truncate(label, 34)))
		stroke := ""
		if br.kind == "deficit" {
			stroke = ` stroke="#a4161a" stroke-width="1"`
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"%s/>`, left, y+5, w, rowH-10, fill, stroke)
		if br.kind == "deficit" {
			fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, left-5, y+rowH/2+4, svgText(br.value))
		} else {
			fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%.1f">%s</text>`, left+w+5, y+rowH/2+4, svgText(br.value))
		}
		b.WriteString(`</g></a>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// LineChart draws the cost per care day over time, one line per
// placement form (and regi), with the Kolada key figures for the same
// kommun and riket as dashed and dotted lines across their year, and the
// year's own figure that Kolada is compared with as a solid one.
func LineChart(g CareGroup, id string) template.HTML {
	series := map[string][]CareRow{}
	var order []string
	var t0, t1 time.Time
	var ymax socdw.Amount
	for _, r := range g.Rows {
		k := r.Series()
		if _, ok := series[k]; !ok {
			order = append(order, k)
		}
		series[k] = append(series[k], r)
		t0, t1 = minTime(t0, r.Period.Start), maxTime(t1, r.Period.End)
		ymax = max(ymax, r.PerDay)
	}
	if len(order) == 0 {
		return ""
	}
	type ref struct {
		class, label, title string
		year                int
		v                   socdw.Amount
	}
	var refs []ref
	seen := map[string]bool{}
	addRef := func(class, label, title string, year int, v *socdw.Amount) {
		if v == nil || seen[class+label] {
			return
		}
		seen[class+label] = true
		refs = append(refs, ref{class, label, title, year, *v})
		t0, t1 = minTime(t0, socdw.Date(year, 1, 1)), maxTime(t1, socdw.Date(year, 12, 31))
		ymax = max(ymax, *v)
	}
	for _, k := range g.Kolada {
		kpi := k.KPI
		addRef("kolada", fmt.Sprintf("Kolada %s %s %d: %s", kpi, k.Kommun, k.Year, KrPerDay(ptrVal(k.Kolada))),
			fmt.Sprintf("%s, %s %d: %s. Källa: %s", k.KPITitle, k.Kommun, k.Year, KrPerDay(ptrVal(k.Kolada)), k.Source), k.Year, k.Kolada)
		addRef("riket", fmt.Sprintf("Kolada %s riket %d: %s", kpi, k.Year, KrPerDay(ptrVal(k.Riket))),
			fmt.Sprintf("%s, riket %d: %s. Källa: %s", k.KPITitle, k.Year, KrPerDay(ptrVal(k.Riket)), k.Source), k.Year, k.Riket)
		own := k.Own
		addRef("own-year", fmt.Sprintf("Egen %s %d: %s", k.Form, k.Year, KrPerDay(own)),
			fmt.Sprintf("Egen dygnskostnad %s %d (årets vårddygn och kostnad): %s, jämförs med %s", k.Form, k.Year, KrPerDay(own), kpi), k.Year, &own)
	}
	const (
		width, height, left, right, top, bottom = 860.0, 360.0, 78.0, 300.0, 20.0, 44.0
	)
	pw, ph := width-left-right, height-top-bottom
	step := niceStep(float64(ymax) / 100 / 5)
	yTop := math.Ceil(float64(ymax)/100/step) * step
	if yTop <= 0 {
		yTop = step
	}
	span := t1.Sub(t0).Hours()
	if span <= 0 {
		span = 24
	}
	xOf := func(t time.Time) float64 { return left + t.Sub(t0).Hours()/span*pw }
	yOf := func(a socdw.Amount) float64 { return top + ph - float64(a)/100/yTop*ph }
	title := fmt.Sprintf("Dygnskostnad per placeringsform, %s%s", g.Kommun, tgSuffix(g.TargetGroup))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart lines" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`,
		id, width, height, id, id)
	desc := fmt.Sprintf("Kronor per vårddygn över tid för %d placeringsformer", len(order))
	if len(refs) > 0 {
		desc += "; Koladas nyckeltal för kommunen (streckad linje) och riket (prickad linje) över sitt år, och den egna årssiffran (heldragen)"
	}
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s. Tabellen under diagrammet har samma siffror.</desc>`, id, svgText(title), id, svgText(desc))
	for v := 0.0; v <= yTop+step/2; v += step {
		y := top + ph - v/yTop*ph
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, left, left+pw, y, y)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, left-6, y+4, svgText(group(uint64(v), false)))
	}
	fmt.Fprintf(&b, `<text class="tick" x="14" y="%.1f" transform="rotate(-90 14 %.1f)" text-anchor="middle">kr per vårddygn</text>`, top+ph/2, top+ph/2)
	for y := t0.Year(); y <= t1.Year(); y++ {
		jan := socdw.Date(y, 1, 1)
		if !jan.Before(t0) && !jan.After(t1) {
			x := xOf(jan)
			fmt.Fprintf(&b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, x, x, top, top+ph+6)
		}
		mid := maxTime(t0, jan).Add(minTime(t1, socdw.Date(y, 12, 31)).Sub(maxTime(t0, jan)) / 2)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, xOf(mid), top+ph+22, y)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, left, left+pw, top+ph, top+ph)
	for i, k := range order {
		color := palette[i%len(palette)]
		rows := series[k]
		var pts []string
		for _, r := range rows {
			mid := r.Period.Start.Add(r.Period.End.Add(24*time.Hour).Sub(r.Period.Start) / 2)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(mid), yOf(r.PerDay)))
		}
		fmt.Fprintf(&b, `<g class="series own" data-series="%s">`, svgText(k))
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), color)
		}
		for j, r := range rows {
			xy := strings.Split(pts[j], ",")
			fmt.Fprintf(&b, `<g class="point"><title>%s, %s: %s. Källa: %s</title>%s</g>`,
				svgText(k), svgText(PeriodLabel(r.Period)), svgText(KrPerDay(r.PerDay)), svgText(r.Source), marker(i, xy[0], xy[1], color))
		}
		b.WriteString(`</g>`)
	}
	// Reference lines across their year, labelled at the right margin;
	// labels are moved apart where their lines lie close.
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].v > refs[j].v })
	labelY := make([]float64, len(refs))
	lastY := -100.0
	for i, r := range refs {
		labelY[i] = math.Max(yOf(r.v)+4, lastY+15)
		lastY = labelY[i]
	}
	// Kolada's dashes are drawn over the own year's solid line, which
	// often lies close.
	drawOrder := map[string]int{"own-year": 0, "riket": 1, "kolada": 2}
	idx := make([]int, len(refs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return drawOrder[refs[idx[a]].class] < drawOrder[refs[idx[b]].class] })
	for _, i := range idx {
		r := refs[i]
		y := yOf(r.v)
		x1, x2 := xOf(maxTime(t0, socdw.Date(r.year, 1, 1))), xOf(minTime(t1, socdw.Date(r.year, 12, 31).Add(24*time.Hour)))
		dash := map[string]string{"kolada": "8 5", "riket": "2 4", "own-year": ""}[r.class]
		stroke := map[string]string{"kolada": "#333333", "riket": "#5a5a5a", "own-year": "#111111"}[r.class]
		ly := labelY[i]
		fmt.Fprintf(&b, `<g class="ref %s" data-label="%s"><title>%s</title>`, r.class, svgText(r.label), svgText(r.title))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5" stroke-dasharray="%s"/>`, x1, x2, y, y, stroke, dash)
		fmt.Fprintf(&b, `<text class="reflabel" x="%.1f" y="%.1f">%s</text></g>`, left+pw+8, ly, svgText(r.label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func tgSuffix(tg string) string {
	if tg == "" {
		return ""
	}
	return ", " + tg
}

func ptrVal(a *socdw.Amount) socdw.Amount {
	if a == nil {
		return 0
	}
	return *a
}

// marker draws the n-th series' point: circle, square, diamond, triangle,
// so lines differ by shape as well as colour.
func marker(n int, xs, ys, color string) string {
	var x, y float64
	fmt.Sscan(xs, &x)
	fmt.Sscan(ys, &y)
	switch n % 4 {
	case 1:
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"/>`, x-4, y-4, color)
	case 2:
		return fmt.Sprintf(`<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s"/>`, x, y-5, x+5, y, x, y+5, x-5, y, color)
	case 3:
		return fmt.Sprintf(`<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s"/>`, x, y-5, x+5, y+4, x-5, y+4, color)
	}
	return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, x, y, color)
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
