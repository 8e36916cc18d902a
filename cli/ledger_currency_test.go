package cli

import "testing"

// A ledger line in another currency is refused with its cell, never summed
// as kronor. The shape is the national open-data layout of a published
// leverantörsreskontra (Digg, 2024-Q3: datum, faktura_nr, leverantor_id,
// leverantor, belopp, valuta, kopare), whose NOK invoices stand among the
// SEK ones.
func TestLedgerLineInAnotherCurrencyIsRefused(t *testing.T) {
	h := newHarness(t, "")
	h.runFile("2024-Q3 Leverantörsfakturor.csv", "\ufeffdatum;faktura_nr;faktura_typ;leverantor_id;leverantor;belopp;valuta;kopare_id;kopare\n"+
		"2024-08-19;501;NORMAL;559233-2703;Wise Management AB;36750;SEK;202100-6884;Myndigheten för digital förvaltning\n"+
		"2024-08-19;5558;NORMAL;999000-1998;Kite Kommunikasjon og event AS;7375;NOK;202100-6884;Myndigheten för digital förvaltning\n"+
		"2024-08-20;3528;NORMAL;556688-7419;Kirei AB;201960,50;SEK;202100-6884;Myndigheten för digital förvaltning\n")
	// 36 750 + 201 960,50 = 238 710,50 kr; the 7 375 NOK stay out.
	if got := h.one(`SELECT CAST(sum(amount_sek) AS VARCHAR) || '/' || count(*) FROM ledger WHERE line_kind = 'invoice'`); got != "238710.50/2" {
		t.Errorf("ledger: %s, want 238710.50 over 2 lines", got)
	}
	if got := h.one(`SELECT CAST(actual_sek AS VARCHAR) FROM budget_deviation WHERE NOT is_total AND period_start = DATE '2024-08-01'`); got != "238710.50" {
		t.Errorf("budget_deviation August: %s, want 238710.50", got)
	}
	if got := h.one(`SELECT "row" || ' ' || reason FROM rejects`); got != `3 column "belopp": the amount is in NOK, not SEK: line not loaded (convert it to SEK in the source)` {
		t.Errorf("reject: %s", got)
	}
}
