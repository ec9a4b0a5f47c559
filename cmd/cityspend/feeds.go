// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/feeds"
	"github.com/cityspend/cityspend/web"
)

func (a *app) feedsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "feeds", Short: "Read other installations' published benchmarks and planned procurements",
		Long: `An installation reads other cityspend installations' published benchmarks
(their GET /api/v1/benchmarks: only the buyers that publish there), so that
/benchmarks here sets their cities beside this installation's, in their peer
groups, each marked with the installation it was read from, when, and the
SHA-256 of what was read. With --planning, it reads a publisher's planned
procurements instead: OCDS planning releases (another installation's
/public/{id}/plan.json, or any publisher's release package), which join the
joint-procurement finder (/buyers/{id}/joint) with their source. A read has
a time limit (--timeout) and a size limit; a read that fails keeps what was
read before, with the error. serve reads them every --feeds-every. See
docs/benchmarks-cities.md and docs/broker.md.`}
	var timeout time.Duration
	reader := func() feeds.Reader { return feeds.Reader{Timeout: timeout} }
	print := func(fs []cityspend.Feed, asJSON bool) error {
		return printList(a.stdout, asJSON, fs, "URL\tKIND\tREAD\tBYTES\tSHA-256\tLAST FAILED ATTEMPT\tERROR", func(f cityspend.Feed) string {
			read, failed := "never", ""
			if !f.ReadAt.IsZero() {
				read = f.ReadAt.Format(time.RFC3339)
			}
			if f.Error != "" {
				failed = f.TriedAt.Format(time.RFC3339)
			}
			return fmt.Sprintf("%s\t%s\t%s\t%d\t%s\t%s\t%s", f.URL, f.Kind, read, f.Bytes, f.SHA256, failed, f.Error)
		})
	}
	var asJSON, planning bool
	add := &cobra.Command{
		Use:   "add [--planning] URL",
		Short: "Read another installation's benchmarks (its address, or its /api/v1/benchmarks), or with --planning a publisher's OCDS planning releases",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			newFeed := feeds.New
			if planning {
				newFeed = feeds.NewPlanning
			}
			f, err := newFeed(args[0], time.Now())
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			heads, err := st.FeedHeads(ctx)
			if err != nil {
				return err
			}
			for _, h := range heads {
				if h.URL == f.URL && h.Kind != f.Kind {
					return usageError{fmt.Errorf("%s is read already, as %s: remove it first (cityspend feeds remove %s)", f.URL, h.Kind, f.URL)}
				}
			}
			f = reader().Read(ctx, f)
			if err := st.PutFeed(ctx, f); err != nil {
				return err
			}
			if err := print([]cityspend.Feed{f}, asJSON); err != nil {
				return err
			}
			if f.Error != "" {
				return fmt.Errorf("feed %s added, but it could not be read: %s", f.URL, f.Error)
			}
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the feeds read, with when and the hash of what was read",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := st.FeedHeads(cmd.Context())
			if err != nil {
				return err
			}
			return print(fs, asJSON)
		},
	}
	refresh := &cobra.Command{
		Use:   "refresh [--json]",
		Short: "Read every feed now",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			fs, _, err := reader().Refresh(cmd.Context(), st)
			if err != nil {
				return err
			}
			return print(fs, asJSON)
		},
	}
	remove := &cobra.Command{
		Use:   "remove URL",
		Short: "Stop reading a feed (its cities leave the comparison)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			// A planning feed is kept by the URL as given; a benchmarks
			// feed by its API's URL, which the address stands for.
			if p, err := feeds.NewPlanning(args[0], time.Now()); err == nil {
				if err := st.DeleteFeed(cmd.Context(), p.URL); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
					return err
				}
			}
			u, err := feeds.BenchmarksURL(args[0])
			if err != nil {
				return err
			}
			return st.DeleteFeed(cmd.Context(), u)
		},
	}
	for _, c := range []*cobra.Command{add, list, refresh} {
		c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	}
	add.Flags().BoolVar(&planning, "planning", false, "the URL is an OCDS release package of planning releases (another installation's /public/{id}/plan.json, say): its items join the joint-procurement finder")
	cmd.PersistentFlags().DurationVar(&timeout, "timeout", 15*time.Second, "the time limit of a read")
	cmd.AddCommand(add, list, refresh, remove)
	return cmd
}

// readFeeds reads the feeds every so often while the server runs, and has
// the server compute its comparison anew after a round that changed what
// a feed holds. It returns when ctx ends.
func (a *app) readFeeds(ctx context.Context, st cityspend.Store, srv *web.Server, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		fs, changed, err := feeds.Reader{}.Refresh(ctx, st)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			a.log.Error("read feeds", "err", err)
		}
		for _, f := range fs {
			if f.Error != "" {
				a.log.Warn("feed not read", "url", f.URL, "err", f.Error)
			}
		}
		if changed {
			srv.Imported()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
