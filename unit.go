package socdw

import (
	"fmt"
	"strings"
)

// Unit is what a number counts: money at a scale (kr, tkr, mnkr), a price
// per care day, care days, a plain count or a percentage. UnitNone means
// nothing said so yet: the table, the title or the config decides.
type Unit int

// The units a figure can have.
const (
	UnitNone            Unit = iota // not stated here
	UnitKr                          // kronor
	UnitTkr                         // tusentals kronor, ×1 000
	UnitMnkr                        // miljoner kronor, ×1 000 000
	UnitKrPerDay                    // kr/dygn: a price per care day, in kr
	UnitCareDays                    // dygn, vårddygn
	UnitCount                       // antal, personer, hushåll
	UnitPercent                     // %, procent
	UnitKrPerInhabitant             // kr/inv, kronor per invånare
	UnitDays                        // dagar: a duration, not care days
	UnitNumber                      // a value whose unit cannot be told
)

// IsMoney reports whether the unit is an amount of SEK at some scale.
func (u Unit) IsMoney() bool { return u == UnitKr || u == UnitTkr || u == UnitMnkr }

// Factor is the number of kronor in one of the unit: 1, 1 000 or
// 1 000 000; 1 for every unit that is not money.
func (u Unit) Factor() int64 {
	switch u {
	case UnitTkr:
		return 1_000
	case UnitMnkr:
		return 1_000_000
	}
	return 1
}

// ValueUnit is the unit of a normalised value in the warehouse, as the
// contract names it: SEK, SEK/day, care_days, count, percent,
// SEK/inhabitant, days or number.
func (u Unit) ValueUnit() string {
	switch u {
	case UnitKr, UnitTkr, UnitMnkr:
		return "SEK"
	case UnitKrPerDay:
		return "SEK/day"
	case UnitCareDays:
		return "care_days"
	case UnitPercent:
		return "percent"
	case UnitCount:
		return "count"
	case UnitKrPerInhabitant:
		return "SEK/inhabitant"
	case UnitDays:
		return "days"
	case UnitNumber:
		return "number"
	}
	return ""
}

// String prints the unit as a person writes it.
func (u Unit) String() string {
	switch u {
	case UnitKr:
		return "kr"
	case UnitTkr:
		return "tkr"
	case UnitMnkr:
		return "mnkr"
	case UnitKrPerDay:
		return "kr/dygn"
	case UnitCareDays:
		return "dygn"
	case UnitCount:
		return "antal"
	case UnitPercent:
		return "%"
	case UnitKrPerInhabitant:
		return "kr/inv"
	case UnitDays:
		return "dagar"
	case UnitNumber:
		return "tal"
	}
	return ""
}

// ParseMoneyUnit reads the config's unit key: kr, tkr or mnkr.
func ParseMoneyUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "kr", "kronor", "sek":
		return UnitKr, nil
	case "tkr":
		return UnitTkr, nil
	case "mnkr", "mkr":
		return UnitMnkr, nil
	}
	return UnitNone, fmt.Errorf("unit %q: want kr, tkr or mnkr", s)
}

// ParseValueUnit reads a unit as config `columns:` gives it: a value unit
// of the warehouse (SEK, count, care_days, percent, SEK/day,
// SEK/inhabitant, days, number) or a money scale (kr, tkr, mnkr).
func ParseValueUnit(s string) (Unit, error) {
	if u, err := ParseMoneyUnit(s); err == nil {
		return u, nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "count", "antal":
		return UnitCount, nil
	case "care_days", "dygn", "vårddygn":
		return UnitCareDays, nil
	case "percent", "%", "procent":
		return UnitPercent, nil
	case "sek/day", "kr/dygn":
		return UnitKrPerDay, nil
	case "sek/inhabitant", "kr/inv":
		return UnitKrPerInhabitant, nil
	case "days", "dagar":
		return UnitDays, nil
	case "number", "tal":
		return UnitNumber, nil
	}
	return UnitNone, fmt.Errorf("unit %q: want SEK, kr, tkr, mnkr, count, care_days, percent, SEK/day, SEK/inhabitant, days or number", s)
}
