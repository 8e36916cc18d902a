// Package transform recognises tables in the rows that extract reads and
// turns them into the records of a socdw.Batch: headers, periods, units,
// amounts, org units, placements; values it cannot take become rejects
// with their cell and reason, and printed figures that disagree become
// findings.
//
// It imports the root socdw package, extract and pseudo; never load.
package transform
