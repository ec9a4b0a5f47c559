// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
)

// recorder makes the load test's requests and keeps what they took, by
// kind, and which URLs were asked before.
type recorder struct {
	log *slog.Logger

	mu     sync.Mutex
	gen    int            // bumped when the data changes: every URL is cold again
	seen   map[string]int // URL → gen+1 of its last first request
	urls   map[string]bool
	kinds  map[string]*kindTimes
	routes map[string]string // kind → route
	errs   []string          // the first few, with their URL
	logins []time.Duration
	// gone says whether the thing u names no longer exists (a supplier
	// whose payees an import's follow-up resolved to another): its 404 is
	// the right answer, counted in goneN, not an error.
	gone  func(k *kind, u string) bool
	goneN int
}

type kindTimes struct {
	ok, cold []time.Duration // times of the answers, of the cold ones among them
	errors   int
}

func newRecorder(log *slog.Logger) *recorder {
	return &recorder{log: log, seen: map[string]int{}, urls: map[string]bool{}, kinds: map[string]*kindTimes{}, routes: map[string]string{}}
}

// invalidate makes every URL cold again (the server's results are gone).
func (rec *recorder) invalidate() {
	rec.mu.Lock()
	rec.gen++
	rec.mu.Unlock()
}

// first reports whether this is the URL's first request since the start
// or the last invalidate, and marks it asked.
func (rec *recorder) first(k *kind, u string) bool {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.urls[u] = true
	if rec.kinds[k.name] == nil {
		rec.kinds[k.name] = &kindTimes{}
		rec.routes[k.name] = k.route
	}
	if rec.seen[u] == rec.gen+1 {
		return false
	}
	rec.seen[u] = rec.gen + 1
	return true
}

// mark marks u asked (by the check before the clock): its first timed
// request is not cold.
func (rec *recorder) mark(u string) {
	rec.mu.Lock()
	rec.seen[u] = rec.gen + 1
	rec.mu.Unlock()
}

func (rec *recorder) login(d time.Duration) {
	rec.mu.Lock()
	rec.logins = append(rec.logins, d)
	rec.mu.Unlock()
}

// do requests u (see fetch) and records the time to the answer's last
// byte, or the error.
func (rec *recorder) do(ctx context.Context, hc *http.Client, k *kind, u, token string) {
	cold := rec.first(k, u)
	t0 := time.Now()
	err := fetch(ctx, hc, u, token)
	d := time.Since(t0)
	var st statusError
	gone := errors.As(err, &st) && st.code == http.StatusNotFound && rec.gone != nil && rec.gone(k, u)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	t := rec.kinds[k.name]
	if gone {
		rec.goneN++
		err = nil
	}
	if err != nil {
		t.errors++
		if len(rec.errs) < firstErrors {
			msg := fmt.Sprintf("%s GET %s: %v", k.name, u, err)
			rec.errs = append(rec.errs, msg)
			rec.log.Warn("load test request failed", "kind", k.name, "url", u, "err", err)
		}
		return
	}
	t.ok = append(t.ok, d)
	if cold {
		t.cold = append(t.cold, d)
	}
}

// statusError is an answer other than 200.
type statusError struct {
	code int
	body string // its start
}

func (e statusError) Error() string { return fmt.Sprintf("status %d, want 200: %s", e.code, e.body) }

// fetch requests u (with the bearer token when there is one, else with
// the client's cookies) and reads the answer: an error is a transport
// error or a status other than 200.
func fetch(ctx context.Context, hc *http.Client, u, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return statusError{resp.StatusCode, strings.Join(strings.Fields(string(b)), " ")}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// loadRun is what the result reports besides the requests.
type loadRun struct {
	clients  int
	elapsed  time.Duration
	imports  importSummary // the imports during the run
	seed     uint64
	personas []persona
	of       []int
	users    [][]cityspend.User
	sessions int // distinct session cookies of the browser clients
	checked  int // kinds asked once before the clock started
	think    time.Duration
	cpu      time.Duration // the process's CPU time from the clock's start to the last import's end
}

// quantile is the q-quantile (nearest rank) of sorted times, in
// milliseconds to a tenth.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return round(sorted[min(max(i, 0), len(sorted)-1)].Seconds()*1000, 1)
}

// kindFigures are one kind's figures in the JSON.
type kindFigures struct {
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	ColdShare float64 `json:"cold_share"` // of the answered requests
	ColdP95   float64 `json:"cold_p95_ms"`
}

func (rec *recorder) result(run loadRun) *Result {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var all, cold, warm []time.Duration
	var errs int
	kinds := map[string]kindFigures{}
	byPath := map[string]float64{}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range rec.kinds {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		t := rec.kinds[n]
		ok := slices.Sorted(slices.Values(t.ok))
		c := slices.Sorted(slices.Values(t.cold))
		f := kindFigures{Requests: len(ok) + t.errors, Errors: t.errors, P50: quantile(ok, 0.5), P95: quantile(ok, 0.95), P99: quantile(ok, 0.99),
			ColdP95: quantile(c, 0.95)}
		if len(ok) > 0 {
			f.ColdShare = round(float64(len(c))/float64(len(ok)), 3)
		}
		kinds[n] = f
		byPath[rec.routes[n]] = f.P50
		all = append(all, ok...)
		cold = append(cold, c...)
		errs += t.errors
		// The warm ones: the answers less the cold ones (both sorted).
		i := 0
		for _, d := range ok {
			if i < len(c) && c[i] == d {
				i++
				continue
			}
			warm = append(warm, d)
		}
	}
	slices.Sort(all)
	slices.Sort(cold)
	slices.Sort(warm)
	logins := slices.Sorted(slices.Values(rec.logins))
	clientsOf := map[string]int{}
	apiClients := 0
	for _, pi := range run.of {
		clientsOf[run.personas[pi].name]++
		if run.personas[pi].api {
			apiClients++
		}
	}
	sessions := run.sessions
	users := 0
	for _, us := range run.users {
		users += len(us)
	}
	coldShare := 0.0
	if len(all) > 0 {
		coldShare = round(float64(len(cold))/float64(len(all)), 3)
	}
	first := slices.Clone(rec.errs)
	if first == nil {
		first = []string{}
	}
	res := map[string]any{"clients": run.clients, "seconds": round(run.elapsed.Seconds(), 1), "requests": len(all) + errs, "errors": errs, "gone": rec.goneN,
		"per_second": round(float64(len(all))/run.elapsed.Seconds(), 1), "p50_ms": quantile(all, 0.5), "p95_ms": quantile(all, 0.95),
		"p99_ms": quantile(all, 0.99), "imported_lines": run.imports.lines, "pages": len(rec.urls), "p50_ms_by_path": byPath,
		"kinds": kinds, "cold_share": coldShare, "cold_p95_ms": quantile(cold, 0.95), "warm_p95_ms": quantile(warm, 0.95),
		"seed": run.seed, "sessions": sessions, "api_clients": apiClients, "users": users, "personas": clientsOf,
		"logins":   map[string]any{"count": len(logins), "p50_ms": quantile(logins, 0.5), "p95_ms": quantile(logins, 0.95)},
		"import_s": round(run.imports.busy.Seconds(), 1), "first_errors": first, "checked_kinds": run.checked,
		"think_s": round(run.think.Seconds(), 2), "cpu_s": round(run.cpu.Seconds(), 1), "cpu_ms_per_request": 0.0,
		"imports": run.imports.count, "import_running_share": round(run.imports.share, 3), "ledgers_ahead": run.imports.ahead,
		"ledgers_generated": run.imports.generated, "ledger_gen_cpu_s": round(run.imports.genCPU.Seconds(), 1)}
	if len(all)+errs > 0 {
		res["cpu_ms_per_request"] = round(run.cpu.Seconds()*1000/float64(len(all)+errs), 1)
	}
	if len(first) > 0 {
		res["first_error"] = first[0]
	}
	text := func(w io.Writer) {
		fmt.Fprintf(w, "load: %d clients (%d sessions of %d users logged in through the form, %d API tokens; seed %d; %s between requests) for %.0f s\n",
			run.clients, sessions, users, apiClients, run.seed, thinkText(run.think), run.elapsed.Seconds())
		if im := run.imports; im.ahead > 0 {
			fmt.Fprintf(w, "  imports meanwhile: %d, one after the other (%d lines, %.1f s in all, each with its follow-up: payees resolved, lines classified), an import running %.1f %% of the run; ledgers generated before the clock %d, during the run %d (about %.1f s of CPU)\n",
				im.count, im.lines, im.busy.Seconds(), 100*im.share, im.ahead, im.generated, im.genCPU.Seconds())
		} else {
			fmt.Fprintln(w, "  no import meanwhile")
		}
		fmt.Fprintf(w, "  requests %d  (%.1f/s)  errors %d  distinct URLs %d  cold (first of their URL) %.1f %%\n", res["requests"], res["per_second"], errs,
			len(rec.urls), 100*coldShare)
		fmt.Fprintf(w, "  CPU time of the process %.1f s (the server, the clients, the imports, the ledgers generated during the run): %.1f ms a request\n", res["cpu_s"], res["cpu_ms_per_request"])
		fmt.Fprintf(w, "  latency p50 %.1f ms  p95 %.1f ms  p99 %.1f ms   cold p95 %.1f ms  warm p95 %.1f ms\n", res["p50_ms"], res["p95_ms"], res["p99_ms"],
			res["cold_p95_ms"], res["warm_p95_ms"])
		fmt.Fprintf(w, "  before the run: %d logins (p50 %.1f ms, p95 %.1f ms); each of %d kinds of request asked once by a client of its persona\n",
			len(logins), quantile(logins, 0.5), quantile(logins, 0.95), run.checked)
		fmt.Fprintf(w, "  %-18s %8s %6s %9s %9s %9s %6s %10s  %s\n", "kind", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "cold", "cold p95", "route")
		for _, n := range names {
			f := kinds[n]
			fmt.Fprintf(w, "  %-18s %8d %6d %9.1f %9.1f %9.1f %5.0f%% %10.1f  %s\n", n, f.Requests, f.Errors, f.P50, f.P95, f.P99, 100*f.ColdShare, f.ColdP95,
				rec.routes[n])
		}
		for _, e := range first {
			fmt.Fprintf(w, "  error: %s\n", e)
		}
	}
	return &Result{Figures: res, text: text}
}

func thinkText(d time.Duration) string {
	if d <= 0 {
		return "no pause"
	}
	return fmt.Sprintf("pauses of %s on average", d)
}
