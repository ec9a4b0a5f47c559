// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func importUnits(t *testing.T, d *DB, rows ...cityspend.RegisterRow) cityspend.RegisterBatch {
	t.Helper()
	u := units(rows)
	b := cityspend.RegisterBatch{Source: "test", FileName: "units"}
	if err := d.ImportRegister(context.Background(), &b, &u); err != nil {
		t.Fatal(err)
	}
	return b
}

func org(o cityspend.Organisation) cityspend.RegisterRow {
	return cityspend.RegisterRow{Organisation: &o}
}

func est(e cityspend.Establishment) cityspend.RegisterRow {
	return cityspend.RegisterRow{Establishment: &e}
}

// The fields the UK and French registers add are kept; a company a loaded
// charity names knows its charity, and the charity is found by name as the
// company, not as a second unit of the same name.
func TestRegisterFieldsAndCharityLinks(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	dissolved := time.Date(2023, 5, 2, 0, 0, 0, 0, time.UTC)
	co := cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "08591698"}
	importUnits(t, d,
		org(cityspend.Organisation{ID: co, Name: "DENTON BURN COMMUNITY ASSOCIATION", Source: "companies-house", Status: "Active",
			IndustryCodes: []string{"88990", "94990"}, IndustryScheme: "UK SIC 2007", NACE: []string{"88.99", "94.99"},
			SizeCategory: "MICRO ENTITY", Address: cityspend.Address{Postcode: "NE15 7HD", Country: "GB"}}),
		org(cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "00000001"}, Name: "GONE LTD",
			Source: "companies-house", Status: "Dissolved", Dissolved: dissolved}))
	chc := cityspend.Identifier{Scheme: "GB-CHC", ID: "1000611"}
	importUnits(t, d, org(cityspend.Organisation{ID: chc, Name: "DENTON BURN COMMUNITY ASSOCIATION", Source: "charities",
		SocialEconomy: "registered charity", CompanyNumber: "08591698"}))

	got, err := d.Organisation(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "Active" || got.SizeCategory != "MICRO ENTITY" || !reflect.DeepEqual(got.IndustryCodes, []string{"88990", "94990"}) ||
		got.IndustryScheme != "UK SIC 2007" || got.CharityNumber != "GB-CHC:1000611" {
		t.Errorf("company %+v", got)
	}
	gone, err := d.Organisation(ctx, cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "00000001"})
	if err != nil || !gone.Dissolved.Equal(dissolved) || gone.Status != "Dissolved" {
		t.Errorf("dissolved %+v %v", gone, err)
	}
	charity, err := d.Organisation(ctx, chc)
	if err != nil || charity.CompanyNumber != "08591698" || charity.SocialEconomy != "registered charity" {
		t.Errorf("charity %+v %v", charity, err)
	}
	var named []cityspend.Identifier
	if err := d.RegisteredNames(ctx, func(n *cityspend.RegisteredName) error {
		if n.Name == "DENTON BURN COMMUNITY ASSOCIATION" {
			named = append(named, n.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(named, []cityspend.Identifier{co}) {
		t.Errorf("name index sees %v, want only the company", named)
	}

	// A change of status is kept in the history.
	importUnits(t, d, org(cityspend.Organisation{ID: co, Name: "DENTON BURN COMMUNITY ASSOCIATION", Source: "companies-house",
		Status: "Liquidation", Address: cityspend.Address{Postcode: "NE15 7HD", Country: "GB"}}))
	h, err := d.OrganisationHistory(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range h {
		found = found || e.Field == "status" && e.Old == "Active" && e.New == "Liquidation"
	}
	if !found {
		t.Errorf("history %+v lacks the change of status", h)
	}
	// The re-imported company is still the charity's.
	if got, _ := d.Organisation(ctx, co); got.CharityNumber != "GB-CHC:1000611" {
		t.Errorf("after re-import: charity %q", got.CharityNumber)
	}
}

// A unit registered without an address (SIRENE's unités légales) is where
// its head office is, whichever file comes first.
func TestHeadOfficeAddress(t *testing.T) {
	for _, order := range []string{"units first", "establishments first"} {
		t.Run(order, func(t *testing.T) {
			ctx := context.Background()
			d := openTest(t)
			siren := cityspend.Identifier{Scheme: "FR-SIRENE", ID: "552081317"}
			unit := org(cityspend.Organisation{ID: siren, Name: "L OREAL", Source: "sirene", HeadOffice: "55208131701230"})
			head := est(cityspend.Establishment{ID: cityspend.Identifier{Scheme: "FR-SIRENE", ID: "55208131701230"}, Parent: siren,
				Name: "L OREAL", HeadOffice: true, Address: cityspend.Address{Postcode: "92110", Municipality: "92024", Country: "FR"}})
			shut := est(cityspend.Establishment{ID: cityspend.Identifier{Scheme: "FR-SIRENE", ID: "55208131700018"}, Parent: siren,
				Name: "L OREAL", Closed: true, Address: cityspend.Address{Postcode: "75008", Municipality: "75108", Country: "FR"}})
			if order == "units first" {
				importUnits(t, d, unit)
				importUnits(t, d, head, shut)
			} else {
				importUnits(t, d, head, shut)
				importUnits(t, d, unit)
			}
			o, err := d.Organisation(ctx, siren)
			if err != nil {
				t.Fatal(err)
			}
			if o.Address.Municipality != "92024" || o.Address.Postcode != "92110" || o.HeadOffice != "55208131701230" {
				t.Errorf("unit %+v", o)
			}
			es, err := d.Establishments(ctx, []cityspend.Identifier{siren})
			if err != nil || len(es) != 2 || !es[0].Closed || es[0].HeadOffice || !es[1].HeadOffice || es[1].Closed {
				t.Errorf("establishments %+v %v", es, err)
			}
			// Importing the units again records no change.
			if b := importUnits(t, d, unit); b.UnitsChanged != 0 {
				t.Errorf("re-import: %d changes", b.UnitsChanged)
			}
			// The head office moves: the unit moves with it, and the history says so.
			moved := *head.Establishment
			moved.Address = cityspend.Address{Postcode: "69001", Municipality: "69381", Country: "FR"}
			if b := importUnits(t, d, est(moved)); b.UnitsChanged != 1 {
				t.Errorf("move: %d changes", b.UnitsChanged)
			}
			if o, _ := d.Organisation(ctx, siren); o.Address.Municipality != "69381" {
				t.Errorf("after the move: %+v", o.Address)
			}
		})
	}
}

type postcodeRows []cityspend.PostcodeRow

func (p *postcodeRows) ReadPostcodes(context.Context) ([]cityspend.PostcodeRow, error) {
	if len(*p) == 0 {
		return nil, io.EOF
	}
	r := *p
	*p = nil
	return r, nil
}

func pc(p cityspend.Postcode) cityspend.PostcodeRow { return cityspend.PostcodeRow{Postcode: &p} }

func TestPostcodes(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	gb := postcodeRows{
		pc(cityspend.Postcode{Postcode: "PR11AA", Municipality: "E07000123", County: "E10000017", Region: "E12000002",
			SmallArea: "E01025300", SmallArea2011: "E01025300"}),
		pc(cityspend.Postcode{Postcode: "PR11AB", Municipality: "E07000123", County: "E10000017", Region: "E12000002"}),
		pc(cityspend.Postcode{Postcode: "PR19ZZ", Municipality: "E07000123", County: "E10000017", Region: "E12000002",
			Terminated: time.Date(1999, 12, 1, 0, 0, 0, 0, time.UTC)}),
		pc(cityspend.Postcode{Postcode: "M11AD", Municipality: "E08000003", County: "E99999999", Region: "E12000002",
			SmallArea: "E01033658", SmallArea2011: "E01005131"}),
		{Reject: &cityspend.Reject{Line: 6, Reason: "pcds: empty"}},
		pc(cityspend.Postcode{Postcode: "M11AD", Municipality: "E08000003"}),
	}
	b := cityspend.PostcodeBatch{Country: "GB", Source: "onspd", FileName: "onspd.csv"}
	if err := d.ImportPostcodes(ctx, &b, &gb); err != nil {
		t.Fatal(err)
	}
	if b.RowsRead != 6 || b.RowsLoaded != 4 || b.RowsRejected != 1 || b.RowsDuplicate != 1 {
		t.Errorf("batch %+v", b)
	}
	deps := []cityspend.AreaDeprivation{{Index: "IMD2019", Area: "E01005131", Rank: 1200, Decile: 1}, {Index: "IMD2019", Area: "E01025300", Rank: 30000, Decile: 10}}
	// Two rows the reader rejected are counted in the stored batch too.
	db := cityspend.PostcodeBatch{Country: "GB", Source: "imd2019", FileName: "File_1.csv", RowsRead: 2, RowsRejected: 2}
	if err := d.ImportDeprivation(ctx, &db, deps); err != nil {
		t.Fatal(err)
	}
	var read, loaded, rejected int64
	if err := d.db.QueryRowContext(ctx, `SELECT rows_read, rows_loaded, rows_rejected FROM postcode_batches WHERE id = ?`, db.ID).Scan(&read, &loaded, &rejected); err != nil ||
		read != 4 || loaded != 2 || rejected != 2 {
		t.Errorf("stored deprivation batch: read %d, loaded %d, rejected %d (%v)", read, loaded, rejected, err)
	}
	ps, err := d.Postcodes(ctx, "GB", []string{"m1 1ad", "PR1 1AA", "XX1 1XX"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Postcode != "M11AD" || ps[0].Deprivation != 1 || ps[0].DeprivationIndex != "IMD2019" ||
		ps[1].Municipality != "E07000123" || ps[1].Deprivation != 10 || ps[1].County != "E10000017" {
		t.Errorf("postcodes %+v", ps)
	}
	county, region, err := d.MunicipalityArea(ctx, "GB", "E07000123")
	if err != nil || county != "E10000017" || region != "E12000002" {
		t.Errorf("area %q %q %v", county, region, err)
	}
	if c, r, err := d.MunicipalityArea(ctx, "GB", "E06000001"); err != nil || c != "" || r != "" {
		t.Errorf("unknown area %q %q %v", c, r, err)
	}
	// A country's postcodes are replaced, other countries' kept; a French
	// postcode may have several communes.
	fr := postcodeRows{pc(cityspend.Postcode{Postcode: "01400", Municipality: "01001", Locality: "L ABERGEMENT CLEMENCIAT"}),
		pc(cityspend.Postcode{Postcode: "01400", Municipality: "01010", Locality: "ABERGEMENT LE PETIT"})}
	if err := d.ImportPostcodes(ctx, &cityspend.PostcodeBatch{Country: "FR", Source: "laposte"}, &fr); err != nil {
		t.Fatal(err)
	}
	if ps, _ := d.Postcodes(ctx, "FR", []string{"01400"}); len(ps) != 2 {
		t.Errorf("French postcode: %+v", ps)
	}
	if ps, _ := d.Postcodes(ctx, "GB", []string{"PR11AB"}); len(ps) != 1 {
		t.Errorf("British postcodes lost: %+v", ps)
	}
	again := postcodeRows{pc(cityspend.Postcode{Postcode: "PR11AB", Municipality: "E07000124"})}
	if err := d.ImportPostcodes(ctx, &cityspend.PostcodeBatch{Country: "GB", Source: "onspd"}, &again); err != nil {
		t.Fatal(err)
	}
	if ps, _ := d.Postcodes(ctx, "GB", []string{"M11AD", "PR11AB"}); len(ps) != 1 || ps[0].Municipality != "E07000124" {
		t.Errorf("after a new file: %+v", ps)
	}
	// Every buyer's suppliers are to be placed again.
	if err := d.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	if err := d.ImportPostcodes(ctx, &cityspend.PostcodeBatch{Country: "NO", Source: "posten"}, &postcodeRows{}); err != nil {
		t.Fatal(err)
	}
	fs, err := d.PendingFollowUps(ctx, larvik.ID)
	if err != nil || len(fs) != 1 || fs[0].Cause != "postcodes" {
		t.Errorf("follow-ups %+v %v", fs, err)
	}
}
