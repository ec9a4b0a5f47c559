// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cityspend/cityspend"
)

// units is a RegisterReader over fixed organisations.
type units []cityspend.RegisterRow

func (u *units) ReadUnits(context.Context) ([]cityspend.RegisterRow, error) {
	if len(*u) == 0 {
		return nil, io.EOF
	}
	rows := *u
	*u = nil
	return rows, nil
}

func TestBaselineReads(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "ledger.csv")
	json := filepath.Join(dir, "units.json")
	if err := os.WriteFile(csv, []byte("date,supplier,amount\n2024-01-02,A,1.5\n2024-01-03,B,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(json, []byte(`[{"organisasjonsnummer":"923609016","navn":"A"},{"organisasjonsnummer":"974760673","navn":"B"},{"navn":"C"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		read func(*DB) error
		rows int
	}{
		{"csv", func(d *DB) error { return d.BaselineReadCSV(ctx, csv) }, 2},
		{"json", func(d *DB) error { return d.BaselineReadJSON(ctx, json) }, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := openTest(t)
			if err := tt.read(d); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM baseline`).Scan(&n); err != nil || n != tt.rows {
				t.Errorf("baseline has %d rows (%v), want %d", n, err, tt.rows)
			}
		})
	}
}

func TestBaselineExactNames(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	u := units{{Organisation: &cityspend.Organisation{ID: cityspend.Identifier{Scheme: "NO-BRC", ID: "923609016"}, Name: "LARVIK BYGG AS", Source: "test"}}}
	if err := d.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "test", FileName: "units"}, &u); err != nil {
		t.Fatal(err)
	}
	// More names than one INSERT holds; one is the registered name of its
	// organisation (in another case, with spaces), one the name of another.
	names := []BaselineName{{Name: " Larvik Bygg AS ", Org: "923609016"}, {Name: "Larvik Bygg AS", Org: "974760673"}, {Name: "O'Brien's", Org: "923609016"}}
	for i := range 12000 {
		names = append(names, BaselineName{Name: fmt.Sprintf("Firma %d AS", i), Org: "923609016"})
	}
	n, err := d.BaselineExactNames(ctx, names)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d names found their organisation, want 1", n)
	}
}
