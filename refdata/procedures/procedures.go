// SPDX-License-Identifier: EUPL-1.2

// Package procedures holds the legal minimum time limits of the
// procurement procedures, by regime (Norway, the EU, the UK), as dated rows
// with the act and section they come from. The procurement plan works its
// timelines back from these (docs/plan.md).
package procedures

import "time"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Procedures, named by the slugs of their legal-handbook pages
// (/handbook/<slug>).
const (
	BelowThreshold       = "procedure-below-threshold"
	Open                 = "procedure-open"
	Restricted           = "procedure-restricted"
	Negotiated           = "procedure-negotiated"
	CompetitiveDialogue  = "procedure-competitive-dialogue"
	InnovationPartnering = "procedure-innovation-partnership"
	PreCommercial        = "procedure-pre-commercial"
	CompetitiveFlexible  = "procedure-competitive-flexible-uk"
	LightRegime          = "procedure-light-regime"
)

// Steps of a procedure that have a minimum time limit.
const (
	Participation = "participation" // from the notice to the requests to participate
	Tender        = "tender"        // to the (first) tenders: from the notice, or from the invitation in a two-stage procedure
	Standstill    = "standstill"    // from the award decision to the contract
)

// Limit is one minimum time limit: so many days (calendar or working) for a
// step of a procedure in a regime, with its source, valid from a date
// (until ValidTo, exclusive, when set). Check marks a figure not yet
// confirmed against the primary source (METHODS: "(check)").
type Limit struct {
	Regime    string
	Procedure string
	Step      string
	Days      int
	Working   bool // working days, not calendar days
	Source    string
	ValidFrom time.Time
	ValidTo   time.Time
	Check     bool
}

// Limits are the shipped minimum time limits. Where the law sets none
// (Norway's part II, the light regime in Norway and the EU, the UK's
// below-threshold contracts) the row holds the project's planning default
// and its Source says so: the law asks only for a reasonable time.
var Limits = []Limit{
	// Norway, anskaffelsesforskriften (FOA) part III, in force 1 January 2017.
	// Time limits in calendar days (FOA § 7-6); electronic submission is
	// required, so the directive's 35 days less 5 apply.
	{Regime: "NO", Procedure: Open, Step: Tender, Days: 30, Source: "anskaffelsesforskriften § 20-3 (1)", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Procedure: Restricted, Step: Participation, Days: 30, Source: "anskaffelsesforskriften § 20-4 (1)", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Procedure: Restricted, Step: Tender, Days: 25, Source: "anskaffelsesforskriften § 20-4 (2)", ValidFrom: day(2017, 1, 1), Check: true},
	{Regime: "NO", Procedure: Negotiated, Step: Participation, Days: 30, Source: "anskaffelsesforskriften § 20-5 (1)", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Procedure: Negotiated, Step: Tender, Days: 25, Source: "anskaffelsesforskriften § 20-5 (2)", ValidFrom: day(2017, 1, 1), Check: true},
	{Regime: "NO", Procedure: CompetitiveDialogue, Step: Participation, Days: 30, Source: "anskaffelsesforskriften § 20-6", ValidFrom: day(2017, 1, 1), Check: true},
	{Regime: "NO", Procedure: InnovationPartnering, Step: Participation, Days: 30, Source: "anskaffelsesforskriften § 20-7", ValidFrom: day(2017, 1, 1), Check: true},
	{Regime: "NO", Procedure: Open, Step: Standstill, Days: 10, Source: "anskaffelsesforskriften § 25-2 (karensperiode)", ValidFrom: day(2017, 1, 1), Check: true},
	{Regime: "NO", Procedure: BelowThreshold, Step: Tender, Days: 15, Source: "no minimum in FOA part II (chapter 8 asks for a reasonable time): the project's planning default", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Procedure: LightRegime, Step: Tender, Days: 20, Source: "no minimum in FOA part IV (særlige tjenester): the project's planning default", ValidFrom: day(2017, 1, 1)},
	{Regime: "NO", Procedure: PreCommercial, Step: Tender, Days: 30, Source: "R&D services outside the regulations (FOA § 2-3); the project's planning default, as for an open procedure", ValidFrom: day(2017, 1, 1)},

	// EU, Directive 2014/24/EU, arts. 27–31 (calendar days), with the five
	// days off for electronic submission (art. 27(4), 28(5), 29(1)).
	{Regime: "EU", Procedure: Open, Step: Tender, Days: 30, Source: "Directive 2014/24/EU art. 27(1) and (4)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: Restricted, Step: Participation, Days: 30, Source: "Directive 2014/24/EU art. 28(1)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: Restricted, Step: Tender, Days: 25, Source: "Directive 2014/24/EU art. 28(2) and (5)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: Negotiated, Step: Participation, Days: 30, Source: "Directive 2014/24/EU art. 29(1)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: Negotiated, Step: Tender, Days: 25, Source: "Directive 2014/24/EU art. 29(1) with art. 28(2) and (5)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: CompetitiveDialogue, Step: Participation, Days: 30, Source: "Directive 2014/24/EU art. 30(1)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: InnovationPartnering, Step: Participation, Days: 30, Source: "Directive 2014/24/EU art. 31(1)", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: Open, Step: Standstill, Days: 10, Source: "Directive 89/665/EEC art. 2a(2), as amended by 2007/66/EC", ValidFrom: day(2009, 12, 20)},
	{Regime: "EU", Procedure: LightRegime, Step: Tender, Days: 20, Source: "no minimum for the light regime (Directive 2014/24/EU arts. 74–76): the project's planning default", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: PreCommercial, Step: Tender, Days: 30, Source: "R&D services outside the Directive (art. 14; COM(2007) 799): the project's planning default", ValidFrom: day(2016, 4, 18)},
	{Regime: "EU", Procedure: BelowThreshold, Step: Tender, Days: 15, Source: "national rules below the thresholds: the project's planning default", ValidFrom: day(2016, 4, 18)},

	// UK, Procurement Act 2023 s.54 (tendering and participation periods,
	// calendar days) and s.51 (standstill, 8 working days), in force
	// 24 February 2025.
	{Regime: "UK", Procedure: Open, Step: Tender, Days: 25, Source: "Procurement Act 2023 s.54(4) (electronic tenders, documents with the tender notice)", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: CompetitiveFlexible, Step: Participation, Days: 25, Source: "Procurement Act 2023 s.54(3)", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: CompetitiveFlexible, Step: Tender, Days: 25, Source: "Procurement Act 2023 s.54(4)", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: LightRegime, Step: Tender, Days: 10, Source: "Procurement Act 2023 s.54(4) (light touch contracts)", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: Open, Step: Standstill, Days: 8, Working: true, Source: "Procurement Act 2023 s.51(3)", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: BelowThreshold, Step: Tender, Days: 15, Source: "no minimum below the thresholds (Procurement Act 2023 Part 6): the project's planning default", ValidFrom: day(2025, 2, 24)},
	{Regime: "UK", Procedure: PreCommercial, Step: Tender, Days: 25, Source: "R&D services (Procurement Act 2023 Sch. 2 para. 2): the project's planning default, as for an open procedure", ValidFrom: day(2025, 2, 24)},
}

// find is the limit of a step, false when the procedure has none for it.
func find(regime, procedure, step string, on time.Time) (Limit, bool) {
	for _, l := range Limits {
		if l.Regime == regime && l.Procedure == procedure && l.Step == step && !on.Before(l.ValidFrom) && (l.ValidTo.IsZero() || on.Before(l.ValidTo)) {
			return l, true
		}
	}
	return Limit{}, false
}

// Timeline is what a procedure needs by law between its notice and the
// contract: the minimum periods, the standstill, and their sources.
type Timeline struct {
	Participation, Tender, Standstill Limit
}

// Days is the least number of calendar days from the notice to the
// contract the law allows: participation, tenders, standstill (working
// days counted as 7/5 calendar days, rounded up).
func (t Timeline) Days() int {
	n := t.Participation.Days + t.Tender.Days
	s := t.Standstill.Days
	if t.Standstill.Working {
		s = (s*7 + 4) / 5
	}
	return n + s
}

// Sources lists the sources of the timeline's limits, in order.
func (t Timeline) Sources() []string {
	var out []string
	for _, l := range []Limit{t.Participation, t.Tender, t.Standstill} {
		if l.Source != "" {
			out = append(out, l.Source)
		}
	}
	return out
}

// For is the timeline of a procedure in a regime on a date. The standstill
// applies to every procedure with a notice above the thresholds (the rows
// hold it once per regime, under Open); below them, none.
func For(regime, procedure string, on time.Time) Timeline {
	var t Timeline
	t.Participation, _ = find(regime, procedure, Participation, on)
	t.Tender, _ = find(regime, procedure, Tender, on)
	if procedure != BelowThreshold && procedure != PreCommercial {
		t.Standstill, _ = find(regime, Open, Standstill, on)
	}
	return t
}
