// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// Suppliers find their way in: the start page and every page's frame lead
// a visitor to "For suppliers", which shows each buyer's open planned
// purchases (not its internal items or decisions) and challenges, and how
// to register; a supplier's user is led to its own home.
func TestForSuppliers(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	now := time.Now().UTC()
	if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{
		{BuyerID: "3909", ID: "P-open", Title: "Snow clearing", Type: "services", CPV: []string{"90620000"}, Value: 2_400_000_00, Months: 24,
			Action: "retender", Status: cityspend.PlanPlanned, Published: true, PublishedAt: now},
		{BuyerID: "3909", ID: "P-decide", Title: "Decide on extending K-7", Type: "services", Value: 9_000_000_00, Action: "decide_extension",
			Status: cityspend.PlanPlanned, Published: true, PublishedAt: now},
		{BuyerID: "3909", ID: "P-idea", Title: "An idea", Type: "services", Value: 7_000_000_00, Status: cityspend.PlanIdea},
	}, nil); err != nil {
		t.Fatal(err)
	}
	anon := newClient(t, srv.URL)
	for _, lang := range []string{"nb", "en"} {
		_, home := anon.do("GET", "/?lang="+lang, "", "", nil)
		if !strings.Contains(home, `id="for-suppliers-link"`) || !strings.Contains(home, `id="home-suppliers"`) {
			t.Errorf("%s: the start page has no way in for suppliers", lang)
		}
		code, page := anon.do("GET", "/for-suppliers?lang="+lang, "", "", nil)
		if code != 200 || !strings.Contains(page, `<tr data-buyer="3909">`) || !strings.Contains(page, `href="/public/3909/pipeline">1</a>`) ||
			!strings.Contains(page, `id="fs-register"`) {
			t.Errorf("%s: the suppliers' page (%d) lacks Larvik's one open item or the registration:\n%s", lang, code, page)
		}
	}
	_, en := anon.do("GET", "/for-suppliers?lang=en", "", "", nil)
	if !strings.Contains(en, "NOK 2.4m") && !strings.Contains(en, "2.4") {
		t.Errorf("the open item's value is not the one shown: %s", en)
	}
	sup := newClient(t, srv.URL).login(supplierUser)
	_, page := sup.do("GET", "/for-suppliers", "", "", nil)
	if !strings.Contains(page, `id="supplier-home-link"`) || !strings.Contains(page, `id="fs-home"`) || strings.Contains(page, `id="fs-register"`) {
		t.Error("a supplier's user is not led to its own home")
	}
	staff := clientFor(srv.URL)
	if _, p := staff.do("GET", "/", "", "", nil); strings.Contains(p, `id="for-suppliers-link"`) || strings.Contains(p, `id="home-suppliers"`) {
		t.Error("the buyer's staff get the suppliers' way in")
	}
}
