// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/cityspend/cityspend/handbook"
	"github.com/cityspend/cityspend/i18n"
)

// The legal handbook is public guidance: its pages, its search and its
// JSON are open to anyone (routes.go). Findings, plan items and notices
// link to /handbook/<slug>.

// hbItem is a handbook page in the reader's language, with where it
// applies in words.
type hbItem struct {
	handbook.Localized
	Where     string
	ValidDate string // ValidFrom as the locale writes dates
}

func newHBItem(l *i18n.Locale, p handbook.Page) hbItem {
	it := hbItem{Localized: p.In(l.Lang)}
	if p.Jurisdiction != "" {
		it.Where = l.T("hb.where." + p.Jurisdiction)
	}
	if !p.ValidFrom.IsZero() {
		it.ValidDate = l.Date(p.ValidFrom)
	}
	return it
}

type hbGroup struct {
	Heading string
	Pages   []hbItem
}

type handbookView struct {
	page
	Query    string
	Searched bool
	Results  []hbItem
	Groups   []hbGroup
}

// handleHandbook is the index, grouped by kind, with the search box and,
// for ?q=, the pages found in the reader's language.
func (s *Server) handleHandbook(w http.ResponseWriter, r *http.Request) {
	v := handbookView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("hb.title")
	v.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if v.Query != "" {
		v.Searched = true
		for _, h := range s.handbook.Search(v.Query, v.Lang) {
			v.Results = append(v.Results, newHBItem(v.L, h.Page))
		}
	}
	byKind := map[string][]hbItem{}
	for _, p := range s.handbook.Pages(v.Lang) {
		byKind[p.Kind] = append(byKind[p.Kind], newHBItem(v.L, p))
	}
	for _, k := range handbook.Kinds {
		if len(byKind[k]) > 0 {
			v.Groups = append(v.Groups, hbGroup{Heading: v.L.T("hb.kind." + k), Pages: byKind[k]})
		}
	}
	s.render(w, r, "handbook.html", v)
}

type handbookPageView struct {
	page
	P       hbItem
	Kind    string
	Related []hbItem
	Changes []hbChange
	JSON    string
}

type hbChange struct{ Date, What string }

type handbookMissingView struct {
	page
	Slug        string
	Suggestions []hbItem
}

// handleHandbookPage is one page; an unknown slug answers 404 with a page
// in the reader's language that suggests pages by the slug's words.
func (s *Server) handleHandbookPage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	p, err := s.handbook.Page(slug)
	if err != nil {
		v := handbookMissingView{page: s.newPage(w, r, "", ""), Slug: slug}
		v.Title = v.L.T("hb.missing-title")
		for _, q := range s.handbook.Similar(slug, v.Lang, 5) {
			v.Suggestions = append(v.Suggestions, newHBItem(v.L, q))
		}
		s.renderStatus(w, r, http.StatusNotFound, "handbook_missing.html", v)
		return
	}
	v := handbookPageView{page: s.newPage(w, r, "", "")}
	v.P = newHBItem(v.L, p)
	v.Title = v.P.Title
	v.Kind = v.L.T("hb.kind." + p.Kind)
	for _, rel := range p.Related {
		if q, err := s.handbook.Page(rel); err == nil {
			v.Related = append(v.Related, newHBItem(v.L, q))
		}
	}
	for _, c := range p.Changes {
		v.Changes = append(v.Changes, hbChange{Date: v.L.Date(c.From), What: c.What.In(v.Lang)})
	}
	v.JSON = "/api/v1/handbook/" + url.PathEscape(p.Slug) + "?lang=" + v.Lang
	s.render(w, r, "handbook_page.html", v)
}

// apiLang is the language of an API answer: ?lang=nb, else English.
func apiLang(r *http.Request) string {
	if r.URL.Query().Get("lang") == "nb" {
		return "nb"
	}
	return "en"
}

// handbookList is the API's list of pages: every page, or with ?q= the
// pages found, best first.
type handbookList struct {
	Lang  string               `json:"lang"`
	Query string               `json:"query,omitempty"`
	Pages []handbook.Localized `json:"pages"`
}

func (s *Server) apiHandbook(w http.ResponseWriter, r *http.Request) {
	lang := apiLang(r)
	out := handbookList{Lang: lang, Query: strings.TrimSpace(r.URL.Query().Get("q")), Pages: []handbook.Localized{}}
	if out.Query != "" {
		for _, h := range s.handbook.Search(out.Query, lang) {
			out.Pages = append(out.Pages, h.Page.In(lang))
		}
	} else {
		for _, p := range s.handbook.Pages(lang) {
			out.Pages = append(out.Pages, p.In(lang))
		}
	}
	s.json(w, http.StatusOK, out)
}

func (s *Server) apiHandbookPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.handbook.Page(r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, p.In(apiLang(r)))
}
