// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
	"strings"
	"time"
)

// Postcode is one postcode of a country's postcode register with the area
// it lies in: what places a payee whose register entry has no municipality,
// or who is in no register at all. A French postcode may cover several
// communes: it then has one Postcode per commune.
type Postcode struct {
	Country  string `json:"country"`  // ISO 3166-1 alpha-2
	Postcode string `json:"postcode"` // normalised: NormPostcode
	// Municipality is the national code of the local area: the Norwegian
	// kommunenummer, the UK local authority district (GSS code, E07000123),
	// the French commune (code INSEE).
	Municipality string `json:"municipality"`
	Locality     string `json:"locality,omitempty"` // post town, poststed, commune name
	// County and Region are the wider areas the UK postcode directory gives
	// (county and region GSS codes; "" or a pseudo code E99999999 where
	// there is none).
	County string `json:"county,omitempty"`
	Region string `json:"region,omitempty"`
	// SmallArea is the statistical small area (UK: LSOA 2021) and
	// SmallArea2011 the 2011 one, which the English indices of deprivation
	// 2019 use.
	SmallArea     string `json:"small_area,omitempty"`
	SmallArea2011 string `json:"small_area_2011,omitempty"`
	// Terminated is the month the postcode went out of use; zero while in use.
	Terminated time.Time `json:"terminated,omitzero"`

	// Deprivation is the decile of the postcode's small area on an imported
	// index of deprivation (1 the most deprived tenth, 10 the least; 0 not
	// known), DeprivationIndex the index ("IMD2019"). Filled on lookup.
	Deprivation      int    `json:"deprivation,omitempty"`
	DeprivationIndex string `json:"deprivation_index,omitempty"`
}

// NormPostcode normalises a postcode for lookups: upper case, without
// spaces ("m1  1ad" → "M11AD").
func NormPostcode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// PostcodeRow is one row read from a postcode file: a postcode or the
// reason the row was rejected.
type PostcodeRow struct {
	Postcode *Postcode
	Reject   *Reject
}

// PostcodeReader yields the rows of a postcode file in batches; io.EOF ends.
type PostcodeReader interface {
	ReadPostcodes(ctx context.Context) ([]PostcodeRow, error)
}

// PostcodeBatch records one postcode or deprivation file imported.
type PostcodeBatch struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`    // postcodes, deprivation
	Country      string `json:"country"` // the country whose postcodes it replaces
	Source       string `json:"source"`  // posten, onspd, laposte, imd2019
	FileName     string `json:"file"`
	SHA256       string `json:"sha256"`
	RowsRead     int64  `json:"rows_read"`
	RowsLoaded   int64  `json:"rows_loaded"`
	RowsRejected int64  `json:"rows_rejected"`
	// RowsDuplicate counts rows that repeat a postcode and municipality
	// already read (La Poste lists a commune once per locality).
	RowsDuplicate int64     `json:"rows_duplicate"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
}

// AreaDeprivation is one small area's place on an index of deprivation.
type AreaDeprivation struct {
	Index  string `json:"index"`  // "IMD2019"
	Area   string `json:"area"`   // the small area's code (LSOA)
	Rank   int    `json:"rank"`   // 1 is the most deprived
	Decile int    `json:"decile"` // 1 the most deprived tenth … 10
}
