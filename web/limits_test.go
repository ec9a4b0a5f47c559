// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// countingHandler counts the bytes handlers read of request bodies, and
// keeps the status of the last answer.
func countingHandler(h http.Handler, n, status *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = countingBody{r.Body, n}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		status.Store(int64(sw.status))
	})
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// unsized hides a reader's size, so that the client sends it chunked.
type unsized struct{ io.Reader }

// Bodies are bounded by their route before anything reads them: a 31 MB
// login is refused with 413 having read at most the limit (none of it
// when its length is announced), the answer in the reader's language or
// JSON for the API; a challenge's file keeps its larger limit.
func TestBodyLimits(t *testing.T) {
	_, _, s := newTestServerWith(t, nil)
	var read, status atomic.Int64
	counted := httptest.NewServer(countingHandler(s.Handler(), &read, &status))
	t.Cleanup(counted.Close)
	ts := counted.URL
	big := "email=a%40b.c&password=" + strings.Repeat("x", 31<<20)
	for _, sized := range []bool{true, false} {
		read.Store(0)
		var body io.Reader = strings.NewReader(big)
		if !sized {
			body = unsized{body}
		}
		req, _ := http.NewRequest("POST", ts+"/login", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "nb")
		limit := int64(maxLogin + 1)
		if sized {
			// As careful clients do: the server answers before the body is
			// sent, so the client does not write into a closing connection.
			req.Header.Set("Expect", "100-continue")
			limit = 0
		}
		resp, err := http.DefaultClient.Do(req)
		code := 0
		switch {
		case err == nil:
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if code = resp.StatusCode; !strings.Contains(string(page), "Forespørselen er større") {
				t.Errorf("a 31 MB login (length announced: %v): %.300s", sized, page)
			}
		case sized:
			t.Fatal(err)
		default:
			// A client still sending a body the server has refused may
			// find the connection closed before it reads the answer (the
			// server waits half a second for it): the server's answer.
			code = int(status.Load())
		}
		if code != http.StatusRequestEntityTooLarge || read.Load() > limit {
			t.Errorf("a 31 MB login (length announced: %v): %d, %d bytes read (at most %d)", sized, code, read.Load(), limit)
		}
	}
	// The API answers in JSON, whether the length is announced or not.
	c := newClient(t, ts).login(adminA)
	bigJSON := `{"title": "` + strings.Repeat("x", 2<<20) + `"}`
	for _, sized := range []bool{true, false} {
		var body io.Reader = strings.NewReader(bigJSON)
		if !sized {
			body = unsized{body}
		}
		req, _ := http.NewRequest("POST", ts+"/api/v1/buyers/3909/plan", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(csrfHeader, c.csrf)
		if sized {
			req.Header.Set("Expect", "100-continue")
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), `"code": "too_large"`) {
			t.Errorf("2 MB of JSON (length announced: %v): %d %s", sized, resp.StatusCode, b)
		}
	}
	// A challenge's file has room for its 10 MB (TestConsultation), not for
	// more.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", "big.pdf")
	fw.Write(bytes.Repeat([]byte("a"), 11<<20))
	mw.Close()
	req, _ := http.NewRequest("POST", ts+"/buyers/3909/challenges/CH-9/files", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Expect", "100-continue")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("an 11 MB file: %d", resp.StatusCode)
	}
	// Every route with a limit of its own exists.
	routes := map[string]bool{}
	for _, rt := range s.routeList {
		routes[rt.pattern] = true
	}
	for pattern := range bodyLimits {
		if !routes[pattern] {
			t.Errorf("a body limit for %q, which is no route", pattern)
		}
	}
}

// fill is an endless body of one byte.
type fill byte

func (f fill) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(f)
	}
	return len(p), nil
}

// An upload of data files (maxImport: up to 4 GiB, in temporary files)
// is read only by its route, after the access check: a visitor, a bad
// token, a session without its form token and a viewer where an analyst
// is needed are refused with not a byte of the body read (nor spooled to
// the server's disk).
func TestUploadsReadAfterAccess(t *testing.T) {
	_, _, s := newTestServerWith(t, nil)
	var read, status atomic.Int64
	counted := httptest.NewServer(countingHandler(s.Handler(), &read, &status))
	t.Cleanup(counted.Close)
	vera := newClient(t, counted.URL).login(viewerA)
	anon := newClient(t, counted.URL)
	anon.do("GET", "/login", "", "", nil) // its form token
	for _, c := range []struct {
		name   string
		client *client
		path   string
		header map[string]string
		want   int
	}{
		{"a visitor's command", anon, "/api/v1/run", map[string]string{csrfHeader: anon.csrf}, http.StatusUnauthorized},
		{"a visitor's upload", anon, "/api/v1/buyers/3909/imports", map[string]string{csrfHeader: anon.csrf}, http.StatusUnauthorized},
		{"a visitor's upload without a form token", anon, "/api/v1/buyers/3909/imports", nil, http.StatusForbidden},
		{"a bad token's command", anon, "/api/v1/run", map[string]string{"Authorization": "Bearer not-a-token"}, http.StatusUnauthorized},
		{"a viewer's upload", vera, "/api/v1/buyers/3909/imports", map[string]string{csrfHeader: vera.csrf}, http.StatusForbidden},
		{"a session's command without its form token", vera, "/api/v1/run", nil, http.StatusForbidden},
		{"a session's upload without its form token", vera, "/api/v1/buyers/3909/imports", nil, http.StatusForbidden},
		{"a visitor's load of the installation's data", anon, "/admin/imports", map[string]string{csrfHeader: anon.csrf}, http.StatusUnauthorized},
		{"a buyer's staff's load of the installation's data", vera, "/admin/imports", map[string]string{csrfHeader: vera.csrf}, http.StatusForbidden},
	} {
		read.Store(0)
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			fw, _ := mw.CreateFormFile("file", "ledger.csv")
			_, err := io.Copy(fw, io.LimitReader(fill('a'), 256<<20))
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		code := postStream(c.client, counted.URL+c.path, mw.FormDataContentType(), pr, c.header, &status)
		if code != c.want || read.Load() > 0 {
			t.Errorf("%s: %d, want %d; %d bytes of the body read", c.name, code, c.want, read.Load())
		}
	}

	// The browser's upload form (POST /buyers/{id}/imports) cannot send
	// the header: its form token is the form's first part, checked before
	// any file is read. Without it, or with it after a file, nothing is
	// imported (403, no job, at most the first part read); a viewer, a
	// visitor or a forged header token is refused before a byte is read;
	// with it first (or valid in the header, as the API takes it), the
	// form reaches the import (which this test server, without commands,
	// cannot run: 400).
	if len(s.ownProof) != 3 || s.ownProof["POST /buyers/{id}/imports"] != proofFirstPart || s.ownProof["POST /admin/imports"] != proofFirstPart ||
		s.ownProof["POST "+unsubscribePath] != proofSigned {
		t.Errorf("the routes whose form token guard leaves to their handler: %v", s.ownProof)
	}
	ana := newClient(t, counted.URL).login(analystA)
	type part struct{ name, file, value string }
	tok := func(c *client) part { return part{csrfField, "", c.csrf} }
	file := part{"file", "ledger.csv", ""}
	kind := part{"kind", "", "ledger"}
	for _, c := range []struct {
		name     string
		client   *client
		parts    []part
		header   map[string]string
		want     int
		readNone bool
	}{
		{"a viewer's upload form", vera, []part{tok(vera), file, kind}, nil, http.StatusForbidden, true},
		{"a visitor's upload form", anon, []part{tok(anon), file, kind}, nil, http.StatusForbidden, true},
		{"an upload form without its token", ana, []part{file, kind}, nil, http.StatusForbidden, false},
		{"an upload form with its token after a file", ana, []part{file, tok(ana), kind}, nil, http.StatusForbidden, false},
		{"an upload form with another session's token", ana, []part{tok(vera), file, kind}, nil, http.StatusForbidden, false},
		{"an upload form with a forged token in the header", ana, []part{tok(ana), file, kind}, map[string]string{csrfHeader: "forged-token"}, http.StatusForbidden, true},
		{"an upload form with its token in the header (as the API takes it)", ana, []part{file, kind}, map[string]string{csrfHeader: ana.csrf}, http.StatusBadRequest, false},
		{"an upload form with its token first", ana, []part{tok(ana), file, kind}, nil, http.StatusBadRequest, false},
	} {
		read.Store(0)
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			var err error
			for _, p := range c.parts {
				if p.file == "" {
					if err = mw.WriteField(p.name, p.value); err != nil {
						break
					}
					continue
				}
				fw, _ := mw.CreateFormFile(p.name, p.file)
				if _, err = io.Copy(fw, io.LimitReader(fill('a'), 64<<20)); err != nil {
					break
				}
			}
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		code := postStream(c.client, counted.URL+"/buyers/3909/imports", mw.FormDataContentType(), pr, c.header, &status)
		if code != c.want {
			t.Errorf("%s: %d, want %d", c.name, code, c.want)
		}
		if c.readNone && read.Load() > 0 {
			t.Errorf("%s: %d bytes of the body read before the access check", c.name, read.Load())
		}
		// A refused form reads no more than its first part (the file whose
		// place the token should have had reads in part at most).
		if code == http.StatusForbidden && read.Load() >= 64<<20 {
			t.Errorf("%s: %d bytes read: the files were read before the token", c.name, read.Load())
		}
		if jobs := s.jobs.List("3909"); len(jobs) > 0 {
			t.Errorf("%s: an import job was started: %+v", c.name, jobs)
		}
	}
}

// postStream posts a streamed body as the client and returns the answer's
// status: the one the server wrote (status) when the client gave up
// sending because the server answered before the body ended.
func postStream(c *client, url, ctype string, body *io.PipeReader, header map[string]string, status *atomic.Int64) int {
	req, _ := http.NewRequest("POST", url, body)
	req.Header.Set("Content-Type", ctype)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	body.Close()
	if err != nil {
		return int(status.Load())
	}
	resp.Body.Close()
	return resp.StatusCode
}
