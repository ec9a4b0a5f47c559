// SPDX-License-Identifier: EUPL-1.2

package i18n

// Texts the page sweep (docs/accessibility.md) found in one language only:
// a challenge's maturity and partner roles, a plan item's fields.
func init() {
	add(map[string]struct{ en, nb string }{
		"sw.maturity.idea":         {"idea", "idé"},
		"sw.maturity.prototype":    {"prototype", "prototyp"},
		"sw.maturity.pilot":        {"pilot", "pilot"},
		"sw.maturity.market-ready": {"market-ready", "markedsklar"},
		"sw.partner.observer":      {"observer", "observatør"},
		"sw.partner.co-buyer":      {"co-buyer", "medinnkjøper"},
		// Instructions for the buyer's administrators, who load files
		// with the command line; the command itself is code.
		"sw.lm3.import": {"An administrator loads the filled-in survey with the command", "En administrator laster inn den utfylte undersøkelsen med kommandoen"},
		"sw.con.load":   {"An administrator loads the contract register with the command", "En administrator laster inn kontraktsoversikten med kommandoen"},
		"sw.file":       {"FILE", "FIL"},
		// Market findings: the group's supplier is named beside the text.
		"sw.found.R040": {"Possible dependence on one supplier (R040): it holds %s of the spend in CPV group %s in %s (%s of %s).",
			"Mulig avhengighet av én leverandør (R040): den har %s av beløpet i CPV-gruppe %s i %s (%s av %s)."},
		"sw.found.R051": {"Possible concentrated market (R051): the Herfindahl–Hirschman index of the %d suppliers in CPV group %s in %s is %s.",
			"Mulig konsentrert marked (R051): Herfindahl–Hirschman-indeksen for de %d leverandørene i CPV-gruppe %s i %s er %s."},
		"sw.clim.catchall": {"the set's factor for any purchase", "settets faktor for alle kjøp"},
		"sw.place.unknown": {"unknown", "ukjent"},
		"sw.rep.topn": {"Every indicator is given for all suppliers; the top %d suppliers by spend are the population of the classic analysis",
			"Alle indikatorer gjelder alle leverandører; de %d største leverandørene er populasjonen i den klassiske analysen"},
		"sw.clim.set":      {"Factor set:", "Faktorsett:"},
		"sw.partners.hint": {"municipality number:role, e.g.", "kommunenummer:rolle, f.eks."},
	})
}
