// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// DefaultScopeRules are a country's default procurement scope. Norway
// (KOSTRA): art 100–285 and 300–380 except 290, in the operating (1) and
// investment (3) classes, count; pay, transfers, finance, income, internal
// purchases and balance-sheet accounts do not. Other countries: every
// account counts until the buyer adds rules. Accounts outside the chart
// (e-invoices carry free-form accounting strings) count unless a rule
// excludes them.
func DefaultScopeRules(country string) []cityspend.ScopeRule {
	if country != "NO" {
		return nil
	}
	return []cityspend.ScopeRule{
		{Action: "exclude", Pattern: "kostra:290", Reason: "internal purchases (art 290)"},
		{Action: "include", Pattern: "kostra:100-285", Reason: "purchases of goods and services (art 100–285)"},
		{Action: "include", Pattern: "kostra:300-380", Reason: "services bought instead of own production (art 300–380)"},
		{Action: "exclude", Pattern: "kostra:000-099", Reason: "pay and social costs (art 0xx)"},
		{Action: "exclude", Pattern: "kostra:400-499", Reason: "transfers, VAT and grants (art 4xx)"},
		{Action: "exclude", Pattern: "kostra:500-599", Reason: "finance (art 5xx)"},
		{Action: "exclude", Pattern: "kostra:600-999", Reason: "income (art 6xx–9xx)"},
		{Action: "exclude", Pattern: "kostra:286-299", Reason: "not a procurement art (286–299)"},
		{Action: "exclude", Pattern: "kostra:381-399", Reason: "not a procurement art (381–399)"},
		{Action: "exclude", Pattern: "kostra-other", Reason: "neither an operating (1xxx) nor an investment (3xxx) account"},
	}
}

// ValidateScopeRule checks a rule's action and pattern.
func ValidateScopeRule(r cityspend.ScopeRule) error {
	if r.Action != "include" && r.Action != "exclude" {
		return cityspend.Errorf(cityspend.EINVALID, "scope rule action %q: use include or exclude", r.Action)
	}
	if strings.TrimSpace(r.Reason) == "" {
		return cityspend.Errorf(cityspend.EINVALID, "scope rule %q needs a reason", r.Pattern)
	}
	kind, arg, _ := strings.Cut(r.Pattern, ":")
	switch kind {
	case "kostra":
		if _, _, ok := artRange(arg); !ok {
			return cityspend.Errorf(cityspend.EINVALID, "scope rule %q: kostra takes an art (290) or a range (100-285)", r.Pattern)
		}
	case "prefix", "code", "text":
		if arg == "" {
			return cityspend.Errorf(cityspend.EINVALID, "scope rule %q: %s needs a value", r.Pattern, kind)
		}
	case "kostra-other", "*", "empty":
	default:
		return cityspend.Errorf(cityspend.EINVALID, "scope rule %q: patterns are kostra:ART, kostra:FROM-TO, kostra-other, prefix:P, code:C, text:WORD, empty or *", r.Pattern)
	}
	return nil
}

func artRange(s string) (int, int, bool) {
	from, to, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(from)
	if err != nil || a < 0 || a > 999 || len(from) != 3 {
		return 0, 0, false
	}
	if !isRange {
		return a, a, true
	}
	b, err := strconv.Atoi(to)
	if err != nil || b < a || b > 999 || len(to) != 3 {
		return 0, 0, false
	}
	return a, b, true
}

// matches reports whether an account matches a rule's pattern.
func matches(pattern string, a cityspend.Account) bool {
	kind, arg, _ := strings.Cut(pattern, ":")
	code := strings.TrimSpace(a.Code)
	switch kind {
	case "*":
		return true
	case "empty":
		return code == ""
	case "prefix":
		return strings.HasPrefix(code, arg)
	case "code":
		return code == arg
	case "text":
		return strings.Contains(strings.ToLower(a.Text), strings.ToLower(arg))
	case "kostra":
		class, art, ok := refdata.KostraArt(code)
		if !ok || !numeric(code) || (class != "1" && class != "3") {
			return false
		}
		lo, hi, _ := artRange(arg)
		n, _ := strconv.Atoi(art)
		return n >= lo && n <= hi
	case "kostra-other":
		class, _, ok := refdata.KostraArt(code)
		return ok && numeric(code) && class != "1" && class != "3"
	}
	return false
}

func numeric(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Decide applies rules to an account: the first matching rule decides; no
// match means in scope ("not excluded by any rule").
func Decide(rules []cityspend.ScopeRule, a cityspend.Account) cityspend.AccountScope {
	for _, r := range rules {
		if matches(r.Pattern, a) {
			return cityspend.AccountScope{AccountID: a.ID, InScope: r.Action == "include", Reason: r.Reason}
		}
	}
	why := "not excluded by any rule"
	if a.Code == "" {
		why = "no account code: in scope"
	} else if _, _, ok := refdata.KostraArt(a.Code); !ok || !numeric(a.Code) {
		why = "outside the chart of accounts: in scope"
	}
	return cityspend.AccountScope{AccountID: a.ID, InScope: true, Reason: why}
}

// EffectiveScopeRules are a buyer's own rules followed by its country's
// defaults.
func EffectiveScopeRules(ctx context.Context, st cityspend.ScopeStore, b cityspend.Buyer) ([]cityspend.ScopeRule, error) {
	own, err := st.ScopeRules(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	return append(own, DefaultScopeRules(b.Country)...), nil
}

// RefreshScope decides the scope of every account of a buyer.
func RefreshScope(ctx context.Context, st Store, buyerID string) error {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return err
	}
	rules, err := EffectiveScopeRules(ctx, st, b)
	if err != nil {
		return err
	}
	accounts, err := st.Accounts(ctx, buyerID)
	if err != nil {
		return err
	}
	out := make([]cityspend.AccountScope, len(accounts))
	for i, a := range accounts {
		out[i] = Decide(rules, a)
	}
	if err := st.SetAccountScope(ctx, buyerID, out); err != nil {
		return fmt.Errorf("scope of %s: %w", buyerID, err)
	}
	return nil
}
