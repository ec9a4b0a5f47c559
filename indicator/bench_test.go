// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register"
	"github.com/cityspend/cityspend/register/brreg"
)

// BenchmarkAnalyseVsSQL times the full indicator set of a buyer-year
// (500 000 generated lines over 3 years) and, in turns, the same figures by
// hand-written DuckDB SQL (duckdb.BaselineAnalysis), and reports the ratio
// of the two. `cityspend bench analyse` does the same at any scale; the
// figures at 10 million lines are in docs/benchmarks.md.
func BenchmarkAnalyseVsSQL(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "bench.duckdb"), duckdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	u := gen.NewUniverse(3)
	reg := filepath.Join(dir, "enheter.json")
	if _, err := gen.WriteRegisterFile(ctx, reg, u, gen.RegisterOptions{}); err != nil {
		b.Fatal(err)
	}
	rr, err := brreg.Open(reg)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json"}, rr); err != nil {
		b.Fatal(err)
	}
	rr.Close()
	buyer := cityspend.Buyer{ID: "3909", Name: "Larvik", Country: "NO", Municipality: "3909", Currency: "NOK", FiscalStart: 1}
	if err := st.CreateBuyer(ctx, buyer); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "ledger.csv")
	if _, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: 3, Municipality: "3909", FromYear: 2023, Years: 3, Lines: 500_000,
		Format: gen.FormatCSV}); err != nil {
		b.Fatal(err)
	}
	if _, err := ledger.ImportFile(ctx, st, buyer, file, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		b.Fatal(err)
	}
	res, err := register.NewResolver(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, buyer.ID); err != nil {
		b.Fatal(err)
	}
	if err := RefreshScope(ctx, st, buyer.ID); err != nil {
		b.Fatal(err)
	}
	// Warm up both, and check they agree on the headline. The baseline
	// computes no climate footprint: neither does the engine here.
	a, err := Analyse(ctx, st, buyer.ID, 2025, Options{SkipCO2e: true})
	if err != nil {
		b.Fatal(err)
	}
	base, err := st.BaselineAnalysis(ctx, buyer, 2025, 300)
	if err != nil {
		b.Fatal(err)
	}
	if a.TotalSpend != base.TotalSpend || a.Bands[cityspend.PlaceLocal].Spend != base.Bands[cityspend.PlaceLocal].Spend {
		b.Fatalf("the engine (%s) and the SQL (%s) disagree", a.TotalSpend, base.TotalSpend)
	}
	var ours, sql time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := Analyse(ctx, st, buyer.ID, 2025, Options{SkipCO2e: true}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := st.BaselineAnalysis(ctx, buyer, 2025, 300); err != nil {
			b.Fatal(err)
		}
		ours += t1.Sub(t0)
		sql += time.Since(t1)
	}
	b.ReportMetric(float64(ours.Microseconds())/float64(b.N)/1000, "ms/analysis")
	b.ReportMetric(float64(sql.Microseconds())/float64(b.N)/1000, "ms/sql")
	b.ReportMetric(float64(ours)/float64(sql), "ratio")
}
