// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// A Norwegian categories page names the CPV groups and classes in bokmål
// from the project's table, even with the official list loaded (which has
// no Norwegian); the English page keeps the list's English.
func TestCategoriesPageNorwegianCPV(t *testing.T) {
	srv, st := newTestServer(t)
	// A CPV list in the official layout with an English label of our own
	// for every group and class, loaded before the first page reads it.
	var xml strings.Builder
	xml.WriteString("<CPV_CODE>\n")
	for c := range cpv.NBCodes() {
		fmt.Fprintf(&xml, "<CPV CODE=%q><TEXT LANG=\"EN\">English label of %s</TEXT></CPV>\n", c.String(), string(c))
	}
	xml.WriteString("</CPV_CODE>\n")
	entries, err := cpv.ReadXML(strings.NewReader(xml.String()))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCPV(context.Background(), cpv.StoreCodes(entries)); err != nil {
		t.Fatal(err)
	}

	var top cube.Result
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025", 200)), &top); err != nil || len(top.Children) == 0 {
		t.Fatalf("cube: %v", err)
	}
	div := top.Children[0].Prefix
	for _, level := range []struct{ name, category string }{{"groups", div}, {"classes", ""}} {
		category := level.category
		if category == "" {
			var d cube.Result
			json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025&category="+div, 200)), &d)
			if len(d.Children) == 0 {
				t.Fatalf("division %s has no groups", div)
			}
			category = d.Children[0].Prefix
		}
		var d cube.Result
		json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025&category="+category, 200)), &d)
		nbBody := get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=nb&category="+category, 200)
		enBody := get(t, srv.URL+"/buyers/3909/categories?year=2025&lang=en&category="+category, 200)
		if strings.Contains(nbBody, "English label of") {
			t.Errorf("%s of %s: the Norwegian page shows English CPV labels", level.name, category)
		}
		nb := parse(t, "nb "+level.name, nbBody).rows("categories")
		en := parse(t, "en "+level.name, enBody).rows("categories")
		n := 0
		for i, ch := range d.Children {
			if ch.Prefix == "" || i >= len(nb) || i >= len(en) {
				continue
			}
			want, ok := cpv.NB(cpv.Code(ch.Code))
			if !ok || !want.Own(cpv.Code(ch.Code)) {
				t.Errorf("%s has no bokmål label of its own", ch.Code)
				continue
			}
			eq(t, "nb "+ch.Code, nb[i][0], ch.Prefix+" "+want.Text)
			if cpv.Code(ch.Code).Digits() > 2 { // a division's own lines: its label from the project
				eq(t, "en "+ch.Code, en[i][0], ch.Prefix+" English label of "+ch.Code)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s of %s: no labelled rows", level.name, category)
		}
	}
	// The climate page names its categories (groups) the same way.
	if body := get(t, srv.URL+"/buyers/3909/climate?year=2025&lang=en", 200); !strings.Contains(body, "English label of") {
		t.Error("the English climate page shows no label of the official list")
	}
	body := get(t, srv.URL+"/buyers/3909/climate?year=2025&lang=nb", 200)
	if strings.Contains(body, "English label of") {
		t.Error("the Norwegian climate page shows English CPV labels")
	}
	var groups cube.Result
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/cube?year=2025&category="+div, 200)), &groups)
	shown := 0
	for _, g := range groups.Children {
		if n, ok := cpv.NB(cpv.Code(g.Code)); ok && cpv.Code(g.Code).Digits() == 3 && strings.Contains(body, g.Prefix+" "+n.Text) {
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("the Norwegian climate page names none of the groups of %s in bokmål", div)
	}
}
