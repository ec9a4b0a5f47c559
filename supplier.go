package cityspend

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
