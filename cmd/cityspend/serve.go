package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"

	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/web"
)

func (a *app) serveCommand() *cobra.Command {
	var addr, mailDir string
	cmd := &cobra.Command{
		Use:   "serve [--addr :8080]",
		Short: "Serve the web UI and JSON API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			return a.serve(cmd.Context(), st, addr, mailDir)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&mailDir, "mail-dir", "", "write outgoing mail (confirmations, answers) as .eml files to this folder; default: the log")
	return cmd
}

func (a *app) serve(ctx context.Context, st cityspend.Store, addr, mailDir string) error {
	srv, err := web.New(st, a.log)
	if err != nil {
		return err
	}
	if mailDir != "" {
		srv.SetMailer(&notify.Dir{Path: mailDir})
		fmt.Fprintf(a.stdout, "outgoing mail is written to %s\n", mailDir)
	}
	if us, err := st.Users(ctx); err != nil {
		return err
	} else if len(us) == 0 {
		fmt.Fprintln(a.stdout, "no accounts yet: only published dashboards and pipelines are visible; add one with\n"+
			"  cityspend user add --email you@example.org --name NAME --buyer ID --role admin --password-file -")
	}
	return srv.ListenAndServe(ctx, addr, func(ad net.Addr) {
		host := ad.String()
		if tcp, ok := ad.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
			host = fmt.Sprintf("localhost:%d", tcp.Port)
		}
		a.log.Info("serving", "url", "http://"+host+"/")
		fmt.Fprintf(a.stdout, "cityspend is serving on http://%s/ (Ctrl-C stops it)\n", host)
	})
}
