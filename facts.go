package socdw

import (
	"os"
	"time"
)

// NullAmount is an Amount that may be absent: a cell that said "-" or
// nothing is no value, which is not the same as zero.
type NullAmount struct {
	Amount Amount
	Valid  bool
}

// Some wraps a present amount.
func Some(a Amount) NullAmount { return NullAmount{Amount: a, Valid: true} }

// Figure is one number recognised in a table, normalised: SEK for money,
// a count, care days, a percentage or SEK per day. Sign as printed.
type Figure struct {
	Ref     CellRef
	Period  Period
	Subject string // row label, with its group: "Beställaravdelningar (myndighet) > Barn och unga"
	Measure string // column label, header rows joined: "Ack utfall 2017 > Utfall netto"
	Value   Amount
	Unit    Unit
	IsTotal bool
	// Dimensions are the row's dimension columns, header → value, in
	// column order (`Kommun: Botkyrka`, `Nyckeltal: Kostnad IFO, kr/inv`).
	// Empty for tables whose rows have only a label.
	Dimensions []Dimension
	// Exact is the value with every decimal the source gave, when it has
	// more than the two Value keeps (a rate of 21.88749 from Kolada, a
	// share 0.12345678 from SCB); nil otherwise. Value is then Exact rounded
	// half away from zero. Money is never more exact than the öre.
	Exact *Number
	// Kommun is the municipality the figure is about, when a file reports
	// on many (a Kolada answer: "Haninge" for 0136, "Riket" for 0000);
	// empty means the source's kommun.
	Kommun string
}

// Dimension is one dimension column of a row: the column's header and the
// row's value in it.
type Dimension struct {
	Name  string
	Value string
}

// LedgerLine is one booking, invoice or voucher line, or one period
// balance, of a finance export, an accounts-payable ledger or a SIE file:
// the drill-down below budget_deviation. Net cost positive (SIE's own sign:
// debit positive).
type LedgerLine struct {
	Ref          CellRef   // the line (Col 0) or the cell of its amount
	Kind         string    // LedgerBooking, LedgerInvoice, LedgerVoucher or LedgerBalance
	Date         time.Time // the line's date; zero when it has only a period
	Period       Period    // the period the line belongs to (its month, or the file's)
	Ansvar       string    // org unit code (SIE dimension 1)
	AnsvarName   string
	UnitKey      string // canonical unit after alias mapping
	Account      string // konto
	AccountName  string
	Verksamhet   string
	Dimensions   []Dimension // other coding: projekt, aktivitet, …
	Counterparty string      // a company (supplier, customer); never a person
	Voucher      string      // verifikation or invoice number: an identifier, never a figure
	Text         string      // the line's text, already scanned for personnummer
	Amount       NullAmount  // outcome
	Budget       NullAmount
}

// Ledger line kinds.
const (
	LedgerBooking = "booking" // a line of a finance-system export
	LedgerInvoice = "invoice" // a line of an accounts-payable or -receivable ledger
	LedgerVoucher = "voucher" // a #TRANS line of a SIE voucher
	LedgerBalance = "balance" // a period's movement on an account (SIE #PSALDO/#PBUDGET)
)

// BudgetLine is one org unit and period of a budget table in the
// warehouse's convention: net cost positive; a reported deviation keeps its
// printed value, positive meaning surplus.
type BudgetLine struct {
	Ref               CellRef // the row (Col 0)
	Unit              string  // as in the source, trimmed
	UnitKey           string  // after alias mapping
	ParentKey         string  // group's UnitKey; "" at the top
	IsTotal           bool
	Period            Period
	Budget            NullAmount
	Actual            NullAmount
	FullYearBudget    NullAmount
	Forecast          NullAmount
	ForecastDeviation NullAmount
	ReportedDeviation NullAmount
}

// CareCost is care days and their net cost from an aggregate table.
type CareCost struct {
	Ref            CellRef
	Period         Period
	TargetGroup    string
	Form           string
	Regi           string
	CareDays       NullAmount
	Cost           NullAmount
	BudgetCareDays NullAmount
	Budget         NullAmount
	ReportedPerDay NullAmount
}

// PlacementCount is a count of placed persons from an aggregate table.
type PlacementCount struct {
	Ref         CellRef
	Period      Period
	TargetGroup string
	Form        string // normalised placement form
	FormLabel   string // the source's own label
	Regi        string
	LegalBasis  string
	Persons     NullAmount // whole persons, as hundredths like every Amount
	Placements  NullAmount
}

// Placement is one placement decision of a pseudonymous person.
type Placement struct {
	Ref         CellRef
	PersonKey   string // keyed pseudonym, never a personnummer
	TargetGroup string
	Form        string
	FormLabel   string
	Regi        string
	LegalBasis  string
	Provider    string
	Start       time.Time
	End         time.Time // zero when open
	OpenUntil   time.Time // the day an open placement runs through
	DailyPrice  Price     // ten-thousandths of a krona
}

// Booking is one line of a finance-system export. Bookings are many (a
// year is millions of lines), so transform writes them to BookingFiles
// rather than holding them.
type Booking struct {
	Row        int
	Month      time.Time // first day of the booking's period
	Ansvar     string
	AnsvarName string
	UnitKey    string
	Verksamhet string
	Konto      string
	KontoName  string // set on a konto's first line with a name; "" on the rest
	Actual     NullAmount
	Budget     NullAmount
}

// Reject is a value that was not loaded, and why. Reason never holds the
// raw value of a personal-data column.
type Reject struct {
	Ref    CellRef
	Reason string
}

// Finding is a printed figure that disagrees with the figures it follows
// from by more than rounding.
type Finding struct {
	Ref        CellRef
	Kind       string // reported_deviation_mismatch, total_mismatch, personal_data, …
	Reported   NullAmount
	Recomputed NullAmount
	Message    string
}

// Finding kinds.
const (
	FindingDeviation    = "reported_deviation_mismatch"
	FindingTotal        = "total_mismatch"
	FindingPersonalData = "personal_data"
	FindingAssumedUnit  = "unit_assumed"
	FindingUnknownUnit  = "unit_unknown"      // a value whose unit nothing tells: stored as a plain number
	FindingMagnitude    = "magnitude_outlier" // a figure about a thousand times off its column's others
	FindingRefused      = "value_refused"     // a plausibility guard kept a value out (its reject says which)
)

// TableInfo describes a recognised table, for `socdw check`.
type TableInfo struct {
	Ref    CellRef // the first header cell
	Title  string
	Kind   string // budget, care_cost, placement_count, figures, bookings, placements
	Period Period
	Unit   Unit
	Rows   int
	// LastRow is the table's last body row: with Ref's row it bounds the
	// rejects and findings that are the table's.
	LastRow int
	// Columns is what recognition made of each column of the table, and
	// why: `socdw check` shows it, and config `columns:` corrects it.
	Columns []ColumnInfo
}

// ColumnOverride is a source's correction of what recognition makes of a
// column (config `columns:`, keyed by header text or column letter).
type ColumnOverride struct {
	Role string // dimension, period, measure, identifier, note or ignore
	Unit Unit   // a measure's unit; UnitNone = as recognised
}

// Column roles, as `socdw check` shows them and config `columns:` sets them.
const (
	RoleDimension  = "dimension"
	RolePeriod     = "period"
	RoleMeasure    = "measure"
	RoleIdentifier = "identifier"
	RoleNote       = "note"
	RoleIgnore     = "ignore"
)

// ColumnInfo is one column of a recognised table: its role (dimension,
// period, measure, identifier, note or ignore), the unit of its values
// when it is a measure, and the evidence the role was decided on.
type ColumnInfo struct {
	Col      int    // 1-based
	Letter   string // A, B, …, AA
	Header   string
	Role     string
	Unit     string // value units of a measure's figures ("SEK", "percent, SEK/inhabitant"); "" otherwise
	Evidence string // short human text: "header 'År'; 27/27 values are years 2019–2023"
}

// Batch is everything one file yields: loaded whole or not at all.
type Batch struct {
	Tables          []TableInfo
	Figures         []Figure
	Budget          []BudgetLine
	Care            []CareCost
	PlacementCounts []PlacementCount
	Placements      []Placement
	Bookings        BookingFiles
	// FigureFiles hold the figures of a flat table too long to hold (a
	// statistics export of hundreds of thousands of rows), written as
	// parts like the bookings; Figures holds every other figure.
	FigureFiles FigureFiles
	Ledger      []LedgerLine
	// LedgerFiles hold the ledger lines of a line-level ledger, written
	// as they are read rather than held: a yearly ledger has millions.
	LedgerFiles LedgerFiles
	Rejects     []Reject
	Findings    []Finding
}

// Rows is the number of fact rows the batch loads.
func (b *Batch) Rows() int {
	return len(b.Figures) + b.FigureFiles.Rows + len(b.Budget) + len(b.Care) + len(b.PlacementCounts) + len(b.Placements) + len(b.Ledger) + b.Bookings.Rows + b.LedgerFiles.Rows
}

// FigureCount is the number of figures the batch loads: those held and
// those written to figure files.
func (b *Batch) FigureCount() int { return len(b.Figures) + b.FigureFiles.Rows }

// LedgerRows is the number of ledger lines the batch loads, held or
// written to files.
func (b *Batch) LedgerRows() int { return len(b.Ledger) + b.LedgerFiles.Rows }

// Close removes the batch's temporary files.
func (b *Batch) Close() error {
	if b == nil {
		return nil
	}
	var err error
	for _, d := range []string{b.Bookings.Dir, b.FigureFiles.Dir} {
		if d != "" {
			if e := os.RemoveAll(d); e != nil && err == nil {
				err = e
			}
		}
	}
	return err
}

// FigureFiles are figures normalised into tab-separated UTF-8 files
// (FigureColumns, in order, no quoting) that load hands to DuckDB's
// read_csv, as it does BookingFiles: a flat table of a million rows is
// never held. Every text in them passed transform's personnummer check
// cell by cell; load checks their distinct texts once more, as Redact
// does for the figures held in memory.
type FigureFiles struct {
	Dir   string   // temporary directory holding the parts; removed by Batch.Close
	Parts []string // paths of the part files, one per streamed table
	Rows  int
}

// FigureColumns are the columns of a normalised figure file and their
// DuckDB types. kommun is empty for the source's kommun; dimensions are
// "name\x1fvalue" pairs joined by \x1e, in column order, empty for none.
var FigureColumns = [][2]string{
	{"period_start", "DATE"}, {"period_end", "DATE"}, {"kommun", "VARCHAR"}, {"subject", "VARCHAR"},
	{"measure", "VARCHAR"}, {"value", "DECIMAL(18,2)"}, {"value_unit", "VARCHAR"}, {"is_total", "BOOLEAN"},
	{"source_sheet", "VARCHAR"}, {"source_row", "INTEGER"}, {"source_col", "VARCHAR"},
	{"dimensions", "VARCHAR"}, {"value_exact", "DECIMAL(38,10)"},
}

// BookingFiles are booking lines normalised into tab-separated UTF-8
// files (BookingColumns, in order) that load hands to DuckDB's own CSV
// reader: the fastest way into the warehouse, and memory that does not
// grow with the export. The names of the org units, the same on thousands
// of lines, travel once each in Units.
type BookingFiles struct {
	Dir   string        // temporary directory holding the parts; removed by Batch.Close
	Parts []BookingPart // written in parallel, one per chunk of the export
	Rows  int
	Units []BookingUnit // one per ansvar, first name seen
	// Accounts name each konto once (Konto benämning), first name seen:
	// like the units, a name travels once rather than on every line.
	Accounts []BookingAccount
}

// LedgerFiles are ledger lines normalised into tab-separated UTF-8 files
// (LedgerColumns, in order) in the batch's temporary directory
// (BookingFiles.Dir, removed by Batch.Close), which load hands to DuckDB's
// own CSV reader, as it does booking files: memory that does not grow
// with the ledger. Every text of a line was cleaned by LedgerLine.Redact
// before it was written, and load checks the loaded rows again.
type LedgerFiles struct {
	Parts []BookingPart
	Rows  int
}

// LedgerColumns are the columns of a normalised ledger file and their
// DuckDB types. dim_names and dim_values are a line's Dimensions, names
// and values each joined by LedgerDimSep; sheet and line are its lineage.
var LedgerColumns = [][2]string{
	{"kind", "VARCHAR"}, {"booking_date", "DATE"}, {"period_start", "DATE"}, {"period_end", "DATE"},
	{"ansvar", "VARCHAR"}, {"ansvar_name", "VARCHAR"}, {"unit_key", "VARCHAR"}, {"account", "VARCHAR"},
	{"account_name", "VARCHAR"}, {"verksamhet", "VARCHAR"}, {"dim_names", "VARCHAR"}, {"dim_values", "VARCHAR"},
	{"counterparty", "VARCHAR"}, {"voucher", "VARCHAR"}, {"text", "VARCHAR"},
	{"amount", "DECIMAL(18,2)"}, {"budget", "DECIMAL(18,2)"}, {"sheet", "VARCHAR"}, {"line", "INTEGER"},
}

// LedgerDimSep separates the dimension names, and the values, of a line
// in a ledger file (the ASCII unit separator, which no text keeps).
const LedgerDimSep = '\x1f'

// BookingAccount names a konto of a finance export.
type BookingAccount struct {
	Konto string
	Name  string
}

// BookingPart is one normalised file; its line column is the line in the
// export.
type BookingPart struct {
	Path string
}

// BookingUnit names an ansvar of a finance export.
type BookingUnit struct {
	Ansvar  string
	Name    string
	UnitKey string
}

// BookingColumns are the columns of a normalised booking file and their
// DuckDB types.
var BookingColumns = [][2]string{
	{"period_start", "DATE"}, {"ansvar", "VARCHAR"}, {"verksamhet", "VARCHAR"}, {"konto", "VARCHAR"},
	{"actual", "DECIMAL(18,2)"}, {"budget", "DECIMAL(18,2)"}, {"line", "INTEGER"},
}

// KPIMapping says which Kolada key figure measures the cost per care day
// of a target group and placement form, as dygnskostnad names them: the
// benchmark view's kpi_map, extended by the config's benchmark: list.
type KPIMapping struct {
	KPI           string // N33100
	TargetGroup   string // barn och unga
	PlacementForm string // HVB
}
