// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Publication describes where a buyer's plan is published.
type Publication struct {
	BaseURL    string // e.g. "https://innkjop.larvik.kommune.no"; default http://localhost:8080
	OCIDPrefix string // the publisher's registered OCDS prefix; default DefaultOCIDPrefix
	Now        time.Time
}

func (p *Publication) defaults() {
	if p.BaseURL == "" {
		p.BaseURL = "http://localhost:8080"
	}
	p.BaseURL = strings.TrimRight(p.BaseURL, "/")
	if p.OCIDPrefix == "" {
		p.OCIDPrefix = DefaultOCIDPrefix
	}
	if p.Now.IsZero() {
		p.Now = time.Now().UTC()
	}
}

// Active lists the items still in the plan: not cancelled, not merged.
func Active(items []cityspend.PlanItem) []cityspend.PlanItem {
	var out []cityspend.PlanItem
	for _, it := range items {
		if it.Status != cityspend.PlanCancelled && it.MergedInto == "" {
			out = append(out, it)
		}
	}
	return out
}

// Published lists the items to publish: active and published.
func Published(items []cityspend.PlanItem) []cityspend.PlanItem {
	var out []cityspend.PlanItem
	for _, it := range Active(items) {
		if it.Published {
			out = append(out, it)
		}
	}
	return out
}

type ocdsValue struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

type ocdsMilestone struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Type    string `json:"type"`
	DueDate string `json:"dueDate"`
	Status  string `json:"status"`
}

type ocdsOrg struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Identifier map[string]string `json:"identifier,omitempty"`
	Roles      []string          `json:"roles,omitempty"`
}

// OCDS writes the items as OCDS 1.1 planning releases in a release package:
// tag planning, planning.budget, tender.status planned, items with CPV,
// milestones.
func OCDS(w io.Writer, b cityspend.Buyer, items []cityspend.PlanItem, p Publication) error {
	p.defaults()
	party := ocdsOrg{ID: "buyer-" + b.ID, Name: b.Name, Roles: []string{"buyer"}}
	if b.OrgNumber != "" {
		if id, ok := cityspend.NormalizeOrgNumber(b.OrgNumber, b.Country); ok {
			party.ID = id.String()
			party.Identifier = map[string]string{"scheme": id.Scheme, "id": id.ID, "legalName": b.Name}
		}
	}
	var releases []map[string]any
	for _, it := range items {
		date := it.Updated
		if date.IsZero() {
			date = p.Now
		}
		value := ocdsValue{Amount: json.Number(it.Value.String()), Currency: b.Currency}
		var ms []ocdsMilestone
		for _, m := range []struct {
			id, title, typ string
			at             time.Time
		}{{"market-dialogue", "Market dialogue", "engagement", it.MarketDialogue}, {"notice", "Contract notice", "preProcurement", it.Notice},
			{"award", "Award decision", "approval", it.Award}, {"contract-start", "Contract start", "delivery", it.ContractStart}} {
			if !m.at.IsZero() {
				ms = append(ms, ocdsMilestone{ID: m.id, Title: m.title, Type: m.typ, DueDate: m.at.Format(time.RFC3339), Status: "scheduled"})
			}
		}
		var lines []map[string]any
		for i, c := range it.CPV {
			lines = append(lines, map[string]any{"id": fmt.Sprint(i + 1), "classification": map[string]string{"scheme": "CPV", "id": c}})
		}
		tender := map[string]any{"id": it.ID, "title": it.Title, "status": "planned", "mainProcurementCategory": it.Type, "value": value}
		if it.Need != "" {
			tender["description"] = it.Need
		}
		if len(lines) > 0 {
			tender["items"] = lines
		}
		if len(ms) > 0 {
			tender["milestones"] = ms
		}
		if !it.Notice.IsZero() {
			tender["tenderPeriod"] = map[string]string{"startDate": it.Notice.Format(time.RFC3339)}
		}
		if !it.ContractStart.IsZero() {
			cp := map[string]any{"startDate": it.ContractStart.Format(time.RFC3339)}
			if it.Months > 0 {
				cp["durationInDays"] = it.Months * 30
			}
			tender["contractPeriod"] = cp
		}
		planning := map[string]any{"budget": map[string]any{"description": it.Basis, "amount": value}}
		if it.Need != "" {
			planning["rationale"] = it.Need
		}
		releases = append(releases, map[string]any{
			"ocid": p.OCIDPrefix + "-" + b.ID + "-" + it.ID, "id": it.ID + "-" + date.Format("20060102T150405Z"), "date": date.Format(time.RFC3339),
			"tag": []string{"planning"}, "initiationType": "tender", "language": "en", "parties": []ocdsOrg{party},
			"buyer": map[string]string{"id": party.ID, "name": b.Name}, "planning": planning, "tender": tender,
		})
	}
	if releases == nil {
		releases = []map[string]any{}
	}
	pkg := map[string]any{
		"uri":           p.BaseURL + "/public/" + b.ID + "/plan.json",
		"version":       "1.1",
		"publishedDate": p.Now.Format(time.RFC3339),
		"publisher":     map[string]string{"name": b.Name},
		"releases":      releases,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(pkg)
}

// Atom writes the published items as an Atom feed suppliers can follow.
func Atom(w io.Writer, b cityspend.Buyer, items []cityspend.PlanItem, p Publication) error {
	p.defaults()
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    link   `xml:"link"`
		Summary string `xml:"summary"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links   []link  `xml:"link"`
		Entries []entry `xml:"entry"`
	}
	page := p.BaseURL + "/public/" + b.ID + "/pipeline"
	f := feed{Title: b.Name + ": procurement pipeline", ID: page, Updated: p.Now.Format(time.RFC3339),
		Links: []link{{Href: page + ".atom", Rel: "self"}, {Href: page}}}
	f.Author.Name = b.Name
	latest := time.Time{}
	for _, it := range items {
		s := fmt.Sprintf("%s. Estimated value %s %s (%s). %s", it.Type, it.Value, b.Currency, it.Basis, it.Procedure)
		if !it.Notice.IsZero() {
			s += ". Notice planned " + it.Notice.Format("2006-01-02")
		}
		f.Entries = append(f.Entries, entry{Title: it.Title, ID: page + "#" + it.ID, Updated: it.Updated.Format(time.RFC3339),
			Link: link{Href: page + "#" + it.ID}, Summary: s})
		if it.Updated.After(latest) {
			latest = it.Updated
		}
	}
	if !latest.IsZero() {
		f.Updated = latest.Format(time.RFC3339)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(f)
}

// UKPipelineThreshold is the Procurement Act 2023's pipeline-notice floor:
// planned contracts above £2 million.
const UKPipelineThreshold = cityspend.Amount(2_000_000_00)

// Pipeline lists the items a UK pipeline notice holds: published items
// above £2 million (only for buyers paying in GBP).
func Pipeline(b cityspend.Buyer, items []cityspend.PlanItem) []cityspend.PlanItem {
	if b.Currency != "GBP" {
		return nil
	}
	var out []cityspend.PlanItem
	for _, it := range Published(items) {
		if it.Value > UKPipelineThreshold {
			out = append(out, it)
		}
	}
	return out
}
