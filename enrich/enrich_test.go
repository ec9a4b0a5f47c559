// SPDX-License-Identifier: EUPL-1.2

package enrich_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register/brreg"
)

// world is a DuckDB file with a generated register and two buyers, each
// with a generated ledger imported and nothing followed up yet.
func world(t *testing.T) *duckdb.DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "enrich.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	u := gen.NewUniverse(3)
	reg := filepath.Join(dir, "enheter.json")
	if _, err := gen.WriteRegisterFile(ctx, reg, u, gen.RegisterOptions{}); err != nil {
		t.Fatal(err)
	}
	rr, err := brreg.Open(reg)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	if err := st.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json"}, rr); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ id, name string }{{"3909", "Larvik kommune"}, {"3907", "Sandefjord kommune"}} {
		b := cityspend.Buyer{ID: m.id, Name: m.name, Country: "NO", Municipality: m.id, Currency: "NOK", FiscalStart: 1, Synthetic: true}
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, m.id+".csv")
		if _, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: 3, Municipality: m.id, FromYear: 2024, Years: 1, Lines: 1500,
			Format: gen.FormatCSV}); err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// state is what the follow-up changes in one buyer's data.
type state struct {
	resolved   int   // payees a method decided
	excluded   int64 // lines out of scope
	lines      int64
	classified int64 // lines with a category
}

func stateOf(t *testing.T, st cityspend.Store, buyerID string) state {
	t.Helper()
	ctx := context.Background()
	var s state
	ps, err := st.Payees(ctx, buyerID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Resolution.Method != cityspend.MatchNone {
			s.resolved++
		}
	}
	all, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: buyerID})
	if err != nil {
		t.Fatal(err)
	}
	out, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: buyerID, Scope: cityspend.ScopeOut})
	if err != nil {
		t.Fatal(err)
	}
	s.lines, s.excluded = all.Lines, out.Lines
	cs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: buyerID}, cityspend.ByCPVDivision, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Key != "unclassified" {
			s.classified += c.Lines
		}
	}
	return s
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name         string
		opts         enrich.Options
		done         []string // buyers followed up
		classified   bool
		wantResolved int
	}{
		{name: "every buyer", opts: enrich.Options{}, done: []string{"3907", "3909"}, classified: true},
		{name: "one buyer", opts: enrich.Options{Buyers: []string{"3907"}}, done: []string{"3907"}, classified: true},
		{name: "without classifying", opts: enrich.Options{Buyers: []string{"3909"}, SkipClassify: true}, done: []string{"3909"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := world(t)
			// Sandefjord counts no account as procurement: its scope must
			// be decided again for that to show.
			if err := st.SetScopeRules(ctx, "3907", []cityspend.ScopeRule{{Action: "exclude", Pattern: "*", Reason: "test"}}); err != nil {
				t.Fatal(err)
			}
			before := map[string]state{"3907": stateOf(t, st, "3907"), "3909": stateOf(t, st, "3909")}
			// The imports committed their lines and marked their buyers'
			// follow-up pending in the same transaction.
			marked, err := st.PendingFollowUps(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := enrich.Buyers(marked); !slices.Equal(got, []string{"3907", "3909"}) {
				t.Fatalf("pending before the follow-up: %+v", marked)
			}
			for id, s := range before {
				if s.resolved != 0 || s.excluded != 0 || s.classified != 0 || s.lines == 0 {
					t.Fatalf("%s before the follow-up: %+v", id, s)
				}
			}
			rep, err := enrich.Run(ctx, st, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Resolved) != len(tt.done) {
				t.Fatalf("resolved %d buyers, want %d", len(rep.Resolved), len(tt.done))
			}
			want := 0
			if tt.classified {
				want = len(tt.done)
			}
			if len(rep.Classified) != want {
				t.Fatalf("classified %d buyers, want %d", len(rep.Classified), want)
			}
			done := map[string]bool{}
			for i, id := range tt.done {
				done[id] = true
				if rep.Resolved[i].BuyerID != id || (tt.classified && rep.Classified[i].BuyerID != id) {
					t.Errorf("report %d is of %s / %v, want %s", i, rep.Resolved[i].BuyerID, rep.Classified, id)
				}
			}
			left, err := st.PendingFollowUps(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range left {
				if done[f.BuyerID] {
					t.Errorf("%s's follow-up is done but still pending: %+v", f.BuyerID, f)
				}
			}
			if len(left) != 2-len(tt.done) {
				t.Errorf("pending after the follow-up of %v: %+v", tt.done, left)
			}
			for id, b := range before {
				s := stateOf(t, st, id)
				if !done[id] {
					if s != b {
						t.Errorf("%s was not asked for but changed: %+v → %+v", id, b, s)
					}
					continue
				}
				if s.resolved == 0 {
					t.Errorf("%s: no payee resolved", id)
				}
				if id == "3907" && s.excluded != s.lines {
					t.Errorf("%s: %d of %d lines out of scope, want all (scope not refreshed)", id, s.excluded, s.lines)
				}
				if id == "3909" && s.excluded == s.lines {
					t.Errorf("%s: every line out of scope", id)
				}
				if tt.classified && s.classified == 0 {
					t.Errorf("%s: no line classified", id)
				}
				if !tt.classified && s.classified != 0 {
					t.Errorf("%s: %d lines classified with SkipClassify", id, s.classified)
				}
			}
		})
	}
}

func TestUnknownBuyer(t *testing.T) {
	ctx := context.Background()
	st := world(t)
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{"9999"}}); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("Run of an unknown buyer: %v, want not found", err)
	}
	if _, err := enrich.BuyerIDs(ctx, st, []string{"3909", "9999"}); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("BuyerIDs with an unknown buyer: %v, want not found", err)
	}
}

func TestResolveAndBuyerIDs(t *testing.T) {
	ctx := context.Background()
	st := world(t)
	ids, err := enrich.BuyerIDs(ctx, st, nil)
	if err != nil || len(ids) != 2 {
		t.Fatalf("every buyer: %v, %v", ids, err)
	}
	reps, err := enrich.Resolve(ctx, st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].BuyerID != ids[0] || reps[1].BuyerID != ids[1] || reps[0].Payees == 0 {
		t.Fatalf("Resolve of every buyer: %+v", reps)
	}
	for _, id := range ids {
		// Resolution alone: the scope and the categories are left.
		if s := stateOf(t, st, id); s.resolved == 0 || s.classified != 0 {
			t.Errorf("%s after Resolve: %+v", id, s)
		}
	}
	empty, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "empty.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if rep, err := enrich.Run(ctx, empty, enrich.Options{}); err != nil || len(rep.Resolved) != 0 {
		t.Errorf("Run with no buyers: %+v, %v", rep, err)
	}
}

// Complete runs the follow-up of the buyers left pending (an import whose
// process stopped before its follow-up ended), and then finds none.
func TestComplete(t *testing.T) {
	ctx := context.Background()
	st := world(t)
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{"3907"}}); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, st, "3909")
	done, err := enrich.Complete(ctx, st, nil)
	if err != nil || !slices.Equal(done, []string{"3909"}) {
		t.Fatalf("Complete: %v, %v; want 3909", done, err)
	}
	if s := stateOf(t, st, "3909"); s.resolved == 0 || s.classified == 0 || s == before {
		t.Errorf("3909 after Complete: %+v (before %+v)", s, before)
	}
	if left, err := st.PendingFollowUps(ctx, ""); err != nil || len(left) != 0 {
		t.Errorf("pending after Complete: %+v %v", left, err)
	}
	if done, err := enrich.Complete(ctx, st, nil); err != nil || len(done) != 0 {
		t.Errorf("Complete with nothing pending: %v %v", done, err)
	}
}
