package load

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// A grain is what makes two rows of a fact table the same figure: a
// newer file of the same source that reports a row at the grain of an
// older file's row replaces it. Load order decides which file is newer:
// the higher load id, given as each file is loaded (a run loads a
// source's files in name order, so "x_2024-03.xlsx" comes before
// "x_2024-03_v2.xlsx"; a file changed later is loaded later).
type grain struct {
	table string
	keys  []string
	// owned selects the rows of the source's older loads; $2 is the
	// source, n.new_id the newest load of the grain.
	owned string
}

const ownedBySource = `o.source = $2 AND o.load_id < n.new_id`

// ownedByLoad is for the line tables that carry only a load id: the
// source's other loads are those of its files in source_file.
const ownedByLoad = `o.load_id IN (SELECT load_id FROM source_file WHERE source = $2) AND o.load_id < n.new_id`

var grains = []grain{
	{"fact_budget", []string{"kommun", "unit_key", "period_start", "period_end"}, ownedBySource},
	{"fact_figure", []string{"kommun", "subject", "measure", "dimensions", "period_start", "period_end"}, ownedBySource},
	{"fact_care", []string{"kommun", "period_start", "period_end", "target_group", "placement_form", "regi"}, ownedBySource},
	{"fact_placement_count", []string{"kommun", "period_start", "period_end", "target_group", "placement_form", "form_label", "regi", "legal_basis"}, ownedBySource},
	// Line tables: the same placement (person, start, form) reported
	// again, and the bookings of an ansvar in a month exported again (a
	// year-to-date export after the previous month's).
	{"fact_placement", []string{"kommun", "person_key", "start_date", "placement_form"}, ownedBySource},
	{"fact_booking", []string{"ansvar", "period_start"}, ownedByLoad},
	// Ledger lines (accounts payable, SIE): a newer ledger of the source
	// for the same kind of line, unit, ansvar and period replaces the
	// older's; the unit key tells two organisations' books apart.
	{"fact_ledger", []string{"kommun", "line_kind", "unit_key", "ansvar", "period_start", "period_end"}, ownedBySource},
}

// Supersession says how many rows of an older file a newer one replaced.
type Supersession struct {
	OldFile   string
	OldLoadID int64
	Table     string
	Rows      int64
}

// supersede removes the rows of the source's older loads that the new
// loads (the items, appended in this transaction) report again at their
// grain, in one query per fact table for all the items, and records each
// in the supersession table and as a finding of the newer file.
func supersede(ctx context.Context, conn *conn, items []Item) (map[int64][]Supersession, error) {
	minID := items[0].Attempt.LoadID
	byID := map[int64]Attempt{}
	for _, it := range items {
		minID = min(minID, it.Attempt.LoadID)
		byID[it.Attempt.LoadID] = it.Attempt
	}
	source := items[0].Attempt.Source
	tables := map[string]bool{}
	for _, it := range items {
		for t, ok := range batchTables(it.Batch) {
			tables[t] = tables[t] || ok
		}
	}
	var parts []string
	byTable := map[string]grain{}
	for _, g := range grains {
		if !tables[g.table] {
			continue
		}
		byTable[g.table] = g
		parts = append(parts, `SELECT '`+g.table+`' AS t, n.new_id, o.load_id, count(*) AS n FROM `+g.table+` o JOIN `+g.newRows()+
			` ON `+g.on()+` WHERE `+g.owned+` GROUP BY ALL`)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	// One query finds what every grain supersedes.
	rows, err := conn.query(ctx, strings.Join(parts, " UNION ALL ")+` ORDER BY new_id, t, load_id`, minID, source)
	if err != nil {
		return nil, fmt.Errorf("supersede: %w", err)
	}
	type found struct {
		newID int64
		s     Supersession
	}
	var all []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.s.Table, &f.newID, &f.s.OldLoadID, &f.s.Rows); err != nil {
			rows.Close()
			return nil, fmt.Errorf("supersede: %w", err)
		}
		all = append(all, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("supersede: %w", err)
	}
	out := map[int64][]Supersession{}
	deleted := map[string]bool{}
	for _, f := range all {
		g, s, a := byTable[f.s.Table], f.s, byID[f.newID]
		if !deleted[g.table] {
			deleted[g.table] = true
			if _, err := conn.ExecContext(ctx, `DELETE FROM `+g.table+` o USING `+g.newRows()+` WHERE `+g.owned+` AND `+g.on(),
				minID, source); err != nil {
				return nil, fmt.Errorf("supersede %s: %w", g.table, err)
			}
		}
		if old, ok := byID[s.OldLoadID]; ok {
			s.OldFile = old.File // an earlier file of the same transaction
		} else if err := conn.QueryRowContext(ctx, `SELECT file FROM load_log WHERE load_id = ?`, s.OldLoadID).Scan(&s.OldFile); err != nil {
			return nil, fmt.Errorf("supersede %s: the file of load %d: %w", g.table, s.OldLoadID, err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO supersession VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.LoadID, a.Source, a.File, s.OldFile, s.OldLoadID, s.Table, s.Rows, time.Now()); err != nil {
			return nil, fmt.Errorf("supersession: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO findings (load_id, source, file, kind, message) VALUES (?, ?, ?, 'superseded', ?)`,
			a.LoadID, a.Source, a.File, fmt.Sprintf("replaces %d rows of %s in %s (load %d): the same %s reported again",
				s.Rows, s.OldFile, s.Table, s.OldLoadID, strings.Join(g.keys, ", "))); err != nil {
			return nil, fmt.Errorf("findings: %w", err)
		}
		out[a.LoadID] = append(out[a.LoadID], s)
	}
	return out, nil
}

// newRows are the grains of the new loads (load ids from $1: only this
// transaction's rows have them), each with the newest load reporting it.
func (g grain) newRows() string {
	keys := strings.Join(g.keys, ", ")
	return `(SELECT ` + keys + `, max(load_id) AS new_id FROM ` + g.table + ` WHERE load_id >= $1 GROUP BY ` + keys + `) n`
}

// on matches an old row to a new grain; NULL matches NULL (a figure
// without a period, a placement without a regi).
func (g grain) on() string {
	var on []string
	for _, k := range g.keys {
		on = append(on, fmt.Sprintf("o.%s IS NOT DISTINCT FROM n.%s", k, k))
	}
	return strings.Join(on, " AND ")
}

// batchTables names the fact tables a batch has rows in.
func batchTables(b *socdw.Batch) map[string]bool {
	return map[string]bool{
		"fact_budget":          len(b.Budget) > 0,
		"fact_figure":          b.FigureCount() > 0,
		"fact_care":            len(b.Care) > 0,
		"fact_placement_count": len(b.PlacementCounts) > 0,
		"fact_placement":       len(b.Placements) > 0,
		"fact_booking":         b.Bookings.Rows > 0,
		"fact_ledger":          b.LedgerRows() > 0,
	}
}
