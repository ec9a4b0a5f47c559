// SPDX-License-Identifier: EUPL-1.2

// Package brreg reads the bulk files of Brønnøysundregistrene's
// Enhetsregisteret (the Norwegian Central Coordinating Register for Legal
// Entities): the units file and the sub-units file, each as a JSON array or
// as CSV whose headers are the JSON paths joined with dots, plain or
// gzipped. It streams: a file of any size is read in bounded memory.
package brreg

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// unit is one element of the bulk JSON (units and sub-units share it).
type unit struct {
	Organisasjonsnummer string   `json:"organisasjonsnummer"`
	Navn                string   `json:"navn"`
	Organisasjonsform   *code    `json:"organisasjonsform"`
	Naeringskode1       *code    `json:"naeringskode1"`
	Naeringskode2       *code    `json:"naeringskode2"`
	Naeringskode3       *code    `json:"naeringskode3"`
	AntallAnsatte       *int     `json:"antallAnsatte"`
	HarAnsatte          *bool    `json:"harRegistrertAntallAnsatte"`
	Sektor              *code    `json:"institusjonellSektorkode"`
	Forretningsadresse  *address `json:"forretningsadresse"`
	Postadresse         *address `json:"postadresse"`
	Beliggenhetsadresse *address `json:"beliggenhetsadresse"`
	Mva                 bool     `json:"registrertIMvaregisteret"`
	Frivillighet        bool     `json:"registrertIFrivillighetsregisteret"`
	Konkurs             bool     `json:"konkurs"`
	UnderAvvikling      bool     `json:"underAvvikling"`
	Tvangsavvikling     bool     `json:"underTvangsavviklingEllerTvangsopplosning"`
	Stiftelsesdato      string   `json:"stiftelsesdato"`
	OverordnetEnhet     string   `json:"overordnetEnhet"`
	Slettedato          string   `json:"slettedato"`
}

type code struct {
	Kode string `json:"kode"`
}

type address struct {
	Adresse       []string `json:"adresse"`
	Postnummer    string   `json:"postnummer"`
	Poststed      string   `json:"poststed"`
	Kommunenummer string   `json:"kommunenummer"`
	Landkode      string   `json:"landkode"`
}

// Reader reads a bulk file. It implements cityspend.RegisterReader.
type Reader struct {
	f       *os.File
	gz      *gzip.Reader
	br      *bufio.Reader
	dec     *json.Decoder // JSON array
	tab     *tabular.Table
	header  map[string]int // CSV: dotted path → column
	n       int            // units read, for messages
	Format  string         // "json" or "csv"
	Gzipped bool
	Kind    string // "units" or "subunits", decided from the first unit
	batch   int
}

// Open opens a bulk file, gzipped or not, JSON or CSV.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := &Reader{f: f, batch: 4096}
	var src io.Reader = bufio.NewReaderSize(f, 1<<20)
	if magic, _ := src.(*bufio.Reader).Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		r.gz, err = gzip.NewReader(src)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("not a readable gzip file: %w", err)
		}
		src, r.Gzipped = r.gz, true
	}
	r.br = bufio.NewReaderSize(src, 1<<20)
	first, err := tabular.FirstByte(r.br)
	if err != nil {
		r.Close()
		return nil, err
	}
	if first == '[' {
		r.Format = "json"
		r.dec = json.NewDecoder(r.br)
		if _, err := r.dec.Token(); err != nil {
			r.Close()
			return nil, fmt.Errorf("not a JSON array of units: %w", err)
		}
		return r, nil
	}
	r.Format = "csv"
	r.tab, err = tabular.OpenCSV(r.br, 0, tabular.Options{})
	if err != nil {
		r.Close()
		return nil, err
	}
	rec, _, err := r.tab.Next(nil)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("no header row: %w", err)
	}
	r.header = map[string]int{}
	for i, h := range rec.Fields {
		r.header[strings.TrimSpace(h)] = i
	}
	if _, ok := r.header["organisasjonsnummer"]; !ok {
		r.Close()
		return nil, errors.New(`not an Enhetsregisteret CSV file: no "organisasjonsnummer" column`)
	}
	return r, nil
}

// Close releases the file.
func (r *Reader) Close() error {
	if r.gz != nil {
		r.gz.Close()
	}
	return r.f.Close()
}

// Progress returns the compressed bytes read and the file's size.
func (r *Reader) Progress() (done, total int64) {
	pos, _ := r.f.Seek(0, io.SeekCurrent)
	st, err := r.f.Stat()
	if err != nil {
		return pos, 0
	}
	return pos, st.Size()
}

// ReadUnits implements cityspend.RegisterReader.
func (r *Reader) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]cityspend.RegisterRow, 0, r.batch)
	for len(out) < r.batch {
		var u unit
		var raw string
		var line int
		if r.dec != nil {
			if !r.dec.More() {
				break
			}
			r.n++
			line = r.n
			if err := r.dec.Decode(&u); err != nil {
				var te *json.UnmarshalTypeError
				if errors.As(err, &te) {
					// A field of the wrong type: the decoder has read past the unit.
					out = append(out, reject(r.n, fmt.Sprintf("organisasjonsnummer %s", u.Organisasjonsnummer),
						fmt.Sprintf("%s: a %s where the register format has a %s", te.Field, te.Value, te.Type)))
					continue
				}
				return out, fmt.Errorf("unit %d: not valid JSON: %w", r.n, err)
			}
		} else {
			rec, _, err := r.tab.Next(nil)
			if err == io.EOF {
				break
			}
			if err != nil {
				return out, err
			}
			r.n++
			line, raw = rec.Line, rec.Raw
			if rec.Problem != "" {
				out = append(out, reject(line, raw, rec.Reason(nil)))
				continue
			}
			if err := r.fromCSV(rec.Fields, &u); err != nil {
				out = append(out, reject(line, raw, err.Error()))
				continue
			}
		}
		out = append(out, r.convert(line, raw, &u))
		raw = ""
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// rawJSON is a unit written back as JSON, for the rejects of a JSON file.
func rawJSON(u *unit) string {
	b, _ := json.Marshal(u)
	return string(b)
}

func reject(line int, raw, reason string) cityspend.RegisterRow {
	if len(raw) > 2000 {
		raw = raw[:2000] + "…"
	}
	return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: line, Raw: raw, Reason: reason}}
}

// convert turns a unit into an organisation or establishment, or a reject.
func (r *Reader) convert(line int, raw string, u *unit) cityspend.RegisterRow {
	rej := func(reason string) cityspend.RegisterRow {
		if raw == "" {
			raw = rawJSON(u)
		}
		return reject(line, raw, reason)
	}
	org := strings.ReplaceAll(strings.TrimSpace(u.Organisasjonsnummer), " ", "")
	if !cityspend.ValidNorwegianOrgNumber(org) {
		return rej(fmt.Sprintf("organisasjonsnummer %q is not a valid organisation number", u.Organisasjonsnummer))
	}
	name := strings.TrimSpace(u.Navn)
	if name == "" {
		return rej("navn is empty")
	}
	id := cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: org}
	if r.Kind == "" {
		r.Kind = "units"
		if u.Beliggenhetsadresse != nil || (u.OverordnetEnhet != "" && u.Forretningsadresse == nil) {
			r.Kind = "subunits"
		}
	}
	if r.Kind == "subunits" {
		if !cityspend.ValidNorwegianOrgNumber(u.OverordnetEnhet) {
			return rej(fmt.Sprintf("overordnetEnhet %q is not a valid organisation number", u.OverordnetEnhet))
		}
		e := &cityspend.Establishment{ID: id, Parent: cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: u.OverordnetEnhet}, Name: name}
		a := u.Beliggenhetsadresse
		if a == nil {
			a = u.Postadresse
		}
		e.Address = toAddress(a)
		if u.Naeringskode1 != nil {
			e.NACE = u.Naeringskode1.Kode
		}
		if u.AntallAnsatte != nil {
			e.Employees, e.EmployeesKnown = *u.AntallAnsatte, true
		}
		return cityspend.RegisterRow{Establishment: e}
	}
	o := &cityspend.Organisation{ID: id, Name: name, Source: "brreg", VATRegistered: u.Mva, Voluntary: u.Frivillighet,
		Bankrupt: u.Konkurs, Liquidation: u.UnderAvvikling || u.Tvangsavvikling, Parent: u.OverordnetEnhet}
	if u.Organisasjonsform != nil {
		o.LegalForm = u.Organisasjonsform.Kode
	}
	if u.Sektor != nil {
		o.SectorCode = u.Sektor.Kode
	}
	for _, c := range []*code{u.Naeringskode1, u.Naeringskode2, u.Naeringskode3} {
		if c != nil && c.Kode != "" {
			o.NACE = append(o.NACE, c.Kode)
		}
	}
	switch {
	case u.AntallAnsatte != nil:
		o.Employees, o.EmployeesKnown = *u.AntallAnsatte, true
	case u.HarAnsatte != nil && *u.HarAnsatte:
		// Head counts under 5 may be withheld: registered, not published.
		o.EmployeesKnown, o.EmployeesWithheld = true, true
	case u.HarAnsatte != nil:
		o.EmployeesKnown = true // registered as having no employees
	}
	a := u.Forretningsadresse
	if a == nil {
		a = u.Postadresse
	}
	o.Address = toAddress(a)
	if d, err := time.Parse("2006-01-02", u.Stiftelsesdato); err == nil {
		o.Founded = d
	}
	return cityspend.RegisterRow{Organisation: o}
}

func toAddress(a *address) cityspend.Address {
	if a == nil {
		return cityspend.Address{}
	}
	var lines []string
	for _, l := range a.Adresse {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	cc := strings.ToUpper(strings.TrimSpace(a.Landkode))
	if cc == "" && a.Kommunenummer != "" {
		cc = "NO"
	}
	return cityspend.Address{Lines: lines, Postcode: strings.TrimSpace(a.Postnummer), Locality: strings.TrimSpace(a.Poststed),
		Municipality: strings.TrimSpace(a.Kommunenummer), Country: cc}
}

// fromCSV fills a unit from a CSV row whose headers are dotted JSON paths.
func (r *Reader) fromCSV(fields []string, u *unit) error {
	get := func(path string) string {
		if i, ok := r.header[path]; ok && i < len(fields) {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	boolean := func(path string) (bool, error) {
		switch strings.ToLower(get(path)) {
		case "", "false", "n", "nei", "0":
			return false, nil
		case "true", "j", "ja", "1":
			return true, nil
		}
		return false, fmt.Errorf("%s: %q is not true or false", path, get(path))
	}
	codeOf := func(path string) *code {
		if v := get(path + ".kode"); v != "" {
			return &code{Kode: v}
		}
		return nil
	}
	addr := func(prefix string) *address {
		a := &address{Postnummer: get(prefix + ".postnummer"), Poststed: get(prefix + ".poststed"),
			Kommunenummer: get(prefix + ".kommunenummer"), Landkode: get(prefix + ".landkode")}
		if v := get(prefix + ".adresse"); v != "" {
			a.Adresse = strings.Split(v, "\n")
		}
		if a.Postnummer == "" && a.Poststed == "" && a.Kommunenummer == "" && a.Landkode == "" && a.Adresse == nil {
			return nil
		}
		return a
	}
	u.Organisasjonsnummer = get("organisasjonsnummer")
	u.Navn = get("navn")
	u.Organisasjonsform = codeOf("organisasjonsform")
	u.Naeringskode1, u.Naeringskode2, u.Naeringskode3 = codeOf("naeringskode1"), codeOf("naeringskode2"), codeOf("naeringskode3")
	u.Sektor = codeOf("institusjonellSektorkode")
	if v := get("antallAnsatte"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("antallAnsatte: %q is not a head count", v)
		}
		u.AntallAnsatte = &n
	}
	if v := get("harRegistrertAntallAnsatte"); v != "" {
		b, err := boolean("harRegistrertAntallAnsatte")
		if err != nil {
			return err
		}
		u.HarAnsatte = &b
	}
	u.Forretningsadresse, u.Postadresse, u.Beliggenhetsadresse = addr("forretningsadresse"), addr("postadresse"), addr("beliggenhetsadresse")
	var err error
	for _, f := range []struct {
		path string
		dst  *bool
	}{{"registrertIMvaregisteret", &u.Mva}, {"registrertIFrivillighetsregisteret", &u.Frivillighet}, {"konkurs", &u.Konkurs},
		{"underAvvikling", &u.UnderAvvikling}, {"underTvangsavviklingEllerTvangsopplosning", &u.Tvangsavvikling}} {
		if *f.dst, err = boolean(f.path); err != nil {
			return err
		}
	}
	u.Stiftelsesdato = get("stiftelsesdato")
	u.OverordnetEnhet = get("overordnetEnhet")
	return nil
}
