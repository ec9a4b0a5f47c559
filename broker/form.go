// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// SplitCodes splits a list of codes (CPV, NACE, buyer ids) written with
// spaces, commas, semicolons or one a line. Any white space separates, as
// strings.TrimSpace would see it (a vertical tab or a no-break space too),
// so no part is blank.
func SplitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
}

// CPVList reads CPV codes (check digits optional, and checked when given).
func CPVList(s string) ([]string, error) {
	var out []string
	for _, f := range SplitCodes(s) {
		c, err := cpv.Parse(f)
		if err != nil {
			return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
		}
		out = append(out, string(c))
	}
	return out, nil
}

// NACEList reads NACE codes ("43.21", "4321", "43").
func NACEList(s string) ([]string, error) {
	var out []string
	for _, f := range SplitCodes(s) {
		d := strings.ReplaceAll(f, ".", "")
		if len(d) < 2 || len(d) > 5 || strings.Trim(d, "0123456789") != "" {
			return nil, cityspend.Errorf(cityspend.EINVALID, "NACE code %q: two to five digits, e.g. 43.21", f)
		}
		out = append(out, f)
	}
	return out, nil
}

func amount(raw string, dec byte) (cityspend.Amount, error) {
	if strings.TrimSpace(raw) == "" {
		return 0, nil
	}
	a, err := cityspend.ParseFormAmount(raw, dec)
	if err != nil {
		return 0, cityspend.Errorf(cityspend.EINVALID, "budget %q is not an amount", raw)
	}
	return a, nil
}

func date(field, raw string) (time.Time, error) {
	if strings.TrimSpace(raw) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(raw))
	if err != nil {
		return t, cityspend.Errorf(cityspend.EINVALID, "%s %q: write the date as yyyy-mm-dd", field, raw)
	}
	return t, nil
}

// FromForm sets a challenge's fields from a form (amounts with the reader's
// decimal separator dec; dates yyyy-mm-dd; codes separated by spaces or
// commas). Fields the form does not carry are left as they are. A
// "local_first" field is ignored: matching treats every supplier alike.
func FromForm(c *cityspend.Challenge, f url.Values, dec byte) error {
	has := func(k string) bool { _, ok := f[k]; return ok }
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	for k, dst := range map[string]*string{"title": &c.Title, "problem": &c.Problem, "outcomes": &c.Outcomes, "maturity": &c.Maturity, "status": &c.Status} {
		if has(k) {
			*dst = get(k)
		}
	}
	var err error
	if has("cpv") {
		if c.CPV, err = CPVList(get("cpv")); err != nil {
			return err
		}
	}
	if has("nace") {
		if c.NACE, err = NACEList(get("nace")); err != nil {
			return err
		}
	}
	if has("plan_items") {
		c.PlanItems = SplitCodes(get("plan_items"))
	}
	if has("budget_min") {
		if c.BudgetMin, err = amount(get("budget_min"), dec); err != nil {
			return err
		}
	}
	if has("budget_max") {
		if c.BudgetMax, err = amount(get("budget_max"), dec); err != nil {
			return err
		}
	}
	if has("deadline") {
		if c.Deadline, err = date("deadline", get("deadline")); err != nil {
			return err
		}
	}
	if has("need_by") {
		if c.NeedBy, err = date("need by", get("need_by")); err != nil {
			return err
		}
	}
	if has("partners") {
		c.Partners = nil
		for _, p := range SplitCodes(get("partners")) {
			id, role, ok := strings.Cut(p, ":")
			if !ok {
				role = cityspend.PartnerObserver
			}
			c.Partners = append(c.Partners, cityspend.Partner{BuyerID: id, Role: role})
		}
	}
	return nil
}

// ProfileFromForm sets a supplier's profile from its form.
func ProfileFromForm(c *cityspend.Capability, f url.Values) error {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	c.Description, c.References, c.Solutions = get("description"), get("references"), get("solutions")
	if n := get("name"); n != "" {
		c.Name = n
	}
	var err error
	if c.CPV, err = CPVList(get("cpv")); err != nil {
		return err
	}
	if c.NACE, err = NACEList(get("nace")); err != nil {
		return err
	}
	if m := get("municipality"); m != "" {
		if len(m) != 4 || strings.Trim(m, "0123456789") != "" {
			return cityspend.Errorf(cityspend.EINVALID, "municipality %q: the four-digit kommunenummer", m)
		}
		c.Municipality = m
	}
	switch s := get("size"); s {
	case "", cityspend.ClassMicro, cityspend.ClassSmall, cityspend.ClassMedium, cityspend.ClassLarge:
		if s != "" {
			c.Size = s
		}
	default:
		return cityspend.Errorf(cityspend.EINVALID, "size %q: micro, small, medium or large", s)
	}
	c.FollowBuyers = SplitCodes(get("follow_buyers"))
	if c.FollowCPV, err = CPVList(get("follow_cpv")); err != nil {
		return err
	}
	if c.Description == "" {
		return cityspend.Errorf(cityspend.EINVALID, "describe what your firm does: buyers are matched on it")
	}
	return nil
}
