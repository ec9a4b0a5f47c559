// SPDX-License-Identifier: EUPL-1.2

package eforms

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// procedureType maps BT-105 to OCDS procurementMethod and its details, as
// the OCDS for eForms profile's procurement-procedure-type table does; the
// profile sets no method for the "other" procedures.
type procedureType struct{ method, details string }

var procedureTypes = map[string]procedureType{
	"open":         {"open", "Open procedure"},
	"restricted":   {"selective", "Restricted procedure"},
	"comp-dial":    {"selective", "Competitive dialogue"},
	"comp-tend":    {"selective", "Competitive tendering (article 5(3) of Regulation 1370/2007)"},
	"innovation":   {"selective", "Innovation partnership"},
	"neg-w-call":   {"selective", "Negotiated with prior publication of a call for competition / competitive with negotiation"},
	"neg-wo-call":  {"limited", "Negotiated without prior call for competition"},
	"exp-int-rail": {"selective", "Request for expression of interest – only for rail (article 5(3b) of Regulation 1370/2007)"},
	"oth-mult":     {"", "Other multiple stage procedure"},
	"oth-single":   {"", "Other single stage procedure"},
}

// natures maps BT-23 (contract-nature) to mainProcurementCategory.
var natures = map[string]string{"works": "works", "supplies": "goods", "services": "services"}

// alpha2 maps the ISO 3166-1 alpha-3 country codes of eForms (BT-514) to
// the alpha-2 codes cityspend.NormalizeOrgNumber takes, for the EEA,
// Switzerland and the United Kingdom.
var alpha2 = map[string]string{"AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK",
	"EST": "EE", "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR", "HUN": "HU", "IRL": "IE", "ITA": "IT", "LVA": "LV",
	"LTU": "LT", "LUX": "LU", "MLT": "MT", "NLD": "NL", "POL": "PL", "PRT": "PT", "ROU": "RO", "SVK": "SK", "SVN": "SI",
	"ESP": "ES", "SWE": "SE", "NOR": "NO", "ISL": "IS", "LIE": "LI", "GBR": "GB", "CHE": "CH"}

// Party roles, in the order they are listed.
const (
	roleBuyer = iota
	roleTenderer
	roleSupplier
	numRoles
)

var roleNames = [numRoles]string{"buyer", "tenderer", "supplier"}

// org is an organisation of the notice.
type org struct {
	id           string // the OCDS party id
	name         string
	scheme, code string // registered identifier, when known
	roles        [numRoles]bool
	listed       bool
}

type builder struct {
	folder string
	orgs   map[string]*org // by technical id (ORG-…)
	order  []*org          // in the order they got a role
}

// org returns the organisation of a technical id, creating it when the
// notice refers to one it does not describe.
func (b *builder) org(local string) *org {
	if o, ok := b.orgs[local]; ok {
		return o
	}
	o := &org{id: b.folder + "/" + local}
	b.orgs[local] = o
	return o
}

func (b *builder) role(o *org, r int) {
	if !o.listed {
		o.listed = true
		b.order = append(b.order, o)
	}
	o.roles[r] = true
}

func trim(s string) string { return strings.TrimSpace(s) }

// pick chooses the text in the notice's language, else the first.
func pick(ts []text, lang string) string {
	first := ""
	for _, t := range ts {
		v := trim(t.Value)
		if v == "" {
			continue
		}
		if strings.EqualFold(trim(t.Lang), lang) {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

// money reads an amount exactly, rounded half away from zero to the minor
// unit. Only plain decimals are amounts.
func money(a amount) (cityspend.Amount, string, bool) {
	v := trim(a.Value)
	if v == "" {
		return 0, "", false
	}
	digits := 0
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
		case (c == '-' || c == '+') && i == 0:
		default:
			return 0, "", false
		}
	}
	if digits == 0 || strings.Count(v, ".") > 1 {
		return 0, "", false
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return 0, "", false
	}
	r.Mul(r, big.NewRat(100, 1))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	rem := new(big.Rat).Sub(r, new(big.Rat).SetInt(n))
	if rem.Cmp(big.NewRat(1, 2)) >= 0 {
		n.Add(n, big.NewInt(1))
	} else if rem.Cmp(big.NewRat(-1, 2)) <= 0 {
		n.Sub(n, big.NewInt(1))
	}
	if !n.IsInt64() || n.Int64() > int64(cityspend.MaxAmount) || n.Int64() < -int64(cityspend.MaxAmount) {
		return 0, "", false
	}
	return cityspend.Amount(n.Int64()), strings.ToUpper(trim(a.Currency)), true
}

// splitZone splits an XML Schema date or time from its time zone ("Z",
// "+01:00"); zone is "" when there is none.
func splitZone(s string, from int) (string, string, bool) {
	if len(s) < from {
		return s, "", true
	}
	i := strings.IndexAny(s[from:], "Z+-")
	if i < 0 {
		return s, "", true
	}
	main, zone := s[:from+i], s[from+i:]
	if zone != "Z" && (len(zone) != 6 || zone[3] != ':') {
		return "", "", false
	}
	return main, zone, true
}

// dateTime combines an xs:date and an optional xs:time as the profile does:
// a missing time is the start of the day, or its last second for end
// dates; a missing zone is UTC. The result is in UTC; zero when unreadable.
func dateTime(d, t string, end bool) time.Time {
	d, t = trim(d), trim(t)
	if len(d) < 10 {
		return time.Time{}
	}
	day, zone, ok := splitZone(d, 10)
	if !ok {
		return time.Time{}
	}
	clock := "00:00:00"
	if end {
		clock = "23:59:59"
	}
	if t != "" {
		c, z, ok := splitZone(t, 1)
		if !ok {
			return time.Time{}
		}
		clock = c
		if z != "" {
			zone = z
		}
	}
	if zone == "" {
		zone = "Z"
	}
	v, err := time.Parse(time.RFC3339Nano, day+"T"+clock+zone)
	if err != nil {
		return time.Time{}
	}
	return v.UTC()
}

func ocdsTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// cpvCode is the first CPV code of a classification list.
func cpvCode(cs []code) string {
	for _, c := range cs {
		if l := trim(c.List); (l == "" || strings.EqualFold(l, "cpv")) && trim(c.Value) != "" {
			return trim(c.Value)
		}
	}
	return ""
}

// cpvDigits keeps the 8 digits of a CPV code ("45233140-2" → "45233140").
func cpvDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) >= 8 {
		return d[:8]
	}
	return ""
}

// identify finds an organisation's registered identifier among its BT-501
// identifiers. A number cityspend cannot tie to a register counts only when
// written as a VAT number with its country prefix.
func identify(ids []string, country string) (string, string) {
	cc := alpha2[strings.ToUpper(trim(country))]
	for _, raw := range ids {
		raw = trim(raw)
		if raw == "" {
			continue
		}
		x, ok := cityspend.NormalizeOrgNumber(raw, cc)
		if !ok {
			continue
		}
		if strings.HasSuffix(x.Scheme, "-VAT") && !vatPrefixed(raw) {
			continue
		}
		return x.Scheme, x.ID
	}
	return "", ""
}

func vatPrefixed(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	return len(s) > 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && (s[2] >= '0' && s[2] <= '9' || s[2] == ' ')
}

// The synthesised release: only members with values are written.
type (
	relAmount struct {
		Amount   json.Number `json:"amount"`
		Currency string      `json:"currency,omitempty"`
	}
	relRef struct {
		ID   string `json:"id"`
		Name string `json:"name,omitempty"`
	}
	relClassification struct {
		Scheme string `json:"scheme"`
		ID     string `json:"id"`
	}
	relItem struct {
		ID             string            `json:"id"`
		Classification relClassification `json:"classification"`
		RelatedLot     string            `json:"relatedLot,omitempty"`
	}
	relPeriod struct {
		StartDate string `json:"startDate,omitempty"`
		EndDate   string `json:"endDate,omitempty"`
	}
	relLot struct {
		ID           string     `json:"id"`
		Title        string     `json:"title,omitempty"`
		Value        *relAmount `json:"value,omitempty"`
		TenderPeriod *relPeriod `json:"tenderPeriod,omitempty"`
	}
	relTender struct {
		ID                       string     `json:"id"`
		Title                    string     `json:"title,omitempty"`
		Status                   string     `json:"status,omitempty"`
		ProcurementMethod        string     `json:"procurementMethod,omitempty"`
		ProcurementMethodDetails string     `json:"procurementMethodDetails,omitempty"`
		MainProcurementCategory  string     `json:"mainProcurementCategory,omitempty"`
		TenderPeriod             *relPeriod `json:"tenderPeriod,omitempty"`
		NumberOfTenderers        *int       `json:"numberOfTenderers,omitempty"`
		Value                    *relAmount `json:"value,omitempty"`
		Items                    []relItem  `json:"items,omitempty"`
		Lots                     []relLot   `json:"lots,omitempty"`
	}
	relBid struct {
		ID          string     `json:"id"`
		Status      string     `json:"status,omitempty"`
		Tenderers   []relRef   `json:"tenderers,omitempty"`
		Value       *relAmount `json:"value,omitempty"`
		RelatedLots []string   `json:"relatedLots,omitempty"`
	}
	relBids struct {
		Details []relBid `json:"details"`
	}
	relAward struct {
		ID          string     `json:"id"`
		Status      string     `json:"status,omitempty"`
		Date        string     `json:"date,omitempty"`
		Suppliers   []relRef   `json:"suppliers,omitempty"`
		Value       *relAmount `json:"value,omitempty"`
		RelatedLots []string   `json:"relatedLots,omitempty"`
		Items       []relItem  `json:"items,omitempty"`
	}
	relIdentifier struct {
		Scheme string `json:"scheme"`
		ID     string `json:"id"`
	}
	relParty struct {
		ID         string         `json:"id"`
		Name       string         `json:"name,omitempty"`
		Roles      []string       `json:"roles"`
		Identifier *relIdentifier `json:"identifier,omitempty"`
	}
	release struct {
		OCID           string     `json:"ocid"`
		ID             string     `json:"id"`
		Date           string     `json:"date,omitempty"`
		Tag            []string   `json:"tag"`
		InitiationType string     `json:"initiationType"`
		Buyer          *relRef    `json:"buyer,omitempty"`
		Tender         relTender  `json:"tender"`
		Bids           *relBids   `json:"bids,omitempty"`
		Awards         []relAward `json:"awards,omitempty"`
		Parties        []relParty `json:"parties,omitempty"`
	}
)

func relMoney(v cityspend.Amount, cur string, ok bool) *relAmount {
	if !ok {
		return nil
	}
	return &relAmount{Amount: json.Number(v.String()), Currency: cur}
}

// lotInfo is a lot (BT-137 with schemeName Lot).
type lotInfo struct {
	id, title, cpv string
	value          cityspend.Amount
	currency       string
	hasValue       bool
	end            time.Time
}

// convert maps a parsed notice to a tender and its release.
func convert(n *notice, result bool) (cityspend.Tender, error) {
	folder := trim(n.ContractFolderID)
	lang := trim(n.NoticeLanguage)
	b := &builder{folder: folder, orgs: map[string]*org{}}
	for _, o := range n.Ext.Organizations {
		c := &o.Company
		local := trim(c.ID)
		if local == "" {
			continue
		}
		if _, dup := b.orgs[local]; dup {
			continue
		}
		x := b.org(local)
		x.name = pick(c.Names, lang)
		if scheme, code := identify(c.CompanyIDs, c.Country); scheme != "" {
			x.scheme, x.code, x.id = scheme, code, scheme+"-"+code
		}
	}

	t := cityspend.Tender{OCID: OCIDPrefix + folder, ReleaseID: trim(n.ID.Value), Date: dateTime(n.IssueDate, n.IssueTime, false)}
	if v := trim(n.VersionID); v != "" && t.ReleaseID != "" {
		t.ReleaseID += "-" + v
	}
	if t.ReleaseID == "" {
		t.ReleaseID = folder
	}
	rel := release{OCID: t.OCID, ID: t.ReleaseID, Date: ocdsTime(t.Date), Tag: []string{"tender"}, InitiationType: "tender"}
	t.Status = "active"
	if result {
		t.Status = "complete"
		rel.Tag = []string{"award", "contract"}
	}
	t.Title = pick(n.Project.Names, lang)
	proc := trim(n.TenderingProcess.ProcedureCode.Value)
	if p, ok := procedureTypes[proc]; ok {
		t.Method, t.MethodDetails = p.method, p.details
	} else {
		t.MethodDetails = proc
	}
	t.Category = natures[trim(n.Project.Nature.Value)]
	// Strategic procurement (BT-06) and green criteria (BT-805), of the
	// procedure or of any lot.
	projects := []project{n.Project}
	for _, l := range n.Lots {
		projects = append(projects, l.Project)
	}
	for _, p := range projects {
		for _, c := range p.Additional {
			switch v := trim(c.Value); trim(c.List) {
			case "strategic-procurement":
				t.Criteria.Green = t.Criteria.Green || v == "env-imp"
				t.Criteria.Social = t.Criteria.Social || v == "soc-obj"
				t.Criteria.Innovation = t.Criteria.Innovation || v == "inn-pur"
			case "gpp-criteria":
				t.Criteria.Green = t.Criteria.Green || (v != "" && v != "none")
			}
		}
	}

	// Buyers.
	for _, cp := range n.ContractingParties {
		for _, pid := range cp.PartyIDs {
			if pid = trim(pid); pid == "" {
				continue
			}
			o := b.org(pid)
			b.role(o, roleBuyer)
			if t.BuyerID == "" {
				t.BuyerID, t.BuyerName = o.id, o.name
			}
		}
	}

	// Lots, their values and deadlines.
	var lots []lotInfo
	seenLot := map[string]bool{}
	for _, l := range n.Lots {
		if s := trim(l.ID.Scheme); s == "LotsGroup" || s == "Part" {
			continue
		}
		lid := trim(l.ID.Value)
		if lid == "" || seenLot[lid] {
			continue
		}
		seenLot[lid] = true
		li := lotInfo{id: lid, title: pick(l.Project.Names, lang), cpv: cpvCode(l.Project.MainCPV)}
		li.value, li.currency, li.hasValue = money(l.Project.Estimated)
		dl := l.TenderingProcess.Tenders
		if trim(dl.EndDate) == "" {
			dl = l.TenderingProcess.Requests
		}
		li.end = dateTime(dl.EndDate, dl.EndTime, true)
		lots = append(lots, li)
	}
	lotByID := map[string]*lotInfo{}
	for i := range lots {
		lotByID[lots[i].id] = &lots[i]
	}
	t.Value, t.Currency, t.HasValue = money(n.Project.Estimated)
	if !t.HasValue && len(lots) > 0 {
		sum, cur, ok := cityspend.Amount(0), lots[0].currency, true
		for _, l := range lots {
			if !l.hasValue || l.currency != cur || (sum+l.value > cityspend.MaxAmount) {
				ok = false
				break
			}
			sum += l.value
		}
		if ok {
			t.Value, t.Currency, t.HasValue = sum, cur, true
		}
	}
	for _, l := range lots {
		if !l.end.IsZero() && (t.TenderEnd.IsZero() || l.end.Before(t.TenderEnd)) {
			t.TenderEnd = l.end
		}
	}
	if !result && !t.TenderEnd.IsZero() && !t.Date.IsZero() && t.Date.Before(t.TenderEnd) {
		t.TenderStart = t.Date
	}
	procCPV := cpvCode(n.Project.MainCPV)
	t.CPV = cpvDigits(procCPV)
	if t.CPV == "" {
		for _, l := range lots {
			if t.CPV = cpvDigits(l.cpv); t.CPV != "" {
				break
			}
		}
	}

	// Results: tenders, lot results, the tenderers and winners.
	res := &n.Ext.Result
	tenderByID := map[string]*lotTender{}
	for i := range res.LotTenders {
		if tid := trim(res.LotTenders[i].ID); tid != "" && tenderByID[tid] == nil {
			tenderByID[tid] = &res.LotTenders[i]
		}
	}
	partyOrgs := map[string][]string{}
	for _, tp := range res.TenderingParties {
		if pid := trim(tp.ID); pid != "" {
			partyOrgs[pid] = append(partyOrgs[pid], tp.Tenderers...)
		}
	}
	contractByID := map[string]*settledContract{}
	for i := range res.SettledContracts {
		if cid := trim(res.SettledContracts[i].ID); cid != "" && contractByID[cid] == nil {
			contractByID[cid] = &res.SettledContracts[i]
		}
	}
	// tenderOrgs lists the organisations behind a tender.
	tenderOrgs := func(lt *lotTender) []*org {
		var out []*org
		seen := map[*org]bool{}
		for _, oid := range partyOrgs[trim(lt.Party)] {
			if oid = trim(oid); oid == "" {
				continue
			}
			if o := b.org(oid); !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
		return out
	}
	// Every tender's organisations are tenderers, in the order of the tenders.
	for i := range res.LotTenders {
		for _, o := range tenderOrgs(&res.LotTenders[i]) {
			b.role(o, roleTenderer)
		}
	}

	winning := map[string]bool{}
	var awards []relAward
	for i, lr := range res.LotResults {
		lotID := trim(lr.Lot)
		// The tenders of this result: those it lists and those for its lot.
		var cands []*lotTender
		seenT := map[*lotTender]bool{}
		addCand := func(lt *lotTender) {
			if lt != nil && !seenT[lt] {
				seenT[lt] = true
				cands = append(cands, lt)
			}
		}
		for _, tid := range lr.Tenders {
			addCand(tenderByID[trim(tid)])
		}
		if lotID != "" {
			for j := range res.LotTenders {
				if trim(res.LotTenders[j].Lot) == lotID {
					addCand(&res.LotTenders[j])
				}
			}
		}
		var winners []*lotTender
		seenW := map[*lotTender]bool{}
		var decided time.Time
		for _, cid := range lr.Contracts {
			sc := contractByID[trim(cid)]
			if sc == nil {
				continue
			}
			if d := dateTime(sc.AwardDate, "", false); !d.IsZero() && (decided.IsZero() || d.Before(decided)) {
				decided = d
			}
			for _, tid := range sc.Tenders {
				if lt := tenderByID[trim(tid)]; lt != nil && !seenW[lt] {
					seenW[lt] = true
					winners = append(winners, lt)
				}
			}
		}
		if len(winners) == 0 {
			for _, lt := range cands {
				if r, err := strconv.Atoi(trim(lt.Rank)); err == nil && r == 1 {
					winners = append(winners, lt)
				}
			}
		}
		if len(winners) == 0 && len(cands) == 1 {
			winners = cands
		}
		var status string
		switch trim(lr.ResultCode) {
		case "selec-w":
			status = "active"
		case "clos-nw":
			status, winners = "unsuccessful", nil
		case "open-nw":
			continue // no winner yet: no award
		default:
			if len(winners) == 0 {
				continue
			}
			status = "active"
		}
		a := relAward{ID: trim(lr.ID), Status: status}
		if a.ID == "" {
			if lotID != "" {
				a.ID = "RES-" + lotID
			} else {
				a.ID = "RES-" + strconv.Itoa(i+1)
			}
		}
		if decided.IsZero() {
			decided = dateTime(n.TenderResult.AwardDate, "", false)
		}
		a.Date = ocdsTime(decided)
		if lotID != "" {
			a.RelatedLots = []string{lotID}
		}
		aw := cityspend.Award{ID: a.ID, Status: status, Date: decided}
		var sum cityspend.Amount
		cur, valued := "", len(winners) > 0
		seenS := map[string]bool{}
		for k, lt := range winners {
			winning[trim(lt.ID)] = true
			for _, o := range tenderOrgs(lt) {
				b.role(o, roleSupplier)
				if !seenS[o.id] {
					seenS[o.id] = true
					a.Suppliers = append(a.Suppliers, relRef{ID: o.id, Name: o.name})
					aw.Suppliers = append(aw.Suppliers, o.id)
				}
			}
			v, c, ok := money(lt.Value)
			if k == 0 {
				cur = c
			}
			if !ok || c != cur || sum+v > cityspend.MaxAmount || sum+v < -cityspend.MaxAmount {
				valued = false
			}
			sum += v
		}
		if valued {
			a.Value = relMoney(sum, cur, true)
			aw.Value, aw.Currency = sum, cur
		}
		cpv := procCPV
		if l := lotByID[lotID]; l != nil && l.cpv != "" {
			cpv = l.cpv
		}
		if cpv != "" {
			a.Items = []relItem{{ID: "1", Classification: relClassification{Scheme: "CPV", ID: cpv}}}
		}
		awards = append(awards, a)
		t.Awards = append(t.Awards, aw)
	}

	var bids []relBid
	for i := range res.LotTenders {
		lt := &res.LotTenders[i]
		tid := trim(lt.ID)
		if tid == "" {
			continue
		}
		bd := relBid{ID: tid}
		if trim(lt.Rank) != "" || winning[tid] {
			bd.Status = "valid"
		}
		bid := cityspend.Bid{ID: tid, Status: bd.Status}
		for _, o := range tenderOrgs(lt) {
			bd.Tenderers = append(bd.Tenderers, relRef{ID: o.id, Name: o.name})
			bid.Tenderers = append(bid.Tenderers, o.id)
		}
		if v, c, ok := money(lt.Value); ok {
			bd.Value = relMoney(v, c, true)
			bid.Value, bid.Currency = v, c
		}
		if l := trim(lt.Lot); l != "" {
			bd.RelatedLots = []string{l}
		}
		bids = append(bids, bd)
		t.Bids = append(t.Bids, bid)
	}

	// numberOfTenderers: the tendering parties listed, or the tenders
	// received by the lot with the most, whichever is larger.
	var tenderers *int
	if result {
		parties := map[string]bool{}
		for _, lt := range res.LotTenders {
			key := "p:" + trim(lt.Party)
			if trim(lt.Party) == "" {
				key = "t:" + trim(lt.ID)
			}
			parties[key] = true
		}
		count, known := len(parties), len(parties) > 0
		for _, lr := range res.LotResults {
			for _, s := range lr.Statistics {
				if trim(s.Code) != "tenders" {
					continue
				}
				if k, err := strconv.Atoi(trim(s.Count)); err == nil && k >= 0 {
					known = true
					count = max(count, k)
				}
			}
		}
		if known {
			tenderers = &count
		}
	}

	// The release.
	rt := relTender{ID: folder, Title: t.Title, Status: t.Status, ProcurementMethod: t.Method, ProcurementMethodDetails: t.MethodDetails,
		MainProcurementCategory: t.Category, NumberOfTenderers: tenderers, Value: relMoney(t.Value, t.Currency, t.HasValue)}
	if !t.TenderStart.IsZero() || !t.TenderEnd.IsZero() {
		rt.TenderPeriod = &relPeriod{StartDate: ocdsTime(t.TenderStart), EndDate: ocdsTime(t.TenderEnd)}
	}
	if procCPV != "" {
		rt.Items = append(rt.Items, relItem{ID: "1", Classification: relClassification{Scheme: "CPV", ID: procCPV}})
	}
	for _, l := range lots {
		t.Lots = append(t.Lots, cityspend.Lot{ID: l.id, Title: l.title, Value: l.value, Currency: l.currency})
		rl := relLot{ID: l.id, Title: l.title, Value: relMoney(l.value, l.currency, l.hasValue)}
		if !l.end.IsZero() {
			rl.TenderPeriod = &relPeriod{EndDate: ocdsTime(l.end)}
		}
		rt.Lots = append(rt.Lots, rl)
		if l.cpv != "" {
			rt.Items = append(rt.Items, relItem{ID: strconv.Itoa(len(rt.Items) + 1), Classification: relClassification{Scheme: "CPV", ID: l.cpv},
				RelatedLot: l.id})
		}
	}
	rel.Tender = rt
	if t.BuyerID != "" {
		rel.Buyer = &relRef{ID: t.BuyerID, Name: t.BuyerName}
	}
	if len(bids) > 0 {
		rel.Bids = &relBids{Details: bids}
	}
	rel.Awards = awards

	// Parties: organisations with a role, merged when they share an id.
	partyAt := map[string]int{}
	for _, o := range b.order {
		i, ok := partyAt[o.id]
		if !ok {
			i = len(rel.Parties)
			partyAt[o.id] = i
			p := relParty{ID: o.id, Name: o.name}
			if o.scheme != "" {
				p.Identifier = &relIdentifier{Scheme: o.scheme, ID: o.code}
			}
			rel.Parties = append(rel.Parties, p)
			pt := cityspend.Party{ID: o.id, Name: o.name}
			if o.scheme != "" {
				pt.Identifier = o.scheme + "-" + o.code
			}
			t.Parties = append(t.Parties, pt)
		}
		if rel.Parties[i].Name == "" && o.name != "" {
			rel.Parties[i].Name, t.Parties[i].Name = o.name, o.name
		}
		for r := range numRoles {
			if o.roles[r] {
				rel.Parties[i].Roles = addRole(rel.Parties[i].Roles, r)
			}
		}
	}
	for i := range rel.Parties {
		t.Parties[i].Roles = rel.Parties[i].Roles
	}

	js, err := json.Marshal(rel)
	if err != nil {
		return cityspend.Tender{}, err
	}
	t.Release = js
	return t, nil
}

// addRole adds a role, keeping the order buyer, tenderer, supplier.
func addRole(roles []string, r int) []string {
	var out []string
	for k := range numRoles {
		has := k == r
		for _, x := range roles {
			if x == roleNames[k] {
				has = true
			}
		}
		if has {
			out = append(out, roleNames[k])
		}
	}
	return out
}
