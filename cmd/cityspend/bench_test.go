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
