// SPDX-License-Identifier: EUPL-1.2

// Package notify sends messages to people: e-mail confirmations, answers
// to questions. The mailer is pluggable; the defaults write each message
// to a file in a folder (an outbox a person or a mail relay picks up) or to
// the log.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Dir writes each message as a file NAME.eml (RFC 5322 headers and a plain
// text body) in a folder.
type Dir struct {
	Path string
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
	var b strings.Builder
	fmt.Fprintf(&b, "Date: %s\r\nTo: %s\r\nSubject: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		now.Format(time.RFC1123Z), oneLine(m.To), oneLine(m.Subject), m.Body)
	tmp := filepath.Join(d.Path, "."+name+".partial")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(d.Path, name)); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	return nil
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

// Log writes each message to the log (the default when no folder is set).
type Log struct{ Logger *slog.Logger }

// Send implements Mailer.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.Info("mail", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}
