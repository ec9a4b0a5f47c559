package web

import (
	"fmt"
	"html/template"
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

// hbarChart draws horizontal bars as inline SVG: one row per bar with its
// label and value, each bar a link when Href is set. Accessible: the SVG has
// a title and every bar a text label; the same figures are in a table beside it.
func hbarChart(title string, bars []bar) template.HTML {
	const rowH, labelW, barW, valueW = 26, 290, 340, 210
	width := labelW + barW + valueW
	height := rowH*len(bars) + 4
	var maxV cityspend.Amount
	for _, b := range bars {
		if b.Value > maxV {
			maxV = b.Value
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet"><title>%s</title>`,
		esc(title), width, height, esc(title))
	for i, b := range bars {
		y := i*rowH + 2
		w := 0
		if maxV > 0 && b.Value > 0 {
			w = int(int64(barW-10) * int64(b.Value) / int64(maxV))
			w = max(w, 1)
		}
		label := b.Label
		if len([]rune(label)) > 32 {
			label = string([]rune(label)[:31]) + "…"
		}
		if b.Href != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, esc(b.Href))
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="lbl">%s</text>`, labelW-8, y+17, esc(label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"><title>%s: %s</title></rect>`, labelW, y+4, w, rowH-8, esc(b.Label), esc(b.Text))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="val">%s</text>`, labelW+w+6, y+17, esc(b.Text))
		if b.Href != "" {
			sb.WriteString(`</a>`)
		}
	}
	sb.WriteString(`</svg>`)
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
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="100%%" style="max-width:%dpx"><title>%s</title>`,
		esc(title), width, height, width, esc(title))
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
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
