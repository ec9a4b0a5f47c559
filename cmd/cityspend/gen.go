// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/gen"
)

func (a *app) genCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "gen", Short: "Generate synthetic data (ledgers, business registers)"}
	var seed uint64
	var lines int64
	var format, out, muni string
	var year, years int
	var asJSON bool
	ledgerCmd := &cobra.Command{
		Use:   "ledger [--seed S] [--lines N] [--format csv|xlsx|messy] [--municipality CODE] [--year Y] [--years N] -o FILE",
		Short: "Generate a Norwegian municipality's ledger and its truth file (FILE.truth.csv)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageError{fmt.Errorf("-o FILE is required")}
			}
			if year == 0 {
				year = gen.RecentYear()
			}
			u := gen.NewUniverse(seed)
			opts := gen.LedgerOptions{Seed: seed, Municipality: muni, FromYear: year, Years: years, Lines: lines, Format: format}
			if a.interactive() {
				bar := newBar(a, "generating")
				opts.Progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
				defer bar.Clear()
			}
			st, err := gen.WriteLedgerFile(cmd.Context(), out, u, opts)
			if err != nil {
				return usageError{err}
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"file": out, "stats": st})
			}
			fmt.Fprintf(a.stdout, "wrote %s: %d lines (%d without organisation number, %d credit notes), %d supplier records; truth in %s\n",
				out, st.Lines, st.NoOrg, st.Credits, st.Suppliers, st.TruthFile)
			return nil
		},
	}
	f := ledgerCmd.Flags()
	f.Uint64Var(&seed, "seed", 1, "seed: the same seed gives the same data")
	f.Int64Var(&lines, "lines", 10000, "number of ledger lines")
	f.StringVar(&format, "format", gen.FormatCSV, "csv (UTF-8, comma), xlsx, or messy (Windows-1252, semicolon, decimal comma, dd.mm.yyyy)")
	f.StringVar(&muni, "municipality", "3909", "the buying municipality (Vestfold kommunenummer: 3901, 3903, 3905, 3907, 3909, 3911)")
	f.IntVar(&year, "year", 0, "first year (default: two years ago)")
	f.IntVar(&years, "years", 2, "number of years")
	f.StringVarP(&out, "output", "o", "", "output file (required)")
	f.BoolVar(&asJSON, "json", false, "print JSON")

	var units int64
	var rseed uint64
	var rout string
	var rlines int64
	registerCmd := &cobra.Command{
		Use:   "register [--seed S] [--units N] -o FILE[.gz]",
		Short: "Generate a business register in the Brønnøysund bulk JSON format",
		Long: `Generate a business register (Enhetsregisteret bulk JSON: an array of units,
gzipped when FILE ends in .gz) holding every supplier of the synthetic
municipalities of the same seed, then invented firms up to --units.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if rout == "" {
				return usageError{fmt.Errorf("-o FILE is required")}
			}
			if units == 0 {
				units = rlines
			}
			u := gen.NewUniverse(rseed)
			opts := gen.RegisterOptions{Units: units}
			if a.interactive() {
				bar := newBar(a, "generating")
				opts.Progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
				defer bar.Clear()
			}
			n, err := gen.WriteRegisterFile(cmd.Context(), rout, u, opts)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"file": rout, "units": n})
			}
			fmt.Fprintf(a.stdout, "wrote %s: %d units\n", rout, n)
			return nil
		},
	}
	rf := registerCmd.Flags()
	rf.Uint64Var(&rseed, "seed", 1, "seed: use the ledger's seed so the register holds its suppliers")
	rf.Int64Var(&units, "units", 0, "units in the file (default: the synthetic municipalities' suppliers only)")
	rf.Int64Var(&rlines, "lines", 0, "same as --units")
	rf.StringVarP(&rout, "output", "o", "", "output file (required)")
	rf.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(ledgerCmd, registerCmd, a.genNamesCommand())
	return cmd
}

func (a *app) genNamesCommand() *cobra.Command {
	var seed uint64
	var groups int
	var filler int64
	var dir string
	var asJSON bool
	var plain, omitForm int
	cmd := &cobra.Command{
		Use:   "names [--seed S] [--groups N] [--plain N] [--filler N] [--omit-form PCT] --dir DIR",
		Short: "Generate a labelled set of hard names (legal forms, near-duplicates, branches) with its registers",
		Long: `Generate a labelled set for name resolution where names are hard to tell
apart (the same name under several legal forms, names that fold alike,
near-duplicates, one name in two places, branches and shops, in Norway and
the UK; with as many names drawn from the rest of the registers), each
written as a clerk might, with the hints of its line (a postcode, a
description with a number, the buyer's municipality) and its kind, and the
registers it resolves against, into DIR:

  ` + gen.NameSetUnits + `      Norwegian units (Enhetsregisteret bulk JSON)
  ` + gen.NameSetSubunits + ` their branches (the sub-units file)
  ` + gen.NameSetGB + `       British companies and branches (generic register CSV)
  ` + gen.NameSetTruth + `             the labelled names, with the hints of their lines

Load the registers (cityspend import register brreg …, csv …) and measure
with cityspend resolve evaluate --truth DIR/` + gen.NameSetTruth + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usageError{fmt.Errorf("--dir DIR is required")}
			}
			st, err := gen.WriteNameSet(cmd.Context(), dir, seed, gen.NameSetOptions{Groups: groups, Filler: filler, Plain: plain, OmitForm: omitForm})
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(st)
			}
			fmt.Fprintf(a.stdout, "wrote %s: %d labelled names; %d Norwegian units, %d sub-units, %d British companies and branches\n",
				dir, st.Names, st.Units, st.Subunits, st.GBUnits)
			return nil
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&seed, "seed", 1, "seed: the same seed gives the same set")
	f.IntVar(&groups, "groups", 0, "groups of organisations whose names are hard to tell apart (default 600)")
	f.Int64Var(&filler, "filler", 0, "other Norwegian organisations in the register (default 30000; a third as many British)")
	f.IntVar(&plain, "plain", 0, "organisations drawn from the rest of the registers, named as clerks do (default: twice --groups)")
	f.IntVar(&omitForm, "omit-form", 0, "per cent of names written without their legal form (default 10)")
	f.StringVar(&dir, "dir", "", "directory to write into (required)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
