// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/pdf"
	"github.com/cityspend/cityspend/strategy"
)

// pdfPage is one printed page as poppler's pdftotext reads it: its lines
// (in layout) and how far down its content reaches.
type pdfPage struct {
	lines []string
	fill  float64 // of the height between the page's top and bottom margins
	text  string  // the words, single-spaced
}

// readPDF reads a PDF's pages with pdftotext (Debian poppler-utils, which
// scripts/setup installs), independent of the code that printed it.
func readPDF(t *testing.T, doc []byte) []pdfPage {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils, or run scripts/setup)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(in, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	layout, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	bbox, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(strings.TrimSuffix(string(layout), "\f"), "\f")
	boxes := regexp.MustCompile(`(?s)<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>`).FindAllStringSubmatch(string(bbox), -1)
	if len(texts) != len(boxes) {
		t.Fatalf("pdftotext: %d pages of text, %d of boxes", len(texts), len(boxes))
	}
	word := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
	// The report's page margins (style.css: @page margin 16mm 14mm):
	// the frame (name, year, page number) is printed in them.
	margin := 16 / 25.4 * 72
	out := make([]pdfPage, len(texts))
	for i, b := range boxes {
		h, _ := strconv.ParseFloat(b[2], 64)
		top, bottom := margin, h-margin
		low := top
		var words []string
		for _, w := range word.FindAllStringSubmatch(b[3], -1) {
			y0, _ := strconv.ParseFloat(w[1], 64)
			y1, _ := strconv.ParseFloat(w[2], 64)
			if y0 >= top && y1 <= bottom && y1 > low {
				low = y1
			}
			words = append(words, w[3])
		}
		out[i] = pdfPage{lines: strings.Split(texts[i], "\n"), fill: (low - top) / (bottom - top),
			text: strings.Join(words, " ")}
	}
	return out
}

// The printed report has a frame on every page (the buyer's name and year,
// "Side 3 av 12"), a table of contents whose page numbers are where each
// section starts, pages filled at least two-thirds except the last of a
// section, and in a Norwegian report no English words (cited sources and
// commands apart).
func TestReportPDFPages(t *testing.T) {
	if _, err := pdf.Browser(); err != nil {
		t.Skipf("no PDF: %v", err)
	}
	srv, st, _ := newTestServerWith(t, nil)
	b, err := st.Buyer(context.Background(), "3909")
	if err != nil {
		t.Fatal(err)
	}
	// The cited sources of the climate figures are quoted as they are.
	var fp struct {
		ByCategory []struct {
			FactorSource string `json:"factor_source"`
		} `json:"by_category"`
		RateSources []string `json:"rate_sources"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/co2e?year=2025", 200)), &fp); err != nil {
		t.Fatal(err)
	}
	// So is the name of an analysis ("Making Spend Matter").
	cited := append(fp.RateSources, "Making Spend Matter")
	for _, c := range fp.ByCategory {
		cited = append(cited, c.FactorSource)
	}
	english := regexp.MustCompile(`(?i)\b(the|and|of|with|not|from|unknown|suppliers?|share|contents|page|values|statistics|register|contracts?|sme|large|small|published|none|total|without|about|which|this|that|is|are|spend)\b`)
	command := regexp.MustCompile(`cityspend [a-z]+( [a-z]+)?`)

	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			l := i18n.New(lang)
			doc := []byte(get(t, srv.URL+"/buyers/3909/report.pdf?year=2025&lang="+lang, 200))
			if dest := os.Getenv("CITYSPEND_ARTIFACTS"); dest != "" {
				os.MkdirAll(dest, 0o755)
				os.WriteFile(filepath.Join(dest, "report-3909-2025-"+lang+".pdf"), doc, 0o644)
			}
			pages := readPDF(t, doc)
			n := len(pages)
			if n < 3 {
				t.Fatalf("%d pages", n)
			}
			frame := b.Name + " · 2025"
			for i, p := range pages {
				first, last := "", ""
				for _, s := range p.lines {
					if s = strings.TrimSpace(s); s != "" {
						if first == "" {
							first = s
						}
						last = s
					}
				}
				if !strings.HasPrefix(first, frame) {
					t.Errorf("page %d begins %q, not with %q", i+1, first, frame)
				}
				if want := fmt.Sprintf("%s %d %s %d", l.T("rest.rep.page"), i+1, l.T("rest.rep.of"), n); last != want {
					t.Errorf("page %d ends %q, want %q", i+1, last, want)
				}
			}

			// The table of contents, on the first page: each section with
			// the page it starts on, which is the page its heading is on.
			keys := []string{"rep.summary", "h.trend", "nav.geography", "nav.types", "nav.sectors", "h.top", "h.accounts",
				"nav.lm3", "nav.climate", "nav.strategy", "h.quality", "rep.method"}
			var toc []string
			in := false
			for _, s := range pages[0].lines {
				s = strings.TrimSpace(s)
				if s == l.T("rest.rep.toc") {
					in = true
					continue
				}
				if in && s == "" && len(toc) > 0 {
					break
				}
				if in && s != "" {
					toc = append(toc, s)
				}
			}
			entry := regexp.MustCompile(`^(.*?)\s{2,}(\d+)$`)
			starts := map[int]bool{}
			from, k := 0, 0
			for _, s := range toc {
				m := entry.FindStringSubmatch(s)
				if m == nil {
					t.Fatalf("a table of contents line without a page: %q", s)
				}
				for k < len(keys) && l.T(keys[k]) != m[1] && (keys[k] == "nav.lm3" || keys[k] == "nav.climate") {
					k++ // the optional sections
				}
				if k == len(keys) || l.T(keys[k]) != m[1] {
					t.Fatalf("table of contents: %q, want the sections in order %v", toc, keys)
				}
				k++
				page, _ := strconv.Atoi(m[2])
				at := 0
				for i := from; i < n && at == 0; i++ {
					for j, line := range pages[i].lines {
						if strings.TrimSpace(line) == m[1] && !(i == 0 && j < 20 && entry.MatchString(line)) {
							at = i + 1
							break
						}
					}
				}
				if at != page {
					t.Errorf("table of contents: %q on page %d, its heading is on page %d", m[1], page, at)
				}
				if at > 0 {
					from = at - 1
				}
				starts[page] = true
			}
			if len(toc) < 10 {
				t.Fatalf("table of contents: %q", toc)
			}

			// Every page but the last of a section is two-thirds full.
			for i, p := range pages {
				lastOfSection := i == n-1 || starts[i+2]
				if !lastOfSection && p.fill < 2.0/3 {
					t.Errorf("page %d is %.0f %% full (not the last of its section)", i+1, 100*p.fill)
				}
				t.Logf("page %d: %.0f %% full", i+1, 100*p.fill)
			}

			for i, p := range pages {
				if lang != "nb" {
					break // supplier names and the Norwegian account chart are Norwegian in any report
				}
				s := p.text
				for _, c := range cited {
					s = strings.ReplaceAll(s, strings.Join(strings.Fields(c), " "), "")
				}
				s = command.ReplaceAllString(s, "")
				if w := english.FindAllString(s, -1); len(w) > 0 {
					t.Errorf("page %d has English words %q in: %s", i+1, w, s)
				}
			}
		})
	}
}

// The printed report cites each factor source once, numbered in the order
// of the categories that use it; a category without a factor cites none.
func TestFactorSources(t *testing.T) {
	fp := &climate.Footprint{ByCategory: []climate.Figure{
		{Key: "451", Factor: "f1", FactorSource: "EXIOBASE"}, {Key: "909", Factor: "f2", FactorSource: "DESNZ"},
		{Key: "replaced", FactorSource: "none"}, {Key: "601", Factor: "f3", FactorSource: "EXIOBASE"}, {Key: "unclassified", Factor: "f4"}}}
	f := newFactorSources(fp)
	if strings.Join(f.List, "|") != "EXIOBASE|DESNZ" || f.No("EXIOBASE") != 1 || f.No("DESNZ") != 2 || f.No("none") != 0 || f.No("") != 0 {
		t.Errorf("sources %q: %d %d %d", f.List, f.No("EXIOBASE"), f.No("DESNZ"), f.No("none"))
	}
	if f := newFactorSources(nil); len(f.List) != 0 {
		t.Errorf("no footprint, sources %q", f.List)
	}
}

// The report computes its analysis, footprint and strategy once each (the
// footprint and the strategy beside the analysis), and the strategy's
// analysis with targets is the dashboards' kept one, not its own.
func TestReportComputesEachResultOnce(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	if err := st.PutTarget(ctx, cityspend.StrategyTarget{BuyerID: "3909", Indicator: cityspend.TargetLocalShare, BaselineYear: 2024,
		TargetYear: 2030, TargetValue: 0.5}, false); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	kept := func() map[string]int {
		s.results.mu.Lock()
		defer s.results.mu.Unlock()
		n := map[string]int{}
		for k, e := range s.results.entries.all() {
			if e.err == nil && e.v != nil {
				n[strings.SplitN(k, "|", 2)[0]]++
			}
		}
		return n
	}
	get(t, srv.URL+"/buyers/3909/strategy?year=2025&lang=en", 200)
	if n := kept(); n["analysis"] != 1 || n["strategy"] != 1 {
		t.Errorf("after the strategy page the results hold %v; want its analysis kept with the dashboards'", n)
	}
	get(t, srv.URL+"/buyers/3909/report?year=2025&lang=en", 200)
	if n := kept(); n["analysis"] != 1 || n["footprint"] != 1 || n["strategy"] != 1 {
		t.Errorf("after the report the results hold %v; want one analysis, footprint and strategy", n)
	}
	a, err := indicator.Analyse(ctx, st, "3909", 2025, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var api struct {
		Targets []strategy.Progress `json:"targets"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/strategy?year=2025", 200)), &api); err != nil || len(api.Targets) != 1 ||
		api.Targets[0].Current == nil || *api.Targets[0].Current != a.LocalShare.L0 {
		t.Errorf("strategy API %+v (%v); the engine's local share %v", api.Targets, err, a.LocalShare.L0)
	}
}
