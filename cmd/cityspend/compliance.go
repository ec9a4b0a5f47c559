// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/ingest/contracts"
	"github.com/cityspend/cityspend/refdata/thresholds"
	"github.com/cityspend/cityspend/register"
)

func (a *app) importContractsCommand() *cobra.Command {
	var buyerID, mapPath string
	var asJSON, dryRun bool
	cmd := &cobra.Command{
		Use:   "contracts --buyer ID [--map FILE] FILE",
		Short: "Load a buyer's contract register (CSV or XLSX); it replaces the register loaded before",
		Long: `Columns are found from their headers (Norwegian or English): contract id, title,
supplier(s) and organisation number(s) (several separated by ';'), CPV, start,
end, end with options (or extension months), maximum value, currency,
procedure, framework (yes/no), notice reference. A mapping file names
columns the headers do not: "field = header" or "field = #N". Every row is
checked; when any is bad, each is reported by line, field and reason and
nothing is stored. Lines are then linked to the contracts: by reference,
else by supplier, category and term. --dry-run shows the column each field
is read from, the headers not used, every contract as it would load and
every bad row, and stores nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			o := contracts.Options{Buyer: b}
			if mapPath != "" {
				if o.Mapping, err = contracts.LoadMapping(mapPath); err != nil {
					return usageError{err}
				}
			}
			namer, err := register.NewNamer(ctx, st, b.ID)
			if err != nil {
				return err
			}
			o.Supplier = namer.Supplier
			if dryRun {
				p, err := contracts.DryRun(args[0], o)
				if err != nil {
					return cityspend.Errorf(cityspend.EINVALID, "%v", err)
				}
				return a.printContractsPreview(p, asJSON)
			}
			cs, rejects, err := contracts.Read(args[0], o)
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%v", err)
			}
			if len(rejects) > 0 {
				for _, r := range rejects {
					fmt.Fprintf(a.stderr, "%s:%d: %s\n", filepath.Base(args[0]), r.Line, r.Reason)
				}
				return cityspend.Errorf(cityspend.EINVALID, "%s: %d rows are bad; nothing was stored", filepath.Base(args[0]), len(rejects))
			}
			if err := st.ReplaceContracts(ctx, b.ID, cs); err != nil {
				return err
			}
			// Classification links the lines (by reference, so that a
			// contract's CPV code decides its lines' category, then by
			// supplier, category and term).
			sum, err := classify.Run(ctx, st, b.ID, a.log)
			if err != nil {
				return err
			}
			byRef, byTerm := sum.LinkedByReference, sum.LinkedByTerm
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"file": args[0], "contracts": len(cs), "lines_by_reference": byRef,
					"lines_by_supplier_category_term": byTerm})
			}
			fmt.Fprintf(a.stdout, "%s: %d contracts; %d lines linked by reference, %d by supplier, category and term\n", args[0], len(cs), byRef, byTerm)
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&mapPath, "map", "", "mapping file")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show how the register would be read and what would load; store nothing")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

// printContractsPreview prints a register's dry run.
func (a *app) printContractsPreview(p contracts.Preview, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(p)
	}
	w := a.stdout
	fmt.Fprintf(w, "%s: header on line %d\n  columns:\n", p.File, p.Line)
	for _, c := range p.Columns {
		fmt.Fprintf(w, "    %-20s ← %q (column %d)\n", c.Field, c.Header, c.Column)
	}
	if len(p.Unused) > 0 {
		q := make([]string, len(p.Unused))
		for i, h := range p.Unused {
			q[i] = strconv.Quote(h)
		}
		fmt.Fprintf(w, "  not used: %s\n", strings.Join(q, ", "))
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		return t.Format("2006-01-02")
	}
	for _, c := range p.Contracts {
		var sup []string
		for _, s := range c.Suppliers {
			sup = append(sup, s.Name+" ("+s.SupplierID+")")
		}
		fmt.Fprintf(w, "  line %d: %s %q, %s; %s – %s", c.Line, c.ID, c.Title, strings.Join(sup, ", "), day(c.Start), day(c.End))
		if !c.Final.IsZero() && !c.Final.Equal(c.End) {
			fmt.Fprintf(w, " (%s with options)", day(c.Final))
		}
		if c.HasMax {
			fmt.Fprintf(w, ", at most %s %s", c.MaxValue, c.Currency)
		}
		if c.CPV != "" {
			fmt.Fprintf(w, ", CPV %s", c.CPV)
		}
		if c.Framework {
			fmt.Fprint(w, ", framework")
		}
		fmt.Fprintln(w)
	}
	for _, r := range p.Rejects {
		fmt.Fprintf(w, "  %s:%d: %s\n", p.File, r.Line, r.Reason)
	}
	verdict := "it would replace the register loaded before"
	if len(p.Rejects) > 0 {
		verdict = fmt.Sprintf("%d rows are bad: nothing would be stored", len(p.Rejects))
	}
	fmt.Fprintf(w, "%s: %d contracts would load, %d rows refused; %s; nothing was stored (a dry run)\n", p.File, len(p.Contracts), len(p.Rejects), verdict)
	return nil
}

func (a *app) contractsCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "contracts --buyer ID [--json]",
		Short: "List a buyer's contracts with the spend linked to each",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, _, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			cs, err := st.Contracts(ctx, buyerID)
			if err != nil {
				return err
			}
			if asJSON {
				if cs == nil {
					cs = []cityspend.ContractRow{}
				}
				return json.NewEncoder(a.stdout).Encode(cs)
			}
			for _, c := range cs {
				max := "no maximum"
				if c.HasMax {
					max = "max " + c.MaxValue.String()
				}
				fmt.Fprintf(a.stdout, "%-14s %-40.40s %s–%s %s  spend %s on %d lines\n", c.ID, c.Title, c.Start.Format("2006-01-02"),
					c.LastDay().Format("2006-01-02"), max, c.Spend, c.Lines)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) findingsCommand() *cobra.Command {
	var buyerID string
	var asJSON, keep bool
	var o compliance.Options
	cmd := &cobra.Command{
		Use:   "findings --buyer ID [--json]",
		Short: "Compute and list a buyer's findings: possible direct awards above thresholds, split purchases, concentration, contract overruns, expired contracts",
		Long: `Findings say "possible" and carry their evidence (line ids "batch:line").
Spend is added up per category (CPV group, else the account) and per
supplier and category over a rolling window (48 months) across the buyer
and any buyer with the same organisation number (a renumbered
municipality); the part no contract covers is compared with the thresholds
in force on the window's last day for the kind of purchase (works, the light
regime for social and other specific services, goods and services; see
cityspend thresholds). Spend with a public supplier (KF/FKF, IKS, another
public body), call-offs under a framework agreement of the register and
excluded services (property, loans, rail) is left out; each finding names
its rule (a /handbook/ page and the citation) and the exemptions checked.
--json prints one object per line.
People confirm or dismiss findings with "findings decide"; a dismissal
survives recomputation.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if !keep {
				if _, err := compliance.Compute(ctx, st, buyerID, o); err != nil {
					return err
				}
			} else if _, err := st.Buyer(ctx, buyerID); err != nil {
				return err
			}
			fs, err := st.Findings(ctx, buyerID)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(a.stdout)
			for _, f := range fs {
				if asJSON {
					if err := enc.Encode(compliance.JSON(f)); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(a.stdout, "%s  %-22s %-9s %s\n", f.ID, f.Kind, f.Status, f.Detail)
			}
			if !asJSON && len(fs) == 0 {
				fmt.Fprintln(a.stdout, "no findings")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.BoolVar(&asJSON, "json", false, "print JSON, one finding per line")
	f.BoolVar(&keep, "no-recompute", false, "list the stored findings without computing them again")
	f.IntVar(&o.WindowMonths, "window", 48, "months of the value aggregation window")
	f.Float64Var(&o.SplitBand, "split-band", 0.1, "a split purchase's invoices are within this share under a threshold")
	f.IntVar(&o.SplitWindowMonths, "split-window", 6, "months a split-purchase cluster may span")
	f.IntVar(&o.SplitMinLines, "split-lines", 3, "invoices a split-purchase cluster needs")
	f.Float64Var(&o.SupplierShare, "supplier-share", 0.5, "concentration: one supplier's share of a category")
	f.Float64Var(&o.HHI, "hhi", 0.25, "concentration: the Herfindahl–Hirschman index of a category")
	cmd.MarkFlagRequired("buyer")
	cmd.AddCommand(a.findingsDecideCommand())
	return cmd
}

func (a *app) findingsDecideCommand() *cobra.Command {
	var d cityspend.FindingDecision
	cmd := &cobra.Command{
		Use:   "decide --buyer ID --id FINDING --status confirmed|dismissed|new --who NAME --why REASON",
		Short: "Confirm or dismiss a finding (kept in the audit trail)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			switch d.Status {
			case cityspend.StatusConfirmed, cityspend.StatusDismissed, cityspend.StatusNew:
			default:
				return usageError{fmt.Errorf("--status %q: use confirmed, dismissed or new", d.Status)}
			}
			if strings.TrimSpace(d.Who) == "" || strings.TrimSpace(d.Why) == "" {
				return usageError{fmt.Errorf("say who decides (--who) and why (--why)")}
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := st.Findings(ctx, d.BuyerID)
			if err != nil {
				return err
			}
			found := false
			for _, f := range fs {
				found = found || f.ID == d.FindingID
			}
			if !found {
				return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no finding %s", d.BuyerID, d.FindingID)
			}
			d.At = time.Now().UTC()
			if err := st.PutFindingDecision(ctx, d); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "finding %s: %s\n", d.FindingID, d.Status)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&d.BuyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&d.FindingID, "id", "", "finding id (required)")
	f.StringVar(&d.Status, "status", "", "confirmed, dismissed or new (required)")
	f.StringVar(&d.Who, "who", a.currentUser(), "who decides")
	f.StringVar(&d.Why, "why", "", "why (required)")
	for _, n := range []string{"buyer", "id", "status", "why"} {
		cmd.MarkFlagRequired(n)
	}
	return cmd
}

func (a *app) thresholdsCommand() *cobra.Command {
	var regime string
	var rows []string
	var reset bool
	cmd := &cobra.Command{
		Use:   `thresholds [--regime NO] [--set "KIND AMOUNT CURRENCY FROM [TO] NAME"]... [--reset]`,
		Short: "Show or change the procurement thresholds (dated rows; a regime's own rows replace the shipped ones)",
		Long: `KIND is goods_services, works, light (social and other specific services)
or any; AMOUNT excludes VAT; FROM and TO are dates (TO exclusive, "-" for
open). --set, repeated, replaces the regime's rows; --reset goes back to the
shipped rows. Each shipped row prints its source (act, section, official
notice) and its legal-handbook page; "incl. VAT" marks the UK's amounts,
which include VAT in law (findings compare them net of the standard rate).
Rows for central government only ("central") do not apply to municipalities.

  cityspend thresholds --regime NO --set "any 100000 NOK 2017-01-01 - the regulations' floor" \
    --set "any 1300000 NOK 2022-01-01 - national threshold" --set "goods_services 2300000 NOK 2024-01-01 - EEA threshold"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var ts []cityspend.Threshold
			for _, r := range rows {
				f := strings.Fields(r)
				if len(f) < 6 {
					return usageError{fmt.Errorf("--set %q: give KIND AMOUNT CURRENCY FROM TO NAME", r)}
				}
				t := cityspend.Threshold{Regime: regime, Kind: f[0], Currency: strings.ToUpper(f[2]), Name: strings.Join(f[5:], " ")}
				if !slices.Contains(thresholds.Kinds, t.Kind) {
					return usageError{fmt.Errorf("--set %q: kind is goods_services, works, light or any", r)}
				}
				amt, err := cityspend.ParseAmount(f[1])
				if err != nil || amt <= 0 {
					return usageError{fmt.Errorf("--set %q: %q is not an amount", r, f[1])}
				}
				t.Amount = amt
				if t.ValidFrom, err = time.Parse("2006-01-02", f[3]); err != nil {
					return usageError{fmt.Errorf("--set %q: %q is not a date (yyyy-mm-dd)", r, f[3])}
				}
				if f[4] != "-" {
					if t.ValidTo, err = time.Parse("2006-01-02", f[4]); err != nil || !t.ValidTo.After(t.ValidFrom) {
						return usageError{fmt.Errorf("--set %q: %q is not a date after the start", r, f[4])}
					}
				}
				ts = append(ts, t)
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if len(ts) > 0 || reset {
				if err := st.SetThresholds(ctx, regime, ts); err != nil {
					return err
				}
			}
			user, err := st.Thresholds(ctx)
			if err != nil {
				return err
			}
			for _, t := range thresholds.NewTable(user) {
				if regime != "" && t.Regime != regime {
					continue
				}
				to := "-"
				if !t.ValidTo.IsZero() {
					to = t.ValidTo.Format("2006-01-02")
				}
				fmt.Fprintf(a.stdout, "%-3s %-15s %16s %s  %s–%s  %s", t.Regime, t.Kind, t.Amount, t.Currency, t.ValidFrom.Format("2006-01-02"), to, t.Name)
				if t.IncludesVAT {
					fmt.Fprint(a.stdout, " (incl. VAT)")
				}
				if t.Authority == thresholds.Central {
					fmt.Fprint(a.stdout, " (central government only)")
				}
				fmt.Fprintln(a.stdout)
				if t.Rule != "" || t.Source != "" {
					src := t.Source
					if src == "" {
						src = "set by the user"
					}
					fmt.Fprintf(a.stdout, "    /handbook/%s  %s\n", t.Rule, src)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&regime, "regime", "", "NO, EU or UK (required to change)")
	cmd.Flags().StringArrayVar(&rows, "set", nil, "a threshold row (repeat; replaces the regime's rows)")
	cmd.Flags().BoolVar(&reset, "reset", false, "go back to the shipped rows of the regime")
	return cmd
}
