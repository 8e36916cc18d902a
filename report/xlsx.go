package report

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw"
)

// The committee pack: the report's tables in one workbook, a sheet per
// page, with native Excel charts (excelize draws them) that a controller
// copies into the nämnd's report. Money cells hold kronor and show
// thousands ("#,##0," formats), so a sum in Excel is exact to the krona.

const (
	fmtTkr    = `#,##0, "tkr";-#,##0, "tkr";0 "tkr"`
	fmtKrDay  = `#,##0 "kr/dygn"`
	fmtWhole  = `#,##0`
	fmtExact  = `#,##0.00`
	sheetWide = 26
)

type pack struct {
	f      *excelize.File
	styles map[string]int
	bold   int
	title  int
}

// WriteXLSX writes the committee pack to path.
func WriteXLSX(r *Report, path string) error {
	p := &pack{f: excelize.NewFile(), styles: map[string]int{}}
	defer p.f.Close()
	var err error
	if p.bold, err = p.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E5EAF0"}}}); err != nil {
		return err
	}
	if p.title, err = p.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}); err != nil {
		return err
	}
	for _, step := range []func(*Report) error{p.overview, p.findings, p.budget, p.care, p.placements} {
		if err := step(r); err != nil {
			return fmt.Errorf("report: xlsx: %w", err)
		}
	}
	p.f.DeleteSheet("Sheet1")
	p.f.SetActiveSheet(0)
	if err := p.f.SaveAs(path); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	return nil
}

func (p *pack) style(numFmt string) int {
	if id, ok := p.styles[numFmt]; ok {
		return id
	}
	id, _ := p.f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	p.styles[numFmt] = id
	return id
}

func (p *pack) sheet(name string, widths ...float64) error {
	if _, err := p.f.NewSheet(name); err != nil {
		return err
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		p.f.SetColWidth(name, col, col, w)
	}
	return nil
}

// row writes values from column A of row n; a *socdw.Amount is kronor in
// the given format, nil an empty cell.
func (p *pack) row(sheet string, n int, format string, vals ...any) {
	for i, v := range vals {
		cell, _ := excelize.CoordinatesToCellName(i+1, n)
		switch x := v.(type) {
		case *socdw.Amount:
			if x != nil {
				p.f.SetCellValue(sheet, cell, kronor(*x))
				p.f.SetCellStyle(sheet, cell, cell, p.style(format))
			}
		case socdw.Amount:
			p.f.SetCellValue(sheet, cell, kronor(x))
			p.f.SetCellStyle(sheet, cell, cell, p.style(format))
		default:
			p.f.SetCellValue(sheet, cell, v)
		}
	}
}

// kronor is an amount as the number Excel stores: every DECIMAL(18,2) of
// a municipality's budget is far inside a double's exact integers of öre.
func kronor(a socdw.Amount) float64 { return float64(a) / 100 }

func (p *pack) header(sheet string, n int, cols ...any) {
	p.row(sheet, n, "", cols...)
	last, _ := excelize.CoordinatesToCellName(len(cols), n)
	p.f.SetCellStyle(sheet, fmt.Sprintf("A%d", n), last, p.bold)
}

func (p *pack) heading(sheet string, n int, text string) {
	p.f.SetCellValue(sheet, fmt.Sprintf("A%d", n), text)
	p.f.SetCellStyle(sheet, fmt.Sprintf("A%d", n), fmt.Sprintf("A%d", n), p.title)
}

func (p *pack) overview(r *Report) error {
	const s = "Översikt"
	if err := p.sheet(s, 26, 14, 20, 18, 10, 12, 12, 18, 60); err != nil {
		return err
	}
	p.heading(s, 1, "Källor och senaste körning, rapport "+When(r.Generated))
	p.header(s, 3, "Källa", "Kommun", "Status", "Senaste körning", "Inlästa", "Oförändrade", "Misslyckade", "Nästa körning", "Misslyckade filer")
	n := 4
	for _, src := range r.Sources {
		failed := ""
		for i, f := range src.FailedFiles {
			if i > 0 {
				failed += "; "
			}
			failed += f.File + ": " + f.Error
		}
		p.row(s, n, "", src.Name, src.Kommun, src.Status(), When(src.LastRun), src.Loaded, src.Skipped, src.Failed, When(src.NextRun), failed)
		n++
	}
	return p.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
}

func (p *pack) findings(r *Report) error {
	const s = "Fynd och avvisade"
	if err := p.sheet(s, 40, 26, 28, 16, 16, 80); err != nil {
		return err
	}
	p.heading(s, 1, "Fynd och avvisade värden, per fil och cell")
	p.header(s, 3, "Fil", "Cell", "Slag", "Tryckt", "Omräknat", "Orsak")
	n := 4
	for _, f := range r.Files {
		for _, x := range f.Findings {
			p.row(s, n, fmtExact, filepath.Base(f.File), x.Cell, kindLabel(x.Kind), x.Reported, x.Recomputed, x.Message)
			n++
		}
		for _, x := range f.Rejects {
			p.row(s, n, "", filepath.Base(f.File), x.Cell, "Avvisat värde", nil, nil, x.Reason)
			n++
		}
	}
	return p.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
}

// budget writes each kommun and period as a table with a bar chart of the
// units' deviations beside it. The chart reads a block of its own (units
// without totals) to the right of the table, since Excel charts want
// contiguous ranges.
func (p *pack) budget(r *Report) error {
	const s = "Budgetavvikelse"
	if err := p.sheet(s, 36, 14, 14, 14, 14, 14, 40, 4, 36, 14, 14); err != nil {
		return err
	}
	n := 1
	for _, g := range r.Budget {
		p.heading(s, n, fmt.Sprintf("%s, %s (avvikelse = budget − utfall; + överskott, − underskott)", g.Kommun, PeriodLabel(g.Period)))
		n += 2
		p.header(s, n, "Enhet", "Budget", "Utfall", "Avvikelse", "Prognos helår", "Prognosavvikelse", "Källa")
		p.f.SetCellValue(s, fmt.Sprintf("I%d", n), "Enhet (diagram)")
		p.f.SetCellValue(s, fmt.Sprintf("J%d", n), "Överskott")
		p.f.SetCellValue(s, fmt.Sprintf("K%d", n), "Underskott")
		top := n + 1
		n++
		chartRow := top
		for _, b := range g.Rows {
			p.row(s, n, fmtTkr, b.Unit, b.Budget, b.Actual, b.Deviation, b.Forecast, b.ForecastDeviation, b.Source)
			if !b.IsTotal && b.Deviation != nil {
				// Surplus and deficit are two series (green, red) on one
				// bar position, so the legend names them as well.
				col := "J"
				if *b.Deviation < 0 {
					col = "K"
				}
				p.f.SetCellValue(s, fmt.Sprintf("I%d", chartRow), b.Unit)
				cell := fmt.Sprintf("%s%d", col, chartRow)
				p.f.SetCellValue(s, cell, kronor(*b.Deviation))
				p.f.SetCellStyle(s, cell, cell, p.style(fmtTkr))
				chartRow++
			}
			n++
		}
		if chartRow > top {
			rows := chartRow - top
			overlap := 100
			var series []excelize.ChartSeries
			for _, c := range []struct{ col, color string }{{"J", "1B6E3A"}, {"K", "A4161A"}} {
				series = append(series, excelize.ChartSeries{
					Name:       fmt.Sprintf("'%s'!$%s$%d", s, c.col, top-1),
					Categories: fmt.Sprintf("'%s'!$I$%d:$I$%d", s, top, chartRow-1),
					Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, c.col, top, c.col, chartRow-1),
					Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.color}},
				})
			}
			err := p.f.AddChart(s, fmt.Sprintf("M%d", top-2), &excelize.Chart{
				Type:      excelize.Bar,
				Series:    series,
				Overlap:   &overlap,
				PlotArea:  excelize.ChartPlotArea{ShowVal: true},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("Budgetavvikelse %s %s", g.Kommun, PeriodLabel(g.Period))}}},
				Legend:    excelize.ChartLegend{Position: "bottom"},
				XAxis:     excelize.ChartAxis{ReverseOrder: true},
				YAxis:     excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: `#,##0, "tkr"`}},
				Dimension: excelize.ChartDimension{Width: 640, Height: uint(140 + 22*rows)},
			})
			if err != nil {
				return err
			}
			// The chart is as tall as its bars; the next table starts below it.
			if end := top - 2 + (140+22*rows)/20 + 2; end > n {
				n = end
			}
		}
		n += 2
	}
	return nil
}

// care writes each kommun's dygnskostnad: the rows, then a block with a
// period per row and a column per placement form (and Kolada beside,
// repeated over its year) that a line chart reads.
func (p *pack) care(r *Report) error {
	const s = "Dygnskostnad"
	if err := p.sheet(s, 18, 40, 12, 14, 16, 40); err != nil {
		return err
	}
	n := 1
	for _, g := range r.Care {
		p.heading(s, n, "Dygnskostnad, "+g.Kommun+tgSuffix(g.TargetGroup))
		n += 2
		p.header(s, n, "Period", "Placeringsform", "Vårddygn", "Kostnad", "Kr per dygn", "Källa")
		n++
		for _, c := range g.Rows {
			p.row(s, n, fmtKrDay, PeriodLabel(c.Period), c.Series(), nil, nil, c.PerDay, c.Source)
			p.row(s, n, fmtWhole, nil, nil, c.CareDays)
			p.row(s, n, fmtTkr, nil, nil, nil, c.Cost)
			n++
		}
		if len(g.Kolada) > 0 {
			n++
			p.header(s, n, "År", "Placeringsform", "Nyckeltal", "Egen", "Kolada "+g.Kommun, "Riket", "Jämförelsekommun", "Jämförelsevärde")
			n++
			for _, k := range g.Kolada {
				p.row(s, n, fmtKrDay, k.Year, k.Form, k.KPI, k.Own, k.Kolada, k.Riket, k.PeerKommun, k.Peer)
				n++
			}
		}
		n++
		// The chart's block: periods down, series across.
		series := seriesOf(g)
		var refs []string
		for _, k := range g.Kolada {
			if k.Kolada != nil {
				refs = appendOnce(refs, fmt.Sprintf("Kolada %s %s", k.KPI, g.Kommun))
			}
			if k.Riket != nil {
				refs = appendOnce(refs, fmt.Sprintf("Kolada %s riket", k.KPI))
			}
		}
		periods := map[socdw.Period]bool{}
		for _, c := range g.Rows {
			periods[c.Period] = true
		}
		var ps []socdw.Period
		for q := range periods {
			ps = append(ps, q)
		}
		sort.Slice(ps, func(i, j int) bool {
			return ps[i].Start.Before(ps[j].Start) || ps[i].Start.Equal(ps[j].Start) && ps[i].End.Before(ps[j].End)
		})
		head := n
		p.header(s, head, append([]any{"Period"}, anySlice(append(series, refs...))...)...)
		for i, q := range ps {
			row := head + 1 + i
			p.f.SetCellValue(s, fmt.Sprintf("A%d", row), PeriodLabel(q))
			for _, c := range g.Rows {
				if c.Period == q {
					col := 2 + indexOf(series, c.Series())
					cell, _ := excelize.CoordinatesToCellName(col, row)
					p.f.SetCellValue(s, cell, kronor(c.PerDay))
				}
			}
			for _, k := range g.Kolada {
				if q.Start.Year() != k.Year || q.End.Year() != k.Year {
					continue
				}
				for _, ref := range []struct {
					name string
					v    *socdw.Amount
				}{{fmt.Sprintf("Kolada %s %s", k.KPI, g.Kommun), k.Kolada}, {fmt.Sprintf("Kolada %s riket", k.KPI), k.Riket}} {
					if ref.v != nil {
						cell, _ := excelize.CoordinatesToCellName(2+len(series)+indexOf(refs, ref.name), row)
						p.f.SetCellValue(s, cell, kronor(*ref.v))
					}
				}
			}
		}
		var cs []excelize.ChartSeries
		for i := range append(series, refs...) {
			col, _ := excelize.ColumnNumberToName(2 + i)
			line := excelize.LineOptions{Width: 2}
			if i >= len(series) {
				line.Dash = excelize.LineDashDash
			}
			cs = append(cs, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$%d", s, col, head),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", s, head+1, head+len(ps)),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, col, head+1, col, head+len(ps)),
				Line:       line,
				Marker:     excelize.ChartMarker{Symbol: []string{"circle", "square", "diamond", "triangle"}[i%4], Size: 5},
			})
		}
		err := p.f.AddChart(s, fmt.Sprintf("H%d", head), &excelize.Chart{
			Type:         excelize.Line,
			Series:       cs,
			Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Kr per vårddygn, " + g.Kommun + tgSuffix(g.TargetGroup)}}},
			Legend:       excelize.ChartLegend{Position: "bottom"},
			ShowBlanksAs: "span",
			YAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
			Dimension:    excelize.ChartDimension{Width: 720, Height: 360},
		})
		if err != nil {
			return err
		}
		n = max(head+len(ps)+2, head+20)
	}
	return nil
}

func (p *pack) placements(r *Report) error {
	const s = "Placeringar"
	if err := p.sheet(s, 14, 18, 30, 10, 12, 12, 14, 40); err != nil {
		return err
	}
	p.heading(s, 1, "Placeringar per period, målgrupp och placeringsform")
	p.header(s, 3, "Kommun", "Period", "Placeringsform", "Personer", "Placeringar", "Vårddygn", "Kostnad", "Källa")
	n := 4
	for _, g := range r.Placements {
		for _, x := range g.Rows {
			p.row(s, n, fmtWhole, g.Kommun, PeriodLabel(x.Period), x.TargetGroup+" – "+x.Form, x.Persons, x.Placements, x.CareDays, nil, x.Source)
			p.row(s, n, fmtTkr, nil, nil, nil, nil, nil, nil, x.Cost)
			n++
		}
	}
	return p.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
}

func appendOnce(list []string, s string) []string {
	if indexOf(list, s) >= 0 {
		return list
	}
	return append(list, s)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
