package sie

import (
	"strconv"
	"time"

	"github.com/socdw/socdw"
)

// File is a SIE file's records. Lines are 1-based lines of the file.
type File struct {
	Name     string // the path it was read from
	Encoding string // EncodingUTF8 or EncodingCP437, decided from the bytes
	Format   string // #FORMAT as written ("PC8")
	Type     string // #SIETYP: "1", "2", "3" or "4" (4E and 4I alike)
	Program  string // #PROGRAM name and version
	Company  string // #FNAMN
	// CompanyLine is the line of #FNAMN (0 without one).
	CompanyLine int
	Years       map[int]Year
	Accounts    map[string]*Account
	Dims        map[int]*Dim
	Objects     map[Object]Named // #OBJEKT
	Balances    []Balance        // #IB, #UB, #RES, #OIB, #OUB
	Periods     []PeriodAmount   // #PSALDO, #PBUDGET
	Vouchers    []Voucher
	Records     int // record lines read
}

// Year is a financial year of #RAR: 0 is the current year, -1 the one
// before.
type Year struct {
	Start, End time.Time
	Line       int
}

// Account is a #KONTO with its #KTYP (T, S, K, I; "" when not given).
type Account struct {
	Name string
	Type string
	Line int // of its #KONTO
}

// Named is an object's name and the line of its #OBJEKT.
type Named struct {
	Name string
	Line int
}

// Dim is a dimension of #DIM or #UNDERDIM (Parent is its superdimension).
type Dim struct {
	Name   string
	Parent int
}

// Object is one object of a dimension: kostnadsställe "7110" is
// Object{1, "7110"}.
type Object struct {
	Dim  int
	Code string
}

// Amount is an amount as written: its value in öre and the number of
// decimals it was written with, which says how much it may be rounded.
type Amount struct {
	Value    socdw.Amount
	Decimals int
}

// Balance is a yearly balance: #IB, #UB and #RES per account, #OIB and
// #OUB per account and object list.
type Balance struct {
	Label   string // "#IB", "#UB", "#RES", "#OIB", "#OUB"
	Line    int
	Year    int
	Account string
	Objects []Object
	Amount  Amount
}

// PeriodAmount is a #PSALDO or #PBUDGET row: the movement on an account
// (and object list) in one month, not an accumulated balance.
type PeriodAmount struct {
	Label   string // "#PSALDO" or "#PBUDGET"
	Line    int
	Year    int
	Month   time.Time // first day of the period's month
	Account string
	Objects []Object // empty for the account's total
	Amount  Amount
}

// Voucher is a #VER and its rows.
type Voucher struct {
	Line   int
	Series string
	Number string
	Date   time.Time
	Text   string
	Rows   []Trans
}

// Trans is a row of a voucher: #TRANS, #RTRANS (a row added after the
// voucher was registered) or #BTRANS (a row removed).
type Trans struct {
	Label   string // "#TRANS", "#RTRANS", "#BTRANS"
	Line    int
	Account string
	Objects []Object
	Amount  Amount
	Date    time.Time // zero when the row has no date of its own
	Text    string
	// Counted is true for the rows that make the voucher: every #TRANS,
	// and an #RTRANS only when no identical #TRANS follows it (the
	// specification has exporters repeat an added row as a #TRANS for
	// older readers); never a #BTRANS.
	Counted bool
}

// Dimension numbers the specification reserves.
const (
	DimCostCentre = 1 // kostnadsställe / resultatenhet: the ansvar
	DimEmployee   = 7 // anställd: a person
)

// reservedDims names the dimensions the specification reserves, for files
// that use them without a #DIM.
var reservedDims = map[int]string{
	1: "Kostnadsställe", 2: "Kostnadsbärare", 6: "Projekt", 7: "Anställd",
	8: "Kund", 9: "Leverantör", 10: "Faktura",
}

// DimName is the name of dimension d: its #DIM, the reserved name, or
// "dim d".
func (f *File) DimName(d int) string {
	if x, ok := f.Dims[d]; ok && x.Name != "" {
		return x.Name
	}
	if n, ok := reservedDims[d]; ok {
		return n
	}
	return "dim " + strconv.Itoa(d)
}

// YearOf is the year number of #RAR whose range holds t; ok is false when
// none does.
func (f *File) YearOf(t time.Time) (int, bool) {
	for n, y := range f.Years {
		if !y.Start.IsZero() && !t.Before(y.Start) && !t.After(y.End) {
			return n, true
		}
	}
	return 0, false
}

// Find returns the code of dimension d in a list, or "".
func Find(objs []Object, d int) string {
	for _, o := range objs {
		if o.Dim == d {
			return o.Code
		}
	}
	return ""
}
