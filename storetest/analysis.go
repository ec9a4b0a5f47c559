// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/indicator"
	ledgerfile "github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register/regcsv"
)

// OpenStore gives a test an empty full store (closed by the test's cleanup).
type OpenStore func(t *testing.T) cityspend.Store

// RunAnalysis is the analysis part of the suite: a small world whose
// figures can be checked by hand is loaded through the same steps as
// `cityspend` takes (register, ledger files, payee resolution, scope,
// survey, emission factors), and every indicator, the footprint, the
// supplier list and spend by every dimension must equal the golden file —
// the same file for every store. Regenerate it with
// CITYSPEND_UPDATE_GOLDEN=1 on the embedded store, and read the diff.
func RunAnalysis(t *testing.T, open OpenStore) {
	ctx := context.Background()
	st := open(t)
	loadWorld(t, st)
	got := figures{}
	add := func(name string, v any, err error) { t.Helper(); got.add(t, name, v, err) }
	for _, c := range []struct {
		name, buyer string
		year        int
		opts        indicator.Options
	}{
		{"9999 2024", "9999", 2024, indicator.Options{}},
		{"9999 2023", "9999", 2023, indicator.Options{}},
		{"9999 2024 nb top 3", "9999", 2024, indicator.Options{Lang: "nb", TopN: 3}},
		{"9999 2024 place L0", "9999", 2024, indicator.Options{Filters: indicator.Filters{Place: cityspend.PlaceLocal}}},
		{"9999 2024 type small", "9999", 2024, indicator.Options{Filters: indicator.Filters{Type: "small"}}},
		{"9999 2024 section F", "9999", 2024, indicator.Options{Filters: indicator.Filters{Section: "F"}}},
		{"9999 2024 account group 12", "9999", 2024, indicator.Options{Filters: indicator.Filters{AccountGroup: "12"}}},
		{"9999 2024 unit skole", "9999", 2024, indicator.Options{Filters: indicator.Filters{OrgUnit: "Skole"}}},
		{"9999 2024 unclassified", "9999", 2024, indicator.Options{Filters: indicator.Filters{Category: cityspend.CategoryUnclassified}}},
		{"E09 2024", "E09", 2024, indicator.Options{}},
		{"E09 2024 calendar", "E09", 2024, indicator.Options{Calendar: true}},
	} {
		a, err := indicator.Analyse(ctx, st, c.buyer, c.year, c.opts)
		add("analyse "+c.name, a, err)
	}
	for _, b := range []string{"9999", "E09"} {
		ys, err := indicator.Years(ctx, st, b)
		add("years "+b, ys, err)
		buyer, err := st.Buyer(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		fp, err := indicator.Footprint(ctx, st, buyer, 2024, indicator.Options{})
		add("footprint "+b, fp, err)
		ps, err := st.Payees(ctx, b)
		add("payees "+b, ps, err)
	}
	y2024 := cityspend.Period{From: day("2024-01-01"), To: day("2025-01-01")}
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "9999", Period: y2024, Scope: cityspend.ScopeIn})
	add("suppliers 9999 2024", sups, err)
	for _, dim := range []cityspend.Dimension{cityspend.ByFiscalYear, cityspend.ByMonth, cityspend.BySupplier, cityspend.ByAccountGroup,
		cityspend.ByAccount, cityspend.ByOrgUnit, cityspend.ByPlace, cityspend.ByType, cityspend.BySize, cityspend.BySection,
		cityspend.ByScope, cityspend.ByDivision, cityspend.ByScopeGroup, cityspend.ByServiceCode, cityspend.ByOnContract,
		cityspend.ByCPVDivision} {
		gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "9999"}, dim, 0)
		add("spend by "+string(dim), gs, err)
	}
	gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: "9999", Period: cityspend.Period{From: day("2024-02-10"), To: day("2024-07-01")},
		Scope: cityspend.ScopeIn, Place: cityspend.PlaceRegion}, cityspend.BySupplier, 2)
	add("spend by supplier, a cut period, in scope, region, top 2", gs, err)
	cross, err := st.SpendCross(ctx, cityspend.SpendFilter{BuyerID: "9999", Scope: cityspend.ScopeIn}, cityspend.ByPlace, cityspend.ByFiscalYear)
	add("cross place × fiscal year", cross, err)
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "9999", Period: y2024, Scope: cityspend.ScopeIn, Type: "public"})
	add("total 2024 in scope public", tot, err)

	// The scope per payee and account: one account, paid to a supplier, to
	// HMRC and to a county council, is split (the ClickHouse store then
	// reads every line of the period for the scope's filter).
	uk, err := st.Buyer(ctx, "E09")
	if err != nil {
		t.Fatal(err)
	}
	for name, sc := range map[string]cityspend.Scope{"in scope": cityspend.ScopeIn, "out of scope": cityspend.ScopeOut} {
		ps, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "E09", Scope: sc}, 0, 10)
		add("E09 lines "+name, normalise(ps), err)
	}
	ds, err := indicator.ScopeDecisions(ctx, st, uk)
	if err != nil {
		t.Fatal(err)
	}
	payees, err := st.Payees(ctx, "E09")
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := st.Accounts(ctx, "E09")
	if err != nil {
		t.Fatal(err)
	}
	payee, account := map[int32]string{}, map[int32]string{}
	for _, p := range payees {
		payee[p.ID] = p.Payee.Name
	}
	for _, a := range accounts {
		account[a.ID] = a.Code + " " + a.Text
	}
	var decided []string
	for _, d := range ds {
		decided = append(decided, fmt.Sprintf("%s on %s: %v, %s", payee[d.PayeeID], account[d.AccountID], d.InScope, d.Reason))
	}
	sort.Strings(decided)
	add("E09 scope decisions", decided, nil)
	ex, err := indicator.ExcludedSpend(ctx, st, "E09", cityspend.Period{}, "nb")
	add("E09 excluded spend", ex, err)

	// Figures checked by hand (the fixture's comment), whatever the golden says.
	a := got["analyse 9999 2024"].(*indicator.Analysis)
	if a.TotalSpend != 1_000_000_00 || a.ExcludedSpend != 60_000_00 || a.Suppliers != 7 {
		t.Errorf("9999 2024: total %v, excluded %v, suppliers %d; want 1 000 000.00, 60 000.00, 7", a.TotalSpend, a.ExcludedSpend, a.Suppliers)
	}
	if a := got["analyse 9999 2023"].(*indicator.Analysis); a.TotalSpend != 1_000_000_00 {
		t.Errorf("9999 2023: total %v, want 1 000 000.00", a.TotalSpend)
	}
	if a := got["analyse E09 2024"].(*indicator.Analysis); a.TotalSpend != 7_000_00 || a.ExcludedSpend != 1_200_00 || len(a.Excluded) != 2 {
		t.Errorf("E09 2024 (April to March): total %v, excluded %v in %d reasons; want 7 000.00, 1 200.00 in 2", a.TotalSpend, a.ExcludedSpend, len(a.Excluded))
	}
	if ps := got["E09 lines out of scope"].([]cityspend.Payment); len(ps) != 2 {
		t.Errorf("E09 lines out of scope: %d, want HMRC's and the county council's", len(ps))
	}
	if tot := got["total 2024 in scope public"].(cityspend.SpendTotal); tot.Spend != 100_000_00 || tot.Suppliers != 1 {
		t.Errorf("public spend 2024: %+v, want 100 000.00 from one supplier", tot)
	}

	oneSupplier(t, st)

	js, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "analysis.golden.json", append(js, '\n'))
}

// oneSupplier checks the supplier list filtered by a supplier (what a
// supplier's page reads): under every filter, each supplier's row is the
// list's; another buyer's supplier, or one nobody has, gives no row.
func oneSupplier(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	y2024 := cityspend.Period{From: day("2024-01-01"), To: day("2025-01-01")}
	others, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "E09"})
	if err != nil || len(others) == 0 {
		t.Fatalf("E09's suppliers: %d, %v", len(others), err)
	}
	for name, f := range map[string]cityspend.SupplierFilter{
		"all dates":      {BuyerID: "9999"},
		"2024, in scope": {BuyerID: "9999", Period: y2024, Scope: cityspend.ScopeIn},
		"unit Skole":     {BuyerID: "9999", OrgUnit: "Skole"},
		"account 12":     {BuyerID: "9999", AccountPfx: "12"},
		"unclassified":   {BuyerID: "9999", Category: cityspend.CategoryUnclassified},
		"E09":            {BuyerID: "E09"},
	} {
		all, err := st.Suppliers(ctx, f)
		if err != nil || len(all) == 0 {
			t.Fatalf("%s: %d suppliers, %v", name, len(all), err)
		}
		for _, row := range all {
			g := f
			g.SupplierID = row.SupplierID
			one, err := st.Suppliers(ctx, g)
			if err != nil || len(one) != 1 || !reflect.DeepEqual(one[0], row) {
				t.Errorf("%s, supplier %s: %+v %v; want %+v", name, row.SupplierID, one, err, row)
			}
		}
		for _, id := range []string{"org:NO-BRC:000000000", others[0].SupplierID} {
			if f.BuyerID == "E09" {
				break
			}
			g := f
			g.SupplierID = id
			if one, err := st.Suppliers(ctx, g); err != nil || len(one) != 0 {
				t.Errorf("%s, supplier %s not of 9999: %+v %v", name, id, one, err)
			}
		}
	}
}

// orgNumber returns the first valid Norwegian organisation number from the
// given 8 digits on.
func orgNumber(first8 string) string {
	n := 0
	fmt.Sscan(first8, &n)
	for ; ; n++ {
		s := fmt.Sprintf("%08d", n)
		if c := cityspend.NorwegianOrgNumberCheckDigit(s); c >= 0 {
			return s + fmt.Sprint(c)
		}
	}
}

// loadWorld loads the world of RunAnalysis.
//
// Buyer 9999, municipality 3909 (Larvik), county 39 (Vestfold), calendar
// fiscal year. Suppliers:
//
//	A LOKAL BYGG AS       3909 L0  AS, 12 staff (small)   NACE 41.200 (F), postcode 3290 (a deprived area)
//	B REGION RENHOLD AS   3907 L1  AS, 60 staff (medium)  NACE 81.210 (N)
//	C NASJONAL DATA AS    0301 L2  AS, 500 staff (large)  NACE 62.020 (J)
//	D SANDEFJORD KOMMUNE  3907 L1  KOMM (public)          NACE 84.110 (O)
//	E LOKAL FORENING      3909 L0  FLI (social), 3 staff  NACE 94.991 (S)
//	F SVENSK AB           SE   L3  NUF, no head count     NACE 46.510 (G)
//	U Ukjent Firma        — unresolved, no number          unknown
//
// 2024 lines in scope: A 300 000 + 100 000 (one a credit note of −20 000
// against a line of 120 000), B 200 000, C 150 000, D 100 000, E 50 000,
// F 60 000, U 40 000 = 1 000 000.00. Out of scope: 1470 grant 30 000,
// 1010 pay 20 000, 1290 internal 10 000 = 60 000.00. 2023: A 300 000,
// C 700 000. A second file repeats two lines (duplicates) and adds none.
//
// Buyer E09, a UK council with an April fiscal year (GBP, no register):
// lines of 3 000 (March 2024: fiscal 2023), 4 000 (April 2024) and 3 000
// (March 2025: both fiscal 2024). The scope is decided per payee: on the
// account Acme is paid on, HMRC's 500 (taxes) and Kent County Council's
// 700 (another public body) in April 2024 are out.
func loadWorld(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	a, b, c, d, e, f := orgNumber("92360901"), orgNumber("97476067"), orgNumber("98246371"), orgNumber("91629268"),
		orgNumber("88964078"), orgNumber("91234567")
	reg := "scheme,id,name,postcode,municipality,country,nace,employees,legal_form\n" +
		"NO-BRC," + a + ",LOKAL BYGG AS,3290,3909,NO,41.200,12,AS\n" +
		"NO-BRC," + b + ",REGION RENHOLD AS,3211,3907,NO,81.210,60,AS\n" +
		"NO-BRC," + c + ",NASJONAL DATA AS,0150,0301,NO,62.020,500,AS\n" +
		"NO-BRC," + d + ",SANDEFJORD KOMMUNE,3211,3907,NO,84.110,2000,KOMM\n" +
		"NO-BRC," + e + ",LOKAL FORENING,3260,3909,NO,94.991,3,FLI\n" +
		"NO-BRC," + f + ",SVENSK AB,11120,,SE,46.510,,NUF\n"
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rr, err := regcsv.Open(write("reg.csv", reg))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "csv", FileName: "reg.csv"}, rr); err != nil {
		t.Fatal(err)
	}
	rr.Close()
	no := cityspend.Buyer{ID: "9999", Name: "Testkommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	uk := cityspend.Buyer{ID: "E09", Name: "Test Borough Council", Country: "GB", Currency: "GBP", FiscalStart: 4}
	for _, by := range []cityspend.Buyer{no, uk} {
		if err := st.CreateBuyer(ctx, by); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetPlaceRules(ctx, "9999", []cityspend.PlaceRule{{Band: "deprived", Kind: "postcode_prefix", Value: "329"}}); err != nil {
		t.Fatal(err)
	}
	head := "dato;leverandør;orgnr;konto;ansvar;funksjon;beløp\n"
	first := head +
		"15.01.2024;Lokal Bygg AS;" + a + ";1270;Skole;202;300000,00\n" +
		"15.02.2024;Lokal Bygg AS;" + a + ";3230;Vei;332;120000,00\n" +
		"20.02.2024;LOKAL BYGG A/S;" + a + ";3230;Vei;332;-20000,00\n" +
		"15.03.2024;Region Renhold AS;" + b + ";1260;Skole;202;200000,00\n" +
		"15.04.2024;Nasjonal Data AS;" + c + ";1195;Rådhus;120;150000,00\n" +
		"15.05.2024;Sandefjord kommune;" + d + ";1350;Rådhus;120;100000,00\n" +
		"15.06.2024;Lokal Forening;" + e + ";1270;Skole;202;50000,00\n" +
		"15.07.2024;Svensk AB;" + f + ";1200;Vei;332;60000,00\n" +
		"15.08.2024;Ukjent Firma;;1120;Skole;202;40000,00\n" +
		"15.09.2024;Lokal Forening;" + e + ";1470;Kultur;385;30000,00\n" +
		"15.10.2024;Ola Nordmann;;1010;Rådhus;120;20000,00\n" +
		"15.11.2024;Testkommune;;1290;Rådhus;120;10000,00\n"
	second := head +
		"15.01.2023;Lokal Bygg AS;" + a + ";1270;Skole;202;300000,00\n" +
		"15.02.2023;Nasjonal Data AS;" + c + ";1195;Rådhus;120;700000,00\n" +
		"15.03.2024;Region Renhold AS;" + b + ";1260;Skole;202;200000,00\n" +
		"15.04.2024;Nasjonal Data AS;" + c + ";1195;Rådhus;120;150000,00\n"
	for i, text := range []string{first, second} {
		name := fmt.Sprintf("ledger-%d.csv", i+1)
		if _, err := ledgerfile.ImportFile(ctx, st, no, write(name, text), ledgerfile.ImportOptions{RejectsDir: dir}); err != nil {
			t.Fatal(err)
		}
	}
	ukLines := "Date,Supplier,Expense Type,Amount\n" +
		"15/03/2024,Acme Ltd,Stationery,3000.00\n" +
		"15/04/2024,Acme Ltd,Stationery,4000.00\n" +
		"15/03/2025,Bloggs & Co,Repairs,3000.00\n" +
		"20/04/2024,H M Revenue & Customs,Stationery,500.00\n" +
		"21/04/2024,Kent County Council,Stationery,700.00\n"
	if _, err := ledgerfile.ImportFile(ctx, st, uk, write("uk.csv", ukLines), ledgerfile.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	// Payees and scope, buyer by buyer; the lines are not classified.
	for _, by := range []string{"9999", "E09"} {
		if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{by}, SkipClassify: true}); err != nil {
			t.Fatal(err)
		}
	}
	// The survey: A answers; E does not and is imputed.
	if err := st.PutSurveyResponses(ctx, "9999", 2024, []cityspend.SurveyResponse{{SupplierID: "org:NO-BRC:" + a,
		Turnover: 100000000, WageBill: 40000000, StaffTotal: 10, StaffLocal: 5, NonWageCosts: 50000000, NonWageLocalPct: 4000,
		JobsCreated: 2, Apprenticeships: 1, RealLivingWage: true}}); err != nil {
		t.Fatal(err)
	}
	if err := climate.InstallDefaults(ctx, st); err != nil {
		t.Fatal(err)
	}
}
