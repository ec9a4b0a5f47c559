// SPDX-License-Identifier: EUPL-1.2

package compliance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// Organisation numbers with valid check digits.
const (
	orgBuyer   = "964964610" // the municipality (its number survives the renumbering)
	orgUnder   = "923609016"
	orgOver    = "974760673"
	orgCovered = "982463718"
	orgSplit   = "971526920"
	orgOld     = "987654325"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

type line struct {
	buyer, org, date, cpv, ref string
	amount                     cityspend.Amount
}

func build(t *testing.T, buyers []cityspend.Buyer, lines []line) *duckdb.DB {
	ls := make([]duckdbtest.Line, len(lines))
	for i, l := range lines {
		ls[i] = duckdbtest.Line{Buyer: l.buyer, Org: l.org, Date: l.date, CPV: l.cpv, Ref: l.ref, Amount: l.amount}
	}
	return duckdbtest.Lines(t, buyers, ls)
}

func byKind(fs []cityspend.Finding, kind, supplier string) []cityspend.Finding {
	var out []cityspend.Finding
	for _, f := range fs {
		if f.Kind == kind && (supplier == "*" || f.SupplierID == supplier) {
			out = append(out, f)
		}
	}
	return out
}

const cleaning = "90910000" // cleaning services, group 909
const repairs = "50700000"  // building maintenance, group 507

func TestThresholdAggregation(t *testing.T) {
	ctx := context.Background()
	larvik := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	old := cityspend.Buyer{ID: "3805", Name: "Larvik kommune (2020–2023)", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	lines := []line{
		// Just under NOK 1.3 million in 48 months, in three payments.
		{"3909", orgUnder, "2023-02-01", cleaning, "", 500_000_00}, {"3909", orgUnder, "2024-02-01", cleaning, "", 500_000_00},
		{"3909", orgUnder, "2025-02-01", cleaning, "", 299_999_99},
		// Just over, in the same category with another supplier.
		{"3909", orgOver, "2023-03-01", repairs, "", 700_000_00}, {"3909", orgOver, "2025-03-01", repairs, "", 600_000_01},
		// Over, but covered by a contract (by its reference on one line, by supplier and term on the other).
		{"3909", orgCovered, "2024-01-10", repairs, "K-17", 900_000_00}, {"3909", orgCovered, "2024-06-10", repairs, "", 900_000_00},
		// After the contract's last day: spend on an expired contract.
		{"3909", orgCovered, "2026-03-01", repairs, "K-17", 50_000_00},
		// Four invoices just under the NOK 100,000 floor in three months.
		{"3909", orgSplit, "2025-05-02", cleaning, "", 95_000_00}, {"3909", orgSplit, "2025-06-02", cleaning, "", 96_000_00},
		{"3909", orgSplit, "2025-06-20", cleaning, "", 99_000_00}, {"3909", orgSplit, "2025-07-15", cleaning, "", 97_500_00},
		// A renumbered municipality: 3805's lines and 3909's add up.
		{"3805", orgOld, "2022-06-01", "79210000", "", 700_000_00}, {"3909", orgOld, "2024-06-01", "79210000", "", 700_000_00},
	}
	st := build(t, []cityspend.Buyer{old, larvik}, lines)
	contract := cityspend.Contract{BuyerID: "3909", ID: "K-17", Title: "Building maintenance framework", CPV: repairs,
		Suppliers: []cityspend.ContractSupplier{{SupplierID: "org:NO-BRC:" + orgCovered, Name: "Covered AS"}},
		Start:     date("2023-12-01"), End: date("2024-11-30"), Final: date("2025-11-30"), MaxValue: 1_700_000_00, HasMax: true, Currency: "NOK", File: "k.csv", Line: 2}
	if err := st.ReplaceContracts(ctx, "3909", []cityspend.Contract{contract}); err != nil {
		t.Fatal(err)
	}
	s, err := compliance.Compute(ctx, st, "3909", compliance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Buyers) != 2 {
		t.Errorf("the authority is %v, want both buyer ids", s.Buyers)
	}
	fs, err := st.Findings(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	org := func(n string) string { return "org:NO-BRC:" + n }
	if got := byKind(fs, cityspend.FindingThreshold, org(orgUnder)); len(got) != 0 {
		t.Errorf("just under the threshold: %+v", got)
	}
	over := byKind(fs, cityspend.FindingThreshold, org(orgOver))
	if len(over) != 1 || over[0].Amount != 1_300_000_01 || over[0].Lines != 2 || len(over[0].Evidence) != 2 || !strings.Contains(over[0].Detail, "Possible") {
		t.Errorf("just over the threshold: %+v", over)
	}
	if got := byKind(fs, cityspend.FindingThreshold, org(orgCovered)); len(got) != 0 {
		t.Errorf("covered by a contract: %+v", got)
	}
	// The category across suppliers: the uncovered repairs add up to 1.3 m + 0.01.
	all := byKind(fs, cityspend.FindingThreshold, "")
	cats := map[string]cityspend.Amount{}
	for _, f := range all {
		cats[f.Category] = f.Amount
	}
	if cats["90900000"] != 1_299_999_99+387_500_00 || cats["50700000"] != 1_300_000_01 {
		t.Errorf("categories over the threshold: %v", cats)
	}
	expired := byKind(fs, cityspend.FindingExpired, "*")
	if len(expired) != 1 || expired[0].Amount != 50_000_00 || len(expired[0].Evidence) != 1 {
		t.Errorf("expired contract: %+v", expired)
	}
	overrun := byKind(fs, cityspend.FindingOverrun, "*")
	if len(overrun) != 1 || overrun[0].Amount != 1_850_000_00-1_700_000_00 {
		t.Errorf("overrun: %+v", overrun)
	}
	split := byKind(fs, cityspend.FindingSplit, org(orgSplit))
	if len(split) != 1 || split[0].Lines != 4 || split[0].Amount != 387_500_00 || len(split[0].Evidence) != 4 {
		t.Errorf("split purchase: %+v", split)
	}
	renum := byKind(fs, cityspend.FindingThreshold, org(orgOld))
	if len(renum) != 1 || renum[0].Amount != 1_400_000_00 {
		t.Errorf("the renumbered municipality's lines: %+v", renum)
	}

	// A dismissal survives recomputation; the finding keeps its id.
	if err := st.PutFindingDecision(ctx, cityspend.FindingDecision{BuyerID: "3909", FindingID: over[0].ID, Status: cityspend.StatusDismissed,
		Who: "kari", Why: "framework from the county", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	fs, _ = st.Findings(ctx, "3909")
	again := byKind(fs, cityspend.FindingThreshold, org(orgOver))
	if len(again) != 1 || again[0].ID != over[0].ID || again[0].Status != cityspend.StatusDismissed || again[0].Why != "framework from the county" {
		t.Errorf("after recomputation: %+v", again)
	}
}

// Red flags on the buyer's tender data join its findings.
func TestRedFlagFindings(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "X", Name: "X", Country: "NO", Currency: "NOK", FiscalStart: 1}
	st := build(t, []cityspend.Buyer{b}, nil)
	single := cityspend.Tender{OCID: "ocds-1", Title: "Snow clearing", Method: "open", Status: "complete", HasValue: true, Value: 500_000_00, Currency: "NOK",
		Release: []byte(`{"ocid":"ocds-1","tender":{"status":"complete","numberOfTenderers":1,"procurementMethod":"open","tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-05T00:00:00Z"}},` +
			`"bids":{"details":[{"id":"1","status":"valid","tenderers":[{"id":"A"}],"value":{"amount":1,"currency":"NOK"}}]},` +
			`"awards":[{"id":"1","status":"active","suppliers":[{"id":"A"}]}]}`)}
	if err := st.PutTenders(ctx, "X", "t.jsonl", []cityspend.Tender{single}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "X", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	fs, _ := st.Findings(ctx, "X")
	kinds := map[string]cityspend.Finding{}
	for _, f := range fs {
		kinds[f.Kind] = f
	}
	for _, k := range []string{"R003", "R018"} {
		f, ok := kinds[k]
		if !ok || len(f.Evidence) != 1 || f.Evidence[0] != "ocds-1" || !strings.Contains(f.Detail, "Snow clearing") || f.Amount != 500_000_00 {
			t.Errorf("%s: %+v", k, f)
		}
	}
}
