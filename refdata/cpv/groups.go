// SPDX-License-Identifier: EUPL-1.2

package cpv

// Groups are the project's own short labels, in English and Norwegian
// bokmål, of the CPV 2008 groups (three digits, "452" for 45200000) a
// municipality buys most often. The official list has no Norwegian, so plan
// titles and other texts in Norwegian use these, else the division's.
var Groups = map[string]Label{
	"031": {"Agricultural and horticultural products", "Landbruks- og hagebruksprodukter"},
	"091": {"Fuels", "Brensel og drivstoff"},
	"093": {"Electricity, heating and energy", "Elektrisitet, oppvarming og energi"},
	"150": {"Food and beverages", "Matvarer og drikke"},
	"158": {"Bakery and other food products", "Bakervarer og andre matvarer"},
	"181": {"Workwear and uniforms", "Arbeidsklær og uniformer"},
	"221": {"Books and teaching materials", "Bøker og læremidler"},
	"249": {"Chemicals for water treatment and other fine chemicals", "Kjemikalier til vannbehandling og andre kjemikalier"},
	"301": {"Office supplies and equipment", "Kontorrekvisita og kontorutstyr"},
	"302": {"Computers and IT equipment", "Datamaskiner og IT-utstyr"},
	"331": {"Medical equipment and consumables", "Medisinsk utstyr og forbruksmateriell"},
	"336": {"Pharmaceuticals", "Legemidler"},
	"341": {"Motor vehicles", "Kjøretøy"},
	"391": {"Furniture", "Møbler"},
	"398": {"Cleaning and hygiene products", "Renholds- og hygieneprodukter"},
	"441": {"Building materials", "Byggevarer"},
	"450": {"Construction work", "Bygge- og anleggsarbeid"},
	"452": {"Building and civil engineering works", "Bygg- og anleggsarbeider"},
	"453": {"Building installation work", "Installasjonsarbeider (elektro, VVS)"},
	"454": {"Building completion work", "Ferdigstillingsarbeider (maling, gulv, tømrer)"},
	"480": {"Software and information systems", "Programvare og informasjonssystemer"},
	"501": {"Vehicle repair and maintenance", "Reparasjon og vedlikehold av kjøretøy"},
	"507": {"Repair and maintenance of building installations", "Vedlikehold av tekniske anlegg i bygg"},
	"555": {"Canteen and catering services", "Kantine- og cateringtjenester"},
	"601": {"Road transport, school transport", "Persontransport og skoleskyss"},
	"635": {"Travel agency services", "Reisebyråtjenester"},
	"641": {"Postal and courier services", "Post- og budtjenester"},
	"642": {"Telecommunications", "Telekommunikasjon"},
	"665": {"Insurance", "Forsikring"},
	"702": {"Rental of property", "Leie av eiendom"},
	"713": {"Engineering services", "Rådgivende ingeniørtjenester"},
	"720": {"IT services", "IT-tjenester"},
	"751": {"Administrative services", "Administrative tjenester"},
	"752": {"Fire and rescue services", "Brann- og redningstjenester"},
	"773": {"Horticultural and park services", "Park- og grøntanleggstjenester"},
	"791": {"Legal services", "Juridiske tjenester"},
	"792": {"Accounting and auditing", "Regnskap og revisjon"},
	"793": {"Market research and communication", "Markedsundersøkelser og kommunikasjon"},
	"796": {"Recruitment and temporary staff", "Rekruttering og innleie av personell"},
	"797": {"Security services", "Vakt- og sikkerhetstjenester"},
	"798": {"Printing services", "Trykkeritjenester"},
	"801": {"Kindergarten and primary education", "Barnehage- og grunnskoletjenester"},
	"805": {"Training services", "Kurs og opplæring"},
	"851": {"Health services", "Helsetjenester"},
	"853": {"Social work services", "Sosialtjenester og barnevern"},
	"905": {"Waste services", "Avfallstjenester"},
	"906": {"Snow clearing and street cleaning", "Brøyting og gaterenhold"},
	"909": {"Cleaning services", "Renholdstjenester"},
}

// GroupLabel names a code's group in a language ("nb" or "en"): the
// project's group label, else its division's, else "".
func GroupLabel(code, lang string) string {
	if len(code) < 3 {
		return ""
	}
	l, ok := Groups[code[:3]]
	if !ok && lang == "nb" {
		// The group's full bokmål label from the project's table.
		if n, ok := NB(Pad(code[:3])); ok {
			return n.Text
		}
	}
	if !ok {
		if l, ok = Divisions[code[:2]]; !ok {
			return ""
		}
	}
	if lang == "nb" {
		return l.NB
	}
	return l.EN
}
