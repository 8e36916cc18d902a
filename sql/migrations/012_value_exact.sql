-- 012: figures keep every decimal the source gave. Statistics are printed
-- with more decimals than the öre (Kolada's 21.88749 per cent, SCB's
-- shares to eight places); value stays DECIMAL(18,2), rounded half away
-- from zero, and value_exact holds the number as the source wrote it.

ALTER TABLE fact_figure ADD COLUMN value_exact DECIMAL(38,10);

CREATE OR REPLACE VIEW figures AS
SELECT kommun, period_start, period_end, subject, measure,
       COALESCE(dimensions, MAP {}) AS dimensions,
       value, value_unit, is_total, file AS source_file, source_sheet, source_row, source_col, load_id,
       COALESCE(value_exact, CAST(value AS DECIMAL(38,10))) AS value_exact
FROM fact_figure;

COMMENT ON VIEW figures IS 'Every number recognised in every table, long form, normalised (SEK, count, care_days, percent, SEK/day, SEK/inhabitant, days, number), with the cell it came from';
COMMENT ON COLUMN figures.subject IS 'Row label as in the source, with its group: Group > Part; for long-format tables the dimension values joined with >';
COMMENT ON COLUMN figures.measure IS 'Column label as in the source, header rows joined: Upper > Lower';
COMMENT ON COLUMN figures.dimensions IS 'The row''s dimension columns, header -> value; empty for tables whose rows have only a label';
COMMENT ON COLUMN figures.value IS 'The value normalised: SEK for money (tkr, mnkr scaled), a count, a percentage as printed; sign as printed; two decimals, rounded half away from zero';
COMMENT ON COLUMN figures.value_unit IS 'SEK, count, care_days, percent, SEK/day, SEK/inhabitant, days or number (unit not told: never assumed to be SEK)';
COMMENT ON COLUMN figures.value_exact IS 'The value with every decimal the source gave (up to ten), for statistics printed finer than the öre; equal to value otherwise';
