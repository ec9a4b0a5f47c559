// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
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
	"github.com/cityspend/cityspend/register/charity"
	"github.com/cityspend/cityspend/register/companieshouse"
	"github.com/cityspend/cityspend/register/regcsv"
	"github.com/cityspend/cityspend/register/sirene"
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

// registerKinds are the register files `import register` reads.
var registerKinds = []string{"brreg", "companies-house", "charities", "sirene", "csv"}

// openRegister opens a register file of a kind; the reader reports its
// progress in bytes of the file, and says its format and kind.
func openRegister(kind, file string) (src registerSource, err error) {
	switch kind {
	case "brreg":
		r, err := brreg.Open(file)
		if err != nil {
			return nil, err
		}
		return brregSource{r}, nil
	case "companies-house":
		r, err := companieshouse.Open(file)
		if err != nil {
			return nil, err
		}
		return sourceOf{r, r.Format, "companies"}, nil
	case "charities":
		r, err := charity.Open(file)
		if err != nil {
			return nil, err
		}
		return sourceOf{r, r.Format, r.Register}, nil
	case "sirene":
		r, err := sirene.Open(file)
		if err != nil {
			return nil, err
		}
		return sourceOf{r, r.Format, r.Kind}, nil
	case "csv":
		r, err := regcsv.Open(file)
		if err != nil {
			return nil, err
		}
		return sourceOf{r, "csv", ""}, nil
	}
	return nil, usageError{fmt.Errorf("register kind %q: use %s", kind, strings.Join(registerKinds, ", "))}
}

// registerSource is an open register file.
type registerSource interface {
	cityspend.RegisterReader
	Close() error
	Describe() (format, kind string)
}

type progressReader interface {
	cityspend.RegisterReader
	Close() error
	Progress() (done, total int64)
}

type sourceOf struct {
	cityspend.RegisterReader
	format, kind string
}

func (s sourceOf) Close() error {
	if c, ok := s.RegisterReader.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

func (s sourceOf) Describe() (string, string) { return s.format, s.kind }

func (s sourceOf) Progress() (int64, int64) {
	if p, ok := s.RegisterReader.(interface{ Progress() (int64, int64) }); ok {
		return p.Progress()
	}
	return 0, 0
}

type brregSource struct{ *brreg.Reader }

func (b brregSource) Describe() (string, string) { return b.Format, b.Kind }

// watched counts a register file's units as they are read, keeps the
// first rejects to show, and moves a progress bar.
type watched struct {
	registerSource
	rejects []cityspend.Reject
	more    int
	onRead  func()
}

func (w *watched) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	rows, err := w.registerSource.ReadUnits(ctx)
	for _, r := range rows {
		if r.Reject != nil {
			if len(w.rejects) < 10 {
				w.rejects = append(w.rejects, *r.Reject)
			} else {
				w.more++
			}
		}
	}
	if w.onRead != nil {
		w.onRead()
	}
	return rows, err
}

func (a *app) importRegisterCommand() *cobra.Command {
	var asJSON, noResolve bool
	cmd := &cobra.Command{
		Use:   "register brreg|companies-house|charities|sirene|csv [--json] FILE...",
		Short: "Import a business register in its official bulk format, or the generic register CSV",
		Long: `Import a business register: one or more files of one kind (part files of
the same register, the units and the establishments of SIRENE).

  brreg            Enhetsregisteret's bulk files (Norway): the units file or
                   the sub-units file (underenheter), as a JSON array or as
                   CSV with dotted headers, plain or gzipped. The kind of
                   file is recognised from its first unit.
  companies-house  Companies House's Free Company Data Product (UK):
                   BasicCompanyData CSV, one file or its parts, plain or in
                   the zip archives it is downloaded as.
  charities        The charity registers (UK): the Charity Commission for
                   England and Wales's extract (publicextract.charity, JSON
                   or text, plain or zipped), OSCR's register download and
                   CCNI's export. Which one is recognised from the file.
  sirene           INSEE's SIRENE stock files (France): StockUniteLegale and
                   StockEtablissement, CSV, plain or zipped. Which one is
                   recognised from the header.
  csv              the generic register CSV for other countries (see
                   docs/registers.md).

Each file is imported in one transaction. A re-import replaces known units
and records changes of their municipality, industry code, head count,
bankruptcy and status. Afterwards every buyer's payees are resolved again
(--no-resolve skips that).`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind, files := args[0], args[1:]
			if !slices.Contains(registerKinds, kind) {
				return usageError{fmt.Errorf("register kind %q: use %s", kind, strings.Join(registerKinds, ", "))}
			}
			st, err := a.openStore(ctx, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			failed := 0
			for _, file := range files {
				sum, err := a.importRegisterFile(ctx, st, kind, file, asJSON)
				if err != nil {
					failed++
					if len(files) == 1 {
						return err
					}
					fmt.Fprintf(a.stderr, "%s: %s\n", file, message(err))
					if errors.Is(err, ctx.Err()) && ctx.Err() != nil {
						return err
					}
					continue
				}
				if asJSON {
					if err := json.NewEncoder(a.stdout).Encode(map[string]any{"units_read": sum.UnitsRead, "units_loaded": sum.UnitsLoaded,
						"units_rejected": sum.UnitsRejected, "units_changed": sum.UnitsChanged}); err != nil {
						return err
					}
				}
			}
			if !noResolve && failed < len(files) {
				if _, err := enrich.Run(ctx, st, enrich.Options{Log: a.log}); err != nil {
					return err
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d files could not be imported", failed, len(files))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"units_read":N,"units_loaded":N,"units_rejected":N,"units_changed":N} per file`)
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false, "do not resolve the buyers' payees again")
	return cmd
}

// importRegisterFile imports one register file in one transaction, with a
// progress bar on a terminal, and prints what it did (unless asJSON).
func (a *app) importRegisterFile(ctx context.Context, st cityspend.Store, kind, file string, asJSON bool) (registerSummary, error) {
	sum := registerSummary{File: file}
	src, err := openRegister(kind, file)
	if err != nil {
		if _, usage := err.(usageError); usage {
			return sum, err
		}
		return sum, cityspend.Errorf(cityspend.EINVALID, "%s: %v", file, err)
	}
	defer src.Close()
	hash, err := tabular.FileSHA256(file)
	if err != nil {
		return sum, err
	}
	w := &watched{registerSource: src}
	start := time.Now()
	clearLine := func() {} // clears the progress line on a terminal
	if p, ok := src.(progressReader); ok && a.interactive() && !asJSON {
		name := filepath.Base(file)
		bar := newBar(a, name)
		storing := false
		w.onRead = func() {
			if storing {
				return
			}
			done, total := p.Progress()
			if total <= 0 {
				return // a reader that cannot tell (the generic CSV)
			}
			bar.ChangeMax64(total)
			bar.Set64(done)
			if done >= total && total > 0 {
				storing = true
				bar.Finish()
				fmt.Fprintf(a.stderr, "\r\033[K%s: read; storing…", name)
			}
		}
		clearLine = func() { fmt.Fprint(a.stderr, "\r\033[K") }
	}
	batch := cityspend.RegisterBatch{Source: kind, FileName: filepath.Base(file), SHA256: hash}
	a.log.Info("importing register", "file", file, "kind", kind)
	err = st.ImportRegister(ctx, &batch, w)
	clearLine()
	if err != nil {
		return sum, fmt.Errorf("%s: %w", file, err)
	}
	sum.Format, sum.Kind = src.Describe()
	sum.UnitsRead, sum.UnitsLoaded, sum.UnitsRejected, sum.UnitsChanged = batch.UnitsRead, batch.UnitsLoaded, batch.UnitsRejected, batch.UnitsChanged
	sum.Seconds = time.Since(start).Seconds()
	if asJSON {
		return sum, nil
	}
	fmt.Fprintf(a.stdout, "%s (%s %s): %d units read, %d loaded, %d rejected, %d changed, in %.1f s\n", file, sum.Format, sum.Kind,
		sum.UnitsRead, sum.UnitsLoaded, sum.UnitsRejected, sum.UnitsChanged, sum.Seconds)
	for _, r := range w.rejects {
		fmt.Fprintf(a.stdout, "  rejected: line %d: %s\n", r.Line, r.Reason)
	}
	if w.more > 0 {
		fmt.Fprintf(a.stdout, "  … and %d more rejected\n", w.more)
	}
	return sum, nil
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
			var reps []*register.Report
			if err := a.boundedEnrichment(cmd.Context(), st, func() (err error) {
				reps, err = enrich.Resolve(cmd.Context(), st, buyers(buyerID), a.log)
				return err
			}); err != nil {
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
	f.StringVar(&who, "who", a.currentUser(), "who decides")
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
	var l0, l1, l0post, l1post, dep, depPost, depLoc, depAreas []string
	var depDecile int
	cmd := &cobra.Command{
		Use:   "places --id ID [--local CODES] [--region CODES] [--local-postcodes PREFIXES] [--region-postcodes PREFIXES] [--deprived-postcodes PREFIXES] ...",
		Short: "Set a buyer's local area (L0), region (L1) and deprived areas where the defaults do not fit",
		Long: `By default a buyer's local area (L0) is its municipality and, in Norway, its
region (L1) its county, and no area is marked deprived. These flags replace
all of the buyer's rules at once (give every rule you want in one command):
municipality codes and postcode prefixes for L0 and L1 (a region list
replaces the county), and the deprived areas whose share of the spend the
analysis reports, by municipality code, postcode prefix, post town, small
area (UK LSOA codes) or deprivation decile (with the UK postcode directory
and an index imported: a supplier whose postcode's small area is in decile
N or below, 1 the most deprived tenth). With no flags, the rules are
printed.`,
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
			add("deprived", "small_area", depAreas)
			if depDecile != 0 {
				if depDecile < 1 || depDecile > 10 {
					return usageError{fmt.Errorf("--deprived-decile %d: use 1 to 10", depDecile)}
				}
				add("deprived", "deprivation_decile", []string{strconv.Itoa(depDecile)})
			}
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
	f.StringSliceVar(&depAreas, "deprived-areas", nil, "small areas (UK LSOA codes) that are deprived")
	f.IntVar(&depDecile, "deprived-decile", 0, "small areas of this deprivation decile or below are deprived (1–10; needs import postcodes and import deprivation)")
	cmd.MarkFlagRequired("id")
	return cmd
}

// currentUser is who runs the command, as a decision's --who records
// them: in a server the request's user, else the login name here ("cli"
// when there is none).
func (a *app) currentUser() string {
	if a.shared != nil {
		return a.caller.Who
	}
	if u := strings.TrimSpace(os.Getenv("USER")); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "cli"
}

// importer is who an import or an undo is recorded as: in a server the
// request's user, else "cli:" and the login name.
func (a *app) importer() string {
	if a.shared != nil {
		return a.caller.Who
	}
	if u := a.currentUser(); u != "cli" {
		return "cli:" + u
	}
	return "cli"
}
