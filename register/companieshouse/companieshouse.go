// SPDX-License-Identifier: EUPL-1.2

// Package companieshouse reads Companies House's "Free Company Data
// Product" (BasicCompanyData): the UK register of companies as one CSV, or
// as several part files, plain or in the zip archives the product is
// downloaded as. The header is the product's own, with the leading spaces
// some of its names have (" CompanyNumber"); columns are found by name.
//
// Each row is a company: its number (GB-COH), name, registered office,
// category (the legal form: community interest companies, charitable
// incorporated organisations and registered societies are social-economy
// forms), status and dissolution date, incorporation date, the accounts
// category it files (its size class under UK company law) and up to four
// SIC 2007 codes ("43220 - Electrical installation"), which map to NACE
// Rev. 2 classes.
package companieshouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata"
)

// Columns are the product's columns the reader uses; the others are
// ignored (accounts and returns dates, mortgages, previous names, the URI).
var Columns = []string{"CompanyName", "CompanyNumber", "RegAddress.CareOf", "RegAddress.POBox", "RegAddress.AddressLine1",
	"RegAddress.AddressLine2", "RegAddress.PostTown", "RegAddress.County", "RegAddress.Country", "RegAddress.PostCode",
	"CompanyCategory", "CompanyStatus", "DissolutionDate", "IncorporationDate", "Accounts.AccountCategory",
	"SICCode.SicText_1", "SICCode.SicText_2", "SICCode.SicText_3", "SICCode.SicText_4"}

// required are the columns every edition of the product has.
var required = map[string]bool{"CompanyName": true, "CompanyNumber": true, "RegAddress.PostCode": true, "CompanyCategory": true,
	"CompanyStatus": true}

var layout = func() tabular.Layout {
	l := tabular.Layout{Hint: "this is not Companies House's BasicCompanyData CSV (Free Company Data Product)"}
	for _, c := range Columns {
		l.Columns = append(l.Columns, tabular.Column{Field: c, Required: required[c]})
	}
	return l
}()

// SocialCategories are the company categories of the social economy, with
// what they are. The product's categories are listed in its documentation
// ("Charitable Incorporated Organisation", "Community Interest Company",
// "Industrial and Provident Society", "Registered Society", "Scottish
// Charitable Incorporated Organisation", …).
var SocialCategories = map[string]string{
	"community interest company":                    "community interest company",
	"charitable incorporated organisation":          "charitable incorporated organisation",
	"scottish charitable incorporated organisation": "Scottish charitable incorporated organisation",
	"registered society":                            "registered society (co-operative or community benefit society)",
	"industrial and provident society":              "industrial and provident society (co-operative or community benefit society)",
}

// ukCountries are the names the registered office's country takes in the
// UK.
var ukCountries = map[string]bool{"": true, "ENGLAND": true, "WALES": true, "SCOTLAND": true, "NORTHERN IRELAND": true,
	"UNITED KINGDOM": true, "ENGLAND AND WALES": true, "GREAT BRITAIN": true, "UK": true, "GB": true}

// Reader reads one file of the product. It implements cityspend.RegisterReader.
type Reader struct {
	src *tabular.Source
	tab *tabular.Named
	// Format describes the file ("csv", "csv in zip").
	Format string
}

// Open opens a file (CSV, gzipped CSV, or a zip archive of one) and checks
// its header.
func Open(path string) (*Reader, error) {
	src, err := tabular.OpenSource(path, ".csv")
	if err != nil {
		return nil, err
	}
	t, err := src.Named(tabular.Options{}, layout)
	if err != nil {
		return nil, err
	}
	format := "csv"
	if src.Compression != "" {
		format = "csv in " + src.Compression
	}
	return &Reader{src: src, tab: t, Format: format}, nil
}

// Close releases the file.
func (r *Reader) Close() error { return r.tab.Close() }

// Progress returns the bytes read and the file's size.
func (r *Reader) Progress() (done, total int64) { return r.src.Progress() }

// ReadUnits implements cityspend.RegisterReader.
func (r *Reader) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	return tabular.Batch(ctx, r.tab, 4096, convert)
}

func convert(rec tabular.Row) cityspend.RegisterRow {
	reject := func(field, reason string) cityspend.RegisterRow {
		return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: field + ": " + reason}}
	}
	if rec.Problem != "" {
		return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}}
	}
	get := rec.Get
	number, ok := CompanyNumber(get("CompanyNumber"))
	if !ok {
		return reject("CompanyNumber", fmt.Sprintf("%q is not a Companies House number (eight letters and digits, such as 08209948 or SC123456)",
			get("CompanyNumber")))
	}
	name := get("CompanyName")
	if name == "" {
		return reject("CompanyName", "empty")
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: number}, Name: name,
		LegalForm: get("CompanyCategory"), Status: get("CompanyStatus"), SizeCategory: strings.ToUpper(get("Accounts.AccountCategory")),
		Source: "companies-house"}
	for _, c := range []string{"RegAddress.CareOf", "RegAddress.POBox", "RegAddress.AddressLine1", "RegAddress.AddressLine2"} {
		if v := get(c); v != "" {
			o.Address.Lines = append(o.Address.Lines, v)
		}
	}
	o.Address.Postcode, o.Address.Locality = get("RegAddress.PostCode"), get("RegAddress.PostTown")
	if v := get("RegAddress.County"); v != "" {
		o.Address.Lines = append(o.Address.Lines, v)
	}
	if country := strings.ToUpper(get("RegAddress.Country")); ukCountries[country] {
		o.Address.Country = "GB"
	} else {
		// A registered office abroad (overseas entities): the country is
		// kept as written; the place stays unknown unless a person says.
		o.Address.Lines = append(o.Address.Lines, get("RegAddress.Country"))
	}
	if why, ok := SocialCategories[strings.ToLower(o.LegalForm)]; ok {
		o.SocialEconomy = why
	}
	status := strings.ToLower(o.Status)
	o.Liquidation = strings.Contains(status, "liquidation")
	o.Bankrupt = strings.Contains(status, "administration") || strings.Contains(status, "receiver")
	for _, d := range []struct {
		col string
		dst *time.Time
	}{{"DissolutionDate", &o.Dissolved}, {"IncorporationDate", &o.Founded}} {
		v := get(d.col)
		if v == "" {
			continue
		}
		t, err := time.Parse("02/01/2006", v)
		if err != nil {
			return reject(d.col, fmt.Sprintf("%q is not a date (dd/mm/yyyy)", v))
		}
		*d.dst = t
	}
	for i := 1; i <= 4; i++ {
		col := "SICCode.SicText_" + strconv.Itoa(i)
		v := get(col)
		if v == "" || strings.EqualFold(v, "None Supplied") {
			continue
		}
		code, _, _ := strings.Cut(v, " - ")
		code = strings.TrimSpace(code)
		if len(code) != 5 || strings.Trim(code, "0123456789") != "" {
			return reject(col, fmt.Sprintf("%q is not a SIC 2007 code with its text (\"43220 - Electrical installation\")", v))
		}
		o.IndustryCodes = append(o.IndustryCodes, code)
		if n := refdata.NACEFromUKSIC(code); n != "" && !contains(o.NACE, n) {
			o.NACE = append(o.NACE, n)
		}
	}
	if len(o.IndustryCodes) > 0 {
		o.IndustryScheme = refdata.SchemeUKSIC2007
	}
	return cityspend.RegisterRow{Organisation: o}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// CompanyNumber normalises a Companies House number: eight letters and
// digits, upper case; numbers of digits only that lost their leading zeros
// (in a spreadsheet) are padded back. ok is false for anything else.
func CompanyNumber(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if s == "" || len(s) > 8 {
		return "", false
	}
	allDigits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			allDigits = false
		default:
			return "", false
		}
	}
	if allDigits {
		return strings.Repeat("0", 8-len(s)) + s, true
	}
	if len(s) != 8 {
		return "", false
	}
	return s, true
}
