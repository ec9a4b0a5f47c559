// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
)

// ExportOptions shape the export benchmark.
type ExportOptions struct {
	Clients int    // concurrent exports (at least 1)
	Format  string // csv or xlsx
}

// Exports starts the real server (`cityspend serve`, a child process, so
// that its peak RSS is its own) over the benchmark database and downloads
// the latest year's lines export (every line, scope=all): once alone, then
// by o.Clients clients at once. It reports the server's RSS after start-up
// and its peak (VmHWM) after the single export and after the concurrent
// ones, the times, and the answers that were not 200 (503: the server's
// bound on concurrent exports refused one).
func (h *Harness) Exports(ctx context.Context, db DBOptions, o ExportOptions) (*Result, error) {
	log := h.log()
	if o.Clients < 1 {
		return nil, errors.New("bench: at least one client")
	}
	if o.Format != "csv" && o.Format != "xlsx" {
		return nil, fmt.Errorf("bench: format %q: csv or xlsx", o.Format)
	}
	path := db.Path
	if path == "" {
		dir, cleanup, err := h.tempDir(false)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		path = filepath.Join(dir, "bench.duckdb")
	}
	db.Path = path
	year, lines, token, err := h.exportSetup(ctx, db)
	if err != nil {
		return nil, err
	}

	srv, err := h.startServer(ctx, path)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	rssStart, _, err := memory(srv.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	url := fmt.Sprintf("%s/buyers/%s/export/lines.%s?year=%d&scope=all", srv.base, Buyer, o.Format, year)
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: o.Clients + 1}}
	log.Info("exports", "lines", lines, "clients", o.Clients, "url", url)

	one := download(ctx, client, url, token)
	if one.err != nil {
		return nil, fmt.Errorf("bench: the single export: %w", one.err)
	}
	_, peakOne, err := memory(srv.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	res := make([]exportRun, o.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = download(ctx, client, url, token)
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	_, peak, err := memory(srv.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	var slowest time.Duration
	var errs, refused int
	var firstErr string
	for _, r := range res {
		switch {
		case r.err != nil:
			errs++
			if firstErr == "" {
				firstErr = r.err.Error()
			}
		case r.status == http.StatusServiceUnavailable:
			refused++
		case r.bytes != one.bytes:
			errs++
			if firstErr == "" {
				firstErr = fmt.Sprintf("%d bytes, the single export had %d", r.bytes, one.bytes)
			}
		}
		slowest = max(slowest, r.time)
	}
	mb := func(b int64) float64 { return round(float64(b)/(1<<20), 1) }
	fig := map[string]any{"format": o.Format, "lines": lines, "year": year, "clients": o.Clients, "export_mb": mb(one.bytes),
		"rss_start_mb": mb(rssStart), "peak_rss_one_mb": mb(peakOne), "peak_rss_mb": mb(peak),
		"one_s": round(one.time.Seconds(), 2), "wall_s": round(wall.Seconds(), 2), "slowest_s": round(slowest.Seconds(), 2),
		"refused": refused, "errors": errs}
	if firstErr != "" {
		fig["first_error"] = firstErr
	}
	return &Result{Figures: fig, text: func(w io.Writer) {
		fmt.Fprintf(w, "lines.%s of %s %d: %d lines, %.1f MB; the server is a child process (peak RSS: its VmHWM)\n", o.Format, Buyer, year, lines, fig["export_mb"])
		fmt.Fprintf(w, "  server RSS after start-up       %7.1f MB\n", fig["rss_start_mb"])
		fmt.Fprintf(w, "  one export alone                %7.2f s, peak RSS %.1f MB\n", one.time.Seconds(), fig["peak_rss_one_mb"])
		fmt.Fprintf(w, "  %d exports at once              %7.2f s (slowest %.2f s), peak RSS %.1f MB\n", o.Clients, wall.Seconds(), slowest.Seconds(), fig["peak_rss_mb"])
		fmt.Fprintf(w, "  refused (503) %d, errors %d\n", refused, errs)
		if firstErr != "" {
			fmt.Fprintf(w, "  first error: %s\n", firstErr)
		}
	}}, nil
}

// exportSetup builds or opens the benchmark database and gives it a
// viewer with a read token; it returns the latest year, its lines (every
// scope) and the token. The database is closed again for the server.
func (h *Harness) exportSetup(ctx context.Context, db DBOptions) (int, int64, string, error) {
	st, cleanup, err := h.openDB(ctx, db)
	if err != nil {
		return 0, 0, "", err
	}
	defer cleanup()
	ys, err := years(ctx, st)
	if err != nil {
		return 0, 0, "", err
	}
	year := ys[len(ys)-1].Year
	b, err := st.Buyer(ctx, Buyer)
	if err != nil {
		return 0, 0, "", err
	}
	t, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: Buyer, Period: b.FiscalYear(year), Scope: cityspend.ScopeAll})
	if err != nil {
		return 0, 0, "", err
	}
	const email = "exports@bench.invalid"
	u, err := st.UserByEmail(ctx, email)
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		u.ID, err = auth.AddUser(ctx, st, cityspend.User{Email: email, Name: "exports", Grants: []cityspend.Grant{{BuyerID: Buyer, Role: cityspend.RoleViewer}}},
			"exports-bench-password")
	}
	if err != nil {
		return 0, 0, "", err
	}
	token, _, err := auth.NewAPIToken(ctx, st, u.ID, "exports bench", cityspend.ScopeRead, 24*time.Hour, time.Now().UTC())
	if err != nil {
		return 0, 0, "", err
	}
	return year, t.Lines, token, nil
}

// server is a `cityspend serve` child process.
type server struct {
	cmd    *exec.Cmd
	base   string
	stderr bytes.Buffer
	done   chan error
}

var servingLine = regexp.MustCompile(`serving on (http://[^/\s]+)/`)

// startServer starts `cityspend serve` over a database on a free port of
// 127.0.0.1 and waits until it answers /healthz.
func (h *Harness) startServer(ctx context.Context, db string) (*server, error) {
	exe := h.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	args := []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}
	if h.MemoryLimit != "" {
		args = append(args, "--memory-limit", h.MemoryLimit)
	}
	if h.Threads > 0 {
		args = append(args, "--threads", strconv.Itoa(h.Threads))
	}
	s := &server{cmd: exec.CommandContext(ctx, exe, args...), done: make(chan error, 1)}
	s.cmd.Stderr = &s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	go func() { s.done <- s.cmd.Wait() }()
	select {
	case a, ok := <-addr:
		if !ok {
			s.stop()
			return nil, fmt.Errorf("bench: the server did not start: %s", s.stderr.String())
		}
		s.base = a
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("bench: the server did not start in 2 minutes: %s", s.stderr.String())
	}
	for range 100 {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("bench: the server at %s does not answer /healthz", s.base)
}

// stop asks the server to shut down and waits for it (killing it after
// 20 s).
func (s *server) stop() {
	if s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// memory reads a process's resident set now and its peak (VmRSS, VmHWM)
// in bytes.
func memory(pid int) (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("bench: the server's memory (Linux /proc): %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("bench: %s %q: %w", k, v, err)
		}
		if k == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak, nil
}

// exportRun is one download.
type exportRun struct {
	status int
	bytes  int64
	time   time.Duration
	err    error
}

// download fetches an export with a bearer token and counts its bytes; an
// answer other than 200 or 503 is an error.
func download(ctx context.Context, c *http.Client, url, token string) exportRun {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return exportRun{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return exportRun{err: err}
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	r := exportRun{status: resp.StatusCode, bytes: n, time: time.Since(start), err: err}
	if err == nil && resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
		r.err = fmt.Errorf("%s: %d", resp.Request.URL.Path, resp.StatusCode)
	}
	return r
}
