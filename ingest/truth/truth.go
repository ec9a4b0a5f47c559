// SPDX-License-Identifier: EUPL-1.2

// Package truth reads labelled sets, the truth files that measure the
// classifier and name resolution (the generator writes one beside each
// ledger): CSV or XLSX with a header.
package truth

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata/cpv"
)

var linesLayout = tabular.Layout{Columns: []tabular.Column{
	{Field: "cpv", Required: true}, {Field: "description"},
	{Field: "name"}, {Field: "org_number"}, {Field: "account"}, {Field: "account_text"}, {Field: "unit"}, {Field: "amount"},
}, Hint: "a truth file of lines needs cpv and a text (description, account_text or name)"}

// ReadLines reads labelled lines: the column cpv (8 digits, check digit
// optional) and a text, optionally description, name, org_number, account,
// account_text (the account's name or the ledger's expenditure category),
// unit (the service area or cost centre) and amount; a file with none of
// description, account_text and name is refused. Rows with an empty cpv are skipped (lines that are not
// purchases); a malformed cpv or amount stops the read with its line and
// field.
func ReadLines(path string) ([]cityspend.TruthLine, error) {
	t, err := tabular.OpenNamed(path, tabular.Options{}, linesLayout)
	if err != nil {
		return nil, err
	}
	if !t.Has("description") && !t.Has("account_text") && !t.Has("name") {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: %s", path, linesLayout.Hint)
	}
	hasAmount := t.Has("amount")
	var out []cityspend.TruthLine
	err = t.Each(func(rec tabular.Row) error {
		if err := rec.ProblemError(); err != nil {
			return err
		}
		raw := rec.Get("cpv")
		if raw == "" {
			return nil
		}
		code, err := cpv.Parse(raw)
		if err != nil {
			return rec.Errorf("cpv", "%w", err)
		}
		r := cityspend.TruthLine{Line: rec.Line, Description: rec.Get("description"), CPV: string(code), Name: rec.Get("name"),
			OrgNumber: rec.Get("org_number"), Account: rec.Get("account"), AccountText: rec.Get("account_text"), Unit: rec.Get("unit"),
			HasAmount: hasAmount}
		if hasAmount && rec.Get("amount") != "" {
			a, err := cityspend.ParseWrittenAmount(rec.Get("amount"), cityspend.DecimalPoint)
			if err != nil {
				return rec.Errorf("amount", "%w", err)
			}
			r.Amount = a
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var namesLayout = tabular.Layout{Columns: []tabular.Column{
	{Field: "name", Required: true}, {Field: "org_number", Required: true}, {Field: "postcode"}, {Field: "municipality"},
	{Field: "town"}, {Field: "text"}, {Field: "country"}, {Field: "buyer_municipality"}, {Field: "kind"},
}, Hint: "a truth file of names needs name and org_number"}

// ReadNames reads labelled names: the columns name and org_number,
// optionally postcode, municipality (the payee's), town, text (other text
// of the line, such as its description), country (of numbers written
// without a prefix), buyer_municipality and kind (of case, for figures by
// kind); other columns are ignored.
// Rows repeating the same name, organisation and hints count once.
func ReadNames(path string) ([]cityspend.TruthName, error) {
	t, err := tabular.OpenNamed(path, tabular.Options{}, namesLayout)
	if err != nil {
		return nil, err
	}
	seen := map[cityspend.TruthName]bool{}
	var out []cityspend.TruthName
	err = t.Each(func(rec tabular.Row) error {
		if err := rec.ProblemError(); err != nil {
			return err
		}
		n := cityspend.TruthName{Name: rec.Get("name"), OrgNumber: rec.Get("org_number"), Postcode: rec.Get("postcode"),
			Municipality: rec.Get("municipality"), Town: rec.Get("town"), Text: rec.Get("text"), Country: rec.Get("country"),
			Home: rec.Get("buyer_municipality"), Kind: rec.Get("kind")}
		if n.Name == "" || n.OrgNumber == "" || seen[n] {
			return nil
		}
		seen[n] = true
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
