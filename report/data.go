package report

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // the schedules' clock hangs in Europe/Stockholm, also in slim images

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/config"
)

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err) // time/tzdata is embedded: cannot happen
	}
	return loc
}()

// Report is everything the pages show, read from a warehouse at one time.
type Report struct {
	Generated  time.Time
	Warehouse  string // the file read, as a person recognises it
	Sources    []SourceStatus
	Files      []FileIssues // findings and rejects, by file
	Budget     []BudgetGroup
	Care       []CareGroup
	Benchmark  []BenchmarkRow
	Placements []PlacementGroup
	Ledger     []LedgerUnit

	sources map[string]string // lineage, read once for two pages
}

// lineageOnce reads where dygnskostnad and placements rows came from, once.
func (r *Report) lineageOnce(ctx context.Context, db *sql.DB) (map[string]string, error) {
	if r.sources != nil {
		return r.sources, nil
	}
	src, err := lineage(ctx, db)
	r.sources = src
	return src, err
}

// SourceStatus is a configured source and its last run.
type SourceStatus struct {
	Name, Kommun, Path string
	Schedule           string
	NextRun            time.Time // zero without a schedule
	LastRun            time.Time // zero when it never ran
	Loaded             int
	Skipped            int
	Failed             int
	FailedFiles        []FailedFile
}

// FailedFile is a file of the last run that could not be loaded.
type FailedFile struct{ File, Error string }

// Status is the source's state in a word a person reads.
func (s SourceStatus) Status() string {
	switch {
	case s.LastRun.IsZero():
		return "Ingen körning ännu"
	case s.Failed > 0:
		return "Fel"
	}
	return "OK"
}

// FileIssues are the findings and rejects of one file.
type FileIssues struct {
	File     string
	Source   string
	Findings []Finding
	Rejects  []Reject
}

// Finding is a printed figure that disagrees with what it follows from.
type Finding struct {
	Cell       string // "Ekonomisk tabell!F13"
	Kind       string
	Reported   *socdw.Amount
	Recomputed *socdw.Amount
	Message    string
	RowAnchor  string // the budget row it is about, when there is one
}

// Reject is a value that was not loaded.
type Reject struct {
	Cell   string
	Reason string
}

// BudgetGroup is one kommun and period of budget_deviation.
type BudgetGroup struct {
	Kommun string
	Period socdw.Period
	Rows   []BudgetRow
}

// BudgetRow is one org unit's budget, actual, deviation and forecast.
type BudgetRow struct {
	Unit, UnitKey, Parent string
	IsTotal               bool
	Budget, Actual        *socdw.Amount
	Deviation, Forecast   *socdw.Amount
	ForecastDeviation     *socdw.Amount
	Source                string // "nacka.xlsx!Ekonomisk tabell!rad 7"
	Anchor                string
	Cells                 []SourceCell // the row's figures and their cells
	LedgerAnchor          string       // "" when the ledger has no lines for the unit
}

// SourceCell is one figure of a source row and the cell it came from.
type SourceCell struct {
	Cell, Measure, Value string
}

// CareGroup is dygnskostnad of one kommun and target group.
type CareGroup struct {
	Kommun, TargetGroup string
	Rows                []CareRow
	Kolada              []BenchmarkRow // the same kommun's key figures, beside
}

// CareRow is one period and placement form of dygnskostnad.
type CareRow struct {
	Period         socdw.Period
	Form, Regi     string
	CareDays, Cost socdw.Amount
	PerDay         socdw.Amount
	Reported       *socdw.Amount
	Source         string
}

// Series is the line a chart draws for a placement form (and regi).
func (r CareRow) Series() string {
	if r.Regi == "" {
		return r.Form
	}
	return r.Form + " (" + r.Regi + " regi)"
}

// BenchmarkRow is a row of the benchmark view.
type BenchmarkRow struct {
	Kommun              string
	Year                int
	TargetGroup, Form   string
	KPI, KPITitle       string
	Own                 socdw.Amount
	Kolada, Riket, Peer *socdw.Amount
	PeerKommun          string
	Source              string // the Kolada file
}

// PlacementGroup is placements of one kommun.
type PlacementGroup struct {
	Kommun string
	Rows   []PlacementRow
}

// PlacementRow is one period and form of placements.
type PlacementRow struct {
	Period              socdw.Period
	TargetGroup, Form   string
	Persons, Placements *socdw.Amount
	CareDays, Cost      *socdw.Amount
	Source              string
}

// LedgerUnit is the ledger lines of one kommun's unit.
type LedgerUnit struct {
	Kommun, UnitKey, Anchor string
	Lines                   []LedgerLine
	More                    int // lines past the report's limit
}

// LedgerLine is one booking or invoice line.
type LedgerLine struct {
	Date, Account, Text, Counterparty string
	Amount                            *socdw.Amount
	Source                            string
}

// maxLedgerLines is how many lines of a unit the report shows; the rest
// are a query away (socdw sql).
const maxLedgerLines = 200

// Read reads the report from a warehouse opened read-only. cfg names the
// sources and their schedules; now is the moment the next runs count from.
func Read(ctx context.Context, db *sql.DB, cfg *config.Config, warehouse string, now time.Time) (*Report, error) {
	r := &Report{Generated: now, Warehouse: warehouse}
	steps := []struct {
		what string
		fn   func(context.Context, *sql.DB) error
	}{
		{"sources", func(ctx context.Context, db *sql.DB) error { return r.readSources(ctx, db, cfg, now) }},
		{"ledger", r.readLedger},
		{"budget", r.readBudget},
		{"findings", r.readIssues},
		{"benchmark", r.readBenchmark},
		{"dygnskostnad", r.readCare},
		{"placements", r.readPlacements},
	}
	for _, s := range steps {
		if err := s.fn(ctx, db); err != nil {
			return nil, fmt.Errorf("report: %s: %w", s.what, err)
		}
	}
	return r, nil
}

// amount scans a DECIMAL as hundredths: the query casts value*100 to
// BIGINT, exact for DECIMAL(18,2).
type amount struct{ sql.NullInt64 }

func (a amount) ptr() *socdw.Amount {
	if !a.Valid {
		return nil
	}
	v := socdw.Amount(a.Int64)
	return &v
}

func (a amount) val() socdw.Amount { return socdw.Amount(a.Int64) }

// cents is the SQL that makes a DECIMAL column hundredths.
func cents(col string) string { return "CAST(" + col + " * 100 AS BIGINT)" }

// anchor is a stable HTML id for a key: the same row gets the same id on
// every page that links to it.
func anchor(prefix string, parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%s-%x", prefix, h.Sum64())
}

// cellName is a cell as a person finds it in the workbook: "Ekonomisk
// tabell!F13", or "rad 13" when the whole row is meant, "rad 14" of a
// text file.
func cellName(sheet string, row sql.NullInt64, col string) string {
	where := ""
	switch {
	case col != "" && row.Valid && sheet != "":
		where = fmt.Sprintf("%s%d", col, row.Int64)
	case col != "" && row.Valid:
		where = fmt.Sprintf("rad %d, kolumn %s", row.Int64, col)
	case row.Valid:
		where = fmt.Sprintf("rad %d", row.Int64)
	}
	if sheet == "" {
		return where
	}
	if where == "" {
		return sheet
	}
	return sheet + "!" + where
}

func (r *Report) readSources(ctx context.Context, db *sql.DB, cfg *config.Config, now time.Time) error {
	type last struct {
		started                 time.Time
		loaded, skipped, failed int
		files                   []FailedFile
	}
	runs := map[string]*last{}
	rows, err := db.QueryContext(ctx, `WITH last AS (SELECT source, max(run_id) AS run_id FROM load_log GROUP BY source)
		SELECT l.source, l.started_at, l.status, l.file, coalesce(l.error, '')
		FROM load_log l JOIN last USING (source, run_id) ORDER BY l.source, l.load_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var src, status, file, msg string
		var started time.Time
		if err := rows.Scan(&src, &started, &status, &file, &msg); err != nil {
			return err
		}
		l := runs[src]
		if l == nil {
			l = &last{started: started}
			runs[src] = l
		}
		if started.Before(l.started) {
			l.started = started
		}
		switch status {
		case "loaded":
			l.loaded++
		case "skipped":
			l.skipped++
		case "failed":
			l.failed++
			// The error names the file by its whole path; the page says it once.
			msg = strings.ReplaceAll(msg, file, filepath.Base(file))
			l.files = append(l.files, FailedFile{File: filepath.Base(file), Error: msg})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	seen := map[string]bool{}
	add := func(s SourceStatus) {
		if l := runs[s.Name]; l != nil {
			s.LastRun, s.Loaded, s.Skipped, s.Failed, s.FailedFiles = l.started, l.loaded, l.skipped, l.failed, l.files
		}
		r.Sources = append(r.Sources, s)
		seen[s.Name] = true
	}
	if cfg != nil {
		for _, s := range cfg.Sources {
			st := SourceStatus{Name: s.Name, Kommun: s.Kommun, Path: s.Path, Schedule: s.Schedule}
			if s.Schedule != "" {
				if sched, err := config.ParseSchedule(s.Schedule); err == nil {
					st.NextRun = sched.Next(now.In(stockholm))
				}
			}
			add(st)
		}
	}
	// Sources that ran but are no longer configured still show their last run.
	var gone []string
	for name := range runs {
		if !seen[name] {
			gone = append(gone, name)
		}
	}
	sort.Strings(gone)
	for _, name := range gone {
		add(SourceStatus{Name: name, Path: "(inte längre i konfigurationen)"})
	}
	return nil
}

func (r *Report) readIssues(ctx context.Context, db *sql.DB) error {
	byFile := map[string]*FileIssues{}
	get := func(file, source string) *FileIssues {
		f := byFile[file]
		if f == nil {
			f = &FileIssues{File: file, Source: source}
			byFile[file] = f
		}
		return f
	}
	budgetRows := map[string]string{}
	for _, g := range r.Budget {
		for _, b := range g.Rows {
			budgetRows[b.Source] = b.Anchor
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT file, source, coalesce(sheet, ''), "row", coalesce(col, ''), kind, `+
		cents("reported")+`, `+cents("recomputed")+`, message FROM findings ORDER BY file, sheet, "row", col`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var file, source, sheet, col, kind, msg string
		var row sql.NullInt64
		var rep, rec amount
		if err := rows.Scan(&file, &source, &sheet, &row, &col, &kind, &rep, &rec, &msg); err != nil {
			return err
		}
		f := get(file, source)
		f.Findings = append(f.Findings, Finding{Cell: cellName(sheet, row, col), Kind: kind, Reported: rep.ptr(),
			Recomputed: rec.ptr(), Message: msg, RowAnchor: budgetRows[rowSource(file, sheet, row.Int64)]})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows2, err := db.QueryContext(ctx, `SELECT file, source, coalesce(sheet, ''), "row", coalesce(col, ''), reason
		FROM rejects ORDER BY file, sheet, "row", col`)
	if err != nil {
		return err
	}
	defer rows2.Close()
	for rows2.Next() {
		var file, source, sheet, col, reason string
		var row sql.NullInt64
		if err := rows2.Scan(&file, &source, &sheet, &row, &col, &reason); err != nil {
			return err
		}
		f := get(file, source)
		f.Rejects = append(f.Rejects, Reject{Cell: cellName(sheet, row, col), Reason: reason})
	}
	if err := rows2.Err(); err != nil {
		return err
	}
	for _, f := range byFile {
		r.Files = append(r.Files, *f)
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].File < r.Files[j].File })
	return nil
}

// rowSource names a source row the way budget rows and findings share.
func rowSource(file, sheet string, row int64) string {
	s := filepath.Base(file)
	if sheet != "" {
		s += "!" + sheet
	}
	return fmt.Sprintf("%s!rad %d", s, row)
}

func (r *Report) readBudget(ctx context.Context, db *sql.DB) error {
	cells := map[string][]SourceCell{}
	crows, err := db.QueryContext(ctx, `SELECT f.source_file, coalesce(f.source_sheet, ''), f.source_row, f.source_col, f.measure, `+
		cents("f.value")+`, f.value_unit FROM figures f
		WHERE EXISTS (SELECT 1 FROM budget_deviation b WHERE b.source_file = f.source_file
			AND b.source_sheet IS NOT DISTINCT FROM f.source_sheet AND b.source_row = f.source_row)
		ORDER BY f.source_file, f.source_sheet, f.source_row, length(f.source_col), f.source_col`)
	if err != nil {
		return err
	}
	defer crows.Close()
	for crows.Next() {
		var file, sheet, col, measure, unit string
		var row int64
		var v amount
		if err := crows.Scan(&file, &sheet, &row, &col, &measure, &v, &unit); err != nil {
			return err
		}
		k := rowSource(file, sheet, row)
		cells[k] = append(cells[k], SourceCell{Cell: cellName(sheet, sql.NullInt64{Int64: row, Valid: true}, col),
			Measure: measure, Value: valueText(v.val(), unit)})
	}
	if err := crows.Err(); err != nil {
		return err
	}
	ledger := map[string]string{}
	for _, u := range r.Ledger {
		ledger[u.Kommun+"\x00"+u.UnitKey] = u.Anchor
	}
	rows, err := db.QueryContext(ctx, `SELECT kommun, period_start, period_end, unit, unit_key, coalesce(parent_unit_key, ''), is_total, `+
		cents("budget_sek")+`, `+cents("actual_sek")+`, `+cents("deviation_sek")+`, `+cents("forecast_sek")+`, `+cents("forecast_deviation_sek")+`,
		source_file, coalesce(source_sheet, ''), source_row
		FROM budget_deviation ORDER BY kommun, period_start, period_end, source_file, source_sheet, source_row`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var g *BudgetGroup
	for rows.Next() {
		var kommun, unit, key, parent, file, sheet string
		var start, end time.Time
		var total bool
		var b, a, d, f, fd amount
		var row int64
		if err := rows.Scan(&kommun, &start, &end, &unit, &key, &parent, &total, &b, &a, &d, &f, &fd, &file, &sheet, &row); err != nil {
			return err
		}
		p := socdw.Period{Start: start, End: end}
		if g == nil || g.Kommun != kommun || g.Period != p {
			r.Budget = append(r.Budget, BudgetGroup{Kommun: kommun, Period: p})
			g = &r.Budget[len(r.Budget)-1]
		}
		src := rowSource(file, sheet, row)
		g.Rows = append(g.Rows, BudgetRow{Unit: unit, UnitKey: key, Parent: parent, IsTotal: total,
			Budget: b.ptr(), Actual: a.ptr(), Deviation: d.ptr(), Forecast: f.ptr(), ForecastDeviation: fd.ptr(),
			Source: src, Anchor: anchor("r", src, p.String()), Cells: cells[src], LedgerAnchor: ledger[kommun+"\x00"+key]})
	}
	return rows.Err()
}

// valueText prints a figure in its unit the Swedish way.
func valueText(v socdw.Amount, unit string) string {
	switch unit {
	case "SEK":
		return Kr(v)
	case "SEK/day":
		return KrPerDay(v)
	case "percent":
		return Exact(v) + nbsp + "%"
	case "care_days":
		return Whole(v) + nbsp + "dygn"
	}
	return Exact(v)
}

// lineage is where the rows of dygnskostnad and placements came from,
// by kommun, period, target group and form: the table's cells, or the
// export whose placements they sum.
func lineage(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT kommun, period_start, period_end, coalesce(target_group, ''), placement_form, file, coalesce(source_sheet, ''), min(source_row)
		FROM fact_care GROUP BY ALL
		UNION ALL
		SELECT kommun, period_start, period_end, coalesce(target_group, ''), placement_form, file, coalesce(source_sheet, ''), min(source_row)
		FROM fact_placement_count GROUP BY ALL
		UNION ALL
		SELECT DISTINCT kommun, period_start, period_end, coalesce(target_group, ''), placement_form, file, '', NULL
		FROM placement_months`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var kommun, tg, form, file, sheet string
		var start, end time.Time
		var row sql.NullInt64
		if err := rows.Scan(&kommun, &start, &end, &tg, &form, &file, &sheet, &row); err != nil {
			return nil, err
		}
		src := filepath.Base(file)
		if row.Valid {
			src = rowSource(file, sheet, row.Int64)
		} else {
			src += " (placeringar i exporten)"
		}
		k := lineageKey(kommun, socdw.Period{Start: start, End: end}, tg, form)
		if prev, ok := out[k]; ok && prev != src {
			src = prev + "; " + src
		}
		out[k] = src
	}
	return out, rows.Err()
}

func lineageKey(kommun string, p socdw.Period, tg, form string) string {
	return kommun + "\x00" + p.String() + "\x00" + tg + "\x00" + form
}

func (r *Report) readCare(ctx context.Context, db *sql.DB) error {
	src, err := r.lineageOnce(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT kommun, coalesce(target_group, ''), period_start, period_end, placement_form, coalesce(regi, ''), `+
		cents("care_days")+`, `+cents("cost_sek")+`, `+cents("sek_per_day")+`, `+cents("reported_sek_per_day")+`
		FROM dygnskostnad WHERE sek_per_day IS NOT NULL
		ORDER BY kommun, coalesce(target_group, ''), placement_form, regi, period_start, period_end`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var g *CareGroup
	for rows.Next() {
		var kommun, tg, form, regi string
		var start, end time.Time
		var days, cost, per, rep amount
		if err := rows.Scan(&kommun, &tg, &start, &end, &form, &regi, &days, &cost, &per, &rep); err != nil {
			return err
		}
		if g == nil || g.Kommun != kommun || g.TargetGroup != tg {
			r.Care = append(r.Care, CareGroup{Kommun: kommun, TargetGroup: tg})
			g = &r.Care[len(r.Care)-1]
			for _, b := range r.Benchmark {
				if b.Kommun == kommun && b.TargetGroup == tg {
					g.Kolada = append(g.Kolada, b)
				}
			}
		}
		p := socdw.Period{Start: start, End: end}
		g.Rows = append(g.Rows, CareRow{Period: p, Form: form, Regi: regi, CareDays: days.val(), Cost: cost.val(),
			PerDay: per.val(), Reported: rep.ptr(), Source: src[lineageKey(kommun, p, tg, form)]})
	}
	return rows.Err()
}

func (r *Report) readBenchmark(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT b.kommun, b.year, b.target_group, b.placement_form, b.kpi, coalesce(b.kpi_title, ''), `+
		cents("b.own_sek_per_day")+`, `+cents("b.kolada_value")+`, `+cents("b.riket_value")+`, coalesce(b.peer_kommun, ''), `+cents("b.peer_value")+`,
		coalesce((SELECT string_agg(DISTINCT f.source_file, ', ') FROM figures f WHERE f.dimensions['kpi'] = b.kpi
			AND year(f.period_start) = b.year AND f.kommun IN (b.kommun, 'Riket', b.peer_kommun)), '')
		FROM benchmark b ORDER BY b.kommun, b.target_group, b.year, b.kpi, b.peer_kommun`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b BenchmarkRow
		var own, k, riket, peer amount
		var files string
		if err := rows.Scan(&b.Kommun, &b.Year, &b.TargetGroup, &b.Form, &b.KPI, &b.KPITitle, &own, &k, &riket, &b.PeerKommun, &peer, &files); err != nil {
			return err
		}
		b.Own, b.Kolada, b.Riket, b.Peer = own.val(), k.ptr(), riket.ptr(), peer.ptr()
		b.Source = baseNames(files)
		r.Benchmark = append(r.Benchmark, b)
	}
	return rows.Err()
}

// baseNames shortens a comma-separated list of paths to file names.
func baseNames(list string) string {
	if list == "" {
		return ""
	}
	var out []string
	for _, p := range strings.Split(list, ", ") {
		out = append(out, filepath.Base(p))
	}
	return strings.Join(out, ", ")
}

func (r *Report) readPlacements(ctx context.Context, db *sql.DB) error {
	src, err := r.lineageOnce(ctx, db)
	if err != nil {
		return err
	}
	// The placements view splits by regi and legal basis; per form, a
	// person placed under two of them in a month is one person, so
	// individual placements are counted here from placement_months, and
	// aggregate tables' counts taken as printed.
	rows, err := db.QueryContext(ctx, `SELECT kommun, period_start, period_end, tg, placement_form, persons, placements, care_days, cost FROM (
		SELECT kommun, period_start, period_end, coalesce(target_group, '') AS tg, placement_form,
			CAST(count(DISTINCT person_key) * 100 AS BIGINT) AS persons, CAST(count(*) * 100 AS BIGINT) AS placements,
			CAST(sum(care_days) * 100 AS BIGINT) AS care_days, `+cents("CAST(sum(daily_price * care_days) AS DECIMAL(18,2))")+` AS cost
		FROM placement_months GROUP BY ALL
		UNION ALL
		SELECT kommun, period_start, period_end, coalesce(target_group, ''), placement_form,
			CAST(sum(persons) * 100 AS BIGINT), CAST(sum(placements) * 100 AS BIGINT), `+cents("sum(care_days)")+`, `+cents("sum(cost_sek)")+`
		FROM fact_placement_count GROUP BY ALL)
		ORDER BY kommun, period_start, period_end, tg, placement_form`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var g *PlacementGroup
	for rows.Next() {
		var kommun, tg, form string
		var start, end time.Time
		var persons, placements, days, cost amount
		if err := rows.Scan(&kommun, &start, &end, &tg, &form, &persons, &placements, &days, &cost); err != nil {
			return err
		}
		if g == nil || g.Kommun != kommun {
			r.Placements = append(r.Placements, PlacementGroup{Kommun: kommun})
			g = &r.Placements[len(r.Placements)-1]
		}
		p := socdw.Period{Start: start, End: end}
		g.Rows = append(g.Rows, PlacementRow{Period: p, TargetGroup: tg, Form: form, Persons: persons.ptr(), Placements: placements.ptr(),
			CareDays: days.ptr(), Cost: cost.ptr(), Source: src[lineageKey(kommun, p, tg, form)]})
	}
	return rows.Err()
}

func (r *Report) readLedger(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT kommun, unit_key, coalesce(CAST(booking_date AS VARCHAR), CAST(period_start AS VARCHAR)),
		coalesce(account, ''), coalesce(text, coalesce(account_name, '')), coalesce(counterparty, ''), `+cents("amount_sek")+`,
		source_file, coalesce(source_sheet, ''), source_row,
		row_number() OVER (PARTITION BY kommun, unit_key ORDER BY period_start, booking_date, source_row) AS n
		FROM ledger WHERE unit_key IS NOT NULL
		QUALIFY n <= `+fmt.Sprint(maxLedgerLines+1)+`
		ORDER BY kommun, unit_key, n`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var u *LedgerUnit
	for rows.Next() {
		var kommun, key, date, account, text, cp, file, sheet string
		var amt amount
		var row, n int64
		if err := rows.Scan(&kommun, &key, &date, &account, &text, &cp, &amt, &file, &sheet, &row, &n); err != nil {
			return err
		}
		if u == nil || u.Kommun != kommun || u.UnitKey != key {
			r.Ledger = append(r.Ledger, LedgerUnit{Kommun: kommun, UnitKey: key, Anchor: anchor("u", kommun, key)})
			u = &r.Ledger[len(r.Ledger)-1]
		}
		if n > maxLedgerLines {
			u.More = 1 // at least one more; the page says there are more
			continue
		}
		u.Lines = append(u.Lines, LedgerLine{Date: date, Account: account, Text: text, Counterparty: cp,
			Amount: amt.ptr(), Source: rowSource(file, sheet, row)})
	}
	return rows.Err()
}
