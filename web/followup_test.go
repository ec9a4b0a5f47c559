// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/i18n"
)

// While an import's follow-up is pending (its process was killed after the
// lines committed, and serve has not completed it yet), the buyer's pages
// carry a banner in the reader's language and the API's analysis says
// "provisional": true; once the follow-up completes (and the server is
// told, as serve does), neither does.
func TestProvisionalFigures(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	ctx := context.Background()
	banner := `id="provisional"`
	page := func(lang string) string {
		return get(t, srv.URL+"/buyers/3909?year=2025&lang="+lang, 200)
	}
	api := func() string { return get(t, srv.URL+"/api/v1/buyers/3909/analysis?year=2025", 200) }
	if strings.Contains(page("en"), banner) || strings.Contains(api(), `"provisional"`) {
		t.Fatal("provisional before any pending follow-up")
	}

	// Lines committed, and their follow-up never run.
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "late.csv", SHA256: "late", Currency: "NOK"}
	rows := []cityspend.ImportRow{{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 0xfeed, Lo: 1},
		Supplier: cityspend.Payee{Name: "Sent Leverandør AS"}, PaymentDate: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Amount: 1_000_00,
		Currency: "NOK", AccountCode: "1270"}}}
	if err := st.ImportPayments(ctx, &b, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	for _, lang := range []string{"en", "nb"} {
		if p := page(lang); !strings.Contains(p, banner) || !strings.Contains(p, i18n.New(lang).T("provisional")) {
			t.Errorf("the %s overview lacks the provisional banner", lang)
		}
	}
	if !strings.Contains(api(), `"provisional": true`) {
		t.Error(`the API's analysis lacks "provisional": true`)
	}

	if _, err := enrich.Complete(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	if strings.Contains(page("en"), banner) || strings.Contains(api(), `"provisional"`) {
		t.Error("provisional after the follow-up completed")
	}
}
