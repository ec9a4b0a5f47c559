// SPDX-License-Identifier: EUPL-1.2

package duckdb_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/indicator"
)

func analysisJSON(t *testing.T, st cityspend.Store, year int) []byte {
	t.Helper()
	a, err := indicator.Analyse(context.Background(), st, "3909", year, indicator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Backup while the store is read and written, restore into a new file:
// the indicator JSON is byte-identical, the audit records and the
// sequences carry on, and nothing is overwritten.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := m.Store
	if err := st.PutOverride(ctx, cityspend.Override{BuyerID: "3909", Payee: cityspend.Payee{Name: "X"}, Who: "kari", Why: "checked"}); err != nil {
		t.Fatal(err)
	}
	before := analysisJSON(t, st, 2025)
	dir := filepath.Join(t.TempDir(), "backup")
	// Readers and a writer at the same time.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
				}
			}
		}()
	}
	err := st.Backup(ctx, dir)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, dir); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("a second backup into the same folder: %v", err)
	}
	// The store is still open and whole after the backup.
	if again := analysisJSON(t, st, 2025); string(again) != string(before) {
		t.Error("the store changed or closed with the backup")
	}
	path := filepath.Join(t.TempDir(), "restored.duckdb")
	if err := duckdb.Restore(ctx, dir, path); err != nil {
		t.Fatal(err)
	}
	if err := duckdb.Restore(ctx, dir, path); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("restoring over a file: %v", err)
	}
	r, err := duckdb.Open(ctx, path, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if after := analysisJSON(t, r, 2025); string(after) != string(before) {
		t.Errorf("the indicator JSON differs after the restore:\n%s\n%s", before, after)
	}
	ovs, _ := r.Overrides(ctx, "3909")
	if len(ovs) != 1 || ovs[0].Who != "kari" {
		t.Errorf("audit records: %+v", ovs)
	}
	bs, _ := r.Batches(ctx, "3909")
	if len(bs) == 0 {
		t.Fatal("no batches restored")
	}
	// The sequences carry on after the restore: a new batch gets a new id.
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "new.csv", Currency: "NOK"}
	if err := r.ImportPayments(ctx, &b, cityspend.SliceRows(nil), false); err != nil {
		t.Fatal(err)
	}
	for _, old := range bs {
		if b.ID == old.ID {
			t.Errorf("batch id %d reused after the restore", b.ID)
		}
	}
	if err := duckdb.Restore(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x.duckdb")); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a folder that is no backup: %v", err)
	}
	if _, err := os.Stat(path + ".restoring"); err == nil {
		t.Error("a partial file was left")
	}
}
