// SPDX-License-Identifier: EUPL-1.2

package handbook

func procedurePages() []Page {
	return []Page{
		{
			Slug: "procedure-below-threshold", Kind: KindProcedure,
			Title: Text{"Konkurranse under EØS-terskelverdi (del I og II) og under terskelverdi i Storbritannia", "Competition below the thresholds (Norway's Parts I and II, UK below-threshold contracts)"},
			Summary: Text{"Under terskelverdiene er reglene enklere, men kommunen må fortsatt skape konkurranse, behandle leverandørene likt og kunne dokumentere valget.",
				"Below the thresholds the rules are simpler, but the buyer must still seek competition, treat suppliers equally and be able to show how it chose."},
			Body: Text{
				NB: `Norge:
- Fra 100 000 kroner til 1,3 millioner kroner (del I): ingen fast prosedyre, men de grunnleggende prinsippene gjelder. Be om tilbud fra flere leverandører der det er mulig, og dokumenter hvorfor valget falt som det gjorde.
- Fra 1,3 millioner kroner til EØS-terskelverdien (del II): kunngjøring på Doffin og en tilbudskonkurranse, åpen (alle kan levere tilbud) eller begrenset (de kvalifiserte inviteres). Kommunen kan forhandle hvis den har sagt det i kunngjøringen. Fristene skal være rimelige.

Storbritannia: Under terskelverdiene i Schedule 1 er en kontrakt en «below-threshold contract». Kontrakter på minst 30 000 pund (12 000 pund for sentrale myndigheter) skal, hvis de kunngjøres, kunngjøres på den sentrale plattformen, og tildelte kontrakter skal publiseres. Oppdragsgiveren kan ikke ha et eget utvelgelsestrinn før tilbudene (section 85) og skal vurdere hindringer for små og mellomstore bedrifter (section 86).

Små kontrakter er de mest tilgjengelige for små lokale leverandører. Enkle dokumenter og rimelige frister hjelper dem mer enn noen preferanse kan.`,
				EN: `Norway:
- From NOK 100,000 to NOK 1.3 million (Part I): no set procedure, but the basic principles apply. Ask several suppliers for tenders where possible, and record why the choice fell as it did.
- From NOK 1.3 million to the EEA threshold (Part II): a notice on Doffin and a competition, open (anyone may tender) or restricted (qualified suppliers are invited). The buyer may negotiate if it said so in the notice. Time limits must be reasonable.

UK: below the Schedule 1 thresholds a contract is a below-threshold contract. Contracts of at least £30,000 (£12,000 for central government) must, if advertised, be advertised on the central digital platform, and awarded contracts published. The authority may not run a separate selection stage before tenders (section 85) and must consider barriers to small and medium-sized enterprises (section 86).

Small contracts are the ones small local suppliers can most easily win. Simple documents and reasonable time limits help them more than any preference could.`},
			Citations: []Citation{loa("§ 4"), foa("§ 5-1"), veileder(), pa23("Part 6, ss. 84–88", "/part/6"), pa23("s. 86", "/section/86")},
			Related:   []string{"threshold-no-floor", "threshold-no-national", "threshold-uk", "guidance-lots-sme", "guidance-market-dialogue"},
		},
		{
			Slug: "procedure-open", Kind: KindProcedure,
			Title: Text{"Åpen anbudskonkurranse", "Open procedure"},
			Summary: Text{"Alle interesserte leverandører kan levere tilbud i ett trinn. Alltid tillatt over EØS-terskelverdien.",
				"Any interested supplier may submit a tender, in one stage. Always allowed above the thresholds."},
			Body: Text{
				NB: `I en åpen anbudskonkurranse kunngjør kommunen kontrakten, og alle interesserte leverandører leverer tilbud. Det er ingen forhandling; kommunen kan bare be om avklaringer. Prosedyren passer når behovet kan beskrives presist og markedet har ferdige løsninger.

Etter direktivet er minstefristen for tilbud 35 dager fra kunngjøringen er sendt, 30 dager når tilbud kan leveres elektronisk, og kortere (ned til 15 dager) etter en forhåndskunngjøring. I Storbritannia er fristen i den åpne prosedyren minst 25 dager når tilbud leveres elektronisk.

For små leverandører er åpen konkurranse ofte den enkleste veien inn: én innlevering, ingen prekvalifisering. Del opp i delkontrakter der det passer.`,
				EN: `In an open procedure the buyer advertises the contract and every interested supplier submits a tender. There is no negotiation; the buyer may only seek clarifications. The procedure suits needs that can be described precisely, in markets with ready-made solutions.

Under the directive the minimum time for tenders is 35 days from the notice, 30 days when tenders may be submitted electronically, and shorter (down to 15 days) after a prior information notice. In the UK the open procedure's tendering period is at least 25 days for electronic tenders.

For small suppliers an open procedure is often the easiest way in: one submission, no pre-qualification. Divide into lots where it fits.`},
			Citations: []Citation{directive("Art. 26"), directive("Art. 27"), foa("kap. 13"), veileder(), pa23("s. 20", "/section/20")},
			Related:   []string{"procedure-restricted", "threshold-no-eea", "threshold-eu", "guidance-lots-sme"},
		},
		{
			Slug: "procedure-restricted", Kind: KindProcedure,
			Title: Text{"Begrenset anbudskonkurranse", "Restricted procedure"},
			Summary: Text{"To trinn: alle kan be om å delta, og de kvalifiserte som blir valgt ut, leverer tilbud. Alltid tillatt over EØS-terskelverdien.",
				"Two stages: anyone may ask to take part, and the qualified suppliers selected submit tenders. Always allowed above the thresholds."},
			Body: Text{
				NB: `I en begrenset anbudskonkurranse ber leverandørene først om å delta. Kommunen kontrollerer kvalifikasjonene og kan velge ut et begrenset antall etter objektive kriterier som er kunngjort på forhånd (minst fem etter direktivet). Bare de utvalgte leverer tilbud, og det forhandles ikke.

Etter direktivet er minstefristen 30 dager for forespørsler om å delta og 30 dager for tilbud. Kommuner og andre ikke-sentrale oppdragsgivere kan avtale tilbudsfristen med de utvalgte.

Prosedyren passer når mange kan være interessert og tilbudene er kostbare å skrive. I Storbritannia finnes den ikke som egen prosedyre; den kan bygges med den konkurransebaserte fleksible prosedyren.`,
				EN: `In a restricted procedure suppliers first ask to take part. The buyer checks their qualifications and may select a limited number by objective criteria announced in advance (at least five under the directive). Only those selected submit tenders, and there is no negotiation.

Under the directive the minimum time is 30 days for requests to participate and 30 days for tenders. Municipalities and other sub-central authorities may agree the tender deadline with those selected.

The procedure suits contracts that may interest many suppliers and whose tenders are costly to write. The UK has no separate restricted procedure; one can be built with the competitive flexible procedure.`},
			Citations: []Citation{directive("Art. 28"), directive("Art. 65"), foa("kap. 13"), veileder()},
			Related:   []string{"procedure-open", "procedure-competitive-flexible-uk", "threshold-no-eea"},
		},
		{
			Slug: "procedure-negotiated", Kind: KindProcedure,
			Title: Text{"Konkurranse med forhandling", "Competitive procedure with negotiation"},
			Summary: Text{"Kommunen forhandler med de utvalgte leverandørene om tilbudene. Tillatt over EØS-terskelverdien når ferdige løsninger ikke dekker behovet, ved design eller innovasjon, eller når kontrakten er kompleks.",
				"The buyer negotiates the tenders with the selected suppliers. Allowed above the thresholds when ready-made solutions do not meet the need, for design or innovation, or when the contract is complex."},
			Body: Text{
				NB: `Konkurranse med forhandling er en totrinnsprosedyre: leverandørene ber om å delta, kommunen prekvalifiserer og velger ut, og de utvalgte leverer tilbud som det forhandles om. Minstekravene og tildelingskriteriene kan det ikke forhandles om.

Over EØS-terskelverdien kan prosedyren brukes når minst ett av vilkårene i forskriften § 13-2 (direktivet artikkel 26 nr. 4) er oppfylt, blant annet når
- behovet ikke kan dekkes uten å tilpasse løsninger som finnes;
- kontrakten omfatter design eller innovative løsninger;
- kontrakten ikke kan tildeles uten forhandling på grunn av art, kompleksitet eller risiko;
- kravspesifikasjonen ikke kan beskrives presist nok.

Under EØS-terskelverdien kan kommunen forhandle når den har sagt det i kunngjøringen. Forhandlingene skal behandle alle likt: samme informasjon til alle, og ingen leverandørs løsning gis videre til andre.`,
				EN: `The competitive procedure with negotiation has two stages: suppliers ask to take part, the buyer pre-qualifies and selects, and those selected submit tenders that are then negotiated. The minimum requirements and the award criteria are not negotiable.

Above the thresholds the procedure may be used when at least one condition of Article 26(4) of the directive (§ 13-2 of Norway's Regulations) is met, among them when
- the need cannot be met without adapting solutions already available;
- the contract includes design or innovative solutions;
- the contract cannot be awarded without negotiation because of its nature, complexity or risks;
- the specifications cannot be set precisely enough.

Below the Norwegian EEA threshold a buyer may negotiate if it said so in the notice. Negotiations must treat everyone alike: the same information to all, and no supplier's solution passed on to others.`},
			Citations: []Citation{foa("§ 13-2"), directive("Art. 26(4)"), directive("Art. 29"),
				{Source: Text{"Regjeringen.no: Konkurranse med forhandling etter forutgående kunngjøring", "Regjeringen.no: competitive procedure with negotiation (in Norwegian)"},
					URL: "https://www.regjeringen.no/no/tema/naringsliv/konkurransepolitikk/offentlige-anskaffelser-/andre-kolonne/anskaffelsesprosedyrer-i-del-iii/konkurranse-med-forhandling-etter-forutgaende-kunngjoring/id2568588/"}},
			Related: []string{"procedure-competitive-dialogue", "procedure-innovation-partnership", "procedure-competitive-flexible-uk", "guidance-market-dialogue"},
		},
		{
			Slug: "procedure-competitive-dialogue", Kind: KindProcedure,
			Title: Text{"Konkurransepreget dialog", "Competitive dialogue"},
			Summary: Text{"Kommunen kjenner behovet, men ikke løsningen, og utvikler løsningene i dialog med hver av de utvalgte leverandørene før de leverer endelige tilbud.",
				"The buyer knows its need but not the solution, and develops solutions in dialogue with each selected supplier before they submit final tenders."},
			Body: Text{
				NB: `I en konkurransepreget dialog beskriver kommunen behovet og kravene, velger ut kvalifiserte leverandører og fører dialog med hver av dem om alle sider ved anskaffelsen: teknikk, juss, økonomi og gjennomføring. Dialogen kan gå i flere runder og snevres inn. Når løsningen er klar, leverer leverandørene endelige tilbud.

Vilkårene for å bruke prosedyren er de samme som for konkurranse med forhandling (forskriften § 13-2, direktivet artikkel 26 nr. 4). Forskjellen er at kommunen her i større grad bare har et behov og er åpen for ulike løsninger.

Råd for å lykkes:
- en tydelig plan for dialogen i konkurransedokumentene (antall runder, tema i hver);
- et tverrfaglig team med mandat til å beslutte underveis;
- tid og ressurser, både hos kommunen og leverandørene; vurder godtgjøring for deltakerne;
- ingen leverandørs løsning eller forretningshemmeligheter gis videre uten samtykke.`,
				EN: `In a competitive dialogue the buyer describes its need and requirements, selects qualified suppliers and holds a dialogue with each about every aspect of the purchase: technical, legal, financial and delivery. The dialogue may run in several rounds and narrow down. Once the solution is clear, the suppliers submit final tenders.

The conditions for using it are those of the competitive procedure with negotiation (Article 26(4) of the directive, § 13-2 of Norway's Regulations). The difference is that here the buyer mostly has a need and is open to different solutions.

To succeed:
- a clear plan of the dialogue in the procurement documents (number of rounds, the topics of each);
- a team from several disciplines with a mandate to decide as things become clear;
- time and resources, for the buyer and for the suppliers; consider paying participants;
- no supplier's solution or trade secrets passed on without consent.`},
			Citations: []Citation{directive("Art. 30"), directive("Art. 26(4)"), foa("§ 13-2"),
				anskaffelser(Text{"DFØ: Konkurransepreget dialog", "DFØ (Norwegian Agency for Public and Financial Management): competitive dialogue (in Norwegian)"}, "/avtaler-og-regelverk/anskaffelsesprosedyrer/konkurransepreget-dialog")},
			Related: []string{"procedure-negotiated", "procedure-innovation-partnership", "guidance-market-dialogue"},
		},
		{
			Slug: "procedure-innovation-partnership", Kind: KindProcedure,
			Title: Text{"Innovasjonspartnerskap", "Innovation partnership"},
			Summary: Text{"Én prosedyre for både å utvikle en løsning som ikke finnes i markedet og å kjøpe den etterpå, uten ny konkurranse.",
				"One procedure both to develop a solution the market does not have and to buy it afterwards, without a new competition."},
			Body: Text{
				NB: `Innovasjonspartnerskap kan bare brukes når kommunen trenger varer, tjenester eller bygg og anlegg som ikke finnes i markedet. Markedsdialog på forhånd bør vise at det er slik.

Slik går det:
- konkurransegrunnlaget beskriver behovet, ikke en detaljert løsning, og sier hvilke ordninger som gjelder for immaterielle rettigheter;
- leverandørene prekvalifiseres etter kompetanse i forskning, utvikling og innføring av nye løsninger;
- kommunen forhandler og inngår partnerskap med én eller flere leverandører;
- utviklingen går i faser med delmål; kommunen kan avslutte etter hver fase;
- når løsningen når de avtalte ytelsesmålene og ikke koster mer enn den avtalte maksimumskostnaden, kan kommunen kjøpe den.

Verdien av anskaffelsen er summen av utviklingen og det forventede kjøpet, og verdien av kjøpet må stå i forhold til investeringen i utviklingen. Prosedyren krever tid og ressurser; vurder førkommersielle anskaffelser når risikoen er høy og løsningen ennå er forskning.`,
				EN: `An innovation partnership may be used only when the buyer needs goods, services or works the market does not have. Market dialogue beforehand should show that this is so.

How it works:
- the documents describe the need, not a detailed solution, and say how intellectual property will be handled;
- suppliers are pre-qualified on their capacity in research, development and putting new solutions into use;
- the buyer negotiates and sets up the partnership with one or more suppliers;
- development runs in phases with intermediate targets; the buyer may end the partnership after each phase;
- when the solution meets the agreed performance levels within the agreed maximum cost, the buyer may buy it.

The value is the development plus the expected purchase, and the purchase must be proportionate to the investment in development. The procedure takes time and resources; consider pre-commercial procurement when the risk is high and the solution is still research.`},
			Citations: []Citation{directive("Art. 31"), directive("Art. 26(3)"), foa("kap. 13"), veileder(),
				anskaffelser(Text{"DFØ: Utarbeide konkurransegrunnlag og kontrakt ved innovasjonspartnerskap", "DFØ: documents and contract for an innovation partnership (in Norwegian)"},
					"/avtaler-og-regelverk/anskaffelsesprosedyrer/innovasjonspartnerskap/utarbeide-konkurransegrunnlag-og-kontrakt-ved-innovasjonspartnerskap")},
			Related: []string{"procedure-pre-commercial", "procedure-competitive-dialogue", "guidance-market-dialogue", "guidance-joint-cross-border"},
		},
		{
			Slug: "procedure-pre-commercial", Kind: KindProcedure,
			Title: Text{"Førkommersielle anskaffelser (PCP)", "Pre-commercial procurement (PCP)"},
			Summary: Text{"Kjøp av forsknings- og utviklingstjenester i konkurrerende faser, der risiko og resultater deles med leverandørene. Faller utenfor direktivet når kommunen ikke alene betaler for og eier resultatene.",
				"Buying research and development services in competing phases, sharing risks and results with suppliers. Outside the directive when the buyer does not alone pay for and own the results."},
			Body: Text{
				NB: `En førkommersiell anskaffelse kjøper forskning og utvikling, ikke et ferdig produkt. Flere leverandører konkurrerer i faser (løsningsdesign, prototyp, uttesting), og de beste går videre. Kommunen deler rettighetene til resultatene med leverandørene og betaler en markedspris for utviklingen.

Direktivet gjelder ikke forsknings- og utviklingstjenester der kommunen ikke alene betaler og får alle resultatene (artikkel 14). Europakommisjonens meddelelse om førkommersielle anskaffelser fra 2007 beskriver en fremgangsmåte som holder seg innenfor dette og innenfor reglene om offentlig støtte. Prinsippene om åpenhet, likebehandling og konkurranse gjelder likevel: kunngjør konkurransen og behandle alle likt.

Et kjøp av den ferdige løsningen etterpå er en ny anskaffelse med konkurranse. Vil kommunen utvikle og kjøpe i samme prosedyre, er innovasjonspartnerskap veien.`,
				EN: `Pre-commercial procurement buys research and development, not a finished product. Several suppliers compete in phases (solution design, prototype, testing), and the best go on. The buyer shares the rights to the results with the suppliers and pays a market price for the development.

The directive does not apply to research and development services where the buyer does not alone pay for and receive all the results (Article 14). The European Commission's 2007 communication on pre-commercial procurement describes an approach that stays within that exclusion and within the state aid rules. The principles of transparency, equal treatment and competition still apply: advertise the competition and treat everyone alike.

Buying the finished solution afterwards is a new purchase with competition. To develop and buy in one procedure, use an innovation partnership.`},
			Citations: []Citation{directive("Art. 14"),
				{Source: Text{"Europakommisjonen: Pre-commercial Procurement, COM(2007) 799", "European Commission: Pre-commercial Procurement: Driving innovation, COM(2007) 799"},
					URL: "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52007DC0799"}},
			Related: []string{"procedure-innovation-partnership", "guidance-market-dialogue", "guidance-joint-cross-border"},
		},
		{
			Slug: "procedure-competitive-flexible-uk", Kind: KindProcedure, Jurisdiction: "UK",
			Title: Text{"Konkurransebasert fleksibel prosedyre (Storbritannia)", "Competitive flexible procedure (UK)"},
			Summary: Text{"Etter Procurement Act 2023 kan oppdragsgiveren utforme sin egen konkurranse, med trinn, forhandling og dialog, når den er forholdsmessig.",
				"Under the Procurement Act 2023 the authority may design its own competition, with stages, negotiation and dialogue, as long as it is proportionate."},
			Body: Text{
				NB: `Section 20 i Procurement Act 2023 gir to konkurranseprosedyrer: den åpne prosedyren (ett trinn, alle kan levere tilbud) og den konkurransebaserte fleksible prosedyren, som oppdragsgiveren utformer selv. Den erstatter begrenset prosedyre, konkurranse med forhandling, konkurransepreget dialog og innovasjonspartnerskap etter de gamle reglene.

Oppdragsgiveren må sørge for at prosedyren er et forholdsmessig middel, sett i lys av kontraktens art, kompleksitet og kostnad, og følge lovens mål i section 12: verdi for pengene, samfunnsnytte, åpenhet, integritet, likebehandling og å vurdere hindringer for små og mellomstore bedrifter.

Prosedyren beskrives i tender notice og konkurransedokumentene: trinnene, hvordan antallet leverandører kan reduseres, og om det blir forhandling eller dialog.`,
				EN: `Section 20 of the Procurement Act 2023 provides two competitive tendering procedures: the open procedure (one stage, anyone may tender) and the competitive flexible procedure, which the authority designs itself. It replaces the restricted procedure, the competitive procedure with negotiation, competitive dialogue and innovation partnership of the old rules.

The authority must make sure the procedure is a proportionate means of awarding the contract, having regard to its nature, complexity and cost, and follow the objectives of section 12: value for money, public benefit, transparency, integrity, equal treatment, and considering the barriers small and medium-sized enterprises face.

The procedure is set out in the tender notice and the tender documents: its stages, how the number of suppliers may be reduced, and whether there will be negotiation or dialogue.`},
			Citations: []Citation{pa23("s. 20", "/section/20"), pa23("s. 12", "/section/12")},
			Related:   []string{"procedure-open", "procedure-negotiated", "threshold-uk", "pipeline-notice-uk"},
			ValidFrom: day(2025, 2, 24),
		},
		{
			Slug: "procedure-light-regime", Kind: KindProcedure,
			Title: Text{"Prosedyre for særlige tjenester", "Procedure under the light regime"},
			Summary: Text{"Over den særlige terskelverdien kunngjøres kontrakten, men kommunen utformer prosedyren selv, med vekt på kvalitet, kontinuitet og brukernes behov.",
				"Above the special threshold the contract is advertised, but the buyer designs the procedure, weighing quality, continuity and the users' needs."},
			Body: Text{
				NB: `For helse- og sosialtjenester og andre særlige tjenester over den særlige terskelverdien skal kommunen kunngjøre at den vil kjøpe og kunngjøre resultatet. Ut over det står den fritt til å utforme prosedyren, så lenge den er åpen og behandler leverandørene likt og forholdsmessig.

Godt å tenke på:
- beskriv hvordan tilbudene vurderes, og hold deg til det;
- legg vekt på kvalitet, kontinuitet, tilgjengelighet og brukernes medvirkning; pris kan være ett av flere kriterier;
- vurder lengre kontrakter der kontinuitet er viktig for brukerne, og opsjoner som gir rom for å justere;
- visse tjenester kan reserveres for ideelle organisasjoner (Norge) eller organisasjoner med et samfunnsoppdrag (EU artikkel 77, britiske «public service mutuals»).

I Storbritannia følger light-touch-kontrakter de vanlige prosedyrene med lettelser; se siden om light-touch-kontrakter.`,
				EN: `For health and social services and other specific services above the special threshold, the buyer must announce that it intends to buy, and publish the result. Beyond that it is free to design the procedure, as long as it is transparent and treats suppliers equally and proportionately.

Worth considering:
- say how tenders will be assessed, and keep to it;
- weigh quality, continuity, accessibility and the users' involvement; price may be one criterion among several;
- consider longer contracts where continuity matters to users, and options that leave room to adjust;
- some services may be reserved to non-profit organisations (Norway) or organisations with a public-service mission (EU Article 77, UK public service mutuals).

In the UK, light touch contracts follow the general procedures with flexibilities; see the page on light touch contracts.`},
			Citations: []Citation{directive("Art. 75"), directive("Art. 76"), directive("Art. 77"), foa("§ 5-3"), pa23("s. 9", "/section/9")},
			Related:   []string{"light-regime-no", "light-regime-eu", "light-touch-uk", "guidance-social-criteria"},
		},
	}
}
