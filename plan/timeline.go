// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/procedures"
)

// Planning defaults: what the law does not fix but a timeline needs.
const (
	// DefaultCapacity is how many notices a month a procurement team runs
	// when Options.Capacity is not set.
	DefaultCapacity = 3
	// preparationDays is the least time from today to a notice: needs,
	// specifications and tender documents.
	preparationDays = 42
	// evaluationDays is the time to evaluate tenders, per stage.
	evaluationDays = 21
	// mobilisationDays is the time from the signed contract to its start.
	mobilisationDays = 14
)

// dialogueMonths is how long before the notice a market dialogue (a prior
// information notice, meetings with suppliers) starts, per threshold band.
var dialogueMonths = map[string]int{"below": 0, "national": 1, "eea": 2, "eu": 2, "uk": 2}

// legal is a procedure's least number of days from the notice to the
// contract start: its legal minimum periods and standstill
// (refdata/procedures), evaluation per stage and mobilisation.
func legal(regime, procedure string, on time.Time) int {
	t := procedures.For(regime, procedure, on)
	stages := 1
	if t.Participation.Days > 0 {
		stages = 2
	}
	return t.Days() + stages*evaluationDays + mobilisationDays
}

// timeline sets an item's milestones from a notice date: award after the
// legal periods and evaluation, the contract after the standstill and
// mobilisation (not before the date of need), a market dialogue before the
// notice when the band calls for one and there is time for it.
func timeline(it *cityspend.PlanItem, notice, now time.Time) {
	t := procedures.For(it.Regime, it.Procedure, notice)
	stages := 1
	if t.Participation.Days > 0 {
		stages = 2
	}
	it.Notice = notice
	it.Award = notice.AddDate(0, 0, t.Participation.Days+t.Tender.Days+stages*evaluationDays)
	start := notice.AddDate(0, 0, legal(it.Regime, it.Procedure, notice))
	if it.NeedDate.IsZero() || it.NeedDate.Before(start) {
		// Uncovered spend, or a need the law's periods cannot meet: the
		// earliest start the law allows.
		if it.NeedDate.IsZero() {
			it.NeedDate = start
		}
		it.ContractStart = start
	} else {
		it.ContractStart = it.NeedDate
	}
	it.MarketDialogue = time.Time{}
	if m := dialogueMonths[it.Threshold]; m > 0 || it.Innovation {
		m = max(m, 2)
		d := notice.AddDate(0, -m, 0)
		if earliest := now.AddDate(0, 0, 7); d.Before(earliest) {
			d = earliest
		}
		if notice.Sub(d) >= 14*24*time.Hour {
			it.MarketDialogue = d
		}
	}
}

// latestNotice is the last day an item's notice can go out and still meet
// its date of need; for a need without a date (uncovered spend), the
// earliest day it can go out.
func latestNotice(it cityspend.PlanItem, earliest time.Time) time.Time {
	if it.NeedDate.IsZero() {
		return earliest
	}
	n := it.NeedDate.AddDate(0, 0, -legal(it.Regime, it.Procedure, it.NeedDate))
	if n.Before(earliest) {
		return earliest
	}
	return n
}

// schedule dates the notices of the items that run a procedure, no more
// than capacity in a calendar month: each goes in the latest month with
// room at or before its latest notice date (and not before earliest), else
// the first month with room after it. Within a month the notices are a
// week apart. Items without a procedure (exempt, decisions) get no notice.
func schedule(items []*cityspend.PlanItem, now, earliest time.Time, capacity int) {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	type job struct {
		it     *cityspend.PlanItem
		latest time.Time
	}
	var jobs []job
	for _, it := range items {
		if it.Procedure == "" {
			continue
		}
		jobs = append(jobs, job{it, latestNotice(*it, earliest)})
	}
	sort.SliceStable(jobs, func(i, j int) bool {
		if !jobs[i].latest.Equal(jobs[j].latest) {
			return jobs[i].latest.Before(jobs[j].latest)
		}
		if jobs[i].it.Value != jobs[j].it.Value {
			return jobs[i].it.Value > jobs[j].it.Value
		}
		return jobs[i].it.ID < jobs[j].it.ID
	})
	month := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	used := map[time.Time]int{}
	first := month(earliest)
	gap := max(28/capacity, 1)
	for _, j := range jobs {
		m := month(j.latest)
		for m.After(first) && used[m] >= capacity {
			m = m.AddDate(0, -1, 0)
		}
		if used[m] >= capacity {
			m = month(j.latest).AddDate(0, 1, 0)
			for used[m] >= capacity {
				m = m.AddDate(0, 1, 0)
			}
		}
		slot := used[m]
		used[m]++
		d := m.AddDate(0, 0, slot*gap)
		if d.Before(earliest) {
			d = earliest.AddDate(0, 0, slot*gap)
		}
		if d.After(j.latest) && month(d).Equal(month(j.latest)) && !j.latest.Before(earliest) {
			d = j.latest
		}
		timeline(j.it, d, now)
	}
}

// Milestone is one dated step of an item with its state as of a day.
type Milestone struct {
	Kind  string    `json:"kind"` // market_dialogue, notice, award, contract_start
	Date  time.Time `json:"date"`
	State string    `json:"state"` // planned, done, late
}

// Milestone states.
const (
	MilestonePlanned = "planned"
	MilestoneDone    = "done"
	MilestoneLate    = "late"
)

// reached is the last milestone a status means is done.
var reached = map[string]int{cityspend.PlanIdea: -1, cityspend.PlanPlanned: -1, cityspend.PlanMarketDialogue: 0,
	cityspend.PlanPublished: 1, cityspend.PlanAwarded: 2}

// Milestones lists an item's dated steps as of now: a step its status says
// is done is done; a step whose date has passed and is not done is late,
// never planned in the past.
func Milestones(it cityspend.PlanItem, now time.Time) []Milestone {
	var out []Milestone
	for i, m := range []Milestone{{Kind: "market_dialogue", Date: it.MarketDialogue}, {Kind: "notice", Date: it.Notice},
		{Kind: "award", Date: it.Award}, {Kind: "contract_start", Date: it.ContractStart}} {
		if m.Date.IsZero() {
			continue
		}
		r, ok := reached[it.Status]
		if !ok {
			r = -1
		}
		switch {
		case i <= r || it.Status == cityspend.PlanAwarded && !m.Date.After(now):
			m.State = MilestoneDone
		case m.Date.Before(now) && it.Status != cityspend.PlanCancelled:
			m.State = MilestoneLate
		default:
			m.State = MilestonePlanned
		}
		out = append(out, m)
	}
	return out
}

// RegimeSlug is the handbook page of the rules an item falls under: the
// light regime when its procedure is the light regime's, else its
// threshold band; "" when it has none.
func RegimeSlug(it cityspend.PlanItem) string {
	if it.Procedure == procedures.LightRegime {
		return map[string]string{"NO": "light-regime-no", "EU": "light-regime-eu", "UK": "light-touch-uk"}[it.Regime]
	}
	switch it.Regime + "/" + it.Threshold {
	case "NO/below":
		return "threshold-no-floor"
	case "NO/national":
		return "threshold-no-national"
	case "NO/eea":
		return "threshold-no-eea"
	case "EU/eu", "EU/below":
		return "threshold-eu"
	case "UK/uk", "UK/below":
		return "threshold-uk"
	}
	return ""
}

// Exemption is the handbook page of the exemption an item was renewed
// under, or "".
func Exemption(it cityspend.PlanItem) string {
	for _, l := range it.Links {
		if s, ok := strings.CutPrefix(l, "handbook:"); ok && strings.HasPrefix(s, "exemption-") {
			return s
		}
	}
	return ""
}
