// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"testing"

	"github.com/cityspend/cityspend"
)

// A message queued twice (its Message-ID) and a buyer created twice are
// conflicts (isConflict).
func TestQueueMailConflict(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	m := cityspend.OutMail{MessageID: "<1@cityspend.test>", To: "kari@larvik.no", Subject: "s", Body: "b"}
	if _, err := d.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := d.QueueMail(ctx, m); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("queued twice: %v, want ECONFLICT", err)
	}
	if err := d.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	if err := d.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik", Country: "NO", Currency: "NOK", FiscalStart: 1}); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("a buyer twice: %v, want ECONFLICT", err)
	}
}
