package load

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/socdw/socdw"
)

// A grain is what makes two rows of a fact table the same figure: a
// newer file of the same source that reports a row at the grain of an
// older file's row replaces it. Load order decides which file is newer:
// the file loaded last wins (a run loads a source's files in name order,
// so "x_2024-03.xlsx" comes before "x_2024-03_v2.xlsx").
type grain struct {
	table string
	keys  []string
	// owned selects the rows of the source's other loads; $1 is the new
	// load id, $2 the source.
	owned string
}

const ownedBySource = `o.source = $2 AND o.load_id <> $1`

// ownedByLoad is for the line tables that carry only a load id: the
// source's other loads are those of its files in source_file.
const ownedByLoad = `o.load_id IN (SELECT load_id FROM source_file WHERE source = $2) AND o.load_id <> $1`

var grains = []grain{
	{"fact_budget", []string{"kommun", "unit_key", "period_start", "period_end"}, ownedBySource},
	{"fact_figure", []string{"kommun", "subject", "measure", "period_start", "period_end"}, ownedBySource},
	{"fact_care", []string{"kommun", "period_start", "period_end", "target_group", "placement_form", "regi"}, ownedBySource},
	{"fact_placement_count", []string{"kommun", "period_start", "period_end", "target_group", "placement_form", "form_label", "regi", "legal_basis"}, ownedBySource},
	// Line tables: the same placement (person, start, form) reported
	// again, and the bookings of an ansvar in a month exported again (a
	// year-to-date export after the previous month's).
	{"fact_placement", []string{"kommun", "person_key", "start_date", "placement_form"}, ownedBySource},
	{"fact_booking", []string{"ansvar", "period_start"}, ownedByLoad},
}

// Supersession says how many rows of an older file a newer one replaced.
type Supersession struct {
	OldFile   string
	OldLoadID int64
	Table     string
	Rows      int64
}

// supersede removes the rows of the source's other files that the new
// load a reports again at their grain, in the load's transaction, and
// records each in the supersession table. tables limits the work to the
// fact tables the batch has rows in.
func supersede(ctx context.Context, conn *sql.Conn, a Attempt, tables map[string]bool) ([]Supersession, error) {
	var out []Supersession
	for _, g := range grains {
		if !tables[g.table] {
			continue
		}
		var on []string
		for _, k := range g.keys {
			on = append(on, fmt.Sprintf("o.%s IS NOT DISTINCT FROM n.%s", k, k))
		}
		newRows := `(SELECT DISTINCT ` + strings.Join(g.keys, ", ") + ` FROM ` + g.table + ` WHERE load_id = $1) n`
		where := g.owned + ` AND ` + strings.Join(on, " AND ")
		rows, err := conn.QueryContext(ctx, `SELECT o.load_id, count(*) FROM `+g.table+` o JOIN `+newRows+
			` ON true WHERE `+where+` GROUP BY o.load_id ORDER BY o.load_id`, a.LoadID, a.Source)
		if err != nil {
			return nil, fmt.Errorf("supersede %s: %w", g.table, err)
		}
		var found []Supersession
		for rows.Next() {
			s := Supersession{Table: g.table}
			if err := rows.Scan(&s.OldLoadID, &s.Rows); err != nil {
				rows.Close()
				return nil, fmt.Errorf("supersede %s: %w", g.table, err)
			}
			found = append(found, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("supersede %s: %w", g.table, err)
		}
		if len(found) == 0 {
			continue
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM `+g.table+` o USING `+newRows+` WHERE `+where,
			a.LoadID, a.Source); err != nil {
			return nil, fmt.Errorf("supersede %s: %w", g.table, err)
		}
		for i := range found {
			s := &found[i]
			if err := conn.QueryRowContext(ctx, `SELECT file FROM load_log WHERE load_id = ?`, s.OldLoadID).Scan(&s.OldFile); err != nil {
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
		}
		out = append(out, found...)
	}
	return out, nil
}

// batchTables names the fact tables a batch has rows in.
func batchTables(b *socdw.Batch) map[string]bool {
	return map[string]bool{
		"fact_budget":          len(b.Budget) > 0,
		"fact_figure":          len(b.Figures) > 0,
		"fact_care":            len(b.Care) > 0,
		"fact_placement_count": len(b.PlacementCounts) > 0,
		"fact_placement":       len(b.Placements) > 0,
		"fact_booking":         b.Bookings.Rows > 0,
	}
}
