// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
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

// The same files through the command line into the embedded store and
// into the ClickHouse store (lines on the cluster, catalog in its own
// file): the register, the ledger with its payees resolved and its scope
// decided, then analyse --json, byte for byte the same on both. What the
// ClickHouse store does not have yet says so.
func TestStoreFlagClickHouse(t *testing.T) {
	store := testStore(t, "cs_cli")
	dir := t.TempDir()
	ledgerFile, reg := filepath.Join(dir, "l.csv"), filepath.Join(dir, "reg.json")
	mustCLI(t, "gen", "ledger", "--lines", "2000", "--seed", "3", "--year", "2024", "-o", ledgerFile)
	mustCLI(t, "gen", "register", "--seed", "3", "-o", reg)
	db, catalog := filepath.Join(dir, "d.duckdb"), filepath.Join(dir, "catalog.duckdb")
	ch := []string{"--store", store, "--db", catalog}
	for _, where := range [][]string{ch, {"--db", db}} {
		mustCLI(t, append([]string{"import", "register", "brreg", reg}, where...)...)
		mustCLI(t, append([]string{"buyer", "add", "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--municipality", "3909"}, where...)...)
		mustCLI(t, append([]string{"import", "ledger", "--buyer", "3909", ledgerFile}, where...)...)
	}
	if out := mustCLI(t, append([]string{"buyer", "list"}, ch...)...); !strings.Contains(out, "Larvik kommune") {
		t.Errorf("buyer list on ClickHouse: %q", out)
	}
	for _, args := range [][]string{{"--year", "2024"}, {"--year", "2024", "--place", "L0", "--lang", "nb"}, {"--year", "2024", "--category", "45"}} {
		onCH := mustCLI(t, append(append([]string{"analyse", "--buyer", "3909", "--json"}, args...), ch...)...)
		embedded := mustCLI(t, append(append([]string{"analyse", "--buyer", "3909", "--json"}, args...), "--db", db)...)
		if onCH != embedded || !strings.Contains(onCH, `"L0"`) {
			t.Errorf("analyse %v: ClickHouse and DuckDB differ:\n%.600s\n%.600s", args, onCH, embedded)
		}
	}
	// What reads single lines: the same on both (findings without the
	// time they were computed and their evidence's batch ids, which each
	// store numbers its own way).
	truth := ledgerFile + ".truth.csv"
	for _, args := range [][]string{{"classify", "evaluate", "--buyer", "3909", "--truth", truth, "--json"}, {"findings", "--buyer", "3909", "--json"}} {
		onCH := comparable(t, mustCLI(t, append(args, ch...)...))
		embedded := comparable(t, mustCLI(t, append(args, "--db", db)...))
		if onCH != embedded || len(onCH) < 100 {
			t.Errorf("%v: ClickHouse and DuckDB differ:\n%.600s\n%.600s", args, onCH, embedded)
		}
	}
	if code, _, errs := cli(t, append([]string{"backup", "-o", filepath.Join(dir, "b")}, ch...)...); code != 2 || !strings.Contains(errs, "embedded store") {
		t.Errorf("backup on ClickHouse: %d %s", code, errs)
	}
	ctx := context.Background()
	lines, err := clickhouse.Open(ctx, store, slog.New(slog.DiscardHandler), clickhouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { lines.DropDatabase(ctx); lines.Close() }()
	// The lines are on the cluster, and only there.
	rs, err := lines.Rollup(ctx, duckdb.RollupQuery{BuyerID: "3909"})
	var n int64
	for _, r := range rs {
		n += r.Lines
	}
	if err != nil || n != 2000 {
		t.Errorf("lines on the cluster: %d (%v), want 2000", n, err)
	}
	cat, err := duckdb.Open(ctx, catalog, duckdb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	if tot, err := cat.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"}); err != nil || tot.Lines != 0 {
		t.Errorf("lines in the catalog file: %+v %v, want none", tot, err)
	}
}

// export --format parquet, then import parquet into ClickHouse with a new
// catalog: everything but the lines is restored into the catalog and the
// lines move to the cluster, so analyse --json is the same as before the
// move; a second run adds nothing. Into the embedded store, import parquet
// is a restore.
func TestMoveToClickHouse(t *testing.T) {
	store := testStore(t, "cs_move")
	dir := t.TempDir()
	db, catalog := filepath.Join(dir, "d.duckdb"), filepath.Join(dir, "catalog.duckdb")
	reg := filepath.Join(dir, "reg.json")
	mustCLI(t, "gen", "register", "--seed", "1", "-o", reg)
	mustCLI(t, "import", "register", "brreg", "--db", db, reg)
	for i, code := range []string{"3909", "3907"} {
		f := filepath.Join(dir, code+".csv")
		mustCLI(t, "gen", "ledger", "--lines", "1500", "--seed", fmt.Sprint(i+1), "--municipality", code, "--year", "2024", "-o", f)
		if code == "3909" { // a row the reader rejects
			file, err := os.OpenFile(f, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			file.WriteString("2024-01-01;cut short\n")
			file.Close()
		}
		mustCLI(t, "buyer", "add", "--db", db, "--id", code, "--name", "Kommune "+code, "--country", "NO", "--municipality", code)
		mustCLI(t, "import", "ledger", "--db", db, "--buyer", code, f)
		mustCLI(t, "findings", "--db", db, "--buyer", code, "--json") // stored, with their evidence
	}
	exp := filepath.Join(dir, "export")
	mustCLI(t, "export", "--db", db, "--format", "parquet", exp)
	ch := []string{"--store", store, "--db", catalog}
	if out := mustCLI(t, append([]string{"import", "parquet", exp}, ch...)...); !strings.Contains(out, "moved 2 batches") ||
		!strings.Contains(out, "restored the catalog") {
		t.Errorf("move: %q", out)
	}
	if out := mustCLI(t, append([]string{"import", "parquet", exp}, ch...)...); !strings.Contains(out, "0 lines loaded") {
		t.Errorf("a second move: %q", out)
	}
	// A move that stopped after the catalog was restored (here: the
	// cluster's database lost) is resumed into the existing catalog with
	// the batches' own ids.
	ctx := context.Background()
	lost, err := clickhouse.Open(ctx, store, slog.New(slog.DiscardHandler), clickhouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lost.DropDatabase(ctx)
	lost.Close()
	if out := mustCLI(t, append([]string{"import", "parquet", exp}, ch...)...); !strings.Contains(out, "moved 2 batches") ||
		strings.Contains(out, "restored the catalog") {
		t.Errorf("the resumed move: %q", out)
	}
	for _, code := range []string{"3909", "3907"} {
		before := mustCLI(t, "analyse", "--db", db, "--buyer", code, "--year", "2024", "--json")
		after := mustCLI(t, append([]string{"analyse", "--buyer", code, "--year", "2024", "--json"}, ch...)...)
		if before != after || !strings.Contains(after, `"L0"`) {
			t.Errorf("buyer %s: the analysis on ClickHouse after the move differs:\n%.600s\n%.600s", code, after, before)
		}
	}
	// What the catalog keeps by batch id still finds its batch: the
	// rejected rows, and the lines of the stored findings.
	lines, err := clickhouse.Open(ctx, store, slog.New(slog.DiscardHandler), clickhouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { lines.DropDatabase(ctx); lines.Close() }()
	cat, err := duckdb.Open(ctx, catalog, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	moved := clickhouse.NewStore(cat, lines)
	defer cat.Close()
	bs, err := moved.Batches(ctx, "3909")
	if err != nil || len(bs) == 0 {
		t.Fatalf("batches of 3909 after the move: %v %v", bs, err)
	}
	var rejected []cityspend.Reject
	for _, b := range bs {
		rs, err := moved.Rejects(ctx, b.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if b.RowsRejected != int64(len(rs)) || b.RowsRead != b.RowsLoaded+b.RowsRejected+b.RowsDuplicate {
			t.Errorf("batch %s: %+v with %d rejected rows kept", b.FileName, b, len(rs))
		}
		rejected = append(rejected, rs...)
	}
	if len(rejected) != 1 || !strings.Contains(rejected[0].Raw, "cut short") {
		t.Errorf("the rejected row after the move: %+v", rejected)
	}
	fs, err := moved.Findings(ctx, "3909")
	if err != nil || len(fs) == 0 {
		t.Fatalf("stored findings after the move: %d %v", len(fs), err)
	}
	for _, f := range fs[:min(5, len(fs))] {
		ps, err := moved.PaymentsByID(ctx, []string{"3909"}, f.Evidence)
		if err != nil || len(ps) != len(f.Evidence) {
			t.Errorf("finding %s: %d of its %d lines found after the move (%v)", f.ID, len(ps), len(f.Evidence), err)
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

// comparable is JSON output (one object per line) without the fields two
// stores fill their own ways: when it was computed, and line ids.
func comparable(t *testing.T, out string) string {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			b.WriteString(out) // not one object per line: as it is
			return b.String()
		}
		delete(m, "computed_at")
		delete(m, "evidence")
		js, _ := json.Marshal(m)
		b.Write(js)
		b.WriteByte('\n')
	}
	return b.String()
}

// --config-dump tells each setting's source, and never a ClickHouse
// password (from the flag or the environment); errors about the store do
// not either.
func TestConfigDumpHidesThePassword(t *testing.T) {
	t.Setenv("CITYSPEND_STORE", "clickhouse://spend:s3cret@ch1.example:9000/spend?cluster=nordic")
	code, out, errs := cli(t, "analyse", "--threads", "2", "--config-dump")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var dump struct {
		Settings map[string]struct{ Value, Source string } `json:"settings"`
	}
	if err := json.Unmarshal([]byte(out), &dump); err != nil {
		t.Fatal(err)
	}
	if s := dump.Settings["store"]; s.Source != "env" || !strings.Contains(s.Value, "spend:xxxxx@ch1.example") {
		t.Errorf("store: %+v", s)
	}
	if s := dump.Settings["threads"]; s.Source != "flag" || s.Value != "2" {
		t.Errorf("threads: %+v", s)
	}
	if strings.Contains(out+errs, "s3cret") {
		t.Error("the dump shows the password")
	}
	_, out, errs = cli(t, "analyse", "--buyer", "3909", "--year", "2024", "--store", "clickhouse://spend:s3cret@ch1.example/Bad-Name")
	if strings.Contains(out+errs, "s3cret") || errs == "" {
		t.Errorf("an error about the store: %q", errs)
	}
}
