// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/cityspend/cityspend"
)

// Visitor is who asks, as the access rule sees them: anonymous (the zero
// Visitor), a supplier's user, or staff with a role at the buyer the path
// names.
type Visitor struct {
	SignedIn bool
	Supplier bool   // a supplier's user
	Role     string // the staff role at the path's buyer ("" for none)
}

// table is every route's pattern and access, without a store: the
// server's own list (routes.go) on a mux that only names the pattern.
var table = sync.OnceValues(func() (*http.ServeMux, map[string]access) {
	s := &Server{mux: http.NewServeMux()}
	s.routes()
	acc := map[string]access{}
	for _, rt := range s.routeList {
		acc[rt.pattern] = rt.access
	}
	return s.mux, acc
})

// Routes lists the pattern of every route the server registers
// ("GET /buyers/{id}"), in the order routes.go registers them: the page
// sweep visits every page from it.
func Routes() []string {
	s := &Server{mux: http.NewServeMux()}
	s.routes()
	out := make([]string, len(s.routeList))
	for i, rt := range s.routeList {
		out[i] = rt.pattern
	}
	return out
}

// Permitted reports whether a visitor may use the route that serves
// method and path (a path with a query is fine), by the rule the server
// applies to every request (allow); publishes is whether the path's buyer
// publishes its dashboards. It also returns the route's pattern ("" when
// no route serves it: not permitted).
func Permitted(method, path string, v Visitor, publishes bool) (string, bool) {
	mux, acc := table()
	_, pattern := mux.Handler(httptest.NewRequest(method, path, nil))
	a, ok := acc[pattern]
	if !ok {
		return "", false
	}
	return pattern, permits(a, v, publishes, "of the path") == nil
}

// permits is the access rule once the visitor and the buyer's publishing
// are known: allow and Permitted both decide by it.
func permits(a access, v Visitor, publishes bool, buyerID string) error {
	switch a {
	case anyone:
		return nil
	case signedIn:
		if !v.SignedIn {
			return cityspend.Errorf(cityspend.EUNAUTHORIZED, "log in first")
		}
		return nil
	case supplier:
		if !v.SignedIn {
			return cityspend.Errorf(cityspend.EUNAUTHORIZED, "log in as a supplier's user")
		}
		if !v.Supplier {
			return cityspend.Errorf(cityspend.EFORBIDDEN, "this is for suppliers' users")
		}
		return nil
	}
	if a == published && publishes {
		return nil
	}
	if !v.SignedIn {
		return cityspend.Errorf(cityspend.EUNAUTHORIZED, "log in to see this")
	}
	if !cityspend.RoleAtLeast(v.Role, a.role()) {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "this needs the %s role at buyer %s", a.role(), buyerID)
	}
	return nil
}
