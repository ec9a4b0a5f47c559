// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/cityspend/cityspend"
)

var postcodeColumns = []struct{ name, typ string }{
	{"postcode", "VARCHAR"}, {"municipality", "VARCHAR"}, {"locality", "VARCHAR"}, {"county", "VARCHAR"}, {"region", "VARCHAR"},
	{"small_area", "VARCHAR"}, {"small_area_2011", "VARCHAR"}, {"terminated", "DATE"},
}

var deprivationColumns = []struct{ name, typ string }{
	{"idx", "VARCHAR"}, {"area", "VARCHAR"}, {"rank", "INTEGER"}, {"decile", "INTEGER"},
}

// stageFile writes lines to a new staging file (write returns io.EOF when
// it has no more) and returns its name; the caller removes it.
func (d *DB) stageFile(write func(w *bufio.Writer) error) (string, error) {
	f, err := os.CreateTemp(d.tempDir(), d.stagingPattern())
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = write(w)
	if err = errors.Join(err, w.Flush(), f.Close()); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// readStaged is read_csv over a staging file with the columns given.
func readStaged(path string, cols []struct{ name, typ string }) string {
	return `read_csv(` + sqlString(path) + `, ` + stagedCSV + `, columns = ` + columnsStruct(cols) + `)`
}

// stagedCSV are read_csv's options for our staging files: the plain layout
// they are written in (no header, comma, double quotes, empty is NULL), and
// no hive partitions, which DuckDB would otherwise read as extra columns
// from a folder named like "year=2024" on the way to the database.
const stagedCSV = `header = false, delim = ',', quote = '"', escape = '"', auto_detect = false, nullstr = '', hive_partitioning = false`

// ImportPostcodes implements cityspend.Store. The rows are staged to a file
// and replace the country's postcodes in one transaction; a postcode and
// municipality read twice is loaded once.
func (d *DB) ImportPostcodes(ctx context.Context, batch *cityspend.PostcodeBatch, src cityspend.PostcodeReader) error {
	if batch.Country == "" {
		return cityspend.Errorf(cityspend.EINVALID, "postcode import: no country")
	}
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	batch.Kind = "postcodes"
	var staged int64
	file, err := d.stageFile(func(w *bufio.Writer) error {
		var line []byte
		for {
			rows, err := src.ReadPostcodes(ctx)
			if err == io.EOF {
				return nil
			}
			for _, r := range rows {
				batch.RowsRead++
				p := r.Postcode
				if r.Reject != nil || p == nil {
					batch.RowsRejected++
					continue
				}
				if p.Postcode == "" || p.Municipality == "" {
					batch.RowsRejected++
					continue
				}
				line = line[:0]
				for i, s := range []string{p.Postcode, p.Municipality, p.Locality, p.County, p.Region, p.SmallArea, p.SmallArea2011} {
					if i > 0 {
						line = append(line, ',')
					}
					line = appendField(line, s)
				}
				line = append(line, ',')
				line = appendDate(line, p.Terminated)
				line = append(line, '\n')
				if _, err := w.Write(line); err != nil {
					return err
				}
				staged++
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		return fmt.Errorf("postcode import: %w", err)
	}
	defer os.Remove(file)
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT nextval('postcode_batch_id_seq')`).Scan(&batch.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM postcodes WHERE country = ?`, batch.Country); err != nil {
			return fmt.Errorf("replace postcodes: %w", err)
		}
		if staged > 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO postcodes BY NAME
				SELECT DISTINCT ON (postcode, municipality) *, ? AS country, ? AS batch_id FROM `+readStaged(file, postcodeColumns)+`
				ORDER BY ALL`, // of rows repeating a key, the same one every time
				batch.Country, batch.ID)
			if err != nil {
				return fmt.Errorf("insert postcodes: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			batch.RowsLoaded = n
			batch.RowsDuplicate = staged - n
		}
		return d.finishPostcodeBatch(ctx, tx, batch)
	})
}

// finishPostcodeBatch records the batch and marks every buyer's suppliers
// to be placed again.
func (d *DB) finishPostcodeBatch(ctx context.Context, tx *sql.Tx, batch *cityspend.PostcodeBatch) error {
	batch.FinishedAt = time.Now().UTC()
	if batch.RowsRead != batch.RowsLoaded+batch.RowsRejected+batch.RowsDuplicate {
		return cityspend.Errorf(cityspend.EINTERNAL, "postcode import: %d rows read, but %d loaded, %d rejected and %d duplicates",
			batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO postcode_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch.ID, batch.Kind,
		batch.Country, batch.Source, batch.FileName, batch.SHA256, batch.RowsRead, batch.RowsLoaded, batch.RowsRejected,
		batch.RowsDuplicate, batch.StartedAt, batch.FinishedAt); err != nil {
		return err
	}
	return markFollowUp(ctx, tx, "", batch.Kind, batch.ID)
}

// ImportDeprivation implements cityspend.Store.
func (d *DB) ImportDeprivation(ctx context.Context, batch *cityspend.PostcodeBatch, areas []cityspend.AreaDeprivation) error {
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	batch.Kind = "deprivation"
	indices := map[string]bool{}
	file, err := d.stageFile(func(w *bufio.Writer) error {
		var line []byte
		for _, a := range areas {
			if a.Index == "" || a.Area == "" || a.Decile < 1 || a.Decile > 10 {
				return cityspend.Errorf(cityspend.EINVALID, "deprivation of %q on %q: decile %d is not 1–10", a.Area, a.Index, a.Decile)
			}
			indices[a.Index] = true
			line = appendField(line[:0], a.Index)
			line = append(line, ',')
			line = appendField(line, a.Area)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(a.Rank), 10)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(a.Decile), 10)
			line = append(line, '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("deprivation import: %w", err)
	}
	defer os.Remove(file)
	// The rows the reader rejected are in the batch already (RowsRead and
	// RowsRejected); the areas add to them.
	batch.RowsRead += int64(len(areas))
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT nextval('postcode_batch_id_seq')`).Scan(&batch.ID); err != nil {
			return err
		}
		for idx := range indices {
			if _, err := tx.ExecContext(ctx, `DELETE FROM area_deprivation WHERE idx = ?`, idx); err != nil {
				return fmt.Errorf("replace deprivation: %w", err)
			}
		}
		if len(areas) > 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO area_deprivation BY NAME
				SELECT DISTINCT ON (idx, area) *, ? AS batch_id FROM `+readStaged(file, deprivationColumns)+`
				ORDER BY ALL`, batch.ID) // of rows repeating a key, the same one every time
			if err != nil {
				return fmt.Errorf("insert deprivation: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			batch.RowsLoaded = n
			batch.RowsDuplicate = int64(len(areas)) - n
		}
		return d.finishPostcodeBatch(ctx, tx, batch)
	})
}

// Postcodes implements cityspend.Store.
func (d *DB) Postcodes(ctx context.Context, country string, codes []string) ([]cityspend.Postcode, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	ids := make([]cityspend.Identifier, len(codes))
	for i, c := range codes {
		ids[i] = cityspend.Identifier{Scheme: country, ID: cityspend.NormPostcode(c)}
	}
	var out []cityspend.Postcode
	err := d.withIDs(ctx, ids, func(conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, `SELECT p.country, p.postcode, p.municipality, coalesce(p.locality, ''), coalesce(p.county, ''),
			coalesce(p.region, ''), coalesce(p.small_area, ''), coalesce(p.small_area_2011, ''), p.terminated
			FROM postcodes p SEMI JOIN wanted_ids w ON w.scheme = p.country AND w.id = p.postcode
			ORDER BY p.postcode, p.municipality`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p cityspend.Postcode
			var term sql.NullTime
			if err := rows.Scan(&p.Country, &p.Postcode, &p.Municipality, &p.Locality, &p.County, &p.Region, &p.SmallArea,
				&p.SmallArea2011, &term); err != nil {
				return err
			}
			p.Terminated = utcDate(term)
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("postcodes: %w", err)
	}
	return out, d.deprivationOf(ctx, out)
}

// deprivationOf fills the deprivation of the postcodes' small areas: of
// the 2021 area where an index knows it, else of the 2011 one (the
// English indices of 2019 use the 2011 areas); the newest index by name
// when several know the area.
func (d *DB) deprivationOf(ctx context.Context, ps []cityspend.Postcode) error {
	var areas []cityspend.Identifier
	for _, p := range ps {
		for _, a := range []string{p.SmallArea, p.SmallArea2011} {
			if a != "" {
				areas = append(areas, cityspend.Identifier{ID: a})
			}
		}
	}
	if len(areas) == 0 {
		return nil
	}
	type dep struct {
		idx    string
		decile int
	}
	known := map[string]dep{}
	err := d.withIDs(ctx, areas, func(conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, `SELECT a.area, a.idx, a.decile FROM area_deprivation a
			SEMI JOIN wanted_ids w ON w.id = a.area ORDER BY a.area, a.idx`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var area string
			var x dep
			if err := rows.Scan(&area, &x.idx, &x.decile); err != nil {
				return err
			}
			known[area] = x // ordered by index: the last is the newest
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("deprivation: %w", err)
	}
	for i := range ps {
		for _, a := range []string{ps[i].SmallArea, ps[i].SmallArea2011} {
			if x, ok := known[a]; ok && a != "" {
				ps[i].Deprivation, ps[i].DeprivationIndex = x.decile, x.idx
				break
			}
		}
	}
	return nil
}

// MunicipalityArea implements cityspend.Store.
func (d *DB) MunicipalityArea(ctx context.Context, country, municipality string) (string, string, error) {
	var county, region string
	err := d.db.QueryRowContext(ctx, `SELECT coalesce(county, ''), coalesce(region, '') FROM postcodes
		WHERE country = ? AND municipality = ? AND terminated IS NULL
		GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1`, country, municipality).Scan(&county, &region)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("area of municipality %s: %w", municipality, err)
	}
	return county, region, nil
}
