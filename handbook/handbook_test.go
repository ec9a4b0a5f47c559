// SPDX-License-Identifier: EUPL-1.2

package handbook

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

// Every slug the other packages link to has a page in both languages,
// with a title, a summary, a body and at least one citation with an
// official https address; every page is one of the slugs, of a known
// kind, and links only to pages that exist.
func TestEverySlugHasAPage(t *testing.T) {
	h := New()
	if len(h.pages) != len(Slugs) {
		t.Errorf("%d pages for %d slugs", len(h.pages), len(Slugs))
	}
	seen := map[string]bool{}
	for _, p := range h.pages {
		if seen[p.Slug] {
			t.Errorf("%s: two pages", p.Slug)
		}
		seen[p.Slug] = true
		if !slices.Contains(Slugs, p.Slug) {
			t.Errorf("%s: not one of the fixed slugs", p.Slug)
		}
		if !slices.Contains(Kinds, p.Kind) {
			t.Errorf("%s: kind %q", p.Slug, p.Kind)
		}
		for _, r := range p.Related {
			if !h.Has(r) || r == p.Slug {
				t.Errorf("%s: related page %q does not exist", p.Slug, r)
			}
		}
	}
	for _, slug := range Slugs {
		p, err := h.Page(slug)
		if err != nil {
			t.Errorf("%s: %v", slug, err)
			continue
		}
		for _, lang := range []string{"nb", "en"} {
			l := p.In(lang)
			if l.Lang != lang || l.Title == "" || l.Summary == "" || len(l.Body) == 0 {
				t.Errorf("%s (%s): title %q, summary %q, %d blocks", slug, lang, l.Title, l.Summary, len(l.Body))
			}
			if len(l.Citations) == 0 {
				t.Errorf("%s (%s): no citation", slug, lang)
			}
			for _, c := range l.Citations {
				u, err := url.Parse(c.URL)
				if err != nil || u.Scheme != "https" || u.Host == "" || c.Source == "" {
					t.Errorf("%s (%s): citation %+v", slug, lang, c)
				}
			}
		}
		if p.Title.NB == p.Title.EN && p.Summary.NB == p.Summary.EN {
			t.Errorf("%s: the Norwegian page is the English one", slug)
		}
	}
}

func TestUnknownPageIsNotFound(t *testing.T) {
	_, err := New().Page("no-such-page")
	if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("unknown page: %v, want not found", err)
	}
}

// The search finds pages in each language, by words of that language,
// whatever the case and accents, best first; a word of the other
// language's page alone does not find it.
func TestSearch(t *testing.T) {
	h := New()
	for _, tt := range []struct {
		query, lang, first string
	}{
		{"saerlige tjenester", "nb", "light-regime-no"},
		{"SÆRLIGE tjenester", "nb", "light-regime-no"},
		{"innovasjonspartnerskap", "nb", "procedure-innovation-partnership"},
		{"konkurransepreget dialog", "nb", "procedure-competitive-dialogue"},
		{"egenregi", "nb", "exemption-in-house"},
		{"delkontrakter", "nb", "guidance-lots-sme"},
		{"light touch", "en", "light-touch-uk"},
		{"pipeline notice", "en", "pipeline-notice-uk"},
		{"innovation partnership", "en", "procedure-innovation-partnership"},
		{"Teckal", "en", "exemption-in-house"},
		{"pre-commercial", "en", "procedure-pre-commercial"},
		{"competitive flexible", "en", "procedure-competitive-flexible-uk"},
		{"§ 7-9", "nb", "guidance-green-criteria"},
		{"19-4", "en", "guidance-lots-sme"},
	} {
		hits := h.Search(tt.query, tt.lang)
		if len(hits) == 0 {
			t.Errorf("%q (%s): nothing found", tt.query, tt.lang)
			continue
		}
		if hits[0].Page.Slug != tt.first {
			t.Errorf("%q (%s): first %s, want %s", tt.query, tt.lang, hits[0].Page.Slug, tt.first)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("%q: not ranked", tt.query)
			}
		}
	}
	// Words of one language find nothing in the other's pages.
	if hits := h.Search("innovasjonspartnerskap", "en"); len(hits) != 0 {
		t.Errorf("a Norwegian word on English pages: %d hits", len(hits))
	}
	if hits := h.Search("whereabouts", "nb"); len(hits) != 0 {
		t.Errorf("an English word on Norwegian pages: %d hits", len(hits))
	}
	// Every word must be found; short words only whole.
	if hits := h.Search("innovation zzzqqq", "en"); len(hits) != 0 {
		t.Errorf("a query with an unknown word: %d hits", len(hits))
	}
	if hits := h.Search("  ", "en"); hits != nil {
		t.Errorf("an empty query: %d hits", len(hits))
	}
	for _, hit := range h.Search("UK", "en") {
		if !strings.Contains(" "+fold(hit.Page.Title.EN+" "+hit.Page.Summary.EN+" "+hit.Page.Body.EN+" "+citeText(hit.Page))+" ", "uk") {
			t.Errorf("UK: %s has no UK", hit.Page.Slug)
		}
	}
}

func citeText(p Page) string {
	var s []string
	for _, c := range p.Citations {
		s = append(s, c.Source.EN, c.Section)
	}
	return strings.Join(s, " ")
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Særlige": "saerlige", "Førkommersielle": "forkommersielle", "Kåre": "kare",
		"Kaare": "kare", "Moete": "mote", "møte": "mote", "§ 5-4": "  5-4", "Café": "cafe"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBlocks(t *testing.T) {
	got := blocks("First line\nsame paragraph.\n\nIntro:\n- one\n- two\n  continued\n\n\nLast.")
	want := []Block{{Text: "First line same paragraph."}, {Text: "Intro:"}, {Items: []string{"one", "two continued"}}, {Text: "Last."}}
	if !slices.EqualFunc(got, want, func(a, b Block) bool { return a.Text == b.Text && slices.Equal(a.Items, b.Items) }) {
		t.Errorf("blocks: %+v, want %+v", got, want)
	}
}

// The pages are ordered by kind, as the index groups them.
func TestPagesByKind(t *testing.T) {
	ps := New().Pages("nb")
	last := 0
	for _, p := range ps {
		i := slices.Index(Kinds, p.Kind)
		if i < last {
			t.Fatalf("%s (%s) after a later kind", p.Slug, p.Kind)
		}
		last = i
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"saerlige", "light touch", "§ 5-4", "--", "ÆØÅ æøå", "a b c", "\x00\xff"} {
		f.Add(s)
	}
	h := New()
	f.Fuzz(func(t *testing.T, q string) {
		for _, lang := range []string{"nb", "en"} {
			hits := h.Search(q, lang)
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Fatalf("%q: not ranked", q)
				}
			}
		}
		for _, term := range Terms(q) {
			if term == "" || strings.HasPrefix(term, "-") || strings.HasSuffix(term, "-") {
				t.Fatalf("%q: term %q", q, term)
			}
		}
	})
}

func FuzzBlocks(f *testing.F) {
	for _, s := range []string{"a\n\n- b\n- c", "- \n-\n\n", "\r\n\r\n x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, b := range blocks(body) {
			if b.Text == "" && len(b.Items) == 0 {
				t.Fatalf("%q: an empty block", body)
			}
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	h := New()
	for b.Loop() {
		h.Search("særlige tjenester terskelverdi", "nb")
	}
}

// An unknown address suggests the pages sharing most of its words.
func TestSimilar(t *testing.T) {
	h := New()
	got := h.Similar("light-regime-xx", "en", 3)
	if len(got) == 0 || len(got) > 3 {
		t.Fatalf("similar: %d pages", len(got))
	}
	for _, p := range got {
		if !strings.Contains(p.Slug, "light") {
			t.Errorf("similar to light-regime-xx: %s", p.Slug)
		}
	}
	if got := h.Similar("zzzqqq", "nb", 3); len(got) != 0 {
		t.Errorf("similar to nothing: %d pages", len(got))
	}
}
