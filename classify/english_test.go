// SPDX-License-Identifier: EUPL-1.2

package classify_test

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// sharedData is ../shared/data beside the repository, or the test skips.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "shared", "data", sub))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIP: %s is not there; this test reads the real ledgers of the project's shared data", p)
	}
	return p
}

// label is a line of testdata/uk-labels.tsv.
type label struct {
	file        string
	line        int
	amount      string
	procurement bool
	cpv         string
}

func readLabels(t *testing.T) []label {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "uk-labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	header := true
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 5 {
			t.Fatalf("uk-labels.tsv:%d: %d fields", n, len(fs))
		}
		line, err := strconv.Atoi(fs[1])
		if err != nil {
			t.Fatalf("uk-labels.tsv:%d: %v", n, err)
		}
		l := label{file: fs[0], line: line, amount: fs[2], procurement: fs[3] == "yes", cpv: fs[4]}
		if l.procurement {
			if _, err := cpv.Parse(l.cpv); err != nil {
				t.Fatalf("uk-labels.tsv:%d: %v", n, err)
			}
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ukCouncil is one council's ledgers in the shared data.
type ukCouncil struct {
	id, name, dir string
}

var ukCouncils = []ukCouncil{
	{"HYN", "Hyndburn Borough Council", "uk-spend-hyndburn"},
	{"OXF", "Oxford City Council", "uk-spend"},
}

// ukStore imports every real English ledger of the shared data as a user
// would (a GB buyer per council, the follow-up of the import: payees,
// scope, classification), with the official CPV list loaded or not, and
// returns the store with the labelled lines as truth rows per council.
func ukStore(t *testing.T, withCPV bool) (*duckdb.DB, map[string][]cityspend.TruthLine, int) {
	t.Helper()
	ctx := context.Background()
	labels := readLabels(t)
	want := map[string]label{}
	for _, l := range labels {
		want[l.file+":"+strconv.Itoa(l.line)] = l
	}
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "uk.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if withCPV {
		loadCPV(t, st)
	}
	rows := map[string][]cityspend.TruthLine{}
	found, notProcurement := 0, 0
	for _, c := range ukCouncils {
		dir := sharedData(t, c.dir)
		b := cityspend.Buyer{ID: c.id, Name: c.name, Country: "GB", Currency: "GBP", FiscalStart: 4}
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			opts := ledger.ImportOptions{RejectsDir: t.TempDir(), Preview: 1 << 20}
			if filepath.Base(path) == "1908.csv" { // its dates are spreadsheet serial numbers (EXPECTED.tsv)
				opts.Mapping = &ledger.Mapping{Source: "test", DateFormat: mustDateFormat(t, "excel-serial")}
			}
			res, err := ledger.ImportFile(ctx, st, b, path, opts)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			name := c.dir + "/" + filepath.Base(path)
			for _, p := range res.Preview {
				l, ok := want[name+":"+strconv.Itoa(p.Line)]
				if !ok {
					continue
				}
				found++
				if got := p.Amount.String(); !sameAmount(got, l.amount) {
					t.Fatalf("%s:%d: the line's amount is %s, the label's %s: the file changed or the line numbers moved", name, p.Line, got, l.amount)
				}
				if !l.procurement {
					notProcurement++
					continue
				}
				rows[c.id] = append(rows[c.id], cityspend.TruthLine{Line: p.Line, Description: p.Description, CPV: l.cpv, Name: p.Supplier.Name,
					Account: p.AccountCode, AccountText: p.AccountText, Unit: strings.TrimSpace(p.OrgUnit + " " + p.CostCentre), Amount: p.Amount,
					HasAmount: true})
			}
		}
	}
	if found != len(labels) {
		t.Fatalf("found %d of the %d labelled lines in the files", found, len(labels))
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{Log: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	return st, rows, notProcurement
}

func mustDateFormat(t *testing.T, s string) ledger.DateFormat {
	t.Helper()
	f, err := ledger.ParseDateFormat(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// sameAmount compares a stored amount with the file's writing of it
// ("1,060.50", "3792", "1300.00").
func sameAmount(stored, written string) bool {
	a, err1 := cityspend.ParseWrittenAmount(strings.ReplaceAll(written, ",", ""), cityspend.DecimalPoint)
	b, err2 := cityspend.ParseWrittenAmount(stored, cityspend.DecimalPoint)
	return err1 == nil && err2 == nil && a == b
}

// loadCPV loads the official CPV list of the shared data, as `import cpv`.
func loadCPV(t *testing.T, st cityspend.CategoryStore) {
	t.Helper()
	loadCPVFile(t, st, filepath.Join(sharedData(t, "cpv"), "cpv_2008.xml"))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func loadCPVFile(t *testing.T, st cityspend.CategoryStore, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := cpv.ReadXML(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCPV(context.Background(), cpv.StoreCodes(es)); err != nil {
		t.Fatal(err)
	}
}

// total adds evaluations of several buyers: coverage weighted by spend,
// accuracy by classified rows.
func total(evs ...*classify.Evaluation) classify.Evaluation {
	var out classify.Evaluation
	var spend, covered, confident float64
	var div, group float64
	for _, e := range evs {
		s := float64(e.Spend)
		spend += s
		covered += e.Coverage * s
		confident += e.CoverageConfident * s
		out.Lines += e.Lines
		out.Classified += e.Classified
		div += e.DivisionAccuracy * float64(e.Classified)
		group += e.GroupAccuracy * float64(e.Classified)
	}
	out.Coverage, out.CoverageConfident = covered/spend, confident/spend
	out.DivisionAccuracy, out.GroupAccuracy = div/float64(out.Classified), group/float64(out.Classified)
	return out
}

// heldOut splits the labelled lines by a fixed rule: a line whose payee's
// name (upper case, spaces collapsed) has an odd FNV-1a hash is held out,
// the others are the tuning half. Rules are tuned looking at the tuning
// half's misses only; the held-out half says whether they generalise.
func heldOut(supplier string) bool {
	h := fnv.New32a()
	h.Write([]byte(strings.ToUpper(strings.Join(strings.Fields(supplier), " "))))
	return h.Sum32()%2 == 1
}

// On the hand-labelled lines of the real English ledgers (Hyndburn and
// Oxford, testdata/uk-labels.tsv), with and without the official CPV list,
// each half of the set (heldOut) and both: the floors hold the figures
// reached (coverage 0.97, division 0.868, group 0.772: 225 and 200 of
// the 259 classified lines), and loading the list lowers neither coverage
// nor accuracy. Issue 18 asks for division accuracy ≥ 0.90 and group ≥
// 0.75; the division is not reached (see docs/categories.md).
func TestAccuracyOnEnglishLedgers(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 42 real ledgers")
	}
	ctx := context.Background()
	var got [2]classify.Evaluation
	for i, withCPV := range []bool{false, true} {
		st, rows, notProc := ukStore(t, withCPV)
		var evs []*classify.Evaluation
		halves := map[bool][]*classify.Evaluation{}
		for _, c := range ukCouncils {
			ev, err := classify.Evaluate(ctx, st, c.id, rows[c.id])
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("CPV list %v, %s: %d lines: coverage %.3f (%.3f at confidence ≥ %.1f, division accuracy there %.3f), division %.3f, group %.3f; %v", withCPV,
				c.id, ev.Lines, ev.Coverage, ev.CoverageConfident, ev.ConfidentAt, ev.ConfidentAccuracy, ev.DivisionAccuracy, ev.GroupAccuracy, ev.ByRule)
			for _, m := range ev.Misses {
				t.Logf("  miss %d %q / %q / %q (held out %v): true %s, got %s by %s: %s", m.Line, m.Description, m.AccountText, m.Supplier,
					heldOut(m.Supplier), m.True, m.Predicted, m.Rule, m.Reason)
			}
			evs = append(evs, ev)
			half := map[bool][]cityspend.TruthLine{}
			for _, r := range rows[c.id] {
				half[heldOut(r.Name)] = append(half[heldOut(r.Name)], r)
			}
			for _, h := range []bool{false, true} {
				ev, err := classify.Evaluate(ctx, st, c.id, half[h])
				if err != nil {
					t.Fatal(err)
				}
				halves[h] = append(halves[h], ev)
			}
		}
		for _, h := range []bool{false, true} {
			e := total(halves[h]...)
			t.Logf("CPV list %v, held out %v: %d lines, %d classified: coverage %.3f (%.3f confident), division %.3f, group %.3f", withCPV, h, e.Lines, e.Classified, e.Coverage,
				e.CoverageConfident, e.DivisionAccuracy, e.GroupAccuracy)
		}
		got[i] = total(evs...)
		e := got[i]
		t.Logf("CPV list %v, both: %d procurement lines (and %d not procurement), %d classified: coverage %.3f (%.3f confident), division %.3f, group %.3f", withCPV,
			e.Lines, notProc, e.Classified, e.Coverage, e.CoverageConfident, e.DivisionAccuracy, e.GroupAccuracy)
		if e.Coverage < 0.97 || e.DivisionAccuracy < 0.868 || e.GroupAccuracy < 0.772 {
			t.Errorf("CPV list %v: coverage %.3f (want ≥ 0.97), division %.3f (≥ 0.868), group %.3f (≥ 0.772)", withCPV, e.Coverage, e.DivisionAccuracy,
				e.GroupAccuracy)
		}
	}
	if got[1].Coverage < got[0].Coverage || got[1].DivisionAccuracy < got[0].DivisionAccuracy || got[1].GroupAccuracy < got[0].GroupAccuracy {
		t.Errorf("loading the official CPV list lowered the figures: without %s, with %s", fig(got[0]), fig(got[1]))
	}
}

func fig(e classify.Evaluation) string {
	return fmt.Sprintf("coverage %.3f, division %.3f, group %.3f", e.Coverage, e.DivisionAccuracy, e.GroupAccuracy)
}
