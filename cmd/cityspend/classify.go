// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/enrich"
	truthfile "github.com/cityspend/cityspend/ingest/truth"
	"github.com/cityspend/cityspend/refdata/cpv"
)

func (a *app) importCPVCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "cpv FILE",
		Short: "Load the official CPV 2008 list (the EU's cpv_2008.xml): codes, check digits, tree and labels",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			entries, err := cpv.ReadXML(f)
			f.Close()
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%s: %v", filepath.Base(args[0]), err)
			}
			langs := map[string]bool{}
			codes := cpv.StoreCodes(entries)
			levels := map[string]int{}
			for _, e := range entries {
				for l := range e.Labels {
					langs[l] = true
				}
				levels[e.Code.Level()]++
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.ImportCPV(ctx, codes); err != nil {
				return err
			}
			// The labels teach the text model: train it again and classify.
			ids, err := enrich.BuyerIDs(ctx, st, nil)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := classify.Train(ctx, st, id); err != nil {
					return err
				}
				if _, err := classify.Run(ctx, st, id, a.log); err != nil {
					return err
				}
			}
			var ls []string
			for l := range langs {
				ls = append(ls, l)
			}
			sort.Strings(ls)
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"file": args[0], "codes": len(codes), "languages": ls, "levels": levels})
			}
			fmt.Fprintf(a.stdout, "%s: %d CPV codes (%d divisions, %d groups, %d classes, %d categories, %d finer) in %s\n", args[0], len(codes),
				levels["division"], levels["group"], levels["class"], levels["category"], levels["subcategory"], strings.Join(ls, ", "))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) classifyCommand() *cobra.Command {
	var buyerID string
	var asJSON, scratch bool
	cmd := &cobra.Command{
		Use:   "classify [--buyer ID] [--from-scratch] [--json]",
		Short: "Put every ledger line in a CPV category, with the rule that decided and why",
		Long: `Classify a buyer's lines (every buyer without --buyer). Precedence: a person's
decision; the CPV code on the invoice line; the contract's; what people
decided for the same description; keyword rules on the description (the
buyer's, then the shipped ones); the supplier's confirmed usual category;
keyword rules on the account's name (an English ledger's expenditure
category); the account (KOSTRA art) and the supplier's industry (NACE); the
supplier's name and the service area; the text model; last, the official
CPV labels when the list is loaded. Every line keeps its rule, reason and
confidence; --json reports coverage and coverage_confident (at confidence
≥ confident_at). Lines are classified through their items (distinct kinds
of line). Imports run this by themselves.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			ids, err := enrich.BuyerIDs(ctx, st, buyers(buyerID))
			if err != nil {
				return err
			}
			for _, id := range ids {
				if scratch {
					if err := st.ResetItems(ctx, id); err != nil {
						return err
					}
				}
				var s *classify.Summary
				if err := a.boundedEnrichment(ctx, st, func() (err error) {
					s, err = classify.Run(ctx, st, id, a.log)
					return err
				}); err != nil {
					return err
				}
				if asJSON {
					json.NewEncoder(a.stdout).Encode(s)
					continue
				}
				fmt.Fprintf(a.stdout, "%s: %d items, %d lines; %.1f %% of the spend classified; %d items to review\n", id, s.Items, s.Lines,
					100*s.Coverage, s.Review)
				var rules []string
				for r := range s.ByRule {
					rules = append(rules, r)
				}
				sort.Slice(rules, func(i, j int) bool { return s.ByRule[rules[i]] > s.ByRule[rules[j]] })
				for _, r := range rules {
					fmt.Fprintf(a.stdout, "  %-18s %10d lines\n", r, s.ByRule[r])
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (default: every buyer)")
	cmd.Flags().BoolVar(&scratch, "from-scratch", false, "forget the items and classify every line anew (decisions, rules and the model stay)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(a.classifyTrainCommand(), a.classifyEvaluateCommand(), a.classifyRulesCommand())
	return cmd
}

func (a *app) classifyTrainCommand() *cobra.Command {
	var buyerID string
	cmd := &cobra.Command{
		Use:   "train [--buyer ID]",
		Short: "Train the text model on the CPV labels, the keyword rules and the confirmed lines, then classify again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			ids, err := enrich.BuyerIDs(ctx, st, buyers(buyerID))
			if err != nil {
				return err
			}
			for _, id := range ids {
				n, err := classify.Train(ctx, st, id)
				if err != nil {
					return err
				}
				s, err := classify.Run(ctx, st, id, a.log)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: model trained on %d examples; %.1f %% of the spend classified\n", id, n, 100*s.Coverage)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (default: every buyer)")
	return cmd
}

func (a *app) classifyEvaluateCommand() *cobra.Command {
	var buyerID, truth string
	var asJSON, misses bool
	cmd := &cobra.Command{
		Use:   "evaluate --buyer ID --truth FILE [--json]",
		Short: "Measure the classification on a labelled set: accuracy at division and group, coverage, confusions",
		Long: `The truth file is a CSV with a header and at least the columns description and
cpv (8 digits, check digit optional), optionally name, org_number, account
and amount. Each row is classified as a new line of the buyer with
everything the database knows, without being stored. Accuracy counts the
classified rows; coverage is by amount when the file has amounts.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rows, err := truthfile.ReadLines(truth)
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%v", err)
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			ev, err := classify.Evaluate(ctx, st, buyerID, rows)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(ev)
			}
			fmt.Fprintf(a.stdout, "%d labelled lines, %d classified; coverage %.1f %%\n", ev.Lines, ev.Classified, 100*ev.Coverage)
			fmt.Fprintf(a.stdout, "accuracy: division %.1f %%, group %.1f %%\n", 100*ev.DivisionAccuracy, 100*ev.GroupAccuracy)
			if len(ev.Confusions) > 0 {
				fmt.Fprintln(a.stdout, "most frequent confusions (true → classified division):")
				for _, c := range ev.Confusions {
					fmt.Fprintf(a.stdout, "  %s → %s  %d lines\n", c.True, c.Predicted, c.Lines)
				}
			}
			if misses {
				fmt.Fprintln(a.stdout, "examples:")
				for _, m := range ev.Misses {
					fmt.Fprintf(a.stdout, "  line %d %q (%s, account %s): %s, classified %s by %s: %s\n", m.Line, m.Description, m.Supplier, m.Account,
						m.True, m.Predicted, m.Rule, m.Reason)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&truth, "truth", "", "the labelled CSV (required)")
	cmd.Flags().BoolVar(&misses, "misses", false, "print examples of the rows classified in another division")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("truth")
	return cmd
}

func (a *app) classifyRulesCommand() *cobra.Command {
	var buyerID string
	var rules []string
	var reset, shipped bool
	cmd := &cobra.Command{
		Use:   `rules --buyer ID [--rule "KIND PATTERN CPV REASON"]... [--reset] [--shipped]`,
		Short: "Show or set a buyer's own classification rules (before the shipped ones)",
		Long: `KIND is keyword (a word or phrase in the description; brød* a prefix, *bøker a
suffix), account (an account code prefix), kostra (a KOSTRA art) or nace (a
NACE code prefix); CPV is the code with or without its check digit.
--rule, repeated, replaces the buyer's rules in that order; --reset removes
them; --shipped also lists the shipped rules. The lines are classified
again.

  cityspend classify rules --buyer 3909 --rule "keyword skiløype* 45236210 ski trails" \
    --rule "account 1209 30192000 office supplies account"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var own []cityspend.CategoryRule
			for _, s := range rules {
				f := strings.Fields(s)
				if len(f) < 4 {
					return usageError{fmt.Errorf("--rule %q: give the kind, the pattern, the CPV code and a reason", s)}
				}
				r := cityspend.CategoryRule{Kind: f[0], Pattern: f[1], CPV: f[2], Reason: strings.Join(f[3:], " ")}
				if err := classify.ValidateRule(r); err != nil {
					return usageError{err}
				}
				code, _ := cpv.Parse(r.CPV)
				r.CPV = string(code)
				own = append(own, r)
			}
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if len(own) > 0 || reset {
				if err := st.SetCategoryRules(ctx, b.ID, own); err != nil {
					return err
				}
				if _, err := classify.Run(ctx, st, b.ID, a.log); err != nil {
					return err
				}
			}
			mine, err := st.CategoryRules(ctx, b.ID)
			if err != nil {
				return err
			}
			list := mine
			if shipped {
				list = append(list, classify.Defaults(b.Country)...)
			}
			for i, r := range list {
				origin := "buyer"
				if i >= len(mine) {
					origin = "shipped"
				}
				fmt.Fprintf(a.stdout, "%4d  %-7s %-7s %-28s %s  %s\n", i+1, origin, r.Kind, r.Pattern, cpv.Code(r.CPV), r.Reason)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.stdout, "no rules of the buyer's own; --shipped lists the shipped ones")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringArrayVar(&rules, "rule", nil, `a rule: "KIND PATTERN CPV REASON" (repeat; replaces the buyer's rules)`)
	cmd.Flags().BoolVar(&reset, "reset", false, "remove the buyer's own rules")
	cmd.Flags().BoolVar(&shipped, "shipped", false, "list the shipped rules too")
	cmd.MarkFlagRequired("buyer")
	return cmd
}
