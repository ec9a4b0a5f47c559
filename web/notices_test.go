// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/plan"
)

// TestPublicOCDSBuyerPrefix: the public plan.json uses the ocid prefix the
// buyer registered (its publisher setting).
func TestPublicOCDSBuyerPrefix(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	b, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	e, err := plan.NewEditor(ctx, st, b, "kari")
	if err != nil {
		t.Fatal(err)
	}
	it, err := e.Create(ctx, []byte(`{"title":"Renhold","type":"services","cpv":["90910000"],"estimated_value":"2500000"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Publish(ctx, []string{it.ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := plan.SavePublisher(ctx, st, "3909", plan.Publisher{OCIDPrefix: "ocds-lrv123"}); err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Releases []struct{ OCID string } }
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/public/3909/plan.json", 200)), &pkg); err != nil || len(pkg.Releases) == 0 {
		t.Fatalf("ocds: %v %+v", err, pkg)
	}
	for _, r := range pkg.Releases {
		if !strings.HasPrefix(r.OCID, "ocds-lrv123-3909-") {
			t.Errorf("ocid %q does not use the buyer's registered prefix", r.OCID)
		}
	}
}
