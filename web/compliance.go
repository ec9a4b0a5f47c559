// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
)

type findingsView struct {
	page
	Findings []findingRow
	Kind     string
	Status   string
	Kinds    []string
	Counts   map[string]int
}

type findingRow struct {
	cityspend.Finding
	Supplier string // its name
	Category string // code and label
}

// names maps supplier ids to names for a buyer.
func (s *Server) supplierNames(r *http.Request, buyerID string) (map[string]string, error) {
	rows, err := s.store.Suppliers(r.Context(), cityspend.SupplierFilter{BuyerID: buyerID})
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, x := range rows {
		m[x.SupplierID] = x.Name
	}
	return m, nil
}

func (s *Server) findingRows(r *http.Request, p page, fs []cityspend.Finding) ([]findingRow, error) {
	names, err := s.supplierNames(r, p.Buyer.ID)
	if err != nil {
		return nil, err
	}
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
	fs, err := s.store.Findings(r.Context(), p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	v := findingsView{page: p, Kind: q.Get("kind"), Status: q.Get("status"), Counts: map[string]int{}}
	var keep []cityspend.Finding
	seen := map[string]bool{}
	for _, f := range fs {
		v.Counts[f.Kind]++
		if !seen[f.Kind] {
			seen[f.Kind] = true
			v.Kinds = append(v.Kinds, f.Kind)
		}
		if (v.Kind == "" || f.Kind == v.Kind) && (v.Status == "" || f.Status == v.Status) {
			keep = append(keep, f)
		}
	}
	if v.Findings, err = s.findingRows(r, p, keep); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "findings.html", v)
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
	f, err := s.finding(r, p.Buyer.ID, r.PathValue("fid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	rows, err := s.findingRows(r, p, []cityspend.Finding{f})
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := findingView{page: p, F: rows[0], Saved: r.URL.Query().Get("saved") == "1"}
	v.Title = p.L.T("kind." + f.Kind)
	if !strings.HasPrefix(f.Kind, "R0") {
		ids, err := compliance.Authority(r.Context(), s.store, *p.Buyer)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if v.Lines, err = s.store.PaymentsByID(r.Context(), ids, f.Evidence); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, "finding.html", v)
}

func (s *Server) finding(r *http.Request, buyerID, id string) (cityspend.Finding, error) {
	fs, err := s.store.Findings(r.Context(), buyerID)
	if err != nil {
		return cityspend.Finding{}, err
	}
	for _, f := range fs {
		if f.ID == id {
			return f, nil
		}
	}
	return cityspend.Finding{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no finding %s", buyerID, id)
}

// handleFindingDecide confirms, dismisses or reopens a finding.
func (s *Server) handleFindingDecide(w http.ResponseWriter, r *http.Request) {
	b, err := s.store.Buyer(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	f, err := s.finding(r, b.ID, r.PathValue("fid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := cityspend.FindingDecision{BuyerID: b.ID, FindingID: f.ID, Status: r.PostFormValue("status"),
		Who: who(r), Why: strings.TrimSpace(r.PostFormValue("why"))}
	switch d.Status {
	case cityspend.StatusConfirmed, cityspend.StatusDismissed, cityspend.StatusNew:
	default:
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "status %q: use confirmed, dismissed or new", d.Status))
		return
	}
	if d.Who == "" || d.Why == "" {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "say who decides and why: both are kept in the audit trail"))
		return
	}
	if err := s.store.PutFindingDecision(r.Context(), d); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/buyers/"+url.PathEscape(b.ID)+"/findings/"+url.PathEscape(f.ID)+"?saved=1", http.StatusSeeOther)
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
	cs, err := s.store.Contracts(r.Context(), p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "contracts.html", contractsView{page: p, Contracts: cs})
}

type coverageRow struct {
	Key, Label  string
	On, Off     cityspend.Amount
	Share       float64 // on-contract share
	Total       cityspend.Amount
	OffSupplier int64
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
	names, err := s.supplierNames(r, p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := coverageView{page: p}
	f := p.spendFilter()
	for _, dim := range []cityspend.Dimension{cityspend.ByCPVGroup, cityspend.ByOrgUnit, cityspend.BySupplier} {
		cells, err := s.store.SpendCross(r.Context(), f, dim, cityspend.ByOnContract)
		if err != nil {
			s.error(w, r, err)
			return
		}
		rows := map[string]*coverageRow{}
		var order []string
		for _, c := range cells {
			x := rows[c.A]
			if x == nil {
				x = &coverageRow{Key: c.A}
				rows[c.A] = x
				order = append(order, c.A)
			}
			if c.B == "on" {
				x.On += c.Spend
			} else {
				x.Off += c.Spend
			}
			x.Total += c.Spend
		}
		var list []coverageRow
		for _, k := range order {
			x := rows[k]
			x.Share = cityspend.Share(x.On, x.Total)
			switch dim {
			case cityspend.ByCPVGroup:
				if k != cityspend.CategoryUnclassified {
					x.Label = k[:3] + " " + label(k, p.Lang)
				} else {
					x.Label = p.L.T("cat.unclassified")
				}
				v.Total += x.Total
				v.On += x.On
			case cityspend.BySupplier:
				x.Label = names[k]
			default:
				x.Label = k
			}
			list = append(list, *x)
			if len(list) == 30 {
				break
			}
		}
		switch dim {
		case cityspend.ByCPVGroup:
			v.Categories = list
		case cityspend.ByOrgUnit:
			v.Units = list
		default:
			v.Suppliers = list
		}
	}
	v.Share = cityspend.Share(v.On, v.Total)
	cs, err := s.store.Contracts(r.Context(), p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.HasContract = len(cs) > 0
	s.render(w, r, "coverage.html", v)
}

// apiFindings lists a buyer's findings, as `cityspend findings --json`.
func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.Buyer(r.Context(), r.PathValue("id")); err != nil {
		s.error(w, r, err)
		return
	}
	fs, err := s.store.Findings(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]compliance.FindingJSON, 0, len(fs))
	for _, f := range fs {
		if k := r.URL.Query().Get("kind"); k != "" && f.Kind != k {
			continue
		}
		if st := r.URL.Query().Get("status"); st != "" && f.Status != st {
			continue
		}
		out = append(out, compliance.JSON(f))
	}
	s.json(w, http.StatusOK, out)
}

func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.Buyer(r.Context(), r.PathValue("id")); err != nil {
		s.error(w, r, err)
		return
	}
	cs, err := s.store.Contracts(r.Context(), r.PathValue("id"))
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
	ts, err := s.store.Tenders(r.Context(), p.Buyer.ID, r.PathValue("ocid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(ts) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no tender %s", p.Buyer.ID, r.PathValue("ocid")))
		return
	}
	v := tenderView{page: p, T: ts[0], Names: map[string]string{}}
	for _, x := range v.T.Parties {
		v.Names[x.ID] = x.Name
	}
	v.Title = v.T.OCID
	s.render(w, r, "tender.html", v)
}
