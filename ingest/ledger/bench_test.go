package ledger

import (
	"context"
	"io"
	"os"
	"testing"

	"github.com/cityspend/cityspend"
)

// BenchmarkReadLedger reads a ledger file end to end (decode, split, parse,
// validate, key). Set CITYSPEND_BENCH_LEDGER to a large generated file to
// measure throughput; by default it uses a small testdata file.
func BenchmarkReadLedger(b *testing.B) {
	path := os.Getenv("CITYSPEND_BENCH_LEDGER")
	if path == "" {
		b.Skip("set CITYSPEND_BENCH_LEDGER to a ledger file")
	}
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	buyer := cityspend.Buyer{ID: "3909", Country: "NO", Currency: "NOK"}
	for i := 0; i < b.N; i++ {
		r, err := Open(path, Options{Buyer: buyer})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			rows, err := r.Read(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(rows)
		}
		r.Close()
		b.ReportMetric(float64(n), "rows/op")
	}
}
