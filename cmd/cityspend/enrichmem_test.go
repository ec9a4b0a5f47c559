// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	dd "github.com/duckdb/duckdb-go/v2"

	"github.com/cityspend/cityspend/duckdb"
)

// The enrichment runs under its memory bounds, gives them back after, and
// runs once more with the engine's default cap when it ran out of its own.
func TestBoundedEnrichment(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "c.duckdb"), duckdb.Options{MemoryLimit: "256MB"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	engine := func() string {
		var got string
		if err := st.SQL().QueryRowContext(ctx, `SELECT current_setting('memory_limit')`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	capped := engine()
	if err := st.SetMemoryLimit(ctx, enrichMemory); err != nil {
		t.Fatal(err)
	}
	enrichCap := engine()
	if err := st.SetMemoryLimit(ctx, ""); err != nil {
		t.Fatal(err)
	}
	engineDefault := engine()
	if err := st.SetMemoryLimit(ctx, "256MB"); err != nil {
		t.Fatal(err)
	}
	goBefore := debug.SetMemoryLimit(-1)

	a := &app{log: slog.New(slog.DiscardHandler)}
	var seen []string
	oom := fmt.Errorf("set categories: %w", &dd.Error{Type: dd.ErrorTypeOutOfMemory, Msg: "Out of Memory Error: could not allocate block"})
	err = a.boundedEnrichment(ctx, st, func() error {
		seen = append(seen, engine())
		if got := debug.SetMemoryLimit(-1); got != enrichGoMemory {
			t.Errorf("the Go heap's soft limit during the enrichment: %d, want %d", got, int64(enrichGoMemory))
		}
		if len(seen) == 1 {
			return oom
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != enrichCap || seen[1] != engineDefault {
		t.Errorf("the engine's cap in each run: %q, want %q then the default %q (the engine's cap before: %q)", seen, enrichCap, engineDefault, capped)
	}
	if got := debug.SetMemoryLimit(-1); got != goBefore {
		t.Errorf("the Go heap's soft limit after: %d, want it given back (%d)", got, goBefore)
	}

	// Another error is returned at once; the operator's own cap is kept.
	seen = nil
	a.cfg.MemoryLimit = "256MB" // as the store was opened with
	if err := st.SetMemoryLimit(ctx, "256MB"); err != nil {
		t.Fatal(err)
	}
	other := errors.New("no such buyer")
	err = a.boundedEnrichment(ctx, st, func() error {
		seen = append(seen, engine())
		return oom
	})
	if !duckdb.OutOfMemory(err) || len(seen) != 1 || seen[0] != capped {
		t.Errorf("with --memory-limit: %v after %q, want the out-of-memory error after one run at %q", err, seen, capped)
	}
	a.cfg.MemoryLimit = ""
	seen = nil
	if err := a.boundedEnrichment(ctx, st, func() error { seen = append(seen, engine()); return other }); !errors.Is(err, other) || len(seen) != 1 {
		t.Errorf("another error: %v after %d runs, want it after one", err, len(seen))
	}
}

// Enrichments side by side in one process (the tests run commands so) give
// back the Go heap's limit of before when the last one ends, whatever the
// order they end in.
func TestBoundGoHeapSideBySide(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	a, b := boundGoHeap(), boundGoHeap()
	if got := debug.SetMemoryLimit(-1); got != enrichGoMemory {
		t.Errorf("during: %d", got)
	}
	a()
	if got := debug.SetMemoryLimit(-1); got != enrichGoMemory {
		t.Errorf("one of two ended: %d, want the bound kept", got)
	}
	b()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("both ended: %d, want %d", got, before)
	}
}

// A ledger import that runs out of its memory cap is rolled back and
// imported once more with the engine's default cap, saying so: the lines
// are stored once. Not parallel: the cap it sets is the package's.
func TestLedgerImportOutOfMemory(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "c.duckdb"), filepath.Join(dir, "ledger.csv")
	mustCLI(t, "gen", "ledger", "--lines", "100000", "--seed", "3", "-o", file, "--db", db)
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	ledgerMemoryForTest = "8MB"
	t.Cleanup(func() { ledgerMemoryForTest = "" })
	code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", "--json", file)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "needed more than its memory cap") {
		t.Errorf("the import did not run out of 8 MB, or did not say it imported again:\n%s", errs)
	}
	var sum struct {
		RowsRead   int64 `json:"rows_read"`
		RowsLoaded int64 `json:"rows_loaded"`
	}
	decodeJSON(t, out, &sum)
	if sum.RowsLoaded == 0 || sum.RowsLoaded != sum.RowsRead {
		t.Errorf("%d of %d rows loaded", sum.RowsLoaded, sum.RowsRead)
	}
	// Stored once: the first attempt left nothing behind.
	st, err := duckdb.Open(context.Background(), db, duckdb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var lines, batches int64
	if err := st.SQL().QueryRow(`SELECT (SELECT count(*) FROM payments), (SELECT count(*) FROM import_batches)`).Scan(&lines, &batches); err != nil {
		t.Fatal(err)
	}
	if lines != sum.RowsLoaded || batches != 1 {
		t.Errorf("%d lines in %d batches stored, want %d in 1", lines, batches, sum.RowsLoaded)
	}
}
