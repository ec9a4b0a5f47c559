// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"

	"github.com/cityspend/cityspend"
)

// The buyer's market-development view: where local or small suppliers
// could be encouraged to bid, and lots an SME could carry. It is analysis
// for the buyer's staff, kept apart from matching: it never filters or
// raises who is told of a need (equal treatment).

// Market is the market-development view of one need.
type Market struct {
	// Fitting are the suppliers that fit the need; of them Local are in the
	// buyer's municipality, County elsewhere in its county (Norwegian
	// municipality numbers: the first two digits), SME micro, small or
	// medium, SizeUnknown of unknown size, Partners likely to take part as
	// subcontractors or consortium partners.
	Fitting, Local, County, SME, SizeUnknown, Partners int
	// Annual is the need's value for a year (0: it has none), Lots how
	// many lots would bring each within what an SME carries (LotValue a
	// year each; 1: it is already).
	Annual   cityspend.Amount
	Currency string
	Lots     int
	LotValue cityspend.Amount
	// Encourage are the local or small suppliers that fit, best first (at
	// most MaxMatches): whom the buyer might tell of the market dialogue,
	// as every supplier that fits is told.
	Encourage []MarketSupplier
}

// MarketSupplier is a local or small supplier that fits a need.
type MarketSupplier struct {
	SupplierID   string `json:"supplier_id"`
	Name         string `json:"name"`
	Municipality string `json:"municipality,omitempty"`
	Size         string `json:"size,omitempty"`
	Level        string `json:"level"`
	Local        bool   `json:"local"` // in the buyer's municipality or county
}

// smeLot is the annual value of a lot an SME carries: what a firm of 25
// people turns over in half a year at the generous estimate perStaff.
func smeLot(currency string) cityspend.Amount { return 25 * perStaff[currency] / 2 }

// Market reads the market-development view of a need of a buyer (its
// municipality: the buyer's) from the same ranking every supplier gets.
func (r *Ranker) Market(need cityspend.Challenge, municipality string) Market {
	byID := make(map[string]*Candidate, len(r.cands))
	for i := range r.cands {
		byID[r.cands[i].SupplierID] = &r.cands[i]
	}
	v := Market{Annual: Annual(need), Currency: need.Currency}
	if lot := smeLot(need.Currency); v.Annual > 0 && lot > 0 {
		v.Lots = int((v.Annual + lot - 1) / lot)
		v.LotValue = v.Annual / cityspend.Amount(v.Lots)
	}
	for _, m := range r.Rank(need, 0) {
		c := byID[m.SupplierID]
		v.Fitting++
		if m.Partner {
			v.Partners++
		}
		local := false
		switch {
		case municipality != "" && c.Municipality == municipality:
			v.Local++
			local = true
		case sameCounty(c.Municipality, municipality):
			v.County++
			local = true
		}
		sme := false
		switch c.Size {
		case cityspend.ClassMicro, cityspend.ClassSmall, cityspend.ClassMedium:
			v.SME++
			sme = true
		case "", cityspend.ClassUnknown:
			v.SizeUnknown++
		}
		if (local || sme) && len(v.Encourage) < MaxMatches {
			v.Encourage = append(v.Encourage, MarketSupplier{SupplierID: c.SupplierID, Name: c.Name, Municipality: c.Municipality,
				Size: c.Size, Level: m.Level, Local: local})
		}
	}
	return v
}

// sameCounty reports whether two Norwegian municipality numbers are in
// the same county (their first two digits).
func sameCounty(a, b string) bool {
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return len(s) == 4
	}
	return digits(a) && digits(b) && a[:2] == b[:2]
}

// MarketDevelopment reads the market-development view of a buyer's need
// for its staff, from what the visible buyers' ledgers say.
func (b *Broker) MarketDevelopment(ctx context.Context, by cityspend.Buyer, need cityspend.Challenge, vis Visible) (Market, error) {
	r, err := b.ranker(ctx, vis)
	if err != nil {
		return Market{}, err
	}
	if need.Currency == "" {
		need.Currency = by.Currency
	}
	return r.Market(need, by.Municipality), nil
}
