// SPDX-License-Identifier: EUPL-1.2

// Package postcodes reads the postcode registers that place a payee from
// its postcode, each in its official layout, plain, gzipped or zipped:
//
//   - Norway: Posten/Bring's Postnummerregister, tab-separated, no header,
//     ISO-8859-1 (or UTF-8): postnummer, poststed, kommunenummer,
//     kommunenavn, kategori (B, F, G, P, S).
//   - United Kingdom: the ONS Postcode Directory (ONSPD) or the National
//     Statistics Postcode Lookup, CSV with a header: the postcode (pcds,
//     pcd, pcd7 or pcd8), the local authority district (oslaua, laua or
//     ladYYcd), county (oscty, ctyYYcd), region (rgn, rgnYYcd), the 2011
//     and 2021 LSOAs and the date of termination (doterm, yyyymm).
//   - France: La Poste's base officielle des codes postaux (laposte_hexasmal),
//     ";"-separated with a header: Code_commune_INSEE, Nom_de_la_commune
//     (or Nom_commune), Code_postal, Libellé_d_acheminement, Ligne_5.
//
// Which one a file is is recognised from its content. The indices of
// deprivation by small area are read by ReadDeprivation.
package postcodes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// The sources a Reader recognises.
const (
	Posten  = "posten"  // Norway: Postnummerregister
	ONSPD   = "onspd"   // UK: ONS Postcode Directory (or the NSPL)
	LaPoste = "laposte" // France: base officielle des codes postaux
)

// Countries maps a source to the country whose postcodes it holds.
var Countries = map[string]string{Posten: "NO", ONSPD: "GB", LaPoste: "FR"}

// Reader reads one postcode file. It implements cityspend.PostcodeReader.
type Reader struct {
	// Source is Posten, ONSPD or LaPoste; Country the country it holds.
	Source, Country string
	// Format describes the file ("tab-separated text, iso-8859-1").
	Format string

	src   *tabular.Source
	tab   *tabular.Table
	first *tabular.Record // Posten's first row, read to recognise the file
	col   map[string]int  // field → column (ONSPD, La Poste)
	head  []string
}

// Open opens a postcode file and recognises its layout.
func Open(path string) (*Reader, error) {
	src, err := tabular.OpenSource(path, ".csv", ".txt")
	if err != nil {
		return nil, err
	}
	tab, err := src.CSV(tabular.Options{})
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: not a postcode file cityspend knows: %v", src.Name, err)
	}
	r, err := recognise(tab, src.Name)
	if err != nil {
		tab.Close()
		return nil, err
	}
	r.src = src
	sep := map[byte]string{'\t': "tab-separated text", ';': "\";\"-separated CSV", ',': "CSV"}[tab.Separator]
	if sep == "" {
		sep = fmt.Sprintf("%q-separated text", tab.Separator)
	}
	r.Format = sep + ", " + tab.Encoding
	if src.Compression != "" {
		r.Format += ", in " + src.Compression
	}
	return r, nil
}

// ukColumns are the ONSPD's columns the reader uses, with the names they
// have had: the older lower-case names (oslaua, lsoa11) and the newer ones
// that carry the year of the boundaries (lad25cd, lsoa21cd).
var ukColumns = map[string]*regexp.Regexp{
	"postcode": regexp.MustCompile(`^(pcds|pcd|pcd7|pcd8|postcode)$`),
	"lad":      regexp.MustCompile(`^(oslaua|laua|lad|lad\d\dcd)$`),
	"county":   regexp.MustCompile(`^(oscty|cty|cty\d\dcd)$`),
	"region":   regexp.MustCompile(`^(rgn|gor|rgn\d\dcd)$`),
	"lsoa21":   regexp.MustCompile(`^(lsoa21|lsoa21cd)$`),
	"lsoa11":   regexp.MustCompile(`^(lsoa11|lsoa11cd)$`),
	"doterm":   regexp.MustCompile(`^doterm$`),
}

var frColumns = map[string]*regexp.Regexp{
	"commune":  regexp.MustCompile(`^codecommuneinsee$`),
	"name":     regexp.MustCompile(`^(nomdelacommune|nomcommune)$`),
	"postcode": regexp.MustCompile(`^codepostal$`),
	"label":    regexp.MustCompile(`^libelle(d)?acheminement$`),
}

var fourDigits = regexp.MustCompile(`^[0-9]{4}$`)

// recognise reads the first row: Posten's file has no header and starts
// with a postcode; the others have a header naming their columns.
func recognise(tab *tabular.Table, name string) (*Reader, error) {
	rec, _, err := tab.Next(nil)
	if errors.Is(err, io.EOF) {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%s: the file is empty", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f := rec.Fields
	if len(f) >= 4 && fourDigits.MatchString(strings.TrimSpace(f[0])) && fourDigits.MatchString(strings.TrimSpace(f[2])) {
		return &Reader{Source: Posten, Country: "NO", tab: tab, first: &rec}, nil
	}
	for _, l := range []struct {
		source string
		cols   map[string]*regexp.Regexp
		need   []string
	}{
		{ONSPD, ukColumns, []string{"postcode", "lad"}},
		{LaPoste, frColumns, []string{"commune", "postcode"}},
	} {
		col := map[string]int{}
		for i, h := range f {
			n := tabular.NormHeader(h)
			for field, re := range l.cols {
				if _, seen := col[field]; !seen && re.MatchString(n) {
					col[field] = i
				}
			}
			if n == "pcds" { // the postcode in its standard form, before pcd7 and pcd8
				col["postcode"] = i
			}
		}
		ok := true
		for _, n := range l.need {
			if _, has := col[n]; !has {
				ok = false
			}
		}
		if ok {
			return &Reader{Source: l.source, Country: Countries[l.source], tab: tab, col: col, head: f}, nil
		}
	}
	return nil, cityspend.Errorf(cityspend.EINVALID, "%s: not a postcode file cityspend knows (line %d has %s): use Posten's "+
		"Postnummerregister (Norway), the ONS Postcode Directory (UK) or La Poste's base officielle des codes postaux (France)",
		name, rec.Line, clip(strings.Join(f, ", ")))
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// Close releases the file.
func (r *Reader) Close() error { return r.tab.Close() }

// Progress returns the bytes read and the file's size.
func (r *Reader) Progress() (done, total int64) {
	if r.src == nil {
		return 0, 0
	}
	return r.src.Progress()
}

// ReadPostcodes implements cityspend.PostcodeReader.
func (r *Reader) ReadPostcodes(ctx context.Context) ([]cityspend.PostcodeRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []cityspend.PostcodeRow
	if r.first != nil {
		out = append(out, r.convert(*r.first))
		r.first = nil
	}
	for len(out) < 8192 {
		rec, _, err := r.tab.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		out = append(out, r.convert(rec))
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

func (r *Reader) convert(rec tabular.Record) cityspend.PostcodeRow {
	reject := func(reason string) cityspend.PostcodeRow {
		return cityspend.PostcodeRow{Reject: &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: reason}}
	}
	if rec.Problem != "" {
		return reject(rec.Reason(r.head))
	}
	var p *cityspend.Postcode
	var why string
	switch r.Source {
	case Posten:
		p, why = posten(rec.Fields)
	case ONSPD:
		p, why = r.onspd(rec.Fields)
	case LaPoste:
		p, why = r.laposte(rec.Fields)
	}
	if p == nil {
		return reject(why)
	}
	p.Country = r.Country
	return cityspend.PostcodeRow{Postcode: p}
}

// posten reads a row of the Postnummerregister.
func posten(f []string) (*cityspend.Postcode, string) {
	if len(f) < 4 {
		return nil, fmt.Sprintf("%d fields; the Postnummerregister has five (postnummer, poststed, kommunenummer, kommunenavn, kategori)", len(f))
	}
	pc, muni := strings.TrimSpace(f[0]), strings.TrimSpace(f[2])
	if !fourDigits.MatchString(pc) {
		return nil, fmt.Sprintf("postnummer %q is not four digits", f[0])
	}
	if !fourDigits.MatchString(muni) {
		return nil, fmt.Sprintf("kommunenummer %q is not four digits", f[2])
	}
	return &cityspend.Postcode{Postcode: pc, Municipality: muni, Locality: strings.TrimSpace(f[1])}, ""
}

// ukPostcode is the shape of a UK postcode (without its space).
var ukPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$`)

// gss reads a GSS area code; the directory's pseudo codes for "none"
// (E99999999, S99999999, L99999999) are "".
func gss(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 9 && strings.HasSuffix(s, "99999999") {
		return ""
	}
	return s
}

func (r *Reader) get(f []string, field string) string {
	if i, ok := r.col[field]; ok && i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// onspd reads a row of the ONS Postcode Directory.
func (r *Reader) onspd(f []string) (*cityspend.Postcode, string) {
	raw := r.get(f, "postcode")
	pc := cityspend.NormPostcode(raw)
	if !ukPostcode.MatchString(pc) {
		return nil, fmt.Sprintf("postcode %q is not a UK postcode", raw)
	}
	lad := gss(r.get(f, "lad"))
	if lad == "" {
		// Channel Islands, Isle of Man: no local authority of the UK.
		return nil, fmt.Sprintf("postcode %s has no local authority district (%q)", raw, r.get(f, "lad"))
	}
	p := &cityspend.Postcode{Postcode: pc, Municipality: lad, County: gss(r.get(f, "county")), Region: gss(r.get(f, "region")),
		SmallArea: gss(r.get(f, "lsoa21")), SmallArea2011: gss(r.get(f, "lsoa11"))}
	if t := r.get(f, "doterm"); t != "" {
		d, err := time.Parse("200601", t)
		if err != nil {
			return nil, fmt.Sprintf("doterm %q is not a month (yyyymm)", t)
		}
		p.Terminated = d
	}
	return p, ""
}

// commune is an INSEE commune code: five characters, digits but for
// Corsica's 2A and 2B.
var commune = regexp.MustCompile(`^([0-9]{2}|2A|2B)[0-9]{3}$`)

var fiveDigits = regexp.MustCompile(`^[0-9]{5}$`)

// laposte reads a row of La Poste's file.
func (r *Reader) laposte(f []string) (*cityspend.Postcode, string) {
	code, pc := strings.ToUpper(r.get(f, "commune")), r.get(f, "postcode")
	if !commune.MatchString(code) {
		return nil, fmt.Sprintf("Code_commune_INSEE %q is not a commune code (five characters, such as 75056 or 2A004)", code)
	}
	if !fiveDigits.MatchString(pc) {
		return nil, fmt.Sprintf("Code_postal %q is not five digits", pc)
	}
	name := r.get(f, "name")
	if name == "" {
		name = r.get(f, "label")
	}
	return &cityspend.Postcode{Postcode: pc, Municipality: code, Locality: name}, ""
}
