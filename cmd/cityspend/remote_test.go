// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/pdf"
	"github.com/cityspend/cityspend/web"
)

// startServer runs `cityspend serve` as a child process on a random port
// and returns its base URL and the process (stop it with stopServer).
func startServer(t *testing.T, args ...string) (string, *exec.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	c := child(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	c.Env = append(c.Env, "CITYSPEND_TEST_SIGNALS=1") // stopped as main is: cleanly
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.Stderr = io.Discard
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopServe(t, c); cancel() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := regexp.MustCompile(`serving on (http://\S+/)`).FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return m[1], c
		}
	}
	t.Fatal("serve did not say where it serves")
	return "", nil
}

// upload starts an import job through the API and returns the job (or
// the status and body of a refusal).
func upload(t *testing.T, base, token, buyer string, fields map[string]string, files ...string) (int, jobs.Job, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("file", filepath.Base(f))
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", base+"api/v1/buyers/"+buyer+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var j jobs.Job
	if resp.StatusCode == http.StatusAccepted {
		decodeJSON(t, string(b), &j)
		if resp.Header.Get("Location") != "/api/v1/buyers/"+buyer+"/jobs/"+j.ID {
			t.Errorf("the job's Location: %q", resp.Header.Get("Location"))
		}
	}
	return resp.StatusCode, j, string(b)
}

// apiGet GETs a path of the API with a bearer token.
func apiGet(t *testing.T, base, token, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+strings.TrimPrefix(path, "/"), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitJob polls a job until it has finished, and checks that it told its
// progress on the way.
func waitJob(t *testing.T, base, token, buyer, id string) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		code, body := apiGet(t, base, token, "/api/v1/buyers/"+buyer+"/jobs/"+id)
		if code != 200 {
			t.Fatalf("job %s: %d %s", id, code, body)
		}
		var j jobs.Job
		decodeJSON(t, body, &j)
		if j.State == jobs.Done || j.State == jobs.Failed {
			// Its result names the files sent, not the server's copies.
			if strings.Contains(body, "cityspend-import-") || strings.Contains(body, os.TempDir()+string(filepath.Separator)) {
				t.Errorf("job %s shows where the server put its files: %s", id, body)
			}
			return j
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return jobs.Job{}
}

// With the server running on the demo database, the command line reaches
// the store through the server (the hand-over file beside the database):
// the PDF report of one buyer, a CLI import of another and an API upload
// of a third all succeed at once, while a dashboard answers 200
// throughout; each API caller may do only what its role at the buyer
// allows; the server's end removes the hand-over, and the CLI then opens
// the file itself as before.
func TestServerOwnsTheStore(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("starts a server on the demo database")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.duckdb")
	demoCopy(t, db, "3000")
	mustCLI(t, "buyer", "publish", "--db", db, "3909")
	ledgerB := filepath.Join(dir, "b.csv")
	ledgerC := filepath.Join(dir, "c.csv")
	mustCLI(t, "gen", "ledger", "--seed", "71", "--lines", "3000", "--municipality", "3907", "--year", "2026", "--years", "1", "-o", ledgerB)
	mustCLI(t, "gen", "ledger", "--seed", "72", "--lines", "3000", "--municipality", "3905", "--year", "2026", "--years", "1", "-o", ledgerC)
	// Three rows the import rejects (no date, an amount that is none).
	f, err := os.OpenFile(ledgerC, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("900001,,2026-01-03,1,10001,Holmestrand kommune,,3080,NO,1350,Kjøp,3200,Hjem,241,,100.00,0.00,x\n" +
		"900002,2026-02-01,2026-01-03,2,10001,Holmestrand kommune,,3080,NO,1350,Kjøp,3200,Hjem,241,,tusen,0.00,x\n" +
		"900003,2026-13-45,2026-01-03,3,10001,Holmestrand kommune,,3080,NO,1350,Kjøp,3200,Hjem,241,,5.00,0.00,x\n")
	f.Close()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long test password\n"), 0o600)

	base, srv := startServer(t, "--db", db)
	h, ok, err := readHandover(db)
	if err != nil || !ok || h.URL+"/" != base || len(h.Token) < 32 {
		t.Fatalf("the hand-over file: %+v %v (server at %s)", h, ok, base)
	}
	if info, err := os.Stat(handoverPath(db)); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the hand-over file must be its owner's only: %v %v", info.Mode(), err)
	}

	// Writes of the installation go through the server too (the
	// operator's token): users and their API tokens, as before the
	// server ran.
	for _, u := range []struct{ email, buyer, role string }{{"c.analyst@example.org", "3905", "analyst"}, {"c.viewer@example.org", "3905", "viewer"}} {
		if code, out, errs := cli(t, "user", "add", "--db", db, "--email", u.email, "--name", u.role, "--buyer", u.buyer, "--role", u.role, "--password-file", pw); code != 0 {
			t.Fatalf("user add through the server: %d %s %s", code, out, errs)
		}
	}
	token := func(email string) string {
		out := strings.TrimSpace(mustCLI(t, "user", "token", "--db", db, email, "--scope", "write"))
		return out[strings.LastIndex(out, "\n")+1:]
	}
	analystC, viewerC := token("c.analyst@example.org"), token("c.viewer@example.org")

	// A dashboard answers throughout.
	stop := make(chan struct{})
	var pages, failures atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Get(base + "buyers/3909")
			if err != nil {
				failures.Add(1)
				firstFailure.CompareAndSwap(nil, err.Error())
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			pages.Add(1)
			if resp.StatusCode != 200 {
				failures.Add(1)
				firstFailure.CompareAndSwap(nil, resp.Status)
			}
		}
	}()

	format := "pdf"
	if _, err := pdf.Browser(); err != nil {
		t.Logf("no Chromium (%v): the report is HTML", err)
		format = "html"
	}
	report := filepath.Join(dir, "report-3909."+format)
	var reportOut, reportErr, importOut, importErr string
	var reportCode, importCode int
	var job jobs.Job
	var uploadCode int
	var uploadBody string
	var work sync.WaitGroup
	work.Add(3)
	go func() {
		defer work.Done()
		reportCode, reportOut, reportErr = cli(t, "report", "--db", db, "--buyer", "3909", "--year", "2025", "--format", format, "-o", report)
	}()
	go func() {
		defer work.Done()
		importCode, importOut, importErr = cli(t, "import", "ledger", "--db", db, "--buyer", "3907", ledgerB)
	}()
	go func() {
		defer work.Done()
		uploadCode, job, uploadBody = upload(t, base, analystC, "3905", map[string]string{"kind": "ledger"}, ledgerC)
		if uploadCode == http.StatusAccepted {
			job = waitJob(t, base, analystC, "3905", job.ID)
		}
	}()
	work.Wait()

	if reportCode != 0 {
		t.Errorf("report through the server: exit %d\n%s%s", reportCode, reportOut, reportErr)
	}
	doc, err := os.ReadFile(report)
	if err != nil || format == "pdf" && !bytes.HasPrefix(doc, []byte("%PDF-")) || len(doc) < 10000 {
		t.Errorf("the report written here: %d bytes, %v", len(doc), err)
	}
	if !strings.Contains(reportOut, "wrote "+report) {
		t.Errorf("the report's output names the file written here: %q", reportOut)
	}
	if importCode != 0 || !regexp.MustCompile(`\d+ rows read: [1-9]\d* loaded`).MatchString(importOut) {
		t.Errorf("CLI import through the server: exit %d\n%s%s", importCode, importOut, importErr)
	}
	if !strings.Contains(importOut, ledgerB) || strings.Contains(importOut, "cityspend-run-") {
		t.Errorf("the import's output names the file given here, not the server's copy: %q", importOut)
	}
	if uploadCode != http.StatusAccepted {
		t.Fatalf("API upload: %d %s", uploadCode, uploadBody)
	}
	if job.State != jobs.Done || job.Result == nil || job.Result.RowsLoaded == 0 || len(job.Result.BatchIDs) != 1 ||
		job.Result.RowsRead != job.Result.RowsLoaded+job.Result.RowsRejected+job.Result.RowsDuplicate || job.RowsRead != job.Result.RowsRead {
		t.Errorf("the API import's job: %+v %+v", job, job.Result)
	}
	close(stop)
	wg.Wait()
	t.Logf("the dashboard answered %d requests during the report, the CLI import and the API import (%d failed)", pages.Load(), failures.Load())
	if pages.Load() < 5 || failures.Load() > 0 {
		t.Errorf("the dashboard during the work: %d requests, %d failed (first: %v)", pages.Load(), failures.Load(), firstFailure.Load())
	}

	// The rejected rows can be downloaded; the buyer's
	// jobs are listed.
	if job.Result != nil && job.Result.RowsRejected > 0 {
		code, body := apiGet(t, base, analystC, "/api/v1/buyers/3905/jobs/"+job.ID+"/rejects")
		if code != 200 || strings.Count(body, "\n") < int(job.Result.RowsRejected) {
			t.Errorf("the rejects: %d, %d lines for %d rejected", code, strings.Count(body, "\n"), job.Result.RowsRejected)
		}
		// The importer's summary names the batch's download, not a file on
		// the server's disk.
		var sum struct {
			RejectsFile string `json:"rejects_file"`
		}
		if len(job.Result.Files) == 0 || json.Unmarshal(job.Result.Files[0], &sum) != nil || !strings.HasPrefix(sum.RejectsFile, "/api/v1/buyers/3905/batches/") {
			t.Errorf("the summary's rejects: %+v", job.Result.Files)
		} else if code, csv := apiGet(t, base, analystC, sum.RejectsFile); code != 200 || strings.Count(csv, "\n") < int(job.Result.RowsRejected) {
			t.Errorf("the summary's rejects %s: %d", sum.RejectsFile, code)
		}
	} else {
		t.Error("the ledger's bad rows were not rejected: the rejects are not tested")
	}
	// The history of the buyer's batches, which the store keeps, links to
	// the same rejects.
	code, body := apiGet(t, base, analystC, "/api/v1/buyers/3905/batches")
	var batches []struct {
		ID          int64  `json:"id"`
		RowsLoaded  int64  `json:"rows_loaded"`
		Rejects     string `json:"rejects"`
		RejectsFile string `json:"rejects_file"`
	}
	decodeJSON(t, body, &batches)
	if code != 200 || len(batches) < 2 || job.Result == nil || len(job.Result.BatchIDs) != 1 || batches[0].ID != job.Result.BatchIDs[0] ||
		batches[0].RowsLoaded != job.Result.RowsLoaded || batches[0].RejectsFile != "" || batches[0].Rejects == "" {
		t.Errorf("the buyer's batches: %d %.600s", code, body)
	} else if code, csv := apiGet(t, base, analystC, batches[0].Rejects); code != 200 || strings.Count(csv, "\n") < int(job.Result.RowsRejected) {
		t.Errorf("a batch's rejects: %d %q", code, csv)
	}
	code, body = apiGet(t, base, analystC, "/api/v1/buyers/3905/jobs")
	var list []jobs.Job
	decodeJSON(t, body, &list)
	if code != 200 || len(list) != 1 || list[0].ID != job.ID {
		t.Errorf("the buyer's jobs: %d %s", code, body)
	}
	// The same file again: every row a duplicate, nothing loaded.
	if _, again, _ := upload(t, base, analystC, "3905", map[string]string{"kind": "ledger"}, ledgerC); again.ID != "" {
		again = waitJob(t, base, analystC, "3905", again.ID)
		if again.State != jobs.Done || again.Result.RowsLoaded != 0 || again.Result.RowsDuplicate != job.Result.RowsLoaded {
			t.Errorf("the file imported again: %+v", again.Result)
		}
	}
	// A dry run shows how the file is read (the header mapping) and stores
	// nothing.
	if code, dry, body := upload(t, base, analystC, "3905", map[string]string{"kind": "ledger", "dry_run": "true"}, ledgerB); code != 202 {
		t.Errorf("dry run: %d %s", code, body)
	} else {
		dry = waitJob(t, base, analystC, "3905", dry.ID)
		if dry.State != jobs.Done || len(dry.Result.Files) != 1 || len(dry.Result.BatchIDs) != 0 || !strings.Contains(string(dry.Result.Files[0]), `"layout"`) || !strings.Contains(string(dry.Result.Files[0]), `"columns"`) {
			t.Errorf("the dry run's job: %+v", dry.Result)
		}
	}

	// Who may: a viewer imports nothing, an analyst nothing of another
	// buyer, nor runs the installation's commands or names the server's
	// files.
	if code, _, body := upload(t, base, viewerC, "3905", map[string]string{"kind": "ledger"}, ledgerC); code != 403 {
		t.Errorf("a viewer's upload: %d %s", code, body)
	}
	if code, _, body := upload(t, base, analystC, "3907", map[string]string{"kind": "ledger"}, ledgerC); code != 403 {
		t.Errorf("an upload for another buyer: %d %s", code, body)
	}
	if code, body := apiGet(t, base, analystC, "/api/v1/buyers/3907/jobs/"+job.ID); code != 403 {
		t.Errorf("another buyer's job: %d %s", code, body)
	}
	if code, _, body := upload(t, base, analystC, "3905", map[string]string{"kind": "passwords"}, ledgerC); code != 400 {
		t.Errorf("an unknown kind: %d %s", code, body)
	}
	runAs := func(tok string, args ...string) (int, string) { return runIn(t, base, tok, args...) }
	// A command's files are read only after the command is allowed: a
	// viewer's change with a 256 MB file is refused before the server
	// reads more of it than the network holds.
	{
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		var sent atomic.Int64
		go func() {
			line, _ := json.Marshal([]string{"import", "ledger", "--buyer", "3905", "--", "@in:0"})
			mw.WriteField("args", string(line))
			fw, _ := mw.CreateFormFile("in:0", "big.csv")
			chunk := bytes.Repeat([]byte("a"), 1<<20)
			var err error
			for i := 0; i < 256 && err == nil; i++ {
				_, err = fw.Write(chunk)
				sent.Add(int64(len(chunk)))
			}
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		req, _ := http.NewRequest("POST", base+"api/v1/run", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+viewerC)
		resp, err := http.DefaultClient.Do(req)
		pr.Close()
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 || sent.Load() > 64<<20 {
			t.Errorf("a viewer's import with a 256 MB file: %d, %d MB sent", resp.StatusCode, sent.Load()>>20)
		}
	}
	for _, c := range []struct {
		tok  string
		args []string
		want int
	}{
		{analystC, []string{"analyse", "--buyer", "3905", "--year", "2026", "--json"}, 200},
		{viewerC, []string{"analyse", "--buyer", "3905", "--year", "2026"}, 200},
		{viewerC, []string{"strategy", "remove", "--buyer", "3905", "--indicator", "local_share"}, 403},
		{analystC, []string{"analyse", "--buyer", "3909", "--year", "2025"}, 403},
		{analystC, []string{"user", "list"}, 403},
		{analystC, []string{"buyer", "add", "--id", "x", "--name", "X", "--country", "NO"}, 403},
		{analystC, []string{"import", "ledger", "--buyer", "3905", "/etc/passwd"}, 400},
		{analystC, []string{"report", "--buyer", "3905", "--year", "2026", "-o", "/tmp/x.pdf"}, 400},
		{analystC, []string{"analyse", "--buyer", "3905", "--year", "2026", "--db", "/tmp/other.duckdb"}, 400},
		{analystC, []string{"serve"}, 400},
		{h.Token, []string{"user", "list"}, 200},
		{"not-a-token", []string{"user", "list"}, 401},
	} {
		if code, body := runAs(c.tok, c.args...); code != c.want {
			t.Errorf("run %v: %d, want %d\n%.300s", c.args, code, c.want, body)
		}
	}

	// From elsewhere: --server with a user's token, which may what the
	// user may.
	server := strings.TrimSuffix(base, "/")
	other := filepath.Join(dir, "elsewhere.duckdb") // --db stays here
	if code, out, errs := cli(t, "analyse", "--db", other, "--server", server, "--token", viewerC, "--buyer", "3905", "--year", "2026", "--json"); code != 0 || !strings.Contains(out, `"total_spend"`) {
		t.Errorf("analyse with --server: %d %.300s %s", code, out, errs)
	}
	if code, _, errs := cli(t, "strategy", "remove", "--db", other, "--server", server, "--token", viewerC, "--buyer", "3905", "--indicator", "local_share"); code != 1 || !strings.Contains(errs, "needs the analyst role at buyer 3905") {
		t.Errorf("a viewer's change with --server: %d %s", code, errs)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("--server opened the local --db")
	}
	// A backup through the server: the snapshot's folder is written here.
	snap := filepath.Join(dir, "snapshot")
	mustCLI(t, "backup", "--db", db, "-o", snap)
	if _, err := os.Stat(filepath.Join(snap, "cityspend-backup.json")); err != nil {
		t.Errorf("the backup through the server: %v", err)
	}

	// Each command run in the server is in the audit log, with who ran it.
	audit := mustCLI(t, "audit", "--db", db, "--buyer", "3907")
	if !regexp.MustCompile(`operator\s+run cityspend import ledger\s+3907\s+200\s+\S+\s+operator`).MatchString(audit) {
		t.Errorf("the audit log lacks the CLI's import:\n%s", audit)
	}

	// The server's end removes the hand-over; the CLI opens the file
	// itself again, as before there was a server.
	stopServe(t, srv)
	if _, err := os.Stat(handoverPath(db)); !os.IsNotExist(err) {
		t.Errorf("the hand-over file after the server stopped: %v", err)
	}
	code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3905", "--json", ledgerC)
	if code != 0 || strings.Contains(errs, "server") || !strings.Contains(out, `"rows_loaded":0`) {
		t.Errorf("the CLI without a server: exit %d %s %s", code, out, errs)
	}
}

// A hand-over file whose server is gone is stale: the command opens the
// database itself (and removes the file); a command given --server with
// no token is told to bring one.
func TestStaleHandover(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no true(1)")
	}
	b, _ := json.Marshal(handover{PID: gone.Process.Pid, URL: "http://127.0.0.1:1", Token: "x", DB: db})
	os.WriteFile(handoverPath(db), b, 0o600)
	if code, out, errs := cli(t, "buyer", "list", "--db", db); code != 0 || !strings.Contains(out, "Larvik") {
		t.Errorf("with a stale hand-over file: %d %s %s", code, out, errs)
	}
	if _, err := os.Stat(handoverPath(db)); !os.IsNotExist(err) {
		t.Error("the stale hand-over file is still there")
	}
	t.Setenv("CITYSPEND_TOKEN", "")
	if code, _, errs := cli(t, "buyer", "list", "--db", db, "--server", "http://127.0.0.1:1"); code != 2 || !strings.Contains(errs, "--token") {
		t.Errorf("--server without a token: %d %s", code, errs)
	}
}

// Every command decides whether it runs in a server (remoteCommands) or
// only where it is started, so that a new command is not left out
// unseen; every file it names is sent along: a flag of a command run in
// the server that names a file or folder (by its name, or its help's
// "this file") is one of the spec's in or out, which Check holds to
// placeholders, so that the server reads and writes no path a client
// names.
func TestEveryCommandDecided(t *testing.T) {
	fileName := regexp.MustCompile(`(^|-)(file|files|dir|out|output|map|truth|path|folder)($|-)`)
	fileHelp := regexp.MustCompile(`(?i)this (file|folder|directory)`)
	local := map[string]bool{"cityspend serve": true, "cityspend demo": true, "cityspend restore": true, "cityspend import parquet": true,
		"cityspend flags ocds": true}
	seen := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		p := c.CommandPath()
		if c.Runnable() && !local[p] && !strings.HasPrefix(p, "cityspend gen") && !strings.HasPrefix(p, "cityspend bench") && p != "cityspend help" && p != "cityspend completion" && !strings.HasPrefix(p, "cityspend completion") {
			spec, ok := remoteCommands[p]
			if !ok {
				t.Errorf("%s: decide whether it runs in the server (remoteCommands) or only here", p)
			}
			seen[p] = true
			c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
				switch f.Value.Type() {
				case "string", "stringSlice", "stringArray":
				default:
					return
				}
				if ok && (fileName.MatchString(f.Name) || fileHelp.MatchString(f.Usage)) && !slices.Contains(spec.in, f.Name) && !slices.Contains(spec.out, f.Name) {
					t.Errorf("%s --%s names a file or folder (%q): list it in the spec's in or out, so that it is sent, not read on the server", p, f.Name, f.Usage)
				}
			})
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk((&app{}).rootCommand())
	for p := range remoteCommands {
		if !seen[p] {
			t.Errorf("remoteCommands names %s, which is no command", p)
		}
	}
}

// A command line sent to the server is read by Check whatever it holds:
// nothing panics, and what it lets through is a command that runs in a
// server, without the flags about the client's machine.
func FuzzRunCheck(f *testing.F) {
	for _, s := range []string{"import\x00ledger\x00--buyer\x003909\x00--\x00@in:0", "report\x00--buyer\x003909\x00-o\x00/etc/x",
		"analyse\x00--db=/x\x00--buyer\x001", "serve", "import\x00register\x00--\x00brreg\x00@in:1", "export\x00--\x00@outdir:0", "--help", ""} {
		f.Add(s)
	}
	s := &inServer{}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		c, err := s.Check(args)
		if err != nil {
			return
		}
		if _, ok := remoteCommands[c.Path]; !ok {
			t.Fatalf("%q let through %s", args, c.Path)
		}
		for _, a := range args {
			if a == "--" {
				break
			}
			for g := range localGlobals {
				if a == "--"+g || strings.HasPrefix(a, "--"+g+"=") {
					t.Fatalf("%q let through --%s", args, g)
				}
			}
		}
	})
}

// runIn posts a command line to the server's /api/v1/run with a bearer
// token and returns the status and the answer's JSON lines.
func runIn(t *testing.T, base, tok string, args ...string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	line, _ := json.Marshal(args)
	mw.WriteField("args", string(line))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"api/v1/run", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// Who imported or undid a batch is the person who did: "cli:" and the
// login name on the command line, the token's user through the API (an
// upload, an undo sent to /api/v1/run), never the server's own login; a
// user sending a command cannot record it as someone else's (--who).
func TestBatchesRecordWho(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "who.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	first, second := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	mustCLI(t, "gen", "ledger", "--seed", "81", "--lines", "300", "--year", "2025", "-o", first)
	mustCLI(t, "gen", "ledger", "--seed", "82", "--lines", "300", "--year", "2026", "-o", second)
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long test password\n"), 0o600)
	const analyst = "who.analyst@example.org"
	mustCLI(t, "user", "add", "--db", db, "--email", analyst, "--name", "Analyst", "--buyer", "3909", "--role", "analyst", "--password-file", pw)
	out := strings.TrimSpace(mustCLI(t, "user", "token", "--db", db, analyst, "--scope", "write"))
	tok := out[strings.LastIndex(out, "\n")+1:]
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-classify", first)

	base, _ := startServer(t, "--db", db)
	code, j, body := upload(t, base, tok, "3909", map[string]string{"kind": "ledger"}, second)
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, body)
	}
	if j = waitJob(t, base, tok, "3909", j.ID); j.State != jobs.Done || len(j.Result.BatchIDs) != 1 {
		t.Fatalf("the upload's job: %+v", j)
	}
	batches := func() []cityspend.ImportBatch {
		t.Helper()
		code, body := apiGet(t, base, tok, "/api/v1/buyers/3909/batches")
		var bs []cityspend.ImportBatch
		decodeJSON(t, body, &bs)
		if code != 200 || len(bs) != 2 {
			t.Fatalf("the batches: %d %s", code, body)
		}
		return bs
	}
	bs := batches()
	if want := (&app{}).importer(); !strings.HasPrefix(want, "cli") || bs[1].ImportedBy != want {
		t.Errorf("the CLI's batch was imported by %q, want %q", bs[1].ImportedBy, want)
	}
	if bs[0].ID != j.Result.BatchIDs[0] || bs[0].ImportedBy != analyst {
		t.Errorf("the upload's batch %d was imported by %q, want %s", bs[0].ID, bs[0].ImportedBy, analyst)
	}

	if code, body := runIn(t, base, tok, "import", "undo", "--buyer", "3909", "--yes", strconv.FormatInt(bs[1].ID, 10)); code != 200 || !strings.Contains(body, `{"exit":0}`) {
		t.Fatalf("an undo through /api/v1/run: %d %s", code, body)
	}
	if bs = batches(); !bs[1].Undone() || bs[1].UndoneBy != analyst {
		t.Errorf("the batch undone through /api/v1/run: %s by %q, want %s", bs[1].State, bs[1].UndoneBy, analyst)
	}

	code, body = runIn(t, base, tok, "plan", "add", "--buyer", "3909", "--set", "title=Someone else's", "--who", "mallory")
	if code != 200 || !strings.Contains(body, `{"exit":2}`) || !strings.Contains(body, "only the operator names someone else") {
		t.Errorf("a user's --who: %d %s", code, body)
	}
}

// A command sent to /api/v1/run is one row of the audit log, naming the
// command and its buyer; a command that only reads leaves the server's
// cached results as they are, one that writes makes them stale.
func TestRunAuditsOnceAndKeepsResults(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{Lines: 1000})
	a := &app{log: slog.New(slog.DiscardHandler)}
	a.cfg.DB = filepath.Join(filepath.Dir(m.Ledger), "fixture.duckdb")
	srv, err := web.New(m.Store, a.log)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetCommands(&inServer{a: a, st: m.Store, db: m.Store})
	op := strings.Repeat("o", 40)
	srv.SetOperatorToken(op)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	base := hs.URL + "/"
	const analysis = "/api/v1/buyers/3909/analysis?year=2025"
	code, before := apiGet(t, base, op, analysis)
	if code != 200 {
		t.Fatalf("the analysis: %d %s", code, before)
	}
	// A line stored beside the server, which it is not told of: the
	// cached analysis stays until something through the server writes.
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "beside.csv", SHA256: "beside", Currency: "NOK"}
	rows := []cityspend.ImportRow{{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 77, Lo: 7},
		Supplier: cityspend.Payee{Name: "Beside AS"}, PaymentDate: time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC), Amount: 9_876_543_21,
		Currency: "NOK", AccountCode: "1270", AccountText: "Konsulenter", OrgUnit: "Rådhus", Description: "beside"}}}
	if err := m.Store.ImportPayments(ctx, &b, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	if code, body := runIn(t, base, op, "analyse", "--buyer", "3909", "--year", "2025"); code != 200 || !strings.Contains(body, `{"exit":0}`) {
		t.Fatalf("analyse through /api/v1/run: %d %.300s", code, body)
	}
	if _, after := apiGet(t, base, op, analysis); after != before {
		t.Error("a command that only reads made the cached results stale")
	}
	if code, body := runIn(t, base, op, "buyer", "publish", "3909"); code != 200 || !strings.Contains(body, `{"exit":0}`) {
		t.Fatalf("buyer publish through /api/v1/run: %d %.300s", code, body)
	}
	if _, after := apiGet(t, base, op, analysis); after == before {
		t.Error("after a command that writes, the analysis is the cached one")
	}
	log, err := m.Store.AuditLog(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, e := range log {
		if e.Path == "/api/v1/run" {
			runs = append(runs, e.Action+" "+e.BuyerID+" "+e.Who)
		}
	}
	slices.Sort(runs)
	if want := []string{"run cityspend analyse 3909 operator", "run cityspend buyer publish 3909 operator"}; !slices.Equal(runs, want) {
		t.Errorf("the audit log of two commands run: %q, want %q", runs, want)
	}
}

// An import inside the server leaves the process's garbage collector as
// the server set it: the CLI's own setting for imports is the CLI's.
func TestImportInServerKeepsGC(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{Lines: 1000})
	a := &app{log: slog.New(slog.DiscardHandler)}
	a.cfg.DB = filepath.Join(filepath.Dir(m.Ledger), "fixture.duckdb")
	s := &inServer{a: a, st: m.Store, db: m.Store}
	const serverGC = 100
	old := debug.SetGCPercent(serverGC)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	var during []int
	progress := func(int64) {
		gc := debug.SetGCPercent(serverGC)
		during = append(during, gc)
	}
	var out, errb bytes.Buffer
	if code := s.run(context.Background(), web.Caller{Who: "operator", Operator: true}, []string{"import", "ledger", "--buyer", "3909", "--no-classify", "--", m.Ledger}, &out, &errb, progress); code != 0 {
		t.Fatalf("import in the server: %d %s %s", code, out.String(), errb.String())
	}
	if len(during) == 0 {
		t.Fatal("the import told no progress: the collector was not looked at")
	}
	for _, gc := range during {
		if gc != serverGC {
			t.Fatalf("during an import in the server the collector was at %d%%, the server's is %d%%", gc, serverGC)
		}
	}
	if gc := debug.SetGCPercent(serverGC); gc != serverGC {
		t.Errorf("after the import the collector is at %d%%", gc)
	}
}

// The hand-over file is written as a new file of its own, never through a
// file or link already there; the CLI takes the operator's token from it
// only when it is the user's own regular file (0600) and names a server on
// this machine; a short CITYSPEND_OPERATOR_TOKEN stops serve at its start.
func TestHandoverFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.duckdb")
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	for _, link := range []string{handoverPath(db), handoverPath(db) + ".tmp"} {
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeHandover(db, "http://127.0.0.1:8080", strings.Repeat("k", 40)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("writing the hand-over file wrote through a link: %q", b)
	}
	if info, err := os.Lstat(handoverPath(db)); err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
		t.Fatalf("the hand-over file: %v %v", info.Mode(), err)
	}
	if h, ok, err := readHandover(db); err != nil || !ok || h.Token != strings.Repeat("k", 40) {
		t.Fatalf("the user's own hand-over file: %+v %v %v", h, ok, err)
	}

	refused := func(what string) {
		t.Helper()
		if h, ok, err := readHandover(db); err == nil || ok || h.Token != "" {
			t.Errorf("%s: read (%+v %v %v)", what, h, ok, err)
		}
		if code, _, errs := cli(t, "buyer", "list", "--db", db); code != 1 || !strings.Contains(errs, "hand-over file") {
			t.Errorf("%s: a command beside it: %d %s", what, code, errs)
		}
	}
	os.Chmod(handoverPath(db), 0o644)
	refused("readable by others")
	os.Chmod(handoverPath(db), 0o600)
	good := handoverPath(db) + ".good"
	os.Rename(handoverPath(db), good)
	os.Symlink(good, handoverPath(db))
	refused("a link")
	os.Remove(handoverPath(db))
	if err := writeHandover(db, "http://203.0.113.7:8080", strings.Repeat("k", 40)); err != nil {
		t.Fatal(err)
	}
	refused("a server elsewhere")
	os.Remove(handoverPath(db))

	t.Setenv("CITYSPEND_OPERATOR_TOKEN", "short")
	if code, _, errs := cli(t, "serve", "--db", db, "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errs, "CITYSPEND_OPERATOR_TOKEN") {
		t.Errorf("serve with a short operator token: %d %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("serve with a short operator token opened the database")
	}
}
