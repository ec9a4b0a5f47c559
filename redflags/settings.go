// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Settings configures the indicators, read from an INI file with the same
// sections and keys as ocdscardinal's settings file. A nil section pointer
// means the section is absent and the indicator is off; a nil value pointer
// means the key is absent and the default (or, for fences, a value computed
// from the data) applies.
type Settings struct {
	// Currency is the main currency; when nil it is the first currency
	// observed in the data.
	Currency *string
	// NoPriceComparisonProcurementMethods lists (separated by |) the
	// tender/procurementMethodDetails values whose bids aren't compared on
	// price (R024, R028, R036, R058). It has no effect if
	// PriceComparisonProcurementMethods is set.
	NoPriceComparisonProcurementMethods *string
	// PriceComparisonProcurementMethods lists the only
	// tender/procurementMethodDetails values whose bids are compared on price.
	PriceComparisonProcurementMethods *string
	// Exclusions holds the [exclusions] section.
	Exclusions Exclusions

	R003 *R003Settings
	R018 *R018Settings
	R024 *FenceSettings
	R025 *R025Settings
	R028 *NoSettings
	R030 *NoSettings
	R035 *R035Settings
	R036 *NoSettings
	R038 *R038Settings
	R048 *R048Settings
	R058 *FenceSettings

	// Warnings notes sections that were accepted but have no effect here.
	Warnings []string
}

// Exclusions drops whole contracting processes before any indicator runs.
type Exclusions struct {
	// ProcurementMethodDetails lists (separated by |) the
	// tender/procurementMethodDetails values to exclude.
	ProcurementMethodDetails *string
}

// R003Settings: threshold (days, default 15), procurement_methods (| list,
// default all) and [R003.procurement_method_details] (per-details
// thresholds).
type R003Settings struct {
	Threshold                *int64
	ProcurementMethods       *string
	ProcurementMethodDetails map[string]int64
}

// R018Settings: procurement_methods (| list, default open|selective).
type R018Settings struct {
	ProcurementMethods *string
}

// FenceSettings (R024, R058): a fixed threshold instead of the fence
// computed from the quartiles.
type FenceSettings struct {
	Threshold *float64
}

// R025Settings: percentile (default 75) and threshold (a fixed lower fence).
type R025Settings struct {
	Percentile *uint64
	Threshold  *float64
}

// R035Settings: threshold (minimum number of disqualified tenderers,
// default 1, at least 1).
type R035Settings struct {
	Threshold *uint64
}

// R038Settings: threshold (a fixed upper fence), minimum_submitted_bids
// (default 2) and minimum_contracting_processes (default 2).
type R038Settings struct {
	Threshold                   *float64
	MinimumSubmittedBids        *uint64
	MinimumContractingProcesses *uint64
}

// R048Settings: digits (default 2), threshold (a fixed upper fence) and
// minimum_contracting_processes (default 20).
type R048Settings struct {
	Digits                      *uint64
	Threshold                   *uint64
	MinimumContractingProcesses *uint64
}

// NoSettings is an indicator section without keys.
type NoSettings struct{}

// SettingsError is a problem in a settings file, with its line (1-based).
type SettingsError struct {
	Line int
	Msg  string
}

func (e *SettingsError) Error() string {
	if e.Line == 0 {
		return "settings: " + e.Msg
	}
	return fmt.Sprintf("settings line %d: %s", e.Line, e.Msg)
}

// Enabled lists the codes of the indicators whose sections are present.
func (s *Settings) Enabled() []string {
	var out []string
	for _, c := range codes {
		if s.enabled(c) {
			out = append(out, c.String())
		}
	}
	return out
}

func (s *Settings) enabled(c code) bool {
	switch c {
	case r003:
		return s.R003 != nil
	case r018:
		return s.R018 != nil
	case r024:
		return s.R024 != nil
	case r025:
		return s.R025 != nil
	case r028:
		return s.R028 != nil
	case r030:
		return s.R030 != nil
	case r035:
		return s.R035 != nil
	case r036:
		return s.R036 != nil
	case r038:
		return s.R038 != nil
	case r048:
		return s.R048 != nil
	case r058:
		return s.R058 != nil
	}
	return false
}

// AllSettings returns settings with every indicator enabled and all keys
// at their defaults.
func AllSettings() *Settings {
	return &Settings{
		R003: &R003Settings{}, R018: &R018Settings{}, R024: &FenceSettings{}, R025: &R025Settings{},
		R028: &NoSettings{}, R030: &NoSettings{}, R035: &R035Settings{}, R036: &NoSettings{},
		R038: &R038Settings{}, R048: &R048Settings{}, R058: &FenceSettings{},
	}
}

// LoadSettings reads a settings file.
func LoadSettings(path string) (*Settings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ParseSettings(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Sections of the prepare command, accepted and ignored here.
var prepareSections = map[string]bool{
	"defaults": true, "redactions": true, "corrections": true, "modifications": true,
	"codelists": true, "codelists.bid_status": true, "codelists.award_status": true,
}

// Indicators ocdscardinal knows but this package does not implement.
var otherIndicators = map[string]bool{"R044": true, "R055": true}

// ParseSettings reads INI settings. Lines are `key = value` (or `key: value`),
// `[section]` headers, or comments starting with ; or #. Keys before the
// first section are global. A value may be quoted, and may end with a
// comment that starts with ; or # after whitespace. A section header turns
// the indicator on even without keys; [R003.procurement_method_details]
// holds a map of procurement method details to thresholds (and also turns
// R003 on).
func ParseSettings(r io.Reader) (*Settings, error) {
	s := &Settings{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	section := ""
	warned := map[string]bool{}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		line = strings.TrimSpace(line)
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, &SettingsError{n, fmt.Sprintf("%q: section header without ]", line)}
			}
			if rest := strings.TrimSpace(line[end+1:]); rest != "" && rest[0] != ';' && rest[0] != '#' {
				return nil, &SettingsError{n, fmt.Sprintf("%q: unexpected text after the section header", line)}
			}
			section = strings.TrimSpace(line[1:end])
			if section == "" {
				return nil, &SettingsError{n, "empty section name"}
			}
			if err := s.openSection(section, n, warned); err != nil {
				return nil, err
			}
			continue
		}
		eq := strings.IndexAny(line, "=:")
		if eq < 0 {
			return nil, &SettingsError{n, fmt.Sprintf("%q: expected key = value or [section]", line)}
		}
		key := strings.TrimSpace(line[:eq])
		if key == "" {
			return nil, &SettingsError{n, fmt.Sprintf("%q: missing key before %c", line, line[eq])}
		}
		value, err := iniValue(line[eq+1:])
		if err != nil {
			return nil, &SettingsError{n, fmt.Sprintf("%s: %v", key, err)}
		}
		sec, k := section, key
		if sec == "" {
			// A dotted global key names a section: R003.threshold = 10.
			if i := strings.LastIndexByte(key, '.'); i > 0 {
				sec, k = key[:i], key[i+1:]
				if err := s.openSection(sec, n, warned); err != nil {
					return nil, err
				}
			}
		}
		if err := s.set(sec, k, value, n); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &SettingsError{n + 1, err.Error()}
	}
	return s, nil
}

// iniValue trims a raw value, drops a trailing comment and unquotes it.
func iniValue(raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			c := v[i]
			switch {
			case c == '\\' && i+1 < len(v):
				i++
				b.WriteByte(unescape(v[i]))
			case c == q:
				rest := strings.TrimSpace(v[i+1:])
				if rest != "" && rest[0] != ';' && rest[0] != '#' {
					return "", fmt.Errorf("unexpected text after the quoted value")
				}
				return b.String(), nil
			default:
				b.WriteByte(c)
			}
		}
		return "", fmt.Errorf("unterminated quoted value")
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(unescape(v[i]))
		case (c == ';' || c == '#') && (i == 0 || v[i-1] == ' ' || v[i-1] == '\t'):
			return strings.TrimSpace(b.String()), nil
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func unescape(c byte) byte {
	switch c {
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case '0':
		return 0
	}
	return c
}

// openSection records a [section] header (or a dotted global key).
func (s *Settings) openSection(name string, line int, warned map[string]bool) error {
	base, field, _ := strings.Cut(name, ".")
	if prepareSections[name] {
		return nil
	}
	if otherIndicators[base] {
		if !warned[base] {
			warned[base] = true
			s.Warnings = append(s.Warnings, fmt.Sprintf("settings line %d: [%s] is not implemented here, ignored", line, base))
		}
		return nil
	}
	if field != "" && !(base == "R003" && field == "procurement_method_details") {
		return &SettingsError{line, fmt.Sprintf("unknown section [%s]", name)}
	}
	switch base {
	case "exclusions":
	case "R003":
		if s.R003 == nil {
			s.R003 = &R003Settings{}
		}
		if field != "" && s.R003.ProcurementMethodDetails == nil {
			s.R003.ProcurementMethodDetails = map[string]int64{}
		}
	case "R018":
		if s.R018 == nil {
			s.R018 = &R018Settings{}
		}
	case "R024":
		if s.R024 == nil {
			s.R024 = &FenceSettings{}
		}
	case "R025":
		if s.R025 == nil {
			s.R025 = &R025Settings{}
		}
	case "R028":
		s.R028 = &NoSettings{}
	case "R030":
		s.R030 = &NoSettings{}
	case "R035":
		if s.R035 == nil {
			s.R035 = &R035Settings{}
		}
	case "R036":
		s.R036 = &NoSettings{}
	case "R038":
		if s.R038 == nil {
			s.R038 = &R038Settings{}
		}
	case "R048":
		if s.R048 == nil {
			s.R048 = &R048Settings{}
		}
	case "R058":
		if s.R058 == nil {
			s.R058 = &FenceSettings{}
		}
	default:
		return &SettingsError{line, fmt.Sprintf("unknown section [%s]", name)}
	}
	return nil
}

func (s *Settings) set(section, key, value string, line int) error {
	bad := func(err error) error {
		return &SettingsError{line, fmt.Sprintf("%s = %q: %v", key, value, err)}
	}
	unknown := func() error {
		if section == "" {
			return &SettingsError{line, fmt.Sprintf("unknown key %q", key)}
		}
		return &SettingsError{line, fmt.Sprintf("unknown key %q in [%s]", key, section)}
	}
	str := func(dst **string) error { *dst = &value; return nil }
	i64 := func(dst **int64) error {
		v, err := parseInt(value)
		if err != nil {
			return bad(err)
		}
		*dst = &v
		return nil
	}
	u64 := func(dst **uint64) error {
		v, err := parseUint(value)
		if err != nil {
			return bad(err)
		}
		*dst = &v
		return nil
	}
	f64 := func(dst **float64) error {
		v, err := parseFloat(value)
		if err != nil {
			return bad(err)
		}
		*dst = &v
		return nil
	}
	base, _, _ := strings.Cut(section, ".")
	if prepareSections[section] || otherIndicators[base] {
		return nil
	}
	switch section {
	case "":
		switch key {
		case "currency":
			return str(&s.Currency)
		case "no_price_comparison_procurement_methods":
			return str(&s.NoPriceComparisonProcurementMethods)
		case "price_comparison_procurement_methods":
			return str(&s.PriceComparisonProcurementMethods)
		}
	case "exclusions":
		if key == "procurement_method_details" {
			return str(&s.Exclusions.ProcurementMethodDetails)
		}
	case "R003":
		switch key {
		case "threshold":
			return i64(&s.R003.Threshold)
		case "procurement_methods":
			return str(&s.R003.ProcurementMethods)
		case "procurement_method_details":
			return &SettingsError{line, "procurement_method_details must be a section: [R003.procurement_method_details]"}
		}
	case "R003.procurement_method_details":
		v, err := parseInt(value)
		if err != nil {
			return bad(err)
		}
		s.R003.ProcurementMethodDetails[key] = v
		return nil
	case "R018":
		if key == "procurement_methods" {
			return str(&s.R018.ProcurementMethods)
		}
	case "R024":
		if key == "threshold" {
			return f64(&s.R024.Threshold)
		}
	case "R058":
		if key == "threshold" {
			return f64(&s.R058.Threshold)
		}
	case "R025":
		switch key {
		case "percentile":
			return u64(&s.R025.Percentile)
		case "threshold":
			return f64(&s.R025.Threshold)
		}
	case "R035":
		if key == "threshold" {
			return u64(&s.R035.Threshold)
		}
	case "R038":
		switch key {
		case "threshold":
			return f64(&s.R038.Threshold)
		case "minimum_submitted_bids":
			return u64(&s.R038.MinimumSubmittedBids)
		case "minimum_contracting_processes":
			return u64(&s.R038.MinimumContractingProcesses)
		}
	case "R048":
		switch key {
		case "digits":
			return u64(&s.R048.Digits)
		case "threshold":
			return u64(&s.R048.Threshold)
		case "minimum_contracting_processes":
			return u64(&s.R048.MinimumContractingProcesses)
		}
	}
	return unknown()
}

func parseInt(v string) (int64, error) {
	if v == "" {
		return 0, fmt.Errorf("expected an integer")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("expected an integer")
	}
	return n, nil
}

func parseUint(v string) (uint64, error) {
	v = strings.TrimPrefix(v, "+")
	if v == "" || v[0] == '+' || v[0] == '-' {
		return 0, fmt.Errorf("expected a non-negative integer")
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("expected a non-negative integer")
	}
	return n, nil
}

func parseFloat(v string) (float64, error) {
	// Decimal notation only (with inf and NaN), as Rust's f64 parser reads.
	if v == "" || strings.ContainsAny(v, "xX_pP") {
		return 0, fmt.Errorf("expected a number")
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, nil // Rust saturates to ±inf (or 0) too
		}
		return 0, fmt.Errorf("expected a number")
	}
	return f, nil
}

// pipeSet splits a | separated list the way the reference does: an empty
// string is the empty set and one trailing | is ignored, but an empty item
// elsewhere ("a||b") is kept.
func pipeSet(v *string, def string) map[string]struct{} {
	s := def
	if v != nil {
		s = *v
	}
	set := map[string]struct{}{}
	if s == "" {
		return set
	}
	s = strings.TrimSuffix(s, "|")
	for _, p := range strings.Split(s, "|") {
		set[p] = struct{}{}
	}
	return set
}

// quoteINI writes a value in double quotes, escaping what iniValue unescapes.
func quoteINI(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// String renders the settings as INI text that ParseSettings reads back.
func (s *Settings) String() string {
	var b strings.Builder
	kv := func(k string, v any) {
		switch v := v.(type) {
		case *string:
			if v != nil {
				fmt.Fprintf(&b, "%s = %s\n", k, quoteINI(*v))
			}
		case *int64:
			if v != nil {
				fmt.Fprintf(&b, "%s = %d\n", k, *v)
			}
		case *uint64:
			if v != nil {
				fmt.Fprintf(&b, "%s = %d\n", k, *v)
			}
		case *float64:
			if v != nil {
				fmt.Fprintf(&b, "%s = %s\n", k, strconv.FormatFloat(*v, 'g', -1, 64))
			}
		}
	}
	kv("currency", s.Currency)
	kv("no_price_comparison_procurement_methods", s.NoPriceComparisonProcurementMethods)
	kv("price_comparison_procurement_methods", s.PriceComparisonProcurementMethods)
	if s.Exclusions.ProcurementMethodDetails != nil {
		b.WriteString("[exclusions]\n")
		kv("procurement_method_details", s.Exclusions.ProcurementMethodDetails)
	}
	if x := s.R003; x != nil {
		b.WriteString("[R003]\n")
		kv("threshold", x.Threshold)
		kv("procurement_methods", x.ProcurementMethods)
		if x.ProcurementMethodDetails != nil {
			b.WriteString("[R003.procurement_method_details]\n")
			keys := make([]string, 0, len(x.ProcurementMethodDetails))
			for k := range x.ProcurementMethodDetails {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "%s = %d\n", k, x.ProcurementMethodDetails[k])
			}
		}
	}
	if x := s.R018; x != nil {
		b.WriteString("[R018]\n")
		kv("procurement_methods", x.ProcurementMethods)
	}
	if x := s.R024; x != nil {
		b.WriteString("[R024]\n")
		kv("threshold", x.Threshold)
	}
	if x := s.R025; x != nil {
		b.WriteString("[R025]\n")
		kv("percentile", x.Percentile)
		kv("threshold", x.Threshold)
	}
	if s.R028 != nil {
		b.WriteString("[R028]\n")
	}
	if s.R030 != nil {
		b.WriteString("[R030]\n")
	}
	if x := s.R035; x != nil {
		b.WriteString("[R035]\n")
		kv("threshold", x.Threshold)
	}
	if s.R036 != nil {
		b.WriteString("[R036]\n")
	}
	if x := s.R038; x != nil {
		b.WriteString("[R038]\n")
		kv("threshold", x.Threshold)
		kv("minimum_submitted_bids", x.MinimumSubmittedBids)
		kv("minimum_contracting_processes", x.MinimumContractingProcesses)
	}
	if x := s.R048; x != nil {
		b.WriteString("[R048]\n")
		kv("digits", x.Digits)
		kv("threshold", x.Threshold)
		kv("minimum_contracting_processes", x.MinimumContractingProcesses)
	}
	if x := s.R058; x != nil {
		b.WriteString("[R058]\n")
		kv("threshold", x.Threshold)
	}
	return b.String()
}
