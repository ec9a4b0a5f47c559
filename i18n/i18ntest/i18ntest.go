// SPDX-License-Identifier: EUPL-1.2

// Package i18ntest holds what the tests of more than one package check
// translations with. For tests only.
package i18ntest

import "regexp"

// English matches the English words an untranslated reason of the
// register or the payee resolver shows (none of them a bokmål word).
var English = regexp.MustCompile(`(?i)\b(the|and|of|in|by|from|not|no|organisation|number|registered|register|close|name|legal|form|employees|branch|region|county|outside|decided|abroad|postcode|municipality|ambiguous|same|company|council|words|told|apart|other)\b`)
