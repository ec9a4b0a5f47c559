// SPDX-License-Identifier: EUPL-1.2

package cpv

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cityspend/cityspend"
)

// Entry is one code of the official list with its labels by language
// (upper-case ISO 639-1, as the file writes them: "EN", "DE", …).
type Entry struct {
	Code   Code
	Labels map[string]string
	Line   int // in the file
}

// ReadXML reads the EU's cpv_2008.xml (<CPV_CODE><CPV CODE="03000000-1">
// <TEXT LANG="EN">…</TEXT>…</CPV>…). Every code must parse and carry the
// right check digit; the first bad entry stops the read with its line.
func ReadXML(r io.Reader) ([]Entry, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	// The official file has no DTD; refuse entity tricks all the same.
	dec.Entity = map[string]string{}
	var out []Entry
	var cur *Entry
	var lang string
	var text strings.Builder
	inText := false
	seen := map[Code]bool{}
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, fmt.Errorf("line %d: directives (DTD, entities) are not allowed", line)
		case xml.StartElement:
			switch t.Name.Local {
			case "CPV":
				if cur != nil {
					return nil, fmt.Errorf("line %d: CPV inside CPV", line)
				}
				var raw string
				for _, a := range t.Attr {
					if a.Name.Local == "CODE" {
						raw = a.Value
					}
				}
				if !strings.Contains(raw, "-") {
					return nil, fmt.Errorf("line %d: CPV CODE %q has no check digit", line, raw)
				}
				c, err := Parse(raw)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", line, err)
				}
				if seen[c] {
					return nil, fmt.Errorf("line %d: code %s appears twice", line, raw)
				}
				seen[c] = true
				cur = &Entry{Code: c, Labels: map[string]string{}, Line: line}
			case "TEXT":
				if cur == nil {
					return nil, fmt.Errorf("line %d: TEXT outside CPV", line)
				}
				lang = ""
				for _, a := range t.Attr {
					if a.Name.Local == "LANG" {
						lang = strings.ToUpper(strings.TrimSpace(a.Value))
					}
				}
				if lang == "" {
					return nil, fmt.Errorf("line %d: TEXT without LANG", line)
				}
				inText = true
				text.Reset()
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				if inText && cur != nil {
					cur.Labels[lang] = strings.TrimSpace(text.String())
				}
				inText = false
			case "CPV":
				if cur != nil {
					if len(cur.Labels) == 0 {
						return nil, fmt.Errorf("line %d: code %s has no TEXT", cur.Line, cur.Code)
					}
					out = append(out, *cur)
				}
				cur = nil
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no CPV codes: is this the EU's cpv_2008.xml?")
	}
	return out, nil
}

// StoreCodes turns the entries of the official list into the codes the
// store keeps: each with its check digit, level, kind and nearest parent
// in the list.
func StoreCodes(entries []Entry) []cityspend.CPVCode {
	have := map[Code]bool{}
	for _, e := range entries {
		have[e.Code] = true
	}
	codes := make([]cityspend.CPVCode, len(entries))
	for i, e := range entries {
		c := cityspend.CPVCode{Code: string(e.Code), Check: e.Code.CheckDigit(), Digits: e.Code.Digits(), Kind: e.Code.Kind(), Labels: e.Labels}
		p, ok := e.Code.Parent()
		for ok && !have[p] {
			p, ok = p.Parent()
		}
		if ok {
			c.Parent = string(p)
		}
		codes[i] = c
	}
	return codes
}
