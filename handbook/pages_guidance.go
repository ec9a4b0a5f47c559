// SPDX-License-Identifier: EUPL-1.2

package handbook

func guidancePages() []Page {
	return []Page{
		{
			Slug: "guidance-social-criteria", Kind: KindGuidance,
			Title: Text{"Sosiale hensyn i anskaffelser", "Social criteria in procurement"},
			Summary: Text{"Lønns- og arbeidsvilkår, lærlinger, menneskerettigheter og tilgjengelighet kan stilles som krav eller kriterier når de har tilknytning til det som kjøpes.",
				"Pay and working conditions, apprentices, human rights and accessibility may be required or rewarded when they are linked to what is bought."},
			Body: Text{
				NB: `Anskaffelsesloven § 5 sier at offentlige oppdragsgivere skal innrette anskaffelsespraksisen sin slik at den bidrar til å redusere skadelig miljøpåvirkning, og at de kan stille krav og kriterier som fremmer blant annet sosiale hensyn og menneskerettigheter, når de har tilknytning til leveransen. Direktivet artikkel 18 nr. 2 krever at leverandørene følger arbeidsrettslige og sosiale forpliktelser.

Slik kan kommunen gjøre det:
- krav til lønns- og arbeidsvilkår for dem som utfører arbeidet, og kontroll med dem;
- krav om lærlinger i lengre bygge- og anleggskontrakter og i bransjer der det er behov for lærlingplasser;
- krav om at varene er produsert under forhold som respekterer grunnleggende menneskerettigheter, med oppfølging i kontraktsperioden;
- tildelingskriterier for kvalitet som betyr noe for brukerne, for eksempel kontinuitet og tilgjengelighet.

Kravene må stå i forhold til kontrakten og ikke favorisere lokale leverandører. Å kreve at arbeidet utføres av folk fra kommunen, eller å gi poeng for å ha adresse der, er ikke lov: det bryter med likebehandling. Små, lokale leverandører hjelpes best med delkontrakter, enkle krav og god dialog.`,
				EN: `Norway's Procurement Act § 5 says that public buyers must organise their procurement so that it helps reduce harmful environmental impact, and that they may set requirements and criteria promoting, among other things, social considerations and human rights, where these are linked to what is delivered. Article 18(2) of the directive requires suppliers to meet their obligations under labour and social law.

A buyer can, for example:
- require decent pay and working conditions for those who do the work, and check them;
- require apprentices in longer works contracts and in trades that need apprenticeships;
- require goods produced in conditions that respect basic human rights, and follow up during the contract;
- award points for quality that matters to users, such as continuity and accessibility.

Requirements must be proportionate to the contract and must not favour local suppliers. Requiring the work to be done by residents, or scoring a local address, is not allowed: it breaks equal treatment. Small local suppliers are best helped by lots, simple requirements and good dialogue.

In the UK, the Procurement Act 2023 asks authorities to have regard to maximising public benefit (section 12), and the National Procurement Policy Statement sets priorities.`},
			Citations: []Citation{loa("§ 5"), directive("Art. 18(2)"), directive("Art. 67"), pa23("s. 12", "/section/12")},
			Related:   []string{"guidance-green-criteria", "guidance-lots-sme", "procedure-light-regime"},
		},
		{
			Slug: "guidance-green-criteria", Kind: KindGuidance, Jurisdiction: "",
			Title: Text{"Klima- og miljøhensyn: minst 30 prosent", "Green criteria: climate and environment weighted at least 30 %"},
			Summary: Text{"I Norge skal klima- og miljøhensyn vektes med minst 30 prosent i tildelingen fra 1. januar 2024, eller stilles som krav når det klart gir bedre effekt.",
				"In Norway climate and environment must weigh at least 30 % in the award from 1 January 2024, or be set as requirements where that clearly works better."},
			Body: Text{
				NB: `Anskaffelsesloven § 5 sier at anskaffelsene skal bidra til å redusere skadelig miljøpåvirkning og fremme klimavennlige løsninger der det er relevant.

Anskaffelsesforskriften § 7-9, slik den lyder fra 1. januar 2024, skjerper dette: klima- og miljøhensyn skal som hovedregel vektes med minst 30 prosent i tildelingskriteriene. Unntak:
- kommunen kan i stedet stille klima- og miljøkrav i kravspesifikasjonen når det klart gir bedre klima- og miljøeffekt; det må begrunnes i anskaffelsesdokumentene;
- plikten faller bort når anskaffelsen etter sin art har et uvesentlig klimaavtrykk og en uvesentlig miljøbelastning.

Reglene gjelder anskaffelser som kunngjøres fra 1. januar 2024. DFØs veileder har eksempler for de viktigste kategoriene (bygg og anlegg, transport, mat, IT og møbler m.m.).

Råd: kartlegg først hvor klimaavtrykket er stort (cityspends klimaside viser et anslag per kategori), velg kriterier leverandørene kan dokumentere, og følg opp i kontraktsperioden. I EU gir direktivet handlingsrom for miljøkriterier og livssykluskostnader, men ingen fast vekt.`,
				EN: `Norway's Procurement Act § 5 says that purchasing must help reduce harmful environmental impact and promote climate-friendly solutions where relevant.

Section 7-9 of the Regulations, as in force from 1 January 2024, sharpens this: as a rule, climate and environment must weigh at least 30 % in the award criteria. Exceptions:
- the buyer may instead set climate and environmental requirements in the specification where that clearly gives a better climate and environmental effect; the reason must be given in the procurement documents;
- the duty falls away when the purchase by its nature has an insignificant climate footprint and environmental impact.

The rules apply to purchases advertised from 1 January 2024. DFØ's guide has examples for the main categories (construction, transport, food, IT, furniture and more).

Advice: find first where the footprint is large (cityspend's climate page estimates it by category), choose criteria suppliers can document, and follow up during the contract. In the EU the directive leaves room for environmental criteria and life-cycle costing, but sets no fixed weight.`},
			Citations: []Citation{foa("§ 7-9"), loa("§ 5"), directive("Art. 18(2)"), directive("Art. 67"),
				anskaffelser(Text{"DFØ: Veileder til regler om klima- og miljøhensyn i offentlige anskaffelser", "DFØ: guide to the climate and environment rules in public procurement (in Norwegian)"},
					"/verktoy/veiledere/veileder-til-regler-om-klima-og-miljohensyn-i-offentlige-anskaffelser/1-innledning")},
			Related:   []string{"guidance-social-criteria", "guidance-market-dialogue"},
			ValidFrom: day(2024, 1, 1),
			Changes: []Change{
				{From: day(2017, 5, 1), What: Text{"§ 7-9 om minimering av miljøbelastning trer i kraft.", "Section 7-9 on minimising environmental impact comes into force."}},
				{From: day(2024, 1, 1), What: Text{"Klima- og miljøhensyn skal vektes med minst 30 prosent, med unntak.", "Climate and environment must weigh at least 30 %, with exceptions."}},
			},
		},
		{
			Slug: "guidance-joint-cross-border", Kind: KindGuidance,
			Title: Text{"Felles anskaffelser, også over landegrensene", "Joint procurement, across borders too"},
			Summary: Text{"Kommuner kan kjøpe sammen, også med oppdragsgivere i andre EØS-land, for å dele kostnader og risiko, særlig ved innovative anskaffelser.",
				"Buyers may procure together, also with authorities in other EEA countries, to share cost and risk, especially for innovation."},
			Body: Text{
				NB: `Felles anskaffelser gir større volum, deler arbeidet og risikoen, og gjør det lettere å prøve nye løsninger. Det gjelder særlig innovasjonspartnerskap og førkommersielle anskaffelser, der behovet ofte er det samme i mange byer.

Direktivet artikkel 39 lar oppdragsgivere fra ulike EU/EØS-land kjøpe sammen:
- gjennom en innkjøpssentral i et annet land;
- ved en felles konkurranse, der en avtale mellom oppdragsgiverne fordeler ansvaret og sier hvilket lands regler som gjelder;
- gjennom et felles organ opprettet av oppdragsgiverne, for eksempel en europeisk gruppe for territorialt samarbeid.

Praktiske råd:
- skriv en samarbeidsavtale tidlig: hvem kunngjør, hvem evaluerer, hvem inngår og følger opp kontrakten, hvordan kostnader og rettigheter deles;
- avklar språk, valuta og hvilket lands klageorgan som gjelder;
- hold markedsdialog sammen, slik at leverandørene møter ett behov.

cityspend viser andre kjøpere med samme behov i innovasjonsmegleren og kan invitere dem til felles anskaffelse.`,
				EN: `Joint procurement adds volume, shares the work and the risk, and makes it easier to try new solutions. This matters most for innovation partnerships and pre-commercial procurement, where many cities share the same need.

Article 39 of the directive lets authorities from different EU/EEA countries buy together:
- through a central purchasing body in another country;
- by a joint procurement, where an agreement between the authorities allocates responsibilities and says which country's law applies;
- through a joint entity the authorities set up, such as a European grouping of territorial cooperation.

In practice:
- write a cooperation agreement early: who publishes, who evaluates, who signs and manages the contract, how costs and rights are shared;
- settle the language, the currency and which country's review body applies;
- hold the market dialogue together, so that suppliers meet one need.

cityspend's innovation broker shows other buyers with the same need and can invite them to procure jointly.`},
			Citations: []Citation{directive("Art. 39"), directive("Art. 38"), veileder()},
			Related:   []string{"procedure-innovation-partnership", "procedure-pre-commercial", "guidance-market-dialogue", "exemption-framework-call-off"},
		},
		{
			Slug: "guidance-market-dialogue", Kind: KindGuidance,
			Title: Text{"Dialog med markedet før konkurransen", "Market dialogue before the competition"},
			Summary: Text{"Kommunen kan og bør snakke med markedet før den kunngjør, så lenge alle leverandører behandles likt og ingen får en urimelig fordel.",
				"A buyer may, and should, talk to the market before it advertises, as long as every supplier is treated alike and none gains an unfair advantage."},
			Body: Text{
				NB: `Dialog med markedet gir bedre behovsbeskrivelser, realistiske krav og flere tilbud. Regelverket hindrer ikke dialog før konkurransen (anskaffelsesforskriften § 9-3 under EØS-terskelverdi og § 12-2 over), så lenge den ikke gir noen en urimelig konkurransefordel eller røper forretningshemmeligheter.

Slik kan dialogen foregå:
- kunngjør en markedsdialog eller et leverandørmøte, slik at alle kan komme;
- publiser spørsmål og svar til alle;
- legg utkast til kravspesifikasjon ut på høring og be om innspill;
- ha møter en og en med flere leverandører, med samme agenda.

Etter at anskaffelsen er kunngjort, er det for sent å ta hensyn til råd. En leverandør som har hjulpet med å forberede konkurransen, kan delta, men kommunen må sørge for at den ikke får en fordel, for eksempel ved å dele informasjonen med alle og gi rimelige frister.

I Storbritannia beskriver Procurement Act 2023 section 16 og 17 forhåndsdialog med markedet og kunngjøring av den. cityspends innovasjonsmegler publiserer utfordringer, spørsmål og svar til alle interesserte, og varsler leverandører om muligheter uten å se på hvor de holder til eller hvor store de er.`,
				EN: `Market dialogue gives better descriptions of the need, realistic requirements and more tenders. The rules allow dialogue before the competition (Norway's Regulations § 9-3 below the EEA threshold and § 12-2 above; Article 40 of the directive), as long as it gives no one an unfair advantage and reveals no trade secrets.

Ways to hold it:
- announce a market dialogue or a suppliers' day, so that anyone can come;
- publish the questions and answers to all;
- put a draft specification out for comment;
- meet several suppliers one by one, with the same agenda.

Once the purchase is advertised it is too late to act on advice. A supplier that helped prepare the competition may take part, but the buyer must make sure it gains no advantage, for instance by sharing the information with all and giving reasonable time limits.

In the UK, sections 16 and 17 of the Procurement Act 2023 govern preliminary market engagement and its notice. cityspend's innovation broker publishes challenges, questions and answers to everyone interested, and tells suppliers of opportunities without regard to where they are or how big they are.`},
			Citations: []Citation{foa("§ 9-3"), foa("§ 12-2"), directive("Art. 40"), directive("Art. 41"), pa23("s. 16", "/section/16"),
				anskaffelser(Text{"DFØ: Regler for dialog med markedet", "DFØ: rules for market dialogue (in Norwegian)"},
					"/anskaffelsesprosessen/anskaffelsesprosessen-steg-steg/avklare-behov-og-forberede-konkurransen/lage-konkurransestrategi/kartlegging-og-dialog-med-markedet/dialog-med-markedet/regler-dialog-med-markedet")},
			Related: []string{"procedure-competitive-dialogue", "procedure-innovation-partnership", "guidance-lots-sme", "pipeline-notice-uk"},
		},
		{
			Slug: "guidance-lots-sme", Kind: KindGuidance,
			Title: Text{"Delkontrakter og små og mellomstore bedrifter", "Lots and small and medium-sized enterprises"},
			Summary: Text{"Over EØS-terskelverdien skal kommunen vurdere å dele kontrakten i delkontrakter og begrunne det hvis den ikke gjør det. Delkontrakter er den lovlige måten å åpne for mindre leverandører.",
				"Above the EEA thresholds the buyer must consider dividing the contract into lots and explain if it does not. Lots are the lawful way to open contracts to smaller suppliers."},
			Body: Text{
				NB: `Anskaffelsesforskriften § 19-4 (direktivet artikkel 46) sier at kommunen over EØS-terskelverdien skal vurdere å dele opp anskaffelsen i delkontrakter, og begrunne i anskaffelsesdokumentene hvorfor den eventuelt ikke gjør det. Formålet er å gjøre det lettere for små og mellomstore bedrifter å delta og å sikre konkurranse også på lang sikt.

Delkontrakter kan deles
- etter mengde (for eksempel 2 × 50 sykehjemsplasser i stedet for 100);
- etter fag (tømrer, elektro, rør i stedet for én totalentreprise);
- etter geografi (rute for rute, skole for skole);
- etter produkt eller tjeneste.

Kommunen kan begrense hvor mange delkontrakter én leverandør kan få, og kunngjøre det. Verdien av alle delkontraktene regnes sammen når terskelverdien vurderes; oppdeling kan ikke brukes til å komme under den.

Likebehandling gjelder: delkontrakter skal passe markedet, ikke bestemte leverandører. Å gi fordel til lokale eller små bedrifter i utvelgelsen eller tildelingen er ikke lov. I Storbritannia skal oppdragsgiveren vurdere hindringer for små og mellomstore bedrifter og om de kan fjernes (Procurement Act 2023 section 12(4)).`,
				EN: `Section 19-4 of Norway's Regulations (Article 46 of the directive) says that above the EEA threshold the buyer must consider dividing the purchase into lots, and explain in the procurement documents why if it does not. The aim is to make it easier for small and medium-sized enterprises to take part and to keep competition alive in the long run.

Lots may be divided
- by quantity (for instance 2 × 50 care-home places instead of 100);
- by trade (carpentry, electrical, plumbing instead of one main contract);
- by area (route by route, school by school);
- by product or service.

The buyer may limit the number of lots one supplier can win, and must say so in the notice. The value of all lots is added up when the threshold is judged; dividing cannot be used to stay under it.

Equal treatment applies: lots should fit the market, not particular suppliers. Favouring local or small firms in selection or award is not allowed. In the UK the authority must have regard to the barriers small and medium-sized enterprises face and consider whether they can be removed or reduced (Procurement Act 2023 section 12(4)).`},
			Citations: []Citation{foa("§ 19-4"), directive("Art. 46"), pa23("s. 12(4)", "/section/12"),
				anskaffelser(Text{"DFØ: Oppdeling av anskaffelser i delkontrakter", "DFØ: dividing purchases into lots (in Norwegian)"},
					"/anskaffelsesprosessen/anskaffelsesprosessen-steg-steg/avklare-behov-og-forberede-konkurransen/lage-konkurransestrategi/oppdeling-av-anskaffelser-i-delkontrakter")},
			Related: []string{"estimate-value", "procedure-below-threshold", "guidance-market-dialogue", "guidance-social-criteria"},
		},
	}
}
