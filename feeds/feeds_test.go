// SPDX-License-Identifier: EUPL-1.2

package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/peers"
)

func TestBenchmarksURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://spend.example.org":                       "https://spend.example.org/api/v1/benchmarks",
		"https://spend.example.org/":                      "https://spend.example.org/api/v1/benchmarks",
		"http://127.0.0.1:8080/city/?x=1#top":             "http://127.0.0.1:8080/city/api/v1/benchmarks",
		"https://spend.example.org/api/v1/benchmarks?y=1": "https://spend.example.org/api/v1/benchmarks",
	} {
		if got, err := BenchmarksURL(in); err != nil || got != want {
			t.Errorf("BenchmarksURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "spend.example.org", "file:///etc/passwd", "ftp://host/", "https://user:pw@host/", "https:///x"} {
		if _, err := BenchmarksURL(in); cityspend.ErrorCode(err) != cityspend.EINVALID {
			t.Errorf("BenchmarksURL(%q): %v, want EINVALID", in, err)
		}
	}
}

// comparisonJSON is a small comparison as an installation publishes it.
func comparisonJSON(t *testing.T) []byte {
	t.Helper()
	v := 0.4
	c := peers.Comparison{Indicators: peers.Indicators, Groups: []peers.Group{{Key: "GB-E07", Buyers: []string{"E07000223"}}},
		Buyers: []peers.Entry{
			{BuyerID: "E07000223", Name: "Adur District Council", Country: "GB", Group: "GB-E07", Currency: "GBP",
				Figures: []peers.Figure{{Key: peers.LocalShare, Value: &v, Low: 0.4, High: 0.4, Coverage: 1, Basis: peers.BasisPlace,
					Rank: &peers.Rank{Rank: 1, Best: 1, Worst: 1, Of: 2}}}},
			{BuyerID: "X1", Name: "Read elsewhere", Group: "GB-E07", Source: &peers.Source{URL: "https://third.example/api/v1/benchmarks"}},
		}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A feed is read with a time limit and a size limit; what was read is kept
// with its SHA-256 and time; a failed read keeps the last good one and
// says why; the feeds' buyers carry their source, their ranks left to the
// reader's comparison, and another installation's own feeds are not
// passed on.
func TestRead(t *testing.T) {
	ctx := context.Background()
	body := comparisonJSON(t)
	var mode atomic.Value
	mode.Store("ok")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/benchmarks" {
			http.NotFound(w, r)
			return
		}
		switch mode.Load() {
		case "slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		case "big":
			w.Write([]byte(`{"indicators": [], "buyers": [], "pad": "` + strings.Repeat("x", 4096) + `"}`))
		case "html":
			w.Write([]byte("<html>maintenance</html>"))
		case "down":
			http.Error(w, "down", http.StatusServiceUnavailable)
		case "other":
			w.Write(append(body[:len(body):len(body)], ' '))
		default:
			w.Write(body)
		}
	}))
	t.Cleanup(srv.Close)
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "feeds.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	f, err := New(srv.URL, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	r := Reader{Timeout: 300 * time.Millisecond, MaxBytes: 2048, Now: func() time.Time { return at }}
	fs, changed, err := r.Refresh(ctx, st)
	if err != nil || !changed {
		t.Fatalf("the first read: changed %v, %v", changed, err)
	}
	sum := sha256.Sum256(body)
	if len(fs) != 1 || fs[0].Error != "" || fs[0].SHA256 != hex.EncodeToString(sum[:]) || !fs[0].ReadAt.Equal(at) || fs[0].Bytes != int64(len(body)) {
		t.Fatalf("read %+v", fs)
	}
	// The list without what the feeds hold: all else as Feeds gives it.
	heads, err := st.FeedHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 1 || len(stored) != 1 || heads[0].Body != nil || string(stored[0].Body) != string(body) {
		t.Fatalf("heads %+v, feeds %+v", heads, stored)
	}
	stored[0].Body = nil
	if !reflect.DeepEqual(heads[0], stored[0]) {
		t.Errorf("heads %+v, feeds %+v", heads[0], stored[0])
	}
	es := Entries(fs)
	if len(es) != 1 || es[0].BuyerID != "E07000223" || es[0].Source == nil || es[0].Source.URL != srv.URL+"/api/v1/benchmarks" ||
		es[0].Source.SHA256 != fs[0].SHA256 || !es[0].Source.ReadAt.Equal(at) || es[0].Figures[0].Rank != nil {
		t.Errorf("entries %+v", es)
	}
	for _, m := range []struct{ mode, why string }{
		{"slow", "deadline exceeded"}, {"big", "more than 2048 bytes"}, {"html", "not a cityspend comparison"}, {"down", "503"},
	} {
		mode.Store(m.mode)
		later := at.Add(time.Hour)
		r.Now = func() time.Time { return later }
		start := time.Now()
		fs, changed, err := r.Refresh(ctx, st)
		if err != nil || changed {
			t.Fatalf("%s: changed %v, %v; want what was read kept", m.mode, changed, err)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s: the read took %v", m.mode, time.Since(start))
		}
		stored, err := st.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range append(fs, stored...) {
			if !strings.Contains(f.Error, m.why) || !f.TriedAt.Equal(later) || !f.ReadAt.Equal(at) || f.SHA256 != hex.EncodeToString(sum[:]) ||
				string(f.Body) != string(body) {
				t.Errorf("%s: %+v (error %q), want the error %q and the last good read kept", m.mode, f, f.Error, m.why)
			}
		}
	}
	// The same body again changes nothing; another body does.
	mode.Store("ok")
	if _, changed, err := r.Refresh(ctx, st); err != nil || changed {
		t.Errorf("the same body read again: changed %v, %v", changed, err)
	}
	mode.Store("other")
	if _, changed, err := r.Refresh(ctx, st); err != nil || !changed {
		t.Errorf("another body: changed %v, %v", changed, err)
	}
	if err := st.DeleteFeed(ctx, f.URL); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteFeed(ctx, f.URL); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("deleting again: %v", err)
	}
}

// A read stopped by its context (the server's end) is not stored as the
// feed's failure.
func TestRefreshStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	arrived := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "feeds.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f, err := New(srv.URL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	go func() { <-arrived; cancel() }()
	if _, _, err := (Reader{Timeout: 10 * time.Second}).Refresh(ctx, st); err == nil {
		t.Error("a stopped refresh: no error")
	}
	fs, err := st.Feeds(context.Background())
	if err != nil || len(fs) != 1 || fs[0].Error != "" || !fs[0].TriedAt.IsZero() {
		t.Errorf("after a stopped refresh: %+v %v", fs, err)
	}
}
