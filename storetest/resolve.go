// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/register/regcsv"
)

// RunResolveInputs is the part of the suite that resolution reads: the
// registered names of organisations and their branches (RegisteredNames),
// and the texts of a payee's lines that may hold a number (PayeeTexts:
// descriptions, contract and order references, the commonest first, at
// most so many a payee, only the payees asked for).
func RunResolveInputs(t *testing.T, open OpenStore) {
	ctx := context.Background()
	st := open(t)
	mustBuyer(t, st, larvik)

	a, b := orgNumber("91000000"), orgNumber("92000000")
	reg := filepath.Join(t.TempDir(), "reg.csv")
	if err := os.WriteFile(reg, []byte("scheme,id,name,postcode,locality,municipality,country,legal_form,parent\n"+
		"NO-BRC,"+a+",HANSEN BYGG AS,3256,LARVIK,3909,NO,AS,\n"+
		"NO-BRC,"+b+",HANSEN BYGG AS AVD HORTEN,3183,HORTEN,3901,NO,,"+a+"\n"), 0o644); err != nil {
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
	var names []string
	if err := st.RegisteredNames(ctx, func(n *cityspend.RegisteredName) error {
		names = append(names, fmt.Sprintf("%s %s %q %s %s %s %s %s", n.ID, n.Parent.ID, n.Name, n.LegalForm, n.Address.Postcode,
			n.Address.Locality, n.Address.Municipality, n.Address.Country))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"NO-BRC:" + a + `  "HANSEN BYGG AS" AS 3256 LARVIK 3909 NO`,
		"NO-BRC:" + b + " " + a + ` "HANSEN BYGG AS AVD HORTEN"  3183 HORTEN 3901 NO`,
	}
	if !slices.Equal(names, want) {
		t.Errorf("registered names\n%q\nwant\n%q", names, want)
	}

	row := func(n int, supplier, desc, contract, order string) cityspend.ImportRow {
		r := line(n, uint64(n), supplier, "", "1270", "", 1000, "2024-01-05")
		r.Payment.Description, r.Payment.ContractRef, r.Payment.OrderRef = desc, contract, order
		return r
	}
	load(t, st, false,
		row(2, "Hansen Bygg", "Faktura 12 org.nr. 974 760 673", "", ""),
		row(3, "Hansen Bygg", "Faktura 12 org.nr. 974 760 673", "", ""),
		row(4, "Hansen Bygg", "vedlikehold", "K-2024-11", "4500012345"),
		row(5, "Hansen Bygg", "Faktura 13 Leverandør 982463718", "", ""),
		row(6, "Other AS", "org.nr 982463718", "", ""),
		row(7, "Third AS", "Faktura 77 org.nr 982463718", "", ""))
	payees, err := st.Payees(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int32{}
	for _, p := range payees {
		id[p.Payee.Name] = p.ID
	}
	texts := func(per int, names ...string) []string {
		t.Helper()
		var ids []int32
		for _, n := range names {
			ids = append(ids, id[n])
		}
		var out []string
		if err := st.PayeeTexts(ctx, "3909", ids, per, func(pid int32, text string) error {
			for n, i := range id {
				if i == pid {
					out = append(out, n+": "+text)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	// Only texts with digits enough for a number; the commonest first;
	// only the payees asked for.
	got := texts(2, "Hansen Bygg", "Other AS")
	want = []string{"Hansen Bygg: Faktura 12 org.nr. 974 760 673", "Hansen Bygg: 4500012345", "Other AS: org.nr 982463718"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("payee texts\n%q\nwant\n%q", got, want)
	}
	if got := texts(1, "Hansen Bygg"); len(got) != 1 || !strings.Contains(got[0], "974 760 673") {
		t.Errorf("one text a payee, the commonest: %q", got)
	}
	if got := texts(5); len(got) != 0 {
		t.Errorf("no payees asked for: %q", got)
	}
}
