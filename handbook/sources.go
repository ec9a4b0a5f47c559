// SPDX-License-Identifier: EUPL-1.2

package handbook

import "strings"

// The sources the pages cite, with their official addresses. A section
// is given only where it was checked against the text or the ministry's
// own guidance (docs/handbook.md says how).

// lovdata is a Lovdata address of an act or regulation, at a section
// ("§ 5-3") when one is given.
func lovdata(doc, section string) string {
	if s, ok := strings.CutPrefix(section, "§ "); ok {
		return "https://lovdata.no/" + doc + "/§" + strings.Fields(s)[0]
	}
	return "https://lovdata.no/" + doc
}

// loa cites the Norwegian Public Procurement Act.
func loa(section string) Citation {
	return Citation{Source: Text{"Lov om offentlige anskaffelser (anskaffelsesloven), LOV-2016-06-17-73",
		"Norway's Public Procurement Act (anskaffelsesloven), LOV-2016-06-17-73"}, Section: section, URL: lovdata("lov/2016-06-17-73", section)}
}

// foa cites the Norwegian Public Procurement Regulations.
func foa(section string) Citation {
	return Citation{Source: Text{"Forskrift om offentlige anskaffelser (anskaffelsesforskriften), FOR-2016-08-12-974",
		"Norway's Public Procurement Regulations (anskaffelsesforskriften), FOR-2016-08-12-974"}, Section: section,
		URL: lovdata("forskrift/2016-08-12-974", section)}
}

// veileder cites the ministry's guide to the regulations.
func veileder() Citation {
	return Citation{Source: Text{"Nærings- og fiskeridepartementet: Veileder til reglene om offentlige anskaffelser",
		"Ministry of Trade, Industry and Fisheries (Norway): guide to the procurement regulations (in Norwegian)"},
		URL: "https://www.regjeringen.no/no/dokumenter/veileder-offentlige-anskaffelser/id2581234/"}
}

// terskelverdier cites the ministry's notice of the thresholds in force.
func terskelverdier() Citation {
	return Citation{Source: Text{"Regjeringen.no: Terskelverdier (2024–2025)", "Regjeringen.no: thresholds for 2024–2025 (in Norwegian)"},
		URL: "https://www.regjeringen.no/no/aktuelt/terskelverdier/id3030686/"}
}

// directive cites Directive 2014/24/EU, in force in the EEA (Norway too).
func directive(article string) Citation {
	return Citation{Source: Text{"Direktiv 2014/24/EU om offentlige anskaffelser (EØS-avtalen vedlegg XVI)",
		"Directive 2014/24/EU on public procurement"}, Section: article, URL: "https://eur-lex.europa.eu/eli/dir/2014/24/oj"}
}

// pa23 cites the UK Procurement Act 2023 at a path of legislation.gov.uk
// ("/section/93", "/schedule/2"; "" for the act).
func pa23(section, path string) Citation {
	return Citation{Source: Text{"Procurement Act 2023 (Storbritannia)", "Procurement Act 2023 (UK)"}, Section: section,
		URL: "https://www.legislation.gov.uk/ukpga/2023/54" + path}
}

// anskaffelser cites a page of DFØ's anskaffelser.no.
func anskaffelser(title Text, path string) Citation {
	return Citation{Source: title, URL: "https://anskaffelser.no" + path}
}
