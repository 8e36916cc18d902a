-- 008: your own cost per care day beside Kolada's key figures (benchmark),
-- the mapping from key figure to target group and placement form
-- (kpi_map), and the column of a finding's cell, which the report shows.

-- A finding's column letter (workbook) or number (text file); NULL when
-- the finding is about a whole row.
ALTER TABLE findings ADD COLUMN col VARCHAR;

-- Which Kolada key figure measures the cost per care day of which target
-- group and placement form (as dygnskostnad names them). origin 'socdw'
-- rows are built in; 'config' rows come from the config's benchmark: list
-- and are replaced at every run.
CREATE TABLE kpi_map (
    kpi            VARCHAR NOT NULL,
    target_group   VARCHAR NOT NULL,
    placement_form VARCHAR NOT NULL,
    kpi_title      VARCHAR,
    origin         VARCHAR NOT NULL DEFAULT 'socdw',
    PRIMARY KEY (kpi, target_group, placement_form)
);

-- Titles as Kolada publishes them (KPI metadata, api.kolada.se /kpi),
-- verified against Kolada's metadata kept in public repositories:
-- N33100 and N33101 are "Kostnad/vårddygn för institutionsvård
-- (familjehemsvård) av barn och unga 0-20 år, kr (genomsnitt)", N35025
-- "Kostnad institutionsvård vuxna missbrukare, kr/vårddygn".
INSERT INTO kpi_map (kpi, target_group, placement_form, kpi_title) VALUES
    ('N33100', 'barn och unga', 'HVB', 'Kostnad/vårddygn för institutionsvård av barn och unga 0-20 år, kr (genomsnitt)'),
    ('N33101', 'barn och unga', 'Familjehem', 'Kostnad/vårddygn för familjehemsvård av barn och unga 0-20 år, kr (genomsnitt)'),
    ('N35025', 'vuxna missbruk', 'Institution', 'Kostnad institutionsvård vuxna missbrukare, kr/vårddygn');

CREATE OR REPLACE VIEW benchmark AS
WITH d AS (
    SELECT kommun, CAST(year(period_start) AS INTEGER) AS year,
           lower(target_group) AS tg, lower(placement_form) AS pf, target_group, placement_form,
           care_days, cost_sek,
           period_start = make_date(year(period_start), 1, 1) AND period_end = make_date(year(period_start), 12, 31) AS whole_year
    FROM dygnskostnad
    WHERE year(period_start) = year(period_end) AND care_days IS NOT NULL AND cost_sek IS NOT NULL
), own AS (
    -- The year's care days and cost, over every regi: the rows that cover
    -- the whole year where a table reports one, else the periods inside
    -- the year (the months of a case-system export), never both, so a
    -- year reported twice counts once.
    SELECT kommun, year, tg, pf,
           any_value(target_group) AS target_group, any_value(placement_form) AS placement_form,
           CAST(sum(care_days) AS DECIMAL(18,2)) AS care_days, CAST(sum(cost_sek) AS DECIMAL(18,2)) AS cost_sek
    FROM (SELECT *, bool_or(whole_year) OVER (PARTITION BY kommun, year, tg, pf) AS has_whole FROM d)
    WHERE whole_year OR NOT has_whole
    GROUP BY kommun, year, tg, pf
), kolada AS (
    -- Kolada's value for all genders (T) per municipality, key figure and
    -- year; a value loaded twice counts once, the latest load's.
    SELECT kommun, CAST(year(period_start) AS INTEGER) AS year, dimensions['kpi'] AS kpi,
           arg_max(value, load_id) AS value
    FROM figures
    WHERE dimensions['kpi'] IS NOT NULL AND dimensions['municipality'] IS NOT NULL
      AND coalesce(dimensions['gender'], 'T') = 'T'
    GROUP BY ALL
)
SELECT o.kommun, o.year, o.target_group, o.placement_form,
       m.kpi, m.kpi_title,
       ratio2(o.cost_sek, o.care_days) AS own_sek_per_day,
       k.value AS kolada_value,
       r.value AS riket_value,
       p.kommun AS peer_kommun,
       p.value AS peer_value,
       o.care_days AS own_care_days, o.cost_sek AS own_cost_sek
FROM own o
JOIN kpi_map m ON lower(m.target_group) = o.tg AND lower(m.placement_form) = o.pf
LEFT JOIN kolada k ON k.kommun = o.kommun AND k.year = o.year AND k.kpi = m.kpi
LEFT JOIN kolada r ON r.kommun = 'Riket' AND r.year = o.year AND r.kpi = m.kpi
LEFT JOIN kolada p ON p.kommun NOT IN (o.kommun, 'Riket') AND p.year = o.year AND p.kpi = m.kpi;

COMMENT ON VIEW benchmark IS 'Your own cost per care day (dygnskostnad: the year''s care days and cost) beside Kolada''s key figure for the same kommun and year, riket (0000) and every other loaded municipality or group (one row per peer)';
COMMENT ON COLUMN benchmark.own_sek_per_day IS 'The year''s cost_sek / care_days from dygnskostnad, over all regi (whole-year rows where there are any, else the periods inside the year), exact to the öre';
COMMENT ON COLUMN benchmark.kolada_value IS 'Kolada''s value (gender T) for the same kommun, key figure and year';
COMMENT ON COLUMN benchmark.riket_value IS 'Kolada''s value for riket (0000)';
COMMENT ON COLUMN benchmark.peer_kommun IS 'Another loaded municipality or group (NULL when none is loaded); one row per peer';
COMMENT ON COLUMN benchmark.peer_value IS 'Kolada''s value for peer_kommun';
COMMENT ON TABLE kpi_map IS 'Kolada key figure -> target group and placement form; extend it with benchmark: in socdw.yaml';
