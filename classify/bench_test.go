// SPDX-License-Identifier: EUPL-1.2

package classify_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// BenchmarkClassify classifies 300,000 generated lines from scratch (items
// assigned, rules and the model applied, results stored) and, in turns,
// times DuckDB grouping the same lines by payee, account and description,
// the least any classifier must read; it reports the ratio. `cityspend
// bench classify` does the same at any scale (10 million lines in
// docs/benchmarks.md).
func BenchmarkClassify(b *testing.B) {
	ctx := context.Background()
	m := duckdbtest.Build(b, duckdbtest.Options{Lines: 300_000, Years: 2})
	log := slog.New(slog.DiscardHandler)
	var ours, base time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := m.Store.ResetItems(ctx, m.Buyer.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if _, err := classify.Run(ctx, m.Store, m.Buyer.ID, log); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := m.Store.ItemsBaseline(ctx, m.Buyer.ID); err != nil {
			b.Fatal(err)
		}
		ours += t1.Sub(t0)
		base += time.Since(t1)
	}
	b.ReportMetric(300_000*float64(b.N)/ours.Seconds(), "lines/s")
	b.ReportMetric(float64(ours)/float64(base), "ratio")
}
