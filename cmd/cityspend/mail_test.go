// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/notify/smtptest"
)

// seedAlerts makes a database with a buyer's published and unpublished
// plan items and a supplier's user whose alert follows snow clearing.
func seedAlerts(t *testing.T, db string) cityspend.User {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	by := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, by); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	ago := now.Add(-time.Hour)
	items := []cityspend.PlanItem{
		{ID: "P1", Title: "Brøyting av kommunale veier", CPV: []string{"90620000"}, Value: 2_000_000_00, Status: cityspend.PlanPlanned,
			Published: true, PublishedAt: ago, Notice: now.AddDate(0, 2, 0), Created: ago, Updated: ago},
		{ID: "P2", Title: "Hemmelig brøyteplan", CPV: []string{"90620000"}, Value: 900_000_00, Status: cityspend.PlanPlanned, Created: ago, Updated: ago},
	}
	if err := st.PutPlanItems(ctx, by.ID, items, nil); err != nil {
		t.Fatal(err)
	}
	u := cityspend.User{Email: "anna@vinterdrift.test", Name: "Anna Vinter", SupplierID: "org:NO-BRC:987654321"}
	if u.ID, err = st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := st.PutAlert(ctx, cityspend.Alert{UserID: u.ID, CPV: []string{"906"}, Lang: "nb", UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	return u
}

// startServeAt runs `cityspend serve` at addr as a child process and
// returns it once it serves (the test kills or stops it).
func startServeAt(t *testing.T, addr string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	c := child(context.Background(), append([]string{"serve", "--addr", addr}, args...)...)
	c.Env = append(c.Env, "CITYSPEND_SMTP_PASSWORD=brine not salt")
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.Stderr = io.Discard
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	// A serve that never says it serves is killed, so the test fails
	// rather than waits forever.
	const startLimit = 3 * time.Minute
	kill := time.AfterFunc(startLimit, func() { c.Process.Kill() })
	defer kill.Stop()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := servingOn.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return c, m[1]
		}
	}
	t.Fatalf("serve did not say where it serves (killed after %s)", startLimit)
	return nil, ""
}

// servingOn is where serve says it serves.
var servingOn = regexp.MustCompile(`serving on (http://\S+/)`)

// front is a reverse proxy on a port of its own, held for the whole test,
// to whichever server it is pointed at: the address a server's links name
// (its --public-url) through a restart, without choosing a free port, closing
// it and hoping no other test takes it before the server does.
type front struct {
	mu     sync.Mutex
	target *url.URL
	base   string
}

func startFront(t *testing.T) *front {
	t.Helper()
	f := &front{}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		f.mu.Lock()
		defer f.mu.Unlock()
		r.SetURL(f.target)
		r.Out.Host = r.In.Host // the server sees the address its links name
	}}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	f.base = srv.URL + "/"
	return f
}

// to points the front at a server's base URL.
func (f *front) to(t *testing.T, base string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.target = u
	f.mu.Unlock()
}

// stopServe interrupts a serve (or demo) that runs and waits for it to
// end, at most a minute; then it is killed and the test fails, rather than
// wait forever.
func stopServe(t *testing.T, c *exec.Cmd) {
	t.Helper()
	if c.Process == nil || c.ProcessState != nil {
		return
	}
	c.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		c.Process.Kill()
		<-done
		t.Error("serve did not stop within a minute of an interrupt")
	}
}

// The acceptance of real mail and alerts: a supplier's digest reaches an
// SMTP server on 127.0.0.1 over STARTTLS with a password; cityspend is
// killed while the server holds the message's data unanswered, and after
// the restart the message arrives again with the same Message-ID — the
// digest itself is not made twice; its unsubscribe link (also in its
// header) stops the alert without a login.
func TestAlertDigestSurvivesRestart(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "mail.duckdb")
	seedAlerts(t, db)
	srv := smtptest.Start(t)
	srv.User, srv.Password = "cityspend", "brine not salt"
	ca := filepath.Join(dir, "smtp-ca.pem")
	if err := os.WriteFile(ca, srv.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	fr := startFront(t)
	base := fr.base
	args := []string{"--db", db, "--public-url", strings.TrimSuffix(base, "/"), "--smtp-addr", srv.Addr, "--smtp-user", "cityspend",
		"--smtp-from", "cityspend <noreply@cityspend.test>", "--smtp-tls", "require", "--smtp-ca-file", ca, "--smtp-timeout", "5s"}

	held := srv.Hold()
	first, at := startServeAt(t, "127.0.0.1:0", args...)
	fr.to(t, at)
	select {
	case <-held:
	case <-time.After(60 * time.Second):
		t.Fatal("no digest reached the SMTP server")
	}
	// Killed mid-send: the data is with the server, unconfirmed.
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	srv.Release()

	second, at := startServeAt(t, "127.0.0.1:0", args...)
	fr.to(t, at)
	got := srv.Wait(t, 1, 30*time.Second)
	// The digest job's first run after the restart (5 s) finds nothing due.
	time.Sleep(7 * time.Second)
	all := srv.Messages()
	if len(all) < 2 || len(all) > 3 {
		t.Fatalf("%d deliveries, want the held one and the one after the restart", len(all))
	}
	id := all[0].MessageID
	for _, m := range all {
		if m.MessageID != id || id == "" || !m.TLS || m.Auth != "cityspend" || m.To != "anna@vinterdrift.test" {
			t.Errorf("delivery %+v, want Message-ID %s over TLS as cityspend", m, id)
		}
	}
	if len(got) > 2 {
		t.Errorf("accepted %d times", len(got))
	}
	data := got[len(got)-1].Data
	for _, want := range []string{"Hei Anna Vinter", "Subject: cityspend: en ny mulighet for dere", "Brøyting av kommunale veier", "2\u00a0000\u00a0000,00\u00a0kr", "Planlagte anskaffelser",
		"List-Unsubscribe: <" + base + "alerts/unsubscribe?token="} {
		if !strings.Contains(data, want) {
			t.Errorf("the digest lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(data, "Hemmelig") || strings.Contains(data, "%!") {
		t.Errorf("the digest shows an unpublished item:\n%s", data)
	}
	// The link asks (a GET changes nothing); the mail program's one-click
	// POST (RFC 8058) to it unsubscribes without a login.
	link := regexp.MustCompile(regexp.QuoteMeta(base) + `alerts/unsubscribe\?token=[A-Za-z0-9._-]+`).FindString(data)
	if link == "" {
		t.Fatalf("no unsubscribe link in:\n%s", data)
	}
	if !strings.Contains(data, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
		t.Errorf("no List-Unsubscribe-Post in:\n%s", data)
	}
	resp, body := fetch(t, link, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="unsubscribe-form"`) {
		t.Errorf("the unsubscribe page: %d\n%s", resp.StatusCode, body)
	}
	resp, err := http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "Unsubscribed") && !strings.Contains(string(b), "Avmeldt") {
		t.Errorf("unsubscribe: %d %v\n%s", resp.StatusCode, err, b)
	}
	bad, _ := fetch(t, base+"alerts/unsubscribe?token=1.forged", "")
	if bad.StatusCode != http.StatusBadRequest {
		t.Errorf("a forged token: %d", bad.StatusCode)
	}
	stopServe(t, second)

	// The outbox: one message, sent on its second attempt.
	var ms []cityspend.OutMail
	decodeJSON(t, mustCLI(t, "mail", "queue", "--db", db, "--format", "json"), &ms)
	if len(ms) != 1 || ms[0].State != cityspend.MailSent || ms[0].Attempts != 2 || ms[0].MessageID != id {
		t.Errorf("outbox %+v, want one message sent on its second attempt", ms)
	}
	text := mustCLI(t, "mail", "queue", "--db", db)
	if !strings.Contains(text, "sent") || !strings.Contains(text, id) {
		t.Errorf("mail queue:\n%s", text)
	}
	st, err := duckdb.Open(context.Background(), db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, err := st.Alerts(context.Background())
	if err != nil || len(as) != 1 || !as[0].Off {
		t.Errorf("alerts after unsubscribing: %+v %v", as, err)
	}
}

// alerts send (for cron) queues the digest and delivers it; a bounce is
// logged as failed in the outbox and not tried again.
func TestAlertsSendCommand(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	db := filepath.Join(t.TempDir(), "mail.duckdb")
	seedAlerts(t, db)
	srv := smtptest.Start(t)
	srv.NoTLS = true
	srv.Answer("RCPT", "550 5.1.1 no such user")
	out := mustCLI(t, "alerts", "send", "--db", db, "--public-url", "https://cityspend.larvik.kommune.no",
		"--smtp-addr", srv.Addr, "--smtp-from", "noreply@cityspend.test")
	if !strings.Contains(out, "1 digests queued (1 items)") || !strings.Contains(out, "1 messages tried") {
		t.Errorf("alerts send:\n%s", out)
	}
	var ms []cityspend.OutMail
	decodeJSON(t, mustCLI(t, "mail", "queue", "--db", db, "--format", "json", "--state", "failed"), &ms)
	if len(ms) != 1 || !strings.Contains(ms[0].LastError, "550") {
		t.Errorf("failed: %+v", ms)
	}
	// --json, as every list command takes it, is --format json.
	var js []cityspend.OutMail
	decodeJSON(t, mustCLI(t, "mail", "queue", "--db", db, "--json", "--state", "failed"), &js)
	if !reflect.DeepEqual(js, ms) {
		t.Errorf("--json %+v, --format json %+v", js, ms)
	}
	if code, _, errs := cli(t, "mail", "queue", "--db", db, "--json", "--format", "text"); code != 2 || !strings.Contains(errs, "--json") {
		t.Errorf("--json with --format text: exit %d, %s", code, errs)
	}
	// Nothing new: nothing sent; the failed message stays failed.
	srv.Answer("RCPT", "")
	out = mustCLI(t, "alerts", "send", "--db", db, "--public-url", "https://cityspend.larvik.kommune.no",
		"--smtp-addr", srv.Addr, "--smtp-from", "noreply@cityspend.test")
	if !strings.Contains(out, "0 digests queued") || !strings.Contains(out, "0 messages tried") || len(srv.Messages()) != 0 {
		t.Errorf("second run:\n%s\narrived %d", out, len(srv.Messages()))
	}
	// A password is not sent without TLS.
	code, _, errs := cli(t, "mail", "send", "--db", db, "--smtp-addr", srv.Addr, "--smtp-from", "noreply@cityspend.test", "--smtp-tls", "none", "--smtp-user", "x")
	if code != 2 || !strings.Contains(errs, "tls none") {
		t.Errorf("password with --smtp-tls none: %d %s", code, errs)
	}
}
