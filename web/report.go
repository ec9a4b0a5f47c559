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
	doc, _, err := s.standaloneReport(httptest.NewRecorder(), r)
	return doc, err
}

// standaloneReport renders a report request as one self-contained document.
func (s *Server) standaloneReport(w http.ResponseWriter, r *http.Request) ([]byte, dashView, error) {
	v, err := s.dashView(w, r, "report")
	if err != nil {
		return nil, v, err
	}
	v.Standalone = true
	var buf bytes.Buffer
	if err := s.tmpl["report.html"].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return nil, v, fmt.Errorf("render report: %w", err)
	}
	return buf.Bytes(), v, nil
}

// handleReportPDF prints the report to PDF with headless Chromium.
func (s *Server) handleReportPDF(w http.ResponseWriter, r *http.Request) {
	html, v, err := s.standaloneReport(w, r)
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
		if doc, err = pdf.FromHTML(r.Context(), html); err != nil {
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
