// Package socdw holds the vocabulary of the warehouse: exact amounts
// (Amount, in öre) and the decimal conventions their text is read under
// (Decimal, DecimalVote), units (Unit), periods (Period), cell lineage (CellRef),
// the records that flow from extract through transform to load (Figure,
// BudgetLine, LedgerLine, Reject, Finding, gathered in a Batch, with the
// part files long tables, bookings and ledgers are streamed to), the
// municipality codes, and the redaction gate every Batch passes
// (Batch.Redact).
//
// Of the rest of the module it imports only pseudo, the personnummer
// detector the gate is built on; extract, transform and load depend on it
// and never on each other backwards.
package socdw
