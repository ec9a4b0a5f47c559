// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/population"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// populationSummary is the JSON contract of `import population --json`.
type populationSummary struct {
	File         string             `json:"file"`
	Source       string             `json:"source"`
	Layout       string             `json:"layout"`
	SHA256       string             `json:"sha256"`
	BatchID      int64              `json:"batch_id"`
	RowsRead     int64              `json:"rows_read"`
	RowsLoaded   int64              `json:"rows_loaded"`
	RowsRejected int64              `json:"rows_rejected"`
	RowsSkipped  int64              `json:"rows_skipped"` // other areas: the country, counties, regions
	Incomplete   []string           `json:"incomplete,omitempty"`
	Years        []int              `json:"years"`
	Rejects      []cityspend.Reject `json:"first_rejects,omitempty"`
}

func (a *app) importPopulationCommand() *cobra.Command {
	var year int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "population [--year Y] [--json] FILE",
		Short: "Import population by municipality or local authority (SSB table 07459, ONS mid-year estimates)",
		Long: `Import the population of municipalities or local authorities from an
official statistics file; the benchmarks (/benchmarks) divide spend and
CO2e by it. Which file it is is recognised from its header:

  NO  Statistics Norway's table 07459, exported from the statistics bank as
      "Semikolonseparert med overskrift (csv)" (or XLSX): a region column
      ("3909 Larvik", "K-3909 Larvik") and the years across ("Personer
      2024") or down (år and the value). Rows by sex or age are added up;
      the country and the counties are skipped. The population on
      1 January of the year.
  GB  the ONS mid-year population estimates: the MYE2 table of the
      estimates' workbook (Code, Name, Geography, All ages; saved as CSV or
      read from the XLSX; its year from the title, "Mid-2022", or --year),
      or the long MYEB1 layout (ladcodeYY, lanameYY, sex, age,
      population_YYYY…). Local authorities only (E06–E09, W06, S12, N09).

A figure replaces the one loaded for the same area and year. An area and
year with a missing part (SSB's ".." for one sex) is left out, not loaded
short. See docs/benchmarks-cities.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if year != 0 && (year < 1900 || year > 2200) {
				return usageError{fmt.Errorf("--year %d is not a year", year)}
			}
			st, err := a.openStore(ctx, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := importPopulationFile(ctx, st, args[0], year)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(sum)
			}
			fmt.Fprintf(a.stdout, "%s (%s, %s): %d rows read, %d figures loaded for the years %v, %d rows rejected, %d of other areas skipped\n",
				sum.File, sum.Source, sum.Layout, sum.RowsRead, sum.RowsLoaded, sum.Years, sum.RowsRejected, sum.RowsSkipped)
			for _, r := range sum.Rejects {
				fmt.Fprintf(a.stdout, "  line %d: %s\n", r.Line, r.Reason)
			}
			if len(sum.Incomplete) > 0 {
				fmt.Fprintf(a.stdout, "  left out, a part missing: %v\n", sum.Incomplete)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "the year of an ONS MYE2 table whose title does not say it")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

// importPopulationFile reads a population file and loads its figures.
func importPopulationFile(ctx context.Context, st cityspend.RegisterStore, file string, year int) (populationSummary, error) {
	start := time.Now().UTC()
	pf, err := population.Read(file, year)
	if err != nil {
		return populationSummary{}, err
	}
	hash, err := tabular.FileSHA256(file)
	if err != nil {
		return populationSummary{}, err
	}
	if len(pf.Figures) == 0 {
		return populationSummary{}, cityspend.Errorf(cityspend.EINVALID, "%s: no municipality's or local authority's population in it (%d rows read, %d rejected, %d of other areas)",
			file, pf.Read, len(pf.Rejects), pf.Skipped)
	}
	// The figures' file and hash are the batch's (Population reads them
	// from it).
	b := cityspend.PopulationBatch{Source: pf.Source, FileName: filepath.Base(file), SHA256: hash, StartedAt: start,
		RowsRead: pf.Read, RowsRejected: int64(len(pf.Rejects))}
	if err := st.ImportPopulation(ctx, &b, pf.Figures); err != nil {
		return populationSummary{}, fmt.Errorf("%s: %w", file, err)
	}
	sum := populationSummary{File: file, Source: pf.Source, Layout: pf.Layout, SHA256: hash, BatchID: b.ID, RowsRead: pf.Read,
		RowsLoaded: b.RowsLoaded, RowsRejected: int64(len(pf.Rejects)), RowsSkipped: pf.Skipped, Incomplete: pf.Incomplete, Years: []int{}}
	seen := map[int]bool{}
	for _, f := range pf.Figures {
		if !seen[f.Year] {
			seen[f.Year] = true
			sum.Years = append(sum.Years, f.Year)
		}
	}
	for i, r := range pf.Rejects {
		if i == 10 {
			break
		}
		sum.Rejects = append(sum.Rejects, r)
	}
	return sum, nil
}
