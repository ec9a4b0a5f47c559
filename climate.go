// SPDX-License-Identifier: EUPL-1.2

package cityspend

// Emission factor schemes: what a factor's code classifies.
const (
	SchemeCPV      = "cpv"      // a CPV code or prefix: "45", "452", "45210000"
	SchemeNACE     = "nace"     // a NACE code or prefix: "41", "41.2", "41.20"
	SchemeKOSTRA   = "kostra"   // a KOSTRA art: "115"
	SchemeNAICS    = "naics"    // a 2017 NAICS code: "236220"
	SchemeSupplier = "supplier" // a supplier id: "org:NO-BRC:974760673"
)

// FactorSchemes lists the schemes a factor may use.
var FactorSchemes = []string{SchemeCPV, SchemeNACE, SchemeKOSTRA, SchemeNAICS, SchemeSupplier}

// EmissionFactor is a spend-based emission factor (METHODS §8): kilograms
// of CO2e per unit of a currency at a price year's prices.
type EmissionFactor struct {
	Set        string  `json:"set"`
	Version    string  `json:"version,omitempty"`
	Scheme     string  `json:"scheme"`
	Code       string  `json:"code"`
	Label      string  `json:"label,omitempty"`
	KgPerUnit  float64 `json:"kg_co2e_per_unit"`
	Currency   string  `json:"currency"`
	PriceYear  int     `json:"price_year"`
	PriceBasis string  `json:"price_basis"` // purchaser or basic
	GWP        string  `json:"gwp,omitempty"`
	Source     string  `json:"source"`
	Licence    string  `json:"licence"`
	Estimate   bool    `json:"estimate"` // labelled as an estimate in every figure it makes
	File       string  `json:"source_file,omitempty"`
	Line       int     `json:"line,omitempty"`
}

// Concordance maps a code of one scheme to a code of another (NACE ↔
// CPV, KOSTRA art → CPV, NAICS → CPV), so that a factor set in one scheme
// applies to spend classified in another.
type Concordance struct {
	FromScheme string `json:"from_scheme"`
	FromCode   string `json:"from_code"`
	ToScheme   string `json:"to_scheme"`
	ToCode     string `json:"to_code"`
	Source     string `json:"source,omitempty"`
}

// Rate kinds.
const (
	RateFX       = "fx"       // 1 unit of Currency is Value units of To, the year's average
	RateDeflator = "deflator" // a price index of Currency for the year (any base)
)

// Rate is a dated conversion: an exchange rate or a price index.
type Rate struct {
	Kind     string  `json:"kind"`
	Currency string  `json:"currency"`
	To       string  `json:"to,omitempty"` // fx only
	Year     int     `json:"year"`
	Value    float64 `json:"value"`
	Source   string  `json:"source"`
}

// FootprintCell is spend in scope summed by what picks its factor and what
// the footprint is reported by.
type FootprintCell struct {
	Year       int // the buyer's fiscal year of the lines: the spend's price year
	SupplierID string
	Supplier   string // its name
	NACE       string
	Category   string // the line's CPV code, "" when unclassified
	Account    string
	OrgUnit    string
	Spend      Amount
	Lines      int64
}

// Criteria are the sustainability criteria of a contract or tender
// (METHODS §9): environmental (green), social, innovation, circular.
type Criteria struct {
	Green      bool `json:"green"`
	Social     bool `json:"social"`
	Innovation bool `json:"innovation"`
	Circular   bool `json:"circular"`
}

// Any reports whether any criterion is set.
func (c Criteria) Any() bool { return c.Green || c.Social || c.Innovation || c.Circular }

// Strategy target indicators.
const (
	TargetLocalShare      = "local_share"               // share of spend in the municipality (L0)
	TargetSMEShare        = "sme_share"                 // share of spend with SMEs
	TargetCO2e            = "co2e_t"                    // t CO2e of the year's spend
	TargetClimateCriteria = "climate_criteria_share"    // share of contracts above €10k with green criteria
	TargetOnContract      = "on_contract_share"         // share of spend under contract
	TargetPlanInAdvance   = "plan_published_in_advance" // share of plan items published before their notice
	TargetLM3             = "lm3"                       // the local multiplier
)

// TargetIndicators lists the indicators a strategy target may measure.
var TargetIndicators = []string{TargetLocalShare, TargetSMEShare, TargetCO2e, TargetClimateCriteria, TargetOnContract, TargetPlanInAdvance,
	TargetLM3}

// StrategyTarget is one measurable goal of a buyer's procurement strategy.
type StrategyTarget struct {
	BuyerID       string  `json:"buyer"`
	Indicator     string  `json:"indicator"`
	BaselineYear  int     `json:"baseline_year"`
	BaselineValue float64 `json:"baseline_value"` // as the indicator is measured: shares 0–1, t, LM3
	TargetYear    int     `json:"target_year"`
	TargetValue   float64 `json:"target_value"`
	Note          string  `json:"note,omitempty"`
}
