// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

func (a *app) buyerCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "buyer", Short: "Add and list buyers (contracting authorities)"}
	var b cityspend.Buyer
	add := &cobra.Command{
		Use:   "add --id ID --name NAME --country CC [--org-number N] [--municipality CODE] [--currency CUR]",
		Short: "Add a buyer",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := refdata.CompleteBuyer(&b); err != nil {
				return usageError{err}
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.CreateBuyer(cmd.Context(), b); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "added buyer %s (%s, %s, %s, fiscal year from month %d)\n", b.ID, b.Name, b.Country, b.Currency, b.FiscalStart)
			return nil
		},
	}
	f := add.Flags()
	f.StringVar(&b.ID, "id", "", "buyer id, e.g. the municipality number (required)")
	f.StringVar(&b.Name, "name", "", "name (required)")
	f.StringVar(&b.Country, "country", "", "ISO country code, e.g. NO, GB (required)")
	f.StringVar(&b.OrgNumber, "org-number", "", "organisation number")
	f.StringVar(&b.Municipality, "municipality", "", "municipality code (Norway: kommunenummer; UK: the local authority district's GSS code, e.g. E07000178, which places its suppliers and reads its own and its county council's initials in its ledgers)")
	f.StringVar(&b.Currency, "currency", "", "currency; default from the country (NO → NOK, GB → GBP, euro countries → EUR)")
	f.IntVar(&b.FiscalStart, "fiscal-year-start", 0, "month the fiscal year starts; default 4 in GB, else 1")
	add.MarkFlagRequired("id")
	add.MarkFlagRequired("name")
	add.MarkFlagRequired("country")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List buyers",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			bs, err := st.Buyers(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if bs == nil {
					bs = []cityspend.Buyer{}
				}
				return json.NewEncoder(a.stdout).Encode(bs)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tCOUNTRY\tCURRENCY\tMUNICIPALITY\tORG NUMBER")
			for _, b := range bs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.Name, b.Country, b.Currency, b.Municipality, b.OrgNumber)
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list, a.buyerPlacesCommand(), a.buyerScopeCommand(), a.buyerPublishCommand())
	return cmd
}
