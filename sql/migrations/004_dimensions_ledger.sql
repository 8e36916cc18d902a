-- 004: figures keep every dimension of their row (long-format tables), and
-- the ledger: one row per booking, invoice or voucher line and per period
-- balance, the drill-down below budget_deviation.

ALTER TABLE fact_figure ADD COLUMN dimensions MAP(VARCHAR, VARCHAR);

-- Lines of accounts-payable ledgers and SIE files (and any later line-level
-- source). Finance-system exports keep their compact fact_booking and reach
-- the ledger view through it.
CREATE TABLE fact_ledger (
    source        VARCHAR NOT NULL,
    file          VARCHAR NOT NULL,
    load_id       BIGINT NOT NULL,
    kommun        VARCHAR NOT NULL,
    line_kind     VARCHAR NOT NULL CHECK (line_kind IN ('booking', 'invoice', 'voucher', 'balance')),
    booking_date  DATE,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    ansvar        VARCHAR,
    ansvar_name   VARCHAR,
    unit_key      VARCHAR,
    account       VARCHAR,
    account_name  VARCHAR,
    verksamhet    VARCHAR,
    dimensions    MAP(VARCHAR, VARCHAR),
    counterparty  VARCHAR,
    voucher       VARCHAR,
    text          VARCHAR,
    amount_sek    DECIMAL(18,2),
    budget_sek    DECIMAL(18,2),
    source_sheet  VARCHAR,
    source_row    INTEGER NOT NULL
);

CREATE OR REPLACE VIEW figures AS
SELECT kommun, period_start, period_end, subject, measure,
       COALESCE(dimensions, MAP {}) AS dimensions,
       value, value_unit, is_total, file AS source_file, source_sheet, source_row, source_col, load_id
FROM fact_figure;

CREATE OR REPLACE VIEW ledger AS
SELECT kommun, source, line_kind, booking_date, period_start, period_end,
       ansvar, ansvar_name, unit_key, account, account_name, verksamhet,
       COALESCE(dimensions, MAP {}) AS dimensions, counterparty, voucher, text,
       amount_sek, budget_sek, file AS source_file, source_sheet, source_row, load_id
FROM fact_ledger
UNION ALL
SELECT l.kommun, l.source, 'booking', NULL, b.period_start, CAST(last_day(b.period_start) AS DATE),
       b.ansvar, u.ansvar_name, u.unit_key, b.konto, NULL, b.verksamhet,
       MAP {}, NULL, NULL, NULL,
       b.actual_sek, b.budget_sek, l.file, NULL, b.source_row, b.load_id
FROM fact_booking b
JOIN load_log l ON l.load_id = b.load_id
JOIN booking_unit u ON u.load_id = b.load_id AND u.ansvar = b.ansvar;

COMMENT ON VIEW figures IS 'Every number recognised in every table, long form, normalised (SEK, count, care_days, percent, SEK/day, SEK/inhabitant, days, number), with the cell it came from';
COMMENT ON COLUMN figures.subject IS 'Row label as in the source, with its group: Group > Part; for long-format tables the dimension values joined with >';
COMMENT ON COLUMN figures.measure IS 'Column label as in the source, header rows joined: Upper > Lower';
COMMENT ON COLUMN figures.dimensions IS 'The row''s dimension columns, header -> value; empty for tables whose rows have only a label';
COMMENT ON COLUMN figures.value IS 'The value normalised: SEK for money (tkr, mnkr scaled), a count, a percentage as printed; sign as printed';
COMMENT ON COLUMN figures.value_unit IS 'SEK, count, care_days, percent, SEK/day, SEK/inhabitant, days or number (unit not told: never assumed to be SEK)';
COMMENT ON VIEW ledger IS 'One row per booking, invoice or voucher line and per period balance (line_kind) from finance exports, ledgers and SIE files: the drill-down below budget_deviation. Net cost positive';
COMMENT ON COLUMN ledger.line_kind IS 'booking (finance export line), invoice (ledger line), voucher (SIE #TRANS), balance (SIE #PSALDO/#PBUDGET period movement): do not add balances to voucher lines of the same account';
COMMENT ON COLUMN ledger.counterparty IS 'Supplier or customer where it is a company; never a person';
COMMENT ON COLUMN ledger.voucher IS 'Voucher or invoice number: an identifier';
COMMENT ON COLUMN ledger.amount_sek IS 'Outcome, SEK, net cost positive';
COMMENT ON COLUMN ledger.budget_sek IS 'Budget, SEK, net cost positive';
