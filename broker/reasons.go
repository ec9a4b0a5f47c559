// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"strings"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Kinds of reasons a supplier matches a need.
const (
	ReasonHistory    = "history"    // it has supplied a buyer in the need's category
	ReasonCategory   = "category"   // its CPV codes meet the need's
	ReasonIndustry   = "industry"   // its NACE code meets the need's
	ReasonWords      = "words"      // what it says it does shares words with the need
	ReasonCapacity   = "capacity"   // the need is larger than it is likely to carry alone
	ReasonRegistered = "registered" // it has registered in the broker
)

// Reason is one reason a supplier matches a need, as data: the page words
// it in the reader's language (Text).
type Reason struct {
	Kind string `json:"kind"`
	// Need and Their are the need's code and the supplier's (CPV, or NACE
	// for an industry); Level how close they are (category, class, group,
	// division).
	Need  string `json:"need_code,omitempty"`
	Their string `json:"supplier_code,omitempty"`
	Level string `json:"level,omitempty"`
	// NeedLabel and TheirLabel name the codes.
	NeedLabel  cpv.Label `json:"-"`
	TheirLabel cpv.Label `json:"-"`
	// Words are the supplier's own words the need shares, whole.
	Words []string `json:"words,omitempty"`
	// BuyerID and Buyer are the buyer supplied (history) or the need's
	// buyer (category, industry).
	BuyerID string `json:"buyer_id,omitempty"`
	Buyer   string `json:"buyer,omitempty"`
	// Amount is what the buyer paid (history) or the need's value for a
	// year (capacity), in Currency.
	Amount   cityspend.Amount `json:"amount,omitempty"`
	Currency string           `json:"currency,omitempty"`
	// Capacity: the supplier's head count (Class set when it is the top of
	// its size class) or its turnover in euros.
	Staff    int              `json:"staff,omitempty"`
	Class    string           `json:"size_class,omitempty"`
	Turnover cityspend.Amount `json:"turnover_eur,omitempty"`
}

// Text words a reason for a reader: to the supplier itself (you: "You
// have supplied Larvik kommune with …") or to a buyer's staff ("Has
// supplied …"), in the locale's language, amounts as it writes them.
func (x Reason) Text(l *i18n.Locale, you bool) string {
	p := "match.it."
	if you {
		p = "match.you."
	}
	buyer := x.Buyer
	if buyer == "" {
		buyer = l.T("match.a-buyer")
	}
	switch x.Kind {
	case ReasonHistory:
		return l.T(p+"history", buyer, label(l, x.TheirLabel, x.Their), l.Short(x.Amount, x.Currency))
	case ReasonCategory:
		need, their := label(l, x.NeedLabel, x.Need), label(l, x.TheirLabel, x.Their)
		if need == their {
			return l.T(p+"category-same", buyer, need)
		}
		return l.T(p+"category", buyer, need, their)
	case ReasonIndustry:
		return l.T(p+"industry", x.Their, x.Need)
	case ReasonWords:
		return l.T(p+"words", list(l, x.Words))
	case ReasonCapacity:
		var firm string
		switch {
		case x.Turnover > 0:
			firm = l.T(p+"turnover", l.Short(x.Turnover, "EUR"))
		case x.Class != "":
			firm = l.T("match.staff-upto", x.Staff)
		default:
			firm = l.T("match.staff", x.Staff)
		}
		return l.T(p+"capacity", l.Short(x.Amount, x.Currency), firm)
	case ReasonRegistered:
		if !you { // the supplier knows
			return l.T(p + "registered")
		}
	}
	return ""
}

// label is a code's label in the locale's language, else the code.
func label(l *i18n.Locale, lb cpv.Label, code string) string {
	s := lb.EN
	if l.Lang == "nb" && lb.NB != "" {
		s = lb.NB
	}
	if s == "" {
		return "CPV " + code
	}
	return lowerFirst(s)
}

// lowerFirst puts a label's first letter in lower case for the middle of
// a sentence, unless the word is an abbreviation ("IT services").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || unicode.IsUpper(r[1]) || !unicode.IsLetter(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// list joins words as a sentence does: "a, b and c".
func list(l *i18n.Locale, ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " " + l.T("match.and") + " " + ws[len(ws)-1]
}

// Why are a match's reasons as a buyer's staff read them.
func (m Match) Why(l *i18n.Locale) []string { return texts(l, m.Reasons, false) }

// LevelText is a match's level in words ("Strong match").
func (m Match) LevelText(l *i18n.Locale) string { return l.T("match.level." + m.Level) }

// Why are an opportunity's reasons as the supplier reads them.
func (o Opportunity) Why(l *i18n.Locale) []string { return texts(l, o.Reasons, true) }

// LevelText is an opportunity's level in words.
func (o Opportunity) LevelText(l *i18n.Locale) string { return l.T("match.level." + o.Level) }

func texts(l *i18n.Locale, rs []Reason, you bool) []string {
	var out []string
	for _, r := range rs {
		if s := r.Text(l, you); s != "" {
			out = append(out, s)
		}
	}
	return out
}
