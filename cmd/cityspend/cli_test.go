// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/pdf"
)

func TestBuyerCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "no", "--municipality", "3909")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "HAA", "--name", "Haarlem", "--country", "NL")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "PRE", "--name", "Preston", "--country", "GB")
	var bs []map[string]any
	decodeJSON(t, mustCLI(t, "buyer", "list", "--db", db, "--json"), &bs)
	cur := map[string]string{}
	for _, b := range bs {
		cur[b["id"].(string)] = b["currency"].(string)
	}
	if cur["3909"] != "NOK" || cur["HAA"] != "EUR" || cur["PRE"] != "GBP" {
		t.Errorf("default currencies %v", cur)
	}
	if code, _, errs := cli(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Again", "--country", "NO"); code != 1 || !strings.Contains(errs, "exists") {
		t.Errorf("duplicate: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "buyer", "add", "--db", db, "--id", "X", "--name", "X", "--country", "ZZ"); code != 2 || !strings.Contains(errs, "currency") {
		t.Errorf("unknown country: exit %d, %q", code, errs)
	}
	if code, _, _ := cli(t, "buyer", "add", "--db", db, "--name", "No id", "--country", "NO"); code != 2 {
		t.Errorf("missing --id: exit %d, want 2", code)
	}
	// The environment names the database when --db is not given.
	t.Setenv("CITYSPEND_DB", db)
	if out := mustCLI(t, "buyer", "list"); !strings.Contains(out, "Haarlem") {
		t.Errorf("CITYSPEND_DB not used: %q", out)
	}
}

func TestImportAndAnalyse(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "a.duckdb")
	ledger := filepath.Join(dir, "ledger.csv")
	mustCLI(t, "gen", "ledger", "--lines", "3000", "--seed", "5", "--year", "2024", "--format", "messy", "-o", ledger)
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")

	// A dry run shows the mapping and the first rows and stores nothing.
	out := mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--dry-run", ledger)
	for _, want := range []string{"windows-1252", `";"`, "→ supplier_name", "→ amount", "first rows", "would load"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	var dry map[string]any
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--dry-run", "--json", ledger), &dry)
	if dry["layout"] == nil || dry["preview"] == nil || dry["rows_loaded"].(float64) != 3000 {
		t.Errorf("dry run JSON %v", dry)
	}
	if n := countRows(t, db, "SELECT count(*) FROM payments"); n != 0 {
		t.Fatalf("dry run stored %d lines", n)
	}

	var s map[string]any
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--json", ledger), &s)
	for _, k := range []string{"file", "rows_read", "rows_loaded", "rows_rejected", "rows_duplicate", "amount_loaded", "currency", "rejects_file"} {
		if _, ok := s[k]; !ok {
			t.Errorf("import JSON lacks %q: %v", k, s)
		}
	}
	if !regexp.MustCompile(`^-?\d+\.\d\d$`).MatchString(s["amount_loaded"].(string)) {
		t.Errorf("amount_loaded %q is not a two-decimal string", s["amount_loaded"])
	}

	var a map[string]any
	decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", "3909", "--year", "2024", "--json"), &a)
	for _, k := range []string{"buyer", "year", "currency", "total_spend", "lines", "suppliers"} {
		if _, ok := a[k]; !ok {
			t.Errorf("analyse JSON lacks %q", k)
		}
	}
	if a["buyer"] != "3909" || a["currency"] != "NOK" || a["lines"].(float64) < 1000 {
		t.Errorf("analyse %v", a)
	}

	// Errors: a file that cannot be read fails; rejected rows alone do not.
	missing := filepath.Join(dir, "missing.csv")
	if code, _, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", missing); code != 1 || !strings.Contains(errs, "missing.csv") {
		t.Errorf("missing file: exit %d %q", code, errs)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("date,supplier,amount\n2024-01-05,A,1.00\n2024-01-06,B,lots\n"), 0o644)
	if code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", bad); code != 0 || !strings.Contains(out, "line 3") {
		t.Errorf("rejected rows: exit %d %q %q", code, out, errs)
	}
	if code, _, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "nobody", bad); code != 1 || !strings.Contains(errs, "no buyer") {
		t.Errorf("unknown buyer: exit %d %q", code, errs)
	}
	if code, _, _ := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", "--map", filepath.Join(dir, "nomap"), bad); code != 2 {
		t.Errorf("missing mapping file: exit %d, want 2", code)
	}
}

// The demo builds three municipalities and an English council and serves a
// page with real numbers.
func TestDemoServes(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	db := filepath.Join(t.TempDir(), "demo.duckdb")
	// Not a copy (startDemo): the demo builds it.
	base, c := serveDemo(t, db, "6000", 5*time.Minute)
	var as *http.Client = http.DefaultClient // anonymous, until the demo analyst logs in
	get := func(path string) string {
		resp, err := as.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	home := get("/")
	for _, name := range []string{"Larvik kommune", "Sandefjord kommune", "Tønsberg kommune", "Hollowmere District Council"} {
		if !strings.Contains(home, name) {
			t.Errorf("home page lacks %s", name)
		}
	}
	var a struct {
		TotalSpend string `json:"total_spend"`
		Year       int    `json:"year"`
	}
	if err := json.Unmarshal([]byte(get("/api/v1/buyers/3909/analysis")), &a); err != nil || a.TotalSpend == "0.00" {
		t.Fatalf("analysis %+v %v", a, err)
	}
	if page := get("/buyers/3909?lang=en"); !strings.Contains(page, "Synthetic data") || !strings.Contains(page, "<svg") {
		t.Error("the buyer page must label synthetic data and draw charts")
	}
	page := get("/buyers/3909?lang=nb")
	if !strings.Contains(page, "Syntetiske data") {
		t.Error("the Norwegian page must label synthetic data")
	}
	// The page shows the API's total, formatted the Norwegian way.
	whole := strings.Split(a.TotalSpend, ".")[0]
	var grouped []string
	for len(whole) > 3 {
		grouped = append([]string{whole[len(whole)-3:]}, grouped...)
		whole = whole[:len(whole)-3]
	}
	grouped = append([]string{whole}, grouped...)
	want := strings.Join(grouped, "\u00a0") + "," + strings.Split(a.TotalSpend, ".")[1] + "\u00a0kr"
	if !strings.Contains(page, want) {
		t.Errorf("page lacks the total %q", want)
	}

	// Findings and suppliers' pages are for the buyer's staff.
	for _, path := range []string{"api/v1/buyers/3909/findings", "api/v1/buyers/3909/suppliers"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s without a session: %d", path, resp.StatusCode)
		}
	}
	as = login(t, base, "analyst@larvik.demo", demoPassword)
	if sp := get("/buyers/3909/suppliers"); !strings.Contains(sp, `id="unknown-share"`) {
		t.Error("the suppliers page must show the share of spend whose place is unknown")
	}
	var sups []struct {
		Place       string `json:"place"`
		PlaceReason string `json:"place_reason"`
		Type        string `json:"type"`
		TypeReason  string `json:"type_reason"`
		Size        string `json:"size"`
		SizeBasis   string `json:"size_basis"`
		NACESection string `json:"nace_section"`
	}
	if err := json.Unmarshal([]byte(get("/api/v1/buyers/3909/suppliers")), &sups); err != nil || len(sups) < 100 {
		t.Fatalf("suppliers API: %d, %v", len(sups), err)
	}
	for _, s := range sups {
		if s.Place == "" || s.PlaceReason == "" || s.Type == "" || s.TypeReason == "" || s.Size == "" || s.SizeBasis == "" || s.NACESection == "" {
			t.Errorf("a demo supplier without a profile or reason: %+v", s)
		}
	}

	// A second demo run reuses the database.
	stopServe(t, c)
	c.Process = nil
	if out := mustCLI(t, "demo", "--db", db, "--no-serve"); !strings.Contains(out, "ready") {
		t.Errorf("rerun: %q", out)
	}
}

// The supplier commands on generated data: register import, evaluation,
// suppliers, payees and a decision.
func TestSupplierCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	reg := filepath.Join(dir, "enheter.json.gz")
	ledger := filepath.Join(dir, "ledger.csv")
	mustCLI(t, "gen", "register", "--seed", "9", "--units", "5000", "-o", reg)
	mustCLI(t, "gen", "ledger", "--seed", "9", "--lines", "3000", "-o", ledger)
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--municipality", "3909")
	var rs map[string]int64
	decodeJSON(t, mustCLI(t, "import", "register", "brreg", "--db", db, "--json", reg), &rs)
	if rs["units_read"] != 5000 || rs["units_loaded"] != 5000 || rs["units_rejected"] != 0 {
		t.Errorf("register import %v", rs)
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", ledger)
	var ev map[string]float64
	decodeJSON(t, mustCLI(t, "resolve", "evaluate", "--db", db, "--truth", ledger+".truth.csv", "--json"), &ev)
	if ev["names"] < 100 || ev["precision"] < 0.99 || ev["recall"] < 0.95 || ev["correct"] > ev["resolved"] {
		t.Errorf("evaluate %v", ev)
	}
	var sups []map[string]any
	decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", "3909", "--json"), &sups)
	if len(sups) < 50 {
		t.Fatalf("%d suppliers", len(sups))
	}
	for _, s := range sups {
		for _, k := range []string{"name", "org_number", "match_method", "score", "place", "type", "size", "nace", "spend"} {
			if _, ok := s[k]; !ok {
				t.Fatalf("supplier lacks %q: %v", k, s)
			}
		}
		switch s["place"] {
		case "L0", "L1", "L2", "L3", "unknown":
		default:
			t.Errorf("place %v", s["place"])
		}
	}
	var unresolved []map[string]any
	decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", "3909", "--unresolved", "--json"), &unresolved)
	for _, s := range unresolved {
		if s["org_number"] != "" && s["match_method"] != "id" {
			t.Errorf("--unresolved listed %v", s)
		}
	}
	var payees []map[string]any
	decodeJSON(t, mustCLI(t, "suppliers", "payees", "--db", db, "--buyer", "3909", "--json"), &payees)
	pid := fmt.Sprint(payees[0]["payee_id"])
	mustCLI(t, "suppliers", "override", "--db", db, "--buyer", "3909", "--payee", pid, "--to", "923609016", "--why", "test", "--who", "kari")
	decodeJSON(t, mustCLI(t, "suppliers", "payees", "--db", db, "--buyer", "3909", "--json"), &payees)
	r := payees[0]["resolution"].(map[string]any)
	if r["method"] != "manual" || r["supplier_id"] != "org:NO-BRC:923609016" {
		t.Errorf("override %v", r)
	}
	if code, _, _ := cli(t, "suppliers", "override", "--db", db, "--buyer", "3909", "--payee", pid, "--to", "923609016"); code != 2 {
		t.Errorf("an override without --why: exit %d", code)
	}
}

// The annual report as HTML (always) and PDF (with Chromium): the same
// figures as analyse --json, in the chosen language.
func TestReport(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	demoCopy(t, db, "3000")
	var a struct {
		TotalSpend string `json:"total_spend"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "analyse", "--db", db, "--buyer", "3909", "--year", "2025", "--json")), &a); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "r.html")
	mustCLI(t, "report", "--db", db, "--buyer", "3909", "--year", "2025", "--format", "html", "--lang", "en", "-o", html)
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	amt, _ := cityspend.ParseAmount(a.TotalSpend)
	for _, want := range []string{"Spend analysis 2025", i18n.New("en").Money(amt, "NOK"), "<style>", "<svg", "About the data", "Method"} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	if strings.Contains(page, `href="/static/`) || strings.Contains(page, `src="http`) {
		t.Error("the HTML report must be self-contained")
	}
	if code, _, errs := cli(t, "report", "--db", db, "--buyer", "3909", "--year", "2025", "--format", "doc", "-o", html); code == 0 || !strings.Contains(errs, "pdf or html") {
		t.Errorf("a bad format: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "report", "--db", db, "--buyer", "nope", "--year", "2025", "--format", "html", "-o", filepath.Join(dir, "x.html")); code == 0 || !strings.Contains(errs, "nope") {
		t.Errorf("an unknown buyer: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
		t.Error("a failed report must not leave a file")
	}

	if _, err := pdf.Browser(); err != nil {
		t.Skipf("PDF not tested: %v", err)
	}
	out := filepath.Join(dir, "r.pdf")
	mustCLI(t, "report", "--db", db, "--buyer", "3909", "--year", "2025", "--format", "pdf", "-o", out)
	doc, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(doc, []byte("%PDF-")) || len(doc) < 10000 {
		t.Fatalf("the PDF report: %d bytes, %v", len(doc), err)
	}
	if dest := os.Getenv("CITYSPEND_ARTIFACTS"); dest != "" {
		os.MkdirAll(dest, 0o755)
		os.WriteFile(filepath.Join(dest, "report-3909-2025.pdf"), doc, 0o644)
	}
}

// startDemo runs `cityspend demo` as a child process serving db on a
// random port of 127.0.0.1 and returns its base URL; the test's end stops
// it, or five minutes. A db not there yet is first a copy of the demo
// database with that many lines (demoCopy: built once for the test
// binary), which the demo reuses.
func startDemo(t *testing.T, db, lines string) (string, *exec.Cmd) {
	t.Helper()
	return startDemoFor(t, db, lines, 5*time.Minute)
}

// startDemoFor is startDemo for a test that takes up to d.
func startDemoFor(t *testing.T, db, lines string, d time.Duration) (string, *exec.Cmd) {
	t.Helper()
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		demoCopy(t, db, lines)
	}
	return serveDemo(t, db, lines, d)
}

// serveDemo is startDemo without the copy: the demo builds a db that is
// not there.
func serveDemo(t *testing.T, db, lines string, d time.Duration) (string, *exec.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	c := child(ctx, "demo", "--db", db, "--addr", "127.0.0.1:0", "--lines", lines)
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.Stderr = io.Discard
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopServe(t, c)
		cancel()
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := regexp.MustCompile(`http://[^ ]+/`).FindString(sc.Text()); m != "" {
			go io.Copy(io.Discard, stdout)
			return m, c
		}
	}
	t.Fatal("the demo did not say where it serves")
	return "", nil
}

// A buyer's own scope rules and deprived areas change the analysis.
func TestScopeAndDeprivedAreas(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	db := filepath.Join(t.TempDir(), "s.duckdb")
	demoCopy(t, db, "3000")
	type fig struct {
		TotalSpend    string `json:"total_spend"`
		ExcludedSpend string `json:"excluded_spend"`
		Excluded      []struct {
			Key   string `json:"key"`
			Spend string `json:"spend"`
		} `json:"excluded"`
		Deprived struct {
			Spend string `json:"spend"`
		} `json:"deprived"`
		ByAccountGroup []struct {
			Key   string `json:"key"`
			Spend string `json:"spend"`
		} `json:"by_account_group"`
	}
	analyse := func() fig {
		var f fig
		if err := json.Unmarshal([]byte(mustCLI(t, "analyse", "--db", db, "--buyer", "3909", "--year", "2025", "--json")), &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	before := analyse()
	if before.Deprived.Spend != "0.00" {
		t.Fatalf("no deprived areas configured, yet %s", before.Deprived.Spend)
	}
	// Exclude account group 12 (operating goods and services).
	out := mustCLI(t, "buyer", "scope", "--db", db, "--id", "3909", "--rule", "exclude prefix:12 moved to another analysis")
	if !strings.Contains(out, "1  buyer   exclude prefix:12") {
		t.Errorf("scope output %q", out)
	}
	after := analyse()
	var group12 cityspend.Amount
	for _, g := range before.ByAccountGroup {
		if g.Key == "12" {
			group12, _ = cityspend.ParseAmount(g.Spend)
		}
	}
	tb, _ := cityspend.ParseAmount(before.TotalSpend)
	ta, _ := cityspend.ParseAmount(after.TotalSpend)
	if group12 == 0 || ta != tb-group12 {
		t.Errorf("excluding group 12 (%s): total %s → %s", group12, tb, ta)
	}
	found := false
	for _, e := range after.Excluded {
		if e.Key == "moved to another analysis" && e.Spend == group12.String() {
			found = true
		}
	}
	if !found {
		t.Errorf("the excluded spend lists the rule's reason with %s: %+v", group12, after.Excluded)
	}
	if code, _, _ := cli(t, "buyer", "scope", "--db", db, "--id", "3909", "--rule", "exclude nonsense:1 x"); code != 2 {
		t.Errorf("a bad pattern: exit %d", code)
	}
	// --add puts a rule first and keeps the others; --remove takes one
	// out; the excluded spend is printed by reason (and, --excluded, by
	// supplier), in Norwegian with --lang nb.
	out = mustCLI(t, "buyer", "scope", "--db", db, "--id", "3909", "--add", "include prefix:1270 own kitchen supplies", "--excluded", "--lang", "nb")
	for _, want := range []string{" 1  buyer   include prefix:1270", " 2  buyer   exclude prefix:12", "moved to another analysis",
		"lønn og sosiale utgifter (art 0xx)", "by reason and supplier:", "excluded spend, all years: "} {
		if !strings.Contains(out, want) {
			t.Errorf("scope --add --excluded: no %q in\n%s", want, out)
		}
	}
	mustCLI(t, "buyer", "scope", "--db", db, "--id", "3909", "--remove", "prefix:12")
	if code, _, _ := cli(t, "buyer", "scope", "--db", db, "--id", "3909", "--remove", "prefix:12"); code == 0 {
		t.Error("removing a rule the buyer does not have: exit 0")
	}
	mustCLI(t, "buyer", "scope", "--db", db, "--id", "3909", "--reset")
	if again := analyse(); again.TotalSpend != before.TotalSpend {
		t.Errorf("after --reset the total is %s, want %s", again.TotalSpend, before.TotalSpend)
	}
	// Mark Larvik's own postcodes (32xx) as deprived: the deprived spend is
	// then at least the spend with local suppliers that have such a postcode.
	mustCLI(t, "buyer", "places", "--db", db, "--id", "3909", "--deprived-postcodes", "32")
	if d := analyse().Deprived.Spend; d == "0.00" {
		t.Error("deprived postcodes 32xx: still no deprived spend")
	}
}

// The classification commands: import cpv, classify, rules, evaluate.
func TestClassifyCommands(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	demoCopy(t, db, "3000")
	// A bad CPV file is refused with its line; nothing is stored.
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte("<CPV_CODE>\n<CPV CODE=\"45000000-8\"><TEXT LANG=\"EN\">x</TEXT></CPV>\n</CPV_CODE>"), 0o644)
	if code, _, errs := cli(t, "import", "cpv", "--db", db, bad); code == 0 || !strings.Contains(errs, "line 2") || !strings.Contains(errs, "check digit") {
		t.Errorf("a bad check digit: exit %d, %q", code, errs)
	}
	if official := filepath.Join("..", "..", "..", "shared", "data", "cpv", "cpv_2008.xml"); fileExists(official) {
		out := mustCLI(t, "import", "cpv", "--db", db, "--json", official)
		var r struct {
			Codes     int      `json:"codes"`
			Languages []string `json:"languages"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Codes != 9454 || len(r.Languages) != 8 {
			t.Errorf("import cpv: %q %v", out, err)
		}
	} else {
		t.Log("SKIP: the official CPV list is not at ../shared/data/cpv")
	}
	var s struct {
		Coverage float64          `json:"coverage"`
		ByRule   map[string]int64 `json:"lines_by_rule"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "classify", "--db", db, "--buyer", "3909", "--json")), &s); err != nil || s.Coverage < 0.95 {
		t.Errorf("classify: %+v %v", s, err)
	}
	// A buyer's own rule comes first.
	out := mustCLI(t, "classify", "rules", "--db", db, "--buyer", "3909", "--rule", "keyword strøm* 09310000-5 power")
	if !strings.Contains(out, "buyer   keyword strøm*") {
		t.Errorf("rules: %q", out)
	}
	if code, _, _ := cli(t, "classify", "rules", "--db", db, "--buyer", "3909", "--rule", "keyword x 09310000-4 bad check digit"); code != 2 {
		t.Errorf("a bad code: exit %d", code)
	}
	mustCLI(t, "classify", "rules", "--db", db, "--buyer", "3909", "--reset")
	// Evaluation on a labelled ledger of the same municipality.
	ledger := filepath.Join(dir, "l.csv")
	mustCLI(t, "gen", "ledger", "--lines", "2000", "--municipality", "3909", "-o", ledger)
	var ev struct {
		Lines    int     `json:"lines"`
		Coverage float64 `json:"coverage"`
		Division float64 `json:"division_accuracy"`
		Group    float64 `json:"group_accuracy"`
	}
	out = mustCLI(t, "classify", "evaluate", "--db", db, "--buyer", "3909", "--truth", ledger+".truth.csv", "--json")
	if err := json.Unmarshal([]byte(out), &ev); err != nil || ev.Lines < 1500 || ev.Coverage < 0.95 || ev.Division < 0.9 || ev.Group < 0.8 {
		t.Errorf("evaluate: %+v %v", ev, err)
	}
	noCPV := filepath.Join(dir, "t.csv")
	os.WriteFile(noCPV, []byte("description,amount\nx,1\n"), 0o644)
	if code, _, errs := cli(t, "classify", "evaluate", "--db", db, "--buyer", "3909", "--truth", noCPV); code == 0 || !strings.Contains(errs, "cpv") {
		t.Errorf("a truth file without cpv: exit %d %q", code, errs)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Contracts, findings and thresholds from the command line.
func TestComplianceCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	demoCopy(t, db, "3000")
	var sups []struct {
		SupplierID string `json:"supplier_id"`
		Name       string `json:"name"`
		Org        struct {
			ID string `json:"id"`
		} `json:"org"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "suppliers", "--db", db, "--buyer", "3909", "--json")), &sups); err != nil || len(sups) == 0 {
		t.Fatalf("suppliers: %v", err)
	}
	// A register in Norwegian with one bad row: nothing is stored.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Avtalenummer;Tittel;Leverandør;Organisasjonsnummer;Startdato;Sluttdato;Maksverdi\n"+
		"K-1;Renhold;"+sups[0].Name+";"+sups[0].Org.ID+";01.01.2024;31.12.2026;100\n"+
		"K-2;Feil;X AS;123;01.01.2024;31.12.2026;100\n"), 0o644)
	if code, _, errs := cli(t, "import", "contracts", "--db", db, "--buyer", "3909", bad); code == 0 || !strings.Contains(errs, "bad.csv:3") ||
		!strings.Contains(errs, "nothing was stored") {
		t.Errorf("a bad register: exit %d, %q", code, errs)
	}
	// The dry run shows the columns, the bad row and the good one, and
	// stores nothing.
	dry := mustCLI(t, "import", "contracts", "--db", db, "--buyer", "3909", "--dry-run", bad)
	for _, want := range []string{`contract_id          ← "Avtalenummer" (column 1)`, "bad.csv:3: supplier_org_number", "line 2: K-1 \"Renhold\"",
		"1 contracts would load, 1 rows refused", "nothing was stored"} {
		if !strings.Contains(dry, want) {
			t.Errorf("the dry run lacks %q:\n%s", want, dry)
		}
	}
	var preview struct {
		Columns   []struct{ Field, Header string } `json:"columns"`
		Contracts []struct{ ID string }            `json:"contracts"`
		Rejects   []struct{ Line int }             `json:"rejects"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "import", "contracts", "--db", db, "--buyer", "3909", "--dry-run", "--json", bad)), &preview); err != nil ||
		len(preview.Columns) != 7 || len(preview.Contracts) != 1 || len(preview.Rejects) != 1 || preview.Rejects[0].Line != 3 {
		t.Errorf("the dry run's JSON: %+v %v", preview, err)
	}
	if out := mustCLI(t, "contracts", "--db", db, "--buyer", "3909", "--json"); strings.Contains(out, "K-1") {
		t.Errorf("a dry run stored a contract: %s", out)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("Avtalenummer;Tittel;Leverandør;Organisasjonsnummer;Startdato;Sluttdato;Maksverdi\n"+
		"K-1;Renhold;"+sups[0].Name+";"+sups[0].Org.ID+";01.01.2024;31.12.2026;100\n"), 0o644)
	var imp struct {
		Contracts int   `json:"contracts"`
		ByTerm    int64 `json:"lines_by_supplier_category_term"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "import", "contracts", "--db", db, "--buyer", "3909", "--json", good)), &imp); err != nil ||
		imp.Contracts != 1 || imp.ByTerm == 0 {
		t.Errorf("import contracts: %+v %v", imp, err)
	}
	out := mustCLI(t, "findings", "--db", db, "--buyer", "3909", "--json")
	var overrun string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			ID       string   `json:"id"`
			Kind     string   `json:"kind"`
			Status   string   `json:"status"`
			Amount   string   `json:"amount"`
			Lines    int64    `json:"lines"`
			Evidence []string `json:"evidence"`
			Window   struct {
				From, To string
			} `json:"window"`
		}
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("findings --json line %q: %v", l, err)
		}
		if f.ID == "" || f.Status != "new" || f.Amount == "" || f.Window.From == "" || f.Evidence == nil {
			t.Errorf("finding %+v", f)
		}
		if f.Kind == "contract_overrun" {
			overrun = f.ID
		}
	}
	if overrun == "" {
		t.Fatal("the contract with a maximum of 100.00 is not overrun")
	}
	mustCLI(t, "findings", "decide", "--db", db, "--buyer", "3909", "--id", overrun, "--status", "dismissed", "--who", "kari", "--why", "amended")
	if out := mustCLI(t, "findings", "--db", db, "--buyer", "3909"); !strings.Contains(out, overrun+"  contract_overrun       dismissed") {
		t.Errorf("the dismissal does not survive recomputation:\n%s", out)
	}
	if code, _, _ := cli(t, "findings", "decide", "--db", db, "--buyer", "3909", "--id", "nope", "--status", "dismissed", "--why", "x"); code == 0 {
		t.Error("deciding an unknown finding must fail")
	}
	// Thresholds: a regime's own rows replace the shipped ones.
	out = mustCLI(t, "thresholds", "--db", db, "--regime", "NO", "--set", "any 500000 NOK 2020-01-01 - test threshold")
	if !strings.Contains(out, "test threshold") || strings.Contains(out, "EEA") {
		t.Errorf("thresholds: %q", out)
	}
	if code, _, _ := cli(t, "thresholds", "--db", db, "--regime", "NO", "--set", "huge 1 NOK 2020-01-01 - x"); code != 2 {
		t.Error("a bad kind must be a usage error")
	}
	if out := mustCLI(t, "thresholds", "--db", db, "--regime", "NO", "--reset"); !strings.Contains(out, "EEA") {
		t.Errorf("reset: %q", out)
	}
}

func TestPlanCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "p.duckdb")
	demoCopy(t, db, "3000")
	for _, bad := range [][]string{{"--horizon", "soon"}, {"--horizon", "0m"}, {"--horizon", "20y"}} {
		if code, _, _ := cli(t, append([]string{"plan", "generate", "--db", db, "--buyer", "3909"}, bad...)...); code != 2 {
			t.Errorf("plan generate %v: exit %d, want a usage error", bad, code)
		}
	}
	if code, _, _ := cli(t, "plan", "generate", "--db", db, "--buyer", "nope"); code != 1 {
		t.Errorf("an unknown buyer: exit %d", code)
	}
	var gen struct {
		Added, Unchanged, Items int
		Horizon                 int                  `json:"horizon_months"`
		Plan                    []cityspend.PlanItem `json:"plan"`
	}
	decodeJSON(t, mustCLI(t, "plan", "generate", "--db", db, "--buyer", "3909", "--horizon", "2y", "--json"), &gen)
	// The demo generated its plan already: nothing new, nothing duplicated.
	if gen.Horizon != 24 || gen.Added != 0 || gen.Items == 0 || gen.Unchanged == 0 || len(gen.Plan) != gen.Items {
		t.Errorf("plan generate --json: added %d unchanged %d items %d horizon %d", gen.Added, gen.Unchanged, gen.Items, gen.Horizon)
	}
	var ext cityspend.PlanItem
	for _, it := range gen.Plan {
		// A contract for services to tender (an exempt renewal has no
		// procedure and no climate criterion to check; the edit below
		// makes it cleaning, judged by the goods-and-services thresholds).
		if it.Source == "expiring_contract" && !it.Published && it.Procedure != "" && it.Type == "services" {
			ext = it
			break
		}
	}
	if ext.ID == "" {
		t.Fatal("the demo plan has no unpublished item from an expiring contract")
	}
	if code, _, errs := cli(t, "plan", "edit", "--db", db, "--buyer", "3909", "--item", ext.ID, "--set", "climate_weight_pct=10"); code != 1 ||
		!strings.Contains(errs, "30") {
		t.Errorf("a climate weight under 30 %% in Norway: exit %d %q", code, errs)
	}
	mustCLI(t, "plan", "edit", "--db", db, "--buyer", "3909", "--item", ext.ID, "--who", "kari", "--set", "title=Renhold i skolene",
		"--set", "estimated_value=2500000", "--set", "sme_suitable=true", "--set", "cpv=90910000,90911200", "--set", "need_date=2028-01-01")
	mustCLI(t, "plan", "publish", "--db", db, "--buyer", "3909", ext.ID)
	var shown struct {
		cityspend.PlanItem
		History []cityspend.PlanChange `json:"history"`
	}
	decodeJSON(t, mustCLI(t, "plan", "show", "--db", db, "--buyer", "3909", "--item", ext.ID, "--json"), &shown)
	if shown.Title != "Renhold i skolene" || shown.Value != 2_500_000_00 || !shown.SME || len(shown.CPV) != 2 || !shown.Published ||
		!shown.NeedDate.Equal(time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)) || shown.Threshold != "eea" || len(shown.History) < 5 {
		t.Errorf("after the edit: %+v, %d changes", shown.PlanItem, len(shown.History))
	}
	// Generation leaves the edited item alone.
	mustCLI(t, "plan", "generate", "--db", db, "--buyer", "3909")
	decodeJSON(t, mustCLI(t, "plan", "show", "--db", db, "--buyer", "3909", "--item", ext.ID, "--json"), &shown)
	if shown.Title != "Renhold i skolene" {
		t.Errorf("generation overwrote the edit: %q", shown.Title)
	}
	for _, f := range []string{"ocds", "csv", "xlsx", "atom"} {
		out := filepath.Join(dir, "plan."+f)
		args := []string{"plan", "export", "--db", db, "--buyer", "3909", "--format", f, "-o", out}
		if f == "ocds" {
			args = append(args, "--published")
		}
		mustCLI(t, args...)
		b, err := os.ReadFile(out)
		if err != nil || len(b) == 0 {
			t.Fatalf("plan export %s: %v", f, err)
		}
		if f != "xlsx" && !strings.Contains(string(b), "Renhold i skolene") {
			t.Errorf("plan export %s lacks the edited item", f)
		}
	}
	if code, _, _ := cli(t, "plan", "export", "--db", db, "--buyer", "3909", "--format", "pdf", "-o", filepath.Join(dir, "x")); code != 2 {
		t.Error("an unknown format must be a usage error")
	}
	if code, _, errs := cli(t, "plan", "export", "--db", db, "--buyer", "3909", "--pipeline", "-o", filepath.Join(dir, "x")); code != 1 ||
		!strings.Contains(errs, "GBP") {
		t.Errorf("a UK pipeline for a Norwegian buyer: exit %d %q", code, errs)
	}
	if fileExists(filepath.Join(dir, "x")) {
		t.Error("a failed export left a file")
	}
	out := mustCLI(t, "plan", "split", "--db", db, "--buyer", "3909", "--item", ext.ID, "--shares", "60,40", "--who", "kari")
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("split: %q", out)
	}
	if code, _, _ := cli(t, "plan", "merge", "--db", db, "--buyer", "3909", ext.ID); code != 2 {
		t.Error("merging one item must be a usage error")
	}
	mustCLI(t, "plan", "merge", "--db", db, "--buyer", "3909", ext.ID, ext.ID+"-2")
	decodeJSON(t, mustCLI(t, "plan", "show", "--db", db, "--buyer", "3909", "--item", ext.ID, "--json"), &shown)
	if shown.Value != 2_500_000_00 {
		t.Errorf("split and merged back: %s", shown.Value)
	}
	mustCLI(t, "plan", "add", "--db", db, "--buyer", "3909", "--set", "title=Elbusser", "--set", "type=goods", "--set", "estimated_value=12000000")
	if out := mustCLI(t, "plan", "list", "--db", db, "--buyer", "3909"); !strings.Contains(out, "Elbusser") {
		t.Error("the item added by hand is not listed")
	}
}

func TestClimateAndStrategyCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	demoCopy(t, db, "3000")
	var fp struct {
		TotalT  float64 `json:"total_t"`
		Set     string  `json:"factor_set"`
		Quality struct {
			Grade    string `json:"grade"`
			Estimate bool   `json:"estimate"`
		} `json:"quality"`
		WhatIf *struct {
			TotalT float64 `json:"total_t"`
		} `json:"what_if"`
	}
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "3909", "--year", "2025", "--json"), &fp)
	if fp.TotalT <= 0 || fp.Set != "cityspend-default" || fp.Quality.Grade == "" || !fp.Quality.Estimate {
		t.Errorf("climate --json: %+v", fp)
	}
	var a struct {
		CO2e struct {
			TotalT float64 `json:"total_t"`
		} `json:"co2e"`
	}
	decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", "3909", "--year", "2025", "--json"), &a)
	if a.CO2e.TotalT != fp.TotalT {
		t.Errorf("analyse --json co2e %v, climate %v", a.CO2e.TotalT, fp.TotalT)
	}
	// A factor set with a bad row: nothing is stored.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("scheme,code,kg_co2e_per_unit,currency,price_year,price_basis,source,licence\n"+
		"cpv,45,0.5,NOK,2024,purchaser,own survey,CC0\ncpv,90,lots,NOK,2024,purchaser,own survey,CC0\n"), 0o644)
	if code, _, errs := cli(t, "import", "factors", "--db", db, "--set", "own", bad); code != 1 || !strings.Contains(errs, "bad.csv:3: factor") {
		t.Errorf("a bad factor file: exit %d %q", code, errs)
	}
	if code, _, _ := cli(t, "climate", "use", "--db", db, "--buyer", "3909", "--sets", "own"); code != 1 {
		t.Error("using a set that was not stored must fail")
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("scheme,code,kg_co2e_per_unit,currency,price_year,price_basis,source,licence\n"+
		"cpv,*,0.5,NOK,2025,purchaser,own survey,CC0\n"), 0o644)
	mustCLI(t, "import", "factors", "--db", db, "--set", "own", good)
	mustCLI(t, "climate", "use", "--db", db, "--buyer", "3909", "--sets", "own")
	var own struct {
		TotalT float64 `json:"total_t"`
		Spend  string  `json:"spend"`
		Set    string  `json:"factor_set"`
	}
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "3909", "--year", "2025", "--json"), &own)
	spend, _ := cityspend.ParseAmount(own.Spend)
	// Every krone at 0.5 kg, in the factor's own year: no conversion.
	if want := math.Round(float64(spend)/100*0.5) / 1000; own.Set != "own" || math.Abs(own.TotalT-want) > 0.01 {
		t.Errorf("own set: %+v, want %v t", own, want)
	}
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "3909", "--year", "2025", "--json", "--what-if", "45=0.1"), &fp)
	if fp.WhatIf == nil || fp.WhatIf.TotalT >= own.TotalT {
		t.Errorf("what if: %+v", fp.WhatIf)
	}
	// Deflated: the same factor at 2017 prices, with 2017 prices twice 2025's.
	rates := filepath.Join(dir, "rates.csv")
	os.WriteFile(rates, []byte("kind,currency,to,year,value,source\ndeflator,NOK,,2025,1,x\ndeflator,NOK,,2017,2,x\n"), 0o644)
	mustCLI(t, "import", "rates", "--db", db, rates)
	os.WriteFile(good, []byte("scheme,code,kg_co2e_per_unit,currency,price_year,price_basis,source,licence\n"+
		"cpv,*,0.5,NOK,2017,purchaser,own survey,CC0\n"), 0o644)
	mustCLI(t, "import", "factors", "--db", db, "--set", "own", good)
	decodeJSON(t, mustCLI(t, "climate", "--db", db, "--buyer", "3909", "--year", "2025", "--json"), &own)
	if want := math.Round(float64(spend)/100*2*0.5) / 1000; math.Abs(own.TotalT-want) > 0.01 {
		t.Errorf("deflated: %v t, want %v t", own.TotalT, want)
	}
	mustCLI(t, "climate", "use", "--db", db, "--buyer", "3909", "--sets", "")

	if code, _, _ := cli(t, "strategy", "set", "--db", db, "--buyer", "3909", "--indicator", "happiness", "--baseline-year", "2024",
		"--target-year", "2030", "--target", "1"); code != 1 {
		t.Error("an unknown indicator must fail")
	}
	mustCLI(t, "strategy", "set", "--db", db, "--buyer", "3909", "--indicator", "local_share", "--baseline-year", "2024", "--target-year", "2030",
		"--target", "45%")
	var s struct {
		Targets []struct {
			Indicator string   `json:"indicator"`
			Target    float64  `json:"target_value"`
			Current   *float64 `json:"current"`
		} `json:"targets"`
		Criteria struct {
			Contracts int `json:"contracts"`
		} `json:"criteria"`
	}
	decodeJSON(t, mustCLI(t, "strategy", "--db", db, "--buyer", "3909", "--year", "2025", "--json"), &s)
	if len(s.Targets) != 1 || s.Targets[0].Target != 0.45 || s.Targets[0].Current == nil {
		t.Errorf("strategy --json: %+v", s)
	}
	mustCLI(t, "strategy", "remove", "--db", db, "--buyer", "3909", "--indicator", "local_share")
	if out := mustCLI(t, "strategy", "--db", db, "--buyer", "3909", "--year", "2025"); !strings.Contains(out, "no targets") {
		t.Errorf("after remove: %q", out)
	}
}
