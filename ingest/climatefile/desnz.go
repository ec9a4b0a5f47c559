// SPDX-License-Identifier: EUPL-1.2

package climatefile

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata/factors"
)

// The UK government's (DESNZ, formerly Defra) "UK and England's carbon
// footprint" statistics publish conversion factors by SIC code: a sheet
// with a title above a header of "SIC code", "Description", "GHG (kgCO2e
// per £)" and "CO2 (kgCO2 per £)", one row per input-output industry,
// whose codes are SIC 2007 divisions, groups and classes, alone or
// combined ("01", "10.1", "10.2-3", "06 & 07", "11.01-6 & 12"). SIC 2007
// is NACE Rev. 2 to four digits, so each code is a NACE factor and
// reaches CPV through the NACE → CPV concordance.

// DESNZSource and DESNZLicence describe the published file.
const (
	DESNZSource  = "DESNZ/Defra, UK and England's carbon footprint: conversion factors by SIC code (kg CO2e per £)"
	DESNZLicence = "Open Government Licence v3.0"
)

// desnzHeader is a row of the SIC sheet's header: the columns of the code,
// its description and the GHG factor (-1 when absent).
type desnzHeader struct{ code, desc, ghg int }

// findDESNZHeader reads a row as the SIC sheet's header: a "SIC" column
// and a "GHG … kgCO2e per £" one.
func findDESNZHeader(fields []string) (desnzHeader, bool) {
	h := desnzHeader{-1, -1, -1}
	for i, f := range fields {
		n := strings.ToLower(strings.Join(strings.Fields(f), " "))
		switch {
		case strings.Contains(n, "sic") && h.code < 0:
			h.code = i
		case strings.Contains(n, "ghg") && strings.Contains(n, "co2e") && strings.Contains(n, "£") && h.ghg < 0:
			h.ghg = i
		case (n == "description" || strings.Contains(n, "industry") || strings.Contains(n, "product")) && h.desc < 0:
			h.desc = i
		}
	}
	return h, h.code >= 0 && h.ghg >= 0
}

var titleYear = regexp.MustCompile(`\b(19[5-9]\d|20\d\d)\b`)

// readDESNZ reads the DESNZ SIC sheet when the file (or one of its
// workbook's sheets) is one; ok is false otherwise.
func readDESNZ(path string, o FactorOptions) (out []cityspend.EmissionFactor, rejects []cityspend.Reject, ok bool, err error) {
	var tables []*tabular.Table
	wb, err := tabular.IsWorkbook(path)
	if err != nil {
		return nil, nil, false, err
	}
	if wb {
		w, err := tabular.OpenWorkbook(path)
		if err != nil {
			return nil, nil, false, err
		}
		defer w.Close()
		for _, s := range w.Sheets() {
			t, err := w.Table(s)
			if err != nil {
				return nil, nil, false, err
			}
			tables = append(tables, t)
		}
	} else {
		t, err := tabular.Open(path, tabular.Options{})
		if err != nil {
			return nil, nil, false, err
		}
		tables = append(tables, t)
	}
	defer func() {
		for _, t := range tables {
			t.Close()
		}
	}()
	for _, t := range tables {
		// The header is among the first rows, under the sheet's title.
		var title []string
		for i := 0; i < 20; i++ {
			rec, _, err := t.Next(nil)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, nil, false, err
			}
			if h, found := findDESNZHeader(rec.Fields); found {
				out, rejects, err := readDESNZRows(path, t, h, strings.Join(title, " "), o)
				return out, rejects, true, err
			}
			title = append(title, strings.Join(rec.Fields, " "))
		}
	}
	return nil, nil, false, nil
}

func readDESNZRows(path string, t *tabular.Table, h desnzHeader, title string, o FactorOptions) ([]cityspend.EmissionFactor, []cityspend.Reject, error) {
	year := o.PriceYear
	if year == 0 {
		// The title names the data year ("… by SIC code, 2022").
		if ms := titleYear.FindAllString(title, -1); len(ms) > 0 {
			year, _ = strconv.Atoi(ms[len(ms)-1])
		}
	}
	if year == 0 {
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "%s: the title names no year; give the factors' year with --price-year", path)
	}
	or := func(v, def string) string {
		if v != "" {
			return v
		}
		return def
	}
	base := cityspend.EmissionFactor{Set: o.Set, Version: or(o.Version, strconv.Itoa(year)), Scheme: cityspend.SchemeNACE, Currency: "GBP",
		PriceYear: year, PriceBasis: or(o.PriceBasis, "purchaser"), GWP: o.GWP, Source: or(o.Source, DESNZSource+", "+filepath.Base(path)),
		Licence: or(o.Licence, DESNZLicence), Estimate: o.Estimate, File: path}
	var out []cityspend.EmissionFactor
	var rejects []cityspend.Reject
	seen := map[string]int{}
	for {
		rec, _, err := t.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		cell := func(i int) string {
			if i < 0 || i >= len(rec.Fields) {
				return ""
			}
			return strings.TrimSpace(rec.Fields[i])
		}
		bad := func(field, format string, args ...any) {
			rejects = append(rejects, cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: fmt.Sprintf(format, args...)})
		}
		if rec.Problem != "" {
			bad("code", "%s", rec.Problem)
			continue
		}
		code, desc, ghg := cell(h.code), cell(h.desc), cell(h.ghg)
		if h.desc < 0 || h.desc == h.code {
			// One column "01 Products of agriculture…".
			code, desc, _ = strings.Cut(code, " ")
			desc = strings.TrimSpace(desc)
		}
		// Notes and totals under the table: no code that starts with a digit.
		if code == "" || code[0] < '0' || code[0] > '9' {
			if ghg != "" && code != "" && !strings.EqualFold(code, "total") {
				bad("code", "%q is not a SIC 2007 code", code)
			}
			continue
		}
		codes, err := ExpandSIC(code)
		if err != nil {
			bad("code", "%v", err)
			continue
		}
		v, err := parseNumber(ghg)
		if err != nil || v < 0 {
			bad("factor", "kg CO2e per £: %v", orMsg(err, "negative"))
			continue
		}
		for _, c := range codes {
			f := base
			f.Code, f.Label, f.KgPerUnit, f.Line = factors.NormalizeCode(cityspend.SchemeNACE, c), desc, v, rec.Line
			if first, dup := seen[f.Code]; dup {
				bad("code", "SIC %s is on line %d already", c, first)
				continue
			}
			seen[f.Code] = rec.Line
			out = append(out, f)
		}
	}
	if len(out) == 0 && len(rejects) == 0 {
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "%s: no factors under the SIC header", path)
	}
	return out, rejects, nil
}

var (
	sicOne   = regexp.MustCompile(`^\d{2}(\.\d{1,2})?$`)
	sicRange = regexp.MustCompile(`^(\d{2})(?:\.(\d{1,2}))?-(\d{1,2})$`)
)

// ExpandSIC reads a code of the DESNZ table as the SIC 2007 codes it
// covers: "10.1" → [10.1], "10.2-3" → [10.2 10.3], "11.01-6 & 12" →
// [11.01 … 11.06 12], "06 & 07" → [06 07], "05-07" → [05 06 07].
func ExpandSIC(s string) ([]string, error) {
	var out []string
	norm := strings.NewReplacer(" and ", "&", ",", "&", "+", "&", "–", "-", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, p := range strings.Split(norm, "&") {
		switch m := sicRange.FindStringSubmatch(p); {
		case p == "":
			return nil, fmt.Errorf("%q is not a SIC 2007 code", s)
		case sicOne.MatchString(p):
			out = append(out, p)
		case m != nil:
			from, to := m[1], m[3]
			prefix := ""
			if m[2] != "" {
				prefix, from = m[1]+".", m[2]
			}
			if len(to) < len(from) {
				to = from[:len(from)-len(to)] + to
			}
			a, _ := strconv.Atoi(from)
			b, _ := strconv.Atoi(to)
			if b < a || b-a > 20 {
				return nil, fmt.Errorf("%q: the range %s-%s", s, from, to)
			}
			for i := a; i <= b; i++ {
				out = append(out, fmt.Sprintf("%s%0*d", prefix, len(from), i))
			}
		default:
			return nil, fmt.Errorf("%q is not a SIC 2007 code", s)
		}
	}
	return out, nil
}
