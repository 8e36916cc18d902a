// Package report is the window people look at: static, self-contained
// HTML pages (overview of the runs, findings and rejects, budget
// deviation, dygnskostnad beside Kolada, placements) and the same tables
// as an Excel committee pack with native charts. It reads a warehouse
// (the published copy) through database/sql and imports the root socdw
// package and config; nothing of it writes to the warehouse.
package report
