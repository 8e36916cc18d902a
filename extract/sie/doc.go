// Package sie reads SIE files (SIE filformat, utgåva 4B: types 1, 2, 3,
// 4E and 4I), the Swedish standard export of accounting data, into their
// records: the company, its years (#RAR), accounts, dimensions and
// objects, balances (#IB, #UB, #RES, #OIB, #OUB), period movements
// (#PSALDO, #PBUDGET) and vouchers (#VER with #TRANS, #RTRANS, #BTRANS).
//
// It knows nothing of units, budgets or the warehouse; it imports only
// the root socdw package and extract (for the error that names a line).
package sie
