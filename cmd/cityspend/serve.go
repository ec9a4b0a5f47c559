// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"

	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/web"
)

func (a *app) serveCommand() *cobra.Command {
	var addr, backupDir, publicURL, metricsAddr string
	var backupEvery time.Duration
	var backupKeep int
	var mail mailConfig
	cmd := &cobra.Command{
		Use:   "serve [--addr :8080]",
		Short: "Serve the web UI and JSON API",
		Long: `Serve the web UI and JSON API. The server owns the database while it runs:
it writes a hand-over file beside it (<db>.serve.json, readable by this user
only: its address and the operator's token), and every command run with
the same --db runs in the server (elsewhere: --server URL --token T).
Imports uploaded through the API run as background jobs, one writer at a
time. The operator's token is new at each start unless
CITYSPEND_OPERATOR_TOKEN sets it. See docs/operations.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.cfg.ReadOnly {
				return usageError{fmt.Errorf("--read-only: serve writes (logins, the audit log, decisions); open the database for writing")}
			}
			// Real mail's links must reach the site, not this machine (as
			// `alerts send` requires).
			if mail.addr != "" && mail.alertsEvery > 0 && publicURL == "" {
				return usageError{fmt.Errorf("--smtp-addr with the alert digests on (--alerts-every) needs --public-url, the site's address for the links in the mail (or --alerts-every 0)")}
			}
			opToken, err := operatorToken()
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			if backupDir != "" {
				if backupEvery <= 0 || backupKeep < 1 {
					return usageError{fmt.Errorf("--backup-every must be positive and --backup-keep at least 1")}
				}
				db, ok := st.(*duckdb.DB)
				if !ok {
					return usageError{fmt.Errorf("--backup-dir snapshots the embedded store; with --store clickhouse://… back up the cluster with ClickHouse's own tools and the catalog file with `cityspend backup --db FILE` while the server is stopped")}
				}
				go a.backups(cmd.Context(), db, backupDir, backupEvery, backupKeep)
			}
			a.publicURL, a.metricsAddr = publicURL, metricsAddr
			a.apiRateSet = true
			return a.serve(cmd.Context(), st, addr, opToken, mail)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&mail.dir, "mail-dir", "", "write outgoing mail (confirmations, answers, alert digests) as .eml files to this folder; default: the log (with --smtp-addr: the SMTP server)")
	mail.smtpFlags(cmd.Flags())
	cmd.Flags().DurationVar(&mail.alertsEvery, "alerts-every", 24*time.Hour, "how often each supplier's alert digest is sent (0: never by the server; `cityspend alerts send` from cron instead)")
	cmd.Flags().IntVar(&mail.alertsMonths, "alerts-months", alerts.DefaultMonths, "the digests report contracts that end within this many months")
	cmd.Flags().StringVar(&publicURL, "public-url", "", "the site's public address, e.g. https://cityspend.larvik.kommune.no: for links in mail and feeds (default: the request's Host, which clients choose), and its scheme says whether cookies are Secure (default: Secure unless the browser is on this machine on plain HTTP)")
	cmd.Flags().StringVar(&metricsAddr, "metrics-addr", "", "serve Prometheus /metrics on this address only, e.g. 127.0.0.1:9090 (keep it off the public network); default: /metrics is not served")
	cmd.Flags().StringVar(&backupDir, "backup-dir", "", "take consistent snapshots of the database into this folder while serving")
	cmd.Flags().DurationVar(&backupEvery, "backup-every", 24*time.Hour, "how often to take a snapshot (with --backup-dir)")
	cmd.Flags().IntVar(&backupKeep, "backup-keep", 7, "how many snapshots to keep (with --backup-dir)")
	cmd.Flags().Float64Var(&a.apiRate, "api-rate", web.DefaultAPIRate, "API requests a second each client (API token, user, or address) may make on average; 0 turns the limit off")
	cmd.Flags().IntVar(&a.apiBurst, "api-burst", web.DefaultAPIBurst, "API requests a client may make at once before --api-rate applies")
	cmd.Flags().StringVar(&a.dropDir, "drop-dir", "", "load registers and reference data dropped into this folder's subfolders, one per kind (postcodes, population, register-brreg, …), then move each to done/ or failed/ with a note (docs/operations.md)")
	cmd.Flags().DurationVar(&a.dropEvery, "drop-every", 10*time.Minute, "how often to look in --drop-dir")
	cmd.Flags().DurationVar(&a.feedsEvery, "feeds-every", 6*time.Hour, "how often to read the other installations' feeds (cityspend feeds add URL) while serving; 0: never")
	cmd.Flags().StringSliceVar(&a.trustedProxies, "trusted-proxy", nil, "a proxy in front of the server (address or range, repeatable): its X-Forwarded-For tells the client's address for rate limits, the login limit and the audit log, its X-Forwarded-Proto whether the browser's connection is HTTPS")
	return cmd
}

func (a *app) serve(ctx context.Context, st cityspend.Store, addr, opToken string, mail mailConfig) error {
	srv, err := web.New(st, a.log)
	if err != nil {
		return err
	}
	// The server owns the store: the CLI's commands and the imports run in
	// it (docs/operations.md); jobs still running at the end are cancelled.
	defer srv.Close()
	db, _ := st.(*duckdb.DB)
	srv.SetCommands(&inServer{a: a, st: st, db: db})
	srv.SetOperatorToken(opToken)
	removeHandover := func() {}
	defer func() { removeHandover() }()
	if a.publicURL != "" {
		u, err := url.Parse(a.publicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usageError{fmt.Errorf("--public-url %q: give the site's address, such as https://cityspend.larvik.kommune.no", a.publicURL)}
		}
		srv.SetPublicURL(a.publicURL)
	}
	if a.apiRateSet {
		srv.SetAPIRate(a.apiRate, a.apiBurst)
	}
	if err := srv.SetTrustedProxies(a.trustedProxies); err != nil {
		return usageError{err}
	}
	// A follow-up an import left pending is completed beside serving.
	defer a.completeServing(ctx, st, srv)()
	if mail.alertsEvery < 0 || mail.alertsMonths < 1 {
		return usageError{fmt.Errorf("--alerts-every must be 0 or more and --alerts-months at least 1")}
	}
	if a.dropDir != "" {
		if a.dropEvery <= 0 {
			return usageError{fmt.Errorf("--drop-every must be positive")}
		}
		if err := makeDropDirs(a.dropDir); err != nil {
			return err
		}
		// Joined before the server and the store close.
		dropCtx, stopDrops := context.WithCancel(ctx)
		var dropping sync.WaitGroup
		dropping.Go(func() { a.drops(dropCtx, st, srv, a.dropDir, a.dropEvery) })
		defer func() { stopDrops(); dropping.Wait() }()
	}
	if a.feedsEvery > 0 {
		// Joined before the server and the store close.
		feedsCtx, stopFeeds := context.WithCancel(ctx)
		var reading sync.WaitGroup
		reading.Go(func() { a.readFeeds(feedsCtx, st, srv, a.feedsEvery) })
		defer func() { stopFeeds(); reading.Wait() }()
	}
	// Every message is queued in the database and delivered beside serving.
	outbox, sender, stopMail, err := a.mailer(ctx, st, mail)
	if err != nil {
		return err
	}
	defer stopMail()
	srv.SetMailer(outbox)
	digestCtx, stopDigests := context.WithCancel(ctx)
	var digests sync.WaitGroup
	defer func() { stopDigests(); digests.Wait() }() // before the sender stops
	if us, err := st.Users(ctx); err != nil {
		return err
	} else if len(us) == 0 {
		fmt.Fprintln(a.stdout, "no accounts yet: only published dashboards and pipelines are visible; add one with\n"+
			"  cityspend user add --email you@example.org --name NAME --buyer ID --role admin --password-file -")
	}
	if a.metricsAddr != "" {
		ln, err := net.Listen("tcp", a.metricsAddr)
		if err != nil {
			return fmt.Errorf("--metrics-addr: %w", err) // as --addr's
		}
		srv.SetMetricsListener(ln) // closed by the server
		a.log.Info("metrics", "url", "http://"+ln.Addr().String()+"/metrics")
		fmt.Fprintf(a.stdout, "metrics are served on http://%s/metrics\n", ln.Addr())
	}
	return srv.ListenAndServe(ctx, addr, func(ad net.Addr) {
		host := ad.String()
		if tcp, ok := ad.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
			host = fmt.Sprintf("localhost:%d", tcp.Port)
		}
		removeHandover = a.serveHandover(ad, opToken)
		a.log.Info("serving", "url", "http://"+host+"/")
		if mail.alertsEvery > 0 {
			base := a.publicURL
			if base == "" {
				base = "http://" + host
			}
			d := &alerts.Digests{St: st, Base: base, Domain: outbox.Domain, Months: mail.alertsMonths, Every: mail.alertsEvery,
				Now: func() time.Time { return time.Now().UTC() }, Log: a.log, Wake: sender.Wake}
			digests.Go(func() { a.alertDigests(digestCtx, d, mail.alertsEvery) })
		}
		fmt.Fprintf(a.stdout, "cityspend is serving on http://%s/ (Ctrl-C stops it)\n", host)
	})
}
