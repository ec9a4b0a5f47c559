// SPDX-License-Identifier: EUPL-1.2

// Package publicbody recognises public bodies among payees: councils,
// combined authorities, government departments and agencies, the tax
// authority, NHS bodies, police and fire authorities and local government
// pension funds in the UK; municipalities, counties, the state and publicly
// owned enterprises in Norway. A shipped, sourced list and the registers'
// organisation forms decide it; a payee no register knows is matched by its
// name, normalised (case, punctuation, "&" and "and", "H M" and "HM", a
// leading "The"), against the list's official names, the documented styles
// of council names ("Borough of Pendle", "Pendle Borough Council") and a few
// naming rules that the law or the bodies themselves fix ("… NHS Foundation
// Trust", "… Parish Council", "… Police and Crime Commissioner", "… IKS").
// The supplier profile (type public) and the procurement scope (payments to
// public bodies, taxes and pension funds are not purchases) read the same
// answer from here.
//
// Sources, as of 2026-06-05 (see docs/suppliers.md):
//   - UK local authorities: the official council names with their GSS codes
//     (Office for National Statistics) and org-ids (the GOV.UK local
//     authority registers for England, Wales, Scotland and Northern
//     Ireland), as compiled in drkane/geo-lookups la_orgid_to_gss.csv,
//     commit e20a072d5fc0918437abaa3622be63f40b71d9dd (file last changed in
//     435367445c4411ef36ba9c9780929a9bf9a3eb86, 2026-06-05), with each
//     district's upper-tier (county) council from la_all_codes.csv of the
//     same commit (UTLACD). Contains public sector information licensed
//     under the Open Government Licence v3.0.
//   - UK government departments and agencies: the GOV.UK list of
//     departments, agencies and public bodies (gov.uk/government/organisations),
//     Open Government Licence v3.0.
//   - Local Government Pension Scheme funds: the administering authorities
//     of the Local Government Pension Scheme Regulations 2013 (SI 2013/2356),
//     Schedule 3 Part 1, with the funds' own names.
//   - Norwegian organisation forms: Brønnøysundregistrene, the code list of
//     organisasjonsform (data.brreg.no/enhetsregisteret/api/organisasjonsformer),
//     NLOD 2.0.
package publicbody

import (
	_ "embed"
	"encoding/csv"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// AsOf is the date the shipped lists hold for.
const AsOf = "2026-06-05"

// Kinds of public body. Scope rules name them (`body:tax`).
const (
	Tax               = "tax"                // the tax authority: HMRC, Skatteetaten
	PensionFund       = "pension_fund"       // a public-service pension fund: LGPS funds, Statens pensjonskasse
	LocalAuthority    = "local_authority"    // a council (UK); a municipality or county (Norway)
	LocalCouncil      = "parish"             // a parish, town or community council (UK)
	CombinedAuthority = "combined_authority" // a combined authority or the Greater London Authority
	Police            = "police"             // a police body or police and crime commissioner
	Fire              = "fire"               // a fire and rescue authority
	Health            = "health"             // an NHS body; Norway: a health trust (HF, RHF)
	Government        = "government"         // central government: departments, agencies; Norway: the state
	PublicEnterprise  = "public_enterprise"  // Norway: inter-municipal companies, municipal and state enterprises
	Other             = "other_public"       // another public body (Norway: the Church of Norway)
)

// Kinds lists every kind, for validation and documentation.
var Kinds = []string{Tax, PensionFund, LocalAuthority, LocalCouncil, CombinedAuthority, Police, Fire, Health, Government, PublicEnterprise, Other}

// Body is a public body a payee was recognised as.
type Body struct {
	Kind string // one of Kinds
	Name string // the official name it matched, or the payee's own name for a naming rule
	Code string // a GSS code or org-id, when the list gives one
	Why  string // how it was recognised, for the profile's reason
}

// Match recognises a public body by its name as a ledger or register spells
// it, in a country ("GB", "NO"). ok is false when the name is not one.
func Match(country, name string) (Body, bool) {
	n := Normalize(name)
	if n == "" {
		return Body{}, false
	}
	switch country {
	case "GB":
		return index().matchGB(n)
	case "NO":
		return matchNO(n)
	}
	return Body{}, false
}

// MatchFor recognises a public body as Match does and, for a buyer whose
// home is a UK local authority (home is its GSS code), also by the
// initials of the buyer's own council and of the county council over it:
// a Lancashire district's ledger writes "LCC" for Lancashire County
// Council, Hyndburn's "HBC" for itself. Initials are ambiguous across the
// country (Leeds and Liverpool City Councils are LCC too) but not within
// one council's area; initials the two councils share match neither.
func MatchFor(country, home, name string) (Body, bool) {
	if b, ok := Match(country, name); ok || country != "GB" || home == "" {
		return b, ok
	}
	return index().initials(home, Normalize(name))
}

// smallWords are left out of a council's initials.
var smallWords = map[string]bool{"OF": true, "AND": true, "WITH": true, "UPON": true, "ON": true, "IN": true}

func (x *gbIndex) initials(home, n string) (Body, bool) {
	words := strings.Fields(n)
	if len(words) == 0 || len(words[0]) < 2 || len(words[0]) > 6 || !allTail(words[1:]) {
		return Body{}, false
	}
	var found []entry
	for _, code := range []string{home, x.upper[home]} {
		e, ok := x.codes[code]
		if !ok {
			continue
		}
		var b strings.Builder
		for _, w := range strings.Fields(Normalize(e.official)) {
			if !smallWords[w] {
				b.WriteByte(w[0])
			}
		}
		if b.String() == words[0] {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		return Body{}, false
	}
	e := found[0]
	return Body{Kind: e.kind, Name: e.official, Code: e.code,
		Why: e.why + " (" + words[0] + ": the initials of the buyer's own council or of the county council over it)"}, true
}

// Normalize is the form names are compared in: upper case without accents,
// "&" as AND, apostrophes dropped (HER MAJESTY'S → HER MAJESTYS), other
// punctuation as spaces, runs of single letters joined (H M → HM, A/C →
// AC), the word THE dropped ("Vale of the White Horse" is "Vale of White
// Horse"), spaces collapsed.
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
		case r == '&':
			b.WriteString(" AND ")
		case r == 'ø' || r == 'Ø':
			b.WriteString("O")
		case r == 'æ' || r == 'Æ':
			b.WriteString("AE")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len(w) == 1 && unicode.IsLetter(rune(w[0])) {
			j := i
			for j+1 < len(words) && len(words[j+1]) == 1 && unicode.IsLetter(rune(words[j+1][0])) {
				j++
			}
			if j > i {
				w = strings.Join(words[i:j+1], "")
				i = j
			}
		}
		out = append(out, w)
	}
	if len(out) > 1 {
		out = slices.DeleteFunc(out, func(w string) bool { return w == "THE" })
	}
	return strings.Join(out, " ")
}

// tailWords are words ledgers add after a body's name to name the account
// or the payment ("WEST OXFORDSHIRE DISTRICT COUNCIL GENERAL A/C", "HMRC
// PAYE", "HMRC CUMBERNAULD": HMRC's accounts offices, "VALUATION OFFICE
// AGENCY ADMINISTRATION"). A listed name
// followed only by these still matches.
var tailWords = map[string]bool{
	"GENERAL": true, "ACCOUNT": true, "ACCOUNTS": true, "AC": true, "OFFICE": true, "PAYMENT": true, "PAYMENTS": true,
	"RECEIPTS": true, "INCOME": true, "CLIENT": true, "BACS": true, "CHAPS": true, "PAYE": true, "NIC": true, "NI": true,
	"VAT": true, "CIS": true, "CUMBERNAULD": true, "SHIPLEY": true, "ADMINISTRATION": true,
}

// companyForms are words of a company's or charity's legal form: a name
// with one is a registered company, never a public body by a naming rule
// ("NHS PROFESSIONALS LIMITED", "FIRE AND RESCUE SERVICES LTD").
var companyForms = map[string]bool{
	"LTD": true, "LIMITED": true, "PLC": true, "LLP": true, "CIC": true, "CIO": true, "LLC": true, "INC": true,
	"AS": true, "ASA": true, "ANS": true, "DA": true, "SA": true, "BA": true, "NUF": true, "ENK": true,
}

func hasCompanyForm(words []string) bool {
	for _, w := range words {
		if companyForms[w] {
			return true
		}
	}
	return false
}

// entry is one name of a listed body.
type entry struct {
	kind, official, code, why string
}

// gbIndex holds the UK list by normalised name.
type gbIndex struct {
	exact map[string]entry  // official names, their style variants and aliases
	areas map[string]entry  // a council's area ("OXFORDSHIRE") → its council
	codes map[string]entry  // a council's GSS code → the council
	upper map[string]string // a district's GSS code → the county council's over it
}

//go:embed uk_local_authorities.csv
var ukLocalAuthorities string

var index = sync.OnceValue(buildGB)

func buildGB() *gbIndex {
	x := &gbIndex{exact: map[string]entry{}, areas: map[string]entry{}, codes: map[string]entry{}, upper: map[string]string{}}
	rows, err := csv.NewReader(strings.NewReader(ukLocalAuthorities)).ReadAll()
	if err != nil {
		panic("publicbody: the shipped local authority list does not parse: " + err.Error())
	}
	for _, r := range rows[1:] {
		orgID, name, area, gss, areaType, active, upper := r[0], r[1], r[2], r[3], r[4], r[5], r[6]
		code := orgID
		if gss != "" {
			code = gss + " " + orgID
		}
		kind, what := LocalAuthority, "local authority"
		if areaType == "E47" || areaType == "E12" {
			kind, what = CombinedAuthority, "combined authority"
		}
		if active != "TRUE" {
			what = "former " + what
		}
		e := entry{kind: kind, official: name, code: code, why: what + " in the ONS / GOV.UK list"}
		x.add(Normalize(name), e, true)
		if gss != "" && (active == "TRUE" || x.codes[gss].official == "") {
			x.codes[gss] = e
		}
		if upper != "" {
			x.upper[gss] = upper
		}
		a := Normalize(area)
		if a == "" || kind == CombinedAuthority {
			continue
		}
		// Active councils first: an area keeps its current council.
		if old, ok := x.areas[a]; !ok || (strings.HasPrefix(old.why, "former") && active == "TRUE") {
			x.areas[a] = e
		}
	}
	// The documented styles of a council's name (Local Government Act 1972
	// and 2007 styles, and the Scottish and Welsh ones): "<area> Borough
	// Council", "Borough of <area>", "London Borough of <area>", …
	for a, e := range x.areas {
		v := e
		v.why = e.why + " (" + e.official + ", by the style of its name)"
		for _, s := range []string{"COUNCIL", "CITY COUNCIL", "BOROUGH COUNCIL", "DISTRICT COUNCIL", "COUNTY COUNCIL",
			"METROPOLITAN BOROUGH COUNCIL", "METROPOLITAN DISTRICT COUNCIL", "COUNTY BOROUGH COUNCIL", "CITY AND DISTRICT COUNCIL"} {
			x.add(a+" "+s, v, false)
		}
		// The abbreviations councils' own ledgers write them with
		// ("BLACKBURN WITH DARWEN B.C.", "TAMESIDE MBC", "VALE OF WHITE
		// HORSE DC"); not "CC", which is as often a cricket club.
		for _, s := range []string{"BC", "MBC", "DC", "CBC"} {
			x.add(a+" "+s, v, false)
		}
		for _, s := range []string{"BOROUGH OF", "LONDON BOROUGH OF", "ROYAL BOROUGH OF", "CITY OF", "COUNTY OF", "CITY AND COUNTY OF"} {
			x.add(s+" "+a, v, false)
			x.add(s+" "+a+" COUNCIL", v, false)
		}
	}
	for _, b := range ukBodies {
		for _, n := range b.names {
			x.add(Normalize(n), entry{kind: b.kind, official: b.names[0], why: b.why}, true)
		}
	}
	return x
}

// add records a name; an official name replaces a style variant.
func (x *gbIndex) add(n string, e entry, official bool) {
	if _, ok := x.exact[n]; ok && !official {
		return
	}
	x.exact[n] = e
}

func (x *gbIndex) lookup(n string) (entry, bool) {
	words := strings.Fields(n)
	for end := len(words); end > 0; end-- {
		if e, ok := x.exact[strings.Join(words[:end], " ")]; ok {
			tail := true
			for _, w := range words[end:] {
				tail = tail && tailWords[w]
			}
			if tail {
				return e, true
			}
		}
	}
	return entry{}, false
}

func (x *gbIndex) matchGB(n string) (Body, bool) {
	words := strings.Fields(n)
	// A pension fund first: "OXFORDSHIRE COUNTY COUNCIL PENSION FUND" is
	// the fund, not the council.
	if b, ok := x.pensionFund(n); ok {
		return b, true
	}
	if e, ok := x.lookup(n); ok {
		return Body{Kind: e.kind, Name: e.official, Code: e.code, Why: e.why}, true
	}
	if hasCompanyForm(words) {
		return Body{}, false
	}
	for _, r := range gbRules {
		if r.match(n) {
			return Body{Kind: r.kind, Name: n, Why: r.why}, true
		}
	}
	return Body{}, false
}

// pensionFund recognises a Local Government Pension Scheme fund: a listed
// fund, or "<council or its area> [County] [Council] Pension Fund".
func (x *gbIndex) pensionFund(n string) (Body, bool) {
	for _, f := range lgpsFunds {
		if fn := Normalize(f); n == fn || strings.HasPrefix(n, fn+" ") && allTail(strings.Fields(strings.TrimPrefix(n, fn+" "))) {
			return Body{Kind: PensionFund, Name: f, Why: "a Local Government Pension Scheme fund (LGPS Regulations 2013, Sch. 3)"}, true
		}
	}
	for _, suffix := range []string{"PENSION FUND", "PENSIONS FUND", "SUPERANNUATION FUND"} {
		head, ok := strings.CutSuffix(n, " "+suffix)
		if !ok {
			continue
		}
		for _, drop := range []string{"", " COUNCIL", " COUNTY COUNCIL", " COUNTY"} {
			h, ok := strings.CutSuffix(head, drop)
			if !ok {
				continue
			}
			if e, ok := x.areas[h]; ok {
				return Body{Kind: PensionFund, Name: e.official + " pension fund", Code: e.code,
					Why: "the Local Government Pension Scheme fund of " + e.official}, true
			}
			if e, ok := x.exact[h]; ok && e.kind == LocalAuthority {
				return Body{Kind: PensionFund, Name: e.official + " pension fund", Code: e.code,
					Why: "the Local Government Pension Scheme fund of " + e.official}, true
			}
		}
	}
	return Body{}, false
}

func allTail(words []string) bool {
	for _, w := range words {
		if !tailWords[w] {
			return false
		}
	}
	return true
}

// rule is a naming rule: a name that ends with, starts with or contains a
// phrase (normalised, whole words) is a body of a kind. A phrase word that
// ends in "*" matches the start of a word ("COMMISS*": a ledger's
// "POLICE & CRIME COMMISS'NER" cut short).
type rule struct {
	kind, why                string
	suffix, prefix, contains []string
}

func (r rule) match(n string) bool {
	words := strings.Fields(n)
	for _, s := range r.suffix {
		p := strings.Fields(s)
		if len(p) <= len(words) && phraseAt(words, len(words)-len(p), p) {
			return true
		}
	}
	for _, s := range r.prefix {
		p := strings.Fields(s)
		if len(p) < len(words) && phraseAt(words, 0, p) {
			return true
		}
	}
	for _, s := range r.contains {
		p := strings.Fields(s)
		for i := 0; i+len(p) <= len(words); i++ {
			if phraseAt(words, i, p) {
				return true
			}
		}
	}
	return false
}

// phraseAt reports whether the phrase's words are the words from i on.
func phraseAt(words []string, i int, phrase []string) bool {
	for j, p := range phrase {
		w := words[i+j]
		if pre, ok := strings.CutSuffix(p, "*"); ok {
			if !strings.HasPrefix(w, pre) {
				return false
			}
		} else if w != p {
			return false
		}
	}
	return true
}
