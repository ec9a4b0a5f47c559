// SPDX-License-Identifier: EUPL-1.2

package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Store is the part of cityspend.Store the outbox uses.
type Store interface {
	cityspend.MailStore
}

// Outbox is a Mailer that queues each message in the store's outbox; a
// Sender delivers it. Queueing succeeds or fails with the store, so what
// caused a message and the message are both kept or both reported lost.
type Outbox struct {
	St     Store
	Domain string // of the Message-IDs (the sender's)
	// Wake, when set, is told of each message queued (a Sender's Wake).
	Wake func()
}

// Send implements Mailer.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	om := ToOutMail(m, o.Domain)
	if _, err := o.St.QueueMail(ctx, om); err != nil {
		return err
	}
	if o.Wake != nil {
		o.Wake()
	}
	return nil
}

// ToOutMail is a message as the outbox keeps it, with a Message-ID (a new
// one in domain when it has none).
func ToOutMail(m Message, domain string) cityspend.OutMail {
	if m.ID == "" {
		m.ID = NewMessageID(domain)
	}
	return cityspend.OutMail{MessageID: m.ID, To: m.To, Subject: m.Subject, Body: m.Body, Unsubscribe: m.Unsubscribe, CreatedAt: time.Now().UTC()}
}

// DomainOf is the domain of an address ("" when it has none).
func DomainOf(from string) string {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return ""
	}
	_, d, _ := strings.Cut(a.Address, "@")
	return d
}

// Backoff is the retry schedule: the first retry after Base, each next
// one after twice as long, at most Max apart; after Attempts attempts a
// message has failed.
type Backoff struct {
	Base, Max time.Duration
	Attempts  int
}

// DefaultBackoff retries after 1, 2, 4 … minutes, at most 4 hours apart,
// 12 attempts in all (about a day and a half).
var DefaultBackoff = Backoff{Base: time.Minute, Max: 4 * time.Hour, Attempts: 12}

// Delay is the wait after a message's attempt-th failed attempt (1, 2, …).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Sender delivers the outbox's messages through a transport, one at a
// time, oldest due first: a permanent refusal (a 5xx bounce) fails the
// message and is logged as a bounce; a refused sender (SenderRefused, a
// configuration error) is logged as an error and tried again by Backoff
// without giving up; any other error (a 4xx answer, the network) tries it
// again later by Backoff.
type Sender struct {
	St        Store
	Transport Mailer
	Log       *slog.Logger
	Backoff   Backoff
	// Poll is how often the queue is looked at without a wake-up (0: 30 s).
	Poll time.Duration
	Now  func() time.Time
	wake chan struct{}
}

// NewSender returns a sender with the default schedule.
func NewSender(st Store, t Mailer, log *slog.Logger) *Sender {
	return &Sender{St: st, Transport: t, Log: log, Backoff: DefaultBackoff, Poll: 30 * time.Second,
		Now: func() time.Time { return time.Now().UTC() }, wake: make(chan struct{}, 1)}
}

// Wake tells the sender a message is due now.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends. It first puts back the messages a stopped
// process left claimed: they are sent again, with the same Message-ID.
func (s *Sender) Run(ctx context.Context) error {
	n, err := s.St.RequeueClaimedMail(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.Log.Warn("mail claimed but not confirmed before a stop is sent again", "messages", n)
	}
	poll := s.Poll
	if poll <= 0 {
		poll = 30 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.Flush(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("mail queue", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-t.C:
		}
	}
}

// Flush delivers every message due now and returns how many were tried.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	tried := 0
	for ctx.Err() == nil {
		m, err := s.St.ClaimMail(ctx, s.Now())
		if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			return tried, nil
		}
		if err != nil {
			return tried, err
		}
		tried++
		if err := s.deliver(ctx, m); err != nil {
			return tried, err
		}
	}
	return tried, ctx.Err()
}

// deliver tries a claimed message once and records the outcome.
func (s *Sender) deliver(ctx context.Context, m cityspend.OutMail) error {
	err := s.Transport.Send(ctx, Message{ID: m.MessageID, To: m.To, Subject: m.Subject, Body: m.Body, Unsubscribe: m.Unsubscribe})
	if ctx.Err() != nil {
		return ctx.Err() // stopping: the claim is put back at the next start
	}
	now := s.Now()
	o := cityspend.MailOutcome{State: cityspend.MailSent, At: now}
	switch {
	case err == nil:
		s.Log.Info("mail sent", "id", m.ID, "message_id", m.MessageID, "to", m.To, "attempt", m.Attempts)
	case Permanent(err):
		o = cityspend.MailOutcome{State: cityspend.MailFailed, Error: err.Error(), At: now}
		s.Log.Warn("mail bounced", "id", m.ID, "message_id", m.MessageID, "to", m.To, "err", err)
	case errors.As(err, new(*SenderRefused)):
		// Not the message's fault: kept, however many attempts, until
		// the configuration is mended.
		o = cityspend.MailOutcome{State: cityspend.MailQueued, Error: err.Error(), NextAt: now.Add(s.Backoff.Delay(m.Attempts)), At: now}
		s.Log.Error("mail sender refused: a configuration error", "id", m.ID, "message_id", m.MessageID, "attempt", m.Attempts, "next", o.NextAt, "err", err)
	case m.Attempts >= s.Backoff.Attempts:
		o = cityspend.MailOutcome{State: cityspend.MailFailed, Error: fmt.Sprintf("gave up after %d attempts: %v", m.Attempts, err), At: now}
		s.Log.Warn("mail failed", "id", m.ID, "message_id", m.MessageID, "to", m.To, "attempts", m.Attempts, "err", err)
	default:
		o = cityspend.MailOutcome{State: cityspend.MailQueued, Error: err.Error(), NextAt: now.Add(s.Backoff.Delay(m.Attempts)), At: now}
		s.Log.Info("mail deferred", "id", m.ID, "message_id", m.MessageID, "to", m.To, "attempt", m.Attempts, "next", o.NextAt, "err", err)
	}
	return s.St.MailDone(ctx, m.ID, o)
}
