// Package sqlfiles embeds the warehouse's schema: numbered migrations
// (migrations/NNN_name.sql), applied in order by package load. It holds SQL
// only; it is named so it does not clash with database/sql.
package sqlfiles

import "embed"

// Migrations holds migrations/*.sql, applied in lexical order.
//
//go:embed migrations/*.sql
var Migrations embed.FS
