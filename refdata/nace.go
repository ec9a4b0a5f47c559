// SPDX-License-Identifier: EUPL-1.2

package refdata

import "strings"

// naceSections maps NACE Rev. 2 divisions to sections (A–U). Norway's SN2007
// and the UK's SIC 2007 share these divisions; SN2025 (NACE Rev. 2.1) codes
// are reported on the same divisions and sections.
var naceSections = []struct {
	from, to int
	section  string
	en, nb   string
}{
	{1, 3, "A", "Agriculture, forestry and fishing", "Jordbruk, skogbruk og fiske"},
	{5, 9, "B", "Mining and quarrying", "Bergverksdrift og utvinning"},
	{10, 33, "C", "Manufacturing", "Industri"},
	{35, 35, "D", "Electricity, gas, steam and air conditioning supply", "Elektrisitets-, gass-, damp- og varmtvannsforsyning"},
	{36, 39, "E", "Water supply; sewerage, waste management and remediation", "Vannforsyning, avløps- og renovasjonsvirksomhet"},
	{41, 43, "F", "Construction", "Bygge- og anleggsvirksomhet"},
	{45, 47, "G", "Wholesale and retail trade; repair of motor vehicles", "Varehandel, reparasjon av motorvogner"},
	{49, 53, "H", "Transportation and storage", "Transport og lagring"},
	{55, 56, "I", "Accommodation and food service activities", "Overnattings- og serveringsvirksomhet"},
	{58, 63, "J", "Information and communication", "Informasjon og kommunikasjon"},
	{64, 66, "K", "Financial and insurance activities", "Finansierings- og forsikringsvirksomhet"},
	{68, 68, "L", "Real estate activities", "Omsetning og drift av fast eiendom"},
	{69, 75, "M", "Professional, scientific and technical activities", "Faglig, vitenskapelig og teknisk tjenesteyting"},
	{77, 82, "N", "Administrative and support service activities", "Forretningsmessig tjenesteyting"},
	{84, 84, "O", "Public administration and defence; compulsory social security", "Offentlig administrasjon og forsvar, trygdeordninger"},
	{85, 85, "P", "Education", "Undervisning"},
	{86, 88, "Q", "Human health and social work activities", "Helse- og sosialtjenester"},
	{90, 93, "R", "Arts, entertainment and recreation", "Kulturell virksomhet, underholdning og fritidsaktiviteter"},
	{94, 96, "S", "Other service activities", "Annen tjenesteyting"},
	{97, 98, "T", "Activities of households as employers", "Lønnet arbeid i private husholdninger"},
	{99, 99, "U", "Activities of extraterritorial organisations and bodies", "Internasjonale organisasjoner og organer"},
}

// NACEDivision returns the two-digit division of an industry code as
// registers write it ("43.210", "43.21", "4321", "96.210"), or "" when the
// code is empty or says "not stated" (00.000).
func NACEDivision(code string) string {
	c := strings.TrimSpace(code)
	if len(c) < 2 || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9' {
		return ""
	}
	if c[:2] == "00" {
		return ""
	}
	if NACESection(c[:2]) == "" {
		return ""
	}
	return c[:2]
}

// NACESection returns the NACE Rev. 2 section letter of a division, or "".
func NACESection(division string) string {
	if len(division) < 2 {
		return ""
	}
	n := int(division[0]-'0')*10 + int(division[1]-'0')
	for _, s := range naceSections {
		if n >= s.from && n <= s.to {
			return s.section
		}
	}
	return ""
}

// NACESectionName returns a section's name in English ("en") or Norwegian
// bokmål ("nb").
func NACESectionName(section, lang string) string {
	for _, s := range naceSections {
		if s.section == section {
			if lang == "nb" {
				return s.nb
			}
			return s.en
		}
	}
	return ""
}

// Organisation forms and sector codes that make a supplier a public body
// (Norway). Publicly owned companies are listed by their sector codes.
var (
	PublicLegalForms = map[string]string{
		"KOMM": "municipality", "FYLK": "county council", "STAT": "the state", "IKS": "inter-municipal company",
		"KF": "municipal enterprise", "FKF": "county municipal enterprise", "ORGL": "part of the state", "SF": "state enterprise",
		"KIRK": "the Church of Norway", "ADOS": "administrative unit of the public sector",
	}
	PublicSectorCodes = map[string]string{
		"6100": "central government (sector 6100)", "6500": "local government (sector 6500)",
		"1110": "state-owned company (sector 1110)", "1120": "municipally owned company (sector 1120)",
	}
	// SocialLegalForms are forms of the voluntary and social economy:
	// associations, foundations and cooperatives.
	SocialLegalForms = map[string]string{
		"FLI": "association", "STI": "foundation", "SA": "cooperative",
	}
	SocialSectorCodes = map[string]string{"7000": "non-profit institution (sector 7000)"}
)

// NACECPV maps a supplier's main activity (NACE Rev. 2, the longest
// matching prefix) to what such suppliers usually sell: the industry rules
// of the classification and the shipped NACE → CPV concordance of the
// climate footprint. No official NACE–CPV table exists; this one is the
// project's own.
var NACECPV = []CPVMapping{
	{"01", "03100000", "agricultural products"}, {"02", "03400000", "forestry products"},
	{"10.7", "15810000", "bread and bakery products"}, {"10.5", "15500000", "dairy products"}, {"10.8", "15800000", "miscellaneous food products"},
	{"10", "15000000", "food products"}, {"11", "15900000", "beverages"},
	{"13", "19200000", "textiles"}, {"14", "18100000", "clothing and workwear"}, {"16", "44190000", "wood products"},
	{"17", "30197000", "paper products"}, {"18", "79810000", "printing services"}, {"19", "09130000", "petroleum products"},
	{"20.13", "24962000", "chemicals"}, {"20.4", "39830000", "cleaning products"}, {"20", "24000000", "chemical products"},
	{"21", "33600000", "pharmaceutical products"}, {"22", "19500000", "rubber and plastic products"}, {"23", "44100000", "building materials"},
	{"25", "44000000", "metal products"}, {"26.2", "30200000", "computer equipment"}, {"26", "32000000", "electronic equipment"},
	{"27", "31000000", "electrical equipment"}, {"28", "42000000", "machinery"}, {"29", "34100000", "motor vehicles"},
	{"31", "39100000", "furniture"}, {"32.5", "33140000", "medical supplies"}, {"32.3", "37400000", "sports goods"}, {"32.4", "37520000", "toys"},
	{"33", "50000000", "repair and maintenance services"},
	{"35.1", "09310000", "electricity"}, {"35.3", "09323000", "district heating"}, {"36", "65100000", "water distribution"},
	{"37", "90400000", "sewage services"}, {"38", "90500000", "refuse and waste services"}, {"39", "90700000", "environmental services"},
	{"41", "45210000", "building construction"}, {"42", "45230000", "civil engineering works"},
	{"43.21", "45310000", "electrical installation"}, {"43.22", "45330000", "plumbing"}, {"43.34", "45442100", "painting"},
	{"43.12", "45110000", "site preparation"}, {"43.3", "45400000", "building completion work"}, {"43", "45000000", "construction work"},
	{"45.1", "34110000", "motor vehicles"}, {"45.2", "50110000", "vehicle repair"}, {"45.3", "34300000", "vehicle parts"},
	{"46.17", "15000000", "food"}, {"46.3", "15000000", "food"}, {"46.42", "18100000", "clothing"}, {"46.43", "39700000", "domestic appliances"},
	{"46.44", "39830000", "cleaning products"}, {"46.45", "33700000", "personal care products"}, {"46.46", "33600000", "pharmaceutical and medical products"},
	{"46.47", "39100000", "furniture"}, {"46.49", "39000000", "household goods"}, {"46.5", "30200000", "computer equipment"},
	{"46.6", "30190000", "office machinery and supplies"}, {"46.65", "39100000", "office furniture"}, {"46.71", "09130000", "fuels"},
	{"46.73", "44110000", "construction materials"}, {"46.74", "44500000", "hardware and tools"}, {"46.75", "24000000", "chemical products"},
	{"47.3", "09132000", "automotive fuel"}, {"47.4", "30200000", "computer equipment"}, {"47.52", "44110000", "construction materials"},
	{"47.6", "22100000", "books"}, {"47.71", "18100000", "clothing"}, {"47.73", "33600000", "pharmaceutical products"},
	{"47.2", "15000000", "food"}, {"47.1", "15000000", "food and groceries"},
	{"49.3", "60100000", "road passenger transport"}, {"49.32", "60120000", "taxi services"}, {"49.4", "60100000", "road freight"},
	{"50", "60600000", "water transport"}, {"51", "60400000", "air transport"}, {"52", "63000000", "transport support services"},
	{"53", "64110000", "postal services"}, {"55", "55100000", "hotel services"}, {"56.2", "55520000", "catering"}, {"56", "55300000", "restaurant services"},
	{"58.1", "22100000", "books and publications"}, {"58.13", "22200000", "newspapers"}, {"58.2", "48000000", "software"},
	{"61", "64200000", "telecommunications services"}, {"62", "72000000", "IT services"}, {"63", "72300000", "data services"},
	{"64", "66100000", "banking services"}, {"65", "66510000", "insurance services"}, {"66", "66000000", "financial services"},
	{"68", "70000000", "real estate services"}, {"69.1", "79100000", "legal services"}, {"69.2", "79200000", "accounting and auditing"},
	{"70.2", "79400000", "management consultancy"}, {"71.1", "71300000", "engineering and architecture"}, {"71.2", "71600000", "technical testing"},
	{"72", "73000000", "research and development"}, {"73.1", "79341000", "advertising"}, {"73.2", "79310000", "market research"},
	{"74.3", "79530000", "translation"}, {"74", "79000000", "business services"}, {"75", "85200000", "veterinary services"},
	{"77.1", "34100000", "vehicle rental"}, {"77", "70000000", "rental services"}, {"78", "79620000", "temporary personnel"},
	{"79", "63510000", "travel agencies"}, {"80", "79710000", "security services"}, {"81.1", "98341140", "caretaking"},
	{"81.2", "90910000", "cleaning services"}, {"81.3", "77310000", "green areas"}, {"81.29", "90620000", "snow clearing and other cleaning"},
	{"82", "79500000", "office support services"}, {"84", "75100000", "public administration"}, {"84.25", "75251000", "fire-brigade services"},
	{"85.1", "80110000", "pre-school education"}, {"85.5", "80500000", "training"}, {"85.6", "80500000", "educational support"}, {"85", "80000000", "education"},
	{"86.2", "85120000", "medical practice"}, {"86", "85100000", "health services"}, {"87", "85144000", "residential care"},
	{"88.99", "85311000", "social work"}, {"87.9", "85311000", "residential social work"}, {"88", "85312000", "social work without accommodation"},
	{"90", "92300000", "entertainment services"}, {"91", "92500000", "library and cultural services"}, {"93", "92600000", "sporting services"},
	{"94", "98100000", "membership organisations"}, {"95", "50300000", "repair of equipment"}, {"96", "98300000", "personal services"},
}
