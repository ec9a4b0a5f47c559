// SPDX-License-Identifier: EUPL-1.2

package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// TLS modes of an SMTP server's connection.
const (
	// TLSStartTLS upgrades with STARTTLS whenever the server offers it
	// (and fails, never falling back to plain text, when the upgrade
	// fails); a server that does not offer it is spoken to in plain
	// text, without authentication. The default.
	TLSStartTLS = "starttls"
	// TLSRequire needs STARTTLS: a server that does not offer it gets no
	// message.
	TLSRequire = "require"
	// TLSImplicit speaks TLS from the first byte (SMTPS, port 465).
	TLSImplicit = "implicit"
	// TLSNone never uses TLS (a relay on the same machine) and so never
	// authenticates.
	TLSNone = "none"
)

// SMTP delivers messages to a mail server. Authentication (PLAIN, else
// LOGIN) is used only over TLS; every step has a time limit.
type SMTP struct {
	Addr     string // host:port
	Username string // "": no authentication
	Password string
	From     string // the envelope sender and From header: an address, or "Name <address>"
	TLS      string // TLSStartTLS (""), TLSRequire, TLSImplicit or TLSNone
	// TLSConfig verifies the server (nil: the system's roots, the host
	// of Addr).
	TLSConfig *tls.Config
	// DialTimeout bounds the connection (0: 30 s); CommandTimeout each
	// command and its answer (0: 60 s; the message's data gets five
	// times as long).
	DialTimeout, CommandTimeout time.Duration
	// Hello is the name given in EHLO ("": the domain of From's
	// address; many servers distrust "localhost").
	Hello string
}

// Validate reports a configuration that cannot work.
func (s *SMTP) Validate() error {
	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("smtp address %q: host:port, such as smtp.example.org:587", s.Addr)
	}
	switch s.TLS {
	case "", TLSStartTLS, TLSRequire, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("smtp tls %q: starttls, require, implicit or none", s.TLS)
	}
	if s.TLS == TLSNone && s.Username != "" {
		return fmt.Errorf("smtp: a user name with tls none: the password is never sent without TLS")
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return fmt.Errorf("smtp from %q: %w", s.From, err)
	}
	return nil
}

// Bounce is a mail server's permanent refusal of a message (a 5xx answer
// to its sender, recipient or content): trying again would not help.
type Bounce struct {
	Code int
	Msg  string
}

func (b *Bounce) Error() string { return fmt.Sprintf("bounced: %d %s", b.Code, b.Msg) }

// SenderRefused is a mail server's 5xx answer to the envelope sender
// (MAIL FROM): the server does not let this installation send as From, a
// misconfiguration rather than anything wrong with the message, so the
// message is kept and tried again once the configuration is mended.
type SenderRefused struct {
	From string
	Code int
	Msg  string
}

func (e *SenderRefused) Error() string {
	return fmt.Sprintf("smtp MAIL: the server refuses the sender %s (check the From address and the account): %d %s", e.From, e.Code, e.Msg)
}

// Permanent reports whether an error of Send is a bounce.
func Permanent(err error) bool {
	var b *Bounce
	return errors.As(err, &b)
}

func (s *SMTP) timeouts() (dial, cmd time.Duration) {
	dial, cmd = s.DialTimeout, s.CommandTimeout
	if dial <= 0 {
		dial = 30 * time.Second
	}
	if cmd <= 0 {
		cmd = 60 * time.Second
	}
	return dial, cmd
}

func (s *SMTP) tlsConfig(host string) *tls.Config {
	c := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		c = s.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = host
		}
	}
	return c
}

// Send implements Mailer: one connection a message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("smtp from: %w", err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return &Bounce{Code: 553, Msg: fmt.Sprintf("recipient %q: %v", m.To, err)}
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	dialT, cmdT := s.timeouts()
	d := net.Dialer{Timeout: dialT}
	raw, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	// The deadline of the raw connection bounds TLS over it too.
	deadline := func(d time.Duration) { raw.SetDeadline(time.Now().Add(d)) }
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Now()) })
	defer stop()
	var conn net.Conn = raw
	deadline(cmdT)
	if s.TLS == TLSImplicit {
		tc := tls.Client(raw, s.tlsConfig(host))
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return fmt.Errorf("smtp tls: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	step := func(what string, fn func() error) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("smtp %s: %w", what, err) // a later deadline would undo the cancellation's
		}
		deadline(cmdT)
		if err := fn(); err != nil {
			return fmt.Errorf("smtp %s: %w", what, err)
		}
		return nil
	}
	hello := s.Hello
	if hello == "" {
		hello = domainOf(from.Address)
	}
	if err := step("EHLO", func() error { return c.Hello(hello) }); err != nil {
		return err
	}
	secure := s.TLS == TLSImplicit
	if s.TLS != TLSImplicit && s.TLS != TLSNone {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := step("STARTTLS", func() error { return c.StartTLS(s.tlsConfig(host)) }); err != nil {
				return err
			}
			secure = true
		} else if s.TLS == TLSRequire {
			return fmt.Errorf("smtp: %s does not offer STARTTLS, and TLS is required", s.Addr)
		}
	}
	if s.Username != "" {
		if !secure {
			return fmt.Errorf("smtp: %s offers no TLS: the password is not sent in plain text", s.Addr)
		}
		ok, mechs := c.Extension("AUTH")
		if !ok {
			return fmt.Errorf("smtp: %s offers no authentication", s.Addr)
		}
		var a smtp.Auth
		switch fs := strings.Fields(strings.ToUpper(mechs)); {
		case slices.Contains(fs, "PLAIN"):
			a = &plainAuth{user: s.Username, pass: s.Password}
		case slices.Contains(fs, "LOGIN"):
			a = &loginAuth{user: s.Username, pass: s.Password}
		default:
			return fmt.Errorf("smtp: %s offers AUTH %s, neither PLAIN nor LOGIN", s.Addr, mechs)
		}
		if err := step("AUTH", func() error { return c.Auth(a) }); err != nil {
			return err
		}
	}
	// A 5xx answer to the recipient or the data refuses this message: a
	// bounce. One to the sender refuses every message: the configuration's.
	permanent := func(err error) (*textproto.Error, bool) {
		var te *textproto.Error
		return te, errors.As(err, &te) && te.Code >= 500 && te.Code < 600
	}
	bounce := func(err error) error {
		if te, ok := permanent(err); ok {
			return &Bounce{Code: te.Code, Msg: te.Msg}
		}
		return err
	}
	if err := step("MAIL", func() error { return c.Mail(from.Address) }); err != nil {
		if te, ok := permanent(err); ok {
			return &SenderRefused{From: from.Address, Code: te.Code, Msg: te.Msg}
		}
		return err
	}
	if err := step("RCPT", func() error { return c.Rcpt(to.Address) }); err != nil {
		return bounce(err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	deadline(5 * cmdT)
	w, err := c.Data()
	if err != nil {
		return bounce(fmt.Errorf("smtp DATA: %w", err))
	}
	if _, err := w.Write(Compose(m, s.From, time.Now().UTC())); err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return bounce(fmt.Errorf("smtp DATA: %w", err))
	}
	// The message is accepted; QUIT's answer does not change that.
	deadline(cmdT)
	c.Quit() //nolint:errcheck // accepted already
	return nil
}

// domainOf is the domain of an address (after its last @).
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}

// plainAuth is AUTH PLAIN (RFC 4616), only over TLS.
type plainAuth struct{ user, pass string }

func (a *plainAuth) Start(si *smtp.ServerInfo) (string, []byte, error) {
	if !si.TLS {
		return "", nil, errors.New("no TLS: the password is not sent")
	}
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a *plainAuth) Next(from []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge")
	}
	return nil, nil
}

// loginAuth is AUTH LOGIN (the user name, then the password), only over
// TLS.
type loginAuth struct {
	user, pass string
	step       int
}

func (a *loginAuth) Start(si *smtp.ServerInfo) (string, []byte, error) {
	if !si.TLS {
		return "", nil, errors.New("no TLS: the password is not sent")
	}
	a.step = 0
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(from []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.step++
	switch a.step {
	case 1:
		return []byte(a.user), nil
	case 2:
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected server challenge %q", from)
}
