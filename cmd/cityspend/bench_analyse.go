// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/redflags"
	"github.com/cityspend/cityspend/register/brreg"
	"github.com/cityspend/cityspend/web"
)

func (a *app) benchAnalyseCommand() *cobra.Command {
	var lines int64
	var years, runs int
	var asJSON bool
	var db string
	cmd := &cobra.Command{
		Use:   "analyse --lines N [--years Y] [--db FILE] [--json]",
		Short: "Time the indicator set and each dashboard page against hand-written DuckDB SQL",
		Long: `Build (or reuse, with --db) a database holding one buyer with a generated
ledger of N lines over Y years, resolved against a generated register. Then,
in this process, time the full indicator set of the latest year (the median
of --runs runs after a warm-up), the same figures computed by hand-written
DuckDB SQL (the baseline; its figures are checked against ours), and each
dashboard page's server time. Prints the times and the ratio ours/baseline.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.benchAnalyse(cmd.Context(), db, lines, years, runs, asJSON)
		},
	}
	cmd.Flags().Int64Var(&lines, "lines", 1_000_000, "ledger lines to generate")
	cmd.Flags().IntVar(&years, "years", 5, "years the lines spread over")
	cmd.Flags().IntVar(&runs, "runs", 11, "timed runs of each measurement")
	cmd.Flags().StringVar(&db, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// median runs f once to warm up, then runs times, and returns the median.
func median(runs int, f func() error) (time.Duration, error) {
	if err := f(); err != nil {
		return 0, err
	}
	ds := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// medianPair runs f and g in turns after a warm-up of each and returns
// their median times.
func medianPair(runs int, f, g func() error) (time.Duration, time.Duration, error) {
	if err := f(); err != nil {
		return 0, 0, err
	}
	if err := g(); err != nil {
		return 0, 0, err
	}
	fs := make([]time.Duration, 0, runs)
	gs := make([]time.Duration, 0, runs)
	for range runs {
		for _, x := range []struct {
			fn func() error
			ds *[]time.Duration
		}{{f, &fs}, {g, &gs}} {
			start := time.Now()
			if err := x.fn(); err != nil {
				return 0, 0, err
			}
			*x.ds = append(*x.ds, time.Since(start))
		}
	}
	slices.Sort(fs)
	slices.Sort(gs)
	return fs[len(fs)/2], gs[len(gs)/2], nil
}

// benchBuyer is the buyer of the benchmark databases.
const benchBuyer = "3909"

// benchYears are benchBuyer's years in a benchmark database (an error when
// it has none).
func benchYears(ctx context.Context, st cityspend.Store) ([]indicator.YearTotal, error) {
	ys, err := indicator.Years(ctx, st, benchBuyer)
	if err != nil || len(ys) == 0 {
		return nil, fmt.Errorf("bench: the database has no lines for buyer %s: %v", benchBuyer, err)
	}
	return ys, nil
}

func (a *app) benchAnalyse(ctx context.Context, path string, lines int64, years, runs int, asJSON bool) error {
	st, cleanup, err := a.benchDB(ctx, path, lines, years)
	if err != nil {
		return err
	}
	defer cleanup()
	const buyer = benchBuyer
	ys, err := benchYears(ctx, st)
	if err != nil {
		return err
	}
	var total int64
	for _, y := range ys {
		total += y.Lines
	}
	year := ys[len(ys)-1].Year
	b, err := st.Buyer(ctx, buyer)
	if err != nil {
		return err
	}
	a.log.Info("timing", "lines", total, "year", year, "year_lines", ys[len(ys)-1].Lines)

	// Ours and the baseline take turns, so that the machine's drift hits
	// both alike; each is timed by the median of its runs.
	var ours *indicator.Analysis
	var base *duckdb.BaselineFigures
	oursT, baseT, err := medianPair(runs, func() (err error) {
		// The baseline computes the analysis's indicators, not the
		// climate footprint: that is timed on its own below.
		ours, err = indicator.Analyse(ctx, st, buyer, year, indicator.Options{SkipCO2e: true})
		return err
	}, func() (err error) {
		base, err = st.BaselineAnalysis(ctx, b, year, 300)
		return err
	})
	if err != nil {
		return err
	}
	if err := compareBaseline(ours, base); err != nil {
		return fmt.Errorf("bench: the baseline SQL and the indicator engine disagree: %w", err)
	}

	footT, err := median(runs, func() error {
		_, err := indicator.Footprint(ctx, st, b, year, indicator.Options{})
		return err
	})
	if err != nil {
		return err
	}

	srv, err := web.New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	h := srv.Handler()
	// The pages are timed as the buyer's viewer sees them (the session
	// looked up on every request, as in use).
	token, err := benchSession(ctx, st, srv, buyer)
	if err != nil {
		return err
	}
	pages := []string{"", "/geography", "/business-types", "/sectors", "/suppliers", "/lines", "/lm3", "/climate", "/strategy", "/report"}
	pageT := map[string]float64{}
	var slowest time.Duration
	for _, p := range pages {
		url := fmt.Sprintf("/buyers/%s%s?year=%d&lang=nb", buyer, p, year)
		d, err := median(runs, func() error {
			rec := httptest.NewRecorder()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				return fmt.Errorf("bench: GET %s: %d %s", url, rec.Code, rec.Body.String())
			}
			return nil
		})
		if err != nil {
			return err
		}
		name := p
		if name == "" {
			name = "/"
		}
		pageT[name] = round(d.Seconds()*1000, 1)
		slowest = max(slowest, d)
	}
	res := map[string]any{
		"lines": total, "year": year, "year_lines": ys[len(ys)-1].Lines, "suppliers": ours.Suppliers,
		"ours_ms": round(oursT.Seconds()*1000, 1), "baseline_ms": round(baseT.Seconds()*1000, 1),
		"ratio": round(oursT.Seconds()/baseT.Seconds(), 2), "pages_ms": pageT, "slowest_page_ms": round(slowest.Seconds()*1000, 1),
		"footprint_ms": round(footT.Seconds()*1000, 1),
	}
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(res)
	}
	fmt.Fprintf(a.stdout, "indicator set of %s %d: %d procurement lines in all years, %d in the year, %d suppliers\n", buyer, year, total, ys[len(ys)-1].Lines, ours.Suppliers)
	fmt.Fprintf(a.stdout, "  indicator engine     %8.1f ms\n", res["ours_ms"])
	fmt.Fprintf(a.stdout, "  hand-written SQL     %8.1f ms\n", res["baseline_ms"])
	fmt.Fprintf(a.stdout, "  ratio ours/baseline  %8.2f\n", res["ratio"])
	fmt.Fprintf(a.stdout, "  climate footprint    %8.1f ms (the year and the one before)\n", res["footprint_ms"])
	for _, p := range pages {
		name := p
		if name == "" {
			name = "/"
		}
		fmt.Fprintf(a.stdout, "  page %-16s %8.1f ms\n", name, pageT[name])
	}
	return nil
}

// benchBuild fills an empty database: a register, a ledger, resolution.
func (a *app) benchBuild(ctx context.Context, st *duckdb.DB, dir, buyer string, lines int64, years int) error {
	tmp, err := os.MkdirTemp(dir, "bench-files-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	u := gen.NewUniverse(11)
	reg := filepath.Join(tmp, "enheter.json.gz")
	if _, err := gen.WriteRegisterFile(ctx, reg, u, gen.RegisterOptions{Units: int64(len(u.Suppliers)) + 20000}); err != nil {
		return err
	}
	rr, err := brreg.Open(reg)
	if err != nil {
		return err
	}
	rb := cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json.gz (synthetic)"}
	err = st.ImportRegister(ctx, &rb, rr)
	rr.Close()
	if err != nil {
		return err
	}
	file := filepath.Join(tmp, "ledger.csv")
	a.log.Info("generating ledger", "lines", lines, "years", years)
	if _, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: 11, Municipality: buyer, FromYear: defaultGenYear() - years + 2,
		Years: years, Lines: lines, Format: gen.FormatCSV}); err != nil {
		return err
	}
	b := cityspend.Buyer{ID: buyer, Name: "Larvik kommune", Country: "NO", Municipality: buyer, Currency: "NOK", FiscalStart: 1, Synthetic: true}
	if err := st.CreateBuyer(ctx, b); err != nil {
		return err
	}
	a.log.Info("importing ledger")
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: tmp}); err != nil {
		return err
	}
	_, err = enrich.Run(ctx, st, enrich.Options{Buyers: buyers(buyer), Log: a.log})
	return err
}

// compareBaseline checks that the baseline computed the same figures.
func compareBaseline(a *indicator.Analysis, b *duckdb.BaselineFigures) error {
	if a.TotalSpend != b.TotalSpend || a.Lines != b.Lines || a.Suppliers != b.Suppliers || a.ExcludedSpend != b.ExcludedSpend {
		return fmt.Errorf("totals: ours %s/%d/%d/%s, baseline %s/%d/%d/%s", a.TotalSpend, a.Lines, a.Suppliers, a.ExcludedSpend,
			b.TotalSpend, b.Lines, b.Suppliers, b.ExcludedSpend)
	}
	for _, band := range indicator.Bands {
		if a.Bands[band].Spend != b.Bands[band].Spend || a.Bands[band].Suppliers != b.Bands[band].Suppliers {
			return fmt.Errorf("band %s: ours %+v, baseline %+v", band, a.Bands[band], b.Bands[band])
		}
		if a.TopNPopulation.Bands[band].Spend != b.TopNBands[band].Spend {
			return fmt.Errorf("top-N band %s: ours %+v, baseline %+v", band, a.TopNPopulation.Bands[band], b.TopNBands[band])
		}
	}
	for _, t := range cityspend.BusinessTypes {
		if a.BusinessTypes[t].Spend != b.Types[t].Spend {
			return fmt.Errorf("type %s: ours %+v, baseline %+v", t, a.BusinessTypes[t], b.Types[t])
		}
	}
	for _, s := range a.Sectors {
		if x := b.Sections[s.Section]; x.Spend != s.Spend || x.Local != s.LocalSpend {
			return fmt.Errorf("sector %s: ours %s/%s, baseline %+v", s.Section, s.Spend, s.LocalSpend, x)
		}
	}
	// Municipality codes are mapped to today's in Go after the grouping, so
	// the head of the ranking is compared by its sum.
	var om, bm cityspend.Amount
	for _, m := range a.Municipalities {
		om += m.Spend
	}
	for _, x := range b.Municipalities {
		bm += x.Spend
	}
	if len(a.Municipalities) < 30 && om != bm {
		return fmt.Errorf("municipalities: ours %s, baseline %s", om, bm)
	}
	for i, t := range a.TopSuppliers {
		if i >= len(b.Top) || b.Top[i].Key != t.SupplierID || b.Top[i].Spend != t.Spend {
			return fmt.Errorf("top supplier %d: ours %s %s", i+1, t.SupplierID, t.Spend)
		}
	}
	for _, g := range a.ByAccountGroup {
		if b.AccountGroups[g.Key].Spend != g.Spend {
			return fmt.Errorf("account group %s: ours %s, baseline %+v", g.Key, g.Spend, b.AccountGroups[g.Key])
		}
	}
	if len(a.Trend) != len(b.Trend) {
		return fmt.Errorf("trend: ours %d years, baseline %d", len(a.Trend), len(b.Trend))
	}
	for _, t := range a.Trend {
		x := b.Trend[t.Year]
		if x.Spend != t.TotalSpend || x.L0 != t.LocalShare.L0 || x.SME != t.SMEShare {
			return fmt.Errorf("trend %d: ours %s %.4f %.4f, baseline %+v", t.Year, t.TotalSpend, t.LocalShare.L0, t.SMEShare, x)
		}
	}
	if a.DataQuality.UnresolvedSpend != b.UnresolvedSpend || a.Deprived.Spend != b.DeprivedSpend {
		return fmt.Errorf("data quality: ours %s/%s, baseline %s/%s", a.DataQuality.UnresolvedSpend, a.Deprived.Spend, b.UnresolvedSpend, b.DeprivedSpend)
	}
	return nil
}

func (a *app) benchClassifyCommand() *cobra.Command {
	var lines int64
	var years int
	var db string
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
			ctx := cmd.Context()
			st, cleanup, err := a.benchDB(ctx, db, lines, years)
			if err != nil {
				return err
			}
			defer cleanup()
			const buyer = benchBuyer
			if err := st.ResetItems(ctx, buyer); err != nil {
				return err
			}
			start := time.Now()
			s, err := classify.Run(ctx, st, buyer, a.log)
			if err != nil {
				return err
			}
			ours := time.Since(start)
			start = time.Now()
			if _, err := st.ItemsBaseline(ctx, buyer); err != nil {
				return err
			}
			base := time.Since(start)
			res := map[string]any{"lines": s.Lines, "items": s.Items, "coverage": round(s.Coverage, 4), "ours_s": round(ours.Seconds(), 2),
				"baseline_s": round(base.Seconds(), 2), "ratio": round(ours.Seconds()/base.Seconds(), 2),
				"lines_per_s": int64(float64(s.Lines) / ours.Seconds())}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(res)
			}
			fmt.Fprintf(a.stdout, "classified %d lines (%d items) in %.1f s (%d lines/s); %.1f %% of the spend\n", s.Lines, s.Items, ours.Seconds(),
				res["lines_per_s"], 100*s.Coverage)
			fmt.Fprintf(a.stdout, "  baseline (DuckDB grouping the lines) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
			return nil
		},
	}
	cmd.Flags().Int64Var(&lines, "lines", 1_000_000, "ledger lines to generate")
	cmd.Flags().IntVar(&years, "years", 5, "years the lines spread over")
	cmd.Flags().StringVar(&db, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// benchDB opens the benchmark database at path, building it when it does
// not exist (a temporary one when path is ""); cleanup closes and removes
// what it made.
func (a *app) benchDB(ctx context.Context, path string, lines int64, years int) (*duckdb.DB, func(), error) {
	cleanup := func() {}
	if path == "" {
		dir, err := os.MkdirTemp("", "cityspend-bench-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		path = filepath.Join(dir, "bench.duckdb")
	}
	_, statErr := os.Stat(path)
	st, err := duckdb.Open(ctx, path, duckdb.Options{MemoryLimit: a.cfg.MemoryLimit, Threads: a.cfg.Threads, Logger: a.log})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	done := func() { st.Close(); cleanup() }
	if statErr != nil {
		if err := a.benchBuild(ctx, st, filepath.Dir(path), benchBuyer, lines, years); err != nil {
			done()
			return nil, nil, err
		}
	}
	return st, done, nil
}

func (a *app) benchFindingsCommand() *cobra.Command {
	var lines int64
	var years int
	var db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "findings --lines N [--bench-db FILE] [--json]",
		Short: "Time the compliance findings (contract links, value aggregation, split purchases, concentration, evidence)",
		Long: `Build (or reuse) the database of bench analyse and time computing the
buyer's findings. The baseline is DuckDB summing the lines by group,
supplier and month, the least any value aggregation must read.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, cleanup, err := a.benchDB(ctx, db, lines, years)
			if err != nil {
				return err
			}
			defer cleanup()
			const buyer = benchBuyer
			start := time.Now()
			s, err := compliance.Compute(ctx, st, buyer, compliance.Options{})
			if err != nil {
				return err
			}
			ours := time.Since(start)
			start = time.Now()
			if _, err := st.MonthSpends(ctx, []string{buyer}); err != nil {
				return err
			}
			base := time.Since(start)
			t, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: buyer})
			if err != nil {
				return err
			}
			res := map[string]any{"lines": t.Lines, "findings": s.ByKind, "ours_s": round(ours.Seconds(), 2), "baseline_s": round(base.Seconds(), 2),
				"ratio": round(ours.Seconds()/base.Seconds(), 2)}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(res)
			}
			fmt.Fprintf(a.stdout, "findings for %d lines in %.1f s: %v\n", t.Lines, ours.Seconds(), s.ByKind)
			fmt.Fprintf(a.stdout, "  baseline (DuckDB summing by group, supplier and month) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
			return nil
		},
	}
	cmd.Flags().Int64Var(&lines, "lines", 1_000_000, "ledger lines to generate")
	cmd.Flags().IntVar(&years, "years", 5, "years the lines spread over")
	cmd.Flags().StringVar(&db, "bench-db", "", "database to build, or reuse when it exists (default: a temporary one)")
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
			ctx := cmd.Context()
			f, err := os.CreateTemp("", "cityspend-releases-*.jsonl")
			if err != nil {
				return err
			}
			defer os.Remove(f.Name())
			a.log.Info("generating releases", "releases", n)
			if err := redflags.Generate(f, 7, n); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			info, _ := os.Stat(f.Name())
			in, err := os.Open(f.Name())
			if err != nil {
				return err
			}
			start := time.Now()
			if _, err := redflags.Run(ctx, in, redflags.AllSettings(), redflags.Options{}); err != nil {
				in.Close()
				return err
			}
			ours := time.Since(start)
			in.Close()
			// The baseline: every line decoded by encoding/json, nothing computed.
			in, err = os.Open(f.Name())
			if err != nil {
				return err
			}
			defer in.Close()
			start = time.Now()
			sc := bufio.NewScanner(in)
			sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
			for sc.Scan() {
				var v map[string]any
				if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
					return err
				}
			}
			if err := sc.Err(); err != nil {
				return err
			}
			base := time.Since(start)
			res := map[string]any{"releases": n, "file_mb": round(float64(info.Size())/(1<<20), 1), "ours_s": round(ours.Seconds(), 2),
				"baseline_s": round(base.Seconds(), 2), "ratio": round(ours.Seconds()/base.Seconds(), 2), "releases_per_s": int64(float64(n) / ours.Seconds())}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(res)
			}
			fmt.Fprintf(a.stdout, "%d releases (%.0f MB): eleven indicators in %.1f s (%d releases/s)\n", n, res["file_mb"], ours.Seconds(), res["releases_per_s"])
			fmt.Fprintf(a.stdout, "  baseline (encoding/json decoding every line) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "releases", 100_000, "compiled releases to generate")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// benchSession logs in the bench's viewer of a buyer (made the first time)
// and returns the session token.
func benchSession(ctx context.Context, st cityspend.Store, srv *web.Server, buyer string) (string, error) {
	const email, pw = "bench@bench.invalid", "bench-password"
	if _, err := st.UserByEmail(ctx, email); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		u := cityspend.User{Email: email, Name: "bench", Grants: []cityspend.Grant{{BuyerID: buyer, Role: cityspend.RoleViewer}}}
		if _, err := auth.AddUser(ctx, st, u, pw); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	token, _, _, _, err := srv.Accounts().Login(ctx, email, pw, "127.0.0.1")
	return token, err
}
