// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// A supplier's place, type and size and how each of its payee names was
// resolved are written in bokmål on a Norwegian page (the register and the
// resolver keep them as English phrases; the API gives them as they are),
// as on the review of unresolved payees.
func TestSupplierReasonsInBokmal(t *testing.T) {
	srv, _ := newTestServer(t)
	var sups []struct {
		SupplierID  string `json:"supplier_id"`
		PlaceReason string `json:"place_reason"`
		TypeReason  string `json:"type_reason"`
		SizeBasis   string `json:"size_basis"`
	}
	body := get(t, srv.URL+"/api/v1/buyers/3909/suppliers?year=2025", 200)
	if err := json.Unmarshal([]byte(body), &sups); err != nil {
		var wrapped struct {
			Suppliers json.RawMessage `json:"suppliers"`
		}
		if err2 := json.Unmarshal([]byte(body), &wrapped); err2 != nil || json.Unmarshal(wrapped.Suppliers, &sups) != nil {
			t.Fatalf("suppliers: %v %.200s", err, body)
		}
	}
	// One supplier of each kind of reason.
	digits := regexp.MustCompile(`\d+|"[^"]*"|«[^»]*»`)
	seen := map[string]bool{}
	var ids []string
	for _, s := range sups {
		k := digits.ReplaceAllString(s.PlaceReason+"|"+s.TypeReason+"|"+s.SizeBasis, "N")
		if !seen[k] {
			seen[k] = true
			ids = append(ids, s.SupplierID)
		}
	}
	if len(ids) < 5 {
		t.Fatalf("%d kinds of suppliers", len(ids))
	}
	english := regexp.MustCompile(`(?i)\b(the|and|of|in|by|from|not|no|organisation|number|registered|register|close|name|legal|form|employees|branch|region|county|outside|decided|abroad|postcode|municipality|ambiguous|same|company|council|words|told|apart|other)\b`)
	table := func(page, id string) string {
		return regexp.MustCompile(`(?s)<table id="` + id + `">.*?</table>`).FindString(page)
	}
	cell := regexp.MustCompile(`<td>([^<]*)</td>`)
	for _, id := range ids {
		page := get(t, srv.URL+"/buyers/3909/suppliers/"+url.PathEscape(id)+"?lang=nb&year=2025", 200)
		texts := []string{}
		for _, m := range cell.FindAllStringSubmatch(table(page, "profile"), -1) {
			texts = append(texts, m[1])
		}
		for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(table(page, "payees"), -1) {
			if c := cell.FindAllStringSubmatch(row, -1); len(c) >= 3 {
				texts = append(texts, c[2][1])
			}
		}
		for _, s := range texts {
			s = regexp.MustCompile(`«[^»]*»|&#34;[^&]*&#34;|[A-ZÆØÅ0-9&;#]{2,}( [A-ZÆØÅ0-9&;#]+)*`).ReplaceAllString(s, "") // names as registered
			if w := english.FindAllString(s, -1); len(w) > 0 {
				t.Errorf("supplier %s: English %q in %q", id, w, s)
			}
		}
	}
	review := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=nb", 200)
	if strings.Contains(review, "no registered name") || strings.Contains(review, "not resolved") {
		t.Error("the review of unresolved payees has English reasons")
	}
}
