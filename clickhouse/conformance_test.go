// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// dsn is the cluster the tests use: $CITYSPEND_TEST_CLICKHOUSE, which
// scripts/test sets after starting a local two-shard cluster
// (scripts/clickhouse).
func dsn(t *testing.T) string {
	v := os.Getenv("CITYSPEND_TEST_CLICKHOUSE")
	if v == "" {
		t.Skip("SKIP: no ClickHouse: set CITYSPEND_TEST_CLICKHOUSE (scripts/test starts a local cluster when clickhouse-server is installed)")
	}
	return v
}

// openFresh opens the store on a database of the test's own.
func openFresh(t *testing.T) *DB { return openOwn(t, dsn(t)) }

// openOwn opens the store of a DSN on a database of the test's own (small
// chunks, so that an import spans several), dropped at the end.
func openOwn(t *testing.T, base string) *DB {
	t.Helper()
	db := fmt.Sprintf("cs_test_%d", time.Now().UnixNano())
	u := base
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		host, tail, _ := strings.Cut(rest, "/")
		_, query, _ := strings.Cut(tail, "?")
		u = base[:i+3] + host + "/" + db
		if query != "" {
			u += "?" + query
		}
	}
	st, err := Open(context.Background(), u, slog.New(slog.DiscardHandler), Options{ChunkRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st.DropDatabase(context.Background())
		st.Close()
	})
	return st
}

func TestParseDSN(t *testing.T) {
	d, err := ParseDSN("clickhouse://ch1.example:9440/spend?cluster=nordic&read_timeout=90s")
	if err != nil || d.Addr != "ch1.example:9440" || d.Database != "spend" || d.Cluster != "nordic" || d.ReadTimeout != 90*time.Second || d.user != "" {
		t.Errorf("%+v %v", d, err)
	}
	if d, err := ParseDSN("clickhouse://localhost"); err != nil || d.Addr != "localhost:9000" || d.Database != "cityspend" {
		t.Errorf("defaults: %+v %v", d, err)
	}
	if d, err := ParseDSN("clickhouse://spend:s3cret%21@ch1.example/spend?secure=true"); err != nil || d.user != "spend" || d.password != "s3cret!" ||
		!d.secure || d.Addr != "ch1.example:9440" {
		t.Errorf("user, password, TLS: %+v %v", d, err)
	}
	t.Setenv(PasswordEnv, "from-env")
	if d, err := ParseDSN("clickhouse://spend@ch1.example/spend"); err != nil || d.user != "spend" || d.password != "from-env" {
		t.Errorf("the password from %s: %+v %v", PasswordEnv, d, err)
	}
	for _, bad := range []string{"postgres://x/db", "clickhouse:///db", "clickhouse://h/Bad-Name", "clickhouse://h/db?read_timeout=soon",
		"clickhouse://u:s3cret@h/Bad-Name", "clickhouse://u:s3cret@h/db?secure=maybe", "clickhouse://u:s3cret@h/db?ca=/no/such/file.pem",
		"clickhouse://u:s3cret@h/db?ca=" + notPEM(t)} {
		_, err := ParseDSN(bad)
		if err == nil {
			t.Errorf("accepted %q", bad)
		} else if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	if r := Redact("clickhouse://u:s3cret@h:9000/db?cluster=c"); strings.Contains(r, "s3cret") || !strings.Contains(r, "u:xxxxx@h:9000") {
		t.Errorf("redacted: %s", r)
	}
}

// Every buyer's lines live on one shard (the sharding key), and the
// buyers spread over both; queries through the Distributed table see all.
func TestShardingByBuyer(t *testing.T) {
	st := openFresh(t)
	if len(st.shards) < 2 {
		t.Skip("SKIP: the ClickHouse store is not on a cluster of two or more shards")
	}
	ctx := context.Background()
	ids := []string{"3901", "3903", "3905", "3907", "3909", "3911", "0301", "4601"}
	for i, id := range ids {
		if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: id, Name: "Kommune " + id, Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
			t.Fatal(err)
		}
		var rs []cityspend.ImportRow
		for j := range 5 {
			rs = append(rs, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: id, Line: j + 2, Key: cityspend.DedupKey{Hi: uint64(i*100 + j), Lo: 1},
				Supplier: cityspend.Payee{Name: "Leverandør"}, PaymentDate: time.Date(2025, 1, 1+j, 0, 0, 0, 0, time.UTC), Amount: 100, Currency: "NOK"}})
		}
		b := cityspend.ImportBatch{BuyerID: id, Kind: "ledger", FileName: id + ".csv", Currency: "NOK"}
		if err := st.importPayments(ctx, &b, cityspend.SliceRows(rs), false, nil); err != nil {
			t.Fatal(err)
		}
	}
	where := map[string][]int{} // buyer → shards holding its lines
	for s, addr := range st.shards {
		c, err := dial(addr, time.Minute, access{})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := c.Query(ctx, `SELECT buyer_id, count() FROM `+st.db+`.payments_local GROUP BY buyer_id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			var n uint64
			rows.Scan(&id, &n)
			if n != 5 {
				t.Errorf("shard %d holds %d of buyer %s's 5 lines", s, n, id)
			}
			where[id] = append(where[id], s)
		}
		rows.Close()
		c.Close()
	}
	used := map[int]bool{}
	for _, id := range ids {
		if len(where[id]) != 1 {
			t.Errorf("buyer %s's lines are on shards %v", id, where[id])
		}
		for _, s := range where[id] {
			used[s] = true
		}
		rs, err := st.Rollup(ctx, duckdb.RollupQuery{BuyerID: id})
		var n int64
		for _, r := range rs {
			n += r.Lines
		}
		if err != nil || n != 5 {
			t.Errorf("buyer %s through the Distributed table: %d lines (%v)", id, n, err)
		}
	}
	if len(used) < 2 {
		t.Errorf("the buyers are all on one shard: %v", where)
	}
}

// The same ledgers of six buyers give the same figures by every dimension,
// and the same fiscal years, whether all the lines sit on one server (no
// cluster) or are spread over the two shards of the cluster.
func TestOneShardOrTwo(t *testing.T) {
	spread := openFresh(t)
	if len(spread.shards) < 2 {
		t.Skip("SKIP: the ClickHouse store is not on a cluster of two or more shards")
	}
	one := openOwn(t, fmt.Sprintf("clickhouse://%s/cityspend", spread.shards[0])) // the first shard's server on its own
	ctx := context.Background()
	ids := []string{"3901", "3903", "3905", "3907", "3909", "3911"}
	stores := []*Store{withCatalog(t, spread), withCatalog(t, one)}
	for _, st := range stores {
		for i, id := range ids {
			if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: id, Name: "Kommune " + id, Country: "NO", Currency: "NOK", FiscalStart: 1 + i%4*3}); err != nil {
				t.Fatal(err)
			}
			var rs []cityspend.ImportRow
			for j := range 40 {
				rs = append(rs, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: id, Line: j + 2, Key: cityspend.DedupKey{Hi: uint64(j % 30), Lo: uint64(i)},
					Supplier: cityspend.Payee{Name: fmt.Sprintf("Leverandør %d", j%7)}, AccountCode: fmt.Sprintf("1%d70", j%4), OrgUnit: fmt.Sprint(j % 3),
					PaymentDate: time.Date(2023+j%3, time.Month(1+j%12), 1+j%27, 0, 0, 0, 0, time.UTC), Amount: cityspend.Amount((j*7919)%100000 - 5000), Currency: "NOK"}})
			}
			b := cityspend.ImportBatch{BuyerID: id, Kind: "ledger", FileName: id + ".csv", Currency: "NOK"}
			if err := st.ImportPayments(ctx, &b, cityspend.SliceRows(rs), false); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range ids {
		for _, dim := range []cityspend.Dimension{cityspend.BySupplier, cityspend.ByAccount, cityspend.ByAccountGroup, cityspend.ByOrgUnit,
			cityspend.ByMonth, cityspend.ByFiscalYear} {
			f := cityspend.SpendFilter{BuyerID: id}
			x, err1 := stores[0].SpendBy(ctx, f, dim, 0)
			y, err2 := stores[1].SpendBy(ctx, f, dim, 0)
			if err1 != nil || err2 != nil || fmt.Sprint(x) != fmt.Sprint(y) || len(x) == 0 {
				t.Errorf("buyer %s by %s: cluster %v (%v), one server %v (%v)", id, dim, x, err1, y, err2)
			}
		}
		ya, _ := stores[0].FiscalYears(ctx, id)
		yb, _ := stores[1].FiscalYears(ctx, id)
		if fmt.Sprint(ya) != fmt.Sprint(yb) || len(ya) == 0 {
			t.Errorf("buyer %s fiscal years %v and %v", id, ya, yb)
		}
	}
}

// A chunk of 40,000 new lines against a buyer's recorded ones: the key
// lists stay under the server's query size, and a second run finds every
// line a duplicate.
func TestLargeChunk(t *testing.T) {
	st := openFresh(t)
	st.opt.ChunkRows = 50_000
	ctx := context.Background()
	if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	var rs []cityspend.ImportRow
	for j := range 40_000 {
		rs = append(rs, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: j + 2, Key: cityspend.DedupKey{Hi: uint64(j)*1_000_003 + 17, Lo: uint64(j)},
			Supplier: cityspend.Payee{Name: "Leverandør"}, PaymentDate: time.Date(2025, 1, 1+j%28, 0, 0, 0, 0, time.UTC), Amount: 100, Currency: "NOK"}})
	}
	for run, want := range []int64{40_000, 0} {
		b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "big.csv", Currency: "NOK"}
		if err := st.importPayments(ctx, &b, cityspend.SliceRows(rs), false, nil); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if b.RowsLoaded != want || b.RowsLoaded+b.RowsDuplicate != 40_000 {
			t.Errorf("run %d: %+v", run, b)
		}
	}
	// A line in another currency, or without a date, is refused as by the embedded store.
	bad := []cityspend.ImportRow{{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 1}, Supplier: cityspend.Payee{Name: "X"},
		PaymentDate: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Amount: 1, Currency: "SEK"}}}
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "sek.csv", Currency: "NOK"}
	if err := st.importPayments(ctx, &b, cityspend.SliceRows(bad), false, nil); err == nil || !strings.Contains(err.Error(), "currency SEK") {
		t.Errorf("a line in SEK: %v", err)
	}
}

func TestSplitColumns(t *testing.T) {
	got := splitColumns("a String, b Decimal(18, 2),\n\t\tc Nullable(Date), d Int32")
	want := []string{"a String", "b Decimal(18, 2)", "c Nullable(Date)", "d Int32"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%q", got)
	}
}

// The store logs in with the DSN's user and password (from the
// environment when the DSN has none); a wrong password is refused with an
// error that does not show it.
func TestLogin(t *testing.T) {
	base := dsn(t)
	login := os.Getenv("CITYSPEND_TEST_CLICKHOUSE_LOGIN")
	if login == "" {
		t.Skip("SKIP: no ClickHouse user to log in as: set CITYSPEND_TEST_CLICKHOUSE_LOGIN=user:password (scripts/test does)")
	}
	user, password, _ := strings.Cut(login, ":")
	with := func(userinfo string) string { return strings.Replace(base, "://", "://"+userinfo+"@", 1) }
	ctx := context.Background()
	st, err := Open(ctx, with(user+":"+password), slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatalf("logging in as %s: %v", user, err)
	}
	if _, err := st.Buyers(ctx); err != nil {
		t.Error(err)
	}
	st.Close()
	t.Setenv(PasswordEnv, password)
	st, err = Open(ctx, with(user), slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatalf("the password from %s: %v", PasswordEnv, err)
	}
	st.Close()
	if _, err := Open(ctx, with(user+":wrong-s3cret"), slog.New(slog.DiscardHandler), Options{}); err == nil {
		t.Error("a wrong password let in")
	} else if strings.Contains(err.Error(), "wrong-s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
}

// Over TLS: the server's certificate must come from the CA named in the
// DSN (ca=); without it, the system's CAs do not know it and the store
// refuses to talk.
func TestTLS(t *testing.T) {
	dsn(t)
	tlsDSN := os.Getenv("CITYSPEND_TEST_CLICKHOUSE_TLS")
	if tlsDSN == "" {
		t.Skip("SKIP: no ClickHouse over TLS: set CITYSPEND_TEST_CLICKHOUSE_TLS (scripts/test does)")
	}
	ctx := context.Background()
	st, err := Open(ctx, tlsDSN, slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		t.Fatalf("over TLS: %v", err)
	}
	defer st.Close()
	if _, err := st.Buyers(ctx); err != nil {
		t.Error(err)
	}
	u, _ := url.Parse(tlsDSN)
	q := u.Query()
	q.Del("ca")
	u.RawQuery = q.Encode()
	if _, err := Open(ctx, u.String(), slog.New(slog.DiscardHandler), Options{}); err == nil {
		t.Error("a certificate no trusted CA signed was taken")
	}
}

// notPEM is a file that holds no PEM certificate.
func notPEM(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
