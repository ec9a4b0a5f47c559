// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"slices"
	"testing"

	"github.com/cityspend/cityspend"
)

// Routes is the server's own list in its order, and Permitted decides by
// the rule allow applies; a path that is no URL is an error, not a panic.
func TestPermitted(t *testing.T) {
	s := &Server{mux: http.NewServeMux()}
	s.routes()
	var want []string
	for _, rt := range s.routeList {
		want = append(want, rt.pattern)
	}
	if got := Routes(); !slices.Equal(got, want) {
		t.Errorf("Routes: %d patterns, the server registers %d (or in another order)", len(got), len(want))
	}
	staff := Visitor{SignedIn: true, Role: cityspend.RoleViewer}
	for _, c := range []struct {
		method, path string
		v            Visitor
		publishes    bool
		pattern      string
		ok           bool
	}{
		{"GET", "/api/v1/buyers", Visitor{}, false, "GET /api/v1/buyers", true},
		{"GET", "/api/v1/buyers/3909/years?lang=nb", Visitor{}, false, "GET /api/v1/buyers/{id}/years", false},
		{"GET", "/api/v1/buyers/3909/years", Visitor{}, true, "GET /api/v1/buyers/{id}/years", true},
		{"GET", "/api/v1/buyers/3909/years", staff, false, "GET /api/v1/buyers/{id}/years", true},
		{"GET", "/no/such/page", staff, false, "", false},
	} {
		pattern, ok, err := Permitted(c.method, c.path, c.v, c.publishes)
		if err != nil || pattern != c.pattern || ok != c.ok {
			t.Errorf("%s %s as %+v (publishes %v): %q %v %v, want %q %v", c.method, c.path, c.v, c.publishes, pattern, ok, err, c.pattern, c.ok)
		}
	}
	if _, ok, err := Permitted("GET", "/buyers/%zz", staff, false); err == nil || ok {
		t.Errorf("an unreadable path: %v %v, want an error", ok, err)
	}
}
