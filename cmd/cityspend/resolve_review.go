// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/register"
)

// resolveReviewCommand lists the payees that stay ambiguous, with the
// organisations each may be and the evidence.
func (a *app) resolveReviewCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "review --buyer ID [--limit N] [--json]",
		Short: "List the payees no clue settled, with the organisations each may be and the evidence for and against each",
		Long: `List a buyer's payees that stay ambiguous after resolution — no number,
legal form, postcode, town, branch or municipality told apart the
registered organisations they may be, and no person has decided — the
largest spend first, with those organisations (most likely first) and the
evidence for (+) and against (-) each.

Decide one with: cityspend resolve decide --buyer ID --payee N --to ORGNUMBER --why TEXT
(or --unresolved to keep it unmatched). The decision settles every line of
that payee, the buyer's other payees of the name that nothing tells apart,
and later imports.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, _, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := register.NewResolver(ctx, st)
			if err != nil {
				return err
			}
			items, err := res.Review(ctx, buyerID)
			if err != nil {
				return err
			}
			total := len(items)
			if limit > 0 && len(items) > limit {
				items = items[:limit]
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(items)
			}
			if total == 0 {
				fmt.Fprintln(a.stdout, "nothing to review: no payee stays ambiguous")
				return nil
			}
			fmt.Fprintf(a.stdout, "%d payees to review\n", total)
			for _, it := range items {
				p := it.Payee
				fmt.Fprintf(a.stdout, "\npayee %d  %s", p.ID, p.Payee.Name)
				if p.Payee.Postcode != "" {
					fmt.Fprintf(a.stdout, "  (postcode %s)", p.Payee.Postcode)
				}
				fmt.Fprintf(a.stdout, "  %s on %d lines\n  %s\n", p.Spend, p.Lines, it.Reason)
				for _, c := range it.Candidates {
					fmt.Fprintf(a.stdout, "  %-12s %s", c.Org.Written(), c.Name)
					if place := strings.TrimSpace(c.Postcode + " " + c.Locality); place != "" {
						fmt.Fprintf(a.stdout, ", %s", place)
					}
					fmt.Fprintln(a.stdout)
					var ev []string
					for _, e := range c.Evidence {
						sign := "-"
						if e.For {
							sign = "+"
						}
						ev = append(ev, sign+" "+e.String())
					}
					fmt.Fprintf(a.stdout, "               %s\n", strings.Join(ev, "; "))
				}
			}
			if total > len(items) {
				fmt.Fprintf(a.stdout, "\n… and %d more (--limit)\n", total-len(items))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.IntVar(&limit, "limit", 50, "show at most N payees (0: all)")
	f.BoolVar(&asJSON, "json", false, `print JSON: [{"payee":{…},"reason":…,"candidates":[{"org":{"scheme":…,"id":…},"name":…,"legal_form":…,"postcode":…,"locality":…,"municipality":…,"score":…,"evidence":[{"clue":…,"for":…,"value":…}]}]}]`)
	cmd.MarkFlagRequired("buyer")
	return cmd
}

// resolveDecideCommand is `suppliers override` where the review list
// points: the same flags, the same decision.
func (a *app) resolveDecideCommand() *cobra.Command {
	cmd := a.overrideCommand()
	cmd.Use = "decide --buyer ID --payee N (--to ORGNUMBER | --unresolved) --why TEXT [--who NAME]"
	cmd.Short = "Decide which organisation a payee of the review list is (the same as suppliers override)"
	return cmd
}
