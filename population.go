// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// PopulationFigure is the population of an area (a Norwegian municipality
// by its kommunenummer, a UK local authority by its GSS code) in a year,
// from an official statistics file: what spend per inhabitant divides by.
type PopulationFigure struct {
	Country string `json:"country"` // NO, GB
	Area    string `json:"area"`    // 3909, E07000223
	Name    string `json:"name,omitempty"`
	Year    int    `json:"year"`
	// Persons is the estimate: SSB's population on 1 January of the year,
	// ONS's mid-year (30 June) estimate.
	Persons int64 `json:"persons"`
	// Source names the statistics ("SSB 07459", "ONS MYE"), File the file
	// it was read from, with its SHA-256: read back from its import's
	// batch (PopulationBatch), ignored when importing.
	Source string `json:"source"`
	File   string `json:"file,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// PopulationBatch is one import of a population file. RowsRead (the
// file's rows) and RowsRejected are set by the importer; the store sets
// ID and RowsLoaded and adds to RowsRejected the figures repeated in the
// file.
type PopulationBatch struct {
	ID           int64     `json:"id"`
	Source       string    `json:"source"`
	FileName     string    `json:"file"`
	SHA256       string    `json:"sha256"`
	RowsRead     int64     `json:"rows_read"`
	RowsLoaded   int64     `json:"rows_loaded"`
	RowsRejected int64     `json:"rows_rejected"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
}

// PopulationIn is the figure of a year for an area from a list of figures
// of areas and years: the year's, else the latest earlier one, else the
// earliest later one; ok is false when the area has none.
func PopulationIn(figs []PopulationFigure, country, area string, year int) (PopulationFigure, bool) {
	var best PopulationFigure
	found := false
	better := func(f PopulationFigure) bool {
		switch {
		case !found:
			return true
		case best.Year <= year && f.Year <= year:
			return f.Year > best.Year
		case best.Year > year && f.Year > year:
			return f.Year < best.Year
		default:
			return f.Year <= year // earlier years before later ones
		}
	}
	for _, f := range figs {
		if f.Country == country && f.Area == area && better(f) {
			best, found = f, true
		}
	}
	return best, found
}
