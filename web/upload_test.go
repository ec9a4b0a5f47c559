// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// The mapping file written from a dry run's confirmation names a column by
// its header when that names it alone, else by position; a column the
// importer had mapped that now holds no field is ignored; a column chosen
// twice, or one the file does not have, is refused.
func TestMappingText(t *testing.T) {
	lay := &ledger.Layout{Columns: []ledger.ColumnMap{
		{Index: 1, Header: "Dato", Field: ledger.FPaymentDate},
		{Index: 2, Header: "Navn", Field: ledger.FSupplierName},
		{Index: 3, Header: "Navn"},
		{Index: 4, Header: "Beløp (#)", Field: ledger.FAmount},
		{Index: 5, Header: "Tekst", Field: ledger.FDescription},
		{Index: 6, Header: ""},
	}}
	for _, c := range []struct {
		name  string
		form  url.Values
		want  []string // lines the mapping has
		wrong string   // the refusal's words
	}{
		{"as found", url.Values{"f.payment_date": {"1"}, "f.supplier_name": {"2"}, "f.amount": {"4"}, "f.description": {"5"}},
			[]string{"payment_date = Dato", "supplier_name = #2", "amount = #4", "description = Tekst"}, ""},
		{"changed", url.Values{"f.payment_date": {"1"}, "f.supplier_name": {"3"}, "f.amount": {"4"}, "f.account_text": {"6"}},
			[]string{"supplier_name = #3", "account_text = #6", "ignore = #2", "ignore = Tekst"}, ""},
		{"a column twice", url.Values{"f.payment_date": {"1"}, "f.invoice_date": {"1"}}, nil, "both"},
		{"no such column", url.Values{"f.amount": {"9"}}, nil, "no column"},
		{"not a column", url.Values{"f.amount": {"../../etc/passwd"}}, nil, "no column"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, err := mappingText(lay, c.form, "analyst@larvik.demo")
			if c.wrong != "" {
				if cityspend.ErrorCode(err) != cityspend.EINVALID || !strings.Contains(err.Error(), c.wrong) {
					t.Errorf("want a refusal with %q, got %v (%q)", c.wrong, err, text)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			lines := map[string]bool{}
			for _, l := range strings.Split(text, "\n") {
				lines[l] = true
			}
			for _, w := range c.want {
				if !lines[w] {
					t.Errorf("no line %q in:\n%s", w, text)
				}
			}
			if _, err := ledger.ParseMapping(strings.NewReader(text), "test"); err != nil {
				t.Errorf("the mapping does not parse: %v\n%s", err, text)
			}
		})
	}
}

// A dry run's files are kept for its own buyer only, until taken, their
// time is up, or the server stops.
func TestKeptUploads(t *testing.T) {
	k := newKeptUploads()
	mk := func(buyer string) upload {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "f.csv"), []byte("x"), 0o600)
		return upload{imp: Import{BuyerID: buyer}, dir: dir}
	}
	a, b, c := mk("3909"), mk("3907"), mk("3909")
	k.keep("1-1", a, time.Hour)
	k.keep("1-2", b, 50*time.Millisecond)
	k.keep("1-3", c, time.Hour)
	if k.has("3907", "1-1") {
		t.Error("another buyer's dry run is found")
	}
	if _, ok := k.take("3907", "1-1"); ok {
		t.Error("another buyer takes a dry run's files")
	}
	if up, ok := k.take("3909", "1-1"); !ok || up.dir != a.dir {
		t.Errorf("taking its own: %v %+v", ok, up)
	}
	if _, ok := k.take("3909", "1-1"); ok {
		t.Error("the files were taken twice")
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(b.dir); !os.IsNotExist(err) || k.has("3907", "1-2") {
		t.Errorf("after its time the files are still there: %v", err)
	}
	k.close()
	if _, err := os.Stat(c.dir); !os.IsNotExist(err) {
		t.Errorf("after the server stopped the files are still there: %v", err)
	}
	d := mk("3909")
	k.keep("1-4", d, time.Hour)
	if _, err := os.Stat(d.dir); !os.IsNotExist(err) {
		t.Error("files kept after the server stopped")
	}
}
