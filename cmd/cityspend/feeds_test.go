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
// remove stops reading it. With --planning it reads OCDS planning
// releases, and refuses what is not an OCDS package.
func TestFeedsCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	body := `{"year": 0, "indicators": [], "peer_groups": [], "buyers": [], "computed_at": "2026-12-06T12:00:00Z"}`
	planned := `{"version":"1.1","releases":[{"ocid":"ocds-x-1","id":"1","tag":["planning"],"buyer":{"id":"b","name":"Færder kommune"},"tender":{"id":"F-1","title":"Renhold"}}]}`
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/benchmarks", "/comparison.json":
			w.Write([]byte(body))
		case "/public/3911/plan.json":
			w.Write([]byte(planned))
		default:
			http.NotFound(w, r)
		}
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

	plan := other.URL + "/public/3911/plan.json"
	decodeJSON(t, mustCLI(t, "feeds", "add", "--planning", plan, "--json", "--db", db), &added)
	sum = sha256.Sum256([]byte(planned))
	if len(added) != 1 || added[0].URL != plan || added[0].Kind != cityspend.FeedPlanning || added[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("feeds add --planning: %+v", added)
	}
	if code, _, errs := cli(t, "feeds", "add", "--planning", other.URL+"/comparison.json", "--db", db); code == 0 || !strings.Contains(errs, "not an OCDS release package") {
		t.Errorf("a comparison added as planning releases: exit %d, %s", code, errs)
	}
	// A URL read as one kind is not taken over by the other.
	if code, _, errs := cli(t, "feeds", "add", "--planning", other.URL+"/api/v1/benchmarks", "--db", db); code == 0 || !strings.Contains(errs, "read already, as benchmarks") {
		t.Errorf("the benchmarks feed added again as planning: exit %d, %s", code, errs)
	}
	if text := mustCLI(t, "feeds", "list", "--db", db); !strings.Contains(text, "KIND") || !strings.Contains(text, "planning") {
		t.Errorf("feeds list:\n%s", text)
	}
	mustCLI(t, "feeds", "remove", plan, "--db", db)
	mustCLI(t, "feeds", "remove", other.URL+"/comparison.json", "--db", db)
	mustCLI(t, "feeds", "remove", other.URL, "--db", db)
	decodeJSON(t, mustCLI(t, "feeds", "list", "--json", "--db", db), &list)
	if len(list) != 0 {
		t.Errorf("after removing all: %+v", list)
	}
}
