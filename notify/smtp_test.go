// SPDX-License-Identifier: EUPL-1.2

package notify_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/notify/smtptest"
)

func client(s *smtptest.Server, mode string) *notify.SMTP {
	return &notify.SMTP{Addr: s.Addr, Username: "cityspend", Password: "s3cret", From: "cityspend <noreply@cityspend.test>", TLS: mode,
		TLSConfig: &tls.Config{RootCAs: s.Roots()}, DialTimeout: 2 * time.Second, CommandTimeout: 2 * time.Second}
}

var msg = notify.Message{ID: "<1@cityspend.test>", To: "kari@larvik.no", Subject: "Nye muligheter: brøyting", Body: "Hei,\n.\nlinje to\n",
	Unsubscribe: "http://127.0.0.1/alerts/unsubscribe?token=abc"}

// A message over STARTTLS with AUTH PLAIN arrives whole: headers, the
// subject decoded, the body with a lone dot, the unsubscribe headers.
func TestSMTPStartTLS(t *testing.T) {
	s := smtptest.Start(t)
	s.User, s.Password = "cityspend", "s3cret"
	if err := client(s, "").Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS || got.Auth != "cityspend" || got.From != "noreply@cityspend.test" || got.To != "kari@larvik.no" || got.MessageID != msg.ID {
		t.Errorf("arrived %+v", got)
	}
	pm, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	body, _ := io.ReadAll(pm.Body)
	if err != nil || subj != msg.Subject || string(body) != "Hei,\n.\nlinje to\n\n" {
		t.Errorf("subject %q body %q", subj, body)
	}
	if pm.Header.Get("List-Unsubscribe") != "<"+msg.Unsubscribe+">" || pm.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("headers %v", pm.Header)
	}
}

// The password goes only over TLS; "require" needs STARTTLS; a wrong
// password is not a bounce (the message is tried again).
func TestSMTPTLSRules(t *testing.T) {
	ctx := context.Background()
	plain := smtptest.Start(t)
	plain.NoTLS = true
	if err := client(plain, "").Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "plain text") {
		t.Errorf("password without TLS: %v", err)
	}
	anon := client(plain, notify.TLSStartTLS)
	anon.Username, anon.Password = "", ""
	if err := anon.Send(ctx, msg); err != nil {
		t.Errorf("no TLS offered, no password: %v", err)
	}
	anon.TLS = notify.TLSRequire
	if err := anon.Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("require without STARTTLS: %v", err)
	}
	if got := plain.Wait(t, 1, time.Second); len(got) != 1 || got[0].TLS {
		t.Errorf("arrived %+v", got)
	}
	s := smtptest.Start(t)
	s.User, s.Password = "cityspend", "other"
	if err := client(s, notify.TLSRequire).Send(ctx, msg); err == nil || notify.Permanent(err) {
		t.Errorf("wrong password: %v (permanent %v)", err, notify.Permanent(err))
	}
	// A certificate the client does not trust: no message.
	c := client(s, "")
	c.TLSConfig = nil
	if err := c.Send(ctx, msg); err == nil {
		t.Errorf("an untrusted certificate was accepted")
	}
	if err := (&notify.SMTP{Addr: "127.0.0.1:25", From: "x@y", Username: "u", TLS: notify.TLSNone}).Validate(); err == nil {
		t.Errorf("a password with tls none validated")
	}
}

// 5xx answers to the recipient or the data are bounces, 4xx not; a 5xx
// to the sender is the configuration's fault, not the message's.
func TestSMTPAnswers(t *testing.T) {
	s := smtptest.Start(t)
	for _, c := range []struct {
		step, answer      string
		permanent, config bool
	}{{"RCPT", "550 5.1.1 no such user", true, false}, {"RCPT", "451 4.3.0 try later", false, false}, {"DATA", "554 5.7.1 spam", true, false},
		{"MAIL", "421 4.7.0 busy", false, false}, {"MAIL", "553 5.7.1 sender not allowed", false, true}} {
		s.Answer(c.step, c.answer)
		err := client(s, "").Send(context.Background(), msg)
		if err == nil || notify.Permanent(err) != c.permanent || errors.As(err, new(*notify.SenderRefused)) != c.config || !strings.Contains(err.Error(), c.answer[:3]) {
			t.Errorf("%s %s: %v (permanent %v)", c.step, c.answer, err, notify.Permanent(err))
		}
		s.Answer(c.step, "")
	}
}

// The headers give display names as RFC 5322 wants them (quoted, encoded:
// ASCII),
// and EHLO names the sender's domain, not localhost.
func TestSMTPNames(t *testing.T) {
	s := smtptest.Start(t)
	s.User, s.Password = "cityspend", "s3cret"
	c := client(s, "")
	c.From = `"Larvik, innkjøp" <noreply@cityspend.test>`
	m := msg
	m.To = `"Ødegård, Kåre \"K\"" <kare@larvik.no>`
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]
	if got.Hello != "cityspend.test" {
		t.Errorf("EHLO %q, want the sender's domain", got.Hello)
	}
	pm, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]mail.Address{"From": {Name: "Larvik, innkjøp", Address: "noreply@cityspend.test"}, "To": {Name: `Ødegård, Kåre "K"`, Address: "kare@larvik.no"}} {
		as, err := pm.Header.AddressList(h)
		ascii := strings.IndexFunc(pm.Header.Get(h), func(r rune) bool { return r > 127 }) < 0 // RFC 5322: no raw 8-bit in headers
		if err != nil || len(as) != 1 || *as[0] != want || !ascii {
			t.Errorf("%s: %q read as %v %v, want %v", h, pm.Header.Get(h), as, err, want)
		}
	}
}

// A server that stops answering: each command has a time limit.
func TestSMTPTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			c.Write([]byte("220 hello\r\n")) // then silence
			time.Sleep(3 * time.Second)
		}
	}()
	c := &notify.SMTP{Addr: ln.Addr().String(), From: "x@cityspend.test", CommandTimeout: 300 * time.Millisecond}
	start := time.Now()
	if err := c.Send(context.Background(), msg); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("silent server: %v after %v", err, time.Since(start))
	}
}

func TestBackoff(t *testing.T) {
	b := notify.Backoff{Base: time.Minute, Max: 10 * time.Minute, Attempts: 5}
	for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute} {
		if got := b.Delay(i + 1); got != want {
			t.Errorf("delay after attempt %d: %v, want %v", i+1, got, want)
		}
	}
}

func openStore(t *testing.T) *duckdb.DB {
	t.Helper()
	db, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "mail.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The sender: a 4xx answer retries after the backoff, a 5xx fails the
// message for good, a message accepted is sent once.
func TestSender(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	s := smtptest.Start(t)
	now := time.Now().UTC().Add(time.Second).Truncate(time.Microsecond)
	snd := notify.NewSender(st, client(s, ""), slog.New(slog.NewTextHandler(io.Discard, nil)))
	snd.Backoff = notify.Backoff{Base: time.Minute, Max: time.Hour, Attempts: 3}
	snd.Now = func() time.Time { return now }
	out := &notify.Outbox{St: st, Domain: "cityspend.test"}
	for _, to := range []string{"kari@larvik.no", "nobody@larvik.no"} {
		if err := out.Send(ctx, notify.Message{To: to, Subject: "s", Body: "b"}); err != nil {
			t.Fatal(err)
		}
	}
	s.Answer("RCPT", "451 4.3.0 greylisted")
	if n, err := snd.Flush(ctx); err != nil || n != 2 {
		t.Fatalf("flush: %d %v", n, err)
	}
	queued, _ := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailQueued})
	if len(queued) != 2 || !queued[0].NextAt.Equal(now.Add(time.Minute)) || !strings.Contains(queued[0].LastError, "451") {
		t.Fatalf("after a 4xx: %+v", queued)
	}
	if n, _ := snd.Flush(ctx); n != 0 {
		t.Errorf("%d tried before the backoff ended", n)
	}
	s.Answer("RCPT", "")
	s.Answer("DATA", "")
	now = now.Add(time.Minute)
	// The first goes through; the second is refused for good.
	snd.Transport = mailerFunc(func(ctx context.Context, m notify.Message) error {
		if m.To == "nobody@larvik.no" {
			s.Answer("RCPT", "550 5.1.1 no such user")
		} else {
			s.Answer("RCPT", "")
		}
		return client(s, "").Send(ctx, m)
	})
	if n, err := snd.Flush(ctx); err != nil || n != 2 {
		t.Fatalf("second flush: %d %v", n, err)
	}
	sent, _ := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailSent})
	failed, _ := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailFailed})
	if len(sent) != 1 || sent[0].To != "kari@larvik.no" || sent[0].Attempts != 2 || len(failed) != 1 || !strings.Contains(failed[0].LastError, "550") {
		t.Errorf("sent %+v failed %+v", sent, failed)
	}
	if got := s.Wait(t, 1, time.Second); len(got) != 1 || got[0].MessageID != sent[0].MessageID {
		t.Errorf("arrived %+v, want %s", got, sent[0].MessageID)
	}
}

// A server that refuses the sender (a misconfiguration) fails no message:
// each stays queued, past its attempts, until the configuration is mended.
func TestSenderRefused(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	s := smtptest.Start(t)
	s.Answer("MAIL", "550 5.7.1 sender not allowed")
	now := time.Now().UTC().Add(time.Second).Truncate(time.Microsecond)
	snd := notify.NewSender(st, client(s, ""), slog.New(slog.NewTextHandler(io.Discard, nil)))
	snd.Backoff = notify.Backoff{Base: time.Minute, Max: time.Minute, Attempts: 2}
	snd.Now = func() time.Time { return now }
	if err := (&notify.Outbox{St: st, Domain: "cityspend.test"}).Send(ctx, notify.Message{To: "kari@larvik.no", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if n, err := snd.Flush(ctx); err != nil || n != 1 {
			t.Fatalf("flush: %d %v", n, err)
		}
		now = now.Add(time.Minute)
	}
	queued, _ := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailQueued})
	if len(queued) != 1 || queued[0].Attempts != 3 || !strings.Contains(queued[0].LastError, "550") {
		t.Fatalf("after the sender was refused: %+v", queued)
	}
	s.Answer("MAIL", "")
	if n, err := snd.Flush(ctx); err != nil || n != 1 {
		t.Fatalf("flush: %d %v", n, err)
	}
	if got := s.Wait(t, 1, 5*time.Second); len(got) != 1 {
		t.Errorf("arrived %+v", got)
	}
}

// Out of attempts: failed.
func TestSenderGivesUp(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	snd := notify.NewSender(st, mailerFunc(func(context.Context, notify.Message) error { return io.ErrUnexpectedEOF }), slog.New(slog.NewTextHandler(io.Discard, nil)))
	snd.Backoff = notify.Backoff{Base: time.Millisecond, Max: time.Millisecond, Attempts: 2}
	if err := (&notify.Outbox{St: st}).Send(ctx, notify.Message{To: "a@b.no"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		time.Sleep(5 * time.Millisecond)
		if _, err := snd.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	failed, _ := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailFailed})
	if len(failed) != 1 || failed[0].Attempts != 2 || !strings.Contains(failed[0].LastError, "gave up after 2") {
		t.Errorf("failed %+v", failed)
	}
}

type mailerFunc func(context.Context, notify.Message) error

func (f mailerFunc) Send(ctx context.Context, m notify.Message) error { return f(ctx, m) }
