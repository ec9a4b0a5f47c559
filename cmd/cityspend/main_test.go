// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestMain lets the test binary stand in for the cityspend binary: with
// CITYSPEND_TEST_MAIN=1 it runs the command line instead of the tests, so
// tests can start real child processes (and kill them).
func TestMain(m *testing.M) {
	if os.Getenv("CITYSPEND_TEST_MAIN") == "1" {
		ctx := context.Background()
		if os.Getenv("CITYSPEND_TEST_SIGNALS") == "1" {
			// As main: an interrupt ends the command cleanly.
			var stop context.CancelFunc
			ctx, stop = signal.NotifyContext(ctx, os.Interrupt)
			defer stop()
		}
		os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
	}
	code := m.Run()
	if demos.dir != "" {
		os.RemoveAll(demos.dir)
	}
	if chromium.stop != nil {
		chromium.stop()
	}
	os.Exit(code)
}

// demos holds the demo databases built for the tests, by their --lines:
// each is built once (`cityspend demo --no-serve`) and copied for each
// test that asks for one.
var demos struct {
	sync.Mutex
	dir   string
	built map[string]string
}

// demoCopy puts a copy of the demo database with that many lines at db.
func demoCopy(t *testing.T, db, lines string) {
	t.Helper()
	demos.Lock()
	defer demos.Unlock()
	src, ok := demos.built[lines]
	if !ok {
		if demos.dir == "" {
			dir, err := os.MkdirTemp("", "cityspend-demos-")
			if err != nil {
				t.Fatal(err)
			}
			demos.dir, demos.built = dir, map[string]string{}
		}
		src = filepath.Join(demos.dir, "demo-"+lines+".duckdb")
		mustCLI(t, "demo", "--db", src, "--no-serve", "--lines", lines)
		demos.built[lines] = src
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// cli runs the command line in-process and returns its exit status and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// mustCLI runs the command line and fails the test unless it succeeds.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := cli(t, args...)
	if code != 0 {
		t.Fatalf("cityspend %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// child prepares the test binary as a cityspend child process.
func child(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, os.Args[0], args...)
	c.Env = append(os.Environ(), "CITYSPEND_TEST_MAIN=1")
	return c
}

func decodeJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}

// sharedData returns the path of ../shared/data (from the repository root),
// or skips the test, saying so, when it is not there.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", sub))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIP: %s is not there; this test needs the project's shared data", p)
	}
	return p
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs a client with a cookie jar in to a running server (base ends
// in "/") and returns it; redirects are not followed.
func login(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(b)
	if m == nil {
		t.Fatalf("the login page has no form token: %s", b)
	}
	resp, err = c.PostForm(base+"login", url.Values{"email": {email}, "password": {password}, "csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", email, resp.StatusCode)
	}
	return c
}
