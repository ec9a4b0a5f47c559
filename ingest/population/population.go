// SPDX-License-Identifier: EUPL-1.2

// Package population reads the official population files the benchmarks
// divide by: Statistics Norway's table 07459 (population by municipality,
// "Semikolonseparert med overskrift" as the statistics bank exports it, the
// years across or down), and the ONS mid-year population estimates for the
// UK's local authorities (the MYE2 table of the estimates' workbook, saved
// as CSV or read as XLSX, and the long MYEB1 layout by sex and age). It
// finds the header under the title lines, adds up rows by sex or age, and
// rejects a row it cannot read by its line.
package population

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata"
)

// Sources of the figures.
const (
	SourceSSB = "SSB 07459" // Statistics Norway, population 1 January
	SourceONS = "ONS MYE"   // Office for National Statistics, mid-year estimate
)

// File is what Read read: the figures (by area and year, summed over the
// rows of each), the rows it rejected, and the rows of areas that are not
// municipalities or local authorities (the country, counties, regions),
// which it skips.
type File struct {
	Source  string
	Layout  string // ssb-wide, ssb-long, ons-mye, ons-myeb
	Figures []cityspend.PopulationFigure
	Rejects []cityspend.Reject
	Read    int64 // data rows read
	Skipped int64 // rows of other areas
	// Incomplete lists the areas and years ("3911 2024") left out because
	// a part of their sum (a sex, an age) was missing or rejected: a part
	// of a population is not the population.
	Incomplete []string
}

// headerRows is how far down a file the header may sit (under the title,
// notes and blank lines).
const headerRows = 30

// Read reads a population file. year is the year of an ONS MYE2 table
// whose title does not say it ("Mid-2022"); 0 takes it from the title or
// the file's name.
func Read(path string, year int) (*File, error) {
	t, err := tabular.Open(path, tabular.Options{})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	return Parse(t, filepath.Base(path), year)
}

var (
	yearRe    = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)
	midYearRe = regexp.MustCompile(`(?i)mid[- ]?((?:19|20)[0-9]{2})`)
	myebPopRe = regexp.MustCompile(`^population((?:19|20)[0-9]{2})$`)
	ladRe     = regexp.MustCompile(`^ladcode[0-9]{2}$`)
	kommuneRe = regexp.MustCompile(`^(?:K-)?([0-9]{4})(?:\s|$)`)
	gssRe     = regexp.MustCompile(`^[EWSNK][0-9]{8}$`)
)

// layout is how a header reads a file.
type layout struct {
	name    string
	source  string
	country string
	area    int         // the area's column
	name2   int         // the area name's column (-1: with the code, SSB)
	years   map[int]int // column → year (wide layouts)
	yearCol int         // the year's column (long layout), -1
	value   int         // the value's column (long layout), -1
	// byRow: several rows per area and year (sex, age) are added up.
	byRow bool
	// filter keeps a row (ONS MYE2: only local authorities).
	geography int // ONS MYE2's Geography column, -1
}

// Parse reads a population table (name names it in messages and may carry
// its year).
func Parse(t *tabular.Table, name string, year int) (*File, error) {
	var titles []string
	var l *layout
	var header tabular.Record
	for i := 0; i < headerRows && l == nil; i++ {
		rec, _, err := t.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if rec.Problem != "" {
			continue
		}
		if l = headerOf(rec.Fields); l != nil {
			header = rec
			break
		}
		titles = append(titles, strings.Join(rec.Fields, " "))
	}
	if l == nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: no population table found: use SSB's table 07459 "+
			"(a region column and the years, \"Personer 2024\", or år and a value) or the ONS mid-year estimates "+
			"(Code, Name, Geography, All ages; or ladcode, laname, sex, age, population_YYYY)", name)
	}
	if l.name == "ons-mye" {
		if year == 0 {
			year = mid(append(titles, name))
		}
		if year == 0 {
			return nil, cityspend.Errorf(cityspend.EINVALID, "%s: the ONS table does not say its year (\"Mid-2022\" in its title): give it with --year", name)
		}
		l.years = map[int]int{l.value: year}
		l.value = -1
	}
	f := &File{Source: l.source, Layout: l.name}
	cols := make([]int, 0, len(l.years)) // the year columns, in order
	for c := range l.years {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	type key struct {
		area string
		year int
	}
	sums := map[key]*cityspend.PopulationFigure{}
	incomplete := map[key]bool{}
	var order []key
	reject := func(rec tabular.Record, field, why string) {
		f.Rejects = append(f.Rejects, cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: why})
	}
	for {
		rec, _, err := t.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if tabular.AllBlank(rec.Fields) {
			continue
		}
		f.Read++
		if rec.Problem != "" {
			reject(rec, "", rec.Reason(header.Fields))
			continue
		}
		get := func(i int) string {
			if i < 0 || i >= len(rec.Fields) {
				return ""
			}
			return strings.TrimSpace(rec.Fields[i])
		}
		area, areaName, ok := l.areaOf(get(l.area), get(l.name2))
		if !ok {
			f.Skipped++ // the country, a county, a region; or a note under the table
			continue
		}
		if l.geography >= 0 && !localAuthority(get(l.geography)) {
			f.Skipped++
			continue
		}
		type cell struct {
			year int
			raw  string
		}
		var cells []cell
		if l.yearCol >= 0 {
			y, err := strconv.Atoi(get(l.yearCol))
			if err != nil || y < 1800 || y > 2200 {
				reject(rec, header.Fields[l.yearCol], fmt.Sprintf("%q is not a year", get(l.yearCol)))
				continue
			}
			cells = append(cells, cell{y, get(l.value)})
		} else {
			for _, c := range cols {
				cells = append(cells, cell{l.years[c], get(c)})
			}
		}
		var bad string
		var vals []int64
		for _, c := range cells {
			n, missing, err := persons(c.raw)
			switch {
			case err != nil:
				bad = fmt.Sprintf("%d: %v", c.year, err)
			case missing:
				n = -1
			}
			vals = append(vals, n)
		}
		if bad != "" {
			reject(rec, "", bad)
			for _, c := range cells {
				incomplete[key{area, c.year}] = true
			}
			continue
		}
		for i, c := range cells {
			if vals[i] < 0 {
				incomplete[key{area, c.year}] = true // SSB's "..": not available
				continue
			}
			k := key{area, c.year}
			s := sums[k]
			if s == nil {
				s = &cityspend.PopulationFigure{Country: l.country, Area: area, Name: areaName, Year: c.year, Source: l.source}
				sums[k] = s
				order = append(order, k)
			} else if !l.byRow {
				reject(rec, "", fmt.Sprintf("%s %d is given twice", area, c.year))
				continue
			}
			s.Persons += vals[i]
		}
	}
	for _, k := range order {
		if !incomplete[k] {
			f.Figures = append(f.Figures, *sums[k])
		}
	}
	for k := range incomplete {
		f.Incomplete = append(f.Incomplete, fmt.Sprintf("%s %d", k.area, k.year))
	}
	sort.Strings(f.Incomplete)
	return f, nil
}

// headerOf reads a header row, or returns nil when the row is not one.
func headerOf(fields []string) *layout {
	norm := make([]string, len(fields))
	for i, h := range fields {
		norm[i] = tabular.NormHeader(h)
	}
	find := func(names ...string) int {
		for i, n := range norm {
			for _, want := range names {
				if n == want {
					return i
				}
			}
		}
		return -1
	}
	// ONS MYEB1: ladcodeYY, lanameYY, country, sex, age, population_YYYY…
	for i, n := range norm {
		if !ladRe.MatchString(n) {
			continue
		}
		l := &layout{name: "ons-myeb", source: SourceONS, country: "GB", area: i, name2: -1, years: map[int]int{}, yearCol: -1, value: -1,
			byRow: true, geography: -1}
		for j, m := range norm {
			if strings.HasPrefix(m, "laname") {
				l.name2 = j
			}
			if p := myebPopRe.FindStringSubmatch(m); p != nil {
				y, _ := strconv.Atoi(p[1])
				l.years[j] = y
			}
		}
		if len(l.years) > 0 {
			return l
		}
	}
	// ONS MYE2: Code, Name, Geography, All ages, 0, 1, …
	if code, all := find("code"), find("allages"); code >= 0 && all >= 0 {
		return &layout{name: "ons-mye", source: SourceONS, country: "GB", area: code, name2: find("name"), yearCol: -1, value: all,
			geography: find("geography", "geography1")}
	}
	// SSB 07459: region, then the years across ("Personer 2024", "2024")
	// or år and a value (the table's title).
	region := find("region")
	if region < 0 {
		return nil
	}
	l := &layout{name: "ssb-wide", source: SourceSSB, country: "NO", area: region, name2: -1, years: map[int]int{}, yearCol: -1, value: -1,
		byRow: true, geography: -1}
	if y := find("ar", "aar", "year", "tid"); y >= 0 {
		l.name, l.yearCol, l.value = "ssb-long", y, len(fields)-1
		if l.value == y || l.value == region {
			return nil
		}
		return l
	}
	for i, h := range fields {
		if i == region {
			continue
		}
		if m := yearRe.FindStringSubmatch(h); m != nil && !strings.Contains(h, ":") {
			y, _ := strconv.Atoi(m[1])
			l.years[i] = y
		}
	}
	if len(l.years) == 0 {
		return nil
	}
	return l
}

// areaOf reads an area's code and name: SSB's "3909 Larvik" (or
// "K-3909 Larvik"), ONS's GSS code with its name beside it. ok is false
// for other areas (the whole country, counties, regions).
func (l *layout) areaOf(code, name string) (string, string, bool) {
	if l.country == "NO" {
		m := kommuneRe.FindStringSubmatch(code)
		if m == nil {
			return "", "", false
		}
		n := strings.TrimSpace(code[len(m[0]):])
		n = strings.TrimSpace(strings.TrimPrefix(n, "-"))
		return m[1], n, true
	}
	code = strings.ToUpper(code)
	if !gssRe.MatchString(code) {
		return "", "", false
	}
	// A council's area, but not a county council's (E10): its districts'
	// figures are there, and it would count them again.
	if refdata.UKCouncilType(code) == "" || strings.HasPrefix(code, "E10") {
		return "", "", false
	}
	return code, name, true
}

// localAuthority reports whether an ONS MYE2 Geography is a local
// authority's (not a country, region or county, whose rows repeat sums).
func localAuthority(geo string) bool {
	if geo == "" {
		return true
	}
	g := strings.ToLower(geo)
	for _, la := range []string{"unitary", "district", "borough", "council area", "local authority"} {
		if strings.Contains(g, la) {
			return true
		}
	}
	return false
}

// persons reads a count: digits, with spaces, commas or dots between
// thousands; SSB's ".", "..", ":" and "-" are missing figures.
func persons(s string) (int64, bool, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", ".", "..", "...", ":", "-", "x", "z":
		return 0, true, nil
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', ',', '\'':
			return -1
		}
		return r
	}, s)
	if strings.Count(clean, ".") > 0 {
		// A dot between thousands ("48.176"), never a decimal point in a
		// head count.
		parts := strings.Split(clean, ".")
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false, fmt.Errorf("%q is not a number of persons", s)
			}
		}
		clean = strings.Join(parts, "")
	}
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil || n < 0 || n > 2_000_000_000 {
		return 0, false, fmt.Errorf("%q is not a number of persons", s)
	}
	return n, false, nil
}

// mid finds "Mid-2022" in a table's title lines or file name.
func mid(texts []string) int {
	for _, t := range texts {
		if m := midYearRe.FindStringSubmatch(t); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	return 0
}
