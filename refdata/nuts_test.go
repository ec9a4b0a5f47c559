// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"testing"
	"time"
)

func TestNUTS3(t *testing.T) {
	on := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		country, muni, want string
	}{
		{"NO", "3909", "NO093"}, // Larvik, Vestfold from 2024
		{"NO", "3805", "NO093"}, // Larvik's 2020–2023 code, followed to 3909
		{"NO", "0709", "NO093"}, // and its code before 2020
		{"NO", "4601", "NO0A2"}, // Bergen
		{"NO", "0301", "NO081"}, // Oslo
		{"NO", "5501", ""},      // Tromsø: Troms is not in the table
		{"NO", "39", ""},
		{"GB", "E07000120", ""},
	} {
		r, ok := NUTS3(c.country, c.muni, on)
		if r.Code != c.want || ok != (c.want != "") {
			t.Errorf("NUTS3(%s, %s) = %q %v, want %q", c.country, c.muni, r.Code, ok, c.want)
		}
	}
	if _, ok := NUTS3("NO", "3909", time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("a NUTS 2024 code before 2024")
	}
}

func TestCountryAlpha3(t *testing.T) {
	for in, want := range map[string]string{"NO": "NOR", "gb": "GBR", "SE": "SWE", "US": ""} {
		if got := CountryAlpha3(in); got != want {
			t.Errorf("CountryAlpha3(%s) = %q, want %q", in, got, want)
		}
	}
}
