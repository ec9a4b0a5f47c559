// SPDX-License-Identifier: EUPL-1.2

// Package regcsv reads business registers of any country from a plain CSV
// with one unit a row and these columns (header names, any order; case,
// spaces, "_" and "-" ignored; only scheme, id and name are required):
//
//	scheme        identifier scheme as org-id.guide names it: GB-COH, FI-PRO, NL-KVK, ...
//	id            the identifier within the scheme
//	name          registered name
//	postcode      postcode of the business address
//	locality      post town or locality
//	municipality  municipality or local-authority code, if the country has one
//	country       ISO 3166 two-letter code
//	nace          industry code (NACE Rev. 2, or a national code that extends it, like UK SIC 2007)
//	employees     head count, or a band such as "10-49"
//	legal_form    legal form as the register writes it
//	turnover_eur  annual turnover in euros
//	parent        the parent unit's id in the same scheme (marks a branch)
//
// docs/registers.md shows how to map UK Companies House's basic company
// data onto it.
package regcsv

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Columns are the column names the reader knows.
var Columns = []string{"scheme", "id", "name", "postcode", "locality", "municipality", "country", "nace", "employees", "legal_form", "turnover_eur", "parent"}

// Reader reads a generic register CSV. It implements cityspend.RegisterReader.
type Reader struct {
	tab *tabular.Named
}

// layout is the columns, of which scheme, id and name are required.
var layout = func() tabular.Layout {
	l := tabular.Layout{Hint: "the header needs scheme, id and name; optional: " + strings.Join(Columns[3:], ", ")}
	for i, c := range Columns {
		l.Columns = append(l.Columns, tabular.Column{Field: c, Required: i < 3})
	}
	return l
}()

// Open opens the file and checks its header.
func Open(path string) (*Reader, error) {
	t, err := tabular.OpenNamed(path, tabular.Options{}, layout)
	if err != nil {
		return nil, err
	}
	return &Reader{tab: t}, nil
}

// Close releases the file.
func (r *Reader) Close() error { return r.tab.Close() }

// ReadUnits implements cityspend.RegisterReader.
func (r *Reader) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	return tabular.Batch(ctx, r.tab, 4096, r.convert)
}

func (r *Reader) convert(rec tabular.Row) cityspend.RegisterRow {
	get := rec.Get
	reject := func(field, reason string) cityspend.RegisterRow {
		return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: field + ": " + reason}}
	}
	if rec.Problem != "" {
		return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}}
	}
	scheme, id, name := strings.ToUpper(get("scheme")), get("id"), get("name")
	switch {
	case scheme == "":
		return reject("scheme", "empty")
	case id == "":
		return reject("id", "empty")
	case name == "":
		return reject("name", "empty")
	}
	if scheme == cityspend.SchemeNOBRC && !cityspend.ValidNorwegianOrgNumber(id) {
		return reject("id", fmt.Sprintf("%q is not a valid Norwegian organisation number", id))
	}
	addr := cityspend.Address{Postcode: get("postcode"), Locality: get("locality"), Municipality: get("municipality"),
		Country: strings.ToUpper(get("country"))}
	if p := get("parent"); p != "" {
		e := &cityspend.Establishment{ID: cityspend.Identifier{Scheme: scheme, ID: id}, Parent: cityspend.Identifier{Scheme: scheme, ID: p},
			Name: name, Address: addr, NACE: get("nace")}
		if v := get("employees"); v != "" {
			if n, err := strconv.Atoi(v); err == nil {
				e.Employees, e.EmployeesKnown = n, true
			}
		}
		return cityspend.RegisterRow{Establishment: e}
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: scheme, ID: id}, Name: name, LegalForm: get("legal_form"),
		Address: addr, Source: "csv"}
	if n := get("nace"); n != "" {
		o.NACE = []string{n}
	}
	if v := get("employees"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			o.Employees, o.EmployeesKnown = n, true
		} else if v[0] >= '0' && v[0] <= '9' {
			o.EmployeeBand = v
		} else {
			return reject("employees", fmt.Sprintf("%q is neither a head count nor a band such as 10-49", v))
		}
	}
	if v := get("turnover_eur"); v != "" {
		a, err := cityspend.ParseAmount(strings.ReplaceAll(strings.ReplaceAll(v, ",", ""), " ", ""))
		if err != nil || a < 0 {
			return reject("turnover_eur", fmt.Sprintf("%q is not an amount in euros", v))
		}
		o.TurnoverEUR = a
	}
	return cityspend.RegisterRow{Organisation: o}
}
