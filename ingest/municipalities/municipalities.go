// SPDX-License-Identifier: EUPL-1.2

// Package municipalities reads a list of municipality codes with their
// history (CSV or XLSX: country, code, name, valid_from, valid_to,
// successor), which adds to the codes refdata ships.
package municipalities

import (
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

var layout = tabular.Layout{Columns: []tabular.Column{
	{Field: "country", Required: true}, {Field: "code", Required: true}, {Field: "name", Required: true},
	{Field: "valid_from"}, {Field: "valid_to"}, {Field: "successor"},
}, Hint: "the file needs country, code and name; optional: valid_from, valid_to, successor"}

// Read reads the file; the first bad row stops it with its line and field.
func Read(path string) ([]cityspend.MunicipalityCode, error) {
	t, err := tabular.OpenNamed(path, tabular.Options{}, layout)
	if err != nil {
		return nil, err
	}
	var out []cityspend.MunicipalityCode
	err = t.Each(func(rec tabular.Row) error {
		if err := rec.ProblemError(); err != nil {
			return err
		}
		m := cityspend.MunicipalityCode{Country: strings.ToUpper(rec.Get("country")), Code: rec.Get("code"), Name: rec.Get("name"),
			Successor: rec.Get("successor")}
		for _, d := range []struct {
			col string
			dst *time.Time
		}{{"valid_from", &m.ValidFrom}, {"valid_to", &m.ValidTo}} {
			if v := rec.Get(d.col); v != "" {
				t, err := time.Parse("2006-01-02", v)
				if err != nil {
					return rec.Errorf(d.col, "%q is not a date (yyyy-mm-dd)", v)
				}
				*d.dst = t
			}
		}
		switch {
		case m.Country == "":
			return rec.Errorf("country", "empty (country and code are required)")
		case m.Code == "":
			return rec.Errorf("code", "empty (country and code are required)")
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
