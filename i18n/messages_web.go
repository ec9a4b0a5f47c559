// SPDX-License-Identifier: EUPL-1.2

package i18n

// Messages of the web pages' frame: who may do what, confirmations.
func init() {
	add(map[string]struct{ en, nb string }{
		"pubd.confirm": {"Visitors will no longer see the dashboards of %s, and links people have kept to them will ask for a login. Staff keep seeing them.",
			"Besøkende vil ikke lenger se oversiktene til %s, og lenker folk har tatt vare på, vil be om innlogging. Ansatte ser dem fortsatt."},
		"pubd.keep": {"Keep them public", "Behold dem offentlige"},
		// The navigation's groups of a buyer's pages.
		"navg.analysis":   {"Analysis", "Analyse"},
		"navg.categories": {"Categories", "Kategorier"},
		"navg.compliance": {"Compliance", "Regelverk"},
		"navg.plan":       {"Plan", "Plan"},
		"navg.market":     {"Market", "Marked"},
		"navg.climate":    {"Climate & strategy", "Klima og strategi"},
	})
}
