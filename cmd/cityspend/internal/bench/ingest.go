// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend/gen"
)

// Ingest generates a ledger of lines lines, imports it with `cityspend
// import ledger` in a child process, times the resolution and
// classification that follow an import, and loads the same file with
// DuckDB's read_csv (`cityspend bench baseline-csv`, also a child) as the
// baseline. It does so runs times, each into fresh databases, the import
// and the baseline back to back in alternating order; the ratio it reports
// is the median of the runs' ratios, as the machine's speed drifts between
// runs (the baseline alone took 20.4 s in one run and 26.9 s in the next,
// docs/benchmarks.md). keep leaves the files.
func (h *Harness) Ingest(ctx context.Context, lines int64, runs int, keep bool) (*Result, error) {
	if runs < 1 {
		return nil, fmt.Errorf("bench: runs must be at least 1")
	}
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
	type pair struct{ ours, base childRun }
	pairs := make([]pair, runs)
	var enrichWall time.Duration
	var enrichRSS int64
	for i := range pairs {
		ours := filepath.Join(dir, fmt.Sprintf("ours-%d.duckdb", i+1))
		if _, _, _, err := h.child(ctx, "buyer", "add", "--db", ours, "--id", Buyer, "--name", "Larvik kommune", "--country", "NO"); err != nil {
			return nil, err
		}
		base := filepath.Join(dir, fmt.Sprintf("baseline-%d.duckdb", i+1))
		// The ingestion proper (what read_csv is the baseline of):
		// resolving the payees and classifying the lines, which an import
		// then runs, are timed after it.
		importOurs := func() error {
			log.Info("importing with cityspend", "run", i+1)
			r, err := h.run(ctx, "import", "ledger", "--db", ours, "--buyer", Buyer, "--no-resolve", "--json", file)
			if err != nil {
				return err
			}
			var sum struct {
				RowsLoaded int64 `json:"rows_loaded"`
			}
			if err := json.Unmarshal(r.out, &sum); err != nil {
				return fmt.Errorf("bench: import output: %w", err)
			}
			if sum.RowsLoaded != lines {
				return fmt.Errorf("bench: %d of %d lines loaded", sum.RowsLoaded, lines)
			}
			pairs[i].ours = r
			return nil
		}
		loadBase := func() error {
			log.Info("loading with DuckDB read_csv", "run", i+1)
			r, err := h.run(ctx, "bench", "baseline-csv", "--db", base, file)
			pairs[i].base = r
			return err
		}
		order := []func() error{importOurs, loadBase}
		if i%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, f := range order {
			if err := f(); err != nil {
				return nil, err
			}
		}
		if i == 0 {
			log.Info("resolving payees and classifying lines")
			for _, args := range [][]string{{"resolve", "--db", ours, "--buyer", Buyer}, {"classify", "--db", ours, "--buyer", Buyer}} {
				wall, rss, _, err := h.child(ctx, args...)
				if err != nil {
					return nil, err
				}
				enrichWall += wall
				enrichRSS = max(enrichRSS, rss)
			}
		}
		if !keep {
			// At 10 million lines each database is most of a gigabyte.
			for _, db := range []string{ours, base} {
				if err := os.Remove(db); err != nil {
					return nil, err
				}
			}
		}
	}
	ratios := make([]float64, runs)
	cpuRatios := make([]float64, runs)
	var oursWall, baseWall, oursCPU, baseCPU []time.Duration
	var rss int64
	for i, p := range pairs {
		ratios[i] = p.ours.wall.Seconds() / p.base.wall.Seconds()
		cpuRatios[i] = p.ours.cpu.Seconds() / p.base.cpu.Seconds()
		oursWall, baseWall = append(oursWall, p.ours.wall), append(baseWall, p.base.wall)
		oursCPU, baseCPU = append(oursCPU, p.ours.cpu), append(baseCPU, p.base.cpu)
		rss = max(rss, p.ours.rss)
	}
	ours, base := middle(oursWall), middle(baseWall)
	ratio, cpuRatio := middle(ratios), middle(cpuRatios)
	rounded := make([]float64, runs)
	for i, r := range ratios {
		rounded[i] = round(r, 3)
	}
	res := map[string]any{
		"lines":               lines,
		"file_mb":             round(float64(info.Size())/(1<<20), 1),
		"runs":                runs,
		"ours_s":              round(ours.Seconds(), 3),
		"baseline_s":          round(base.Seconds(), 3),
		"ratio":               round(ratio, 3),
		"ratios":              rounded,
		"peak_rss_mb":         round(float64(rss)/(1<<20), 1),
		"ours_rows_per_s":     int64(float64(lines) / ours.Seconds()),
		"baseline_rows_per_s": int64(float64(lines) / base.Seconds()),
		// CPU time (user and system, every thread): on a machine others
		// load, wall times grow with their load, CPU times much less.
		"ours_cpu_s":         round(middle(oursCPU).Seconds(), 3),
		"baseline_cpu_s":     round(middle(baseCPU).Seconds(), 3),
		"cpu_ratio":          round(cpuRatio, 3),
		"enrich_s":           round(enrichWall.Seconds(), 3),
		"enrich_peak_rss_mb": round(float64(enrichRSS)/(1<<20), 1),
	}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "ingest of %d lines (%.1f MB CSV), median of %d runs\n", lines, res["file_mb"], runs)
		fmt.Fprintf(w, "  cityspend import  %8.2f s  %10d rows/s  peak RSS %.0f MB\n", ours.Seconds(), res["ours_rows_per_s"], res["peak_rss_mb"])
		fmt.Fprintf(w, "  DuckDB read_csv   %8.2f s  %10d rows/s\n", base.Seconds(), res["baseline_rows_per_s"])
		fmt.Fprintf(w, "  ratio ours/baseline %.2f (runs: %s; CPU time %.2f s / %.2f s: %.2f)\n", ratio, joinRatios(rounded),
			res["ours_cpu_s"], res["baseline_cpu_s"], cpuRatio)
		fmt.Fprintf(w, "  then resolve + classify %.2f s  peak RSS %.0f MB\n", enrichWall.Seconds(), res["enrich_peak_rss_mb"])
	}}, nil
}

// middle is the median of xs (of an even count, the lower middle: the
// figure of a run, not a mean of two).
func middle[T float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// joinRatios writes ratios as "1.21, 1.25, 1.30".
func joinRatios(rs []float64) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.FormatFloat(r, 'f', 2, 64)
	}
	return strings.Join(parts, ", ")
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
