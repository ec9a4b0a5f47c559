// SPDX-License-Identifier: EUPL-1.2

package classify_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// People decide the category of lines the classifier could not place: the
// decision needs a valid code, a scope, a supplier or a text, who and
// why; once made, the lines are classified again and leave the queue.
func TestDecide(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	// Lines without a CPV code whose text says nothing: unclassified.
	st := duckdbtest.Lines(t, []cityspend.Buyer{b}, []duckdbtest.Line{
		{Buyer: "3909", Org: "923609016", Date: "2025-03-01", Amount: 40_000_00},
		{Buyer: "3909", Org: "923609016", Date: "2025-04-01", Amount: 60_000_00},
	})
	q, err := classify.Queue(ctx, st, "3909", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].Lines != 2 || q[0].Category.Confidence >= classify.ReviewBelow {
		t.Fatalf("the queue %+v", q)
	}
	if n, err := classify.QueueLen(ctx, st, "3909"); err != nil || n != 1 {
		t.Errorf("the queue's length %d, %v; want 1", n, err)
	}
	g := q[0]
	log := slog.New(slog.DiscardHandler)
	d := classify.Decision{BuyerID: "3909", SupplierID: g.SupplierID, CPV: "90910000", Scope: "supplier", Who: "per@larvik.test", Why: "cleaning"}
	for _, tt := range []struct {
		name   string
		change func(*classify.Decision)
	}{
		{"a code that is not a CPV code", func(d *classify.Decision) { d.CPV = "9091" }},
		{"a wrong check digit", func(d *classify.Decision) { d.CPV = "90910000-1" }},
		{"nobody", func(d *classify.Decision) { d.Who = "" }},
		{"no reason", func(d *classify.Decision) { d.Why = "  " }},
		{"an unknown scope", func(d *classify.Decision) { d.Scope = "everything" }},
		{"neither a supplier nor a text", func(d *classify.Decision) { d.SupplierID, d.Scope = "", "account" }},
	} {
		bad := d
		tt.change(&bad)
		if _, err := classify.Decide(ctx, st, bad, log); cityspend.ErrorCode(err) != cityspend.EINVALID {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if ds, _ := st.CategoryDecisions(ctx, "3909"); len(ds) != 0 {
		t.Fatalf("refused decisions were recorded: %+v", ds)
	}
	if _, err := classify.Decide(ctx, st, d, log); err != nil {
		t.Fatal(err)
	}
	ds, err := st.CategoryDecisions(ctx, "3909")
	if err != nil || len(ds) != 1 || ds[0].CPV != "90910000" || ds[0].Account != "" || ds[0].Who != "per@larvik.test" || ds[0].Why != "cleaning" {
		t.Errorf("decisions %+v %v", ds, err)
	}
	if q, err = classify.Queue(ctx, st, "3909", 10); err != nil || len(q) != 0 {
		t.Errorf("the queue after the decision: %+v %v", q, err)
	}
	if n, err := classify.QueueLen(ctx, st, "3909"); err != nil || n != 0 {
		t.Errorf("the queue's length after the decision %d, %v; want 0", n, err)
	}
	// The text scope keeps the account and the text; the account scope
	// (the default) the account only.
	d.Scope, d.Account, d.Text = "text", "1270", "work"
	if _, err := classify.Decide(ctx, st, d, log); err != nil {
		t.Fatal(err)
	}
	d.Scope = ""
	if _, err := classify.Decide(ctx, st, d, log); err != nil {
		t.Fatal(err)
	}
	ds, _ = st.CategoryDecisions(ctx, "3909")
	if len(ds) != 3 || ds[1].Account != "1270" || ds[1].Text != "work" || ds[2].Account != "1270" || ds[2].Text != "" {
		t.Errorf("scoped decisions %+v", ds)
	}
}

// The review queue puts the most money in doubt first: spend × (1 −
// confidence), so a large line the classifier is half sure of comes after
// a smaller one it could not place at all.
func TestQueueBySpendTimesUncertainty(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	st := duckdbtest.Lines(t, []cityspend.Buyer{b}, []duckdbtest.Line{
		{Buyer: "3909", Org: "923609016", Date: "2025-03-01", Amount: 100_000_00},
		{Buyer: "3909", Org: "974760673", Date: "2025-03-01", Amount: 150_000_00},
	})
	items, err := st.Items(ctx, "3909")
	if err != nil || len(items) != 2 {
		t.Fatalf("items %+v %v", items, err)
	}
	var cs []cityspend.ItemCategory
	for _, it := range items {
		c := cityspend.ItemCategory{ItemID: it.ID}
		if it.Spend == 150_000_00 {
			c.Categorization = cityspend.Categorization{CPV: "90910000", Rule: classify.RuleModel, Reason: "test", Confidence: 0.5}
		}
		cs = append(cs, c)
	}
	if err := st.SetCategories(ctx, "3909", cs); err != nil {
		t.Fatal(err)
	}
	q, err := classify.Queue(ctx, st, "3909", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Spend != 100_000_00 || q[0].Uncertain != 100_000_00 || q[1].Uncertain != 75_000_00 {
		t.Errorf("the queue %+v", q)
	}
}
