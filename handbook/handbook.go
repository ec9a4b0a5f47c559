// SPDX-License-Identifier: EUPL-1.2

// Package handbook is cityspend's legal handbook: one page for every
// threshold, regime, procedure and exemption the findings and the plan
// use, and guidance on the innovation procedures, social and green
// criteria, joint cross-border procurement, market dialogue and lots, in
// Norwegian bokmål and English, each citing its sources (act, section,
// official address) and saying since when it holds where the law changed.
// The pages are data written by the project; Search finds them by title,
// summary, body and citations in the reader's language.
//
// Every page lives at /handbook/<slug>; the slugs are fixed (Slugs), and
// findings, plan items and notices link to them.
package handbook

import (
	"sort"
	"time"

	"github.com/cityspend/cityspend"
)

// Kinds of page, in the order the index shows them.
const (
	KindRegime    = "regime"    // a threshold or the regime it opens
	KindRule      = "rule"      // a rule that applies across regimes
	KindProcedure = "procedure" // a way to award a contract
	KindExemption = "exemption" // a purchase the rules do not cover
	KindGuidance  = "guidance"  // how to do it well (not a duty by itself)
)

// Kinds lists the kinds in the index's order.
var Kinds = []string{KindRegime, KindRule, KindProcedure, KindExemption, KindGuidance}

// Slugs are the pages every part of cityspend may link to, fixed for all:
// a test checks each has a page in both languages with a cited source.
var Slugs = []string{
	"threshold-no-floor", "threshold-no-national", "threshold-no-eea", "threshold-eu", "threshold-uk",
	"light-regime-no", "light-regime-eu", "light-touch-uk", "estimate-value", "direct-award", "pipeline-notice-uk",
	"exemption-in-house", "exemption-inter-municipal", "exemption-public-body", "exemption-framework-call-off",
	"exemption-excluded-services",
	"procedure-below-threshold", "procedure-open", "procedure-restricted", "procedure-negotiated",
	"procedure-competitive-dialogue", "procedure-innovation-partnership", "procedure-pre-commercial",
	"procedure-competitive-flexible-uk", "procedure-light-regime",
	"guidance-social-criteria", "guidance-green-criteria", "guidance-joint-cross-border", "guidance-market-dialogue",
	"guidance-lots-sme",
}

// Text is a text in both languages.
type Text struct{ NB, EN string }

// In is the text in a language ("nb", else English).
func (t Text) In(lang string) string {
	if lang == "nb" {
		return t.NB
	}
	return t.EN
}

// Citation is a source a page rests on: the act or document as it is
// called, the provision (empty when the page cites the act as a whole),
// and an official address to read it.
type Citation struct {
	Source  Text
	Section string
	URL     string
}

// Change is a change of the law a page describes, from a date.
type Change struct {
	From time.Time
	What Text
}

// Page is one page of the handbook. Body is plain text: paragraphs are
// separated by a blank line, and lines starting "- " are list items.
type Page struct {
	Slug         string
	Kind         string
	Jurisdiction string // NO, EU, UK, or "" for all
	Title        Text
	Summary      Text
	Body         Text
	Citations    []Citation
	Related      []string
	// ValidFrom is when the rule as described took effect, where the law
	// changed (zero: unchanged since the act); Changes are the earlier
	// and later steps, oldest first.
	ValidFrom time.Time
	Changes   []Change
}

// Handbook is the pages with their search index.
type Handbook struct {
	pages  []Page
	bySlug map[string]int
	index  map[string][]indexed // by language
}

// New builds the handbook from the shipped pages.
func New() *Handbook {
	return newHandbook(shipped())
}

func newHandbook(pages []Page) *Handbook {
	h := &Handbook{pages: pages, bySlug: map[string]int{}, index: map[string][]indexed{}}
	for i, p := range pages {
		h.bySlug[p.Slug] = i
	}
	for _, lang := range []string{"nb", "en"} {
		for _, p := range pages {
			h.index[lang] = append(h.index[lang], indexPage(p, lang))
		}
	}
	return h
}

// Page returns a page by its slug; an unknown slug is not found.
func (h *Handbook) Page(slug string) (Page, error) {
	i, ok := h.bySlug[slug]
	if !ok {
		return Page{}, cityspend.Errorf(cityspend.ENOTFOUND, "the handbook has no page %q", slug)
	}
	return h.pages[i], nil
}

// Has reports whether a page exists.
func (h *Handbook) Has(slug string) bool {
	_, ok := h.bySlug[slug]
	return ok
}

// Pages are all pages, by kind in the order of Kinds, then by title in a
// language.
func (h *Handbook) Pages(lang string) []Page {
	out := append([]Page(nil), h.pages...)
	rank := map[string]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Kind] != rank[out[j].Kind] {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		return fold(out[i].Title.In(lang)) < fold(out[j].Title.In(lang))
	})
	return out
}

// Localized is a page in one language, as the web page and the API show
// it.
type Localized struct {
	Slug         string      `json:"slug"`
	Lang         string      `json:"lang"`
	Kind         string      `json:"kind"`
	Jurisdiction string      `json:"jurisdiction,omitempty"`
	Title        string      `json:"title"`
	Summary      string      `json:"summary"`
	Body         []Block     `json:"body"`
	Citations    []Cited     `json:"citations"`
	Related      []string    `json:"related"`
	ValidFrom    string      `json:"valid_from,omitempty"`
	Changes      []ChangeDoc `json:"changes,omitempty"`
	URL          string      `json:"url"`
}

// Block is a paragraph, or a list when Items is set.
type Block struct {
	Text  string   `json:"text,omitempty"`
	Items []string `json:"items,omitempty"`
}

// Cited is a citation in one language.
type Cited struct {
	Source  string `json:"source"`
	Section string `json:"section,omitempty"`
	URL     string `json:"url"`
}

// ChangeDoc is a change in one language.
type ChangeDoc struct {
	From string `json:"from"`
	What string `json:"what"`
}

// In returns the page in a language ("nb", else English).
func (p Page) In(lang string) Localized {
	if lang != "nb" {
		lang = "en"
	}
	l := Localized{Slug: p.Slug, Lang: lang, Kind: p.Kind, Jurisdiction: p.Jurisdiction, Title: p.Title.In(lang),
		Summary: p.Summary.In(lang), Body: blocks(p.Body.In(lang)), Related: append([]string{}, p.Related...), URL: "/handbook/" + p.Slug}
	for _, c := range p.Citations {
		l.Citations = append(l.Citations, Cited{Source: c.Source.In(lang), Section: c.Section, URL: c.URL})
	}
	if !p.ValidFrom.IsZero() {
		l.ValidFrom = p.ValidFrom.Format(time.DateOnly)
	}
	for _, c := range p.Changes {
		l.Changes = append(l.Changes, ChangeDoc{From: c.From.Format(time.DateOnly), What: c.What.In(lang)})
	}
	return l
}

// blocks splits a body into paragraphs and lists.
func blocks(body string) []Block {
	var out []Block
	for _, para := range splitParagraphs(body) {
		var items []string
		var text []string
		for _, line := range para {
			if item, ok := cutItem(line); ok {
				items = append(items, item)
			} else if len(items) > 0 {
				items[len(items)-1] += " " + line // a list item continued
			} else {
				text = append(text, line)
			}
		}
		if len(text) > 0 {
			out = append(out, Block{Text: join(text)})
		}
		if len(items) > 0 {
			out = append(out, Block{Items: items})
		}
	}
	return out
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
