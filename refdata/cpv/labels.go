// SPDX-License-Identifier: EUPL-1.2

package cpv

// Label is a code's name in English and Norwegian bokmål.
type Label struct{ EN, NB string }

// Divisions are the 45 divisions of CPV 2008 with the project's own short
// labels. The official list, once imported, adds every code's label in the
// EU languages.
var Divisions = map[string]Label{
	"03": {"Agricultural, farming, fishing and forestry products", "Landbruks-, fiske- og skogbruksprodukter"},
	"09": {"Petroleum products, fuel, electricity and other energy", "Petroleumsprodukter, brensel, elektrisitet og annen energi"},
	"14": {"Mining products and basic metals", "Bergverksprodukter og uedle metaller"},
	"15": {"Food, beverages and tobacco", "Næringsmidler, drikkevarer og tobakk"},
	"16": {"Agricultural machinery", "Landbruksmaskiner"},
	"18": {"Clothing, footwear, luggage and accessories", "Klær, fottøy, bagasje og tilbehør"},
	"19": {"Leather, textile, plastic and rubber materials", "Lær, tekstiler, plast- og gummimaterialer"},
	"22": {"Printed matter and related products", "Trykksaker og lignende produkter"},
	"24": {"Chemical products", "Kjemiske produkter"},
	"30": {"Office and computing machinery, equipment and supplies", "Kontor- og datamaskiner, utstyr og rekvisita"},
	"31": {"Electrical machinery, equipment and lighting", "Elektriske maskiner, utstyr og belysning"},
	"32": {"Radio, television and telecommunications equipment", "Radio-, TV- og teleutstyr"},
	"33": {"Medical equipment, pharmaceuticals and personal care products", "Medisinsk utstyr, legemidler og pleieprodukter"},
	"34": {"Transport equipment", "Transportmidler og transportutstyr"},
	"35": {"Security, fire-fighting, police and defence equipment", "Sikkerhets-, brann-, politi- og forsvarsutstyr"},
	"37": {"Musical instruments, sport goods, games, toys and art materials", "Musikkinstrumenter, sportsutstyr, spill, leker og hobbymateriell"},
	"38": {"Laboratory, optical and precision equipment", "Laboratorie-, optisk og presisjonsutstyr"},
	"39": {"Furniture, furnishings, appliances and cleaning products", "Møbler, innredning, hvitevarer og rengjøringsprodukter"},
	"41": {"Collected and purified water", "Oppsamlet og renset vann"},
	"42": {"Industrial machinery", "Industrimaskiner"},
	"43": {"Mining, quarrying and construction machinery", "Maskiner for gruvedrift, steinbrudd og anlegg"},
	"44": {"Construction structures and materials", "Konstruksjoner og byggematerialer"},
	"45": {"Construction work", "Bygge- og anleggsarbeid"},
	"48": {"Software packages and information systems", "Programvare og informasjonssystemer"},
	"50": {"Repair and maintenance services", "Reparasjon og vedlikehold"},
	"51": {"Installation services", "Installasjonstjenester"},
	"55": {"Hotel, restaurant and retail services", "Hotell-, restaurant- og detaljhandelstjenester"},
	"60": {"Transport services", "Transporttjenester"},
	"63": {"Auxiliary transport services and travel agencies", "Hjelpetjenester til transport og reisebyråer"},
	"64": {"Postal and telecommunications services", "Post og telekommunikasjon"},
	"65": {"Public utilities", "Forsyningstjenester"},
	"66": {"Financial and insurance services", "Finans og forsikring"},
	"70": {"Real estate services", "Eiendomstjenester"},
	"71": {"Architectural, engineering and inspection services", "Arkitekt-, ingeniør- og kontrolltjenester"},
	"72": {"IT services", "IT-tjenester"},
	"73": {"Research and development services", "Forskning og utvikling"},
	"75": {"Administration, defence and social security services", "Administrasjon, forsvar og trygd"},
	"76": {"Oil and gas industry services", "Tjenester for olje- og gassindustrien"},
	"77": {"Agricultural, forestry and horticultural services", "Landbruks-, skogbruks- og hagetjenester"},
	"79": {"Business services: law, marketing, consulting, recruitment, printing, security", "Forretningstjenester: juss, markedsføring, rådgivning, rekruttering, trykking, vakthold"},
	"80": {"Education and training services", "Undervisning og opplæring"},
	"85": {"Health and social work services", "Helse- og sosialtjenester"},
	"90": {"Sewage, refuse, cleaning and environmental services", "Avløp, avfall, renhold og miljøtjenester"},
	"92": {"Recreational, cultural and sporting services", "Fritids-, kultur- og idrettstjenester"},
	"98": {"Other community, social and personal services", "Andre samfunns- og personlige tjenester"},
}
