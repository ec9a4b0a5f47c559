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
		"KIRK": "the Church of Norway",
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
