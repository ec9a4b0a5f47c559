// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"
)

// brregUnit is one unit of Enhetsregisteret's bulk JSON ("enheter").
type brregUnit struct {
	Organisasjonsnummer         string       `json:"organisasjonsnummer"`
	Navn                        string       `json:"navn"`
	Organisasjonsform           brregCode    `json:"organisasjonsform"`
	RegistreringsdatoEnhetsreg  string       `json:"registreringsdatoEnhetsregisteret"`
	RegistrertIMvaregisteret    bool         `json:"registrertIMvaregisteret"`
	Naeringskode1               *brregCode   `json:"naeringskode1,omitempty"`
	AntallAnsatte               *int         `json:"antallAnsatte,omitempty"`
	HarRegistrertAntallAnsatte  bool         `json:"harRegistrertAntallAnsatte"`
	Forretningsadresse          brregAddress `json:"forretningsadresse"`
	Stiftelsesdato              string       `json:"stiftelsesdato,omitempty"`
	InstitusjonellSektorkode    *brregCode   `json:"institusjonellSektorkode,omitempty"`
	RegistrertIForetaksregister bool         `json:"registrertIForetaksregisteret"`
	RegistrertIFrivillighetsreg bool         `json:"registrertIFrivillighetsregisteret"`
	Konkurs                     bool         `json:"konkurs"`
	UnderAvvikling              bool         `json:"underAvvikling"`
	UnderTvangsavvikling        bool         `json:"underTvangsavviklingEllerTvangsopplosning"`
	Maalform                    string       `json:"maalform"`
}

type brregCode struct {
	Kode        string `json:"kode"`
	Beskrivelse string `json:"beskrivelse,omitempty"`
}

type brregAddress struct {
	Land          string   `json:"land"`
	Landkode      string   `json:"landkode"`
	Postnummer    string   `json:"postnummer,omitempty"`
	Poststed      string   `json:"poststed"`
	Adresse       []string `json:"adresse"`
	Kommune       string   `json:"kommune,omitempty"`
	Kommunenummer string   `json:"kommunenummer,omitempty"`
}

var formNames = map[string]string{
	"AS": "Aksjeselskap", "ASA": "Allmennaksjeselskap", "ENK": "Enkeltpersonforetak", "KOMM": "Kommune",
	"FYLK": "Fylkeskommune", "IKS": "Interkommunalt selskap", "NUF": "Norskregistrert utenlandsk foretak",
	"FLI": "Forening/lag/innretning", "STI": "Stiftelse", "SA": "Samvirkeforetak", "ANS": "Ansvarlig selskap",
}

var countryNames = map[string]string{"NO": "Norge", "SE": "Sverige", "DK": "Danmark", "IE": "Irland", "DE": "Tyskland", "NL": "Nederland", "FI": "Finland"}

func sectorFor(form string) string {
	switch form {
	case "KOMM":
		return "6500"
	case "FYLK":
		return "6500"
	case "IKS":
		return "6500"
	case "ENK":
		return "8200"
	case "FLI", "STI":
		return "7000"
	case "NUF":
		return "9000"
	}
	return "2100"
}

func (s *Supplier) unit() brregUnit {
	u := brregUnit{
		Organisasjonsnummer:         s.Org,
		Navn:                        s.Name,
		Organisasjonsform:           brregCode{s.Form, formNames[s.Form]},
		RegistreringsdatoEnhetsreg:  s.Founded.AddDate(0, 0, 14).Format("2006-01-02"),
		RegistrertIMvaregisteret:    s.VAT,
		HarRegistrertAntallAnsatte:  s.EmpKnown,
		Stiftelsesdato:              s.Founded.Format("2006-01-02"),
		InstitusjonellSektorkode:    &brregCode{Kode: sectorFor(s.Form)},
		RegistrertIForetaksregister: s.Form != "FLI" && s.Form != "KOMM" && s.Form != "FYLK",
		RegistrertIFrivillighetsreg: s.Form == "FLI",
		Maalform:                    "Bokmål",
		Forretningsadresse: brregAddress{
			Land: countryNames[s.Country], Landkode: s.Country, Postnummer: s.Postcode, Poststed: s.Poststed,
			Adresse: []string{s.Street}, Kommune: s.Kommune, Kommunenummer: s.Municipality,
		},
	}
	if s.NACE != "" {
		u.Naeringskode1 = &brregCode{Kode: s.NACE}
	}
	if s.EmpKnown && !s.EmpHidden {
		e := s.Employees
		u.AntallAnsatte = &e
	}
	return u
}

// RegisterOptions describe a register file to generate.
type RegisterOptions struct {
	// Units is the number of units in the file; the universe's suppliers come
	// first, then invented firms all over Norway. 0: the universe only.
	Units    int64
	Progress func(done, total int64)
}

// WriteRegisterFile writes the register as Brønnøysund bulk JSON (an array of
// units), gzipped when path ends in .gz. It returns the number of units.
func WriteRegisterFile(ctx context.Context, path string, u *Universe, opts RegisterOptions) (n int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var gz *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		gz, _ = gzip.NewWriterLevel(bw, gzip.BestSpeed)
		w = gz
	}
	n, err = WriteRegister(ctx, w, u, opts)
	if err != nil {
		return n, err
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// WriteRegister streams the register JSON array to w.
func WriteRegister(ctx context.Context, w io.Writer, u *Universe, opts RegisterOptions) (int64, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return 0, err
	}
	var n int64
	err := Units(ctx, u, opts.Units, func(s *Supplier) error {
		if n > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		n++
		if n%65536 == 0 && opts.Progress != nil {
			opts.Progress(n, max(opts.Units, int64(len(u.Suppliers))))
		}
		return enc.Encode(s.unit())
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "]\n")
	return n, err
}

// Units visits the register's units: the universe's suppliers first, then
// invented firms up to total (which continue the universe's organisation
// numbers, so all are unique).
func Units(ctx context.Context, u *Universe, total int64, visit func(*Supplier) error) error {
	total = max(total, int64(len(u.Suppliers)))
	for _, s := range u.Suppliers {
		if err := visit(s); err != nil {
			return err
		}
	}
	rng := seeded(u.Seed, "register-filler")
	for n := int64(len(u.Suppliers)); n < total; n++ {
		if n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := visit(u.filler(rng)); err != nil {
			return err
		}
	}
	return nil
}

var fillerTrades = []string{"Bygg", "Eiendom", "Holding", "Invest", "Consulting", "Regnskap", "Frisør", "Transport", "Maskin", "Elektro",
	"Rør", "Maler", "Snekker", "Hage", "Data", "Design", "Media", "Helse", "Fysioterapi", "Tannlege", "Bakeri", "Kafé", "Restaurant",
	"Handel", "Import", "Utleie", "Fiske", "Gård", "Skog", "Landbruk", "Marin", "Shipping", "Energi", "Solenergi", "Eiendomsutvikling",
	"Rådgivning", "Service", "Montasje", "Betong", "Tak", "Ventilasjon", "Trafikkskole", "Taxi", "Arkitekt", "Foto", "Musikk", "Sport"}

var fillerNACE = []string{"68.209", "64.202", "70.220", "41.200", "43.210", "43.220", "43.341", "96.021", "49.410", "62.010", "69.201",
	"86.901", "56.101", "47.190", "01.410", "02.100", "03.111", "46.900", "43.320", "71.112", "74.100", "85.510", "93.130", "96.210", "00.000"}

var fillerPlaces = func() []place {
	out := append([]place{}, national...)
	for _, p := range vestfold {
		p.weight = 0.8
		out = append(out, p)
	}
	return out
}()

// filler invents a firm somewhere in Norway that no municipality buys from.
func (u *Universe) filler(rng *rand.Rand) *Supplier {
	total := 0.0
	for _, p := range fillerPlaces {
		total += p.weight
	}
	x := rng.Float64() * total
	p := fillerPlaces[0]
	for _, q := range fillerPlaces {
		x -= q.weight
		if x < 0 {
			p = q
			break
		}
	}
	s := &Supplier{Org: u.orgs.next(), Country: "NO", Scope: "filler", VAT: rng.IntN(3) > 0, home: -1,
		NACE: pick(rng, fillerNACE), Municipality: p.code, Kommune: strings.ToUpper(p.name), Poststed: p.post}
	r := p.ranges[rng.IntN(len(p.ranges))]
	s.Postcode = fmt.Sprintf("%04d", r[0]+rng.IntN(r[1]-r[0]+1))
	trade := pick(rng, fillerTrades)
	var name string
	switch rng.IntN(5) {
	case 0:
		name = pick(rng, firstNames) + " " + pick(rng, surnames) + " " + trade
		s.Form = "ENK"
	case 1:
		name = pick(rng, surnames) + " " + trade + " " + pick(rng, []string{"AS", "Holding AS", "Invest AS", "Eiendom AS"})
		s.Form = "AS"
	case 2:
		name = p.name + " " + trade + " " + pick(rng, []string{"AS", "Service AS", "og Sønn AS", "Senter AS"})
		s.Form = "AS"
	case 3:
		name = strings.ToUpper(string(rune('A'+rng.IntN(26)))) + strings.ToUpper(string(rune('A'+rng.IntN(26)))) + fmt.Sprintf("%d", rng.IntN(1000)) + " " + trade + " AS"
		s.Form = "AS"
	default:
		name = pick(rng, surnames) + " & " + pick(rng, surnames) + " " + trade + " AS"
		s.Form = "AS"
	}
	s.Name = strings.ToUpper(name)
	if u.names[s.Name] { // never the exact name of a firm the municipalities buy from
		s.Name += " " + strings.ToUpper(p.name)
	}
	if s.Form == "ENK" {
		s.EmpKnown = rng.IntN(4) == 0
	} else {
		s.Employees = int(math.Floor(math.Exp(rng.Float64()*rng.Float64()*6))) - 1
		s.EmpKnown = true
		s.EmpHidden = s.Employees > 0 && s.Employees < 5 && rng.IntN(2) == 0
	}
	s.Street = fmt.Sprintf("%s %d", pick(rng, streets), 1+rng.IntN(120))
	s.Founded = time.Date(1960+rng.IntN(65), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	return s
}
