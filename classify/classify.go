// SPDX-License-Identifier: EUPL-1.2

// Package classify puts every ledger line in a CPV category, with the rule
// that decided and a reason a person can check: people's decisions, the CPV
// on the invoice line, keyword rules on the description, the supplier's
// confirmed history, the account (KOSTRA art) and the supplier's industry
// (NACE), and a character n-gram text model where the rules do not decide.
// It works on items (distinct kinds of line) through the Store interface.
package classify

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Rules, in the order of precedence.
const (
	RuleDecision = "decision"         // a person decided
	RuleLineCPV  = "line_cpv"         // the invoice line carries a CPV code
	RuleContract = "contract"         // the contract the lines are paid under has a CPV code
	RuleKeyword  = "keyword"          // a keyword rule on the description
	RuleHistory  = "supplier_history" // the supplier's confirmed usual category
	RuleAccount  = "account"          // the account (KOSTRA art or prefix)
	RuleNACE     = "nace"             // the supplier's industry
	RuleBoth     = "account_nace"     // account and industry agree
	RuleModel    = "model"            // the text model alone
	// Added for ledgers that say what a line is in other columns.
	RuleAccountText = "account_text"  // keyword rules on the account's name or the ledger's expenditure category
	RuleLearned     = "learned"       // the same description as lines a person decided for another supplier
	RuleName        = "supplier_name" // keyword rules on the supplier's name ("… Solicitors", "… Scaffolding")
	RuleUnit        = "unit"          // keyword rules on the ledger's service area or cost centre
	RuleLabels      = "cpv_labels"    // the official CPV labels (the fallback model), when nothing else applies
	// RuleProfile lends a supplier's usual category, from its other lines
	// classified with confidence, to its lines whose texts are generic.
	RuleProfile = "supplier_profile"
)

// Rules lists every rule, for those who name them (the pages).
func Rules() []string {
	return []string{RuleDecision, RuleLineCPV, RuleContract, RuleKeyword, RuleHistory, RuleAccount, RuleNACE, RuleBoth, RuleModel,
		RuleAccountText, RuleLearned, RuleName, RuleUnit, RuleLabels, RuleProfile}
}

// Confidence of each rule; the model's is its probability.
var confidence = map[string]float64{RuleDecision: 1, RuleLineCPV: 1, RuleContract: 0.95, RuleKeyword: 0.9, RuleHistory: 0.85, RuleBoth: 0.8,
	RuleAccount: 0.65, RuleNACE: 0.55, RuleAccountText: 0.85, RuleLearned: 0.85, RuleName: 0.7, RuleUnit: 0.6, RuleProfile: 0.75}

// MaxLabels caps the confidence of the fallback model of the official
// labels: its lines always go to the review queue.
const MaxLabels = 0.6

// MinModel is the least probability, and MinSimilarity the least cosine
// similarity, at which the model alone classifies.
const (
	MinModel      = 0.4
	MinSimilarity = 0.3
)

var (
	digitRun = regexp.MustCompile(`[0-9]+`)
	spaceRun = regexp.MustCompile(`\s+`)
)

// ItemText is a description as items hold it: lower case, runs of digits as
// '#', spaces collapsed (the store's SQL does the same).
func ItemText(desc string) string {
	s := digitRun.ReplaceAllString(strings.ToLower(desc), "#")
	return strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
}

type keywordRule struct {
	p    pattern
	rule cityspend.CategoryRule
	own  bool
	weak bool // a word that says little alone: yields to the account and industry
	// generic: one of the ledger's generic words ("Main Contractor",
	// "Materials") on the account's name, before which a supplier's
	// profile comes
	generic bool
}

// Classifier classifies a buyer's items. It is not safe for concurrent use.
type Classifier struct {
	country   string
	keywords  []keywordRule
	index     keywordIndex
	accounts  []ruleRef // kind account (code prefix) and kostra (art)
	naces     []ruleRef
	decisions []cityspend.CategoryDecision
	history   map[string]string                     // supplier → usual confirmed category
	learned   map[string]cityspend.CategoryDecision // description → a decision that covered it
	profile   map[string]profile                    // supplier → the category of most of its confidently classified spend
	trades    []keywordRule                         // the trade words of payees' names ("… Plumbing Ltd", "… Elektro AS")
	tradeIx   keywordIndex
	model     *Model
	names     map[string]string // code → English label, for reasons
	memo      memo
}

// memo keeps what a classification works out from one text alone, by the
// text: the keyword rules it matches and the model's prediction. A city's
// items repeat their texts (705,425 items of ten million lines had 153,376
// descriptions, 1,538 payees' names and a few hundred account names and
// units), and these were two thirds of classifying them. Predictions are
// kept without their scores of every class (a few kilobytes each), which
// the one case that compares classes computes again, and a description's
// rules as their indices (the rules are a few hundred bytes each).
type memo struct {
	keywords          map[string][]int32 // indices in Classifier.keywords
	names             map[string][]keywordRule
	predict, fallback map[string]Prediction
	itemText          map[string]string
}

// memoMax bounds each of memo's maps: past it a map starts again.
const memoMax = 1 << 20

// recall is what *m keeps under k, else f(k), kept there (*m made when
// nil, started again when full).
func recall[V any](m *map[string]V, k string, f func(string) V) V {
	if v, ok := (*m)[k]; ok {
		return v
	}
	if *m == nil || len(*m) >= memoMax {
		*m = map[string]V{}
	}
	v := f(k)
	(*m)[k] = v
	return v
}

// New builds a classifier from a buyer's own rules (before the shipped
// ones), people's decisions, the text model (nil for none) and the labels
// of the CPV codes by code (English; for reasons).
func New(country string, own []cityspend.CategoryRule, decisions []cityspend.CategoryDecision, model *Model, names map[string]string) *Classifier {
	c := &Classifier{country: country, decisions: decisions, model: model, names: names, history: map[string]string{}}
	add := func(r cityspend.CategoryRule, isOwn bool) {
		switch r.Kind {
		case "keyword", "weak_keyword":
			c.keywords = append(c.keywords, keywordRule{p: parsePattern(r.Pattern), rule: r, own: isOwn, weak: r.Kind == "weak_keyword",
				generic: !isOwn && generic[r.CPV+" "+r.Pattern]})
		case "account", "kostra":
			c.accounts = append(c.accounts, ruleRef{r, isOwn})
		case "nace":
			c.naces = append(c.naces, ruleRef{r, isOwn})
		}
	}
	for _, r := range own {
		add(r, true)
	}
	for _, r := range Defaults(country) {
		add(r, false)
	}
	c.index = newKeywordIndex(c.keywords)
	for _, r := range tradeRules(country) {
		c.trades = append(c.trades, keywordRule{p: parsePattern(r.Pattern), rule: r, weak: r.Kind == "weak_keyword"})
	}
	c.tradeIx = newKeywordIndex(c.trades)
	return c
}

// keywordIndex finds the keyword rules that may start at a word: by the
// whole word, by its prefixes, and the few rules whose first term is a
// suffix or infix, which are always tried.
type keywordIndex struct {
	exact, prefix map[string][]int
	always        []int
}

func newKeywordIndex(ks []keywordRule) keywordIndex {
	ix := keywordIndex{exact: map[string][]int{}, prefix: map[string][]int{}}
	for i, k := range ks {
		if len(k.p) == 0 {
			continue
		}
		switch t := k.p[0]; {
		case t.suffix:
			ix.always = append(ix.always, i)
		case t.prefix:
			ix.prefix[t.w] = append(ix.prefix[t.w], i)
		default:
			ix.exact[t.w] = append(ix.exact[t.w], i)
		}
	}
	return ix
}

// ValidateRule checks a rule a person writes.
func ValidateRule(r cityspend.CategoryRule) error {
	switch r.Kind {
	case "keyword", "weak_keyword", "account", "kostra", "nace":
	default:
		return cityspend.Errorf(cityspend.EINVALID, "rule kind %q: use keyword, weak_keyword, account, kostra or nace", r.Kind)
	}
	if strings.Trim(r.Pattern, "* ") == "" {
		return cityspend.Errorf(cityspend.EINVALID, "a %s rule needs a pattern", r.Kind)
	}
	if _, err := cpv.Parse(r.CPV); err != nil {
		return cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	if strings.TrimSpace(r.Reason) == "" {
		return cityspend.Errorf(cityspend.EINVALID, "rule %q needs a reason", r.Pattern)
	}
	return nil
}

// label gives a code's English label for reasons ("bread and bakery
// products"), "" when it has none.
func (c *Classifier) label(code string) string {
	if n := c.names[code]; n != "" {
		return n
	}
	if d, ok := cpv.Divisions[code[:2]]; ok && cpv.Code(code).Digits() == 2 {
		return d.EN
	}
	return ""
}

// SetHistory records each supplier's usual confirmed category: the code of
// at least 80 % of the spend of its decided and line-CPV items; and what
// the decisions teach about other suppliers' lines: the descriptions of
// decided items (with a word of three letters or more) and their codes.
func (c *Classifier) SetHistory(items []cityspend.Item) {
	by := tally{}
	c.learned = map[string]cityspend.CategoryDecision{}
	conflict := map[string]bool{}
	for _, it := range items {
		code := ""
		if d, ok := c.decision(it); ok {
			code = d.CPV
			if meaningful(it.Text) {
				if prev, ok := c.learned[it.Text]; ok && prev.CPV != d.CPV {
					conflict[it.Text] = true
				}
				c.learned[it.Text] = d
			}
		} else if cpv.Valid(it.CPVLine) {
			code = it.CPVLine
		}
		if code == "" {
			continue
		}
		w := it.Spend
		if w <= 0 {
			w = 1
		}
		by.add(it.SupplierID, code, w)
	}
	for s, u := range by.usual(4, 5, func(code string) string { return code }) {
		c.history[s] = u.cpv
	}
	// Decisions that disagree about one description teach nothing.
	for t := range conflict {
		delete(c.learned, t)
	}
}

// meaningful reports whether an item text has a word of three letters or
// more: "# #" or "w/e #" say nothing to learn from.
func meaningful(text string) bool {
	for _, w := range words(text) {
		n := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				n++
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

// decision finds the most specific decision that fits an item; among
// equally specific ones the latest.
func (c *Classifier) decision(it cityspend.Item) (cityspend.CategoryDecision, bool) {
	var best cityspend.CategoryDecision
	bestN := -1
	for _, d := range c.decisions {
		if (d.SupplierID != "" && d.SupplierID != it.SupplierID) || (d.Account != "" && d.Account != it.AccountCode) ||
			(d.Text != "" && d.Text != it.Text) {
			continue
		}
		n := 0
		for _, f := range []string{d.SupplierID, d.Account, d.Text} {
			if f != "" {
				n++
			}
		}
		if n >= bestN {
			best, bestN = d, n
		}
	}
	return best, bestN >= 0
}

// keywordMatches returns the keyword rules that match a text, one per
// code (a strong rule before a weak one, a phrase before a word), in the
// rules' order.
func (c *Classifier) keywordMatches(text string) []keywordRule {
	return rulesAt(c.keywords, recall(&c.memo.keywords, text, func(text string) []int32 {
		return slices.Clip(matchIndices(c.keywords, c.index, text))
	}))
}

// nameMatches returns the rules that match a payee's name: its trade
// words first, then the keyword rules. The slice is the memo's: not to be
// changed (its capacity is its length, so an append copies).
func (c *Classifier) nameMatches(name string) []keywordRule {
	return recall(&c.memo.names, name, func(name string) []keywordRule {
		return slices.Clip(append(matchRules(c.trades, c.tradeIx, name), c.keywordMatches(name)...))
	})
}

// predict is the model's prediction for a text, without its scores (see
// memo); fallback, of the model of the CPV labels.
func (c *Classifier) predict(text string, fallback bool) Prediction {
	m, kept := c.model, &c.memo.predict
	if fallback {
		m, kept = c.model.Fallback, &c.memo.fallback
	}
	return recall(kept, text, func(text string) Prediction {
		p := m.Predict(text)
		p.scores = nil
		return p
	})
}

// itemText is ItemText, kept by text in the memo.
func (c *Classifier) itemText(s string) string { return recall(&c.memo.itemText, s, ItemText) }

func matchRules(keywords []keywordRule, index keywordIndex, text string) []keywordRule {
	return rulesAt(keywords, matchIndices(keywords, index, text))
}

// rulesAt are the rules of keywords at the indices ix.
func rulesAt(keywords []keywordRule, ix []int32) []keywordRule {
	if len(ix) == 0 {
		return nil
	}
	out := make([]keywordRule, len(ix))
	for i, r := range ix {
		out[i] = keywords[r]
	}
	return out
}

// matchIndices is matchRules' answer as the rules' indices in keywords.
func matchIndices(keywords []keywordRule, index keywordIndex, text string) []int32 {
	ws := words(text)
	matched := map[int]bool{}
	try := func(rules []int, at int) {
		for _, r := range rules {
			if !matched[r] && keywords[r].p.at(ws, at) {
				matched[r] = true
			}
		}
	}
	for i, w := range ws {
		try(index.exact[w], i)
		for n := 1; n <= len(w); n++ {
			if rs, ok := index.prefix[w[:n]]; ok {
				try(rs, i)
			}
		}
		try(index.always, i)
	}
	if len(matched) == 0 {
		return nil
	}
	order := make([]int, 0, len(matched))
	for r := range matched {
		order = append(order, r)
	}
	sort.Ints(order)
	var out []int32
	at := map[string]int{}
	for _, r := range order {
		k := keywords[r]
		i, ok := at[k.rule.CPV]
		if !ok {
			at[k.rule.CPV] = len(out)
			out = append(out, int32(r))
			continue
		}
		if o := keywords[out[i]]; (o.weak && !k.weak) || (o.weak == k.weak && len(k.p) > len(o.p)) {
			out[i] = int32(r)
		}
	}
	return out
}

// pickKeyword chooses among matching keyword rules: strong ones before
// weak ones; among several, the one that agrees with the account's or the
// industry's code; a weak one only when nothing else disagrees with it.
func pickKeyword(ks []keywordRule, others ...string) (keywordRule, bool) {
	return pickKeywordYield(ks, false, others...)
}

// pickKeywordYield is pickKeyword where, with phrasesYield, a weak phrase
// yields to disagreeing others like a weak word.
func pickKeywordYield(ks []keywordRule, phrasesYield bool, others ...string) (keywordRule, bool) {
	agrees := func(k keywordRule) bool {
		for _, o := range others {
			if o != "" && related(k.rule.CPV, o) {
				return true
			}
		}
		return false
	}
	hasOthers := false
	for _, o := range others {
		hasOthers = hasOthers || o != ""
	}
	for _, weak := range []bool{false, true} {
		var first, phrase *keywordRule
		for i := range ks {
			if ks[i].weak != weak {
				continue
			}
			// A phrase says more than a word: it decides first.
			if len(ks[i].p) > 1 && phrase == nil {
				phrase = &ks[i]
			}
			if first == nil {
				first = &ks[i]
			}
		}
		// A weak phrase yields like a weak word.
		if phrase != nil && (!weak || !phrasesYield || !hasOthers || agrees(*phrase)) {
			return *phrase, true
		}
		for i := range ks {
			if ks[i].weak == weak && agrees(ks[i]) {
				return ks[i], true
			}
		}
		if first != nil && (!weak || !hasOthers) {
			return *first, true
		}
	}
	return keywordRule{}, false
}

// ruleRef is an account or industry rule, the buyer's own or shipped.
type ruleRef struct {
	cityspend.CategoryRule
	own bool
}

// why is the rule's clause of a reason: a buyer's rule in its own words, a
// shipped one from the catalogue.
func (r ruleRef) why() cityspend.ReasonPart {
	switch {
	case r.own:
		return part("own_rule", r.Reason)
	case r.Kind == "kostra":
		return part("kostra", r.Pattern, code(r.CPV))
	case r.Kind == "nace":
		return part("nace", r.Pattern, code(r.CPV))
	}
	return part("account", r.Pattern, code(r.CPV))
}

func (c *Classifier) account(it cityspend.Item) (ruleRef, bool) {
	_, art, isKostra := refdata.KostraArt(it.AccountCode)
	for _, r := range c.accounts {
		switch r.Kind {
		case "account":
			if strings.HasPrefix(it.AccountCode, r.Pattern) {
				return r, true
			}
		case "kostra":
			if isKostra && art == r.Pattern {
				return r, true
			}
		}
	}
	return ruleRef{}, false
}

func (c *Classifier) nace(it cityspend.Item) (ruleRef, bool) {
	var best ruleRef
	found := false
	for _, r := range c.naces {
		if strings.HasPrefix(it.NACE, r.Pattern) && (!found || len(r.Pattern) > len(best.Pattern)) {
			best, found = r, true
		}
	}
	return best, found
}

// related reports whether one code is the other's ancestor or the same.
func related(a, b string) bool {
	n := min(cpv.Code(a).Digits(), cpv.Code(b).Digits())
	return a[:n] == b[:n]
}

// deeper returns the more specific of two related codes.
func deeper(a, b string) string {
	if cpv.Code(b).Digits() > cpv.Code(a).Digits() {
		return b
	}
	return a
}

// source is one text a line carries, the keyword rules that match it and
// the rule it decides under.
type source struct {
	rule, what string
	text       string // as ItemText writes it
	ks         []keywordRule
}

// strongest is the keyword a source names by itself (no weak words), for
// the other sources to agree or disagree with.
func (s source) strongest() (keywordRule, bool) {
	var strong []keywordRule
	for _, k := range s.ks {
		if !k.weak {
			strong = append(strong, k)
		}
	}
	return pickKeyword(strong)
}

// Classify decides an item's category.
func (c *Classifier) Classify(it cityspend.Item) cityspend.Categorization {
	cat, _ := c.classify(it)
	return cat
}

// classify decides an item's category and says whether it rests on
// specific evidence (a decision, a code, a strong word of the description
// or the account's name), which a supplier's profile may be built from.
func (c *Classifier) classify(it cityspend.Item) (cityspend.Categorization, bool) {
	out := func(cpvCode, rule string, why []cityspend.ReasonPart, conf float64) cityspend.Categorization {
		return cityspend.Categorization{CPV: cpvCode, Rule: rule, Reason: c.english(why), Why: why, Confidence: math.Round(conf*1000) / 1000}
	}
	one := func(key string, args ...string) []cityspend.ReasonPart {
		return []cityspend.ReasonPart{part(key, args...)}
	}
	if d, ok := c.decision(it); ok {
		return out(d.CPV, RuleDecision, one("decided", d.Who, d.At.Format("2006-01-02"), d.Why), confidence[RuleDecision]), true
	}
	if cpv.Valid(it.CPVLine) {
		return out(it.CPVLine, RuleLineCPV, one("line_cpv", code(it.CPVLine)), confidence[RuleLineCPV]), true
	}
	if cpv.Valid(it.ContractCPV) {
		return out(it.ContractCPV, RuleContract, one("contract", it.ContractID, code(it.ContractCPV)), confidence[RuleContract]), true
	}
	a, hasA := c.account(it)
	n, hasN := c.nace(it)
	// Every text the line carries: its description, the account's name (an
	// English ledger's expenditure category), the supplier's name (its
	// trade words first) and the service area or cost centre.
	srcs := []source{
		{RuleKeyword, srcDescription, it.Text, c.keywordMatches(it.Text)},
		{RuleAccountText, srcAccount, c.itemText(it.AccountText), c.keywordMatches(it.AccountText)},
		{RuleName, srcName, "", c.nameMatches(it.SupplierName)},
		{RuleUnit, srcUnit, "", services(c.keywordMatches(it.Unit))},
	}
	const desc, acct, name, unit = 0, 1, 2, 3
	// pick chooses a source's keyword, among several the one the others
	// agree with: the description is weighed against the account, the
	// industry and the account's name; the other texts against every
	// text; weak phrases ("main contractor", "sports centre") yield too.
	pick := func(i int) (keywordRule, bool) {
		others := []string{a.CPV, n.CPV}
		for j, s := range srcs {
			if k, ok := s.strongest(); ok && j != i && (i != desc || j == acct) {
				others = append(others, k.rule.CPV)
			}
		}
		return pickKeywordYield(srcs[i].ks, true, others...)
	}
	// judged is a keyword's category with its confidence: the rule's, a
	// little more when another text agrees, less when one names another
	// division; the reason says which. Another text naming a finer code
	// under the keyword's refines it, and the payee's trade decides
	// between works or services of one division where the keyword is
	// weak ("contractor", "works", a grant's name): a plumbing firm's
	// adaptation is plumbing.
	judged := func(i int, k keywordRule) (cityspend.Categorization, bool) {
		key := "keyword"
		if k.own {
			key = "own_keyword"
		}
		cc := k.rule.CPV
		why := []cityspend.ReasonPart{part(key, srcs[i].what, k.rule.Pattern, code(cc))}
		conf := confidence[srcs[i].rule]
		if k.weak {
			conf -= 0.1
		}
		// A ledger's generic word ("Main Contractor", "Materials") alone
		// says little: below the review threshold unless another text
		// agrees.
		if k.generic {
			conf -= 0.1
		}
		var agree []string
		var disagree []cityspend.ReasonPart
		for j, s := range srcs {
			o, ok := s.strongest()
			if j == i || !ok {
				continue
			}
			switch {
			case related(o.rule.CPV, cc) && deeper(cc, o.rule.CPV) != cc:
				cc = o.rule.CPV
				agree = append(agree, s.what)
				why = append(why, part("finer", s.what, code(cc)))
			case j == name && i != name && (k.weak || cpv.Code(cc).Digits() <= 2) && o.rule.CPV[:2] == cc[:2]:
				cc = o.rule.CPV
				agree = append(agree, s.what)
				why = append(why, part("trade", code(cc)))
			case related(o.rule.CPV, cc) || o.rule.CPV[:3] == cc[:3]:
				agree = append(agree, s.what)
			case o.rule.CPV[:2] != cc[:2]:
				disagree = append(disagree, part("disagree", s.what, code(o.rule.CPV)))
			}
		}
		if len(agree) > 0 {
			conf += 0.05
			why = append(why, part("agree", agree...))
		}
		if len(disagree) > 0 {
			conf -= 0.15
			why = append(why, disagree...)
		}
		// A text names goods and itself a service on them ("Repair & Maint
		// Cremator"), or the payee's trade names goods and the account a
		// service on them ("Consultants Fees" to a software house).
		j := i
		if i == name {
			j = acct
		}
		if i != unit {
			if sc, ok := serviceOn(cc, accountNature(srcs[j].text)); ok {
				why = append(why, part("service_on", srcs[j].what, code(sc)))
				cc = sc
			}
		}
		specific := !k.weak && (i == desc || i == acct)
		return out(cc, srcs[i].rule, why, min(max(conf, 0.3), 0.97)), specific
	}
	if d, ok := c.learned[it.Text]; ok && d.SupplierID != it.SupplierID {
		return out(d.CPV, RuleLearned, one("learned", d.Who, code(d.CPV), d.At.Format("2006-01-02"), d.Why), confidence[RuleLearned]), true
	}
	dk, dOK := pick(desc)
	if dOK && !dk.weak {
		return judged(desc, dk)
	}
	if code, ok := c.history[it.SupplierID]; ok {
		return out(code, RuleHistory, one("history", "cpv:"+code), confidence[RuleHistory]), true
	}
	// The model reads the description alone: account texts ("other
	// services") would pull every line to the most general labels.
	var pred Prediction
	if c.model != nil {
		pred = c.predict(it.Text, false)
	}
	sure := func(p Prediction) bool {
		return p.CPV != "" && p.Probability >= MinModel && p.Similarity >= MinSimilarity
	}
	// A line whose only texts are generic ("Main Contractor", "Materials",
	// no description, or one no rule or the model reads) takes the
	// category of the supplier's other lines in the ledger, when they are
	// mostly one, unless an account rule says what it is.
	ak, aOK := pick(acct)
	if p, ok := c.profile[it.SupplierID]; ok && !hasA && !dOK && !sure(pred) && (!aOK || ak.generic) {
		generic := part("generic")
		if aOK {
			generic = part("generic_account", ak.rule.Pattern)
		}
		why := []cityspend.ReasonPart{generic, part("profile", code(p.cpv), fmt.Sprintf("%.0f", 100*p.share), strconv.Itoa(p.items))}
		return out(p.cpv, RuleProfile, why, confidence[RuleProfile]), false
	}
	if dOK {
		return judged(desc, dk)
	}
	// The account's name comes after the account's code rules (a KOSTRA
	// art says what its name says, and is curated), before them where the
	// ledger has none and the industry is unknown (an English ledger's
	// expenditure category).
	if aOK && !hasA && !hasN {
		return judged(acct, ak)
	}
	switch {
	case hasA && hasN && related(a.CPV, n.CPV):
		return out(deeper(a.CPV, n.CPV), RuleBoth, []cityspend.ReasonPart{a.why(), n.why()}, confidence[RuleBoth]), true
	case hasA && hasN:
		// They disagree: the text model arbitrates (by its scores of every
		// class, which the memo does not keep); without one, the account.
		if c.model != nil {
			if full := c.model.Predict(it.Text); c.model.score(full, n.CPV) > c.model.score(full, a.CPV) {
				return out(n.CPV, RuleNACE, []cityspend.ReasonPart{n.why(), part("fits_industry", code(a.CPV))}, confidence[RuleNACE]), false
			}
		}
		return out(a.CPV, RuleAccount, []cityspend.ReasonPart{a.why(), part("industry_suggests", code(n.CPV))}, confidence[RuleAccount]), false
	case hasA || hasN:
		r, rule := a, RuleAccount
		if hasN {
			r, rule = n, RuleNACE
		}
		// The model may name a more specific code under the rule's.
		if pred.CPV != "" && pred.Probability >= MinModel && related(r.CPV, pred.CPV) && deeper(r.CPV, pred.CPV) != r.CPV {
			return out(pred.CPV, rule, []cityspend.ReasonPart{r.why(), part("points_to", code(pred.CPV))}, confidence[rule]), false
		}
		return out(r.CPV, rule, []cityspend.ReasonPart{r.why()}, confidence[rule]), false
	}
	for _, i := range []int{name, unit} {
		if k, ok := srcs[i].strongest(); ok {
			cat, _ := judged(i, k)
			return cat, false
		}
	}
	// A payee's weak trade word ("… Building Services", "… Merchanting")
	// when nothing else says anything, below the review threshold.
	if k, ok := pickKeyword(srcs[name].ks); ok && !sure(pred) {
		cat, _ := judged(name, k)
		return cat, false
	}
	if sure(pred) {
		why := []cityspend.ReasonPart{part("model", code(pred.CPV), fmt.Sprintf("%.0f", 100*pred.Probability))}
		if n := c.model.Decided[string(cpv.Code(pred.CPV).At(3))]; n > 0 {
			why = append(why, part("model_learned", strconv.Itoa(n)))
		}
		return out(pred.CPV, RuleModel, why, pred.Probability), false
	}
	// Last, the official CPV labels in every language of the loaded list.
	if c.model != nil && c.model.Fallback != nil {
		for _, t := range []struct{ what, text string }{{srcDescription, it.Text}, {srcAccount, it.AccountText}} {
			if p := c.predict(t.text, true); sure(p) {
				return out(p.CPV, RuleLabels, one("labels", t.what, code(p.CPV), fmt.Sprintf("%.0f", 100*p.Probability)),
					min(p.Probability, MaxLabels)), false
			}
		}
	}
	none := one("none")
	return cityspend.Categorization{Reason: c.english(none), Why: none}, false
}

// tally weighs the codes of each supplier's items: supplier → code →
// weight.
type tally map[string]map[string]cityspend.Amount

func (t tally) add(supplier, code string, w cityspend.Amount) {
	if t[supplier] == nil {
		t[supplier] = map[string]cityspend.Amount{}
	}
	t[supplier][code] += w
}

// usualCode is a supplier's usual code and the share of its weight that
// the code's key (the code, or its group) holds.
type usualCode struct {
	cpv   string
	share float64
}

// usual finds each supplier's usual code: a key of codes (the code
// itself, or its group) that holds at least num/den of the supplier's
// weight, and the heaviest code of that key (ties to the lower code).
func (t tally) usual(num, den int64, key func(code string) string) map[string]usualCode {
	out := map[string]usualCode{}
	for s, codes := range t {
		var total cityspend.Amount
		keys := map[string]cityspend.Amount{}
		for code, w := range codes {
			total += w
			keys[key(code)] += w
		}
		for k, w := range keys {
			if int64(w)*den < int64(total)*num {
				continue
			}
			best, bw := "", cityspend.Amount(-1)
			for code, cw := range codes {
				if key(code) == k && (cw > bw || (cw == bw && code < best)) {
					best, bw = code, cw
				}
			}
			out[s] = usualCode{cpv: best, share: float64(w) / float64(total)}
		}
	}
	return out
}

// profile is a supplier's usual category in a buyer's ledger.
type profile struct {
	cpv   string
	share float64 // of the spend classified on specific evidence
	items int
}

// SetProfiles finds each supplier's usual category: the code of at least
// 60 % of the spend of at least two of its lines classified on specific evidence (a
// decision, a code, a strong word of the description or the account's
// name). Lines with only generic texts take it (rule supplier_profile).
func (c *Classifier) SetProfiles(items []cityspend.Item) {
	c.profile = nil
	cats := make([]cityspend.ItemCategory, len(items))
	specific := make([]bool, len(items))
	for i, it := range items {
		cats[i].Categorization, specific[i] = c.classify(it)
	}
	c.setProfiles(items, cats, specific)
}

// setProfiles builds the profiles from the items' classification without
// profiles (cats, and whether each rests on specific evidence).
func (c *Classifier) setProfiles(items []cityspend.Item, cats []cityspend.ItemCategory, specific []bool) {
	by := tally{}
	lines := map[string]int{}
	for i, it := range items {
		cat := cats[i]
		if it.SupplierID == "" || !specific[i] || cat.CPV == "" || cat.Confidence < ReviewBelow {
			continue
		}
		w := abs(it.Spend)
		if w == 0 {
			w = 1
		}
		by.add(it.SupplierID, cat.CPV, w)
		lines[it.SupplierID] += int(max(it.Lines, 1))
	}
	c.profile = map[string]profile{}
	for s, u := range by.usual(3, 5, func(code string) string { return code[:3] }) {
		if lines[s] >= 2 {
			c.profile[s] = profile{cpv: u.cpv, share: u.share, items: lines[s]}
		}
	}
}

// profiled reports whether a supplier lends its usual category to its
// generic lines.
func (c *Classifier) profiled(supplierID string) bool {
	_, ok := c.profile[supplierID]
	return ok
}

func abs(a cityspend.Amount) cityspend.Amount {
	if a < 0 {
		return -a
	}
	return a
}
