// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/gen"
)

// killDuringFollowUp copies the demo database to db and runs `import
// ledger` of file into it as a child process, killed (SIGKILL) as soon as
// trigger shows in its stdout or stderr: after the lines committed, while
// the follow-up runs.
func killDuringFollowUp(t *testing.T, db, file, stream, trigger string) {
	t.Helper()
	demoCopy(t, db, "3000")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := child(ctx, "import", "ledger", "--db", db, "--buyer", "3909", "--json", file)
	outs := map[string]*os.File{}
	for _, s := range []string{"stdout", "stderr"} {
		f, err := os.Create(db + "." + s)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		outs[s] = f
	}
	c.Stdout, c.Stderr = outs["stdout"], outs["stderr"]
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	seen := false
	for deadline := time.Now().Add(150 * time.Second); !seen && time.Now().Before(deadline); {
		b, _ := os.ReadFile(outs[stream].Name())
		if seen = strings.Contains(string(b), trigger); !seen {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if err := c.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	c.Wait()
	if !seen || c.ProcessState.Success() {
		b, _ := os.ReadFile(outs["stderr"].Name())
		t.Fatalf("the import was not killed during its follow-up (trigger %q seen: %v; exit %v):\n%s", trigger, seen, c.ProcessState, b)
	}
	if b, _ := os.ReadFile(outs["stderr"].Name()); strings.Contains(string(b), "level=INFO msg=classified") {
		t.Fatalf("the import was killed after its follow-up:\n%s", b)
	}
}

// pendingOf runs `status --json` and returns the buyers and causes it lists.
func pendingOf(t *testing.T, db string) []string {
	t.Helper()
	var s struct {
		Pending []struct {
			BuyerID string `json:"buyer_id"`
			Cause   string `json:"cause"`
			BatchID int64  `json:"batch_id"`
		} `json:"pending"`
	}
	decodeJSON(t, mustCLI(t, "status", "--db", db, "--json"), &s)
	var out []string
	for _, p := range s.Pending {
		if p.BatchID == 0 {
			t.Errorf("a pending ledger import without its batch: %+v", p)
		}
		out = append(out, p.BuyerID+" "+p.Cause)
	}
	return out
}

// Killing `import ledger` (kill -9) after its lines commit, while its
// follow-up resolves payees and classifies lines, leaves the follow-up
// pending: `status` lists it, `analyse --read-only` warns that the figures
// are provisional (and they differ from a clean import's), and `analyse`
// completes it first, so that its output equals a clean import's byte for
// byte; `serve` started on such a database completes it beside serving.
func TestImportKilledDuringFollowUp(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("imports a ledger four times")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "extra.csv")
	mustCLI(t, "gen", "ledger", "--lines", "10000", "--seed", "9", "--municipality", "3909", "-o", file)
	year := strconv.Itoa(gen.RecentYear())
	clean := filepath.Join(dir, "clean.duckdb")
	demoCopy(t, clean, "3000")
	mustCLI(t, "import", "ledger", "--db", clean, "--buyer", "3909", file)
	if p := pendingOf(t, clean); len(p) != 0 {
		t.Fatalf("pending after a clean import: %v", p)
	}
	want := mustCLI(t, "analyse", "--db", clean, "--buyer", "3909", "--year", year, "--json")
	if strings.Contains(want, `"provisional"`) {
		t.Fatalf("a clean import's analysis says provisional")
	}

	for _, phase := range []struct{ name, stream, trigger string }{
		// The summary is printed once the file's transaction committed.
		{"committed", "stdout", `"rows_loaded":10000`},
		// Payees resolved and stored; scope and categories not yet.
		{"resolved", "stderr", "resolved payees"},
	} {
		t.Run(phase.name, func(t *testing.T) {
			db := filepath.Join(dir, phase.name+".duckdb")
			killDuringFollowUp(t, db, file, phase.stream, phase.trigger)
			if p := pendingOf(t, db); len(p) != 1 || p[0] != "3909 ledger" {
				t.Errorf("status after the kill: %v, want 3909's ledger import", p)
			}
			if out := mustCLI(t, "status", "--db", db); !strings.Contains(out, "buyer 3909: ledger batch") || !strings.Contains(out, "provisional") {
				t.Errorf("status says:\n%s", out)
			}
			code, ro, errs := cli(t, "analyse", "--db", db, "--read-only", "--buyer", "3909", "--year", year, "--json")
			if code != 0 || !strings.Contains(errs, "warning: the figures are provisional") || !strings.Contains(errs, "buyer 3909 (ledger batch") ||
				!strings.Contains(ro, `"provisional": true`) {
				t.Errorf("analyse --read-only: exit %d, stderr %q, provisional in the output: %v", code, errs, strings.Contains(ro, `"provisional": true`))
			}
			if strings.Replace(ro, "  \"provisional\": true,\n", "", 1) == want {
				t.Errorf("the figures after the kill equal a clean import's: the kill came too late to test anything")
			}
			if p := pendingOf(t, db); len(p) != 1 {
				t.Errorf("a read-only analyse changed what is pending: %v", p)
			}
			code, got, errs := cli(t, "analyse", "--db", db, "--buyer", "3909", "--year", year, "--json")
			if code != 0 || !strings.Contains(errs, "completing the follow-up of buyer 3909") {
				t.Errorf("analyse: exit %d, stderr %q", code, errs)
			}
			if got != want {
				t.Errorf("analyse --json after the kill differs from a clean import's (%d and %d bytes)", len(got), len(want))
				os.WriteFile(filepath.Join(dir, phase.name+".json"), []byte(got), 0o644)
			}
			if p := pendingOf(t, db); len(p) != 0 {
				t.Errorf("pending after analyse completed it: %v", p)
			}
		})
	}

	t.Run("serve", func(t *testing.T) {
		db := filepath.Join(dir, "serve.duckdb")
		killDuringFollowUp(t, db, file, "stdout", `"rows_loaded":10000`)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		c := child(ctx, "serve", "--db", db, "--addr", "127.0.0.1:0")
		stdout, err := c.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		logFile, err := os.Create(db + ".serve.log")
		if err != nil {
			t.Fatal(err)
		}
		defer logFile.Close()
		c.Stderr = logFile
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		stopped := false
		stop := func() {
			if !stopped {
				stopped = true
				stopServe(t, c)
			}
		}
		defer stop()
		base := ""
		sc := bufio.NewScanner(stdout)
		for base == "" && sc.Scan() {
			base = regexp.MustCompile(`http://[^ ]+/`).FindString(sc.Text())
		}
		if base == "" {
			t.Fatal("serve did not say where it serves")
		}
		go io.Copy(io.Discard, stdout)
		get := func(path string) string {
			t.Helper()
			resp, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
			}
			return string(b)
		}
		var api string
		for deadline := time.Now().Add(150 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if api = get("api/v1/buyers/3909/analysis?year=" + year); !strings.Contains(api, `"provisional": true`) {
				break
			}
		}
		var a, b any
		if err := json.Unmarshal([]byte(api), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(want), &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("the API's analysis once serve completed the follow-up differs from a clean import's")
		}
		if page := get("buyers/3909?year=" + year); strings.Contains(page, `id="provisional"`) {
			t.Errorf("the overview still says the figures are provisional")
		}
		stop()
		if logs, _ := os.ReadFile(logFile.Name()); !strings.Contains(string(logs), "the pending follow-up is complete") {
			t.Errorf("serve's log does not say it completed the follow-up:\n%s", logs)
		}
		if p := pendingOf(t, db); len(p) != 0 {
			t.Errorf("pending after serve: %v", p)
		}
	})
}

// A follow-up skipped on purpose: --no-classify completes it (the lines
// stay unclassified and say so); --no-resolve (of a ledger or a register)
// leaves it pending for the next reader, which completes it.
func TestImportWithoutFollowUp(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	dir := t.TempDir()
	db := filepath.Join(dir, "skip.duckdb")
	demoCopy(t, db, "3000")
	file := func(name string, seed int) string {
		p := filepath.Join(dir, name)
		mustCLI(t, "gen", "ledger", "--lines", "500", "--seed", strconv.Itoa(seed), "--municipality", "3909", "-o", p)
		return p
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-classify", file("a.csv", 11))
	if p := pendingOf(t, db); len(p) != 0 {
		t.Errorf("pending after --no-classify: %v", p)
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", file("b.csv", 12))
	if p := pendingOf(t, db); len(p) != 1 || p[0] != "3909 ledger" {
		t.Errorf("pending after --no-resolve: %v, want 3909's ledger import", p)
	}
	code, _, errs := cli(t, "suppliers", "--db", db, "--buyer", "3909", "--json")
	if code != 0 || !strings.Contains(errs, "completing the follow-up of buyer 3909") {
		t.Errorf("suppliers: exit %d, stderr %q", code, errs)
	}
	if p := pendingOf(t, db); len(p) != 0 {
		t.Errorf("pending after a reader: %v", p)
	}

	reg := filepath.Join(dir, "enheter.json")
	mustCLI(t, "gen", "register", "--units", "100", "-o", reg)
	mustCLI(t, "import", "register", "--db", db, "--no-resolve", "brreg", reg)
	var s struct {
		Pending []struct {
			BuyerID string `json:"buyer_id"`
			Cause   string `json:"cause"`
		} `json:"pending"`
	}
	decodeJSON(t, mustCLI(t, "status", "--db", db, "--json"), &s)
	var got []string
	for _, p := range s.Pending {
		got = append(got, p.BuyerID+" "+p.Cause)
	}
	if strings.Join(got, ", ") != "3905 register, 3907 register, 3909 register, E07000999 register" {
		t.Errorf("pending after import register --no-resolve: %v", got)
	}
	code, _, errs = cli(t, "findings", "--db", db, "--buyer", "3905", "--json")
	if code != 0 || !strings.Contains(errs, "completing the follow-up of buyer 3905") || !strings.Contains(errs, "buyer 3909 (register") {
		t.Errorf("findings: exit %d, stderr %q", code, errs)
	}
	if p := pendingOf(t, db); len(p) != 0 {
		t.Errorf("pending after a reader: %v", p)
	}
}

// Every command readsFigures names exists (a renamed command would
// silently stop completing the follow-up).
func TestReadersAreCommands(t *testing.T) {
	a := &app{}
	paths := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		paths[c.CommandPath()] = true
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(a.rootCommand())
	for p := range readsFigures {
		if !paths[p] {
			t.Errorf("readsFigures names %q, which is no command", p)
		}
	}
	if readsFigures["cityspend status"] || readsFigures["cityspend serve"] {
		t.Error("status only reports the pending follow-up, and serve completes it beside serving: neither is a reader")
	}
}

// serve writes (logins, the audit log): it refuses --read-only.
func TestServeRefusesReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ro.duckdb")
	mustCLI(t, "buyer", "list", "--db", db)
	if code, _, errs := cli(t, "serve", "--db", db, "--read-only", "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errs, "--read-only") {
		t.Errorf("serve --read-only: exit %d, %s", code, errs)
	}
}

// serve delivering real mail with the digests on needs --public-url: its
// links would name this machine otherwise. Without the digests, or with
// the address, it starts.
func TestServeSMTPNeedsPublicURL(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	db := filepath.Join(t.TempDir(), "smtp.duckdb")
	mustCLI(t, "buyer", "list", "--db", db)
	smtp := []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--smtp-addr", "127.0.0.1:1", "--smtp-from", "cityspend <noreply@cityspend.test>", "--smtp-tls", "none"}
	if code, _, errs := cli(t, smtp...); code != 2 || !strings.Contains(errs, "--public-url") {
		t.Errorf("serve --smtp-addr without --public-url: exit %d, %s", code, errs)
	}
	if code, _, errs := cli(t, append(smtp, "--alerts-every", "0", "--public-url", "not a url")...); code != 2 || strings.Contains(errs, "needs --public-url") {
		t.Errorf("serve --smtp-addr --alerts-every 0: exit %d, %s", code, errs)
	}
}
