// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Populations of the demo's buyers: invented round figures (the
// municipalities' real codes, not their statistics), by sex.
var demoPopulation = []struct {
	code, name string
	men, women int64
}{
	{"3905", "Tønsberg", 28_700, 29_300},
	{"3907", "Sandefjord", 32_600, 33_400},
	{"3909", "Larvik", 23_600, 23_900},
}

// Hollowmere's invented mid-year population.
const hollowmerePopulation int = 96_400

// WritePopulationFiles writes the demo's population files in the official
// layouts: Statistics Norway's table 07459 as the statistics bank exports
// it (ISO-8859-1, semicolons, the title line above the header, by sex,
// the years across) for the three municipalities, and the ONS mid-year
// estimates' MYE2 table as CSV for Hollowmere, a file a year, for the
// years from..to.
func WritePopulationFiles(dir string, from, to int) (ssb string, ons []string, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "07459: Alders- og kjønnsfordeling i kommuner, fylker og hele landets befolkning (K) %d - %d (syntetisk demo)\r\n\r\n\"region\";\"kjønn\";\"statistikkvariabel\"", from, to)
	for y := from; y <= to; y++ {
		fmt.Fprintf(&b, ";\"Personer %d\"", y)
	}
	b.WriteString("\r\n")
	for _, m := range demoPopulation {
		for _, sex := range []struct {
			name string
			n    int64
		}{{"Menn", m.men}, {"Kvinner", m.women}} {
			fmt.Fprintf(&b, "\"%s %s\";\"%s\";\"Personer\"", m.code, m.name, sex.name)
			for y := from; y <= to; y++ {
				fmt.Fprintf(&b, ";%d", sex.n+int64(y-from)*120) // a little growth each year
			}
			b.WriteString("\r\n")
		}
	}
	latin, err := charmap.ISO8859_1.NewEncoder().String(b.String())
	if err != nil {
		return "", nil, err
	}
	ssb = filepath.Join(dir, "07459-demo.csv")
	if err := os.WriteFile(ssb, []byte(latin), 0o600); err != nil {
		return "", nil, err
	}
	for y := from; y <= to; y++ {
		var o strings.Builder
		fmt.Fprintf(&o, "Mid-%d population estimates (synthetic demo: Hollowmere is not a real council)\n\nCode,Name,Geography,All ages\n", y)
		fmt.Fprintf(&o, "%s,Hollowmere,Non-metropolitan District,\"%s\"\n", Hollowmere.District, thousands(hollowmerePopulation+(y-from)*150))
		f := filepath.Join(dir, fmt.Sprintf("mye2-mid%d-demo.csv", y))
		if err := os.WriteFile(f, []byte(o.String()), 0o600); err != nil {
			return "", nil, err
		}
		ons = append(ons, f)
	}
	return ssb, ons, nil
}
