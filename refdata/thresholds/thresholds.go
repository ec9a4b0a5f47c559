// SPDX-License-Identifier: EUPL-1.2

// Package thresholds is the dated table of procurement thresholds by regime
// (Norway, the EU, the UK) as the law publishes them, each row with its
// source and its legal-handbook page (METHODS §4), the kind of a purchase
// by its CPV code (works, the light regime for social and other specific
// services, goods and services), and the regime of a buyer's country.
// Compliance findings, the procurement plan's procedures and the broker's
// joint opportunities read the same table.
package thresholds

import (
	"sort"
	"time"

	"github.com/cityspend/cityspend"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Threshold kinds: a purchase is works, light (social and other specific
// services: Directive 2014/24/EU Annex XIV, Norway's særlige tjenester,
// the UK's light-touch services) or goods and services; a row of kind Any
// holds for every kind.
const (
	GoodsServices = "goods_services"
	Works         = "works"
	Light         = "light"
	Any           = "any"
)

// Kinds lists the kinds a row may have.
var Kinds = []string{GoodsServices, Works, Light, Any}

// Authorities a row holds for: central government bodies, or every other
// contracting authority (municipalities, counties, bodies governed by
// public law). A row with no authority holds for all.
const (
	Central    = "central"
	SubCentral = "sub_central"
)

// Handbook slugs of the threshold rules (/handbook/<slug>).
const (
	RuleNOFloor    = "threshold-no-floor"
	RuleNONational = "threshold-no-national"
	RuleNOEEA      = "threshold-no-eea"
	RuleEU         = "threshold-eu"
	RuleUK         = "threshold-uk"
	RuleLightNO    = "light-regime-no"
	RuleLightEU    = "light-regime-eu"
	RuleLightUK    = "light-touch-uk"
)

// Sources of the rows. Amounts exclude VAT unless the row says it
// includes it.
const (
	srcNOFloor = "anskaffelsesloven § 2 and anskaffelsesforskriften (FOR-2016-08-12-974) § 5-1: the rules apply from NOK 100 000 excl. VAT " +
		"(https://lovdata.no/dokument/SF/forskrift/2016-08-12-974; regjeringen.no, Veileder til anskaffelsesforskriften, ch. 5)"
	srcNONational2017 = "anskaffelsesforskriften (FOR-2016-08-12-974) § 5-1: national threshold NOK 1.1 m excl. VAT, part II (notice on Doffin)"
	srcNONational2018 = "anskaffelsesforskriften § 5-1 as amended by FOR-2018-04-04-533 (in force 6 April 2018): national threshold NOK 1.3 m excl. VAT, " +
		"part II (https://www.regjeringen.no/no/aktuelt/justerer-opp-terskelverdier/id2596319/); unchanged 2024–2026 " +
		"(https://www.ks.no/ks-advokatene/nyheter/nye-eos-terskelverdier-for-2024-2026/)"
	srcNOEEA2017 = "anskaffelsesforskriften (FOR-2016-08-12-974) § 5-3: EEA thresholds from 1 January 2017"
	srcNOEEA2018 = "anskaffelsesforskriften § 5-3 as amended by FOR-2018-04-04-533 (in force 6 April 2018) " +
		"(https://www.regjeringen.no/no/aktuelt/justerer-opp-terskelverdier/id2596319/)"
	srcNOEEA2020 = "anskaffelsesforskriften § 5-3 as amended by FOR-2020-02-12-128 (in force 12 February 2020) " +
		"(https://www.anskaffelser.no/nyhet/2020/02/eos-terskelverdiene-er-endret)"
	srcNOEEA2022 = "anskaffelsesforskriften § 5-3, adjusted EEA thresholds in force 23 March 2022 (Nærings- og fiskeridepartementet; " +
		"https://gmco.no/nye-eos-terskelverdier-fra-23-mars-2022/, https://kildeboas.no/aktuelt/nye-e%C3%B8s-terskelverdier-i-norge-for-2024-2026)"
	srcNOEEA2024 = "anskaffelsesforskriften § 5-3, adjusted EEA thresholds 2024–2026 in force 14 March 2024 " +
		"(https://www.regjeringen.no/no/aktuelt/terskelverdier/id3030686/; https://anskaffelser.no/avtaler-og-regelverk/terskelverdier-offentlige-anskaffelser)"
	srcEULight = "Directive 2014/24/EU art. 4(d) and art. 74 (social and other specific services, Annex XIV): EUR 750 000, not revised " +
		"(OJ L 94, 28.3.2014, p. 65)"
	srcEU2022 = "Directive 2014/24/EU art. 4 as amended by Commission Delegated Regulation (EU) 2021/1952 (OJ L 398, 11.11.2021)"
	srcEU2024 = "Directive 2014/24/EU art. 4 as amended by Commission Delegated Regulation (EU) 2023/2495 (OJ L, 2023/2495, 16.11.2023)"
	srcEU2026 = "Directive 2014/24/EU art. 4 as amended by Commission Delegated Regulation (EU) 2025/2152 (OJ L, 23.10.2025; applies from 1 January 2026) " +
		"(https://www.mondaq.com/ireland/government-contracts-procurement-ppp/1696870/public-procurement-thresholds-for-2026-2027)"
	srcUK2022 = "Public Contracts Regulations 2015 reg. 5 as amended for 2022–2023, excl. VAT (Cabinet Office PPN 10/21)"
	srcUK2024 = "Public Contracts Regulations 2015 reg. 5 as amended by SI 2023/1279 (PPN 11/23: from 1 January 2024 thresholds include VAT); " +
		"from 24 February 2025 Procurement Act 2023 Schedule 1 with the same amounts"
	srcUK2026 = "Procurement Act 2023 Schedule 1 as amended by the Procurement Act 2023 (Threshold Amounts) (Amendment) Regulations 2025, from 1 January 2026, " +
		"VAT included (PPN 023; https://insights.devonshires.com/post/102lxjy/new-public-procurement-thresholds-from-1-january-2026)"
	srcUKLight = "light-touch contracts: Procurement Act 2023 s. 9 and Schedule 1, The Procurement Regulations 2024 (light-touch services); " +
		"before 24 February 2025 Public Contracts Regulations 2015 reg. 5(1)(d) and reg. 74"
)

// Names the code relies on.
const (
	// NameNOFloor is the name of the regulations' floor, not a notice
	// threshold.
	NameNOFloor = "the regulations' floor"
)

// Shipped thresholds (METHODS §4): amounts as officially published, in the
// regime's currency, excluding VAT except where IncludesVAT says so (the
// UK since 2024). Users add or change rows with `cityspend thresholds`; a
// regime's user rows replace the shipped ones.
var Shipped = []cityspend.Threshold{
	// Norway: anskaffelsesloven and anskaffelsesforskriften.
	{Regime: "NO", Name: NameNOFloor, Kind: Any, Amount: 100_000_00, Currency: "NOK", ValidFrom: day(2017, 1, 1), Source: srcNOFloor, Rule: RuleNOFloor},
	{Regime: "NO", Name: "national threshold (notice on Doffin), goods and services", Kind: GoodsServices, Amount: 1_100_000_00, Currency: "NOK",
		ValidFrom: day(2017, 1, 1), ValidTo: day(2018, 4, 6), Source: srcNONational2017, Rule: RuleNONational},
	{Regime: "NO", Name: "national threshold (notice on Doffin), works", Kind: Works, Amount: 1_100_000_00, Currency: "NOK",
		ValidFrom: day(2017, 1, 1), ValidTo: day(2018, 4, 6), Source: srcNONational2017, Rule: RuleNONational},
	{Regime: "NO", Name: "national threshold (notice on Doffin), goods and services", Kind: GoodsServices, Amount: 1_300_000_00, Currency: "NOK",
		ValidFrom: day(2018, 4, 6), Source: srcNONational2018, Rule: RuleNONational},
	{Regime: "NO", Name: "national threshold (notice on Doffin), works", Kind: Works, Amount: 1_300_000_00, Currency: "NOK",
		ValidFrom: day(2018, 4, 6), Source: srcNONational2018, Rule: RuleNONational},
	// EEA thresholds (part III), other contracting authorities.
	noEEA(GoodsServices, SubCentral, 1_750_000_00, day(2017, 1, 1), day(2018, 4, 6), srcNOEEA2017),
	noEEA(GoodsServices, SubCentral, 2_000_000_00, day(2018, 4, 6), day(2020, 2, 12), srcNOEEA2018),
	noEEA(GoodsServices, SubCentral, 2_050_000_00, day(2020, 2, 12), day(2022, 3, 23), srcNOEEA2020),
	noEEA(GoodsServices, SubCentral, 2_200_000_00, day(2022, 3, 23), day(2024, 3, 14), srcNOEEA2022),
	noEEA(GoodsServices, SubCentral, 2_300_000_00, day(2024, 3, 14), time.Time{}, srcNOEEA2024),
	// State bodies.
	noEEA(GoodsServices, Central, 1_100_000_00, day(2017, 1, 1), day(2018, 4, 6), srcNOEEA2017),
	noEEA(GoodsServices, Central, 1_300_000_00, day(2018, 4, 6), day(2022, 3, 23), srcNOEEA2018),
	noEEA(GoodsServices, Central, 1_400_000_00, day(2022, 3, 23), day(2024, 3, 14), srcNOEEA2022),
	noEEA(GoodsServices, Central, 1_490_000_00, day(2024, 3, 14), time.Time{}, srcNOEEA2024),
	// Works, every contracting authority.
	noEEA(Works, "", 44_000_000_00, day(2017, 1, 1), day(2018, 4, 6), srcNOEEA2017),
	noEEA(Works, "", 51_000_000_00, day(2018, 4, 6), day(2020, 2, 12), srcNOEEA2018),
	noEEA(Works, "", 51_500_000_00, day(2020, 2, 12), day(2022, 3, 23), srcNOEEA2020),
	noEEA(Works, "", 56_000_000_00, day(2022, 3, 23), day(2024, 3, 14), srcNOEEA2022),
	noEEA(Works, "", 57_800_000_00, day(2024, 3, 14), time.Time{}, srcNOEEA2024),
	// Særlige tjenester and helse- og sosialtjenester (the light regime).
	noLight(6_950_000_00, day(2018, 4, 6), day(2020, 2, 12), srcNOEEA2018),
	noLight(7_200_000_00, day(2020, 2, 12), day(2022, 3, 23), srcNOEEA2020),
	noLight(7_800_000_00, day(2022, 3, 23), time.Time{}, srcNOEEA2024+"; unchanged from 2022 (https://dinanbudshjelp.no/nye-terskelverdier-fra-14-03-2024/)"),

	// The EU: Directive 2014/24/EU.
	euRow("central government authorities, goods and services", GoodsServices, Central, 140_000_00, 2022, srcEU2022),
	euRow("sub-central authorities, goods and services", GoodsServices, SubCentral, 215_000_00, 2022, srcEU2022),
	euRow("works and concessions", Works, "", 5_382_000_00, 2022, srcEU2022),
	euRow("central government authorities, goods and services", GoodsServices, Central, 143_000_00, 2024, srcEU2024),
	euRow("sub-central authorities, goods and services", GoodsServices, SubCentral, 221_000_00, 2024, srcEU2024),
	euRow("works and concessions", Works, "", 5_538_000_00, 2024, srcEU2024),
	euRow("central government authorities, goods and services", GoodsServices, Central, 140_000_00, 2026, srcEU2026),
	euRow("sub-central authorities, goods and services", GoodsServices, SubCentral, 216_000_00, 2026, srcEU2026),
	euRow("works and concessions", Works, "", 5_404_000_00, 2026, srcEU2026),
	// The light regime's amount is the Directive's own, not revised.
	{Regime: "EU", Name: "social and other specific services (light regime)", Kind: Light, Amount: 750_000_00, Currency: "EUR",
		ValidFrom: day(2016, 4, 18), Source: srcEULight, Rule: RuleLightEU},

	// The UK: Public Contracts Regulations 2015, then the Procurement Act
	// 2023 (in force 24 February 2025).
	ukRow("central government authorities, goods and services", GoodsServices, Central, 138_760_00, day(2022, 1, 1), day(2024, 1, 1), false, srcUK2022),
	ukRow("other contracting authorities, goods and services", GoodsServices, SubCentral, 213_477_00, day(2022, 1, 1), day(2024, 1, 1), false, srcUK2022),
	ukRow("works", Works, "", 5_336_937_00, day(2022, 1, 1), day(2024, 1, 1), false, srcUK2022),
	ukRow("light-touch services", Light, "", 663_540_00, day(2022, 1, 1), day(2024, 1, 1), false, srcUK2022+"; "+srcUKLight),
	ukRow("central government authorities, goods and services", GoodsServices, Central, 139_688_00, day(2024, 1, 1), day(2026, 1, 1), true, srcUK2024),
	ukRow("other contracting authorities, goods and services", GoodsServices, SubCentral, 214_904_00, day(2024, 1, 1), day(2026, 1, 1), true, srcUK2024),
	ukRow("works", Works, "", 5_372_609_00, day(2024, 1, 1), day(2026, 1, 1), true, srcUK2024),
	ukRow("light-touch services", Light, "", 663_540_00, day(2024, 1, 1), day(2026, 1, 1), true, srcUK2024+"; "+srcUKLight),
	ukRow("central government authorities, goods and services", GoodsServices, Central, 135_018_00, day(2026, 1, 1), time.Time{}, true, srcUK2026),
	ukRow("other contracting authorities, goods and services", GoodsServices, SubCentral, 207_720_00, day(2026, 1, 1), time.Time{}, true, srcUK2026),
	ukRow("works", Works, "", 5_193_000_00, day(2026, 1, 1), time.Time{}, true, srcUK2026),
	ukRow("light-touch services", Light, "", 663_540_00, day(2026, 1, 1), time.Time{}, true, srcUK2026+"; "+srcUKLight),
}

func noEEA(kind, authority string, amount cityspend.Amount, from, to time.Time, src string) cityspend.Threshold {
	name := "EEA threshold, works"
	switch {
	case kind == GoodsServices && authority == Central:
		name = "EEA threshold, state bodies, goods and services"
	case kind == GoodsServices:
		name = "EEA threshold, municipalities, goods and services"
	}
	return cityspend.Threshold{Regime: "NO", Name: name, Kind: kind, Amount: amount, Currency: "NOK", ValidFrom: from, ValidTo: to, Source: src,
		Rule: RuleNOEEA, Authority: authority}
}

func noLight(amount cityspend.Amount, from, to time.Time, src string) cityspend.Threshold {
	return cityspend.Threshold{Regime: "NO", Name: "EEA threshold, særlige tjenester and health and social services (light regime)", Kind: Light,
		Amount: amount, Currency: "NOK", ValidFrom: from, ValidTo: to, Source: src, Rule: RuleLightNO}
}

// latestEU is the first year of the Commission's latest revision: its rows
// stay in force until the next one.
const latestEU = 2026

// euRow is a row of the two years a revision of the Commission holds for.
func euRow(name, kind, authority string, amount cityspend.Amount, from int, src string) cityspend.Threshold {
	t := cityspend.Threshold{Regime: "EU", Name: name, Kind: kind, Amount: amount, Currency: "EUR", ValidFrom: day(from, 1, 1),
		Source: src, Rule: RuleEU, Authority: authority}
	if from < latestEU {
		t.ValidTo = day(from+2, 1, 1)
	}
	return t
}

func ukRow(name, kind, authority string, amount cityspend.Amount, from, to time.Time, vat bool, src string) cityspend.Threshold {
	rule := RuleUK
	if kind == Light {
		rule = RuleLightUK
	}
	return cityspend.Threshold{Regime: "UK", Name: name, Kind: kind, Amount: amount, Currency: "GBP", ValidFrom: from, ValidTo: to, Source: src,
		Rule: rule, IncludesVAT: vat, Authority: authority}
}

// StandardVAT is the standard VAT rate in per cent of the regimes whose
// thresholds include VAT: ledger amounts exclude VAT, so a row that
// includes it is compared net of the standard rate (ExVAT).
var StandardVAT = map[string]int64{"UK": 20}

// ExVAT is a threshold's amount excluding VAT, to compare with ledger
// amounts: the amount itself, or for a row that includes VAT the amount net
// of the regime's standard rate (£214 904 incl. VAT is £179 087 excl. VAT
// at 20 %). Comparing the net threshold with the net spend is the same as
// grossing the spend up at the standard rate; spend exempt from VAT (much
// of health and social care) is then judged as if it bore it, which errs
// towards a finding.
func ExVAT(t cityspend.Threshold) cityspend.Amount {
	rate := StandardVAT[t.Regime]
	if !t.IncludesVAT || rate == 0 {
		return t.Amount
	}
	return cityspend.Amount(int64(t.Amount) * 100 / (100 + rate))
}

// euCountries use the EU's thresholds.
var euCountries = map[string]bool{"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true, "FI": true,
	"FR": true, "DE": true, "GR": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true, "PL": true,
	"PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true}

// RegimeOf is the threshold regime of a buyer's country.
func RegimeOf(country string) string {
	switch {
	case country == "NO":
		return "NO"
	case country == "GB":
		return "UK"
	case euCountries[country]:
		return "EU"
	}
	return ""
}

// Table is the thresholds in force, the user's rows replacing a regime's
// shipped ones.
type Table []cityspend.Threshold

// NewTable merges the user's rows over the shipped ones.
func NewTable(user []cityspend.Threshold) Table {
	own := map[string]bool{}
	for _, t := range user {
		own[t.Regime] = true
	}
	var out Table
	for _, t := range Shipped {
		if !own[t.Regime] {
			out = append(out, t)
		}
	}
	return append(out, user...)
}

// At returns a regime's thresholds for a kind on a date, lowest first, for
// a municipality or county (the rows for all authorities and for
// sub-central ones).
func (t Table) At(regime, kind string, on time.Time) []cityspend.Threshold {
	return t.AtFor(regime, kind, SubCentral, on)
}

// AtFor is At for an authority: Central or SubCentral.
func (t Table) AtFor(regime, kind, authority string, on time.Time) []cityspend.Threshold {
	var out []cityspend.Threshold
	for _, x := range t {
		if x.Regime != regime || (x.Kind != Any && x.Kind != kind) || !InForce(x, on) || (x.Authority != "" && x.Authority != authority) {
			continue
		}
		out = append(out, x)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Amount < out[j].Amount })
	return out
}

// InForce says whether a row holds on a date.
func InForce(x cityspend.Threshold, on time.Time) bool {
	return !on.Before(x.ValidFrom) && (x.ValidTo.IsZero() || on.Before(x.ValidTo))
}

// Notice returns the regime's highest threshold a purchase of a kind
// crosses on a date, comparing amounts excluding VAT (ExVAT), the floor of
// the Norwegian regulations left out (it is no notice threshold); ok is
// false when it crosses none.
func (t Table) Notice(regime, kind string, on time.Time, amount cityspend.Amount) (cityspend.Threshold, bool) {
	var crossed cityspend.Threshold
	ok := false
	for _, x := range t.At(regime, kind, on) {
		if x.Rule == RuleNOFloor || x.Name == NameNOFloor {
			continue
		}
		if amount >= ExVAT(x) {
			crossed, ok = x, true
		}
	}
	return crossed, ok
}
