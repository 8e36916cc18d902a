package load

import (
	"context"

	"github.com/socdw/socdw"
)

// SetKPIMap makes the config's benchmark: list the kpi_map rows of origin
// 'config', replacing the last run's, in one transaction. Built-in rows
// stay; a config row that repeats one is no second row.
func (w *Warehouse) SetKPIMap(ctx context.Context, ms []socdw.KPIMapping) error {
	return w.inTx(ctx, func(conn *conn) error {
		if _, err := conn.ExecContext(ctx, `DELETE FROM kpi_map WHERE origin = 'config'`); err != nil {
			return err
		}
		for _, m := range ms {
			if _, err := conn.ExecContext(ctx, `INSERT INTO kpi_map (kpi, target_group, placement_form, origin)
				VALUES (?, ?, ?, 'config') ON CONFLICT DO NOTHING`, m.KPI, m.TargetGroup, m.PlacementForm); err != nil {
				return err
			}
		}
		return nil
	})
}
