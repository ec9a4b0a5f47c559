// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"fmt"

	"github.com/cityspend/cityspend"
)

// Converter brings spend to a factor's currency and price year with dated
// price indices and exchange rates.
type Converter struct {
	fx  map[fxKey]float64    // NOK→USD 2022: units of USD per NOK
	idx map[priceKey]float64 // NOK 2022: price index
}

// The rates' keys: looked up for every cell of a footprint, so not
// formatted as text.
type fxKey struct {
	from, to string
	year     int
}

type priceKey struct {
	currency string
	year     int
}

// NewConverter indexes rates.
func NewConverter(rs []cityspend.Rate) Converter {
	c := Converter{fx: map[fxKey]float64{}, idx: map[priceKey]float64{}}
	for _, r := range rs {
		switch r.Kind {
		case cityspend.RateFX:
			c.fx[fxKey{r.Currency, r.To, r.Year}] = r.Value
		case cityspend.RateDeflator:
			c.idx[priceKey{r.Currency, r.Year}] = r.Value
		}
	}
	return c
}

// Deflate moves an amount of a currency from the prices of one year to
// those of another.
func (c Converter) Deflate(amount float64, currency string, from, to int) (float64, error) {
	if from == to {
		return amount, nil
	}
	a, okA := c.idx[priceKey{currency, from}]
	b, okB := c.idx[priceKey{currency, to}]
	switch {
	case !okA:
		return 0, fmt.Errorf("no price index for %s %d", currency, from)
	case !okB:
		return 0, fmt.Errorf("no price index for %s %d", currency, to)
	}
	return amount * b / a, nil
}

// Exchange converts an amount at a year's average rate, given either way.
func (c Converter) Exchange(amount float64, from, to string, year int) (float64, error) {
	if from == to {
		return amount, nil
	}
	if r, ok := c.fx[fxKey{from, to, year}]; ok {
		return amount * r, nil
	}
	if r, ok := c.fx[fxKey{to, from, year}]; ok {
		return amount / r, nil
	}
	return 0, fmt.Errorf("no exchange rate %s→%s for %d", from, to, year)
}

// Convert brings an amount of a currency spent in a year to a factor's
// currency and price year: deflated in its own currency to the price year,
// then exchanged at that year's rate.
func (c Converter) Convert(amount float64, currency string, year int, factorCurrency string, priceYear int) (float64, error) {
	a, err := c.Deflate(amount, currency, year, priceYear)
	if err != nil {
		return 0, err
	}
	return c.Exchange(a, currency, factorCurrency, priceYear)
}
