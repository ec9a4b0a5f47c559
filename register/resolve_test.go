// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/ingest/truth"
	"github.com/cityspend/cityspend/register/brreg"
)

// world is a store with a generated register and a generated ledger.
func world(t *testing.T, seed uint64, lines int64, filler int64) (*duckdb.DB, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "w.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	u := gen.NewUniverse(seed)
	reg := filepath.Join(dir, "enheter.json.gz")
	if _, err := gen.WriteRegisterFile(ctx, reg, u, gen.RegisterOptions{Units: int64(len(u.Suppliers)) + filler}); err != nil {
		t.Fatal(err)
	}
	rr, err := brreg.Open(reg)
	if err != nil {
		t.Fatal(err)
	}
	rb := cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json.gz"}
	if err := st.ImportRegister(ctx, &rb, rr); err != nil {
		t.Fatal(err)
	}
	rr.Close()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ledger.csv")
	u2 := gen.NewUniverse(seed)
	if _, err := gen.WriteLedgerFile(ctx, file, u2, gen.LedgerOptions{Municipality: "3909", FromYear: 2024, Years: 2, Lines: lines, Format: gen.FormatCSV}); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	return st, file
}

// Resolution quality on the generator's labelled name variants, against a
// register that also holds thousands of other firms.
func TestResolutionQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a register")
	}
	ctx := context.Background()
	st, file := world(t, 21, 30000, 30000)
	names, err := truth.ReadNames(file + ".truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	ix, err := LoadIndex(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(ix, names, "NO")
	t.Logf("%d names: precision %.4f, recall %.4f", ev.Names, ev.Precision, ev.Recall)
	if ev.Names < 500 || ev.Precision < 0.99 || ev.Recall < 0.95 {
		t.Errorf("precision %.4f recall %.4f on %d names; wrong %q missed %q", ev.Precision, ev.Recall, ev.Names, ev.Wrong, ev.Missed)
	}
}

func TestResolveBuyer(t *testing.T) {
	ctx := context.Background()
	st, _ := world(t, 5, 4000, 2000)
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := res.ResolveBuyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Payees == 0 || rep.ByMethod[cityspend.MatchID] == 0 || rep.ByMethod[cityspend.MatchExactName] == 0 || rep.Suppliers >= rep.Payees {
		t.Errorf("report %+v", rep)
	}
	if float64(rep.Unresolved) > 0.05*float64(rep.Payees) {
		t.Errorf("%d of %d payees unresolved", rep.Unresolved, rep.Payees)
	}
	// Every supplier has a profile: a place, a type, a size and a sector,
	// or an explicit unknown with its reason.
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sups) != rep.Suppliers {
		t.Errorf("%d suppliers listed, %d profiled", len(sups), rep.Suppliers)
	}
	var spend, payments cityspend.Amount
	for _, s := range sups {
		spend += s.Spend
		if s.Place == "" || s.PlaceReason == "" || s.Type == "" || s.TypeReason == "" || s.Size == "" || s.SizeBasis == "" || s.NACESection == "" {
			t.Errorf("incomplete profile %+v", s)
		}
	}
	tot, _ := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	payments = tot.Spend
	if spend != payments {
		t.Errorf("suppliers' spend %s, all payments %s", spend, payments)
	}
	// A person's decision wins and is re-applied.
	ps, _ := st.Payees(ctx, "3909")
	var target cityspend.PayeeRecord
	for _, p := range ps {
		if p.Resolution.Method == cityspend.MatchExactName {
			target = p
			break
		}
	}
	if err := st.PutOverride(ctx, cityspend.Override{BuyerID: "3909", Payee: target.Payee, SupplierID: "org:NO-BRC:923609016", Who: "kari", Why: "checked the invoice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	ps, _ = st.Payees(ctx, "3909")
	for _, p := range ps {
		if p.ID == target.ID && (p.Resolution.Method != cityspend.MatchManual || p.Resolution.SupplierID != "org:NO-BRC:923609016" ||
			!strings.Contains(p.Resolution.Reason, "kari")) {
			t.Errorf("override not applied: %+v", p.Resolution)
		}
	}
}

// Re-importing a register keeps the history of what changed.
func TestRegisterHistory(t *testing.T) {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "h.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load := func(units ...*cityspend.Organisation) cityspend.RegisterBatch {
		rows := make([]cityspend.RegisterRow, len(units))
		for i, u := range units {
			rows[i].Organisation = u
		}
		b := cityspend.RegisterBatch{Source: "csv", FileName: "x"}
		if err := st.ImportRegister(ctx, &b, &fixed{rows}); err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := org("923609016", "LARVIK ELEKTRO AS", "3256", "0709")
	a.Employees, a.EmployeesKnown, a.NACE, a.Source = 12, true, []string{"43.210"}, "csv"
	load(a)
	b2 := *a
	b2.Address.Municipality, b2.Employees, b2.Bankrupt = "3909", 14, true
	dup := b2
	dup.Name = "LARVIK ELEKTRO AS (LAST)"
	batch := load(&b2, &dup) // the same id twice: the last wins
	if batch.UnitsChanged != 3 || batch.UnitsLoaded != 1 {
		t.Errorf("batch %+v: want municipality, employees and bankruptcy changed, one unit", batch)
	}
	h, err := st.OrganisationHistory(ctx, a.ID)
	if err != nil || len(h) != 3 {
		t.Fatalf("history %+v %v", h, err)
	}
	got, _ := st.Organisation(ctx, a.ID)
	if got.Name != "LARVIK ELEKTRO AS (LAST)" || got.Address.Municipality != "3909" {
		t.Errorf("unit %+v", got)
	}
}

type fixed struct{ rows []cityspend.RegisterRow }

func (f *fixed) ReadUnits(context.Context) ([]cityspend.RegisterRow, error) {
	if f.rows == nil {
		return nil, errEOF
	}
	r := f.rows
	f.rows = nil
	return r, nil
}
