// Package socdw holds the vocabulary of the warehouse: exact amounts
// (Amount, in öre), units (Unit), periods (Period), cell lineage (CellRef)
// and the records that flow from extract through transform to load (Fact,
// Reject, Finding).
//
// It imports nothing from the rest of the module; extract, transform and
// load depend on it and never on each other backwards.
package socdw
