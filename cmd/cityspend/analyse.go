// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/indicator"
)

func (a *app) analyseCommand() *cobra.Command {
	var buyerID, lang string
	var year, top int
	var asJSON, calendar bool
	var f indicator.Filters
	cmd := &cobra.Command{
		Use:     "analyse --buyer ID --year Y [--json]",
		Aliases: []string{"analyze"},
		Short:   "Print the spend indicators of a buyer's year (CLES spend analysis)",
		Long: `Print the spend indicators of a buyer's fiscal year (--calendar: calendar
year): procurement spend and what the scope leaves out, geography (place
bands, local share, leakage, municipalities), business types and SME share,
sectors with their local share and the market gaps, deprived areas, the
top-N suppliers and their coverage, the trend over every year, and LM3 when a
supplier survey is loaded. Unknown is unknown: the place shares and the
leakage are of the spend whose place is known, the business-type and SME
shares of the spend whose type is known, with that coverage beside them
("–" where nothing is known); the excluded spend is listed by reason. --json
prints the same object as the API.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := indicator.Analyse(cmd.Context(), st, buyerID, year, indicator.Options{TopN: top, Calendar: calendar, Filters: f, Lang: lang})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printAnalysis(a, res)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	fl.IntVar(&year, "year", 0, "the year (the calendar year its fiscal year starts in) (required)")
	fl.IntVar(&top, "top", 300, "N of the top-N suppliers")
	fl.BoolVar(&calendar, "calendar", false, "calendar year instead of the buyer's fiscal year")
	fl.StringVar(&f.OrgUnit, "org-unit", "", "only one organisation unit")
	fl.StringVar(&f.AccountGroup, "account-group", "", "only accounts starting with this")
	fl.StringVar(&f.Type, "type", "", "only one business type: public, social_enterprise, micro, small, medium, large, unknown")
	fl.StringVar(&f.Place, "place", "", "only one place band: L0, L1, L2, L3, unknown")
	fl.StringVar(&f.Section, "section", "", "only one NACE section")
	fl.StringVar(&f.Category, "category", "", "only one CPV category: the first 2 to 8 digits of the code, or unclassified")
	fl.StringVar(&lang, "lang", "en", "language of names: en or nb")
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	return cmd
}

func printAnalysis(a *app, r *indicator.Analysis) {
	w := a.stdout
	pct := func(f float64) string { return fmt.Sprintf("%5.1f %%", f*100) }
	fmt.Fprintf(w, "%s (%s), %s\n", r.BuyerName, r.Buyer, r.Period.Label)
	fmt.Fprintf(w, "  procurement spend  %s %s  (%d lines, %d suppliers)\n", r.TotalSpend, r.Currency, r.Lines, r.Suppliers)
	fmt.Fprintf(w, "  excluded           %s %s\n", r.ExcludedSpend, r.Currency)
	for _, g := range r.Excluded {
		fmt.Fprintf(w, "    %-56s %16s  %d lines, %d suppliers\n", g.Key, g.Spend, g.Lines, g.Suppliers)
	}
	// Unknown is unknown: a share over nothing known is not a figure.
	known := func(f, coverage float64) string {
		if coverage == 0 {
			return "    –  "
		}
		return pct(f)
	}
	fmt.Fprintf(w, "  local share        L0 %s   L0+L1 %s   of the spend whose place is known (%s of it)\n", known(r.LocalShare.L0, r.LocalShare.Coverage),
		known(r.LocalShare.L0L1, r.LocalShare.Coverage), pct(r.LocalShare.Coverage))
	fmt.Fprintf(w, "  top %-14d L0 %s, coverage %s (of the suppliers' positive spend)\n", r.TopN,
		known(r.TopNPopulation.LocalShare.L0, r.TopNPopulation.LocalShare.Coverage), pct(r.Coverage))
	fmt.Fprintf(w, "  leakage            outside L0 %s %s (%s), outside L0+L1 %s (%s), of the spend whose place is known\n", r.Leakage.OutsideL0, r.Currency,
		known(r.Leakage.OutsideL0Share, r.Leakage.Coverage), r.Leakage.OutsideL1, known(r.Leakage.OutsideL1Share, r.Leakage.Coverage))
	fmt.Fprintf(w, "  place (shares of the %s whose place is known; unknown: of all):\n", pct(r.PlaceCoverage))
	for _, band := range indicator.Bands {
		b := r.Bands[band]
		fmt.Fprintf(w, "    %-8s %16s %s %6d suppliers\n", band, b.Spend, pct(b.Share), b.Suppliers)
	}
	fmt.Fprintf(w, "  business type (SME share %s; shares of the %s whose type is known; unknown: of all):\n", known(r.SMEShare, r.TypeCoverage),
		pct(r.TypeCoverage))
	for _, t := range []string{"public", "social_enterprise", "micro", "small", "medium", "large", "unknown"} {
		b := r.BusinessTypes[t]
		fmt.Fprintf(w, "    %-18s %16s %s %6d suppliers\n", t, b.Spend, pct(b.Share), b.Suppliers)
	}
	fmt.Fprintln(w, "  sectors (local share within):")
	for i, s := range r.Sectors {
		if i == 10 {
			break
		}
		fmt.Fprintf(w, "    %s %-44s %16s %s  local %s (place known %s)\n", s.Section, trunc(s.Name, 44), s.Spend, pct(s.Share),
			known(s.LocalShare, s.PlaceCoverage), pct(s.PlaceCoverage))
	}
	fmt.Fprintln(w, "  market gaps (spend outside the municipality):")
	for i, g := range r.MarketGaps {
		if i == 5 {
			break
		}
		fmt.Fprintf(w, "    %s %-44s %16s leaking, local %s\n", g.Division, trunc(g.Name, 44), g.Leaking, pct(g.LocalShare))
	}
	fmt.Fprintln(w, "  trend:")
	for _, t := range r.Trend {
		fmt.Fprintf(w, "    %-8s %16s  L0 %s (%+.2f pp, place known %s)  SME %s (type known %s)  extra retained locally %s\n", t.Label, t.TotalSpend,
			known(t.LocalShare.L0, t.LocalShare.Coverage), t.ChangeL0PP, pct(t.LocalShare.Coverage), known(t.SMEShare, t.TypeCoverage), pct(t.TypeCoverage),
			t.ExtraRetainedLocally)
	}
	if r.LM3 != nil {
		fmt.Fprintf(w, "  LM3 %.2f (R1 %s, R2 %s, R3 %s; %d respondents, %d imputed)\n", r.LM3.Value, r.LM3.R1, r.LM3.R2, r.LM3.R3, r.LM3.Respondents, r.LM3.Imputed)
	}
}
