// SPDX-License-Identifier: EUPL-1.2

// Package notify sends messages to people: e-mail confirmations, answers
// to questions, the suppliers' alert digests. The mailer is pluggable: a
// folder of .eml files (an outbox a person or a mail relay picks up; the
// demo's), the log, or an SMTP server; the server queues every message in
// the store's outbox (Outbox) and a Sender delivers it with retries.
package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// Message is one e-mail.
type Message struct {
	// ID is the Message-ID (<…@…>): the same on every attempt, so a
	// message sent twice is recognisable; "" for one without.
	ID      string
	To      string
	Subject string
	Body    string
	// Unsubscribe is the unsubscribe address of a list message (its
	// List-Unsubscribe header, RFC 2369): a GET asks, a POST unsubscribes
	// (List-Unsubscribe-Post, RFC 8058); "" for none.
	Unsubscribe string
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// NewMessageID makes a unique Message-ID in a domain (the sender's).
func NewMessageID(domain string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail
	}
	if domain == "" {
		domain = "cityspend.invalid"
	}
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}

// Compose writes a message as RFC 5322 text: headers (the subject encoded
// when it is not ASCII) and a plain-text UTF-8 body, 8-bit unless a line
// is too long for SMTP (then quoted-printable). from may be "".
func Compose(m Message, from string, now time.Time) []byte {
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(v)) }
	if m.ID != "" {
		h("Message-ID", m.ID)
	}
	h("Date", now.Format(time.RFC1123Z))
	if from != "" {
		h("From", address(from))
	}
	h("To", address(m.To))
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	if m.Unsubscribe != "" {
		// The address takes a POST too: a mail program's one-click
		// unsubscribe (RFC 8058), while a GET only asks.
		h("List-Unsubscribe", "<"+m.Unsubscribe+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	long := false
	for l := range strings.SplitSeq(body, "\r\n") {
		long = long || len(l) > 900
	}
	if !long {
		h("Content-Transfer-Encoding", "8bit")
		b.WriteString("\r\n" + body + "\r\n")
		return b.Bytes()
	}
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(body)) // a bytes.Buffer does not fail
	w.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

// Dir writes each message as a file NAME.eml (RFC 5322 headers and a plain
// text body) in a folder.
type Dir struct {
	Path string
	From string // the From header; "" leaves it out
	n    atomic.Int64
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9@._-]+`)

// Send implements Mailer.
func (d *Dir) Send(ctx context.Context, m Message) error {
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	now := time.Now().UTC()
	name := fmt.Sprintf("%s-%04d-%s.eml", now.Format("20060102T150405.000000000Z"), d.n.Add(1), unsafeName.ReplaceAllString(m.To, "_"))
	tmp := filepath.Join(d.Path, "."+name+".partial")
	if err := os.WriteFile(tmp, Compose(m, d.From, now), 0o600); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(d.Path, name)); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	return nil
}

// address is an address as a header gives it: a display name quoted or
// encoded as RFC 5322 and 2047 need (mail.Address.String); one that does
// not parse as given, on one line.
func address(s string) string {
	a, err := mail.ParseAddress(s)
	switch {
	case err != nil:
		return s
	case a.Name == "":
		return a.Address
	}
	return a.String()
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

// Log writes each message to the log (the default when no folder is set).
type Log struct{ Logger *slog.Logger }

// Send implements Mailer.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.Info("mail", "to", m.To, "subject", m.Subject, "message_id", m.ID, "body", m.Body)
	return nil
}
