// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// untracked fields change with every save and are not history.
var untracked = map[string]bool{"updated": true, "created": true, "edited": true}

// diff lists the fields that differ between two versions of an item.
func diff(old, new cityspend.PlanItem) []cityspend.PlanChange {
	a, b := fields(old), fields(new)
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []cityspend.PlanChange
	for _, k := range keys {
		if untracked[k] || bytes.Equal(a[k], b[k]) {
			continue
		}
		out = append(out, cityspend.PlanChange{ItemID: new.ID, Field: k, Old: string(a[k]), New: string(b[k])})
	}
	return out
}

func fields(it cityspend.PlanItem) map[string]json.RawMessage {
	raw, _ := json.Marshal(it)
	m := map[string]json.RawMessage{}
	json.Unmarshal(raw, &m)
	return m
}

// Validate checks an item a person shaped.
func Validate(it cityspend.PlanItem) error {
	if strings.TrimSpace(it.Title) == "" {
		return cityspend.Errorf(cityspend.EINVALID, "a plan item needs a title")
	}
	switch it.Type {
	case "goods", cpv.Services, cpv.Works:
	default:
		return cityspend.Errorf(cityspend.EINVALID, "type %q: use goods, services or works", it.Type)
	}
	ok := false
	for _, s := range cityspend.PlanStatuses {
		ok = ok || it.Status == s
	}
	if !ok {
		return cityspend.Errorf(cityspend.EINVALID, "status %q: use %s", it.Status, strings.Join(cityspend.PlanStatuses, ", "))
	}
	for _, c := range it.CPV {
		if !cpv.Valid(c) {
			return cityspend.Errorf(cityspend.EINVALID, "CPV %q: 8 digits", c)
		}
	}
	if it.Value < 0 {
		return cityspend.Errorf(cityspend.EINVALID, "the estimated value is negative")
	}
	if it.ClimateWeight < 0 || it.ClimateWeight > 100 {
		return cityspend.Errorf(cityspend.EINVALID, "climate weight %d %%: 0 to 100", it.ClimateWeight)
	}
	if it.Regime == "NO" && it.Environmental && it.ClimateWeight > 0 && it.ClimateWeight < 30 {
		return cityspend.Errorf(cityspend.EINVALID, "climate weight %d %%: Norway requires at least 30 %% (FOA §7-9), or set it as requirements (0)", it.ClimateWeight)
	}
	return nil
}

// Editor changes a buyer's plan, recording every change.
type Editor struct {
	St    Store
	Buyer cityspend.Buyer
	Who   string
	Table thresholds.Table
}

// NewEditor reads the thresholds for an editor.
func NewEditor(ctx context.Context, st Store, b cityspend.Buyer, who string) (*Editor, error) {
	user, err := st.Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(who) == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "say who changes the plan: it is kept in the history")
	}
	return &Editor{St: st, Buyer: b, Who: who, Table: thresholds.NewTable(user)}, nil
}

// save validates items and stores them with their changes against before;
// it marks them edited and dates them in place.
func (e *Editor) save(ctx context.Context, before map[string]cityspend.PlanItem, items ...cityspend.PlanItem) error {
	now := time.Now().UTC()
	var changes []cityspend.PlanChange
	for i := range items {
		it := &items[i]
		if err := Validate(*it); err != nil {
			return err
		}
		it.Edited, it.Updated = true, now
		if it.Published && it.PublishedAt.IsZero() {
			it.PublishedAt = now
		}
		old, ok := before[it.ID]
		if !ok {
			it.Created = now
			changes = append(changes, cityspend.PlanChange{ItemID: it.ID, Field: "created", New: it.Title, Who: e.Who, At: now})
			continue
		}
		for _, c := range diff(old, *it) {
			c.Who, c.At = e.Who, now
			changes = append(changes, c)
		}
	}
	return e.St.PutPlanItems(ctx, e.Buyer.ID, items, changes)
}

// recompute fills the threshold band, procedure and timeline.
func (e *Editor) recompute(it *cityspend.PlanItem, retime bool) {
	it.Regime = thresholds.RegimeOf(e.Buyer.Country)
	on := it.NeedDate
	if on.IsZero() {
		on = time.Now().UTC()
	}
	it.Threshold, it.Procedure = Band(e.Table, it.Regime, it.Type, it.Value, on)
	if retime && !it.NeedDate.IsZero() {
		now := time.Now().UTC()
		now = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		timeline(it, latestNotice(*it, now.AddDate(0, 0, preparationDays)), now)
	}
}

// Add adds an item by hand.
func (e *Editor) Add(ctx context.Context, it cityspend.PlanItem) (cityspend.PlanItem, error) {
	it.BuyerID, it.Source = e.Buyer.ID, "manual"
	it.ID = fmt.Sprintf("man-%d", time.Now().UnixNano())
	if it.Status == "" {
		it.Status = cityspend.PlanIdea
	}
	if it.Type == "" {
		it.Type = cpv.Services
	}
	e.recompute(&it, it.Notice.IsZero())
	saved := []cityspend.PlanItem{it}
	err := e.save(ctx, nil, saved...)
	return saved[0], err
}

// Create adds an item by hand from a JSON object of PlanItem fields.
func (e *Editor) Create(ctx context.Context, fieldsJSON []byte) (cityspend.PlanItem, error) {
	it, _, err := apply(cityspend.PlanItem{}, fieldsJSON)
	if err != nil {
		return it, err
	}
	return e.Add(ctx, it)
}

// apply decodes a JSON object of PlanItem fields over an item. Dates may be
// given as yyyy-mm-dd; ids, sources and timestamps cannot be set.
func apply(it cityspend.PlanItem, patch []byte) (cityspend.PlanItem, map[string]json.RawMessage, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(patch, &keys); err != nil {
		return it, nil, cityspend.Errorf(cityspend.EINVALID, "the change is not a JSON object: %v", err)
	}
	known := fields(cityspend.PlanItem{})
	for k, v := range keys {
		if _, ok := known[k]; !ok {
			if _, ok := optionalFields[k]; !ok {
				return it, nil, cityspend.Errorf(cityspend.EINVALID, "no field %q", k)
			}
		}
		if fixed[k] {
			return it, nil, cityspend.Errorf(cityspend.EINVALID, "field %q cannot be changed", k)
		}
		if dateFields[k] {
			var s string
			if json.Unmarshal(v, &s) == nil && len(s) == len("2006-01-02") {
				d, err := time.Parse("2006-01-02", s)
				if err != nil {
					return it, nil, cityspend.Errorf(cityspend.EINVALID, "%s: %q is not a date (yyyy-mm-dd)", k, s)
				}
				keys[k], _ = json.Marshal(d)
			} else if s == "" && string(v) != "null" && json.Unmarshal(v, &s) == nil {
				keys[k], _ = json.Marshal(time.Time{})
			}
		}
	}
	norm, _ := json.Marshal(keys)
	if err := json.Unmarshal(norm, &it); err != nil {
		return it, nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	return it, keys, nil
}

// fixed are the fields no edit may set.
var fixed = map[string]bool{"id": true, "buyer": true, "source": true, "created": true, "updated": true, "edited": true, "merged_into": true,
	"published_at": true}

// dateFields are the item's dates.
var dateFields = map[string]bool{"contract_expiry": true, "need_date": true, "market_dialogue": true, "notice": true, "award": true,
	"contract_start": true}

// Patch changes an item's fields from a JSON object of PlanItem fields; a
// new value, type or date of need recomputes the band and (unless dates
// are given) the timeline.
func (e *Editor) Patch(ctx context.Context, id string, patch []byte) (cityspend.PlanItem, error) {
	old, err := e.St.PlanItem(ctx, e.Buyer.ID, id)
	if err != nil {
		return old, err
	}
	it, keys, err := apply(old, patch)
	if err != nil {
		return old, err
	}
	_, value := keys["estimated_value"]
	_, typ := keys["type"]
	_, need := keys["need_date"]
	_, notice := keys["notice"]
	if value || typ || need {
		e.recompute(&it, need && !notice)
	}
	saved := []cityspend.PlanItem{it}
	err = e.save(ctx, map[string]cityspend.PlanItem{old.ID: old}, saved...)
	return saved[0], err
}

// optionalFields are the item's fields that JSON leaves out when empty.
var optionalFields = map[string]struct{}{"cpv": {}, "links": {}, "suppliers": {}, "need": {}, "unit": {}, "duration_months": {}, "options": {}, "contract_id": {}, "contract_expiry": {},
	"lots": {}, "need_date": {}, "market_dialogue": {}, "notice": {}, "award": {}, "contract_start": {}, "climate_weight_pct": {}, "partners": {},
	"funding": {}, "owner": {}, "action": {}, "source_ref": {}, "merged_into": {}, "published_at": {}}

// Merge merges items into the first: values added, codes, suppliers and
// links joined; the others are cancelled and point to it.
func (e *Editor) Merge(ctx context.Context, ids []string) (cityspend.PlanItem, error) {
	if len(ids) < 2 {
		return cityspend.PlanItem{}, cityspend.Errorf(cityspend.EINVALID, "merge needs two items or more")
	}
	before := map[string]cityspend.PlanItem{}
	var items []cityspend.PlanItem
	for _, id := range ids {
		it, err := e.St.PlanItem(ctx, e.Buyer.ID, id)
		if err != nil {
			return it, err
		}
		if _, dup := before[id]; dup {
			return it, cityspend.Errorf(cityspend.EINVALID, "item %s is named twice", id)
		}
		before[id] = it
		items = append(items, it)
	}
	into := items[0]
	for _, it := range items[1:] {
		into.Value += it.Value
		into.Basis = strings.TrimSpace(into.Basis + "; " + it.ID + ": " + it.Basis)
		into.CPV = union(into.CPV, it.CPV)
		into.Suppliers = union(into.Suppliers, it.Suppliers)
		into.Links = union(append(into.Links, "plan:"+it.ID), it.Links)
		if it.NeedDate.Before(into.NeedDate) && !it.NeedDate.IsZero() {
			into.NeedDate = it.NeedDate
		}
	}
	e.recompute(&into, true)
	out := []cityspend.PlanItem{into}
	for _, it := range items[1:] {
		it.Status, it.MergedInto = cityspend.PlanCancelled, into.ID
		out = append(out, it)
	}
	err := e.save(ctx, before, out...)
	return out[0], err
}

// Split splits an item into parts with the given shares of its value (in
// per cent, adding up to 100); the first part keeps the id.
func (e *Editor) Split(ctx context.Context, id string, shares []int) ([]cityspend.PlanItem, error) {
	old, err := e.St.PlanItem(ctx, e.Buyer.ID, id)
	if err != nil {
		return nil, err
	}
	sum := 0
	for _, s := range shares {
		if s <= 0 {
			return nil, cityspend.Errorf(cityspend.EINVALID, "a share of %d %%", s)
		}
		sum += s
	}
	if len(shares) < 2 || sum != 100 {
		return nil, cityspend.Errorf(cityspend.EINVALID, "split into two parts or more whose shares add up to 100 %% (they add up to %d)", sum)
	}
	all, err := e.St.PlanItems(ctx, e.Buyer.ID)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, it := range all {
		taken[it.ID] = true
	}
	var parts []cityspend.PlanItem
	var left = old.Value
	n := 1
	for i, s := range shares {
		p := old
		if i > 0 {
			for n++; taken[fmt.Sprintf("%s-%d", old.ID, n)]; n++ {
			}
			p.ID = fmt.Sprintf("%s-%d", old.ID, n)
			p.Source, p.Links = "manual", append([]string{"plan:" + old.ID}, old.Links...)
		}
		if i == len(shares)-1 {
			p.Value = left
		} else {
			p.Value = cityspend.Amount(int64(old.Value) * int64(s) / 100)
			left -= p.Value
		}
		p.Title = fmt.Sprintf("%s (part %d of %d)", old.Title, i+1, len(shares))
		p.Basis = fmt.Sprintf("%d %% of %s: %s", s, old.Value, old.Basis)
		e.recompute(&p, false)
		parts = append(parts, p)
	}
	return parts, e.save(ctx, map[string]cityspend.PlanItem{old.ID: old}, parts...)
}

// Publish marks items as published (or not).
func (e *Editor) Publish(ctx context.Context, ids []string, published bool) error {
	before := map[string]cityspend.PlanItem{}
	var items []cityspend.PlanItem
	for _, id := range ids {
		it, err := e.St.PlanItem(ctx, e.Buyer.ID, id)
		if err != nil {
			return err
		}
		before[id] = it
		it.Published = published
		if published && it.Status == cityspend.PlanIdea {
			it.Status = cityspend.PlanPlanned
		}
		items = append(items, it)
	}
	return e.save(ctx, before, items...)
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range append(append([]string{}, a...), b...) {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
