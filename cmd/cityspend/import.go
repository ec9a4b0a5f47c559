// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// importMemory bounds the engine during imports, so a file of any size
// imports in well under 500 MB.
const importMemory = "256MB"

func (a *app) importCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "import", Short: "Load data files into the database"}
	cmd.AddCommand(a.importLedgerCommand(), a.importEHFCommand(), a.importRegisterCommand(), a.importMunicipalitiesCommand(), a.importPostcodesCommand(), a.importDeprivationCommand(), a.importSurveyCommand(), a.importCPVCommand(), a.importContractsCommand(), a.importOCDSCommand(), a.importEFormsCommand(),
		a.importFactorsCommand(), a.importConcordanceCommand(), a.importRatesCommand(), a.importParquetCommand())
	return cmd
}

// ledgerSummary is the JSON contract of `import ledger --json`: one object
// per file.
type ledgerSummary struct {
	File          string              `json:"file"`
	BatchID       int64               `json:"batch_id,omitempty"`
	RowsRead      int64               `json:"rows_read"`
	RowsLoaded    int64               `json:"rows_loaded"`
	RowsRejected  int64               `json:"rows_rejected"`
	RowsDuplicate int64               `json:"rows_duplicate"`
	AmountLoaded  cityspend.Amount    `json:"amount_loaded"`
	Currency      string              `json:"currency"`
	RejectsFile   *string             `json:"rejects_file"`
	DryRun        bool                `json:"dry_run,omitempty"`
	Notes         []string            `json:"notes,omitempty"`
	Layout        *ledger.Layout      `json:"layout,omitempty"`
	Preview       []cityspend.Payment `json:"preview,omitempty"`
	Rejects       []cityspend.Reject  `json:"first_rejects,omitempty"`
	Error         string              `json:"error,omitempty"`
}

func (a *app) importLedgerCommand() *cobra.Command {
	var buyerID, mapFile string
	var dryRun, asJSON, noResolve, noClassify bool
	cmd := &cobra.Command{
		Use:   "ledger --buyer ID [--map FILE] [--dry-run] [--json] FILE...",
		Short: "Import accounts-payable ledger files (CSV or XLSX)",
		Long: `Import accounts-payable ledger files (CSV or XLSX) for a buyer.

Each file is imported in one transaction: all of it or nothing. The layout
(encoding, separator, header row, columns, date formats, decimal separator)
is detected; a mapping file (--map) can state any of it. Rows that cannot be
loaded are rejected with their line number and reason into a rejects CSV
beside the database; re-importing a file adds nothing.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			var m *ledger.Mapping
			if mapFile != "" {
				var err error
				if m, err = ledger.LoadMapping(mapFile); err != nil {
					return usageError{err}
				}
			}
			// Parsing allocates much short-lived garbage and keeps little alive:
			// collect less often.
			debug.SetGCPercent(300)
			st, buyer, err := a.openBuyer(ctx, buyerID, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			rejectsDir := strings.TrimSuffix(a.cfg.DB, filepath.Ext(a.cfg.DB)) + "-rejects"
			failed := 0
			for _, file := range files {
				opts := ledger.ImportOptions{Mapping: m, DryRun: dryRun, RejectsDir: rejectsDir}
				var bar *progressbar.ProgressBar
				if a.interactive() && !asJSON {
					name := filepath.Base(file)
					bar = newBar(a, name)
					start := time.Now()
					storing := false
					opts.Progress = func(done, total, rows int64) {
						if storing {
							return
						}
						rate := float64(rows) / max(time.Since(start).Seconds(), 0.001)
						if done >= total {
							storing = true
							// Parsing is over; the database load has no finer progress.
							bar.Finish()
							fmt.Fprintf(a.stderr, "\r%s: %d rows read (%.0f rows/s); storing…", name, rows, rate)
							return
						}
						bar.Describe(fmt.Sprintf("%s: %d rows (%.0f rows/s)", name, rows, rate))
						bar.ChangeMax64(total)
						bar.Set64(done)
					}
				}
				res, err := ledger.ImportFile(ctx, st, buyer, file, opts)
				if bar != nil {
					bar.Finish()
					fmt.Fprint(a.stderr, "\r\033[K")
				}
				if err != nil {
					failed++
					if asJSON {
						json.NewEncoder(a.stdout).Encode(ledgerSummary{File: file, Currency: buyer.Currency, Error: message(err)})
					} else {
						fmt.Fprintf(a.stderr, "%s: %s\n", file, message(err))
					}
					if errors.Is(err, ctx.Err()) && ctx.Err() != nil {
						return err
					}
					continue
				}
				a.printLedgerResult(file, res, dryRun, asJSON)
			}
			if !dryRun && !noResolve && failed < len(files) {
				if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: buyers(buyer.ID), SkipClassify: noClassify, Log: a.log}); err != nil {
					return err
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d files could not be imported", failed, len(files))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&mapFile, "map", "", "mapping file stating columns and formats (see README)")
	f.BoolVar(&dryRun, "dry-run", false, "show how the file would be read and what would load; store nothing")
	f.BoolVar(&asJSON, "json", false, "print one JSON object per file")
	f.BoolVar(&noClassify, "no-classify", false, "do not classify the lines after the import (run `cityspend classify` later)")
	f.BoolVar(&noResolve, "no-resolve", false, "do not resolve the buyer's payees after the import (run `cityspend resolve` later)")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func newBar(a *app, name string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(a.stderr),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200_000_000),
		progressbar.OptionClearOnFinish(),
	)
}

func (a *app) printLedgerResult(file string, res *ledger.Result, dryRun, asJSON bool) {
	b := res.Batch
	notes := append([]string{}, res.Layout.Notes...)
	if res.GrossOnly > 0 {
		notes = append(notes, fmt.Sprintf("%d rows have only an amount including VAT; loaded as given", res.GrossOnly))
	}
	if asJSON {
		s := ledgerSummary{File: file, BatchID: b.ID, RowsRead: b.RowsRead, RowsLoaded: b.RowsLoaded, RowsRejected: b.RowsRejected,
			RowsDuplicate: b.RowsDuplicate, AmountLoaded: b.AmountLoaded, Currency: b.Currency, DryRun: dryRun, Notes: notes}
		if b.RejectsFile != "" && !dryRun {
			s.RejectsFile = &b.RejectsFile
		}
		if dryRun {
			s.BatchID = 0
			l := res.Layout
			s.Layout, s.Preview, s.Rejects = &l, res.Preview, res.Rejects
		}
		json.NewEncoder(a.stdout).Encode(s)
		return
	}
	w := a.stdout
	verb := "loaded"
	if dryRun {
		verb = "would load"
		l := res.Layout
		fmt.Fprintf(w, "%s: %s", file, l.Format)
		if l.Format == "csv" {
			fmt.Fprintf(w, ", encoding %s, separator %q", l.Encoding, l.Separator)
		} else {
			fmt.Fprintf(w, ", sheet %q", l.Sheet)
		}
		fmt.Fprintf(w, ", header on line %d\n  columns:\n", l.HeaderLine)
		for _, c := range l.Columns {
			if c.Field != "" {
				fmt.Fprintf(w, "    %2d %-32q → %s (%s)\n", c.Index, c.Header, c.Field, c.How)
			} else {
				fmt.Fprintf(w, "    %2d %-32q   (not used)\n", c.Index, c.Header)
			}
		}
		for f, d := range l.DateFormats {
			fmt.Fprintf(w, "  %s: %s (%s)\n", f, d.Format, d.Reason)
		}
		for f, d := range l.Decimals {
			fmt.Fprintf(w, "  %s: decimal %q (%s)\n", f, d.Separator, d.Reason)
		}
		if len(res.Preview) > 0 {
			fmt.Fprintln(w, "  first rows:")
			for _, p := range res.Preview {
				fmt.Fprintf(w, "    line %d: %s  %s %s  %q  account %s  %q\n", p.Line, p.Date().Format("2006-01-02"),
					p.Amount, p.Currency, p.Supplier.Name, p.AccountCode, p.Description)
			}
		}
	}
	fmt.Fprintf(w, "%s: %d rows read: %d %s, %d rejected, %d duplicate; %s %s %s\n", file, b.RowsRead, b.RowsLoaded, verb,
		b.RowsRejected, b.RowsDuplicate, b.AmountLoaded, b.Currency, verb)
	for _, n := range notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if b.RowsRejected > 0 {
		if b.RejectsFile != "" && !dryRun {
			fmt.Fprintf(w, "  rejected rows are listed in %s\n", b.RejectsFile)
		}
		for i, r := range res.Rejects {
			if i == 5 {
				fmt.Fprintf(w, "  …\n")
				break
			}
			fmt.Fprintf(w, "  line %d: %s\n", r.Line, r.Reason)
		}
	}
}
