// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/cpv"
)

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"hbars": hbarChart,
		// catchAll tells the climate set's factor for anything from a
		// factor reached by codes.
		"catchAll": func(via string) bool { return via == climate.ViaCatchAll },
		// reason is a register's reason in the page's language.
		"reason": reasonText,
		// htmlT is a message whose arguments may be data marked with
		// data (a file's name inside a sentence).
		"htmlT": htmlT,
		"data":  dataHTML,
		// citation is a source of law: its citation and, in the page's
		// language, what it says.
		"citation": citation,
		// placeCode is a place band's code, or "unknown" in words.
		"placeCode": placeCode,
		// missingReason is why the climate footprint left spend out.
		"missingReason": missingReason,
		// groupLabel is an account group's name in the page's language.
		"groupLabel":   accountGroupLabel,
		"hasMsg":       i18n.Has,
		"sectionLabel": sectionLabel,
		"vbars":        vbarChart,
		"urlq":         func(s string) string { return template.URLQueryEscaper(s) },
		"tabs":         func() []tab { return tabs },
		"bands":        func() []string { return indicator.Bands },
		"types":        func() []string { return cityspend.BusinessTypes },
		"share":        cityspend.Share,
		// scopeReason is a scope decision's reason in a language.
		"scopeReason": indicator.ScopeReason,
		"inc":         func(i int) int { return i + 1 },
		"int64":       func(i int) int64 { return int64(i) },
		"exports":     exportsFor,
		"css":         func() template.CSS { return template.CSS(styleCSS) },
		"divisions":   divisionList,
		"statuses": func() []string {
			return []string{cityspend.StatusNew, cityspend.StatusConfirmed, cityspend.StatusDismissed}
		},
		// The plan's milestones as of now (late, never planned in the
		// past), and the handbook pages of an item's rules.
		"milestones":    func(it cityspend.PlanItem) []plan.Milestone { return plan.Milestones(it, time.Now().UTC()) },
		"regimeSlug":    plan.RegimeSlug,
		"exemptionSlug": plan.Exemption,
		"hasPrefix":     strings.HasPrefix,
		"trimPrefix":    strings.TrimPrefix,
		"join":          strings.Join,
		"isoDate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"pstatuses":  func() []string { return cityspend.PlanStatuses },
		"chstatuses": func() []string { return cityspend.ChallengeStatuses },
		"maturities": func() []string { return cityspend.Maturities },
		"sizes": func() []string {
			return []string{cityspend.ClassMicro, cityspend.ClassSmall, cityspend.ClassMedium, cityspend.ClassLarge}
		},
		"targets": func() []string { return cityspend.TargetIndicators },
		"tvalue":  formatTarget,
		"tchange": formatChange,
		"deref": func(v any) any {
			switch x := v.(type) {
			case *float64:
				return *x
			case *bool:
				return *x
			}
			return v
		},
		"ptypes":         func() []string { return []string{"goods", "services", "works"} },
		"coverageTables": func() []string { return []string{"categories", "units", "suppliers"} },
		"coverageRows": func(v coverageView, t string) []coverageRow {
			return map[string][]coverageRow{"categories": v.Categories, "units": v.Units, "suppliers": v.Suppliers}[t]
		},
	}
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	s.tmpl = map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, append([]string{"templates/layout.html", p}, partials...)...)
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		s.tmpl[name] = t
	}
	return nil
}

// render writes a page. Templates only format what the view struct holds.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, view any) {
	s.renderStatus(w, r, http.StatusOK, page, view)
}

// renderStatus writes a page with a status code.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, page string, view any) {
	t, ok := s.tmpl[page]
	if !ok {
		s.error(w, r, fmt.Errorf("no template %s", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", view); err != nil {
		s.error(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	buf.WriteTo(w)
}

func (s *Server) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// redirect sends the browser on after a change.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// writeBuffered writes a document built in memory, so that an error is an
// error and not half a document.
func (s *Server) writeBuffered(w http.ResponseWriter, r *http.Request, ctype string, build func(io.Writer) error) {
	var buf bytes.Buffer
	if err := build(&buf); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	buf.WriteTo(w)
}

// status maps error kinds to HTTP status codes, in this one place.
func status(err error) int {
	switch cityspend.ErrorCode(err) {
	case cityspend.EINVALID:
		return http.StatusBadRequest
	case cityspend.ENOTFOUND:
		return http.StatusNotFound
	case cityspend.ECONFLICT:
		return http.StatusConflict
	case cityspend.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case cityspend.EFORBIDDEN:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// error reports err to the user as a page, logging internal errors once.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	// A body read beyond its route's limit (limitBodies).
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		s.tooLarge(w, r, tooLarge.Limit)
		return
	}
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var local localizedError
	s.errorPage(w, r, code, cityspend.ErrorCode(err), cityspend.ErrorMessage(err), errors.As(err, &local))
}

// errorPage answers with a status and a message: a page, or for the API
// JSON with the error's code.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, errCode, msg string, localized bool) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.json(w, code, map[string]string{"error": msg, "code": errCode})
		return
	}
	v := errorView{page: s.newPage(w, r, "", ""), Status: code, Message: msg}
	// The page says what happened in its own language; the error's own
	// message, written in English where the code raised it, follows as
	// the detail on a page in another language (localized messages are
	// the page's already).
	v.Title = http.StatusText(code)
	if key := fmt.Sprintf("err.%d", code); i18n.Has(key) {
		v.Title = v.L.T(key)
	}
	if key := fmt.Sprintf("err.%d.d", code); i18n.Has(key) {
		v.Explain = v.L.T(key)
	}
	v.Detail = v.Lang != "en" && !localized
	if v.Explain == "" && !v.Detail {
		v.Explain, v.Message = msg, ""
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	var buf bytes.Buffer
	if t := s.tmpl["error.html"]; t != nil && t.ExecuteTemplate(&buf, "layout.html", v) == nil {
		buf.WriteTo(w)
		return
	}
	fmt.Fprintf(w, "%d %s", code, template.HTMLEscapeString(v.Message))
}

type errorView struct {
	page
	Status  int
	Message string
	// Explain is what the status means to the reader; Detail says Message
	// is in English on a page in another language.
	Explain string
	Detail  bool
}

// localizedError is an error whose message is already in the page's
// language (written with the page's locale).
type localizedError struct{ err *cityspend.Error }

func (e localizedError) Error() string { return e.err.Message }
func (e localizedError) Unwrap() error { return e.err }

// localError is a user's error written in the page's language.
func localError(code, msg string) error {
	return localizedError{&cityspend.Error{Code: code, Message: msg}}
}

// tab is one tab of a buyer's pages, in a group of the navigation.
type tab struct{ Key, Path, Group string }

// tabs are a buyer's pages in the navigation's order, grouped as people
// work: analysis, categories, compliance, the plan, the market, climate
// and strategy, and the buyer's data (its imports: staff only).
var tabs = []tab{{"overview", "", "analysis"}, {"geography", "/geography", "analysis"}, {"types", "/business-types", "analysis"},
	{"sectors", "/sectors", "analysis"}, {"lm3", "/lm3", "analysis"}, {"suppliers", "/suppliers", "analysis"}, {"lines", "/lines", "analysis"},
	{"report", "/report", "analysis"},
	{"categories", "/categories", "categories"}, {"review", "/review", "categories"},
	{"findings", "/findings", "compliance"}, {"contracts", "/contracts", "compliance"}, {"coverage", "/coverage", "compliance"},
	{"plan", "/plan", "plan"},
	{"challenges", "/challenges", "market"},
	{"climate", "/climate", "climate"}, {"strategy", "/strategy", "climate"},
	{"imports", "/imports", "data"},
	{"people", "/people", "admin"}, {"audit", "/audit", "admin"}}

// navGroup is a group of the navigation as a page shows it: its link (to
// the first of its pages the user may open), whether the page is in it,
// and its pages.
type navGroup struct {
	Key, Href string
	Current   bool
	Tabs      []navTab
}

type navTab struct {
	Key, Href string
	Current   bool
}

// NavGroups are the navigation's groups with the pages the user may open
// (a group with none is left out).
func (p page) NavGroups() []navGroup {
	var gs []navGroup
	for _, t := range tabs {
		if !p.Can(t.Key) {
			continue
		}
		if len(gs) == 0 || gs[len(gs)-1].Key != t.Group {
			gs = append(gs, navGroup{Key: t.Group, Href: p.Link(p.BuyerPath(t.Path))})
		}
		g := &gs[len(gs)-1]
		g.Tabs = append(g.Tabs, navTab{Key: t.Key, Href: p.Link(p.BuyerPath(t.Path)), Current: t.Key == p.Nav})
		g.Current = g.Current || t.Key == p.Nav
	}
	return gs
}

type statusWriter struct {
	http.ResponseWriter
	status int
	// action and buyerID name a POST in the audit log in place of its route
	// and path; kept: it changed nothing (see done).
	action, buyerID string
	kept            bool
}

// done tells the wrapper of a POST's route (handle) what the request did,
// when one route does many things (POST /api/v1/run): the action and buyer
// its audit row names, and whether it changed the data (else the cached
// results stay).
func done(w http.ResponseWriter, action, buyerID string, changed bool) {
	if sw, ok := w.(*statusWriter); ok {
		sw.action, sw.buyerID, sw.kept = action, buyerID, !changed
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type division struct{ Code, EN, NB string }

// divisionList lists the CPV divisions for pickers, in code order.
func divisionList() []division {
	out := make([]division, 0, len(cpv.Divisions))
	for d, l := range cpv.Divisions {
		out = append(out, division{Code: d + "000000", EN: l.EN, NB: l.NB})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// dataHTML marks a name or code a sentence needs (a file's, a buyer's) as
// data: written as it is, in no language (docs/accessibility.md).
func dataHTML(s string) template.HTML {
	return template.HTML(`<span translate="no">` + template.HTMLEscapeString(s) + `</span>`)
}

// htmlT is a message as HTML: the message and its string arguments
// escaped, its HTML arguments (dataHTML's) kept.
func htmlT(l *i18n.Locale, key string, args ...any) template.HTML {
	for i, a := range args {
		switch v := a.(type) {
		case template.HTML:
			args[i] = string(v)
		case string:
			args[i] = template.HTMLEscapeString(v)
		}
	}
	return template.HTML(fmt.Sprintf(template.HTMLEscapeString(l.T(key)), args...))
}
