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
	var id, lang string
	var rules, add, remove []string
	var reset, excluded bool
	cmd := &cobra.Command{
		Use:   `scope --id ID [--rule "include|exclude PATTERN REASON"]... [--add RULE]... [--remove PATTERN]... [--reset] [--excluded]`,
		Short: "Set which lines count as procurement for a buyer, and see what is left out",
		Long: `A buyer's own scope rules come before its country's defaults; the first rule
that matches a payee's lines on an account decides. The defaults (dated and
cited in refdata/scoperules, described in docs/scope.md): Norway, KOSTRA art
100–285 and 300–380 except 290 in operating and investment accounts, and
never the tax authority or a pension fund; the UK, taxes and national
insurance, pensions, pay, precepts and levies, grants, benefits and payments
to individuals, refunds, loans, internal recharges and payments to the
council itself and to other public bodies are left out, read from the payee
and the ledger's expenditure category.

--rule, repeated, replaces the buyer's own rules, in the order given; --reset
removes them; --add puts one rule first and keeps the others (one with the
same pattern is replaced); --remove takes out the buyer's rule with that
pattern. Every rule needs a reason. Patterns: kostra:ART, kostra:FROM-TO,
kostra-other, prefix:P, code:C, text:WORD, term:WORDS, label:WORDS, empty,
body:KIND, type:TYPE, name:WORDS, org:NUMBER, self and *, several joined by &
(words joined by _). The lines are decided again at once. The rules, the
count of payee and account pairs in and out and the excluded spend by reason
are printed; --excluded also lists it by reason and supplier.

  cityspend buyer scope --id 3909 --rule "exclude code:14290 VAT compensation" \
    --rule "include prefix:K9 framework call-offs"
  cityspend buyer scope --id E07000178 \
    --add "include name:kent_county_council&term:electricity energy through LASER"
  cityspend buyer scope --id E07000178 --excluded`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			parse := func(flag string, specs []string) ([]cityspend.ScopeRule, error) {
				var out []cityspend.ScopeRule
				for _, s := range specs {
					f := strings.Fields(s)
					if len(f) < 3 {
						return nil, usageError{fmt.Errorf("%s %q: give the action, the pattern and a reason", flag, s)}
					}
					r := cityspend.ScopeRule{Action: f[0], Pattern: f[1], Reason: strings.Join(f[2:], " ")}
					if err := indicator.ValidateScopeRule(r); err != nil {
						return nil, usageError{err}
					}
					out = append(out, r)
				}
				return out, nil
			}
			own, err := parse("--rule", rules)
			if err != nil {
				return err
			}
			added, err := parse("--add", add)
			if err != nil {
				return err
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
			for _, p := range remove {
				if err := indicator.RemoveScopeRule(ctx, st, b.ID, p); err != nil {
					return err
				}
			}
			// The last --add ends up first, as if added one at a time.
			for _, r := range added {
				if err := indicator.AddScopeRule(ctx, st, b.ID, r); err != nil {
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
				fmt.Fprintf(a.stdout, "%2d  %-7s %-7s %-16s %s\n", i+1, origin, r.Action, r.Pattern, indicator.ScopeReason(r.Reason, lang))
			}
			decisions, err := indicator.ScopeDecisions(ctx, st, b)
			if err != nil {
				return err
			}
			in := 0
			for _, d := range decisions {
				if d.InScope {
					in++
				}
			}
			fmt.Fprintf(a.stdout, "%d payee and account pairs: %d count as procurement, %d do not\n", len(decisions), in, len(decisions)-in)
			rows, err := indicator.ExcludedSpend(ctx, st, b.ID, cityspend.Period{}, lang)
			if err != nil {
				return err
			}
			type sum struct {
				label     string
				spend     cityspend.Amount
				lines     int64
				suppliers int
			}
			var order []string
			by := map[string]*sum{}
			var total cityspend.Amount
			for _, r := range rows {
				s := by[r.Reason]
				if s == nil {
					s = &sum{label: r.Label}
					by[r.Reason] = s
					order = append(order, r.Reason)
				}
				s.spend += r.Spend
				s.lines += r.Lines
				s.suppliers++
				total += r.Spend
			}
			fmt.Fprintf(a.stdout, "excluded spend, all years: %s %s\n", total, b.Currency)
			for _, k := range order {
				s := by[k]
				fmt.Fprintf(a.stdout, "  %16s  %6d lines  %4d suppliers  %s\n", s.spend, s.lines, s.suppliers, s.label)
			}
			if excluded {
				fmt.Fprintln(a.stdout, "by reason and supplier:")
				for _, r := range rows {
					fmt.Fprintf(a.stdout, "  %16s  %6d lines  %-40s %s\n", r.Spend, r.Lines, trunc(r.Supplier, 40), r.Label)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "buyer id (required)")
	cmd.Flags().StringArrayVar(&rules, "rule", nil, `a rule: "include|exclude PATTERN REASON" (repeat; replaces the buyer's rules)`)
	cmd.Flags().StringArrayVar(&add, "add", nil, `a rule put first, the buyer's others kept: "include|exclude PATTERN REASON" (repeat)`)
	cmd.Flags().StringArrayVar(&remove, "remove", nil, "remove the buyer's rule with this pattern (repeat)")
	cmd.Flags().BoolVar(&reset, "reset", false, "remove the buyer's own rules (the defaults remain)")
	cmd.Flags().BoolVar(&excluded, "excluded", false, "list the excluded spend by reason and supplier")
	cmd.Flags().StringVar(&lang, "lang", "en", "language of the reasons: en or nb")
	cmd.MarkFlagRequired("id")
	return cmd
}
