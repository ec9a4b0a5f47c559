// SPDX-License-Identifier: EUPL-1.2

package compliance_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// orgNo is a Norwegian organisation number with a valid check digit from
// eight digits (bases whose check digit would be 10 are skipped).
func orgNo(base int) string {
	for ; ; base++ {
		d := fmt.Sprintf("%08d", base)
		w := []int{3, 2, 7, 6, 5, 4, 3, 2}
		sum := 0
		for i, c := range d {
			sum += int(c-'0') * w[i]
		}
		k := 11 - sum%11
		if k == 11 {
			k = 0
		}
		if k != 10 {
			return d + fmt.Sprint(k)
		}
	}
}

var larvik = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: "964964610", Country: "NO", Currency: "NOK", FiscalStart: 1}

// compute runs the findings and returns them.
func compute(t *testing.T, st *duckdb.DB, buyer string) []cityspend.Finding {
	t.Helper()
	ctx := context.Background()
	if _, err := compliance.Compute(ctx, st, buyer, compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	fs, err := st.Findings(ctx, buyer)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func profiles(t *testing.T, st *duckdb.DB, ps ...cityspend.SupplierProfile) {
	t.Helper()
	for i := range ps {
		ps[i].BuyerID = larvik.ID
	}
	if err := st.ReplaceProfiles(context.Background(), larvik.ID, ps); err != nil {
		t.Fatal(err)
	}
}

// The light regime: health services between the ordinary EEA threshold and
// the light regime's raise no direct-award finding; above the light
// regime's they do, under its rule. Goods of the same value do.
func TestLightRegime(t *testing.T) {
	health, goods, big := orgNo(91000001), orgNo(91000101), orgNo(91000201)
	st := build(t, []cityspend.Buyer{larvik}, []line{
		// NOK 5 m of home nursing (85141000, light) in 2025.
		{"3909", health, "2025-02-01", "85141000", "", 2_500_000_00}, {"3909", health, "2025-08-01", "85141000", "", 2_500_000_00},
		// NOK 5 m of IT services (72000000) in 2025.
		{"3909", goods, "2025-02-01", "72200000", "", 2_500_000_00}, {"3909", goods, "2025-08-01", "72200000", "", 2_500_000_00},
		// NOK 9 m of residential care (85311000, light) in 2025.
		{"3909", big, "2025-03-01", "85311000", "", 4_500_000_00}, {"3909", big, "2025-09-01", "85311000", "", 4_500_000_00},
	})
	fs := compute(t, st, larvik.ID)
	org := func(n string) string { return "org:NO-BRC:" + n }
	if got := byKind(fs, cityspend.FindingThreshold, org(health)); len(got) != 0 {
		t.Errorf("health services under the light regime's threshold: %+v", got)
	}
	g := byKind(fs, cityspend.FindingThreshold, org(goods))
	if len(g) != 1 || g[0].Rule != thresholds.RuleNOEEA || g[0].PurchaseKind != thresholds.GoodsServices || g[0].Threshold != 2_300_000_00 {
		t.Errorf("goods over the EEA threshold: %+v", g)
	}
	b := byKind(fs, cityspend.FindingThreshold, org(big))
	if len(b) != 1 || b[0].Rule != thresholds.RuleLightNO || b[0].PurchaseKind != thresholds.Light || b[0].Threshold != 7_800_000_00 ||
		!strings.Contains(b[0].RuleSource, "anskaffelsesforskriften") {
		t.Errorf("care over the light regime's threshold: %+v", b)
	}
	// Each finding records the exemptions checked, and why none applied.
	for _, f := range append(g, b...) {
		if len(f.Exemptions) != len(law.Exemptions) || f.Confidence <= 0 {
			t.Errorf("%s: exemptions %+v, confidence %v", f.SupplierID, f.Exemptions, f.Confidence)
		}
		for _, c := range f.Exemptions {
			if c.Applies || c.Reason == "" || c.Source == "" {
				t.Errorf("%s: check %+v", f.SupplierID, c)
			}
		}
	}
}

// The same purchase judged on two dates: NOK 2.25 m of goods crosses the
// EEA threshold of 2022–2024 (2.2 m) but only the national one after the
// revision of 14 March 2024 (2.3 m).
func TestJudgedOnItsDate(t *testing.T) {
	before, after := orgNo(92000001), orgNo(92000101)
	st := build(t, []cityspend.Buyer{larvik}, []line{
		{"3909", before, "2023-05-02", "30190000", "", 2_250_000_00},
		{"3909", after, "2025-05-02", "30190000", "", 2_250_000_00},
	})
	fs := compute(t, st, larvik.ID)
	a := byKind(fs, cityspend.FindingThreshold, "org:NO-BRC:"+before)
	b := byKind(fs, cityspend.FindingThreshold, "org:NO-BRC:"+after)
	if len(a) != 1 || a[0].Rule != thresholds.RuleNOEEA || a[0].Threshold != 2_200_000_00 {
		t.Errorf("2023: %+v", a)
	}
	if len(b) != 1 || b[0].Rule != thresholds.RuleNONational || b[0].Threshold != 1_300_000_00 {
		t.Errorf("2025: %+v", b)
	}
}

// buildKnown builds a ledger of known patterns: clean ones no finding may
// name, and dirty ones each with its expected finding. It returns the
// store, the suppliers' organisation numbers by pattern and the spend.
func buildKnown(t *testing.T) (*duckdb.DB, map[string]string, cityspend.Amount) {
	t.Helper()
	n := map[string]string{}
	for i, k := range []string{"covered", "iks", "kf", "framework", "health", "years", "rent", "direct", "split"} {
		n[k] = orgNo(93000001 + 100*i)
	}
	ls := []line{
		// Clean: NOK 3 m a year of cleaning under contract K-1.
		{"3909", n["covered"], "2024-03-01", "90910000", "K-1", 3_000_000_00}, {"3909", n["covered"], "2025-03-01", "90910000", "", 3_000_000_00},
		// Clean: NOK 20 m of waste collection from an inter-municipal company.
		{"3909", n["iks"], "2024-01-15", "90510000", "", 10_000_000_00}, {"3909", n["iks"], "2025-01-15", "90510000", "", 10_000_000_00},
		// Clean: NOK 6 m of property management from the municipality's own enterprise.
		{"3909", n["kf"], "2024-06-01", "70330000", "", 3_000_000_00}, {"3909", n["kf"], "2025-06-01", "70330000", "", 3_000_000_00},
		// Clean: call-offs under a framework agreement (no reference on the lines).
		{"3909", n["framework"], "2024-09-01", "30192000", "", 1_500_000_00}, {"3909", n["framework"], "2025-09-01", "30192000", "", 1_500_000_00},
		// Clean: NOK 6 m of home nursing, under the light regime's threshold.
		{"3909", n["health"], "2025-01-10", "85141000", "", 3_000_000_00}, {"3909", n["health"], "2025-07-10", "85141000", "", 3_000_000_00},
		// Clean: NOK 900 000 of surveys in 2019 and again in 2024, five years apart.
		{"3909", n["years"], "2019-04-01", "79311000", "", 900_000_00}, {"3909", n["years"], "2024-05-01", "79311000", "", 900_000_00},
		// Clean: NOK 12 m of rent for offices (an excluded service).
		{"3909", n["rent"], "2024-01-05", "70130000", "", 6_000_000_00}, {"3909", n["rent"], "2025-01-05", "70130000", "", 6_000_000_00},
		// Dirty: NOK 4 m of IT consulting with no contract (over the EEA threshold).
		{"3909", n["direct"], "2025-02-01", "72220000", "", 2_000_000_00}, {"3909", n["direct"], "2025-10-01", "72220000", "", 2_000_000_00},
		// Dirty: four invoices just under the NOK 100 000 floor in three months.
		{"3909", n["split"], "2025-05-02", "50110000", "", 95_000_00}, {"3909", n["split"], "2025-06-02", "50110000", "", 96_000_00},
		{"3909", n["split"], "2025-06-20", "50110000", "", 99_000_00}, {"3909", n["split"], "2025-07-15", "50110000", "", 97_500_00},
	}
	st := build(t, []cityspend.Buyer{larvik}, ls)
	org := func(k string) string { return "org:NO-BRC:" + n[k] }
	ctx := context.Background()
	cs := []cityspend.Contract{
		{ID: "K-1", Title: "Renhold", CPV: "90910000", Suppliers: []cityspend.ContractSupplier{{SupplierID: org("covered")}},
			Start: date("2024-01-01"), End: date("2026-12-31")},
		{ID: "RA-7", Title: "Rammeavtale kontorrekvisita", CPV: "30192000", Framework: true,
			Suppliers: []cityspend.ContractSupplier{{SupplierID: org("framework")}}, Start: date("2024-01-01"), End: date("2027-12-31")},
	}
	for i := range cs {
		cs[i].BuyerID, cs[i].Currency, cs[i].File, cs[i].Line = larvik.ID, "NOK", "kontrakter.csv", i+2
	}
	if err := st.ReplaceContracts(ctx, larvik.ID, cs); err != nil {
		t.Fatal(err)
	}
	private := func(k string) cityspend.SupplierProfile {
		return cityspend.SupplierProfile{SupplierID: org(k), Name: k + " AS", Type: cityspend.TypePrivate, TypeReason: "legal form AS"}
	}
	profiles(t, st,
		private("covered"), private("framework"), private("health"), private("years"), private("rent"), private("direct"), private("split"),
		cityspend.SupplierProfile{SupplierID: org("iks"), Name: "Vestfold Avfall IKS", Type: cityspend.TypePublic, TypeReason: "inter-municipal company (IKS)"},
		cityspend.SupplierProfile{SupplierID: org("kf"), Name: "Larvik Eiendom KF", Type: cityspend.TypePublic, TypeReason: "municipal enterprise (KF)"},
	)
	var total cityspend.Amount
	for _, l := range ls {
		total += l.amount
	}
	return st, n, total
}

// False alarms: no finding on the known-clean patterns, the expected ones
// on the dirty.
func TestKnownPatterns(t *testing.T) {
	st, n, total := buildKnown(t)
	fs := compute(t, st, larvik.ID)
	org := func(k string) string { return "org:NO-BRC:" + n[k] }
	cleanGroups := map[string]bool{"90900000": true, "90500000": true, "70300000": true, "30100000": true, "85100000": true, "79300000": true,
		"70100000": true}
	var bad []string
	got := map[string]int{}
	for _, f := range fs {
		for _, k := range []string{"covered", "iks", "kf", "framework", "health", "years", "rent"} {
			if f.SupplierID == org(k) {
				bad = append(bad, k+": "+f.Kind+" "+f.Detail)
			}
		}
		if cleanGroups[f.Category] {
			bad = append(bad, f.Category+": "+f.Kind+" "+f.Detail)
		}
		got[f.Kind+" "+f.SupplierID]++
	}
	if len(bad) > 0 {
		t.Errorf("findings on clean patterns:\n%s", strings.Join(bad, "\n"))
	}
	want := map[string]int{
		cityspend.FindingThreshold + " " + org("direct"): 1, // the supplier
		cityspend.FindingThreshold + " ":                 1, // its category, 722, across suppliers
		cityspend.FindingSplit + " " + org("split"):      1,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d findings, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if len(fs) != 3 {
		t.Errorf("%d findings, want 3: %v", len(fs), got)
	}
	t.Logf("known-pattern ledger: %d findings on NOK %s of spend: %.1f per NOK 100 m", len(fs), total, float64(len(fs))/(float64(total)/100/100e6))
}

// An inter-municipal company or the municipality's own enterprise is never
// a direct-award finding, whatever it is paid; the finding of a private
// supplier in the same category names the checks made.
func TestPublicSuppliersExempt(t *testing.T) {
	iks, kf, priv := orgNo(94000001), orgNo(94000101), orgNo(94000201)
	st := build(t, []cityspend.Buyer{larvik}, []line{
		{"3909", iks, "2025-01-15", "75251000", "", 30_000_000_00}, // fire service, light, over its threshold
		{"3909", kf, "2025-02-15", "45453000", "", 80_000_000_00},  // works, over the EEA threshold
		{"3909", priv, "2025-03-15", "45453000", "", 2_000_000_00},
	})
	profiles(t, st,
		cityspend.SupplierProfile{SupplierID: "org:NO-BRC:" + iks, Name: "Vestfold Brann IKS", Type: cityspend.TypePublic, TypeReason: "inter-municipal company (IKS)"},
		cityspend.SupplierProfile{SupplierID: "org:NO-BRC:" + kf, Name: "Larvik Bygg KF", Type: cityspend.TypePublic, TypeReason: "municipal enterprise (KF)"},
		cityspend.SupplierProfile{SupplierID: "org:NO-BRC:" + priv, Name: "Snekker AS", Type: cityspend.TypePrivate, TypeReason: "legal form AS"},
	)
	fs := compute(t, st, larvik.ID)
	for _, f := range fs {
		if f.SupplierID == "org:NO-BRC:"+iks || f.SupplierID == "org:NO-BRC:"+kf {
			t.Errorf("a public supplier's finding: %+v", f)
		}
		if f.Kind == cityspend.FindingThreshold && f.SupplierID == "" && f.Amount != 2_000_000_00 {
			t.Errorf("the category holds the exempt spend: %+v", f)
		}
	}
	if p := byKind(fs, cityspend.FindingThreshold, "org:NO-BRC:"+priv); len(p) != 1 || p[0].Rule != thresholds.RuleNONational {
		t.Errorf("the private supplier: %+v", p)
	}
}

// A decision stays with its finding across imports: a second ledger file
// imported later (more lines, another batch) leaves the ids of the
// findings it does not change as they were, and the decided one decided.
func TestDecisionSurvivesImport(t *testing.T) {
	ctx := context.Background()
	direct, split := orgNo(95000001), orgNo(95000101)
	st := build(t, []cityspend.Buyer{larvik}, []line{
		{"3909", direct, "2025-02-01", "72220000", "", 2_000_000_00}, {"3909", direct, "2025-10-01", "72220000", "", 2_000_000_00},
		{"3909", split, "2025-05-02", "50110000", "", 95_000_00}, {"3909", split, "2025-06-02", "50110000", "", 96_000_00},
		{"3909", split, "2025-06-20", "50110000", "", 99_000_00},
	})
	first := compute(t, st, larvik.ID)
	d := byKind(first, cityspend.FindingThreshold, "org:NO-BRC:"+direct)
	if len(d) != 1 {
		t.Fatalf("the direct award: %+v", d)
	}
	if err := compliance.Decide(ctx, st, cityspend.FindingDecision{BuyerID: larvik.ID, FindingID: d[0].ID, Status: cityspend.StatusDismissed,
		Who: "kari", Why: "covered by the county's framework agreement"}); err != nil {
		t.Fatal(err)
	}
	// The next month's file: more IT consulting from the same supplier,
	// a fourth invoice just under the floor.
	rows := []cityspend.ImportRow{
		{Payment: &cityspend.Payment{BuyerID: larvik.ID, Line: 2, Key: cityspend.DedupKey{Hi: 101}, Supplier: cityspend.Payee{Name: "Supplier " + direct,
			OrgNumber: direct}, PaymentDate: date("2025-11-03"), Amount: 500_000_00, Currency: "NOK", AccountCode: "1270", CPV: "72220000", Description: "work"}},
		{Payment: &cityspend.Payment{BuyerID: larvik.ID, Line: 3, Key: cityspend.DedupKey{Hi: 102}, Supplier: cityspend.Payee{Name: "Supplier " + split,
			OrgNumber: split}, PaymentDate: date("2025-07-15"), Amount: 97_500_00, Currency: "NOK", AccountCode: "1270", CPV: "50110000", Description: "work"}},
	}
	batch := &cityspend.ImportBatch{BuyerID: larvik.ID, Kind: "ledger", FileName: "2025-11.csv", SHA256: "2025-11"}
	if err := st.ImportPayments(ctx, batch, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	if _, err := classify.Run(ctx, st, larvik.ID, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	second := compute(t, st, larvik.ID)
	ids := map[string]cityspend.Finding{}
	for _, f := range second {
		ids[f.ID] = f
	}
	again, ok := ids[d[0].ID]
	if !ok || again.Status != cityspend.StatusDismissed || again.Amount != 4_500_000_00 || again.Why != "covered by the county's framework agreement" {
		t.Errorf("the decided finding after the import: %+v (found %v)", again, ok)
	}
	for _, f := range first {
		if _, ok := ids[f.ID]; !ok {
			t.Errorf("finding %s (%s %s) has a new id after the import", f.ID, f.Kind, f.SupplierID)
		}
	}
}
