// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"regexp"
	"strconv"

	"github.com/cityspend/cityspend/i18n"
)

// headCount is a register's head count in bokmål, to be grouped.
var headCount = regexp.MustCompile(`\b(\d{4,}) ansatte`)

// turnover is a register's turnover in euros (SIRENE's), to be grouped.
var turnover = regexp.MustCompile(`€(\d{4,})\b`)

// orgNumber is a Norwegian organisation number written whole.
var orgNumber = regexp.MustCompile(`\b(\d{3})(\d{3})(\d{3})\b`)

// reasonText is a register's or the resolver's reason (English phrases
// kept with the data: "in 0301 Oslo, outside the region"; "legal form
// AS"; "35 employees in the register") in the page's language, by
// i18n's Locale.Reason, with head counts and organisation numbers grouped
// as they are written (12 000 ansatte; 923 609 016), and a turnover's
// euros grouped in either language (€1 500 000; €1,500,000).
func reasonText(l *i18n.Locale, s string) string {
	s = headCount.ReplaceAllStringFunc(l.Reason(s), func(m string) string {
		n, err := strconv.ParseInt(headCount.FindStringSubmatch(m)[1], 10, 64)
		if err != nil {
			return m // more digits than an int64: left as written
		}
		return l.Int(n) + " ansatte"
	})
	s = turnover.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseInt(m[len("€"):], 10, 64)
		if err != nil {
			return m
		}
		return "€" + l.Int(n)
	})
	return orgNumber.ReplaceAllString(s, "$1 $2 $3")
}
