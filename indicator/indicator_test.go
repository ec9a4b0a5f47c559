// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register"
	"github.com/cityspend/cityspend/register/regcsv"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// org returns the first valid organisation number from the given 8 digits on.
func org(first8 string) string {
	n := 0
	fmt.Sscan(first8, &n)
	for ; ; n++ {
		s := fmt.Sprintf("%08d", n)
		if c := cityspend.NorwegianOrgNumberCheckDigit(s); c >= 0 {
			return s + fmt.Sprint(c)
		}
	}
}

// fixture builds a small world whose every number can be checked by hand.
//
// Buyer 9999, municipality 3909 (Larvik), county 39 (Vestfold).
// Suppliers:
//
//	A LOKAL BYGG AS       3909 L0  AS, 12 staff (small)   NACE 41.200 (F), postcode 3290 (a deprived area)
//	B REGION RENHOLD AS   3907 L1  AS, 60 staff (medium)  NACE 81.210 (N)
//	C NASJONAL DATA AS    0301 L2  AS, 500 staff (large)  NACE 62.020 (J)
//	D SANDEFJORD KOMMUNE  3907 L1  KOMM (public)          NACE 84.110 (O)
//	E LOKAL FORENING      3909 L0  FLI (social), 3 staff  NACE 94.991 (S)
//	F SVENSK AB           SE   L3  NUF, no head count     NACE 46.510 (G)
//	U Ukjent Firma        — unresolved, no number          unknown
//
// 2024 lines in scope: A 300 000 + 100 000, B 200 000, C 150 000, D 100 000,
// E 50 000, F 60 000, U 40 000 = 1 000 000.00.
// 2024 lines out of scope: 1470 grant 30 000 (art 4xx), 1010 pay 20 000
// (art 0xx), 1290 internal 10 000 (art 290) = 60 000.00.
// 2023 lines: A 300 000, C 700 000 = 1 000 000.00.
func fixture(t *testing.T) (*duckdb.DB, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "f.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, b, c, d, e, f := org("92360901"), org("97476067"), org("98246371"), org("91629268"), org("88964078"), org("91234567")
	reg := "scheme,id,name,postcode,municipality,country,nace,employees,legal_form\n" +
		"NO-BRC," + a + ",LOKAL BYGG AS,3290,3909,NO,41.200,12,AS\n" +
		"NO-BRC," + b + ",REGION RENHOLD AS,3211,3907,NO,81.210,60,AS\n" +
		"NO-BRC," + c + ",NASJONAL DATA AS,0150,0301,NO,62.020,500,AS\n" +
		"NO-BRC," + d + ",SANDEFJORD KOMMUNE,3211,3907,NO,84.110,2000,KOMM\n" +
		"NO-BRC," + e + ",LOKAL FORENING,3260,3909,NO,94.991,3,FLI\n" +
		"NO-BRC," + f + ",SVENSK AB,11120,,SE,46.510,,NUF\n"
	regFile := filepath.Join(dir, "reg.csv")
	os.WriteFile(regFile, []byte(reg), 0o644)
	rr, err := regcsv.Open(regFile)
	if err != nil {
		t.Fatal(err)
	}
	rb := cityspend.RegisterBatch{Source: "csv", FileName: "reg.csv"}
	if err := st.ImportRegister(ctx, &rb, rr); err != nil {
		t.Fatal(err)
	}
	rr.Close()
	buyer := cityspend.Buyer{ID: "9999", Name: "Testkommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, buyer); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPlaceRules(ctx, "9999", []cityspend.PlaceRule{{Band: "deprived", Kind: "postcode_prefix", Value: "329"}}); err != nil {
		t.Fatal(err)
	}
	lines := "dato;leverandør;orgnr;konto;beløp\n" +
		"15.01.2024;Lokal Bygg AS;" + a + ";1270;300000,00\n" +
		"15.02.2024;Lokal Bygg AS;" + a + ";3230;100000,00\n" +
		"15.03.2024;Region Renhold AS;" + b + ";1260;200000,00\n" +
		"15.04.2024;Nasjonal Data AS;" + c + ";1195;150000,00\n" +
		"15.05.2024;Sandefjord kommune;" + d + ";1350;100000,00\n" +
		"15.06.2024;Lokal Forening;" + e + ";1270;50000,00\n" +
		"15.07.2024;Svensk AB;" + f + ";1200;60000,00\n" +
		"15.08.2024;Ukjent Firma;;1120;40000,00\n" +
		"15.09.2024;Lokal Forening;" + e + ";1470;30000,00\n" +
		"15.10.2024;Ola Nordmann;;1010;20000,00\n" +
		"15.11.2024;Testkommune;;1290;10000,00\n" +
		"15.01.2023;Lokal Bygg AS;" + a + ";1270;300000,00\n" +
		"15.02.2023;Nasjonal Data AS;" + c + ";1195;700000,00\n"
	ledgerFile := filepath.Join(dir, "ledger.csv")
	os.WriteFile(ledgerFile, []byte(lines), 0o644)
	if _, err := ledger.ImportFile(ctx, st, buyer, ledgerFile, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, "9999"); err != nil {
		t.Fatal(err)
	}
	if err := RefreshScope(ctx, st, "9999"); err != nil {
		t.Fatal(err)
	}
	// The follow-up done by hand (enrich, which imports this package,
	// would classify too): its mark cleared as enrich.Run clears it.
	pending, err := st.PendingFollowUps(ctx, "")
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending after the import: %+v %v", pending, err)
	}
	if err := st.FollowUpsDone(ctx, pending); err != nil {
		t.Fatal(err)
	}
	// The survey: A answers; E does not and is imputed.
	if err := st.PutSurveyResponses(ctx, "9999", 2024, []cityspend.SurveyResponse{{SupplierID: "org:NO-BRC:" + a,
		Turnover: 100000000, WageBill: 40000000, StaffTotal: 10, StaffLocal: 5, NonWageCosts: 50000000, NonWageLocalPct: 4000,
		JobsCreated: 2, Apprenticeships: 1, RealLivingWage: true}}); err != nil {
		t.Fatal(err)
	}
	return st, a
}

func TestAnalysisByHand(t *testing.T) {
	ctx := context.Background()
	st, a := fixture(t)
	an, err := Analyse(ctx, st, "9999", 2024, Options{TopN: 3})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("total_spend", an.TotalSpend, "1000000.00")
	check("excluded_spend", an.ExcludedSpend, "60000.00") // 30 000 + 20 000 + 10 000
	check("excluded reasons", len(an.Excluded), 3)
	check("suppliers", an.Suppliers, 7)
	check("lines", an.Lines, 8)
	// Bands: L0 = A 400 000 + E 50 000; L1 = B 200 000 + D 100 000; L2 = C; L3 = F; unknown = U.
	check("L0", an.Bands["L0"].Spend, "450000.00")
	check("L1", an.Bands["L1"].Spend, "300000.00")
	check("L2", an.Bands["L2"].Spend, "150000.00")
	check("L3", an.Bands["L3"].Spend, "60000.00")
	check("unknown", an.Bands["unknown"].Spend, "40000.00")
	// Unknown is unknown: the shares are of the 960 000 whose place is
	// known (coverage 0.96); U's 40 000 is not leakage.
	check("place coverage", an.LocalShare.Coverage, 0.96)
	check("local share L0", an.LocalShare.L0, 0.46875)      // 450 000 / 960 000
	check("local share L0+L1", an.LocalShare.L0L1, 0.78125) // 750 000 / 960 000
	check("leakage outside L0", an.Leakage.OutsideL0, "510000.00")
	check("leakage outside L0+L1 share", an.Leakage.OutsideL1Share, 0.21875) // 210 000 / 960 000
	check("leakage coverage", an.Leakage.Coverage, 0.96)
	check("unknown band share (of all)", an.Bands["unknown"].Share, 0.04)
	// Types: public D 100 000, social E 50 000, small A 400 000, medium B
	// 200 000, large C 150 000, unknown F + U 100 000; SME = 600 000 of
	// the 900 000 whose type is known (F and U are not "large").
	check("public", an.BusinessTypes["public"].Spend, "100000.00")
	check("social", an.BusinessTypes["social_enterprise"].Spend, "50000.00")
	check("small", an.BusinessTypes["small"].Spend, "400000.00")
	check("unknown type", an.BusinessTypes["unknown"].Spend, "100000.00")
	check("type coverage", an.TypeCoverage, 0.9)
	check("SME share", fmt.Sprintf("%.4f", an.SMEShare), "0.6667")
	check("large share", fmt.Sprintf("%.4f", an.BusinessTypes["large"].Share), "0.1667") // 150 000 / 900 000
	check("deprived", an.Deprived.Spend, "400000.00")                                    // A, postcode 3290
	// Top 3: A, B, C = 750 000; coverage 0.75; L0 within = 400 000 / 750 000.
	check("coverage", an.Coverage, 0.75)
	check("top-3 L0 share", fmt.Sprintf("%.4f", an.TopNPopulation.LocalShare.L0), "0.5333")
	check("top supplier", an.TopSuppliers[0].OrgNumber, a)
	// Sectors: F 400 000 all local; the first gap is division 81 (B, 200 000, none local).
	check("first sector", an.Sectors[0].Section+" "+an.Sectors[0].Spend.String()+" "+fmt.Sprint(an.Sectors[0].LocalShare), "F 400000.00 1")
	check("first gap", an.MarketGaps[0].Division+" "+an.MarketGaps[0].Leaking.String(), "81 200000.00")
	// Trend: 2023 L0 = 300 000 / 1 000 000 = 0.30 (every place known);
	// 2024 0.46875: +16.875 pp, and 960 000 × 0.16875 = 162 000 more
	// retained locally (of the spend whose place is known). SME 0.30 →
	// 0.6667.
	check("trend years", len(an.Trend), 2)
	check("change L0 pp", an.Trend[1].ChangeL0PP, 16.88)
	check("change SME pp", an.Trend[1].ChangeSMEPP, 36.67)
	check("extra retained locally", an.Trend[1].ExtraRetainedLocally, "162000.00")
	// LM3: A's r = (400 000 × 5/10 + 500 000 × 40 %) / 1 000 000 = 0.4;
	// E (no answer) gets 0.4 by imputation. R1 = 1 000 000, R2 = 450 000,
	// R3 = 450 000 × 0.4 = 180 000; LM3 = 1 630 000 / 1 000 000 = 1.63.
	if an.LM3 == nil {
		t.Fatal("no LM3")
	}
	check("R2", an.LM3.R2, "450000.00")
	check("R3", an.LM3.R3, "180000.00")
	check("LM3", an.LM3.Value, 1.63)
	check("imputed", an.LM3.Imputed, 1)
	check("imputed share of R2", an.LM3.ImputedSpendShare, 0.1111) // 50 000 / 450 000
	check("jobs", an.LM3.SocialValue.JobsCreated, 2)

	// The bands add up to the total, in money.
	var sum cityspend.Amount
	for _, b := range an.Bands {
		sum += b.Spend
	}
	check("bands add up", sum, an.TotalSpend)

	// Golden file of the whole JSON.
	got, _ := json.MarshalIndent(an, "", "  ")
	golden := filepath.Join("testdata", "analysis.golden.json")
	if *update {
		os.WriteFile(golden, append(got, '\n'), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("analysis JSON differs from %s (run go test ./indicator -update after checking)", golden)
	}

	// Filters narrow every figure.
	local, err := Analyse(ctx, st, "9999", 2024, Options{Filters: Filters{Place: "L0"}})
	if err != nil {
		t.Fatal(err)
	}
	check("filtered total", local.TotalSpend, "450000.00")
	small, _ := Analyse(ctx, st, "9999", 2024, Options{Filters: Filters{Type: "small"}})
	check("filtered by type", small.TotalSpend, "400000.00")
	inv, _ := Analyse(ctx, st, "9999", 2024, Options{Filters: Filters{AccountGroup: "3"}})
	check("filtered by account group", inv.TotalSpend, "100000.00")
}

// The worked example of METHODS §1: R1 = 100, R2 = 60, mean r = 0.4 →
// R3 = 24 → LM3 = 1.84.
func TestLM3WorkedExample(t *testing.T) {
	rows := []cityspend.SupplierSpend{
		{SupplierProfile: cityspend.SupplierProfile{SupplierID: "a", Place: "L0", NACESection: "F", Size: "small"}, Spend: 3000},
		{SupplierProfile: cityspend.SupplierProfile{SupplierID: "b", Place: "L0", NACESection: "F", Size: "small"}, Spend: 3000},
		{SupplierProfile: cityspend.SupplierProfile{SupplierID: "c", Place: "L2"}, Spend: 4000},
	}
	// a: r = 0.3; b: r = 0.5 → mean 0.4 (equal spend).
	answers := []cityspend.SurveyResponse{
		{SupplierID: "a", Turnover: 1000, WageBill: 300, StaffTotal: 1, StaffLocal: 1, NonWageCosts: 0, NonWageLocalPct: 0},
		{SupplierID: "b", Turnover: 1000, WageBill: 500, StaffTotal: 2, StaffLocal: 2, NonWageCosts: 0, NonWageLocalPct: 0},
	}
	m := ComputeLM3(rows, answers)
	if m.R1 != 10000 || m.R2 != 6000 || m.R3 != 2400 || m.Value != 1.84 || m.RespendPerUnit != 0.4 || m.Imputed != 0 {
		t.Errorf("LM3 %+v", m)
	}
	// Without b's answer, b is imputed from a (same sector and size): r = 0.3.
	m = ComputeLM3(rows, answers[:1])
	if m.Imputed != 1 || m.R3 != 1800 || m.ImputedSpendShare != 0.5 {
		t.Errorf("imputed LM3 %+v", m)
	}
	// No answers at all: nothing to impute from.
	if m := ComputeLM3(rows, nil); m.NotImputed != 2 || m.R3 != 0 || m.Value != 1.6 {
		t.Errorf("no answers %+v", m)
	}
}

func TestScopeRules(t *testing.T) {
	rules := DefaultScopeRules("NO")
	tests := []struct {
		code string
		in   bool
		why  string
	}{
		{"1270", true, "art 100–285"}, {"3230", true, "art 100–285"}, {"12701", true, "art 100–285"}, {"1370", true, "art 300–380"},
		{"1290", false, "internal"}, {"1010", false, "pay"}, {"1470", false, "transfers"}, {"1429", false, "transfers"},
		{"1500", false, "finance"}, {"1620", false, "income"}, {"2270", false, "neither an operating"}, {"1390", false, "381–399"},
		{"BookingCode001", true, "outside the chart"}, {"", true, "no account code"}, {"K9534", true, "outside the chart"},
	}
	for _, tt := range tests {
		d := Decide(rules, cityspend.Account{Code: tt.code})
		if d.InScope != tt.in || !strings.Contains(d.Reason, tt.why) {
			t.Errorf("%q: %v %q, want %v %q", tt.code, d.InScope, d.Reason, tt.in, tt.why)
		}
	}
	// A buyer's own rule comes first.
	own := append([]cityspend.ScopeRule{{Action: "exclude", Pattern: "text:refund", Reason: "refunds"}}, rules...)
	if d := Decide(own, cityspend.Account{Code: "1270", Text: "AR Refunds"}); d.InScope || d.Reason != "refunds" {
		t.Errorf("own rule %+v", d)
	}
	// Countries without a shipped table exclude nothing by default (the
	// UK has one since issue 17: TestScopeRulesUK).
	if len(DefaultScopeRules("DE")) != 0 {
		t.Error("no default exclusions without a country table")
	}
	for _, bad := range []cityspend.ScopeRule{{Action: "maybe", Pattern: "*", Reason: "x"}, {Action: "include", Pattern: "kostra:12", Reason: "x"},
		{Action: "include", Pattern: "regex:.*", Reason: "x"}, {Action: "exclude", Pattern: "prefix:K", Reason: ""}} {
		if ValidateScopeRule(bad) == nil {
			t.Errorf("%+v must be invalid", bad)
		}
	}
}
