// SPDX-License-Identifier: EUPL-1.2

// Package charity reads the UK's registers of charities: the Charity
// Commission for England and Wales's register extract (its "charity"
// table, publicextract.charity, as the tab-separated text or the JSON the
// full register download offers, plain or in its zip archive), the
// Scottish Charity Regulator's (OSCR) charity register download, and the
// Charity Commission for Northern Ireland's (CCNI) register export (CSV).
// Which one a file is shows from its content.
//
// Every charity is in the social economy. A charity that is also a company
// names its company number, which links it to the company at Companies
// House. Linked charities (CCEW) and subsidiary charities (CCNI) are
// branches of their main charity.
package charity

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/register/companieshouse"
)

// The registers' identifier schemes, as org-id.guide names them.
const (
	SchemeCCEW = "GB-CHC" // Charity Commission for England and Wales
	SchemeOSCR = "GB-SC"  // Office of the Scottish Charity Regulator
	SchemeCCNI = "GB-NIC" // Charity Commission for Northern Ireland
)

// CCEWColumns are the columns of the extract's charity table the reader
// uses (the table has 34; see the Commission's data definition).
var CCEWColumns = []string{"organisation_number", "registered_charity_number", "linked_charity_number", "charity_name", "charity_type",
	"charity_registration_status", "date_of_registration", "date_of_removal", "charity_contact_address1", "charity_contact_address2",
	"charity_contact_address3", "charity_contact_address4", "charity_contact_address5", "charity_contact_postcode",
	"charity_company_registration_number", "charity_insolvent", "charity_in_administration", "charity_is_cio", "cio_is_dissolved"}

// OSCRColumns are the OSCR register download's columns the reader uses.
var OSCRColumns = []string{"Charity Number", "Charity Name", "Registered Date", "Charity Status", "Postcode", "Constitutional Form",
	"Principal Office/Trustees Address", "Ceased Date"}

// CCNIColumns are the CCNI export's columns the reader uses.
var CCNIColumns = []string{"Reg charity number", "Sub charity number", "Charity name", "Date registered", "Status", "Public address",
	"Company number"}

func layout(cols []string, required int, hint string) tabular.Layout {
	l := tabular.Layout{Hint: hint}
	for i, c := range cols {
		l.Columns = append(l.Columns, tabular.Column{Field: c, Required: i < required})
	}
	return l
}

var (
	ccewLayout = layout(CCEWColumns[1:], 3, "the Charity Commission's extract needs registered_charity_number, linked_charity_number and charity_name")
	oscrLayout = layout(OSCRColumns, 2, "OSCR's register needs Charity Number and Charity Name")
	ccniLayout = layout(CCNIColumns, 3, "CCNI's register needs Reg charity number, Sub charity number and Charity name")
)

// Reader reads a charity register file. It implements
// cityspend.RegisterReader.
type Reader struct {
	src  *tabular.Source
	tab  *tabular.Named
	dec  *json.Decoder
	n    int // JSON elements read, for messages
	conv func(get func(string) string, line int, raw string) cityspend.RegisterRow
	// Register is "ccew", "oscr" or "ccni"; Format "json", "text" or "csv"
	// (with " in zip" or " in gzip").
	Register, Format string
}

// Open opens a file and recognises the register and format.
func Open(path string) (*Reader, error) {
	src, err := tabular.OpenSource(path, ".json", ".txt", ".csv")
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(src, 1<<16)
	first, err := tabular.FirstByte(br)
	if err != nil {
		src.Close()
		return nil, fmt.Errorf("%s: %w", src.Name, err)
	}
	suffix := ""
	if src.Compression != "" {
		suffix = " in " + src.Compression
	}
	if first == '[' {
		dec := json.NewDecoder(br)
		dec.UseNumber()
		if _, err := dec.Token(); err != nil {
			src.Close()
			return nil, fmt.Errorf("%s: not a JSON array of charities: %w", src.Name, err)
		}
		return &Reader{src: src, dec: dec, conv: ccew, Register: "ccew", Format: "json" + suffix}, nil
	}
	src.Close()
	// Text: read the header to tell the registers apart, then open again
	// to read by name.
	if src, err = tabular.OpenSource(path, ".json", ".txt", ".csv"); err != nil {
		return nil, err
	}
	t, err := src.CSV(tabular.Options{})
	if err != nil {
		return nil, err
	}
	head, _, err := t.Next(nil)
	t.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: no header row: %w", src.Name, err)
	}
	r := &Reader{Format: "csv" + suffix}
	l := tabular.Layout{}
	for _, h := range head.Fields {
		switch tabular.NormHeader(h) {
		case "registeredcharitynumber":
			r.Register, r.conv, l, r.Format = "ccew", ccew, ccewLayout, "text"+suffix
		case "charitynumber":
			if r.Register == "" {
				r.Register, r.conv, l = "oscr", oscr, oscrLayout
			}
		case "regcharitynumber":
			r.Register, r.conv, l = "ccni", ccni, ccniLayout
		}
	}
	if r.conv == nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: not a charity register: the header (%s) has neither the Charity Commission's "+
			"registered_charity_number, OSCR's Charity Number nor CCNI's Reg charity number", src.Name, strings.Join(head.Fields, ", "))
	}
	if src, err = tabular.OpenSource(path, ".json", ".txt", ".csv"); err != nil {
		return nil, err
	}
	if r.tab, err = src.Named(tabular.Options{}, l); err != nil {
		return nil, err
	}
	r.src = src
	return r, nil
}

// Close releases the file.
func (r *Reader) Close() error {
	if r.tab != nil {
		return r.tab.Close()
	}
	return r.src.Close()
}

// Progress returns the bytes read and the file's size.
func (r *Reader) Progress() (done, total int64) { return r.src.Progress() }

// ReadUnits implements cityspend.RegisterReader.
func (r *Reader) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []cityspend.RegisterRow
	for len(out) < 4096 {
		if r.dec != nil {
			if !r.dec.More() {
				break
			}
			r.n++
			var m map[string]any
			if err := r.dec.Decode(&m); err != nil {
				return out, fmt.Errorf("charity %d: not valid JSON: %w", r.n, err)
			}
			get, bad := jsonFields(m)
			if bad != "" {
				out = append(out, cityspend.RegisterRow{Reject: &cityspend.Reject{Line: r.n, Field: bad, Reason: bad + ": not a text, number or true/false"}})
				continue
			}
			out = append(out, r.conv(get, r.n, ""))
			continue
		}
		rec, err := r.tab.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		if rec.Problem != "" {
			out = append(out, cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}})
			continue
		}
		out = append(out, r.conv(rec.Get, rec.Line, rec.Raw))
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// jsonFields gives a JSON charity's fields as text: numbers as written,
// true and false, null as empty. A field of another type is named in bad.
func jsonFields(m map[string]any) (get func(string) string, bad string) {
	for k, v := range m {
		switch v.(type) {
		case nil, string, json.Number, bool:
		default:
			return nil, k
		}
	}
	return func(k string) string {
		switch v := m[k].(type) {
		case string:
			return strings.TrimSpace(v)
		case json.Number:
			return v.String()
		case bool:
			if v {
				return "true"
			}
			return "false"
		}
		return ""
	}, ""
}

type rowError struct{ field, reason string }

func (e *rowError) Error() string { return e.field + ": " + e.reason }

func rejectRow(line int, raw string, err error) cityspend.RegisterRow {
	var re *rowError
	field := ""
	if errors.As(err, &re) {
		field = re.field
	}
	return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: line, Field: field, Raw: raw, Reason: err.Error()}}
}

// The registers' dates: ISO with or without a time (CCEW), dd/mm/yyyy
// with or without a time (OSCR, CCNI).
var (
	isoDates = []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}
	ukDates  = []string{"02/01/2006 15:04", "02/01/2006 15:04:05", "02/01/2006"}
)

func date(field, s string, layouts []string) (time.Time, error) {
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	want := "yyyy-mm-dd"
	if layouts[0] == ukDates[0] {
		want = "dd/mm/yyyy"
	}
	return time.Time{}, &rowError{field, fmt.Sprintf("%q is not a date (%s)", s, want)}
}

func boolean(field, s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no", "", "null":
		return false, nil
	}
	return false, &rowError{field, fmt.Sprintf("%q is neither True nor False", s)}
}

func number(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &rowError{field, "empty"}
	}
	if strings.Trim(s, "0123456789") != "" {
		return "", &rowError{field, fmt.Sprintf("%q is not a number", s)}
	}
	return strings.TrimLeft(s, "0"), nil
}

// companyNumber reads the company number a charity register gives, in the
// form Companies House writes it: digits that lost their zeros are padded
// back; Northern Irish numbers keep their NI or R prefix.
func companyNumber(field, s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if s == "" || s == "0" || s == "N/A" || s == "NONE" {
		return "", nil
	}
	n, ok := companieshouse.CompanyNumber(s)
	if !ok && strings.HasPrefix(s, "NI") && len(s) < 8 && strings.Trim(s[2:], "0123456789") == "" {
		n, ok = "NI"+strings.Repeat("0", 8-len(s))+s[2:], true
	}
	if !ok {
		return "", &rowError{field, fmt.Sprintf("%q is not a Companies House number", s)}
	}
	return n, nil
}

// ccew reads a row of the Charity Commission's extract.
func ccew(get func(string) string, line int, raw string) cityspend.RegisterRow {
	row, err := ccewRow(get)
	if err != nil {
		return rejectRow(line, raw, err)
	}
	return row
}

func ccewRow(get func(string) string) (cityspend.RegisterRow, error) {
	reg, err := number("registered_charity_number", get("registered_charity_number"))
	if err != nil {
		return cityspend.RegisterRow{}, err
	}
	if reg == "" {
		return cityspend.RegisterRow{}, &rowError{"registered_charity_number", "0 is not a charity number"}
	}
	linked := "0"
	if v := get("linked_charity_number"); v != "" {
		if linked, err = number("linked_charity_number", v); err != nil {
			return cityspend.RegisterRow{}, err
		}
		if linked == "" {
			linked = "0"
		}
	}
	name := get("charity_name")
	if name == "" {
		return cityspend.RegisterRow{}, &rowError{"charity_name", "empty"}
	}
	var addr cityspend.Address
	for i := 1; i <= 5; i++ {
		if v := get(fmt.Sprintf("charity_contact_address%d", i)); v != "" {
			addr.Lines = append(addr.Lines, v)
		}
	}
	addr.Postcode = get("charity_contact_postcode")
	if addr.Postcode != "" || len(addr.Lines) > 0 {
		addr.Country = "GB"
	}
	if linked != "0" {
		// A linked charity: a branch of its main charity.
		return cityspend.RegisterRow{Establishment: &cityspend.Establishment{ID: cityspend.Identifier{Scheme: SchemeCCEW, ID: reg + "-" + linked},
			Parent: cityspend.Identifier{Scheme: SchemeCCEW, ID: reg}, Name: name, Address: addr}}, nil
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: SchemeCCEW, ID: reg}, Name: name, LegalForm: get("charity_type"),
		Status: get("charity_registration_status"), Address: addr, Source: "charities",
		SocialEconomy: "registered charity (Charity Commission for England and Wales)"}
	if v := get("date_of_removal"); v != "" {
		if o.Dissolved, err = date("date_of_removal", v, isoDates); err != nil {
			return cityspend.RegisterRow{}, err
		}
	}
	if v := get("date_of_registration"); v != "" {
		if _, err := date("date_of_registration", v, isoDates); err != nil {
			return cityspend.RegisterRow{}, err
		}
	}
	if o.CompanyNumber, err = companyNumber("charity_company_registration_number", get("charity_company_registration_number")); err != nil {
		return cityspend.RegisterRow{}, err
	}
	flags := map[string]bool{}
	for _, f := range []string{"charity_insolvent", "charity_in_administration", "charity_is_cio", "cio_is_dissolved"} {
		if flags[f], err = boolean(f, get(f)); err != nil {
			return cityspend.RegisterRow{}, err
		}
	}
	o.Bankrupt = flags["charity_insolvent"] || flags["charity_in_administration"]
	o.Liquidation = flags["cio_is_dissolved"]
	if o.LegalForm == "" && flags["charity_is_cio"] {
		o.LegalForm = "CIO"
	}
	return cityspend.RegisterRow{Organisation: o}, nil
}

var oscrNumber = regexp.MustCompile(`^SC[0-9]{6}$`)

// oscr reads a row of OSCR's register.
func oscr(get func(string) string, line int, raw string) cityspend.RegisterRow {
	reject := func(field, reason string) cityspend.RegisterRow {
		return rejectRow(line, raw, &rowError{field, reason})
	}
	number := strings.ToUpper(strings.ReplaceAll(get("Charity Number"), " ", ""))
	if !oscrNumber.MatchString(number) {
		return reject("Charity Number", fmt.Sprintf("%q is not a Scottish charity number (SC and six digits)", get("Charity Number")))
	}
	name := get("Charity Name")
	if name == "" {
		return reject("Charity Name", "empty")
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: SchemeOSCR, ID: number}, Name: name, LegalForm: get("Constitutional Form"),
		Status: get("Charity Status"), Source: "charities", SocialEconomy: "registered charity (Scottish Charity Regulator)"}
	if a := get("Principal Office/Trustees Address"); a != "" {
		o.Address.Lines = splitAddress(a)
	}
	o.Address.Postcode = get("Postcode")
	if o.Address.Postcode != "" || len(o.Address.Lines) > 0 {
		o.Address.Country = "GB"
	}
	for _, c := range []string{"Registered Date", "Ceased Date"} {
		if v := get(c); v != "" {
			t, err := date(c, v, ukDates)
			if err != nil {
				return rejectRow(line, raw, err)
			}
			if c == "Ceased Date" {
				o.Dissolved = t
			}
		}
	}
	return cityspend.RegisterRow{Organisation: o}
}

var ukPostcode = regexp.MustCompile(`(?i)^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

func splitAddress(a string) []string {
	var out []string
	for _, p := range strings.Split(a, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ccni reads a row of CCNI's register.
func ccni(get func(string) string, line int, raw string) cityspend.RegisterRow {
	reg, err := number("Reg charity number", get("Reg charity number"))
	if err == nil && reg == "" {
		err = &rowError{"Reg charity number", "0 is not a charity number"}
	}
	if err != nil {
		return rejectRow(line, raw, err)
	}
	sub := "0"
	if v := get("Sub charity number"); v != "" {
		if sub, err = number("Sub charity number", v); err != nil {
			return rejectRow(line, raw, err)
		}
		if sub == "" {
			sub = "0"
		}
	}
	name := get("Charity name")
	if name == "" {
		return rejectRow(line, raw, &rowError{"Charity name", "empty"})
	}
	var addr cityspend.Address
	if a := get("Public address"); a != "" {
		addr.Lines, addr.Country = splitAddress(a), "GB"
		if n := len(addr.Lines); n > 0 && ukPostcode.MatchString(addr.Lines[n-1]) {
			addr.Postcode, addr.Lines = strings.ToUpper(addr.Lines[n-1]), addr.Lines[:n-1]
		}
	}
	if sub != "0" {
		return cityspend.RegisterRow{Establishment: &cityspend.Establishment{ID: cityspend.Identifier{Scheme: SchemeCCNI, ID: reg + "-" + sub},
			Parent: cityspend.Identifier{Scheme: SchemeCCNI, ID: reg}, Name: name, Address: addr}}
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: SchemeCCNI, ID: reg}, Name: name, Status: get("Status"), Address: addr,
		Source: "charities", SocialEconomy: "registered charity (Charity Commission for Northern Ireland)"}
	if v := get("Date registered"); v != "" {
		if _, err := date("Date registered", v, ukDates); err != nil {
			return rejectRow(line, raw, err)
		}
	}
	if o.CompanyNumber, err = companyNumber("Company number", get("Company number")); err != nil {
		return rejectRow(line, raw, err)
	}
	return cityspend.RegisterRow{Organisation: o}
}
