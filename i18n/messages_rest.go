// SPDX-License-Identifier: EUPL-1.2

package i18n

// The printed report's frame and table of contents (issue 20).
func init() {
	add(map[string]struct{ en, nb string }{
		"rest.plan.calpages": {"The calendar's months", "Kalenderens måneder"},
		"rest.plan.calprev":  {"earlier months", "tidligere måneder"},
		"rest.plan.calnext":  {"later months", "senere måneder"},
		"rest.lang":          {"Language of pages and e-mail", "Språk på sider og e-post"},
		"rest.rep.toc":       {"Contents", "Innhold"},
		"rest.rep.page":      {"Page", "Side"},
		"rest.rep.of":        {"of", "av"},
		"rest.rep.sources":   {"Sources of the factors", "Kilder for faktorene"},
		// strategy.Criteria's Source.
		"rest.critsrc.contract register": {"contract register", "kontraktsoversikten"},
		"rest.critsrc.tender data":       {"tender data", "konkurransedataene"},
		// strategy.Criteria's Note: no rate to convert the floor with.
		"rest.crit.nofloor": {"The €10,000 floor is not applied: there is no exchange rate EUR→%s for %d.", "Grensen på 10 000 euro er ikke brukt: det finnes ingen valutakurs EUR→%s for %d."},
	})
}
