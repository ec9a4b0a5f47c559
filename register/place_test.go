// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/ingest/postcodes"
)

// reasonsInBokmal checks that the place, type and size reasons of the
// profiles read in bokmål on a Norwegian page (i18n's reason table), the
// names and codes they quote aside.
func reasonsInBokmal(t *testing.T, got map[string]cityspend.SupplierRow) {
	t.Helper()
	nb := i18n.New("nb")
	names := regexp.MustCompile(`«[^»]*»|[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*( (of|and) [A-Z][A-Za-z]*)*`)
	for name, p := range got {
		for _, r := range []string{p.PlaceReason, p.TypeReason, p.SizeBasis} {
			text := nb.Reason(r)
			if w := i18ntest.English.FindAllString(names.ReplaceAllString(text, ""), -1); len(w) > 0 {
				t.Errorf("%s: %q in bokmål is %q (%v)", name, r, text, w)
			}
		}
	}
}

type unitRows []cityspend.RegisterRow

func (u *unitRows) ReadUnits(context.Context) ([]cityspend.RegisterRow, error) {
	if len(*u) == 0 {
		return nil, io.EOF
	}
	rows := *u
	*u = nil
	return rows, nil
}

// placeWorld is a store with a buyer, registered units, the postcode
// files of ../ingest/postcodes/testdata and ledger lines of the payees
// given (a payee with an organisation number is resolved by it).
func placeWorld(t *testing.T, b cityspend.Buyer, orgs []cityspend.Organisation, payees []cityspend.Payee, files ...string) *duckdb.DB {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "p.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var u unitRows
	for i := range orgs {
		u = append(u, cityspend.RegisterRow{Organisation: &orgs[i]})
	}
	if err := st.ImportRegister(ctx, &cityspend.RegisterBatch{Source: "test", FileName: "units"}, &u); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		path := filepath.Join("..", "ingest", "postcodes", "testdata", f)
		if strings.HasPrefix(f, "File_") {
			d, err := postcodes.ReadDeprivation(path, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := st.ImportDeprivation(ctx, &cityspend.PostcodeBatch{Source: d.Index, FileName: f}, d.Areas); err != nil {
				t.Fatal(err)
			}
			continue
		}
		r, err := postcodes.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ImportPostcodes(ctx, &cityspend.PostcodeBatch{Country: r.Country, Source: r.Source, FileName: f}, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	if err := st.CreateBuyer(ctx, b); err != nil {
		t.Fatal(err)
	}
	var rows []cityspend.ImportRow
	for i, p := range payees {
		rows = append(rows, cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: b.ID, Line: i + 2, Key: cityspend.DedupKey{Hi: uint64(i + 1)},
			Supplier: p, PaymentDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Amount: cityspend.Amount(100_00 * (i + 1)),
			Currency: b.Currency, AccountCode: "1270", Description: "work"}})
	}
	if err := st.ImportPayments(ctx, &cityspend.ImportBatch{BuyerID: b.ID, Kind: "ledger", FileName: "l.csv", SHA256: "x"},
		cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	return st
}

// profilesByName resolves the buyer and returns its suppliers by name.
func profilesByName(t *testing.T, st *duckdb.DB, buyer string) map[string]cityspend.SupplierRow {
	t.Helper()
	ctx := context.Background()
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, buyer); err != nil {
		t.Fatal(err)
	}
	rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyer})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]cityspend.SupplierRow{}
	for _, r := range rows {
		out[r.Name] = r
	}
	return out
}

// In Norway a postcode places a payee, registered or not, in the
// municipality the postal register gives, and old municipality codes are
// followed to today's: 3275 Svarstad was in Lardal (0728), which merged
// into Larvik (0709) in 2018, Larvik 3805 in 2020 and 3909 in 2024.
func TestPlaceFromNorwegianPostcodes(t *testing.T) {
	lardal := cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: "923609016"}, Name: "SVARSTAD SAG AS",
		LegalForm: "AS", Address: cityspend.Address{Postcode: "3275", Country: "NO"}, Source: "csv"}
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	st := placeWorld(t, b, []cityspend.Organisation{lardal}, []cityspend.Payee{
		{Name: "Svarstad Sag AS", OrgNumber: "923609016"},
		{Name: "Stavern Rør", Postcode: "3290"},                     // unregistered, no country: 3805 → 3909
		{Name: "Tønsberg Elektro", Postcode: "3117", Country: "NO"}, // 3803 → 3905, in county 39
		{Name: "Oslo Konsult", Postcode: "0010"},                    // 0301, outside the county
		{Name: "Nowhere Ltd", Postcode: "9999"},                     // not in the register
	}, "Postnummerregister-ansi.txt")
	got := profilesByName(t, st, "3909")
	for name, want := range map[string]struct{ place, muni, reason string }{
		"SVARSTAD SAG AS":  {cityspend.PlaceLocal, "3909", "registered under the old code 0728"},
		"Stavern Rør":      {cityspend.PlaceLocal, "3909", "by postcode 3290 in the postcode register"},
		"Tønsberg Elektro": {cityspend.PlaceRegion, "3905", "county 39"},
		"Oslo Konsult":     {cityspend.PlaceCountry, "0301", "outside the region"},
		"Nowhere Ltd":      {cityspend.PlaceUnknown, "", "not resolved"},
	} {
		p, ok := got[name]
		if !ok {
			t.Errorf("%s: no supplier (%v)", name, got)
			continue
		}
		if p.Place != want.place || p.Municipality != want.muni || !strings.Contains(p.PlaceReason, want.reason) {
			t.Errorf("%s: %s in %q (%s), want %s in %q (…%s…)", name, p.Place, p.Municipality, p.PlaceReason, want.place, want.muni, want.reason)
		}
	}
}

// In the UK a registered office's postcode places a company in its local
// authority district; the county is the default region; a buyer's
// deprived areas can be the small areas of the lowest deprivation deciles.
func TestPlaceFromUKPostcodes(t *testing.T) {
	co := func(num, name, pc string) cityspend.Organisation {
		return cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: num}, Name: name,
			Address: cityspend.Address{Postcode: pc, Country: "GB"}, Source: "companies-house"}
	}
	b := cityspend.Buyer{ID: "oxford", Name: "Oxford City Council", Country: "GB", Currency: "GBP", FiscalStart: 4, Municipality: "E07000178"}
	cic := co("01000005", "BARTON COMMUNITY C.I.C.", "OX1 1AA")
	cic.SocialEconomy, cic.LegalForm = "community interest company", "Community Interest Company"
	st := placeWorld(t, b, []cityspend.Organisation{
		cic,
		co("01000001", "COWLEY ROAD LTD", "OX4 2AB"),
		co("01000002", "CITY CENTRE LTD", "OX1 1AA"),
		co("01000003", "ABINGDON LTD", "OX14 3AA"),
		co("01000004", "PRESTON LTD", "PR1 2AA"),
	}, []cityspend.Payee{
		{Name: "Cowley Road Ltd", OrgNumber: "01000001"},
		{Name: "City Centre Ltd", OrgNumber: "01000002"},
		{Name: "Abingdon Ltd", OrgNumber: "01000003"},
		{Name: "Preston Ltd", OrgNumber: "01000004"},
		{Name: "Jo Bloggs Plumbing", Postcode: "ox4 2ab"},
		{Name: "Barton Community CIC", OrgNumber: "01000005"},
	}, "ONSPD_FEB_2025_UK_sample.csv", "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv")
	if err := st.SetPlaceRules(context.Background(), "oxford", []cityspend.PlaceRule{{Band: "deprived", Kind: "deprivation_decile", Value: "2"}}); err != nil {
		t.Fatal(err)
	}
	got := profilesByName(t, st, "oxford")
	reasonsInBokmal(t, got)
	for name, want := range map[string]struct {
		place, muni string
		deprived    bool
	}{
		"COWLEY ROAD LTD":    {cityspend.PlaceLocal, "E07000178", false}, // decile 6
		"CITY CENTRE LTD":    {cityspend.PlaceLocal, "E07000178", true},  // decile 1
		"ABINGDON LTD":       {cityspend.PlaceRegion, "E07000180", false},
		"PRESTON LTD":        {cityspend.PlaceCountry, "E07000123", true}, // decile 1, wherever it is
		"Jo Bloggs Plumbing": {cityspend.PlaceLocal, "E07000178", false},
	} {
		p := got[name]
		if p.Place != want.place || p.Municipality != want.muni || p.Deprived != want.deprived {
			t.Errorf("%s: %s in %q deprived %v (%s), want %s in %q deprived %v", name, p.Place, p.Municipality, p.Deprived, p.PlaceReason,
				want.place, want.muni, want.deprived)
		}
	}
	// The register's social-economy forms make a supplier social economy.
	if p := got["BARTON COMMUNITY C.I.C."]; p.Type != cityspend.TypeSocial || !strings.Contains(p.TypeReason, "community interest company") ||
		got["COWLEY ROAD LTD"].Type != cityspend.TypePrivate {
		t.Errorf("CIC %s (%s), company %s", p.Type, p.TypeReason, got["COWLEY ROAD LTD"].Type)
	}
	if r := got["ABINGDON LTD"].PlaceReason; !strings.Contains(r, "county E10000025") {
		t.Errorf("region reason %q", r)
	}
	// Or the buyer lists its deprived small areas (a 2011 or 2021 LSOA).
	if err := st.SetPlaceRules(context.Background(), "oxford", []cityspend.PlaceRule{{Band: "deprived", Kind: "small_area", Value: "E01035001"}}); err != nil {
		t.Fatal(err)
	}
	got = profilesByName(t, st, "oxford")
	if !got["COWLEY ROAD LTD"].Deprived || got["CITY CENTRE LTD"].Deprived || !got["Jo Bloggs Plumbing"].Deprived {
		t.Errorf("by small area: %v %v %v", got["COWLEY ROAD LTD"].Deprived, got["CITY CENTRE LTD"].Deprived, got["Jo Bloggs Plumbing"].Deprived)
	}
}

// A French postcode may cover several communes: the address's locality
// picks one; with none, the postcode places only when every commune it
// covers is in the same band.
func TestPlaceFromFrenchPostcodes(t *testing.T) {
	b := cityspend.Buyer{ID: "nantes", Name: "Nantes", Country: "FR", Currency: "EUR", FiscalStart: 1, Municipality: "44109"}
	st := placeWorld(t, b, nil, []cityspend.Payee{
		{Name: "Boulangerie Centre", Postcode: "44000"},
		{Name: "Rezé Peinture", Postcode: "44400"},
		{Name: "Erdre Services", Postcode: "44240"},
	}, "laposte_hexasmal.csv")
	if err := st.SetPlaceRules(context.Background(), "nantes", []cityspend.PlaceRule{{Band: cityspend.PlaceRegion, Kind: "municipality", Value: "44143"}}); err != nil {
		t.Fatal(err)
	}
	got := profilesByName(t, st, "nantes")
	reasonsInBokmal(t, got)
	for name, want := range map[string]string{
		"Boulangerie Centre": cityspend.PlaceLocal,
		"Rezé Peinture":      cityspend.PlaceRegion,
		"Erdre Services":     cityspend.PlaceCountry, // La Chapelle-sur-Erdre and Sucé-sur-Erdre, neither in the region list
	} {
		if p := got[name]; p.Place != want {
			t.Errorf("%s: %s (%s), want %s", name, p.Place, p.PlaceReason, want)
		}
	}
	if r := got["Erdre Services"].PlaceReason; !strings.Contains(r, "covers 44055") {
		t.Errorf("several communes: %q", r)
	}
}
