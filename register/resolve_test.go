// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/ingest/truth"
	"github.com/cityspend/cityspend/register/brreg"
	"github.com/cityspend/cityspend/register/regcsv"
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

// A buyer's payees are resolved with every clue their lines carry: the
// legal form, the postcode, a branch suffix, a number in another column or
// in a description; what stays ambiguous is listed for review with its
// candidates, and one decision settles it, also for the same name on
// later lines.
func TestResolveBuyerClues(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "c.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reg := filepath.Join(dir, "reg.csv")
	writeFile(t, reg, "scheme,id,name,postcode,locality,municipality,country,legal_form,parent\n"+
		"NO-BRC,974760673,HANSEN BYGG AS,3256,LARVIK,3909,NO,AS,\n"+
		"NO-BRC,982463718,HANSEN BYGG ANS,0150,OSLO,0301,NO,ANS,\n"+
		"NO-BRC,923609016,HANSEN BYGG DA,3117,TØNSBERG,3905,NO,DA,\n"+
		"NO-BRC,916292619,HANSEN BYGG DA AVD HORTEN,3183,HORTEN,3901,NO,,923609016\n"+
		"NO-BRC,987654325,OLA NORDMANN RØR,0150,OSLO,0301,NO,ENK,\n"+
		"NO-BRC,889640782,OLA NORDMANN RØR,9008,TROMSØ,5501,NO,ENK,\n")
	b := registerAndLarvik(t, st, reg)
	ledgerFile := filepath.Join(dir, "ledger.csv")
	writeFile(t, ledgerFile, "Supplier,Org number,Postcode,Amount,Payment date,Account,Description\n"+
		"Hansen Bygg ANS,,,1000,2024-01-05,1230,maling\n"+ // the legal form
		"Hansen Bygg,,3256,2000,2024-01-06,1230,tak\n"+ // the postcode
		"Hansen Bygg avd. Horten,,,3000,2024-01-07,1230,vedlikehold\n"+ // the branch suffix
		"Hansen Bygg A/S,Org nr 974 760 673,,4000,2024-01-08,1230,\n"+ // the number column as written
		"HANSEN BYGG (NORGE),,,5000,2024-01-09,1230,Faktura 2024 org.nr. 923 609 016\n"+ // a number in the description
		"Hansen Bygg,,,6000,2024-01-10,1230,tak\n"+ // the buyer's own, known by number
		"Ola Nordmann Rør,,,7000,2024-01-10,1230,rør\n") // nothing tells: review
	if _, err := ledger.ImportFile(ctx, st, b, ledgerFile, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := res.ResolveBuyer(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	resolved := func() map[string]string {
		t.Helper()
		ps, err := st.Payees(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, p := range ps {
			out[p.Payee.Name+"|"+p.Payee.Postcode] = p.Resolution.SupplierID
		}
		return out
	}
	want := map[string]string{
		"Hansen Bygg ANS|":         "org:NO-BRC:982463718",
		"Hansen Bygg|3256":         "org:NO-BRC:974760673",
		"Hansen Bygg avd. Horten|": "org:NO-BRC:923609016",
		"Hansen Bygg A/S|":         "org:NO-BRC:974760673",
		"HANSEN BYGG (NORGE)|":     "org:NO-BRC:923609016",
		"Hansen Bygg|":             "org:NO-BRC:974760673",
		"Ola Nordmann Rør|":        "name:OLA NORDMANN RØR",
	}
	if got := resolved(); !maps.Equal(got, want) {
		t.Errorf("resolutions %v\nwant %v", got, want)
	}
	if len(rep.Ambiguous) != 1 || rep.Ambiguous[0] != "Ola Nordmann Rør" {
		t.Errorf("ambiguous %q", rep.Ambiguous)
	}
	items, err := res.Review(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Payee.Payee.Name != "Ola Nordmann Rør" || len(items[0].Candidates) != 2 ||
		!slices.ContainsFunc(items[0].Candidates[0].Evidence, func(e Evidence) bool { return e.Clue == ClueName && e.For }) {
		t.Fatalf("review %+v", items)
	}
	if _, err := res.Override(ctx, b.ID, int64(items[0].Payee.ID), "987654325", "kari", "the invoice says Oslo"); err != nil {
		t.Fatal(err)
	}
	want["Ola Nordmann Rør|"] = "org:NO-BRC:987654325"
	if got := resolved(); !maps.Equal(got, want) {
		t.Errorf("after the decision %v\nwant %v", got, want)
	}
	if items, err := res.Review(ctx, b.ID); err != nil || len(items) != 0 {
		t.Errorf("review after the decision: %+v %v", items, err)
	}
	// A later import's line of that payee is settled by the decision, and
	// the same name at another postcode by the buyer's own history.
	more := filepath.Join(dir, "ledger2.csv")
	writeFile(t, more, "Supplier,Org number,Postcode,Amount,Payment date,Account,Description\n"+
		"Ola Nordmann Rør,,,7000,2024-02-05,1230,rør\n"+
		"Ola Nordmann Rør,,3290,8000,2024-02-06,1230,rør\n")
	if _, err := ledger.ImportFile(ctx, st, b, more, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	want["Ola Nordmann Rør|3290"] = "org:NO-BRC:987654325"
	if got := resolved(); !maps.Equal(got, want) {
		t.Errorf("after a later import %v\nwant %v", got, want)
	}
}

// registerAndLarvik imports a register CSV file (regcsv) into st and adds
// Larvik as a buyer.
func registerAndLarvik(t *testing.T, st *duckdb.DB, reg string) cityspend.Buyer {
	t.Helper()
	ctx := context.Background()
	rr, err := regcsv.Open(reg)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	rb := cityspend.RegisterBatch{Source: "csv", FileName: filepath.Base(reg)}
	if err := st.ImportRegister(ctx, &rb, rr); err != nil {
		t.Fatal(err)
	}
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Resolution on the labelled set of hard names (cityspend gen names): the
// same name under several legal forms, names that fold alike,
// near-duplicates, one name in two places, branches and shops, in Norway
// and the UK, with names drawn from the rest of the registers. The
// thresholds of docs/benchmarks.md.
func TestResolutionOnHardNames(t *testing.T) {
	if testing.Short() {
		t.Skip("generates registers")
	}
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := gen.WriteNameSet(ctx, dir, 1, gen.NameSetOptions{Filler: 10000}); err != nil {
		t.Fatal(err)
	}
	st, err := duckdb.Open(ctx, filepath.Join(dir, "n.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, f := range []string{gen.NameSetUnits, gen.NameSetSubunits, gen.NameSetGB} {
		var rr cityspend.RegisterReader
		var err error
		if f == gen.NameSetGB {
			rr, err = regcsv.Open(filepath.Join(dir, f))
		} else {
			rr, err = brreg.Open(filepath.Join(dir, f))
		}
		if err != nil {
			t.Fatal(err)
		}
		rb := cityspend.RegisterBatch{Source: "brreg", FileName: f}
		if f == gen.NameSetGB {
			rb.Source = "csv"
		}
		err = st.ImportRegister(ctx, &rb, rr)
		rr.(io.Closer).Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	names, err := truth.ReadNames(filepath.Join(dir, gen.NameSetTruth))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := LoadIndex(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(ix, names, "NO")
	t.Logf("%d names: precision %.4f, recall %.4f; by clue %+v", ev.Names, ev.Precision, ev.Recall, ev.ByClue)
	if ev.Names < 5000 || ev.Precision < 0.99 || ev.Recall < 0.95 {
		t.Errorf("precision %.4f recall %.4f on %d names; wrong %q missed %q", ev.Precision, ev.Recall, ev.Names, ev.Wrong, ev.Missed)
	}
	// Every clue is exercised, and none decides carelessly (the buyer's
	// municipality and the spelling are weak, the rest strong).
	for _, c := range []string{ClueForm, CluePostcode, ClueBranch, ClueNumber, ClueSubunit, ClueSpelling, ClueHome} {
		cc := ev.ByClue[c]
		floor := 0.99
		if c == ClueHome || c == ClueSpelling {
			floor = 0.8
		}
		if cc.Resolved == 0 || cc.Precision < floor {
			t.Errorf("clue %s: %+v", c, cc)
		}
	}
	if len(ev.ByKind) < 10 {
		t.Errorf("figures by kind %+v", ev.ByKind)
	}
}
