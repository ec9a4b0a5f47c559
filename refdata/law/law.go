// SPDX-License-Identifier: EUPL-1.2

// Package law holds the exemptions of procurement law as cited data (the
// in-house and inter-municipal exemptions, purchases between public
// bodies, call-offs under framework agreements and the services the law
// excludes) and judges whether a purchase falls under one. It reads no
// store: the caller gives the supplier's profile, the purchase's CPV code
// and date and the buyer's contract register. Compliance findings and the
// procurement plan ask it the same question.
package law

import (
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Exemption slugs: the legal handbook's pages (/handbook/<slug>).
const (
	InHouse          = "exemption-in-house"
	InterMunicipal   = "exemption-inter-municipal"
	PublicBody       = "exemption-public-body"
	FrameworkCallOff = "exemption-framework-call-off"
	ExcludedServices = "exemption-excluded-services"
)

// Exemption is an exemption of the law with its citation in each regime.
type Exemption struct {
	Slug   string            `json:"slug"`
	Name   string            `json:"name"`   // in English; pages render law.exemption.<slug>
	Source map[string]string `json:"source"` // by regime: NO, EU, UK
}

// Exemptions are the exemptions the findings and the plan check, in the
// order they are checked.
var Exemptions = []Exemption{
	{Slug: InHouse, Name: "in-house award (Teckal); the buyer's own municipal enterprise", Source: map[string]string{
		"NO": "anskaffelsesforskriften § 3-1 (utvidet egenregi; Teckal, C-107/98); a kommunalt foretak (KF/FKF, kommuneloven kap. 9) is part of " +
			"the municipality itself, so buying from it is no contract with another party",
		"EU": "Directive 2014/24/EU art. 12(1)–(3); Court of Justice C-107/98 Teckal",
		"UK": "Procurement Act 2023 Schedule 2 para. 2 (vertical arrangements)",
	}},
	{Slug: InterMunicipal, Name: "inter-municipal company (IKS) and public-public cooperation", Source: map[string]string{
		"NO": "anskaffelsesforskriften § 3-1 (utvidet egenregi under joint control, lov om interkommunale selskaper) and § 3-3 " +
			"(samarbeid mellom oppdragsgivere)",
		"EU": "Directive 2014/24/EU art. 12(3) (joint control) and art. 12(4) (horizontal cooperation)",
		"UK": "Procurement Act 2023 Schedule 2 paras. 2–3 (vertical and horizontal arrangements)",
	}},
	{Slug: PublicBody, Name: "purchase between public bodies, or from a body with an exclusive right", Source: map[string]string{
		"NO": "anskaffelsesforskriften § 3-3 (samarbeid mellom oppdragsgivere) and § 2-5 (kontrakter tildelt på grunnlag av enerett); " +
			"fees and charges set by law are no purchase",
		"EU": "Directive 2014/24/EU art. 11 (exclusive rights) and art. 12(4) (cooperation between contracting authorities)",
		"UK": "Procurement Act 2023 Schedule 2 para. 3 (horizontal arrangements) and para. 4 (exclusive rights)",
	}},
	{Slug: FrameworkCallOff, Name: "call-off under a framework agreement", Source: map[string]string{
		"NO": "anskaffelsesforskriften § 26-1 to § 26-3 (rammeavtaler): a call-off within the framework's terms needs no new competition " +
			"or notice",
		"EU": "Directive 2014/24/EU art. 33",
		"UK": "Procurement Act 2023 ss. 45–47 (frameworks) and s. 46 (call-offs)",
	}},
	{Slug: ExcludedServices, Name: "services the law excludes", Source: map[string]string{
		"NO": "anskaffelsesforskriften § 2-4 (unntak: fast eiendom, finansielle tjenester i forbindelse med verdipapirer, lån, " +
			"arbeidskontrakter, visse juridiske tjenester, persontransport med jernbane eller T-bane, m.m.)",
		"EU": "Directive 2014/24/EU art. 10",
		"UK": "Procurement Act 2023 Schedule 2 (exempted contracts)",
	}},
}

// ExcludedSource cites the CPV list of ExcludedCodes.
const ExcludedSource = "Directive 2014/24/EU art. 10(a) land and buildings, 10(e)–(f) financial services and loans, 10(i) public passenger " +
	"transport by rail or metro; CPV codes as the Common Procurement Vocabulary (Regulation (EC) 213/2008) names those services"

// ExcludedCodes are the CPV prefixes of services the law excludes (art.
// 10 of the Directive, anskaffelsesforskriften § 2-4, PA 2023 Schedule 2),
// as far as a CPV code can say so (a CPV group, 701 and 702, is judged
// whole: the ledger's categories are groups): the others (employment contracts,
// arbitration, lawyers' representation in proceedings, civil defence by
// non-profits) are not told by the code and are left to a person.
var ExcludedCodes = map[string]string{
	"701":   "real estate services with own property: the purchase, sale or letting of buildings and land (art. 10(a))",
	"702":   "renting or leasing of property (art. 10(a))",
	"66113": "loans and credit (art. 10(f))",
	"6612":  "financial services in connection with securities (art. 10(e))",
	"6021":  "public passenger transport by rail or metro (art. 10(i))",
}

// Check is one exemption checked for a purchase: whether it applies, and
// why in plain words. Why is a reason code (pages render it through the
// catalogue as law.why.<Why> with Arg); Reason is the same in English, for
// the CLI and logs. Findings store it as it is.
type Check = cityspend.ExemptionCheck

// Purchase is what ExemptionOf judges.
type Purchase struct {
	Regime     string                    // NO, EU, UK
	SupplierID string                    // "org:NO-BRC:…" or the payee's key
	Supplier   cityspend.SupplierProfile // its Type and TypeReason tell a public body
	CPV        string                    // the purchase's CPV code or group; "" when not known
	Date       time.Time                 // zero: any date
	Contracts  []cityspend.Contract      // the buyer's contract register
}

// Result is the answer of ExemptionOf: whether the purchase is exempt, by
// which check, and every check made.
type Result struct {
	Exempt bool    `json:"exempt"`
	By     Check   `json:"by,omitzero"` // the first check that applies
	Checks []Check `json:"checks"`
}

// Reason codes of checks.
const (
	WhyOwnEnterprise   = "own_enterprise"   // KF/FKF: part of the municipality
	WhyIKS             = "iks"              // an inter-municipal company
	WhyMunicipalOwned  = "municipal_owned"  // a municipally owned company: Teckal if the buyer controls it
	WhyPublicBody      = "public_body"      // another public body
	WhyStateEnterprise = "state_enterprise" // a state-owned enterprise on the market
	WhyNotPublic       = "not_public"       // not a public body
	WhyUnknownSupplier = "unknown_supplier" // type not known
	WhyExcluded        = "excluded"         // an excluded service by its CPV code
	WhyNotExcluded     = "not_excluded"     // not an excluded service
	WhyNoCPV           = "no_cpv"           // no CPV code to judge by
	WhyFramework       = "framework"        // a framework agreement covers it
	WhyNoFramework     = "no_framework"     // no framework agreement covers it
)

// ExemptionOf says whether a purchase from a supplier in a category on a
// date is exempt from the duty to compete, and which exemption applies:
// the supplier's type (in-house, inter-municipal, public body), the
// category (excluded services) and the contract register (a framework
// agreement covering the supplier and the category on the date). Every
// exemption is checked, in the order of Exemptions, and each check says why
// it did or did not apply.
func ExemptionOf(p Purchase) Result {
	var r Result
	add := func(slug string, applies bool, why, arg, reason string) {
		c := Check{Slug: slug, Applies: applies, Why: why, Arg: arg, Reason: reason, Source: SourceOf(slug, p.Regime)}
		r.Checks = append(r.Checks, c)
		if applies && !r.Exempt {
			r.Exempt, r.By = true, c
		}
	}
	slug, why, arg, reason := publicKind(p.Supplier)
	for _, s := range []string{InHouse, InterMunicipal, PublicBody} {
		if s == slug {
			add(s, true, why, arg, reason)
			continue
		}
		w, a, rs := why, arg, reason
		if slug != "" {
			// Public, but another kind of body.
			w, a, rs = WhyNotPublic, p.Supplier.TypeReason, "the supplier is not of this kind: "+reason
		}
		add(s, false, w, a, rs)
	}
	code := strings.TrimSpace(p.CPV)
	switch what, ok := Excluded(code); {
	case code == "" || strings.HasPrefix(code, "account:"):
		add(ExcludedServices, false, WhyNoCPV, "", "the purchase has no CPV code to tell an excluded service by")
	case ok:
		add(ExcludedServices, true, WhyExcluded, code, "CPV "+code+" is "+what+", which the law excludes")
	default:
		add(ExcludedServices, false, WhyNotExcluded, code, "CPV "+code+" is not among the services the law excludes")
	}
	if c, ok := FrameworkFor(p.Contracts, p.SupplierID, code, p.Date); ok {
		add(FrameworkCallOff, true, WhyFramework, c.ID, "a call-off under framework agreement "+c.ID+" ("+c.Title+"), which covers the supplier and the category")
	} else {
		add(FrameworkCallOff, false, WhyNoFramework, "", "no framework agreement in the contract register covers the supplier and the category on the date")
	}
	return r
}

// SourceOf is an exemption's citation in a regime (the EU's when the
// regime has none of its own).
func SourceOf(slug, regime string) string {
	for _, e := range Exemptions {
		if e.Slug == slug {
			if s, ok := e.Source[regime]; ok {
				return s
			}
			return e.Source["EU"]
		}
	}
	return ""
}

// Excluded says whether a CPV code (or group) is a service the law
// excludes, and what it is.
func Excluded(cpv string) (string, bool) {
	code, _, _ := strings.Cut(cpv, "-")
	for p, what := range ExcludedCodes {
		if strings.HasPrefix(code, p) {
			return what, true
		}
	}
	return "", false
}

// FrameworkFor finds a framework agreement of the register that covers a
// supplier and a category on a date: the supplier among its suppliers, its
// CPV group (first three digits) the category's when it has a CPV code, and
// the date within its term, options included.
func FrameworkFor(cs []cityspend.Contract, supplierID, cpv string, on time.Time) (cityspend.Contract, bool) {
	if supplierID == "" {
		return cityspend.Contract{}, false
	}
	for _, c := range cs {
		if !c.Framework || !hasSupplier(c, supplierID) {
			continue
		}
		if c.CPV != "" && (len(cpv) < 3 || len(c.CPV) < 3 || c.CPV[:3] != cpv[:3]) {
			continue
		}
		if !on.IsZero() && ((!c.Start.IsZero() && on.Before(c.Start)) || (!c.LastDay().IsZero() && on.After(c.LastDay()))) {
			continue
		}
		return c, true
	}
	return cityspend.Contract{}, false
}

func hasSupplier(c cityspend.Contract, id string) bool {
	for _, s := range c.Suppliers {
		if s.SupplierID == id {
			return true
		}
	}
	return false
}

// publicKind tells from a supplier's profile which public exemption its
// type may fall under: the slug, the reason code, what it names and the
// reason in English; slug "" when none.
func publicKind(s cityspend.SupplierProfile) (slug, why, arg, reason string) {
	r := s.TypeReason
	switch s.Type {
	case cityspend.TypePublic:
	case "", cityspend.TypeUnknown:
		return "", WhyUnknownSupplier, "", "the supplier's type is not known (no register resolves it)"
	default:
		return "", WhyNotPublic, r, "the supplier is not a public body (" + r + ")"
	}
	name := " " + strings.ToUpper(strings.TrimSpace(s.Name))
	has := func(forms ...string) bool {
		for _, f := range forms {
			if strings.Contains(r, "("+f+")") || strings.HasSuffix(name, " "+f) {
				return true
			}
		}
		return false
	}
	switch {
	case has("KF", "FKF") || strings.Contains(r, "municipal enterprise") && !strings.Contains(r, "inter-municipal company or"):
		return InHouse, WhyOwnEnterprise, r, "the supplier is a municipal enterprise (KF/FKF), part of the municipality itself: " + r
	case has("IKS") || strings.HasPrefix(r, "inter-municipal company"):
		return InterMunicipal, WhyIKS, r, "the supplier is an inter-municipal company (IKS) its owner municipalities control together: " + r
	case has("SF") || strings.Contains(r, "state enterprise") || strings.Contains(r, "sector 1110"):
		return "", WhyStateEnterprise, r, "the supplier is a state-owned enterprise selling on the market; its type exempts nothing: " + r
	case strings.Contains(r, "sector 1120"):
		return InHouse, WhyMunicipalOwned, r, "the supplier is a municipally owned company: in-house (Teckal) when the buyer is among the owners " +
			"that control it and it does more than 80 % of its work for them: " + r
	}
	return PublicBody, WhyPublicBody, r, "the supplier is a public body: " + r
}
