// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// buckets of the request-latency histogram, in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are the server's counters, written in the Prometheus text format
// at /metrics on the metrics listener (serve --metrics-addr).
type metrics struct {
	mu       sync.Mutex
	started  time.Time
	requests map[[2]string]uint64 // route pattern, status code
	latency  map[string]*histogram
	logins   map[string]uint64 // ok, refused, limited
}

type histogram struct {
	counts []uint64 // per bucket (cumulative when written)
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{started: time.Now(), requests: map[[2]string]uint64{}, latency: map[string]*histogram{}, logins: map[string]uint64{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, fmt.Sprint(code)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.latency[route] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.n++
}

func (m *metrics) login(result string) {
	m.mu.Lock()
	m.logins[result]++
	m.mu.Unlock()
}

func label(s string) string { return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) }

// MetricsHandler serves GET /metrics, for a listener apart from the
// site's (SetMetricsListener): the counters tell who logs in how often and
// which routes are used, which is not for the public.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", s.handleMetrics)
	return securityHeaders(mux)
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	m := s.metrics
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	var b strings.Builder
	// Written out after the lock is let go: a slow reader holds up no one.
	defer func() { w.Write([]byte(b.String())) }()
	m.mu.Lock()
	defer m.mu.Unlock()
	b.WriteString("# HELP cityspend_http_requests_total Requests by route and status code.\n# TYPE cityspend_http_requests_total counter\n")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(&b, "cityspend_http_requests_total{route=\"%s\",code=\"%s\"} %d\n", label(k[0]), k[1], m.requests[k])
	}
	b.WriteString("# HELP cityspend_http_request_duration_seconds Server time of requests by route (authorisation and handler).\n# TYPE cityspend_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, rt := range routes {
		h := m.latency[rt]
		var cum uint64
		for i, bk := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "cityspend_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %d\n", label(rt), bk, cum)
		}
		fmt.Fprintf(&b, "cityspend_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", label(rt), h.n)
		fmt.Fprintf(&b, "cityspend_http_request_duration_seconds_sum{route=\"%s\"} %g\n", label(rt), h.sum)
		fmt.Fprintf(&b, "cityspend_http_request_duration_seconds_count{route=\"%s\"} %d\n", label(rt), h.n)
	}
	b.WriteString("# HELP cityspend_logins_total Login attempts by result.\n# TYPE cityspend_logins_total counter\n")
	for _, res := range []string{"ok", "refused", "limited"} {
		fmt.Fprintf(&b, "cityspend_logins_total{result=\"%s\"} %d\n", res, m.logins[res])
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(&b, "# HELP cityspend_uptime_seconds Seconds since the server started.\n# TYPE cityspend_uptime_seconds gauge\ncityspend_uptime_seconds %g\n", time.Since(m.started).Seconds())
	fmt.Fprintf(&b, "# HELP go_goroutines Goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(&b, "# HELP go_memstats_heap_alloc_bytes Heap in use.\n# TYPE go_memstats_heap_alloc_bytes gauge\ngo_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
}

// pinger is a store that can say whether its servers answer.
type pinger interface {
	Ping(ctx context.Context) error
}

// handleReady answers 200 when the server takes requests: the store
// answers and the server is not shutting down; else 503.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("shutting down\n"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	_, err := s.store.Buyers(ctx)
	if p, ok := s.store.(pinger); ok && err == nil {
		err = p.Ping(ctx) // a store beyond this process (the ClickHouse cluster)
	}
	if err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("the store does not answer\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
