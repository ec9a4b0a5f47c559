// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"testing"

	"github.com/cityspend/cityspend"
)

// A population file replaces the figures of its areas and years and keeps
// the others; a figure repeated in a file counts once; the figures read
// back name their source, file and hash.
func TestPopulation(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	fig := func(country, area string, year int, n int64) cityspend.PopulationFigure {
		return cityspend.PopulationFigure{Country: country, Area: area, Name: "A" + area, Year: year, Persons: n}
	}
	b1 := cityspend.PopulationBatch{Source: "SSB 07459", FileName: "a.csv", SHA256: "aa", RowsRead: 11, RowsRejected: 2}
	if err := d.ImportPopulation(ctx, &b1, []cityspend.PopulationFigure{fig("NO", "3909", 2023, 47972), fig("NO", "3909", 2024, 1),
		fig("NO", "3909", 2024, 48226), fig("NO", "3905", 2024, 58862)}); err != nil {
		t.Fatal(err)
	}
	if b1.ID == 0 || b1.RowsRead != 11 || b1.RowsLoaded != 3 || b1.RowsRejected != 3 {
		t.Errorf("batch %+v: want 11 read (the file's rows, as the reader counted), 3 loaded, 3 rejected (2 by the reader, 1 repeated)", b1)
	}
	var read, loaded, rejected int64
	if err := d.db.QueryRowContext(ctx, `SELECT rows_read, rows_loaded, rows_rejected FROM population_batches WHERE id = ?`, b1.ID).Scan(&read, &loaded, &rejected); err != nil {
		t.Fatal(err)
	}
	if read != 11 || loaded != 3 || rejected != 3 {
		t.Errorf("stored batch: %d read, %d loaded, %d rejected; want 11, 3, 3", read, loaded, rejected)
	}
	b2 := cityspend.PopulationBatch{Source: "ONS MYE", FileName: "b.csv", SHA256: "bb"}
	if err := d.ImportPopulation(ctx, &b2, []cityspend.PopulationFigure{fig("GB", "E07000223", 2022, 64547), fig("NO", "3905", 2024, 59000)}); err != nil {
		t.Fatal(err)
	}
	all, err := d.Population(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(all)
	want := "[{GB E07000223 AE07000223 2022 64547 ONS MYE b.csv bb} {NO 3905 A3905 2024 59000 ONS MYE b.csv bb} " +
		"{NO 3909 A3909 2023 47972 SSB 07459 a.csv aa} {NO 3909 A3909 2024 48226 SSB 07459 a.csv aa}]"
	if got != want {
		t.Errorf("population\n got %s\nwant %s", got, want)
	}
	no, err := d.Population(ctx, "NO")
	if err != nil || len(no) != 3 {
		t.Errorf("Norway's: %v, %v; want 3", no, err)
	}
	bad := cityspend.PopulationBatch{Source: "x"}
	if err := d.ImportPopulation(ctx, &bad, []cityspend.PopulationFigure{fig("NO", "", 2024, 1)}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a figure without an area: %v, want EINVALID", err)
	}
}
