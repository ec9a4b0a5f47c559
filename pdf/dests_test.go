// SPDX-License-Identifier: EUPL-1.2

package pdf

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// build writes a small PDF with a classic cross-reference table: a page
// tree of two levels, three pages, destinations in the catalog's /Dests
// and in a /Names tree.
func build(objs []string, root int) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, x)
	return []byte(b.String())
}

var sample = build([]string{
	"<</Type /Catalog /Pages 2 0 R /Dests 7 0 R /Names <</Dests 8 0 R>>>>",
	"<</Type /Pages /Count 3 /Kids [3 0 R 4 0 R]>>",
	"<</Type /Page /Parent 2 0 R>>",
	"<</Type /Pages /Count 2 /Kids [6 0 R 5 0 R]>>",
	"<</Type /Page /Parent 4 0 R>>",
	"<</Type /Page /Parent 4 0 R>>",
	"<</sec-a [3 0 R /XYZ 6 807.4 0] /sec#2Db [6 0 R /XYZ 6 800 0] /gone [9 0 R /Fit]>>",
	"<</Kids [9 0 R 10 0 R]>>",
	"<</Names [(sec-c) [5 0 R /XYZ 0 0 0] (sec\\(d\\)) <</D [3 0 R /Fit]>>]>>",
	"<</Names [<7365632d65> [6 0 R /Fit]]>>",
}, 1)

func TestDestinations(t *testing.T) {
	got, err := Destinations(sample)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"sec-a": 1, "sec-b": 2, "sec-c": 3, "sec(d)": 1, "sec-e": 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"", "%PDF-1.4\nstartxref\n99999\n", "%PDF-1.4\n1 0 obj\n<</Type /XRef>>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF"} {
		if _, err := Destinations([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// Chromium writes a destination for each id a link points to, on the page
// the element is printed on.
func TestDestinationsOfChromium(t *testing.T) {
	if _, err := Browser(); err != nil {
		t.Skipf("no Chromium: %v", err)
	}
	html := `<!doctype html><html><head><meta charset="utf-8"><style>.b { break-before: page; }</style></head><body>
<p><a href="#one">1</a> <a href="#two">2</a> <a href="#tre">3</a></p>
<h2 id="one">One</h2><h2 id="two" class="b">Two</h2><p class="b">x</p><h2 id="tre">Three</h2></body></html>`
	doc, err := FromHTML(context.Background(), []byte(html))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Destinations(doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"one": 1, "two": 2, "tre": 3}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func FuzzDestinations(f *testing.F) {
	f.Add(sample)
	f.Add([]byte("xref\n0 1\n0000000000 65535 f \ntrailer\n<</Root 1 0 R>>\nstartxref\n0\n"))
	f.Add([]byte("1 0 obj\n<</A [1 2 (a\\)b) <00ff> /N#41 true null 3.5]>>\nendobj\nxref\n1 1\n0000000000 00000 n \ntrailer\n<</Root 1 0 R /Prev 0>>\nstartxref\n52\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Destinations(b)
	})
}
