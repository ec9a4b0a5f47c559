// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startServe runs `cityspend serve` with args as a child process on a
// random port of 127.0.0.1 and returns its base URL and, with
// --metrics-addr, the URL of its metrics; the test's end stops it.
func startServe(t *testing.T, args ...string) (base, metrics string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	c := child(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.Stderr = io.Discard
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopServe(t, c)
		cancel()
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if m := regexp.MustCompile(`metrics are served on (http://\S+)`).FindStringSubmatch(line); m != nil {
			metrics = m[1]
		}
		if m := regexp.MustCompile(`serving on (http://\S+/)`).FindStringSubmatch(line); m != nil {
			go io.Copy(io.Discard, stdout)
			return m[1], metrics
		}
	}
	t.Fatal("serve did not say where it serves")
	return "", ""
}

// fetch GETs a URL, with a Host header unless host is "", and returns the
// response with its body read.
func fetch(t *testing.T, u, host string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// serve --metrics-addr serves /metrics there and nowhere else (and without
// it nowhere); --public-url's scheme decides the cookies' Secure flag,
// whatever Host a client names; a public URL that is no address is
// refused.
func TestServeMetricsAndPublicURL(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	db := filepath.Join(t.TempDir(), "s.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	secure := func(base, host string) bool {
		resp, _ := fetch(t, base+"login", host)
		for _, c := range resp.Cookies() {
			if c.Name == "cityspend_csrf" {
				return c.Secure
			}
		}
		t.Fatalf("%slogin set no form-token cookie", base)
		return false
	}

	base, metrics := startServe(t, "--db", db, "--metrics-addr", "127.0.0.1:0", "--public-url", "https://cityspend.larvik.kommune.no")
	if metrics == "" || strings.HasPrefix(metrics, strings.TrimSuffix(base, "/")) {
		t.Fatalf("metrics at %q, the site at %q", metrics, base)
	}
	fetch(t, base+"healthz", "")
	if resp, _ := fetch(t, base+"metrics", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the site: %d, want 404", resp.StatusCode)
	}
	if resp, body := fetch(t, metrics, ""); resp.StatusCode != 200 || !strings.Contains(body, `cityspend_http_requests_total{route="GET /healthz",code="200"} 1`) {
		t.Errorf("/metrics on --metrics-addr: %d %.200s", resp.StatusCode, body)
	}
	if resp, _ := fetch(t, base+"readyz", ""); resp.StatusCode != 200 {
		t.Errorf("/readyz: %d", resp.StatusCode)
	}
	for _, host := range []string{"", "localhost:8080", "127.0.0.1"} {
		if !secure(base, host) {
			t.Errorf("with an https public URL, Host %q: the cookie is not Secure", host)
		}
	}

	// Without the flags: no metrics anywhere; a browser on this machine
	// gets cookies it keeps over plain HTTP.
	db2 := filepath.Join(t.TempDir(), "s2.duckdb")
	mustCLI(t, "buyer", "add", "--db", db2, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	base2, metrics2 := startServe(t, "--db", db2)
	if resp, _ := fetch(t, base2+"metrics", ""); resp.StatusCode != http.StatusNotFound || metrics2 != "" {
		t.Errorf("/metrics without --metrics-addr: %d (%q)", resp.StatusCode, metrics2)
	}
	if secure(base2, "") {
		t.Error("the demo on this machine: the cookie is Secure")
	}

	db3 := filepath.Join(t.TempDir(), "s3.duckdb")
	if code, _, errs := cli(t, "serve", "--db", db3, "--addr", "127.0.0.1:0", "--public-url", "cityspend.larvik.kommune.no"); code != 2 {
		t.Errorf("serve with a public URL that is no address: exit %d %s", code, errs)
	}
	if code, _, errs := cli(t, "serve", "--db", db3, "--addr", "127.0.0.1:0", "--metrics-addr", "not an address"); code == 0 || !strings.Contains(errs, "--metrics-addr") {
		t.Errorf("serve with a metrics address that is none: exit %d %s", code, errs)
	}
}
