// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/register"
)

func (a *app) benchRegisterCommands() []*cobra.Command {
	var units, payees int64
	var asJSON, keep bool
	reg := &cobra.Command{
		Use:   "register --units N [--json]",
		Short: "Import a generated Enhetsregisteret bulk file, and load it with DuckDB's read_json as the baseline",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			dir, cleanup, err := benchDir(a, keep)
			if err != nil {
				return err
			}
			defer cleanup()
			file := filepath.Join(dir, "enheter.json.gz")
			a.log.Info("generating register", "units", units)
			if _, err := gen.WriteRegisterFile(ctx, file, gen.NewUniverse(7), gen.RegisterOptions{Units: units}); err != nil {
				return err
			}
			a.log.Info("importing with cityspend")
			ours, rss, out, err := childRun(ctx, "import", "register", "brreg", "--db", filepath.Join(dir, "ours.duckdb"), "--no-resolve", "--json", file)
			if err != nil {
				return err
			}
			var sum struct {
				UnitsLoaded int64 `json:"units_loaded"`
			}
			if err := json.Unmarshal(out, &sum); err != nil || sum.UnitsLoaded != units {
				return fmt.Errorf("bench: import loaded %d of %d units (%v)", sum.UnitsLoaded, units, err)
			}
			a.log.Info("loading with DuckDB read_json")
			base, _, _, err := childRun(ctx, "bench", "baseline-sql", "--db", filepath.Join(dir, "baseline.duckdb"),
				"CREATE TABLE baseline AS SELECT * FROM read_json(?, format = 'array')", file)
			if err != nil {
				return err
			}
			res := map[string]any{"units": units, "ours_s": round(ours.Seconds(), 2), "baseline_s": round(base.Seconds(), 2),
				"ratio": round(ours.Seconds()/base.Seconds(), 3), "peak_rss_mb": round(float64(rss)/(1<<20), 1)}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(res)
			}
			fmt.Fprintf(a.stdout, "register import of %d units\n  cityspend        %6.1f s  peak RSS %.0f MB\n  DuckDB read_json %6.1f s\n  ratio %.2f\n",
				units, ours.Seconds(), res["peak_rss_mb"], base.Seconds(), res["ratio"])
			return nil
		},
	}
	reg.Flags().Int64Var(&units, "units", 1_100_000, "register units")
	reg.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	reg.Flags().BoolVar(&keep, "keep", false, "keep the files")

	var rUnits int64
	var rJSON, rKeep bool
	res := &cobra.Command{
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
			return a.benchResolve(cmd.Context(), rUnits, payees, rJSON, rKeep)
		},
	}
	res.Flags().Int64Var(&rUnits, "units", 1_100_000, "register units")
	res.Flags().Int64Var(&payees, "payees", 100_000, "distinct payee names")
	res.Flags().BoolVar(&rJSON, "json", false, "print JSON")
	res.Flags().BoolVar(&rKeep, "keep", false, "keep the files")

	base := &cobra.Command{
		Use:    "baseline-sql SQL [ARG]",
		Hidden: true,
		Args:   cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := duckdb.Open(cmd.Context(), a.cfg.DB, duckdb.Options{Logger: a.log})
			if err != nil {
				return err
			}
			defer st.Close()
			var qargs []any
			if len(args) == 2 {
				qargs = append(qargs, args[1])
			}
			_, err = st.SQL().ExecContext(cmd.Context(), args[0], qargs...)
			return err
		},
	}
	return []*cobra.Command{reg, res, base}
}

func benchDir(a *app, keep bool) (string, func(), error) {
	dir, err := os.MkdirTemp("", "cityspend-bench-")
	if err != nil {
		return "", nil, err
	}
	if keep {
		a.log.Info("keeping bench files", "dir", dir)
		return dir, func() {}, nil
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

func (a *app) benchResolve(ctx context.Context, units, payees int64, asJSON, keep bool) error {
	dir, cleanup, err := benchDir(a, keep)
	if err != nil {
		return err
	}
	defer cleanup()
	u := gen.NewUniverse(7)
	file := filepath.Join(dir, "enheter.json.gz")
	a.log.Info("generating register", "units", units)
	if _, err := gen.WriteRegisterFile(ctx, file, u, gen.RegisterOptions{Units: units}); err != nil {
		return err
	}
	db := filepath.Join(dir, "r.duckdb")
	if _, _, _, err := childRun(ctx, "import", "register", "brreg", "--db", db, "--no-resolve", file); err != nil {
		return err
	}
	// Payee names: every k-th unit, as a clerk might have typed it. A fresh
	// universe hands out the same organisation numbers as the file's.
	u = gen.NewUniverse(7)
	type truth struct {
		name, org, postcode string
	}
	step := max(units/payees, 1)
	rng := rand.New(rand.NewPCG(7, 11))
	var names []truth
	seen := map[string]bool{}
	var i int64
	err = gen.Units(ctx, u, units, func(s *gen.Supplier) error {
		i++
		if i%step != 0 || int64(len(names)) >= payees {
			return nil
		}
		n := gen.NameVariant(rng, s.DisplayName(), rng.IntN(7), "")
		if seen[n] {
			return nil
		}
		seen[n] = true
		names = append(names, truth{n, s.Org, s.Postcode})
		return nil
	})
	if err != nil {
		return err
	}
	st, err := duckdb.Open(ctx, db, duckdb.Options{Logger: a.log})
	if err != nil {
		return err
	}
	defer st.Close()
	a.log.Info("resolving with cityspend", "payees", len(names))
	start := time.Now()
	ix, err := register.LoadIndex(ctx, st)
	if err != nil {
		return err
	}
	indexed := time.Since(start)
	var resolved, correct int
	for _, n := range names {
		m := ix.Resolve(register.Query{Name: n.name, Postcode: n.postcode})
		if m.Method == cityspend.MatchNone {
			continue
		}
		resolved++
		if m.ID.ID == n.org {
			correct++
		} else if os.Getenv("CITYSPEND_BENCH_SHOW") != "" && resolved-correct <= 25 {
			fmt.Fprintf(a.stderr, "wrong: %q (%s) → %s: %s\n", n.name, n.org, m.ID.ID, m.Reason)
		}
	}
	ours := time.Since(start)

	a.log.Info("exact join in DuckDB")
	start = time.Now()
	conn := st.SQL()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE bench_payees (name VARCHAR, org VARCHAR)`); err != nil {
		return err
	}
	var b strings.Builder
	for i, n := range names {
		if i%5000 == 0 {
			if b.Len() > 0 {
				if _, err := conn.ExecContext(ctx, strings.TrimSuffix(b.String(), ",")); err != nil {
					return err
				}
			}
			b.Reset()
			b.WriteString("INSERT INTO bench_payees VALUES ")
		}
		fmt.Fprintf(&b, "('%s','%s'),", strings.ReplaceAll(n.name, "'", "''"), n.org)
	}
	if _, err := conn.ExecContext(ctx, strings.TrimSuffix(b.String(), ",")); err != nil {
		return err
	}
	var baseCorrect int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM bench_payees p JOIN organisations o ON o.name = upper(trim(p.name)) AND o.id = p.org`).Scan(&baseCorrect); err != nil {
		return err
	}
	baseline := time.Since(start)
	res := map[string]any{
		"units": units, "payees": len(names), "ours_s": round(ours.Seconds(), 2), "index_s": round(indexed.Seconds(), 2),
		"baseline_s": round(baseline.Seconds(), 2), "ratio": round(ours.Seconds()/baseline.Seconds(), 2),
		"precision": round(float64(correct)/float64(max(resolved, 1)), 4), "recall": round(float64(correct)/float64(len(names)), 4),
		"baseline_recall": round(float64(baseCorrect)/float64(len(names)), 4),
	}
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(res)
	}
	fmt.Fprintf(a.stdout, "resolving %d payee names against %d units\n", len(names), units)
	fmt.Fprintf(a.stdout, "  cityspend   %6.1f s (index %.1f s)  precision %.4f  recall %.4f\n", ours.Seconds(), indexed.Seconds(), res["precision"], res["recall"])
	fmt.Fprintf(a.stdout, "  exact join  %6.1f s                  recall %.4f\n", baseline.Seconds(), res["baseline_recall"])
	return nil
}
