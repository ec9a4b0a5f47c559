// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/publicbody"
	"github.com/cityspend/cityspend/refdata/scoperules"
)

// DefaultScopeRules are a country's default procurement scope, from its
// dated, cited table (package refdata/scoperules). Norway (KOSTRA): art
// 100–285 and 300–380 except 290, in the operating (1) and investment (3)
// classes, count; pay, transfers, finance, income, internal purchases,
// balance-sheet accounts and payments to the tax authority and the state
// pension fund do not. The UK: taxes and national insurance, pensions,
// pay, precepts and levies, grants, benefits and payments to individuals,
// refunds, loans, internal recharges and payments to other public bodies
// do not count. Countries without a table: every account counts until the
// buyer adds rules. Accounts outside the chart (e-invoices carry free-form
// accounting strings) count unless a rule excludes them.
func DefaultScopeRules(country string) []cityspend.ScopeRule {
	t, ok := scoperules.For(country)
	if !ok {
		return nil
	}
	out := make([]cityspend.ScopeRule, len(t.Rules))
	for i, r := range t.Rules {
		out[i] = cityspend.ScopeRule{Action: r.Action, Pattern: r.Pattern, Reason: r.Reason}
	}
	return out
}

// ScopeReason is a scope decision's reason in a language: the shipped
// rules' reasons in Norwegian or English, a buyer's own as written.
func ScopeReason(reason, lang string) string { return scoperules.ReasonLabel(reason, lang) }

// ValidateScopeRule checks a rule's action and pattern.
func ValidateScopeRule(r cityspend.ScopeRule) error {
	if r.Action != "include" && r.Action != "exclude" {
		return cityspend.Errorf(cityspend.EINVALID, "scope rule action %q: use include or exclude", r.Action)
	}
	if strings.TrimSpace(r.Reason) == "" {
		return cityspend.Errorf(cityspend.EINVALID, "scope rule %q needs a reason", r.Pattern)
	}
	for _, part := range strings.Split(r.Pattern, "&") {
		if err := validatePattern(part); err != nil {
			return cityspend.Errorf(cityspend.EINVALID, "scope rule %q: %s", r.Pattern, err.Error())
		}
	}
	return nil
}

// validatePattern checks one pattern of a rule (a rule's pattern is one
// or more joined by &).
func validatePattern(p string) error {
	kind, arg, _ := strings.Cut(p, ":")
	switch kind {
	case "kostra":
		if _, _, ok := artRange(arg); !ok {
			return fmt.Errorf("kostra takes an art (290) or a range (100-285)")
		}
	case "prefix", "code", "text", "term", "label", "name", "org":
		if arg == "" || (kind != "prefix" && kind != "code" && kind != "text" && len(words(arg)) == 0) {
			return fmt.Errorf("%s needs a value", kind)
		}
	case "body":
		if arg != "*" && !slices.Contains(publicbody.Kinds, arg) {
			return fmt.Errorf("body takes * or a kind of public body: %s", strings.Join(publicbody.Kinds, ", "))
		}
	case "type":
		if !slices.Contains([]string{cityspend.TypePublic, cityspend.TypeSocial, cityspend.TypePrivate, cityspend.TypeUnknown}, arg) {
			return fmt.Errorf("type takes public, social_enterprise, private or unknown")
		}
	case "kostra-other", "*", "empty", "self":
	default:
		return fmt.Errorf("patterns are kostra:ART, kostra:FROM-TO, kostra-other, prefix:P, code:C, text:WORD, term:WORDS, label:WORDS, " +
			"empty, body:KIND, type:TYPE, name:WORDS, org:NUMBER, self or *, and several joined by &")
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

// ScopeFacts are what a scope rule sees of a payee's lines on an account:
// the account, and what the payee is.
type ScopeFacts struct {
	Account  cityspend.Account
	Payee    string // the payee's name as the files give it
	Supplier string // its supplier's name (registered, or the payee's)
	Org      string // the supplier's organisation number; "" when unresolved
	Type     string // the supplier's type: public, social_enterprise, private, unknown; "" not known
	Body     string // the kind of public body the payee is (refdata/publicbody), "" when none
	Own      bool   // the payee is the buyer itself
}

// matches reports whether facts match a rule's pattern: every one of its
// patterns joined by &.
func (m *matcher) matches(pattern string, f ScopeFacts) bool {
	for _, p := range m.parts(pattern) {
		if !m.matchOne(p, f) {
			return false
		}
	}
	return true
}

// matcher matches scope patterns; one that remembers (newMatcher) splits
// each pattern and normalises each text's words once, for a call that
// decides many payee and account pairs against the same rules and names
// (ScopeDecisions). The zero matcher remembers nothing.
type matcher struct {
	split map[string][]string
	words map[string][]string
}

func newMatcher() *matcher {
	return &matcher{split: map[string][]string{}, words: map[string][]string{}}
}

// parts are a pattern's patterns joined by &.
func (m *matcher) parts(pattern string) []string {
	if m.split == nil {
		return strings.Split(pattern, "&")
	}
	ps, ok := m.split[pattern]
	if !ok {
		ps = strings.Split(pattern, "&")
		m.split[pattern] = ps
	}
	return ps
}

// words are words(s), remembered. Callers only read them.
func (m *matcher) wordsOf(s string) []string {
	if m.words == nil {
		return words(s)
	}
	w, ok := m.words[s]
	if !ok {
		w = words(s)
		m.words[s] = w
	}
	return w
}

func (m *matcher) matchOne(pattern string, f ScopeFacts) bool {
	kind, arg, _ := strings.Cut(pattern, ":")
	a := f.Account
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
	case "term":
		return hasPhrase(m.wordsOf(a.Text), m.wordsOf(arg))
	case "label":
		return slices.Equal(m.wordsOf(a.Text), m.wordsOf(arg))
	case "name":
		w := m.wordsOf(arg)
		return hasPhrase(m.wordsOf(f.Payee), w) || hasPhrase(m.wordsOf(f.Supplier), w)
	case "org":
		return f.Org != "" && strings.ReplaceAll(f.Org, " ", "") == strings.ReplaceAll(arg, " ", "")
	case "body":
		if arg == "*" {
			return f.Body != "" || f.Type == cityspend.TypePublic
		}
		return f.Body == arg
	case "type":
		return f.Type == arg
	case "self":
		return f.Own
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

// words are a text's words for matching terms and names: normalised as
// public-body names are (upper case, no accents or punctuation, & as AND;
// "_" joins the words of a pattern), a trailing "*" kept on a word of a
// pattern (it matches the start of a word).
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == ' ' }) {
		star := strings.HasSuffix(w, "*")
		out = append(out, strings.Fields(publicbody.Normalize(strings.TrimSuffix(w, "*")))...)
		if star && len(out) > 0 {
			out[len(out)-1] += "*"
		}
	}
	return out
}

// hasPhrase reports whether the phrase's words appear in order, next to
// one another, among the text's words ("REFUND*" matches "REFUNDS").
func hasPhrase(text, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
	for i := 0; i+len(phrase) <= len(text); i++ {
		ok := true
		for j, p := range phrase {
			w := text[i+j]
			if pre, star := strings.CutSuffix(p, "*"); star {
				ok = ok && strings.HasPrefix(w, pre)
			} else {
				ok = ok && w == p
			}
		}
		if ok {
			return true
		}
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

// Decide applies rules to an account alone (what is known of it without
// a payee): the first matching rule decides; no match means in scope ("not
// excluded by any rule").
func Decide(rules []cityspend.ScopeRule, a cityspend.Account) cityspend.AccountScope {
	d := DecideFacts(rules, ScopeFacts{Account: a})
	return cityspend.AccountScope{AccountID: a.ID, InScope: d.InScope, Reason: d.Reason}
}

// DecideFacts applies rules to a payee's lines on an account: the first
// matching rule decides; no match means in scope.
func DecideFacts(rules []cityspend.ScopeRule, f ScopeFacts) cityspend.PayeeScope {
	return (&matcher{}).decide(rules, f)
}

// decide is DecideFacts with the matcher's memory.
func (m *matcher) decide(rules []cityspend.ScopeRule, f ScopeFacts) cityspend.PayeeScope {
	a := f.Account
	for _, r := range rules {
		if m.matches(r.Pattern, f) {
			return cityspend.PayeeScope{AccountID: a.ID, InScope: r.Action == "include", Reason: r.Reason}
		}
	}
	why := "not excluded by any rule"
	if a.Code == "" {
		why = "no account code: in scope"
	} else if _, _, ok := refdata.KostraArt(a.Code); (!ok || !numeric(a.Code)) && usesChart(rules) {
		why = "outside the chart of accounts: in scope"
	}
	return cityspend.PayeeScope{AccountID: a.ID, InScope: true, Reason: why}
}

// usesChart reports whether rules read the KOSTRA chart of accounts: only
// then is a code outside it worth saying.
func usesChart(rules []cityspend.ScopeRule) bool {
	for _, r := range rules {
		if strings.Contains(r.Pattern, "kostra") {
			return true
		}
	}
	return false
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

// ScopeDecisions decides the scope of every payee and account pair of a
// buyer's lines, from its rules and what is known of its payees (their
// names, their suppliers' profiles, the public bodies they are).
func ScopeDecisions(ctx context.Context, st Store, b cityspend.Buyer) ([]cityspend.PayeeScope, error) {
	rules, err := EffectiveScopeRules(ctx, st, b)
	if err != nil {
		return nil, err
	}
	accounts, err := st.Accounts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	acc := make(map[int32]cityspend.Account, len(accounts))
	for _, a := range accounts {
		acc[a.ID] = a
	}
	payees, err := st.Payees(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
	if err != nil {
		return nil, err
	}
	prof := make(map[string]cityspend.SupplierProfile, len(sups))
	for _, s := range sups {
		prof[s.SupplierID] = s.SupplierProfile
	}
	own := ownBody(b)
	facts := make(map[int32]ScopeFacts, len(payees))
	for _, p := range payees {
		sp := prof[p.Resolution.SupplierID]
		f := ScopeFacts{Payee: p.Payee.Name, Supplier: sp.Name, Type: sp.Type}
		if sp.Org != nil {
			f.Org = sp.Org.ID
		}
		body, ok := publicbody.MatchFor(b.Country, b.Municipality, f.Payee)
		if !ok {
			body, ok = publicbody.MatchFor(b.Country, b.Municipality, f.Supplier)
		}
		if ok {
			f.Body = body.Kind
		}
		f.Own = own.is(b, f, body, ok)
		facts[p.ID] = f
	}
	pairs, err := st.PayeeAccounts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	out := make([]cityspend.PayeeScope, len(pairs))
	m := newMatcher()
	for i, pa := range pairs {
		f := facts[pa.PayeeID]
		f.Account = acc[pa.AccountID]
		if f.Account.ID == 0 {
			f.Account.ID = pa.AccountID
		}
		d := m.decide(rules, f)
		d.PayeeID, d.AccountID = pa.PayeeID, pa.AccountID
		out[i] = d
	}
	return out, nil
}

// buyerBody is what the buyer itself is, to recognise payments to itself.
type buyerBody struct {
	name string // its normalised name
	body publicbody.Body
	ok   bool
}

func ownBody(b cityspend.Buyer) buyerBody {
	body, ok := publicbody.Match(b.Country, b.Name)
	return buyerBody{name: publicbody.Normalize(b.Name), body: body, ok: ok}
}

// is reports whether a payee is the buyer: its organisation number, its
// name, or the listed public body both are.
func (o buyerBody) is(b cityspend.Buyer, f ScopeFacts, body publicbody.Body, isBody bool) bool {
	switch {
	case b.OrgNumber != "" && f.Org != "" && strings.ReplaceAll(b.OrgNumber, " ", "") == f.Org:
		return true
	case o.name != "" && (publicbody.Normalize(f.Payee) == o.name || publicbody.Normalize(f.Supplier) == o.name):
		return true
	case o.ok && isBody && body.Code != "" && body.Code == o.body.Code && body.Kind == o.body.Kind:
		return true
	}
	return false
}

// RefreshScope decides the scope of every payee and account pair of a
// buyer.
func RefreshScope(ctx context.Context, st Store, buyerID string) error {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return err
	}
	out, err := ScopeDecisions(ctx, st, b)
	if err != nil {
		return fmt.Errorf("scope of %s: %w", buyerID, err)
	}
	if err := st.SetPayeeScope(ctx, buyerID, out); err != nil {
		return fmt.Errorf("scope of %s: %w", buyerID, err)
	}
	return nil
}

// AddScopeRule puts a rule of the buyer's own first, before its other
// rules and its country's defaults (one of its own with the same pattern
// is replaced), and decides the buyer's lines again: how a buyer
// overrides any decision, with its reason. A payee's lines on every
// account: "name:WORDS" or "org:NUMBER"; on one account: joined with
// "&" ("name:kent_county_council&term:electricity").
func AddScopeRule(ctx context.Context, st Store, buyerID string, r cityspend.ScopeRule) error {
	r.Pattern, r.Reason = strings.TrimSpace(r.Pattern), strings.TrimSpace(r.Reason)
	if err := ValidateScopeRule(r); err != nil {
		return err
	}
	own, err := st.ScopeRules(ctx, buyerID)
	if err != nil {
		return err
	}
	own = slices.DeleteFunc(own, func(o cityspend.ScopeRule) bool { return o.Pattern == r.Pattern })
	if err := st.SetScopeRules(ctx, buyerID, append([]cityspend.ScopeRule{r}, own...)); err != nil {
		return err
	}
	return RefreshScope(ctx, st, buyerID)
}

// RemoveScopeRule removes the buyer's own rule with a pattern and decides
// its lines again; a pattern it has no rule for is not found.
func RemoveScopeRule(ctx context.Context, st Store, buyerID, pattern string) error {
	own, err := st.ScopeRules(ctx, buyerID)
	if err != nil {
		return err
	}
	n := len(own)
	own = slices.DeleteFunc(own, func(o cityspend.ScopeRule) bool { return o.Pattern == strings.TrimSpace(pattern) })
	if len(own) == n {
		return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no scope rule of its own %q", buyerID, pattern)
	}
	if err := st.SetScopeRules(ctx, buyerID, own); err != nil {
		return err
	}
	return RefreshScope(ctx, st, buyerID)
}

// ExcludedRow is the spend the scope leaves out for one reason with one
// supplier.
type ExcludedRow struct {
	Reason     string           `json:"reason"`
	Label      string           `json:"label"` // the reason in the language asked for
	SupplierID string           `json:"supplier_id"`
	Supplier   string           `json:"supplier"`
	Spend      cityspend.Amount `json:"spend"`
	Lines      int64            `json:"lines"`
}

// ExcludedSpend lists the spend a buyer's scope leaves out in a period
// (zero: all dates) by reason and supplier, largest first: excluded spend
// is shown, never silently dropped.
func ExcludedSpend(ctx context.Context, st Store, buyerID string, p cityspend.Period, lang string) ([]ExcludedRow, error) {
	cells, err := st.SpendCross(ctx, cityspend.SpendFilter{BuyerID: buyerID, Period: p, Scope: cityspend.ScopeOut}, cityspend.ByScope, cityspend.BySupplier)
	if err != nil {
		return nil, fmt.Errorf("excluded spend of %s: %w", buyerID, err)
	}
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyerID})
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(sups))
	for _, s := range sups {
		names[s.SupplierID] = s.Name
	}
	out := make([]ExcludedRow, 0, len(cells))
	for _, c := range cells {
		name := names[c.B]
		if name == "" {
			name = c.B
		}
		out = append(out, ExcludedRow{Reason: c.A, Label: ScopeReason(c.A, lang), SupplierID: c.B, Supplier: name, Spend: c.Spend, Lines: c.Lines})
	}
	slices.SortStableFunc(out, func(a, b ExcludedRow) int {
		if a.Spend != b.Spend {
			if a.Spend > b.Spend {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Reason+a.SupplierID, b.Reason+b.SupplierID)
	})
	return out, nil
}
