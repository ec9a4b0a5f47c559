// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend/indicator"
)

// The benchmarks run in process on one small database (built by the first,
// reused by the others) and keep their JSON keys, a public contract (the
// load test's: TestLoad). The
// ingestion benchmarks run the cityspend program in child processes and
// are run through it (`cityspend bench ingest`).
func TestHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a benchmark database")
	}
	ctx := context.Background()
	h := &Harness{}
	db := DBOptions{Path: filepath.Join(t.TempDir(), "bench.duckdb"), Lines: 6000, Years: 2}
	tests := []struct {
		name string
		run  func() (*Result, error)
		keys []string
		text string
	}{
		{"analyse", func() (*Result, error) { return h.Analyse(ctx, db, 1, time.Minute) },
			[]string{"baseline_ms", "cold_budget_ms", "cold_runs", "footprint_ms", "lines", "ours_ms", "pages", "pages_ms", "ratio", "slowest_cold_p95_ms",
				"slowest_page_ms", "suppliers", "warm_runs", "year", "year_lines"},
			"hand-written SQL"},
		{"classify", func() (*Result, error) { return h.Classify(ctx, db) },
			[]string{"baseline_s", "coverage", "items", "lines", "lines_per_s", "ours_s", "ratio"}, "baseline (DuckDB grouping the lines)"},
		{"findings", func() (*Result, error) { return h.Findings(ctx, db) },
			[]string{"baseline_s", "findings", "lines", "ours_s", "ratio"}, "baseline (DuckDB summing by group, supplier and month)"},
		{"flags", func() (*Result, error) { return h.Flags(ctx, 200) },
			[]string{"baseline_s", "file_mb", "ours_s", "ratio", "releases", "releases_per_s"}, "eleven indicators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := res.Write(&out, true); err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, out.Bytes())
			}
			if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, tt.keys) {
				t.Errorf("JSON keys %q, want %q", keys, tt.keys)
			}
			out.Reset()
			if err := res.Write(&out, false); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.text) {
				t.Errorf("text lacks %q:\n%s", tt.text, out.String())
			}
			if tt.name == "analyse" && runtime.GOOS == "linux" {
				// A cold page reads the database: its CPU time is never 0.
				for page, v := range got["pages"].(map[string]any) {
					if cpu := v.(map[string]any)["cold_cpu_p50_ms"].(float64); cpu <= 0 {
						t.Errorf("%s: cold CPU time %v", page, cpu)
					}
				}
			}
		})
	}
	// Every page is timed cold and warm; a budget no page can meet fails
	// the run with the whole result.
	t.Run("budget", func(t *testing.T) {
		res, err := h.Analyse(ctx, db, 1, time.Nanosecond)
		var over *OverBudget
		if !errors.As(err, &over) || res != over.Result || len(over.Pages) != len(benchPages("x")) {
			t.Fatalf("a budget of 1 ns: %v, %v", res, err)
		}
		pages := over.Result.Figures["pages"]
		if len(benchPages("x")) != 14 || len(over.Result.Figures["pages_ms"].(map[string]float64)) != 14 {
			t.Errorf("pages timed: %v", pages)
		}
		var out bytes.Buffer
		over.Result.Write(&out, false)
		if !strings.Contains(out.String(), "14 over it") || !strings.Contains(out.String(), "/suppliers/{sid}") {
			t.Errorf("the report of a missed budget:\n%s", out.String())
		}
	})
	// The baseline check fails on any figure that differs.
	t.Run("compare", func(t *testing.T) {
		st, cleanup, err := h.openDB(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer cleanup()
		ys, err := years(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.Buyer(ctx, Buyer)
		if err != nil {
			t.Fatal(err)
		}
		year := ys[len(ys)-1].Year
		ours, err := indicator.Analyse(ctx, st, Buyer, year, indicator.Options{SkipCO2e: true})
		if err != nil {
			t.Fatal(err)
		}
		base, err := st.BaselineAnalysis(ctx, b, year, 300)
		if err != nil {
			t.Fatal(err)
		}
		if err := compareBaseline(ours, base); err != nil {
			t.Fatalf("the same figures differ: %v", err)
		}
		base.UnresolvedSpend++
		if err := compareBaseline(ours, base); err == nil || !strings.Contains(err.Error(), "data quality") {
			t.Errorf("a changed figure: %v", err)
		}
	})
}
