// SPDX-License-Identifier: EUPL-1.2

package handbook

// shipped are the handbook's pages.
func shipped() []Page {
	var out []Page
	for _, part := range [][]Page{regimePages(), rulePages(), procedurePages(), exemptionPages(), guidancePages()} {
		out = append(out, part...)
	}
	return out
}

func regimePages() []Page {
	return []Page{
		{
			Slug: "threshold-no-floor", Kind: KindRegime, Jurisdiction: "NO",
			Title: Text{"Nedre grense: 100 000 kroner", "Norway's floor: NOK 100,000"},
			Summary: Text{"Under 100 000 kroner ekskl. mva. gjelder verken anskaffelsesloven eller -forskriften. Fra 100 000 kroner gjelder de grunnleggende prinsippene.",
				"Below NOK 100,000 excluding VAT, neither the Public Procurement Act nor the Regulations apply. From NOK 100,000 the basic principles do."},
			Body: Text{
				NB: `En anskaffelse med anslått verdi under 100 000 kroner ekskl. mva. er unntatt fra anskaffelsesregelverket. Kommunen bør likevel handle ansvarlig: be gjerne om tilbud fra flere leverandører og ha gode interne rutiner.

Fra 100 000 kroner gjelder forskriftens del I og lovens grunnleggende prinsipper: konkurranse, likebehandling, forutberegnelighet, etterprøvbarhet og forholdsmessighet. Det betyr i praksis at kommunen må kunne vise at den har skapt konkurranse i den grad det er mulig, og dokumentere det.

Grensen gjelder verdien av hele anskaffelsen, ikke hver faktura. Mange fakturaer like under 100 000 kroner til samme leverandør for samme slags arbeid kan være én anskaffelse som er delt opp. cityspend merker slike mønstre som mulige funn; se siden om beregning av verdi.`,
				EN: `A purchase with an estimated value below NOK 100,000 excluding VAT is outside the procurement rules. The municipality should still act responsibly: ask more than one supplier for a price where it can, and keep sound internal routines.

From NOK 100,000, Part I of the Regulations and the Act's basic principles apply: competition, equal treatment, predictability, verifiability and proportionality. In practice the municipality must be able to show that it sought competition as far as possible, and keep a record of it.

The limit is the value of the whole purchase, not of each invoice. Many invoices just under NOK 100,000 to one supplier for the same kind of work may be one purchase split up. cityspend marks such patterns as possible findings; see the page on estimating the value.`},
			Citations: []Citation{loa("§ 2"), loa("§ 4"), foa("§ 5-1"), veileder()},
			Related:   []string{"threshold-no-national", "estimate-value", "procedure-below-threshold"},
		},
		{
			Slug: "threshold-no-national", Kind: KindRegime, Jurisdiction: "NO",
			Title: Text{"Nasjonal terskelverdi: 1,3 millioner kroner (del II)", "Norway's national threshold: NOK 1.3 million (Part II)"},
			Summary: Text{"Fra 1,3 millioner kroner ekskl. mva. og opp til EØS-terskelverdiene følger anskaffelsen i hovedsak forskriftens del II: den skal kunngjøres på Doffin.",
				"From NOK 1.3 million excluding VAT up to the EEA thresholds, a purchase mainly follows Part II of the Regulations: it must be advertised on Doffin."},
			Body: Text{
				NB: `Den nasjonale terskelverdien er 1,3 millioner kroner ekskl. mva. En anskaffelse med verdi lik eller over denne, men under EØS-terskelverdien, følger i hovedsak del II i anskaffelsesforskriften.

Del II betyr blant annet:
- anskaffelsen kunngjøres på Doffin, slik at alle interesserte leverandører kan se den;
- kommunen velger en konkurranse etter del II, for eksempel åpen eller begrenset tilbudskonkurranse, og kan forhandle hvis den har sagt det på forhånd;
- de grunnleggende prinsippene gjelder som i del I.

Kjøper kommunen for over 1,3 millioner kroner uten kunngjøring, og ikke noe unntak gjelder, kan det være en ulovlig direkte anskaffelse. Se siden om direkte anskaffelser.`,
				EN: `The national threshold is NOK 1.3 million excluding VAT. A purchase worth that much or more, but below the EEA threshold, mainly follows Part II of the Regulations.

Part II means, among other things:
- the purchase is advertised on Doffin, so that every interested supplier can see it;
- the municipality runs a competition under Part II, for instance an open or a restricted competition for tenders, and may negotiate if it said so beforehand;
- the basic principles apply as in Part I.

If the municipality buys for more than NOK 1.3 million without a notice and no exemption applies, that may be an unlawful direct award. See the page on direct awards.`},
			Citations: []Citation{foa("§ 5-1"), veileder(), terskelverdier()},
			Related:   []string{"threshold-no-floor", "threshold-no-eea", "procedure-below-threshold", "direct-award", "estimate-value"},
			ValidFrom: day(2018, 4, 6),
			Changes:   []Change{{From: day(2018, 4, 6), What: Text{"Hevet fra 1,1 til 1,3 millioner kroner.", "Raised from NOK 1.1 million to NOK 1.3 million."}}},
		},
		{
			Slug: "threshold-no-eea", Kind: KindRegime, Jurisdiction: "NO",
			Title: Text{"EØS-terskelverdiene (del III)", "Norway's EEA thresholds (Part III)"},
			Summary: Text{"Over EØS-terskelverdiene følger anskaffelsen forskriftens del III, med kunngjøring på Doffin og i TED og de prosedyrene EU-direktivet har.",
				"Above the EEA thresholds a purchase follows Part III of the Regulations: a notice on Doffin and in TED, and the procedures of the EU directive."},
			Body: Text{
				NB: `EØS-terskelverdiene følger av EØS-avtalen og justeres annet hvert år. Departementet publiserer beløpene i kroner. Verdiene for 2024–2025, ekskl. mva.:
- varer og tjenester, kommuner, fylkeskommuner og andre oppdragsgivere: 2,3 millioner kroner;
- varer og tjenester, statlige myndigheter: 1,49 millioner kroner;
- bygge- og anleggskontrakter: 57,8 millioner kroner.

Over terskelverdien gjelder del III: kunngjøring på Doffin og i EUs database TED, faste minimumsfrister og prosedyrene åpen og begrenset anbudskonkurranse, konkurranse med forhandling, konkurransepreget dialog og innovasjonspartnerskap (de tre siste på vilkår). Helse- og sosialtjenester og andre særlige tjenester har en egen, høyere terskelverdi; se siden om særlige tjenester.

En anskaffelse bedømmes etter terskelverdien som gjaldt da den ble satt i gang. cityspend leser terskelverdiene fra en datert tabell.`,
				EN: `The EEA thresholds come from the EEA Agreement and are revised every two years; the ministry publishes them in Norwegian kroner. The values for 2024–2025, excluding VAT:
- goods and services, municipalities, counties and other contracting authorities: NOK 2.3 million;
- goods and services, central government: NOK 1.49 million;
- works contracts: NOK 57.8 million.

Above the threshold Part III applies: a notice on Doffin and in the EU's TED database, fixed minimum time limits, and the procedures of the directive: open and restricted procedures, competitive procedure with negotiation, competitive dialogue and innovation partnership (the last three on conditions). Health and social services and other specific services have their own, higher threshold; see the page on the light regime.

A purchase is judged by the threshold in force when it was started. cityspend reads the thresholds from a dated table.`},
			Citations: []Citation{foa("§ 5-3"), foa("§ 5-1"), terskelverdier(), veileder()},
			Related:   []string{"threshold-no-national", "threshold-eu", "light-regime-no", "procedure-open", "procedure-restricted"},
			ValidFrom: day(2024, 3, 14),
			Changes: []Change{{From: day(2024, 3, 14), What: Text{"Nye beløp for 2024–2025: 2,3 millioner (varer og tjenester, kommuner), 57,8 millioner (bygg og anlegg).",
				"New amounts for 2024–2025: NOK 2.3 million (goods and services, municipalities), NOK 57.8 million (works)."}}},
		},
		{
			Slug: "threshold-eu", Kind: KindRegime, Jurisdiction: "EU",
			Title: Text{"EUs terskelverdier 2026–2027", "EU thresholds 2026–2027"},
			Summary: Text{"Fra 1. januar 2026: 216 000 euro for varer og tjenester hos kommuner og andre ikke-sentrale myndigheter, 5 404 000 euro for bygg og anlegg, 750 000 euro for sosiale og andre særlige tjenester.",
				"From 1 January 2026: €216,000 for goods and services bought by sub-central authorities such as municipalities, €5,404,000 for works, €750,000 for social and other specific services."},
			Body: Text{
				NB: `Direktiv 2014/24/EU gjelder kontrakter med anslått verdi ekskl. mva. lik eller over terskelverdiene i artikkel 4. Kommisjonen justerer dem annet hvert år. For 2026–2027:
- bygge- og anleggskontrakter: 5 404 000 euro;
- varer og tjenester, sentrale myndigheter: 140 000 euro;
- varer og tjenester, andre (kommuner, regioner): 216 000 euro;
- sosiale og andre særlige tjenester (vedlegg XIV): 750 000 euro.

For 2024–2025 var beløpene 221 000 euro (varer og tjenester, andre) og 5 538 000 euro (bygg og anlegg). Medlemsstatene oppgir beløpene i egen valuta. Under terskelverdiene gjelder nasjonale regler, og traktatens prinsipper om likebehandling og åpenhet når kontrakten kan interessere leverandører fra andre land.`,
				EN: `Directive 2014/24/EU applies to contracts with an estimated value excluding VAT at or above the thresholds of Article 4. The Commission revises them every two years. For 2026–2027:
- works contracts: €5,404,000;
- goods and services, central government authorities: €140,000;
- goods and services, other (sub-central) authorities such as municipalities: €216,000;
- social and other specific services (Annex XIV): €750,000.

For 2024–2025 the amounts were €221,000 (goods and services, sub-central) and €5,538,000 (works). Member states publish the amounts in their own currency. Below the thresholds national rules apply, and the Treaty principles of equal treatment and transparency where the contract may interest suppliers from other countries.`},
			Citations: []Citation{directive("Art. 4"), directive("Art. 6"),
				{Source: Text{"Kommisjonens delegerte forordning (EU) 2025/2152", "Commission Delegated Regulation (EU) 2025/2152"}, URL: "https://eur-lex.europa.eu/eli/reg_del/2025/2152/oj"}},
			Related:   []string{"threshold-no-eea", "light-regime-eu", "estimate-value", "procedure-open"},
			ValidFrom: day(2026, 1, 1),
			Changes: []Change{{From: day(2026, 1, 1), What: Text{"216 000 euro (fra 221 000) for varer og tjenester; 5 404 000 euro (fra 5 538 000) for bygg og anlegg.",
				"€216,000 (from €221,000) for goods and services; €5,404,000 (from €5,538,000) for works."}}},
		},
		{
			Slug: "threshold-uk", Kind: KindRegime, Jurisdiction: "UK",
			Title: Text{"Storbritannias terskelverdier (Procurement Act 2023)", "UK thresholds (Procurement Act 2023)"},
			Summary: Text{"Fra 1. januar 2026, inkludert mva.: 207 720 pund for varer og tjenester hos lokale myndigheter, 5 193 000 pund for bygg og anlegg, 663 540 pund for light-touch-kontrakter.",
				"From 1 January 2026, including VAT: £207,720 for goods and services bought by sub-central authorities such as councils, £5,193,000 for works, £663,540 for light touch contracts."},
			Body: Text{
				NB: `Procurement Act 2023 gjelder i England, Wales og Nord-Irland fra 24. februar 2025. En kontrakt er en «public contract» etter loven når den anslåtte verdien er over terskelverdien i lovens Schedule 1 og den ikke er unntatt (Schedule 2).

Fra 1. januar 2026 er terskelverdiene, inkludert mva.:
- bygge- og anleggskontrakter: 5 193 000 pund;
- varer og tjenester, sentrale myndigheter: 135 018 pund;
- varer og tjenester, andre (blant dem kommunene): 207 720 pund;
- light-touch-kontrakter (visse helse-, sosial- og utdanningstjenester): 663 540 pund.

Merk at de britiske beløpene er inkludert mva., mens regnskapslinjene ofte er uten. Under terskelverdien gjelder lovens regler for kontrakter under terskelverdi; se siden om konkurranse under terskelverdi.`,
				EN: `The Procurement Act 2023 applies in England, Wales and Northern Ireland from 24 February 2025. A contract is a public contract under the Act when its estimated value is above the threshold in Schedule 1 and it is not exempted (Schedule 2).

From 1 January 2026 the thresholds, including VAT, are:
- works contracts: £5,193,000;
- goods and services, central government authorities: £135,018;
- goods and services, other authorities (councils among them): £207,720;
- light touch contracts (certain health, social and education services): £663,540.

The UK amounts include VAT, while ledger lines often exclude it. Below the threshold the Act's rules for below-threshold contracts apply; see the page on competition below the thresholds.`},
			Citations: []Citation{pa23("Sch. 1", "/schedule/1"), pa23("Sch. 2", "/schedule/2"),
				{Source: Text{"Procurement Act 2023 (Threshold Amounts) (Amendment) Regulations 2025", "The Procurement Act 2023 (Threshold Amounts) (Amendment) Regulations 2025"}, URL: "https://www.legislation.gov.uk/ukpga/2023/54/schedule/1"}},
			Related:   []string{"light-touch-uk", "pipeline-notice-uk", "procedure-competitive-flexible-uk", "procedure-below-threshold"},
			ValidFrom: day(2026, 1, 1),
			Changes: []Change{
				{From: day(2025, 2, 24), What: Text{"Procurement Act 2023 trer i kraft og erstatter Public Contracts Regulations 2015.", "The Procurement Act 2023 comes into force, replacing the Public Contracts Regulations 2015."}},
				{From: day(2026, 1, 1), What: Text{"Nye beløp, blant dem 207 720 pund (varer og tjenester, andre) og 5 193 000 pund (bygg og anlegg).", "New amounts, among them £207,720 (goods and services, other authorities) and £5,193,000 (works)."}},
			},
		},
		{
			Slug: "light-regime-no", Kind: KindRegime, Jurisdiction: "NO",
			Title: Text{"Særlige tjenester: helse- og sosialtjenester m.m.", "Norway's light regime: health, social and other specific services"},
			Summary: Text{"Helse- og sosialtjenester og andre særlige tjenester har en egen, høyere EØS-terskelverdi og enklere regler over den. En slik tjeneste mellom den vanlige og den særlige terskelverdien er ikke en ulovlig direkte anskaffelse bare fordi den ikke er kunngjort i TED.",
				"Health and social services and other specific services have their own, higher EEA threshold and lighter rules above it. Such a service priced between the ordinary and the special threshold is not an unlawful direct award merely for lacking a TED notice."},
			Body: Text{
				NB: `Særlige tjenester er blant annet helse- og sosialtjenester, undervisning, kultur, hotell og restaurant og visse juridiske tjenester (direktivets vedlegg XIV). De leveres ofte direkte til mennesker, og EU-reglene gir derfor mer frihet.

For disse tjenestene gjelder en egen EØS-terskelverdi, som er høyere enn den vanlige for varer og tjenester. I direktivet er den 750 000 euro; departementet fastsetter beløpet i kroner. Fra 2020 var det 7,2 millioner kroner (hevet fra 6,95 millioner).

Over den særlige terskelverdien skal kontrakten kunngjøres, men kommunen står fritt til å utforme prosedyren, så lenge den følger de grunnleggende prinsippene. Under den gjelder de nasjonale reglene. cityspend bedømmer en helse- eller sosialtjeneste mot den særlige terskelverdien, ikke den vanlige.

Kommunen kan også velge å gi tjenesten selv eller organisere den som tildeling til alle som fyller vilkårene (brukervalg); da er det ikke en anskaffelse.`,
				EN: `Specific services include health and social services, education, culture, hotels and restaurants and certain legal services (Annex XIV of the directive). They are often delivered directly to people, so the EU rules leave more freedom.

These services have their own EEA threshold, higher than the ordinary one for goods and services. In the directive it is €750,000; the ministry sets the amount in kroner. From 2020 it was NOK 7.2 million (raised from NOK 6.95 million).

Above the special threshold the contract must be advertised, but the municipality is free to design the procedure, as long as it follows the basic principles. Below it, the national rules apply. cityspend judges a health or social service against the special threshold, not the ordinary one.

A municipality may also provide the service itself, or admit every provider that meets set conditions (user choice); that is not a purchase.`},
			Citations: []Citation{foa("§ 5-3"), directive("Art. 74–76"), directive("Annex XIV"),
				{Source: Text{"KS: Justerte EØS-terskelverdier", "KS (Norwegian association of local authorities): adjusted EEA thresholds"}, URL: "https://www.ks.no/fagomrader/okonomi/ks-anskaffelsesforum/justerte-eos-terskelverdier/"}},
			Related: []string{"threshold-no-eea", "light-regime-eu", "procedure-light-regime", "direct-award"},
		},
		{
			Slug: "light-regime-eu", Kind: KindRegime, Jurisdiction: "EU",
			Title: Text{"EUs lettere regime for sosiale og andre særlige tjenester", "EU light regime for social and other specific services"},
			Summary: Text{"Tjenester i direktivets vedlegg XIV har en terskelverdi på 750 000 euro og få prosedyreregler: kunngjøring, likebehandling og åpenhet.",
				"Services in Annex XIV of the directive have a threshold of €750,000 and few procedural rules: a notice, equal treatment and transparency."},
			Body: Text{
				NB: `Artikkel 74–77 i direktiv 2014/24/EU gjelder sosiale og andre særlige tjenester (vedlegg XIV), som helse, omsorg, utdanning og kultur, når verdien er minst 750 000 euro (artikkel 4 bokstav d).

Reglene er få:
- kommunen kunngjør at den vil kjøpe, med en kunngjøring om konkurranse eller en løpende forhåndskunngjøring (artikkel 75);
- den kunngjør resultatet;
- medlemsstatene fastsetter prosedyren, og den skal sikre åpenhet og likebehandling; kommunen kan legge vekt på kvalitet, kontinuitet, tilgjengelighet og brukernes behov (artikkel 76);
- visse helse-, sosial- og kulturtjenester kan reserveres for organisasjoner med et samfunnsoppdrag, for høyst tre år (artikkel 77).`,
				EN: `Articles 74–77 of Directive 2014/24/EU govern social and other specific services (Annex XIV), such as health, care, education and culture, when the value is at least €750,000 (Article 4(d)).

The rules are few:
- the authority announces its intention to buy, by a contract notice or a prior information notice published continuously (Article 75);
- it publishes the result;
- member states set the procedure, which must ensure transparency and equal treatment; the authority may weigh quality, continuity, accessibility and the users' needs (Article 76);
- certain health, social and cultural services may be reserved to organisations with a public-service mission, for at most three years (Article 77).`},
			Citations: []Citation{directive("Art. 4(d)"), directive("Art. 74–77"), directive("Annex XIV")},
			Related:   []string{"light-regime-no", "light-touch-uk", "procedure-light-regime", "threshold-eu"},
		},
		{
			Slug: "light-touch-uk", Kind: KindRegime, Jurisdiction: "UK",
			Title: Text{"Light-touch-kontrakter (Storbritannia)", "Light touch contracts (UK)"},
			Summary: Text{"Visse helse-, sosial-, utdannings- og andre tjenester som ytes direkte til mennesker har en høyere terskelverdi og mer fleksible regler etter Procurement Act 2023.",
				"Certain health, social, education and other services delivered directly to people have a higher threshold and more flexible rules under the Procurement Act 2023."},
			Body: Text{
				NB: `Etter section 9 er en light-touch-kontrakt en kontrakt som helt eller hovedsakelig gjelder tjenester som forskriftene (Procurement Regulations 2024, Schedule 1) lister opp med CPV-koder. Terskelverdien er 663 540 pund inkludert mva. fra 1. januar 2026.

Loven har ingen egen prosedyre for disse kontraktene. De følger de vanlige reglene, med unntak som gir mer frihet, for eksempel ingen obligatorisk karensperiode. Kontrakten må fortsatt kunngjøres med en tender notice, med mindre et grunnlag for direkte tildeling gjelder.

Visse kontrakter kan reserveres for «public service mutuals» for høyst fem år (section 33). I England kjøpes helsetjenester av NHS-organer og kommuner etter Provider Selection Regime, ikke etter loven.`,
				EN: `Under section 9 a light touch contract is one wholly or mainly for services listed, with CPV codes, in regulations (the Procurement Regulations 2024, Schedule 1). The threshold is £663,540 including VAT from 1 January 2026.

The Act has no separate procedure for these contracts. They follow the general rules, with exceptions that give more freedom, for example no mandatory standstill period. The contract must still be advertised with a tender notice unless a direct award ground applies.

Some contracts may be reserved to public service mutuals for at most five years (section 33). In England, health care services bought by NHS bodies and councils follow the Provider Selection Regime instead of the Act.`},
			Citations: []Citation{pa23("s. 9", "/section/9"), pa23("Sch. 1", "/schedule/1"), pa23("s. 33", "/section/33"),
				{Source: Text{"Cabinet Office: Light Touch Summary Document", "Cabinet Office: Light Touch Summary Document"}, URL: "https://www.gov.uk/government/publications/the-official-procurement-act-2023-e-learning/light-touch-summary-document"}},
			Related:   []string{"threshold-uk", "light-regime-eu", "procedure-light-regime"},
			ValidFrom: day(2025, 2, 24),
		},
		{
			Slug: "pipeline-notice-uk", Kind: KindRegime, Jurisdiction: "UK",
			Title: Text{"Pipeline notice (Storbritannia, s. 93)", "Pipeline notice (UK, s. 93)"},
			Summary: Text{"En oppdragsgiver som venter å betale mer enn 100 millioner pund i neste regnskapsår, publiserer innen 56 dager etter 1. april en oversikt over planlagte kontrakter over 2 millioner pund.",
				"An authority that expects to pay more than £100 million in the coming financial year publishes, within 56 days of 1 April, a notice of its planned contracts above £2 million."},
			Body: Text{
				NB: `Section 93 i Procurement Act 2023 gjelder oppdragsgivere som mener de i det kommende regnskapsåret vil betale mer enn 100 millioner pund under kontrakter etter loven. De må publisere en pipeline notice innen 56 dager fra første dag i regnskapsåret (1. april, altså innen 26. mai).

Oversikten tar med hver planlagt kontrakt med anslått verdi over 2 millioner pund som oppdragsgiveren vil kunngjøre (tender notice) eller tildele direkte (transparency notice) i perioden: hva som skal kjøpes, og når kunngjøring og tildeling er ventet. Unntatte kontrakter (Schedule 2) er ikke med.

Oversikten binder ikke oppdragsgiveren, og den bør holdes oppdatert gjennom året. Den publiseres på den sentrale digitale plattformen (Find a Tender). cityspend skriver den fra de publiserte punktene i innkjøpsplanen.`,
				EN: `Section 93 of the Procurement Act 2023 applies to an authority that considers it will pay more than £100 million under relevant contracts in the coming financial year. It must publish a pipeline notice within 56 days of the first day of that year (1 April, so by 26 May).

The notice lists every planned public contract with an estimated value of more than £2 million for which the authority intends to publish a tender notice or a transparency notice in the period: what will be bought, and when the notice and the award are expected. Exempted contracts (Schedule 2) are left out.

The notice does not bind the authority, and it should be kept up to date during the year. It is published on the central digital platform (Find a Tender). cityspend writes it from the published items of the procurement plan.`},
			Citations: []Citation{pa23("s. 93", "/section/93"), pa23("Sch. 2", "/schedule/2")},
			Related:   []string{"threshold-uk", "guidance-market-dialogue", "procedure-competitive-flexible-uk"},
			ValidFrom: day(2025, 2, 24),
		},
	}
}

func rulePages() []Page {
	return []Page{
		{
			Slug: "estimate-value", Kind: KindRule,
			Title: Text{"Beregning av anskaffelsens verdi", "Estimating the value of a purchase"},
			Summary: Text{"Verdien er alt kommunen kan komme til å betale ekskl. mva., med opsjoner og forlengelser, over hele løpetiden (48 måneder når den er ubestemt). En anskaffelse kan ikke deles opp for å komme under en terskelverdi.",
				"The value is everything the buyer may pay excluding VAT, with options and extensions, over the whole term (48 months when open-ended). A purchase may not be split to stay under a threshold."},
			Body: Text{
				NB: `Hvilke regler som gjelder, avgjøres av anskaffelsens anslåtte verdi. Slik regnes den:
- den samlede betalingen ekskl. mva. over hele kontraktens løpetid, med alle opsjoner og forlengelser;
- kontrakter uten fast totalpris: med løpetid inntil 48 måneder regnes verdien for løpetiden; er løpetiden lengre eller ubestemt, regnes månedsverdien ganger 48;
- rammeavtaler: den største samlede verdien av alle avrop i avtalens løpetid;
- når en anskaffelse deles i delkontrakter, regnes verdien av alle delkontraktene sammen.

Kommunen kan ikke dele opp en anskaffelse for å komme under en terskelverdi. Kjøp som naturlig hører sammen (samme slags behov, samme leverandørmarked) regnes sammen for hele organisasjonen. cityspend summerer derfor innkjøp per kategori og per leverandør over rullerende 48 måneder, og sier «mulig», ikke «ulovlig».`,
				EN: `Which rules apply depends on the purchase's estimated value. It is calculated like this:
- the total payable excluding VAT over the whole term of the contract, with every option and extension;
- contracts without a total price: for a term of up to 48 months, the value over the term; for a longer or open-ended term, the monthly value times 48;
- framework agreements: the highest total value of all call-offs over the framework's term;
- when a purchase is divided into lots, the value of all lots together.

A buyer may not split a purchase to stay under a threshold. Purchases that naturally belong together (the same kind of need, the same supplier market) are added up across the whole organisation. cityspend therefore sums spend by category and by supplier over a rolling 48 months, and says "possible", never "unlawful".`},
			Citations: []Citation{foa("§ 5-4"), directive("Art. 5"), veileder(), pa23("", "")},
			Related:   []string{"threshold-no-floor", "threshold-no-national", "threshold-no-eea", "threshold-eu", "threshold-uk", "direct-award", "guidance-lots-sme"},
		},
		{
			Slug: "direct-award", Kind: KindRule,
			Title: Text{"Direkte anskaffelse over en terskelverdi", "A purchase above a threshold without a competition"},
			Summary: Text{"Kjøp over en terskelverdi uten kunngjøring og konkurranse er bare lovlig når et unntak gjelder. Ellers kan det være en ulovlig direkte anskaffelse.",
				"A purchase above a threshold without a notice and a competition is lawful only where an exception applies. Otherwise it may be an unlawful direct award."},
			Body: Text{
				NB: `Når verdien av en anskaffelse er over en terskelverdi, skal den som hovedregel kunngjøres og konkurranseutsettes. En direkte anskaffelse er lovlig bare når
- den er unntatt fra regelverket (egenregi, samarbeid mellom offentlige oppdragsgivere, avrop på en rammeavtale, unntatte tjenester), eller
- et av unntakene for konkurranse med forhandling uten kunngjøring (§ 13-3) eller anskaffelse uten konkurranse (§ 13-4) gjelder, for eksempel at bare én leverandør kan levere av tekniske grunner, eller uforutsett, ekstrem hast.

Klagenemnda for offentlige anskaffelser (KOFA) og domstolene kan ilegge gebyr for ulovlige direkte anskaffelser.

Et funn i cityspend om mulig direkte anskaffelse betyr at betalingene til en leverandør for en kategori over 48 måneder er over en terskelverdi uten at cityspend kjenner en kontrakt eller et unntak som dekker dem. Funnet forsvinner når kommunen registrerer kontrakten, rammeavtalen eller unntaket, eller forklarer det i en beslutning.`,
				EN: `When the value of a purchase is above a threshold, it must as a rule be advertised and put to competition. A direct award is lawful only when
- the purchase is outside the rules (in-house, cooperation between public bodies, a call-off under a framework agreement, excluded services), or
- one of the grounds for a negotiated procedure without prior publication applies, for example only one supplier can deliver for technical reasons, or unforeseeable extreme urgency.

Review bodies and courts can impose fines for unlawful direct awards (in Norway the complaints board KOFA).

A cityspend finding of a possible direct award means that payments to one supplier for one category over 48 months are above a threshold and cityspend knows of no contract or exemption covering them. The finding clears when the buyer records the contract, the framework or the exemption, or explains it in a decision.`},
			Citations: []Citation{foa("§ 13-3"), foa("§ 13-4"), loa("§ 4"), directive("Art. 32"), pa23("", "")},
			Related: []string{"estimate-value", "exemption-in-house", "exemption-inter-municipal", "exemption-public-body",
				"exemption-framework-call-off", "exemption-excluded-services", "threshold-no-national", "light-regime-no"},
		},
	}
}
