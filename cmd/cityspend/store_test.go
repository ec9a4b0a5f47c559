package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/clickhouse"
	"github.com/cityspend/cityspend/duckdb"
)

// --store clickhouse://…: buyer add, import ledger and buyer list run on the
// ClickHouse cluster, and the ledger's totals equal the embedded store's;
// commands the core does not serve say so.
func TestStoreFlagClickHouse(t *testing.T) {
	store := testStore(t, "cs_cli")
	dir := t.TempDir()
	ledgerFile := filepath.Join(dir, "l.csv")
	mustCLI(t, "gen", "ledger", "--lines", "2000", "--seed", "3", "--year", "2024", "-o", ledgerFile)
	db := filepath.Join(dir, "d.duckdb")
	for _, where := range [][]string{{"--store", store}, {"--db", db}} {
		mustCLI(t, append([]string{"buyer", "add", "--id", "3909", "--name", "Larvik kommune", "--country", "NO"}, where...)...)
		mustCLI(t, append([]string{"import", "ledger", "--buyer", "3909", "--no-resolve", ledgerFile}, where...)...)
	}
	if out := mustCLI(t, "buyer", "list", "--store", store); !strings.Contains(out, "Larvik kommune") {
		t.Errorf("buyer list on ClickHouse: %q", out)
	}
	if code, _, errs := cli(t, "analyse", "--store", store, "--buyer", "3909", "--year", "2024"); code != 2 || !strings.Contains(errs, "embedded store") {
		t.Errorf("analyse on ClickHouse: %d %s", code, errs)
	}
	ctx := context.Background()
	ch, err := clickhouse.Open(ctx, store, slog.New(slog.DiscardHandler), clickhouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ch.DropDatabase(ctx); ch.Close() }()
	dk, err := duckdb.Open(ctx, db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dk.Close()
	for _, f := range []cityspend.SpendFilter{{BuyerID: "3909"}, {BuyerID: "3909", AccountPfx: "12"}} {
		a, err1 := ch.SpendTotal(ctx, f)
		b, err2 := dk.SpendTotal(ctx, f)
		if err1 != nil || err2 != nil || a != b || a.Lines == 0 {
			t.Errorf("%+v: ClickHouse %+v (%v), DuckDB %+v (%v)", f, a, err1, b, err2)
		}
	}
}

// export --format parquet, then import parquet into ClickHouse: the same
// buyers and figures by every core dimension; a second run adds nothing.
// Into the embedded store, import parquet is a restore.
func TestMoveToClickHouse(t *testing.T) {
	store := testStore(t, "cs_move")
	dir := t.TempDir()
	db := filepath.Join(dir, "d.duckdb")
	for i, code := range []string{"3909", "3907"} {
		f := filepath.Join(dir, code+".csv")
		mustCLI(t, "gen", "ledger", "--lines", "1500", "--seed", fmt.Sprint(i+1), "--municipality", code, "--year", "2024", "-o", f)
		mustCLI(t, "buyer", "add", "--db", db, "--id", code, "--name", "Kommune "+code, "--country", "NO")
		mustCLI(t, "import", "ledger", "--db", db, "--buyer", code, "--no-resolve", f)
	}
	exp := filepath.Join(dir, "export")
	mustCLI(t, "export", "--db", db, "--format", "parquet", exp)
	if out := mustCLI(t, "import", "parquet", "--store", store, exp); !strings.Contains(out, "moved 2 batches") {
		t.Errorf("move: %q", out)
	}
	if out := mustCLI(t, "import", "parquet", "--store", store, exp); !strings.Contains(out, "0 lines loaded") {
		t.Errorf("a second move: %q", out)
	}
	ctx := context.Background()
	ch, err := clickhouse.Open(ctx, store, slog.New(slog.DiscardHandler), clickhouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ch.DropDatabase(ctx); ch.Close() }()
	dk, err := duckdb.Open(ctx, db, duckdb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dk.Close()
	for _, code := range []string{"3909", "3907"} {
		for _, dim := range []cityspend.Dimension{cityspend.BySupplier, cityspend.ByAccount, cityspend.ByOrgUnit, cityspend.ByMonth} {
			f := cityspend.SpendFilter{BuyerID: code}
			a, err1 := ch.SpendBy(ctx, f, dim, 0)
			b, err2 := dk.SpendBy(ctx, f, dim, 0)
			if err1 != nil || err2 != nil || len(a) == 0 || len(a) != len(b) {
				t.Fatalf("%s by %s: %d and %d groups (%v, %v)", code, dim, len(a), len(b), err1, err2)
			}
			for i := range a {
				if a[i].Key != b[i].Key || a[i].Spend != b[i].Spend || a[i].Lines != b[i].Lines {
					t.Errorf("%s by %s, group %d: ClickHouse %+v, DuckDB %+v", code, dim, i, a[i], b[i])
					break
				}
			}
		}
	}
	restored := filepath.Join(dir, "r.duckdb")
	mustCLI(t, "import", "parquet", "--db", restored, exp)
	if out := mustCLI(t, "buyer", "list", "--db", restored); !strings.Contains(out, "Kommune 3907") {
		t.Errorf("the restored file: %q", out)
	}
}

// testStore is the DSN of a database of the test's own on the ClickHouse
// cluster of $CITYSPEND_TEST_CLICKHOUSE (the test is skipped without one).
func testStore(t *testing.T, prefix string) string {
	base := os.Getenv("CITYSPEND_TEST_CLICKHOUSE")
	if base == "" {
		t.Skip("SKIP: no ClickHouse: set CITYSPEND_TEST_CLICKHOUSE (scripts/test starts a local cluster)")
	}
	host := strings.SplitN(strings.TrimPrefix(base, "clickhouse://"), "/", 2)[0]
	_, query, _ := strings.Cut(base, "?")
	return fmt.Sprintf("clickhouse://%s/%s_%d?%s", host, prefix, time.Now().UnixNano(), query)
}
