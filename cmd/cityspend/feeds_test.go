// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

// cityspend feeds: add reads another installation's benchmarks (a server on
// 127.0.0.1) and keeps what it read with its hash; list shows it; a feed
// that cannot be read is added with its error and the command fails;
// remove stops reading it.
func TestFeedsCommands(t *testing.T) {
	body := `{"year": 0, "indicators": [], "peer_groups": [], "buyers": [], "computed_at": "2026-12-06T12:00:00Z"}`
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/benchmarks" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(other.Close)
	db := filepath.Join(t.TempDir(), "feeds.duckdb")
	var added []cityspend.Feed
	decodeJSON(t, mustCLI(t, "feeds", "add", other.URL, "--json", "--db", db), &added)
	sum := sha256.Sum256([]byte(body))
	if len(added) != 1 || added[0].URL != other.URL+"/api/v1/benchmarks" || added[0].SHA256 != hex.EncodeToString(sum[:]) || added[0].ReadAt.IsZero() {
		t.Fatalf("feeds add: %+v", added)
	}
	if code, _, errs := cli(t, "feeds", "add", other.URL+"/elsewhere/", "--db", db); code == 0 || !strings.Contains(errs, "404") {
		t.Errorf("a feed that answers 404: exit %d, %s", code, errs)
	}
	var list []cityspend.Feed
	decodeJSON(t, mustCLI(t, "feeds", "list", "--json", "--db", db), &list)
	if len(list) != 2 || list[0].SHA256 != added[0].SHA256 || list[1].Error == "" {
		t.Errorf("feeds list: %+v", list)
	}
	text := mustCLI(t, "feeds", "list", "--db", db)
	if !strings.Contains(text, "SHA-256") || !strings.Contains(text, added[0].URL) || !strings.Contains(text, added[0].SHA256) || !strings.Contains(text, "404") {
		t.Errorf("feeds list:\n%s", text)
	}
	mustCLI(t, "feeds", "remove", other.URL+"/elsewhere/", "--db", db)
	decodeJSON(t, mustCLI(t, "feeds", "list", "--json", "--db", db), &list)
	if len(list) != 1 {
		t.Errorf("after remove: %+v", list)
	}
}
