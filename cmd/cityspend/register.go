// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/municipalities"
	"github.com/cityspend/cityspend/ingest/tabular"
	truthfile "github.com/cityspend/cityspend/ingest/truth"
	"github.com/cityspend/cityspend/register"
	"github.com/cityspend/cityspend/register/brreg"
	"github.com/cityspend/cityspend/register/regcsv"
)

// registerSummary is the JSON contract of `import register --json`.
type registerSummary struct {
	File          string  `json:"file"`
	Format        string  `json:"format,omitempty"`
	Kind          string  `json:"kind,omitempty"`
	UnitsRead     int64   `json:"units_read"`
	UnitsLoaded   int64   `json:"units_loaded"`
	UnitsRejected int64   `json:"units_rejected"`
	UnitsChanged  int64   `json:"units_changed"`
	Seconds       float64 `json:"seconds"`
}

func (a *app) importRegisterCommand() *cobra.Command {
	var asJSON, noResolve bool
	cmd := &cobra.Command{
		Use:   "register brreg|csv [--json] FILE",
		Short: "Import a business register: Enhetsregisteret bulk files (brreg) or the generic register CSV",
		Long: `Import a business register.

  brreg  Enhetsregisteret's bulk files: the units file or the sub-units file
         (underenheter), as a JSON array or as CSV with dotted headers, plain
         or gzipped. The kind of file is recognised from its first unit.
  csv    the generic register CSV for other countries (see docs/registers.md).

A re-import replaces known units and records changes of their municipality,
industry code, head count and bankruptcy. Afterwards every buyer's payees are
resolved again (--no-resolve skips that).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind, file := args[0], args[1]
			var src cityspend.RegisterReader
			sum := registerSummary{File: file}
			switch kind {
			case "brreg":
				r, err := brreg.Open(file)
				if err != nil {
					return cityspend.Errorf(cityspend.EINVALID, "%s: %v", file, err)
				}
				defer r.Close()
				src, sum.Format = r, r.Format
				defer func() { sum.Kind = r.Kind }()
			case "csv":
				r, err := regcsv.Open(file)
				if err != nil {
					return cityspend.Errorf(cityspend.EINVALID, "%s: %v", file, err)
				}
				defer r.Close()
				src, sum.Format = r, "csv"
			default:
				return usageError{fmt.Errorf("register kind %q: use brreg or csv", kind)}
			}
			hash, err := tabular.FileSHA256(file)
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			batch := cityspend.RegisterBatch{Source: kind, FileName: filepath.Base(file), SHA256: hash}
			a.log.Info("importing register", "file", file)
			if err := st.ImportRegister(ctx, &batch, src); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			sum.UnitsRead, sum.UnitsLoaded, sum.UnitsRejected, sum.UnitsChanged = batch.UnitsRead, batch.UnitsLoaded, batch.UnitsRejected, batch.UnitsChanged
			sum.Seconds = time.Since(start).Seconds()
			if br, ok := src.(*brreg.Reader); ok {
				sum.Kind = br.Kind
			}
			if !noResolve {
				if _, err := enrich.Run(ctx, st, enrich.Options{Log: a.log}); err != nil {
					return err
				}
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]int64{"units_read": sum.UnitsRead, "units_loaded": sum.UnitsLoaded,
					"units_rejected": sum.UnitsRejected, "units_changed": sum.UnitsChanged})
			}
			fmt.Fprintf(a.stdout, "%s (%s %s): %d units read, %d loaded, %d rejected, %d changed, in %.1f s\n", file, sum.Format, sum.Kind,
				sum.UnitsRead, sum.UnitsLoaded, sum.UnitsRejected, sum.UnitsChanged, sum.Seconds)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"units_read":N,"units_loaded":N,"units_rejected":N}`)
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false, "do not resolve the buyers' payees again")
	return cmd
}

func (a *app) resolveCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "resolve [--buyer ID] [--json]",
		Short: "Resolve payees to registered organisations and profile the suppliers",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			reps, err := enrich.Resolve(cmd.Context(), st, buyers(buyerID), a.log)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(reps)
			}
			for _, r := range reps {
				fmt.Fprintf(a.stdout, "%s: %d payees, %d suppliers; by method %v; %d unresolved\n", r.BuyerID, r.Payees, r.Suppliers, r.ByMethod, r.Unresolved)
				r.SortAmbiguous()
				for i, n := range r.Ambiguous {
					if i == 10 {
						fmt.Fprintf(a.stdout, "  … and %d more ambiguous names\n", len(r.Ambiguous)-10)
						break
					}
					fmt.Fprintf(a.stdout, "  ambiguous: %s\n", n)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (default: every buyer)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var truth, country string
	var evalJSON, evalDetail bool
	eval := &cobra.Command{
		Use:   "evaluate --truth FILE [--json [--detail]]",
		Short: "Measure name resolution on a labelled set (name, org_number[, postcode, municipality, town, text, country, buyer_municipality, kind])",
		Long: `Resolve each name of a labelled CSV against the loaded registers, by its
name and hints alone and without storing anything, and compare with the
label. precision = correct / resolved, recall = correct / names. By clue:
the names each clue (legal_form, postcode, town, branch, municipality,
sub_unit, number, spelling, buyer_municipality; name for the name alone)
helped resolve, and how many rightly; by kind: the figures of each kind of
case, when the set has a kind column. Hints: postcode, municipality and
town of the payee, text (other text of its line, such as its
description), country (of numbers without a prefix) and
buyer_municipality. The generator's FILE.truth.csv is such a set, and
cityspend gen names writes a harder one with its registers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			names, err := truthfile.ReadNames(truth)
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%v", err)
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			ix, err := register.LoadIndex(cmd.Context(), st)
			if err != nil {
				return err
			}
			if ix.Len() == 0 {
				return cityspend.Errorf(cityspend.EINVALID, "no register is loaded: import one first (cityspend import register)")
			}
			ev := register.Evaluate(ix, names, country)
			if evalJSON {
				// The five figures are a contract (scripts read them as
				// numbers); the breakdowns come only when asked for.
				out := map[string]any{"names": ev.Names, "resolved": ev.Resolved, "correct": ev.Correct,
					"precision": ev.Precision, "recall": ev.Recall}
				if evalDetail {
					out["by_clue"], out["by_kind"] = ev.ByClue, ev.ByKind
				}
				return json.NewEncoder(a.stdout).Encode(out)
			}
			fmt.Fprintf(a.stdout, "%d names: %d resolved, %d correct; precision %.4f, recall %.4f\n", ev.Names, ev.Resolved, ev.Correct, ev.Precision, ev.Recall)
			for _, c := range slices.Sorted(maps.Keys(ev.ByClue)) {
				cc := ev.ByClue[c]
				fmt.Fprintf(a.stdout, "  by %s: %d resolved, %d correct\n", c, cc.Resolved, cc.Correct)
			}
			for _, k := range slices.Sorted(maps.Keys(ev.ByKind)) {
				kc := ev.ByKind[k]
				fmt.Fprintf(a.stdout, "  %s: %d names, %d resolved, %d correct; precision %.4f, recall %.4f\n", k, kc.Names, kc.Resolved, kc.Correct, kc.Precision, kc.Recall)
			}
			for _, w := range ev.Wrong {
				fmt.Fprintf(a.stdout, "  wrong: %s\n", w)
			}
			for i, m := range ev.Missed {
				if i == 10 {
					break
				}
				fmt.Fprintf(a.stdout, "  missed: %s\n", m)
			}
			return nil
		},
	}
	eval.Flags().StringVar(&truth, "truth", "", "labelled CSV (required)")
	eval.Flags().StringVar(&country, "country", "NO", "country of organisation numbers without a prefix")
	eval.Flags().BoolVar(&evalJSON, "json", false, `print {"names":N,"resolved":N,"correct":N,"precision":…,"recall":…}`)
	eval.Flags().BoolVar(&evalDetail, "detail", false, `with --json, add "by_clue" and "by_kind": {"legal_form":{"resolved":N,"correct":N,"precision":…},…}`)
	eval.MarkFlagRequired("truth")
	cmd.AddCommand(eval, a.resolveReviewCommand(), a.resolveDecideCommand())
	return cmd
}

func (a *app) suppliersCommand() *cobra.Command {
	var buyerID, search, place string
	var year int
	var unresolved, asJSON bool
	cmd := &cobra.Command{
		Use:   "suppliers --buyer ID [--year Y] [--unresolved] [--json]",
		Short: "List a buyer's suppliers with their resolution, place, type, size, sector and spend",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, b, err := a.openBuyer(cmd.Context(), buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			f := cityspend.SupplierFilter{BuyerID: buyerID, Unresolved: unresolved, Search: search, Place: place}
			if year != 0 {
				f.Period = b.FiscalYear(year)
			}
			rows, err := st.Suppliers(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]supplierJSON, 0, len(rows))
				for _, r := range rows {
					out = append(out, toSupplierJSON(r))
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tORG NUMBER\tMATCH\tPLACE\tTYPE\tSIZE\tNACE\tSPEND")
			for _, r := range rows {
				j := toSupplierJSON(r)
				fmt.Fprintf(tw, "%s\t%s\t%s %.2f\t%s\t%s\t%s\t%s\t%s\n", trunc(r.Name, 40), j.OrgNumber, orDash(r.Method), r.Score, r.Place, r.Type, r.Size, orDash(r.NACE), r.Spend)
			}
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.IntVar(&year, "year", 0, "spend of one fiscal year (default: all years)")
	f.BoolVar(&unresolved, "unresolved", false, "only suppliers not resolved to a registered organisation")
	f.StringVar(&search, "search", "", "only names or numbers containing this")
	f.StringVar(&place, "place", "", "only one place band: L0, L1, L2, L3, unknown")
	f.BoolVar(&asJSON, "json", false, "print JSON: one object per supplier")
	cmd.MarkFlagRequired("buyer")
	cmd.AddCommand(a.overrideCommand(), a.payeesCommand())
	return cmd
}

// supplierJSON is the JSON contract of `suppliers --json`.
type supplierJSON struct {
	SupplierID   string           `json:"supplier_id"`
	Name         string           `json:"name"`
	OrgNumber    string           `json:"org_number"`
	MatchMethod  string           `json:"match_method"`
	Score        float64          `json:"score"`
	Place        string           `json:"place"`
	PlaceReason  string           `json:"place_reason"`
	Type         string           `json:"type"`
	TypeReason   string           `json:"type_reason"`
	Size         string           `json:"size"`
	SizeBasis    string           `json:"size_basis"`
	NACE         string           `json:"nace"`
	NACESection  string           `json:"nace_section"`
	NACEDivision string           `json:"nace_division"`
	Municipality string           `json:"municipality,omitempty"`
	Payees       int              `json:"payees"`
	Lines        int64            `json:"lines"`
	Spend        cityspend.Amount `json:"spend"`
}

func toSupplierJSON(r cityspend.SupplierRow) supplierJSON {
	j := supplierJSON{SupplierID: r.SupplierID, Name: r.Name, MatchMethod: orNone(r.Method), Score: r.Score, Place: r.Place,
		PlaceReason: r.PlaceReason, Type: r.Type, TypeReason: r.TypeReason, Size: r.Size, SizeBasis: r.SizeBasis, NACE: r.NACE,
		NACESection: r.NACESection, NACEDivision: r.NACEDivision, Municipality: r.Municipality, Payees: r.Payees, Lines: r.Lines, Spend: r.Spend}
	if r.Org != nil {
		j.OrgNumber = r.Org.ID
	}
	return j
}

func orNone(m string) string {
	if m == "" {
		return "none"
	}
	return m
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func trunc(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (a *app) overrideCommand() *cobra.Command {
	var buyerID, to, who, why string
	var payeeID int
	var unresolved bool
	cmd := &cobra.Command{
		Use:   "override --buyer ID --payee N (--to ORGNUMBER | --unresolved) --why TEXT [--who NAME]",
		Short: "Decide by hand which organisation a payee is (kept, audited and re-applied on every import)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (to == "") == !unresolved {
				return usageError{fmt.Errorf("give either --to ORGNUMBER or --unresolved")}
			}
			if strings.TrimSpace(why) == "" {
				return usageError{fmt.Errorf("--why is required: say why, for the audit trail")}
			}
			ctx := cmd.Context()
			st, b, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			payees, err := st.Payees(ctx, buyerID)
			if err != nil {
				return err
			}
			var p *cityspend.PayeeRecord
			for i := range payees {
				if int(payees[i].ID) == payeeID {
					p = &payees[i]
				}
			}
			if p == nil {
				return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no payee %d (see `cityspend suppliers payees`)", buyerID, payeeID)
			}
			o := cityspend.Override{BuyerID: buyerID, Payee: p.Payee, Who: who, Why: why}
			if to != "" {
				id, ok := cityspend.NormalizeOrgNumber(to, b.Country)
				if !ok {
					return usageError{fmt.Errorf("--to %q is not an organisation number", to)}
				}
				o.SupplierID = "org:" + id.String()
			}
			if err := st.PutOverride(ctx, o); err != nil {
				return err
			}
			if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: buyers(buyerID), Log: a.log}); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "payee %d (%s) → %s, decided by %s\n", payeeID, p.Payee.Name, orDash(o.SupplierID), who)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.IntVar(&payeeID, "payee", 0, "payee id (required; see `cityspend suppliers payees`)")
	f.StringVar(&to, "to", "", "the organisation number the payee is")
	f.BoolVar(&unresolved, "unresolved", false, "keep the payee unresolved")
	f.StringVar(&why, "why", "", "the reason (required)")
	f.StringVar(&who, "who", currentUser(), "who decides")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("payee")
	return cmd
}

func (a *app) payeesCommand() *cobra.Command {
	var buyerID string
	var unresolved, asJSON bool
	cmd := &cobra.Command{
		Use:   "payees --buyer ID [--unresolved] [--json]",
		Short: "List a buyer's payees (suppliers as its files name them) and how each was resolved",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			ps, err := st.Payees(cmd.Context(), buyerID)
			if err != nil {
				return err
			}
			var out []cityspend.PayeeRecord
			for _, p := range ps {
				if !unresolved || !strings.HasPrefix(p.Resolution.SupplierID, "org:") {
					out = append(out, p)
				}
			}
			if asJSON {
				if out == nil {
					out = []cityspend.PayeeRecord{}
				}
				return json.NewEncoder(a.stdout).Encode(out)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tORG NUMBER\tSUPPLIER\tMETHOD\tREASON\tSPEND")
			for _, p := range out {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, trunc(p.Payee.Name, 36), p.Payee.OrgNumber, p.Resolution.SupplierID,
					orNone(p.Resolution.Method), trunc(p.Resolution.Reason, 50), p.Spend)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&unresolved, "unresolved", false, "only payees not resolved to a registered organisation")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) importMunicipalitiesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "municipalities FILE",
		Short: "Add municipality codes with their history (CSV: country,code,name,valid_from,valid_to,successor)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			codes, err := municipalities.Read(args[0])
			if err != nil {
				return cityspend.Errorf(cityspend.EINVALID, "%v", err)
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.AddMunicipalityCodes(cmd.Context(), codes); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%d municipality codes added\n", len(codes))
			_, err = enrich.Run(cmd.Context(), st, enrich.Options{Log: a.log})
			return err
		},
	}
}

func (a *app) buyerPlacesCommand() *cobra.Command {
	var id string
	var l0, l1, l0post, l1post, dep, depPost, depLoc []string
	cmd := &cobra.Command{
		Use:   "places --id ID [--local CODES] [--region CODES] [--local-postcodes PREFIXES] [--region-postcodes PREFIXES] [--deprived-postcodes PREFIXES] ...",
		Short: "Set a buyer's local area (L0), region (L1) and deprived areas where the defaults do not fit",
		Long: `By default a buyer's local area (L0) is its municipality and, in Norway, its
region (L1) its county, and no area is marked deprived. These flags replace
all of the buyer's rules at once (give every rule you want in one command):
municipality codes and postcode prefixes for L0 and L1 (a region list
replaces the county), and the deprived areas whose share of the spend the
analysis reports, by municipality code, postcode prefix or post town. With
no flags, the rules are printed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := a.openBuyer(cmd.Context(), id, "")
			if err != nil {
				return err
			}
			defer st.Close()
			var rules []cityspend.PlaceRule
			add := func(band, kind string, vals []string) {
				for _, v := range vals {
					if v = strings.TrimSpace(v); v != "" {
						rules = append(rules, cityspend.PlaceRule{Band: band, Kind: kind, Value: v})
					}
				}
			}
			add(cityspend.PlaceLocal, "municipality", l0)
			add(cityspend.PlaceRegion, "municipality", l1)
			add(cityspend.PlaceLocal, "postcode_prefix", l0post)
			add(cityspend.PlaceRegion, "postcode_prefix", l1post)
			add("deprived", "municipality", dep)
			add("deprived", "postcode_prefix", depPost)
			add("deprived", "locality", depLoc)
			if cmd.Flags().NFlag() > 1 || len(rules) > 0 {
				if err := st.SetPlaceRules(cmd.Context(), id, rules); err != nil {
					return err
				}
				if _, err := enrich.Run(cmd.Context(), st, enrich.Options{Buyers: buyers(id), Log: a.log}); err != nil {
					return err
				}
			}
			cur, err := st.PlaceRules(cmd.Context(), id)
			if err != nil {
				return err
			}
			if len(cur) == 0 {
				fmt.Fprintln(a.stdout, "default: L0 is the buyer's municipality, L1 its county")
			}
			for _, r := range cur {
				fmt.Fprintf(a.stdout, "%s %s %s\n", r.Band, r.Kind, r.Value)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&id, "id", "", "buyer id (required)")
	f.StringSliceVar(&l0, "local", nil, "extra municipality codes in the local area (L0)")
	f.StringSliceVar(&l1, "region", nil, "municipality codes of the region (L1), replacing the county")
	f.StringSliceVar(&l0post, "local-postcodes", nil, "postcode prefixes of the local area")
	f.StringSliceVar(&l1post, "region-postcodes", nil, "postcode prefixes of the region")
	f.StringSliceVar(&dep, "deprived", nil, "municipality codes of deprived areas")
	f.StringSliceVar(&depPost, "deprived-postcodes", nil, "postcode prefixes of deprived areas")
	f.StringSliceVar(&depLoc, "deprived-localities", nil, "post towns of deprived areas")
	cmd.MarkFlagRequired("id")
	return cmd
}

func currentUser() string {
	if u := strings.TrimSpace(os.Getenv("USER")); u != "" {
		return u
	}
	return "cli"
}
