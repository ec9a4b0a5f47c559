// SPDX-License-Identifier: EUPL-1.2

package publicbody

import (
	"strings"

	"github.com/cityspend/cityspend/refdata"
)

// listed is a UK public body by its official name (first) and the other
// names it goes by: former names and the abbreviations in common use.
type listed struct {
	kind, why string
	names     []string
}

// ukBodies are the UK's central bodies that councils pay: the tax
// authority, the ministerial departments (GOV.UK, as of 2026-06-05, with
// the former names ledgers still carry), the executive agencies and
// non-ministerial departments that charge councils fees or receive
// payments from them, and the public service pension schemes that are not
// LGPS funds.
var ukBodies = []listed{
	{Tax, "the UK tax authority (GOV.UK)", []string{"HM Revenue and Customs", "HMRC", "Her Majesty's Revenue and Customs",
		"His Majesty's Revenue and Customs", "HM Customs and Excise", "Inland Revenue"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Cabinet Office"}},
	{Government, "a ministerial department (GOV.UK)", []string{"HM Treasury"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Home Office"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Ministry of Defence", "MOD"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Ministry of Justice", "MOJ"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Attorney General's Office"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Business and Trade", "Department for Business, Energy and Industrial Strategy",
		"Department for Business, Innovation and Skills"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Culture, Media and Sport", "Department for Digital, Culture, Media and Sport"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Education", "DfE"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Energy Security and Net Zero"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Environment, Food and Rural Affairs", "DEFRA"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Science, Innovation and Technology"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Transport", "DfT"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department for Work and Pensions", "DWP"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Department of Health and Social Care", "Department of Health", "DHSC"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Foreign, Commonwealth and Development Office", "Foreign and Commonwealth Office"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Ministry of Housing, Communities and Local Government",
		"Department for Levelling Up, Housing and Communities", "Department for Communities and Local Government", "MHCLG", "DLUHC", "DCLG"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Northern Ireland Office"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Scotland Office", "Office of the Secretary of State for Scotland"}},
	{Government, "a ministerial department (GOV.UK)", []string{"Wales Office", "Office of the Secretary of State for Wales"}},
	{Government, "an executive agency (GOV.UK)", []string{"Driver and Vehicle Licensing Agency", "DVLA"}},
	{Government, "an executive agency (GOV.UK)", []string{"Driver and Vehicle Standards Agency", "DVSA", "Vehicle and Operator Services Agency", "VOSA"}},
	{Government, "an executive agency (GOV.UK)", []string{"Valuation Office Agency", "VOA"}},
	{Government, "an executive agency (GOV.UK)", []string{"HM Courts and Tribunals Service", "HMCTS", "HM Courts Service"}},
	{Government, "an executive agency (GOV.UK)", []string{"HM Prison and Probation Service", "HMPPS"}},
	{Government, "an executive agency (GOV.UK)", []string{"Companies House"}},
	{Government, "an executive agency (GOV.UK)", []string{"Insolvency Service", "The Insolvency Service"}},
	{Government, "an executive agency (GOV.UK)", []string{"Planning Inspectorate"}},
	{Government, "an executive agency (GOV.UK)", []string{"Legal Aid Agency"}},
	{Government, "a non-ministerial department (GOV.UK)", []string{"HM Land Registry", "Land Registry"}},
	{Government, "a non-ministerial department (GOV.UK)", []string{"Office for National Statistics", "ONS"}},
	{Government, "a non-ministerial department (GOV.UK)", []string{"Food Standards Agency"}},
	{Government, "a non-ministerial department (GOV.UK)", []string{"Forestry Commission"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Environment Agency"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Natural England"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Historic England"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Homes England", "Homes and Communities Agency"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Health and Safety Executive"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Electoral Commission"}},
	{Government, "a non-departmental public body (GOV.UK)", []string{"Information Commissioner's Office", "Information Commissioner"}},
	{Government, "an executive agency (GOV.UK)", []string{"UK Health Security Agency", "UKHSA", "Public Health England"}},
	{Health, "an NHS body (GOV.UK)", []string{"NHS England"}},
	{Health, "an NHS body (GOV.UK)", []string{"NHS Business Services Authority", "NHSBSA"}},
	{PensionFund, "a public service pension scheme (GOV.UK)", []string{"Teachers' Pensions", "Teachers' Pension Scheme"}},
	{PensionFund, "a public service pension scheme (GOV.UK)", []string{"NHS Pensions", "NHS Pension Scheme"}},
	{CombinedAuthority, "the strategic authority for London (GOV.UK)", []string{"Greater London Authority", "GLA"}},
}

// lgpsFunds are Local Government Pension Scheme funds whose names are not
// their administering authority's or its area's ("Greater Manchester
// Pension Fund" is Tameside's): LGPS Regulations 2013, Schedule 3 Part 1,
// and the funds' own names. Funds named after their authority or its area
// ("Lancashire County Pension Fund") are recognised from the local
// authority list.
var lgpsFunds = []string{
	"Greater Manchester Pension Fund", "Merseyside Pension Fund", "West Midlands Pension Fund", "West Yorkshire Pension Fund",
	"Tyne and Wear Pension Fund", "Teesside Pension Fund", "Avon Pension Fund", "Clwyd Pension Fund", "Dyfed Pension Fund",
	"Greater Gwent (Torfaen) Pension Fund", "Greater Gwent Pension Fund", "Cardiff and Vale of Glamorgan Pension Fund",
	"Royal County of Berkshire Pension Fund", "Environment Agency Pension Fund", "Bedfordshire Pension Fund", "Cheshire Pension Fund",
	"East Riding Pension Fund", "London Pensions Fund Authority", "South Yorkshire Pensions Authority", "South Yorkshire Pension Authority",
	"Local Government Pension Scheme",
}

// gbRules recognise UK public bodies no list holds by the way their names
// are fixed: NHS bodies carry "NHS" (NHS identity guidelines), police and
// fire bodies their statutory titles (Police Reform and Social
// Responsibility Act 2011, Fire and Rescue Services Act 2004), parish and
// town councils theirs (Local Government Act 1972 s. 9, 245), combined
// authorities theirs (Local Democracy, Economic Development and
// Construction Act 2009). A name with a company's legal form (Ltd, plc,
// LLP, CIC) is never matched by these rules.
var gbRules = []rule{
	{kind: LocalCouncil, why: "a parish, town or community council (by its statutory title)",
		suffix: []string{"PARISH COUNCIL", "TOWN COUNCIL", "COMMUNITY COUNCIL", "PARISH MEETING", "VILLAGE COUNCIL", "NEIGHBOURHOOD COUNCIL"}},
	{kind: LocalAuthority, why: "a council (by its statutory title; not in the ONS / GOV.UK list)",
		suffix: []string{"COUNTY COUNCIL", "DISTRICT COUNCIL", "BOROUGH COUNCIL", "CITY COUNCIL", "COUNTY BOROUGH COUNCIL"}},
	{kind: CombinedAuthority, why: "a combined authority (by its statutory title)",
		suffix: []string{"COMBINED AUTHORITY", "COMBINED COUNTY AUTHORITY"}},
	{kind: Police, why: "a police body (by its statutory title)",
		suffix: []string{"POLICE", "POLICE AUTHORITY", "POLICE SERVICE", "CONSTABULARY"},
		prefix: []string{"CHIEF CONSTABLE OF", "COMMISSIONER OF POLICE"},
		contains: []string{"POLICE AND CRIME COMMISS*", "POLICE FIRE AND CRIME COMMISS*", "POLICE AUTHORITY",
			"MAYORS OFFICE FOR POLICING AND CRIME"}},
	{kind: Fire, why: "a fire and rescue authority (by its statutory title)",
		suffix:   []string{"FIRE AND RESCUE SERVICE", "FIRE AND RESCUE", "FIRE AUTHORITY", "FIRE COMMISSIONER", "FIRE BRIGADE"},
		contains: []string{"FIRE AND RESCUE AUTHORITY", "COMBINED FIRE AUTHORITY"}},
	{kind: Health, why: "an NHS body (its name carries NHS)",
		contains: []string{"NHS"},
		suffix:   []string{"CLINICAL COMMISSIONING GROUP", "INTEGRATED CARE BOARD", "HEALTH BOARD", "HEALTH AND SOCIAL CARE TRUST"}},
	{kind: Government, why: "a government department (by its title)",
		prefix: []string{"DEPARTMENT FOR", "MINISTRY OF", "SECRETARY OF STATE FOR"}},
	{kind: Government, why: "a court (court fees)",
		suffix: []string{"MAGISTRATES COURT", "MAGISTRATES COURTS", "COUNTY COURT", "CROWN COURT"}},
}

// noRules recognise Norwegian public bodies by name, for payees no register
// resolves: municipalities and counties (their names end in KOMMUNE,
// FYLKESKOMMUNE), inter-municipal companies and municipal enterprises
// (IKS-loven § 3 and kommuneloven § 9-1 require "IKS", "KF" and "FKF" in
// the name), health trusts (helseforetaksloven: "HF", "RHF"), the tax
// authority and the state's pension fund.
var noRules = []rule{
	{kind: Tax, why: "the tax authority", prefix: []string{"SKATTEOPPKREVEREN", "KEMNEREN"},
		suffix: []string{"SKATTEETATEN", "SKATTEDIREKTORATET", "SKATTEOPPKREVEREN", "KEMNERKONTOR", "TOLLETATEN"}},
	{kind: PensionFund, why: "the state's pension fund", suffix: []string{"STATENS PENSJONSKASSE"}},
	{kind: Government, why: "a state agency", prefix: []string{"NAV", "STATSFORVALTEREN", "FYLKESMANNEN"}, suffix: []string{"NAV", "ARBEIDS OG VELFERDSETATEN", "STATENS VEGVESEN",
		"STATENS INNKREVINGSSENTRAL", "KARTVERKET", "BRONNOYSUNDREGISTRENE"}},
	{kind: Police, why: "the police", suffix: []string{"POLITIET", "POLITIDISTRIKT"}},
	{kind: LocalAuthority, why: "a county (its name says fylkeskommune)", suffix: []string{"FYLKESKOMMUNE"}},
	{kind: LocalAuthority, why: "a municipality (its name says kommune)", contains: []string{"KOMMUNE"}},
	{kind: PublicEnterprise, why: "an inter-municipal company or a municipal enterprise (IKS, KF, FKF in the name)",
		suffix: []string{"IKS", "KF", "FKF"}},
	{kind: Health, why: "a health trust (HF, RHF in the name)", suffix: []string{"HF", "RHF"}},
}

func matchNO(n string) (Body, bool) {
	words := strings.Fields(n)
	if hasCompanyForm(words) {
		return Body{}, false
	}
	for _, r := range noRules {
		if r.match(n) {
			return Body{Kind: r.kind, Name: n, Why: r.why}, true
		}
	}
	return Body{}, false
}

// noForms are the Norwegian organisation forms (Brønnøysundregistrene's
// organisasjonsform) of public bodies, by kind.
var noForms = map[string]string{
	"KOMM": LocalAuthority, "FYLK": LocalAuthority, "STAT": Government, "ORGL": Government, "ADOS": Government,
	"SF": PublicEnterprise, "IKS": PublicEnterprise, "KF": PublicEnterprise, "FKF": PublicEnterprise, "KIRK": Other,
}

// noSectors are the institutional sector codes (SSB's standard, in the
// register as institusjonellSektorkode) of the public sector.
var noSectors = map[string]string{
	"6100": Government, "6500": LocalAuthority, "1110": PublicEnterprise, "1120": PublicEnterprise,
}

// ByForm recognises a public body by what a register says of it: its
// organisation form or institutional sector, in Brønnøysundregistrene's
// and SSB's codes (KOMM, 6500). why says which.
func ByForm(form, sector string) (Body, bool) {
	if k, ok := noForms[form]; ok {
		why := refdata.PublicLegalForms[form]
		if why == "" {
			why = "organisation form"
		}
		return Body{Kind: k, Why: why + " (" + form + ")"}, true
	}
	if k, ok := noSectors[sector]; ok {
		return Body{Kind: k, Why: refdata.PublicSectorCodes[sector]}, true
	}
	return Body{}, false
}
