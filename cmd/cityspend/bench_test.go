// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

// `bench exports` starts the real server as a child process, downloads the
// lines export alone and by clients at once, and reports the server's
// memory; its JSON keys are a contract.
func TestBenchExports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a benchmark database and starts a server")
	}
	t.Setenv("CITYSPEND_TEST_MAIN", "1") // the child runs the command line
	db := filepath.Join(t.TempDir(), "bench.duckdb")
	out := mustCLI(t, "bench", "exports", "--lines", "3000", "--clients", "3", "--bench-db", db, "--json")
	var got map[string]any
	decodeJSON(t, out, &got)
	want := []string{"clients", "errors", "export_mb", "format", "lines", "one_s", "peak_rss_mb", "peak_rss_one_mb", "refused", "rss_start_mb",
		"slowest_s", "wall_s", "year"}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Errorf("JSON keys %q, want %q", keys, want)
	}
	if got["errors"] != 0.0 || got["refused"] != 0.0 || got["lines"] != 3000.0 || got["peak_rss_mb"].(float64) < got["rss_start_mb"].(float64) ||
		got["rss_start_mb"].(float64) <= 0 || got["export_mb"].(float64) <= 0 {
		t.Errorf("figures %v", got)
	}
	// XLSX, reusing the database.
	decodeJSON(t, mustCLI(t, "bench", "exports", "--format", "xlsx", "--clients", "2", "--bench-db", db, "--json"), &got)
	if got["errors"] != 0.0 || got["format"] != "xlsx" {
		t.Errorf("xlsx: %v", got)
	}
}

// `bench ingest` times the import and DuckDB's read_csv in child processes
// and reports, beside their wall times, their CPU times (which a machine
// others load changes much less); its JSON keys are a contract.
func TestBenchIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, imports and classifies a ledger")
	}
	t.Setenv("CITYSPEND_TEST_MAIN", "1") // the child runs the command line
	t.Setenv("TMPDIR", t.TempDir())
	var got map[string]any
	decodeJSON(t, mustCLI(t, "bench", "ingest", "--lines", "2000", "--runs", "2", "--json"), &got)
	want := []string{"baseline_cpu_s", "baseline_rows_per_s", "baseline_s", "cpu_ratio", "enrich_peak_rss_mb", "enrich_s", "file_mb", "lines",
		"ours_cpu_s", "ours_rows_per_s", "ours_s", "peak_rss_mb", "ratio", "ratios", "runs"}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Errorf("JSON keys %q, want %q", keys, want)
	}
	for _, k := range []string{"ours_cpu_s", "baseline_cpu_s", "cpu_ratio"} {
		if v, _ := got[k].(float64); v <= 0 {
			t.Errorf("%s %v", k, got[k])
		}
	}
	if got["lines"] != 2000.0 || got["runs"] != 2.0 {
		t.Errorf("figures %v", got)
	}
	// The ratio is a run's (the lower middle of two), not a mean.
	if rs, _ := got["ratios"].([]any); len(rs) != 2 || (got["ratio"] != rs[0] && got["ratio"] != rs[1]) {
		t.Errorf("ratio %v of runs %v", got["ratio"], got["ratios"])
	}
}
