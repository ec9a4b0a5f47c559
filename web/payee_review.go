// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/register"
)

// payeeReviewView is the list of payees no clue settled.
type payeeReviewView struct {
	page
	Items []payeeReviewItem
	Pager pager // the pages of a long review (?page=)
	Saved bool
	Back  string // where a decision returns: this page
}

// reviewPage is how many payees a page of the review shows.
const reviewPage = 25

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
	no, err := pageNumber(r.URL.Query(), "page", "the list of payees to review")
	if err != nil {
		s.error(w, r, err)
		return
	}
	rv, err := s.payeeReview(r, p.Buyer.ID, no)
	if err != nil {
		s.error(w, r, err)
		return
	}
	saved := r.URL.Query().Get("saved") == "1"
	if len(rv.items) == 0 && no > 1 {
		if saved {
			// The decision took the page's last payee: the page before.
			to, _ := reviewReturn(p.Buyer.ID, payeeReviewPage(p.Buyer.ID, no-1))
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "the list of payees to review has no page %d", no))
		return
	}
	v := payeeReviewView{page: p, Saved: saved, Back: payeeReviewPage(p.Buyer.ID, no),
		Pager: pager{No: no, From: (no - 1) * reviewPage, To: (no-1)*reviewPage + len(rv.items), more: rv.more}}
	v.Pager.link(func(no int) string { return p.Link(payeeReviewPath(p.Buyer.ID), "page", strconv.Itoa(no)) })
	for _, it := range rv.items {
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

// reviewItems are a page of the review, and whether pages follow.
type reviewItems struct {
	items []register.ReviewItem
	more  bool
}

// payeeReview is page no of a buyer's payees to review with their
// candidates, kept between requests while the data stays the same (a
// decision, an import or a register's import makes it be computed anew):
// the resolver's fuzzy search costs about a millisecond a payee, and it
// looks only as far down the open payees as the page needs.
func (s *Server) payeeReview(r *http.Request, buyerID string, no int) (reviewItems, error) {
	v, err := s.results.get("payeereview|"+buyerID+"|"+strconv.Itoa(no), func() (any, error) {
		ctx := context.WithoutCancel(r.Context())
		res, err := s.resolver(ctx)
		if err != nil {
			return nil, err
		}
		items, more, err := res.ReviewPage(ctx, buyerID, (no-1)*reviewPage, reviewPage)
		return reviewItems{items, more}, err
	})
	if err != nil {
		return reviewItems{}, err
	}
	return v.(reviewItems), nil
}

func payeeReviewPath(buyerID string) string {
	return "/buyers/" + url.PathEscape(buyerID) + "/suppliers/review"
}

// payeeReviewPage is the path of page no of the review.
func payeeReviewPage(buyerID string, no int) string {
	if no <= 1 {
		return payeeReviewPath(buyerID)
	}
	return payeeReviewPath(buyerID) + "?page=" + strconv.Itoa(no)
}

// reviewReturn is where a decision made on a page of the review returns
// (that page, saying it is saved), when back names one.
func reviewReturn(buyerID, back string) (string, bool) {
	path, no := back, 1
	if p, q, ok := strings.Cut(back, "?page="); ok {
		n, err := strconv.Atoi(q)
		if err != nil || n < 2 {
			return "", false
		}
		path, no = p, n
	}
	if path != payeeReviewPath(buyerID) {
		return "", false
	}
	if no == 1 {
		return path + "?saved=1", true
	}
	return path + "?page=" + strconv.Itoa(no) + "&saved=1", true
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
