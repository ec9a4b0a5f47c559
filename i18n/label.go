// SPDX-License-Identifier: EUPL-1.2

package i18n

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Label is a message used as a label (a table's row, a term before its
// value): with a capital first letter, as a label is written in both
// languages, where the catalogue keeps it in lower case for use inside a
// sentence ("markedsdialog" → "Markedsdialog").
func (l *Locale) Label(key string, args ...any) string {
	s := l.T(key, args...)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

var monthNames = map[string][]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"nb": {"Januar", "Februar", "Mars", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Desember"},
}

// Month names a month and its year as a label ("Mars 2027", "March 2027").
func (l *Locale) Month(t time.Time) string {
	names, ok := monthNames[l.Lang]
	if !ok {
		names = monthNames["en"]
	}
	return strings.Join([]string{names[t.Month()-1], strconv.Itoa(t.Year())}, " ")
}
