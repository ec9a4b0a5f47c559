// SPDX-License-Identifier: EUPL-1.2

package broker_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/i18n"
)

const (
	tonsberg = "3905"
	// Both buyers' supplier (roads for Larvik, books for Tønsberg), one
	// only Tønsberg knows, and Larvik's own printer.
	sharedOrg, tonsbergOrg, printerOrg = "923609016", "974760673", "910000004"
)

// twoBuyers is a store with Larvik and Tønsberg and their ledgers: with
// Tønsberg's lines, or (withTonsberg false) with Larvik's alone. Two
// registered profiles compete on their words; a challenge and a plan item
// of Larvik ask for printed books.
func twoBuyers(t *testing.T, withTonsberg bool) (*duckdb.DB, *broker.Broker) {
	t.Helper()
	ctx := context.Background()
	lines := []duckdbtest.Line{
		{Buyer: larvik, Org: sharedOrg, Date: "2025-03-01", CPV: "45233141", Amount: 90_000_00},
		{Buyer: larvik, Org: printerOrg, Date: "2025-03-02", CPV: "22110000", Amount: 12_000_00},
	}
	if withTonsberg {
		lines = append(lines,
			duckdbtest.Line{Buyer: tonsberg, Org: sharedOrg, Date: "2025-04-01", CPV: "22110000", Amount: 49_162_54},
			duckdbtest.Line{Buyer: tonsberg, Org: tonsbergOrg, Date: "2025-04-02", CPV: "22110000", Amount: 31_000_00},
			duckdbtest.Line{Buyer: tonsberg, Org: printerOrg, Date: "2025-04-03", CPV: "22110000", Amount: 7_000_00})
	}
	st := duckdbtest.Lines(t, []cityspend.Buyer{
		{ID: larvik, Name: "Larvik kommune", Country: "NO", Municipality: larvik, Currency: "NOK", FiscalStart: 1},
		{ID: tonsberg, Name: "Tønsberg kommune", Country: "NO", Municipality: tonsberg, Currency: "NOK", FiscalStart: 1},
	}, lines)
	if _, err := enrich.Run(ctx, st, enrich.Options{}); err != nil { // payees resolved, scope decided
		t.Fatal(err)
	}
	for _, p := range []cityspend.Capability{
		{SupplierID: "org:NO-BRC:910000012", Name: "Trykk AS", Description: "Printing of books, brochures and school books", CPV: []string{"22110000"}},
		{SupplierID: "org:NO-BRC:910000020", Name: "Plakat AS", Description: "Printing of posters and banners", CPV: []string{"22460000"}},
	} {
		if err := st.PutCapability(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	need := cityspend.Challenge{BuyerID: larvik, ID: "CH-1", Title: "Printed books for schools", Problem: "We need printing of school books and brochures",
		CPV: []string{"22110000"}, Status: cityspend.ChallengePublished, Currency: "NOK", CreatedAt: now, UpdatedAt: now}
	if _, err := st.PutChallenge(ctx, need); err != nil {
		t.Fatal(err)
	}
	if err := st.PutPlanItems(ctx, larvik, []cityspend.PlanItem{{BuyerID: larvik, ID: "P-1", Title: "Printed books for schools",
		Need: "printing of school books", CPV: []string{"22110000"}, Type: "goods", Status: cityspend.PlanPlanned}}, nil); err != nil {
		t.Fatal(err)
	}
	b := broker.New(st, &outbox{})
	b.Now = func() time.Time { return now }
	return st, b
}

// matchesOf ranks the suppliers for Larvik's challenge and plan item as
// someone who may see vis.
func matchesOf(t *testing.T, b *broker.Broker, vis broker.Visible) (challenge, item []broker.Match) {
	t.Helper()
	ctx := context.Background()
	challenge, err := b.ChallengeMatches(ctx, larvik, "CH-1", vis)
	if err != nil {
		t.Fatal(err)
	}
	if item, err = b.PlanItemMatches(ctx, larvik, "P-1", vis); err != nil {
		t.Fatal(err)
	}
	return challenge, item
}

// Matching draws only on the buyers the person it is for may see: for
// Larvik's staff while Tønsberg does not publish, Tønsberg's ledger — its
// suppliers, their categories and spend, the words of their names —
// reaches neither a score nor a reason, and the matches are exactly those
// of a store without Tønsberg's lines. Once Tønsberg is visible, its
// evidence counts, under its name. A cache keeps one ranker per visible
// set, never one set's for another.
func TestMatchesDrawOnlyOnVisibleBuyers(t *testing.T) {
	ctx := context.Background()
	larvikStaff := broker.Visible{larvik: true}
	both := broker.Visible{larvik: true, tonsberg: true}

	fullSt, full := twoBuyers(t, true)
	_, alone := twoBuyers(t, false)
	ch, it := matchesOf(t, full, larvikStaff)
	wantCh, wantIt := matchesOf(t, alone, larvikStaff)
	if len(ch) == 0 || len(it) == 0 {
		t.Fatalf("no matches: %+v %+v", ch, it)
	}
	for _, ms := range [][]broker.Match{ch, it} {
		for _, m := range ms {
			why := strings.Join(m.Why(i18n.New("en")), "; ")
			if strings.Contains(why, tonsberg) || strings.Contains(why, "Tønsberg") || m.SupplierID == "org:NO-BRC:"+tonsbergOrg {
				t.Errorf("Tønsberg's unpublished ledger in a match for Larvik's staff: %s %.3f %q", m.SupplierID, m.Score, why)
			}
		}
	}
	if !reflect.DeepEqual(ch, wantCh) {
		t.Errorf("challenge matches with Tønsberg's hidden lines differ from those without them:\n%+v\n%+v", ch, wantCh)
	}
	if !reflect.DeepEqual(it, wantIt) {
		t.Errorf("plan item matches with Tønsberg's hidden lines differ from those without them:\n%+v\n%+v", it, wantIt)
	}
	d, err := full.Desk(ctx, buyer(t, fullSt, larvik), "CH-1", larvikStaff)
	if err != nil || !reflect.DeepEqual(d.Matches, wantCh) {
		t.Errorf("the desk's matches %+v %v, want %+v", d.Matches, err, wantCh)
	}

	// Visible (published, or to staff of both): Tønsberg's evidence counts,
	// named. A cache shared by both sets keeps them apart.
	rankers := map[string]*broker.Ranker{}
	full.RankerCache = func(key string, build func() (*broker.Ranker, error)) (*broker.Ranker, error) {
		if r, ok := rankers[key]; ok {
			return r, nil
		}
		r, err := build()
		if err == nil {
			rankers[key] = r
		}
		return r, err
	}
	for _, step := range []struct {
		vis       broker.Visible
		tonsbergs bool
	}{{both, true}, {larvikStaff, false}, {both, true}} {
		ch, it := matchesOf(t, full, step.vis)
		if step.tonsbergs {
			if !hasReason(ch, "org:NO-BRC:"+sharedOrg, "Has supplied Tønsberg kommune with printed matter") || !hasSupplier(it, "org:NO-BRC:"+tonsbergOrg) {
				t.Errorf("%v: Tønsberg's evidence missing: %+v", step.vis, ch)
			}
		} else if !reflect.DeepEqual(ch, wantCh) || !reflect.DeepEqual(it, wantIt) {
			t.Errorf("%v after another set was cached: %+v, want %+v", step.vis, ch, wantCh)
		}
	}
	if len(rankers) != 2 {
		t.Errorf("rankers kept for %d sets, want 2", len(rankers))
	}

	// A supplier's opportunities: its history with a buyer it may not see
	// neither scores nor shows.
	sup := cityspend.User{Email: "post@shared.test", SupplierID: "org:NO-BRC:" + sharedOrg}
	var ops [2][]broker.Opportunity
	for i, b := range []*broker.Broker{full, alone} {
		if ops[i], err = b.Opportunities(ctx, sup.SupplierID, larvikStaff); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(ops[0], ops[1]) {
		t.Errorf("opportunities with Tønsberg's hidden lines %+v, without %+v", ops[0], ops[1])
	}
}

func hasReason(ms []broker.Match, supplierID, reason string) bool {
	for _, m := range ms {
		if m.SupplierID == supplierID && strings.Contains(strings.Join(m.Why(i18n.New("en")), "; "), reason) {
			return true
		}
	}
	return false
}

func hasSupplier(ms []broker.Match, supplierID string) bool {
	for _, m := range ms {
		if m.SupplierID == supplierID {
			return true
		}
	}
	return false
}
