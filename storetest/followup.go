// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register/regcsv"
)

// RunFollowUp is the pending follow-up part of the suite: an import that
// commits lines marks its buyer's follow-up pending (a register or
// municipality codes: every buyer's); a dry run, a failed import and one
// that loads nothing mark nothing; the follow-up (enrich.Run) clears the
// marks of its buyers that it saw, and only those; the analysis says its
// figures are provisional while a mark stays.
func RunFollowUp(t *testing.T, open OpenStore) {
	ctx := context.Background()
	st := open(t)
	sandefjord := cityspend.Buyer{ID: "3907", Name: "Sandefjord kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3907"}
	mustBuyer(t, st, larvik)
	mustBuyer(t, st, sandefjord)
	pending := func() []string {
		t.Helper()
		fs, err := st.PendingFollowUps(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, f := range fs {
			if i > 0 && f.Since.Before(fs[i-1].Since) {
				t.Errorf("pending follow-ups out of order: %+v", fs)
			}
			if f.Since.IsZero() {
				t.Errorf("a pending follow-up without its time: %+v", f)
			}
			out = append(out, fmt.Sprintf("%s %s %d", f.BuyerID, f.Cause, f.BatchID))
		}
		return out
	}
	want := func(step string, w ...string) {
		t.Helper()
		if got := pending(); !slices.Equal(got, w) {
			t.Errorf("%s: pending %q, want %q", step, got, w)
		}
	}
	run := func(o enrich.Options) {
		t.Helper()
		if _, err := enrich.Run(ctx, st, o); err != nil {
			t.Fatal(err)
		}
	}
	want("no import")

	// Nothing committed, or nothing loaded: nothing to follow up.
	load(t, st, true, line(2, 1, "A AS", "", "1270", "", 1000, "2024-01-05"))
	broken := errors.New("the disk went away")
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "broken.csv", Currency: "NOK"}
	if err := st.ImportPayments(ctx, &b, &rows{r: []cityspend.ImportRow{line(2, 5, "E AS", "", "1270", "", 700, "2024-01-05"),
		line(3, 6, "F AS", "", "1270", "", 800, "2024-01-05"), line(4, 7, "G AS", "", "1270", "", 900, "2024-01-05")}, fail: broken}, false); !errors.Is(err, broken) {
		t.Fatalf("the reader's error: %v", err)
	}
	want("a dry run and a failed import")

	first := load(t, st, false, line(2, 1, "A AS", "", "1270", "", 1000, "2024-01-05"))
	want("an import", fmt.Sprintf("3909 ledger %d", first.ID))
	if again := load(t, st, false, line(2, 1, "A AS", "", "1270", "", 1000, "2024-01-05")); again.RowsLoaded != 0 {
		t.Fatalf("the same line again: %+v", again)
	}
	want("an import of duplicates only", fmt.Sprintf("3909 ledger %d", first.ID))
	if mine, err := st.PendingFollowUps(ctx, "3907"); err != nil || len(mine) != 0 {
		t.Errorf("another buyer's pending follow-ups: %+v %v", mine, err)
	}
	a, err := indicator.Analyse(ctx, st, "3909", 2024, indicator.Options{})
	if err != nil || !a.Provisional {
		t.Errorf("the analysis while the follow-up is pending: provisional %v (%v)", a != nil && a.Provisional, err)
	}

	// Another buyer's follow-up leaves Larvik's mark.
	r := line(2, 9, "S AS", "", "1270", "", 400, "2024-03-01")
	r.Payment.BuyerID = "3907"
	sb := cityspend.ImportBatch{BuyerID: "3907", Kind: "ehf", FileName: "invoice.xml", SHA256: "y", Currency: "NOK"}
	if err := st.ImportPayments(ctx, &sb, &rows{r: []cityspend.ImportRow{r}}, false); err != nil {
		t.Fatal(err)
	}
	want("two buyers", fmt.Sprintf("3909 ledger %d", first.ID), fmt.Sprintf("3907 ehf %d", sb.ID))
	run(enrich.Options{Buyers: []string{"3907"}})
	want("after Sandefjord's follow-up", fmt.Sprintf("3909 ledger %d", first.ID))

	// A mark made after the follow-up listed the marks stays.
	listed, err := st.PendingFollowUps(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	second := load(t, st, false, line(2, 2, "B AS", "", "1270", "", 2000, "2024-02-05"))
	if err := st.FollowUpsDone(ctx, listed); err != nil {
		t.Fatal(err)
	}
	want("a mark made after the listing", fmt.Sprintf("3909 ledger %d", second.ID))

	// The buyer's follow-up clears it, also without classifying (on purpose).
	run(enrich.Options{Buyers: []string{"3909"}, SkipClassify: true})
	want("after Larvik's follow-up")
	if a, err := indicator.Analyse(ctx, st, "3909", 2024, indicator.Options{}); err != nil || a.Provisional {
		t.Errorf("the analysis after the follow-up: provisional %v (%v)", a != nil && a.Provisional, err)
	}

	// A register and municipality codes concern every buyer.
	reg := filepath.Join(t.TempDir(), "reg.csv")
	if err := os.WriteFile(reg, []byte("scheme,id,name,postcode,municipality,country,nace,employees,legal_form\n"+
		"NO-BRC,"+orgNumber("91000000")+",LOKAL BYGG AS,3290,3909,NO,41.200,12,AS\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := regcsv.Open(reg)
	if err != nil {
		t.Fatal(err)
	}
	rb := cityspend.RegisterBatch{Source: "csv", FileName: "reg.csv"}
	err = st.ImportRegister(ctx, &rb, rr)
	rr.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddMunicipalityCodes(ctx, []cityspend.MunicipalityCode{{Country: "NO", Code: "3999", Name: "Nykommune"}}); err != nil {
		t.Fatal(err)
	}
	want("a register and municipality codes", fmt.Sprintf("3907 register %d", rb.ID), fmt.Sprintf("3909 register %d", rb.ID),
		"3907 municipalities 0", "3909 municipalities 0")
	run(enrich.Options{})
	want("after every buyer's follow-up")
}
