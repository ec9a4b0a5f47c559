// SPDX-License-Identifier: EUPL-1.2

package plan_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/plan"
)

// planStore is a store with Larvik (NOK), a UK council (GBP) and a plan
// for each: items dated, undated, cancelled, merged, published or not.
func planStore(t *testing.T) *duckdb.DB {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, ":memory:", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	uk := cityspend.Buyer{ID: "E06000001", Name: "Hartlepool", Country: "GB", Currency: "GBP", FiscalStart: 4}
	for _, b := range []cityspend.Buyer{larvik, uk} {
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	item := func(buyer, id, title, notice string, value cityspend.Amount, published bool) cityspend.PlanItem {
		it := cityspend.PlanItem{BuyerID: buyer, ID: id, Title: title, Type: "services", Status: cityspend.PlanPlanned, Value: value, Published: published}
		if notice != "" {
			it.Notice = date(notice)
		}
		return it
	}
	merged := item("3909", "E", "Merged", "2026-08-01", 10_000_00, true)
	merged.MergedInto = "A"
	cancelled := item("3909", "D", "Cancelled", "2026-08-01", 10_000_00, true)
	cancelled.Status = cityspend.PlanCancelled
	for buyer, items := range map[string][]cityspend.PlanItem{
		"3909": {item("3909", "A", "Cleaning", "2026-09-01", 1_000_000_00, true), item("3909", "B", "Repairs", "2026-07-01", 500_000_00, false),
			item("3909", "C", "Accounting", "", 300_000_00, true), cancelled, merged},
		uk.ID: {item(uk.ID, "U1", "Highways", "2026-09-01", 3_000_000_00, true), item(uk.ID, "U2", "Stationery", "2026-09-01", 50_000_00, true),
			item(uk.ID, "U3", "Parks", "2026-09-01", 5_000_000_00, false)},
	} {
		if err := st.PutPlanItems(ctx, buyer, items, nil); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func ids(items []cityspend.PlanItem) string {
	s := ""
	for _, it := range items {
		s += it.ID
	}
	return s
}

// The plan as its staff see it: the active items by notice date (undated
// last), the closed ones apart, the dashboard of the active ones from now.
func TestRead(t *testing.T) {
	ctx := context.Background()
	st := planStore(t)
	o, err := plan.Read(ctx, st, "3909", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.All) != 5 || ids(o.Active) != "BAC" || ids(o.Closed) != "DE" {
		t.Errorf("all %d, active %s, closed %s", len(o.All), ids(o.Active), ids(o.Closed))
	}
	if o.Dashboard.Items != 3 || o.Dashboard.Value != 1_800_000_00 || !o.Dashboard.From.Equal(now) || !o.Dashboard.To.Equal(date("2028-05-01")) {
		t.Errorf("dashboard %+v", o.Dashboard)
	}
	o, err = plan.Read(ctx, st, "3907", now)
	if err != nil || o.All == nil || len(o.All) != 0 {
		t.Errorf("a buyer without a plan: %#v %v", o.All, err)
	}
}

// An item with its history, oldest first; an item nobody changed has an
// empty history.
func TestItem(t *testing.T) {
	ctx := context.Background()
	st := planStore(t)
	it, hist, err := plan.Item(ctx, st, "3909", "A")
	if err != nil || it.Title != "Cleaning" || hist == nil || len(hist) != 0 {
		t.Errorf("an unchanged item: %+v %#v %v", it, hist, err)
	}
	e, err := plan.NewEditor(ctx, st, larvik, "per@larvik.test")
	if err != nil {
		t.Fatal(err)
	}
	added, err := e.Add(ctx, cityspend.PlanItem{Title: "Snow clearing", Value: 100_000_00})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Patch(ctx, added.ID, []byte(`{"title": "Snow clearing and gritting"}`)); err != nil {
		t.Fatal(err)
	}
	it, hist, err = plan.Item(ctx, st, "3909", added.ID)
	if err != nil || it.Title != "Snow clearing and gritting" || len(hist) != 2 || hist[0].Field != "created" || hist[1].Field != "title" {
		t.Errorf("a changed item: %+v %+v %v", it, hist, err)
	}
	if _, _, err := plan.Item(ctx, st, "3909", "NONE"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no item: %v", err)
	}
}

// The public pipeline: the active published items by notice date.
func TestPublishedItems(t *testing.T) {
	ctx := context.Background()
	st := planStore(t)
	z := cityspend.PlanItem{BuyerID: "3909", ID: "Z", Title: "Sooner", Type: "services", Status: cityspend.PlanPlanned, Notice: date("2026-08-01"), Published: true}
	if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{z}, nil); err != nil {
		t.Fatal(err)
	}
	b, items, err := plan.PublishedItems(ctx, st, "3909")
	if err != nil || b.Name != "Larvik kommune" || ids(items) != "ZAC" {
		t.Errorf("published %s %s %v", b.Name, ids(items), err)
	}
	if _, _, err := plan.PublishedItems(ctx, st, "0000"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no buyer: %v", err)
	}
}

// The export tables: the active plan, and the UK pipeline notice only for
// a buyer paying in GBP.
func TestTableItems(t *testing.T) {
	ctx := context.Background()
	st := planStore(t)
	uk, err := st.Buyer(ctx, "E06000001")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		b     cityspend.Buyer
		table string
		want  string
		code  string
	}{
		{"the plan", larvik, "plan", "ABC", ""},
		{"Larvik's pipeline notice", larvik, "pipeline", "", cityspend.ENOTFOUND},
		{"a UK pipeline notice", uk, "pipeline", "U1", ""},
		{"no such table", larvik, "budget", "", cityspend.ENOTFOUND},
	} {
		items, err := plan.TableItems(ctx, st, tt.b, tt.table)
		if cityspend.ErrorCode(err) != tt.code || ids(items) != tt.want {
			t.Errorf("%s: %s %v, want %s %s", tt.name, ids(items), err, tt.want, tt.code)
		}
	}
}

// Items are created and changed from the plan's forms, amounts as the
// reader writes them.
func TestEditForms(t *testing.T) {
	ctx := context.Background()
	st := planStore(t)
	e, err := plan.NewEditor(ctx, st, larvik, "per@larvik.test")
	if err != nil {
		t.Fatal(err)
	}
	it, err := e.CreateForm(ctx, url.Values{"title": {"Snow clearing"}, "type": {"services"}, "estimated_value": {"1 200 000,50"}}, ',')
	if err != nil || it.Title != "Snow clearing" || it.Value != 1_200_000_50 || it.Source != "manual" {
		t.Fatalf("created %+v %v", it, err)
	}
	if _, err := e.CreateForm(ctx, url.Values{"title": {"Bad"}, "estimated_value": {"lots"}}, ','); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("an amount that is not one: %v", err)
	}
	it, err = e.PatchForm(ctx, it.ID, url.Values{"title": {"Snow clearing and gritting"}}, ',')
	if err != nil || it.Title != "Snow clearing and gritting" || it.Value != 1_200_000_50 {
		t.Errorf("patched %+v %v", it, err)
	}
	if _, err := e.PatchForm(ctx, it.ID, url.Values{"estimated_value": {"lots"}}, ','); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a patch with an amount that is not one: %v", err)
	}
	if _, err := e.PatchForm(ctx, "NONE", url.Values{"title": {"x"}}, ','); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a patch of no item: %v", err)
	}
	got, _, err := plan.Item(ctx, st, "3909", it.ID)
	if err != nil || got.Title != "Snow clearing and gritting" || got.Value != 1_200_000_50 {
		t.Errorf("stored %+v %v", got, err)
	}
}

// A decision on a contract and an exempt renewal are not tenders; a
// re-tender, a recurring need and a hand-made item are.
func TestForTender(t *testing.T) {
	for action, want := range map[string]bool{"decide_extension": false, "extend": false, "end": false, "renew_exempt": false,
		"retender": true, "tender": true, "": true} {
		if got := plan.ForTender(cityspend.PlanItem{Action: action}); got != want {
			t.Errorf("%q: %v", action, got)
		}
	}
}
