// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A logged-in user's choice of language (?lang=, the switch in the page's
// frame) is remembered as theirs: a later session on another browser, one
// that asks for bokmål, gets their language; a visitor's choice stays in
// the cookie only.
func TestUserLanguageRemembered(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	nb := map[string]string{"Accept-Language": "nb-NO,nb;q=0.9"}
	c := newClient(t, srv.URL).login(adminA)
	if _, p := c.do("GET", "/buyers/3909?year=2025", "", "", nb); !strings.Contains(p, `<html lang="nb"`) {
		t.Fatal("Accept-Language nb, no choice yet: not Norwegian")
	}
	if u, _ := st.UserByEmail(ctx, adminA); u.Lang != "" {
		t.Fatalf("a language %q before any choice", u.Lang)
	}
	c.do("GET", "/buyers/3909?year=2025&lang=en", "", "", nb)
	u, err := st.UserByEmail(ctx, adminA)
	if err != nil || u.Lang != "en" {
		t.Fatalf("after ?lang=en: %q %v", u.Lang, err)
	}
	other := newClient(t, srv.URL).login(adminA) // no cookie
	if _, p := other.do("GET", "/buyers/3909?year=2025", "", "", nb); !strings.Contains(p, `<html lang="en"`) {
		t.Error("another browser of the same user, asking for bokmål: not in the user's English")
	}
	other.do("GET", "/buyers/3909?year=2025&lang=nb", "", "", nil)
	if _, p := c.do("GET", "/buyers/3909?year=2025", "", "", map[string]string{"Accept-Language": "en"}); !strings.Contains(p, `<html lang="nb"`) {
		t.Error("the choice made on the other browser does not follow the user")
	}

	// An API client asks for an answer in a language: the person's
	// language stays.
	if code, _ := c.do("GET", "/api/v1/buyers/3909/analysis?year=2025&lang=en", "", "", nil); code != 200 {
		t.Fatalf("API: %d", code)
	}
	if u, _ := st.UserByEmail(ctx, adminA); u.Lang != "nb" {
		t.Errorf("an API request's ?lang=en changed the user's language to %q", u.Lang)
	}

	// Another site's link with ?lang= shows the page in that language and
	// remembers it in the cookie, but leaves the user's language (that of
	// their mail): a browser's Sec-Fetch-Site, or without it a Referer,
	// tells where the link was.
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Sec-Fetch-Site": "", "Referer": "https://evil.example/page"},
		{"Sec-Fetch-Site": ""},
	} {
		if _, p := c.do("GET", "/buyers/3909?year=2025&lang=en", "", "", h); !strings.Contains(p, `<html lang="en"`) {
			t.Errorf("%v: ?lang=en not shown in English", h)
		}
		if u, _ := st.UserByEmail(ctx, adminA); u.Lang != "nb" {
			t.Fatalf("%v: a link from elsewhere changed the user's language to %q", h, u.Lang)
		}
	}
	if _, p := c.do("GET", "/buyers/3909?year=2025", "", "", map[string]string{"Sec-Fetch-Site": ""}); !strings.Contains(p, `<html lang="nb"`) {
		t.Error("after links from elsewhere, the user's own language is not kept")
	}
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "none"},
		{"Sec-Fetch-Site": "", "Referer": srv.URL + "/buyers/3909"},
	} {
		want := "en"
		if u, _ := st.UserByEmail(ctx, adminA); u.Lang == "en" {
			want = "nb"
		}
		c.do("GET", "/buyers/3909?year=2025&lang="+want, "", "", h)
		if u, _ := st.UserByEmail(ctx, adminA); u.Lang != want {
			t.Errorf("%v: ?lang=%s from this site: the user's language %q", h, want, u.Lang)
		}
	}
	c.do("GET", "/buyers/3909?year=2025&lang=nb", "", "", nil)

	// A visitor's choice changes no user.
	visitor := newClient(t, srv.URL)
	visitor.do("GET", "/login?lang=en", "", "", nil)
	if us, _ := st.Users(ctx); len(us) == 0 {
		t.Fatal("no users")
	} else {
		for _, u := range us {
			if u.Email != adminA && u.Lang != "" {
				t.Errorf("%s has language %q without choosing one", u.Email, u.Lang)
			}
		}
	}
	if _, p := visitor.do("GET", "/login", "", "", nb); !strings.Contains(p, `<html lang="en"`) {
		t.Error("a visitor's choice is kept in the cookie")
	}
}

// A supplier's user chooses a language on their profile: it is theirs.
func TestUserLanguageOnProfile(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	sup := newClient(t, srv.URL).login(supplierUser)
	if _, p := sup.do("GET", "/supplier?lang=nb", "", "", nil); !strings.Contains(p, `<select id="lang" name="lang"><option value="nb" lang="nb" selected>`) {
		t.Fatal("the profile offers no language, or not the page's")
	}
	if code, _ := sup.postForm("/supplier", url.Values{"description": {"School and office cleaning"}, "lang": {"en"}}); code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	if u, _ := st.UserByEmail(ctx, supplierUser); u.Lang != "en" {
		t.Errorf("the language chosen on the profile: %q", u.Lang)
	}
	if _, p := sup.do("GET", "/supplier", "", "", map[string]string{"Accept-Language": "nb"}); !strings.Contains(p, `<html lang="en"`) {
		t.Error("the profile saved in English is not shown in English")
	}
}
