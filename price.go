package socdw

import (
	"errors"
	"fmt"
)

// Price is a daily price in ten-thousandths of a krona. A daily price is
// often a monthly fee divided by its days (967,7419 kr), and the cost of a
// placement is that price times its care days: rounding the price to öre
// first would put öre wrong in every month's cost.
type Price int64

// PriceOf turns a parsed number, in kronor, into a Price, rounding half
// away from zero past four decimals.
func PriceOf(n Number) (Price, error) {
	switch n.Unit {
	case UnitCount, UnitPercent, UnitCareDays:
		return 0, fmt.Errorf("%w: a daily price is an amount of money", ErrNotNumber)
	}
	c := n.Coef
	exp := n.Exp
	for f := n.Unit.Factor(); f > 1; f /= 10 { // tkr: three places fewer
		exp--
	}
	for exp < 0 {
		exp++
		if c > (1<<63-1)/10 || c < -(1<<63-1)/10 {
			return 0, errPriceRange
		}
		c *= 10
	}
	for exp < 4 {
		if c > (1<<63-1)/10 || c < -(1<<63-1)/10 {
			return 0, errPriceRange
		}
		c *= 10
		exp++
	}
	for exp > 4 {
		q, r := c/10, c%10
		if exp == 5 && (r >= 5 || r <= -5) {
			if c > 0 {
				q++
			} else {
				q--
			}
		}
		c = q
		exp--
	}
	if c > maxPrice || c < -maxPrice {
		return 0, errPriceRange
	}
	return Price(c), nil
}

// maxPrice keeps a price inside DECIMAL(18,4).
const maxPrice = 999_999_999_999_999_999

var errPriceRange = errors.New("daily price out of range")

// String prints the price with four decimals, as DECIMAL(18,4) does.
func (p Price) String() string {
	neg := p < 0
	v := int64(p)
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%d.%04d", v/10000, v%10000)
	if neg {
		s = "-" + s
	}
	return s
}
