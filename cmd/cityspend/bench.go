// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/cmd/cityspend/internal/bench"
	"github.com/cityspend/cityspend/duckdb"
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
	var ingestRuns int
	var asJSON, keep bool
	ingest := &cobra.Command{
		Use:   "ingest --lines N [--runs R] [--json]",
		Short: "Import a generated ledger, and load the same file with DuckDB's read_csv as the baseline",
		Long: `Generate a ledger of N lines, import it with cityspend's importer (in a child
process, so its peak RSS is its own), then load the same file into a fresh
database with DuckDB's own read_csv (also in a child process) as the
baseline. It does so --runs times, each into fresh databases, the two back
to back in alternating order, and prints the median: rows/s of both, the
time ratio ours/baseline (and each run's), the CPU times and our peak RSS.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ingestRuns < 1 {
				return usageError{errors.New("--runs must be at least 1")}
			}
			res, err := a.harness().Ingest(cmd.Context(), lines, ingestRuns, keep)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	ingest.Flags().Int64Var(&lines, "lines", 1_000_000, "ledger lines to generate")
	ingest.Flags().IntVar(&ingestRuns, "runs", 3, "runs, each an import and a baseline load into fresh databases")
	ingest.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	ingest.Flags().BoolVar(&keep, "keep", false, "keep the generated file and databases")

	// The baselines of ingest (read_csv) and register (read_json), run as
	// child processes like the imports they are compared with. (Names no
	// longer than twelve letters keep the columns of `bench --help`.)
	baselineCSV := &cobra.Command{
		Use:    "baseline-csv FILE",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := duckdb.Open(cmd.Context(), a.cfg.DB, duckdb.Options{Logger: a.log})
			if err != nil {
				return err
			}
			defer st.Close()
			return st.BaselineReadCSV(cmd.Context(), args[0])
		},
	}
	baselineReg := &cobra.Command{
		Use:    "baseline-reg FILE",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := duckdb.Open(cmd.Context(), a.cfg.DB, duckdb.Options{Logger: a.log})
			if err != nil {
				return err
			}
			defer st.Close()
			return st.BaselineReadJSON(cmd.Context(), args[0])
		},
	}
	cmd.AddCommand(ingest, baselineCSV, baselineReg)
	cmd.AddCommand(a.benchRegisterCommands()...)
	cmd.AddCommand(a.benchAnalyseCommand(), a.benchClassifyCommand(), a.benchFindingsCommand(), a.benchFlagsCommand(), a.benchLoadCommand(), a.benchExportsCommand())
	return cmd
}

// harness is the benchmark harness with the command's configuration.
func (a *app) harness() *bench.Harness {
	h := &bench.Harness{Log: a.log, MemoryLimit: a.cfg.MemoryLimit, Threads: a.cfg.Threads}
	if os.Getenv("CITYSPEND_BENCH_SHOW") != "" {
		h.Wrong = a.stderr
	}
	return h
}

func (a *app) benchRegisterCommands() []*cobra.Command {
	var units, payees int64
	var asJSON, keep bool
	reg := &cobra.Command{
		Use:   "register --units N [--json]",
		Short: "Import a generated Enhetsregisteret bulk file, and load it with DuckDB's read_json as the baseline",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Register(cmd.Context(), units, keep)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	reg.Flags().Int64Var(&units, "units", 1_100_000, "register units")
	reg.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	reg.Flags().BoolVar(&keep, "keep", false, "keep the files")

	var rUnits int64
	var rJSON, rKeep bool
	resolve := &cobra.Command{
		Use:   "resolve --units N --payees M [--json]",
		Short: "Resolve M distinct payee names (spelling variants of registered names) against N register units",
		Long: `Generate a register of N units, load it, and resolve M distinct payee names
made from registered names as clerks write them (upper or lower case,
without or with another legal form, a typo, folded letters, a branch
suffix, "&" for "og"). Reports the time to index the register and resolve
the names, the precision and recall, and as the baseline an exact name join
in DuckDB (its time and recall) over the same data.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Resolve(cmd.Context(), rUnits, payees, rKeep)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, rJSON)
		},
	}
	resolve.Flags().Int64Var(&rUnits, "units", 1_100_000, "register units")
	resolve.Flags().Int64Var(&payees, "payees", 100_000, "distinct payee names")
	resolve.Flags().BoolVar(&rJSON, "json", false, "print JSON")
	resolve.Flags().BoolVar(&rKeep, "keep", false, "keep the files")
	return []*cobra.Command{reg, resolve}
}

// benchDBFlags are the flags of the benchmark database of analyse,
// classify and findings.
func benchDBFlags(cmd *cobra.Command, db *bench.DBOptions) {
	cmd.Flags().Int64Var(&db.Lines, "lines", 1_000_000, "ledger lines to generate")
	cmd.Flags().IntVar(&db.Years, "years", 5, "years the lines spread over")
	cmd.Flags().StringVar(&db.Path, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
}

func (a *app) benchAnalyseCommand() *cobra.Command {
	var db bench.DBOptions
	var runs int
	var budget float64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "analyse --lines N [--years Y] [--bench-db FILE] [--budget-ms MS] [--json]",
		Short: "Time the indicator set and each page, cold and warm, against hand-written DuckDB SQL",
		Long: `Build (or reuse, with --bench-db) a database holding one buyer with a
generated ledger of N lines over Y years, resolved against a generated
register. Then, in this process, time the full indicator set of the latest
year (the median of --runs runs after a warm-up), the same figures computed
by hand-written DuckDB SQL (the baseline; its figures are checked against
ours), and each page's server time at p50 and p95: warm (--runs requests
of a server that has answered the page before) and cold (the first request
of a new server on the database just opened, max(--runs/2, 3) times).
Prints the times and the ratio ours/baseline; exits non-zero when a page's
cold p95 exceeds --budget-ms (0: no budget).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Analyse(cmd.Context(), db, runs, time.Duration(budget*float64(time.Millisecond)))
			var over *bench.OverBudget
			if errors.As(err, &over) {
				if werr := over.Result.Write(a.stdout, asJSON); werr != nil {
					return werr
				}
				return err
			}
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	benchDBFlags(cmd, &db)
	cmd.Flags().IntVar(&runs, "runs", 11, "timed runs of each measurement")
	cmd.Flags().Float64Var(&budget, "budget-ms", 300, "the most a page may take cold (p95), in milliseconds; 0 for none")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) benchClassifyCommand() *cobra.Command {
	var db bench.DBOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "classify --lines N [--bench-db FILE] [--json]",
		Short: "Time classifying every line from scratch against DuckDB grouping the lines",
		Long: `Build (or reuse) the database of bench analyse, forget its items, and time
classifying every line from scratch (items assigned, rules, the model, the
results stored). The baseline is DuckDB grouping the same lines by payee,
account and description text: the least reading any classifier must do.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Classify(cmd.Context(), db)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	benchDBFlags(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) benchFindingsCommand() *cobra.Command {
	var db bench.DBOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "findings --lines N [--bench-db FILE] [--json]",
		Short: "Time the compliance findings (contract links, value aggregation, split purchases, concentration, evidence)",
		Long: `Build (or reuse) the database of bench analyse and time computing the
buyer's findings. The baseline is DuckDB summing the lines by group,
supplier and month, the least any value aggregation must read.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Findings(cmd.Context(), db)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	benchDBFlags(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) benchFlagsCommand() *cobra.Command {
	var n int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "flags --releases N [--json]",
		Short: "Time the eleven red-flag indicators on N generated compiled releases against decoding them with encoding/json",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := a.harness().Flags(cmd.Context(), n)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	cmd.Flags().IntVar(&n, "releases", 100_000, "compiled releases to generate")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) benchLoadCommand() *cobra.Command {
	db := bench.DBOptions{Years: 5}
	var o bench.LoadOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "load --lines N [--clients 200] [--duration 60s] [--import-lines 200000] [--think 0s] [--seed S] [--bench-db FILE] [--json]",
		Short: "Load test: the buyer's people and API clients on a real server, cold paths included, while imports run",
		Long: `Build (or reuse, with --bench-db) the database of "bench analyse" (one buyer,
N generated lines), add the load test's users, findings and plan when it
has none, start the real HTTP server on 127.0.0.1, and run --clients
clients for --duration while generated ledgers of --import-lines new lines
each are imported into the same store, one after the other for the whole
run: when an import ends the next starts, until the clients stop; the
import then in flight is waited for. Each import does what "import ledger"
and an upload do: the lines, then their follow-up (the payees resolved,
the lines classified). The ledgers are generated before the clock,
--import-ahead of them (by default as many as the duration needs if an
import takes about a second, 3.3 µs a line of its ledger and 2.6 µs a line
of the buyer's for its follow-up); when the imports use them all,
the next ones are generated during the run, each while the import before
runs, at a cost in CPU that a real server does not pay. Each import makes
the server's results stale, so every URL is cold again. Of every eight
clients three are the buyer's viewers, two its analysts and one its admin,
each logged in through the login form with a session of its own, and two
are API clients with a token each. Each client picks its requests by a
generator seeded with --seed and its number: the dashboards, lines
filtered by a supplier, an account or a unit, suppliers (a search text at
times), a supplier's page, climate, categories, the report, the strategy,
the review queues, findings, the plan and exports, of distinct years and
filters, so that many requests are the first of their URL (cold); with
--think, each client pauses between an answer and its next request as a
person reads (by default none: each asks again at once). Reports requests,
throughput, errors (a transport error or any status but the expected one;
the first few with their URL) and latency p50/p95/p99, overall and per
kind of request, with the share of cold requests; and the imports: how
many ran, the lines they loaded, the share of the run during which one was
running, and the ledgers generated during the run with their estimated CPU
time.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Clients < 1 || o.Duration <= 0 || o.Think < 0 || o.ImportAhead < 0 {
				return usageError{errors.New("--clients and --duration must be positive, --think and --import-ahead not negative")}
			}
			res, err := a.harness().Load(cmd.Context(), db, o)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	f := cmd.Flags()
	f.Int64Var(&db.Lines, "lines", 1_000_000, "ledger lines of the database (when it is built)")
	f.Int64Var(&o.ImportLines, "import-lines", 200_000, "lines of each ledger imported during the run, one import after the other (0: none)")
	f.IntVar(&o.ImportAhead, "import-ahead", 0, "ledgers to import generated before the clock (0: enough for the duration, an import taking about 1 s, 3.3 µs a line and 2.6 µs a line of the buyer's for its follow-up)")
	f.IntVar(&o.Clients, "clients", 200, "concurrent clients")
	f.Uint64Var(&o.Seed, "seed", 1, "seed of the clients' choice of requests")
	f.DurationVar(&o.Think, "think", 0, "mean pause of a client between an answer and its next request, as a person reads (0: none)")
	f.DurationVar(&o.Duration, "duration", 60*time.Second, "how long the clients run")
	f.StringVar(&db.Path, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) benchExportsCommand() *cobra.Command {
	var db bench.DBOptions
	var o bench.ExportOptions
	var exe string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "exports --lines N [--years 1] [--clients 4] [--format csv|xlsx] [--bench-db FILE] [--json]",
		Short: "Peak server RSS while clients download the lines export of a year at once",
		Long: `Build (or reuse, with --bench-db) the database of "bench analyse" (one buyer,
N generated lines over --years years: by default all in one year), start the
real server ("cityspend serve", as a child process so that its peak RSS is
its own) on 127.0.0.1, and download the latest year's lines export (every
line, scope=all) once alone and then by --clients clients at once. Reports
the server's RSS after start-up, its peak (VmHWM) after the single export
and after the concurrent ones, the times, and the exports the server
refused (503) or that failed. --server-exe runs another cityspend program
as the server (an older build, to compare).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Clients < 1 || db.Years < 1 {
				return usageError{errors.New("--clients and --years must be positive")}
			}
			if o.Format != "csv" && o.Format != "xlsx" {
				return usageError{fmt.Errorf("--format %q: csv or xlsx", o.Format)}
			}
			h := a.harness()
			h.Exe = exe
			res, err := h.Exports(cmd.Context(), db, o)
			if err != nil {
				return err
			}
			return res.Write(a.stdout, asJSON)
		},
	}
	f := cmd.Flags()
	f.Int64Var(&db.Lines, "lines", 1_000_000, "ledger lines to generate (when the database is built)")
	f.IntVar(&db.Years, "years", 1, "years the lines spread over")
	f.StringVar(&db.Path, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
	f.IntVar(&o.Clients, "clients", 4, "exports at once")
	f.StringVar(&o.Format, "format", "csv", "csv or xlsx")
	f.StringVar(&exe, "server-exe", "", "the cityspend program to run as the server (default: this one)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
