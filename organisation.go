// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
	"errors"
	"io"
	"time"
)

// Organisation is a unit of a business register: the legal entity a payee
// resolves to, with what the register says about its place, form, size and
// industry.
type Organisation struct {
	ID         Identifier `json:"id"`
	Name       string     `json:"name"`
	LegalForm  string     `json:"legal_form,omitempty"`  // Norway: organisasjonsform (AS, ENK, KOMM, ...)
	SectorCode string     `json:"sector_code,omitempty"` // Norway: institusjonell sektorkode
	NACE       []string   `json:"nace,omitempty"`        // industry codes as registered, main first ("43.210")

	Employees         int    `json:"employees,omitempty"`
	EmployeesKnown    bool   `json:"employees_known"`              // a head count is registered
	EmployeesWithheld bool   `json:"employees_withheld,omitempty"` // registered but not published (Norway: under 5)
	EmployeeBand      string `json:"employee_band,omitempty"`      // a head-count band such as "10-49", when only that is known
	TurnoverEUR       Amount `json:"turnover_eur,omitempty"`       // annual turnover in euros, when known

	Address Address `json:"address"` // business address

	VATRegistered bool      `json:"vat_registered,omitempty"`
	Voluntary     bool      `json:"voluntary,omitempty"` // in a register of voluntary organisations
	Bankrupt      bool      `json:"bankrupt,omitempty"`
	Liquidation   bool      `json:"liquidation,omitempty"`
	Founded       time.Time `json:"founded,omitzero"`
	Parent        string    `json:"parent,omitempty"` // parent unit's id in the same scheme
	Source        string    `json:"source"`           // "brreg", "csv", "companies-house", "charities", "sirene"

	// What the official bulk registers of other countries add (Companies
	// House, the charity registers, SIRENE).

	// Status is the register's own status of the unit, as it words it
	// ("Active", "Liquidation", "Registered", "Removed"; SIRENE "active" or
	// "ceased"); "" when the register has none. Its changes are kept.
	Status string `json:"status,omitempty"`
	// Dissolved is the date the unit was dissolved, removed from the
	// register or ceased; zero while it exists.
	Dissolved time.Time `json:"dissolved,omitzero"`
	// SocialEconomy says why the register places the unit in the social
	// economy ("community interest company", "registered charity", "in the
	// social and solidarity economy (SIRENE)"); "" when it does not.
	SocialEconomy string `json:"social_economy,omitempty"`
	// IndustryCodes are the register's own industry codes as registered,
	// main first (UK SIC 2007 "43220", NAF rév. 2 "43.22A"), in
	// IndustryScheme; NACE holds the NACE Rev. 2 classes they map to.
	IndustryCodes  []string `json:"industry_codes,omitempty"`
	IndustryScheme string   `json:"industry_scheme,omitempty"` // "UK SIC 2007", "NAF rév. 2"
	// SizeCategory is the register's own size class: the accounts a UK
	// company files ("MICRO ENTITY", "SMALL", …) or INSEE's catégorie
	// d'entreprise (PME, ETI, GE).
	SizeCategory string `json:"size_category,omitempty"`
	// CompanyNumber is a charity's number at Companies House, when it is
	// also a company; CharityNumber a company's charity registration
	// ("GB-CHC:1002009"), filled when a loaded charity register names it.
	CompanyNumber string `json:"company_number,omitempty"`
	CharityNumber string `json:"charity_number,omitempty"`
	// HeadOffice is the identifier (same scheme) of the establishment that
	// is the unit's head office (SIRENE: its SIRET); a unit registered
	// without an address takes the head office's.
	HeadOffice string `json:"head_office,omitempty"`
}

// Establishment is a branch of an organisation at another place (Norway:
// underenhet with its beliggenhetsadresse). A branch inside a municipality
// makes its organisation local there.
type Establishment struct {
	ID             Identifier `json:"id"`
	Parent         Identifier `json:"parent"`
	Name           string     `json:"name"`
	Address        Address    `json:"address"`
	NACE           string     `json:"nace,omitempty"`
	Employees      int        `json:"employees,omitempty"`
	EmployeesKnown bool       `json:"employees_known"`
	// Closed is set for an establishment the register lists as closed: it
	// no longer places its organisation anywhere.
	Closed bool `json:"closed,omitempty"`
	// HeadOffice marks the organisation's head office (SIRENE: the siège).
	HeadOffice bool `json:"head_office,omitempty"`
}

// RegisteredName is what matching a name needs of one registered unit: an
// organisation, or a branch of one (Parent set).
type RegisteredName struct {
	ID        Identifier
	Parent    Identifier // a branch's organisation; zero for an organisation
	Name      string
	LegalForm string  // as registered; "" for a branch
	Address   Address // postcode, locality, municipality and country
}

// RegisterRow is one unit read from a register file: an organisation, an
// establishment, or the reason the unit was rejected.
type RegisterRow struct {
	Organisation  *Organisation
	Establishment *Establishment
	Reject        *Reject
}

// RegisterBatch records one register file imported.
type RegisterBatch struct {
	ID            int64     `json:"id"`
	Source        string    `json:"source"` // brreg, csv, companies-house, charities, sirene
	FileName      string    `json:"file"`
	SHA256        string    `json:"sha256"`
	UnitsRead     int64     `json:"units_read"`
	UnitsLoaded   int64     `json:"units_loaded"`
	UnitsRejected int64     `json:"units_rejected"`
	UnitsChanged  int64     `json:"units_changed"` // already known units whose tracked fields changed
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
}

// RegisterReader yields the units of a register file in batches; io.EOF ends.
type RegisterReader interface {
	ReadUnits(ctx context.Context) ([]RegisterRow, error)
}

// ReadAllUnits reads every batch of r until io.EOF: for small files and
// the readers' tests (the store reads batch by batch).
func ReadAllUnits(ctx context.Context, r RegisterReader) ([]RegisterRow, error) {
	var rows []RegisterRow
	for {
		b, err := r.ReadUnits(ctx)
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, b...)
	}
}

// HistoryEntry is one change of a tracked organisation field between two
// register imports.
type HistoryEntry struct {
	Field string    `json:"field"`
	Old   string    `json:"old"`
	New   string    `json:"new"`
	At    time.Time `json:"at"`
}
