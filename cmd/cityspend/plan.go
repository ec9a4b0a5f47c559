// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/notice"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/tables"
)

func (a *app) planCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "The procurement plan: generate it from the data, shape it, publish and export it",
		Long: `A buyer's procurement plan: items proposed from contracts that expire,
spend no contract covers and open threshold findings ("plan generate"),
shaped by people ("plan edit", "plan add", "plan merge", "plan split"),
published to the market ("plan publish", "plan export", and the public
pipeline page of "cityspend serve"). Every change is kept in the item's
history ("plan show").`,
	}
	cmd.AddCommand(a.planGenerateCommand(), a.planListCommand(), a.planShowCommand(), a.planAddCommand(), a.planEditCommand(),
		a.planMergeCommand(), a.planSplitCommand(), a.planPublishCommand(), a.planExportCommand(), a.planPublisherCommand())
	return cmd
}

// parseHorizon reads "24m", "2y" or "18" (months).
func parseHorizon(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(s, "m"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "y"):
		s, mult = s[:len(s)-1], 12
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n*mult > plan.MaxHorizon {
		return 0, fmt.Errorf("--horizon %q: give months (24m) or years (2y), at most 10 years", s)
	}
	return n * mult, nil
}

// planStore opens the store and the buyer.
func (a *app) planStore(ctx context.Context, buyerID string) (*planSession, error) {
	st, b, err := a.openBuyer(ctx, buyerID, "")
	if err != nil {
		return nil, err
	}
	return &planSession{st: st, b: b}, nil
}

// planEditor opens the store, the buyer and an editor in the name of who.
func (a *app) planEditor(ctx context.Context, buyerID, who string) (*planSession, *plan.Editor, error) {
	s, err := a.planStore(ctx, buyerID)
	if err != nil {
		return nil, nil, err
	}
	e, err := plan.NewEditor(ctx, s.st, s.b, who)
	if err != nil {
		s.st.Close()
		return nil, nil, err
	}
	return s, e, nil
}

type planSession struct {
	st cityspend.Store
	b  cityspend.Buyer
}

func (a *app) printPlanItems(items []cityspend.PlanItem, currency string, asJSON bool) error {
	if asJSON {
		if items == nil {
			items = []cityspend.PlanItem{}
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	if len(items) == 0 {
		fmt.Fprintln(a.stdout, "no plan items")
	}
	for _, it := range items {
		pub := ""
		if it.Published {
			pub = " published"
		}
		notice := "—"
		if !it.Notice.IsZero() {
			notice = it.Notice.Format("2006-01-02")
		}
		fmt.Fprintf(a.stdout, "%-16s %-15s %-8s %15s %s  notice %s  %s%s\n", it.ID, it.Status, it.Threshold, it.Value, currency, notice, it.Title, pub)
	}
	return nil
}

func (a *app) planGenerateCommand() *cobra.Command {
	var buyerID, horizon, asOf, who string
	var asJSON bool
	var capacity int
	var maxShare float64
	cmd := &cobra.Command{
		Use:   "generate --buyer ID [--horizon 24m] [--capacity 3] [--max-share 0.25] [--json]",
		Short: "Propose a plan of procurements: expiring contracts, recurring needs no contract covers, the broker's innovation challenges",
		Long: `Items are purchases. A contract that ends within the horizon with an
unused option becomes "decide on extension"; one without (or whose options
run out) "re-tender"; one with an in-house, inter-municipal or other public
body, or for an excluded service, "renew without competition" (exempt). Spend
no contract covers becomes "tender" items by CPV group and supplier market
(the group's value over 48 months must reach a notice threshold; works are a
year's projects), split into separate procurements when one would hold more
than --max-share of the year's spend, with lots sized for small firms. A
published challenge of the broker becomes pre-commercial procurement, an
innovation partnership or competitive dialogue by its maturity. Each item
gets its value and basis, its regime (the light regime for social and other
specific services) and procedure, and a timeline worked back from the date of
need by the legal minimum time limits of the procedure, with no more than
--capacity notices a month. Titles are in the buyer's language.
See docs/plan.md.

Re-running adds what is new and updates what nobody edited; items a person
changed are left as they are. --json prints the summary and the plan.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			months, err := parseHorizon(horizon)
			if err != nil {
				return usageError{err}
			}
			if capacity < 0 || maxShare < 0 || maxShare > 1 {
				return usageError{fmt.Errorf("--capacity is a number of notices a month, --max-share a share between 0 and 1")}
			}
			o := plan.Options{Horizon: months, Who: who, Capacity: capacity, MaxShare: maxShare}
			if asOf != "" {
				if o.Now, err = time.Parse("2006-01-02", asOf); err != nil {
					return usageError{fmt.Errorf("--as-of %q: a date (yyyy-mm-dd)", asOf)}
				}
			}
			s, err := a.planStore(ctx, buyerID)
			if err != nil {
				return err
			}
			defer s.st.Close()
			sum, err := plan.Generate(ctx, s.st, buyerID, o)
			if err != nil {
				return err
			}
			items, err := s.st.PlanItems(ctx, buyerID)
			if err != nil {
				return err
			}
			a.log.Info("plan generated", "buyer", buyerID, "added", sum.Added, "updated", sum.Updated, "unchanged", sum.Unchanged, "kept_as_edited", sum.Kept, "withdrawn", sum.Withdrawn, "items", sum.Items)
			if asJSON {
				if items == nil {
					items = []cityspend.PlanItem{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					*plan.Summary
					Horizon int                  `json:"horizon_months"`
					Plan    []cityspend.PlanItem `json:"plan"`
				}{sum, months, items})
			}
			fmt.Fprintf(a.stdout, "plan of %s: %d added, %d updated, %d unchanged, %d kept as edited, %d withdrawn, %d items\n", buyerID,
				sum.Added, sum.Updated, sum.Unchanged, sum.Kept, sum.Withdrawn, sum.Items)
			return a.printPlanItems(items, s.b.Currency, false)
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&horizon, "horizon", "24m", "how far ahead: months (24m) or years (2y)")
	f.StringVar(&asOf, "as-of", "", "plan as of this date (yyyy-mm-dd); default today")
	f.StringVar(&who, "who", "generation", "recorded in the history")
	f.IntVar(&capacity, "capacity", plan.DefaultCapacity, "notices a month the procurement team can run")
	f.Float64Var(&maxShare, "max-share", 0.25, "the largest share of a year's spend one item may hold")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) planListCommand() *cobra.Command {
	var buyerID string
	var asJSON, published bool
	cmd := &cobra.Command{
		Use:   "list --buyer ID [--published] [--json]",
		Short: "List a buyer's plan items",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.planStore(ctx, buyerID)
			if err != nil {
				return err
			}
			defer s.st.Close()
			items, err := s.st.PlanItems(ctx, buyerID)
			if err != nil {
				return err
			}
			if published {
				items = plan.Published(items)
			}
			return a.printPlanItems(items, s.b.Currency, asJSON)
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&published, "published", false, "only the published items")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) planShowCommand() *cobra.Command {
	var buyerID, id string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show --buyer ID --item ITEM [--json]",
		Short: "Show a plan item with its change history",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.planStore(ctx, buyerID)
			if err != nil {
				return err
			}
			defer s.st.Close()
			it, err := s.st.PlanItem(ctx, buyerID, id)
			if err != nil {
				return err
			}
			hist, err := s.st.PlanChanges(ctx, buyerID, id)
			if err != nil {
				return err
			}
			if hist == nil {
				hist = []cityspend.PlanChange{}
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			if asJSON {
				return enc.Encode(struct {
					cityspend.PlanItem
					History []cityspend.PlanChange `json:"history"`
				}{it, hist})
			}
			if err := enc.Encode(it); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "history:")
			for _, c := range hist {
				fmt.Fprintf(a.stdout, "  %s  %-10s %-18s %s → %s\n", c.At.Format("2006-01-02 15:04"), c.Who, c.Field, c.Old, c.New)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&id, "item", "", "plan item id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("item")
	return cmd
}

// listFields are the item's fields that hold lists.
var listFields = map[string]bool{"cpv": true, "suppliers": true, "links": true}

// setsToJSON turns field=value pairs into a JSON object of plan item fields:
// lists split on commas, true/false and whole numbers as such, the rest as
// strings (amounts and dates included: "1200000.50", "2027-03-01").
func setsToJSON(sets []string) ([]byte, error) {
	m := map[string]any{}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("--set %q: give field=value", kv)
		}
		v = strings.TrimSpace(v)
		switch {
		case listFields[k]:
			var xs []string
			for _, x := range strings.Split(v, ",") {
				if x = strings.TrimSpace(x); x != "" {
					xs = append(xs, x)
				}
			}
			m[k] = xs
		case v == "true" || v == "false":
			m[k] = v == "true"
		case k != "estimated_value":
			if n, err := strconv.Atoi(v); err == nil {
				m[k] = n
				continue
			}
			m[k] = v
		default:
			m[k] = v
		}
	}
	return json.Marshal(m)
}

const setHelp = `field=value, repeatable: title, need, unit, type (goods|services|works), cpv (comma-separated),
estimated_value, value_basis, duration_months, options, lots, framework, need_date, market_dialogue, notice,
award, contract_start (yyyy-mm-dd), environmental, climate_weight_pct, social, innovation, circular,
sme_suitable, partners, funding, status (idea|planned|market_dialogue|tender_published|awarded|cancelled), owner`

func (a *app) planAddCommand() *cobra.Command {
	var buyerID, who string
	var sets []string
	cmd := &cobra.Command{
		Use:   "add --buyer ID --set title=... [--set field=value]...",
		Short: "Add a plan item by hand",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			patch, err := setsToJSON(sets)
			if err != nil {
				return usageError{err}
			}
			s, e, err := a.planEditor(ctx, buyerID, who)
			if err != nil {
				return err
			}
			defer s.st.Close()
			it, err := e.Create(ctx, patch)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "added %s: %s (%s, %s)\n", it.ID, it.Title, it.Threshold, it.Procedure)
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&who, "who", a.currentUser(), "recorded in the history")
	cmd.Flags().StringArrayVar(&sets, "set", nil, setHelp)
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) planEditCommand() *cobra.Command {
	var buyerID, id, who string
	var sets []string
	cmd := &cobra.Command{
		Use:   "edit --buyer ID --item ITEM --set field=value...",
		Short: "Change a plan item; generation leaves an edited item alone",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(sets) == 0 {
				return usageError{fmt.Errorf("nothing to change: give --set field=value")}
			}
			patch, err := setsToJSON(sets)
			if err != nil {
				return usageError{err}
			}
			s, e, err := a.planEditor(ctx, buyerID, who)
			if err != nil {
				return err
			}
			defer s.st.Close()
			it, err := e.Patch(ctx, id, patch)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "changed %s: %s (%s, %s)\n", it.ID, it.Title, it.Status, it.Threshold)
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&id, "item", "", "plan item id (required)")
	cmd.Flags().StringVar(&who, "who", a.currentUser(), "recorded in the history")
	cmd.Flags().StringArrayVar(&sets, "set", nil, setHelp)
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("item")
	return cmd
}

func (a *app) planMergeCommand() *cobra.Command {
	var buyerID, who string
	cmd := &cobra.Command{
		Use:   "merge --buyer ID ITEM ITEM...",
		Short: "Merge items into the first: values added, codes, suppliers and links joined; the others are cancelled",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, e, err := a.planEditor(ctx, buyerID, who)
			if err != nil {
				return err
			}
			defer s.st.Close()
			it, err := e.Merge(ctx, args)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "merged into %s: %s, %s %s\n", it.ID, it.Title, it.Value, s.b.Currency)
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&who, "who", a.currentUser(), "recorded in the history")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) planSplitCommand() *cobra.Command {
	var buyerID, id, who string
	var shares []int
	cmd := &cobra.Command{
		Use:   "split --buyer ID --item ITEM --shares 60,40",
		Short: "Split an item into parts (lots, phases) with shares of its value in per cent",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, e, err := a.planEditor(ctx, buyerID, who)
			if err != nil {
				return err
			}
			defer s.st.Close()
			parts, err := e.Split(ctx, id, shares)
			if err != nil {
				return err
			}
			for _, p := range parts {
				fmt.Fprintf(a.stdout, "%s: %s, %s %s\n", p.ID, p.Title, p.Value, s.b.Currency)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&id, "item", "", "plan item id (required)")
	cmd.Flags().IntSliceVar(&shares, "shares", nil, "per-cent shares of the value, adding up to 100 (required)")
	cmd.Flags().StringVar(&who, "who", a.currentUser(), "recorded in the history")
	for _, n := range []string{"buyer", "item", "shares"} {
		cmd.MarkFlagRequired(n)
	}
	return cmd
}

func (a *app) planPublishCommand() *cobra.Command {
	var buyerID, who string
	var undo bool
	cmd := &cobra.Command{
		Use:   "publish --buyer ID ITEM... [--undo]",
		Short: "Publish items on the public pipeline page, its Atom feed and OCDS export (--undo withdraws them)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, e, err := a.planEditor(ctx, buyerID, who)
			if err != nil {
				return err
			}
			defer s.st.Close()
			if err := e.Publish(ctx, args, !undo); err != nil {
				return err
			}
			verb := "published"
			if undo {
				verb = "withdrawn"
			}
			fmt.Fprintf(a.stdout, "%s: %s\n", verb, strings.Join(args, ", "))
			return nil
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().StringVar(&who, "who", a.currentUser(), "recorded in the history")
	cmd.Flags().BoolVar(&undo, "undo", false, "withdraw the items from publication")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

func (a *app) planExportCommand() *cobra.Command {
	var buyerID, format, out, baseURL, prefix, lang string
	var published, pipeline bool
	cmd := &cobra.Command{
		Use:   "export --buyer ID --format ocds|csv|xlsx|atom|eforms-pin|eforms-pmc|uk-pipeline -o FILE|DIR [--published] [--pipeline]",
		Short: "Export the plan as OCDS planning releases, CSV, XLSX, an Atom feed, eForms notices or a UK pipeline notice",
		Long: `Exports the plan's active items (not cancelled, not merged); --published
only the published ones (what the public pipeline page shows). --pipeline
keeps the items of a UK pipeline notice: published, above £2 million.

ocds: an OCDS 1.1 release package, one planning release per item (tag
"planning", planning.budget, tender.status "planned", items with CPV,
milestones for market dialogue, notice, award and contract start). The
ocid prefix is --ocid-prefix, else the one the buyer registered ("plan
publisher --ocid-prefix"), else ocds-cspend.
atom: the feed suppliers follow (published items only).
eforms-pin: -o is a directory; one eForms prior information notice per
published item (SDK 1.15, UBL PriorInformationNotice 2.3), ITEM.xml:
subtype 4 (PIN only, Directive 2014/24/EU) for items in the EU/EEA band,
the voluntary PIN E2 below it. For TED and Doffin.
eforms-pmc: -o is a directory; one voluntary pre-market consultation notice
(E1) per coming broker event about a challenge, event-ID.xml.
uk-pipeline: the UK pipeline notice (Procurement Act 2023 s.93, Find a
Tender notice type UK1) of the published items above £2 million, as Find
a Tender publishes it: an OCDS release package with the UK extension.

The buyer's address, contact and registered ocid prefix come from "plan
publisher". See docs/notices.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			switch format {
			case "ocds", "csv", "xlsx", "atom", "eforms-pin", "eforms-pmc", "uk-pipeline":
			default:
				return usageError{fmt.Errorf("--format %q: use ocds, csv, xlsx, atom, eforms-pin, eforms-pmc or uk-pipeline", format)}
			}
			if prefix != "" && !plan.ValidOCIDPrefix(prefix) {
				return usageError{fmt.Errorf("--ocid-prefix %q: a registered prefix is \"ocds-\" and six lower-case letters or digits", prefix)}
			}
			s, err := a.planStore(ctx, buyerID)
			if err != nil {
				return err
			}
			defer s.st.Close()
			pub, err := plan.ReadPublisher(ctx, s.st, buyerID)
			if err != nil {
				return err
			}
			p, err := plan.BuyerPublication(ctx, s.st, buyerID, plan.Publication{BaseURL: baseURL, OCIDPrefix: prefix})
			if err != nil {
				return err
			}
			if format == "eforms-pmc" {
				return a.exportConsultations(ctx, s, pub, out, notice.Options{BaseURL: baseURL})
			}
			items, err := s.st.PlanItems(ctx, buyerID)
			if err != nil {
				return err
			}
			switch {
			case pipeline || format == "uk-pipeline":
				if s.b.Currency != "GBP" {
					return cityspend.Errorf(cityspend.EINVALID, "a UK pipeline notice is for buyers paying in GBP; buyer %s pays in %s", buyerID, s.b.Currency)
				}
				items = plan.Pipeline(s.b, items)
			case published || format == "atom" || format == "eforms-pin":
				items = plan.Published(items)
			default:
				items = plan.Active(items)
			}
			if format == "eforms-pin" {
				// A prior information notice announces a tender: the
				// buyer's own decisions (on extending a contract) and the
				// renewals the law exempts get none, even when published.
				tender := items[:0:0]
				for _, it := range items {
					if plan.ForTender(it) {
						tender = append(tender, it)
					}
				}
				if n := len(items) - len(tender); n > 0 {
					fmt.Fprintf(a.stderr, "%d published items are decisions or exempt renewals, not tenders: no notice for them\n", n)
				}
				return a.exportPINs(s, pub, tender, out, notice.Options{BaseURL: baseURL})
			}
			n, err := writeAtomic(out, func(w io.Writer) error {
				switch format {
				case "ocds":
					return plan.OCDS(w, s.b, items, p)
				case "atom":
					return plan.Atom(w, s.b, items, p)
				case "uk-pipeline":
					pkg, err := notice.Pipeline(s.b, pub, items, p)
					if err != nil {
						return err
					}
					_, err = pkg.WriteTo(w)
					return err
				case "csv":
					return tables.WriteCSV(w, tables.Plan("plan", s.b.Currency, items))
				default:
					return tables.WriteXLSX(w, tables.Plan("plan", s.b.Currency, items), i18n.New(lang))
				}
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %s (%s, %d items, %d bytes)\n", out, format, len(items), n)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&format, "format", "ocds", "ocds, csv, xlsx, atom, eforms-pin, eforms-pmc or uk-pipeline")
	f.StringVarP(&out, "output", "o", "", "the file to write (required); a directory for eforms-pin and eforms-pmc")
	f.BoolVar(&published, "published", false, "only the published items")
	f.BoolVar(&pipeline, "pipeline", false, "only the items of a UK pipeline notice (published, above £2 million)")
	f.StringVar(&baseURL, "base-url", "http://localhost:8080", "where the public pipeline page is served, for the links in OCDS, Atom and notices")
	f.StringVar(&prefix, "ocid-prefix", "", "the publisher's registered OCDS ocid prefix; default the buyer's (plan publisher), else ocds-cspend")
	f.StringVar(&lang, "lang", "nb", "XLSX headings: nb or en")
	for _, n := range []string{"buyer", "output"} {
		cmd.MarkFlagRequired(n)
	}
	return cmd
}
