// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/cityspend/cityspend/register"
)

// payeeReviewView is the list of payees no clue settled.
type payeeReviewView struct {
	page
	Items []payeeReviewItem
	Saved bool
	Back  string // where a decision returns
}

type payeeReviewItem struct {
	register.ReviewItem
	Candidates []reviewCandidate
}

type reviewCandidate struct {
	register.Candidate
	OrgNumber string // as the decision form sends it
	Evidence  []reviewEvidence
}

type reviewEvidence struct {
	For  bool
	Text string
}

// handlePayeeReview lists a buyer's payees that stay ambiguous, with the
// organisations each may be and the evidence; analysts and administrators
// decide there (the override form of a payee).
func (s *Server) handlePayeeReview(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "suppliers")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("pr.title")
	items, err := s.payeeReview(r, p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := payeeReviewView{page: p, Saved: r.URL.Query().Get("saved") == "1", Back: payeeReviewPath(p.Buyer.ID)}
	for _, it := range items {
		vi := payeeReviewItem{ReviewItem: it}
		for _, c := range it.Candidates {
			vc := reviewCandidate{Candidate: c, OrgNumber: c.Org.Written()}
			for _, e := range c.Evidence {
				vc.Evidence = append(vc.Evidence, reviewEvidence{For: e.For, Text: evidenceText(p, c, e)})
			}
			vi.Candidates = append(vi.Candidates, vc)
		}
		v.Items = append(v.Items, vi)
	}
	s.render(w, r, "payee_review.html", v)
}

// payeeReview is a buyer's payees to review with their candidates, kept
// between requests while the data stays the same (a decision, an import or
// a register's import makes it be computed anew): the resolver's fuzzy
// candidates of every open payee cost tens of milliseconds a request.
func (s *Server) payeeReview(r *http.Request, buyerID string) ([]register.ReviewItem, error) {
	v, err := s.results.get("payeereview|"+buyerID, func() (any, error) {
		ctx := context.WithoutCancel(r.Context())
		res, err := s.resolver(ctx)
		if err != nil {
			return nil, err
		}
		return res.Review(ctx, buyerID)
	})
	if err != nil {
		return nil, err
	}
	return v.([]register.ReviewItem), nil
}

func payeeReviewPath(buyerID string) string {
	return "/buyers/" + url.PathEscape(buyerID) + "/suppliers/review"
}

// evidenceText says one clue for or against a candidate in the page's
// language.
func evidenceText(p page, c register.Candidate, e register.Evidence) string {
	side := ".against"
	if e.For {
		side = ".for"
	}
	var s string
	switch e.Clue {
	case register.ClueName:
		if e.Value == "close" {
			s = p.L.T("ev.name.close", p.L.Pct(c.Score))
		} else {
			s = p.L.T("ev.name." + e.Value)
		}
	case register.ClueForm:
		if e.For {
			s = p.L.T("ev.legal_form.for", e.Value)
		} else {
			s = p.L.T("ev.legal_form.against", e.Value, e.Other)
		}
	case register.ClueSpelling:
		s = p.L.T("ev.spelling")
	case register.ClueNumber:
		s = p.L.T("ev.number", e.Value, e.Other)
	case register.ClueSubunit:
		s = p.L.T("ev.sub_unit", e.Branch+" "+e.Value)
		return s
	case register.ClueHome:
		s = p.L.T("ev.buyer_municipality", e.Value)
	default:
		s = p.L.T("ev."+e.Clue+side, e.Value)
	}
	if e.Branch != "" {
		s += p.L.T("ev.atbranch", e.Branch)
	}
	return s
}
