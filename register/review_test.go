// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// The pages of the review are the whole review cut in pieces, in its
// order, and say whether more follow; a page past the end is empty. The
// buyer's open payees of the largest spend are ones nothing registered
// comes close to (not for review), more than the first chunk looked at;
// some of the others have the same spend (their number orders them).
func TestReviewPage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "p.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	surnames := []string{"Hansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johansen",
		"Berg", "Haugen", "Hagen", "Eriksen", "Bakken"}
	trades := []string{"Rør", "Bygg", "Maling", "Elektro", "Transport", "Renhold", "Tak", "Snekker", "Anlegg", "Glass"}
	var reg, led strings.Builder
	reg.WriteString("scheme,id,name,postcode,locality,municipality,country,legal_form\n")
	led.WriteString("Supplier,Amount,Payment date,Account,Description\n")
	next := 91000000
	orgNo := func() string {
		for ; ; next++ {
			s := fmt.Sprint(next)
			if c := cityspend.NorwegianOrgNumberCheckDigit(s); c >= 0 {
				next++
				return s + fmt.Sprint(c)
			}
		}
	}
	n := 0
	numbered := map[string]bool{} // payees whose line names both numbers
	for _, s := range surnames {
		for _, tr := range trades {
			name := s + " " + tr
			// The same name in two places: nothing on the line tells them apart.
			oslo, tromsø := orgNo(), orgNo()
			fmt.Fprintf(&reg, "NO-BRC,%s,%s,0150,OSLO,0301,NO,ENK\n", oslo, strings.ToUpper(name))
			fmt.Fprintf(&reg, "NO-BRC,%s,%s,9008,TROMSØ,5501,NO,ENK\n", tromsø, strings.ToUpper(name))
			text := ""
			if n%9 == 0 {
				// Both numbers in the text of its line: evidence for both,
				// and still nothing to tell them apart.
				text = "Rammeavtale org.nr " + oslo + " / org.nr " + tromsø
				numbered[name] = true
			}
			fmt.Fprintf(&led, "%s,%d,2024-01-10,1230,%s\n", name, 1000+(n%40)*100, text) // spends repeat
			n++
		}
	}
	for i := range 100 {
		// Nothing registered comes close to these, and they come first:
		// more than the first chunk of open payees looked at.
		fmt.Fprintf(&led, "Qxzv Wplk %d,%d,2024-01-11,1230,\n", i, 50000+i)
	}
	regFile, ledFile := filepath.Join(dir, "reg.csv"), filepath.Join(dir, "l.csv")
	writeFile(t, regFile, reg.String())
	writeFile(t, ledFile, led.String())
	b := registerAndLarvik(t, st, regFile)
	if _, err := ledger.ImportFile(ctx, st, b, ledFile, ledger.ImportOptions{RejectsDir: dir}); err != nil {
		t.Fatal(err)
	}
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	all, err := res.Review(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n {
		t.Fatalf("%d payees to review, want %d (each name twice in the register)", len(all), n)
	}
	// The texts of the lines are read for the listed payees: the numbers
	// in them are evidence on both candidates, of those payees only.
	numbers := func(it ReviewItem) int {
		k := 0
		for _, c := range it.Candidates {
			for _, e := range c.Evidence {
				if e.Clue == ClueNumber && e.For && e.Value == c.Org.ID {
					k++
				}
			}
		}
		return k
	}
	for _, it := range all {
		want := 0
		if numbered[it.Payee.Payee.Name] {
			want = 2
		}
		if got := numbers(it); got != want {
			t.Fatalf("%s: %d candidates with their number in the line's text as evidence, want %d: %+v", it.Payee.Payee.Name, got, want, it.Candidates)
		}
	}
	for i := 1; i < len(all); i++ {
		a, c := all[i-1].Payee, all[i].Payee
		if a.Spend < c.Spend || a.Spend == c.Spend && a.ID > c.ID {
			t.Fatalf("review order: %s (%d, %s) before %s (%d, %s)", a.Payee.Name, a.ID, a.Spend, c.Payee.Name, c.ID, c.Spend)
		}
	}
	for _, per := range []int{7, 64, n} {
		var got []ReviewItem
		for from := 0; ; from += per {
			page, more, err := res.ReviewPage(ctx, b.ID, from, per)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page...)
			if wantMore := from+per < n; more != wantMore || len(page) != min(per, n-from) {
				t.Fatalf("%d a page, from %d: %d items, more %v; want %d, %v", per, from, len(page), more, min(per, n-from), wantMore)
			}
			if !more {
				break
			}
		}
		if len(got) != len(all) {
			t.Fatalf("%d a page: %d items in all, want %d", per, len(got), len(all))
		}
		for i := range all {
			if got[i].Payee.ID != all[i].Payee.ID || len(got[i].Candidates) != len(all[i].Candidates) || numbers(got[i]) != numbers(all[i]) ||
				got[i].Candidates[0].Org != all[i].Candidates[0].Org || got[i].Candidates[0].Locality != all[i].Candidates[0].Locality {
				t.Fatalf("%d a page, item %d: %+v, want %+v", per, i, got[i], all[i])
			}
		}
	}
	if page, more, err := res.ReviewPage(ctx, b.ID, n+5, 10); err != nil || len(page) != 0 || more {
		t.Errorf("a page past the end: %d items, more %v, %v", len(page), more, err)
	}
}
