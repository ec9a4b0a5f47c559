// SPDX-License-Identifier: EUPL-1.2

package handbook

import (
	"sort"
	"strings"
	"unicode"
)

// Hit is a page a search found, with its score (higher is better).
type Hit struct {
	Page  Page
	Score int
}

// indexed is a page's text in one language, folded for search.
type indexed struct {
	slug, title, summary, body, cites string
}

func indexPage(p Page, lang string) indexed {
	var cites []string
	for _, c := range p.Citations {
		cites = append(cites, c.Source.In(lang)+" "+c.Section)
	}
	return indexed{slug: fold(strings.ReplaceAll(p.Slug, "-", " ")), title: fold(p.Title.In(lang)), summary: fold(p.Summary.In(lang)),
		body: fold(p.Body.In(lang)), cites: fold(strings.Join(cites, " | "))}
}

// Search finds the pages of a language ("nb", else English) that hold
// every word of the query in their title, summary, body, citations or
// slug, best first: a word in the title counts most, then the summary,
// the citations, the page's address (its slug) and the body. Case and
// accents do not matter ("saerlige" finds "særlige"); words of three
// letters or more match inside longer words ("terskel" finds
// "terskelverdi"), shorter ones only whole ("EU").
func (h *Handbook) Search(query, lang string) []Hit {
	if lang != "nb" {
		lang = "en"
	}
	terms := Terms(query)
	if len(terms) == 0 {
		return nil
	}
	phrase := strings.Join(terms, " ")
	var hits []Hit
	for i, ix := range h.index[lang] {
		score := 0
		for _, t := range terms {
			s := 10*has(ix.title, t) + 5*has(ix.summary, t) + 4*has(ix.cites, t) + 2*has(ix.slug, t) + min(count(ix.body, t), 3)
			if s == 0 {
				score = 0
				break
			}
			score += s
		}
		if score == 0 {
			continue
		}
		if len(terms) > 1 && strings.Contains(ix.title, phrase) {
			score += 20
		}
		hits = append(hits, Hit{Page: h.pages[i], Score: score})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return fold(hits[i].Page.Title.In(lang)) < fold(hits[j].Page.Title.In(lang))
	})
	return hits
}

// Terms are the words of a query, folded as the index is.
func Terms(query string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(fold(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		w = strings.Trim(w, "-")
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// has is 1 when the text holds the term (see Search), else 0.
func has(text, term string) int {
	if count(text, term) > 0 {
		return 1
	}
	return 0
}

// count is how often the term occurs in the text: inside words for terms
// of three letters or more, else as whole words.
func count(text, term string) int {
	if len([]rune(term)) >= 3 {
		return strings.Count(text, term)
	}
	n := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w == term {
			n++
		}
	}
	return n
}

// foldRunes spells letters with marks as ASCII, the way people type them
// without a Norwegian keyboard.
var foldRunes = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u", 'é': "e", 'è': "e", 'ê': "e", 'á': "a", 'à': "a",
	'â': "a", 'ó': "o", 'ò': "o", 'ô': "o", 'í': "i", 'ì': "i", 'ú': "u", 'ù': "u", 'ç': "c", 'ñ': "n", 'ß': "ss",
	'§': " ", '’': "'", '–': "-", '—': "-",
}

// fold lower-cases a text and spells its marked letters in ASCII; "oe"
// and "aa" (the other ways to type ø and å) become "o" and "a", on both
// sides of a search alike.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return strings.NewReplacer("oe", "o", "aa", "a").Replace(b.String())
}

// splitParagraphs splits a body at blank lines into trimmed lines.
func splitParagraphs(body string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// cutItem reports a list item ("- text").
func cutItem(line string) (string, bool) {
	item, ok := strings.CutPrefix(line, "- ")
	return strings.TrimSpace(item), ok
}

func join(lines []string) string { return strings.Join(lines, " ") }

// Similar finds pages like a text that is no page's slug or title (an
// unknown address such as "light-regime-xx"): pages holding any of its
// words, those holding the most words first, at most n.
func (h *Handbook) Similar(text, lang string, n int) []Page {
	words := map[string]int{}
	score := map[string]int{}
	for _, t := range Terms(strings.ReplaceAll(text, "-", " ")) {
		for _, hit := range h.Search(t, lang) {
			words[hit.Page.Slug]++
			score[hit.Page.Slug] += hit.Score
		}
	}
	var out []Page
	for slug := range words {
		out = append(out, h.pages[h.bySlug[slug]])
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Slug, out[j].Slug
		if words[a] != words[b] {
			return words[a] > words[b]
		}
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return a < b
	})
	return out[:min(n, len(out))]
}
