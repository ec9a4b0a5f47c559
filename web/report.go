// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/pdf"
)

// ReportOptions choose the annual report: the buyer, the year, the language
// ("nb" or "en") and optional filters as URL query parameters.
type ReportOptions struct {
	BuyerID string
	Year    int
	Lang    string
	Query   url.Values // place, type, section, org_unit, account, top
}

// Report renders the annual spend-analysis report as one self-contained
// HTML document (styles inline, charts as SVG), the same page the server
// shows at /buyers/{id}/report, for `cityspend report`.
func (s *Server) Report(ctx context.Context, o ReportOptions) ([]byte, error) {
	r, err := o.request(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.reportView(httptest.NewRecorder(), r)
	if err != nil {
		return nil, err
	}
	return s.renderReport(v)
}

// ReportPDF prints the report to PDF, with the table of contents' page
// numbers, for `cityspend report --format pdf`.
func (s *Server) ReportPDF(ctx context.Context, o ReportOptions) ([]byte, error) {
	r, err := o.request(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.reportView(httptest.NewRecorder(), r)
	if err != nil {
		return nil, err
	}
	html, err := s.renderReport(v)
	if err != nil {
		return nil, err
	}
	return s.printReport(ctx, v, html)
}

func (o ReportOptions) request(ctx context.Context) (*http.Request, error) {
	q := url.Values{}
	for k, v := range o.Query {
		q[k] = v
	}
	q.Set("year", strconv.Itoa(o.Year))
	if o.Lang != "" {
		q.Set("lang", o.Lang)
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, "/buyers/"+url.PathEscape(o.BuyerID)+"/report?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	r.SetPathValue("id", o.BuyerID)
	return r, nil
}

// reportView is the report's page: the dashboards' analysis with the
// sections listed for the table of contents and, once the report has been
// printed, the page each section starts on.
type reportView struct {
	dashView
	Pages   map[string]int // section id → page; nil until printed
	Sources *factorSources // the climate factors' sources, cited beneath the table
}

// reportSection is a section of the report and its entry in the table of
// contents.
type reportSection struct {
	ID, Title string
	Class     string // "break": it starts a page; "keep": on one page
	Page      int    // 0 when not printed
}

// Sections lists the report's sections in print order, those it has: the
// template writes each as "sec-"+ID from this list.
func (v reportView) Sections() []reportSection {
	type sec struct{ id, key, class string }
	secs := []sec{{"summary", "rep.summary", ""}, {"trend", "h.trend", ""}, {"geography", "nav.geography", "break"},
		{"types", "nav.types", "break"}, {"sectors", "nav.sectors", "break"}, {"top", "h.top", "break"}, {"accounts", "h.accounts", "keep"}}
	if v.A.LM3 != nil {
		secs = append(secs, sec{"lm3", "nav.lm3", "break"})
	}
	if v.FP != nil {
		secs = append(secs, sec{"climate", "nav.climate", "break"})
	}
	secs = append(secs, sec{"strategy", "nav.strategy", "break"}, sec{"quality", "h.quality", "break"}, sec{"method", "rep.method", ""})
	out := make([]reportSection, len(secs))
	for i, k := range secs {
		out[i] = reportSection{ID: k.id, Title: v.L.T(k.key), Class: k.class, Page: v.Pages[k.id]}
	}
	return out
}

// factorSources are the distinct sources of a footprint's category
// factors, in the order of the categories, each cited once by its number.
type factorSources struct {
	List []string
	no   map[string]int
}

func newFactorSources(fp *climate.Footprint) *factorSources {
	f := &factorSources{no: map[string]int{}}
	if fp == nil {
		return f
	}
	for _, c := range fp.ByCategory {
		if c.Factor != "" && c.FactorSource != "" && f.no[c.FactorSource] == 0 {
			f.List = append(f.List, c.FactorSource)
			f.no[c.FactorSource] = len(f.List)
		}
	}
	return f
}

// No is a source's 1-based number in List, 0 if it is not there.
func (f *factorSources) No(src string) int { return f.no[src] }

// prefetchReport starts the report's footprint and strategy while the
// caller (dashView) computes its analysis: on a cold start the three are
// computed at once instead of one after the other. Each is kept in the
// results, where the report's own calls find it or wait for it; an error
// is not kept, so those calls compute it again and report it.
func (s *Server) prefetchReport(r *http.Request, p page) {
	go s.sharedFootprint(r, p)
	go s.measure(r, p)
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) (reportView, error) {
	v, err := s.dashView(w, r, "report")
	return reportView{dashView: v, Sources: newFactorSources(v.FP)}, err
}

// handleReport shows the report as a page.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	v, err := s.reportView(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "report.html", v)
}

// renderReport renders the report as one self-contained document.
func (s *Server) renderReport(v reportView) ([]byte, error) {
	v.Standalone = true
	var buf bytes.Buffer
	if err := s.tmpl["report.html"].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return nil, fmt.Errorf("render report: %w", err)
	}
	return buf.Bytes(), nil
}

// printReport prints the report with Chromium: once to learn the page each
// section starts on (Chromium writes a named destination for each target
// of the table of contents' links), then again with those pages in the
// table of contents, until the two agree (the numbers take the same room
// as their blanks, so the second print normally does).
func (s *Server) printReport(ctx context.Context, v reportView, html []byte) ([]byte, error) {
	for try := 0; ; try++ {
		doc, err := pdf.FromHTML(ctx, html)
		if err != nil {
			return nil, err
		}
		at, err := pdf.Destinations(doc)
		if err != nil {
			return nil, fmt.Errorf("print report: %w", err)
		}
		same := true
		pages := map[string]int{}
		for _, sec := range v.Sections() {
			if at["sec-"+sec.ID] == 0 {
				return nil, fmt.Errorf("print report: section %s is not in the PDF", sec.ID)
			}
			pages[sec.ID] = at["sec-"+sec.ID]
			same = same && sec.Page == pages[sec.ID]
		}
		if same {
			return doc, nil
		}
		if try == 3 {
			return nil, fmt.Errorf("print report: the table of contents' page numbers did not settle after %d prints", try+1)
		}
		v.Pages = pages
		if html, err = s.renderReport(v); err != nil {
			return nil, err
		}
	}
}

// handleReportPDF prints the report to PDF with headless Chromium.
func (s *Server) handleReportPDF(w http.ResponseWriter, r *http.Request) {
	v, err := s.reportView(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	html, err := s.renderReport(v)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Chromium takes seconds: a document printed once is kept (by its
	// HTML, with the answers) while the data stays the same.
	sum := sha256.Sum256(html)
	key, gen := "pdf|"+hex.EncodeToString(sum[:]), s.results.gen.Load()
	doc, ok := s.answers.get(key, gen)
	if !ok {
		if doc, err = s.printReport(r.Context(), v, html); err != nil {
			s.error(w, r, err)
			return
		}
		s.answers.put(key, gen, doc)
	}
	name := strings.NewReplacer("/", "-", `"`, "").Replace(fmt.Sprintf("%s-%s-report.pdf", v.Buyer.ID, v.PeriodLabel()))
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, name))
	w.Write(doc)
}
