// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"strings"
	"unique"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// The texts of a line a reason names (argument "src:<key>").
const (
	srcDescription = "src:description"
	srcAccount     = "src:account_text"
	srcName        = "src:supplier_name"
	srcUnit        = "src:unit"
)

// part is one clause of a reason: a message key of the catalogue
// ("cls.why.<key>", i18n/messages_classify.go) and its arguments. An
// argument "cpv:<code>" names a code (rendered with its label in the
// reader's language), "src:<key>" a text of the line ("cls.src.<key>");
// others are shown as they are (patterns, names, dates, figures, a
// person's words).
func part(key string, args ...string) cityspend.ReasonPart {
	return cityspend.ReasonPart{Key: key, Args: args}
}

func code(c string) string { return "cpv:" + c }

// CodeName names a code in a reason, in every language the same way: "CPV
// 15810000 bread and bakery products", or "CPV 15810000" without a label.
func CodeName(code, label string) string {
	if label == "" {
		return "CPV " + code
	}
	return "CPV " + code + " " + label
}

// Render writes a reason in a language: t is the locale's message function
// and label gives a code's label in that language ("" if it has none); each
// code is named by CodeName. Clauses are joined with "; ".
func Render(why []cityspend.ReasonPart, t func(key string, args ...any) string, label func(code string) string) string {
	var out []string
	for _, p := range why {
		args := make([]any, 0, len(p.Args))
		for _, a := range p.Args {
			switch {
			case strings.HasPrefix(a, "cpv:"):
				c := strings.TrimPrefix(a, "cpv:")
				args = append(args, CodeName(c, label(c)))
			case strings.HasPrefix(a, "src:"):
				args = append(args, t("cls.src."+strings.TrimPrefix(a, "src:")))
			default:
				args = append(args, a)
			}
		}
		// A list of texts that agree is one argument, joined in the language.
		if p.Key == "agree" {
			ss := make([]string, len(args))
			for i, a := range args {
				ss[i] = a.(string)
			}
			args = []any{strings.Join(ss, t("cls.and"))}
		}
		out = append(out, t("cls.why."+p.Key, args...))
	}
	return strings.Join(out, "; ")
}

// english renders a reason in English with the classifier's labels, for
// the reason text the CLI, the API and the logs show.
func (c *Classifier) english(why []cityspend.ReasonPart) string {
	// Kept once: a city's items share a few thousand reasons.
	return unique.Make(Render(why, i18n.New("en").T, c.label)).Value()
}
