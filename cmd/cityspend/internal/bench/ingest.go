// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cityspend/cityspend/gen"
)

// Ingest generates a ledger of lines lines, imports it with `cityspend
// import ledger` in a child process, times the resolution and
// classification that follow an import, and loads the same file with
// DuckDB's read_csv (`cityspend bench baseline-csv`, also a child) as the
// baseline. keep leaves the files.
func (h *Harness) Ingest(ctx context.Context, lines int64, keep bool) (*Result, error) {
	log := h.log()
	dir, cleanup, err := h.tempDir(keep)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	file := filepath.Join(dir, "ledger.csv")
	log.Info("generating ledger", "lines", lines, "file", file)
	if _, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(7), gen.LedgerOptions{Seed: 7, Municipality: Buyer,
		FromYear: gen.RecentYear(), Years: 2, Lines: lines, Format: gen.FormatCSV}); err != nil {
		return nil, err
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	ours := filepath.Join(dir, "ours.duckdb")
	if _, _, _, err := h.child(ctx, "buyer", "add", "--db", ours, "--id", Buyer, "--name", "Larvik kommune", "--country", "NO"); err != nil {
		return nil, err
	}
	log.Info("importing with cityspend")
	// The ingestion proper (what read_csv is the baseline of); resolving the
	// payees and classifying the lines, which an import then runs, are
	// timed after it.
	oursRun, err := h.run(ctx, "import", "ledger", "--db", ours, "--buyer", Buyer, "--no-resolve", "--json", file)
	if err != nil {
		return nil, err
	}
	oursWall, rss, out := oursRun.wall, oursRun.rss, oursRun.out
	var sum struct {
		RowsLoaded int64 `json:"rows_loaded"`
	}
	if err := json.Unmarshal(out, &sum); err != nil {
		return nil, fmt.Errorf("bench: import output: %w", err)
	}
	if sum.RowsLoaded != lines {
		return nil, fmt.Errorf("bench: %d of %d lines loaded", sum.RowsLoaded, lines)
	}
	log.Info("resolving payees and classifying lines")
	var enrichWall time.Duration
	var enrichRSS int64
	for _, args := range [][]string{{"resolve", "--db", ours, "--buyer", Buyer}, {"classify", "--db", ours, "--buyer", Buyer}} {
		wall, rss, _, err := h.child(ctx, args...)
		if err != nil {
			return nil, err
		}
		enrichWall += wall
		enrichRSS = max(enrichRSS, rss)
	}
	log.Info("loading with DuckDB read_csv")
	baseRun, err := h.run(ctx, "bench", "baseline-csv", "--db", filepath.Join(dir, "baseline.duckdb"), file)
	if err != nil {
		return nil, err
	}
	baseWall := baseRun.wall
	res := map[string]any{
		"lines":               lines,
		"file_mb":             round(float64(info.Size())/(1<<20), 1),
		"ours_s":              round(oursWall.Seconds(), 3),
		"baseline_s":          round(baseWall.Seconds(), 3),
		"ratio":               round(oursWall.Seconds()/baseWall.Seconds(), 3),
		"peak_rss_mb":         round(float64(rss)/(1<<20), 1),
		"ours_rows_per_s":     int64(float64(lines) / oursWall.Seconds()),
		"baseline_rows_per_s": int64(float64(lines) / baseWall.Seconds()),
		// CPU time (user and system, every thread): on a machine others
		// load, wall times grow with their load, CPU times much less.
		"ours_cpu_s":         round(oursRun.cpu.Seconds(), 3),
		"baseline_cpu_s":     round(baseRun.cpu.Seconds(), 3),
		"cpu_ratio":          round(oursRun.cpu.Seconds()/baseRun.cpu.Seconds(), 3),
		"enrich_s":           round(enrichWall.Seconds(), 3),
		"enrich_peak_rss_mb": round(float64(enrichRSS)/(1<<20), 1),
	}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "ingest of %d lines (%.1f MB CSV)\n", lines, res["file_mb"])
		fmt.Fprintf(w, "  cityspend import  %8.2f s  %10d rows/s  peak RSS %.0f MB\n", oursWall.Seconds(), res["ours_rows_per_s"], res["peak_rss_mb"])
		fmt.Fprintf(w, "  DuckDB read_csv   %8.2f s  %10d rows/s\n", baseWall.Seconds(), res["baseline_rows_per_s"])
		fmt.Fprintf(w, "  ratio ours/baseline %.2f (CPU time %.2f s / %.2f s: %.2f)\n", res["ratio"], oursRun.cpu.Seconds(), baseRun.cpu.Seconds(), res["cpu_ratio"])
		fmt.Fprintf(w, "  then resolve + classify %.2f s  peak RSS %.0f MB\n", enrichWall.Seconds(), res["enrich_peak_rss_mb"])
	}}, nil
}

// Register generates an Enhetsregisteret bulk file of units units, imports
// it with `cityspend import register brreg` in a child process, and loads
// the same file with DuckDB's read_json (`cityspend bench baseline-reg`,
// also a child) as the baseline. keep leaves the files.
func (h *Harness) Register(ctx context.Context, units int64, keep bool) (*Result, error) {
	log := h.log()
	dir, cleanup, err := h.tempDir(keep)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	file := filepath.Join(dir, "enheter.json.gz")
	log.Info("generating register", "units", units)
	if _, err := gen.WriteRegisterFile(ctx, file, gen.NewUniverse(7), gen.RegisterOptions{Units: units}); err != nil {
		return nil, err
	}
	log.Info("importing with cityspend")
	ours, rss, out, err := h.child(ctx, "import", "register", "brreg", "--db", filepath.Join(dir, "ours.duckdb"), "--no-resolve", "--json", file)
	if err != nil {
		return nil, err
	}
	var sum struct {
		UnitsLoaded int64 `json:"units_loaded"`
	}
	if err := json.Unmarshal(out, &sum); err != nil || sum.UnitsLoaded != units {
		return nil, fmt.Errorf("bench: import loaded %d of %d units (%v)", sum.UnitsLoaded, units, err)
	}
	log.Info("loading with DuckDB read_json")
	base, _, _, err := h.child(ctx, "bench", "baseline-reg", "--db", filepath.Join(dir, "baseline.duckdb"), file)
	if err != nil {
		return nil, err
	}
	res := map[string]any{"units": units, "ours_s": round(ours.Seconds(), 2), "baseline_s": round(base.Seconds(), 2),
		"ratio": round(ours.Seconds()/base.Seconds(), 3), "peak_rss_mb": round(float64(rss)/(1<<20), 1)}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "register import of %d units\n  cityspend        %6.1f s  peak RSS %.0f MB\n  DuckDB read_json %6.1f s\n  ratio %.2f\n",
			units, ours.Seconds(), res["peak_rss_mb"], base.Seconds(), res["ratio"])
	}}, nil
}
