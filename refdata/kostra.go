// SPDX-License-Identifier: EUPL-1.2

package refdata

import "strings"

// KOSTRA art codes (Norwegian municipal chart of accounts) with their names.
// Items marked (check) in METHODS.md are defaults users can change.
var kostraArt = map[string]string{
	"010": "Fastlønn", "020": "Lønn vikarer", "050": "Arbeidsgiveravgift",
	"100": "Kontormateriell", "105": "Undervisningsmateriell", "110": "Medisinsk forbruksmateriell", "114": "Medikamenter",
	"115": "Matvarer", "120": "Annet forbruksmateriell, råvarer og tjenester", "130": "Post, banktjenester, telefon",
	"140": "Annonse, reklame, informasjon", "150": "Opplæring og kurs", "160": "Reiseutgifter", "165": "Andre oppgavepliktige godtgjørelser",
	"170": "Transportutgifter og drift av egne transportmidler", "180": "Energi", "185": "Forsikringer og vakthold",
	"190": "Leie av lokaler og grunn", "195": "Avgifter, gebyrer, lisenser o.l.", "200": "Kjøp og leie av inventar og utstyr",
	"210": "Kjøp av transportmidler", "220": "Leie av transportmidler", "230": "Vedlikehold, byggetjenester og nybygg",
	"240": "Serviceavtaler og reparasjoner", "250": "Materialer til vedlikehold og nybygg", "260": "Renholds- og vaskeritjenester",
	"270": "Andre tjenester", "280": "Grunnerverv", "285": "Kjøp av eksisterende bygg/anlegg", "290": "Internkjøp",
	"300": "Kjøp fra staten", "330": "Kjøp fra fylkeskommuner", "350": "Kjøp fra kommuner", "370": "Kjøp fra andre",
	"375": "Kjøp fra interkommunale samarbeid", "380": "Kjøp fra kommunale foretak",
	"429": "Merverdiavgift utenfor mva-loven", "470": "Overføring til andre", "500": "Renteutgifter", "510": "Avdrag",
}

// KostraArt splits a Norwegian municipal account code into class and art:
// "1270" → ("1", "270"), "12701" → ("1", "270") (sub-account digits after
// the art are ignored). ok is false when the code does not have that shape.
func KostraArt(account string) (class, art string, ok bool) {
	a := strings.TrimSpace(account)
	if len(a) < 4 {
		return "", "", false
	}
	for i := 0; i < 4; i++ {
		if a[i] < '0' || a[i] > '9' {
			return "", "", false
		}
	}
	return a[:1], a[1:4], true
}

// KostraArtName returns the name of an art code, or "".
func KostraArtName(art string) string { return kostraArt[art] }

// AccountGroupLabel names a two-character account group for a buyer's
// country: for Norway the class and the art's hundred ("12" is operating
// spend, art 2xx).
func AccountGroupLabel(country, group string) string {
	return AccountGroupLabelIn(country, group, "nb")
}

// AccountGroupLabelIn is AccountGroupLabel in a language (nb or en).
func AccountGroupLabelIn(country, group, lang string) string {
	if country != "NO" || len(group) != 2 {
		return ""
	}
	class := map[byte]string{'0': "Investering", '1': "Drift", '3': "Investering"}[group[0]]
	hundred := map[byte]string{
		'0': "lønn", '1': "varer og tjenester (art 1xx)", '2': "varer og tjenester (art 2xx)", '3': "kjøp fra andre (art 3xx)",
		'4': "overføringer (art 4xx)", '5': "finans (art 5xx)",
	}[group[1]]
	if lang == "en" {
		class = map[byte]string{'0': "Investment", '1': "Operations", '3': "Investment"}[group[0]]
		hundred = map[byte]string{
			'0': "pay", '1': "goods and services (art 1xx)", '2': "goods and services (art 2xx)", '3': "purchases from others (art 3xx)",
			'4': "transfers (art 4xx)", '5': "financing (art 5xx)",
		}[group[1]]
	}
	if class == "" || hundred == "" {
		return ""
	}
	return class + ": " + hundred
}

// CPVMapping maps a code of another scheme (a KOSTRA art, a NACE prefix) to
// the CPV code of what it buys, with a short name of that.
type CPVMapping struct{ Code, CPV, Name string }

// KostraArtCPV maps the KOSTRA arts whose purchases are of one kind to the
// CPV code they buy: the account rules of the classification for Norwegian
// municipalities, and the shipped KOSTRA → CPV concordance of the climate
// footprint. Arts that cover many kinds (120 other consumables, 200
// equipment, 270 other services, 3xx) have none. The project's own table.
var KostraArtCPV = []CPVMapping{
	{"100", "30192000", "office supplies"},
	{"105", "22112000", "teaching materials"},
	{"110", "33140000", "medical consumables"},
	{"114", "33600000", "medicines"},
	{"115", "15000000", "food"},
	{"130", "64000000", "post, bank, telephone and internet"},
	{"140", "79341000", "advertising, announcements"},
	{"150", "80500000", "training and courses"},
	{"180", "09310000", "energy"},
	{"190", "70220000", "rent of premises"},
	{"210", "34100000", "purchase of vehicles"},
	{"230", "45000000", "maintenance and building services"},
	{"240", "50000000", "service agreements and repairs"},
	{"250", "44100000", "materials for maintenance and building"},
	{"260", "90910000", "cleaning, laundry and caretaking"},
}
