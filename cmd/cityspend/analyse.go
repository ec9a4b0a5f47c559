package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/indicator"
)

func (a *app) analyseCommand() *cobra.Command {
	var buyerID string
	var year, top int
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "analyse --buyer ID --year Y [--json]",
		Aliases: []string{"analyze"},
		Short:   "Print the spend indicators of a buyer's fiscal year",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := indicator.Analyse(cmd.Context(), st, buyerID, year, indicator.Options{TopN: top})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			w := a.stdout
			fmt.Fprintf(w, "%s (%s), %s\n", res.BuyerName, res.Buyer, res.Period.Label)
			fmt.Fprintf(w, "  total spend  %s %s\n  lines        %d\n  suppliers    %d\n", res.TotalSpend, res.Currency, res.Lines, res.Suppliers)
			fmt.Fprintln(w, "  by account group:")
			for _, g := range res.ByAccountGroup {
				fmt.Fprintf(w, "    %-4s %-40s %16s %5.1f %%\n", g.Key, g.Label, g.Spend, g.Share*100)
			}
			fmt.Fprintln(w, "  top suppliers:")
			for _, g := range res.TopSuppliers {
				fmt.Fprintf(w, "    %-46s %16s %5.1f %%\n", g.Label, g.Spend, g.Share*100)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.IntVar(&year, "year", 0, "fiscal year (the calendar year it starts in) (required)")
	f.IntVar(&top, "top", 10, "top suppliers to list")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	return cmd
}
