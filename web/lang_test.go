// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
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
