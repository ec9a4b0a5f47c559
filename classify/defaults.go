// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// keywordSet is a line of the shipped keyword table: patterns separated by
// "|", the CPV code they point to and its name. Weak sets (a name starting
// with "~") hold words that say little on their own ("consultancy",
// "repairs"): they yield to the account and the supplier's industry when
// those disagree.
type keywordSet struct {
	lang, cpv, name, patterns string
}

// keywords are the shipped keyword rules: the words clerks write in
// Norwegian and English ledgers, most specific first (the first rule that
// matches a description decides). A buyer's own rules come before these.
var keywords = []keywordSet{
	// Norwegian (bokmål; nynorsk and Danish/Swedish spellings where common).
	{"nb", "35111000", "fire extinguishers", "brannslukker*|brannslukningsapparat*"},
	{"nb", "75251000", "fire-brigade services", "brannvesen*|brannvern*|brann og redning|feiing*|feietjenest*|brannberedskap*"},
	{"nb", "66510000", "insurance services", "forsikring*|forsikringspremie*|*forsikring|skadeforsikring*"},
	{"nb", "18100000", "occupational clothing and workwear", "arbeidsklær|arbeidsklaer|arbeidsklær*|arbeidshansker|arbeidstøy|vernesko*|uniform*|verneutstyr*|arbeidsbukse*|refleksvest*|tøy ansatte|klær"},
	{"nb", "33140000", "medical consumables", "sårskift*|hansker|*hansker|nitril*|inkontinens*|bandasj*|sprøyter|sprøyte|kanyle*|stomi*|munnbind*|medisinsk forbruksmateriell|forbruksmateriell medisinsk|sykepleieartikl*"},
	{"nb", "33600000", "pharmaceutical products", "medisin*|legemidl*|legemiddel*|medikament*|apotek*|multidose*|vaksine*"},
	{"nb", "22112000", "textbooks", "lærebøker|lærebok*|skolebøker|skolebok*|læreverk*|arbeidsbøker|arbeidsbok*|læremidl*|læremiddel*"},
	{"nb", "22200000", "newspapers and journals", "avisabonnement*|avis*|tidsskrift*|fagblad*"},
	{"nb", "22110000", "printed books", "bøker|bok|bokinnkjøp*|bibliotekbøker"},
	{"nb", "15810000", "bread and bakery products", "brød*|bakevare*|bakervare*|bakst*|rundstykk*|kringle*|kake*|kaker|boller|wienerbrød*"},
	{"nb", "15860000", "coffee and tea", "kaffe*|kaffebønner|te og kaffe"},
	{"nb", "15500000", "dairy products", "meieri*|melk*|ost og melk"},
	{"nb", "55520000", "catering services", "mat *møte*|mat til møte*|servering*|catering*|kantine*|serveringstjenest*|bevertning*|møtemat*|lunsj*|matservering*|koldtbord*"},
	{"nb", "15000000", "food and beverages", "matvare*|mat|dagligvare*|næringsmidl*|næringsmiddel*|matinnkjøp*|mat og drikke|frukt og grønt|frukt*|grønnsak*|kjøtt*|fiskevare*|proviant*|kolonial*|drikkevare*|*kjøkken"},
	{"nb", "30192000", "office supplies", "kontorrekvisita|kontorrekv*|kontormateriell|kontorartikl*|kopipapir*|kopi papir|papir a#|toner*|blekk*|blekkpatron*|permer|penner|konvolutt*|tusj*"},
	{"nb", "30213000", "personal computers", "pc|pcer|pc er|bærbar*|laptop*|chromebook*|ipad*|nettbrett*|datamaskin*|datautstyr|skjerm*|dokking*|macbook*|stasjonær*"},
	{"nb", "30232110", "printers", "skriver|skrivere|printer*|multifunksjonsmaskin*|kopimaskin*"},
	{"nb", "48000000", "software packages and licences", "programvare*|lisens*|*lisens|software|saas|skytjeneste*|fagsystem*|systemlisens*"},
	{"nb", "72000000", "IT services", "it tjenester|it drift|it-drift|itdrift|driftstjenest*|brukerstøtte|support*|systemutvikling*|datatjenest*|it bistand|it-konsulent*|it konsulent*|konsulent it|it|nettverk*|server|servere|serverdrift*|serverleie*|*drift it"},
	{"nb", "64110000", "postal services", "porto*|frankering*|postgang*|pakkeforsendelse*|postforsendelse*|utsending post*|budtjeneste*"},
	{"nb", "64200000", "telecommunications services", "mobilabonnement*|mobil abonnement|mobiltelefoni*|telefoni*|telefonabonnement*|bredbånd*|datalinje*|linjeleie*|fiberlinje*|sentralbord*|internett*"},
	{"nb", "79341000", "advertising services", "annonse*|stillingsannonse*|kunngjøring*|annonsering*|reklame*|informasjonskampanje*|markedsføring*"},
	{"nb", "79810000", "printing services", "trykking*|trykksak*|brosjyre*|visittkort*|plakat*|kopiering*|trykkeri*"},
	{"nb", "63510000", "travel agency and similar services", "flybillett*|reise|reiser|reise*|reisebestilling*|togbillett*|fly oslo*|fly bergen*|fly"},
	{"nb", "55110000", "hotel accommodation", "hotell*|overnatting*|losji*"},
	{"nb", "80500000", "training services", "kurs|kurs*|opplæring*|kompetanseheving*|fagdag*|konferanse*|deltakeravgift*|seminar*|førstehjelpskurs*|kursavgift*|hms kurs"},
	{"nb", "09310000", "electricity", "strøm*|*strøm|kraft|kraftleveranse*|nettleie*|el forbruk|elforbruk*|el-forbruk|energi|energiforbruk*"},
	{"nb", "09323000", "district heating", "fjernvarme*"},
	{"nb", "09135000", "heating oils", "fyringsolje*|bioolje*|fyringsparafin*|parafin*|påfylling olje"},
	{"nb", "09134200", "diesel fuel", "diesel*|anleggsdiesel*|avgiftsfri diesel"},
	{"nb", "09132000", "petrol", "drivstoff*|bensin*|tanking*|drivstoffkort*"},
	{"nb", "70220000", "renting of non-residential property", "husleie*|leie lokal*|leie av lokaler|leie kontorlokal*|lokalleie*|felleskost*|leie bygg*|utleie lokaler"},
	{"nb", "39830000", "cleaning products", "renholdsartikl*|renh midler|renholdsmidl*|rengjøringsmidl*|rengjøringsmiddel*|vaskemidl*|tørkepapir*|tørkeruller|såpe*|dopapir*|toalettpapir*|hygieneartikl*|plastposer|søppelsekk*|avfallssekk*"},
	{"nb", "90910000", "cleaning services", "renh|renhold*|gulvvask*|boning|rengjøring*|vinduspuss*|vaskeri*|matteservice*|hovedrengjøring*|storrengjøring*"},
	{"nb", "24962000", "water-treatment chemicals", "klor*|vannbehandling*|vannrensing*|lut|koagulant*|fellingskjemikal*|kjemikalier vann*|kjemikalier"},
	{"nb", "39100000", "furniture", "møbler|møbel*|stoler|stol|bord|kontorstol*|inventar*|pult*|senger|seng|skap|reoler|hev senk*"},
	{"nb", "34110000", "passenger cars", "personbil*|elbil*|bilkjøp*|leasing bil*|billeasing*|tjenestebil*|ny bil|varebil*|kjøretøy*|leasingbil*"},
	{"nb", "50110000", "repair and maintenance of vehicles", "bilverksted*|verkstedtjenest*|service bil|eu kontroll|eu-kontroll|dekkskift*|dekkhotell*|reparasjon bil|bilreparasjon*|bilservice"},
	{"nb", "90620000", "snow-clearing services", "brøyting*|snøbrøyting*|strøing*|snørydding*|sandstrøing*|vintervedlikehold*|snømåking*|brøyt*"},
	{"nb", "45233140", "roadworks", "asfalt*|reasfaltering*|veiarbeid*|vegarbeid*|veivedlikehold*|fortau*|gang og sykkelvei*|vegvedlikehold*|vei"},
	{"nb", "45310000", "electrical installation work", "elektriker*|elektroarbeid*|el arbeid*|el-arbeid*|elinstallasjon*|el installasjon*|lysarmatur*"},
	{"nb", "45330000", "plumbing and sanitary works", "rørlegger*|rørarbeid*|sanitær*|vannlekkasje*|røravløp*|rør"},
	{"nb", "45442100", "painting work", "maler|malerarbeid*|malerfirma*|overflatebehandling*|maling av*"},
	{"nb", "44810000", "~paints", "maling|malingsprodukt*|beis*|lakk"},
	{"nb", "50700000", "~repair and maintenance of building installations", "vedlikehold*|service ventilasjon*|ventilasjon*|heis*|heisservice*|serviceavtale*|varmepumpe*|reparasjon*|utbedring*"},
	{"nb", "45210000", "building construction work", "nybygg*|tilbygg*|rehabilitering*|entreprise*|totalentreprise*|byggearbeid*|ombygging*|grunnarbeid*|byggetrinn*|bygging*|sluttoppgjør*|delbetaling*|avdrag entrepr*"},
	{"nb", "44110000", "construction materials", "byggevare*|trelast*|materialer|byggmaterial*|sement*|betong*|gips*|plank*|lekter|skruer|spiker|*materialer"},
	{"nb", "71300000", "engineering services", "prosjektering*|tilstandsvurdering*|tilstandsanalyse*|geotekn*|rådgivende ingeniør*|ingeniørtjenest*|ingeniør*|byggeledelse*|geoteknikk*|oppmåling*|rådgiver bygg*|konsulent bygg*|takst*"},
	{"nb", "71200000", "architectural services", "arkitekt*"},
	{"nb", "79100000", "legal services", "advokat*|juridisk*|rettshjelp*|salær*|juridisk bistand"},
	{"nb", "79210000", "accounting and auditing services", "revisjon*|revisor*|attestasjon*|regnskapsrevisjon*|forvaltningsrevisjon*|regnskapsbistand*"},
	{"nb", "60130000", "special-purpose road passenger transport", "skoleskyss*|*skyss|elevskyss*|elevtransport*|skyss*|transport elever*|tt kjøring|tt-kjøring|skolekjøring*|skolerute*"},
	{"nb", "60120000", "taxi services", "drosje*|taxi*|maxitaxi*"},
	{"nb", "60100000", "~road transport services", "buss*|bussleie*|busstransport*|transport*"},
	{"nb", "90500000", "refuse and waste services", "renovasjon*|avfall*|søppel*|tømming*|slamtømming*|container*|gjenvinning*|hageavfall*"},
	{"nb", "85311000", "social work with accommodation", "barnevern*|fosterhjem*|beredskapshjem*|barneverninstitusjon*|ungdomshjem*|barnevernstiltak*"},
	{"nb", "85144000", "residential health facilities", "institusjonsplass*|sykehjemsplass*|omsorgsplass*|heldøgns*|avlastning*|korttidsopphold*|korttidsplass*|boligplass*|rehabiliteringsplass*"},
	{"nb", "80110000", "pre-school education", "barnehageplass*|bhg plass*|bhgplass*|plass i barnehage|drift private barnehager|private barnehager"},
	{"nb", "79710000", "security services", "vakthold*|vakttjenest*|vaktselskap*|alarm*|vekter*|sikkerhetstjenest*|alarmoverføring*|vaktrunde*|låsesystem*"},
	{"nb", "77310000", "planting and maintenance of green areas", "grøntanlegg*|gressklipping*|gressklipp*|parkvedlikehold*|beplantning*|hagearbeid*|busker|trefelling*|skjøtsel*|blomsterbed*|parkanlegg*|parker|park vedl*|hekk*|hekkeklipp*|plenklipp*|klipping*"},
	{"nb", "79620000", "supply of temporary personnel", "vikar*|bemanning*|innleie*|vikarbyrå*|innleid*|timer vikar*"},
	{"nb", "75100000", "administration services", "interkommunal*|vertskommune*|kommunalt samarbeid*|andel felles*|iks|samarbeidsavtale*"},
	{"nb", "79540000", "interpretation services", "tolk*|tolketjenest*"},
	{"nb", "79530000", "translation services", "oversettelse*"},
	{"nb", "79600000", "recruitment services", "rekruttering*|headhunting*"},
	{"nb", "79400000", "~business and management consultancy", "konsulent*|rådgivning*|konsulentbistand*|prosessveiledning*|utredning*|bistand*|timer"},
	{"nb", "90922000", "pest-control services", "skadedyr*|skadedyrkontroll*"},
	{"nb", "37520000", "toys", "leker|leketøy*|lekeapparat*"},
	{"nb", "37400000", "sports goods and equipment", "sportsutstyr*|idrettsutstyr*|treningsutstyr*"},
	{"nb", "31500000", "lighting equipment", "lyspære*|lysrør*|belysning*|led-lys*|led lys*"},
	{"nb", "39700000", "domestic appliances", "hvitevare*|vaskemaskin*|kjøleskap*|oppvaskmaskin*|tørketrommel*|komfyr*"},
	{"nb", "44510000", "tools", "verktøy*|håndverktøy*"},
	{"nb", "03121000", "horticultural products and flowers", "blomster*|blomst|planter|bårebukett*|krans*"},
	{"nb", "65100000", "water distribution", "vannforbruk*|vann og avløp|vannavgift*"},

	// English.
	{"en", "66510000", "insurance services", "insurance*|premium"},
	{"en", "33600000", "pharmaceutical products", "medicine*|pharmacy|pharmaceutical*|drugs|vaccine*"},
	{"en", "33140000", "medical consumables", "gloves|dressings|incontinence|syringes|medical supplies|medical consumables"},
	{"en", "22112000", "textbooks", "textbook*|school books|learning resources"},
	{"en", "22110000", "printed books", "books|library books"},
	{"en", "55520000", "catering services", "catering|canteen|refreshments|buffet*|meals on wheels|school meals"},
	{"en", "15000000", "food and beverages", "food|groceries|provisions|fruit|vegetables|meat|dairy|milk|bread|beverages"},
	{"en", "30192000", "office supplies", "stationery|office supplies|office consumables|paper|toner*|ink cartridge*|envelopes"},
	{"en", "30213000", "personal computers", "laptop*|computer*|pcs|pc|desktop*|tablet*|ipad*|monitor*|chromebook*|it equipment|it hardware"},
	{"en", "48000000", "software packages and licences", "software|licence*|license*|subscription software|saas|system licence"},
	{"en", "72000000", "IT services", "it services|it support|it consultancy|hosting|support and maintenance software|systems development|ict services"},
	{"en", "64110000", "postal services", "postage|postal|franking|courier*"},
	{"en", "64200000", "telecommunications services", "telephone*|telephony|mobile phone*|mobiles|broadband|data lines|telecoms|telecommunications|phone line*"},
	{"en", "79341000", "advertising services", "advertising|advertisement*|recruitment advertising|publicity|marketing"},
	{"en", "79810000", "printing services", "printing|print services|leaflets|brochures|posters"},
	{"en", "63510000", "travel agency and similar services", "travel|rail fares|air fares|flights|train tickets"},
	{"en", "55110000", "hotel accommodation", "hotel*|accommodation|b b"},
	{"en", "80500000", "training services", "training|course*|conference*|seminar*|workshop*|tuition"},
	{"en", "09310000", "electricity", "electricity|electric|energy|power supply"},
	{"en", "09123000", "natural gas", "gas supply|natural gas|gas"},
	{"en", "09134200", "diesel fuel", "diesel|gas oil"},
	{"en", "09132000", "petrol", "fuel|petrol|fuel cards"},
	{"en", "70220000", "renting of non-residential property", "rent|rents|lease of premises|room hire|hire of premises|service charge*"},
	{"en", "39830000", "cleaning products", "cleaning materials|cleaning products|janitorial supplies|hygiene products|paper towels|toilet rolls"},
	{"en", "90910000", "cleaning services", "cleaning|window cleaning|cleaning contract|washroom services"},
	{"en", "18100000", "occupational clothing and workwear", "uniform*|workwear|protective clothing|ppe|clothing"},
	{"en", "39100000", "furniture", "furniture|chairs|desks|tables|furnishings"},
	{"en", "34110000", "passenger cars", "vehicle purchase|car purchase|cars|vehicles|vehicle lease*|car lease*|fleet"},
	{"en", "50110000", "repair and maintenance of vehicles", "vehicle repair*|vehicle maintenance|mot|tyres|servicing vehicle*|garage"},
	{"en", "90620000", "snow-clearing services", "gritting|snow clearing|winter maintenance|salt"},
	{"en", "45233140", "roadworks", "road*|highway*|resurfacing|surfacing|footway*|pothole*|carriageway*"},
	{"en", "45310000", "electrical installation work", "electrical works|electrician*|electrical installation*|rewiring"},
	{"en", "45330000", "plumbing and sanitary works", "plumbing|plumber*"},
	{"en", "45442100", "painting work", "painting|decorating|redecoration"},
	{"en", "50700000", "~repair and maintenance of building installations", "repairs|maintenance|repair*|building maintenance|planned maintenance|reactive maintenance|servicing|lift maintenance|boiler*"},
	{"en", "45210000", "building construction work", "construction|building works|new build|refurbishment|extension|capital works|contractor*|construction works"},
	{"en", "44110000", "construction materials", "building materials|materials|timber|cement|aggregates"},
	{"en", "71300000", "engineering services", "engineering|engineer*|surveying|survey*|project management|structural|quantity surveyor*"},
	{"en", "71200000", "architectural services", "architect*|architectural"},
	{"en", "79100000", "legal services", "legal*|solicitor*|barrister*|counsel"},
	{"en", "79210000", "accounting and auditing services", "audit*|auditing|accountancy|accounting services"},
	{"en", "60130000", "special-purpose road passenger transport", "school transport|home to school transport|send transport|passenger transport|client transport"},
	{"en", "60120000", "taxi services", "taxi*|cab*"},
	{"en", "60100000", "~road transport services", "bus*|coach hire|transport"},
	{"en", "90500000", "refuse and waste services", "refuse|waste*|recycling|landfill|skip hire|bins|trade waste"},
	{"en", "85311000", "social work with accommodation", "foster*|children s residential|residential placement*|supported accommodation|looked after children"},
	{"en", "85144000", "residential health facilities", "care home*|residential care|nursing care|nursing home*|respite"},
	{"en", "85312000", "social work without accommodation", "home care|domiciliary care|day care|supported living|care package*|direct payments"},
	{"en", "80110000", "pre-school education", "nursery|early years|pre school"},
	{"en", "79710000", "security services", "security|alarm*|cctv|guarding|key holding"},
	{"en", "77310000", "planting and maintenance of green areas", "grounds maintenance|landscaping|grass cutting|tree works|arboriculture|horticultur*|parks"},
	{"en", "79620000", "supply of temporary personnel", "agency staff|temporary staff|agency|interim*|locum*|temps"},
	{"en", "79400000", "~business and management consultancy", "consultancy|consultant*|professional services|advisory"},
	{"en", "79540000", "interpretation services", "interpret*|translation"},
	{"en", "79600000", "recruitment services", "recruitment"},
	{"en", "37400000", "sports goods and equipment", "sports equipment|gym equipment|leisure equipment"},
	{"en", "65100000", "water distribution", "water rates|water charges|water supply"},
}

// Defaults returns the shipped rules for a buyer's country: keyword rules
// in its languages and English, account rules for Norway's KOSTRA arts, and
// the NACE table, in that order.
func Defaults(country string) []cityspend.CategoryRule {
	langs := map[string]bool{"en": true}
	if country == "NO" {
		langs["nb"] = true
	}
	var out []cityspend.CategoryRule
	// The buyer's own language first: its words are the likely ones.
	for _, pass := range []string{"nb", "en"} {
		if !langs[pass] {
			continue
		}
		for _, k := range keywords {
			if k.lang != pass {
				continue
			}
			for _, p := range strings.Split(k.patterns, "|") {
				kind, name := "keyword", k.name
				if strings.HasPrefix(name, "~") {
					kind, name = "weak_keyword", name[1:]
				}
				out = append(out, cityspend.CategoryRule{Kind: kind, Pattern: p, Lang: k.lang, CPV: k.cpv, Reason: name})
			}
		}
	}
	if country == "NO" {
		for _, a := range refdata.KostraArtCPV {
			out = append(out, cityspend.CategoryRule{Kind: "kostra", Pattern: a.Code, CPV: a.CPV, Reason: "KOSTRA art " + a.Code + " " + a.Name})
		}
	}
	for _, n := range refdata.NACECPV {
		out = append(out, cityspend.CategoryRule{Kind: "nace", Pattern: n.Code, CPV: n.CPV, Reason: "suppliers in NACE " + n.Code + " usually sell " + n.Name})
	}
	return out
}
