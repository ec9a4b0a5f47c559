// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A text is one licence, or a file holding several (a module's own licence
// and those of code it includes). classify finds each licence text by the
// sentences that distinguish it, from its first sentence to its last, and
// calls the file unknown when a text it finds lacks one of those sentences
// or is longer than the standard text (a clause added), or when more than
// a title is left outside the texts it recognised. It recognises only the
// licences below; it reads, it does not judge.

// recogniser finds one family of licence texts: each occurrence of start
// up to the next end is a span, which one of its variants must accept.
type recogniser struct {
	start    *regexp.Regexp
	end      *regexp.Regexp
	variants []variant
	// tails are optional parts that may follow a span, each running from
	// its start to its end (the Apache licence's last line and appendix).
	tails []tail
}

type tail struct{ start, end string }

// variant is one licence within a family: all of its sentences present,
// none of its absent ones, and no more than maxWords words, a few more
// than the standard text has (an added clause makes it another licence).
type variant struct {
	id                string
	sentences, absent []string
	maxWords          int
}

// The required sentences are as they read after normalise: lower case,
// single spaces, straight quotes.
var recognisers = []recogniser{
	{
		start: regexp.MustCompile(`permission is hereby granted, free of charge, to any person obtaining a copy`),
		end:   regexp.MustCompile(`other dealings in the software\.?`),
		variants: []variant{
			{
				id: "MIT",
				sentences: []string{
					"to deal in the software without restriction",
					"the above copyright notice and this permission notice shall be included in all copies or substantial portions of the software",
					`the software is provided "as is", without warranty of any kind`,
				},
				maxWords: 166,
			},
			{
				id: "MIT-0",
				sentences: []string{
					"to deal in the software without restriction",
					`to permit persons to whom the software is furnished to do so. the software is provided "as is", without warranty of any kind`,
				},
				absent:   []string{"shall be included", "subject to the following conditions"},
				maxWords: 141,
			},
		},
	},
	{
		start: regexp.MustCompile(`redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met`),
		end:   regexp.MustCompile(`possibility of such damage\.?`),
		variants: []variant{
			{
				id: "BSD-3-Clause",
				sentences: []string{
					"redistributions of source code must retain the above copyright notice",
					"redistributions in binary form must reproduce the above copyright notice",
					"may be used to endorse or promote products derived from this software without specific prior written permission",
					`"as is" and any express or implied warranties, including, but not limited to, the implied warranties of merchantability and fitness for a particular purpose are disclaimed`,
				},
				absent:   []string{"advertising materials"},
				maxWords: 225,
			},
			{
				id: "BSD-2-Clause",
				sentences: []string{
					"redistributions of source code must retain the above copyright notice",
					"redistributions in binary form must reproduce the above copyright notice",
					`"as is" and any express or implied warranties, including, but not limited to, the implied warranties of merchantability and fitness for a particular purpose are disclaimed`,
				},
				absent:   []string{"advertising materials", "endorse or promote"},
				maxWords: 190,
			},
		},
	},
	{
		start: regexp.MustCompile(`apache license,? version 2\.0, january 2004`),
		// Some copies stop after section 9, without the last line.
		end: regexp.MustCompile(`by reason of your accepting any such warranty or additional liability\.`),
		variants: []variant{{
			id: "Apache-2.0",
			sentences: []string{
				"terms and conditions for use, reproduction, and distribution",
				"grant of copyright license. subject to the terms and conditions of this license",
				"grant of patent license. subject to the terms and conditions of this license",
				"you may add your own copyright statement to your modifications and may provide additional or different license terms and conditions",
			},
			maxWords: 1420,
		}},
		tails: []tail{
			{"end of terms and conditions", "end of terms and conditions"},
			{"appendix: how to apply the apache license to your work", "limitations under the license."},
		},
	},
	{
		// The notice the Apache licence asks to put in files, standing for it.
		start: regexp.MustCompile(`licensed under the apache license, version 2\.0 \(the "license"\)`),
		end:   regexp.MustCompile(`limitations under the license\.?`),
		variants: []variant{{
			id:        "Apache-2.0",
			sentences: []string{"you may obtain a copy of the license at http://www.apache.org/licenses/license-2.0"},
			maxWords:  85,
		}},
	},
	{
		start: regexp.MustCompile(`permission to use, copy, modify, and(/or)? distribute this software for any purpose with or without fee is hereby granted`),
		end:   regexp.MustCompile(`performance of this software\.?`),
		variants: []variant{{
			id: "ISC",
			sentences: []string{
				"provided that the above copyright notice and this permission notice appear in all copies",
				"disclaims all warranties with regard to this software",
			},
			maxWords: 116,
		}},
	},
	{
		start: regexp.MustCompile(`mozilla public license,? version 2\.0`),
		end:   regexp.MustCompile(`as defined by the mozilla public license, v\. 2\.0\.?`),
		variants: []variant{{
			id: "MPL-2.0",
			sentences: []string{
				"you may create and distribute a larger work under terms of your choice",
				"this source code form is subject to the terms of the mozilla public license, v. 2.0",
				`this source code form is "incompatible with secondary licenses"`,
			},
			maxWords: 2310,
		}},
	},
	{
		// The notice the MPL asks to put in files, standing for it.
		start: regexp.MustCompile(`this source code form is subject to the terms of the mozilla public license, v\. 2\.0`),
		end:   regexp.MustCompile(`you can obtain one at https?://mozilla\.org/mpl/2\.0/?\.?`),
		variants: []variant{{
			id:        "MPL-2.0",
			sentences: []string{"if a copy of the mpl was not distributed with this file"},
			maxWords:  40,
		}},
	},
}

// titleWords is how many words may be left over outside the recognised
// texts: titles ("The MIT License (MIT)", "BSD 3-Clause License") and
// short introductions ("Based on X, which has the following license"),
// as long as none of them is operative: a word that could grant, restrict
// or disclaim something ("may not be used for commercial purposes").
const titleWords = 20

var (
	operative = regexp.MustCompile(`\b(may|must|shall|not|only|except\w*|unless|permi\w*|prohibit\w*|restrict\w*|grant\w*|condition\w*|commercial\w*|warrant\w*|liab\w*|agree\w*|terms|use[ds]?|distribut\w*|cop(y|ies)|modif\w*|sell|fees?|pay\w*)\b`)
	url       = regexp.MustCompile(`\bhttps?://\S+`)
)

// Unknown is the licence of a text classify cannot tell.
const Unknown = "unknown"

// classify returns the SPDX identifiers of the licences in a text, sorted,
// or Unknown with the reason.
func classify(text string) (ids []string, why string) {
	s := normalise(text)
	type span struct{ from, to int }
	var spans []span
	inside := func(i int) bool {
		for _, sp := range spans {
			if i >= sp.from && i < sp.to {
				return true
			}
		}
		return false
	}
	found := map[string]bool{}
	for _, r := range recognisers {
		for _, loc := range r.start.FindAllStringIndex(s, -1) {
			if inside(loc[0]) {
				continue // the notice inside a full text's appendix
			}
			e := r.end.FindStringIndex(s[loc[1]:])
			if e == nil {
				return []string{Unknown}, fmt.Sprintf("%q without its end %q", s[loc[0]:loc[1]], r.end)
			}
			to := loc[1] + e[1]
			body := s[loc[0]:to]
			id := r.accept(body)
			if id == "" {
				return []string{Unknown}, fmt.Sprintf("a text starting %q (%d words) that is none of the known ones", s[loc[0]:loc[1]], countWords(body))
			}
			for _, t := range r.tails {
				if strings.HasPrefix(strings.TrimLeft(s[to:], " "), t.start) {
					if i := strings.Index(s[to:], t.end); i >= 0 {
						to += i + len(t.end)
					}
				}
			}
			found[id] = true
			spans = append(spans, span{loc[0], to})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var rest strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.from > at {
			rest.WriteString(s[at:sp.from])
			rest.WriteByte(' ')
		}
		at = max(at, sp.to)
	}
	rest.WriteString(s[at:])
	left := strings.Join(strings.Fields(url.ReplaceAllString(rest.String(), "")), " ")
	if n := countWords(left); n > titleWords {
		return []string{Unknown}, fmt.Sprintf("%d words outside any licence text it knows: %.80q", n, left)
	}
	if w := operative.FindString(left); w != "" {
		return []string{Unknown}, fmt.Sprintf("%q outside any licence text it knows: %q", w, left)
	}
	if len(found) == 0 {
		return []string{Unknown}, "no licence text it knows"
	}
	for id := range found {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, ""
}

// accept returns the first variant the span is, or "".
func (r recogniser) accept(body string) string {
	n := countWords(body)
next:
	for _, v := range r.variants {
		for _, x := range v.sentences {
			if !strings.Contains(body, x) {
				continue next
			}
		}
		for _, x := range v.absent {
			if strings.Contains(body, x) {
				continue next
			}
		}
		if n > v.maxWords {
			continue
		}
		return v.id
	}
	return ""
}

var (
	// copyrightLine is a copyright statement on a line of its own; it is
	// not part of any licence's wording ("copyright notice, this list of
	// conditions" in the BSD licences is not one).
	copyrightLine = regexp.MustCompile(`^(copyright|\(c\)|©)\s*(\(c\)|©)?\s*(\d|\[yyyy\]|the\s|by\s)|^all rights reserved\.?$`)
	// filesLine says which files of a module the licence after it covers.
	filesLine = regexp.MustCompile(`^files:\s`)
	quotes    = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'", "``", `"`, "''", `"`)
	word      = regexp.MustCompile(`[a-z]+`)
)

// normalise drops copyright statements and file lists, lowers the case,
// straightens quotes and puts single spaces between words.
func normalise(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		l := strings.ToLower(strings.TrimSpace(line))
		if copyrightLine.MatchString(l) || filesLine.MatchString(l) {
			continue
		}
		b.WriteString(l)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(quotes.Replace(b.String())), " ")
}

func countWords(s string) int { return len(word.FindAllStringIndex(s, -1)) }
