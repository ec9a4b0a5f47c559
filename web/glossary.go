// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"html/template"
	"net/http"
)

// glossary are the terms the pages use that nobody outside the trade
// explains, in the order the glossary page lists them. Each has a title
// ("gl.<term>") and a definition ("gl.<term>.d") in the catalogue; an info
// mark beside the term on a page (page.Info) links here.
var glossary = []string{"spend", "scope", "bands", "local-share", "known-share", "leakage", "pp", "retained", "sme", "social", "public",
	"concentration", "lm3", "resolution", "category", "contract-coverage", "finding", "footprint", "quality-grade", "provisional"}

type glossaryView struct {
	page
	Terms []string
}

func (s *Server) handleGlossary(w http.ResponseWriter, r *http.Request) {
	v := glossaryView{page: s.newPage(w, r, "", ""), Terms: glossary}
	v.Title = v.L.T("gl.title")
	s.render(w, r, "glossary.html", v)
}

// Info is the info mark beside a term: a link to its place in the
// glossary, with the definition as the link's title for a mouse pointer;
// nothing in a standalone document (the report), which explains its terms
// in its method section.
func (p page) Info(term string) template.HTML {
	if p.Standalone {
		return ""
	}
	title := p.L.T("gl." + term)
	return template.HTML(`<a class="info" href="/glossary#` + template.HTMLEscapeString(term) + `" title="` +
		template.HTMLEscapeString(p.L.T("gl."+term+".d")) + `" aria-label="` + template.HTMLEscapeString(p.L.T("gl.what", title)) + `">i</a>`)
}
