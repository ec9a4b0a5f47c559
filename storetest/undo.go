// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register/regcsv"
)

// RunUndo is the undo part of the suite. A buyer imports the ledger of
// one month (A), its follow-up runs (payees, scope, categories), its
// findings are computed and people decide (a category, a payee, a
// finding); then the next month (B), with a new supplier, account, unit
// and year, a line A had (a duplicate) and a rejected row, followed up the
// same way. Undoing B (enrich.Undo) must bring back every figure — the
// analysis of every year, the spend cube, the findings, the items and
// their categories, the payees, suppliers, accounts and spend by month —
// exactly as after A alone, keep the decisions, record the batch as undone
// with the audit entry, refuse a second undo and another buyer's batch; B
// imported again loads every line it loaded the first time and the figures
// are those after B again; and undoing every batch leaves an empty buyer
// whose figures are empty, not errors.
func RunUndo(t *testing.T, open OpenStore) {
	ctx := context.Background()
	st := open(t)
	loadUndoWorld(t, st)
	a := importRows(t, st, "2024-01.csv", undoA)
	decide(t, st)
	followUp(t, st)
	if err := st.PutFindingDecision(ctx, cityspend.FindingDecision{BuyerID: "9998", FindingID: firstFinding(t, st), Status: "dismissed",
		Who: "analyst@example.org", Why: "framework agreement"}); err != nil {
		t.Fatal(err)
	}
	afterA := snapshot(t, st)

	b := importRows(t, st, "2024-02.csv", undoB)
	if b.RowsLoaded != 5 || b.RowsDuplicate != 1 || b.RowsRejected != 1 {
		t.Fatalf("B: %d loaded, %d duplicate, %d rejected; want 5, 1, 1", b.RowsLoaded, b.RowsDuplicate, b.RowsRejected)
	}
	followUp(t, st)
	afterB := snapshot(t, st)
	if bytes.Equal(afterA, afterB) {
		t.Fatal("B changed no figure: the test shows nothing")
	}

	by := cityspend.AuditEntry{Who: "analyst@example.org", Via: "session", Path: "/buyers/9998/imports/undo"}
	undone, err := enrich.Undo(ctx, st, "9998", b.ID, by, nil)
	if err != nil {
		t.Fatal(err)
	}
	if undone.State != cityspend.BatchUndone || undone.UndoneBy != by.Who || undone.UndoneAt.IsZero() || undone.FileName != "2024-02.csv" {
		t.Errorf("undone batch %+v", undone)
	}
	sameFigures(t, "after undoing B", afterA, snapshot(t, st))

	bs, err := st.Batches(ctx, "9998")
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].ID != b.ID || bs[0].State != cityspend.BatchUndone || bs[0].UndoneBy != by.Who || bs[0].UndoneAt.IsZero() ||
		bs[0].RowsLoaded != b.RowsLoaded || bs[1].ID != a.ID || bs[1].State != cityspend.BatchLoaded || !bs[1].UndoneAt.IsZero() {
		t.Errorf("the history after the undo: %+v", bs)
	}
	// One batch, as the history lists it; another buyer's is not found.
	for _, want := range bs {
		if got, err := st.Batch(ctx, "9998", want.ID); err != nil || got != want {
			t.Errorf("Batch %d: %+v %v, want %+v", want.ID, got, err, want)
		}
	}
	if _, err := st.Batch(ctx, "9997", a.ID); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("another buyer's batch: %v, want not found", err)
	}
	if _, err := st.Batch(ctx, "9998", b.ID+a.ID+1000); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no such batch: %v, want not found", err)
	}
	if rs, err := st.Rejects(ctx, b.ID, 0); err != nil || len(rs) != 0 {
		t.Errorf("B's rejected rows after the undo: %v %v", rs, err)
	}
	if rs, err := st.Rejects(ctx, a.ID, 0); err != nil || len(rs) != 1 {
		t.Errorf("A's rejected rows after the undo of B: %v %v", rs, err)
	}
	if _, err := enrich.Undo(ctx, st, "9998", b.ID, by, nil); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("undo of an undone batch: %v, want a conflict", err)
	}
	if _, err := st.UndoBatch(ctx, "9997", a.ID, by); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("undo of another buyer's batch: %v, want not found", err)
	}
	if _, err := st.UndoBatch(ctx, "9998", 424242, by); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("undo of no batch: %v, want not found", err)
	}
	log, err := st.AuditLog(ctx, "9998", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := `undo batch ` + strconv.FormatInt(b.ID, 10) + ` (ledger "2024-02.csv", 5 lines)`
	if len(log) == 0 || log[0].Action != want || log[0].Who != by.Who || log[0].Via != "session" || log[0].BuyerID != "9998" {
		t.Errorf("the audit log after the undo: %+v, want first %q by %s", log, want, by.Who)
	}
	if ds, err := st.CategoryDecisions(ctx, "9998"); err != nil || len(ds) != 1 {
		t.Errorf("category decisions after the undo: %+v %v", ds, err)
	}
	if os, err := st.Overrides(ctx, "9998"); err != nil || len(os) != 1 {
		t.Errorf("payee decisions after the undo: %+v %v", os, err)
	}

	// B again: the undone lines are not duplicates.
	b2 := importRows(t, st, "2024-02.csv", undoB)
	if b2.RowsLoaded != b.RowsLoaded || b2.RowsDuplicate != b.RowsDuplicate {
		t.Errorf("B again: %d loaded, %d duplicate; want %d, %d as the first time", b2.RowsLoaded, b2.RowsDuplicate, b.RowsLoaded, b.RowsDuplicate)
	}
	followUp(t, st)
	sameFigures(t, "B imported again", afterB, snapshot(t, st))

	// The store's undo alone: the lines' sums are A's at once (the spend
	// cube summed again in the undo's transaction), and the follow-up is
	// pending, so that the figures say they are provisional until
	// enrich.Complete brings back the rest.
	if _, err := st.UndoBatch(ctx, "9998", b2.ID, by); err != nil {
		t.Fatal(err)
	}
	var sums map[string]json.RawMessage
	if err := json.Unmarshal(afterA, &sums); err != nil {
		t.Fatal(err)
	}
	for _, dim := range []cityspend.Dimension{cityspend.ByMonth, cityspend.ByOrgUnit} {
		gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "9998"}, dim, 0)
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(gs)
		if err != nil {
			t.Fatal(err)
		}
		name := map[cityspend.Dimension]string{cityspend.ByMonth: "spend by month", cityspend.ByOrgUnit: "spend by unit"}[dim]
		var want bytes.Buffer
		if err := json.Compact(&want, sums[name]); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(js, want.Bytes()) {
			t.Errorf("%s right after the store's undo:\n%s\nwant\n%s", name, js, want.Bytes())
		}
	}
	if fs, err := st.PendingFollowUps(ctx, "9998"); err != nil || len(fs) != 1 || fs[0].Cause != "undo" || fs[0].BatchID != b2.ID {
		t.Errorf("pending follow-ups after the store's undo: %+v %v", fs, err)
	}
	if _, err := enrich.Complete(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "9998", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
	sameFigures(t, "B undone again, the follow-up completed", afterA, snapshot(t, st))

	// Every batch undone: an empty buyer, whose figures are empty.
	if _, err := enrich.Undo(ctx, st, "9998", a.ID, by, nil); err != nil {
		t.Fatal(err)
	}
	if ys, err := st.FiscalYears(ctx, "9998"); err != nil || len(ys) != 0 {
		t.Errorf("fiscal years of the empty buyer: %v %v", ys, err)
	}
	if ys, err := indicator.Years(ctx, st, "9998"); err != nil || len(ys) != 0 {
		t.Errorf("years of the empty buyer: %v %v", ys, err)
	}
	if tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "9998"}); err != nil || tot != (cityspend.SpendTotal{}) {
		t.Errorf("spend of the empty buyer: %+v %v", tot, err)
	}
	for name, n := range map[string]func() (int, error){
		"payees":   func() (int, error) { x, err := st.Payees(ctx, "9998"); return len(x), err },
		"items":    func() (int, error) { x, err := st.Items(ctx, "9998"); return len(x), err },
		"accounts": func() (int, error) { x, err := st.Accounts(ctx, "9998"); return len(x), err },
		"findings": func() (int, error) { x, err := st.Findings(ctx, "9998"); return len(x), err },
		"suppliers": func() (int, error) {
			x, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "9998"})
			return len(x), err
		},
		"pending": func() (int, error) { x, err := st.PendingFollowUps(ctx, "9998"); return len(x), err },
		"lines": func() (int, error) {
			x, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "9998"}, 0, 10)
			return len(x), err
		},
	} {
		if got, err := n(); err != nil || got != 0 {
			t.Errorf("%s of the empty buyer: %d %v", name, got, err)
		}
	}
	if an, err := indicator.Analyse(ctx, st, "9998", 2024, indicator.Options{}); err != nil || an.TotalSpend != 0 || an.Lines != 0 {
		t.Errorf("the analysis of the empty buyer: %v", err)
	}
	// And A again: the figures after A alone.
	importRows(t, st, "2024-01.csv", undoA)
	followUp(t, st)
	var x, y map[string]json.RawMessage
	if err := json.Unmarshal(afterA, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(snapshot(t, st), &y); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"analyse 2024", "cube 2024", "years", "spend by month", "payees"} {
		if !bytes.Equal(x[k], y[k]) {
			t.Errorf("A imported again into the empty buyer: %s differs:\n%s\nwant\n%s", k, y[k], x[k])
		}
	}
}

// The buyer of RunUndo, 9998 in Larvik (3909); 9997 another buyer.
var undoBuyer = cityspend.Buyer{ID: "9998", Name: "Angrekommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}

// Suppliers of the undo world.
var (
	undoLocal  = orgNumber("92360901") // in Larvik
	undoRegion = orgNumber("97476067") // in Sandefjord
	undoFar    = orgNumber("98246371") // in Oslo
	undoNew    = orgNumber("91234567") // B's new supplier, in Larvik
)

type undoLine struct {
	key                            uint64
	org, name, account, unit, date string
	cpv, text                      string
	amount                         cityspend.Amount
	reject                         bool
}

// January 2024: cleaning just under a threshold, repairs, an unresolved
// payee, a line out of scope (pay), and a row that could not be read.
var undoA = []undoLine{
	{key: 1, org: undoLocal, name: "Lokal Renhold AS", account: "1270", unit: "Skole", date: "2024-01-05", cpv: "90910000", text: "Renhold januar", amount: 600_000_00},
	{key: 2, org: undoRegion, name: "Region Reparasjon AS", account: "1250", unit: "Vei", date: "2024-01-10", cpv: "50700000", text: "Reparasjon bru", amount: 1_400_000_00},
	{key: 3, org: undoFar, name: "Nasjonal Data AS", account: "1195", unit: "Rådhus", date: "2024-01-12", text: "Lisenser", amount: 95_000_00},
	{key: 4, name: "Ukjent Firma", account: "1120", unit: "Skole", date: "2024-01-20", text: "Diverse", amount: 40_000_00},
	{key: 5, name: "Ola Nordmann", account: "1010", unit: "Rådhus", date: "2024-01-25", text: "Lønn", amount: 20_000_00},
	{key: 6, reject: true},
}

// February 2024 and a line of 2025: more repairs (over the threshold
// with A's), a new supplier on a new account in a new unit, A's first line
// again (a duplicate), and a row that could not be read.
var undoB = []undoLine{
	{key: 11, org: undoRegion, name: "Region Reparasjon AS", account: "1250", unit: "Vei", date: "2024-02-10", cpv: "50700000", text: "Reparasjon bru", amount: 700_000_00},
	{key: 12, org: undoFar, name: "Nasjonal Data AS", account: "1195", unit: "Rådhus", date: "2024-02-12", text: "Lisenser", amount: 96_000_00},
	{key: 13, org: undoNew, name: "Ny Leverandør AS", account: "1300", unit: "Ny enhet", date: "2024-02-15", text: "Konsulent", amount: 120_000_00},
	{key: 14, org: undoLocal, name: "Lokal Renhold AS", account: "1270", unit: "Skole", date: "2024-02-05", cpv: "90910000", text: "Renhold februar", amount: 500_000_00},
	{key: 15, org: undoNew, name: "Ny Leverandør AS", account: "1300", unit: "Ny enhet", date: "2025-01-15", text: "Konsulent", amount: 80_000_00},
	{key: 1, org: undoLocal, name: "Lokal Renhold AS", account: "1270", unit: "Skole", date: "2024-01-05", cpv: "90910000", text: "Renhold januar", amount: 600_000_00},
	{key: 16, reject: true},
}

func loadUndoWorld(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	reg := "scheme,id,name,postcode,municipality,country,nace,employees,legal_form\n" +
		"NO-BRC," + undoLocal + ",LOKAL RENHOLD AS,3260,3909,NO,81.210,12,AS\n" +
		"NO-BRC," + undoRegion + ",REGION REPARASJON AS,3211,3907,NO,43.290,60,AS\n" +
		"NO-BRC," + undoFar + ",NASJONAL DATA AS,0150,0301,NO,62.020,500,AS\n" +
		"NO-BRC," + undoNew + ",NY LEVERANDØR AS,3256,3909,NO,70.220,4,AS\n"
	path := filepath.Join(t.TempDir(), "reg.csv")
	if err := os.WriteFile(path, []byte(reg), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := regcsv.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	if err := st.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "csv", FileName: "reg.csv"}, rr); err != nil {
		t.Fatal(err)
	}
	for _, b := range []cityspend.Buyer{undoBuyer, {ID: "9997", Name: "Naboen", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3907"}} {
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
}

// importRows imports a month's lines for buyer 9998 as a file would.
func importRows(t *testing.T, st cityspend.Store, file string, ls []undoLine) cityspend.ImportBatch {
	t.Helper()
	var rows []cityspend.ImportRow
	for i, l := range ls {
		if l.reject {
			rows = append(rows, cityspend.ImportRow{Reject: &cityspend.Reject{Line: i + 2, Field: "amount", Raw: "x;y;12,3,4", Reason: "not an amount"}})
			continue
		}
		p := &cityspend.Payment{BuyerID: "9998", Line: i + 2, Key: cityspend.DedupKey{Hi: l.key, Lo: l.key*31 + 7},
			Supplier: cityspend.Payee{Name: l.name, OrgNumber: l.org}, PaymentDate: day(l.date), Amount: l.amount, Currency: "NOK",
			AccountCode: l.account, AccountText: "konto " + l.account, OrgUnit: l.unit, CPV: l.cpv, Description: l.text,
			InvoiceNo: "F" + strconv.FormatUint(l.key, 10)}
		rows = append(rows, cityspend.ImportRow{Payment: p})
	}
	b := cityspend.ImportBatch{BuyerID: "9998", Kind: "ledger", FileName: file, SHA256: file, Currency: "NOK"}
	if err := st.ImportPayments(context.Background(), &b, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	return b
}

// decide records people's decisions: a category for a supplier's lines,
// and a payee resolved by hand.
func decide(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	if err := st.PutCategoryDecision(ctx, cityspend.CategoryDecision{BuyerID: "9998", SupplierID: "org:NO-BRC:" + undoFar,
		CPV: "48000000", Who: "analyst@example.org", Why: "software licences"}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutOverride(ctx, cityspend.Override{BuyerID: "9998", Payee: cityspend.Payee{Name: "Ukjent Firma"},
		SupplierID: "org:NO-BRC:" + undoRegion, Who: "analyst@example.org", Why: "their trading name"}); err != nil {
		t.Fatal(err)
	}
}

// followUp is what follows an import: payees, scope, categories, then the
// findings.
func followUp(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{"9998"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.Compute(ctx, st, "9998", compliance.Options{}); err != nil {
		t.Fatal(err)
	}
}

func firstFinding(t *testing.T, st cityspend.Store) string {
	t.Helper()
	fs, err := st.Findings(context.Background(), "9998")
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("A has no finding: the world must have one for the test to show anything")
	}
	return fs[0].ID
}

// snapshot is every figure of buyer 9998 the dashboards, the API and the
// review pages show, as JSON; line ids are written file:line (batch ids
// differ from one import of a file to the next) and the times findings
// were computed are left out.
func snapshot(t *testing.T, st cityspend.Store) []byte {
	t.Helper()
	ctx := context.Background()
	got := figures{}
	add := func(name string, v any, err error) { t.Helper(); got.add(t, name, v, err) }
	ys, err := st.FiscalYears(ctx, "9998")
	add("fiscal years", ys, err)
	yts, err := indicator.Years(ctx, st, "9998")
	add("years", yts, err)
	names, codes, err := classify.Names(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	label := cube.Labels(codes, names)
	for _, y := range ys {
		a, err := indicator.Analyse(ctx, st, "9998", y, indicator.Options{})
		add("analyse "+strconv.Itoa(y), a, err)
		c, err := cube.Build(ctx, st, "9998", y, cube.Options{}, label)
		add("cube "+strconv.Itoa(y), c, err)
	}
	bs, err := st.Batches(ctx, "9998")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, b := range bs {
		files[strconv.FormatInt(b.ID, 10)] = b.FileName
	}
	fs, err := st.Findings(ctx, "9998")
	for i := range fs {
		fs[i].ComputedAt = time.Time{}
		for j, id := range fs[i].Evidence {
			if batch, line, ok := strings.Cut(id, ":"); ok && files[batch] != "" {
				fs[i].Evidence[j] = files[batch] + ":" + line
			}
		}
	}
	add("findings", fs, err)
	items, err := st.Items(ctx, "9998")
	add("items", items, err)
	ps, err := st.Payees(ctx, "9998")
	add("payees", ps, err)
	as, err := st.Accounts(ctx, "9998")
	add("accounts", as, err)
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "9998"})
	add("suppliers", sups, err)
	months, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "9998"}, cityspend.ByMonth, 0)
	add("spend by month", months, err)
	units, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "9998"}, cityspend.ByOrgUnit, 0)
	add("spend by unit", units, err)
	pas, err := st.PayeeAccounts(ctx, "9998")
	add("payee accounts", pas, err)
	pending, err := st.PendingFollowUps(ctx, "9998")
	add("pending follow-ups", pending, err)
	js, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// sameFigures fails a test whose figures differ, showing the first lines
// that do.
func sameFigures(t *testing.T, step string, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			lo := max(0, i-8)
			t.Errorf("%s: the figures differ from line %d:\n got: %s\nwant: %s\ncontext (want):\n%s", step, i+1, gl, wl,
				strings.Join(w[lo:min(len(w), i+3)], "\n"))
			return
		}
	}
}
