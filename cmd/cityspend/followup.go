// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/web"
)

// readsFigures are the commands whose output depends on the imports'
// follow-up (payees resolved, scope, lines classified): before they read,
// they complete a follow-up left pending — by an import killed after its
// lines committed, or run with --no-resolve — since they own the database
// (a --read-only one only warns). `serve` does the same beside serving.
var readsFigures = map[string]bool{
	"cityspend analyse":           true,
	"cityspend report":            true,
	"cityspend findings":          true,
	"cityspend contracts":         true,
	"cityspend suppliers":         true,
	"cityspend suppliers payees":  true,
	"cityspend climate":           true,
	"cityspend strategy":          true,
	"cityspend plan generate":     true,
	"cityspend survey template":   true,
	"cityspend classify evaluate": true,
	"cityspend export":            true,
}

// followUp completes the pending follow-up before a command that reads
// figures, saying so on stderr; where it cannot (--read-only, or the
// follow-up fails), it warns that the figures are provisional and lets
// the command go on.
func (a *app) followUp(ctx context.Context, st cityspend.Store) error {
	if !readsFigures[a.command] {
		return nil
	}
	pending, err := st.PendingFollowUps(ctx, "")
	if err != nil {
		return err
	}
	if len(pending) == 0 {
		return nil
	}
	if a.cfg.ReadOnly {
		fmt.Fprintf(a.stderr, "cityspend: warning: the figures are provisional: the follow-up of %s is pending (payees, scope, categories); "+
			"run the command without --read-only to complete it\n", pendingText(pending))
		return nil
	}
	fmt.Fprintf(a.stderr, "cityspend: completing the follow-up of %s, which an earlier import left pending (payees, scope, categories)…\n",
		pendingText(pending))
	if _, err := enrich.Complete(ctx, st, a.log); err != nil {
		if ctx.Err() != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "cityspend: warning: the figures are provisional: %s\n", message(err))
	}
	return nil
}

// completeServing completes a pending follow-up beside the server, which
// shows the figures of the buyers concerned as provisional until it has;
// the returned function stops it (when the server stops) and waits.
func (a *app) completeServing(ctx context.Context, st cityspend.Store, srv *web.Server) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ids, err := enrich.Complete(ctx, st, a.log)
		if len(ids) > 0 || err != nil {
			srv.Imported()
		}
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Error("the pending follow-up could not be completed: the figures stay marked provisional", "err", err)
		case len(ids) > 0:
			a.log.Info("the pending follow-up is complete", "buyers", ids)
		}
	}()
	return func() { cancel(); <-done }
}

// pendingText names pending follow-ups for a message: "buyer 3909 (ledger
// batch 12 of 2026-03-01 10:04)".
func pendingText(pending []cityspend.FollowUp) string {
	var parts []string
	for _, id := range enrich.Buyers(pending) {
		var what []string
		for _, f := range pending {
			if f.BuyerID != id {
				continue
			}
			w := f.Cause
			if f.BatchID != 0 {
				w += fmt.Sprintf(" batch %d", f.BatchID)
			}
			what = append(what, w+" of "+f.Since.Local().Format("2006-01-02 15:04"))
		}
		parts = append(parts, fmt.Sprintf("buyer %s (%s)", id, strings.Join(what, ", ")))
	}
	return strings.Join(parts, ", ")
}

// statusJSON is the JSON contract of `status --json`.
type statusJSON struct {
	Pending []cityspend.FollowUp `json:"pending"`
}

func (a *app) statusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [--json]",
		Short: "Say whether an import's follow-up is pending (its buyers' figures provisional)",
		Long: `An import is followed by its follow-up: payees resolved against the
registers, the accounts' scope, the lines classified. An import that was
stopped before its follow-up finished (killed, or run with --no-resolve)
leaves it pending, and its buyers' figures provisional, until the next
command that reads figures (analyse, report, findings, …) or serve
completes it. status lists what is pending, without completing it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			pending, err := st.PendingFollowUps(cmd.Context(), "")
			if err != nil {
				return err
			}
			if asJSON {
				if pending == nil {
					pending = []cityspend.FollowUp{}
				}
				return json.NewEncoder(a.stdout).Encode(statusJSON{Pending: pending})
			}
			if len(pending) == 0 {
				fmt.Fprintln(a.stdout, "no follow-up pending: the figures are complete")
				return nil
			}
			fmt.Fprintln(a.stdout, "follow-up pending (payees, scope, categories); until it completes these buyers' figures are provisional:")
			for _, f := range pending {
				batch := ""
				if f.BatchID != 0 {
					batch = fmt.Sprintf(" batch %d", f.BatchID)
				}
				fmt.Fprintf(a.stdout, "  buyer %s: %s%s, since %s\n", f.BuyerID, f.Cause, batch, f.Since.Local().Format(time.DateTime))
			}
			fmt.Fprintln(a.stdout, "the next command that reads figures (analyse, report, findings, …), or serve at its start, completes it")
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"pending":[{"seq":N,"buyer_id":…,"cause":…,"batch_id":N,"since":…}]}`)
	return cmd
}
