// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/indicator"
)

// ukCouncil is one of the two real council publishers, as a GB buyer with
// its local authority district's GSS code.
type ukCouncil struct {
	id, name string
	dir      string   // under ../shared/data
	years    []int    // fiscal years (April) the ledgers cover
	bodies   []string // public bodies its ledger pays, as spelt there
	reasons  []string // reasons their payments are excluded for
}

var ukCouncils = []ukCouncil{
	{id: "E07000178", name: "Oxford City Council", dir: "uk-spend", years: []int{2013, 2017},
		bodies: []string{"HMRC", "OXFORDSHIRE COUNTY COUNCIL", "KENT COUNTY COUNCIL", "OXFORDSHIRE COUNTY COUNCIL PENSION FUND",
			"LITTLEMORE PARISH COUNCIL", "THAMES VALLEY POLICE AUTHORITY", "SOUTH OXFORDSHIRE DISTRICT COUNCIL"},
		reasons: []string{"taxes, duties and national insurance", "pension contributions and pension costs",
			"payments to other public bodies", "precepts, levies and payments to parish councils"}},
	{id: "E07000120", name: "Hyndburn Borough Council", dir: "uk-spend-hyndburn", years: []int{2016, 2017, 2018, 2019, 2020},
		bodies: []string{"H M REVENUE & CUSTOMS", "LANCASHIRE COUNTY COUNCIL", "LCC", "BLACKBURN WITH DARWEN B.C.",
			"BLACKBURN WITH DARWEN BOROUGH COUNCIL", "RIBBLE VALLEY B.C.", "GREATER MANCHESTER PENSION FUND", "HYNDBURN BOROUGH COUNCIL",
			"ALTHAM PARISH COUNCIL", "TAMESIDE MBC"},
		reasons: []string{"taxes, duties and national insurance", "pension contributions and pension costs",
			"payments to other public bodies", "payments to the council itself"}},
}

// notSupplier recognises, independently of refdata/publicbody, the names
// of payees the ledgers pay that are not suppliers in the market: the
// tax authority, councils (also abbreviated, and "LCC", Lancashire County
// Council in Hyndburn's ledger), police authorities and pension funds.
var notSupplier = regexp.MustCompile(`(?i)revenue (and|&) customs|\bHMRC\b|\bcouncil\b|\bB\.C\.|\bMBC\b|\bDC$|^LCC$|pension fund|police`)

// notSupplierButNotPublic are names notSupplier matches that are no
// public body's payments (or no longer one's), with why; they may stay in
// scope.
var notSupplierButNotPublic = map[string]string{
	"DISTRICT COUNCILS NETWORK": "an association of councils (membership fees)",
	"DESIGN COUNCIL":            "a charity",
	"SOUTH WEST COUNCILS":       "an employers' organisation of councils (training)",
	"RETAILCHIC PENSION FUND":   "a private pension scheme, paid as a landlord",
	"BOSTON BROROUGH COUNCIL":   "a council misspelt in Oxford's ledger (£742.25): the defaults cannot know it; a buyer rule can",
}

// ukAcceptanceData is the invented register and postcode directory of
// testdata/uk-acceptance (README.md there).
const ukAcceptanceData = "testdata/uk-acceptance"

// Issue 17's acceptance on the real ledgers of Oxford City Council (2014,
// 2017) and Hyndburn Borough Council (2017–2020), with an invented
// Companies House file for their largest 100 payees and an invented
// postcode directory (testdata/uk-acceptance), and the real English
// indices of deprivation 2019:
//   - payments to HMRC, councils (county, district, parish) and pension
//     funds are excluded with their reasons, and no such payee keeps any
//     procurement spend;
//   - the resolved payees are the units the register file was written for,
//     and get their places from their postcodes;
//   - analyse states the local share over the spend whose place is known,
//     with that coverage beside it (below 1: the smaller payees stay
//     unknown);
//   - findings on the ledgers moved to 2024 (the UK thresholds in force
//     start then) never name HMRC, a council or a pension fund as a
//     possible direct award; with every line in scope (the control) some
//     do.
//
// The figures are logged (go test -v -run TestUKLedgersAcceptance) and
// written up in docs/scope.md ("On real ledgers").
func TestUKLedgersAcceptance(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("SKIP: loads 42 real ledger files (-short)")
	}
	dirs := map[string]string{}
	for _, c := range ukCouncils {
		dirs[c.id] = sharedData(t, c.dir)
	}
	imd := filepath.Join(filepath.Dir(dirs[ukCouncils[0].id]), "reference", "uk_imd2019", "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz")
	if _, err := os.Stat(imd); err != nil {
		t.Logf("%s is not there: the deprived-area share is not checked", imd)
		imd = ""
	}
	register := filepath.Join(ukAcceptanceData, "BasicCompanyData-TESTDATA.csv")
	postcodes := filepath.Join(ukAcceptanceData, "ONSPD-TESTDATA.csv")
	want := registerPayees(t)

	db := filepath.Join(t.TempDir(), "uk.duckdb")
	for _, c := range ukCouncils {
		mustCLI(t, "buyer", "add", "--db", db, "--id", c.id, "--name", c.name, "--country", "GB", "--municipality", c.id, "--currency", "GBP")
		importCouncilLedgers(t, db, c.id, dirs[c.id])
	}
	var units struct {
		Read   int `json:"units_read"`
		Loaded int `json:"units_loaded"`
	}
	decodeJSON(t, mustCLI(t, "import", "register", "companies-house", "--db", db, "--json", register), &units)
	if units.Read != 100 || units.Loaded != 100 {
		t.Fatalf("register: %+v, want 100 units read and loaded", units)
	}
	mustCLI(t, "import", "postcodes", "--db", db, "--country", "GB", postcodes)
	if imd != "" {
		mustCLI(t, "import", "deprivation", "--db", db, imd)
	}

	resolvedUnits := map[string]bool{}
	for _, c := range ukCouncils {
		if imd != "" {
			mustCLI(t, "buyer", "places", "--db", db, "--id", c.id, "--deprived-decile", "2")
		}
		t.Run(c.name, func(t *testing.T) {
			checkExcluded(t, db, c)
			for org := range checkResolved(t, db, c, want) {
				resolvedUnits[org] = true
			}
			for _, y := range c.years {
				checkAnalysis(t, db, c, y, imd != "")
			}
		})
	}
	t.Logf("register units resolved to a payee of either council: %d of 100", len(resolvedUnits))
	if len(resolvedUnits) < 95 {
		t.Errorf("only %d of the 100 register units were resolved to a payee", len(resolvedUnits))
	}

	t.Run("findings", func(t *testing.T) { checkUKFindings(t, dirs, register) })
}

// importCouncilLedgers imports every CSV of a council's folder; a file of
// spreadsheet serial dates only (Hyndburn's 1908.csv) with
// --date-format excel-serial.
func importCouncilLedgers(t *testing.T, db, buyer, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no ledgers (%v)", dir, err)
	}
	sort.Strings(files)
	args := []string{"import", "ledger", "--db", db, "--buyer", buyer, "--json", "--no-classify"}
	for _, f := range files {
		if filepath.Base(f) == "1908.csv" {
			mustCLI(t, "import", "ledger", "--db", db, "--buyer", buyer, "--json", "--no-classify", "--date-format", "excel-serial", f)
			continue
		}
		args = append(args, f)
	}
	mustCLI(t, args...)
}

// registerPayees maps each payee name of payees.tsv (as the ledgers spell
// it) to the registered name written for it.
func registerPayees(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(ukAcceptanceData, "payees.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			c := strings.Split(l, "\t")
			for _, p := range strings.Split(c[0], " / ") {
				out[p] = c[1]
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// excludedLine is a line of `buyer scope`'s excluded spend by reason.
var excludedLine = regexp.MustCompile(`^\s+(-?\d+\.\d\d)\s+(\d+) lines\s+(\d+) suppliers\s+(.+)$`)

// checkExcluded: `buyer scope --excluded` names the bodies and the
// reasons, and no payee notSupplier recognises keeps procurement spend in
// any year (analyse's suppliers, all of them).
func checkExcluded(t *testing.T, db string, c ukCouncil) {
	out := mustCLI(t, "buyer", "scope", "--db", db, "--id", c.id, "--excluded")
	for _, w := range append(append([]string{}, c.reasons...), c.bodies...) {
		if !strings.Contains(out, w) {
			t.Errorf("buyer scope --excluded lacks %q", w)
		}
	}
	var total big.Rat
	byReason := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if l == "by reason and supplier:" {
			break
		}
		if m := excludedLine.FindStringSubmatch(l); m != nil {
			byReason[m[4]] = m[1]
			r, _ := new(big.Rat).SetString(m[1])
			total.Add(&total, r)
		}
	}
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		t.Logf("excluded, all years: %12s  %s", byReason[r], r)
	}
	t.Logf("excluded, all years: %12s  in all", total.FloatString(2))
	for _, y := range c.years {
		var a indicator.Analysis
		decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", c.id, "--year", strconv.Itoa(y), "--top", "100000", "--json"), &a)
		for _, s := range a.TopSuppliers {
			if notSupplier.MatchString(strings.TrimSpace(s.Name)) && notSupplierButNotPublic[strings.TrimSpace(s.Name)] == "" {
				t.Errorf("%d: %q keeps %s of procurement spend", y, s.Name, s.Spend)
			}
		}
	}
}

// ukSupplier is a line of `suppliers --json`.
type ukSupplier struct {
	ID          string `json:"supplier_id"`
	Name        string `json:"name"`
	OrgNumber   string `json:"org_number"`
	Method      string `json:"match_method"`
	Place       string `json:"place"`
	PlaceReason string `json:"place_reason"`
	Type        string `json:"type"`
	Spend       string `json:"spend"`
}

// checkResolved: every payee resolved is resolved to the unit written for
// it (one not in payees.tsv to a unit of its own name, give or take the
// legal form), a resolved unit with a UK postcode is placed by
// it, and the places are the bands the invented postcodes lie in. It
// returns the units resolved.
func checkResolved(t *testing.T, db string, c ukCouncil, want map[string]string) map[string]bool {
	var sups []ukSupplier
	decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", c.id, "--json"), &sups)
	byID := map[string]ukSupplier{}
	for _, s := range sups {
		byID[s.ID] = s
	}
	var payees []struct {
		Payee struct {
			Name string `json:"name"`
		} `json:"payee"`
		Resolution struct {
			SupplierID string `json:"supplier_id"`
			Method     string `json:"method"`
		} `json:"resolution"`
		Spend string `json:"spend"`
	}
	decodeJSON(t, mustCLI(t, "suppliers", "payees", "--db", db, "--buyer", c.id, "--json"), &payees)
	units := map[string]bool{}
	var all, resolved big.Rat
	var unresolvedListed []string
	for _, p := range payees {
		spend, ok := new(big.Rat).SetString(p.Spend)
		if !ok {
			t.Fatalf("payee %q: spend %q", p.Payee.Name, p.Spend)
		}
		all.Add(&all, spend)
		s, isOrg := byID[p.Resolution.SupplierID]
		isOrg = isOrg && s.OrgNumber != ""
		name := strings.TrimSpace(p.Payee.Name)
		wantName, listed := want[name]
		switch {
		case isOrg && listed && s.Name != wantName:
			t.Errorf("payee %q resolved to %q, the register file has %q for it", name, s.Name, wantName)
		case isOrg && !listed && withoutLegalForm(name) != withoutLegalForm(s.Name):
			t.Errorf("payee %q, not in payees.tsv, resolved to %q", name, s.Name)
		case !isOrg && listed:
			unresolvedListed = append(unresolvedListed, name)
		}
		if !isOrg {
			continue
		}
		resolved.Add(&resolved, spend)
		units[s.OrgNumber] = true
	}
	if len(unresolvedListed) > 0 {
		t.Logf("payees of payees.tsv left unresolved: %q", unresolvedListed)
	}
	share, _ := new(big.Rat).Quo(&resolved, &all).Float64()
	t.Logf("resolved: %d register units, %s of %s of all the spend (%.1f %%)", len(units), resolved.FloatString(2), all.FloatString(2), 100*share)

	for _, s := range sups {
		if s.OrgNumber == "" {
			continue
		}
		abroad := strings.HasPrefix(s.OrgNumber, "FC")
		switch {
		case abroad && s.Place != "unknown":
			t.Errorf("%s, registered abroad: place %s (%s)", s.Name, s.Place, s.PlaceReason)
		case !abroad && (s.Place == "unknown" || !strings.Contains(s.PlaceReason, "by postcode")):
			t.Errorf("%s: place %s (%s), want one by its postcode", s.Name, s.Place, s.PlaceReason)
		}
	}
	bands := map[string]map[string]string{
		"E07000178": {"OXFORD & DISTRICT BUILDING SERVICES LIMITED": "L0", "CHAMPION EMPLOYMENT LIMITED": "L1",
			"WILLMOTT DIXON CONSTRUCTION LIMITED": "L2", "THE LOW CARBON HUB C.I.C.": "L0"},
		"E07000120": {"ROSS LEE CONSTRUCTION LIMITED": "L0", "MGB PLASTICS LIMITED": "L1", "RAPID RECRUITMENT LIMITED": "L2",
			"POLLOCK LIFTS LIMITED": "L2", "ZURICH INSURANCE PLC": "unknown", "HARV DOMESTIC VIOLENCE TEAM": "L0"},
	}[c.id]
	social := map[string]bool{"THE LOW CARBON HUB C.I.C.": true, "HARV DOMESTIC VIOLENCE TEAM": true}
	for _, s := range sups {
		if b, ok := bands[s.Name]; ok {
			if s.Place != b {
				t.Errorf("%s: place %s (%s), want %s", s.Name, s.Place, s.PlaceReason, b)
			}
			if social[s.Name] != (s.Type == "social_enterprise") {
				t.Errorf("%s: type %s", s.Name, s.Type)
			}
			delete(bands, s.Name)
		}
	}
	if len(bands) > 0 {
		t.Errorf("not among the suppliers: %v", bands)
	}
	return units
}

// legalForms are the words of a UK company's legal form.
var legalForms = regexp.MustCompile(`\b(LTD|LIMITED|PLC|LLP|CIC)\b`)

// withoutLegalForm is a name in upper case without its legal form and
// punctuation, to tell the same company under another spelling of its
// form ("VENN GROUP", "VENN GROUP LIMITED").
func withoutLegalForm(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return ' '
	}, strings.ToUpper(s))
	return strings.Join(strings.Fields(legalForms.ReplaceAllString(s, " ")), " ")
}

// checkAnalysis: the local share is of the spend whose place is known,
// with that coverage beside it, below 1; the leakage has the same
// coverage; the deprived share is of the known spend too.
func checkAnalysis(t *testing.T, db string, c ukCouncil, year int, deprived bool) {
	var a indicator.Analysis
	decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", c.id, "--year", strconv.Itoa(year), "--json"), &a)
	money := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%d: amount %q", year, s)
		}
		return f
	}
	total := money(a.TotalSpend.String())
	known := total - money(a.Bands["unknown"].Spend.String())
	l0 := money(a.Bands["L0"].Spend.String())
	l1 := money(a.Bands["L1"].Spend.String())
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	if total <= 0 || known <= 0 {
		t.Fatalf("%d: total %v, known %v", year, total, known)
	}
	cov := known / total
	if !near(a.LocalShare.Coverage, cov) || !near(a.PlaceCoverage, cov) || !near(a.Leakage.Coverage, cov) || cov >= 1 {
		t.Errorf("%d: coverage %v (local share), %v (place), %v (leakage); want %v, below 1", year, a.LocalShare.Coverage, a.PlaceCoverage,
			a.Leakage.Coverage, cov)
	}
	if !near(a.LocalShare.L0, l0/known) || !near(a.LocalShare.L0L1, (l0+l1)/known) {
		t.Errorf("%d: local share L0 %v, L0+L1 %v; of the known spend %v, %v (of all: %v)", year, a.LocalShare.L0, a.LocalShare.L0L1,
			l0/known, (l0+l1)/known, l0/total)
	}
	if deprived && !near(a.Deprived.Share, money(a.Deprived.Spend.String())/known) {
		t.Errorf("%d: deprived share %v, want %v of the known spend", year, a.Deprived.Share, money(a.Deprived.Spend.String())/known)
	}
	t.Logf("%d: procurement %s, excluded %s; local share L0 %.1f %%, L0+L1 %.1f %% of the %.1f %% whose place is known; deprived areas %.1f %%; unresolved %s",
		year, a.TotalSpend, a.ExcludedSpend, 100*a.LocalShare.L0, 100*a.LocalShare.L0L1, 100*cov, 100*a.Deprived.Share,
		a.DataQuality.UnresolvedSpend)
}

// movedYears moves the dates of 2017 and 2018 (written dd/mm/yyyy or
// dd/mm/yy) seven years on, to 2024 and 2025.
var movedYears = regexp.MustCompile(`\b(\d{1,2}/\d{1,2}/)(?:20)?(1[78])\b`)

// checkUKFindings: the councils' 2017 and 2018 ledgers, moved to 2024 and
// 2025 where the UK thresholds are in force, give findings; none of those
// that name a supplier names one notSupplier recognises; with every line in
// scope (the control) some do.
func checkUKFindings(t *testing.T, dirs map[string]string, register string) {
	db := filepath.Join(t.TempDir(), "moved.duckdb")
	moved := t.TempDir()
	for _, c := range ukCouncils {
		mustCLI(t, "buyer", "add", "--db", db, "--id", c.id, "--name", c.name, "--country", "GB", "--municipality", c.id, "--currency", "GBP")
		files, err := filepath.Glob(filepath.Join(dirs[c.id], "*.csv"))
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"import", "ledger", "--db", db, "--buyer", c.id, "--json", "--no-classify"}
		n := 0
		for _, f := range files {
			b := filepath.Base(f)
			if c.id == "E07000120" && !strings.HasPrefix(b, "17") && !strings.HasPrefix(b, "18") ||
				c.id == "E07000178" && !strings.Contains(b, "2017") {
				continue
			}
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out := movedYears.ReplaceAllFunc(raw, func(m []byte) []byte {
				s := movedYears.FindSubmatch(m)
				y, _ := strconv.Atoi(string(s[2]))
				return append(append([]byte{}, s[1]...), strconv.Itoa(2000+y+7)...)
			})
			p := filepath.Join(moved, c.id+"-"+b)
			if err := os.WriteFile(p, out, 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, p)
			n++
		}
		if n == 0 {
			t.Fatalf("%s: no ledgers of 2017 or 2018", c.name)
		}
		mustCLI(t, args...)
	}
	mustCLI(t, "import", "register", "companies-house", "--db", db, register)
	named := func(buyer string) (findings int, bodies []string, leftOut int) {
		t.Helper()
		var sups []ukSupplier
		decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", buyer, "--json"), &sups)
		names := map[string]string{}
		for _, s := range sups {
			names[s.ID] = s.Name
		}
		out := mustCLI(t, "findings", "--db", db, "--buyer", buyer, "--json")
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if l == "" {
				continue
			}
			var f struct {
				Kind       string `json:"kind"`
				Supplier   string `json:"supplier"`
				Amount     string `json:"amount"`
				Exemptions []struct {
					Why string `json:"why"`
					Arg string `json:"arg"`
				} `json:"exemptions_checked"`
			}
			if err := json.Unmarshal([]byte(l), &f); err != nil {
				t.Fatalf("finding %q: %v", l, err)
			}
			findings++
			for _, c := range f.Exemptions {
				if n, err := strconv.Atoi(c.Arg); err == nil && c.Why == "suppliers_left_out" {
					leftOut += n
				}
			}
			if f.Supplier == "" {
				continue
			}
			name, ok := names[f.Supplier]
			if !ok {
				name = strings.TrimPrefix(f.Supplier, "name:")
			}
			if notSupplier.MatchString(name) && notSupplierButNotPublic[name] == "" {
				bodies = append(bodies, f.Kind+" "+f.Amount+": "+name)
			}
		}
		return findings, bodies, leftOut
	}
	for _, c := range ukCouncils {
		n, bodies, _ := named(c.id)
		if n == 0 || len(bodies) > 0 {
			t.Errorf("%s: %d findings; naming bodies that are not suppliers: %q", c.name, n, bodies)
		}
		t.Logf("%s: %d findings on the ledgers of 2017–2018 moved to 2024–2025", c.name, n)
	}
	hyn := ukCouncils[1]
	mustCLI(t, "buyer", "scope", "--db", db, "--id", hyn.id, "--rule", "include * the control: every line")
	// The control: with every line in scope the public bodies' spend reaches
	// the findings, and the exemption for purchases between public bodies
	// (not the scope) keeps them out: no finding names one, and the
	// categories' findings say how many such suppliers they left out.
	if _, bodies, leftOut := named(hyn.id); len(bodies) > 0 || leftOut == 0 {
		t.Errorf("the control: with every line in scope, findings name %q and leave out %d public suppliers (the test shows nothing)", bodies, leftOut)
	} else {
		t.Logf("the control: the findings left out %d public suppliers' spend", leftOut)
	}
}
