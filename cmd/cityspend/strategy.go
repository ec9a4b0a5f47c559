// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/strategy"
)

// parseTargetValue reads a value: a per cent ("40%") or a number.
func parseTargetValue(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		return v / 100, err
	}
	return strconv.ParseFloat(s, 64)
}

// formatValue writes an indicator's value in its unit.
func formatValue(unit string, v float64) string {
	switch unit {
	case strategy.UnitShare:
		return fmt.Sprintf("%.1f %%", v*100)
	case strategy.UnitT:
		return fmt.Sprintf("%.1f t", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func (a *app) strategyCommand() *cobra.Command {
	var buyerID string
	var year int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "strategy --buyer ID --year Y [--json]",
		Short: "Show the procurement strategy's targets: baseline, this year, the trajectory needed, and the sustainability criteria shares",
		Long: `Targets are set with "strategy set". Each is measured with the engines
(the analysis, the climate footprint, the contract register, the plan):
the baseline (from the data of the baseline year, or as given), the year's
value, the value the straight line from baseline to target asks for in
that year, whether it is on track, and the change a year still needed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			ps, crit, err := strategy.Measure(ctx, st, b, year)
			if err != nil {
				return err
			}
			if asJSON {
				if ps == nil {
					ps = []strategy.Progress{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"buyer": b.ID, "year": year, "targets": ps, "criteria": crit})
			}
			if len(ps) == 0 {
				fmt.Fprintln(a.stdout, "no targets (set them with: cityspend strategy set)")
			}
			for _, p := range ps {
				cur, track := "no data", ""
				if p.Current != nil {
					cur = formatValue(p.Unit, *p.Current)
				}
				if p.OnTrack != nil {
					track = map[bool]string{true: "on track", false: "behind"}[*p.OnTrack]
				}
				fmt.Fprintf(a.stdout, "%-26s %d %s (%s) → %d %s; %d: %s, the trajectory asks %s  %s\n", p.Indicator, p.BaselineYear,
					formatValue(p.Unit, p.BaselineValue), p.BaselineSource, p.TargetYear, formatValue(p.Unit, p.TargetValue), year, cur,
					formatValue(p.Unit, p.Required), track)
			}
			fmt.Fprintf(a.stdout, "criteria (%s, %d contracts above the floor): green %.1f %%, social %.1f %%, innovation %.1f %%, circular %.1f %% of contracts\n",
				crit.Source, crit.Contracts, crit.Green.CountShare*100, crit.Social.CountShare*100, crit.Innovation.CountShare*100, crit.Circular.CountShare*100)
			if crit.Note != "" {
				fmt.Fprintln(a.stdout, "  "+crit.Note)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().IntVar(&year, "year", 0, "the year to measure (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	cmd.AddCommand(a.strategySetCommand(), a.strategyRemoveCommand())
	return cmd
}

func (a *app) strategySetCommand() *cobra.Command {
	var t cityspend.StrategyTarget
	var baseline, target string
	cmd := &cobra.Command{
		Use:   "set --buyer ID --indicator NAME --baseline-year Y [--baseline V] --target-year Y --target V [--note TEXT]",
		Short: "Set a target of the procurement strategy (one per indicator)",
		Long: `Indicators: local_share, sme_share, co2e_t, climate_criteria_share,
on_contract_share, plan_published_in_advance, lm3. Shares as fractions
(0.4) or per cents (40%). Without --baseline the baseline is the data's
value in the baseline year.

  cityspend strategy set --buyer 3909 --indicator local_share --baseline-year 2024 --target-year 2030 --target 40%`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var err error
			if t.TargetValue, err = parseTargetValue(target); err != nil {
				return usageError{fmt.Errorf("--target %q is not a number or a per cent", target)}
			}
			if baseline != "" {
				if t.BaselineValue, err = parseTargetValue(baseline); err != nil {
					return usageError{fmt.Errorf("--baseline %q is not a number or a per cent", baseline)}
				}
			}
			if err := strategy.Validate(t); err != nil {
				return err
			}
			st, _, err := a.openBuyer(ctx, t.BuyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutTarget(ctx, t, baseline != ""); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "target %s: %s by %d\n", t.Indicator, formatValue(strategy.UnitOf(t.Indicator), t.TargetValue), t.TargetYear)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&t.BuyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&t.Indicator, "indicator", "", "the indicator (required)")
	f.IntVar(&t.BaselineYear, "baseline-year", 0, "the baseline year (required)")
	f.StringVar(&baseline, "baseline", "", "the baseline value; default: the data's")
	f.IntVar(&t.TargetYear, "target-year", 0, "the target year (required)")
	f.StringVar(&target, "target", "", "the target value (required)")
	f.StringVar(&t.Note, "note", "", "where the target comes from (the strategy document)")
	for _, n := range []string{"buyer", "indicator", "baseline-year", "target-year", "target"} {
		cmd.MarkFlagRequired(n)
	}
	return cmd
}

func (a *app) strategyRemoveCommand() *cobra.Command {
	var buyerID, ind string
	cmd := &cobra.Command{
		Use:   "remove --buyer ID --indicator NAME",
		Short: "Remove a target",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.DeleteTarget(cmd.Context(), buyerID, ind); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "removed the target for %s\n", ind)
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&ind, "indicator", "", "the indicator (required)")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("indicator")
	return cmd
}
