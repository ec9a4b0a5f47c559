// SPDX-License-Identifier: EUPL-1.2

package compliance_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/register"
)

// resolve resolves a buyer's payees, for its suppliers' names.
func resolve(t *testing.T, st cityspend.Store, buyerID string) {
	t.Helper()
	ctx := context.Background()
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, buyerID); err != nil {
		t.Fatal(err)
	}
}

// reviewed is a store whose buyer has a threshold finding, a split
// purchase and two red flags on its tender data.
func reviewed(t *testing.T) *duckdb.DB {
	t.Helper()
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	st := build(t, []cityspend.Buyer{b}, []line{
		{"3909", orgOver, "2023-03-01", repairs, "", 700_000_00}, {"3909", orgOver, "2025-03-01", repairs, "", 600_000_01},
		{"3909", orgSplit, "2025-05-02", cleaning, "", 95_000_00}, {"3909", orgSplit, "2025-06-02", cleaning, "", 96_000_00},
		{"3909", orgSplit, "2025-06-20", cleaning, "", 99_000_00}, {"3909", orgSplit, "2025-07-15", cleaning, "", 97_500_00},
	})
	single := cityspend.Tender{OCID: "ocds-1", Title: "Snow clearing", Method: "open", Status: "complete", HasValue: true, Value: 500_000_00, Currency: "NOK",
		Release: []byte(`{"ocid":"ocds-1","tender":{"status":"complete","numberOfTenderers":1,"procurementMethod":"open","tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-05T00:00:00Z"}},` +
			`"bids":{"details":[{"id":"1","status":"valid","tenderers":[{"id":"A"}],"value":{"amount":1,"currency":"NOK"}}]},` +
			`"awards":[{"id":"1","status":"active","suppliers":[{"id":"A"}]}]}`)}
	if err := st.PutTenders(ctx, "3909", "t.jsonl", []cityspend.Tender{single}); err != nil {
		t.Fatal(err)
	}
	resolve(t, st, "3909")
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	return st
}

func oneOf(t *testing.T, fs []cityspend.Finding, kind string) cityspend.Finding {
	t.Helper()
	for _, f := range fs {
		if f.Kind == kind {
			return f
		}
	}
	t.Fatalf("no finding of kind %s in %+v", kind, fs)
	return cityspend.Finding{}
}

// The list: filtered by kind and status, every kind counted unfiltered,
// with the suppliers' names for people.
func TestListFindings(t *testing.T) {
	ctx := context.Background()
	st := reviewed(t)
	all, err := compliance.List(ctx, st, "3909", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Findings) < 4 || len(all.Kinds) != len(all.Counts) || all.Counts["R003"] != 1 || all.Counts[cityspend.FindingSplit] != 1 {
		t.Fatalf("all findings %+v", all)
	}
	seen := map[string]bool{}
	for _, k := range all.Kinds {
		if seen[k] {
			t.Errorf("kind %s twice in %v", k, all.Kinds)
		}
		seen[k] = true
	}
	split := oneOf(t, all.Findings, cityspend.FindingSplit)
	if err := compliance.Decide(ctx, st, cityspend.FindingDecision{BuyerID: "3909", FindingID: split.ID, Status: cityspend.StatusDismissed,
		Who: "kari@larvik.test", Why: "one order"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		kind, status string
		want         int
	}{
		{cityspend.FindingSplit, "", 1},
		{"", cityspend.StatusDismissed, 1},
		{cityspend.FindingSplit, cityspend.StatusNew, 0},
		{"R003", "", 1},
		{"", "", len(all.Findings)},
	} {
		l, err := compliance.List(ctx, st, "3909", tt.kind, tt.status)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Findings) != tt.want || fmt.Sprint(l.Counts) != fmt.Sprint(all.Counts) {
			t.Errorf("kind %q status %q: %d findings (want %d), counts %v", tt.kind, tt.status, len(l.Findings), tt.want, l.Counts)
		}
		for _, f := range l.Findings {
			if tt.kind != "" && f.Kind != tt.kind || tt.status != "" && f.Status != tt.status {
				t.Errorf("kind %q status %q: %+v", tt.kind, tt.status, f)
			}
		}
	}
	rv, err := compliance.ReviewList(ctx, st, "3909", cityspend.FindingSplit, "")
	if err != nil || len(rv.Findings) != 1 || rv.Suppliers[rv.Findings[0].SupplierID] != "Supplier "+orgSplit {
		t.Errorf("review list %+v %v", rv, err)
	}
}

// A finding with its evidence: the ledger lines it rests on, none for a
// red flag on tender data.
func TestFindingEvidence(t *testing.T) {
	ctx := context.Background()
	st := reviewed(t)
	b, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	all, err := compliance.List(ctx, st, "3909", "", "")
	if err != nil {
		t.Fatal(err)
	}
	split := oneOf(t, all.Findings, cityspend.FindingSplit)
	e, err := compliance.FindingEvidence(ctx, st, b, split.ID)
	if err != nil || e.Finding.ID != split.ID || e.Supplier != "Supplier "+orgSplit || len(e.Lines) != 4 {
		t.Errorf("a split purchase's evidence: %+v %v", e, err)
	}
	flag := oneOf(t, all.Findings, "R003")
	e, err = compliance.FindingEvidence(ctx, st, b, flag.ID)
	if err != nil || len(e.Finding.Evidence) != 1 || e.Lines != nil {
		t.Errorf("a red flag's evidence: %+v %v", e, err)
	}
	if _, err := compliance.FindingEvidence(ctx, st, b, "NONE"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no finding: %v", err)
	}
}

// A decision names a status people may give, who decides and why.
func TestDecideFinding(t *testing.T) {
	ctx := context.Background()
	st := reviewed(t)
	f, err := compliance.List(ctx, st, "3909", cityspend.FindingSplit, "")
	if err != nil {
		t.Fatal(err)
	}
	id := f.Findings[0].ID
	for _, tt := range []struct {
		name string
		d    cityspend.FindingDecision
		want string
	}{
		{"no such finding", cityspend.FindingDecision{FindingID: "NONE", Status: cityspend.StatusConfirmed, Who: "kari", Why: "x"}, cityspend.ENOTFOUND},
		{"a status people do not give", cityspend.FindingDecision{FindingID: id, Status: "fixed", Who: "kari", Why: "x"}, cityspend.EINVALID},
		{"nobody", cityspend.FindingDecision{FindingID: id, Status: cityspend.StatusConfirmed, Why: "x"}, cityspend.EINVALID},
		{"no reason", cityspend.FindingDecision{FindingID: id, Status: cityspend.StatusConfirmed, Who: "kari", Why: "  "}, cityspend.EINVALID},
	} {
		tt.d.BuyerID = "3909"
		if err := compliance.Decide(ctx, st, tt.d); cityspend.ErrorCode(err) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
	if got, _ := compliance.Finding(ctx, st, "3909", id); got.Status != cityspend.StatusNew {
		t.Fatalf("a refused decision changed the finding: %+v", got)
	}
	for _, status := range []string{cityspend.StatusConfirmed, cityspend.StatusDismissed, cityspend.StatusNew} {
		if err := compliance.Decide(ctx, st, cityspend.FindingDecision{BuyerID: "3909", FindingID: id, Status: status, Who: "kari", Why: " checked "}); err != nil {
			t.Fatal(err)
		}
		got, err := compliance.Finding(ctx, st, "3909", id)
		if err != nil || got.Status != status || got.Who != "kari" || got.Why != "checked" {
			t.Errorf("decided %s: %+v %v", status, got, err)
		}
	}
}

// orgNumber is the n-th valid Norwegian organisation number from 910000000.
func orgNumber(n int) string {
	weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
	for base := 91000000; ; base++ {
		d := fmt.Sprint(base)
		sum := 0
		for i, w := range weights {
			sum += int(d[i]-'0') * w
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue
		}
		if n == 0 {
			return d + fmt.Sprint(check)
		}
		n--
	}
}

// Contract coverage: the spend on and off contract by category and
// supplier (named), the largest 30 of each, and whether there are
// contracts at all.
func TestContractCoverage(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	lines := []line{{"3909", orgCovered, "2024-03-01", repairs, "K-17", 900_000_00}, {"3909", orgOver, "2024-03-01", repairs, "", 300_000_00}}
	for i := range compliance.CoverageRows + 3 {
		lines = append(lines, line{"3909", orgNumber(i), "2024-04-01", cleaning, "", cityspend.Amount(1000+i) * 100})
	}
	st := build(t, []cityspend.Buyer{b}, lines)
	resolve(t, st, "3909")
	f := cityspend.SpendFilter{BuyerID: "3909", Period: b.FiscalYear(2024), Scope: cityspend.ScopeIn}
	c, err := compliance.ContractCoverage(ctx, st, f)
	if err != nil {
		t.Fatal(err)
	}
	if c.HasContract || c.On != 0 {
		t.Errorf("without contracts: %+v", c)
	}
	contract := cityspend.Contract{BuyerID: "3909", ID: "K-17", Title: "Building maintenance framework", CPV: repairs,
		Suppliers: []cityspend.ContractSupplier{{SupplierID: "org:NO-BRC:" + orgCovered, Name: "Covered AS"}},
		Start:     date("2023-12-01"), End: date("2024-11-30"), Currency: "NOK", File: "k.csv", Line: 2}
	if err := st.ReplaceContracts(ctx, "3909", []cityspend.Contract{contract}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.LinkContracts(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	if c, err = compliance.ContractCoverage(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if !c.HasContract || len(c.Suppliers) != compliance.CoverageRows || len(c.Categories) != 2 {
		t.Fatalf("coverage: contracts %v, %d suppliers, %d categories", c.HasContract, len(c.Suppliers), len(c.Categories))
	}
	var rep compliance.CoverageRow
	for _, r := range c.Categories {
		if r.Key == repairs[:3]+"00000" || r.Key == repairs {
			rep = r
		}
	}
	if rep.On != 900_000_00 || rep.Off != 300_000_00 || rep.Total != 1_200_000_00 || rep.Share != 0.75 {
		t.Errorf("repairs %+v in %+v", rep, c.Categories)
	}
	var total cityspend.Amount
	for _, r := range c.Categories {
		total += r.Total
	}
	if c.Total != total || c.On != 900_000_00 || c.Share != cityspend.Share(c.On, c.Total) {
		t.Errorf("totals %s on %s share %v", c.Total, c.On, c.Share)
	}
	for _, r := range c.Suppliers {
		if r.Name != "Supplier "+r.Key[len("org:NO-BRC:"):] {
			t.Errorf("supplier %+v without its name", r)
		}
	}
	cs, err := compliance.Contracts(ctx, st, "3909")
	if err != nil || len(cs) != 1 || cs[0].ID != "K-17" {
		t.Errorf("contracts %+v %v", cs, err)
	}
}

// A contracting process from the tender data.
func TestTender(t *testing.T) {
	ctx := context.Background()
	st := reviewed(t)
	tn, err := compliance.Tender(ctx, st, "3909", "ocds-1")
	if err != nil || tn.OCID != "ocds-1" || tn.Title != "Snow clearing" {
		t.Errorf("tender %+v %v", tn, err)
	}
	if _, err := compliance.Tender(ctx, st, "3909", "ocds-404"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no tender: %v", err)
	}
}
