// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"testing"
)

func generated(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Generate(&buf, 42, n); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestGenerateIsValidAndDeterministic(t *testing.T) {
	a, b := generated(t, 200), generated(t, 200)
	if !bytes.Equal(a, b) {
		t.Fatal("Generate is not deterministic")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(a, []byte("\n")), []byte("\n")) {
		if !json.Valid(line) {
			t.Fatalf("line %d is not valid JSON: %s", i+1, line)
		}
	}
	res, err := Run(context.Background(), bytes.NewReader(a), AllSettings(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Releases != 200 || res.Stats.Skipped != 0 {
		t.Fatalf("stats %+v", res.Stats)
	}
	// The data should raise a few flags of most kinds. (R024 needs gaps
	// between the two lowest bids that are mostly wide and rarely narrow,
	// which this data, like most real data, doesn't have.)
	for _, c := range []string{"R003", "R018", "R028", "R030", "R035", "R036", "R058"} {
		found := false
		for _, id := range res.IDs(OCID) {
			if _, ok := res.Get(OCID, id, c); ok {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no process flagged by %s in 200 generated releases", c)
		}
	}
}

// BenchmarkIndicators runs all eleven indicators over generated releases
// and reports releases per second and the heap in use at the end.
func BenchmarkIndicators(b *testing.B) {
	const n = 20000
	data := generated(b, n)
	s := AllSettings()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		var err error
		res, err = Run(context.Background(), bytes.NewReader(data), s, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
	b.ReportMetric(float64(len(data))/n, "bytes/release")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heapMB")
	runtime.KeepAlive(res)
}
