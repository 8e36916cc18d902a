package transform

import (
	"strconv"
	"strings"

	"github.com/socdw/socdw"
)

// A line-level ledger is a list of invoice or booking lines — a published
// leverantörsreskontra, an accounts-payable or -receivable list, a
// booking list — without the Ansvar/Period/Utfall/Budget layout of a
// finance-system export. It is recognised by its columns: an org unit
// (förvaltning, nämnd, ansvar, enhet), an amount (belopp, utfall, summa,
// kostnad) and something that makes each row one line (a supplier or
// customer, an org number, an invoice or voucher number).

// ledgerField names a column of a line-level ledger.
type ledgerField int

const (
	lNone         ledgerField = iota
	lOrg                      // förvaltning, nämnd: the organisation the line belongs to
	lAnsvar                   // ansvar code
	lAnsvarName               // ansvar name, enhet
	lSupplier                 // leverantör: the counterparty of a payable
	lCustomer                 // kund: the counterparty of a receivable
	lOrgNr                    // the counterparty's org number: an identifier, never a figure
	lInvoice                  // fakturanummer: an identifier
	lVoucher                  // verifikations- or löpnummer: an identifier
	lAccount                  // konto, maybe "46362 Köp medicinskt …"
	lAccountName              // kontotext, kontonamn
	lVerksamhet               // verksamhet code
	lAmount                   // belopp, utfall, summa, kostnad
	lAmountExVAT              // belopp exklusive moms: a municipality's cost (moms is refunded)
	lAmountIncVAT             // belopp inklusive moms: the amount only when nothing else is
	lDebit                    // debet
	lCredit                   // kredit
	lBookDate                 // bokföringsdatum, verifikationsdatum
	lDate                     // datum
	lInvoiceDate              // fakturadatum
	lPeriod                   // period, månad, bokföringsperiod
	lCurrency                 // valuta: a line in another currency is no SEK
	ledgerFieldCount
)

// ledgerHeaders are the header spellings of each field, folded by
// foldHeader (lower case, å/ä → a, ö → o, '_' → ' ', no dots): the
// spellings of Swedish finance systems and of the open-data
// specification for leverantörsreskontra (lankadedata.se), whose column
// names are written without å, ä and ö.
var ledgerHeaders = map[string]ledgerField{
	"forvaltning": lOrg, "forvaltningsnamn": lOrg, "forvaltning namn": lOrg, "namnd": lOrg, "namnd/forvaltning": lOrg,
	"forvaltning/namnd": lOrg, "forvaltning/kostnadsstalle": lOrg, "forvaltning/bolag": lOrg, "kopare": lOrg,
	"kopare namn": lOrg, "kopande enhet": lOrg, "kopande forvaltning": lOrg, "organisation": lOrg, "bestallare": lOrg,
	"verksamhetsomrade": lOrg,

	"ansvar": lAnsvar, "ansvarskod": lAnsvar, "ansvarsnummer": lAnsvar, "ansvar id": lAnsvar, "ansvarsnr": lAnsvar,
	"ansvar nr": lAnsvar, "kostnadsstalle": lAnsvar, "kst": lAnsvar,

	"ansvar benamning": lAnsvarName, "ansvarsbenamning": lAnsvarName, "ansvar namn": lAnsvarName,
	"ansvarsnamn": lAnsvarName, "enhet": lAnsvarName, "enhetsnamn": lAnsvarName, "resultatenhet": lAnsvarName,
	"kostnadsstalle namn": lAnsvarName, "kostnadsstallets namn": lAnsvarName,

	"leverantor": lSupplier, "leverantorsnamn": lSupplier, "leverantor namn": lSupplier, "leverantorens namn": lSupplier,
	"foretagsnamn": lSupplier, "foretagsnamn/leverantor": lSupplier, "leverantor/foretagsnamn": lSupplier,
	"betalningsmottagare": lSupplier, "motpart": lSupplier, "supplier": lSupplier,

	"kund": lCustomer, "kundnamn": lCustomer, "kund namn": lCustomer, "kundens namn": lCustomer,

	"orgnr": lOrgNr, "org nr": lOrgNr, "organisationsnummer": lOrgNr, "organisationsnr": lOrgNr, "org nummer": lOrgNr,
	"leverantorens organisationsnummer": lOrgNr, "leverantor orgnr": lOrgNr, "leverantor org nr": lOrgNr,
	"leverantor id": lOrgNr, "leverantor organisationsnummer": lOrgNr, "kund orgnr": lOrgNr, "orgnr/personnr": lOrgNr,
	"organisationsnummer/personnummer": lOrgNr, "kundens organisationsnummer": lOrgNr,

	"fakturanr": lInvoice, "fakturanummer": lInvoice, "faktura nr": lInvoice, "faktura": lInvoice, "fakturaid": lInvoice,
	"faktura id": lInvoice, "lev fakturanr": lInvoice, "leverantorens fakturanummer": lInvoice, "invoice": lInvoice,

	"verifikationsnr": lVoucher, "verifikationsnummer": lVoucher, "ver nr": lVoucher, "vernr": lVoucher,
	"verifikat": lVoucher, "verifikatnr": lVoucher, "verifikatnummer": lVoucher, "lopnr": lVoucher,
	"lopnummer": lVoucher, "internt id": lVoucher, "internt nr": lVoucher, "intern id": lVoucher,

	"konto": lAccount, "kontonummer": lAccount, "kontonr": lAccount, "kto": lAccount, "konto id": lAccount,
	"konto nr": lAccount, "kontokod": lAccount,

	"kontotext": lAccountName, "kontonamn": lAccountName, "konto namn": lAccountName, "konto benamning": lAccountName,
	"kontobenamning": lAccountName, "konto text": lAccountName, "kontobeskrivning": lAccountName,

	"verksamhet": lVerksamhet, "verksamhetskod": lVerksamhet, "vht": lVerksamhet,

	"belopp": lAmount, "utfall": lAmount, "summa": lAmount, "kostnad": lAmount, "konterat belopp": lAmount,
	"nettobelopp": lAmount, "fakturabelopp": lAmount, "belopp sek": lAmount, "utfall belopp": lAmount,
	"bokfort belopp": lAmount, "kontobelopp": lAmount, "amount": lAmount,

	"debet": lDebit, "debit": lDebit, "kredit": lCredit, "credit": lCredit,

	"bokforingsdatum": lBookDate, "bokf datum": lBookDate, "bokfdatum": lBookDate, "verifikationsdatum": lBookDate,
	"transaktionsdatum": lBookDate, "registreringsdatum": lBookDate,
	"datum":        lDate,
	"fakturadatum": lInvoiceDate, "faktura datum": lInvoiceDate,

	"period": lPeriod, "manad": lPeriod, "bokforingsperiod": lPeriod, "ar/man": lPeriod, "armanad": lPeriod,
	"redovisningsperiod": lPeriod,

	"valuta": lCurrency, "valutakod": lCurrency, "valuta kod": lCurrency, "currency": lCurrency,
}

// headerFolder is foldHeader's replacer, built once: building it is most
// of the cost of a call, and every row of a long sheet's first rows is
// tried as a header.
var headerFolder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "_", " ", ".", " ", ":", "")

// foldHeader writes a header the way ledgerHeaders spells it.
func foldHeader(h string) string {
	h = headerFolder.Replace(norm(h))
	return strings.Join(strings.Fields(h), " ")
}

// ledgerFieldOf maps a header to a field and the money unit the header
// names ("Belopp tkr" is thousands; anything else is kronor).
func ledgerFieldOf(header string) (ledgerField, socdw.Unit) {
	h := foldHeader(header)
	unit := socdw.UnitKr
	// The unit in the header: "Belopp (tkr)", "Utfall, kr", "Belopp SEK".
	for _, u := range []struct {
		word string
		unit socdw.Unit
	}{{"tkr", socdw.UnitTkr}, {"mnkr", socdw.UnitMnkr}, {"kr", socdw.UnitKr}, {"kronor", socdw.UnitKr}, {"sek", socdw.UnitKr}} {
		for _, form := range []string{" (" + u.word + ")", ", " + u.word, " " + u.word} {
			if strings.HasSuffix(h, form) && len(h) > len(form) {
				h, unit = strings.TrimSuffix(h, form), u.unit
			}
		}
	}
	h = strings.TrimSuffix(h, ",")
	if f, ok := ledgerHeaders[h]; ok {
		return f, unit
	}
	// "Konterat belopp exklusive moms", "Belopp exkl moms", "Belopp inkl. moms".
	if strings.Contains(h, "belopp") || strings.Contains(h, "kostnad") || strings.Contains(h, "utfall") {
		switch {
		case strings.Contains(h, "exkl") || strings.Contains(h, "utan moms"):
			return lAmountExVAT, unit
		case strings.Contains(h, "inkl") || strings.Contains(h, "med moms"):
			return lAmountIncVAT, unit
		}
	}
	return lNone, unit
}

// ledgerLayout is a ledger's header: which column holds which field.
type ledgerLayout struct {
	col        [ledgerFieldCount]int // 1-based; 0 when absent
	byCol      []ledgerField
	header     []string
	line       int
	amount     ledgerField // the field the amount is read from (lDebit for debet − kredit)
	unit       socdw.Unit  // the amount's unit, from its header
	kind       string      // socdw.LedgerInvoice or socdw.LedgerBooking
	receivable bool        // a customer ledger: its invoices are revenue
}

// detectLedger recognises a line-level ledger's header, or returns nil. A
// header with a budget column is a report or a finance export, and one
// with a personnummer column is a placement export: neither is a ledger.
// A header with a period or date, an ansvar and an amount is a finance
// export unless it also names a supplier, a customer or an invoice
// number: then its lines are invoices, and the ledger keeps more of them.
func detectLedger(header []string, line int) *ledgerLayout {
	l := &ledgerLayout{header: header, line: line}
	units := map[ledgerField]socdw.Unit{}
	for i, h := range header {
		switch fieldOf(h) {
		case fBudget, fPerson:
			return nil
		}
		f, u := ledgerFieldOf(h)
		if f != lNone && l.col[f] == 0 {
			l.col[f] = i + 1
			units[f] = u
		} else {
			f = lNone // a second column of a field is not that field
		}
		l.byCol = append(l.byCol, f)
	}
	for _, f := range []ledgerField{lAmountExVAT, lAmount, lAmountIncVAT, lDebit} {
		if l.col[f] != 0 {
			l.amount, l.unit = f, units[f]
			break
		}
	}
	org := l.col[lOrg] != 0 || l.col[lAnsvar] != 0 || l.col[lAnsvarName] != 0
	invoiceLike := l.col[lSupplier] != 0 || l.col[lCustomer] != 0 || l.col[lInvoice] != 0
	if !org || l.amount == lNone || !invoiceLike && l.col[lOrgNr] == 0 && l.col[lVoucher] == 0 {
		return nil
	}
	l.kind = socdw.LedgerBooking
	if invoiceLike || l.col[lOrgNr] != 0 {
		l.kind = socdw.LedgerInvoice
	}
	l.receivable = l.col[lCustomer] != 0 && l.col[lSupplier] == 0
	return l
}

// colName is the header of a 1-based column.
func (l *ledgerLayout) colName(col int) string {
	if col >= 1 && col <= len(l.header) && l.header[col-1] != "" {
		return l.header[col-1]
	}
	return "column " + strconv.Itoa(col)
}
