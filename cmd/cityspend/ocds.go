// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ocds"
)

func (a *app) importOCDSCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "ocds --buyer ID FILE...",
		Short: "Load tender data in OCDS: release or record packages, or JSON Lines of releases (compiled or not)",
		Long: `Each contracting process is stored with its lots, bids, awards and parties
and the release's JSON (a later release of the same ocid replaces it); the
red-flag indicators run on them with the findings. An invalid JSON line or a
release without an ocid is reported by line and skipped; the rest loads.
Tenders are stored in batches of 10,000 (each batch all or nothing; loading
a file again replaces its tenders).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			failed := false
			for _, path := range args {
				f, err := os.Open(path)
				if err != nil {
					return err
				}
				var batch []cityspend.Tender
				n := 0
				flush := func() error {
					if len(batch) == 0 {
						return nil
					}
					err := st.PutTenders(ctx, b.ID, filepath.Base(path), batch)
					n += len(batch)
					batch = batch[:0]
					return err
				}
				bad, err := ocds.Read(f, func(t cityspend.Tender) error {
					batch = append(batch, t)
					if len(batch) == 10000 {
						return flush()
					}
					return nil
				})
				if err == nil {
					err = flush()
				}
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				for _, e := range bad {
					fmt.Fprintf(a.stderr, "%s:%d: %s (skipped)\n", filepath.Base(path), e.Line, e.Reason)
				}
				if len(bad) > 0 && n == 0 {
					failed = true
				}
				if asJSON {
					if bad == nil {
						bad = []ocds.LineError{}
					}
					json.NewEncoder(a.stdout).Encode(map[string]any{"file": path, "tenders": n, "skipped": bad})
				} else {
					fmt.Fprintf(a.stdout, "%s: %d contracting processes loaded, %d lines skipped\n", path, n, len(bad))
				}
			}
			if failed {
				return cityspend.Errorf(cityspend.EINVALID, "a file held no valid release")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, one object per file")
	cmd.MarkFlagRequired("buyer")
	return cmd
}
