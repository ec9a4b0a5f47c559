// SPDX-License-Identifier: EUPL-1.2

// Package plan is the procurement plan: items proposed from the data
// (contracts expiring, recurring spend no contract covers, open threshold
// findings), shaped by people (edits, merges, splits, with their history),
// and published to the market (OCDS planning releases, CSV, XLSX, a UK
// pipeline table, an Atom feed).
package plan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/procedures"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// Options tune generation.
type Options struct {
	Horizon  int       // months ahead; default 24
	Now      time.Time // default today
	Who      string    // recorded in the history
	Capacity int       // notices a month the team can run; default DefaultCapacity
	// MaxShare is the largest share of a year's procurement spend one item
	// may hold; a larger need is split into separate procurements. Default
	// 0.25.
	MaxShare float64
	Lang     string // the titles' language, "nb" or "en"; default the buyer's
}

// Summary reports a generation.
type Summary struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Kept      int `json:"kept_as_edited"`
	Withdrawn int `json:"withdrawn"`
	Items     int `json:"items"`
}

func itemID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "gen-" + hex.EncodeToString(h[:6])
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// typeOf is the purchase type of a CPV code: goods, services or works.
func typeOf(code string) string {
	if !cpv.Valid(code) {
		return cpv.Services
	}
	if k := cpv.Code(code).Kind(); k != cpv.Supplies {
		return k
	}
	return "goods"
}

// Band finds the threshold band of a value and the procedure that applies
// by default (the slug of its handbook page): a competition under the
// national rules below the notice thresholds, an open procedure above, the
// light regime's procedure for its services (kind thresholds.Light) above
// the light regime's threshold.
func Band(table thresholds.Table, regime, kind string, value cityspend.Amount, on time.Time) (band, procedure string) {
	tk := thresholds.GoodsServices
	switch kind {
	case cpv.Works:
		tk = thresholds.Works
	case thresholds.Light:
		tk = thresholds.Light
	}
	above := procedures.Open
	if tk == thresholds.Light {
		above = procedures.LightRegime
	}
	levels := table.At(regime, tk, on)
	switch regime {
	case "NO":
		var floor, national, eea cityspend.Amount
		for _, t := range levels {
			switch {
			case t.Rule == "threshold-no-floor" || strings.Contains(t.Name, "floor"):
				floor = t.Amount
			case t.Rule == "threshold-no-national" || strings.Contains(t.Name, "national"):
				national = t.Amount
			default: // the EEA threshold of the kind, or the light regime's
				eea = t.Amount
			}
		}
		switch {
		case floor > 0 && value < floor:
			return "below", procedures.BelowThreshold
		case national > 0 && value < national, eea > 0 && value < eea:
			return "national", procedures.BelowThreshold
		}
		return "eea", above
	case "EU", "UK":
		for _, t := range levels {
			// A threshold that includes VAT (the UK's since 2024) is
			// compared net of it: the plan's values exclude VAT.
			if value >= thresholds.ExVAT(t) {
				if regime == "UK" {
					return "uk", above
				}
				return "eu", above
			}
		}
		return "below", procedures.BelowThreshold
	}
	return "", ""
}

// noticeLevel is the least value that needs a notice: the national
// threshold in Norway (not the regulations' floor), the lowest threshold
// elsewhere.
func noticeLevel(table thresholds.Table, regime, kind string, on time.Time) cityspend.Amount {
	tk := thresholds.GoodsServices
	if kind == cpv.Works {
		tk = thresholds.Works
	}
	for _, t := range table.At(regime, tk, on) {
		if t.Rule != "threshold-no-floor" && !strings.Contains(t.Name, "floor") {
			return thresholds.ExVAT(t)
		}
	}
	return 0
}

func jsonString(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw)
}

// store merges proposals into the stored plan.
func store(ctx context.Context, st Store, buyerID string, proposed []cityspend.PlanItem, o Options) (*Summary, error) {
	current, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	byID := map[string]cityspend.PlanItem{}
	for _, it := range current {
		byID[it.ID] = it
	}
	s := &Summary{}
	var put []cityspend.PlanItem
	var changes []cityspend.PlanChange
	now := time.Now().UTC()
	for _, it := range proposed {
		old, exists := byID[it.ID]
		switch {
		case !exists:
			it.Created, it.Updated = now, now
			put = append(put, it)
			changes = append(changes, cityspend.PlanChange{ItemID: it.ID, Field: "created", New: it.Title, Who: o.Who, At: now})
			s.Added++
		case old.Edited || old.MergedInto != "":
			s.Kept++
		default:
			it.Created, it.Updated = old.Created, old.Updated
			// Nobody edited it: its status is generation's, and an item the
			// data proposes again is back in the plan.
			it.Owner, it.Published, it.PublishedAt = old.Owner, old.Published, old.PublishedAt
			if old.Status != cityspend.PlanCancelled {
				it.Status = old.Status
			}
			d := diff(old, it)
			if len(d) == 0 {
				s.Unchanged++
				continue
			}
			it.Updated = now
			for _, c := range d {
				c.Who, c.At = o.Who, now
				changes = append(changes, c)
			}
			put = append(put, it)
			s.Updated++
		}
	}
	// Generated items nobody edited that the data no longer proposes (a
	// contract extended, a finding dismissed) are withdrawn, not deleted.
	proposedIDs := map[string]bool{}
	for _, it := range proposed {
		proposedIDs[it.ID] = true
	}
	for _, old := range current {
		if old.Edited || old.MergedInto != "" || old.Source == "manual" || proposedIDs[old.ID] || old.Status == cityspend.PlanCancelled {
			continue
		}
		it := old
		it.Status, it.Updated = cityspend.PlanCancelled, now
		put = append(put, it)
		changes = append(changes, cityspend.PlanChange{ItemID: it.ID, Field: "status", Old: jsonString(old.Status), New: jsonString(it.Status),
			Who: o.Who + " (no longer proposed by the data)", At: now})
		s.Withdrawn++
	}
	if err := st.PutPlanItems(ctx, buyerID, put, changes); err != nil {
		return nil, err
	}
	all, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	s.Items = len(all)
	return s, nil
}
