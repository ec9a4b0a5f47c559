// SPDX-License-Identifier: EUPL-1.2

package postcodes

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// deprivationLayout is the English indices of deprivation's files as
// published (File 1, File 2 or File 7 of the IoD2019, as CSV, or the
// sheet of an XLSX): the LSOA code, the IMD rank and decile, under the
// publication's own titles; "area", "rank" and "decile" for other
// indices put in that shape.
var deprivationLayout = tabular.Layout{
	Columns: []tabular.Column{
		{Field: "area", Required: true, Aliases: []string{"LSOA code (2011)", "LSOA code (2021)", "lsoa11cd", "lsoa21cd", "lsoa", "small area"}},
		{Field: "rank", Aliases: []string{"Index of Multiple Deprivation (IMD) Rank", "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
			"IMD rank"}},
		{Field: "decile", Required: true, Aliases: []string{"Index of Multiple Deprivation (IMD) Decile",
			"Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)", "IMD decile"}},
	},
	Hint: "use a file of the English indices of deprivation (File 1, 2 or 7, with the LSOA code and the IMD rank and decile) " +
		"or a CSV with the columns area, rank and decile",
}

var yearIn = regexp.MustCompile(`(19|20)[0-9]{2}`)

// Deprivation is what ReadDeprivation read: the areas and the rows it
// rejected, with the index they are of.
type Deprivation struct {
	Index   string
	Areas   []cityspend.AreaDeprivation
	Rejects []cityspend.Reject
	Read    int64
}

// ReadDeprivation reads an index of deprivation by small area. index
// names it ("IMD2019"); "" takes the name from the file's name ("…IMD2019…",
// "…IoD2025…") or else from the LSOAs' year (2011: IMD2019; 2021: IMD2025).
func ReadDeprivation(path, index string) (*Deprivation, error) {
	var n *tabular.Named
	var err error
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".xlsx" || ext == ".ods" {
		n, err = tabular.OpenNamed(path, tabular.Options{}, deprivationLayout)
	} else {
		var src *tabular.Source
		if src, err = tabular.OpenSource(path, ".csv"); err == nil {
			n, err = src.Named(tabular.Options{}, deprivationLayout)
		}
	}
	if err != nil {
		return nil, err
	}
	defer n.Close()
	d := &Deprivation{Index: index}
	if d.Index == "" {
		d.Index = indexName(filepath.Base(path), n.Header.Fields)
	}
	if d.Index == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: which index this is cannot be told from the file: name it with --index (IMD2019)", path)
	}
	for {
		row, err := n.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		d.Read++
		a, why := deprivationRow(row)
		if why != "" {
			d.Rejects = append(d.Rejects, cityspend.Reject{Line: row.Line, Raw: row.Raw, Reason: why})
			continue
		}
		a.Index = d.Index
		d.Areas = append(d.Areas, a)
	}
	return d, nil
}

// indexName tells the index from the file's name, or from the year of the
// LSOAs it is by.
func indexName(file string, header []string) string {
	up := strings.ToUpper(file)
	for _, p := range []string{"IMD", "IOD"} {
		if i := strings.Index(up, p); i >= 0 {
			if y := yearIn.FindString(up[i:]); y != "" {
				return "IMD" + y
			}
		}
	}
	for _, h := range header {
		switch tabular.NormHeader(h) {
		case "lsoacode2011", "lsoa11cd":
			return "IMD2019"
		case "lsoacode2021", "lsoa21cd":
			return "IMD2025"
		}
	}
	return ""
}

func deprivationRow(row tabular.Row) (cityspend.AreaDeprivation, string) {
	if row.Problem != "" {
		return cityspend.AreaDeprivation{}, row.Reason()
	}
	a := cityspend.AreaDeprivation{Area: strings.TrimSpace(row.Get("area"))}
	if a.Area == "" {
		return a, "area: empty"
	}
	dec := strings.TrimSpace(row.Get("decile"))
	d, err := strconv.Atoi(dec)
	if err != nil || d < 1 || d > 10 {
		return a, fmt.Sprintf("decile: %q is not a decile (1 the most deprived tenth … 10)", dec)
	}
	a.Decile = d
	if rk := strings.ReplaceAll(strings.TrimSpace(row.Get("rank")), ",", ""); rk != "" {
		n, err := strconv.Atoi(rk)
		if err != nil || n < 1 {
			return a, fmt.Sprintf("rank: %q is not a rank (1 the most deprived)", row.Get("rank"))
		}
		a.Rank = n
	}
	return a, ""
}
