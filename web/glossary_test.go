// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"regexp"
	"strings"
	"testing"
)

// The glossary explains every term in both languages, and every info mark
// on the pages leads to a term it explains.
func TestGlossaryAndInfoMarks(t *testing.T) {
	srv, _ := newTestServer(t)
	anon := newClient(t, srv.URL)
	for _, lang := range []string{"nb", "en"} {
		code, g := anon.do("GET", "/glossary?lang="+lang, "", "", nil)
		if code != 200 {
			t.Fatalf("glossary %s: %d", lang, code)
		}
		if strings.Contains(g, ">gl.") {
			t.Errorf("glossary %s shows a catalogue key: %s", lang, regexp.MustCompile(`>gl\.[a-z.-]+`).FindString(g))
		}
		for _, term := range glossary {
			if !strings.Contains(g, `<dt id="`+term+`">`) {
				t.Errorf("glossary %s lacks %s", lang, term)
			}
		}
		marks := 0
		for _, path := range []string{"/buyers/3909?year=2025", "/buyers/3909/geography?year=2025", "/buyers/3909/climate?year=2025"} {
			page := get(t, srv.URL+path+"&lang="+lang, 200)
			for _, m := range regexp.MustCompile(`<a class="info" href="/glossary#([a-z-]+)" title="([^"]*)"`).FindAllStringSubmatch(page, -1) {
				marks++
				if !strings.Contains(g, `<dt id="`+m[1]+`">`) || m[2] == "" || strings.HasPrefix(m[2], "gl.") {
					t.Errorf("%s (%s): info mark %q with title %q", path, lang, m[1], m[2])
				}
			}
		}
		if marks < 8 {
			t.Errorf("%s: %d info marks on the overview, geography and climate pages", lang, marks)
		}
	}
	if !strings.Contains(get(t, srv.URL+"/buyers/3909?year=2025", 200), `href="/glossary"`) {
		t.Error("no link to the glossary in the page frame")
	}
}
