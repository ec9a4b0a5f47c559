// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"encoding/json"
	"time"
)

// Tender is one contracting process as its (compiled) release describes it.
type Tender struct {
	OCID          string          `json:"ocid"`
	ReleaseID     string          `json:"release_id,omitempty"`
	Date          time.Time       `json:"date,omitzero"`
	Title         string          `json:"title,omitempty"`
	Status        string          `json:"status,omitempty"`
	Method        string          `json:"procurement_method,omitempty"`
	MethodDetails string          `json:"procurement_method_details,omitempty"`
	Category      string          `json:"main_procurement_category,omitempty"`
	BuyerID       string          `json:"buyer_id,omitempty"`
	BuyerName     string          `json:"buyer_name,omitempty"`
	Value         Amount          `json:"value"`
	HasValue      bool            `json:"has_value"`
	Currency      string          `json:"currency,omitempty"`
	TenderStart   time.Time       `json:"tender_start,omitzero"`
	TenderEnd     time.Time       `json:"tender_end,omitzero"`
	CPV           string          `json:"cpv,omitempty"`
	Criteria      Criteria        `json:"criteria"` // strategic procurement (eForms BT-06, BT-805)
	Lots          []Lot           `json:"lots"`
	Bids          []Bid           `json:"bids"`
	Awards        []Award         `json:"awards"`
	Parties       []Party         `json:"parties"`
	Release       json.RawMessage `json:"-"`
	Line          int             `json:"line"`
}

// Lot is a lot of a tender.
type Lot struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Value    Amount `json:"value"`
	Currency string `json:"currency,omitempty"`
}

// Bid is a bid (OCDS bids extension).
type Bid struct {
	ID        string   `json:"id"`
	Status    string   `json:"status,omitempty"`
	Tenderers []string `json:"tenderers"` // party ids
	Value     Amount   `json:"value"`
	Currency  string   `json:"currency,omitempty"`
}

// Award is an award.
type Award struct {
	ID        string    `json:"id"`
	Status    string    `json:"status,omitempty"`
	Date      time.Time `json:"date,omitzero"`
	Suppliers []string  `json:"suppliers"` // party ids
	Value     Amount    `json:"value"`
	Currency  string    `json:"currency,omitempty"`
}

// Party is an organisation with its roles in the process.
type Party struct {
	ID         string   `json:"id"`
	Name       string   `json:"name,omitempty"`
	Roles      []string `json:"roles"`
	Identifier string   `json:"identifier,omitempty"` // "scheme-id"
}
