// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/cityspend/cityspend"
)

// bar is one bar of a chart: a label, a value, and where it links.
type bar struct {
	Label string
	Value cityspend.Amount
	Text  string // the value as shown
	Href  string
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// hbarChart draws horizontal bars: one row per bar with its label, the bar
// and its value, each row a link when Href is set. The label and the value
// are text at the page's font size (on a phone the label takes a line of
// its own), so the chart stays readable at any width; only the bar is
// drawn, as an SVG stretched to the row (no inline style, which the pages'
// Content-Security-Policy forbids). The same figures are in a table beside
// it.
func hbarChart(title string, bars []bar) template.HTML {
	var maxV cityspend.Amount
	for _, b := range bars {
		if b.Value > maxV {
			maxV = b.Value
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<figure class="hbars" role="group" aria-label="%s"><ol>`, esc(title))
	for _, b := range bars {
		w := 0
		if maxV > 0 && b.Value > 0 {
			w = max(int(1000*int64(b.Value)/int64(maxV)), 1)
		}
		open, end := `<span class="row">`, `</span>`
		if b.Href != "" {
			open, end = fmt.Sprintf(`<a class="row" href="%s">`, esc(b.Href)), `</a>`
		}
		fmt.Fprintf(&sb, `<li>%s<span class="lbl">%s</span><svg class="track" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">`+
			`<rect class="bar" width="%d" height="10"></rect></svg><span class="val">%s</span>%s</li>`, open, esc(b.Label), w, esc(b.Text), end)
	}
	sb.WriteString(`</ol></figure>`)
	return template.HTML(sb.String())
}

// vbarChart draws vertical bars (one per year) as inline SVG.
func vbarChart(title string, bars []bar) template.HTML {
	const colW, chartH, labelH, topPad = 90, 180, 40, 24
	width := max(colW*len(bars), colW*3)
	height := chartH + labelH + topPad
	var maxV cityspend.Amount
	for _, b := range bars {
		if b.Value > maxV {
			maxV = b.Value
		}
	}
	var sb strings.Builder
	// On a phone a wide chart scrolls in its box rather than shrinking its
	// text.
	// A chart whose bars are links is a group of links, not an image (an
	// image's content is hidden from a screen reader, links and all).
	role := "img"
	for _, b := range bars {
		if b.Href != "" {
			role = "group"
		}
	}
	fmt.Fprintf(&sb, `<div class="chart-wrap" tabindex="0"><svg class="chart" role="%s" aria-label="%s" viewBox="0 0 %d %d" width="%d"><title>%s</title>`,
		role, esc(title), width, height, width, esc(title))
	for i, b := range bars {
		h := 0
		if maxV > 0 && b.Value > 0 {
			h = max(int(int64(chartH)*int64(b.Value)/int64(maxV)), 1)
		}
		x := i*colW + 15
		y := topPad + chartH - h
		if b.Href != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, esc(b.Href))
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"><title>%s: %s</title></rect>`, x, y, colW-30, h, esc(b.Label), esc(b.Text))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" class="val">%s</text>`, x+(colW-30)/2, y-6, esc(b.Text))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" class="lbl">%s</text>`, x+(colW-30)/2, topPad+chartH+20, esc(b.Label))
		if b.Href != "" {
			sb.WriteString(`</a>`)
		}
	}
	sb.WriteString(`</svg></div>`)
	return template.HTML(sb.String())
}

// trajectoryChart draws a target as inline SVG: the straight line from the
// baseline to the target (dashed), the values so far (a line with points),
// and the target. Values are in the indicator's unit; format writes them.
func trajectoryChart(title string, baseYear int, base float64, targetYear int, target float64, history [][2]float64, format func(float64) string) template.HTML {
	const w, h, padL, padR, padT, padB = 560, 200, 70, 20, 16, 30
	lo, hi := math.Min(base, target), math.Max(base, target)
	for _, p := range history {
		lo, hi = math.Min(lo, p[1]), math.Max(hi, p[1])
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	margin := (hi - lo) * 0.1
	lo, hi = math.Max(0, lo-margin), hi+margin
	x := func(year float64) float64 {
		return padL + (year-float64(baseYear))/float64(max(targetYear-baseYear, 1))*(w-padL-padR)
	}
	y := func(v float64) float64 { return padT + (hi-v)/(hi-lo)*(h-padT-padB) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d"><title>%s</title>`,
		esc(title), w, h, w, esc(title))
	for _, v := range []float64{lo, (lo + hi) / 2, hi} {
		fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end" class="val">%s</text>`, padL-6, y(v)+4, esc(format(v)))
	}
	fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="trajectory" stroke-dasharray="6 4" stroke="currentColor"/>`,
		x(float64(baseYear)), y(base), x(float64(targetYear)), y(target))
	fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="5" class="target"><title>%d: %s</title></circle>`, x(float64(targetYear)), y(target),
		targetYear, esc(format(target)))
	var pts []string
	for _, p := range history {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
	}
	if len(pts) > 1 {
		fmt.Fprintf(&sb, `<polyline points="%s" fill="none" class="actual"/>`, strings.Join(pts, " "))
	}
	for _, p := range history {
		fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="4" class="bar"><title>%d: %s</title></circle>`, x(p[0]), y(p[1]), int(p[0]), esc(format(p[1])))
	}
	for _, yr := range []int{baseYear, targetYear} {
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle" class="lbl">%d</text>`, x(float64(yr)), h-8, yr)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
