// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cityspend/cityspend"
)

var (
	buyerNO = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	buyerGB = cityspend.Buyer{ID: "OXF", Name: "Oxford City Council", Country: "GB", Currency: "GBP", FiscalStart: 4}
	buyerUS = cityspend.Buyer{ID: "NYC", Name: "City", Country: "US", Currency: "USD", FiscalStart: 7}
)

// writeFile writes content to a file in a test's temp dir.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readAll opens a file and returns its layout and every row.
func readAll(t *testing.T, path string, opts Options) (Layout, []cityspend.ImportRow) {
	t.Helper()
	r, err := Open(path, opts)
	if err != nil {
		t.Fatalf("open %s: %v", filepath.Base(path), err)
	}
	defer r.Close()
	var rows []cityspend.ImportRow
	for {
		b, err := r.Read(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		rows = append(rows, b...)
	}
	return r.Layout(), rows
}

// payments splits rows into payments and rejects.
func payments(rows []cityspend.ImportRow) ([]cityspend.Payment, []cityspend.Reject) {
	var ps []cityspend.Payment
	var rs []cityspend.Reject
	for _, r := range rows {
		if r.Payment != nil {
			ps = append(ps, *r.Payment)
		} else {
			rs = append(rs, *r.Reject)
		}
	}
	return ps, rs
}
