// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend/duckdb"
)

// The installation's reference data while the server runs: an
// installation admin uploads Posten's postcode register at /admin, which
// loads as a background job whose page tells the result without a server
// path; a postcode file dropped into serve --drop-dir's postcodes folder
// is loaded on the schedule and moved to done/ with a note, a broken one
// to failed/; the store holds what the last load gave.
func TestReferenceDataLoads(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "ref.duckdb")
	drop := filepath.Join(dir, "drop")
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	mustCLI(t, "user", "add", "--db", db, "--email", "drift@kompetanse.no", "--name", "Drift", "--installation-admin", "--password-file", pw)
	srv, base := startServeAt(t, "127.0.0.1:0", "--db", db, "--drop-dir", drop, "--drop-every", "200ms", "--alerts-every", "0", "--feeds-every", "0")

	// The upload, as the form at /admin sends it: the form token first.
	c := login(t, base, "drift@kompetanse.no", "a long enough password")
	m := csrfInput.FindStringSubmatch(getText(t, c, base+"admin"))
	if m == nil {
		t.Fatal("/admin has no form token")
	}
	fixture, err := os.ReadFile(filepath.Join("..", "..", "ingest", "postcodes", "testdata", "Postnummerregister-ansi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", m[1])
	mw.WriteField("kind", "postcodes")
	mw.WriteField("country", "NO")
	fw, _ := mw.CreateFormFile("file", "Postnummerregister-ansi.txt")
	fw.Write(fixture)
	mw.Close()
	resp, err := c.Post(base+"admin/imports", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	job := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(job, "/admin/jobs/") {
		t.Fatalf("upload: %d %s", resp.StatusCode, job)
	}
	page := ""
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		page = getText(t, c, base+strings.TrimPrefix(job, "/"))
		if strings.Contains(page, `data-state="done"`) || strings.Contains(page, `data-state="failed"`) {
			break
		}
	}
	if !strings.Contains(page, `data-state="done"`) || !strings.Contains(page, "Postnummerregister-ansi.txt") {
		t.Fatalf("the upload's job: %s", page)
	}
	if regexp.MustCompile(`/tmp/|cityspend-import-`).MatchString(page) {
		t.Errorf("the job's page shows where the server put the file:\n%s", page)
	}
	// A visitor is sent to log in.
	if code := getCode(t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		base+strings.TrimPrefix(job, "/")); code != http.StatusSeeOther {
		t.Errorf("the job page as a visitor: %d", code)
	}

	// The drop folder: a file copied in under a dot-name and renamed when
	// complete; a broken population file.
	tmp := filepath.Join(drop, "postcodes", ".copying")
	if err := os.WriteFile(tmp, []byte("9998\tTESTSTAD\t3909\tLARVIK\tG\r\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(drop, "postcodes", "update.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(drop, "population", "broken.csv"), []byte("not;a;population;table\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	note := func(kind, to, name string) string {
		t.Helper()
		for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			notes, _ := filepath.Glob(filepath.Join(drop, kind, to, "*-"+name+".txt"))
			if len(notes) == 1 {
				b, _ := os.ReadFile(notes[0])
				if _, err := os.Stat(strings.TrimSuffix(notes[0], ".txt")); err != nil {
					t.Errorf("the note %s has no file beside it: %v", notes[0], err)
				}
				return string(b)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(drop, kind))
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%s/%s was not moved to %s/: %v", kind, name, to, names)
		return ""
	}
	if n := note("postcodes", "done", "update.txt"); !strings.Contains(n, "postcodes update.txt: done") {
		t.Errorf("the note of the dropped postcodes: %q", n)
	}
	if n := note("population", "failed", "broken.csv"); !strings.Contains(n, "population broken.csv: failed") || strings.Contains(n, drop) {
		t.Errorf("the note of the broken file: %q", n)
	}
	if _, err := os.Stat(filepath.Join(drop, "postcodes", "update.txt")); !os.IsNotExist(err) {
		t.Errorf("the dropped file is still there: %v", err)
	}

	// After the server's stop, the store has the dropped file's postcodes
	// (a load replaces the country's), and the audit log both loads.
	stopServe(t, srv)
	ctx := context.Background()
	st, err := duckdb.Open(ctx, db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pcs, err := st.Postcodes(ctx, "NO", []string{"9998", "3256"})
	if err != nil || len(pcs) != 1 || pcs[0].Municipality != "3909" {
		t.Errorf("the postcodes after the drop: %+v %v", pcs, err)
	}
	es, err := st.AuditLog(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range es {
		log = append(log, e.Who+": "+e.Action)
	}
	all := strings.Join(log, "\n")
	for _, want := range []string{"drift@kompetanse.no: load postcodes Postnummerregister-ansi.txt", "drop: load postcodes update.txt", "drop: load population broken.csv"} {
		if !strings.Contains(all, want) {
			t.Errorf("the audit log has no %q:\n%s", want, all)
		}
	}
}

// getCode is the status of a GET, its body read.
func getCode(t *testing.T, c *http.Client, u string) int {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
