// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register/brreg"
	"github.com/cityspend/cityspend/web"
)

// DBOptions name the benchmark database of Analyse, Classify, Findings and
// Load: one buyer (Buyer) with a generated ledger resolved against a
// generated register.
type DBOptions struct {
	// Path is the database file: built when it does not exist, reused
	// when it does; "" is a temporary one.
	Path string
	// Lines and Years are the ledger's lines and the years they spread
	// over, when the database is built.
	Lines int64
	Years int
}

// Analyse times the full indicator set of the latest year against the same
// figures computed by hand-written DuckDB SQL (whose figures must equal
// ours), taking turns, and the climate footprint: each the median of runs
// runs after a warm-up. Then each page's server time at p50 and p95, warm
// (runs requests after a warm-up) and cold (max(runs/2, 3) first requests,
// each of a new server on the database just opened). With budget > 0 a
// page whose cold p95 exceeds it makes the error *OverBudget, which holds
// the whole result.
func (h *Harness) Analyse(ctx context.Context, o DBOptions, runs int, budget time.Duration) (*Result, error) {
	path, remove, err := h.prepareDB(ctx, o)
	if err != nil {
		return nil, err
	}
	defer remove()
	st, err := h.open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer func() { st.Close() }()
	const buyer = Buyer
	ys, err := years(ctx, st)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, y := range ys {
		total += y.Lines
	}
	year := ys[len(ys)-1].Year
	b, err := st.Buyer(ctx, buyer)
	if err != nil {
		return nil, err
	}
	h.log().Info("timing", "lines", total, "year", year, "year_lines", ys[len(ys)-1].Lines)

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
		return nil, err
	}
	if err := compareBaseline(ours, base); err != nil {
		return nil, fmt.Errorf("bench: the baseline SQL and the indicator engine disagree: %w", err)
	}

	footT, err := median(runs, func() error {
		_, err := indicator.Footprint(ctx, st, b, year, indicator.Options{})
		return err
	})
	if err != nil {
		return nil, err
	}

	// The pages, as the buyer's viewer sees them (the session looked up
	// on every request, as in use): warm, on a server that has answered
	// the page before; then cold, each the first request of a new server
	// on the database just opened (DuckDB's buffers and every cache of
	// the server empty; the operating system's file cache is not emptied).
	top := ""
	if len(ours.TopSuppliers) > 0 {
		top = ours.TopSuppliers[0].SupplierID
	}
	pages := benchPages(top)
	url := func(p string) string { return fmt.Sprintf("/buyers/%s%s?year=%d&lang=nb", buyer, p, year) }
	// Beside each time, the CPU time the process used meanwhile: on a
	// machine others share, wall times grow with the load, CPU times
	// much less.
	warm, warmCPU := map[string][]time.Duration{}, map[string][]time.Duration{}
	{
		srv, token, err := benchServer(ctx, st, buyer)
		if err != nil {
			return nil, err
		}
		for _, p := range pages {
			if _, _, err := timeGet(ctx, srv, token, url(p)); err != nil { // the warm-up
				return nil, err
			}
		}
		for range runs {
			for _, p := range pages {
				d, c, err := timeGet(ctx, srv, token, url(p))
				if err != nil {
					return nil, err
				}
				warm[p], warmCPU[p] = append(warm[p], d), append(warmCPU[p], c)
			}
		}
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	cold, coldCPU := map[string][]time.Duration{}, map[string][]time.Duration{}
	coldRuns := max(runs/2, 3) // each one a new server
	for r := range coldRuns {
		h.log().Info("timing the pages cold", "run", r+1, "of", coldRuns)
		for _, p := range pages {
			if st, err = h.open(ctx, path); err != nil {
				return nil, err
			}
			srv, token, err := benchServer(ctx, st, buyer)
			if err != nil {
				return nil, err
			}
			d, c, err := timeGet(ctx, srv, token, url(p))
			if err != nil {
				return nil, err
			}
			cold[p], coldCPU[p] = append(cold[p], d), append(coldCPU[p], c)
			if err := st.Close(); err != nil {
				return nil, err
			}
		}
	}
	if st, err = h.open(ctx, path); err != nil { // closed by the deferred Close
		return nil, err
	}
	type times struct {
		ColdP50 float64 `json:"cold_p50_ms"`
		ColdP95 float64 `json:"cold_p95_ms"`
		WarmP50 float64 `json:"warm_p50_ms"`
		WarmP95 float64 `json:"warm_p95_ms"`
		// The process's CPU time (every thread) at p50.
		ColdCPU float64 `json:"cold_cpu_p50_ms"`
		WarmCPU float64 `json:"warm_cpu_p50_ms"`
	}
	ms := func(d time.Duration) float64 { return round(d.Seconds()*1000, 1) }
	pageT := map[string]float64{}
	byPage := map[string]times{}
	var slowest, slowestCold time.Duration
	var over []string
	for _, p := range pages {
		name := pageName(p)
		w50, w95 := percentiles(warm[p])
		c50, c95 := percentiles(cold[p])
		pageT[name] = ms(w50)
		cc, _ := percentiles(coldCPU[p])
		wc, _ := percentiles(warmCPU[p])
		byPage[name] = times{ColdP50: ms(c50), ColdP95: ms(c95), WarmP50: ms(w50), WarmP95: ms(w95), ColdCPU: ms(cc), WarmCPU: ms(wc)}
		slowest, slowestCold = max(slowest, w50), max(slowestCold, c95)
		if budget > 0 && c95 > budget {
			over = append(over, fmt.Sprintf("%s %.0f ms", name, ms(c95)))
		}
	}
	res := map[string]any{
		"lines": total, "year": year, "year_lines": ys[len(ys)-1].Lines, "suppliers": ours.Suppliers,
		"ours_ms": ms(oursT), "baseline_ms": ms(baseT),
		"ratio": round(oursT.Seconds()/baseT.Seconds(), 2), "pages_ms": pageT, "slowest_page_ms": ms(slowest),
		"footprint_ms": ms(footT), "pages": byPage, "slowest_cold_p95_ms": ms(slowestCold),
		"warm_runs": runs, "cold_runs": coldRuns, "cold_budget_ms": ms(budget),
	}
	text := func(w io.Writer) {
		fmt.Fprintf(w, "indicator set of %s %d: %d procurement lines in all years, %d in the year, %d suppliers\n", buyer, year, total, ys[len(ys)-1].Lines, ours.Suppliers)
		fmt.Fprintf(w, "  indicator engine     %8.1f ms\n", res["ours_ms"])
		fmt.Fprintf(w, "  hand-written SQL     %8.1f ms\n", res["baseline_ms"])
		fmt.Fprintf(w, "  ratio ours/baseline  %8.2f\n", res["ratio"])
		fmt.Fprintf(w, "  climate footprint    %8.1f ms (the year and the one before)\n", res["footprint_ms"])
		fmt.Fprintf(w, "  page (ms)             cold p50  cold p95  warm p50  warm p95  cold CPU  warm CPU   (cold: %d runs, each a new server; warm: %d runs; CPU: p50)\n", coldRuns, runs)
		for _, p := range pages {
			t := byPage[pageName(p)]
			fmt.Fprintf(w, "  %-20s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n", pageName(p), t.ColdP50, t.ColdP95, t.WarmP50, t.WarmP95, t.ColdCPU, t.WarmCPU)
		}
		if budget > 0 {
			fmt.Fprintf(w, "  cold budget %.0f ms: ", ms(budget))
			if len(over) == 0 {
				fmt.Fprintln(w, "every page within it")
			} else {
				fmt.Fprintf(w, "%d over it: %s\n", len(over), strings.Join(over, ", "))
			}
		}
	}
	r := &Result{Figures: res, text: text}
	if len(over) > 0 {
		return r, &OverBudget{Result: r, Pages: over, Budget: budget}
	}
	return r, nil
}

// OverBudget is the error of a benchmark whose cold pages exceeded their
// budget; its Result is complete.
type OverBudget struct {
	Result *Result
	Pages  []string
	Budget time.Duration
}

func (e *OverBudget) Error() string {
	return fmt.Sprintf("bench: %d pages over the cold budget of %s at p95: %s", len(e.Pages), e.Budget, strings.Join(e.Pages, ", "))
}

// benchPages are the pages Analyse times, below /buyers/{id}: the
// dashboards, a supplier's page (top, when there is one), the lines, the
// categories, findings, plan, strategy and the annual report.
func benchPages(top string) []string {
	pages := []string{"", "/geography", "/business-types", "/sectors", "/suppliers"}
	if top != "" {
		pages = append(pages, "/suppliers/"+neturl.PathEscape(top))
	}
	return append(pages, "/lines", "/lm3", "/climate", "/categories", "/findings", "/plan", "/strategy", "/report")
}

func pageName(p string) string {
	if strings.HasPrefix(p, "/suppliers/") {
		return "/suppliers/{sid}"
	}
	if p == "" {
		return "/"
	}
	return p
}

// benchServer is a new server on st with the harness's viewer logged in.
func benchServer(ctx context.Context, st *duckdb.DB, buyer string) (http.Handler, string, error) {
	srv, err := web.New(st, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, "", err
	}
	token, err := session(ctx, st, srv, buyer)
	if err != nil {
		return nil, "", err
	}
	return srv.Handler(), token, nil
}

// timeGet times one request of a page in process: the time it took and
// the CPU time the process used meanwhile.
func timeGet(ctx context.Context, hd http.Handler, token, url string) (time.Duration, time.Duration, error) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
	start, cpu := time.Now(), processCPU()
	hd.ServeHTTP(rec, req)
	d, c := time.Since(start), processCPU()-cpu
	if rec.Code != http.StatusOK {
		return 0, 0, fmt.Errorf("bench: GET %s: %d %s", url, rec.Code, rec.Body.String())
	}
	return d, c, nil
}

// percentiles are the median and the 95th percentile (nearest rank) of ds.
func percentiles(ds []time.Duration) (p50, p95 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := slices.Sorted(slices.Values(ds))
	rank := func(q float64) time.Duration {
		i := int(math.Ceil(q*float64(len(s)))) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return rank(0.5), rank(0.95)
}

// Classify forgets the items of the benchmark database and times
// classifying every line from scratch. The baseline is DuckDB grouping the
// same lines by payee, account and description text: the least reading
// any classifier must do.
func (h *Harness) Classify(ctx context.Context, o DBOptions) (*Result, error) {
	st, cleanup, err := h.openDB(ctx, o)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	const buyer = Buyer
	if err := st.ResetItems(ctx, buyer); err != nil {
		return nil, err
	}
	start := time.Now()
	s, err := classify.Run(ctx, st, buyer, h.log())
	if err != nil {
		return nil, err
	}
	ours := time.Since(start)
	start = time.Now()
	if _, err := st.ItemsBaseline(ctx, buyer); err != nil {
		return nil, err
	}
	base := time.Since(start)
	res := map[string]any{"lines": s.Lines, "items": s.Items, "coverage": round(s.Coverage, 4), "ours_s": round(ours.Seconds(), 2),
		"baseline_s": round(base.Seconds(), 2), "ratio": round(ours.Seconds()/base.Seconds(), 2),
		"lines_per_s": int64(float64(s.Lines) / ours.Seconds())}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "classified %d lines (%d items) in %.1f s (%d lines/s); %.1f %% of the spend\n", s.Lines, s.Items, ours.Seconds(),
			res["lines_per_s"], 100*s.Coverage)
		fmt.Fprintf(w, "  baseline (DuckDB grouping the lines) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
	}}, nil
}

// Findings times computing the buyer's compliance findings on the
// benchmark database. The baseline is DuckDB summing the lines by group,
// supplier and month, the least any value aggregation must read.
func (h *Harness) Findings(ctx context.Context, o DBOptions) (*Result, error) {
	st, cleanup, err := h.openDB(ctx, o)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	const buyer = Buyer
	start := time.Now()
	s, err := compliance.Compute(ctx, st, buyer, compliance.Options{})
	if err != nil {
		return nil, err
	}
	ours := time.Since(start)
	start = time.Now()
	if _, err := st.MonthSpends(ctx, []string{buyer}); err != nil {
		return nil, err
	}
	base := time.Since(start)
	t, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: buyer})
	if err != nil {
		return nil, err
	}
	res := map[string]any{"lines": t.Lines, "findings": s.ByKind, "ours_s": round(ours.Seconds(), 2), "baseline_s": round(base.Seconds(), 2),
		"ratio": round(ours.Seconds()/base.Seconds(), 2)}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "findings for %d lines in %.1f s: %v\n", t.Lines, ours.Seconds(), s.ByKind)
		fmt.Fprintf(w, "  baseline (DuckDB summing by group, supplier and month) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
	}}, nil
}

// years are Buyer's years in a benchmark database (an error when it has
// none).
func years(ctx context.Context, st cityspend.LedgerStore) ([]indicator.YearTotal, error) {
	ys, err := indicator.Years(ctx, st, Buyer)
	if err != nil || len(ys) == 0 {
		return nil, fmt.Errorf("bench: the database has no lines for buyer %s: %v", Buyer, err)
	}
	return ys, nil
}

// openDB opens the benchmark database, building it when it does not exist;
// cleanup closes it and removes what it made.
func (h *Harness) openDB(ctx context.Context, o DBOptions) (*duckdb.DB, func(), error) {
	path, remove, err := h.prepareDB(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	st, err := h.open(ctx, path)
	if err != nil {
		remove()
		return nil, nil, err
	}
	return st, func() { st.Close(); remove() }, nil
}

// prepareDB builds the benchmark database when it does not exist and
// returns its path; remove removes what it made (a temporary database).
func (h *Harness) prepareDB(ctx context.Context, o DBOptions) (path string, remove func(), err error) {
	remove = func() {}
	path = o.Path
	if path == "" {
		dir, err := os.MkdirTemp("", "cityspend-bench-")
		if err != nil {
			return "", nil, err
		}
		remove = func() { os.RemoveAll(dir) }
		path = filepath.Join(dir, "bench.duckdb")
	}
	if _, err := os.Stat(path); err == nil {
		return path, remove, nil
	}
	st, err := h.open(ctx, path)
	if err != nil {
		remove()
		return "", nil, err
	}
	err = h.build(ctx, st, filepath.Dir(path), o.Lines, o.Years)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Not reused half-built by the next run.
		os.Remove(path)
		os.Remove(path + ".wal")
		remove()
		return "", nil, err
	}
	return path, remove, nil
}

// open opens the benchmark database at path.
func (h *Harness) open(ctx context.Context, path string) (*duckdb.DB, error) {
	return duckdb.Open(ctx, path, duckdb.Options{MemoryLimit: h.MemoryLimit, Threads: h.Threads, Logger: h.log()})
}

// build fills an empty database: a register, a ledger, and what follows an
// import.
func (h *Harness) build(ctx context.Context, st *duckdb.DB, dir string, lines int64, years int) error {
	log := h.log()
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
	log.Info("generating ledger", "lines", lines, "years", years)
	gs, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: 11, Municipality: Buyer, FromYear: gen.RecentYear() - years + 2,
		Years: years, Lines: lines, Format: gen.FormatCSV})
	if err != nil {
		return err
	}
	// The files go as soon as they are read: at 100 million lines the
	// truth file is 8.5 GB and the ledger 17 GB, beside the import's
	// staging parts and the database.
	if err := os.Remove(gs.TruthFile); err != nil {
		return err
	}
	b := cityspend.Buyer{ID: Buyer, Name: "Larvik kommune", Country: "NO", Municipality: Buyer, Currency: "NOK", FiscalStart: 1, Synthetic: true}
	if err := st.CreateBuyer(ctx, b); err != nil {
		return err
	}
	log.Info("importing ledger")
	if _, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: tmp}); err != nil {
		return err
	}
	if err := os.Remove(file); err != nil {
		return err
	}
	_, err = enrich.Run(ctx, st, enrich.Options{Buyers: []string{Buyer}, Log: log})
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

// session logs in the harness's viewer of a buyer (made the first time)
// and returns the session token.
func session(ctx context.Context, st cityspend.AccountStore, srv *web.Server, buyer string) (string, error) {
	const email, pw = "bench@bench.invalid", "bench-password"
	if _, err := st.UserByEmail(ctx, email); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		u := cityspend.User{Email: email, Name: "bench", Grants: []cityspend.Grant{{BuyerID: buyer, Role: cityspend.RoleViewer}}}
		if _, err := auth.AddUser(ctx, st, u, pw); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	l, err := srv.Accounts().Login(ctx, auth.Attempt{Email: email, Password: pw, Addr: "127.0.0.1"})
	return l.Token, err
}
