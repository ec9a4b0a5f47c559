// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/storetest"
)

// openStore gives a test the full store: a fresh catalog file and a fresh
// database on the cluster.
func openStore(t *testing.T) *Store { return withCatalog(t, openFresh(t)) }

// withCatalog joins lines with a fresh catalog file.
func withCatalog(t *testing.T, lines *DB) *Store {
	t.Helper()
	cat, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "catalog.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	return NewStore(cat, lines)
}

// The analysis part of the conformance suite on the cluster: the same
// golden file as the embedded store's.
func TestAnalysisConformance(t *testing.T) {
	dsn(t)
	storetest.RunAnalysis(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The compliance part of the suite on the cluster: findings, contracts,
// lines, items and the plan export equal the embedded store's golden file.
func TestComplianceConformance(t *testing.T) {
	dsn(t)
	storetest.RunCompliance(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The pending follow-up part of the suite on the cluster: the marks live
// in the catalog, made by the import's last step there.
func TestFollowUpConformance(t *testing.T) {
	dsn(t)
	storetest.RunFollowUp(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The undo part of the suite on the cluster: the batch's lines hidden and
// deleted on the cluster, the rest in the catalog; the figures after the
// undo equal the embedded store's check (those after the first batch).
func TestUndoConformance(t *testing.T) {
	dsn(t)
	storetest.RunUndo(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The outbox and the alerts on the cluster's store: the catalog's.
func TestMailConformance(t *testing.T) {
	dsn(t)
	storetest.RunMail(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// What resolution reads, on the cluster: the catalog's registers, the
// payees' texts from the lines on the cluster.
func TestResolveInputsConformance(t *testing.T) {
	dsn(t)
	storetest.RunResolveInputs(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The store conformance suite on the ClickHouse cluster (small chunks, so
// that an import spans several; its import numbers the lines' dimensions
// in the catalog).
func TestConformance(t *testing.T) {
	dsn(t)
	storetest.Run(t, func(t *testing.T) cityspend.LedgerStore { return openStore(t) })
}

// Every method of cityspend.Store is either served by the catalog as it is
// (a role of catalogRoles, or one of catalogMethods: no lines, or lines
// through the rollup or an extract) or is Store's own: a method or role
// added to the interface later fails here until someone decides which, so
// none reads the catalog's empty ledger tables by accident.
func TestEveryMethodPlaced(t *testing.T) {
	fs := token.NewFileSet()
	f, err := parser.ParseFile(fs, "store.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok && star.X.(*ast.Ident).Name == "Store" {
				own[fn.Name.Name] = true
			}
		}
	}
	catalog := map[string]string{} // method → why it is the catalog's
	for _, r := range catalogRoles {
		for i := range r.NumMethod() {
			catalog[r.Method(i).Name] = "its role " + r.Name()
		}
	}
	for m := range catalogMethods {
		if why, ok := catalog[m]; ok {
			t.Errorf("catalogMethods lists %s, which is the catalog's already by %s", m, why)
		}
		catalog[m] = "catalogMethods"
	}
	it := reflect.TypeFor[cityspend.Store]()
	for i := range it.NumMethod() {
		m := it.Method(i).Name
		why, cat := catalog[m]
		switch {
		case own[m] && cat:
			t.Errorf("%s is Store's own and the catalog's by %s", m, why)
		case !own[m] && !cat:
			t.Errorf("cityspend.Store.%s is neither Store's own nor the catalog's (catalogRoles, catalogMethods): decide whether it reads lines", m)
		}
	}
	for m, why := range catalog {
		if _, ok := it.MethodByName(m); !ok {
			t.Errorf("%s (the catalog's by %s) is not a method of cityspend.Store", m, why)
		}
	}
}

// countingLines counts the reads of single lines from the cluster.
type countingLines struct {
	*DB
	reads, rollups int
}

func (c *countingLines) Lines(ctx context.Context, q duckdb.LineQuery, fn func(*duckdb.Line) error) error {
	c.reads++
	return c.DB.Lines(ctx, q, fn)
}

func (c *countingLines) LinkRollup(ctx context.Context, q duckdb.LinkQuery) ([]duckdb.LinkRow, error) {
	c.rollups++
	return c.DB.LinkRollup(ctx, q)
}

// Calls over a buyer's sums that follow one another read the cluster's
// rollup once; an import recorded since, or another buyer, read it again,
// and a new contract register counts at once. Calls over single lines
// (the review queue) read them once.
func TestExtractReuse(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	st := openStore(t)
	storetest.LoadCompliance(t, st)
	src := &countingLines{DB: st.Lines()}
	st.DB.UseLineSource(src)
	contracts := func() []cityspend.ContractRow {
		t.Helper()
		cs, err := st.Contracts(ctx, "3909")
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	spend := func(cs []cityspend.ContractRow, id string) cityspend.Amount {
		for _, c := range cs {
			if c.ID == id {
				return c.Spend
			}
		}
		return -1
	}
	before := contracts()
	if _, err := st.MonthSpends(ctx, []string{"3909"}); err != nil {
		t.Fatal(err)
	}
	if src.rollups != 1 || src.reads != 0 {
		t.Errorf("two calls over 3909's sums read the cluster's rollup %d times and its lines %d times, want 1 and 0", src.rollups, src.reads)
	}
	for range 2 {
		if _, err := st.ReviewGroups(ctx, "3909", 1, 10); err != nil {
			t.Fatal(err)
		}
	}
	if src.reads != 1 {
		t.Errorf("two calls over 3909's lines read the cluster %d times, want 1", src.reads)
	}
	// A page of lines reads that page (and is not kept).
	ps, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "3909", Period: cityspend.Period{From: day("2024-01-01"), To: day("2025-01-01")}}, 1, 2)
	if err != nil || len(ps) != 2 || src.reads != 2 {
		t.Errorf("a page of two lines: %d lines, %d reads, want 2 and 2 (%v)", len(ps), src.reads, err)
	}
	if _, err := st.MonthSpends(ctx, []string{"3909"}); err != nil || src.rollups != 1 {
		t.Errorf("after the page the kept rollup serves: %d reads, want 1 (%v)", src.rollups, err)
	}
	// Another buyer: its rollup is read.
	if _, err := st.MonthSpends(ctx, []string{"3805", "3909"}); err != nil {
		t.Fatal(err)
	}
	if src.rollups != 2 {
		t.Errorf("a wider set of buyers: %d reads, want 2", src.rollups)
	}
	// The register changes: K-17 loses its supplier, and with it the line
	// linked by supplier and term, at once.
	cs, err := st.Contracts(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	var register []cityspend.Contract
	for _, c := range cs {
		c.Contract.Suppliers = nil
		register = append(register, c.Contract)
	}
	if err := st.ReplaceContracts(ctx, "3909", register); err != nil {
		t.Fatal(err)
	}
	if a, b := spend(before, "K-17"), spend(contracts(), "K-17"); a == b || b < 0 {
		t.Errorf("K-17's spend %v before and %v after it lost its supplier", a, b)
	}
	if src.rollups != 2 {
		t.Errorf("a new register of the same terms: %d reads, want still 2", src.rollups)
	}
	// An import: read again, with the new line.
	row := cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 99, Lo: 1},
		Supplier: cityspend.Payee{Name: "Ny AS"}, PaymentDate: day("2025-09-01"), Amount: 123_00, Currency: "NOK", AccountCode: "1270",
		ContractRef: "K-17"}}
	if err := st.ImportPayments(ctx, &cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "more.csv"},
		cityspend.SliceRows([]cityspend.ImportRow{row}), false); err != nil {
		t.Fatal(err)
	}
	after := contracts()
	if src.rollups != 3 || after[0].Lines == 0 {
		t.Errorf("after an import: %d reads, want 3", src.rollups)
	}
	found := false
	for _, c := range after {
		if c.ID == "K-17" && c.Lines == 3 { // two by reference before, and the new one
			found = true
		}
	}
	if !found {
		t.Errorf("the imported line is not on K-17: %+v", after)
	}
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// The analysis and compliance suites on one server alone (local tables,
// no cluster) give the same golden files as on the two-shard cluster: a
// result does not depend on where the lines sit.
func TestConformanceOneServer(t *testing.T) {
	spread := openFresh(t)
	if len(spread.shards) < 2 {
		t.Skip("SKIP: the ClickHouse store is not on a cluster of two or more shards")
	}
	open := func(t *testing.T) cityspend.Store {
		return withCatalog(t, openOwn(t, fmt.Sprintf("clickhouse://%s/cityspend", spread.shards[0])))
	}
	t.Run("Analysis", func(t *testing.T) { storetest.RunAnalysis(t, open) })
	t.Run("Compliance", func(t *testing.T) { storetest.RunCompliance(t, open) })
}

// Calls over single lines at once: each gets the same answer as alone,
// whether it reuses the kept lines, keeps its own or reads them for itself.
func TestExtractConcurrent(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	st := openStore(t)
	storetest.LoadCompliance(t, st)
	want, err := st.Contracts(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	wantMonths, err := st.MonthSpends(ctx, []string{"3805", "3909"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 4 {
				if (g+i)%2 == 0 {
					cs, err := st.Contracts(ctx, "3909")
					if err == nil && !reflect.DeepEqual(cs, want) {
						err = fmt.Errorf("contracts differ")
					}
					if err != nil {
						errs <- err
					}
				} else {
					ms, err := st.MonthSpends(ctx, []string{"3805", "3909"})
					if err == nil && len(ms) != len(wantMonths) {
						err = fmt.Errorf("%d month spends, want %d", len(ms), len(wantMonths))
					}
					if err != nil {
						errs <- err
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A database made by an earlier cityspend (lines without the columns added
// since) gets them when the store opens, and takes imports and queries.
func TestUpgradeSchema(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	fresh := openFresh(t) // only for its shards, cluster and a database name of its own
	db := fresh.db + "_old"
	t.Cleanup(func() {
		for _, addr := range fresh.shards {
			if c, err := dial(addr, time.Minute, access{}); err == nil {
				c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+db)
				c.Close()
			}
		}
	})
	old := `buyer_id String, batch_id UInt64, line UInt32, key_hi UInt64, key_lo UInt64, key_occ UInt32, supplier_key String,
		supplier_name String, account_code String, account_text String, org_unit String, service_code String, period_date Date,
		amount Int64, vat Int64, description String` // currency left out too: a column added in the middle must land there
	for _, addr := range fresh.shards {
		c, err := dial(addr, time.Minute, access{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`CREATE DATABASE IF NOT EXISTS ` + db,
			`CREATE TABLE ` + db + `.payments_local (` + old + `) ENGINE = MergeTree() PARTITION BY (buyer_id, toYYYYMM(period_date)) ORDER BY (buyer_id, period_date, key_hi, key_lo, key_occ)`,
			`CREATE TABLE ` + db + `.payments AS ` + db + `.payments_local ENGINE = Distributed(` + fresh.cluster + `, ` + db + `, payments_local, cityHash64(buyer_id))`} {
			if err := c.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		c.Close()
	}
	u := strings.Replace(dsn(t), "/cityspend?", "/"+db+"?", 1)
	lines, err := Open(ctx, u, slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lines.Close()
	// The columns in the order of a table made new, on every shard.
	order := func(database string) string {
		var out []string
		for _, addr := range fresh.shards {
			c, err := dial(addr, time.Minute, access{})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := c.Query(ctx, `DESCRIBE TABLE `+database+`.payments_local`)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for rows.Next() {
				dest := make([]any, len(rows.Columns())) // DESCRIBE's columns differ between versions; all are strings
				for i := range dest {
					dest[i] = new(string)
				}
				if err := rows.Scan(dest...); err != nil {
					t.Fatal(err)
				}
				names = append(names, *dest[0].(*string))
			}
			rows.Close()
			c.Close()
			out = append(out, strings.Join(names, ","))
		}
		return strings.Join(out, " | ")
	}
	if a, b := order(db), order(fresh.db); a != b || !strings.Contains(a, "description,payee_id,account_id") {
		t.Errorf("columns after the upgrade:\n%s\nof a new table:\n%s", a, b)
	}
	cat, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "c.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	st := NewStore(cat, lines)
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	row := cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 1, Lo: 2}, Supplier: cityspend.Payee{Name: "A AS"},
		PaymentDate: day("2025-02-01"), Amount: 1000_00, Currency: "NOK", AccountCode: "1270", Description: "Leie 12", ContractRef: "K-1"}}
	if err := st.ImportPayments(ctx, &cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "a.csv"}, cityspend.SliceRows([]cityspend.ImportRow{row}), false); err != nil {
		t.Fatal(err)
	}
	ps, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "3909"}, 0, 10)
	if err != nil || len(ps) != 1 || ps[0].ContractRef != "K-1" || ps[0].Description != "Leie 12" {
		t.Errorf("lines after the upgrade: %+v %v", ps, err)
	}
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != 1000_00 {
		t.Errorf("total after the upgrade: %+v %v", tot, err)
	}
}

// openReplicated opens a database of the test's own on the test cluster's
// shard of two replicas (ReplicatedMergeTree, with ZooKeeper).
func openReplicated(t *testing.T) *DB {
	t.Helper()
	base := os.Getenv("CITYSPEND_TEST_CLICKHOUSE_REPLICATED")
	if base == "" {
		t.Skip("SKIP: no replicated ClickHouse: set CITYSPEND_TEST_CLICKHOUSE_REPLICATED (scripts/test does when ZooKeeper is installed)")
	}
	return openOwn(t, base)
}

// On a shard with two replicas (replicated=true) the tables are
// ReplicatedMergeTree on both servers, the core suite holds, and the lines
// written through the first replica reach the second.
func TestReplicated(t *testing.T) {
	dsn(t)
	t.Run("Suite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) cityspend.LedgerStore { return withCatalog(t, openReplicated(t)) })
	})
	ctx := context.Background()
	st := openReplicated(t)
	if len(st.hosts) != 2 || len(st.shards) != 1 {
		t.Fatalf("hosts %v, shards %v: want two replicas of one shard", st.hosts, st.shards)
	}
	if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	var rows []cityspend.ImportRow
	for i := range 25 {
		rows = append(rows, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: i + 2, Key: cityspend.DedupKey{Hi: uint64(i), Lo: 9},
			Supplier: cityspend.Payee{Name: "A AS"}, PaymentDate: day("2025-02-01"), Amount: 100_00, Currency: "NOK", AccountCode: "1270"}})
	}
	if err := st.importPayments(ctx, &cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "a.csv"}, cityspend.SliceRows(rows), false, nil); err != nil {
		t.Fatal(err)
	}
	for _, addr := range st.hosts {
		c, err := dial(addr, time.Minute, access{})
		if err != nil {
			t.Fatal(err)
		}
		var engine string
		if err := c.QueryRow(ctx, `SELECT engine FROM system.tables WHERE database = ? AND name = 'payments_local'`, st.db).Scan(&engine); err != nil ||
			engine != "ReplicatedMergeTree" {
			t.Errorf("%s: payments_local is %q (%v)", addr, engine, err)
		}
		if err := c.Exec(ctx, `SYSTEM SYNC REPLICA `+st.db+`.payments_local`); err != nil {
			t.Fatal(err)
		}
		var n uint64
		if err := c.QueryRow(ctx, `SELECT count() FROM `+st.db+`.payments_local`).Scan(&n); err != nil || n != 25 {
			t.Errorf("%s holds %d lines (%v), want 25", addr, n, err)
		}
		c.Close()
	}
}

// A buyer of the catalog the cluster does not know yet (a restored catalog
// before its first import) has no lines: no years, no lines, nothing spent.
func TestBuyerWithoutLines(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	st := openStore(t)
	if err := st.DB.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	ys, err := st.FiscalYears(ctx, "3909")
	if err != nil || len(ys) != 0 {
		t.Errorf("fiscal years %v %v", ys, err)
	}
	ps, err := st.Payments(ctx, cityspend.SpendFilter{BuyerID: "3909"}, 0, 10)
	if err != nil || len(ps) != 0 {
		t.Errorf("lines %v %v", ps, err)
	}
	if tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"}); err != nil || tot.Lines != 0 {
		t.Errorf("total %+v %v", tot, err)
	}
	if _, err := st.FiscalYears(ctx, "0000"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a buyer nobody knows: %v", err)
	}
}
