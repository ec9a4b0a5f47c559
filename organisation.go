// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
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
	Source        string    `json:"source"`           // "brreg", "csv"
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
	Source        string    `json:"source"` // brreg, csv
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

// HistoryEntry is one change of a tracked organisation field between two
// register imports.
type HistoryEntry struct {
	Field string    `json:"field"`
	Old   string    `json:"old"`
	New   string    `json:"new"`
	At    time.Time `json:"at"`
}
