// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

func (a *app) buyerScopeCommand() *cobra.Command {
	var id string
	var rules []string
	var reset bool
	cmd := &cobra.Command{
		Use:   `scope --id ID [--rule "include|exclude PATTERN REASON"]... [--reset]`,
		Short: "Set which accounts count as procurement for a buyer",
		Long: `A buyer's own scope rules come before its country's defaults (Norway: KOSTRA
art 100–285 and 300–380 except 290, in operating and investment accounts);
the first rule that matches an account decides. --rule, repeated, replaces
the buyer's own rules, in the order given; --reset removes them. Patterns:
kostra:ART, kostra:FROM-TO, kostra-other, prefix:P, code:C, text:WORD, empty
and * (see docs/analysis.md). The accounts are decided again at once. With
no flags, the rules and the count of accounts in and out are printed.

  cityspend buyer scope --id 3909 --rule "exclude code:14290 VAT compensation" \
    --rule "include prefix:K9 framework call-offs"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var own []cityspend.ScopeRule
			for _, s := range rules {
				f := strings.Fields(s)
				if len(f) < 3 {
					return usageError{fmt.Errorf("--rule %q: give the action, the pattern and a reason", s)}
				}
				r := cityspend.ScopeRule{Action: f[0], Pattern: f[1], Reason: strings.Join(f[2:], " ")}
				if err := indicator.ValidateScopeRule(r); err != nil {
					return usageError{err}
				}
				own = append(own, r)
			}
			st, b, err := a.openBuyer(ctx, id, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if len(own) > 0 || reset {
				if err := st.SetScopeRules(ctx, b.ID, own); err != nil {
					return err
				}
				if err := indicator.RefreshScope(ctx, st, b.ID); err != nil {
					return err
				}
			}
			mine, err := st.ScopeRules(ctx, b.ID)
			if err != nil {
				return err
			}
			eff, err := indicator.EffectiveScopeRules(ctx, st, b)
			if err != nil {
				return err
			}
			for i, r := range eff {
				origin := "default"
				if i < len(mine) {
					origin = "buyer"
				}
				fmt.Fprintf(a.stdout, "%2d  %-7s %-7s %-16s %s\n", i+1, origin, r.Action, r.Pattern, r.Reason)
			}
			accounts, err := st.Accounts(ctx, b.ID)
			if err != nil {
				return err
			}
			in := 0
			for _, acc := range accounts {
				if indicator.Decide(eff, acc).InScope {
					in++
				}
			}
			fmt.Fprintf(a.stdout, "%d accounts: %d count as procurement, %d do not\n", len(accounts), in, len(accounts)-in)
			return nil
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "buyer id (required)")
	cmd.Flags().StringArrayVar(&rules, "rule", nil, `a rule: "include|exclude PATTERN REASON" (repeat; replaces the buyer's rules)`)
	cmd.Flags().BoolVar(&reset, "reset", false, "remove the buyer's own rules (the defaults remain)")
	cmd.MarkFlagRequired("id")
	return cmd
}
