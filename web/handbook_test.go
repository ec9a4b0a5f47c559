// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/handbook"
)

// The legal handbook on a real server, to a visitor who is not logged in:
// the index lists every page by kind, each page reads in Norwegian and
// English with its sources, the search finds pages in each language
// whatever the accents, an unknown page is a 404 in the reader's
// language, and the API gives the same pages as JSON.
func TestHandbookPages(t *testing.T) {
	srv, _ := newTestServer(t)

	home := get(t, srv.URL+"/?lang=en", 200)
	if !strings.Contains(home, `href="/handbook"`) {
		t.Error("the footer does not link to the handbook")
	}

	index := get(t, srv.URL+"/handbook?lang=en", 200)
	for _, want := range []string{"Legal handbook for public procurement", "Thresholds and regimes", "Procedures", "Exemptions", "Guidance",
		`id="hb-disclaimer"`, `name="q"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index (en): no %q", want)
		}
	}
	for _, slug := range handbook.Slugs {
		if !strings.Contains(index, `href="/handbook/`+slug+`"`) {
			t.Errorf("index: no link to %s", slug)
		}
	}
	if nb := get(t, srv.URL+"/handbook?lang=nb", 200); !strings.Contains(nb, "Juridisk håndbok for offentlige anskaffelser") ||
		!strings.Contains(nb, "Terskelverdier og regimer") || !strings.Contains(nb, `<html lang="nb">`) {
		t.Error("the Norwegian index is not in Norwegian")
	}

	nb := get(t, srv.URL+"/handbook/light-regime-no?lang=nb", 200)
	for _, want := range []string{`<html lang="nb">`, "Særlige tjenester: helse- og sosialtjenester m.m.", "Kilder",
		"lovdata.no/forskrift/2016-08-12-974/", "eur-lex.europa.eu/eli/dir/2014/24/oj", `href="/handbook/light-regime-eu"`,
		`href="/api/v1/handbook/light-regime-no?lang=nb"`} {
		if !strings.Contains(nb, want) {
			t.Errorf("page (nb): no %q", want)
		}
	}
	en := get(t, srv.URL+"/handbook/light-regime-no?lang=en", 200)
	for _, want := range []string{`<html lang="en">`, "light regime: health, social and other specific services", "Sources", "Annex XIV"} {
		if !strings.Contains(en, want) {
			t.Errorf("page (en): no %q", want)
		}
	}
	if strings.Contains(en, "Særlige tjenester: helse") {
		t.Error("the English page shows the Norwegian title")
	}
	if g := get(t, srv.URL+"/handbook/guidance-green-criteria?lang=en", 200); !strings.Contains(g, `id="hb-valid-from"`) || !strings.Contains(g, `id="hb-changes"`) {
		t.Error("a page whose law changed does not say since when")
	}

	// The search, in each language, accents or not.
	for _, tt := range []struct{ lang, q, first string }{
		{"nb", "saerlige", "light-regime-no"}, {"nb", "særlige+tjenester", "light-regime-no"},
		{"en", "light+touch", "light-touch-uk"}, {"en", "innovation+partnership", "procedure-innovation-partnership"},
	} {
		b := get(t, srv.URL+"/handbook?lang="+tt.lang+"&q="+tt.q, 200)
		_, results, ok := strings.Cut(b, `id="hb-results"`)
		if !ok {
			t.Errorf("search %s (%s): no results", tt.q, tt.lang)
			continue
		}
		_, after, _ := strings.Cut(results, `data-slug="`)
		if got, _, _ := strings.Cut(after, `"`); got != tt.first {
			t.Errorf("search %s (%s): first %q, want %s", tt.q, tt.lang, got, tt.first)
		}
	}
	if b := get(t, srv.URL+"/handbook?lang=en&q=zzzqqq", 200); !strings.Contains(b, `id="hb-none"`) {
		t.Error("a search that finds nothing does not say so")
	}

	// An unknown page: 404, in the reader's language.
	if b := get(t, srv.URL+"/handbook/light-regime-xx?lang=nb", 404); !strings.Contains(b, "Håndboken har ingen side") ||
		!strings.Contains(b, `href="/handbook/light-regime-no"`) {
		t.Errorf("unknown page (nb): %.300s", b)
	}
	if b := get(t, srv.URL+"/handbook/no-such-page?lang=en", 404); !strings.Contains(b, "The handbook has no page") {
		t.Errorf("unknown page (en): %.300s", b)
	}

	// The API.
	var p handbook.Localized
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/handbook/direct-award?lang=nb", 200)), &p); err != nil {
		t.Fatal(err)
	}
	if p.Slug != "direct-award" || p.Lang != "nb" || p.Title == "" || len(p.Citations) == 0 || p.URL != "/handbook/direct-award" {
		t.Errorf("API page: %+v", p)
	}
	var list struct {
		Lang  string               `json:"lang"`
		Pages []handbook.Localized `json:"pages"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/handbook?lang=nb&q=saerlige", 200)), &list); err != nil {
		t.Fatal(err)
	}
	if list.Lang != "nb" || len(list.Pages) == 0 || list.Pages[0].Slug != "light-regime-no" {
		t.Errorf("API search: %+v", list)
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/handbook", 200)), &list); err != nil || len(list.Pages) != len(handbook.Slugs) || list.Lang != "en" {
		t.Errorf("API list: %d pages (%v)", len(list.Pages), err)
	}
	if b := get(t, srv.URL+"/api/v1/handbook/no-such-page", 404); !strings.Contains(b, `"not_found"`) {
		t.Errorf("API unknown page: %s", b)
	}
}
