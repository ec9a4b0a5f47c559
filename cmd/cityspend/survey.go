// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/survey"
)

func (a *app) surveyCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "survey", Short: "The local-multiplier (LM3) supplier survey"}
	var buyerID, out string
	var year int
	tmpl := &cobra.Command{
		Use:   "template --buyer ID --year Y -o FILE.xlsx",
		Short: "Write the survey workbook listing the buyer's local suppliers (L0) of the year",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			sups, err := survey.LocalSuppliers(ctx, st, b, year)
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := survey.WriteTemplate(f, b, year, sups); err != nil {
				f.Close()
				os.Remove(out)
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %s: %d local suppliers to survey\n", out, len(sups))
			return nil
		},
	}
	tmpl.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	tmpl.Flags().IntVar(&year, "year", 0, "fiscal year (required)")
	tmpl.Flags().StringVarP(&out, "output", "o", "", "the workbook to write (required)")
	tmpl.MarkFlagRequired("buyer")
	tmpl.MarkFlagRequired("year")
	tmpl.MarkFlagRequired("output")
	cmd.AddCommand(tmpl)
	return cmd
}

func (a *app) importSurveyCommand() *cobra.Command {
	var buyerID string
	var year int
	cmd := &cobra.Command{
		Use:   "survey --buyer ID --year Y FILE",
		Short: "Load the answers of the supplier survey (the filled-in template, XLSX or CSV)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rs, rejects, err := survey.Read(args[0])
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%s: %v", filepath.Base(args[0]), err)
			}
			st, _, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutSurveyResponses(ctx, buyerID, year, rs); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: %d answers loaded, %d rows rejected\n", args[0], len(rs), len(rejects))
			for _, r := range rejects {
				fmt.Fprintf(a.stdout, "  line %d: %s\n", r.Line, r.Reason)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().IntVar(&year, "year", 0, "fiscal year (required)")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	return cmd
}
