// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

type findingsView struct {
	page
	Findings []findingRow   // every row, in the groups' order
	Groups   []findingGroup // by supplier and category, the most at risk first
	RowsHTML template.HTML  // the table's rows (template findings-rows), kept: see findingsRows
	Pager    pager          // the pages of the groups (?page=)
	Kind     string
	Status   string
	Kinds    []string
	Counts   map[string]int
}

type findingRow struct {
	cityspend.Finding
	Supplier string // its name
	Category string // code and label
	// Rendered in the page's language from the finding's fields.
	Found    string     // what was found
	RuleName string     // the rule, named
	Clear    string     // what would clear it
	VAT      string     // how a threshold with VAT was compared
	Checks   []checkRow // the exemptions checked
}

// checkRow is an exemption checked, as a page shows it.
type checkRow struct {
	Slug, Name, Text, Source string
	Applies                  bool
}

type findingGroup struct {
	compliance.FindingGroup
	Supplier, Category string
	Rows               []findingRow
}

// lawText renders what a finding says of the law in the page's language.
func lawText(l *i18n.Locale, row *findingRow, currency string) {
	f := row.Finding
	money := func(a cityspend.Amount) string { return l.Money(a, currency) }
	if f.Rule != "" && i18n.Has("law.rule."+f.Rule) {
		row.RuleName = l.T("law.rule." + f.Rule)
	}
	who := row.Supplier
	if f.SupplierID == "" {
		who = l.T("law.across")
	}
	thr := l.Money(f.Threshold, f.ThresholdCurrency)
	switch f.Kind {
	case cityspend.FindingThreshold:
		window := l.Date(f.From) + " – " + l.Date(f.To)
		row.Found = l.T("law.found.threshold_aggregation", money(f.Amount), l.T("law.kind."+f.PurchaseKind), f.WindowMonths, window, row.RuleName, thr)
	case cityspend.FindingSplit:
		row.Found = l.T("law.found.split_purchase", f.Lines, who, l.T("law.rule."+f.ThresholdRule), thr, money(f.Amount))
	case cityspend.FindingOverrun:
		row.Found = l.T("law.found.contract_overrun", money(f.Amount), thr)
	case cityspend.FindingExpired:
		row.Found = l.T("law.found.expired_contract", money(f.Amount))
	default:
		row.Found = redFlagText(l, f, money)
	}
	if i18n.Has("law.clear." + f.Kind) {
		row.Clear = l.T("law.clear." + f.Kind)
	} else {
		row.Clear = l.T("law.clear.other")
	}
	if f.ThresholdVAT {
		row.VAT = l.T("law.vat", l.Money(thresholds.ExVAT(cityspend.Threshold{Regime: "UK", Amount: f.Threshold, IncludesVAT: true}), f.ThresholdCurrency))
	}
	for _, c := range f.Exemptions {
		cr := checkRow{Slug: c.Slug, Name: l.T("law.exemption." + c.Slug), Source: c.Source, Applies: c.Applies, Text: c.Reason}
		if i18n.Has("law.why." + c.Why) {
			arg := c.Arg
			switch c.Why {
			case "unknown_supplier", "no_cpv", "no_framework", "framework_by_supplier": // the reason ends with what it names, if anything
				if arg != "" {
					arg = " (" + arg + ")"
				}
			case "own_enterprise", "iks", "municipal_owned", "public_body", "state_enterprise", "not_public":
				arg = reasonText(l, arg) // the supplier's type reason, from the register
			}
			cr.Text = l.T("law.why."+c.Why, arg)
		}
		row.Checks = append(row.Checks, cr)
	}
}

// findingRows names the findings' suppliers (by id when the names do not
// have them) and categories.
func (s *Server) findingRows(r *http.Request, p page, fs []cityspend.Finding, names map[string]string) ([]findingRow, error) {
	label, err := s.labeler(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]findingRow, len(fs))
	for i, f := range fs {
		row := findingRow{Finding: f, Supplier: names[f.SupplierID]}
		if row.Supplier == "" {
			row.Supplier = f.SupplierID
		}
		if c := f.Category; len(c) == 8 && !strings.HasPrefix(c, "account:") {
			row.Category = c[:3] + " " + label(c, p.Lang)
		} else {
			row.Category = c
		}
		lawText(p.L, &row, p.Buyer.Currency)
		out[i] = row
	}
	return out, nil
}

func (s *Server) handleFindings(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "findings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.findings")
	q := r.URL.Query()
	rv, err := s.reviewList(r.Context(), p.Buyer.ID, q.Get("kind"), q.Get("status"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := findingsView{page: p, Kind: q.Get("kind"), Status: q.Get("status"), Kinds: rv.Kinds, Counts: rv.Counts}
	no, err := pageNumber(q, "page", "the list of findings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	kept, err := s.findingsRows(r, v, rv, no)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Findings, v.Groups, v.RowsHTML, v.Pager = kept.Findings, kept.Groups, kept.RowsHTML, kept.Pager
	v.Pager.link(func(no int) string {
		return p.Link(p.BuyerPath("/findings"), "kind", v.Kind, "status", v.Status, "page", strconv.Itoa(no))
	})
	s.render(w, r, "findings.html", v)
}

// findingsGroups is how many groups of findings (a supplier and a
// category) a page of the list shows.
const findingsGroups = 50

// findingsRows groups a list's findings, and names and renders the table's
// rows (template findings-rows) of the groups on the page asked for (?page=,
// findingsGroups a page, the most at risk first), once per buyer, filter,
// language and page while the data stays the same, like the list:
// rendering every finding's row was most of the page's cost (a buyer of 10
// million lines had 1,698 findings in 1,012 groups). The rows use only the
// view's buyer, language and groups, nothing of the person asking.
func (s *Server) findingsRows(r *http.Request, v findingsView, rv compliance.Review, no int) (findingsView, error) {
	key := "findingsrows|" + v.Buyer.ID + "|" + v.Kind + "|" + v.Status + "|" + v.Lang + "|" + strconv.Itoa(no)
	x, err := s.results.get(key, func() (any, error) {
		groups := compliance.Group(rv.Findings)
		var err error
		if v.Pager, err = pageOf(no, len(groups), findingsGroups, "the list of findings"); err != nil {
			return nil, err
		}
		for _, g := range groups[v.Pager.From:v.Pager.To] {
			rows, err := s.findingRows(r, v.page, g.Findings, rv.Suppliers)
			if err != nil {
				return nil, err
			}
			v.Groups = append(v.Groups, findingGroup{FindingGroup: g, Supplier: rows[0].Supplier, Category: rows[0].Category, Rows: rows})
			v.Findings = append(v.Findings, rows...)
		}
		var b bytes.Buffer
		if err := s.tmpl["findings.html"].ExecuteTemplate(&b, "findings-rows", v); err != nil {
			return nil, fmt.Errorf("render findings rows: %w", err)
		}
		v.RowsHTML = template.HTML(b.String())
		return v, nil
	})
	if err != nil {
		return findingsView{}, err
	}
	return x.(findingsView), nil
}

type findingView struct {
	page
	F     findingRow
	Lines []cityspend.Payment
	Saved bool
}

func (s *Server) handleFinding(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "findings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	e, err := s.findingEvidence(r, *p.Buyer, r.PathValue("fid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	rows, err := s.findingRows(r, p, []cityspend.Finding{e.Finding}, map[string]string{e.Finding.SupplierID: e.Supplier})
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := findingView{page: p, F: rows[0], Lines: e.Lines, Saved: r.URL.Query().Get("saved") == "1"}
	v.Title = p.L.T("kind." + e.Finding.Kind)
	s.render(w, r, "finding.html", v)
}

// handleFindingDecide confirms, dismisses or reopens a finding.
func (s *Server) handleFindingDecide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	d := cityspend.FindingDecision{BuyerID: r.PathValue("id"), FindingID: r.PathValue("fid"), Status: r.PostFormValue("status"),
		Who: who(r), Why: r.PostFormValue("why")}
	if err := compliance.Decide(r.Context(), s.store, d); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/buyers/"+url.PathEscape(d.BuyerID)+"/findings/"+url.PathEscape(d.FindingID)+"?saved=1", http.StatusSeeOther)
}

type contractsView struct {
	page
	Contracts []cityspend.ContractRow
}

func (s *Server) handleContracts(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "contracts")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.contracts")
	cs, err := compliance.Contracts(r.Context(), s.store, p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "contracts.html", contractsView{page: p, Contracts: cs})
}

type coverageRow struct {
	compliance.CoverageRow
	Label string // "": the key
}

type coverageView struct {
	page
	Total, On   cityspend.Amount
	Share       float64
	Categories  []coverageRow
	Units       []coverageRow
	Suppliers   []coverageRow
	HasContract bool
}

func (s *Server) handleCoverage(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "coverage")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.coverage")
	label, err := s.labeler(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := compliance.ContractCoverage(r.Context(), s.store, p.spendFilter())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := coverageView{page: p, Total: c.Total, On: c.On, Share: c.Share, HasContract: c.HasContract}
	for _, x := range c.Categories {
		row := coverageRow{CoverageRow: x, Label: p.L.T("cat.unclassified")}
		if x.Key != cityspend.CategoryUnclassified {
			row.Label = x.Key[:3] + " " + label(x.Key, p.Lang)
		}
		v.Categories = append(v.Categories, row)
	}
	for _, x := range c.Units {
		v.Units = append(v.Units, coverageRow{CoverageRow: x, Label: x.Key})
	}
	for _, x := range c.Suppliers {
		v.Suppliers = append(v.Suppliers, coverageRow{CoverageRow: x, Label: x.Name})
	}
	s.render(w, r, "coverage.html", v)
}

// reviewList is a buyer's findings of a kind and status with its
// suppliers' names, kept like the results (a decision, an import or a run
// of the checks changes them): the list and its API read every finding and
// every supplier otherwise.
func (s *Server) reviewList(ctx context.Context, buyerID, kind, status string) (compliance.Review, error) {
	v, err := s.results.get("findings|"+buyerID+"|"+kind+"|"+status, func() (any, error) {
		return compliance.ReviewList(ctx, s.store, buyerID, kind, status)
	})
	if err != nil {
		return compliance.Review{}, err
	}
	return v.(compliance.Review), nil
}

// apiFindings lists a buyer's findings, as `cityspend findings --json`,
// encoded once per URL while the data stays the same (jsonResult).
func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) {
	s.jsonResult(w, r, func() (any, error) {
		l, err := s.reviewList(r.Context(), r.PathValue("id"), r.URL.Query().Get("kind"), r.URL.Query().Get("status"))
		if err != nil {
			return nil, err
		}
		out := make([]compliance.FindingJSON, 0, len(l.Findings))
		for _, f := range l.Findings {
			out = append(out, compliance.JSON(f))
		}
		return out, nil
	})
}

func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) {
	cs, err := compliance.Contracts(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if cs == nil {
		cs = []cityspend.ContractRow{}
	}
	s.json(w, http.StatusOK, cs)
}

type tenderView struct {
	page
	T     cityspend.Tender
	Names map[string]string // party id → name
}

// handleTender shows a contracting process from the tender data.
func (s *Server) handleTender(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "findings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	t, err := compliance.Tender(r.Context(), s.store, p.Buyer.ID, r.PathValue("ocid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := tenderView{page: p, T: t, Names: map[string]string{}}
	for _, x := range v.T.Parties {
		v.Names[x.ID] = x.Name
	}
	v.Title = v.T.OCID
	s.render(w, r, "tender.html", v)
}

// The market findings' texts (compliance.concentration writes them in
// English, with the share and the index only in the text).
var (
	dependenceText   = regexp.MustCompile(`^Possible dependence on one supplier \(R040\): \S+ holds (\d+) % of the spend in (\S+) in (.+) \(\S+ of (-?[0-9.]+)\)\.$`)
	concentratedText = regexp.MustCompile(`^Possible concentrated market \(R051\): the Herfindahl–Hirschman index of the (\d+) suppliers in (\S+) in (.+) is ([0-9.]+)\.$`)
	// The red flags on tender data (compliance.flagFindings): a
	// contracting process, a tenderer, a buyer or procuring entity, and
	// its score.
	processFlagText = regexp.MustCompile(`^Possible risk, (R\d{3}) [^:]*: the contracting process (\S+)(?: \((.*)\))? scores (\S+)\.$`)
	partyFlagText   = regexp.MustCompile(`^Possible risk, (R\d{3}) [^:]*: the (tenderer|Buyer|ProcuringEntity) (\S+) scores (\S+) across the tender data\.$`)
)

// userThreshold is the source of a threshold a user set (compliance's
// thresholdLaw), with its name.
var userThreshold = regexp.MustCompile(`^a threshold set by the user \((.*)\)$`)

// citation is a source of law as a page shows it: the citation itself (act,
// section, notice, as the law names them; marked as no one language) and
// the project's explanation in the page's language (refdata/law's Notes);
// a source without a note as it is. A split purchase's source is its rule's
// and its threshold's.
func citation(l *i18n.Locale, src string) template.HTML {
	if rule, thr, ok := strings.Cut(src, "; the threshold: "); ok {
		return citation(l, rule) + template.HTML("; "+template.HTMLEscapeString(l.T("law.note.threshold"))+" ") + citation(l, thr)
	}
	if m := userThreshold.FindStringSubmatch(src); m != nil {
		return template.HTML(template.HTMLEscapeString(l.T("law.note.user"))+" (") + dataHTML(m[1]) + ")"
	}
	notes := law.NotesOf(src)
	if len(notes) == 0 {
		return template.HTML(`<cite translate="no">` + template.HTMLEscapeString(src) + `</cite>`)
	}
	var b strings.Builder
	for i, n := range notes {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(`<cite translate="no">` + template.HTMLEscapeString(n.Cite) + `</cite>: ` + template.HTMLEscapeString(l.T("law.note."+n.Key)))
	}
	return template.HTML(b.String())
}

// flagScore writes a red flag's score in the locale: a number as a
// decimal, anything else as it is.
func flagScore(l *i18n.Locale, v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return l.Int(int64(f))
	}
	return l.Dec(f)
}

// redFlagText is a red flag's finding in the page's language: the market
// findings and the red flags on tender data from their text's figures;
// any other as its text.
func redFlagText(l *i18n.Locale, f cityspend.Finding, money func(cityspend.Amount) string) string {
	if m := dependenceText.FindStringSubmatch(f.Detail); m != nil {
		pct, _ := strconv.ParseFloat(m[1], 64)
		if sum, err := cityspend.ParseAmount(m[4]); err == nil {
			return l.T("law.found.R040", l.Pct(pct/100), cpvGroup(m[2]), m[3], money(f.Amount), money(sum))
		}
	}
	if m := concentratedText.FindStringSubmatch(f.Detail); m != nil {
		n, _ := strconv.Atoi(m[1])
		hhi, _ := strconv.ParseFloat(m[4], 64)
		return l.T("law.found.R051", n, cpvGroup(m[2]), m[3], l.Dec(hhi))
	}
	if m := processFlagText.FindStringSubmatch(f.Detail); m != nil {
		title := ""
		if m[3] != "" {
			title = " (" + m[3] + ")"
		}
		return l.T("law.found.flag.process", l.T("kind."+m[1]), m[2], title, flagScore(l, m[4]))
	}
	if m := partyFlagText.FindStringSubmatch(f.Detail); m != nil {
		return l.T("law.found.flag."+m[2], l.T("kind."+m[1]), m[3], flagScore(l, m[4]))
	}
	return f.Detail
}

// cpvGroup writes a CPV group by its three digits (45000000: 450).
func cpvGroup(code string) string {
	if len(code) == 8 && strings.Trim(code[3:], "0") == "" {
		return code[:3]
	}
	return code
}
