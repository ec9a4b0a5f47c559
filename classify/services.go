// SPDX-License-Identifier: EUPL-1.2

package classify

import "strings"

// CPV keeps goods (divisions 03–48) apart from the services on them
// (repair and maintenance in 50, IT services in 72). A payee's name says
// what it trades in — "… Software Ltd", "… Computer Centres" — which is
// goods, while the account it is paid from may say that the buyer paid
// for a service: "Consultants Fees", "General Contracted Services",
// "Maintenance". Then the line is the service on those goods: a software
// house paid consultancy fees sold consultancy on its software, a vehicle
// dealer paid from a maintenance account repaired vehicles.

// serviceNature is what an account's name says was paid for.
type serviceNature int

const (
	goodsOrUnknown serviceNature = iota
	support                      // fees, consultancy, contracted or support services
	upkeep                       // repair, maintenance, servicing
)

// accountNature reads an account's name (as ItemText writes it: lower
// case, words) for the service it names. Words that name goods bought
// ("purchase", "equipment", "materials", "licences") make it goods: an
// account of "equipment purchase and maintenance" is not a service.
func accountNature(text string) serviceNature {
	nature := goodsOrUnknown
	for _, w := range strings.Fields(text) {
		switch {
		case strings.HasPrefix(w, "purchas"), strings.HasPrefix(w, "equipment"), strings.HasPrefix(w, "material"),
			strings.HasPrefix(w, "licen"), strings.HasPrefix(w, "stock"), strings.HasPrefix(w, "spare"), w == "parts", w == "goods", w == "supplies", w == "hardware":
			return goodsOrUnknown
		case strings.HasPrefix(w, "maint"), strings.HasPrefix(w, "repair"), w == "servicing", w == "upkeep":
			nature = upkeep
		case nature == goodsOrUnknown && (strings.HasPrefix(w, "consult") || w == "fees" || w == "fee" || w == "services" ||
			w == "service" || w == "support" || w == "contracted" || w == "advice" || w == "advisory"):
			nature = support
		}
	}
	return nature
}

// counterpart is a service code with its label (for reasons without the
// official list).
type counterpart struct{ code, label string }

// servicesOn are the services on goods, by the goods code's prefix (the
// first that matches): under support, under upkeep. No support service
// where CPV has none a line could be (a vehicle dealer paid from a
// "services" account may have hired out a van).
var servicesOn = []struct {
	prefix          string
	support, upkeep counterpart
}{
	{"302", counterpart{"72000000", "IT services"}, counterpart{"50312000", "maintenance and repair of computer equipment"}},
	{"30", counterpart{}, counterpart{"50300000", "repair and maintenance of office, computer, telecommunications and audio-visual equipment"}},
	{"48", counterpart{"72260000", "software-related services"}, counterpart{"72267000", "software maintenance and repair services"}},
	{"34", counterpart{}, counterpart{"50110000", "repair and maintenance of vehicles"}},
	{"39", counterpart{}, counterpart{"50850000", "repair and maintenance of furniture"}},
	{"42", counterpart{}, counterpart{"50530000", "repair and maintenance of machinery"}},
	{"33", counterpart{}, counterpart{"50420000", "repair and maintenance of medical and surgical equipment"}},
	{"32", counterpart{}, counterpart{"50300000", "repair and maintenance of office, computer, telecommunications and audio-visual equipment"}},
	{"31", counterpart{}, counterpart{"50532000", "repair and maintenance of electrical machinery and apparatus"}},
	{"35", counterpart{}, counterpart{"50610000", "repair and maintenance of security equipment"}},
}

// serviceOn is a goods code's service counterpart for an account's
// nature, or false.
func serviceOn(goods string, n serviceNature) (string, bool) {
	if n == goodsOrUnknown {
		return "", false
	}
	for _, s := range servicesOn {
		if !strings.HasPrefix(goods, s.prefix) {
			continue
		}
		c := s.support
		if n == upkeep {
			c = s.upkeep
		}
		return c.code, c.code != ""
	}
	return "", false
}

// services keeps the keyword rules that name works or services. A service
// area or cost centre names what the buyer does ("Parks", "Waste
// Collection", "Food Safety"), never the goods it buys: its words say
// which service a line of the area may be, not that "Food Safety" buys
// food.
func services(ks []keywordRule) []keywordRule {
	out := ks[:0:0]
	for _, k := range ks {
		if d := k.rule.CPV[:2]; d >= "45" && d != "48" {
			out = append(out, k)
		}
	}
	return out
}
