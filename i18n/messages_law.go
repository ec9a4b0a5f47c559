// SPDX-License-Identifier: EUPL-1.2

package i18n

// The law of the findings: the rules and exemptions by their handbook
// slugs, what a finding found, why an exemption did or did not apply, and
// what would clear it.
func init() {
	add(map[string]struct{ en, nb string }{
		"law.rule":       {"Rule", "Regel"},
		"law.citation":   {"Citation", "Hjemmel"},
		"law.checked":    {"Exemptions checked", "Unntak som er vurdert"},
		"law.clear":      {"What would clear it", "Hva som vil avklare det"},
		"law.confidence": {"Confidence", "Sikkerhet"},
		"law.risk":       {"Money at risk", "Beløp i risiko"},
		"law.applies":    {"applies", "gjelder"},
		"law.notapplies": {"does not apply", "gjelder ikke"},
		"law.group":      {"%d findings · %s at risk", "%d funn · %s i risiko"},
		"law.across":     {"all suppliers", "alle leverandører"},
		"law.vat":        {"The threshold includes VAT in law; the ledger's amounts exclude it and were compared with the threshold net of the standard rate (%s).", "Terskelverdien er med MVA i loven; regnskapets beløp er uten MVA og er sammenlignet med terskelverdien uten standardsatsen (%s)."},

		"law.rule.threshold-no-floor":    {"the regulations' floor (NOK 100 000)", "forskriftens nedre grense (100 000 kroner)"},
		"law.rule.threshold-no-national": {"the national threshold (part II: notice on Doffin)", "den nasjonale terskelverdien (del II: kunngjøring på Doffin)"},
		"law.rule.threshold-no-eea":      {"the EEA threshold (part III: notice on Doffin and TED)", "EØS-terskelverdien (del III: kunngjøring på Doffin og TED)"},
		"law.rule.threshold-eu":          {"the EU threshold (Directive 2014/24/EU)", "EUs terskelverdi (direktiv 2014/24/EU)"},
		"law.rule.threshold-uk":          {"the UK threshold (Procurement Act 2023)", "Storbritannias terskelverdi (Procurement Act 2023)"},
		"law.rule.light-regime-no":       {"the EEA threshold for særlige tjenester and health and social services", "EØS-terskelverdien for særlige tjenester og helse- og sosialtjenester"},
		"law.rule.light-regime-eu":       {"the light regime for social and other specific services", "den lette ordningen for sosiale og andre særlige tjenester"},
		"law.rule.light-touch-uk":        {"the UK threshold for light-touch contracts", "Storbritannias terskelverdi for «light-touch»-kontrakter"},
		"law.rule.direct-award":          {"a purchase without a competition", "en anskaffelse uten konkurranse"},
		"law.rule.estimate-value":        {"the value of a purchase, which may not be split", "verdien av en anskaffelse, som ikke kan deles opp"},

		"law.kind.goods_services": {"goods and services", "varer og tjenester"},
		"law.kind.works":          {"works", "bygge- og anleggsarbeid"},
		"law.kind.light":          {"social and other specific services (light regime)", "særlige tjenester og helse- og sosialtjenester"},

		"law.found.threshold_aggregation": {"%s of %s in %d months (%s) is covered by no contract and no exemption: above %s of %s.",
			"%s til %s på %d måneder (%s) er ikke dekket av noen kontrakt eller noe unntak: over %s på %s."},
		"law.found.split_purchase": {"%d invoices from %s, each just under %s of %s, together %s.",
			"%d fakturaer fra %s, hver like under %s på %s, til sammen %s."},
		"law.found.contract_overrun": {"%s has been paid on the contract over its maximum value of %s.",
			"%s er betalt på kontrakten ut over maksimalverdien på %s."},
		"law.found.expired_contract": {"%s has been paid on the contract after its last day, options included.",
			"%s er betalt på kontrakten etter siste dag, opsjoner medregnet."},
		// The market findings, from the figures of compliance's English text.
		"law.found.R040": {"Possible dependence on one supplier (R040): it holds %s of the spend in CPV group %s in %s (%s of %s).",
			"Mulig avhengighet av én leverandør (R040): den har %s av beløpet i CPV-gruppe %s i %s (%s av %s)."},
		"law.found.R051": {"Possible concentrated market (R051): the Herfindahl–Hirschman index of the %d suppliers in CPV group %s in %s is %s.",
			"Mulig konsentrert marked (R051): Herfindahl–Hirschman-indeksen for de %d leverandørene i CPV-gruppe %s i %s er %s."},

		// The red flags on tender data, from compliance's English text: the
		// flag by its name (kind.R0…), what it is about, its score.
		"law.found.flag.process": {"Possible risk, %s: the contracting process %s%s scores %s.",
			"Mulig risiko, %s: konkurransen %s%s har verdien %s."},
		"law.found.flag.tenderer": {"Possible risk, %s: the tenderer %s scores %s across the tender data.",
			"Mulig risiko, %s: tilbyderen %s har verdien %s i konkurransedataene."},
		"law.found.flag.Buyer": {"Possible risk, %s: the buyer %s scores %s across the tender data.",
			"Mulig risiko, %s: oppdragsgiveren %s har verdien %s i konkurransedataene."},
		"law.found.flag.ProcuringEntity": {"Possible risk, %s: the procuring entity %s scores %s across the tender data.",
			"Mulig risiko, %s: den innkjøpende enheten %s har verdien %s i konkurransedataene."},

		"law.clear.threshold_aggregation": {"A contract that covers this spend (add it to the contract register), an exemption that applies (record which and why), or a decision that it was several separate purchases, each below the threshold.",
			"En kontrakt som dekker dette (legg den inn i kontraktsregisteret), et unntak som gjelder (skriv hvilket og hvorfor), eller en avgjørelse om at det var flere atskilte kjøp, hvert under terskelverdien."},
		"law.clear.split_purchase": {"A decision that the invoices are separate purchases, each estimated below the threshold, or the contract that covers them.",
			"En avgjørelse om at fakturaene er atskilte kjøp, hvert anslått under terskelverdien, eller kontrakten som dekker dem."},
		"law.clear.contract_overrun": {"An amendment or option that raised the contract's value (record it in the register), or a new procurement.",
			"En endring eller opsjon som økte kontraktens verdi (legg den inn i registeret), eller en ny anskaffelse."},
		"law.clear.expired_contract": {"An extension or option used (a later last day in the register), a new contract, or a correction of the lines' contract reference.",
			"En forlengelse eller opsjon som er brukt (en senere siste dag i registeret), en ny kontrakt, eller retting av linjenes kontraktsreferanse."},
		"law.clear.other": {"A person's review of the evidence: confirm or dismiss it with a reason.",
			"En gjennomgang av bevisene: bekreft eller avvis med en begrunnelse."},

		"law.exemption.exemption-in-house":           {"In-house award (Teckal; KF/FKF)", "Egenregi (Teckal; KF/FKF)"},
		"law.exemption.exemption-inter-municipal":    {"Inter-municipal company (IKS), public-public cooperation", "Interkommunalt selskap (IKS), offentlig-offentlig samarbeid"},
		"law.exemption.exemption-public-body":        {"Purchase between public bodies, exclusive right", "Kjøp mellom offentlige organer, enerett"},
		"law.exemption.exemption-framework-call-off": {"Call-off under a framework agreement", "Avrop på rammeavtale"},
		"law.exemption.exemption-excluded-services":  {"Services the law excludes", "Tjenester loven unntar"},

		"law.why.own_enterprise":        {"the supplier is a municipal enterprise (KF/FKF), part of the municipality itself: %s", "leverandøren er et kommunalt foretak (KF/FKF), en del av kommunen selv: %s"},
		"law.why.iks":                   {"the supplier is an inter-municipal company (IKS) its owners control together: %s", "leverandøren er et interkommunalt selskap (IKS) som eierne kontrollerer sammen: %s"},
		"law.why.municipal_owned":       {"the supplier is a municipally owned company: in-house when the buyer is among the owners that control it and it does more than 80 %% of its work for them: %s", "leverandøren er et kommunalt eid selskap: egenregi når oppdragsgiveren er blant eierne som kontrollerer det og det utfører mer enn 80 %% av arbeidet for dem: %s"},
		"law.why.public_body":           {"the supplier is a public body: %s", "leverandøren er et offentlig organ: %s"},
		"law.why.state_enterprise":      {"the supplier is a state-owned enterprise selling on the market; its type exempts nothing: %s", "leverandøren er et statsforetak som selger i markedet; typen gir ikke unntak: %s"},
		"law.why.not_public":            {"the supplier is not a public body of this kind (%s)", "leverandøren er ikke et offentlig organ av denne typen (%s)"},
		"law.why.unknown_supplier":      {"the supplier's type is not known (no register resolves it)%s", "leverandørens type er ukjent (ikke funnet i noe register)%s"},
		"law.why.excluded":              {"CPV %s is a service the law excludes", "CPV %s er en tjeneste loven unntar"},
		"law.why.not_excluded":          {"CPV %s is not among the services the law excludes", "CPV %s er ikke blant tjenestene loven unntar"},
		"law.why.no_cpv":                {"the purchase has no CPV code to tell an excluded service by%s", "kjøpet har ingen CPV-kode å vurdere unntatte tjenester etter%s"},
		"law.why.framework":             {"a call-off under framework agreement %s, which covers the supplier and the category", "et avrop på rammeavtale %s, som dekker leverandøren og kategorien"},
		"law.why.no_framework":          {"no framework agreement in the contract register covers the supplier and the category on the date%s", "ingen rammeavtale i kontraktsregisteret dekker leverandøren og kategorien på datoen%s"},
		"law.why.suppliers_left_out":    {"the spend of the category's suppliers that are exempt as public bodies (%s) was left out", "innkjøpene fra kategoriens leverandører som er unntatt som offentlige organer (%s), er holdt utenfor"},
		"law.why.framework_by_supplier": {"each supplier's spend was checked against the framework agreements, and call-offs left out%s", "hver leverandørs innkjøp er vurdert mot rammeavtalene, og avrop er holdt utenfor%s"},
	})
}
