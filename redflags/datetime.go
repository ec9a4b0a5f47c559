// SPDX-License-Identifier: EUPL-1.2

package redflags

// instant is a moment read from an RFC 3339 timestamp, in UTC: whole days
// since 1970-01-01, seconds into the day, and nanoseconds. nanos reaches
// past one second only for a leap second (23:59:60 reads as 23:59:59 plus
// one second of nanoseconds), the way the reference's date library keeps
// them.
type instant struct {
	days  int64
	secs  int64 // 0..86399
	nanos int64 // 0..1_999_999_999
}

func digits(s string, i, n int) (int64, bool) {
	if i+n > len(s) {
		return 0, false
	}
	var v int64
	for j := i; j < i+n; j++ {
		c := s[j]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// parseRFC3339 reads a strict RFC 3339 date-time: a four-digit year, two-digit
// fields, 'T', 't' or a space between date and time, optional fractional
// seconds (digits past the ninth are ignored), and 'Z', 'z' or a ±hh:mm
// offset up to 23:59. Seconds may be 60 (a leap second).
func parseRFC3339(s string) (instant, bool) {
	var t instant
	year, ok1 := digits(s, 0, 4)
	if !ok1 || len(s) < 5 || s[4] != '-' {
		return t, false
	}
	month, ok2 := digits(s, 5, 2)
	if !ok2 || len(s) < 8 || s[7] != '-' {
		return t, false
	}
	day, ok3 := digits(s, 8, 2)
	if !ok3 || len(s) < 11 {
		return t, false
	}
	switch s[10] {
	case 'T', 't', ' ':
	default:
		return t, false
	}
	hour, ok4 := digits(s, 11, 2)
	if !ok4 || len(s) < 14 || s[13] != ':' {
		return t, false
	}
	minute, ok5 := digits(s, 14, 2)
	if !ok5 || len(s) < 17 || s[16] != ':' {
		return t, false
	}
	second, ok6 := digits(s, 17, 2)
	if !ok6 {
		return t, false
	}
	i := 19
	var nanos int64
	if i < len(s) && s[i] == '.' {
		i++
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if n < 9 {
				nanos = nanos*10 + int64(s[i]-'0')
				n++
			}
			i++
		}
		if n == 0 {
			return t, false
		}
		for ; n < 9; n++ {
			nanos *= 10
		}
	}
	if i >= len(s) {
		return t, false
	}
	var offset int64
	switch {
	case s[i] == 'Z' || s[i] == 'z':
		i++
	default:
		sign := int64(1)
		switch {
		case s[i] == '+':
			i++
		case s[i] == '-':
			sign = -1
			i++
		case len(s)-i >= 3 && s[i:i+3] == "\u2212": // MINUS SIGN
			sign = -1
			i += 3
		default:
			return t, false
		}
		oh, ok := digits(s, i, 2)
		if !ok || len(s) < i+3 || s[i+2] != ':' {
			return t, false
		}
		om, ok := digits(s, i+3, 2)
		if !ok || om > 59 || oh > 23 {
			return t, false
		}
		i += 5
		offset = sign * (oh*3600 + om*60)
	}
	if i != len(s) {
		return t, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		hour > 23 || minute > 59 || second > 60 {
		return t, false
	}
	if second == 60 {
		second = 59
		nanos += 1_000_000_000
	}
	secs := hour*3600 + minute*60 + second - offset
	days := daysFromCivil(year, month, day)
	for secs < 0 {
		secs += 86400
		days--
	}
	for secs >= 86400 {
		secs -= 86400
		days++
	}
	return instant{days: days, secs: secs, nanos: nanos}, true
}

// wholeDaysBetween returns the whole days from a to b, truncated toward
// zero, counting a leap second as the reference's date library does.
func wholeDaysBetween(a, b instant) int64 {
	secs := (b.days-a.days)*86400 + b.secs - a.secs
	switch {
	case b.secs > a.secs && a.nanos >= 1_000_000_000:
		secs++
	case b.secs < a.secs && b.nanos >= 1_000_000_000:
		secs--
	}
	nanos := b.nanos - a.nanos
	// Normalise to secs + nanos with 0 <= nanos < 1e9.
	for nanos < 0 {
		nanos += 1_000_000_000
		secs--
	}
	for nanos >= 1_000_000_000 {
		nanos -= 1_000_000_000
		secs++
	}
	// Whole seconds, truncated toward zero.
	if secs < 0 && nanos > 0 {
		secs++
	}
	return secs / 86400
}
