// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"net/http"
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
	// Installation: an installation admin (or the operator's token).
	Installation bool
}

// routeTable is every route's pattern and access, without a store: the
// server's own list (routes.go), in its order, on a mux that only names
// the pattern.
type routeTable struct {
	mux    *http.ServeMux
	routes []route
	access map[string]access
}

var table = sync.OnceValue(func() routeTable {
	s := &Server{mux: http.NewServeMux()}
	s.routes()
	t := routeTable{mux: s.mux, routes: s.routeList, access: map[string]access{}}
	for _, rt := range s.routeList {
		t.access[rt.pattern] = rt.access
	}
	return t
})

// Routes lists the pattern of every route the server registers
// ("GET /buyers/{id}"), in the order routes.go registers them: the page
// sweep visits every page from it.
func Routes() []string {
	rs := table().routes
	out := make([]string, len(rs))
	for i, rt := range rs {
		out[i] = rt.pattern
	}
	return out
}

// Permitted reports whether a visitor may use the route that serves
// method and path (a path with a query is fine), by the rule the server
// applies to every request (allow); publishes is whether the path's buyer
// publishes its dashboards. It also returns the route's pattern ("" when
// no route serves it: not permitted). A path that is no URL is an error.
func Permitted(method, path string, v Visitor, publishes bool) (string, bool, error) {
	t := table()
	req, err := http.NewRequest(method, path, nil)
	if err != nil {
		return "", false, fmt.Errorf("permitted: %w", err)
	}
	_, pattern := t.mux.Handler(req)
	a, ok := t.access[pattern]
	if !ok {
		return "", false, nil
	}
	return pattern, permits(a, v, publishes, "of the path") == nil, nil
}

// permits is the access rule once the visitor and the buyer's publishing
// are known: allow and Permitted both decide by it. buyer only names the
// buyer in the refusal's message; the role in v is already the one there.
func permits(a access, v Visitor, publishes bool, buyer string) error {
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
	case installation:
		if !v.SignedIn {
			return cityspend.Errorf(cityspend.EUNAUTHORIZED, "log in as an installation admin")
		}
		if !v.Installation {
			return cityspend.Errorf(cityspend.EFORBIDDEN, "this is for the installation's admins")
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
		return cityspend.Errorf(cityspend.EFORBIDDEN, "this needs the %s role at buyer %s", a.role(), buyer)
	}
	return nil
}
