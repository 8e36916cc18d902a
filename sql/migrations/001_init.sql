-- 001: the operational tables, the fact tables and the four views of the
-- contract. Money is DECIMAL(18,2) SEK; periods are closed date ranges.

CREATE SEQUENCE load_id_seq START 1;
CREATE SEQUENCE run_id_seq START 1;

-- One row per file attempt.
CREATE TABLE load_log (
    load_id       BIGINT PRIMARY KEY,
    run_id        BIGINT,            -- the run (socdw run/load, one scheduled job) the attempt was part of
    source        VARCHAR NOT NULL,
    kommun        VARCHAR,
    file          VARCHAR NOT NULL,
    sha256        VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'skipped', 'failed')),
    rows_loaded   BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    error         VARCHAR
);

-- The content each file was last loaded with: decides skip or replace.
CREATE TABLE source_file (
    source      VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,  -- the source's settings and socdw's reading rules the rows were made with
    load_id     BIGINT NOT NULL,
    PRIMARY KEY (source, file)
);

-- One row per value that was not loaded. Never the raw value of a
-- personal-data column.
CREATE TABLE rejects (
    load_id BIGINT NOT NULL,
    source  VARCHAR NOT NULL,
    file    VARCHAR NOT NULL,
    sheet   VARCHAR,
    "row"   INTEGER,
    col     VARCHAR,
    reason  VARCHAR NOT NULL
);

-- Printed figures that disagree with the figures they follow from.
CREATE TABLE findings (
    load_id    BIGINT NOT NULL,
    source     VARCHAR NOT NULL,
    file       VARCHAR NOT NULL,
    sheet      VARCHAR,
    "row"      INTEGER,
    kind       VARCHAR NOT NULL,
    reported   DECIMAL(18,2),
    recomputed DECIMAL(18,2),
    message    VARCHAR NOT NULL
);

-- Every number recognised in every table, long form.
CREATE TABLE fact_figure (
    source        VARCHAR NOT NULL,
    file          VARCHAR NOT NULL,
    load_id       BIGINT NOT NULL,
    kommun        VARCHAR NOT NULL,
    period_start  DATE,
    period_end    DATE,
    subject       VARCHAR NOT NULL,
    measure       VARCHAR NOT NULL,
    value         DECIMAL(18,2) NOT NULL,
    value_unit    VARCHAR NOT NULL,
    is_total      BOOLEAN NOT NULL,
    source_sheet  VARCHAR,
    source_row    INTEGER NOT NULL,
    source_col    VARCHAR NOT NULL
);

-- One row per org unit and period of a budget table, in the warehouse's
-- convention: net cost positive, deviation = budget - actual.
CREATE TABLE fact_budget (
    source                 VARCHAR NOT NULL,
    file                   VARCHAR NOT NULL,
    load_id                BIGINT NOT NULL,
    kommun                 VARCHAR NOT NULL,
    unit                   VARCHAR NOT NULL,
    unit_key               VARCHAR NOT NULL,
    parent_unit_key        VARCHAR,
    is_total               BOOLEAN NOT NULL,
    period_start           DATE NOT NULL,
    period_end             DATE NOT NULL,
    budget_sek             DECIMAL(18,2),
    actual_sek             DECIMAL(18,2),
    full_year_budget_sek   DECIMAL(18,2),
    forecast_sek           DECIMAL(18,2),
    forecast_deviation_sek DECIMAL(18,2),
    reported_deviation_sek DECIMAL(18,2),
    source_sheet           VARCHAR,
    source_row             INTEGER NOT NULL
);

-- Finance-system booking lines (ekonomisystem export), one per line. A
-- year is millions of lines: the row holds only what varies per line;
-- source, file and kommun are in load_log, the unit names in booking_unit.
CREATE TABLE fact_booking (
    load_id      BIGINT NOT NULL,
    period_start DATE NOT NULL,
    ansvar       VARCHAR NOT NULL,
    verksamhet   VARCHAR,
    konto        VARCHAR,
    actual_sek   DECIMAL(18,2),
    budget_sek   DECIMAL(18,2),
    source_row   INTEGER NOT NULL
);

-- The org unit of each ansvar of a loaded finance export.
CREATE TABLE booking_unit (
    load_id     BIGINT NOT NULL,
    ansvar      VARCHAR NOT NULL,
    ansvar_name VARCHAR,
    unit_key    VARCHAR NOT NULL,
    PRIMARY KEY (load_id, ansvar)
);

-- Care days and their cost from aggregate tables (dygn, nettokostnad).
CREATE TABLE fact_care (
    source               VARCHAR NOT NULL,
    file                 VARCHAR NOT NULL,
    load_id              BIGINT NOT NULL,
    kommun               VARCHAR NOT NULL,
    period_start         DATE NOT NULL,
    period_end           DATE NOT NULL,
    target_group         VARCHAR,
    placement_form       VARCHAR NOT NULL,
    regi                 VARCHAR,
    care_days            DECIMAL(18,2),
    cost_sek             DECIMAL(18,2),
    budget_care_days     DECIMAL(18,2),
    budget_sek           DECIMAL(18,2),
    reported_sek_per_day DECIMAL(18,2),
    source_sheet         VARCHAR,
    source_row           INTEGER NOT NULL
);

-- Placements counted in aggregate tables (unika personer per form).
CREATE TABLE fact_placement_count (
    source         VARCHAR NOT NULL,
    file           VARCHAR NOT NULL,
    load_id        BIGINT NOT NULL,
    kommun         VARCHAR NOT NULL,
    period_start   DATE NOT NULL,
    period_end     DATE NOT NULL,
    target_group   VARCHAR,
    placement_form VARCHAR NOT NULL,
    form_label     VARCHAR NOT NULL,
    regi           VARCHAR,
    legal_basis    VARCHAR,
    persons        INTEGER,
    placements     INTEGER,
    care_days      DECIMAL(18,2),
    cost_sek       DECIMAL(18,2),
    source_sheet   VARCHAR,
    source_row     INTEGER NOT NULL
);

-- Individual placements from case-system exports. person_key is a keyed
-- pseudonym (HMAC-SHA-256); no personnummer or name is ever stored.
CREATE TABLE fact_placement (
    source         VARCHAR NOT NULL,
    file           VARCHAR NOT NULL,
    load_id        BIGINT NOT NULL,
    kommun         VARCHAR NOT NULL,
    person_key     VARCHAR NOT NULL,
    target_group   VARCHAR,
    placement_form VARCHAR NOT NULL,
    form_label     VARCHAR NOT NULL,
    regi           VARCHAR,
    legal_basis    VARCHAR,
    provider       VARCHAR,
    start_date     DATE NOT NULL,
    end_date       DATE,
    open_until     DATE NOT NULL,
    daily_price    DECIMAL(18,4) NOT NULL, -- kr per day to the ten-thousandth: a monthly fee over its days
    source_sheet   VARCHAR,
    source_row     INTEGER NOT NULL
);
