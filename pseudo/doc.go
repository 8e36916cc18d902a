// Package pseudo holds the personal-data guard rails: validated Swedish
// personnummer (redacted when printed), keyed HMAC-SHA-256 pseudonyms and a fast
// detector for personnummer in free text. It imports only the standard library.
package pseudo
