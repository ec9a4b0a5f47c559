// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
)

func (a *app) benchCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Benchmark harness: our code against a baseline in the same run",
		// The benchmarks build their own embedded databases.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := a.configure(cmd); err != nil {
				return err
			}
			if a.distributed() {
				return usageError{fmt.Errorf("the benchmarks build embedded databases of their own; figures for the ClickHouse store are in docs/scale.md")}
			}
			return nil
		}}
	var lines int64
	var asJSON, keep bool
	ingest := &cobra.Command{
		Use:   "ingest --lines N [--json]",
		Short: "Import a generated ledger, and load the same file with DuckDB's read_csv as the baseline",
		Long: `Generate a ledger of N lines, import it with cityspend's importer (in a child
process, so its peak RSS is its own), then load the same file into a fresh
database with DuckDB's own read_csv (also in a child process) as the
baseline. Prints rows/s of both, the time ratio ours/baseline and our peak RSS.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.benchIngest(cmd.Context(), lines, asJSON, keep)
		},
	}
	ingest.Flags().Int64Var(&lines, "lines", 1_000_000, "ledger lines to generate")
	ingest.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	ingest.Flags().BoolVar(&keep, "keep", false, "keep the generated file and databases")

	baseline := &cobra.Command{
		Use:    "baseline-csv FILE",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := duckdb.Open(cmd.Context(), a.cfg.DB, duckdb.Options{Logger: a.log})
			if err != nil {
				return err
			}
			defer st.Close()
			_, err = st.SQL().ExecContext(cmd.Context(), `CREATE TABLE baseline AS SELECT * FROM read_csv(?, header = true)`, args[0])
			return err
		},
	}
	cmd.AddCommand(ingest, baseline)
	cmd.AddCommand(a.benchRegisterCommands()...)
	cmd.AddCommand(a.benchAnalyseCommand(), a.benchClassifyCommand(), a.benchFindingsCommand(), a.benchFlagsCommand(), a.benchLoadCommand())
	return cmd
}

// childRun runs this binary with args and returns its wall time and peak RSS.
func childRun(ctx context.Context, args ...string) (time.Duration, int64, []byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, 0, nil, err
	}
	c := exec.CommandContext(ctx, exe, args...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	start := time.Now()
	err = c.Run()
	wall := time.Since(start)
	if err != nil {
		return wall, 0, out.Bytes(), fmt.Errorf("%v: %w: %s", args, err, errb.String())
	}
	var rss int64
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return wall, rss, out.Bytes(), nil
}

func (a *app) benchIngest(ctx context.Context, lines int64, asJSON, keep bool) error {
	dir, err := os.MkdirTemp("", "cityspend-bench-")
	if err != nil {
		return err
	}
	if keep {
		a.log.Info("keeping bench files", "dir", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	file := filepath.Join(dir, "ledger.csv")
	a.log.Info("generating ledger", "lines", lines, "file", file)
	if _, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(7), gen.LedgerOptions{Seed: 7, Municipality: "3909",
		FromYear: defaultGenYear(), Years: 2, Lines: lines, Format: gen.FormatCSV}); err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	ours := filepath.Join(dir, "ours.duckdb")
	if _, _, _, err := childRun(ctx, "buyer", "add", "--db", ours, "--id", "3909", "--name", "Larvik kommune", "--country", "NO"); err != nil {
		return err
	}
	a.log.Info("importing with cityspend")
	// The ingestion proper (what read_csv is the baseline of); resolving the
	// payees and classifying the lines, which an import then runs, are
	// timed after it.
	oursWall, rss, out, err := childRun(ctx, "import", "ledger", "--db", ours, "--buyer", "3909", "--no-resolve", "--json", file)
	if err != nil {
		return err
	}
	var sum ledgerSummary
	if err := json.Unmarshal(out, &sum); err != nil {
		return fmt.Errorf("bench: import output: %w", err)
	}
	if sum.RowsLoaded != lines {
		return fmt.Errorf("bench: %d of %d lines loaded", sum.RowsLoaded, lines)
	}
	a.log.Info("resolving payees and classifying lines")
	var enrichWall time.Duration
	var enrichRSS int64
	for _, args := range [][]string{{"resolve", "--db", ours, "--buyer", "3909"}, {"classify", "--db", ours, "--buyer", "3909"}} {
		wall, rss, _, err := childRun(ctx, args...)
		if err != nil {
			return err
		}
		enrichWall += wall
		enrichRSS = max(enrichRSS, rss)
	}
	a.log.Info("loading with DuckDB read_csv")
	baseWall, _, _, err := childRun(ctx, "bench", "baseline-csv", "--db", filepath.Join(dir, "baseline.duckdb"), file)
	if err != nil {
		return err
	}
	res := map[string]any{
		"lines":               lines,
		"file_mb":             round(float64(info.Size())/(1<<20), 1),
		"ours_s":              round(oursWall.Seconds(), 3),
		"baseline_s":          round(baseWall.Seconds(), 3),
		"ratio":               round(oursWall.Seconds()/baseWall.Seconds(), 3),
		"peak_rss_mb":         round(float64(rss)/(1<<20), 1),
		"ours_rows_per_s":     int64(float64(lines) / oursWall.Seconds()),
		"baseline_rows_per_s": int64(float64(lines) / baseWall.Seconds()),
		"enrich_s":            round(enrichWall.Seconds(), 3),
		"enrich_peak_rss_mb":  round(float64(enrichRSS)/(1<<20), 1),
	}
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(res)
	}
	fmt.Fprintf(a.stdout, "ingest of %d lines (%.1f MB CSV)\n", lines, res["file_mb"])
	fmt.Fprintf(a.stdout, "  cityspend import  %8.2f s  %10d rows/s  peak RSS %.0f MB\n", oursWall.Seconds(), res["ours_rows_per_s"], res["peak_rss_mb"])
	fmt.Fprintf(a.stdout, "  DuckDB read_csv   %8.2f s  %10d rows/s\n", baseWall.Seconds(), res["baseline_rows_per_s"])
	fmt.Fprintf(a.stdout, "  ratio ours/baseline %.2f\n", res["ratio"])
	fmt.Fprintf(a.stdout, "  then resolve + classify %.2f s  peak RSS %.0f MB\n", enrichWall.Seconds(), res["enrich_peak_rss_mb"])
	return nil
}

func round(v float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}
