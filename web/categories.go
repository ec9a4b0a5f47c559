// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// labelCache holds the CPV labels between requests (the list is 9,454
// codes in eight languages); it is read again after a while, so a list
// loaded by another process shows up.
type labelCache struct {
	mu    sync.Mutex
	at    time.Time
	label cube.Labeler
}

func (s *Server) labeler(ctx context.Context) (cube.Labeler, error) {
	s.labels.mu.Lock()
	defer s.labels.mu.Unlock()
	if s.labels.label == nil || time.Since(s.labels.at) > 5*time.Minute {
		names, codes, err := classify.Names(ctx, s.store)
		if err != nil {
			return nil, err
		}
		s.labels.label, s.labels.at = cube.Labels(codes, names), time.Now()
	}
	return s.labels.label, nil
}

type categoriesView struct {
	page
	C          *cube.Result
	Bars       []bar
	Breakdowns []string
	Review     int64
}

// cubeOf builds the cube of a request: the page's filters (the category
// is the node), ?by= and ?tail=.
func (s *Server) cubeOf(r *http.Request, p page) (*cube.Result, error) {
	label, err := s.labeler(r.Context())
	if err != nil {
		return nil, err
	}
	o := cube.Options{Filters: p.F, By: r.URL.Query().Get("by"), Lang: p.Lang}
	if v := r.URL.Query().Get("tail"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t <= 0 || t >= 1 {
			return nil, cityspend.Errorf(cityspend.EINVALID, "tail %q: a share between 0 and 1, like 0.2", v)
		}
		o.TailShare = t
	}
	// Kept between requests while the data stays the same, like the
	// analysis: a decision (a POST) or an import computes it anew.
	key := fmt.Sprintf("cube|%s|%d|%+v|%s|%v|%s", p.Buyer.ID, p.Year, o.Filters, o.By, o.TailShare, o.Lang)
	v, err := s.results.get(key, func() (any, error) {
		return cube.Build(context.WithoutCancel(r.Context()), s.store, p.Buyer.ID, p.Year, o, label)
	})
	if err != nil {
		return nil, err
	}
	return v.(*cube.Result), nil
}

// reviewCount is how many groups of lines wait for review (up to 1,000,
// as the queue lists them), kept like the cube.
func (s *Server) reviewCount(r *http.Request, buyerID string) (int, error) {
	v, err := s.results.get("review|"+buyerID, func() (any, error) {
		n, err := classify.QueueLen(context.WithoutCancel(r.Context()), s.store, buyerID)
		return min(n, 1000), err
	})
	if err != nil {
		return 0, err
	}
	return v.(int), nil
}

func (s *Server) handleCategories(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "categories")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.cubeOf(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.categories")
	if c.By != "" {
		p.Extra = []field{{"by", c.By}}
	}
	v := categoriesView{page: p, C: c, Breakdowns: []string{"org_unit", "supplier", "month", "account", "service", "place"}}
	for _, n := range c.Children {
		href := p.Link(p.BuyerPath("/categories"), "category", n.Prefix)
		if n.Code == cityspend.CategoryUnclassified {
			href = p.Link(p.BuyerPath("/categories"), "category", cityspend.CategoryUnclassified)
		}
		label := n.Label
		if n.Prefix != "" {
			label = n.Prefix + " " + label
		}
		v.Bars = append(v.Bars, bar{Label: label, Value: n.Spend, Text: p.L.Short(n.Spend, c.Currency) + " · " + p.L.Pct(n.Share), Href: href})
		if len(v.Bars) == 15 {
			break
		}
	}
	n, err := s.reviewCount(r, p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Review = int64(n)
	s.render(w, r, "categories.html", v)
}

type reviewView struct {
	page
	Groups []reviewGroup
	Saved  bool
	Below  float64
}

type reviewGroup struct {
	cityspend.ReviewGroup
	Label string
	Code  string // with the check digit
	// Reason is the classifier's reason in the page's language.
	Reason string
}

func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "review")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.review")
	label, err := s.labeler(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	gs, err := s.queue(r.Context(), p.Buyer.ID, 100)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := reviewView{page: p, Saved: r.URL.Query().Get("saved") == "1", Below: classify.ReviewBelow}
	for _, g := range gs {
		rg := reviewGroup{ReviewGroup: g}
		if cpv.Valid(g.Category.CPV) {
			rg.Label, rg.Code = label(g.Category.CPV, p.Lang), cpv.Code(g.Category.CPV).String()
		}
		rg.Reason = classify.Render(g.Category.Why, p.L.T, func(code string) string { return label(code, p.Lang) })
		if len(g.Category.Why) == 0 && p.Lang == "en" {
			rg.Reason = g.Category.Reason // classified before reasons were stored as clauses
		}
		v.Groups = append(v.Groups, rg)
	}
	s.render(w, r, "review.html", v)
}

// handleDecide records a person's category decision for a supplier's lines
// (on an account, or all of them) and classifies the buyer's lines again.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
		return
	}
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	buyerID := r.PathValue("id")
	d := classify.Decision{BuyerID: buyerID, SupplierID: get("supplier"), CPV: get("cpv"), OldCPV: get("old"), Scope: get("scope"),
		Account: get("account"), Text: get("text"), Who: who(r), Why: get("why")}
	if _, err := classify.Decide(r.Context(), s.store, d, s.log); err != nil {
		s.error(w, r, err)
		return
	}
	back := get("back")
	if back == "" || !strings.HasPrefix(back, "/buyers/") {
		back = "/buyers/" + url.PathEscape(buyerID) + "/review"
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"saved=1", http.StatusSeeOther)
}

// apiCube returns the cube as JSON.
func (s *Server) apiCube(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.cubeOf(r, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, c)
}

// queue is a buyer's review queue (its first n groups), kept like the
// results: a decision or an import makes it be read anew.
func (s *Server) queue(ctx context.Context, buyerID string, n int) ([]cityspend.ReviewGroup, error) {
	v, err := s.results.get("queue|"+buyerID+"|"+strconv.Itoa(n), func() (any, error) {
		return classify.Queue(ctx, s.store, buyerID, n)
	})
	if err != nil {
		return nil, err
	}
	return v.([]cityspend.ReviewGroup), nil
}

// apiReview lists the review queue.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	gs, err := s.queue(r.Context(), r.PathValue("id"), 1000)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if gs == nil {
		gs = []cityspend.ReviewGroup{}
	}
	s.json(w, http.StatusOK, gs)
}
