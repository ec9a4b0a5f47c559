// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSettings(t *testing.T) {
	s, err := ParseSettings(strings.NewReader("\uFEFF; settings for the red flags\n" +
		"currency = USD   ; the main currency\n" +
		"no_price_comparison_procurement_methods = Random Selection|Direct|\n" +
		"price_comparison_procurement_methods: \"Reverse Auction # 1\"\n" +
		"\n" +
		"# prepare sections are accepted and ignored\n" +
		"[defaults]\n" +
		"currency = EUR\n" +
		"[codelists.bid_status]\n" +
		"qualified = valid\n" +
		"[exclusions]\n" +
		"procurement_method_details = Lottery#1|Lottery #2\n" +
		"[ R003 ]  ; on\n" +
		"threshold = -3\n" +
		"procurement_methods = open|selective\n" +
		"[R003.procurement_method_details]\n" +
		"Emergency Works = 5\n" +
		"a.b = 7\n" +
		"[R018]\n" +
		"procurement_methods =\n" +
		"[R024]\n" +
		"threshold = 0.05\n" +
		"[R025]\n" +
		"percentile = +80\n" +
		"threshold = 1e-1\n" +
		"[R028]\n[R030]\n[R036]\n" +
		"[R035]\n" +
		"threshold = 0\n" +
		"[R038]\n" +
		"threshold = .5\n" +
		"minimum_submitted_bids = 3\n" +
		"minimum_contracting_processes = 4\n" +
		"[R044]\n" +
		"[R048]\n" +
		"digits = 3\n" +
		"threshold = 10\n" +
		"minimum_contracting_processes = 5\n" +
		"[R058]\n" +
		"threshold = inf\n" +
		"[R003]\n" +
		"threshold = 12 # the second section adds to the first\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Settings{
		Currency:                            ptr("USD"),
		NoPriceComparisonProcurementMethods: ptr("Random Selection|Direct|"),
		PriceComparisonProcurementMethods:   ptr("Reverse Auction # 1"),
		Exclusions:                          Exclusions{ProcurementMethodDetails: ptr("Lottery#1|Lottery")},
		R003: &R003Settings{Threshold: ptr(int64(12)), ProcurementMethods: ptr("open|selective"),
			ProcurementMethodDetails: map[string]int64{"Emergency Works": 5, "a.b": 7}},
		R018:     &R018Settings{ProcurementMethods: ptr("")},
		R024:     &FenceSettings{Threshold: ptr(0.05)},
		R025:     &R025Settings{Percentile: ptr(uint64(80)), Threshold: ptr(0.1)},
		R028:     &NoSettings{},
		R030:     &NoSettings{},
		R035:     &R035Settings{Threshold: ptr(uint64(0))},
		R036:     &NoSettings{},
		R038:     &R038Settings{Threshold: ptr(0.5), MinimumSubmittedBids: ptr(uint64(3)), MinimumContractingProcesses: ptr(uint64(4))},
		R048:     &R048Settings{Digits: ptr(uint64(3)), Threshold: ptr(uint64(10)), MinimumContractingProcesses: ptr(uint64(5))},
		R058:     &FenceSettings{Threshold: ptr(inf())},
		Warnings: []string{"settings line 35: [R044] is not implemented here, ignored"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got\n%s\nwant\n%s", s, want)
		t.Errorf("%+v", s)
	}
	if got := strings.Join(s.Enabled(), " "); got != "R003 R018 R024 R025 R028 R030 R035 R036 R038 R048 R058" {
		t.Errorf("enabled: %s", got)
	}
	// The rendered settings read back the same.
	again, err := ParseSettings(strings.NewReader(s.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	again.Warnings = s.Warnings
	if !reflect.DeepEqual(again, s) {
		t.Errorf("round trip:\n%s\nbecame\n%s", s, again)
	}
}

func inf() float64 {
	one, zero := 1.0, 0.0
	return one / zero
}

func TestParseSettingsEnables(t *testing.T) {
	for text, want := range map[string]string{
		"":                                      "",
		"; [R024]\n# [R025]\n":                  "",
		"[R024]":                                "R024",
		"[R003.procurement_method_details]\n":   "R003",
		"R058.threshold = 0.5\n":                "R058",
		"[exclusions]\n[R028]\n[R030]\n":        "R028 R030",
		"[modifications]\nmove_auctions = true": "",
	} {
		s, err := ParseSettings(strings.NewReader(text))
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if got := strings.Join(s.Enabled(), " "); got != want {
			t.Errorf("%q enables %q, want %q", text, got, want)
		}
	}
}

func TestParseSettingsErrors(t *testing.T) {
	for text, want := range map[string]string{
		"[R024":                                  "settings line 1: \"[R024\": section header without ]",
		"[R024] x":                               "settings line 1: \"[R024] x\": unexpected text after the section header",
		"[]":                                     "settings line 1: empty section name",
		"[R999]":                                 "settings line 1: unknown section [R999]",
		"[R024.details]":                         "settings line 1: unknown section [R024.details]",
		"\n\n[R024]\nthreshold":                  "settings line 4: \"threshold\": expected key = value or [section]",
		"[R024]\n= 1":                            "settings line 2: \"= 1\": missing key before =",
		"[R024]\nthreshold = x":                  "settings line 2: threshold = \"x\": expected a number",
		"[R024]\nthreshold =":                    "settings line 2: threshold = \"\": expected a number",
		"[R024]\nthreshold = 0x10":               "settings line 2: threshold = \"0x10\": expected a number",
		"[R024]\nlimit = 1":                      "settings line 2: unknown key \"limit\" in [R024]",
		"[R028]\nthreshold = 1":                  "settings line 2: unknown key \"threshold\" in [R028]",
		"[R035]\nthreshold = -1":                 "settings line 2: threshold = \"-1\": expected a non-negative integer",
		"[R035]\nthreshold = 1.5":                "settings line 2: threshold = \"1.5\": expected a non-negative integer",
		"[R003]\nthreshold = 1.5":                "settings line 2: threshold = \"1.5\": expected an integer",
		"[R003]\nprocurement_method_details = x": "settings line 2: procurement_method_details must be a section: [R003.procurement_method_details]",
		"[R003.procurement_method_details]\nx = y": "settings line 2: x = \"y\": expected an integer",
		"currencies = USD":                         "settings line 1: unknown key \"currencies\"",
		"currency = \"USD":                         "settings line 1: currency: unterminated quoted value",
		"currency = \"USD\" EUR":                   "settings line 1: currency: unexpected text after the quoted value",
	} {
		_, err := ParseSettings(strings.NewReader(text))
		var se *SettingsError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a SettingsError", text, err)
			continue
		}
		if err.Error() != want {
			t.Errorf("%q:\n got %s\nwant %s", text, err, want)
		}
	}
}

func TestPipeSet(t *testing.T) {
	for in, want := range map[string][]string{
		"":       {},
		"a":      {"a"},
		"a|b":    {"a", "b"},
		"a|b|":   {"a", "b"},
		"|":      {""},
		"a||b":   {"a", "", "b"},
		"a||":    {"a", ""},
		" a | b": {" a ", " b"},
	} {
		got := pipeSet(&in, "x")
		if len(got) != len(want) {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
		for _, w := range want {
			if !has(got, w) {
				t.Errorf("%q: %v lacks %q", in, got, w)
			}
		}
	}
	if got := pipeSet(nil, "open|selective"); len(got) != 2 {
		t.Errorf("default: %v", got)
	}
}

// FuzzParseSettings checks that the parser never panics, that errors carry
// a line number within the input, and that accepted settings survive a
// round trip through String.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{
		"[R024]\nthreshold = 0.05", "currency = USD ; x", "[R003.procurement_method_details]\nA b = 5\n",
		"price_comparison_procurement_methods = \"a;b\\\"c\"", "[R048]\ndigits = 3\n", "R058.threshold = 1\n[R035]\nthreshold=2",
		"[exclusions]\nprocurement_method_details = x|y|\n[R018]\nprocurement_methods = ''",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseSettings(strings.NewReader(text))
		if err != nil {
			var se *SettingsError
			if !errors.As(err, &se) {
				t.Fatalf("%q: %v is not a SettingsError", text, err)
			}
			if lines := strings.Count(text, "\n") + 1; se.Line < 1 || se.Line > lines+1 {
				t.Fatalf("%q: error at line %d of %d", text, se.Line, lines)
			}
			return
		}
		again, err := ParseSettings(strings.NewReader(s.String()))
		if err != nil {
			t.Fatalf("%q rendered as %q: %v", text, s.String(), err)
		}
		again.Warnings = s.Warnings
		if !reflect.DeepEqual(normalizeSettings(again), normalizeSettings(s)) {
			t.Fatalf("%q: round trip\n%s\nbecame\n%s", text, s, again)
		}
	})
}

// normalizeSettings makes NaN thresholds comparable.
func normalizeSettings(s *Settings) *Settings {
	fix := func(p **float64) {
		if *p != nil && **p != **p {
			*p = ptr(-12345.678)
		}
	}
	c := *s
	if c.R024 != nil {
		x := *c.R024
		fix(&x.Threshold)
		c.R024 = &x
	}
	if c.R058 != nil {
		x := *c.R058
		fix(&x.Threshold)
		c.R058 = &x
	}
	if c.R025 != nil {
		x := *c.R025
		fix(&x.Threshold)
		c.R025 = &x
	}
	if c.R038 != nil {
		x := *c.R038
		fix(&x.Threshold)
		c.R038 = &x
	}
	return &c
}
