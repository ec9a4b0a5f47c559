// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/plan"
)

// RunCompliance is the compliance part of the suite: lines that carry CPV
// codes and contract references for a municipality under its old and new
// ids, classified, a contract register, then the findings (threshold
// aggregation over both ids, split purchases, concentration, overrun,
// spend after a contract's end) with their evidence, the contracts with
// their linked spend, the lines behind a finding, spend by category and
// contract, the generated procurement plan and its OCDS export — equal to
// one golden file on every store. Batch ids differ between stores (a
// store numbers its imports), so line ids are written as file:line.
func RunCompliance(t *testing.T, open OpenStore) {
	ctx := context.Background()
	st := open(t)
	LoadCompliance(t, st)
	files := map[string]string{}
	var rejects []cityspend.Reject
	for _, b := range []string{"3805", "3909"} {
		bs, err := st.Batches(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range bs {
			files[strconv.FormatInt(x.ID, 10)] = x.FileName
			rs, err := st.Rejects(ctx, x.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if x.RowsRejected != int64(len(rs)) {
				t.Errorf("batch %s: %d rows rejected, %d kept", x.FileName, x.RowsRejected, len(rs))
			}
			rejects = append(rejects, rs...)
		}
	}
	lineID := func(id string) string {
		batch, line, _ := strings.Cut(id, ":")
		return files[batch] + ":" + line
	}
	got := figures{}
	add := func(name string, v any, err error) { t.Helper(); got.add(t, name, v, err) }
	// A finding without the time it was computed, its evidence as file:line.
	type finding struct {
		cityspend.Finding
		ComputedAt time.Time `json:"computed_at,omitzero"`
		From, To   string
	}
	got["rejected rows"] = rejects
	fs, err := st.Findings(ctx, "3909")
	oneFinding(t, st, fs)
	var out []finding
	for _, f := range fs {
		for i, e := range f.Evidence {
			f.Evidence[i] = lineID(e)
		}
		out = append(out, finding{Finding: f, From: f.From.Format(time.DateOnly), To: f.To.Format(time.DateOnly)})
	}
	add("findings", out, err)
	cs, err := st.Contracts(ctx, "3909")
	add("contracts", cs, err)
	ms, err := st.MonthSpends(ctx, []string{"3805", "3909"})
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		return a.Month.Before(b.Month)
	})
	add("month spends", ms, err)
	for _, f := range fs {
		if f.Kind == cityspend.FindingSplit {
			ps, err := st.PaymentsByID(ctx, []string{"3909"}, rawIDs(f.Evidence, files))
			add("lines of the split finding", normalise(ps), err)
			break
		}
	}
	ps, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: cityspend.Period{From: day("2024-01-01"), To: day("2025-01-01")}}, 1, 3)
	add("lines of 2024, page from the second", normalise(ps), err)
	for name, f := range map[string]cityspend.SpendFilter{
		"supplier":                 {SupplierKey: "org:NO-BRC:" + orgCovered},
		"account 12, in scope":     {AccountPfx: "12", Scope: cityspend.ScopeIn},
		"unit, unclassified":       {OrgUnit: "Eiendom", Category: cityspend.CategoryUnclassified},
		"place unknown, 2025":      {Place: cityspend.PlaceUnknown, Period: cityspend.Period{From: day("2025-01-01"), To: day("2026-01-01")}},
		"type unknown, out":        {Type: "unknown", Scope: cityspend.ScopeOut},
		"category 507, last two":   {Category: "507"},
		"a unit no line has":       {OrgUnit: "Ingen"},
		"nace section unknown 909": {Section: "unknown", Category: "909"},
	} {
		f.BuyerID = "3909"
		offset := 0
		if strings.Contains(name, "last two") {
			offset = 1
		}
		ps, err := st.Payments(ctx, f, offset, 2)
		add("lines, page of two: "+name, normalise(ps), err)
	}
	var all []cityspend.Payment
	err = st.EachPayment(ctx, cityspend.SpendFilter{BuyerID: "3909", Category: "909"}, func(p cityspend.Payment) error {
		all = append(all, p)
		return nil
	})
	add("every cleaning line", normalise(all), err)
	items, err := st.Items(ctx, "3909")
	for i := range items {
		items[i].ID, items[i].PayeeID = 0, 0 // each store numbers them
	}
	sort.Slice(items, func(i, j int) bool {
		return items[i].SupplierID+items[i].Text+items[i].CPVLine < items[j].SupplierID+items[j].Text+items[j].CPVLine
	})
	add("items", items, err)
	for _, dim := range []cityspend.Dimension{cityspend.ByContract, cityspend.ByOnContract, cityspend.ByCPVGroup} {
		gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "3909"}, dim, 0)
		add("spend by "+string(dim), gs, err)
	}
	a, err := indicator.Analyse(ctx, st, "3909", 2025, indicator.Options{Filters: indicator.Filters{Category: "50"}})
	add("analyse 3909 2025 category 50", a, err)
	items2, err := st.PlanItems(ctx, "3909")
	for i := range items2 {
		items2[i].Created, items2[i].Updated = time.Time{}, time.Time{}
	}
	add("plan", items2, err)
	var ocds bytes.Buffer
	b, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	err = plan.OCDS(&ocds, b, plan.Active(items2), plan.Publication{BaseURL: "https://innkjop.example.org", Now: day("2026-06-01")})
	add("plan OCDS export", json.RawMessage(ocds.Bytes()), err)

	js, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "compliance.golden.json", append(js, '\n'))
}

// oneFinding checks a finding read by its id (what a finding's page
// reads): it is the list's, decision included; another buyer's id, or
// one nobody has, is not found.
func oneFinding(t *testing.T, st cityspend.Store, fs []cityspend.Finding) {
	t.Helper()
	ctx := context.Background()
	if len(fs) == 0 {
		t.Fatal("no findings of 3909")
	}
	for _, f := range fs {
		one, err := st.Finding(ctx, "3909", f.ID)
		if err != nil || !reflect.DeepEqual(one, f) {
			t.Errorf("finding %s: %+v %v; want %+v", f.ID, one, err, f)
		}
		if one, err := st.Finding(ctx, "3805", f.ID); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
			t.Errorf("3909's finding %s as 3805's: %+v %v, want not found", f.ID, one, err)
		}
	}
	if one, err := st.Finding(ctx, "3909", "NONE"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no such finding: %+v %v, want not found", one, err)
	}
}

// rawIDs turns file:line ids back into the store's batch:line ids.
func rawIDs(ids []string, files map[string]string) []string {
	byFile := map[string]string{}
	for b, f := range files {
		byFile[f] = b
	}
	var out []string
	for _, id := range ids {
		f, line, _ := strings.Cut(id, ":")
		out = append(out, byFile[f]+":"+line)
	}
	return out
}

// normalise drops what each store numbers its own way.
func normalise(ps []cityspend.Payment) []cityspend.Payment {
	for i := range ps {
		ps[i].BatchID = 0
	}
	return ps
}

// figures are named results for a golden file.
type figures map[string]any

// add keeps a result; an error fails the test.
func (g figures) add(t *testing.T, name string, v any, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	g[name] = v
}

// compareGolden compares with a golden file of testdata (rewritten with
// CITYSPEND_UPDATE_GOLDEN=1); the differing output is kept for a diff.
func compareGolden(t *testing.T, name string, js []byte) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	golden := filepath.Join(filepath.Dir(file), "testdata", name)
	if os.Getenv("CITYSPEND_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, want) {
		out, err := os.CreateTemp("", "cityspend-"+strings.TrimSuffix(name, ".golden.json")+"-*.json")
		if err != nil {
			t.Fatal(err)
		}
		out.Write(js)
		out.Close()
		t.Errorf("the result differs from %s; this store's is in %s (diff them)", golden, out.Name())
	}
}

// Organisation numbers of the compliance world (valid check digits).
const (
	orgBuyer   = "964964610"
	orgUnder   = "923609016"
	orgOver    = "974760673"
	orgCovered = "982463718"
	orgSplit   = "971526920"
	orgOld     = "987654325"
)

// LoadCompliance loads the world of RunCompliance: buyers 3805 and 3909
// (one municipality renumbered), classified lines, contracts, findings and
// a generated plan.
func LoadCompliance(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	const cleaning, repairs = "90910000", "50700000"
	larvik := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	old := cityspend.Buyer{ID: "3805", Name: "Larvik kommune (2020–2023)", OrgNumber: orgBuyer, Country: "NO", Currency: "NOK", FiscalStart: 1}
	type l struct {
		buyer, org, date, cpv, ref string
		amount                     cityspend.Amount
	}
	lines := []l{
		// Just under NOK 1.3 million in 48 months, in three payments.
		{"3909", orgUnder, "2023-02-01", cleaning, "", 500_000_00}, {"3909", orgUnder, "2024-02-01", cleaning, "", 500_000_00},
		{"3909", orgUnder, "2025-02-01", cleaning, "", 299_999_99},
		// Just over, in the same category with another supplier.
		{"3909", orgOver, "2023-03-01", repairs, "", 700_000_00}, {"3909", orgOver, "2025-03-01", repairs, "", 600_000_01},
		// Over, but covered by a contract (by its reference on one line, by supplier and term on the other).
		{"3909", orgCovered, "2024-01-10", repairs, "K-17", 900_000_00}, {"3909", orgCovered, "2024-06-10", repairs, "", 900_000_00},
		// After the contract's last day: spend on an expired contract.
		{"3909", orgCovered, "2026-03-01", repairs, "k-17 ", 50_000_00},
		// Four invoices just under the NOK 100,000 floor in three months.
		{"3909", orgSplit, "2025-05-02", cleaning, "", 95_000_00}, {"3909", orgSplit, "2025-06-02", cleaning, "", 96_000_00},
		{"3909", orgSplit, "2025-06-20", cleaning, "", 99_000_00}, {"3909", orgSplit, "2025-07-15", cleaning, "", 97_500_00},
		// A renumbered municipality: 3805's lines and 3909's add up.
		{"3805", orgOld, "2022-06-01", "79210000", "", 700_000_00}, {"3909", orgOld, "2024-06-01", "79210000", "", 700_000_00},
	}
	for _, b := range []cityspend.Buyer{old, larvik} {
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
		var rows []cityspend.ImportRow
		for i, x := range lines {
			if x.buyer != b.ID {
				continue
			}
			rows = append(rows, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: b.ID, Line: i + 2, Key: cityspend.DedupKey{Hi: uint64(i + 1), Lo: 7},
				Supplier: cityspend.Payee{Name: "Supplier " + x.org, OrgNumber: x.org}, PaymentDate: day(x.date), Amount: x.amount,
				Currency: b.Currency, AccountCode: "1270", AccountText: "Konsulenttjenester", OrgUnit: "Eiendom", CPV: x.cpv,
				ContractRef: x.ref, Description: "Faktura " + strconv.Itoa(i+1000) + " arbeid", InvoiceNo: "F" + strconv.Itoa(i),
				Quantity: "1.5", UnitCode: "HUR"}})
		}
		// A row the reader could not read, kept with its reason.
		rows = append(rows, cityspend.ImportRow{Reject: &cityspend.Reject{Line: 99, Field: "amount", Raw: "2025-01-01;Supplier;12,3,4",
			Reason: "not an amount"}})
		batch := &cityspend.ImportBatch{BuyerID: b.ID, Kind: "ledger", FileName: b.ID + ".csv", SHA256: b.ID}
		if err := st.ImportPayments(ctx, batch, cityspend.SliceRows(rows), false); err != nil {
			t.Fatal(err)
		}
		if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{b.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	contracts := []cityspend.Contract{
		{ID: "K-17", Title: "Building maintenance framework", CPV: repairs,
			Suppliers: []cityspend.ContractSupplier{{SupplierID: "org:NO-BRC:" + orgCovered, Name: "Covered AS"}},
			Start:     day("2023-12-01"), End: day("2024-11-30"), Final: day("2025-11-30"), MaxValue: 1_700_000_00, HasMax: true},
		{ID: "K-CLEAN", Title: "Cleaning of schools", CPV: cleaning, Start: day("2024-04-01"), End: day("2027-03-31"),
			Final: day("2028-03-31"), MaxValue: 3_000_000_00, HasMax: true, Suppliers: []cityspend.ContractSupplier{{Name: "Rent AS"}}},
		{ID: "K-WORKS", Title: "New kindergarten", CPV: "45214100", Start: day("2025-05-01"), End: day("2027-12-31"),
			MaxValue: 40_000_000_00, HasMax: true, Suppliers: []cityspend.ContractSupplier{{Name: "Bygg AS"}}},
	}
	for i := range contracts {
		contracts[i].BuyerID, contracts[i].Currency, contracts[i].File, contracts[i].Line = "3909", "NOK", "contracts.csv", i+2
	}
	if err := st.ReplaceContracts(ctx, "3909", contracts); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "3909", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Generate(ctx, st, "3909", plan.Options{Now: day("2026-06-01"), Who: "storetest"}); err != nil {
		t.Fatal(err)
	}
}
