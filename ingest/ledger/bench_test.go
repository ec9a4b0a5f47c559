// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// BenchmarkReadLedger reads a ledger end to end: decode, split, parse,
// validate, key. It generates 200 000 lines, or reads the file named by
// CITYSPEND_BENCH_LEDGER.
func BenchmarkReadLedger(b *testing.B) {
	path := os.Getenv("CITYSPEND_BENCH_LEDGER")
	if path == "" {
		path = filepath.Join(b.TempDir(), "ledger.csv")
		if _, err := gen.WriteLedgerFile(context.Background(), path, gen.NewUniverse(1),
			gen.LedgerOptions{Municipality: "3909", FromYear: 2024, Years: 2, Lines: 200000, Format: gen.FormatCSV}); err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	buyer := cityspend.Buyer{ID: "3909", Country: "NO", Currency: "NOK"}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		r, err := Open(path, Options{Buyer: buyer})
		if err != nil {
			b.Fatal(err)
		}
		n = 0
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
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkParseAmount(b *testing.B) {
	in := []string{"1234.50", "1 234,50", "-12.00", "(1,234.50)", "99"}
	for i := 0; i < b.N; i++ {
		cityspend.ParseWrittenAmount(in[i%len(in)], cityspend.DecimalPoint)
	}
}

func BenchmarkParseDate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		parseDate("05.01.2024", DateDMY)
	}
}

func BenchmarkSplitRecord(b *testing.B) {
	line := `100001,2024-11-15,2024-10-21,54979,10001,"Pettersen & Sønn, Vask AS",822972705,3251,NO,1260,Renhold,2100,Grunnskole,222,P1026,6492.00,1623.00,renhold iht avtale okt`
	var dst []string
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		dst = tabular.SplitRecord(line, ',', dst[:0])
	}
}
