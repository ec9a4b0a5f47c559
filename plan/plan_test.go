// SPDX-License-Identifier: EUPL-1.2

package plan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	orgBuyer    = "964964610"
	orgCleaner  = "923609016"
	orgRepairs  = "974760673"
	orgBuilder  = "982463718"
	orgAccounts = "971526920"
	orgOffice   = "987654325"
)

var larvik = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}

// now is the plan's date in the fixtures.
var now = date("2026-06-01")

func line(org, day, cpv, ref string, amount cityspend.Amount) duckdbtest.Line {
	return duckdbtest.Line{Buyer: "3909", Org: org, Date: day, CPV: cpv, Ref: ref, Amount: amount}
}

// municipality has four contracts and spend without contracts above and
// below the national threshold.
func municipality(t *testing.T) *duckdb.DB {
	t.Helper()
	st := duckdbtest.Lines(t, []cityspend.Buyer{larvik}, []duckdbtest.Line{
		// Cleaning on its contract.
		line(orgCleaner, "2025-03-01", "90910000", "K-OPT", 400_000_00),
		// Repairs on a contract without options: 600,000 in 12 months.
		line(orgRepairs, "2025-01-15", "50700000", "K-NOOPT", 300_000_00), line(orgRepairs, "2025-12-15", "50700000", "K-NOOPT", 300_000_00),
		// Accounting services no contract covers: 1.4 million in 24 months, above the national threshold.
		line(orgAccounts, "2024-06-01", "79210000", "", 700_000_00), line(orgAccounts, "2026-05-01", "79210000", "", 700_000_00),
		// Office supplies no contract covers: 500,000, below it.
		line(orgOffice, "2025-02-01", "30192000", "", 250_000_00), line(orgOffice, "2025-09-01", "30192000", "", 250_000_00),
	})
	contracts := []cityspend.Contract{
		{ID: "K-OPT", Title: "Cleaning of schools", CPV: "90910000", Start: date("2024-04-01"), End: date("2027-03-31"),
			Final: date("2028-03-31"), MaxValue: 3_000_000_00, HasMax: true},
		{ID: "K-NOOPT", Title: "Building repairs", CPV: "50700000", Start: date("2025-01-01"), End: date("2027-09-30")},
		{ID: "K-WORKS", Title: "New kindergarten", CPV: "45214100", Start: date("2025-05-01"), End: date("2027-12-31"),
			MaxValue: 40_000_000_00, HasMax: true},
		{ID: "K-LATE", Title: "School meals", CPV: "55520000", Start: date("2025-01-01"), End: date("2030-12-31"), MaxValue: 9_000_000_00, HasMax: true},
	}
	for i := range contracts {
		contracts[i].BuyerID, contracts[i].Currency, contracts[i].File, contracts[i].Line = "3909", "NOK", "contracts.csv", i+2
		contracts[i].Suppliers = []cityspend.ContractSupplier{{Name: "Supplier " + contracts[i].ID}}
	}
	if err := st.ReplaceContracts(context.Background(), "3909", contracts); err != nil {
		t.Fatal(err)
	}
	return st
}

func items(t *testing.T, st cityspend.Store) map[string]cityspend.PlanItem {
	t.Helper()
	list, err := st.PlanItems(context.Background(), "3909")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]cityspend.PlanItem{}
	for _, it := range list {
		m[it.SourceRef] = it
	}
	return m
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	st := municipality(t)
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	sum, err := plan.Generate(ctx, st, "3909", plan.Options{Now: now, Horizon: 24})
	if err != nil {
		t.Fatal(err)
	}
	got := items(t, st)
	if sum.Added != 4 || len(got) != 4 {
		t.Fatalf("generated %+v: %v", sum, keys(got))
	}

	// An expiring contract with an unused option: decide on the extension.
	// A Norwegian buyer's titles and bases are in Norwegian.
	opt := got["K-OPT"]
	if opt.Action != "decide_extension" || !opt.NeedDate.Equal(date("2027-04-01")) || opt.Value != 3_000_000_00 ||
		!strings.Contains(opt.Basis, "maksimalverdi") || opt.ContractID != "K-OPT" || !opt.ContractExpiry.Equal(date("2028-03-31")) ||
		len(opt.Suppliers) != 1 || !strings.Contains(opt.Options, "31.03.2028") || opt.Type != "services" ||
		opt.Title != "Beslutte forlengelse av avtale K-OPT: Renholdstjenester" {
		t.Errorf("contract with an option: %+v", opt)
	}
	// 3 million NOK of services: above the EEA threshold, an open
	// procedure: at least 30 days for tenders (FOA § 20-3), 10 days of
	// standstill, three weeks of evaluation and two of mobilisation: the
	// notice at the latest on 16 January 2027, in the first slot of that
	// month; market dialogue two months before.
	if opt.Regime != "NO" || opt.Threshold != "eea" || opt.Procedure != "procedure-open" || !opt.Notice.Equal(date("2027-01-01")) ||
		!opt.MarketDialogue.Equal(date("2026-11-01")) || !opt.Award.Equal(date("2027-02-21")) || !opt.ContractStart.Equal(date("2027-04-01")) {
		t.Errorf("timeline of the option decision: %s %s %s notice %s dialogue %s award %s", opt.Regime, opt.Threshold, opt.Procedure, opt.Notice, opt.MarketDialogue, opt.Award)
	}
	// Without options: re-tender; the value is the spend over the
	// contract's term (600,000 in 12 months, for 33 months).
	no := got["K-NOOPT"]
	if no.Action != "retender" || !no.NeedDate.Equal(date("2027-10-01")) || no.Value != 1_650_000_00 || no.Threshold != "national" ||
		!strings.Contains(no.Basis, "600 000 NOK over 12 måneder") || no.Procedure != "procedure-below-threshold" ||
		!strings.HasPrefix(no.Title, "Ny konkurranse: Vedlikehold av tekniske anlegg i bygg") {
		t.Errorf("contract without options: %+v", no)
	}
	// Works: 40 million is under the EEA works threshold, where services
	// of that value would be over it.
	works := got["K-WORKS"]
	if works.Type != "works" || works.Threshold != "national" || works.Action != "retender" {
		t.Errorf("works: %s %s %s", works.Type, works.Threshold, works.Action)
	}
	table := thresholds.NewTable(nil)
	if band, _ := plan.Band(table, "NO", "services", 40_000_000_00, now); band != "eea" {
		t.Errorf("services of 40 million: %s", band)
	}
	// Beyond the horizon: nothing.
	if _, ok := got["K-LATE"]; ok {
		t.Error("a contract ending in 2030 is in a 24-month plan")
	}
	// Recurring spend no contract covers: accounting above the national
	// threshold gets an item, office supplies below it none. The need has
	// no date: the notice goes out after six weeks of preparation, the
	// contract starts when the law's periods allow.
	acc := got["79200000"]
	if acc.Action != "tender" || acc.Source != "recurring_spend" || acc.Value != 2_800_000_00 || acc.Threshold != "eea" ||
		len(acc.Links) == 0 || !strings.HasPrefix(acc.Links[0], "finding:") || acc.Notice.Before(now.AddDate(0, 0, 42)) ||
		acc.Title != "Rammeavtale: Regnskap og revisjon" || !acc.Framework || acc.Months != 48 {
		t.Errorf("recurring spend: %+v", acc)
	}
	if _, ok := got["30100000"]; ok {
		t.Error("office supplies below the national threshold got an item")
	}
	// Norway: the environment flag with the 30 % climate weight.
	if !acc.Environmental || acc.ClimateWeight != 30 {
		t.Errorf("climate weighting: %v %d", acc.Environmental, acc.ClimateWeight)
	}

	// A re-run after a person's edit: nothing duplicated, the edit kept.
	e, err := plan.NewEditor(ctx, st, larvik, "kari")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Patch(ctx, acc.ID, []byte(`{"title":"Accounting and payroll services","estimated_value":"3500000","owner":"Kari"}`)); err != nil {
		t.Fatal(err)
	}
	sum, err = plan.Generate(ctx, st, "3909", plan.Options{Now: now, Horizon: 24})
	if err != nil {
		t.Fatal(err)
	}
	again := items(t, st)
	if sum.Added != 0 || sum.Kept != 1 || sum.Unchanged != 3 || len(again) != 4 {
		t.Errorf("re-run: %+v, %d items", sum, len(again))
	}
	if a := again["79200000"]; a.Title != "Accounting and payroll services" || a.Value != 3_500_000_00 || a.Owner != "Kari" || !a.Edited {
		t.Errorf("the edit was overwritten: %+v", a)
	}

	// Later, the option decision is past: the contract is re-tendered. The
	// extension item nobody edited is withdrawn, not deleted.
	sum, err = plan.Generate(ctx, st, "3909", plan.Options{Now: date("2027-05-01"), Horizon: 24})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := st.PlanItems(ctx, "3909")
	var retender, ext cityspend.PlanItem
	for _, it := range list {
		if it.SourceRef == "K-OPT" && it.Action == "retender" {
			retender = it
		}
		if it.SourceRef == "K-OPT" && it.Action == "decide_extension" {
			ext = it
		}
	}
	if retender.ID == "" || !retender.NeedDate.Equal(date("2028-04-01")) || ext.Status != cityspend.PlanCancelled || sum.Withdrawn < 1 {
		t.Errorf("after the option date: retender %+v, extension status %q, %+v", retender.NeedDate, ext.Status, sum)
	}
	hist, err := st.PlanChanges(ctx, "3909", ext.ID)
	if err != nil || len(hist) < 2 || !strings.Contains(hist[len(hist)-1].Who, "no longer proposed") {
		t.Errorf("withdrawal history: %+v %v", hist, err)
	}
}

func keys(m map[string]cityspend.PlanItem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestBand(t *testing.T) {
	table := thresholds.NewTable(nil)
	for _, c := range []struct {
		regime, kind string
		value        cityspend.Amount
		band         string
	}{
		{"NO", "goods", 90_000_00, "below"},
		{"NO", "goods", 500_000_00, "national"},
		{"NO", "goods", 2_000_000_00, "national"},
		{"NO", "goods", 2_300_000_00, "eea"},
		{"NO", "works", 50_000_000_00, "national"},
		{"NO", "works", 60_000_000_00, "eea"},
		{"EU", "services", 200_000_00, "below"},
		{"EU", "services", 216_000_00, "eu"},
		{"EU", "works", 1_000_000_00, "below"},
		{"UK", "goods", 250_000_00, "uk"},
		{"UK", "works", 250_000_00, "below"},
		// The UK's thresholds since 2024 include VAT; the plan's values
		// exclude it: £180,000 net is £216,000 with VAT, above £207,720.
		{"UK", "goods", 180_000_00, "uk"},
		{"UK", "goods", 170_000_00, "below"},
	} {
		if band, proc := plan.Band(table, c.regime, c.kind, c.value, date("2026-06-01")); band != c.band || proc == "" {
			t.Errorf("%s %s %s: %s (%s), want %s", c.regime, c.kind, c.value, band, proc, c.band)
		}
	}
}

func TestEdit(t *testing.T) {
	ctx := context.Background()
	st := municipality(t)
	if _, err := plan.Generate(ctx, st, "3909", plan.Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.NewEditor(ctx, st, larvik, " "); err == nil {
		t.Error("an editor without a name")
	}
	e, err := plan.NewEditor(ctx, st, larvik, "ola")
	if err != nil {
		t.Fatal(err)
	}
	got := items(t, st)
	opt, no := got["K-OPT"], got["K-NOOPT"]

	for _, bad := range []string{`{"status":"done"}`, `{"climate_weight_pct":20}`, `{"type":"food"}`, `{"cpv":["1234"]}`, `{"id":"x"}`,
		`{"colour":"red"}`, `{"need_date":"2027-13-01"}`, `[1]`, `{"estimated_value":"-5"}`} {
		_, err := e.Patch(ctx, opt.ID, []byte(bad))
		var ce *cityspend.Error
		if !errors.As(err, &ce) || ce.Code != cityspend.EINVALID {
			t.Errorf("patch %s: %v", bad, err)
		}
	}
	if after, _ := st.PlanItem(ctx, "3909", opt.ID); after.Edited {
		t.Error("a rejected change was stored")
	}

	// A new value recomputes the band and a new date of need the timeline.
	it, err := e.Patch(ctx, no.ID, []byte(`{"estimated_value":"2400000","need_date":"2028-01-01","status":"planned","sme_suitable":true,"lots":3}`))
	if err != nil {
		t.Fatal(err)
	}
	if it.Threshold != "eea" || !it.Notice.Equal(date("2027-10-18")) || it.Status != cityspend.PlanPlanned || !it.SME || it.Lots != 3 || !it.Edited {
		t.Errorf("patched: %+v", it)
	}
	hist, err := st.PlanChanges(ctx, "3909", no.ID)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]cityspend.PlanChange{}
	for _, c := range hist {
		fields[c.Field] = c
	}
	if c := fields["estimated_value"]; c.Old != `"1650000.00"` || c.New != `"2400000.00"` || c.Who != "ola" {
		t.Errorf("history: %+v", hist)
	}
	if _, ok := fields["threshold"]; !ok {
		t.Errorf("the recomputed band is not in the history: %+v", hist)
	}

	// Add by hand, merge and split.
	man, err := e.Create(ctx, []byte(`{"title":"Electric vans","type":"goods","cpv":["34144900"],"estimated_value":"1800000","need_date":"2027-06-01","innovation":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if man.Source != "manual" || man.Threshold != "national" || man.Notice.IsZero() || man.Status != cityspend.PlanIdea {
		t.Errorf("added: %+v", man)
	}
	merged, err := e.Merge(ctx, []string{man.ID, opt.ID})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Value != 4_800_000_00 || len(merged.CPV) != 2 || merged.Threshold != "eea" || !merged.NeedDate.Equal(date("2027-04-01")) {
		t.Errorf("merged: %+v", merged)
	}
	if gone, _ := st.PlanItem(ctx, "3909", opt.ID); gone.Status != cityspend.PlanCancelled || gone.MergedInto != man.ID {
		t.Errorf("merged away: %s %s", gone.Status, gone.MergedInto)
	}
	if _, err := e.Split(ctx, merged.ID, []int{50, 40}); err == nil {
		t.Error("shares adding up to 90")
	}
	parts, err := e.Split(ctx, merged.ID, []int{50, 25, 25})
	if err != nil {
		t.Fatal(err)
	}
	var total cityspend.Amount
	for _, p := range parts {
		total += p.Value
	}
	if len(parts) != 3 || total != merged.Value || parts[0].ID != merged.ID || parts[1].ID == parts[2].ID || parts[1].Threshold != "national" {
		t.Errorf("split: %+v", parts)
	}
	// Splitting again does not reuse the ids of the first parts.
	again, err := e.Split(ctx, merged.ID, []int{50, 50})
	if err != nil {
		t.Fatal(err)
	}
	if again[1].ID == parts[1].ID || again[1].ID == parts[2].ID {
		t.Errorf("split again reused id %s", again[1].ID)
	}

	// A re-run keeps the merge: the merged-away item stays cancelled.
	if _, err := plan.Generate(ctx, st, "3909", plan.Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	if gone, _ := st.PlanItem(ctx, "3909", opt.ID); gone.Status != cityspend.PlanCancelled {
		t.Errorf("generation revived a merged item: %s", gone.Status)
	}

	// Publish.
	if err := e.Publish(ctx, []string{no.ID, "nope"}, true); err == nil {
		t.Error("publishing an unknown item")
	}
	if p, _ := st.PlanItem(ctx, "3909", no.ID); p.Published {
		t.Error("a failed publish published part of it")
	}
	if err := e.Publish(ctx, []string{no.ID, man.ID}, true); err != nil {
		t.Fatal(err)
	}
	all, _ := st.PlanItems(ctx, "3909")
	pub := plan.Published(all)
	if len(pub) != 2 {
		t.Errorf("published: %d", len(pub))
	}
	var atom bytes.Buffer
	if err := plan.Atom(&atom, larvik, pub, plan.Publication{BaseURL: "https://example.org/"}); err != nil {
		t.Fatal(err)
	}
	if s := atom.String(); !strings.Contains(s, "Electric vans") || !strings.Contains(s, "https://example.org/public/3909/pipeline#"+man.ID) ||
		!strings.Contains(s, `xmlns="http://www.w3.org/2005/Atom"`) {
		t.Errorf("atom:\n%s", s)
	}
	var pkg bytes.Buffer
	if err := plan.OCDS(&pkg, larvik, pub, plan.Publication{}); err != nil {
		t.Fatal(err)
	}
	validateOCDS(t, pkg.Bytes())
	var doc struct {
		Releases []struct {
			Tender struct {
				Title string `json:"title"`
			} `json:"tender"`
		} `json:"releases"`
	}
	if err := json.Unmarshal(pkg.Bytes(), &doc); err != nil || len(doc.Releases) != 2 {
		t.Fatalf("ocds: %v %d", err, len(doc.Releases))
	}
}

func TestPipeline(t *testing.T) {
	uk := cityspend.Buyer{ID: "OXF", Name: "Oxford City Council", Country: "GB", Currency: "GBP"}
	items := []cityspend.PlanItem{
		{ID: "a", Value: 2_500_000_00, Published: true, Status: cityspend.PlanPlanned},
		{ID: "b", Value: 1_500_000_00, Published: true, Status: cityspend.PlanPlanned},
		{ID: "c", Value: 9_000_000_00, Published: false, Status: cityspend.PlanPlanned},
		{ID: "d", Value: 9_000_000_00, Published: true, Status: cityspend.PlanCancelled},
	}
	got := plan.Pipeline(uk, items)
	if len(got) != 1 || got[0].ID != "a" {
		t.Errorf("pipeline: %+v", got)
	}
	if got := plan.Pipeline(larvik, items); got != nil {
		t.Errorf("a Norwegian buyer's pipeline: %+v", got)
	}
}

func TestSummarise(t *testing.T) {
	items := []cityspend.PlanItem{
		{ID: "a", Title: "A", Value: 100, Threshold: "eea", Status: cityspend.PlanPlanned, Notice: date("2027-02-10"), Award: date("2027-05-01"),
			Published: true, PublishedAt: date("2026-07-01"), Environmental: true, SME: true},
		{ID: "b", Title: "B", Value: 300, Threshold: "national", Status: cityspend.PlanIdea, Notice: date("2027-03-31"), Published: true,
			PublishedAt: date("2027-04-02"), Social: true},
		{ID: "c", Title: "C", Value: 600, Threshold: "eea", Status: cityspend.PlanIdea, Environmental: true},
		{ID: "d", Title: "D", Value: 5000, Threshold: "eea", Status: cityspend.PlanCancelled, Notice: date("2027-01-01")},
	}
	d := plan.Summarise(items, date("2027-01-01"), date("2027-04-30"))
	if d.Items != 3 || d.Value != 1000 || d.Published != 2 || d.WithNotice != 2 || d.InAdvance != 1 || d.InAdvanceShare != 0.5 {
		t.Errorf("totals: %+v", d)
	}
	if d.Late != 0 {
		t.Errorf("late on 1 January: %d", d.Late)
	}
	if late := plan.Summarise(items, date("2027-03-01"), date("2027-03-31")).Late; late != 1 {
		t.Errorf("late on 1 March: %d, want item a (planned, notice 10 February)", late)
	}
	if len(d.ByQuarter) != 2 || d.ByQuarter[0].Key != "2027 Q1" || d.ByQuarter[0].Value != 400 || d.ByQuarter[1].Key != "" {
		t.Errorf("by quarter: %+v", d.ByQuarter)
	}
	if len(d.ByBand) != 2 || d.ByBand[0].Key != "national" || d.ByBand[1].Value != 700 {
		t.Errorf("by band: %+v", d.ByBand)
	}
	if d.Flags[0].Key != "environmental" || d.Flags[0].Items != 2 || d.Flags[0].ValueShare != 0.7 {
		t.Errorf("flags: %+v", d.Flags)
	}
	if len(d.Calendar) != 4 || len(d.Calendar[1].Events) != 1 || d.Calendar[1].Events[0].Kind != "notice" || len(d.Calendar[0].Events) != 0 ||
		len(d.Calendar[4-1].Events) != 0 || len(d.Calendar[2].Events) != 1 {
		t.Errorf("calendar: %+v", d.Calendar)
	}
}

// The plan published ahead of a year: the active items expected in it (by
// notice, else start), weighed by value, published before it began.
func TestAheadOf(t *testing.T) {
	y2027 := cityspend.Period{From: date("2027-01-01"), To: date("2028-01-01")}
	items := []cityspend.PlanItem{
		{ID: "a", Value: 100, Status: cityspend.PlanPlanned, Notice: date("2027-02-10"), Published: true, PublishedAt: date("2026-07-01")},
		{ID: "b", Value: 300, Status: cityspend.PlanIdea, ContractStart: date("2027-09-01"), Published: true, PublishedAt: date("2027-04-02")}, // published in the year: not ahead
		{ID: "c", Value: 600, Status: cityspend.PlanIdea, Notice: date("2027-12-31")},
		{ID: "d", Value: 5000, Status: cityspend.PlanCancelled, Notice: date("2027-01-01"), Published: true},
		{ID: "e", Value: 700, Status: cityspend.PlanIdea, Notice: date("2028-01-01"), Published: true},
		{ID: "f", Value: 50, Status: cityspend.PlanIdea},
	}
	a := plan.AheadOf(items, y2027)
	if a.Active != 5 || a.Dated != 4 || a.Expected != 3 || a.Published != 1 || a.Value != 1000 || a.PublishedValue != 100 || a.Share != 0.1 {
		t.Errorf("2027: %+v", a)
	}
	// Without values, by number.
	for i := range items {
		items[i].Value = 0
	}
	if a := plan.AheadOf(items, y2027); a.Share != 1.0/3 {
		t.Errorf("by number: %+v", a)
	}
	if a := plan.AheadOf(items, cityspend.Period{From: date("2030-01-01"), To: date("2031-01-01")}); a.Expected != 0 || a.Share != 0 {
		t.Errorf("2030, nothing planned: %+v", a)
	}
}

// The light regime: health services between the national and the light
// regime's EEA threshold follow the national rules; above it, the light
// regime's procedure.
func TestBandLightRegime(t *testing.T) {
	table := thresholds.NewTable(nil)
	on := date("2026-06-01")
	if band, proc := plan.Band(table, "NO", thresholds.Light, 5_000_000_00, on); band != "national" || proc != "procedure-below-threshold" {
		t.Errorf("5 million of health services: %s %s", band, proc)
	}
	if band, proc := plan.Band(table, "NO", thresholds.Light, 9_000_000_00, on); band != "eea" || proc != "procedure-light-regime" {
		t.Errorf("9 million of health services: %s %s", band, proc)
	}
	if band, proc := plan.Band(table, "NO", "services", 5_000_000_00, on); band != "eea" || proc != "procedure-open" {
		t.Errorf("5 million of other services: %s %s", band, proc)
	}
}
