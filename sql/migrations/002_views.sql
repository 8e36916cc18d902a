-- 002: the four views of the contract. Totals (is_total) are kept for
-- reconciliation; placements and dygnskostnad hold parts only.

-- ratio2(a, b): a / b for DECIMAL(18,2) values, exact and rounded half away
-- from zero to two places. DuckDB divides decimals as DOUBLE; money must not
-- pass through floating point, so the division is done on integer hundredths.
CREATE OR REPLACE MACRO ratio2(a, b) AS
    CASE WHEN b IS NULL OR b = 0 OR a IS NULL THEN NULL ELSE
        CAST(CAST(sign(CAST(a * 100 AS HUGEINT)) * sign(CAST(b * 100 AS HUGEINT))
             * ((abs(CAST(a * 100 AS HUGEINT)) * 200 + abs(CAST(b * 100 AS HUGEINT)))
                // (2 * abs(CAST(b * 100 AS HUGEINT)))) AS DECIMAL(38,0)) * 0.01 AS DECIMAL(18,2))
    END;

CREATE OR REPLACE VIEW figures AS
SELECT kommun, period_start, period_end, subject, measure, value, value_unit,
       is_total, file AS source_file, source_sheet, source_row, source_col, load_id
FROM fact_figure;

CREATE OR REPLACE VIEW budget_deviation AS
WITH b AS (
    SELECT kommun, unit, unit_key, parent_unit_key, is_total, period_start, period_end,
           budget_sek, actual_sek,
           CASE WHEN budget_sek IS NOT NULL AND actual_sek IS NOT NULL
                THEN budget_sek - actual_sek
                ELSE reported_deviation_sek END AS deviation_sek,
           full_year_budget_sek, forecast_sek, forecast_deviation_sek, reported_deviation_sek,
           file AS source_file, source_sheet, source_row, load_id
    FROM fact_budget
    UNION ALL
    SELECT l.kommun, any_value(u.ansvar_name) AS unit, u.unit_key, NULL, false,
           b.period_start, last_day(b.period_start),
           CAST(sum(b.budget_sek) AS DECIMAL(18,2)), CAST(sum(b.actual_sek) AS DECIMAL(18,2)),
           CAST(sum(b.budget_sek) - sum(b.actual_sek) AS DECIMAL(18,2)),
           NULL, NULL, NULL, NULL,
           l.file, NULL, min(b.source_row), b.load_id
    FROM fact_booking b
    JOIN load_log l ON l.load_id = b.load_id
    JOIN booking_unit u ON u.load_id = b.load_id AND u.ansvar = b.ansvar
    GROUP BY l.kommun, u.unit_key, b.period_start, l.file, b.load_id
)
SELECT kommun, unit, unit_key, parent_unit_key, is_total, period_start, period_end,
       budget_sek, actual_sek, CAST(deviation_sek AS DECIMAL(18,2)) AS deviation_sek,
       CASE WHEN budget_sek IS NULL OR budget_sek = 0 OR deviation_sek IS NULL THEN NULL
            ELSE CAST(round(deviation_sek / abs(budget_sek), 4) AS DECIMAL(9,4)) END AS deviation_pct,
       full_year_budget_sek, forecast_sek, forecast_deviation_sek, reported_deviation_sek,
       source_file, source_sheet, source_row, load_id
FROM b;

-- Individual placements spread over the calendar months they touch.
CREATE OR REPLACE VIEW placement_months AS
WITH p AS (
    SELECT *, COALESCE(end_date, open_until) AS eff_end FROM fact_placement
    WHERE COALESCE(end_date, open_until) >= start_date
), m AS (
    SELECT p.*, CAST(ms AS DATE) AS month_start
    FROM p, unnest(generate_series(CAST(date_trunc('month', p.start_date) AS TIMESTAMP),
                                   CAST(date_trunc('month', p.eff_end) AS TIMESTAMP),
                                   INTERVAL 1 MONTH)) AS g(ms)
)
SELECT kommun, month_start AS period_start, CAST(last_day(month_start) AS DATE) AS period_end,
       person_key, target_group, placement_form, form_label, regi, legal_basis,
       datediff('day', greatest(start_date, month_start), least(eff_end, last_day(month_start))) + 1 AS care_days,
       daily_price, file, source_sheet, source_row, load_id
FROM m;

CREATE OR REPLACE VIEW placements AS
SELECT kommun, period_start, period_end, target_group, placement_form, regi, legal_basis,
       CAST(count(DISTINCT person_key) AS INTEGER) AS persons,
       CAST(count(*) AS INTEGER) AS placements,
       CAST(sum(care_days) AS DECIMAL(18,2)) AS care_days,
       CAST(sum(daily_price * care_days) AS DECIMAL(18,2)) AS cost_sek
FROM placement_months
GROUP BY ALL
UNION ALL
SELECT kommun, period_start, period_end, target_group, placement_form, regi, legal_basis,
       persons, placements, care_days, cost_sek
FROM fact_placement_count;

CREATE OR REPLACE VIEW dygnskostnad AS
SELECT kommun, period_start, period_end, target_group, placement_form, regi,
       care_days, cost_sek,
       ratio2(cost_sek, care_days) AS sek_per_day,
       budget_care_days, budget_sek,
       ratio2(budget_sek, budget_care_days) AS budget_sek_per_day,
       reported_sek_per_day
FROM (
    SELECT kommun, period_start, period_end, target_group, placement_form, regi,
           care_days, cost_sek, budget_care_days, budget_sek, reported_sek_per_day
    FROM fact_care
    UNION ALL
    SELECT kommun, period_start, period_end, target_group, placement_form, regi,
           CAST(sum(care_days) AS DECIMAL(18,2)), CAST(sum(daily_price * care_days) AS DECIMAL(18,2)),
           NULL, NULL, NULL
    FROM placement_months
    GROUP BY ALL
);
