// SPDX-License-Identifier: EUPL-1.2

package procedures

import (
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	for _, l := range Limits {
		if l.Source == "" || l.Days <= 0 || l.ValidFrom.IsZero() || l.Regime == "" || l.Procedure == "" {
			t.Errorf("row without its source, days or date: %+v", l)
		}
	}
	on := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	// Norway, open: 30 days for tenders and a 10-day standstill.
	if got := For("NO", Open, on); got.Tender.Days != 30 || got.Standstill.Days != 10 || got.Days() != 40 || len(got.Sources()) != 2 {
		t.Errorf("NO open: %+v", got)
	}
	// Restricted: 30 days to request, then tenders.
	if got := For("NO", Restricted, on); got.Participation.Days != 30 || got.Days() != 65 {
		t.Errorf("NO restricted: %+v", got)
	}
	// The UK's standstill is 8 working days: 12 calendar days.
	if got := For("UK", Open, on); got.Days() != 25+12 {
		t.Errorf("UK open: %d", got.Days())
	}
	// Before the Procurement Act was in force: no UK limits.
	if got := For("UK", Open, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)); got.Days() != 0 {
		t.Errorf("UK in 2024: %+v", got)
	}
	// Below the thresholds: no standstill.
	if got := For("NO", BelowThreshold, on); got.Standstill.Days != 0 {
		t.Errorf("below the thresholds: %+v", got)
	}
}
