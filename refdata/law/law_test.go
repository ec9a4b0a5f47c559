// SPDX-License-Identifier: EUPL-1.2

package law

import (
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func TestExemptionsCited(t *testing.T) {
	for _, e := range Exemptions {
		for _, r := range []string{"NO", "EU", "UK"} {
			if e.Source[r] == "" {
				t.Errorf("%s has no source for %s", e.Slug, r)
			}
		}
	}
}

func TestExemptionOf(t *testing.T) {
	d := func(s string) time.Time {
		x, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	fw := cityspend.Contract{ID: "RA-2024-7", Title: "Rammeavtale kontorrekvisita", Framework: true, CPV: "30192000",
		Suppliers: []cityspend.ContractSupplier{{SupplierID: "org:NO-BRC:900000001"}}, Start: d("2024-01-01"), End: d("2025-12-31"), Final: d("2027-12-31")}
	private := cityspend.SupplierProfile{Name: "Kontorland AS", Type: cityspend.TypePrivate, TypeReason: "legal form AS"}
	for _, c := range []struct {
		name string
		p    Purchase
		by   string // "" not exempt
		why  string
	}{
		{"IKS by form", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Vestfold Brann IKS", Type: cityspend.TypePublic,
			TypeReason: "inter-municipal company (IKS)"}, CPV: "75251000"}, InterMunicipal, WhyIKS},
		{"IKS by name", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Larvik Havn IKS", Type: cityspend.TypePublic,
			TypeReason: "an inter-municipal company or a municipal enterprise (IKS, KF, FKF in the name)"}}, InterMunicipal, WhyIKS},
		{"KF", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Larvik kommunale eiendom KF", Type: cityspend.TypePublic,
			TypeReason: "municipal enterprise (KF)"}, CPV: "70332000"}, InHouse, WhyOwnEnterprise},
		{"municipality", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Sandefjord kommune", Type: cityspend.TypePublic,
			TypeReason: "municipality (KOMM)"}, CPV: "85312000"}, PublicBody, WhyPublicBody},
		{"UK council", Purchase{Regime: "UK", Supplier: cityspend.SupplierProfile{Name: "Oxfordshire County Council", Type: cityspend.TypePublic,
			TypeReason: "Oxfordshire County Council (E10000025): local authority in the ONS / GOV.UK list"}}, PublicBody, WhyPublicBody},
		{"state enterprise", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Statkraft SF", Type: cityspend.TypePublic,
			TypeReason: "state enterprise (SF)"}, CPV: "09310000"}, "", ""},
		{"rental", Purchase{Regime: "NO", Supplier: private, CPV: "70130000"}, ExcludedServices, WhyExcluded},
		{"rail", Purchase{Regime: "EU", Supplier: private, CPV: "60210000-4"}, ExcludedServices, WhyExcluded},
		{"call-off", Purchase{Regime: "NO", SupplierID: "org:NO-BRC:900000001", Supplier: private, CPV: "30192700", Date: d("2026-03-01"),
			Contracts: []cityspend.Contract{fw}}, FrameworkCallOff, WhyFramework},
		{"call-off after the framework", Purchase{Regime: "NO", SupplierID: "org:NO-BRC:900000001", Supplier: private, CPV: "30192700",
			Date: d("2028-03-01"), Contracts: []cityspend.Contract{fw}}, "", ""},
		{"another category", Purchase{Regime: "NO", SupplierID: "org:NO-BRC:900000001", Supplier: private, CPV: "48000000", Date: d("2026-03-01"),
			Contracts: []cityspend.Contract{fw}}, "", ""},
		{"not a framework", Purchase{Regime: "NO", SupplierID: "org:NO-BRC:900000001", Supplier: private, CPV: "30192700", Date: d("2026-03-01"),
			Contracts: []cityspend.Contract{func() cityspend.Contract { c := fw; c.Framework = false; return c }()}}, "", ""},
		{"private", Purchase{Regime: "NO", Supplier: private, CPV: "72000000"}, "", ""},
		{"unresolved", Purchase{Regime: "NO", Supplier: cityspend.SupplierProfile{Name: "Ola Hansen"}}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ExemptionOf(c.p)
			if len(r.Checks) != len(Exemptions) {
				t.Errorf("%d checks, want one per exemption", len(r.Checks))
			}
			for _, ch := range r.Checks {
				if ch.Why == "" || ch.Reason == "" || ch.Source == "" {
					t.Errorf("check without a reason or source: %+v", ch)
				}
			}
			if r.Exempt != (c.by != "") || r.By.Slug != c.by || (c.by != "" && r.By.Why != c.why) {
				t.Errorf("got %+v, want %s (%s)", r.By, c.by, c.why)
			}
		})
	}
}
