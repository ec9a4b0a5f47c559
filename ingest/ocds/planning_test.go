// SPDX-License-Identifier: EUPL-1.2

package ocds_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ocds"
	"github.com/cityspend/cityspend/plan"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// cityspend's own pipeline, as another installation publishes it, reads
// back item for item.
func TestPlanningRoundTrip(t *testing.T) {
	b := cityspend.Buyer{ID: "3905", Name: "Tønsberg kommune", Country: "NO", Currency: "NOK", OrgNumber: "939984194"}
	items := []cityspend.PlanItem{
		{BuyerID: "3905", ID: "P-7", Title: "Vintervedlikehold av veier", Need: "Brøyting og strøing", Type: "services", CPV: []string{"90620000", "90630000"},
			Value: 4_500_000_00, Basis: "spend of the last 12 months", Months: 48, MarketDialogue: day("2027-01-15"), Notice: day("2027-03-01"),
			Award: day("2027-05-01"), ContractStart: day("2027-09-01"), Published: true},
		{BuyerID: "3905", ID: "P-8", Title: "Skolebøker", Type: "goods", CPV: []string{"22110000"}, Value: 800_000_00, Notice: day("2027-02-01"), Published: true},
	}
	var buf bytes.Buffer
	if err := plan.OCDS(&buf, b, items, plan.Publication{BaseURL: "https://innkjop.example.no", Now: day("2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	got, bad, err := ocds.Planning(&buf)
	if err != nil || len(bad) > 0 {
		t.Fatalf("%v %+v", err, bad)
	}
	if len(got) != 2 {
		t.Fatalf("%d planned items, want 2", len(got))
	}
	p := got[0]
	if p.BuyerName != b.Name || p.Currency != "NOK" || p.Item.BuyerID != "NO-BRC:939984194" {
		t.Errorf("buyer %q %q currency %q", p.Item.BuyerID, p.BuyerName, p.Currency)
	}
	w := items[0]
	g := p.Item
	if g.ID != w.ID || g.Title != w.Title || g.Need != w.Need || g.Type != w.Type || !reflect.DeepEqual(g.CPV, w.CPV) || g.Value != w.Value ||
		g.Basis != w.Basis || g.Months != w.Months || !g.MarketDialogue.Equal(w.MarketDialogue) || !g.Notice.Equal(w.Notice) ||
		!g.Award.Equal(w.Award) || !g.ContractStart.Equal(w.ContractStart) {
		t.Errorf("read back\n%+v\nwant\n%+v", g, w)
	}
	if g := got[1].Item; g.ID != "P-8" || g.Value != 800_000_00 || !g.Notice.Equal(day("2027-02-01")) || g.Type != "goods" {
		t.Errorf("second item %+v", g)
	}
}

// Another publisher's planning releases: the value from the budget, CPV
// codes among additional classifications, dates from milestone types and
// the contract period, the category from the CPV code; a release that is
// not planning is left out, and a document that is not OCDS says so.
func TestPlanningOtherPublisher(t *testing.T) {
	doc := `{"uri":"https://example.eu/plan.json","version":"1.1","releases":[
	{"ocid":"ocds-abc-1","id":"1-planning","date":"2026-11-01T00:00:00Z","tag":["planning"],
	 "buyer":{"id":"FR-SIRET-21440109300015","name":"Ville de Nantes"},
	 "planning":{"rationale":"Renouvellement","budget":{"description":"budget 2027","amount":{"amount":"1200000.50","currency":"EUR"}}},
	 "tender":{"id":"T-9","title":"Éclairage public","items":[{"id":"1","classification":{"scheme":"UNSPSC","id":"39111500"},"additionalClassifications":[{"scheme":"CPV","id":"34928500-3"}]}],
	  "milestones":[{"id":"m1","type":"engagement","dueDate":"2027-02-01T00:00:00Z"},{"id":"m2","type":"preProcurement","dueDate":"2027-04-01T00:00:00Z"}],
	  "contractPeriod":{"startDate":"2027-10-01T00:00:00Z","durationInDays":730}}},
	{"ocid":"ocds-abc-2","id":"2-tender","date":"2026-11-01T00:00:00Z","tag":["tender"],"buyer":{"id":"x","name":"Ville de Nantes"},
	 "tender":{"id":"T-10","title":"Already out","status":"active"}}]}`
	got, bad, err := ocds.Planning(strings.NewReader(doc))
	if err != nil || len(bad) > 0 {
		t.Fatalf("%v %+v", err, bad)
	}
	if len(got) != 1 {
		t.Fatalf("%d planned, want 1: %+v", len(got), got)
	}
	g := got[0]
	want := cityspend.PlanItem{BuyerID: "FR-SIRET-21440109300015", ID: "T-9", Title: "Éclairage public", Need: "Renouvellement", Type: "goods",
		CPV: []string{"34928500"}, Value: 1_200_000_50, Basis: "budget 2027", Months: 24, MarketDialogue: day("2027-02-01"), Notice: day("2027-04-01"),
		ContractStart: day("2027-10-01"), Published: true, Status: "planned"}
	if !reflect.DeepEqual(g.Item, want) || g.Currency != "EUR" || g.BuyerName != "Ville de Nantes" || g.OCID != "ocds-abc-1" {
		t.Errorf("got %+v (%s, %s)\nwant %+v", g.Item, g.Currency, g.BuyerName, want)
	}

	_, bad, err = ocds.Planning(strings.NewReader(`{"indicators":[],"buyers":[]}`))
	if err != nil || len(bad) != 1 || !strings.Contains(bad[0].Reason, "not a release") {
		t.Errorf("a comparison read as planning: %v %+v", err, bad)
	}
}

// Whatever a feed brings, reading its planned items ends, and every item
// read has an id and CPV codes of eight digits.
func FuzzPlanning(f *testing.F) {
	f.Add([]byte(`{"releases":[{"ocid":"o","tag":["planning"],"tender":{"id":1,"title":"t","items":[{"classification":{"scheme":"CPV","id":"90911200-8"}}],"contractPeriod":{"durationInDays":"x"}}}]}`))
	f.Add([]byte(`{"ocid":"o","tender":{"status":"planned","milestones":[{"type":"engagement","dueDate":"2027-01-01"}]}}` + "\n{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, _, err := ocds.Planning(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.Item.ID == "" {
				t.Fatalf("an item without an id: %+v", p)
			}
			for _, c := range p.Item.CPV {
				if len(c) != 8 {
					t.Fatalf("CPV %q", c)
				}
			}
		}
	})
}

// A pipeline notice in the shape of the UK's Find a Tender service (OCDS
// with the communication extension, values and contract periods per lot):
// the value is the lots', the notice date the future notice date, the
// contract start the first lot's.
func TestPlanningPipelineNotice(t *testing.T) {
	doc := `{"version":"1.1","releases":[{"ocid":"ocds-h6vhtk-01a2b3","id":"1","date":"2026-10-01T00:00:00Z","tag":["planning"],
	 "buyer":{"id":"GB-PPON-PXYZ-1234-ABCD","name":"Preston City Council"},
	 "tender":{"id":"ocds-h6vhtk-01a2b3","title":"Highways maintenance","status":"planned","mainProcurementCategory":"works",
	  "communication":{"futureNoticeDate":"2027-03-15T00:00:00Z"},
	  "items":[{"id":"1","relatedLot":"1","classification":{"scheme":"CPV","id":"45233141"}}],
	  "lots":[{"id":"1","value":{"amount":400000,"amountGross":480000,"currency":"GBP"},"contractPeriod":{"startDate":"2027-07-01T00:00:00Z","durationInDays":1095}},
	          {"id":"2","value":{"amount":150000,"amountGross":180000,"currency":"GBP"}}]}}]}`
	got, bad, err := ocds.Planning(strings.NewReader(doc))
	if err != nil || len(bad) > 0 || len(got) != 1 {
		t.Fatalf("%v %+v %+v", err, bad, got)
	}
	g := got[0]
	if g.Item.Value != 550_000_00 || g.Currency != "GBP" || !g.Item.Notice.Equal(day("2027-03-15")) || !g.Item.ContractStart.Equal(day("2027-07-01")) ||
		g.Item.Months != 37 || g.Item.Type != "works" || g.Item.CPV[0] != "45233141" {
		t.Errorf("%+v (%s)", g.Item, g.Currency)
	}
}
