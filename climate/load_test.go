// SPDX-License-Identifier: EUPL-1.2

package climate_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/refdata/factors"
)

// Many first requests at once load the shipped set without errors (found
// by the load test).
func TestLoadConcurrently(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := climate.Load(context.Background(), m.Store, m.Buyer.ID); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A footprint reads: on a fresh store the shipped set and concordances
// apply from memory and nothing is stored, with the figures of the set
// once installed.
func TestFootprintWritesNothing(t *testing.T) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	var rates []cityspend.Rate
	for y, v := range map[int]float64{2017: 100, 2021: 112, 2022: 118, 2023: 124, 2024: 128, 2025: 131} {
		rates = append(rates, cityspend.Rate{Kind: cityspend.RateDeflator, Currency: "NOK", Year: y, Value: v, Source: "test"})
	}
	rates = append(rates, cityspend.Rate{Kind: cityspend.RateFX, Currency: "NOK", To: "USD", Year: 2022, Value: 0.1, Source: "test"},
		cityspend.Rate{Kind: cityspend.RateFX, Currency: "NOK", To: "USD", Year: 2021, Value: 0.12, Source: "test"})
	if err := m.Store.PutRates(ctx, rates); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Factors      []cityspend.EmissionFactor
		Concordances []cityspend.Concordance
		Rates        []cityspend.Rate
	}
	stored := func() state {
		t.Helper()
		var s state
		var err error
		if s.Factors, err = m.Store.Factors(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if s.Concordances, err = m.Store.Concordances(ctx); err != nil {
			t.Fatal(err)
		}
		if s.Rates, err = m.Store.Rates(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := stored()
	if len(before.Factors) != 0 || len(before.Concordances) != 0 {
		t.Fatalf("not a fresh store: %d factors, %d concordances", len(before.Factors), len(before.Concordances))
	}
	fp, err := indicator.Footprint(ctx, m.Store, m.Buyer, 2025, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if after := stored(); !reflect.DeepEqual(after, before) {
		t.Errorf("computing a footprint changed the store: %d factors, %d concordances", len(after.Factors), len(after.Concordances))
	}
	if fp.TotalT <= 0 || fp.Quality.Category.Spend == 0 || fp.Set != "cityspend-default" {
		t.Errorf("footprint %v t, category-specific spend %s, set %q", fp.TotalT, fp.Quality.Category.Spend, fp.Set)
	}
	// The same figures as with the set and concordances stored.
	if err := climate.InstallDefaults(ctx, m.Store); err != nil {
		t.Fatal(err)
	}
	if len(stored().Factors) == 0 {
		t.Fatal("InstallDefaults stored nothing")
	}
	installed, err := indicator.Footprint(ctx, m.Store, m.Buyer, 2025, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fp, installed) {
		t.Errorf("from memory %+v\ninstalled %+v", fp, installed)
	}
}

// Listing the factors shows the shipped set without storing it, and the
// stored set alone once there is one, in the store's order.
func TestFactorsListWritesNothing(t *testing.T) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	own := []cityspend.EmissionFactor{{Set: "own", Scheme: "cpv", Code: "45", KgPerUnit: 0.3, Currency: "NOK", PriceYear: 2024, PriceBasis: "purchaser", Source: "test"}}
	if err := m.Store.PutFactors(ctx, "own", own); err != nil {
		t.Fatal(err)
	}
	listed, err := climate.Factors(ctx, m.Store, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(factors.Defaults()) + len(factors.Shipped(factors.EPASet)) + 1; len(listed) != want {
		t.Errorf("every set: %d factors, want %d", len(listed), want)
	}
	if !slices.IsSortedFunc(listed, func(a, b cityspend.EmissionFactor) int { return strings.Compare(a.Set, b.Set) }) {
		t.Error("not in the order of the sets")
	}
	if stored, err := m.Store.Factors(ctx, ""); err != nil || len(stored) != 1 {
		t.Errorf("listing stored factors: %d, %v", len(stored), err)
	}
	if shipped, err := climate.Factors(ctx, m.Store, factors.DefaultSet); err != nil || len(shipped) != len(factors.Defaults()) {
		t.Errorf("the shipped set: %d, %v", len(shipped), err)
	}
	if err := climate.InstallDefaults(ctx, m.Store); err != nil {
		t.Fatal(err)
	}
	again, err := climate.Factors(ctx, m.Store, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, listed) {
		t.Error("the list differs once the shipped set is stored")
	}
}

// factorReads counts the reads of each factor set of a real store.
type factorReads struct {
	*duckdb.DB
	mu sync.Mutex
	n  map[string]int
}

func (f *factorReads) Factors(ctx context.Context, set string) ([]cityspend.EmissionFactor, error) {
	f.mu.Lock()
	f.n[set]++
	f.mu.Unlock()
	return f.DB.Factors(ctx, set)
}

// A British buyer's footprint reads the UK government's set, when it is
// loaded, once: deciding that it applies reads it already.
func TestLoadReadsTheSetOnce(t *testing.T) {
	ctx := context.Background()
	db, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "f.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := cityspend.Buyer{ID: "HYN", Name: "Hyndburn Borough Council", Country: "GB", Currency: "GBP", FiscalStart: 4}
	if err := db.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	uk := []cityspend.EmissionFactor{{Set: factors.UKSet, Scheme: "SIC", Code: "41", Label: "Buildings", KgPerUnit: 0.3, Currency: "GBP",
		PriceYear: 2021, PriceBasis: "purchaser", Source: "DESNZ", Licence: "OGL-UK-3.0"}}
	if err := db.PutFactors(ctx, factors.UKSet, uk); err != nil {
		t.Fatal(err)
	}
	st := &factorReads{DB: db, n: map[string]int{}}
	set, err := climate.Load(ctx, st, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.n[factors.UKSet] != 1 {
		t.Errorf("the %s set read %d times for one footprint", factors.UKSet, st.n[factors.UKSet])
	}
	if !strings.Contains(set.Name, factors.UKSet) {
		t.Errorf("the British buyer's sets: %q", set.Name)
	}
}
