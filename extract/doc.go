// Package extract finds the files of a source and reads them into rows of
// cells with their lineage: xlsx through excelize (raw values, merged
// cells, every sheet, streaming), CSV and other text exports with their
// encoding and separator detected from the bytes.
//
// It knows nothing of tables, units or the warehouse; it may import only
// the root socdw package.
package extract
