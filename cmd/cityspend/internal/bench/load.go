// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/web"
)

// LoadOptions shape the load test.
type LoadOptions struct {
	Clients  int           // concurrent clients (at least 1)
	Duration time.Duration // how long they run (positive)
	// ImportLines are the lines of a generated ledger imported into the
	// same store while the clients run (0: none).
	ImportLines int64
}

// Load starts the real HTTP server on 127.0.0.1 over the benchmark database
// and runs the clients over the dashboard pages and the JSON API (each a
// loop: a page, the next page, …; as the buyer's viewer, with an API
// token) while a ledger is imported. It reports requests, throughput,
// latency p50/p95/p99 and errors (a transport error or any status but
// 200).
func (h *Harness) Load(ctx context.Context, db DBOptions, o LoadOptions) (*Result, error) {
	log := h.log()
	clients, dur := o.Clients, o.Duration
	st, cleanup, err := h.openDB(ctx, db)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	const buyer = Buyer
	ys, err := years(ctx, st)
	if err != nil {
		return nil, err
	}
	year := ys[len(ys)-1].Year
	// A viewer's read token for the clients.
	const email = "load@bench.invalid"
	u, err := st.UserByEmail(ctx, email)
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		id, err := auth.AddUser(ctx, st, cityspend.User{Email: email, Name: "load", Grants: []cityspend.Grant{{BuyerID: buyer, Role: cityspend.RoleViewer}}},
			"load-test-password")
		if err != nil {
			return nil, err
		}
		u.ID = id
	} else if err != nil {
		return nil, err
	}
	token, _, err := auth.NewAPIToken(ctx, st, u.ID, "load test", cityspend.ScopeRead, dur+time.Hour, time.Now().UTC())
	if err != nil {
		return nil, err
	}
	// The server logs its errors (warnings and above) to the harness's log.
	srv, err := web.New(st, slog.New(warnOnly{log.Handler()}))
	if err != nil {
		return nil, err
	}
	// The clients share one token and one address: the API's rate limit
	// would count them as one client. The test measures the server.
	srv.SetAPIRate(0, 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	y := fmt.Sprint(year)
	paths := []string{"/buyers/" + buyer + "?year=" + y, "/buyers/" + buyer + "/geography?year=" + y, "/buyers/" + buyer + "/business-types?year=" + y,
		"/buyers/" + buyer + "/sectors?year=" + y, "/buyers/" + buyer + "/suppliers?year=" + y, "/buyers/" + buyer + "/lines?year=" + y,
		"/buyers/" + buyer + "/climate?year=" + y, "/api/v1/buyers/" + buyer + "/analysis?year=" + y, "/api/v1/buyers/" + buyer + "/co2e?year=" + y,
		"/api/v1/buyers/" + buyer + "/suppliers?year=" + y}

	// The import during the run.
	var importErr error
	var imported int64
	importDone := make(chan struct{})
	if o.ImportLines > 0 {
		dir, err := os.MkdirTemp("", "cityspend-load-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		file := filepath.Join(dir, "during.csv")
		// New lines every run (a reused database has the last run's), so
		// that the import really loads and the server's results really
		// go stale while the clients read.
		seed := uint64(time.Now().UnixNano())
		if _, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(seed), gen.LedgerOptions{Seed: seed, Municipality: buyer, FromYear: year,
			Years: 1, Lines: o.ImportLines, Format: gen.FormatCSV}); err != nil {
			return nil, err
		}
		b, err := st.Buyer(ctx, buyer)
		if err != nil {
			return nil, err
		}
		go func() {
			defer close(importDone)
			res, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir})
			if err != nil {
				importErr = err
				return
			}
			imported = res.Batch.RowsLoaded
			srv.Invalidate() // the server's results predate the import
		}()
	} else {
		close(importDone)
	}

	log.Info("load", "clients", clients, "duration", dur, "server", base)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 2 * time.Minute}
	var mu sync.Mutex
	var lat []time.Duration
	byPath := map[string][]time.Duration{}
	var errs atomic.Int64
	firstErr := atomic.Value{}
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			mineBy := map[string][]time.Duration{}
			for i := c; time.Now().Before(deadline); i++ {
				path := paths[i%len(paths)]
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("%s: %d", req.URL.Path, resp.StatusCode)
					}
				}
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				mine = append(mine, time.Since(t0))
				mineBy[path] = append(mineBy[path], time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			for p, ds := range mineBy {
				byPath[p] = append(byPath[p], ds...)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	<-importDone
	if importErr != nil {
		return nil, fmt.Errorf("bench: the import during the run: %w", importErr)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return round(lat[min(len(lat)-1, int(p*float64(len(lat))))].Seconds()*1000, 1)
	}
	res := map[string]any{"clients": clients, "seconds": round(elapsed.Seconds(), 1), "requests": len(lat) + int(errs.Load()), "errors": errs.Load(),
		"per_second": round(float64(len(lat))/elapsed.Seconds(), 1), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
		"imported_lines": imported, "pages": len(paths)}
	if v := firstErr.Load(); v != nil {
		res["first_error"] = v
	}
	medians := map[string]float64{}
	for p, ds := range byPath {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		medians[p] = round(ds[len(ds)/2].Seconds()*1000, 1)
	}
	res["p50_ms_by_path"] = medians
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "load: %d clients for %.0f s over %d pages and API routes, %d lines imported meanwhile\n", clients, elapsed.Seconds(), len(paths), imported)
		fmt.Fprintf(w, "  requests %d  (%.1f/s)  errors %d\n", res["requests"], res["per_second"], res["errors"])
		fmt.Fprintf(w, "  latency p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n", res["p50_ms"], res["p95_ms"], res["p99_ms"])
		for _, p := range paths {
			if m, ok := medians[p]; ok {
				fmt.Fprintf(w, "  p50 %8.1f ms  %s\n", m, p)
			}
		}
		if v := firstErr.Load(); v != nil {
			fmt.Fprintf(w, "  first error: %s\n", v)
		}
	}}, nil
}

// warnOnly passes on warnings and errors only.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}
