// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

func TestAccountNature(t *testing.T) {
	for text, want := range map[string]serviceNature{
		"Consultants Fees":                support,
		"General Contracted Services":     support,
		"IT support":                      support,
		"Repair & Maint Cremator":         upkeep,
		"Services Maintenance (Planned)":  upkeep,
		"Equipment Purchase":              goodsOrUnknown,
		"Furniture & Equipment Purchase":  goodsOrUnknown,
		"Vehicle maintenance spare parts": goodsOrUnknown,
		"Software licences and support":   goodsOrUnknown,
		"Materials":                       goodsOrUnknown,
		"":                                goodsOrUnknown,
	} {
		if got := accountNature(ItemText(text)); got != want {
			t.Errorf("accountNature(%q) = %d, want %d", text, got, want)
		}
	}
}

// A service account paid to a payee whose trade is goods is the service
// on those goods; a text naming goods and their repair is the repair; a
// goods account or a line without one keeps the goods; a service area's
// name says no goods.
func TestServicesOnGoods(t *testing.T) {
	c := New("GB", nil, nil, nil, nil)
	for _, tt := range []struct {
		it      cityspend.Item
		want    string
		service bool // the reason says the account or text names a service on goods
	}{
		{cityspend.Item{SupplierName: "Northgate Software Ltd", AccountText: "Consultants Fees"}, "72260000", true},
		{cityspend.Item{SupplierName: "Northgate Software Ltd", AccountText: "Software maintenance"}, "72267000", false},
		{cityspend.Item{SupplierName: "Northgate Software Ltd"}, "48000000", false},
		{cityspend.Item{SupplierName: "Northgate Software Ltd", AccountText: "Licences"}, "48000000", false},
		{cityspend.Item{SupplierName: "Acme Computer Centres", AccountText: "General Contracted Services"}, "72000000", true},
		{cityspend.Item{SupplierName: "Acme Computer Centres", AccountText: "Hardware purchase"}, "30213000", false},
		{cityspend.Item{Text: ItemText("creamator failure"), AccountText: "Repair & Maint Cremator"}, "50530000", true},
		{cityspend.Item{Text: ItemText("new cremator")}, "42350000", false},
		{cityspend.Item{Text: ItemText("photocopier repair")}, "50300000", true},
		{cityspend.Item{Text: ItemText("photocopier")}, "30121100", false},
	} {
		got := c.Classify(tt.it)
		if got.CPV != tt.want {
			t.Errorf("%+v: %s by %s (%s), want %s", tt.it, got.CPV, got.Rule, got.Reason, tt.want)
		}
		if strings.Contains(got.Reason, "service on those goods") != tt.service {
			t.Errorf("%+v: the reason (%s) says a service on goods: %v, want %v", tt.it, got.Reason, !tt.service, tt.service)
		}
	}
	if got := c.Classify(cityspend.Item{Unit: "Food Safety", SupplierName: "Civica UK Limited"}); got.CPV != "" {
		t.Errorf("a line of the service area Food Safety: %s by %s (%s), want none", got.CPV, got.Rule, got.Reason)
	}
	if got := c.Classify(cityspend.Item{Unit: "Parks and Open Spaces", AccountText: "Main Contractor"}); got.CPV[:2] != "77" {
		t.Errorf("a line of Parks: %s by %s (%s), want the parks' service", got.CPV, got.Rule, got.Reason)
	}
	if got := c.Classify(cityspend.Item{Text: ItemText("UC PBS clients CAB"), SupplierName: "Citizens Advice Bureau"}); got.CPV != "85312300" {
		t.Errorf("the Citizens Advice Bureau's line: %s by %s (%s)", got.CPV, got.Rule, got.Reason)
	}
}
