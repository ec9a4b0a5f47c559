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
// those disagree. Generic sets ("~~") are weak sets of the ledger's own
// generic words ("Main Contractor", "Materials"): a supplier's usual
// category (its profile) comes before them.
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

	// English. UK councils' expenditure categories ("Agency Staff",
	// "Vehicle Fuel", "Repairs & Maintenance") come first among the
	// phrases; generic ledger words ("contractor", "materials") are weak.
	{"en", "34144510", "refuse-collection vehicles", "refuse collection vehicle*|refuse vehicle*|refuse truck*|rcv|rcvs"},
	{"en", "34144430", "road-sweeping vehicles", "sweeper|sweepers|road sweeper*|mechanical sweeper*"},
	{"en", "34928480", "waste containers and bins", "wheeled bin*|wheelie bin*|refuse containers|litter bin*|bins|new containers|waste containers"},
	{"en", "19640000", "waste bags", "bin bags|refuse sacks|refuse bags|dog bags|sacks"},
	{"en", "34300000", "parts and accessories for vehicles", "vehicle parts|spare parts|stock parts|parts|vehicle accessories|exhaust*|brake*"},
	{"en", "34350000", "tyres", "tyres|tyre"},
	{"en", "72267000", "software maintenance and repair", "computer rental*|computer maint*|software maint*|software support|rental maint software|r m software|support maint|support and maintenance|software misc|annual support|system support|licences and support"},
	{"en", "32323500", "video-surveillance system", "cctv|cctv cameras|cameras"},
	{"en", "79714000", "surveillance services", "cctv monitoring|monitoring of cctv|key holder*|keyholding|key holding"},
	{"en", "45312100", "fire-alarm system installation work", "fire alarm*|emergency lighting"},
	{"en", "50610000", "repair and maintenance of security equipment", "security system maint*|alarm check*|alarm maint*|controlled entry*|door entry"},
	{"en", "50750000", "lift-maintenance services", "lift maint*|lift servicing|lift repair*"},
	{"en", "45313000", "lift installation work", "stairlift*|stair lift*|lift installation|lift upgrade|lifts|elevators|through floor lift*"},
	{"en", "45262100", "scaffolding work", "scaffold*"},
	{"en", "45261000", "roof works", "roof*|reroof*|re roof*|gutter*"},
	{"en", "45432100", "floor laying", "flooring|floor covering*|carpets"},
	{"en", "45421000", "joinery work", "joinery|window repair*|windows|glazing|doors"},
	{"en", "45340000", "fencing", "fencing|fences"},
	{"en", "45233161", "footpath construction work", "footpath*|paving|flagging"},
	{"en", "45453000", "~overhaul and refurbishment work", "disabled facilities grant|disabled facilities|dfg|adaptation*"},
	{"en", "45453000", "overhaul and refurbishment work", "remedial works|refurbish*"},
	{"en", "45000000", "~~construction work", "main contractor|contractor other|contract works|sub contractors|subcontractor*|capital scheme*|works|interim payment*|interim valuation*|retention*|valuation #|builders|builder"},
	{"en", "44620000", "central-heating radiators and boilers", "boilers|heating components|radiators"},
	{"en", "50720000", "repair and maintenance of central heating", "boiler fault|boiler repair*|boiler servic*|heating repair*|gas servicing"},
	{"en", "50700000", "~repair and maintenance of building installations", "r m|repair maint|repair and maint*|general repair*|reactive maintenance|planned maintenance|services maintenance|asset maint*|minor repairs|maintenance|repairs|maint"},
	{"en", "50711000", "repair of electrical building installations", "electrical repair*|electrics"},
	{"en", "50700000", "repair and maintenance of building installations", "leak|leaks|leaking|burst pipe*|burst main*"},
	{"en", "31520000", "lamps and light fittings", "christmas light*|festive light*|christmas decoration*|festive decoration*|light fittings|light bulbs|lamps"},
	{"en", "42350000", "cremators", "cremator|cremators|cremation equipment"},
	{"en", "65100000", "~water distribution", "water"},
	{"en", "45314300", "installation of cabling infrastructure", "data point*|data cabling|cabling|network cabling"},
	{"en", "44611400", "storage tanks", "fuel tank*|storage tank*|tanks"},
	{"en", "39515410", "indoor blinds", "blinds|window blinds"},
	{"en", "42923000", "weighing machines", "weighing*|weighbridge*"},
	{"en", "14212000", "aggregates", "aggregates|aggregate|gravel|sand"},
	{"en", "14212410", "topsoil", "topsoil|top soil|soil"},
	{"en", "44113620", "asphalt", "tarmac|asphalt|bitumen"},
	{"en", "44110000", "~~construction materials", "builders merchant*|merchanting|materials|materials direct|sign shop materials"},
	{"en", "09134200", "diesel fuel", "fuel stock|fuel purchase*|vehicle fuel|diesel|gas oil|derv"},
	{"en", "09123000", "natural gas", "gas|gas supply|natural gas"},
	{"en", "65100000", "water distribution", "water charges|water rates|water bill|water supply"},
	{"en", "90400000", "sewerage services", "sewerage|sewage|water sewerage"},
	{"en", "66518100", "insurance brokerage services", "brokers fees|broker fees|broking*|insurance broker*"},
	{"en", "66510000", "insurance services", "premiums paid|insurance premium*|assurance"},
	{"en", "66110000", "banking services", "bank charges|banking|arrangement fee*|merchant services|card charges"},
	{"en", "34140000", "heavy-duty motor vehicles", "contract hire|vehicle hire|hire of vehicle*|hired vehicle*|lease vehicle*"},
	{"en", "34100000", "motor vehicles", "acquisition of vehicles|aquisition of vehicles|vehicle acquisition|purchase of vehicle*|vehicle purchase|vans|dumpers|dumper"},
	{"en", "50110000", "repair and maintenance of vehicles", "vehicle repair*|vehicle maint*|veh maint*|servicing vehicle*|vehicle servicing|mot|mot test*|service and repairs|service repairs|bodywork"},
	{"en", "79620000", "supply of temporary personnel", "agency staff|agency cover|temp staff|temporary staff|temporary bureau staff*|bureau staff*|locum*|interim staff|interim manager*|temps"},
	{"en", "79341000", "advertising services", "advertising|advertisement*|advert|adverts|press notice*|publicity|marketing"},
	{"en", "30121100", "photocopiers", "photocopier*|photocopying|copier*"},
	{"en", "30233000", "storage media", "hard drive*|hard disk*|storage drive*"},
	{"en", "98110000", "services of business and professional organisations", "membership*|annual membership|professional subs*|subscriptions|subscription|subs"},
	{"en", "71324000", "quantity surveying", "quantity survey*|construction consultan*|cost consultan*"},
	{"en", "71317000", "hazard protection and control consultancy", "risk assessment*|fire risk*|fire consultan*|asbestos survey*"},
	{"en", "71600000", "technical testing services", "water systems|water testing|legionella|water risk*|testing"},
	{"en", "92600000", "sporting services", "leisure trust*|leisure management"},
	{"en", "92600000", "~sporting services", "leisure centre*|sports centre*|leisure"},
	{"en", "63712700", "traffic control services", "traffic management|traffic mgt|traffic control"},
	{"en", "77340000", "tree pruning and hedge trimming", "tree work*|tree surgeon*|tree surgery|fallen tree|hedge*|arboricultur*"},
	{"en", "77312100", "weed-clearance services", "weedkilling|weed killing|weed control|weed spraying"},
	{"en", "90640000", "gully cleaning and emptying", "gulley*|gully*|drain clearance"},
	{"en", "98380000", "dog kennel services", "kennel*|kenneling|stray dogs"},
	{"en", "37535200", "playground equipment", "play equip*|play area|playground equip*|soft play|play equipment"},
	{"en", "79810000", "printing services", "printing|printers|print|ballot papers|poll cards"},
	{"en", "70210000", "residential property renting", "accommodation lease*|housing lease*"},
	{"en", "66510000", "insurance services", "insurance*|premium"},
	{"en", "33600000", "pharmaceutical products", "medicine*|pharmacy|pharmaceutical*|drugs|vaccine*"},
	{"en", "33140000", "medical consumables", "gloves|dressings|incontinence|syringes|medical supplies|medical consumables"},
	{"en", "22112000", "textbooks", "textbook*|school books|learning resources"},
	{"en", "22110000", "printed books", "books|library books"},
	{"en", "55520000", "catering services", "catering|canteen|refreshments|buffet*|meals on wheels|school meals"},
	{"en", "15000000", "food and beverages", "food|groceries|provisions|fruit|vegetables|meat|dairy|milk|bread|beverages"},
	{"en", "30192000", "office supplies", "stationery|office supplies|office consumables|paper|toner*|ink cartridge*|envelopes"},
	{"en", "30213000", "personal computers", "laptop*|computers|computer|pcs|pc|desktop*|tablet*|ipad*|monitors|monitor|chromebook*|it equipment|it hardware|hardware purchase|macbook*|keyboard*"},
	{"en", "48000000", "software packages and licences", "software|software licen*|ms licences|microsoft licen*|enterprise agreement|enterprise renewal|subscription software|saas|system licence|software purchase"},
	{"en", "72000000", "IT services", "it services|it support|it consultancy|hosting|systems development|ict services|computing services|computer services|network rental|it skills"},
	{"en", "64110000", "postal services", "postage|postal|franking|courier*"},
	{"en", "64200000", "telecommunications services", "telephone*|telephony|mobile phone*|mobiles|broadband|data lines|telecoms|telecommunications|phone line*"},
	{"en", "79341000", "advertising services", "advertising|advertisement*|recruitment advertising|publicity|marketing"},
	{"en", "79810000", "printing services", "printing|print services|leaflets|brochures|posters"},
	{"en", "63510000", "travel agency and similar services", "travel|rail fares|air fares|flights|train tickets"},
	{"en", "55110000", "hotel accommodation", "hotel*|temporary accommodation|accommodation|b b"},
	{"en", "80500000", "training services", "training|course*|conference*|seminar*|workshop*|tuition|learning|college"},
	{"en", "80532000", "management training", "management development|leadership development"},
	{"en", "09310000", "electricity", "electricity|electric|energy|power supply"},
	{"en", "09132000", "petrol", "fuel|petrol|fuel cards|petrol diesel|petrol diesel oil"},
	{"en", "70220000", "renting of non-residential property", "rent|rents|lease of premises|room hire|hire of premises|hire of rooms|rent and hire of premises|hire of polling station*|polling station*|use of meeting room"},
	{"en", "70330000", "property management services", "service charge*|property management"},
	{"en", "39830000", "cleaning products", "cleaning materials|cleaning products|janitorial supplies|hygiene products|paper towels|toilet rolls"},
	{"en", "90910000", "cleaning services", "cleaning|window cleaning|cleaning contract|washroom services"},
	{"en", "18100000", "occupational clothing and workwear", "uniform*|workwear|protective clothing|ppe|clothing"},
	{"en", "39100000", "furniture", "furniture|chairs|desks|tables|furnishings"},
	{"en", "34110000", "passenger cars", "car purchase|cars|car lease*|pool car*"},

	{"en", "90620000", "snow-clearing services", "gritting|snow clearing|winter maintenance|salt"},
	{"en", "45233140", "roadworks", "roads|road|roadworks|resurfacing|surfacing|footway*|pothole*|carriageway*"},
	{"en", "45310000", "electrical installation work", "electrical works|electrician*|electrical installation*|rewiring"},
	{"en", "45330000", "plumbing and sanitary works", "plumbing|plumber*"},
	{"en", "45442100", "painting work", "painting|decorating|redecoration"},

	{"en", "45210000", "building construction work", "construction|building works|new build|extension|capital works|construction works|conversion|pavilion"},
	{"en", "44110000", "construction materials", "building materials|timber|cement|plumbing supplies|building supplies"},
	{"en", "71300000", "engineering services", "engineering|engineer*|surveying|survey*|project management|structural|engineering consultan*"},
	{"en", "71200000", "architectural services", "architect*|architectural"},
	{"en", "79100000", "legal services", "legal*|solicitor*|barrister*|counsel"},
	{"en", "79210000", "accounting and auditing services", "audit*|auditing|accountancy|accounting services"},
	{"en", "60130000", "special-purpose road passenger transport", "school transport|home to school transport|send transport|passenger transport|client transport"},
	// Not "cab": in English councils' ledgers it is mostly the Citizens
	// Advice Bureau ("CAB advice contract", "UC PBS clients CAB").
	{"en", "60120000", "taxi services", "taxi*|private hire"},
	{"en", "60100000", "~road transport services", "bus*|coach hire|transport"},
	{"en", "90500000", "refuse and waste services", "refuse|waste*|recycling|landfill|skip hire|skip*|trade waste|tipping*|tonnage|muck away|haulage"},
	{"en", "85311000", "social work with accommodation", "foster*|children s residential|residential placement*|supported accommodation|looked after children"},
	{"en", "85144000", "residential health facilities", "care home*|residential care|nursing care|nursing home*|respite"},
	{"en", "85312000", "social work without accommodation", "home care|domiciliary care|day care|supported living|care package*|direct payments"},
	{"en", "85312300", "guidance and counselling services", "citizens advice|advice services|advice service|debt advice|money advice|welfare advice|welfare rights|advice centre*|counselling"},
	{"en", "80110000", "pre-school education", "nursery|early years|pre school"},
	{"en", "79710000", "security services", "security|security service*|securing premises|guarding|alarm*"},
	{"en", "77314000", "grounds maintenance", "grounds maintenance|grass cutting*|grass verge*|verge cutting|litter removal"},
	{"en", "45112710", "landscaping work for parks", "landscaping|landscape*|park works"},
	{"en", "77310000", "planting and maintenance of green areas", "horticultur*|planting|plants|parks"},
	{"en", "79620000", "supply of temporary personnel", "agency|staffing|staff w e|staff p e|staff wk|employment"},
	{"en", "79400000", "~business and management consultancy", "consultancy|consultant*|consultants fees|professional services|advisory|viability*"},
	{"en", "79540000", "interpretation services", "interpret*|translation"},
	{"en", "79600000", "recruitment services", "recruitment|resourcing|staff advertising|recruitment advertising"},
	{"en", "37400000", "sports goods and equipment", "sports equipment|gym equipment|leisure equipment"},
}

// trades are the trade words of payees' names, read only there: what a
// firm calls itself ("… Plumbing & Heating Ltd", "… Roofing", "Larvik
// Elektro AS") says what it sells. Legal forms (Ltd, PLC, AS) match no
// word. They weigh less than the description and the account's name
// (rule supplier_name); among works of one division the trade decides.
var trades = []keywordSet{
	{"en", "50110000", "repair and maintenance of vehicles", "motors|motor company|garage|garages|autos|auto centre|auto services|car sales|vehicle services|motor services"},
	{"en", "45330000", "plumbing and sanitary works", "plumbing|plumbers|plumbing and heating"},
	{"en", "45331000", "heating, ventilation and air-conditioning installation work", "heating|ventilation"},
	{"en", "45261000", "roof works", "roofing|roofers"},
	{"en", "45262100", "scaffolding work", "scaffolding|scaffolders"},
	{"en", "45112710", "landscaping work for parks", "landscapes|landscaping|landscape*"},
	{"en", "92600000", "sporting services", "leisure"},
	{"en", "45310000", "electrical installation work", "electrical|electricals|electrical services|electrical contractors"},
	{"en", "09134200", "diesel fuel", "fuels|fuel oils|oils"},
	{"en", "79810000", "printing services", "print|printers|printing|print services"},
	{"en", "79100000", "legal services", "solicitors|law|legal|chambers|barristers|lawyers"},
	{"en", "79210000", "accounting and auditing services", "accountants|chartered accountants|auditors"},
	{"en", "79400000", "~business and management consultancy", "consulting|consultants|consultancy"},
	{"en", "60120000", "taxi services", "taxis|taxi|private hire|cabs"},
	{"en", "85312300", "guidance and counselling services", "citizens advice|advice centre|advice service|advice services|counselling"},
	{"en", "16160000", "miscellaneous gardening equipment", "garden machinery|groundcare|grounds care machinery|mowers|lawnmowers"},
	{"en", "90500000", "refuse and waste services", "skip hire|skips|waste|waste management|recycling"},
	{"en", "55520000", "catering services", "catering|caterers"},
	{"en", "45210000", "building construction work", "construction|building contractors"},
	{"en", "45000000", "~~construction work", "contractors|contracting|builders|building services"},
	{"en", "45313000", "lift installation work", "lifts|stairlifts"},
	{"en", "45432100", "floor laying", "flooring"},
	{"en", "45421000", "joinery work", "joinery|joiners|windows|glazing"},
	{"en", "90910000", "cleaning services", "cleaning|cleaners|hygiene"},
	{"en", "90922000", "pest-control services", "pest control|pest management"},
	{"en", "98395000", "locksmith services", "locksmiths|locksmith"},
	{"en", "34928470", "signage", "signs|signage"},
	{"en", "60100000", "~road transport services", "coaches|travel|haulage|transport"},
	{"en", "77340000", "tree pruning and hedge trimming", "tree services|tree care|tree surgeons|arborists"},
	{"en", "79620000", "supply of temporary personnel", "recruitment|personnel|staffing|resourcing|recruitment services"},
	{"nb", "45210000", "building construction work", "bygg|byggmester*|*bygg|byggservice"},
	{"nb", "45310000", "electrical installation work", "elektro|*elektro|elektriker*|el-service|elservice"},
	{"nb", "45330000", "plumbing and sanitary works", "rør|*rør|rørlegger*|rørservice|vvs"},
	{"nb", "45442100", "painting work", "maler*|malerfirma*|malermester*"},
	{"nb", "45261000", "roof works", "tak|taktekker*|blikkenslager*"},
	{"nb", "45262100", "scaffolding work", "stillas*"},
	{"nb", "45441000", "glazing work", "glassmester*|glass"},
	{"nb", "45112710", "landscaping work for parks", "anleggsgartner*|hageservice|hage og anlegg"},
	{"nb", "45112000", "excavating and earthmoving work", "graving|gravemaskin*|maskinentreprenør*|maskinentreprise"},
	{"nb", "45000000", "~construction work", "entreprenør*|entreprise|anlegg"},
	{"nb", "50110000", "repair and maintenance of vehicles", "bilsenter|bilverksted|bilservice|*bilsenter"},
	{"nb", "60100000", "~road transport services", "transport|*transport|buss*"},
	{"nb", "79210000", "accounting and auditing services", "regnskap*|*regnskap|revisjon"},
	{"nb", "79100000", "legal services", "advokat*|advokatfirma*"},
	{"nb", "90910000", "cleaning services", "renhold*|*renhold|rengjøring*"},
	{"nb", "79710000", "security services", "vakt*|sikkerhet"},
	{"nb", "98395000", "locksmith services", "låsesmed*|lås og beslag"},
}

// generic holds the patterns of the generic sets of the keywords, by code
// and pattern (read on the account's name, before a supplier's profile).
var generic = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range keywords {
		if strings.HasPrefix(k.name, "~~") {
			for _, p := range strings.Split(k.patterns, "|") {
				m[k.cpv+" "+p] = true
			}
		}
	}
	return m
}()

// expand turns a set into rules, one per pattern: a weak set's are
// weak_keyword rules.
func (k keywordSet) expand() []cityspend.CategoryRule {
	kind, name := "keyword", k.name
	if strings.HasPrefix(name, "~") {
		kind, name = "weak_keyword", strings.TrimLeft(name, "~")
	}
	var out []cityspend.CategoryRule
	for _, p := range strings.Split(k.patterns, "|") {
		out = append(out, cityspend.CategoryRule{Kind: kind, Pattern: p, Lang: k.lang, CPV: k.cpv, Reason: name})
	}
	return out
}

// tradeRules returns the trade words of payees' names in a buyer's
// languages (English always).
func tradeRules(country string) []cityspend.CategoryRule {
	var out []cityspend.CategoryRule
	for _, k := range trades {
		if k.lang == "nb" && country != "NO" {
			continue
		}
		out = append(out, k.expand()...)
	}
	return out
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
			out = append(out, k.expand()...)
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
