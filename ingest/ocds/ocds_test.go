// SPDX-License-Identifier: EUPL-1.2

package ocds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

func read(t *testing.T, doc string) ([]cityspend.Tender, []LineError) {
	t.Helper()
	var ts []cityspend.Tender
	bad, err := Read(strings.NewReader(doc), func(x cityspend.Tender) error {
		ts = append(ts, x)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ts, bad
}

func TestJSONLines(t *testing.T) {
	doc := `{"ocid":"a","id":"a-1","date":"2024-01-02T10:00:00Z","buyer":{"id":"NO-ORG-964964610","name":"Larvik"},"tender":{"title":"Vask","status":"complete","procurementMethod":"open","value":{"amount":1234.565,"currency":"nok"},"tenderPeriod":{"startDate":"2024-01-01T00:00:00Z","endDate":"2024-01-20T00:00:00Z"},"items":[{"classification":{"scheme":"CPV","id":"90910000-9"}}],"lots":[{"id":1,"title":"Lot 1","value":{"amount":10,"currency":"NOK"}}]},"bids":{"details":[{"id":"b1","status":"valid","tenderers":[{"id":"S1"}],"value":{"amount":99.99,"currency":"NOK"}}]},"awards":[{"id":7,"status":"active","date":"2024-02-01","suppliers":[{"id":"S1"}],"value":{"amount":99.99,"currency":"NOK"}}],"parties":[{"id":"S1","name":"Vask AS","roles":["tenderer","supplier"],"identifier":{"scheme":"NO-BRC","id":923609016}}]}
not json
{"id":"x","tender":{}}
{"releases":[{"ocid":"b","tender":{"title":"B"}},{"ocid":"c"}],"uri":"u"}

{"records":[{"ocid":"d","compiledRelease":{"ocid":"d","tender":{"title":"D"}}},{"ocid":"e","releases":[]}]}
{"foo":1}
`
	ts, bad := read(t, doc)
	if len(ts) != 4 || ts[0].OCID != "a" || ts[1].OCID != "b" || ts[2].OCID != "c" || ts[3].OCID != "d" || ts[3].Title != "D" {
		t.Fatalf("tenders %+v", ts)
	}
	a := ts[0]
	if a.Value != 1234_57 || a.Currency != "NOK" || !a.HasValue || a.CPV != "90910000" || a.Method != "open" || a.BuyerID != "NO-ORG-964964610" ||
		a.TenderEnd.Day() != 20 || len(a.Lots) != 1 || a.Lots[0].ID != "1" || len(a.Bids) != 1 || a.Bids[0].Value != 99_99 ||
		a.Bids[0].Tenderers[0] != "S1" || len(a.Awards) != 1 || a.Awards[0].ID != "7" || len(a.Parties) != 1 ||
		a.Parties[0].Identifier != "NO-BRC-923609016" || a.Line != 1 || len(a.Release) == 0 {
		t.Errorf("tender a: %+v", a)
	}
	want := map[int]string{2: "invalid JSON", 3: "without ocid", 6: "no compiledRelease", 7: "without ocid"}
	if len(bad) != len(want) {
		t.Fatalf("bad lines %+v", bad)
	}
	for _, b := range bad {
		if !strings.Contains(b.Reason, want[b.Line]) {
			t.Errorf("line %d: %q, want %q", b.Line, b.Reason, want[b.Line])
		}
	}
}

func TestPackageOverManyLines(t *testing.T) {
	doc := "{\n  \"uri\": \"x\",\n  \"releases\": [\n    {\"ocid\": \"p1\", \"tender\": {\"value\": {\"amount\": -5, \"currency\": \"EUR\"}}}\n  ]\n}\n"
	ts, bad := read(t, doc)
	if len(ts) != 1 || len(bad) != 0 || ts[0].Value != -5_00 {
		t.Errorf("%+v %+v", ts, bad)
	}
}

// The OCDS samples of ../shared/data load without a skipped line.
func TestSharedSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "ocds")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("SKIP: no OCDS samples at ../shared/data/ocds")
	}
	for _, p := range files {
		if strings.Contains(p, "schema") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		bad, err := Read(f, func(cityspend.Tender) error { n++; return nil })
		f.Close()
		if err != nil || len(bad) > 0 || n == 0 {
			t.Errorf("%s: %d tenders, bad %+v, %v", filepath.Base(p), n, bad, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"ocid":"a","tender":{"value":{"amount":1.5,"currency":"NOK"}}}` + "\n" + `{"releases":[{"ocid":"b"}]}`)
	f.Add("{\n\"records\":[{\"compiledRelease\":{\"ocid\":\"x\"}}]}")
	f.Add(`{"ocid":"a","bids":{"details":[{"id":1,"value":{"amount":1e400}}]}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		bad, err := Read(strings.NewReader(doc), func(x cityspend.Tender) error {
			if strings.TrimSpace(x.OCID) == "" {
				t.Fatalf("a tender without ocid: %+v", x)
			}
			return nil
		})
		if err != nil {
			return
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Fatalf("bad line %+v", b)
			}
		}
	})
}
