// SPDX-License-Identifier: EUPL-1.2

package i18n

import "regexp"

// Reason writes a register's or the payee resolver's reason in the
// locale's language. The reasons are English phrases kept with the data
// (the API and the exports give them as they are: "in 3909 Larvik",
// "legal form AS", "12 employees in the register", "close to "NORD VEI AS"
// (0.93)"); a bokmål page writes them by the phrases of reasonsNB, in
// order. What no phrase covers stays as written.
func (l *Locale) Reason(s string) string {
	if l.Lang != "nb" || s == "" {
		return s
	}
	for _, r := range reasonsNB {
		s = r.re.ReplaceAllString(s, r.nb)
	}
	return s
}

type reasonPhrase struct {
	re *regexp.Regexp
	nb string
}

func phrases(pairs ...string) []reasonPhrase {
	out := make([]reasonPhrase, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, reasonPhrase{regexp.MustCompile(pairs[i]), pairs[i+1]})
	}
	return out
}

// reasonsNB are the phrases of the reasons the register package
// (register/profile.go, register/place.go, register/index.go,
// register/resolve.go), the registers it loads (Brønnøysund, Companies
// House, the charity registers, SIRENE) and the reference tables
// (refdata's public and social legal forms, company and size categories
// and sector codes, refdata/publicbody's names) write, with their bokmål.
// The most specific come first.
var reasonsNB = phrases(
	// Decisions by hand.
	`decided by (\S+) on (\d{4}-\d\d-\d\d): `, "avgjort av $1 $2: ",
	` \(kept unresolved\)`, " (holdt ukoblet)",
	`not resolved to a registered organisation`, "ikke koblet til en registrert virksomhet",
	// The UK and French registers (register/companieshouse, charity,
	// sirene; refdata's company categories and size categories;
	// refdata/publicbody's UK bodies). Before the phrases of place and
	// legal form, which share words with them.
	`registered charity (\S+) that is also this company \(charity register\)`, "registrert veldedig organisasjon $1 som også er dette selskapet (veldedighetsregisteret)",
	`registered charity \(Charity Commission for England and Wales\)`, "registrert veldedig organisasjon (veldedighetstilsynet for England og Wales)",
	`registered charity \(Scottish Charity Regulator\)`, "registrert veldedig organisasjon (det skotske veldedighetstilsynet)",
	`registered charity \(Charity Commission for Northern Ireland\)`, "registrert veldedig organisasjon (veldedighetstilsynet for Nord-Irland)",
	`registered charity`, "registrert veldedig organisasjon",
	`in the social and solidarity economy \(SIRENE\)`, "i den sosiale og solidariske økonomien (SIRENE)",
	`(?i:scottish charitable incorporated organisation)`, "skotsk veldedig organisasjon med begrenset ansvar (SCIO)",
	`charitable incorporated organisation`, "veldedig organisasjon med begrenset ansvar (CIO)",
	`community interest company`, "samfunnsinteresseselskap (CIC)",
	`registered society \(co-operative or community benefit society\)`, "registrert forening (samvirke eller allmennyttig forening)",
	`industrial and provident society \(co-operative or community benefit society\)`, "eldre samvirkeforening (samvirke eller allmennyttig forening)",
	` \(company category ([^)]+)\)`, " (selskapskategori «$1»)",
	` \(its name ends with ([^)]+)\)`, " (navnet slutter på $1)",
	` \(companies-house\)`, " (Companies House)",
	` \(charities\)`, " (veldedighetsregistrene)",
	` \(sirene\)`, " (SIRENE)",
	`former local authority in the ONS / GOV\.UK list`, "tidligere lokal myndighet i listen til ONS / GOV.UK",
	`former combined authority in the ONS / GOV\.UK list`, "tidligere regional samarbeidsmyndighet i listen til ONS / GOV.UK",
	`local authority in the ONS / GOV\.UK list`, "lokal myndighet i listen til ONS / GOV.UK",
	`combined authority in the ONS / GOV\.UK list`, "regional samarbeidsmyndighet i listen til ONS / GOV.UK",
	` \((\S+): the initials of the buyer's own council or of the county council over it\)`, " ($1: forbokstavene til oppdragsgiverens egen lokale myndighet eller til fylkesmyndigheten over den)",
	`the UK tax authority \(GOV\.UK\)`, "den britiske skattemyndigheten (GOV.UK)",
	`a ministerial department \(GOV\.UK\)`, "et departement (GOV.UK)",
	`an executive agency \(GOV\.UK\)`, "et statlig forvaltningsorgan under et departement (GOV.UK)",
	`a non-ministerial department \(GOV\.UK\)`, "et statlig organ uten egen statsråd (GOV.UK)",
	`a non-departmental public body \(GOV\.UK\)`, "et offentlig organ utenfor departementene (GOV.UK)",
	`an NHS body \(GOV\.UK\)`, "et organ i NHS, den britiske helsetjenesten (GOV.UK)",
	`a public service pension scheme \(GOV\.UK\)`, "en offentlig tjenestepensjonsordning (GOV.UK)",
	`the strategic authority for London \(GOV\.UK\)`, "den strategiske myndigheten for London (GOV.UK)",
	`a Local Government Pension Scheme fund \(LGPS Regulations 2013, Sch\. 3\)`, "et pensjonsfond i den britiske kommunale pensjonsordningen LGPS (LGPS Regulations 2013, Sch. 3)",
	`the Local Government Pension Scheme fund of (.+)$`, "pensjonsfondet til $1 i den britiske kommunale pensjonsordningen LGPS",
	`a parish, town or community council \(by its statutory title\)`, "et lokalråd for et sogn, et tettsted eller et lokalsamfunn (etter tittelen loven gir det)",
	`a council \(by its statutory title; not in the ONS / GOV\.UK list\)`, "en lokal myndighet (etter tittelen loven gir den; ikke i listen til ONS / GOV.UK)",
	`a combined authority \(by its statutory title\)`, "en regional samarbeidsmyndighet (etter tittelen loven gir den)",
	`a police body \(by its statutory title\)`, "et politiorgan (etter tittelen loven gir det)",
	`a fire and rescue authority \(by its statutory title\)`, "en brann- og redningsmyndighet (etter tittelen loven gir den)",
	`an NHS body \(its name carries NHS\)`, "et organ i NHS, den britiske helsetjenesten (navnet har NHS)",
	`a government department \(by its title\)`, "et departement (etter tittelen)",
	`a court \(court fees\)`, "en domstol (rettsgebyr)",
	`^organisation form \((\S+)\)$`, "organisasjonsform ($1)",
	// A register's form by its name (Companies House's "Private Limited
	// Company"), quoted as the register writes it.
	`^legal form ([A-Z][a-z][^,;]*)$`, "organisasjonsform «$1»",
	// Size by a register's band, turnover or category.
	`head-count band (\S+) \(classified by head count only\)`, "ansattintervall $1 (klassifisert bare etter antall ansatte)",
	`turnover €(\d+) \(≤ €(\d+)m\)`, "omsetning €$1 (≤ €$2 mill.)",
	`turnover €(\d+) \(> €(\d+)m\)`, "omsetning €$1 (> €$2 mill.)",
	`accounts filed as a micro-entity \(`, "regnskap levert som mikroforetak (",
	`accounts filed as a small company \(`, "regnskap levert som lite selskap (",
	`small-company accounts exempt from audit \(`, "regnskap for lite selskap, fritatt for revisjon (",
	`full accounts exempt from audit as a small company \(`, "fullstendig regnskap, fritatt for revisjon som lite selskap (",
	`abridged accounts, open to small companies only \(`, "forenklet regnskap, som bare små selskaper kan levere (",
	`accounts filed as a medium-sized company \(`, "regnskap levert som mellomstort selskap (",
	`(entreprise de taille intermédiaire|grande entreprise) in SIRENE \(250–4,999 employees; `, "$1 i SIRENE (250–4 999 ansatte; ",
	`(entreprise de taille intermédiaire|grande entreprise) in SIRENE`, "$1 i SIRENE",
	// Place.
	`registered abroad \(([A-Z]{2})\)`, "registrert i utlandet ($1)",
	` \(from the ledger lines\)`, " (fra bilagslinjene)",
	`, registered under the old code (\d+)`, ", registrert under det gamle kommunenummeret $1",
	`, outside the region`, ", utenfor regionen",
	`, in county (\S+)`, ", i fylke $1",
	`, in the buyer's region list`, ", i oppdragsgiverens liste over regionen",
	`, in region (.+)$`, ", i region $1",
	`, in the region`, ", i regionen",
	`, but no municipality is known`, ", men ingen kommune er kjent",
	`^no address$`, "ingen adresse",
	`postcode (.+?) is neither local nor in the region`, "postnummer $1 er verken lokalt eller i regionen",
	`postcode (.+?) is local`, "postnummer $1 er lokalt",
	`postcode (.+?) is in the region`, "postnummer $1 er i regionen",
	`postcode (.+?) covers (.+?), all local`, "postnummer $1 dekker $2, alle lokale",
	`postcode (.+?) covers (.+?), all in the region`, "postnummer $1 dekker $2, alle i regionen",
	`postcode (.+?) covers (.+?), all outside the region`, "postnummer $1 dekker $2, alle utenfor regionen",
	` \(by postcode (.+?) \(terminated (\d{4}-\d\d)\) in the postcode register\)`, " (etter postnummer $1 (nedlagt $2) i postnummerregisteret)",
	` \(by postcode (.+?) in the postcode register\)`, " (etter postnummer $1 i postnummerregisteret)",
	`(^|; |, )branch (\d+) `, "${1}underenhet $2 ",
	// A municipality by its code: Norway's four digits, France's five
	// (a commune), the UK's nine (a GSS code, E07000178).
	`(^|; |, |underenhet \d+ )in (\d{4,5}\b|[EWSN]\d{8}\b)`, "${1}i $2",
	// A place by its name ("in ORKANGER", "in NO, but ..."): at the start
	// or after a branch, where "in" is always the place.
	`(^|; |underenhet \d+ )in ([A-ZÆØÅ])`, "${1}i $2",
	// Type: public bodies by their names (refdata/publicbody).
	`^a municipality \(its name says kommune\)$`, "en kommune (navnet sier kommune)",
	`^a county \(its name says fylkeskommune\)$`, "en fylkeskommune (navnet sier fylkeskommune)",
	`^an inter-municipal company or a municipal enterprise \(IKS, KF, FKF in the name\)$`, "et interkommunalt selskap eller kommunalt foretak (IKS, KF, FKF i navnet)",
	`^a health trust \(HF, RHF in the name\)$`, "et helseforetak (HF, RHF i navnet)",
	`^the tax authority$`, "Skatteetaten",
	`^the state's pension fund$`, "Statens pensjonskasse",
	`^a state agency$`, "en statlig etat",
	`^the police$`, "politiet",
	// Type: public bodies and the social economy (refdata/nace.go).
	`inter-municipal company \(IKS\)`, "interkommunalt selskap (IKS)",
	`county municipal enterprise \(FKF\)`, "fylkeskommunalt foretak (FKF)",
	`municipal enterprise \(KF\)`, "kommunalt foretak (KF)",
	`county council \(FYLK\)`, "fylkeskommune (FYLK)",
	`municipality \(KOMM\)`, "kommune (KOMM)",
	`the state \(STAT\)`, "staten (STAT)",
	`part of the state \(ORGL\)`, "del av staten (ORGL)",
	`state enterprise \(SF\)`, "statsforetak (SF)",
	`the Church of Norway \(KIRK\)`, "Den norske kirke (KIRK)",
	`administrative unit of the public sector \(ADOS\)`, "administrativ enhet i offentlig sektor (ADOS)",
	`central government \(sector 6100\)`, "statsforvaltningen (sektor 6100)",
	`local government \(sector 6500\)`, "kommuneforvaltningen (sektor 6500)",
	`state-owned company \(sector 1110\)`, "statseid selskap (sektor 1110)",
	`municipally owned company \(sector 1120\)`, "kommuneeid selskap (sektor 1120)",
	`non-profit institution \(sector 7000\)`, "ideell organisasjon (sektor 7000)",
	`association \(FLI\)`, "forening (FLI)",
	`foundation \(STI\)`, "stiftelse (STI)",
	`cooperative \(SA\)`, "samvirkeforetak (SA)",
	`in the register of voluntary organisations`, "i Frivillighetsregisteret",
	`a registered business`, "en registrert virksomhet",
	// Size.
	`(\d+) employees in the register`, "$1 ansatte i registeret",
	`head count withheld by the register \(under 5\)`, "antall ansatte skjermet i registeret (under 5)",
	`sole proprietorship with no registered head count`, "enkeltpersonforetak uten registrert antall ansatte",
	`the register gives no head count or turnover`, "registeret oppgir verken antall ansatte eller omsetning",
	// Resolution: by number.
	`no name and no organisation number`, "verken navn eller organisasjonsnummer",
	`organisation number (\S+) of a branch of (.+?), in `, "organisasjonsnummer $1 til en underenhet av $2, i ",
	`organisation number (\S+) of a branch of `, "organisasjonsnummer $1 til en underenhet av ",
	`organisation number (\S+) is not in the loaded registers`, "organisasjonsnummer $1 finnes ikke i registrene som er lastet inn",
	`organisation number `, "organisasjonsnummer ",
	` \(not in the loaded registers\)`, " (ikke i de innlastede registrene)",
	`\bin the name or number columns`, "i navne- eller nummerkolonnene",
	`the name or number columns`, "navne- eller nummerkolonnene",
	`, among the buyer's suppliers known by number`, ", blant oppdragsgiverens leverandører kjent ved nummer",
	` \(registered as (.+?)\)$`, " (registrert som $1)",
	// Resolution: by name.
	`no registered name is close enough \(best "(.+?)", (\d)\.(\d+)\)`, "ikke noe registrert navn er nært nok (nærmest «$1», $2,$3)",
	`no registered name is close`, "ikke noe registrert navn er nært",
	`ambiguous: "(.+?)" and "(.+?)" are equally close`, "tvetydig: «$1» og «$2» er like nære",
	`ambiguous: (\d+) registered organisations share the name`, "tvetydig: $1 registrerte virksomheter har navnet",
	`ambiguous: "(.+?)" is registered as (\S+), "(.+?)" as (\S+)`, "tvetydig: «$1» er registrert som $2, «$3» som $4",
	`the name says (\S+), the register has "(.+?)" \((\S+)\)`, "navnet sier $1, registeret har «$2» ($3)",
	`close to "(.+?)" \((\d)\.(\d+)\)`, "nær «$1» ($2,$3)",
	`the name of its branch (\S+) "(.+?)"`, "navnet på underenheten $1 «$2»",
	`told apart from (\d+) other organisations? by `, "skilt fra $1 andre virksomheter ved ",
	`legal form written (\S+), registered (\S+)`, "organisasjonsform skrevet $1, registrert $2",
	`legal form (\S+), the name says (\S+)`, "organisasjonsform $1, navnet sier $2",
	`same name, words reordered`, "samme navn, ordene i annen rekkefølge",
	`same name`, "samme navn",
	`name the same, words reordered`, "samme navn, ordene i annen rekkefølge",
	`name the same`, "samme navn",
	`name close`, "navnet er nært",
	`spelled exactly as registered`, "skrevet nøyaktig som registrert",
	`not at postcode (\S+)`, "ikke på postnummer $1",
	`not in municipality (\S+)`, "ikke i kommune $1",
	`in the buyer's municipality (\S+)`, "i oppdragsgiverens kommune $1",
	`in municipality (\S+)`, "i kommune $1",
	`registered branch (\S+) `, "registrert underenhet $1 ",
	`number (\S+) in «`, "nummer $1 i «",
	`(^|, | by | ved )postcode (\S+)`, "${1}postnummer $2",
	`(^|, | by | ved )not in `, "${1}ikke i ",
	`(^|, | by | ved )buyer's municipality`, "${1}oppdragsgiverens kommune",
	`(^|, | by | ved )legal form (\S+)`, "${1}organisasjonsform $2",
	`(^|, | by | ved )legal form`, "${1}organisasjonsform",
	`(^|, | by | ved )branch`, "${1}underenhet",
	`(^|, | by | ved )town`, "${1}poststed",
	`^no name$`, "uten navn",
)
