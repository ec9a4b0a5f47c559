// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend/i18n"
)

// The register package explains where a supplier is, what kind of body it
// is and how large, in English phrases it stores with the profile
// ("in 0301 Oslo, outside the region"; "legal form AS"; "35 employees in
// the register"). reasonText writes them in the page's language, phrase
// by phrase; a phrase it does not know stays as it is. Organisation
// numbers are grouped as they are written (923 609 016).
var reasonPhrases = []struct {
	re  *regexp.Regexp
	key string // a message with the phrase's parts as %s, in order
}{
	{regexp.MustCompile(`registered abroad \(([A-Z]{2})\)`), "sw.r.abroad"},
	{regexp.MustCompile(`^branch (\S+) `), "sw.r.branch"},
	{regexp.MustCompile(`, registered under the old code (\S+)`), "sw.r.oldcode"},
	{regexp.MustCompile(`postcode (\S+) is neither local nor in the region`), "sw.r.pc.neither"},
	{regexp.MustCompile(`postcode (\S+) is local`), "sw.r.pc.local"},
	{regexp.MustCompile(`postcode (\S+) is in the region`), "sw.r.pc.region"},
	{regexp.MustCompile(` \(by postcode (\S+) \(terminated (\S+)\) in the postcode register\)`), "sw.r.pc.terminated"},
	{regexp.MustCompile(` \(by postcode (\S+) in the postcode register\)`), "sw.r.pc.register"},
	{regexp.MustCompile(` \(from the ledger lines\)`), "sw.r.ledger"},
	{regexp.MustCompile(`, outside the region`), "sw.r.outside"},
	{regexp.MustCompile(`, in the buyer's region list`), "sw.r.regionlist"},
	{regexp.MustCompile(`, in county (\S+)`), "sw.r.county"},
	{regexp.MustCompile(`, in region (.+)$`), "sw.r.regionname"},
	{regexp.MustCompile(`, in the region`), "sw.r.region"},
	{regexp.MustCompile(`, but no municipality is known`), "sw.r.nomuni"},
	{regexp.MustCompile(`^no address$`), "sw.r.noaddress"},
	{regexp.MustCompile(`organisation number (\S+) is not in the loaded registers`), "sw.r.notloaded"},
	// How a payee was matched to an organisation (register.Resolve).
	{regexp.MustCompile(`^decided by (\S+) on (\S+): `), "sw.r.decided"},
	{regexp.MustCompile(`organisation number (\S+) of a branch of (.+)`), "sw.r.branchof"},
	{regexp.MustCompile(` \(not in the loaded registers\)`), "sw.r.notin"},
	{regexp.MustCompile(`organisation number (\S+)`), "sw.r.orgno"},
	{regexp.MustCompile(`^no name and no organisation number$`), "sw.r.noname"},
	{regexp.MustCompile(`^no registered name is close$`), "sw.r.noclose"},
	{regexp.MustCompile(`, among the buyer's suppliers known by number`), "sw.r.known"},
	{regexp.MustCompile(`not resolved to a registered organisation`), "sw.r.unresolved"},
	{regexp.MustCompile(`legal form (\S+)`), "sw.r.form"},
	{regexp.MustCompile(`^a registered business$`), "sw.r.business"},
	{regexp.MustCompile(`in the register of voluntary organisations`), "sw.r.voluntary"},
	{regexp.MustCompile(`(\d+) employees in the register`), "sw.r.employees"},
	{regexp.MustCompile(`head count withheld by the register \(under 5\)`), "sw.r.withheld"},
	{regexp.MustCompile(`sole proprietorship with no registered head count`), "sw.r.enk"},
	{regexp.MustCompile(`the register gives no head count or turnover`), "sw.r.nosize"},
	// What the Norwegian register's organisation forms and sector codes
	// make of a body (refdata.PublicLegalForms, PublicSectorCodes).
	{regexp.MustCompile(`^municipality \((KOMM)\)$`), "sw.r.KOMM"},
	{regexp.MustCompile(`^county council \((FYLK)\)$`), "sw.r.FYLK"},
	{regexp.MustCompile(`^the state \((STAT)\)$`), "sw.r.STAT"},
	{regexp.MustCompile(`^inter-municipal company \((IKS)\)$`), "sw.r.IKS"},
	{regexp.MustCompile(`^municipal enterprise \((KF)\)$`), "sw.r.KF"},
	{regexp.MustCompile(`^county municipal enterprise \((FKF)\)$`), "sw.r.FKF"},
	{regexp.MustCompile(`^part of the state \((ORGL)\)$`), "sw.r.ORGL"},
	{regexp.MustCompile(`^state enterprise \((SF)\)$`), "sw.r.SF"},
	{regexp.MustCompile(`^the Church of Norway \((KIRK)\)$`), "sw.r.KIRK"},
	{regexp.MustCompile(`^administrative unit of the public sector \((ADOS)\)$`), "sw.r.ADOS"},
	{regexp.MustCompile(`^(association|foundation|cooperative) \((FLI|STI|SA)\)$`), "sw.r.social"},
	{regexp.MustCompile(`^(central government|local government|state-owned company|municipally owned company|non-profit institution) \(sector (\d+)\)$`), "sw.r.sector"},
	{regexp.MustCompile(`^a municipality \(its name says kommune\)$`), "sw.r.name.kommune"},
	{regexp.MustCompile(`^a county \(its name says fylkeskommune\)$`), "sw.r.name.fylke"},
	{regexp.MustCompile(`^an inter-municipal company or a municipal enterprise \(IKS, KF, FKF in the name\)$`), "sw.r.name.iks"},
	{regexp.MustCompile(`^a health trust \(HF, RHF in the name\)$`), "sw.r.name.hf"},
	{regexp.MustCompile(`^the tax authority$`), "sw.r.name.tax"},
	{regexp.MustCompile(`^the state's pension fund$`), "sw.r.name.spk"},
	{regexp.MustCompile(`^a state agency$`), "sw.r.name.state"},
	{regexp.MustCompile(`^the police$`), "sw.r.name.police"},
	// "in 0301 Oslo" and "in ORKANGER": a place, at the start or after a
	// branch.
	{regexp.MustCompile(`(^|; |avdeling \S+ |branch \S+ )in `), "sw.r.in"},
}

// headCount is a register's head count in bokmål, to be grouped.
var headCount = regexp.MustCompile(`\b(\d{4,}) ansatte`)

// orgNumber is a Norwegian organisation number written whole.
var orgNumber = regexp.MustCompile(`\b(\d{3})(\d{3})(\d{3})\b`)

// socialWords are the social economy's forms and the sectors' names.
var socialWords = map[string]string{"association": "sw.r.w.association", "foundation": "sw.r.w.foundation", "cooperative": "sw.r.w.cooperative",
	"central government": "sw.r.w.central", "local government": "sw.r.w.local", "state-owned company": "sw.r.w.stateowned",
	"municipally owned company": "sw.r.w.muniowned", "non-profit institution": "sw.r.w.nonprofit"}

// reasonText is a register's reason in the page's language.
func reasonText(l *i18n.Locale, s string) string {
	if l.Lang == "en" || s == "" {
		return orgNumber.ReplaceAllString(s, "$1 $2 $3")
	}
	// The register's and the resolver's phrases (i18n's Reason) first;
	// the phrases below then write what those leave in English.
	s = headCount.ReplaceAllStringFunc(l.Reason(s), func(m string) string {
		n, _ := strconv.ParseInt(headCount.FindStringSubmatch(m)[1], 10, 64)
		return l.Int(n) + " ansatte"
	})
	for _, p := range reasonPhrases {
		s = p.re.ReplaceAllStringFunc(s, func(m string) string {
			parts := p.re.FindStringSubmatch(m)
			args := make([]any, 0, len(parts)-1)
			for _, a := range parts[1:] {
				if w, ok := socialWords[a]; ok {
					a = l.T(w)
				} else if n, err := strconv.ParseInt(a, 10, 64); err == nil && p.key == "sw.r.employees" {
					a = l.Int(n)
				}
				args = append(args, a)
			}
			if p.key == "sw.r.in" { // keeps what came before "in"
				return strings.TrimSuffix(m, "in ") + l.T(p.key)
			}
			return l.T(p.key, args...)
		})
	}
	return orgNumber.ReplaceAllString(s, "$1 $2 $3")
}
