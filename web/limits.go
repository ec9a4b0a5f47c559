// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
)

// Request bodies are bounded by their route before anything reads them.

// Body limits by kind of route.
const (
	maxLogin  = 16 << 10                          // login, logout, registration: a few fields
	maxForm   = 256 << 10                         // any other form: a challenge's text, a plan's ticked items
	maxJSON   = 1 << 20                           // the API's JSON bodies
	maxUpload = broker.MaxAttachment + (64 << 10) // a challenge's file with its form
	// maxImport is an upload of data files to import (ledgers of a year,
	// registers) or a command's files (POST /api/v1/run).
	maxImport = 4 << 30
	// uploadTime is how long an upload of maxImport may take.
	uploadTime = time.Hour
	// maxFormMemory is what a multipart form keeps in memory; larger
	// files wait in temporary files for their handler.
	maxFormMemory = 64 << 10
)

// bodyLimits are the routes whose bodies differ from their kind's.
var bodyLimits = map[string]int64{
	"POST /login":    maxLogin,
	"POST /logout":   maxLogin,
	"POST /register": maxLogin,
	"POST /buyers/{id}/challenges/{cid}/files": maxUpload,
	"POST /api/v1/run":                         maxImport,
	"POST /api/v1/buyers/{id}/imports":         maxImport,
	"POST /buyers/{id}/imports":                maxImport, // the browser's upload (handleTokenFirst)
	"POST /admin/imports":                      maxImport, // the installation's registers (handleTokenFirst)
}

// bodyLimit is the most a route's request body may hold.
func bodyLimit(pattern string) int64 {
	if n, ok := bodyLimits[pattern]; ok {
		return n
	}
	if _, path, _ := strings.Cut(pattern, " "); strings.HasPrefix(path, "/api/") {
		return maxJSON
	}
	return maxForm
}

// limitBodies bounds every request's body by its route before anything
// reads it: a body announced larger is refused (413) unread, and one that
// grows beyond the limit while it is read is cut off there (413). Forms
// are parsed here, so that the form-token check after it (guard) reads a
// bounded form; an upload of data files (maxImport) is not, so that no
// one without the right fills the server's disk.
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := s.mux.Handler(r)
		limit := bodyLimit(pattern)
		if r.ContentLength > limit {
			s.tooLarge(w, r, limit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if limit == maxImport {
			// A year's ledgers over a slow line take longer than the
			// server's read timeout. Nothing reads such a body before the
			// route's access check: its handler reads it as a stream
			// (readParts).
			http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTime))
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			if err := parseForm(r); err != nil {
				if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
					s.tooLarge(w, r, limit)
					return
				}
				s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the form could not be read"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// streamed reports whether a request's route takes data files (maxImport):
// its body is read by its handler alone, after the access check, and its
// form token must come in the header.
func (s *Server) streamed(r *http.Request) bool {
	_, pattern := s.mux.Handler(r)
	return bodyLimit(pattern) == maxImport
}

// parseForm reads a form body (URL-encoded or multipart); other bodies
// (JSON) are left to their handlers.
func parseForm(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		return r.ParseMultipartForm(maxFormMemory)
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		return r.ParseForm()
	}
	return nil
}

// tooLarge answers 413: a page in the reader's language, or JSON for the
// API.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	l := s.locale(w, r)
	size := l.Int(limit>>10) + " kB"
	if limit >= 1<<20 {
		size = l.Int(limit>>20) + " MB"
	}
	// The rest of the body is not read: the connection closes after the
	// answer.
	w.Header().Set("Connection", "close")
	s.errorPage(w, r, http.StatusRequestEntityTooLarge, "too_large", l.T("err.toolarge", size), true)
}
