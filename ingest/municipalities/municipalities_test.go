// SPDX-License-Identifier: EUPL-1.2

package municipalities

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "codes.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRead(t *testing.T) {
	codes, err := Read(writeFile(t, "country;code;name;valid_from;valid_to;successor\nno;0709;Larvik;2018-01-01;2020-01-01;3805\n"+
		"NO;3909;Larvik;2024-01-01;;\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 2 || codes[0].Country != "NO" || codes[0].Successor != "3805" || !codes[0].ValidTo.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		!codes[1].ValidTo.IsZero() {
		t.Errorf("codes %+v", codes)
	}
	for text, want := range map[string]string{
		"country,code,name,valid_from\nNO,3909,Larvik,1.1.2024\n": `codes.csv:2: valid_from: "1.1.2024" is not a date`,
		"country,code,name\nNO,,Larvik\n":                         "codes.csv:2: code: empty",
		"country,code\nNO,3909\n":                                 "no name column",
	} {
		if _, err := Read(writeFile(t, text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("country,code,name,valid_from\nNO,3909,Larvik,2024-01-01\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "m.csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		codes, err := Read(p)
		if err != nil {
			return
		}
		for _, c := range codes {
			if c.Country == "" || c.Code == "" {
				t.Fatalf("%+v", c)
			}
		}
	})
}
