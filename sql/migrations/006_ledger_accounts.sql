-- 006: the ledger view names the accounts of finance exports. A finance
-- export's Konto benämning is the same on thousands of lines: it is kept
-- once per konto and load, as booking_unit keeps the names of the ansvar.

CREATE TABLE booking_account (
    load_id    BIGINT NOT NULL,
    konto      VARCHAR NOT NULL,
    konto_name VARCHAR NOT NULL,
    PRIMARY KEY (load_id, konto)
);

-- As in 004, with account_name for finance-export lines. A ledger line's
-- unit_key is the unit_key of its budget_deviation row: join on load_id,
-- unit_key and the period to go from a row to its lines.
CREATE OR REPLACE VIEW ledger AS
SELECT kommun, source, line_kind, booking_date, period_start, period_end,
       ansvar, ansvar_name, unit_key, account, account_name, verksamhet,
       COALESCE(dimensions, MAP {}) AS dimensions, counterparty, voucher, text,
       amount_sek, budget_sek, file AS source_file, source_sheet, source_row, load_id
FROM fact_ledger
UNION ALL
SELECT l.kommun, l.source, 'booking', NULL, b.period_start, CAST(last_day(b.period_start) AS DATE),
       b.ansvar, u.ansvar_name, u.unit_key, b.konto, k.konto_name, b.verksamhet,
       MAP {}, NULL, NULL, NULL,
       b.actual_sek, b.budget_sek, l.file, NULL, b.source_row, b.load_id
FROM fact_booking b
JOIN load_log l ON l.load_id = b.load_id
JOIN booking_unit u ON u.load_id = b.load_id AND u.ansvar = b.ansvar
LEFT JOIN booking_account k ON k.load_id = b.load_id AND k.konto = b.konto;

COMMENT ON VIEW ledger IS 'One row per booking, invoice or voucher line and per period balance (line_kind) from finance exports, ledgers and SIE files: the drill-down below budget_deviation (join on load_id, unit_key and period). Net cost positive';
COMMENT ON COLUMN ledger.line_kind IS 'booking (finance export or booking-list line), invoice (ledger line), voucher (SIE #TRANS), balance (SIE #PSALDO/#PBUDGET period movement): do not add balances to voucher lines of the same account';
COMMENT ON COLUMN ledger.booking_date IS 'The line''s own date (bokföringsdatum, else datum, else fakturadatum); NULL when it has only a period';
COMMENT ON COLUMN ledger.period_start IS 'First day of the line''s period: its period column, else its date''s month, else the month its file name gives, else the source''s period';
COMMENT ON COLUMN ledger.ansvar IS 'Ansvar code, where the source has one';
COMMENT ON COLUMN ledger.ansvar_name IS 'Ansvar or enhet name; for a ledger with only a förvaltning or nämnd column, that name';
COMMENT ON COLUMN ledger.unit_key IS 'The unit of the line''s budget_deviation row (a ledger''s förvaltning, else its ansvar)';
COMMENT ON COLUMN ledger.account IS 'Konto code ("46362 Köp medicinskt …" split into code and name)';
COMMENT ON COLUMN ledger.account_name IS 'Konto name (Konto benämning, kontotext)';
COMMENT ON COLUMN ledger.dimensions IS 'Other coding, header -> value: the förvaltning beside an ansvar, a company''s org number, a verifikationsnummer beside the invoice number';
COMMENT ON COLUMN ledger.counterparty IS 'Supplier or customer where it is a company; never a person (a sole trader''s org number is a personnummer: neither name nor number is stored)';
COMMENT ON COLUMN ledger.voucher IS 'Invoice number (else verifikations- or löpnummer): an identifier, never summed';
COMMENT ON COLUMN ledger.amount_sek IS 'Outcome, SEK, net cost positive: a supplier''s credit note is negative; a customer ledger''s invoices are revenue, negative';
COMMENT ON COLUMN ledger.budget_sek IS 'Budget, SEK, net cost positive';
