-- 003: what the views and their columns mean, where DBeaver, Metabase and
-- the DuckDB CLI show it.
-- A later migration that replaces a view must repeat its comments.
COMMENT ON VIEW budget_deviation IS 'One row per org unit and period with a budget, outcome, forecast or reported deviation. SEK, net cost positive; deviation_sek = budget_sek - actual_sek, positive = surplus. Summa/Totalt rows have is_total: exclude them from sums.';
COMMENT ON COLUMN budget_deviation.unit IS 'Org unit name as in the source, trimmed';
COMMENT ON COLUMN budget_deviation.unit_key IS 'Canonical org unit after the source''s alias map';
COMMENT ON COLUMN budget_deviation.parent_unit_key IS 'The group the unit belongs to in the source; NULL at the top';
COMMENT ON COLUMN budget_deviation.is_total IS 'True for Summa/Totalt rows: kept for reconciliation, never add them to their parts';
COMMENT ON COLUMN budget_deviation.budget_sek IS 'Budget for the period (net cost, SEK)';
COMMENT ON COLUMN budget_deviation.actual_sek IS 'Outcome for the period (net cost, SEK)';
COMMENT ON COLUMN budget_deviation.deviation_sek IS 'budget_sek - actual_sek; when the source reports only a deviation (Tyresö Resultat), that figure. Positive = surplus';
COMMENT ON COLUMN budget_deviation.deviation_pct IS 'deviation_sek / abs(budget_sek) as a fraction; NULL when the budget is 0 or missing';
COMMENT ON COLUMN budget_deviation.full_year_budget_sek IS 'Full-year (helår) budget, SEK';
COMMENT ON COLUMN budget_deviation.forecast_sek IS 'Full-year forecast (prognos), net cost, SEK';
COMMENT ON COLUMN budget_deviation.forecast_deviation_sek IS 'Forecast deviation from the full-year budget, positive = surplus';
COMMENT ON COLUMN budget_deviation.reported_deviation_sek IS 'The deviation as printed in the source; compare with deviation_sek (see findings)';
COMMENT ON VIEW dygnskostnad IS 'Cost per care day per period, target group, placement form and regi: from aggregate tables and from individual placements (per month)';
COMMENT ON COLUMN dygnskostnad.care_days IS 'Vårddygn in the period';
COMMENT ON COLUMN dygnskostnad.cost_sek IS 'Net cost of those care days, SEK';
COMMENT ON COLUMN dygnskostnad.sek_per_day IS 'cost_sek / care_days, exact, rounded to öre';
COMMENT ON COLUMN dygnskostnad.reported_sek_per_day IS 'Snittpris per dygn as printed in the source';
COMMENT ON VIEW placements IS 'Placements per calendar month (individual exports) or per reported period (aggregate tables); parts only, no totals';
COMMENT ON COLUMN placements.persons IS 'Distinct persons placed in the period (pseudonymous keys)';
COMMENT ON COLUMN placements.placements IS 'Placements active in the period';
COMMENT ON COLUMN placements.care_days IS 'Care days inside the period, first and last day counted';
COMMENT ON COLUMN placements.cost_sek IS 'Daily price times care days in the period, SEK';
COMMENT ON VIEW figures IS 'Every number recognised in every table, long form, normalised (SEK, count, care_days, percent, SEK/day), with the cell it came from';
COMMENT ON COLUMN figures.subject IS 'Row label as in the source, with its group: Group > Part';
COMMENT ON COLUMN figures.measure IS 'Column label as in the source, header rows joined: Upper > Lower';
COMMENT ON COLUMN figures.value IS 'The value normalised: SEK for money (tkr, mnkr scaled), sign as printed';
