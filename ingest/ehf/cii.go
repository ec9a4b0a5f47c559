// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"encoding/xml"
	"strings"
	"time"
)

// The other syntax of the European e-invoice (EN 16931): UN/CEFACT Cross
// Industry Invoice (CII, D16B), as Germany's XRechnung and ZUGFeRD and
// France's Factur-X write it. Its elements are read by local name into the
// same document as a UBL invoice, so that one set of checks and one
// conversion serve both: a credit note (type code 381 or 261) is a
// CreditNote, any other type an Invoice.

type ciiDoc struct {
	Context struct {
		Process   string `xml:"BusinessProcessSpecifiedDocumentContextParameter>ID"`
		Guideline string `xml:"GuidelineSpecifiedDocumentContextParameter>ID"`
	} `xml:"ExchangedDocumentContext"`
	Doc struct {
		ID       string   `xml:"ID"`
		TypeCode string   `xml:"TypeCode"`
		Issued   ciiDate  `xml:"IssueDateTime>DateTimeString"`
		Notes    []string `xml:"IncludedNote>Content"`
	} `xml:"ExchangedDocument"`
	Trade struct {
		Lines     []ciiLine `xml:"IncludedSupplyChainTradeLineItem"`
		Agreement struct {
			BuyerReference string   `xml:"BuyerReference"`
			Seller         ciiParty `xml:"SellerTradeParty"`
			Buyer          ciiParty `xml:"BuyerTradeParty"`
			Order          string   `xml:"BuyerOrderReferencedDocument>IssuerAssignedID"`
			Contract       string   `xml:"ContractReferencedDocument>IssuerAssignedID"`
		} `xml:"ApplicableHeaderTradeAgreement"`
		Settlement struct {
			Currency         string            `xml:"InvoiceCurrencyCode"`
			AllowanceCharges []ciiAllowance    `xml:"SpecifiedTradeAllowanceCharge"`
			Invoices         []string          `xml:"InvoiceReferencedDocument>IssuerAssignedID"`
			Accounting       string            `xml:"ReceivableSpecifiedTradeAccountingAccount>ID"`
			Totals           ciiHeaderMonetary `xml:"SpecifiedTradeSettlementHeaderMonetarySummation"`
		} `xml:"ApplicableHeaderTradeSettlement"`
	} `xml:"SupplyChainTradeTransaction"`
}

// ciiDate is a CII date: format 102 (yyyymmdd), the one EN 16931 allows.
type ciiDate struct {
	Value  string `xml:",chardata"`
	Format string `xml:"format,attr"`
}

// iso is the date as yyyy-mm-dd (the UBL form convert reads), or the text
// as given when it is not a date of format 102, for convert to refuse.
func (d ciiDate) iso() string {
	v := strings.TrimSpace(d.Value)
	if t, err := time.Parse("20060102", v); err == nil && (d.Format == "" || d.Format == "102") {
		return t.Format("2006-01-02")
	}
	return v
}

type ciiParty struct {
	IDs       []idWithScheme `xml:"ID"`
	GlobalIDs []idWithScheme `xml:"GlobalID"`
	Name      string         `xml:"Name"`
	Legal     struct {
		ID          idWithScheme `xml:"ID"`
		TradingName string       `xml:"TradingBusinessName"`
	} `xml:"SpecifiedLegalOrganization"`
	Address struct {
		Postcode string `xml:"PostcodeCode"`
		Line     string `xml:"LineOne"`
		City     string `xml:"CityName"`
		Country  string `xml:"CountryID"`
	} `xml:"PostalTradeAddress"`
	Endpoint idWithScheme   `xml:"URIUniversalCommunication>URIID"`
	Tax      []idWithScheme `xml:"SpecifiedTaxRegistration>ID"`
}

type ciiAllowance struct {
	Charge  string `xml:"ChargeIndicator>Indicator"`
	Amount  amount `xml:"ActualAmount"`
	Reason  string `xml:"Reason"`
	Percent string `xml:"CategoryTradeTax>RateApplicablePercent"`
}

type ciiHeaderMonetary struct {
	LineTotal  amount   `xml:"LineTotalAmount"`
	Charges    amount   `xml:"ChargeTotalAmount"`
	Allowances amount   `xml:"AllowanceTotalAmount"`
	TaxBasis   amount   `xml:"TaxBasisTotalAmount"`
	TaxTotals  []amount `xml:"TaxTotalAmount"`
	Rounding   amount   `xml:"RoundingAmount"`
	GrandTotal amount   `xml:"GrandTotalAmount"`
	Prepaid    amount   `xml:"TotalPrepaidAmount"`
	DuePayable amount   `xml:"DuePayableAmount"`
}

type ciiLine struct {
	ID      string   `xml:"AssociatedDocumentLineDocument>LineID"`
	Notes   []string `xml:"AssociatedDocumentLineDocument>IncludedNote>Content"`
	Product struct {
		Name            string `xml:"Name"`
		Description     string `xml:"Description"`
		Classifications []struct {
			Code   string `xml:",chardata"`
			ListID string `xml:"listID,attr"`
		} `xml:"DesignatedProductClassification>ClassCode"`
	} `xml:"SpecifiedTradeProduct"`
	OrderLine  string `xml:"SpecifiedLineTradeAgreement>BuyerOrderReferencedDocument>LineID"`
	Quantity   qty    `xml:"SpecifiedLineTradeDelivery>BilledQuantity"`
	Settlement struct {
		Percent    []string `xml:"ApplicableTradeTax>RateApplicablePercent"`
		Total      amount   `xml:"SpecifiedTradeSettlementLineMonetarySummation>LineTotalAmount"`
		Accounting string   `xml:"ReceivableSpecifiedTradeAccountingAccount>ID"`
	} `xml:"SpecifiedLineTradeSettlement"`
}

// ciiCredit are the CII type codes of credit notes (UNCL1001 381, and 261
// self-billed).
func ciiCredit(code string) bool {
	code = strings.TrimSpace(code)
	return code == "381" || code == "261"
}

// document is the CII invoice as the UBL document convert reads.
func (c *ciiDoc) document() *document {
	d := &document{XMLName: xml.Name{Local: "Invoice"}, CustomizationID: c.Context.Guideline, ProfileID: c.Context.Process,
		ID: c.Doc.ID, IssueDate: c.Doc.Issued.iso(), Note: c.Doc.Notes, DocumentCurrencyCode: c.Trade.Settlement.Currency,
		AccountingCost: c.Trade.Settlement.Accounting, BuyerReference: c.Trade.Agreement.BuyerReference,
		BillingReferences: c.Trade.Settlement.Invoices, OrderReference: c.Trade.Agreement.Order, ContractReference: c.Trade.Agreement.Contract,
		Supplier: c.Trade.Agreement.Seller.party(), Customer: c.Trade.Agreement.Buyer.party()}
	if ciiCredit(c.Doc.TypeCode) {
		d.XMLName.Local, d.CreditNoteTypeCode = "CreditNote", c.Doc.TypeCode
	} else {
		d.InvoiceTypeCode = c.Doc.TypeCode
	}
	for _, a := range c.Trade.Settlement.AllowanceCharges {
		ac := allowance{Charge: strings.TrimSpace(a.Charge) == "true", Reason: a.Reason, Amount: a.Amount}
		if a.Percent != "" {
			ac.TaxPercent = []string{a.Percent}
		}
		d.AllowanceCharges = append(d.AllowanceCharges, ac)
	}
	t := &c.Trade.Settlement.Totals
	for _, x := range t.TaxTotals {
		d.TaxTotals = append(d.TaxTotals, taxTotal{TaxAmount: x})
	}
	d.Totals = monetary{LineExtension: t.LineTotal, TaxExclusive: t.TaxBasis, TaxInclusive: t.GrandTotal, Allowances: t.Allowances,
		Charges: t.Charges, Prepaid: t.Prepaid, Rounding: t.Rounding, Payable: t.DuePayable}
	for _, l := range c.Trade.Lines {
		x := line{ID: l.ID, LineExtension: l.Settlement.Total, AccountingCost: l.Settlement.Accounting, OrderLineRef: l.OrderLine,
			Item: item{Name: l.Product.Name, Description: l.Product.Description, Classifications: l.Product.Classifications, TaxPercent: l.Settlement.Percent}}
		if len(l.Notes) > 0 {
			x.Note = l.Notes[0]
		}
		if d.XMLName.Local == "CreditNote" {
			x.CreditedQuantity = l.Quantity
			d.CreditNoteLines = append(d.CreditNoteLines, x)
		} else {
			x.InvoicedQuantity = l.Quantity
			d.InvoiceLines = append(d.InvoiceLines, x)
		}
	}
	return d
}

// party is a CII trade party as a UBL party: its legal name and
// organisation, its trading name, identifiers, electronic address, postal
// address and tax registrations (VA: VAT number, FC: tax number).
func (p ciiParty) party() party {
	var u party
	u.EndpointID = p.Endpoint
	u.Identifications = append(append(u.Identifications, p.IDs...), p.GlobalIDs...)
	if n := strings.TrimSpace(p.Legal.TradingName); n != "" {
		u.Names = []string{n}
	} else if n := strings.TrimSpace(p.Name); n != "" {
		u.Names = []string{n}
	}
	u.LegalEntity.RegistrationName, u.LegalEntity.CompanyID = p.Name, p.Legal.ID
	u.Address.Street, u.Address.City, u.Address.PostalZone, u.Address.Country = p.Address.Line, p.Address.City, p.Address.Postcode, p.Address.Country
	for _, t := range p.Tax {
		scheme := "VAT"
		if strings.TrimSpace(t.Scheme) != "VA" {
			scheme = strings.TrimSpace(t.Scheme)
		}
		u.TaxSchemes = append(u.TaxSchemes, struct {
			CompanyID idWithScheme `xml:"CompanyID"`
			Scheme    string       `xml:"TaxScheme>ID"`
		}{CompanyID: idWithScheme{Value: t.Value}, Scheme: scheme})
	}
	return u
}
