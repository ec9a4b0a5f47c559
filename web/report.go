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
	Pages map[string]int // section id → page; nil until printed
}

// reportSection is an entry of the report's table of contents.
type reportSection struct {
	ID, Title string
	Page      int // 0 when not printed
}

// Sections lists the report's sections in print order; the template gives
// each the id "sec-"+ID.
func (v reportView) Sections() []reportSection {
	keys := []struct{ id, key string }{{"summary", "rep.summary"}, {"trend", "h.trend"}, {"geography", "nav.geography"},
		{"types", "nav.types"}, {"sectors", "nav.sectors"}, {"top", "h.top"}, {"accounts", "h.accounts"}}
	if v.A.LM3 != nil {
		keys = append(keys, struct{ id, key string }{"lm3", "nav.lm3"})
	}
	if v.FP != nil {
		keys = append(keys, struct{ id, key string }{"climate", "nav.climate"})
	}
	keys = append(keys, []struct{ id, key string }{{"strategy", "nav.strategy"}, {"quality", "h.quality"}, {"method", "rep.method"}}...)
	out := make([]reportSection, len(keys))
	for i, k := range keys {
		out[i] = reportSection{ID: k.id, Title: v.L.T(k.key), Page: v.Pages[k.id]}
	}
	return out
}

// FactorSources are the distinct sources of the climate factors the
// report's category table uses, cited once beneath it.
func (v reportView) FactorSources() []string {
	if v.FP == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range v.FP.ByCategory {
		if c.Factor != "" && c.FactorSource != "" && !seen[c.FactorSource] {
			seen[c.FactorSource] = true
			out = append(out, c.FactorSource)
		}
	}
	return out
}

// SourceNo is the 1-based number of a factor source in FactorSources.
func (v reportView) SourceNo(src string) int {
	for i, s := range v.FactorSources() {
		if s == src {
			return i + 1
		}
	}
	return 0
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) (reportView, error) {
	v, err := s.dashView(w, r, "report")
	return reportView{dashView: v}, err
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
