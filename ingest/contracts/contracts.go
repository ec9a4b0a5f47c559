// SPDX-License-Identifier: EUPL-1.2

// Package contracts reads a buyer's contract register from CSV or XLSX:
// the columns found from their headers in Norwegian or English (or named in
// a mapping file), every row checked, each bad one reported by line, field
// and reason.
package contracts

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Fields of a contract register.
const (
	FID        = "contract_id"
	FTitle     = "title"
	FSupplier  = "supplier_name"
	FOrgNumber = "supplier_org_number"
	FCPV       = "cpv"
	FStart     = "start"
	FEnd       = "end"
	FFinal     = "final_end"
	FExtension = "extension_months"
	FMaxValue  = "max_value"
	FCurrency  = "currency"
	FProcedure = "procedure"
	FFramework = "framework"
	FNotice    = "notice_ref"
	// Sustainability criteria (yes/no).
	FGreen      = "green_criteria"
	FSocial     = "social_criteria"
	FInnovation = "innovation"
	FCircular   = "circular"
)

// synonyms are the header names each field is known by.
var synonyms = map[string][]string{
	FID: {"contract_id", "contract id", "contract", "contract ref", "contract reference", "reference", "ref",
		"reference number", "reference no", "ref no", "contract reference number", "contract number", "contract no", "contract ref no", "unique reference", "kontrakt", "kontrakt id", "kontraktsnummer", "kontraktnr", "avtalenummer", "avtalenr", "avtale id", "avtale-id"},
	FTitle: {"title", "contract title", "name", "tittel", "navn", "avtale", "avtalenavn", "beskrivelse", "description", "subject",
		"title of agreement", "title of contract", "contract name", "contract description", "agreement title"},
	FSupplier: {"supplier", "suppliers", "supplier name", "leverandør", "leverandører", "leverandørnavn", "contractor",
		"supplier names", "name of supplier", "contractor name", "provider", "provider name", "awarded supplier"},
	FOrgNumber: {"supplier org number", "org number", "organisation number", "organization number", "organisasjonsnummer", "orgnr", "org.nr", "company number", "leverandør orgnr",
		"company registration number", "company reg number", "company reg no", "companies house number", "supplier company number", "registration number"},
	FCPV: {"cpv", "cpv code", "cpv-kode", "cpv kode"},
	FStart: {"start", "start date", "startdato", "fra", "from", "gyldig fra", "valid from", "contract start",
		"contract start date", "commencement date", "agreement start date"},
	FEnd: {"end", "end date", "sluttdato", "til", "to", "gyldig til", "valid to", "utløper", "expiry", "expiry date", "contract end",
		"contract end date", "agreement end date", "end date excluding extensions"},
	FFinal: {"final end", "end with options", "sluttdato med opsjoner", "maks sluttdato", "options end", "max end", "latest end",
		"end date including extensions", "end date with extensions", "end date with options", "final end date", "maximum end date"},
	FExtension: {"extension months", "options months", "opsjon måneder", "opsjoner måneder", "forlengelse måneder", "extensions",
		"extension options", "extension period", "option to extend", "extension", "opsjoner", "opsjon"},
	FMaxValue: {"max value", "maximum value", "maksverdi", "maks verdi", "estimated value", "estimert verdi", "verdi", "value", "rammeverdi", "kontraktsverdi", "contract value",
		"total contract value", "total value", "value of contract", "estimated contract value", "sum to be paid over the length of the contract",
		"total value of contract", "whole life value"},
	FCurrency: {"currency", "valuta"},
	FProcedure: {"procedure", "prosedyre", "anskaffelsesprosedyre", "procurement procedure", "procurement process", "procurement route",
		"procurement method", "route to market"},
	FFramework: {"framework", "rammeavtale", "is framework", "framework agreement"},
	FNotice:    {"notice", "notice ref", "notice reference", "doffin", "doffin ref", "kunngjøring", "kunngjøringsnummer", "ted", "ted ref"},
	FGreen: {"green criteria", "green", "environmental criteria", "environment", "gpp", "miljøkrav", "miljøkriterier", "miljø", "klimakrav",
		"grønne krav"},
	FSocial:     {"social criteria", "social", "social value", "sosiale krav", "sosialt", "samfunnsansvar"},
	FInnovation: {"innovation", "innovative", "innovasjon", "innovativ anskaffelse"},
	FCircular:   {"circular", "circular economy", "sirkulær", "sirkulærøkonomi", "ombruk"},
}

// layout is the fields, found by their synonyms: a register needs an id, a
// title, and a supplier's name or organisation number.
var layout = func() tabular.Layout {
	l := tabular.Layout{Hint: "name it in a mapping file"}
	for _, f := range []string{FID, FTitle, FSupplier, FOrgNumber, FCPV, FStart, FEnd, FFinal, FExtension, FMaxValue, FCurrency, FProcedure,
		FFramework, FNotice, FGreen, FSocial, FInnovation, FCircular} {
		c := tabular.Column{Field: f, Aliases: synonyms[f], Required: f == FID || f == FTitle || f == FSupplier}
		if f == FSupplier {
			c.Or = FOrgNumber
		}
		l.Columns = append(l.Columns, c)
	}
	return l
}()

// Options read a register.
type Options struct {
	Buyer   cityspend.Buyer
	Mapping map[string]string // field → header text, or "#N" for the N-th column
	// Supplier names a supplier without an organisation number: its
	// supplier id ("org:…") when it can be resolved.
	Supplier func(name string) (string, bool)
}

// Reject is a row that was not read, and why.
type Reject = cityspend.Reject

// LoadMapping reads a mapping file: lines "field = header" or "field = #N";
// '#' after a value starts a comment.
func LoadMapping(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want field = header", path, n)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if i := strings.Index(v, " #"); i >= 0 {
			v = strings.TrimSpace(v[:i])
		}
		if _, known := synonyms[k]; !known {
			return nil, fmt.Errorf("%s:%d: unknown field %q", path, n, k)
		}
		m[k] = v
	}
	return m, sc.Err()
}

// Read reads a register file. It returns the contracts and the rejected
// rows; an unreadable file or a header without the needed columns is an
// error.
func Read(path string, o Options) ([]cityspend.Contract, []cityspend.Reject, error) {
	r, err := read(path, o)
	return r.Contracts, r.Rejects, err
}

// ColumnUse is a field and the column it is read from.
type ColumnUse struct {
	Field  string `json:"field"`
	Column int    `json:"column"` // from 1
	Header string `json:"header"`
}

// Preview is what loading a register would do, for a dry run: the column
// of each field found, the headers not used, the contracts that would load
// and the rows that would be refused.
type Preview struct {
	File      string               `json:"file"`
	Line      int                  `json:"header_line"`
	Columns   []ColumnUse          `json:"columns"`
	Unused    []string             `json:"unused_headers"`
	Contracts []cityspend.Contract `json:"contracts"`
	Rejects   []cityspend.Reject   `json:"rejects"`
}

// DryRun reads a register as Read does and says how: nothing is stored.
func DryRun(path string, o Options) (Preview, error) {
	return read(path, o)
}

func read(path string, o Options) (Preview, error) {
	l := layout
	l.Mapping = o.Mapping
	p := Preview{File: filepath.Base(path)}
	t, err := tabular.OpenNamed(path, tabular.Options{}, l)
	if err != nil {
		return p, err
	}
	defer t.Close()
	p.Line = t.Header.Line
	used := map[int]bool{}
	for _, c := range l.Columns {
		if i := t.Column(c.Field); i >= 0 {
			p.Columns = append(p.Columns, ColumnUse{Field: c.Field, Column: i + 1, Header: t.Header.Fields[i]})
			used[i] = true
		}
	}
	for i, h := range t.Header.Fields {
		if !used[i] && strings.TrimSpace(h) != "" {
			p.Unused = append(p.Unused, h)
		}
	}
	seen := map[string]int{}
	for {
		rec, err := t.Next()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return Preview{File: p.File}, err
		}
		c, rej := row(rec, o, filepath.Base(path))
		if rej == nil && c != nil {
			key := strings.ToUpper(c.ID)
			if first, dup := seen[key]; dup {
				rej = &Reject{Line: rec.Line, Field: FID, Raw: rec.Raw, Reason: fmt.Sprintf("contract %s is also on line %d", c.ID, first)}
			} else {
				seen[key] = rec.Line
			}
		}
		switch {
		case rej != nil:
			p.Rejects = append(p.Rejects, *rej)
		case c != nil:
			p.Contracts = append(p.Contracts, *c)
		}
	}
}

func row(rec tabular.Row, o Options, file string) (*cityspend.Contract, *Reject) {
	if rec.Problem != "" {
		return nil, &Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}
	}
	get := rec.Get
	blank := true
	for _, v := range rec.Fields {
		if strings.TrimSpace(v) != "" {
			blank = false
		}
	}
	if blank {
		return nil, nil
	}
	bad := func(f, format string, args ...any) *Reject {
		return &Reject{Line: rec.Line, Field: f, Raw: rec.Raw, Reason: f + ": " + fmt.Sprintf(format, args...)}
	}
	c := &cityspend.Contract{BuyerID: o.Buyer.ID, ID: get(FID), Title: get(FTitle), Currency: o.Buyer.Currency, Procedure: get(FProcedure),
		NoticeRef: get(FNotice), File: file, Line: rec.Line}
	if c.ID == "" {
		return nil, bad(FID, "empty")
	}
	if c.Title == "" {
		c.Title = c.ID
	}
	if v := get(FCurrency); v != "" {
		c.Currency = strings.ToUpper(v)
		if c.Currency != o.Buyer.Currency {
			return nil, bad(FCurrency, "%s: the buyer's accounts are in %s", c.Currency, o.Buyer.Currency)
		}
	}
	names := splitList(get(FSupplier))
	orgs := splitList(get(FOrgNumber))
	for i := 0; i < max(len(names), len(orgs)); i++ {
		s := cityspend.ContractSupplier{}
		if i < len(names) {
			s.Name = names[i]
		}
		if i < len(orgs) && orgs[i] != "" {
			id, ok := cityspend.NormalizeOrgNumber(orgs[i], o.Buyer.Country)
			if !ok {
				return nil, bad(FOrgNumber, "%q is not an organisation number", orgs[i])
			}
			s.SupplierID = "org:" + id.String()
		} else if s.Name != "" && o.Supplier != nil {
			if sid, ok := o.Supplier(s.Name); ok {
				s.SupplierID = sid
			}
		}
		if s.SupplierID == "" {
			if s.Name == "" {
				continue
			}
			s.SupplierID = "name:" + cityspend.NormalizeName(s.Name)
		}
		if s.Name == "" {
			s.Name = s.SupplierID
		}
		c.Suppliers = append(c.Suppliers, s)
	}
	if len(c.Suppliers) == 0 {
		return nil, bad(FSupplier, "no supplier")
	}
	if v := get(FCPV); v != "" {
		code, err := cpv.Parse(v)
		if err != nil {
			return nil, bad(FCPV, "%v", err)
		}
		c.CPV = string(code)
	}
	date := func(f string) (time.Time, *Reject) {
		v := get(f)
		if v == "" {
			return time.Time{}, nil
		}
		t, err := ledger.ParseDateAny(v, o.Buyer.Country)
		if err != nil {
			return t, bad(f, "%v", err)
		}
		return t, nil
	}
	var rej *Reject
	if c.Start, rej = date(FStart); rej != nil {
		return nil, rej
	}
	if c.End, rej = date(FEnd); rej != nil {
		return nil, rej
	}
	if c.Final, rej = date(FFinal); rej != nil {
		return nil, rej
	}
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		return nil, bad(FEnd, "%s is before the start, %s", c.End.Format("2006-01-02"), c.Start.Format("2006-01-02"))
	}
	if v := get(FExtension); v != "" && c.Final.IsZero() {
		n, ok := extensionMonths(v)
		if !ok {
			return nil, bad(FExtension, "%q is not a number of months (write 24, \"24 months\", \"2 x 12 months\", \"2 years\" or none)", v)
		}
		if !c.End.IsZero() {
			c.Final = c.End.AddDate(0, n, 0)
		}
	}
	if !c.Final.IsZero() && !c.End.IsZero() && c.Final.Before(c.End) {
		return nil, bad(FFinal, "%s is before the end, %s", c.Final.Format("2006-01-02"), c.End.Format("2006-01-02"))
	}
	if v := get(FMaxValue); v != "" {
		a, err := amount(v)
		if err != nil {
			return nil, bad(FMaxValue, "%v", err)
		}
		if a < 0 {
			return nil, bad(FMaxValue, "%s is negative", a)
		}
		c.MaxValue, c.HasMax = a, true
	}
	for _, yn := range []struct {
		field string
		to    *bool
	}{{FFramework, &c.Framework}, {FGreen, &c.Green}, {FSocial, &c.Social}, {FInnovation, &c.Innovation}, {FCircular, &c.Circular}} {
		v, ok := yesNo(get(yn.field))
		if !ok {
			return nil, bad(yn.field, "%q: answer yes or no", get(yn.field))
		}
		*yn.to = v
	}
	// A register without a framework column often says so in its
	// procedure: "Framework call-off (ESPO 653F)", "Avrop på rammeavtale".
	if get(FFramework) == "" && !c.Framework {
		p := strings.ToLower(c.Procedure)
		c.Framework = strings.Contains(p, "framework") || strings.Contains(p, "rammeavtale")
	}
	return c, nil
}

// extensionMonths reads the months a contract may be extended by, as
// registers write them: 24, "24 months", "2 x 12 months", "1 year + 1
// year", "Option to extend for 2 years", "12 mnd", "2 år"; "none", "n/a"
// and "-" are none. Several periods add up; a number without its unit
// beside others ("2+1+1", whose first may be the term itself) is not read.
func extensionMonths(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "none", "no", "nei", "ingen", "n/a", "na", "-", "–", "nil", "0":
		return 0, true
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n <= 600
	}
	// Words and numbers apart: "2x12months" → 2, x, 12, months.
	var words []string
	var w []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(w) > 0 {
			words = append(words, string(w))
		}
		w, kind = w[:0], 0
	}
	for _, r := range s {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case unicode.IsLetter(r) || r == '×':
			k = 2
		}
		if k != kind {
			flush()
		}
		if k != 0 {
			w, kind = append(w, r), k
		}
	}
	flush()
	unit := func(w string) int {
		switch {
		case strings.HasPrefix(w, "month"), w == "mnd", w == "mths", w == "mth", w == "mo", strings.HasPrefix(w, "måned"):
			return 1
		case strings.HasPrefix(w, "year"), w == "yr", w == "yrs", w == "år":
			return 12
		}
		return 0
	}
	total, periods := 0, 0
	for i := 0; i < len(words); i++ {
		n, err := strconv.Atoi(words[i])
		if err != nil {
			continue
		}
		times := 1
		if i+2 < len(words) && (words[i+1] == "x" || words[i+1] == "×") {
			m, err := strconv.Atoi(words[i+2])
			if err != nil {
				return 0, false
			}
			times, n, i = n, m, i+2
		}
		if i+1 >= len(words) || unit(words[i+1]) == 0 {
			return 0, false // a number without its unit
		}
		total += times * n * unit(words[i+1])
		periods++
		i++
		if total > 600 {
			return 0, false
		}
	}
	return total, periods > 0
}

// yesNo reads a yes/no cell; blank is no.
func yesNo(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "nei", "n", "false", "0":
		return false, true
	case "yes", "ja", "j", "y", "true", "1", "x":
		return true, true
	}
	return false, false
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == '\n' })
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f
}

func amount(v string) (cityspend.Amount, error) {
	if a, err := cityspend.ParseSpreadsheetNumber(v); err == nil {
		return a, nil
	}
	if a, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalComma); err == nil {
		return a, nil
	}
	return cityspend.ParseWrittenAmount(v, cityspend.DecimalPoint)
}
