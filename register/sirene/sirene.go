// SPDX-License-Identifier: EUPL-1.2

// Package sirene reads INSEE's SIRENE stock files, the French register of
// businesses and their establishments (Licence Ouverte / Etalab 2.0): the
// legal units file (StockUniteLegale: SIREN, name, legal category, NAF
// code, head-count band, catégorie d'entreprise PME/ETI/GE, the social and
// solidarity economy flag, state) and the establishments file
// (StockEtablissement: SIRET, postcode, commune, head office or not,
// state). Columns are read by their names, as INSEE's "Description des
// fichiers du stock" documents them, so the 2019 and later editions (and
// Etalab's geocoded copy, which adds columns) all read. A file is CSV,
// plain, gzipped or zipped; which of the two it is shows from its header.
//
// Legal units are organisations under the scheme FR-SIRENE; establishments
// are their branches (the SIRET is the SIREN and a five-digit NIC), and a
// legal unit, which the stock gives no address, is where its head office
// (siège) is.
package sirene

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata"
)

// Scheme is the identifier scheme of SIREN and SIRET numbers.
const Scheme = "FR-SIRENE"

// UnitColumns are the StockUniteLegale columns the reader uses.
var UnitColumns = []string{"siren", "statutDiffusionUniteLegale", "dateCreationUniteLegale", "trancheEffectifsUniteLegale",
	"categorieEntreprise", "dateDebut", "etatAdministratifUniteLegale", "nomUniteLegale", "nomUsageUniteLegale",
	"denominationUniteLegale", "prenomUsuelUniteLegale", "categorieJuridiqueUniteLegale", "activitePrincipaleUniteLegale",
	"nomenclatureActivitePrincipaleUniteLegale", "nicSiegeUniteLegale", "economieSocialeSolidaireUniteLegale"}

// EstablishmentColumns are the StockEtablissement columns the reader uses.
var EstablishmentColumns = []string{"siren", "nic", "siret", "trancheEffectifsEtablissement", "etablissementSiege",
	"codePostalEtablissement", "libelleCommuneEtablissement", "codeCommuneEtablissement", "codePaysEtrangerEtablissement",
	"libellePaysEtrangerEtablissement", "etatAdministratifEtablissement", "enseigne1Etablissement",
	"denominationUsuelleEtablissement", "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement"}

func layout(cols []string, required ...string) tabular.Layout {
	l := tabular.Layout{Hint: "this is neither INSEE's StockUniteLegale nor its StockEtablissement file"}
	req := map[string]bool{}
	for _, r := range required {
		req[r] = true
	}
	for _, c := range cols {
		l.Columns = append(l.Columns, tabular.Column{Field: c, Required: req[c]})
	}
	return l
}

var (
	unitLayout = layout(UnitColumns, "siren", "etatAdministratifUniteLegale", "activitePrincipaleUniteLegale")
	estLayout  = layout(EstablishmentColumns, "siren", "siret", "etablissementSiege", "codeCommuneEtablissement",
		"etatAdministratifEtablissement")
)

// Bands are INSEE's head-count bands (tranche d'effectifs salariés) as
// head-count ranges; NN (no employees on record) and blanks are unknown.
var Bands = map[string]string{"00": "0", "01": "1-2", "02": "3-5", "03": "6-9", "11": "10-19", "12": "20-49", "21": "50-99",
	"22": "100-199", "31": "200-249", "32": "250-499", "41": "500-999", "42": "1000-1999", "51": "2000-4999", "52": "5000-9999",
	"53": "10000+"}

// Reader reads a stock file. It implements cityspend.RegisterReader.
type Reader struct {
	src *tabular.Source
	tab *tabular.Named
	// Kind is "units" (StockUniteLegale) or "establishments"
	// (StockEtablissement); Format describes the file.
	Kind, Format string
}

// Open opens a stock file and decides from its header which one it is.
func Open(path string) (*Reader, error) {
	src, err := tabular.OpenSource(path, ".csv")
	if err != nil {
		return nil, err
	}
	t, err := src.CSV(tabular.Options{})
	if err != nil {
		return nil, err
	}
	head, _, err := t.Next(nil)
	if err != nil {
		t.Close()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: the file is empty", src.Name)
		}
		return nil, err
	}
	t.Close()
	kind, l := "units", unitLayout
	for _, h := range head.Fields {
		if tabular.NormHeader(h) == "siret" {
			kind, l = "establishments", estLayout
		}
	}
	// Open again to read the header by name.
	if src, err = tabular.OpenSource(path, ".csv"); err != nil {
		return nil, err
	}
	n, err := src.Named(tabular.Options{}, l)
	if err != nil {
		return nil, err
	}
	format := "csv"
	if src.Compression != "" {
		format = "csv in " + src.Compression
	}
	return &Reader{src: src, tab: n, Kind: kind, Format: format}, nil
}

// Close releases the file.
func (r *Reader) Close() error { return r.tab.Close() }

// Progress returns the bytes read and the file's size.
func (r *Reader) Progress() (done, total int64) { return r.src.Progress() }

// ReadUnits implements cityspend.RegisterReader.
func (r *Reader) ReadUnits(ctx context.Context) ([]cityspend.RegisterRow, error) {
	conv := establishment
	if r.Kind == "units" {
		conv = unit
	}
	return tabular.Batch(ctx, r.tab, 4096, conv)
}

func rejecter(rec tabular.Row) func(field, reason string) cityspend.RegisterRow {
	return func(field, reason string) cityspend.RegisterRow {
		return cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: field + ": " + reason}}
	}
}

func problem(rec tabular.Row) *cityspend.RegisterRow {
	if rec.Problem == "" {
		return nil
	}
	return &cityspend.RegisterRow{Reject: &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}}
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// date reads INSEE's dates: yyyy-mm-dd, the creation dates of old units
// sometimes only a year and month or a year.
func date(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (yyyy-mm-dd)", s)
}

// activity reads a NAF code with its nomenclature: NAF rév. 2 codes map to
// NACE Rev. 2 classes; older nomenclatures (NAFRev1, NAF1993, NAP) are kept
// as they are, without a NACE class.
func activity(code, nomenclature string) (scheme, nace string) {
	switch strings.ToUpper(strings.ReplaceAll(nomenclature, " ", "")) {
	case "NAFREV2", "":
		if n := refdata.NACEFromNAF(code); n != "" {
			return refdata.SchemeNAFRev2, n
		}
		return refdata.SchemeNAFRev2, ""
	}
	return nomenclature, ""
}

func unit(rec tabular.Row) cityspend.RegisterRow {
	if p := problem(rec); p != nil {
		return *p
	}
	reject, get := rejecter(rec), rec.Get
	siren := get("siren")
	if !digits(siren, 9) {
		return reject("siren", fmt.Sprintf("%q is not a SIREN number (nine digits)", siren))
	}
	name := get("denominationUniteLegale")
	if name == "" {
		// A sole trader: first name and (usage, else birth) surname.
		surname := get("nomUsageUniteLegale")
		if surname == "" {
			surname = get("nomUniteLegale")
		}
		name = strings.TrimSpace(get("prenomUsuelUniteLegale") + " " + surname)
	}
	if name == "" || strings.Contains(name, "[ND]") {
		if get("statutDiffusionUniteLegale") == "P" {
			return reject("denominationUniteLegale", "not published (statutDiffusionUniteLegale P: the person asked not to be listed)")
		}
		return reject("denominationUniteLegale", "no name (neither denominationUniteLegale nor nomUniteLegale)")
	}
	o := &cityspend.Organisation{ID: cityspend.Identifier{Scheme: Scheme, ID: siren}, Name: name,
		LegalForm: get("categorieJuridiqueUniteLegale"), SizeCategory: strings.ToUpper(get("categorieEntreprise")), Source: "sirene"}
	code := get("activitePrincipaleUniteLegale")
	if code != "" {
		scheme, nace := activity(code, get("nomenclatureActivitePrincipaleUniteLegale"))
		o.IndustryCodes, o.IndustryScheme = []string{code}, scheme
		if nace != "" {
			o.NACE = []string{nace}
		}
	}
	switch b := get("trancheEffectifsUniteLegale"); {
	case b == "" || b == "NN":
	case Bands[b] == "":
		return reject("trancheEffectifsUniteLegale", fmt.Sprintf("%q is not one of INSEE's head-count bands (00, 01, 02, 03, 11 … 53, NN)", b))
	case b == "00":
		o.Employees, o.EmployeesKnown = 0, true
	default:
		o.EmployeeBand = Bands[b]
	}
	switch ess := get("economieSocialeSolidaireUniteLegale"); ess {
	case "O":
		o.SocialEconomy = "in the social and solidarity economy (SIRENE)"
	case "", "N":
	default:
		return reject("economieSocialeSolidaireUniteLegale", fmt.Sprintf("%q is neither O nor N", ess))
	}
	switch state := get("etatAdministratifUniteLegale"); state {
	case "A":
		o.Status = "active"
	case "C":
		o.Status = "ceased"
		if v := get("dateDebut"); v != "" {
			t, err := date(v)
			if err != nil {
				return reject("dateDebut", err.Error())
			}
			o.Dissolved = t
		}
	default:
		return reject("etatAdministratifUniteLegale", fmt.Sprintf("%q is neither A (active) nor C (ceased)", state))
	}
	if v := get("dateCreationUniteLegale"); v != "" {
		t, err := date(v)
		if err != nil {
			return reject("dateCreationUniteLegale", err.Error())
		}
		o.Founded = t
	}
	if nic := get("nicSiegeUniteLegale"); nic != "" {
		if !digits(nic, 5) {
			return reject("nicSiegeUniteLegale", fmt.Sprintf("%q is not a NIC (five digits)", nic))
		}
		o.HeadOffice = siren + nic
	}
	return cityspend.RegisterRow{Organisation: o}
}

func establishment(rec tabular.Row) cityspend.RegisterRow {
	if p := problem(rec); p != nil {
		return *p
	}
	reject, get := rejecter(rec), rec.Get
	siren, siret := get("siren"), get("siret")
	if !digits(siren, 9) {
		return reject("siren", fmt.Sprintf("%q is not a SIREN number (nine digits)", siren))
	}
	if !digits(siret, 14) || siret[:9] != siren {
		return reject("siret", fmt.Sprintf("%q is not a SIRET number of SIREN %s (its nine digits and a five-digit NIC)", siret, siren))
	}
	e := &cityspend.Establishment{ID: cityspend.Identifier{Scheme: Scheme, ID: siret}, Parent: cityspend.Identifier{Scheme: Scheme, ID: siren}}
	for _, c := range []string{"enseigne1Etablissement", "denominationUsuelleEtablissement"} {
		if e.Name == "" {
			e.Name = get(c)
		}
	}
	if e.Name == "" {
		e.Name = "SIRET " + siret
	}
	switch v := strings.ToLower(get("etablissementSiege")); v {
	case "true":
		e.HeadOffice = true
	case "false":
	default:
		return reject("etablissementSiege", fmt.Sprintf("%q is neither true nor false", v))
	}
	switch state := get("etatAdministratifEtablissement"); state {
	case "A":
	case "F":
		e.Closed = true
	default:
		return reject("etatAdministratifEtablissement", fmt.Sprintf("%q is neither A (active) nor F (closed)", state))
	}
	if get("codePaysEtrangerEtablissement") != "" || get("libellePaysEtrangerEtablissement") != "" {
		// Abroad: INSEE codes the country in its own geographic code, not
		// ISO; the name is kept.
		e.Address.Locality = get("libellePaysEtrangerEtablissement")
	} else {
		e.Address = cityspend.Address{Postcode: get("codePostalEtablissement"), Locality: get("libelleCommuneEtablissement"),
			Municipality: get("codeCommuneEtablissement"), Country: "FR"}
		if m := e.Address.Municipality; m != "" && (len(m) != 5 || strings.Trim(m, "0123456789AB") != "") {
			return reject("codeCommuneEtablissement", fmt.Sprintf("%q is not a commune code (code officiel géographique, five characters)", m))
		}
		if e.Address.Postcode == "" && e.Address.Municipality == "" && e.Address.Locality == "" {
			e.Address.Country = ""
		}
	}
	if code := get("activitePrincipaleEtablissement"); code != "" {
		if _, nace := activity(code, get("nomenclatureActivitePrincipaleEtablissement")); nace != "" {
			e.NACE = nace
		}
	}
	if b := get("trancheEffectifsEtablissement"); b == "00" {
		e.Employees, e.EmployeesKnown = 0, true
	}
	return cityspend.RegisterRow{Establishment: e}
}
