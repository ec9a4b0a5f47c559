// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/eforms"
)

// eformsSummary is the JSON contract of `import eforms --json`: one object
// per file.
type eformsSummary struct {
	File      string `json:"file"`
	Status    string `json:"status"` // loaded | skipped | superseded | failed
	OCID      string `json:"ocid,omitempty"`
	ReleaseID string `json:"release_id,omitempty"`
	Notice    string `json:"notice,omitempty"` // competition | result
	Lots      int    `json:"lots"`
	Bids      int    `json:"bids"`
	Awards    int    `json:"awards"`
	Reason    string `json:"reason,omitempty"`
}

func (a *app) importEFormsCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "eforms --buyer ID [--json] FILE...",
		Short: "Load TED eForms notices (competition and result notices, UBL XML) as tenders",
		Long: `Each eForms notice becomes one contracting process, with its lots, tenders,
awards and parties and a synthesised OCDS release for the red-flag
indicators. The ocid is made from the procedure identifier, so a result
notice replaces the competition notice of its procedure; a notice older
than the one already stored for its procedure is not loaded. Prior
information and contract modification notices are skipped. A file that is
not well-formed XML, declares a DTD or entities, lacks the procedure
identifier or is not an eForms notice is reported with the reason; the
other files still load.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			failed := 0
			for _, path := range files {
				if err := ctx.Err(); err != nil {
					return err
				}
				s := eformsSummary{File: path}
				t, err := eforms.ReadFile(path)
				var ne *eforms.NoticeError
				switch {
				case errors.Is(err, eforms.ErrSkipped) && errors.As(err, &ne):
					s.Status, s.Reason = "skipped", ne.Reason
				case errors.As(err, &ne):
					s.Status, s.Reason = "failed", ne.Reason
					failed++
				case err != nil:
					s.Status, s.Reason = "failed", err.Error()
					failed++
				default:
					s.OCID, s.ReleaseID, s.Lots, s.Bids, s.Awards = t.OCID, t.ReleaseID, len(t.Lots), len(t.Bids), len(t.Awards)
					s.Notice = "competition"
					if t.Status == "complete" {
						s.Notice = "result"
					}
					// A later notice of the procedure may be stored already.
					stored, err := st.Tenders(ctx, b.ID, t.OCID)
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					if len(stored) > 0 && !t.Date.IsZero() && stored[0].Date.After(t.Date) {
						s.Status = "superseded"
						s.Reason = fmt.Sprintf("a later notice of this procedure (%s of %s) is stored", stored[0].ReleaseID,
							stored[0].Date.Format("2006-01-02 15:04 UTC"))
						break
					}
					if err := st.PutTenders(ctx, b.ID, filepath.Base(path), []cityspend.Tender{t}); err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					s.Status = "loaded"
				}
				if s.Status == "failed" {
					fmt.Fprintf(a.stderr, "%s: %s\n", path, s.Reason)
				}
				switch {
				case asJSON:
					json.NewEncoder(a.stdout).Encode(s)
				case s.Status == "loaded":
					fmt.Fprintf(a.stdout, "%s: %s notice loaded as %s (%d lots, %d bids, %d awards)\n", path, s.Notice, s.OCID, s.Lots, s.Bids, s.Awards)
				case s.Status != "failed":
					fmt.Fprintf(a.stdout, "%s: %s: %s\n", path, s.Status, s.Reason)
				}
			}
			if failed > 0 {
				return cityspend.Errorf(cityspend.EINVALID, "%d of %d files could not be read", failed, len(files))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, one object per file")
	cmd.MarkFlagRequired("buyer")
	return cmd
}
