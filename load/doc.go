// Package load writes batches into the DuckDB warehouse: it applies the
// embedded migrations, replaces a file's rows in one transaction with
// Appenders, and keeps the load log, rejects and findings.
//
// It imports the root socdw package and sql (the embedded schema); it never
// imports extract or transform.
package load
