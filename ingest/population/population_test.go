// SPDX-License-Identifier: EUPL-1.2

package population

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

func figures(f *File) map[string]int64 {
	m := map[string]int64{}
	for _, x := range f.Figures {
		m[fmt.Sprintf("%s %s %d", x.Country, x.Area, x.Year)] = x.Persons
	}
	return m
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		file       string
		year       int
		layout     string
		want       map[string]int64
		names      map[string]string
		rejects    int
		skipped    int64
		incomplete []string
	}{
		{file: "ssb-07459-wide.csv", layout: "ssb-wide",
			want: map[string]int64{"NO 3905 2023": 28810 + 29521, "NO 3905 2024": 29102 + 29760, "NO 3907 2023": 32655 + 32980,
				"NO 3907 2024": 32890 + 33123, "NO 3909 2023": 23870 + 24102, "NO 3909 2024": 24011 + 24215},
			names:   map[string]string{"3905": "Tønsberg", "3909": "Larvik"},
			rejects: 1, skipped: 3, incomplete: []string{"3911 2023", "3911 2024"}},
		{file: "ssb-07459-long.csv", layout: "ssb-long",
			want:  map[string]int64{"NO 3905 2024": 58862, "NO 3907 2024": 66013, "NO 3909 2023": 47972, "NO 3909 2024": 48226},
			names: map[string]string{"3905": "Tønsberg"}, skipped: 1},
		{file: "ons-mye2-mid2022.csv", layout: "ons-mye",
			want: map[string]int64{"GB E07000223 2022": 64547, "GB E06000001 2022": 93836, "GB E08000001 2022": 298903,
				"GB E09000001 2022": 8583},
			names:   map[string]string{"E07000223": "Adur"},
			rejects: 1, skipped: 4, incomplete: []string{"E07000999 2022"}},
		{file: "ons-myeb1.csv", layout: "ons-myeb",
			want: map[string]int64{"GB E07000223 2020": 910, "GB E07000223 2021": 935, "GB E06000001 2020": 1010,
				"GB W06000001 2020": 200, "GB W06000001 2021": 210},
			names: map[string]string{"W06000001": "Isle of Anglesey"}, incomplete: []string{"E06000001 2021"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := Read(filepath.Join("testdata", tc.file), tc.year)
			if err != nil {
				t.Fatal(err)
			}
			if f.Layout != tc.layout {
				t.Errorf("layout %s, want %s", f.Layout, tc.layout)
			}
			got := figures(f)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("figures\n got %v\nwant %v", got, tc.want)
			}
			for _, x := range f.Figures {
				if n, ok := tc.names[x.Area]; ok && x.Name != n {
					t.Errorf("%s is named %q, want %q", x.Area, x.Name, n)
				}
			}
			if len(f.Rejects) != tc.rejects || f.Skipped != tc.skipped || !slices.Equal(f.Incomplete, tc.incomplete) {
				t.Errorf("rejects %v, skipped %d, incomplete %v; want %d rejects, %d skipped, incomplete %v", f.Rejects, f.Skipped, f.Incomplete,
					tc.rejects, tc.skipped, tc.incomplete)
			}
		})
	}
}

// An ONS table without its year in the title or name needs it given.
func TestONSYear(t *testing.T) {
	in := "Code,Name,Geography,All ages\nE07000223,Adur,Non-metropolitan District,64547\n"
	parse := func(year int) (*File, error) {
		tb, err := tabular.OpenCSV(strings.NewReader(in), int64(len(in)), tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return Parse(tb, "estimates.csv", year)
	}
	if _, err := parse(0); cityspend.ErrorCode(err) != cityspend.EINVALID || !strings.Contains(err.Error(), "--year") {
		t.Fatalf("no year: %v, want EINVALID asking for --year", err)
	}
	f, err := parse(2023)
	if err != nil || len(f.Figures) != 1 || f.Figures[0].Year != 2023 || f.Figures[0].Persons != 64547 {
		t.Fatalf("with --year 2023: %+v, %v", f, err)
	}
}

func TestNotAPopulationFile(t *testing.T) {
	in := "date,supplier,amount\n2024-01-01,Acme,100\n"
	tb, err := tabular.OpenCSV(strings.NewReader(in), int64(len(in)), tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(tb, "ledger.csv", 0); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Fatalf("a ledger: %v, want EINVALID", err)
	}
}

func TestPersons(t *testing.T) {
	for in, want := range map[string]int64{"48226": 48226, "48 226": 48226, "48\u00a0226": 48226, "1,234,567": 1234567, "48.226": 48226} {
		if n, missing, err := persons(in); err != nil || missing || n != want {
			t.Errorf("persons(%q) = %d, %v, %v; want %d", in, n, missing, err, want)
		}
	}
	for _, in := range []string{"..", ":", "-", ""} {
		if _, missing, err := persons(in); err != nil || !missing {
			t.Errorf("persons(%q): missing %v, %v; want missing", in, missing, err)
		}
	}
	for _, in := range []string{"4.82", "-5", "12a", "1e6"} {
		if _, _, err := persons(in); err == nil {
			t.Errorf("persons(%q) read a number", in)
		}
	}
}

// FuzzParse: no input makes the reader panic, and what it reads is a
// figure the store takes.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"\"region\";\"Personer 2024\"\n\"3909 Larvik\";48226\n",
		"\"region\";\"år\";\"statistikkvariabel\";\"07459: x\"\n\"K-3909 Larvik\";\"2024\";\"Personer\";48226\n",
		"Mid-2022\nCode,Name,Geography,All ages\nE07000223,Adur,Non-metropolitan District,\"64,547\"\n",
		"ladcode21,laname21,country,sex,age,population_2021\nE07000223,Adur,E,1,0,300\n",
		"\"region\";\"Personer 2024\"\n\"3909\";..\n\"3909\";1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := tabular.OpenCSV(bytes.NewReader(b), int64(len(b)), tabular.Options{})
		if err != nil {
			return
		}
		pf, err := Parse(tb, "fuzz.csv", 0)
		if err != nil {
			return
		}
		for _, x := range pf.Figures {
			if x.Area == "" || x.Persons < 0 || x.Year < 1800 || x.Year > 2200 || (x.Country != "NO" && x.Country != "GB") {
				t.Fatalf("figure %+v", x)
			}
		}
	})
}
