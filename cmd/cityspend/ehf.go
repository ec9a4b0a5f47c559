// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/ehf"
)

func (a *app) importEHFCommand() *cobra.Command {
	var buyerID string
	var asJSON, noResolve bool
	cmd := &cobra.Command{
		Use:   "ehf --buyer ID [--json] FILE|DIR...",
		Short: "Import EN 16931 e-invoices and credit notes: EHF / Peppol BIS 3 (UBL, EHF 3 and 2), XRechnung, ZUGFeRD and Factur-X (CII)",
		Long: `Import EN 16931 e-invoices and credit notes, one file each, in either of the
standard's syntaxes: UBL (EHF / Peppol BIS Billing 3.0, EHF 2) or UN/CEFACT
CII (XRechnung, ZUGFeRD, Factur-X XML); a directory is read for .xml files. Each document is its own transaction and
loads whole or not at all. A document is its supplier, type, number and
issue date: one already loaded (also as an EHF 2 copy of an EHF 3 invoice)
is a duplicate, all of its lines. Reminders and payment requests are not
spend (they refer to the invoice that is) and load nothing. A document that
is not an invoice or credit note (an order, a catalogue), is not well-formed
XML, declares a DTD or entities, lacks mandatory fields, is addressed to
another buyer, or whose lines do not add up to its totals is refused with
the reason; the others still load. Credit notes are negative. Rows in the
summary are documents; --json reports each document.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			ctx := cmd.Context()
			st, buyer, err := a.openBuyer(ctx, buyerID, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			rejectsDir := strings.TrimSuffix(a.cfg.DB, filepath.Ext(a.cfg.DB)) + "-rejects"
			sums, err := ehf.ImportPaths(ctx, st, buyer, paths, ehf.Options{RejectsDir: rejectsDir, By: a.importer()})
			for _, s := range sums {
				if asJSON {
					json.NewEncoder(a.stdout).Encode(s)
					continue
				}
				fmt.Fprintf(a.stdout, "%s: %d documents read: %d loaded (%d lines), %d duplicate, %d not spend, %d refused; %s %s loaded\n",
					s.Path, s.RowsRead, s.RowsLoaded, s.LinesLoaded, s.RowsDuplicate, s.RowsNotSpend, s.RowsRejected, s.AmountLoaded, s.Currency)
				for _, d := range s.Documents {
					if d.Status != ehf.StatusLoaded {
						fmt.Fprintf(a.stdout, "  %s %s: %s\n", strings.ReplaceAll(d.Status, "_", " "), filepath.Base(d.File), d.Reason)
					}
				}
			}
			if err != nil {
				return err
			}
			if !noResolve {
				_, err := enrich.Run(ctx, st, enrich.Options{Buyers: buyers(buyer.ID), Log: a.log})
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per FILE or DIR")
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false, "do not resolve the buyer's payees after the import")
	cmd.MarkFlagRequired("buyer")
	return cmd
}
