// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
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

// ledgerMemoryForTest replaces ledgerMemory's cap in a test that needs
// the engine to run out of it.
var ledgerMemoryForTest string

// ledgerMemory is the engine's cap for a ledger import: a working budget
// of 128 MB and 36 MB for each worker thread, whose CSV reader holds a
// 32 MB buffer that cannot spill (the block a smaller cap failed to
// allocate). On the 2-core machine that is 200 MB: 160 MB ran out of
// memory in the load, and 200 MB kept the import's peak RSS under 500 MB
// in 7 of 7 imports of 10 million lines (256 MB: 409-596 MB over two
// dozen) at the same speed (docs/benchmarks.md). --memory-limit and
// CITYSPEND_MEMORY_LIMIT still set it.
func (a *app) ledgerMemory() string {
	if ledgerMemoryForTest != "" {
		return ledgerMemoryForTest
	}
	threads := a.cfg.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	return fmt.Sprintf("%dMB", 128+36*threads)
}

func (a *app) importCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "import", Short: "Load data files into the database"}
	cmd.AddCommand(a.importLedgerCommand(), a.importEHFCommand(), a.importRegisterCommand(), a.importMunicipalitiesCommand(), a.importPopulationCommand(), a.importPostcodesCommand(), a.importDeprivationCommand(), a.importSurveyCommand(), a.importCPVCommand(), a.importContractsCommand(), a.importOCDSCommand(), a.importEFormsCommand(),
		a.importFactorsCommand(), a.importConcordanceCommand(), a.importRatesCommand(), a.importParquetCommand(),
		a.importBatchesCommand(), a.importUndoCommand())
	return cmd
}

// ledgerSummary is the JSON contract of `import ledger --json`: one object
// per file, or per sheet of a workbook (with "sheet"; a sheet that is not
// a ledger has "skipped" with the reason and no rows).
type ledgerSummary struct {
	File          string              `json:"file"`
	Sheet         string              `json:"sheet,omitempty"`
	Skipped       string              `json:"skipped,omitempty"`
	BatchID       int64               `json:"batch_id,omitempty"`
	RowsRead      int64               `json:"rows_read"`
	RowsLoaded    int64               `json:"rows_loaded"`
	RowsRejected  int64               `json:"rows_rejected"`
	RowsDuplicate int64               `json:"rows_duplicate"`
	AmountLoaded  loadedAmount        `json:"amount_loaded"`
	Currency      string              `json:"currency"`
	RejectsFile   *string             `json:"rejects_file"`
	DryRun        bool                `json:"dry_run,omitempty"`
	Notes         []string            `json:"notes,omitempty"`
	Warnings      []string            `json:"warnings,omitempty"`
	Layout        *ledger.Layout      `json:"layout,omitempty"`
	Preview       []cityspend.Payment `json:"preview,omitempty"`
	Rejects       []cityspend.Reject  `json:"first_rejects,omitempty"`
	Error         string              `json:"error,omitempty"`
}

// loadedAmount is a batch's amount_loaded: the sum of the loaded rows'
// amounts as a decimal string with two decimals ("12345.67"), and "0", the
// sum of no amounts, when no row was loaded (as a decimal oracle adding up
// the rows it reads writes it).
type loadedAmount struct {
	cityspend.Amount
	rows int64
}

func (l loadedAmount) MarshalJSON() ([]byte, error) {
	if l.rows == 0 && l.Amount == 0 {
		return []byte(`"0"`), nil
	}
	return l.Amount.MarshalJSON()
}

func (a *app) importLedgerCommand() *cobra.Command {
	var buyerID, mapFile, dateFormat string
	var dryRun, asJSON, noResolve, noClassify, noSupplier bool
	cmd := &cobra.Command{
		Use:   "ledger --buyer ID [--map FILE] [--date-format F] [--dry-run] [--json] FILE...",
		Short: "Import accounts-payable ledger files (CSV or XLSX)",
		Long: `Import accounts-payable ledger files (CSV or XLSX) for a buyer.

Each file is imported in one transaction: all of it or nothing; in a
workbook, each sheet that is a ledger. The layout (encoding, line ends,
separator, header row, columns, date formats, decimal separator) is
detected from names and content; a mapping file (--map) can state any of
it. A file without a supplier column is refused unless --no-supplier. Rows
that cannot be loaded are rejected with their line number and reason into
a rejects CSV beside the database; re-importing a file adds nothing.

A text file's column of bare numbers (43658) is not read as dates unless
--date-format excel-serial says they are spreadsheet serial numbers; the
import warns and rejects those rows with that advice.`,
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
			if dateFormat != "" {
				f, err := ledger.ParseDateFormat(dateFormat)
				if err != nil {
					return usageError{fmt.Errorf("--date-format %w", err)}
				}
				if m == nil {
					m = &ledger.Mapping{Source: "--date-format"}
				}
				m.DateFormat = f
				clear(m.FieldDate) // the flag is for every date column
			}
			// Parsing allocates much short-lived garbage and keeps little alive:
			// collect less often. Not in a server: the setting is the
			// process's, and its pages and other jobs go on meanwhile.
			if a.shared == nil {
				debug.SetGCPercent(300)
			}
			limit := a.ledgerMemory()
			st, buyer, err := a.openBuyer(ctx, buyerID, limit)
			if err != nil {
				return err
			}
			defer st.Close()
			limiter, capped := a.engineCap(st)
			var savedMap *ledger.Mapping
			if mapFile == "" {
				// The buyer's saved mapping (confirmed in the browser), when
				// no mapping is given: the same for the CLI, the API and the
				// browser.
				saved, ok, err := ledger.SavedMapping(ctx, st, buyer.ID)
				if err != nil {
					return err
				}
				switch {
				case ok && m != nil: // --date-format over it
					fmt.Fprintf(a.stderr, "reading with %s (give --map to read otherwise)\n", saved.Source)
					saved.DateFormat = m.DateFormat
					clear(saved.FieldDate)
					m = saved
				case ok:
					// Used for the files not imported before (those are read
					// as they were then).
					savedMap = saved
				}
			}
			rejectsDir := strings.TrimSuffix(a.cfg.DB, filepath.Ext(a.cfg.DB)) + "-rejects"
			failed, imported := 0, 0
			var readSoFar int64 // the rows of the files before (a job's progress)
			for _, file := range files {
				opts := ledger.ImportOptions{Mapping: m, Saved: savedMap, DryRun: dryRun, RejectsDir: rejectsDir, NoSupplier: noSupplier, By: a.importer()}
				opts.Warn = func(w string) { fmt.Fprintf(a.stderr, "%s: warning: %s\n", file, w) }
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
				if a.progress != nil && opts.Progress == nil {
					before := readSoFar
					opts.Progress = func(done, total, rows int64) { a.progress(before + rows) }
				}
				fr, err := ledger.Import(ctx, st, buyer, file, opts)
				// A ledger whose lines need more than the cap (very long
				// texts, say) still imports, when nothing of it was stored.
				stored := fr != nil && len(fr.Results) > 0
				if again, serr := a.uncapped(ctx, limiter, capped && !stored, "the import of "+file, limit, err); serr != nil {
					return serr
				} else if again {
					capped = false
					fr, err = ledger.Import(ctx, st, buyer, file, opts)
				}
				if bar != nil {
					bar.Finish()
					fmt.Fprint(a.stderr, "\r\033[K")
				}
				if fr != nil {
					imported += len(fr.Results)
					for _, res := range fr.Results {
						a.printLedgerResult(file, res, dryRun, asJSON)
						readSoFar += res.Batch.RowsRead
					}
					a.printSkippedSheets(file, buyer.Currency, fr.Skipped, asJSON)
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
			}
			if !dryRun && !noResolve && imported > 0 {
				if err := a.boundedEnrichment(ctx, st, func() error {
					_, err := enrich.Run(ctx, st, enrich.Options{Buyers: buyers(buyer.ID), SkipClassify: noClassify, Log: a.log})
					return err
				}); err != nil {
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
	f.StringVar(&dateFormat, "date-format", "", "the dates' format, for every date column: dd.mm.yyyy, mm/dd/yyyy, yyyy-mm-dd, yyyymmdd, dd-mon-yyyy or excel-serial")
	f.BoolVar(&dryRun, "dry-run", false, "show how the file would be read and what would load; store nothing")
	f.BoolVar(&asJSON, "json", false, "print one JSON object per file")
	f.BoolVar(&noClassify, "no-classify", false, "do not classify the lines after the import (run `cityspend classify` later)")
	f.BoolVar(&noResolve, "no-resolve", false, "do not resolve the buyer's payees after the import (run `cityspend resolve` later)")
	f.BoolVar(&noSupplier, "no-supplier", false, "load a file that has no supplier column (refused without this flag)")
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

// printSkippedSheets says which sheets of a workbook were not imported and
// why: an object each with --json.
func (a *app) printSkippedSheets(file, currency string, skipped []ledger.SkippedSheet, asJSON bool) {
	for _, sk := range skipped {
		if asJSON {
			json.NewEncoder(a.stdout).Encode(ledgerSummary{File: file, Sheet: sk.Sheet, Skipped: sk.Reason, Currency: currency})
		} else {
			fmt.Fprintf(a.stdout, "%s: sheet %q skipped: %s\n", file, sk.Sheet, sk.Reason)
		}
	}
}

func (a *app) printLedgerResult(file string, res *ledger.Result, dryRun, asJSON bool) {
	b := res.Batch
	notes := append(append([]string{}, res.Layout.Notes...), res.Notes...)
	if res.GrossOnly > 0 {
		notes = append(notes, fmt.Sprintf("%d rows have only an amount including VAT; loaded as given", res.GrossOnly))
	}
	// In a server, the rejects are the batch's download, not a file on the
	// server's disk the caller cannot read.
	rejects := b.RejectsFile
	if a.shared != nil && rejects != "" {
		rejects = "/api/v1/buyers/" + url.PathEscape(b.BuyerID) + "/batches/" + strconv.FormatInt(b.ID, 10) + "/rejects"
	}
	if asJSON {
		s := ledgerSummary{File: file, Sheet: res.Layout.Sheet, BatchID: b.ID, RowsRead: b.RowsRead, RowsLoaded: b.RowsLoaded, RowsRejected: b.RowsRejected,
			RowsDuplicate: b.RowsDuplicate, AmountLoaded: loadedAmount{b.AmountLoaded, b.RowsLoaded}, Currency: b.Currency, DryRun: dryRun, Notes: notes, Warnings: res.Layout.Warnings}
		if rejects != "" && !dryRun {
			s.RejectsFile = &rejects
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
	name := file
	if res.Layout.Sheet != "" {
		name = fmt.Sprintf("%s [%s]", file, res.Layout.Sheet)
	}
	if dryRun {
		verb = "would load"
		printLayout(w, name, &res.Layout)
		if len(res.Preview) > 0 {
			fmt.Fprintln(w, "  first rows:")
			for _, p := range res.Preview {
				fmt.Fprintf(w, "    line %d: %s  %s %s  %q  account %s  %q\n", p.Line, p.Date().Format("2006-01-02"),
					p.Amount, p.Currency, p.Supplier.Name, p.AccountCode, p.Description)
			}
		}
	}
	fmt.Fprintf(w, "%s: %d rows read: %d %s, %d rejected, %d duplicate; %s %s %s\n", name, b.RowsRead, b.RowsLoaded, verb,
		b.RowsRejected, b.RowsDuplicate, b.AmountLoaded, b.Currency, verb)
	for _, n := range notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if dryRun {
		for _, x := range res.Layout.Warnings {
			fmt.Fprintf(w, "  warning: %s\n", x)
		}
	}
	if b.RowsRejected > 0 {
		if rejects != "" && !dryRun {
			fmt.Fprintf(w, "  rejected rows are listed in %s\n", rejects)
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

// printLayout writes how a ledger is read, as --dry-run shows it: the
// format, encoding and line ends with their reasons, the header row and
// why, each column's field and why, the date formats and decimals.
func printLayout(w io.Writer, name string, l *ledger.Layout) {
	fmt.Fprintf(w, "%s: %s", name, l.Format)
	if l.Format == "csv" {
		fmt.Fprintf(w, ", encoding %s, separator %q\n", l.Encoding, l.Separator)
		if l.EncodingReason != "" {
			fmt.Fprintf(w, "  encoding: %s\n", l.EncodingReason)
		}
		if l.LineEnds != "" {
			fmt.Fprintf(w, "  line ends: %s\n", l.LineEnds)
		}
	} else {
		fmt.Fprintf(w, ", sheet %q\n", l.Sheet)
	}
	if l.HeaderLine > 0 {
		fmt.Fprintf(w, "  header on line %d: %s\n", l.HeaderLine, quoteJoin(l.Header))
	} else {
		fmt.Fprintf(w, "  no header row\n")
	}
	if l.HeaderReason != "" {
		fmt.Fprintf(w, "    because %s\n", l.HeaderReason)
	}
	fmt.Fprintln(w, "  columns:")
	for _, c := range l.Columns {
		if c.Field != "" {
			fmt.Fprintf(w, "    %2d %-32q → %s (%s: %s)\n", c.Index, c.Header, c.Field, c.How, c.Reason)
		} else {
			fmt.Fprintf(w, "    %2d %-32q   not used (%s)\n", c.Index, c.Header, c.Reason)
		}
	}
	for _, f := range ledger.Fields {
		if d, ok := l.DateFormats[f]; ok {
			fmt.Fprintf(w, "  %s: %s (%s)", f, d.Format, d.Reason)
			if d.Order != "" && d.Order != d.Format {
				fmt.Fprintf(w, "; ambiguous cells in another form read as %s", d.Order)
			}
			fmt.Fprintln(w)
		}
	}
	for _, f := range ledger.Fields {
		if d, ok := l.Decimals[f]; ok {
			fmt.Fprintf(w, "  %s: decimal %q (%s)\n", f, d.Separator, d.Reason)
		}
	}
}

func quoteJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
