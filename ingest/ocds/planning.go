// SPDX-License-Identifier: EUPL-1.2

package ocds

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Planned is a procurement a publisher plans, read from an OCDS planning
// release (tag "planning", or a tender whose status is "planned"): the item
// as the publisher planned it, with its buyer's name and the currency of
// its value. cityspend's own pipeline (/public/{id}/plan.json) is such a
// package; so are other publishers' planning releases.
type Planned struct {
	Item      cityspend.PlanItem
	BuyerName string
	Currency  string
	OCID      string
}

// planningRaw is what a planning release adds to what Read reads.
type planningRaw struct {
	Tag      []string
	Planning struct {
		Rationale string
		Budget    struct {
			Description string
			Amount      *amount
		}
	}
	Tender struct {
		ID             json.RawMessage
		Description    string
		ContractPeriod period
		// The communication extension: when the contract notice is to
		// be published (UK Find a Tender's pipeline notices, eForms
		// prior information notices).
		Communication struct{ FutureNoticeDate string }
		Lots          []struct {
			Value          *amount
			ContractPeriod period
		}
		Milestones []struct {
			ID      json.RawMessage
			Type    string
			DueDate string
		}
		Items []struct {
			Classification            *struct{ Scheme, ID string }
			AdditionalClassifications []struct{ Scheme, ID string }
		}
	}
}

type period struct {
	StartDate      string
	DurationInDays json.Number
}

// Planning reads the planned procurements of a document (a release
// package, a record package, a release, or JSON Lines of them); releases
// that are not planning are left out. Bad lines are returned as Read
// returns them.
func Planning(r io.Reader) ([]Planned, []LineError, error) {
	var out []Planned
	bad, err := Read(r, func(t cityspend.Tender) error {
		var p planningRaw
		if err := json.Unmarshal(t.Release, &p); err != nil {
			return nil // read once already: cannot fail here
		}
		if !slices.Contains(p.Tag, "planning") && !strings.EqualFold(t.Status, "planned") {
			return nil
		}
		out = append(out, planned(t, p))
		return nil
	})
	return out, bad, err
}

func planned(t cityspend.Tender, p planningRaw) Planned {
	it := cityspend.PlanItem{BuyerID: t.BuyerID, ID: idString(p.Tender.ID), Title: t.Title, Need: p.Tender.Description,
		Type: t.Category, Basis: p.Planning.Budget.Description, Published: true, Status: "planned"}
	if it.ID == "" {
		it.ID = t.OCID
	}
	if it.Need == "" {
		it.Need = p.Planning.Rationale
	}
	cur := t.Currency
	if t.HasValue {
		it.Value = t.Value
	} else if v, c, ok := money(p.Planning.Budget.Amount); ok {
		it.Value, cur = v, c
	} else {
		// the lots' values, when all are in one currency
		for _, l := range p.Tender.Lots {
			v, c, ok := money(l.Value)
			if !ok || cur != "" && c != cur {
				it.Value, cur = 0, ""
				break
			}
			it.Value, cur = it.Value+v, c
		}
	}
	add := func(scheme, id string) {
		if strings.EqualFold(scheme, "CPV") {
			if c := cpvDigits(id); c != "" && !slices.Contains(it.CPV, c) {
				it.CPV = append(it.CPV, c)
			}
		}
	}
	if t.CPV != "" {
		it.CPV = append(it.CPV, t.CPV)
	}
	for _, x := range p.Tender.Items {
		if x.Classification != nil {
			add(x.Classification.Scheme, x.Classification.ID)
		}
		for _, c := range x.AdditionalClassifications {
			add(c.Scheme, c.ID)
		}
	}
	if it.Type == "" && len(it.CPV) > 0 {
		// as OCDS's mainProcurementCategory: goods, services or works
		if it.Type = cpv.Code(it.CPV[0]).Kind(); it.Type == cpv.Supplies {
			it.Type = "goods"
		}
	}
	// Milestones by cityspend's ids, else by the OCDS milestone type.
	for _, m := range p.Tender.Milestones {
		at := when(m.DueDate)
		if at.IsZero() {
			continue
		}
		switch id := idString(m.ID); {
		case id == "market-dialogue" || id != "notice" && m.Type == "engagement":
			it.MarketDialogue = at
		case id == "notice" || m.Type == "preProcurement":
			it.Notice = at
		case id == "award" || m.Type == "approval":
			it.Award = at
		case id == "contract-start" || m.Type == "delivery":
			it.ContractStart = at
		}
	}
	if it.Notice.IsZero() {
		it.Notice = when(p.Tender.Communication.FutureNoticeDate)
	}
	if it.Notice.IsZero() {
		it.Notice = t.TenderStart
	}
	// The contract period of the tender, else of its first lot that has one.
	cp := p.Tender.ContractPeriod
	for _, l := range p.Tender.Lots {
		if cp.StartDate != "" {
			break
		}
		cp = l.ContractPeriod
	}
	if it.ContractStart.IsZero() {
		it.ContractStart = when(cp.StartDate)
	}
	if d, err := strconv.ParseFloat(string(cp.DurationInDays), 64); err == nil && d > 0 {
		it.Months = int(d/30 + 0.5)
	}
	return Planned{Item: it, BuyerName: t.BuyerName, Currency: cur, OCID: t.OCID}
}
