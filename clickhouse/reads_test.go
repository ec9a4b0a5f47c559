// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
)

// recorder is the cluster connection with a record of the queries the
// store sends through it and the rows each returned.
type recorder struct {
	driver.Conn
	mu  sync.Mutex
	log []*read
}

type read struct {
	query string
	rows  int
}

func (r *recorder) add(q string) *read {
	r.mu.Lock()
	defer r.mu.Unlock()
	x := &read{query: q}
	r.log = append(r.log, x)
	return x
}

func (r *recorder) Query(ctx context.Context, q string, args ...any) (driver.Rows, error) {
	x := r.add(q)
	rows, err := r.Conn.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return &countedRows{Rows: rows, r: r, x: x}, nil
}

func (r *recorder) QueryRow(ctx context.Context, q string, args ...any) driver.Row {
	r.add(q).rows = 1
	return r.Conn.QueryRow(ctx, q, args...)
}

func (r *recorder) Select(ctx context.Context, dest any, q string, args ...any) error {
	r.add(q)
	return r.Conn.Select(ctx, dest, q, args...)
}

type countedRows struct {
	driver.Rows
	r *recorder
	x *read
}

func (c *countedRows) Next() bool {
	ok := c.Rows.Next()
	if ok {
		c.r.mu.Lock()
		c.x.rows++
		c.r.mu.Unlock()
	}
	return ok
}

// limitRE finds a query's page: LIMIT offset, n or LIMIT n (BY selection).
var limitRE = regexp.MustCompile(`LIMIT (?:\d+, )?(\d+)(?: BY \w+)?\s*$`)

// Classifying a buyer and computing its findings on the cluster read sums
// (GROUP BY on the shard), never the buyer's lines: a query over the lines
// without GROUP BY may only read a page (the largest lines of a finding,
// its evidence) or the lines just under a threshold (split purchases),
// and the rows the cluster returns are far fewer than the lines.
func TestFindingsAndClassifyReadSums(t *testing.T) {
	dsn(t)
	ctx := context.Background()
	catalog := filepath.Join(t.TempDir(), "catalog.duckdb")
	cat, err := duckdb.Open(ctx, catalog, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := NewStore(cat, openFresh(t))
	st.lines.opt.ChunkRows = 50_000
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	if err := st.CreateBuyer(ctx, b); err != nil {
		cat.Close()
		t.Fatal(err)
	}
	// 6,000 lines of 36 items (six suppliers, two accounts, three kinds
	// of text) over a year, some on a contract by its reference; and
	// four invoices just under the NOK 100,000 floor, the only lines in
	// a band under a threshold.
	texts := []string{"Renhold uke %d skole", "Reparasjon tak bygg %d", "Kontorrekvisita ordre %d"}
	var rows []cityspend.ImportRow
	add := func(date time.Time, org, account, text, ref string, amount cityspend.Amount) {
		i := len(rows)
		rows = append(rows, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: b.ID, Line: i + 2, Key: cityspend.DedupKey{Hi: uint64(i + 1), Lo: 3},
			Supplier: cityspend.Payee{Name: "Leverandør " + org, OrgNumber: org}, PaymentDate: date, Amount: amount, Currency: "NOK",
			AccountCode: account, AccountText: "Konto " + account, OrgUnit: "Eiendom", Description: text, ContractRef: ref, InvoiceNo: "F" + strconv.Itoa(i)}})
	}
	orgs := []string{"911111111", "922222222", "933333333", "944444444", "955555555", "966666666"}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 6000 {
		ref := ""
		if i%5 == 0 {
			ref = "K-1"
		}
		add(start.AddDate(0, 0, i%360), orgs[i%6], []string{"1200", "1270"}[i/6%2], fmt.Sprintf(texts[i/12%3], i), ref, cityspend.Amount(1_000_00+i*3))
	}
	const split = 4
	for i, a := range []cityspend.Amount{95_000_00, 96_000_00, 99_000_00, 97_500_00} {
		add(start.AddDate(0, 4+i/2, 2+i), "977777777", "1270", "Renhold ekstra", "", a)
	}
	if err := st.ImportPayments(ctx, &cityspend.ImportBatch{BuyerID: b.ID, Kind: "ledger", FileName: "l.csv", SHA256: "l"},
		cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{b.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceContracts(ctx, b.ID, []cityspend.Contract{{BuyerID: b.ID, ID: "K-1", Title: "Renhold", CPV: "90910000",
		Start: start, End: start.AddDate(0, 6, 0), Currency: "NOK", File: "k.csv", Line: 2}}); err != nil {
		t.Fatal(err)
	}
	// A new process: nothing read before is kept.
	if err := cat.Close(); err != nil {
		t.Fatal(err)
	}
	if cat, err = duckdb.Open(ctx, catalog, duckdb.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	st = NewStore(cat, st.lines)
	rec := &recorder{Conn: st.lines.conn}
	st.lines.conn = rec
	if _, err := classify.Run(ctx, st, b.ID, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	sum, err := compliance.Compute(ctx, st, b.ID, compliance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ByKind[cityspend.FindingSplit] == 0 {
		t.Errorf("no split purchase found (%v): the band read is not exercised", sum.ByKind)
	}
	lines := st.lines.t("payments")
	var summed, listed int
	for _, x := range rec.log {
		if !strings.Contains(x.query, lines+" ") {
			continue
		}
		q := strings.Join(strings.Fields(x.query), " ")
		switch m := limitRE.FindStringSubmatch(q); {
		case strings.Contains(q, " GROUP BY "):
			summed += x.rows
		case m != nil:
			if n, _ := strconv.Atoi(m[1]); n > 50 {
				t.Errorf("a page of %d lines, more than a finding's evidence (50): %s", n, q)
			}
			listed += x.rows
		case strings.Contains(q, "(amount >= "):
			if x.rows > split {
				t.Errorf("the lines in the bands under the thresholds: %d, want the %d made so", x.rows, split)
			}
			listed += x.rows
		default:
			t.Errorf("the buyer's lines read without GROUP BY (%d rows): %.300s", x.rows, q)
		}
	}
	if summed == 0 {
		t.Error("no sums read from the cluster")
	}
	if summed+listed > len(rows)/5 {
		t.Errorf("%d rows of sums and %d lines read for %d lines: want far fewer", summed, listed, len(rows))
	}
	t.Logf("%d queries; %d rows of sums, %d lines read, for %d lines", len(rec.log), summed, listed, len(rows))
}
