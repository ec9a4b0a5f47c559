// SPDX-License-Identifier: EUPL-1.2

package refdata

// naceDivisions are the project's own short names, in English and
// Norwegian bokmål, of the NACE Rev. 2 divisions that supply
// municipalities most: the supplier markets the procurement plan groups
// purchases by. Other divisions are named by their section.
var naceDivisions = map[string][2]string{
	"01": {"farming and horticulture", "jordbruk og gartnerier"},
	"10": {"food producers", "næringsmiddelprodusenter"},
	"18": {"printers", "trykkerier"},
	"31": {"furniture makers", "møbelprodusenter"},
	"32": {"medical device makers", "produsenter av medisinsk utstyr"},
	"33": {"repair and installation of machinery", "reparasjon og installasjon av maskiner"},
	"35": {"energy suppliers", "energileverandører"},
	"38": {"waste companies", "avfallsselskaper"},
	"41": {"building contractors", "byggentreprenører"},
	"42": {"civil engineering contractors", "anleggsentreprenører"},
	"43": {"specialised trades", "håndverkere og faginstallatører"},
	"45": {"motor vehicle trade and repair", "bilforhandlere og verksteder"},
	"46": {"wholesalers", "grossister"},
	"47": {"retailers", "detaljhandel"},
	"49": {"land transport operators", "transportselskaper"},
	"53": {"postal and courier firms", "post- og budselskaper"},
	"56": {"caterers and restaurants", "catering og servering"},
	"58": {"publishers", "forlag"},
	"61": {"telecom operators", "teleoperatører"},
	"62": {"IT firms", "IT-selskaper"},
	"65": {"insurers", "forsikringsselskaper"},
	"68": {"property companies", "eiendomsselskaper"},
	"69": {"lawyers and accountants", "advokater og revisorer"},
	"71": {"architects and engineers", "arkitekter og rådgivende ingeniører"},
	"73": {"advertising and market research", "reklame og markedsundersøkelser"},
	"78": {"staffing agencies", "bemanningsbyråer"},
	"79": {"travel agencies", "reisebyråer"},
	"80": {"security firms", "vaktselskaper"},
	"81": {"cleaning and facility services", "renhold og eiendomsdrift"},
	"84": {"public bodies", "offentlige virksomheter"},
	"85": {"education providers", "utdanningstilbydere"},
	"86": {"health providers", "helsetjenesteytere"},
	"87": {"residential care providers", "institusjonsomsorg"},
	"88": {"social care providers", "sosialtjenesteytere"},
}

// NACEDivisionName is a short name of the suppliers of a NACE division in a
// language ("nb" or "en"), else its section's name, else "".
func NACEDivisionName(division, lang string) string {
	if n, ok := naceDivisions[division]; ok {
		if lang == "nb" {
			return n[1]
		}
		return n[0]
	}
	if s := NACESection(division); s != "" {
		return NACESectionName(s, lang)
	}
	return ""
}
