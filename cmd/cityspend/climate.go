// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/ingest/climatefile"
	"github.com/cityspend/cityspend/refdata/factors"
)

// reportRejects prints every bad row by file, line and field, and returns
// the error that stores nothing.
func (a *app) reportRejects(path string, rejects []cityspend.Reject) error {
	for _, r := range rejects {
		fmt.Fprintf(a.stderr, "%s:%d: %s: %s\n", filepath.Base(path), r.Line, r.Field, r.Reason)
	}
	return cityspend.Errorf(cityspend.EINVALID, "%s: %d rows are bad; nothing was stored", filepath.Base(path), len(rejects))
}

func (a *app) importFactorsCommand() *cobra.Command {
	var o climatefile.FactorOptions
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "factors --set NAME [--version V] FILE",
		Short: "Load an emission factor set (CSV or XLSX): kg CO2e per currency unit by CPV, NACE, KOSTRA art, NAICS or supplier",
		Long: `Columns (Norwegian or English headers): scheme (cpv, nace, kostra, naics,
supplier), code ("*" for any), kg_co2e_per_unit, currency, price_year,
price_basis (purchaser or basic), source, licence, and optionally label,
gwp, estimate (yes/no), version. Flags fill the columns a file lacks.

Three published layouts load as they are:

  US EPA Supply Chain GHG Emission Factors by NAICS (public domain): the
  scheme, currency, price year and price basis come from its Unit column
  ("kg CO2e/2021 USD, purchaser price").
    cityspend import factors --set epa-v1.2 SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv

  EXIOBASE-derived factors by NACE (nace_emission_factors_2022.csv of the
  Emission Factor Database, CC BY-SA 4.0): NACE, EUR at the year's basic
  prices, the GWP basis from data_source; give its licence.
    cityspend import factors --set exiobase-nace --licence "CC BY-SA 4.0" nace_emission_factors_2022.csv

  UK government (DESNZ/Defra) conversion factors by SIC code (kg CO2e per
  £, Open Government Licence): the sheet as published, a title naming the
  year above "SIC code", "Description", "GHG (kgCO2e per £)", in a CSV or
  an XLSX workbook; SIC 2007 codes are NACE codes. Loaded as desnz-sic, it
  is British buyers' first set.
    cityspend import factors --set desnz-sic "Conversion factors by SIC code.xlsx"

NAICS and NACE factors reach CPV categories through the shipped
concordances (docs/climate.md). Every row is checked; when any is bad, each
is reported by line, field and reason and nothing is stored. The set
replaces a set of the same name. Use it for a buyer with "cityspend climate use".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			fs, rejects, err := climatefile.ReadFactors(args[0], o)
			if err != nil {
				return err
			}
			if len(rejects) > 0 {
				return a.reportRejects(args[0], rejects)
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutFactors(ctx, o.Set, fs); err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"file": args[0], "set": o.Set, "factors": len(fs)})
			}
			fmt.Fprintf(a.stdout, "%s: %d factors in set %s\n", args[0], len(fs), o.Set)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Set, "set", "", "the set's name (required)")
	f.StringVar(&o.Version, "version", "", "the set's version")
	f.StringVar(&o.Scheme, "scheme", "", "the scheme, when the file has no scheme column")
	f.StringVar(&o.Currency, "currency", "", "the currency, when the file has no currency column")
	f.IntVar(&o.PriceYear, "price-year", 0, "the price year, when the file has no price-year column")
	f.StringVar(&o.PriceBasis, "price-basis", "", "purchaser or basic, when the file has no price-basis column")
	f.StringVar(&o.Source, "source", "", "the source, when the file has no source column")
	f.StringVar(&o.Licence, "licence", "", "the licence, when the file has no licence column")
	f.StringVar(&o.GWP, "gwp", "", "the GWP basis (AR4, AR5, AR6)")
	f.BoolVar(&o.Estimate, "estimate", false, "label every factor as an estimate")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("set")
	return cmd
}

func (a *app) importConcordanceCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "concordance FILE",
		Short: "Load a concordance between code schemes (from_scheme, from_code, to_scheme, to_code): NACE, KOSTRA art or NAICS to CPV",
		Long: `The rows replace the stored rows between the same two schemes (the shipped
NAICS → CPV, KOSTRA art → CPV and NACE → CPV tables included). A factor of
one scheme applies to spend in the CPV categories its code maps to.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cs, rejects, err := climatefile.ReadConcordance(args[0])
			if err != nil {
				return err
			}
			if len(rejects) > 0 {
				return a.reportRejects(args[0], rejects)
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutConcordances(ctx, cs); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: %d rows\n", args[0], len(cs))
			return nil
		},
	}
}

func (a *app) importRatesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rates FILE",
		Short: "Load exchange rates and price indices (kind fx|deflator, currency, to, year, value, source)",
		Long: `fx: 1 unit of currency is value units of to, the year's average (either
direction serves). deflator: a price index of the currency for the year,
any base. Spend is deflated to a factor's price year in its own currency,
then exchanged at that year's rate. Rows replace rows of the same kind,
currencies and year.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rs, rejects, err := climatefile.ReadRates(args[0])
			if err != nil {
				return err
			}
			if len(rejects) > 0 {
				return a.reportRejects(args[0], rejects)
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutRates(ctx, rs); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: %d rates\n", args[0], len(rs))
			return nil
		},
	}
}

func (a *app) climateCommand() *cobra.Command {
	var buyerID, whatIf, supplier string
	var year, top int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "climate --buyer ID --year Y [--json] [--what-if CPV=KG[:CUR:YEAR] [--supplier ID]]",
		Short: "Print the spend-based climate footprint of a buyer's year: t CO2e by category, supplier and unit, with data quality",
		Long: `The footprint of the year's procurement spend, excluding VAT, with the
buyer's factor sets (see "climate use"; the shipped default set when none):
t CO2e, per million spent, by CPV group, supplier and org unit, each with a
data-quality grade (A supplier-specific, B category-specific, C fallback
factors, D spend without a factor), what no factor reached and why, and the
change since the year before. --what-if replaces the factor of a category
(of one supplier with --supplier) with a supplier-specific one. --json
prints the object "cityspend analyse --json" carries as co2e.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			fp, err := indicator.Footprint(ctx, st, b, year, indicator.Options{})
			if err != nil {
				return err
			}
			if whatIf != "" {
				o, err := climate.ParseOverride(whatIf, b.Currency, year)
				if err != nil {
					return usageError{err}
				}
				o.SupplierID = supplier
				if err := indicator.WhatIf(ctx, st, b, year, indicator.Options{}, fp, o); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(fp)
			}
			printFootprint(a, fp, top)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.IntVar(&year, "year", 0, "the year (the calendar year its fiscal year starts in) (required)")
	f.IntVar(&top, "top", 10, "rows of each list")
	f.StringVar(&whatIf, "what-if", "", "CPV=KG[:CURRENCY:YEAR]: the footprint with this factor for the category")
	f.StringVar(&supplier, "supplier", "", "with --what-if: only this supplier's spend in the category")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	cmd.AddCommand(a.climateUseCommand(), a.climateFactorsCommand())
	return cmd
}

func printFootprint(a *app, fp *climate.Footprint, top int) {
	w := a.stdout
	fmt.Fprintf(w, "%d: %.3f t CO2e on %s %s (%.3f t per million), factor set %s, data quality %s\n", fp.Year, fp.TotalT, fp.Spend, fp.Currency,
		fp.PerMillion, fp.Set, fp.Quality.Grade)
	if fp.Quality.Estimate {
		fmt.Fprintln(w, "estimate: some factors behind it are estimates")
	}
	if p := fp.Previous; p != nil {
		fmt.Fprintf(w, "%d: %.3f t (%+.3f t, %+.1f %%)\n", p.Year, p.TotalT, p.ChangeT, p.ChangePct*100)
	}
	for _, q := range []struct {
		name string
		p    climate.Part
	}{{"supplier-specific", fp.Quality.Supplier}, {"category-specific", fp.Quality.Category}, {"fallback", fp.Quality.Fallback},
		{"no factor", fp.Quality.None}} {
		fmt.Fprintf(w, "  %-18s %6.1f %% of spend  %12.3f t\n", q.name, q.p.Share*100, q.p.T)
	}
	for _, m := range fp.Quality.Missing {
		fmt.Fprintf(w, "  not counted: %s %s (%s)\n", m.Spend, fp.Currency, m.Reason)
	}
	for _, list := range []struct {
		name string
		fs   []climate.Figure
	}{{"categories", fp.ByCategory}, {"suppliers", fp.BySupplier}, {"units", fp.ByUnit}} {
		fmt.Fprintf(w, "top %s:\n", list.name)
		for i, f := range list.fs {
			if i == top {
				break
			}
			fmt.Fprintf(w, "  %-24.24s %-34.34s %12.3f t %6.1f %%  %s\n", f.Key, f.Label, f.T, f.Share*100, f.Quality)
		}
	}
	if wi := fp.WhatIf; wi != nil {
		fmt.Fprintf(w, "what if CPV %s used %g kg CO2e per %s (%d prices): %.3f t instead of %.3f t (%+.3f t)\n", wi.Category, wi.Factor, wi.Currency,
			wi.PriceYear, wi.TotalT, wi.BaseT, wi.ChangeT)
	}
}

func (a *app) climateUseCommand() *cobra.Command {
	var buyerID, sets string
	cmd := &cobra.Command{
		Use:   "use --buyer ID --sets NAME[,NAME...]",
		Short: "Choose a buyer's emission factor sets, in order of precedence (\"\" goes back to its country's shipped set)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			var names []string
			for _, n := range strings.Split(sets, ",") {
				if n = strings.TrimSpace(n); n == "" {
					continue
				}
				if factors.Shipped(n) != nil {
					names = append(names, n)
					continue
				}
				fs, err := st.Factors(ctx, n)
				if err != nil {
					return err
				}
				if len(fs) == 0 {
					return cityspend.Errorf(cityspend.ENOTFOUND, "no emission factor set %q (import it with `cityspend import factors`)", n)
				}
				names = append(names, n)
			}
			if err := st.SetSetting(ctx, buyerID, climate.SettingFactorSet, strings.Join(names, ",")); err != nil {
				return err
			}
			if len(names) == 0 {
				names = []string{factors.SetFor(b.Country)}
			}
			fmt.Fprintf(a.stdout, "buyer %s uses %s\n", buyerID, strings.Join(names, ", "))
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&sets, "sets", "", "factor sets, first first")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) climateFactorsCommand() *cobra.Command {
	var set string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "factors [--set NAME] [--json]",
		Short: "List the factor sets, or one set's factors with their sources and licences",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := climate.Factors(ctx, st, set)
			if err != nil {
				return err
			}
			if asJSON {
				if fs == nil {
					fs = []cityspend.EmissionFactor{}
				}
				return json.NewEncoder(a.stdout).Encode(fs)
			}
			if set == "" {
				count := map[string]int{}
				for _, f := range fs {
					count[f.Set]++
				}
				names := make([]string, 0, len(count))
				for n := range count {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					fmt.Fprintf(a.stdout, "%-24s %d factors\n", n, count[n])
				}
				return nil
			}
			for _, f := range fs {
				est := ""
				if f.Estimate {
					est = " (estimate)"
				}
				fmt.Fprintf(a.stdout, "%-8s %-10s %10.6f kg/%s %d %s  %s; %s%s\n", f.Scheme, f.Code, f.KgPerUnit, f.Currency, f.PriceYear, f.PriceBasis,
					f.Source, f.Licence, est)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&set, "set", "", "one set's factors")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
