// SPDX-License-Identifier: EUPL-1.2

package alerts

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Limits of an alert.
const (
	maxValues = 50  // codes, buyers or places
	maxLen    = 100 // letters in a place or buyer id
)

// places splits a list of places (names may hold spaces): one a line or
// comma-separated.
func places(s string) []string {
	var out []string
	for f := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// FromForm reads an alert from the supplier page's form: cpv (codes or
// prefixes of 2 to 8 digits), buyers (ids), places (municipality codes or
// names, one a line or comma-separated), min_value and max_value (whole
// amounts, in the reader's decimal separator dec). An empty form is an
// alert without interests (it sends nothing).
func FromForm(f url.Values, dec byte) (cityspend.Alert, error) {
	var a cityspend.Alert
	for _, c := range broker.SplitCodes(f.Get("cpv")) {
		digits := strings.ReplaceAll(c, "-", "")
		switch {
		case len(digits) >= 8:
			code, err := cpv.Parse(c)
			if err != nil {
				return a, cityspend.Errorf(cityspend.EINVALID, "%v", err)
			}
			a.CPV = append(a.CPV, string(code))
		case len(digits) >= 2 && strings.Trim(digits, "0123456789") == "":
			a.CPV = append(a.CPV, digits)
		default:
			return a, cityspend.Errorf(cityspend.EINVALID, "CPV %q: a code, or the first 2 to 7 digits of one", c)
		}
	}
	a.Buyers = broker.SplitCodes(f.Get("buyers"))
	a.Places = places(f.Get("places"))
	for _, l := range [][]string{a.CPV, a.Buyers, a.Places} {
		if len(l) > maxValues {
			return a, cityspend.Errorf(cityspend.EINVALID, "at most %d values a field", maxValues)
		}
		for _, v := range l {
			if len(v) > maxLen {
				return a, cityspend.Errorf(cityspend.EINVALID, "%q: at most %d letters", v, maxLen)
			}
		}
	}
	for _, v := range []struct {
		name string
		to   *cityspend.Amount
	}{{"min_value", &a.MinValue}, {"max_value", &a.MaxValue}} {
		s := strings.TrimSpace(f.Get(v.name))
		if s == "" {
			continue
		}
		n, err := cityspend.ParseFormAmount(s, dec)
		if err != nil || n < 0 {
			return a, cityspend.Errorf(cityspend.EINVALID, "value %q: an amount, such as 500 000", s)
		}
		*v.to = n
	}
	if a.MaxValue > 0 && a.MinValue > a.MaxValue {
		return a, cityspend.Errorf(cityspend.EINVALID, "the smallest value is above the largest")
	}
	return a, nil
}

// Save stores a supplier's user's alert from the form (amounts in the
// reader's decimal separator dec), in the page's language; saving turns a
// stopped alert on again.
func Save(ctx context.Context, st Store, u cityspend.User, f url.Values, lang string, dec byte, now time.Time) (cityspend.Alert, error) {
	if u.SupplierID == "" {
		return cityspend.Alert{}, cityspend.Errorf(cityspend.EFORBIDDEN, "alerts are for suppliers' users")
	}
	a, err := FromForm(f, dec)
	if err != nil {
		return a, err
	}
	a.UserID, a.Lang, a.UpdatedAt = u.ID, lang, now
	return a, st.PutAlert(ctx, a)
}

// Of reads a user's alert (the zero alert, in lang, when none is saved).
func Of(ctx context.Context, st Store, u cityspend.User, lang string) (cityspend.Alert, error) {
	a, err := st.Alert(ctx, u.ID)
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		return cityspend.Alert{UserID: u.ID, Lang: lang}, nil
	}
	return a, err
}
