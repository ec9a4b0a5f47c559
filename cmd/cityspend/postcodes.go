// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/postcodes"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// postcodeSummary is the JSON of `import postcodes --json` and `import
// deprivation --json`: one object per file.
type postcodeSummary struct {
	File          string             `json:"file"`
	Source        string             `json:"source"`            // posten, onspd, laposte; the index (IMD2019)
	Country       string             `json:"country,omitempty"` // postcodes only
	RowsRead      int64              `json:"rows_read"`
	RowsLoaded    int64              `json:"rows_loaded"`
	RowsRejected  int64              `json:"rows_rejected"`
	RowsDuplicate int64              `json:"rows_duplicate"`
	Rejects       []cityspend.Reject `json:"first_rejects,omitempty"`
	Seconds       float64            `json:"seconds"`
}

// postcodeRows keeps the first rejects of a postcode file as it is read.
type postcodeRows struct {
	*postcodes.Reader
	rejects []cityspend.Reject
	more    int64
	onRead  func()
}

func (p *postcodeRows) ReadPostcodes(ctx context.Context) ([]cityspend.PostcodeRow, error) {
	rows, err := p.Reader.ReadPostcodes(ctx)
	for _, r := range rows {
		if r.Reject != nil {
			if len(p.rejects) < 10 {
				p.rejects = append(p.rejects, *r.Reject)
			} else {
				p.more++
			}
		}
	}
	if p.onRead != nil {
		p.onRead()
	}
	return rows, err
}

func (a *app) importPostcodesCommand() *cobra.Command {
	var country string
	var asJSON, noResolve bool
	cmd := &cobra.Command{
		Use:   "postcodes [--country NO|GB|FR] [--json] FILE",
		Short: "Import a country's postcode register, which places payees from their postcodes",
		Long: `Import a country's postcode register: postcode → municipality (Norway's
kommunenummer, the UK's local authority district, France's commune). It
replaces the country's postcodes. Which file it is is recognised from its
content; --country checks it.

  NO  Posten/Bring's Postnummerregister (Postnummerregister-ansi.txt):
      tab-separated, no header: postnummer, poststed, kommunenummer,
      kommunenavn, kategori.
  GB  the ONS Postcode Directory (ONSPD) or the National Statistics
      Postcode Lookup, CSV (the UK-wide file, or zipped): postcode, local
      authority district, county, region, LSOA 2011 and 2021, termination.
  FR  La Poste's base officielle des codes postaux (laposte_hexasmal.csv):
      Code_commune_INSEE;Nom_de_la_commune;Code_postal;….

Afterwards every payee with a postcode and no municipality, registered or
not, is placed in the municipality of its postcode, old municipality codes
followed to today's (--no-resolve skips that). See docs/registers.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			file := args[0]
			country = strings.ToUpper(country)
			if country != "" && country != "NO" && country != "GB" && country != "FR" {
				return usageError{fmt.Errorf("--country %q: use NO, GB or FR", country)}
			}
			r, hash, err := openPostcodeFile(file, country)
			if err != nil {
				return err
			}
			defer r.Close()
			st, err := a.openStore(ctx, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := a.importPostcodes(ctx, st, r, file, hash, asJSON, false); err != nil {
				return err
			}
			if noResolve {
				return nil
			}
			_, err = enrich.Run(ctx, st, enrich.Options{Log: a.log})
			return err
		},
	}
	cmd.Flags().StringVar(&country, "country", "", "the country the file must be of: NO, GB or FR (default: recognised)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false, "do not place the buyers' suppliers again")
	return cmd
}

// openPostcodeFile opens a postcode file, of country when it is not "",
// and returns its reader and its SHA-256.
func openPostcodeFile(file, country string) (*postcodes.Reader, string, error) {
	r, err := postcodes.Open(file)
	if err != nil {
		return nil, "", err
	}
	if country != "" && r.Country != country {
		r.Close()
		return nil, "", cityspend.Errorf(cityspend.EINVALID, "%s is a postcode file of %s (%s), not of %s", file, r.Country, r.Source, country)
	}
	hash, err := tabular.FileSHA256(file)
	if err != nil {
		r.Close()
		return nil, "", err
	}
	return r, hash, nil
}

// importPostcodes imports an open postcode file, with a progress bar on a
// terminal, and prints what it did unless quiet. It does not place the
// payees: the caller runs the follow-up.
func (a *app) importPostcodes(ctx context.Context, st cityspend.Store, r *postcodes.Reader, file, hash string, asJSON, quiet bool) (postcodeSummary, error) {
	rows := &postcodeRows{Reader: r}
	clearLine := func() {}
	if a.interactive() && !asJSON && !quiet {
		bar := newBar(a, filepath.Base(file))
		rows.onRead = func() {
			if done, total := r.Progress(); total > 0 {
				bar.ChangeMax64(total)
				bar.Set64(done)
			}
		}
		clearLine = func() { bar.Finish(); fmt.Fprint(a.stderr, "\r\033[K") }
	}
	start := time.Now()
	batch := cityspend.PostcodeBatch{Country: r.Country, Source: r.Source, FileName: filepath.Base(file), SHA256: hash}
	a.log.Info("importing postcodes", "file", file, "source", r.Source, "country", r.Country)
	err := st.ImportPostcodes(ctx, &batch, rows)
	clearLine()
	if err != nil {
		return postcodeSummary{}, fmt.Errorf("%s: %w", file, err)
	}
	sum := postcodeSummary{File: file, Source: r.Source, Country: r.Country, RowsRead: batch.RowsRead, RowsLoaded: batch.RowsLoaded,
		RowsRejected: batch.RowsRejected, RowsDuplicate: batch.RowsDuplicate, Rejects: rows.rejects, Seconds: time.Since(start).Seconds()}
	if quiet {
		return sum, nil
	}
	return sum, a.printPostcodeSummary(sum, fmt.Sprintf("%s (%s, %s %s)", file, r.Format, r.Source, r.Country), rows.more, asJSON)
}

func (a *app) importDeprivationCommand() *cobra.Command {
	var index string
	var asJSON, noResolve bool
	cmd := &cobra.Command{
		Use:   "deprivation [--index NAME] [--json] FILE",
		Short: "Import an index of deprivation by small area (the English IMD by LSOA)",
		Long: `Import an index of deprivation by small area: the English indices of
deprivation (File 1, 2 or 7 of the IoD2019 as CSV, or a sheet saved from
the XLSX: the LSOA code and the IMD rank and decile), or any index as a
CSV with the columns area, rank and decile. It replaces the index.

With the UK postcode directory loaded, a buyer that says so (buyer places
--deprived-decile N) counts a supplier whose postcode lies in a small area
of decile N or below as in a deprived area. --index names the index; by
default it is told from the file's name (IMD2019) or the LSOAs' year.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			file := args[0]
			start := time.Now()
			d, hash, err := readDeprivationFile(file, index)
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := a.importDeprivation(ctx, st, d, file, hash, start, asJSON, false); err != nil {
				return err
			}
			if noResolve {
				return nil
			}
			_, err = enrich.Run(ctx, st, enrich.Options{Log: a.log})
			return err
		},
	}
	cmd.Flags().StringVar(&index, "index", "", "the index's name (IMD2019); default: from the file")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false, "do not place the buyers' suppliers again")
	return cmd
}

// readDeprivationFile reads an index of deprivation (named index, or as
// told from the file) and returns it with the file's SHA-256.
func readDeprivationFile(file, index string) (*postcodes.Deprivation, string, error) {
	d, err := postcodes.ReadDeprivation(file, index)
	if err != nil {
		return nil, "", err
	}
	hash, err := tabular.FileSHA256(file)
	if err != nil {
		return nil, "", err
	}
	return d, hash, nil
}

// importDeprivation imports an index of deprivation read from a file
// (since start) and prints what it did unless quiet. It does not mark the
// suppliers: the caller runs the follow-up.
func (a *app) importDeprivation(ctx context.Context, st cityspend.Store, d *postcodes.Deprivation, file, hash string, start time.Time,
	asJSON, quiet bool) (postcodeSummary, error) {
	// The rows the reader rejected are read and rejected too, in the
	// stored batch as in what is printed.
	batch := cityspend.PostcodeBatch{Country: "", Source: d.Index, FileName: filepath.Base(file), SHA256: hash,
		RowsRead: int64(len(d.Rejects)), RowsRejected: int64(len(d.Rejects))}
	if err := st.ImportDeprivation(ctx, &batch, d.Areas); err != nil {
		return postcodeSummary{}, fmt.Errorf("%s: %w", file, err)
	}
	sum := postcodeSummary{File: file, Source: d.Index, RowsRead: batch.RowsRead, RowsLoaded: batch.RowsLoaded,
		RowsRejected: batch.RowsRejected, RowsDuplicate: batch.RowsDuplicate, Seconds: time.Since(start).Seconds()}
	more := int64(0)
	for i, r := range d.Rejects {
		if i < 10 {
			sum.Rejects = append(sum.Rejects, r)
		} else {
			more++
		}
	}
	if quiet {
		return sum, nil
	}
	return sum, a.printPostcodeSummary(sum, fmt.Sprintf("%s (%s)", file, d.Index), more, asJSON)
}

func (a *app) printPostcodeSummary(sum postcodeSummary, what string, more int64, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(sum)
	}
	fmt.Fprintf(a.stdout, "%s: %d rows read, %d loaded, %d rejected, %d duplicate, in %.1f s\n", what, sum.RowsRead, sum.RowsLoaded,
		sum.RowsRejected, sum.RowsDuplicate, sum.Seconds)
	for _, r := range sum.Rejects {
		fmt.Fprintf(a.stdout, "  rejected: line %d: %s\n", r.Line, r.Reason)
	}
	if more > 0 {
		fmt.Fprintf(a.stdout, "  … and %d more rejected\n", more)
	}
	return nil
}
