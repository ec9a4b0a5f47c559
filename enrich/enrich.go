// SPDX-License-Identifier: EUPL-1.2

// Package enrich is the follow-up of every import: the buyer's payees
// resolved against the registers and its suppliers profiled, its accounts
// put in or out of scope, and its lines classified. One function, Run, for
// every caller (the command line, the demo, the test fixtures and the store
// conformance suite), so that they cannot drift apart.
package enrich

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register"
)

// Options choose what a follow-up covers.
type Options struct {
	// Buyers are the buyers to follow up; none means every buyer.
	Buyers []string
	// SkipClassify leaves the lines as they are (`import ledger
	// --no-classify`); payees and scope are still done.
	SkipClassify bool
	// Log receives a line per buyer resolved and the classifier's own;
	// nil discards them.
	Log *slog.Logger
}

// Report is what a follow-up did, buyer by buyer.
type Report struct {
	Resolved   []*register.Report
	Classified []*classify.Summary // empty with SkipClassify
}

// Run resolves the payees of the buyers (all of them first: a resolver
// indexes the registers once), then for each buyer in turn decides the
// scope of its accounts and classifies its lines. Each buyer's pending
// follow-ups that were marked before Run started are cleared once its
// follow-up is complete (SkipClassify counts as complete: the lines are
// left unclassified on purpose, and say so); a Run that stops half-way
// leaves them, for the next reader to complete (Complete).
func Run(ctx context.Context, st Store, o Options) (*Report, error) {
	log := logger(o.Log)
	ids := o.Buyers
	if len(ids) == 0 {
		var err error
		if ids, err = allBuyers(ctx, st); err != nil {
			return nil, err
		}
	}
	// Read before anything else: what is marked later may be of lines this
	// run does not see, and must stay.
	pending, err := st.PendingFollowUps(ctx, "")
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	if rep.Resolved, err = resolve(ctx, st, ids, log); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := indicator.RefreshScope(ctx, st, id); err != nil {
			return nil, err
		}
		if !o.SkipClassify {
			s, err := classify.Run(ctx, st, id, log)
			if err != nil {
				return nil, err
			}
			rep.Classified = append(rep.Classified, s)
		}
		if err := st.FollowUpsDone(ctx, of(pending, id)); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Complete runs the follow-up of the buyers whose follow-up is pending (an
// import stopped before its follow-up finished, or run without it) and
// returns them; none pending, it does nothing. Readers that own the
// database call it before they read figures.
func Complete(ctx context.Context, st Store, log *slog.Logger) ([]string, error) {
	pending, err := st.PendingFollowUps(ctx, "")
	if err != nil {
		return nil, err
	}
	ids := Buyers(pending)
	if len(ids) == 0 {
		return nil, nil
	}
	logger(log).Info("completing the pending follow-up", "buyers", ids, "imports", len(pending))
	if _, err := Run(ctx, st, Options{Buyers: ids, Log: log}); err != nil {
		return nil, fmt.Errorf("complete the pending follow-up: %w", err)
	}
	return ids, nil
}

// Buyers lists the buyers of pending follow-ups, each once, in order.
func Buyers(pending []cityspend.FollowUp) []string {
	var ids []string
	for _, f := range pending {
		if !slices.Contains(ids, f.BuyerID) {
			ids = append(ids, f.BuyerID)
		}
	}
	slices.Sort(ids)
	return ids
}

// of are a buyer's pending follow-ups.
func of(pending []cityspend.FollowUp, buyerID string) []cityspend.FollowUp {
	var out []cityspend.FollowUp
	for _, f := range pending {
		if f.BuyerID == buyerID {
			out = append(out, f)
		}
	}
	return out
}

// Resolve is Run's first step alone (`cityspend resolve`): the payees of
// the buyers, or of every buyer when none is given, resolved and their
// suppliers profiled.
func Resolve(ctx context.Context, st register.Store, buyers []string, log *slog.Logger) ([]*register.Report, error) {
	if len(buyers) == 0 {
		var err error
		if buyers, err = allBuyers(ctx, st); err != nil {
			return nil, err
		}
	}
	return resolve(ctx, st, buyers, logger(log))
}

// BuyerIDs are the buyers a command covers: the ones given, each of which
// must exist, or every buyer when none is given.
func BuyerIDs(ctx context.Context, st cityspend.LedgerStore, buyers []string) ([]string, error) {
	if len(buyers) == 0 {
		return allBuyers(ctx, st)
	}
	for _, id := range buyers {
		if _, err := st.Buyer(ctx, id); err != nil {
			return nil, err
		}
	}
	return buyers, nil
}

func resolve(ctx context.Context, st register.Store, ids []string, log *slog.Logger) ([]*register.Report, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		return nil, err
	}
	var reps []*register.Report
	for _, id := range ids {
		start := time.Now()
		rep, err := res.ResolveBuyer(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", id, err)
		}
		log.Info("resolved payees", "buyer", id, "payees", rep.Payees, "unresolved", rep.Unresolved, "suppliers", rep.Suppliers,
			"seconds", time.Since(start).Round(time.Millisecond).Seconds())
		reps = append(reps, rep)
	}
	return reps, nil
}

func allBuyers(ctx context.Context, st cityspend.LedgerStore) ([]string, error) {
	bs, err := st.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return ids, nil
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
