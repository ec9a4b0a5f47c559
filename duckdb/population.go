// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cityspend/cityspend"
)

// ImportPopulation implements cityspend.Store. A file holds some hundreds of
// areas and a few years: the figures are inserted in one transaction, each
// replacing the one of its country, area and year; a figure repeating one
// of the same file counts once (the last), and is added to the batch's
// RowsRejected. RowsRead is the caller's: the file's rows, not the figures
// made of them.
func (d *DB) ImportPopulation(ctx context.Context, batch *cityspend.PopulationBatch, figs []cityspend.PopulationFigure) error {
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	type key struct {
		country, area string
		year          int
	}
	last := map[key]int{}
	for i, f := range figs {
		if f.Country == "" || f.Area == "" || f.Year < 1800 || f.Year > 2200 || f.Persons < 0 {
			return cityspend.Errorf(cityspend.EINVALID, "population of %q %q in %d: %d persons is not a figure to load", f.Country, f.Area, f.Year, f.Persons)
		}
		last[key{f.Country, f.Area, f.Year}] = i
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT nextval('population_batch_id_seq')`).Scan(&batch.ID); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO population (country, area, year, name, persons, batch_id) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("population import: %w", err)
		}
		defer ins.Close()
		for i, f := range figs {
			if last[key{f.Country, f.Area, f.Year}] != i {
				batch.RowsRejected++ // repeated in the file: the last counts
				continue
			}
			if _, err := ins.ExecContext(ctx, f.Country, f.Area, f.Year, f.Name, f.Persons, batch.ID); err != nil {
				return fmt.Errorf("population import: %w", err)
			}
			batch.RowsLoaded++
		}
		batch.FinishedAt = time.Now().UTC()
		_, err = tx.ExecContext(ctx, `INSERT INTO population_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch.ID, batch.Source, batch.FileName,
			batch.SHA256, batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.StartedAt, batch.FinishedAt)
		return err
	})
}

// Population implements cityspend.Store.
func (d *DB) Population(ctx context.Context, country string) ([]cityspend.PopulationFigure, error) {
	return queryAll(ctx, d.db, "population", `SELECT p.country, p.area, p.name, p.year, p.persons, b.source, b.file_name, b.sha256
		FROM population p JOIN population_batches b ON b.id = p.batch_id
		WHERE ? = '' OR p.country = ? ORDER BY p.country, p.area, p.year`, []any{country, country},
		func(rows *sql.Rows, f *cityspend.PopulationFigure) error {
			return rows.Scan(&f.Country, &f.Area, &f.Name, &f.Year, &f.Persons, &f.Source, &f.File, &f.SHA256)
		})
}
