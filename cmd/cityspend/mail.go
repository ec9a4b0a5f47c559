// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/notify"
)

// mailConfig is where outgoing mail goes: an SMTP server (smtp-*), else a
// folder of .eml files (mail-dir), else the log. The password comes from
// CITYSPEND_SMTP_PASSWORD or --smtp-password-file, never a flag (which
// others on the machine could read).
type mailConfig struct {
	dir                     string
	addr, user, from, tls   string
	passwordFile, caFile    string
	dialTimeout, cmdTimeout time.Duration
	// The server's digests (serve --alerts-every, --alerts-months).
	alertsEvery  time.Duration
	alertsMonths int
}

// smtpFlags adds the SMTP flags.
func (m *mailConfig) smtpFlags(f *pflag.FlagSet) {
	f.StringVar(&m.addr, "smtp-addr", "", "deliver mail to this SMTP server, host:port (587 for STARTTLS, 465 with --smtp-tls implicit); default: --mail-dir, else the log (env CITYSPEND_SMTP_ADDR)")
	f.StringVar(&m.user, "smtp-user", "", "SMTP user name; the password in env CITYSPEND_SMTP_PASSWORD or --smtp-password-file; sent only over TLS (env CITYSPEND_SMTP_USER)")
	f.StringVar(&m.passwordFile, "smtp-password-file", "", "file holding the SMTP password (env CITYSPEND_SMTP_PASSWORD_FILE)")
	f.StringVar(&m.from, "smtp-from", "", `sender of the mail, "cityspend <noreply@example.org>" (env CITYSPEND_SMTP_FROM)`)
	f.StringVar(&m.tls, "smtp-tls", notify.TLSStartTLS, "starttls: STARTTLS whenever the server offers it (no fallback when it fails); require: refuse a server without it; implicit: TLS from the start (port 465); none: never (a relay on this machine; no password) (env CITYSPEND_SMTP_TLS)")
	f.StringVar(&m.caFile, "smtp-ca-file", "", "PEM file of the certificate authorities to trust for the SMTP server; default: the system's (env CITYSPEND_SMTP_CA_FILE)")
	f.DurationVar(&m.dialTimeout, "smtp-dial-timeout", 30*time.Second, "time limit to connect to the SMTP server (env CITYSPEND_SMTP_DIAL_TIMEOUT)")
	f.DurationVar(&m.cmdTimeout, "smtp-timeout", time.Minute, "time limit of each SMTP command (the message's data: five times as long) (env CITYSPEND_SMTP_TIMEOUT)")
}

// transport builds the mailer of the configuration and says what it is.
func (m *mailConfig) transport(a *app) (notify.Mailer, string, error) {
	if m.addr == "" {
		if m.dir != "" {
			return &notify.Dir{Path: m.dir, From: m.from}, "written to " + m.dir, nil
		}
		return notify.Log{Logger: a.log}, "written to the log", nil
	}
	if m.from == "" {
		return nil, "", usageError{fmt.Errorf("--smtp-addr needs --smtp-from, the sender's address")}
	}
	s := &notify.SMTP{Addr: m.addr, Username: m.user, From: m.from, TLS: m.tls, DialTimeout: m.dialTimeout, CommandTimeout: m.cmdTimeout}
	if err := s.Validate(); err != nil {
		return nil, "", usageError{err}
	}
	if m.user != "" {
		s.Password = os.Getenv("CITYSPEND_SMTP_PASSWORD")
		if m.passwordFile != "" {
			b, err := os.ReadFile(m.passwordFile)
			if err != nil {
				return nil, "", usageError{fmt.Errorf("--smtp-password-file: %w", err)}
			}
			s.Password = strings.TrimRight(string(b), "\r\n")
		}
		if s.Password == "" {
			return nil, "", usageError{fmt.Errorf("--smtp-user %s: give the password in env CITYSPEND_SMTP_PASSWORD or --smtp-password-file", m.user)}
		}
	}
	if m.caFile != "" {
		b, err := os.ReadFile(m.caFile)
		if err != nil {
			return nil, "", usageError{fmt.Errorf("--smtp-ca-file: %w", err)}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(b) {
			return nil, "", usageError{fmt.Errorf("--smtp-ca-file %s: no PEM certificate in it", m.caFile)}
		}
		s.TLSConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return s, "sent by SMTP to " + m.addr + " (" + s.TLS + ")", nil
}

// domain is the Message-IDs' domain: the sender's, else the site's.
func (m *mailConfig) domain(publicURL string) string {
	if d := notify.DomainOf(m.from); d != "" {
		return d
	}
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// mailer starts delivering the store's outbox in the background and
// returns the mailer that queues in it; stop ends the delivery and waits
// for it.
func (a *app) mailer(ctx context.Context, st cityspend.Store, m mailConfig) (out *notify.Outbox, sender *notify.Sender, stop func(), err error) {
	tr, what, err := m.transport(a)
	if err != nil {
		return nil, nil, nil, err
	}
	sender = notify.NewSender(st, tr, a.log)
	out = &notify.Outbox{St: st, Domain: m.domain(a.publicURL), Wake: sender.Wake}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := sender.Run(ctx); err != nil {
			a.log.Error("mail sender stopped", "err", err)
		}
	})
	fmt.Fprintf(a.stdout, "outgoing mail is queued in the database and %s\n", what)
	return out, sender, func() { cancel(); wg.Wait() }, nil
}

// alertDigests queues the suppliers' digests every period (the first
// run soon after the start: an alert whose last digest is a period old).
func (a *app) alertDigests(ctx context.Context, d *alerts.Digests, every time.Duration) {
	first := time.NewTimer(5 * time.Second)
	defer first.Stop()
	tick := time.NewTicker(min(every, time.Hour))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-first.C:
		case <-tick.C:
		}
		r, err := d.Send(ctx)
		if err != nil {
			if ctx.Err() == nil {
				a.log.Error("alert digests", "err", err)
			}
			continue
		}
		if r.Alerts > 0 {
			a.log.Info("alert digests", "alerts", r.Alerts, "queued", r.Queued, "items", r.Items)
		}
	}
}

func (a *app) alertsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "alerts", Short: "The suppliers' e-mail alerts"}
	var m mailConfig
	var publicURL string
	var months int
	var every time.Duration
	send := &cobra.Command{
		Use:   "send --public-url URL [--smtp-addr HOST:PORT …]",
		Short: "Queue each supplier's alert digest (for cron) and deliver the queue",
		Long: `Queue a digest for each supplier's user whose saved interests match public
opportunities new since their last digest (nothing is sent when nothing
matches), then deliver the outbox: by SMTP with --smtp-addr, to a folder
with --mail-dir; without either the digests stay queued for the server
(cityspend serve) to deliver. --every skips alerts whose last digest is
younger (0: every alert now). The links use --public-url.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if u, err := url.Parse(publicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return usageError{fmt.Errorf("--public-url %q: the site's address, for the links in the mail", publicURL)}
			}
			if months < 1 {
				return usageError{fmt.Errorf("--months must be at least 1")}
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			a.publicURL = publicURL
			d := &alerts.Digests{St: st, Base: publicURL, Domain: m.domain(publicURL), Months: months, Every: every,
				Now: func() time.Time { return time.Now().UTC() }, Log: a.log}
			r, err := d.Send(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%d alerts looked at, %d digests queued (%d items)\n", r.Alerts, r.Queued, r.Items)
			if m.addr == "" && m.dir == "" {
				return nil
			}
			return a.deliver(cmd.Context(), st, m)
		},
	}
	send.Flags().StringVar(&publicURL, "public-url", "", "the site's address, for the links in the mail (required)")
	send.Flags().IntVar(&months, "months", alerts.DefaultMonths, "report contracts that end within this many months")
	send.Flags().DurationVar(&every, "every", 0, "skip alerts whose last digest is younger than this (0: all)")
	send.Flags().StringVar(&m.dir, "mail-dir", "", "write the mail as .eml files to this folder")
	m.smtpFlags(send.Flags())
	cmd.AddCommand(send)
	return cmd
}

// deliver sends the outbox's due messages once and reports the outcome.
func (a *app) deliver(ctx context.Context, st cityspend.Store, m mailConfig) error {
	tr, what, err := m.transport(a)
	if err != nil {
		return err
	}
	s := notify.NewSender(st, tr, a.log)
	if _, err := st.RequeueClaimedMail(ctx); err != nil {
		return err
	}
	n, err := s.Flush(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d messages tried, %s\n", n, what)
	return nil
}

func (a *app) mailCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "mail", Short: "The outbox: what was sent, what waits, what bounced"}
	var state, format string
	var limit int
	var asJSON bool
	queue := &cobra.Command{
		Use:   "queue [--state queued|sending|sent|failed] [--limit N] [--json]",
		Short: "List the outbox, newest first: each message's state, attempts and last error (bounces are failed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch state {
			case "", cityspend.MailQueued, cityspend.MailSending, cityspend.MailSent, cityspend.MailFailed:
			default:
				return usageError{fmt.Errorf("--state %q: queued, sending, sent or failed", state)}
			}
			switch {
			case format != "text" && format != "json":
				return usageError{fmt.Errorf("--format %q: text or json", format)}
			case asJSON && cmd.Flags().Changed("format") && format != "json":
				return usageError{fmt.Errorf("--json with --format %s", format)}
			}
			asJSON = asJSON || format == "json"
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			ms, err := st.Mail(cmd.Context(), cityspend.MailFilter{State: state, Limit: limit})
			if err != nil {
				return err
			}
			for i := range ms {
				ms[i].Body = "" // the list, not the letters
			}
			return printList(a.stdout, asJSON, ms, "ID\tSTATE\tATTEMPTS\tQUEUED\tSENT/NEXT\tTO\tSUBJECT\tMESSAGE-ID\tLAST ERROR",
				func(m cityspend.OutMail) string {
					when := m.SentAt
					if m.State == cityspend.MailQueued {
						when = m.NextAt
					}
					return fmt.Sprintf("%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s", m.ID, m.State, m.Attempts, m.CreatedAt.Format(time.DateTime),
						stamp(when), m.To, m.Subject, m.MessageID, m.LastError)
				})
		},
	}
	queue.Flags().StringVar(&state, "state", "", "only messages in this state")
	queue.Flags().IntVar(&limit, "limit", 100, "at most this many")
	queue.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	queue.Flags().StringVar(&format, "format", "text", "text or json (--json is the same as json)")
	var m mailConfig
	send := &cobra.Command{
		Use:   "send [--smtp-addr HOST:PORT … | --mail-dir DIR]",
		Short: "Deliver the messages due in the outbox once (for cron, when no server runs)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if m.addr == "" && m.dir == "" {
				return usageError{fmt.Errorf("say where the mail goes: --smtp-addr or --mail-dir")}
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			return a.deliver(cmd.Context(), st, m)
		},
	}
	send.Flags().StringVar(&m.dir, "mail-dir", "", "write the mail as .eml files to this folder")
	m.smtpFlags(send.Flags())
	cmd.AddCommand(queue, send)
	return cmd
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateTime)
}
