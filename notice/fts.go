// SPDX-License-Identifier: EUPL-1.2

package notice

import (
	"encoding/json"
	"io"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/plan"
)

// Find a Tender's data model: OCDS 1.1 with the UK extension
// (cabinetoffice/ocds_uk_extension) and the extensions it builds on.
var ftsExtensions = []string{
	"https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
	"https://raw.githubusercontent.com/open-contracting-extensions/ocds_communication_extension/master/extension.json",
	"https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json",
	"https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/master/extension.json",
}

// The Procurement Act 2023 as Find a Tender names a tender's legal basis.
var procurementAct = map[string]string{"scheme": "UKPGA", "id": "2023/54", "uri": "https://www.legislation.gov.uk/ukpga/2023/54/contents"}

// FTS notice type of a pipeline notice (Procurement Act 2023 s.93).
const PipelineNoticeType = "UK1"

type ftsValue struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

type ftsClassification struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
	Desc   string `json:"description,omitempty"`
}

type ftsAddress struct {
	Street      string `json:"streetAddress,omitempty"`
	Locality    string `json:"locality,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	Region      string `json:"region,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryName string `json:"countryName,omitempty"`
}

type ftsParty struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Identifier map[string]string `json:"identifier,omitempty"`
	Address    *ftsAddress       `json:"address,omitempty"`
	Contact    map[string]string `json:"contactPoint,omitempty"`
	Roles      []string          `json:"roles"`
	Details    map[string]any    `json:"details"`
}

// PipelineRelease is one planned procurement of a UK pipeline notice.
type PipelineRelease struct {
	OCID           string            `json:"ocid"`
	ID             string            `json:"id"`
	Date           string            `json:"date"`
	Tag            []string          `json:"tag"`
	InitiationType string            `json:"initiationType"`
	Language       string            `json:"language"`
	Parties        []ftsParty        `json:"parties"`
	Buyer          map[string]string `json:"buyer"`
	Tender         map[string]any    `json:"tender"`
}

// PipelinePackage is a UK pipeline notice's data: an OCDS release package
// as Find a Tender publishes notices (UK1), one planning release per
// planned procurement.
type PipelinePackage struct {
	URI           string            `json:"uri"`
	Version       string            `json:"version"`
	Extensions    []string          `json:"extensions"`
	PublishedDate string            `json:"publishedDate"`
	Publisher     map[string]string `json:"publisher"`
	Releases      []PipelineRelease `json:"releases"`
}

// Pipeline builds the UK pipeline notice of a buyer from its items above
// the pipeline threshold (plan.Pipeline): for each, the buyer as a party
// (sub-central government), the Procurement Act as legal basis, the title
// and description, tender status "planned", the estimated value excluding
// VAT, CPV codes, the delivery region, the planned date of the tender
// notice (communication.futureNoticeDate), the contract period and
// whether it suits SMEs.
func Pipeline(b cityspend.Buyer, pub plan.Publisher, items []cityspend.PlanItem, p plan.Publication) (*PipelinePackage, error) {
	if b.Currency != "GBP" || b.Country != "GB" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "a UK pipeline notice is for UK buyers paying in GBP; buyer %s is in %s and pays in %s", b.ID, b.Country, b.Currency)
	}
	if p.Now.IsZero() {
		p.Now = time.Now().UTC()
	}
	if p.OCIDPrefix == "" {
		p.OCIDPrefix = pub.OCIDPrefix
	}
	if p.OCIDPrefix == "" {
		p.OCIDPrefix = plan.DefaultOCIDPrefix
	}
	if p.BaseURL == "" {
		p.BaseURL = "http://localhost:8080"
	}
	party := ftsParty{ID: "buyer-" + b.ID, Name: b.Name, Roles: []string{"buyer"},
		Details: map[string]any{"classifications": []ftsClassification{{Scheme: "UK_CA_TYPE", ID: "publicAuthoritySubCentralGovernment", Desc: "Public authority - sub-central government"}}}}
	if id, ok := cityspend.NormalizeOrgNumber(b.OrgNumber, b.Country); ok && b.OrgNumber != "" {
		party.ID = id.Scheme + "-" + id.ID
		party.Identifier = map[string]string{"scheme": id.Scheme, "id": id.ID, "legalName": b.Name}
	}
	if pub.Website != "" {
		party.Details["url"] = pub.Website
	}
	party.Address = &ftsAddress{Street: pub.Street, Locality: pub.City, PostalCode: pub.PostalCode, Region: pub.Region, Country: "GB", CountryName: "United Kingdom"}
	if pub.Email != "" || pub.Phone != "" {
		party.Contact = map[string]string{}
		if pub.Email != "" {
			party.Contact["email"] = pub.Email
		}
		if pub.Phone != "" {
			party.Contact["telephone"] = pub.Phone
		}
	}
	date := p.Now.UTC().Format(time.RFC3339)
	pkg := &PipelinePackage{
		URI: p.BaseURL + "/public/" + b.ID + "/pipeline-notice.json", Version: "1.1", Extensions: ftsExtensions,
		PublishedDate: date, Publisher: map[string]string{"name": b.Name}, Releases: []PipelineRelease{},
	}
	for _, it := range items {
		cpvs := cpvCodes(it.CPV)
		if len(cpvs) == 0 {
			return nil, cityspend.Errorf(cityspend.EINVALID, "plan item %s: a pipeline notice needs a CPV code", it.ID)
		}
		if _, ok := natures[it.Type]; !ok {
			return nil, cityspend.Errorf(cityspend.EINVALID, "plan item %s: type %q is not goods, services or works", it.ID, it.Type)
		}
		var classes []ftsClassification
		for _, c := range cpvs {
			classes = append(classes, ftsClassification{Scheme: "CPV", ID: c})
		}
		item := map[string]any{"id": "1", "additionalClassifications": classes}
		if pub.Region != "" {
			item["deliveryAddresses"] = []ftsAddress{{Region: pub.Region, Country: "GB"}}
		}
		desc := it.Need
		if desc == "" {
			desc = it.Title
		}
		tender := map[string]any{
			"id": it.ID, "legalBasis": procurementAct, "title": it.Title, "description": desc, "status": "planned",
			"mainProcurementCategory": it.Type, "items": []map[string]any{item},
			"value":          ftsValue{Amount: json.Number(it.Value.String()), Currency: "GBP"},
			"aboveThreshold": it.Threshold == "uk",
			"suitability":    map[string]bool{"sme": it.SME},
		}
		if !it.Notice.IsZero() {
			tender["communication"] = map[string]string{"futureNoticeDate": it.Notice.UTC().Format(time.RFC3339)}
		}
		if !it.ContractStart.IsZero() {
			cp := map[string]any{"startDate": it.ContractStart.UTC().Format(time.RFC3339)}
			if it.Months > 0 {
				cp["endDate"] = it.ContractStart.AddDate(0, it.Months, -1).UTC().Format(time.RFC3339)
				cp["durationInMonths"] = it.Months
			}
			tender["contractPeriod"] = cp
		}
		pkg.Releases = append(pkg.Releases, PipelineRelease{
			OCID: p.OCIDPrefix + "-" + b.ID + "-" + it.ID, ID: it.ID + "-" + PipelineNoticeType + "-" + p.Now.UTC().Format("20060102T150405Z"),
			Date: date, Tag: []string{"planning"}, InitiationType: "tender", Language: "en",
			Parties: []ftsParty{party}, Buyer: map[string]string{"id": party.ID, "name": b.Name}, Tender: tender,
		})
	}
	return pkg, nil
}

// WriteTo writes the package as indented JSON.
func (p *PipelinePackage) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	enc := json.NewEncoder(cw)
	enc.SetIndent("", "  ")
	err := enc.Encode(p)
	return cw.n, err
}
