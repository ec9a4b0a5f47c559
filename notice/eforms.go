// SPDX-License-Identifier: EUPL-1.2

// Package notice writes the notices a procurement portal accepts from a
// buyer's published plan: eForms prior information notices (UBL 2.3, eForms
// SDK 1.15) for TED and Doffin, voluntary pre-market consultation notices
// for the broker's events, and the UK pipeline notice (Procurement Act 2023
// s.93, Find a Tender notice type UK1) in Find a Tender's OCDS data model.
// See docs/notices.md.
package notice

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata"
)

// SDK is the eForms SDK version the notices follow (cbc:CustomizationID).
const SDK = "eforms-sdk-1.15"

// Notice subtypes (eForms SDK notice-types.json) this package writes.
const (
	// SubtypePINOnly is "prior information notice used only for
	// information – general directive" (2014/24/EU): a municipality or
	// county is a contracting authority under the general directive, not a
	// utility (subtype 5, 2014/25/EU) or a defence buyer (subtype 6).
	SubtypePINOnly = "4"
	// SubtypeVoluntaryPIN is the voluntary PIN (legal basis "other") for
	// planned purchases below the EU/EEA thresholds, published on Doffin
	// under national rules.
	SubtypeVoluntaryPIN = "E2"
	// SubtypeConsultation is the voluntary pre-market consultation notice:
	// the broker's market-consultation events.
	SubtypeConsultation = "E1"
)

// Options are what every notice of a run shares.
type Options struct {
	Now     time.Time // the dispatch date and time (BT-05); default now
	BaseURL string    // where the buyer's public pages are, for E1 links
}

func (o *Options) defaults() {
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.BaseURL == "" {
		o.BaseURL = "http://localhost:8080"
	}
}

// Namespaces of a UBL eForms notice.
const (
	nsPIN   = "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2"
	nsCBC   = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	nsCAC   = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsEXT   = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
	nsEFEXT = "http://data.europa.eu/p27/eforms-ubl-extensions/1"
	nsEFAC  = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
	nsEFBC  = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
)

// The XML is written with the prefixes of the SDK's examples: encoding/xml
// writes a tag such as "cbc:ID" as it is, and the root declares them.

type code struct {
	ListName string `xml:"listName,attr,omitempty"`
	Value    string `xml:",chardata"`
}

type schemeID struct {
	SchemeName string `xml:"schemeName,attr,omitempty"`
	Value      string `xml:",chardata"`
}

type text struct {
	Lang  string `xml:"languageID,attr,omitempty"`
	Value string `xml:",chardata"`
}

type amount struct {
	Currency string `xml:"currencyID,attr"`
	Value    string `xml:",chardata"`
}

type measure struct {
	Unit  string `xml:"unitCode,attr"`
	Value int    `xml:",chardata"`
}

type partyRef struct {
	ID schemeID `xml:"cac:PartyIdentification>cbc:ID"`
}

type country struct {
	Code code `xml:"cbc:IdentificationCode"`
}

type address struct {
	Street     string   `xml:"cbc:StreetName,omitempty"`
	City       string   `xml:"cbc:CityName,omitempty"`
	PostalZone string   `xml:"cbc:PostalZone,omitempty"`
	NUTS       *code    `xml:"cbc:CountrySubentityCode,omitempty"`
	Region     string   `xml:"cbc:Region,omitempty"`
	Country    *country `xml:"cac:Country,omitempty"`
}

type contact struct {
	Phone string `xml:"cbc:Telephone,omitempty"`
	Email string `xml:"cbc:ElectronicMail,omitempty"`
}

type company struct {
	Website   string   `xml:"cbc:WebsiteURI,omitempty"`
	ID        schemeID `xml:"cac:PartyIdentification>cbc:ID"`
	Name      text     `xml:"cac:PartyName>cbc:Name"`
	Address   address  `xml:"cac:PostalAddress"`
	CompanyID string   `xml:"cac:PartyLegalEntity>cbc:CompanyID,omitempty"`
	Contact   *contact `xml:"cac:Contact,omitempty"`
}

type eformsExtension struct {
	Subtype       code      `xml:"efac:NoticeSubType>cbc:SubTypeCode"`
	Organizations []company `xml:"efac:Organizations>efac:Organization>efac:Company"`
}

type contractingParty struct {
	LegalType *code    `xml:"cac:ContractingPartyType>cbc:PartyTypeCode,omitempty"`
	Activity  *code    `xml:"cac:ContractingActivity>cbc:ActivityTypeCode,omitempty"`
	Party     partyRef `xml:"cac:Party"`
}

type legislation struct {
	ID          string `xml:"cbc:ID"`
	Description text   `xml:"cbc:DocumentDescription"`
}

type tenderingTerms struct {
	Legislation *legislation `xml:"cac:ProcurementLegislationDocumentReference,omitempty"`
}

type location struct {
	Address address `xml:"cac:Address"`
}

type period struct {
	Start    string   `xml:"cbc:StartDate,omitempty"`
	Duration *measure `xml:"cbc:DurationMeasure,omitempty"`
}

type project struct {
	ID          *schemeID `xml:"cbc:ID,omitempty"`
	Name        text      `xml:"cbc:Name"`
	Description text      `xml:"cbc:Description"`
	Nature      code      `xml:"cbc:ProcurementTypeCode"`
	Note        *text     `xml:"cbc:Note,omitempty"`
	SME         *bool     `xml:"cbc:SMESuitableIndicator,omitempty"`
	Value       *amount   `xml:"cac:RequestedTenderTotal>cbc:EstimatedOverallContractAmount,omitempty"`
	MainCPV     code      `xml:"cac:MainCommodityClassification>cbc:ItemClassificationCode"`
	MoreCPV     []code    `xml:"cac:AdditionalCommodityClassification>cbc:ItemClassificationCode,omitempty"`
	Location    location  `xml:"cac:RealizedLocation"`
	Period      *period   `xml:"cac:PlannedPeriod,omitempty"`
}

type answerPeriod struct {
	EndDate string `xml:"cbc:EndDate"`
	EndTime string `xml:"cbc:EndTime"`
}

type lotProcess struct {
	Answer answerPeriod `xml:"ext:UBLExtensions>ext:UBLExtension>ext:ExtensionContent>efext:EformsExtension>efac:AnswerReceptionPeriod"`
}

type lotTerms struct {
	Endpoint string `xml:"cac:TenderRecipientParty>cbc:EndpointID"`
	Language string `xml:"cac:Language>cbc:ID"`
}

type lot struct {
	ID      schemeID    `xml:"cbc:ID"`
	Terms   *lotTerms   `xml:"cac:TenderingTerms,omitempty"`
	Process *lotProcess `xml:"cac:TenderingProcess,omitempty"`
	Project project     `xml:"cac:ProcurementProject"`
}

// Document is an eForms prior information notice (the UBL
// PriorInformationNotice document) as this package writes it.
type Document struct {
	XMLName xml.Name `xml:"PriorInformationNotice"`
	Xmlns   string   `xml:"xmlns,attr"`
	NsCBC   string   `xml:"xmlns:cbc,attr"`
	NsCAC   string   `xml:"xmlns:cac,attr"`
	NsEXT   string   `xml:"xmlns:ext,attr"`
	NsEFEXT string   `xml:"xmlns:efext,attr"`
	NsEFAC  string   `xml:"xmlns:efac,attr"`
	NsEFBC  string   `xml:"xmlns:efbc,attr"`

	Extension        eformsExtension  `xml:"ext:UBLExtensions>ext:UBLExtension>ext:ExtensionContent>efext:EformsExtension"`
	UBLVersion       string           `xml:"cbc:UBLVersionID"`
	Customization    string           `xml:"cbc:CustomizationID"`
	ID               schemeID         `xml:"cbc:ID"`
	IssueDate        string           `xml:"cbc:IssueDate"`
	IssueTime        string           `xml:"cbc:IssueTime"`
	Version          string           `xml:"cbc:VersionID"`
	PlannedDate      string           `xml:"cbc:PlannedDate,omitempty"`
	LegalBasis       string           `xml:"cbc:RegulatoryDomain"`
	NoticeType       code             `xml:"cbc:NoticeTypeCode"`
	Language         string           `xml:"cbc:NoticeLanguageCode"`
	ContractingParty contractingParty `xml:"cac:ContractingParty"`
	Terms            *tenderingTerms  `xml:"cac:TenderingTerms,omitempty"`
	Project          project          `xml:"cac:ProcurementProject"`
	Lots             []lot            `xml:"cac:ProcurementProjectLot"`
}

// Subtype returns the eForms notice subtype the document declares.
func (d *Document) Subtype() string { return d.Extension.Subtype.Value }

// WriteTo writes the document with an XML declaration.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	if _, err := io.WriteString(cw, xml.Header); err != nil {
		return cw.n, err
	}
	enc := xml.NewEncoder(cw)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return cw.n, fmt.Errorf("write notice: %w", err)
	}
	_, err := io.WriteString(cw, "\n")
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// languages maps a buyer's country to the language of its notices (the
// eForms language codelist, ISO 639-2/B style codes as TED uses them).
var languages = map[string]string{"NO": "NOR", "GB": "ENG", "IE": "ENG", "SE": "SWE", "DK": "DAN", "FI": "FIN",
	"DE": "DEU", "AT": "DEU", "FR": "FRA", "NL": "NLD", "ES": "SPA", "IT": "ITA", "PL": "POL", "PT": "POR", "IS": "ISL"}

// Language returns the eForms language code of a buyer's notices.
func Language(b cityspend.Buyer) string {
	if l, ok := languages[b.Country]; ok {
		return l
	}
	return "ENG"
}

// natures maps a plan item's type to the eForms contract-nature code.
var natures = map[string]string{"goods": "supplies", "services": "services", "works": "works"}

// xmlText makes a string safe for XML 1.0: encoding/xml escapes markup but
// writes characters XML cannot hold (most control characters, invalid
// UTF-8) as they are; those become U+FFFD. The result is at most max runes.
func xmlText(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if n == max {
			break
		}
		switch {
		case r == utf8.RuneError, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			r = '\uFFFD'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// uuid makes a name-based UUID (version 5 layout, SHA-1) so that the same
// notice gets the same identifier when exported again.
func uuid(parts ...string) string {
	h := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// dateZ and timeZ format an eForms date and time with its offset.
func dateZ(t time.Time) string { return t.Format("2006-01-02Z07:00") }
func timeZ(t time.Time) string { return t.Format("15:04:05Z07:00") }

// buyerOrg is the buyer as the notice's organisation ORG-0001.
func buyerOrg(b cityspend.Buyer, pub plan.Publisher, lang string, on time.Time) company {
	c := company{
		Website: pub.Website,
		ID:      schemeID{SchemeName: "organization", Value: "ORG-0001"},
		Name:    text{Lang: lang, Value: xmlText(b.Name, 400)},
		Address: address{Street: xmlText(pub.Street, 400), City: xmlText(pub.City, 400), PostalZone: xmlText(pub.PostalCode, 40),
			Country: &country{Code: code{ListName: "country", Value: refdata.CountryAlpha3(b.Country)}}},
	}
	if r := region(b, pub, on); r != "" {
		c.Address.NUTS = &code{ListName: "nuts", Value: r}
	}
	if b.OrgNumber != "" {
		c.CompanyID = xmlText(b.OrgNumber, 100)
		if id, ok := cityspend.NormalizeOrgNumber(b.OrgNumber, b.Country); ok {
			c.CompanyID = id.ID
		}
	}
	if pub.Email != "" || pub.Phone != "" {
		c.Contact = &contact{Phone: xmlText(pub.Phone, 100), Email: pub.Email}
	}
	return c
}

// region is the buyer's NUTS 3 code: the one it set, else the shipped
// table's for its municipality.
func region(b cityspend.Buyer, pub plan.Publisher, on time.Time) string {
	if pub.Region != "" {
		return pub.Region
	}
	if r, ok := refdata.NUTS3(b.Country, b.Municipality, on); ok {
		return r.Code
	}
	return ""
}

// place is where the work is done: the buyer's region, else its country.
func place(b cityspend.Buyer, pub plan.Publisher, on time.Time) location {
	a := address{Country: &country{Code: code{ListName: "country", Value: refdata.CountryAlpha3(b.Country)}}}
	if r := region(b, pub, on); r != "" {
		a.NUTS = &code{ListName: "nuts", Value: r}
	}
	return location{Address: a}
}

func newDocument(subtype, legalBasis, formType, noticeType, lang string, id string, now time.Time) *Document {
	return &Document{
		Xmlns: nsPIN, NsCBC: nsCBC, NsCAC: nsCAC, NsEXT: nsEXT, NsEFEXT: nsEFEXT, NsEFAC: nsEFAC, NsEFBC: nsEFBC,
		Extension:     eformsExtension{Subtype: code{ListName: "notice-subtype", Value: subtype}},
		UBLVersion:    "2.3",
		Customization: SDK,
		ID:            schemeID{SchemeName: "notice-id", Value: id},
		IssueDate:     dateZ(now),
		IssueTime:     timeZ(now),
		Version:       "01",
		LegalBasis:    legalBasis,
		NoticeType:    code{ListName: formType, Value: noticeType},
		Language:      lang,
	}
}

// cpvCodes returns the item's codes that are eight digits (a check digit
// may follow a hyphen in some registers: it is dropped).
func cpvCodes(codes []string) []string {
	var out []string
	for _, c := range codes {
		c, _, _ = strings.Cut(strings.TrimSpace(c), "-")
		if len(c) == 8 && strings.Trim(c, "0123456789") == "" {
			out = append(out, c)
		}
	}
	return out
}

// aboveEU reports whether an item's threshold band is the EU/EEA one: its
// PIN is a directive notice (subtype 4) rather than a voluntary one.
func aboveEU(it cityspend.PlanItem) bool {
	return it.Threshold == "eea" || it.Threshold == "eu"
}

// procedureCodes are the eForms procurement-procedure-type codes (BT-105
// of the contract notice that will follow) of the plan's procedures, by
// their handbook slug (PlanItem.Procedure).
var procedureCodes = map[string]string{
	"procedure-open": "open", "procedure-restricted": "restricted", "procedure-negotiated": "neg-w-call",
	"procedure-competitive-dialogue": "comp-dial", "procedure-innovation-partnership": "innovation", "procedure-pre-commercial": "oth-single",
	"procedure-competitive-flexible-uk": "oth-mult", "procedure-light-regime": "oth-single",
}

// ProcedureCode maps a plan item's procedure to the eForms
// procurement-procedure-type code it plans: by the procedure's slug, or
// for a procedure a person wrote in words, by those words; "" when it
// names none (a competition under national rules has no directive code).
func ProcedureCode(procedure string) string {
	if c, ok := procedureCodes[procedure]; ok {
		return c
	}
	p := strings.ToLower(procedure)
	switch {
	case strings.Contains(p, "innovation partnership") || strings.Contains(p, "innovasjonspartnerskap"):
		return "innovation"
	case strings.Contains(p, "competitive dialogue") || strings.Contains(p, "konkurransepreget dialog"):
		return "comp-dial"
	case strings.Contains(p, "pre-commercial"):
		return "oth-single"
	case strings.Contains(p, "negotiat") || strings.Contains(p, "forhandling"):
		return "neg-w-call"
	case strings.Contains(p, "restricted") || strings.Contains(p, "begrenset"):
		return "restricted"
	case strings.Contains(p, "open") || strings.Contains(p, "åpen"):
		return "open"
	}
	return ""
}

// localLegalBasis names the national rules of a voluntary notice.
func localLegalBasis(b cityspend.Buyer) string {
	switch b.Country {
	case "NO":
		return "Lov om offentlige anskaffelser (LOV-2016-06-17-73) og forskrift om offentlige anskaffelser (FOR-2016-08-12-974)"
	case "GB":
		return "Procurement Act 2023"
	}
	return "National procurement rules"
}

// PIN builds the prior information notice of a published plan item:
// subtype 4 (PIN only, 2014/24/EU) for an item in the EU/EEA threshold
// band, else the voluntary PIN E2 under national rules. The planned
// contract notice date is BT-127 when it is after now; the procedure the
// buyer plans is named in the part's additional information (BT-300), as
// a PIN only has no procedure type field.
func PIN(b cityspend.Buyer, pub plan.Publisher, it cityspend.PlanItem, o Options) (*Document, error) {
	o.defaults()
	cpvs := cpvCodes(it.CPV)
	if len(cpvs) == 0 {
		return nil, cityspend.Errorf(cityspend.EINVALID, "plan item %s: a notice needs a CPV code", it.ID)
	}
	nature, ok := natures[it.Type]
	if !ok {
		return nil, cityspend.Errorf(cityspend.EINVALID, "plan item %s: type %q is not goods, services or works", it.ID, it.Type)
	}
	if refdata.CountryAlpha3(b.Country) == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "buyer %s: no ISO 3166 alpha-3 code for country %q", b.ID, b.Country)
	}
	lang := Language(b)
	id := uuid("pin", b.ID, it.ID, it.Updated.UTC().Format(time.RFC3339Nano))
	var d *Document
	if aboveEU(it) {
		d = newDocument(SubtypePINOnly, "32014L0024", "planning", "pin-only", lang, id, o.Now)
		d.ContractingParty.LegalType = &code{ListName: "buyer-legal-type", Value: legalType(pub)}
		d.ContractingParty.Activity = &code{ListName: "authority-activity", Value: "gen-pub"}
	} else {
		d = newDocument(SubtypeVoluntaryPIN, "other", "planning", "pin-only", lang, id, o.Now)
		d.Terms = &tenderingTerms{Legislation: &legislation{ID: "LocalLegalBasis", Description: text{Lang: lang, Value: localLegalBasis(b)}}}
	}
	d.Extension.Organizations = []company{buyerOrg(b, pub, lang, o.Now)}
	d.ContractingParty.Party = partyRef{ID: schemeID{SchemeName: "organization", Value: "ORG-0001"}}
	if !it.Notice.IsZero() && it.Notice.After(o.Now) {
		d.PlannedDate = dateZ(it.Notice)
	}
	title := xmlText(it.Title, 200)
	if title == "" {
		title = it.ID
	}
	desc := xmlText(it.Need, 6000)
	if desc == "" {
		desc = title
	}
	value := &amount{Currency: b.Currency, Value: it.Value.String()}
	if it.Value <= 0 {
		value = nil
	}
	var more []code
	for _, c := range cpvs[1:] {
		more = append(more, code{ListName: "cpv", Value: c})
	}
	d.Project = project{
		ID: &schemeID{SchemeName: "InternalID", Value: xmlText(it.ID, 200)}, Name: text{lang, title}, Description: text{lang, desc},
		Nature: code{ListName: "contract-nature", Value: nature}, Value: value,
		MainCPV: code{ListName: "cpv", Value: cpvs[0]}, MoreCPV: more, Location: place(b, pub, o.Now),
	}
	part := d.Project
	part.ID = nil
	sme := it.SME
	part.SME = &sme
	if note := procedureNote(it, lang); note != "" {
		part.Note = &text{Lang: lang, Value: note}
	}
	if !it.ContractStart.IsZero() || it.Months > 0 {
		part.Period = &period{}
		if !it.ContractStart.IsZero() {
			part.Period.Start = dateZ(it.ContractStart)
		}
		if it.Months > 0 {
			part.Period.Duration = &measure{Unit: "MONTH", Value: it.Months}
		}
	}
	d.Lots = []lot{{ID: schemeID{SchemeName: "Part", Value: "PAR-0001"}, Project: part}}
	return d, nil
}

// natureOfCPV is the contract nature of a CPV code: division 45 is
// works, divisions 03–44 and 48 are supplies, the rest services.
func natureOfCPV(c string) string {
	switch {
	case c[:2] == "45":
		return "works"
	case c[:2] < "45" || c[:2] == "48":
		return "supplies"
	}
	return "services"
}

func legalType(pub plan.Publisher) string {
	if pub.LegalType != "" {
		return pub.LegalType
	}
	return "la"
}

// procedureNote says which procedure the buyer plans, in the notice's
// language, with its eForms code.
func procedureNote(it cityspend.PlanItem, lang string) string {
	c := ProcedureCode(it.Procedure)
	if c == "" {
		return ""
	}
	l := i18n.New("en")
	if lang == "NOR" {
		l = i18n.New("nb")
	}
	name := it.Procedure
	if key := "plan.proc." + it.Procedure; i18n.Has(key) {
		name = l.T(key)
	}
	return xmlText(l.T("notice.procedure", name, c), 400)
}

// Consultation builds the voluntary pre-market consultation notice (E1)
// of a broker event: its title and time, where it is held, the challenge it
// is about; answers (registrations) are received until it starts.
func Consultation(b cityspend.Buyer, pub plan.Publisher, ev cityspend.Event, ch *cityspend.Challenge, o Options) (*Document, error) {
	o.defaults()
	if refdata.CountryAlpha3(b.Country) == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "buyer %s: no ISO 3166 alpha-3 code for country %q", b.ID, b.Country)
	}
	if ch == nil || len(cpvCodes(ch.CPV)) == 0 {
		return nil, cityspend.Errorf(cityspend.EINVALID, "event %d: a consultation notice needs the challenge's CPV code", ev.ID)
	}
	lang := Language(b)
	d := newDocument(SubtypeConsultation, "other", "consultation", "pmc", lang, uuid("pmc", b.ID, fmt.Sprint(ev.ID), ev.Starts.UTC().Format(time.RFC3339)), o.Now)
	d.Extension.Organizations = []company{buyerOrg(b, pub, lang, o.Now)}
	d.ContractingParty.Party = partyRef{ID: schemeID{SchemeName: "organization", Value: "ORG-0001"}}
	d.Terms = &tenderingTerms{Legislation: &legislation{ID: "LocalLegalBasis", Description: text{Lang: lang, Value: localLegalBasis(b)}}}
	cpvs := cpvCodes(ch.CPV)
	var more []code
	for _, c := range cpvs[1:] {
		more = append(more, code{ListName: "cpv", Value: c})
	}
	where := ev.Place
	if ev.OnlineURL != "" {
		where = strings.TrimSpace(where + " " + ev.OnlineURL)
	}
	desc := ch.Problem
	if lang == "NOR" {
		desc += "\n\nMarkedsdialog: " + ev.Title + ", " + ev.Starts.Format("2006-01-02 15:04") + ", " + where + "."
	} else {
		desc += "\n\nMarket consultation: " + ev.Title + ", " + ev.Starts.Format("2006-01-02 15:04") + ", " + where + "."
	}
	nature := natureOfCPV(cpvs[0])
	proj := project{
		Name: text{lang, xmlText(ch.Title, 200)}, Description: text{lang, xmlText(desc, 6000)},
		Nature: code{ListName: "contract-nature", Value: nature}, MainCPV: code{ListName: "cpv", Value: cpvs[0]}, MoreCPV: more,
		Location: place(b, pub, o.Now),
	}
	d.Project = proj
	part := proj
	part.Name = text{lang, xmlText(ev.Title, 200)}
	d.Lots = []lot{{
		ID:      schemeID{SchemeName: "Lot", Value: "LOT-0001"},
		Terms:   &lotTerms{Endpoint: o.BaseURL + "/public/" + b.ID + "/challenges/" + ch.ID, Language: lang},
		Process: &lotProcess{Answer: answerPeriod{EndDate: dateZ(ev.Starts), EndTime: timeZ(ev.Starts)}},
		Project: part,
	}}
	return d, nil
}
