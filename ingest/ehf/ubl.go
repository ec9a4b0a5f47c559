// SPDX-License-Identifier: EUPL-1.2

// Package ehf reads EN 16931 e-invoices and credit notes into payments:
// Norwegian EHF / Peppol BIS Billing 3.0 (and EHF 2.0) in UBL, and
// XRechnung, ZUGFeRD and Factur-X in CII (cii.go): one payment per invoice
// line, negative for credit notes, with the supplier party, dates, totals,
// VAT, classifications, accounting string and references. A document is
// its supplier, type, number and issue date, and loads whole or is a
// duplicate whole. Reminders and payment requests are not spend: they refer
// to the invoice that is. A document that is not an invoice or credit note,
// is not well-formed, lacks mandatory fields, declares a DTD or entities, or
// whose lines do not add up to its totals is refused with the reason.
package ehf

import "encoding/xml"

// The UBL elements read, by local name (namespaces are not checked, so both
// UBL 2.1 flavours of EHF 2 and 3 read alike).

type document struct {
	XMLName              xml.Name
	CustomizationID      string      `xml:"CustomizationID"`
	ProfileID            string      `xml:"ProfileID"`
	ID                   string      `xml:"ID"`
	IssueDate            string      `xml:"IssueDate"`
	DueDate              string      `xml:"DueDate"`
	InvoiceTypeCode      string      `xml:"InvoiceTypeCode"`
	CreditNoteTypeCode   string      `xml:"CreditNoteTypeCode"`
	Note                 []string    `xml:"Note"`
	DocumentCurrencyCode string      `xml:"DocumentCurrencyCode"`
	AccountingCost       string      `xml:"AccountingCost"`
	BuyerReference       string      `xml:"BuyerReference"`
	BillingReferences    []string    `xml:"BillingReference>InvoiceDocumentReference>ID"`
	OrderReference       string      `xml:"OrderReference>ID"`
	ContractReference    string      `xml:"ContractDocumentReference>ID"`
	Supplier             party       `xml:"AccountingSupplierParty>Party"`
	Customer             party       `xml:"AccountingCustomerParty>Party"`
	AllowanceCharges     []allowance `xml:"AllowanceCharge"`
	TaxTotals            []taxTotal  `xml:"TaxTotal"`
	Totals               monetary    `xml:"LegalMonetaryTotal"`
	InvoiceLines         []line      `xml:"InvoiceLine"`
	CreditNoteLines      []line      `xml:"CreditNoteLine"`
	ReminderLines        []struct {
		BillingReferences []string `xml:"BillingReference>InvoiceDocumentReference>ID"`
	} `xml:"ReminderLine"` // UBL Reminder (EHF 2 "purring")
}

type party struct {
	EndpointID      idWithScheme   `xml:"EndpointID"`
	Identifications []idWithScheme `xml:"PartyIdentification>ID"`
	Names           []string       `xml:"PartyName>Name"`
	Address         struct {
		Street     string `xml:"StreetName"`
		City       string `xml:"CityName"`
		PostalZone string `xml:"PostalZone"`
		Country    string `xml:"Country>IdentificationCode"`
	} `xml:"PostalAddress"`
	TaxSchemes []struct {
		CompanyID idWithScheme `xml:"CompanyID"`
		Scheme    string       `xml:"TaxScheme>ID"`
	} `xml:"PartyTaxScheme"`
	LegalEntity struct {
		RegistrationName string       `xml:"RegistrationName"`
		CompanyID        idWithScheme `xml:"CompanyID"`
	} `xml:"PartyLegalEntity"`
}

type idWithScheme struct {
	Value  string `xml:",chardata"`
	Scheme string `xml:"schemeID,attr"`
}

type amount struct {
	Value    string `xml:",chardata"`
	Currency string `xml:"currencyID,attr"`
}

type allowance struct {
	Charge     bool     `xml:"ChargeIndicator"`
	Reason     string   `xml:"AllowanceChargeReason"`
	Amount     amount   `xml:"Amount"`
	TaxPercent []string `xml:"TaxCategory>Percent"`
}

type taxTotal struct {
	TaxAmount amount `xml:"TaxAmount"`
}

type monetary struct {
	LineExtension amount `xml:"LineExtensionAmount"`
	TaxExclusive  amount `xml:"TaxExclusiveAmount"`
	TaxInclusive  amount `xml:"TaxInclusiveAmount"`
	Allowances    amount `xml:"AllowanceTotalAmount"`
	Charges       amount `xml:"ChargeTotalAmount"`
	Prepaid       amount `xml:"PrepaidAmount"`
	Rounding      amount `xml:"PayableRoundingAmount"`
	Payable       amount `xml:"PayableAmount"`
}

type line struct {
	ID               string `xml:"ID"`
	Note             string `xml:"Note"`
	InvoicedQuantity qty    `xml:"InvoicedQuantity"`
	CreditedQuantity qty    `xml:"CreditedQuantity"`
	LineExtension    amount `xml:"LineExtensionAmount"`
	AccountingCost   string `xml:"AccountingCost"`
	OrderLineRef     string `xml:"OrderLineReference>LineID"`
	Item             item   `xml:"Item"`
}

type qty struct {
	Value string `xml:",chardata"`
	Unit  string `xml:"unitCode,attr"`
}

type item struct {
	Name            string `xml:"Name"`
	Description     string `xml:"Description"`
	Classifications []struct {
		Code   string `xml:",chardata"`
		ListID string `xml:"listID,attr"`
	} `xml:"CommodityClassification>ItemClassificationCode"`
	TaxPercent []string `xml:"ClassifiedTaxCategory>Percent"`
}
