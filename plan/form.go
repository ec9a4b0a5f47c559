// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// FormFields are the item fields an edit form holds, with their kinds.
var FormFields = []struct{ Key, Kind string }{
	{"title", "text"}, {"need", "text"}, {"unit", "text"}, {"type", "text"}, {"cpv", "list"}, {"estimated_value", "amount"},
	{"value_basis", "text"}, {"duration_months", "int"}, {"options", "text"}, {"lots", "int"}, {"framework", "bool"},
	{"need_date", "date"}, {"market_dialogue", "date"}, {"notice", "date"}, {"award", "date"}, {"contract_start", "date"},
	{"environmental", "bool"}, {"climate_weight_pct", "int"}, {"social", "bool"}, {"innovation", "bool"}, {"circular", "bool"},
	{"sme_suitable", "bool"}, {"partners", "text"}, {"funding", "text"}, {"status", "text"}, {"owner", "text"},
}

// FormPatch turns an edit form into a change of the item: the fields whose
// value differs from it, as Patch takes them. Amounts may be written with
// the reader's decimal separator (dec: ',' or '.') and thousands
// separators; dates as yyyy-mm-dd; CPV codes separated by spaces or
// commas; a checkbox left out is false.
func FormPatch(old cityspend.PlanItem, form url.Values, dec byte) ([]byte, error) {
	current := fields(old)
	out := map[string]json.RawMessage{}
	for _, f := range FormFields {
		raw := strings.TrimSpace(form.Get(f.Key))
		if _, sent := form[f.Key]; !sent && f.Kind != "bool" {
			continue
		}
		var v any
		switch f.Kind {
		case "text":
			v = raw
		case "list":
			codes := strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
			if codes == nil {
				codes = []string{}
			}
			v = codes
		case "amount":
			if raw == "" {
				v = cityspend.Amount(0)
				break
			}
			a, err := cityspend.ParseFormAmount(raw, dec)
			if err != nil {
				return nil, cityspend.Errorf(cityspend.EINVALID, "estimated value %q is not an amount", raw)
			}
			v = a
		case "int":
			n := 0
			if raw != "" {
				var err error
				if n, err = strconv.Atoi(raw); err != nil {
					return nil, cityspend.Errorf(cityspend.EINVALID, "%s %q is not a whole number", f.Key, raw)
				}
			}
			v = n
		case "date":
			var d time.Time
			if raw != "" {
				var err error
				if d, err = time.Parse("2006-01-02", raw); err != nil {
					return nil, cityspend.Errorf(cityspend.EINVALID, "%s %q is not a date (yyyy-mm-dd)", f.Key, raw)
				}
			}
			v = d
		case "bool":
			v = raw == "on" || raw == "true" || raw == "1" || raw == "yes"
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		was, ok := current[f.Key]
		if !ok {
			// Left out of the item's JSON: it is empty.
			was, _ = json.Marshal(zeroOf(f.Kind))
		}
		if f.Kind == "list" && (string(was) == "null" || !ok) {
			was = []byte("[]")
		}
		if !bytes.Equal(enc, was) {
			out[f.Key] = enc
		}
	}
	return json.Marshal(out)
}

func zeroOf(kind string) any {
	switch kind {
	case "amount":
		return cityspend.Amount(0)
	case "int":
		return 0
	case "date":
		return time.Time{}
	case "bool":
		return false
	case "list":
		return []string{}
	}
	return ""
}
