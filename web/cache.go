// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register"
)

// results keeps computed results (analyses, footprints) between requests
// until the data changes. The server owns its database (no other process
// can write to it while it runs), so the data changes only through the
// server's own requests that change something, which bump the generation,
// or through Invalidate (an in-process writer). Concurrent requests for the
// same result compute it once.
//
// Who is logged in is kept apart (getPeople, a generation of its own):
// logging in or out and choosing a language change only that, so they
// leave every analysis kept for everyone else; any other change renews
// both.
type results struct {
	gen     atomic.Uint64
	people  atomic.Uint64
	mu      sync.Mutex
	entries lru[*result]
	logins  lru[*result] // getPeople's, bounded apart: results pushing out sessions
}

type result struct {
	gen  uint64
	once sync.Once
	v    any
	err  error
}

// maxResults bounds the cache: beyond it, the least recently used result
// is forgotten (results of an older generation are never used again, and
// go first as nobody asks for them).
const maxResults = 512

// maxLogins bounds the logins kept (getPeople): a session or token and its
// user each, a few hundred bytes. Kept apart from the results, they are
// not pushed out by the distinct URLs that follow an import (a load test
// of 200 people asked about 40 results a second, and a person who reads a
// page for 30 s found their session forgotten).
const maxLogins = 4096

// get returns the result of key computed at the current generation.
func (c *results) get(key string, compute func() (any, error)) (any, error) {
	return c.getAt(&c.entries, maxResults, c.gen.Load(), key, compute)
}

// getPeople is get for what a login reads (a session, an API token and
// their user), kept until people change.
func (c *results) getPeople(key string, compute func() (any, error)) (any, error) {
	return c.getAt(&c.logins, maxLogins, c.people.Load(), key, compute)
}

func (c *results) getAt(entries *lru[*result], most int, gen uint64, key string, compute func() (any, error)) (any, error) {
	c.mu.Lock()
	e, ok := entries.get(key)
	if !ok || e.gen != gen {
		e = &result{gen: gen}
		entries.put(key, e)
		for entries.len() > most {
			entries.removeOldest()
		}
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.err = compute() })
	if e.err != nil {
		// Errors (a cancelled request, say) are not kept.
		c.mu.Lock()
		if kept, ok := entries.get(key); ok && kept == e {
			entries.remove(key)
		}
		c.mu.Unlock()
	}
	return e.v, e.err
}

// changed marks the data changed: results computed before are not used,
// nor the logins kept (a change of roles, a revoked token).
func (c *results) changed() { c.gen.Add(1); c.people.Add(1) }

// peopleChanged marks only the logins changed (a login, a logout, a
// user's language): the results about the data are still used.
func (c *results) peopleChanged() { c.people.Add(1) }

// dataChanged marks only the data changed (an import): no user, role,
// session or token changed, so the logins kept are still used.
func (c *results) dataChanged() { c.gen.Add(1) }

// Invalidate tells the server that its data changed outside its requests
// (a command run beside it): cached results are computed anew, and so are
// the logins kept (the command may have changed a user's roles or revoked
// a token).
func (s *Server) Invalidate() { s.results.changed() }

// Imported tells the server that an import in the same process (an
// import's follow-up, the feeds read) changed its data and nothing about
// who may log in: cached results are computed anew, the logins kept stay.
// An import that ends would otherwise make every logged-in visitor's next
// request read their session and user again.
func (s *Server) Imported() { s.results.dataChanged() }

// What every request reads — its session or token, the buyer, whether it
// publishes, its years — is kept like the results: it changes only through
// the server's own requests (logging out, revoking, importing), which bump
// the generation. Expiry is checked on every request all the same.

type login struct {
	sess cityspend.Session
	tok  cityspend.APIToken
	user cityspend.User
}

func (s *Server) session(r *http.Request, token string) (cityspend.Session, cityspend.User, error) {
	v, err := s.results.getPeople("session|"+auth.TokenHash(token), func() (any, error) {
		sess, u, err := s.accounts.Session(context.WithoutCancel(r.Context()), token)
		return login{sess: sess, user: u}, err
	})
	if err != nil {
		return cityspend.Session{}, cityspend.User{}, err
	}
	l := v.(login)
	if !l.sess.ExpiresAt.After(time.Now()) {
		return l.sess, l.user, cityspend.Errorf(cityspend.ENOTFOUND, "no session")
	}
	return l.sess, l.user, nil
}

func (s *Server) bearer(r *http.Request, raw string) (cityspend.APIToken, cityspend.User, error) {
	v, err := s.results.getPeople("token|"+auth.TokenHash(raw), func() (any, error) {
		t, u, err := s.accounts.Bearer(context.WithoutCancel(r.Context()), raw)
		return login{tok: t, user: u}, err
	})
	if err != nil {
		return cityspend.APIToken{}, cityspend.User{}, err
	}
	l := v.(login)
	if !l.tok.ExpiresAt.After(time.Now()) {
		return l.tok, l.user, cityspend.Errorf(cityspend.EUNAUTHORIZED, "the API token is not valid (revoked or expired)")
	}
	return l.tok, l.user, nil
}

func (s *Server) buyer(r *http.Request, id string) (cityspend.Buyer, error) {
	v, err := s.results.get("buyer|"+id, func() (any, error) {
		return s.store.Buyer(context.WithoutCancel(r.Context()), id)
	})
	if err != nil {
		return cityspend.Buyer{}, err
	}
	return v.(cityspend.Buyer), nil
}

// provisional reports whether a buyer's follow-up is pending (kept like
// the results: serve, completing it beside the server, calls Invalidate
// when it is done).
func (s *Server) provisional(r *http.Request, buyerID string) (bool, error) {
	v, err := s.results.get("pending|"+buyerID, func() (any, error) {
		fs, err := s.store.PendingFollowUps(context.WithoutCancel(r.Context()), buyerID)
		return len(fs) > 0, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

func (s *Server) yearLabels(r *http.Request, b cityspend.Buyer) ([]indicator.YearTotal, error) {
	v, err := s.results.get("years|"+b.ID, func() (any, error) {
		return indicator.YearLabels(context.WithoutCancel(r.Context()), s.store, b)
	})
	if err != nil {
		return nil, err
	}
	return v.([]indicator.YearTotal), nil
}

// suppliers is a supplier list (kept between requests while the data stays
// the same).
func (s *Server) suppliers(r *http.Request, f cityspend.SupplierFilter) ([]cityspend.SupplierRow, error) {
	v, err := s.results.get(fmt.Sprintf("suppliers|%+v", f), func() (any, error) {
		return s.store.Suppliers(context.WithoutCancel(r.Context()), f)
	})
	if err != nil {
		return nil, err
	}
	return v.([]cityspend.SupplierRow), nil
}

// supplierRecord is what a buyer knows of one of its suppliers (a
// supplier's page), kept between requests while the data stays the same.
// The caller has checked access to the buyer; another buyer's supplier is
// not found.
func (s *Server) supplierRecord(r *http.Request, buyerID, supplierID string) (register.SupplierRecord, error) {
	v, err := s.results.get("supplier|"+buyerID+"|"+supplierID, func() (any, error) {
		return register.Supplier(context.WithoutCancel(r.Context()), keptPayees{Store: s.store, s: s}, buyerID, supplierID)
	})
	if err != nil {
		return register.SupplierRecord{}, err
	}
	return v.(register.SupplierRecord), nil
}

// payees are a buyer's payees with their resolutions, kept between
// requests while the data stays the same: each supplier's page keeps its
// own, and the buyer has thousands of payees to read for it.
func (s *Server) payees(ctx context.Context, buyerID string) ([]cityspend.PayeeRecord, error) {
	v, err := s.results.get("payees|"+buyerID, func() (any, error) {
		return s.store.Payees(context.WithoutCancel(ctx), buyerID)
	})
	if err != nil {
		return nil, err
	}
	return v.([]cityspend.PayeeRecord), nil
}

// keptPayees is the store with the buyer's payees as the server keeps
// them (read only: the slice is shared).
type keptPayees struct {
	cityspend.Store
	s *Server
}

func (k keptPayees) Payees(ctx context.Context, buyerID string) ([]cityspend.PayeeRecord, error) {
	return k.s.payees(ctx, buyerID)
}

// findingEvidence is one of a buyer's findings with its evidence (a
// finding's page), kept like supplierRecord: a decision, an import or a
// run of the checks changes it.
func (s *Server) findingEvidence(r *http.Request, b cityspend.Buyer, id string) (compliance.Evidence, error) {
	v, err := s.results.get("finding|"+b.ID+"|"+id, func() (any, error) {
		return compliance.FindingEvidence(context.WithoutCancel(r.Context()), s.store, b, id)
	})
	if err != nil {
		return compliance.Evidence{}, err
	}
	return v.(compliance.Evidence), nil
}

// spendBy groups a filter's spend by a dimension (kept between requests
// while the data stays the same).
func (s *Server) spendBy(r *http.Request, f cityspend.SpendFilter, dim cityspend.Dimension) ([]cityspend.SpendGroup, error) {
	v, err := s.results.get(fmt.Sprintf("spendby|%s|%+v", dim, f), func() (any, error) {
		return s.store.SpendBy(context.WithoutCancel(r.Context()), f, dim, 0)
	})
	if err != nil {
		return nil, err
	}
	return v.([]cityspend.SpendGroup), nil
}

// jsonResult writes the JSON of a result that depends only on the
// request's URL and the data (after the caller has checked access), encoded
// once per URL while the data stays the same: the API's large answers
// (analysis, footprint, supplier list) cost a copy, not an encoding.
func (s *Server) jsonResult(w http.ResponseWriter, r *http.Request, compute func() (any, error)) {
	key, gen := r.URL.Path+"?"+r.URL.Query().Encode(), s.results.gen.Load()
	b, ok := s.answers.get(key, gen)
	if !ok {
		x, err := compute()
		if err != nil {
			s.error(w, r, err)
			return
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(x); err != nil {
			s.error(w, r, err)
			return
		}
		b = buf.Bytes()
		s.answers.put(key, gen, b)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// answers keeps encoded API answers by URL for the results' generation,
// within maxAnswerBytes (URLs included) and maxResults answers, forgetting
// the least recently used first: many distinct URLs (parameters the
// handlers ignore, say) cannot push out the results or grow memory without
// bound.
type answers struct {
	mu    sync.Mutex
	gen   uint64
	bytes int
	m     lru[[]byte]
}

const maxAnswerBytes = 64 << 20

func (a *answers) get(key string, gen uint64) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.gen != gen {
		return nil, false
	}
	return a.m.get(key)
}

func (a *answers) put(key string, gen uint64, b []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if gen < a.gen {
		return // computed before the data changed
	}
	if a.gen != gen {
		a.m.reset()
		a.gen, a.bytes = gen, 0
	}
	size := len(key) + len(b)
	if size > maxAnswerBytes {
		return
	}
	if old, ok := a.m.get(key); ok {
		a.m.remove(key)
		a.bytes -= len(key) + len(old)
	}
	for a.bytes+size > maxAnswerBytes || a.m.len() >= maxResults {
		k, old, ok := a.m.removeOldest()
		if !ok {
			break
		}
		a.bytes -= len(k) + len(old)
	}
	a.m.put(key, b)
	a.bytes += size
}
