// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// Address is a postal or business address.
type Address struct {
	Lines        []string `json:"lines,omitempty"`
	Postcode     string   `json:"postcode,omitempty"`
	Locality     string   `json:"locality,omitempty"`     // post town
	Municipality string   `json:"municipality,omitempty"` // national municipality code (Norway: kommunenummer)
	Country      string   `json:"country,omitempty"`      // ISO 3166-1 alpha-2
}

// Supplier is an organisation that sells to buyers, as a business register
// or the buyer's own data knows it.
type Supplier struct {
	ID          string       `json:"id"` // the primary identifier, "NO-BRC:123456785"
	Name        string       `json:"name"`
	Identifiers []Identifier `json:"identifiers"` // organisation number, VAT number, ... with their schemes
	Address     Address      `json:"address"`
}

// Resolution methods, in order of strength.
const (
	MatchManual    = "manual"     // a person decided
	MatchID        = "id"         // organisation or VAT number on the line
	MatchExactName = "exact_name" // the normalised name matched one registered unit
	MatchFuzzy     = "fuzzy"      // a close name matched one unit clearly better than any other
	MatchNone      = ""           // unresolved
)

// PayeeRecord is a payee of a buyer (a distinct supplier as the files name
// it) with its current resolution and the spend on its lines.
type PayeeRecord struct {
	ID          int32      `json:"payee_id"`
	Payee       Payee      `json:"payee"`
	SupplierKey string     `json:"supplier_key"` // before resolution
	Resolution  Resolution `json:"resolution"`
	Spend       Amount     `json:"spend"`
	Lines       int64      `json:"lines"`
}

// Resolution ties a payee to a supplier: a registered organisation
// ("org:NO-BRC:123456785") or, unresolved, the payee's own key.
type Resolution struct {
	PayeeID    int32   `json:"payee_id"`
	SupplierID string  `json:"supplier_id"`
	Method     string  `json:"method"` // MatchManual, MatchID, ...
	Score      float64 `json:"score"`  // 0–1
	Reason     string  `json:"reason,omitempty"`
}

// Override is a person's decision about a payee, kept with who made it, when
// and why, and re-applied on every later import: the payee is matched by its
// name, numbers, country and postcode as the files give them.
type Override struct {
	BuyerID    string    `json:"buyer_id"`
	Payee      Payee     `json:"payee"`
	SupplierID string    `json:"supplier_id"` // "org:NO-BRC:…", or "" to keep the payee unresolved
	Who        string    `json:"who"`
	Why        string    `json:"why"`
	At         time.Time `json:"at"`
}

// Place bands relative to a buyer (METHODS §1).
const (
	PlaceLocal    = "L0" // inside the municipality
	PlaceRegion   = "L1" // the wider region (Norway: the county)
	PlaceCountry  = "L2" // the rest of the country
	PlaceAbroad   = "L3"
	PlaceUnknown  = "unknown"
	TypePublic    = "public"
	TypeSocial    = "social_enterprise"
	TypePrivate   = "private"
	TypeUnknown   = "unknown"
	SizeMicro     = "micro"
	SizeSmall     = "small"
	SizeMedium    = "medium"
	SizeLarge     = "large"
	SizeUnknown   = "unknown"
	SectorUnknown = "unknown"
)

// SupplierProfile is what cityspend knows of a supplier relative to one
// buyer: where it is, what kind of body it is, its size and its industry,
// each with the reason or basis, so an unknown is never silent.
type SupplierProfile struct {
	BuyerID      string      `json:"buyer_id"`
	SupplierID   string      `json:"supplier_id"`
	Name         string      `json:"name"`
	Org          *Identifier `json:"org,omitempty"` // nil when unresolved
	Place        string      `json:"place"`
	PlaceReason  string      `json:"place_reason"`
	Type         string      `json:"type"`
	TypeReason   string      `json:"type_reason"`
	Size         string      `json:"size"`
	SizeBasis    string      `json:"size_basis"`
	NACE         string      `json:"nace"`         // main code as registered, "" when unknown
	NACESection  string      `json:"nace_section"` // NACE Rev. 2 section letter, or "unknown"
	NACEDivision string      `json:"nace_division"`
	Municipality string      `json:"municipality,omitempty"`
	Postcode     string      `json:"postcode,omitempty"`
	Country      string      `json:"country,omitempty"`
	Employees    int         `json:"employees,omitempty"`
	Deprived     bool        `json:"deprived,omitempty"` // in one of the buyer's configured deprived areas
}

// Business-type classes of the CLES analysis: public, social enterprise,
// the SME sizes and large, in priority order.
const (
	ClassPublic  = "public"
	ClassSocial  = "social_enterprise"
	ClassMicro   = "micro"
	ClassSmall   = "small"
	ClassMedium  = "medium"
	ClassLarge   = "large"
	ClassUnknown = "unknown"
)

// BusinessTypes lists the classes in report order.
var BusinessTypes = []string{ClassPublic, ClassSocial, ClassMicro, ClassSmall, ClassMedium, ClassLarge, ClassUnknown}

// BusinessType is the supplier's CLES business-type class: public sector,
// then social enterprise, then the size of a private business.
func (p SupplierProfile) BusinessType() string {
	switch p.Type {
	case TypePublic:
		return ClassPublic
	case TypeSocial:
		return ClassSocial
	case TypePrivate:
		if p.Size == "" {
			return ClassUnknown
		}
		return p.Size
	}
	return ClassUnknown
}

// SupplierRow is a supplier with its spend, for lists and exports.
type SupplierRow struct {
	SupplierProfile
	Method string  `json:"match_method"`
	Score  float64 `json:"score"`
	Payees int     `json:"payees"` // how many payee records (spellings, numbers) it gathers
	Spend  Amount  `json:"spend"`
	Lines  int64   `json:"lines"`
}

// SupplierFilter selects suppliers of a buyer.
type SupplierFilter struct {
	BuyerID    string
	SupplierID string // only this supplier (a supplier's page reads one); "" for all
	Period     Period // zero: spend over all dates
	Unresolved bool   // only suppliers not tied to a registered organisation
	Place      string // a band, or "" for all
	Type       string // a business-type class, or "" for all
	Section    string // a NACE section, or "" for all
	Scope      Scope  // which lines the spend counts (ScopeAll by default)
	OrgUnit    string // only spend of this org unit; "" for all
	AccountPfx string // only spend on accounts with this prefix; "" for all
	Category   string // only spend in this CPV category (prefix), or CategoryUnclassified
	Search     string // in name or organisation number
	Sort       string // "spend" (default), "name", "place"
	Offset     int
	Limit      int // 0: all
}

// PlaceRule widens or replaces a buyer's local area (L0) or region (L1), or
// lists its deprived areas (band "deprived"): a municipality code, a postcode
// prefix or a locality name.
type PlaceRule struct {
	Band  string `json:"band"` // L0, L1 or deprived
	Kind  string `json:"kind"` // municipality, postcode_prefix, locality
	Value string `json:"value"`
}

// MunicipalityCode is a municipality number with its validity and the code
// that succeeded it, so that renumbered municipalities (Larvik 0709 → 3805 →
// 3909) still match.
type MunicipalityCode struct {
	Country   string    `json:"country"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	ValidFrom time.Time `json:"valid_from,omitzero"`
	ValidTo   time.Time `json:"valid_to,omitzero"` // exclusive; zero while valid
	Successor string    `json:"successor,omitempty"`
}

// SurveyResponse is one supplier's answers to the local-multiplier survey
// of a buyer's year (METHODS §1).
type SurveyResponse struct {
	SupplierID      string `json:"supplier_id"`
	OrgNumber       string `json:"org_number,omitempty"`
	Name            string `json:"name,omitempty"`
	Turnover        Amount `json:"turnover"`
	WageBill        Amount `json:"wage_bill"`
	StaffTotal      int    `json:"staff_total"`
	StaffLocal      int    `json:"staff_local"` // living in the buyer's local area
	StaffDeprived   int    `json:"staff_deprived,omitempty"`
	NonWageCosts    Amount `json:"non_wage_costs"`     // purchases of goods and services
	NonWageLocalPct Amount `json:"non_wage_local_pct"` // share of them bought locally, in hundredths of a per cent (2500 = 25 %)
	JobsCreated     int    `json:"jobs_created,omitempty"`
	Apprenticeships int    `json:"apprenticeships,omitempty"`
	RealLivingWage  bool   `json:"real_living_wage,omitempty"`
	Line            int    `json:"line"` // in the imported file
}
