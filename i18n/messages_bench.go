// SPDX-License-Identifier: EUPL-1.2

package i18n

// Cities compared: the benchmark page of the buyers that publish.
func init() {
	add(map[string]struct{ en, nb string }{
		"bench.title": {"Cities compared", "Kommuner sammenlignet"},
		"bench.link":  {"Cities compared", "Kommuner sammenlignet"},
		"bench.intro": {"The buyers of this installation that publish their figures, side by side in peer groups of comparable municipalities. Each figure shows what it rests on; a rank shows in brackets the places it could take if what is unknown were known.",
			"Innkjøperne i denne installasjonen som publiserer tallene sine, side om side i grupper av sammenlignbare kommuner. Hvert tall viser hva det bygger på; en rangering viser i parentes plassene den kunne fått om det ukjente var kjent."},
		"bench.api":             {"The same as JSON (API)", "Det samme som JSON (API)"},
		"bench.own":             {"Where your municipality stands among its peers", "Hvor kommunen din står blant sammenlignbare kommuner"},
		"bench.own.unpublished": {"Your figures are not published: only your organisation's users see them here, placed among the published peers. Others do not see them.", "Tallene deres er ikke publisert: bare brukerne i organisasjonen deres ser dem her, plassert blant de publiserte kommunene i gruppen. Andre ser dem ikke."},
		"bench.own.peers":       {"Published peers in the group: %d.", "Publiserte kommuner i gruppen: %d."},
		"bench.empty":           {"No buyer publishes its figures here yet.", "Ingen innkjøper publiserer tallene sine her ennå."},
		"bench.members":         {"%d buyers", "%d innkjøpere"},
		"bench.members.one":     {"one buyer", "én innkjøper"},
		"bench.method": {"Shares are of the spend whose attribute is known; the range behind a rank assumes the unknown rest all one way or the other. Findings are possible breaches to look into, not breaches.",
			"Andelene er av forbruket der egenskapen er kjent; intervallet bak en rangering antar at den ukjente resten går helt den ene eller andre veien. Funn er mulige brudd å se nærmere på, ikke brudd."},
		"bench.col.indicator": {"Indicator", "Indikator"},
		"bench.col.value":     {"Figure", "Tall"},
		"bench.col.rank":      {"Rank in the group", "Plass i gruppen"},
		"bench.col.coverage":  {"What it rests on", "Hva det bygger på"},

		"bench.ind.local_share":          {"Local share", "Lokal andel"},
		"bench.ind.sme_share":            {"SME share", "SMB-andel"},
		"bench.ind.social_share":         {"Social economy share", "Andel sosial økonomi"},
		"bench.ind.spend_per_inhabitant": {"Spend per inhabitant", "Innkjøp per innbygger"},
		"bench.ind.contract_coverage":    {"Contract coverage", "Avtaledekning"},
		"bench.ind.co2e_per_million":     {"t CO2e per million", "t CO2e per million"},
		"bench.ind.co2e_per_inhabitant":  {"t CO2e per inhabitant", "t CO2e per innbygger"},
		"bench.ind.findings_per_100m":    {"Findings per 100 million", "Funn per 100 millioner"},
		"bench.ind.plan_ahead":           {"Plan published ahead", "Plan publisert på forhånd"},

		"bench.group.NO-oslo":    {"Oslo (KOSTRA)", "Oslo (KOSTRA)"},
		"bench.group.NO-big3":    {"Bergen, Trondheim, Stavanger (KOSTRA)", "Bergen, Trondheim, Stavanger (KOSTRA)"},
		"bench.group.NO-large":   {"Large municipalities, 20 000 inhabitants and more (KOSTRA size)", "Store kommuner, 20 000 innbyggere og flere (KOSTRA-størrelse)"},
		"bench.group.NO-medium":  {"Medium municipalities, 5 000–19 999 inhabitants (KOSTRA size)", "Mellomstore kommuner, 5 000–19 999 innbyggere (KOSTRA-størrelse)"},
		"bench.group.NO-small":   {"Small municipalities, under 5 000 inhabitants (KOSTRA size)", "Små kommuner, under 5 000 innbyggere (KOSTRA-størrelse)"},
		"bench.group.NO-unknown": {"Norwegian municipalities without a population loaded", "Norske kommuner uten innlest folketall"},
		"bench.group.GB-E06":     {"Unitary authorities (England)", "Enhetlige kommuner (England)"},
		"bench.group.GB-E07":     {"Non-metropolitan districts (England)", "Distriktskommuner utenfor storbyområder (England)"},
		"bench.group.GB-E08":     {"Metropolitan districts (England)", "Storbydistrikter (England)"},
		"bench.group.GB-E09":     {"London boroughs", "Londonbydeler (London boroughs)"},
		"bench.group.GB-E10":     {"County councils (England)", "Fylkeskommuner (England)"},
		"bench.group.GB-W06":     {"Unitary authorities (Wales)", "Enhetlige kommuner (Wales)"},
		"bench.group.GB-S12":     {"Council areas (Scotland)", "Kommuner (Skottland)"},
		"bench.group.GB-N09":     {"District councils (Northern Ireland)", "Distriktskommuner (Nord-Irland)"},
		"bench.group.GB-unknown": {"UK councils of no known type", "Britiske kommuner av ukjent type"},
		"bench.group.unknown":    {"Buyers in %s without a peer group", "Innkjøpere i %s uten sammenligningsgruppe"},

		"bench.population": {"%s inhabitants (%d, %s)", "%s innbyggere (%d, %s)"},
		"bench.range":      {"if what is unknown were known: %s to %s", "om det ukjente var kjent: %s til %s"},
		"bench.grade":      {"grade %s", "kvalitet %s"},
		"bench.count":      {"%s findings", "%s funn"},
		"bench.rank":       {"rank %d (%d–%d) of %d", "nr. %d (%d–%d) av %d"},

		"bench.missing.unknown":       {"not known", "ikke kjent"},
		"bench.missing.no_population": {"no population loaded", "folketall ikke innlest"},
		"bench.missing.no_contracts":  {"no contracts loaded", "ingen avtaler innlest"},
		"bench.missing.no_factors":    {"no emission factors apply", "ingen utslippsfaktorer gjelder"},
		"bench.missing.no_findings":   {"findings not computed", "funn ikke beregnet"},
		"bench.missing.no_plan_ahead": {"nothing planned for next year", "ingenting planlagt for neste år"},
		"bench.missing.no_spend":      {"no procurement spend", "ikke noe innkjøp"},

		"bench.basis.place_known":         {"place known for %s", "sted kjent for %s"},
		"bench.basis.type_known":          {"type known for %s", "type kjent for %s"},
		"bench.basis.contract_categories": {"measured over %s of the spend", "målt over %s av forbruket"},
		"bench.basis.co2e_factor":         {"factor for %s", "faktor for %s"},
		"bench.basis.payee_resolved":      {"payees resolved for %s", "mottakere identifisert for %s"},
		"bench.basis.plan_dated":          {"%s of the plan dated", "%s av planen datert"},

		"bench.notranked.no_peer_group": {"no peer group", "ingen sammenligningsgruppe"},
		"bench.notranked.no_peers":      {"no published peers", "ingen publiserte sammenlignbare"},

		"bench.home": {"How the cities here compare: local share, SMEs, climate, contracts, plans.", "Hvordan kommunene her står seg: lokal andel, SMB, klima, avtaler, planer."},
	})
}
