// SPDX-License-Identifier: EUPL-1.2

package handbook

func exemptionPages() []Page {
	return []Page{
		{
			Slug: "exemption-in-house", Kind: KindExemption,
			Title: Text{"Egenregi og utvidet egenregi (Teckal)", "In-house awards (Teckal)"},
			Summary: Text{"Kjøp fra egen organisasjon, eller fra et selskap kommunen kontrollerer som sin egen avdeling og som gjør det meste av arbeidet for den, er ikke en anskaffelse etter regelverket.",
				"Buying from one's own organisation, or from a company the buyer controls like its own department and that does most of its work for it, is not a purchase under the rules."},
			Body: Text{
				NB: `Egenregi: Når kommunen løser en oppgave med egne ressurser, er det ingen kontrakt og ingen anskaffelse. Et kommunalt foretak (KF) er en del av kommunen, ikke et eget rettssubjekt, så kommunens kjøp fra eget KF er egenregi.

Utvidet egenregi (anskaffelsesforskriften § 3-1, direktivet artikkel 12 nr. 1): kontrakter med et eget rettssubjekt, for eksempel et aksjeselskap, er unntatt når tre vilkår er oppfylt:
- kontrollvilkåret: kommunen har kontroll over selskapet som over sin egen virksomhet (avgjørende innflytelse over strategiske mål og viktige beslutninger);
- aktivitetsvilkåret: mer enn 80 prosent av selskapets aktivitet er oppgaver for den eller de kontrollerende oppdragsgiverne;
- kapitalvilkåret: ingen direkte privat kapitalandel i selskapet (med snevre unntak fastsatt i lov).

Når vilkårene er oppfylt, foreslår cityspend ikke kontrakten for konkurranse og lager ikke funn om direkte anskaffelse. Dokumenter vurderingen; vilkårene må være oppfylt hele tiden, ikke bare da kontrakten ble inngått.

Storbritannia: kontrakter med et selskap oppdragsgiveren kontrollerer, og som gjør mer enn 80 prosent av sin aktivitet for den, er unntatt etter Procurement Act 2023 Schedule 2 Part 1 («vertical arrangements»).`,
				EN: `In-house: when a municipality does a task with its own resources there is no contract and no purchase. A Norwegian municipal enterprise (kommunalt foretak, KF) is part of the municipality, not a separate legal person, so buying from one's own KF is in-house.

Extended in-house (Norway's Regulations § 3-1, Article 12(1) of the directive, the Teckal case law): contracts with a separate legal person, such as a limited company, are exempt when three conditions are met:
- control: the buyer controls the company as it controls its own departments (decisive influence over strategic objectives and significant decisions);
- activity: more than 80 % of the company's activities are tasks for the controlling authority or authorities;
- capital: no direct private capital participation (with narrow exceptions set by law).

When the conditions are met, cityspend does not propose the contract for tender and raises no direct-award finding. Record the assessment; the conditions must hold all the time, not only when the contract was made.

UK: contracts with a person the authority controls and that carries out more than 80 % of its activities for it are exempted under Schedule 2, Part 1 of the Procurement Act 2023 (vertical arrangements).`},
			Citations: []Citation{foa("§ 3-1"), directive("Art. 12(1)"), pa23("Sch. 2, Part 1, para. 2", "/schedule/2/part/1"), veileder()},
			Related:   []string{"exemption-inter-municipal", "exemption-public-body", "direct-award"},
		},
		{
			Slug: "exemption-inter-municipal", Kind: KindExemption,
			Title: Text{"Interkommunale selskaper og offentlig-offentlig samarbeid", "Inter-municipal companies and public-public cooperation"},
			Summary: Text{"Et interkommunalt selskap (IKS) som eierkommunene kontrollerer i fellesskap, og samarbeid mellom offentlige oppdragsgivere om felles oppgaver, kan være unntatt fra konkurranse.",
				"An inter-municipal company (in Norway an IKS) that its owner municipalities control jointly, and cooperation between public bodies on shared tasks, may be exempt from competition."},
			Body: Text{
				NB: `Kommuner kan samarbeide på mange måter (kommuneloven § 17-1): interkommunale selskaper (IKS), kommunale oppgavefellesskap, vertskommunesamarbeid, aksjeselskaper og andre. For anskaffelsesreglene er to unntak viktige:

Felles kontroll (anskaffelsesforskriften kapittel 3, direktivet artikkel 12 nr. 3): et IKS eller et annet selskap som flere oppdragsgivere kontrollerer i fellesskap, kan få kontrakter fra eierne uten konkurranse når
- eierne sammen har avgjørende innflytelse, og hver eier er representert i selskapets styrende organer;
- selskapet ikke har interesser som strider mot eiernes;
- mer enn 80 prosent av aktiviteten er oppgaver for eierne;
- det ikke er direkte privat kapital i selskapet.

Horisontalt samarbeid (direktivet artikkel 12 nr. 4): to eller flere offentlige oppdragsgivere samarbeider om å utføre offentlige oppgaver de har felles, samarbeidet styres bare av hensyn til allmennhetens interesse, og de utfører mindre enn 20 prosent av aktiviteten i markedet.

Et brannvesen, et renovasjonsselskap eller et revisjonsselskap eid av kommunene i regionen er typiske eksempler. cityspend foreslår ikke slike kontrakter for konkurranse og lager ikke funn om direkte anskaffelse når leverandøren er registrert som IKS eller egenregi. Vurder vilkårene for hvert selskap og dokumenter vurderingen.

Storbritannia: Procurement Act 2023 Schedule 2 Part 1 unntar både vertikale ordninger (felles kontroll) og horisontale ordninger mellom oppdragsgivere.`,
				EN: `Norwegian municipalities cooperate in many forms (Local Government Act § 17-1): inter-municipal companies (IKS), joint task bodies, host-municipality arrangements, limited companies and others. Two exemptions of the procurement rules matter:

Joint control (Norway's Regulations chapter 3, Article 12(3) of the directive): an IKS or another company controlled jointly by several authorities may receive contracts from its owners without competition when
- the owners together exert decisive influence, and each owner is represented in its decision-making bodies;
- the company pursues no interests contrary to its owners';
- more than 80 % of its activities are tasks for the owners;
- there is no direct private capital in it.

Horizontal cooperation (Article 12(4)): two or more public authorities cooperate to perform public services they have in common, the cooperation is governed only by the public interest, and they perform less than 20 % of the activities concerned on the open market.

A fire service, a waste company or an audit company owned by the municipalities of a region are typical examples. cityspend does not propose such contracts for tender and raises no direct-award finding when the supplier is recorded as an IKS or in-house. Assess the conditions for each company and record the assessment.

UK: Schedule 2, Part 1 of the Procurement Act 2023 exempts both vertical arrangements (including joint control) and horizontal arrangements between authorities.`},
			Citations: []Citation{foa("kap. 3"), directive("Art. 12(3)"), directive("Art. 12(4)"),
				{Source: Text{"Kommuneloven (LOV-2018-06-22-83)", "Norway's Local Government Act (kommuneloven), LOV-2018-06-22-83"}, Section: "§ 17-1", URL: "https://lovdata.no/lov/2018-06-22-83/§17-1"},
				pa23("Sch. 2, Part 1", "/schedule/2/part/1")},
			Related: []string{"exemption-in-house", "exemption-public-body", "direct-award"},
		},
		{
			Slug: "exemption-public-body", Kind: KindExemption,
			Title: Text{"Kjøp fra andre offentlige organer og eneretter", "Purchases between public bodies and exclusive rights"},
			Summary: Text{"Tjenester kjøpt fra et offentlig organ som har enerett til å yte dem etter lov eller forskrift, og visse samarbeid mellom offentlige organer, er unntatt.",
				"Services bought from a public body that holds an exclusive right to provide them under law or regulation, and certain cooperation between public bodies, are exempt."},
			Body: Text{
				NB: `Ikke alle betalinger til offentlige organer er anskaffelser. To tilfeller er unntatt:
- Enerett (direktivet artikkel 11): en tjeneste kjøpt fra en offentlig oppdragsgiver som har enerett til å yte den etter lov eller forskrift som er forenlig med EU/EØS-retten.
- Samarbeid mellom offentlige oppdragsgivere som oppfyller vilkårene i direktivet artikkel 12; se siden om interkommunale selskaper og offentlig-offentlig samarbeid.

Mange betalinger til staten, fylkeskommunen eller andre kommuner er dessuten ikke kjøp i det hele tatt: skatter og avgifter, gebyrer, refusjoner og overføringer. cityspend holder slike betalinger utenfor innkjøpsomfanget etter egne regler.

Et kjøp fra et offentlig organ som konkurrerer i markedet, uten enerett og utenfor et samarbeid som nevnt, er en vanlig anskaffelse. Betalingen alene avgjør ikke; kontrakten og rettsgrunnlaget gjør det.`,
				EN: `Not every payment to a public body is a purchase. Two cases are exempt:
- Exclusive right (Article 11 of the directive): a service bought from a contracting authority that holds an exclusive right to provide it under a law or regulation compatible with EU/EEA law.
- Cooperation between public authorities that meets the conditions of Article 12; see the page on inter-municipal companies and public-public cooperation.

Many payments to the state, the county or other municipalities are not purchases at all: taxes and duties, fees, refunds and transfers. cityspend keeps such payments out of the procurement scope by its own rules.

A purchase from a public body that competes in the market, without an exclusive right and outside such cooperation, is an ordinary purchase. The payment alone does not decide it; the contract and its legal basis do.`},
			Citations: []Citation{directive("Art. 11"), directive("Art. 12"), foa(""), pa23("Sch. 2, Part 1", "/schedule/2/part/1")},
			Related:   []string{"exemption-inter-municipal", "exemption-in-house", "exemption-excluded-services"},
		},
		{
			Slug: "exemption-framework-call-off", Kind: KindExemption,
			Title: Text{"Avrop på rammeavtaler", "Call-offs under a framework agreement"},
			Summary: Text{"Et kjøp under en rammeavtale som ble konkurranseutsatt, og der kommunen er part, er dekket av rammeavtalens konkurranse. Det trengs ingen ny kunngjøring.",
				"A purchase under a framework agreement that was competed, with the buyer a party to it, is covered by the framework's competition. No new notice is needed."},
			Body: Text{
				NB: `En rammeavtale fastsetter vilkårene for kjøp i en periode, som regel høyst fire år. Konkurransen ble holdt da rammeavtalen ble inngått; avropene under den er ikke nye anskaffelser.

Vilkårene er at
- kommunen er part i rammeavtalen eller er nevnt som avropsberettiget (for eksempel i en avtale fra en innkjøpssentral eller et innkjøpssamarbeid);
- kjøpet ligger innenfor det rammeavtalen dekker, i tid, innhold og verdi;
- avropet følger avtalens regler: direkte etter avtalens vilkår, eller ved en konkurranse mellom leverandørene på avtalen (minikonkurranse).

Rammeavtalens anslåtte verdi er summen av alle avrop i løpetiden, og den avgjorde hvilke regler konkurransen fulgte. Når kommunen kjøper mer enn rammen eller etter at avtalen er utløpt, dekker den ikke lenger kjøpet. cityspend regner kjøp fra en leverandør med en gyldig rammeavtale for samme kategori som dekket.`,
				EN: `A framework agreement sets the terms for purchases over a period, usually at most four years. The competition was held when the framework was made; the call-offs under it are not new purchases.

The conditions are that
- the buyer is a party to the framework or named in it as entitled to call off (for instance under an agreement of a central purchasing body or a purchasing consortium);
- the purchase is within what the framework covers, in time, scope and value;
- the call-off follows the framework's rules: direct on its terms, or by a further competition between the suppliers on it (a mini-competition).

The framework's estimated value is the total of all call-offs over its term, and that value decided which rules its competition followed. When the buyer buys beyond the framework's maximum or after it has expired, it no longer covers the purchase. cityspend treats purchases from a supplier with a valid framework for the same category as covered.`},
			Citations: []Citation{directive("Art. 33"), directive("Art. 5"), foa(""), pa23("", "")},
			Related:   []string{"estimate-value", "direct-award", "guidance-joint-cross-border"},
		},
		{
			Slug: "exemption-excluded-services", Kind: KindExemption,
			Title: Text{"Tjenester regelverket unntar", "Services the law excludes"},
			Summary: Text{"Kjøp og leie av fast eiendom, arbeidskontrakter, visse juridiske og finansielle tjenester og enkelte andre tjenester er unntatt fra anskaffelsesreglene.",
				"Buying or renting land and buildings, employment contracts, certain legal and financial services and a few other services are outside the procurement rules."},
			Body: Text{
				NB: `Direktivet artikkel 10 og de nasjonale reglene som gjennomfører den unntar blant annet
- kjøp eller leie av grunn, eksisterende bygninger eller annen fast eiendom, eller rettigheter til slik eiendom;
- arbeidskontrakter (ansettelser);
- voldgift og mekling, og visse juridiske tjenester (representasjon av en advokat i en rettssak, notarialtjenester og andre knyttet til utøvelse av offentlig myndighet);
- finansielle tjenester knyttet til verdipapirer, og lån;
- visse tjenester innen sivilt forsvar, beredskap og fare (av ideelle organisasjoner), og politiske kampanjer;
- forsknings- og utviklingstjenester der oppdragsgiveren ikke alene betaler og får resultatene (artikkel 14).

Storbritannia har lignende unntak i Procurement Act 2023 Schedule 2 Part 2 (unntak etter kontraktens gjenstand).

Unntakene tolkes snevert. Et leieforhold der kommunen bestiller et nytt bygg etter egne krav, er for eksempel en bygge- og anleggskontrakt, ikke leie. cityspend holder lønn, husleie og finansposter utenfor innkjøpsomfanget etter kontoen, og kommunen kan registrere unntaket for en kontrakt eller leverandør.`,
				EN: `Article 10 of the directive, and the national rules that carry it out, exclude among other things
- buying or renting land, existing buildings or other immovable property, or rights in them;
- employment contracts;
- arbitration and conciliation, and certain legal services (a lawyer representing a client in court proceedings, notarial services and others connected with official authority);
- financial services in connection with securities, and loans;
- certain civil defence and danger prevention services (by non-profit organisations), and political campaign services;
- research and development services where the buyer does not alone pay for and receive the results (Article 14).

The UK has similar exemptions in Schedule 2, Part 2 of the Procurement Act 2023 (exempted by subject matter).

The exclusions are read narrowly. A lease where the municipality orders a new building to its own requirements is, for example, a works contract, not a lease. cityspend keeps wages, rent and financial items out of the procurement scope by account, and the buyer can record the exclusion for a contract or a supplier.`},
			Citations: []Citation{directive("Art. 10"), directive("Art. 14"), foa(""), pa23("Sch. 2, Part 2", "/schedule/2/part/2")},
			Related:   []string{"exemption-public-body", "procedure-pre-commercial", "direct-award"},
		},
	}
}
