// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"fmt"
	"sort"
	"time"

	"github.com/cityspend/cityspend"
)

// Bucket is a group of items with their count and value.
type Bucket struct {
	Key   string           `json:"key"`
	Items int              `json:"items"`
	Value cityspend.Amount `json:"value"`
}

// Flag is the share of the plan's value and items with a strategic flag.
type Flag struct {
	Key        string           `json:"key"` // environmental, social, innovation, circular, sme_suitable
	Items      int              `json:"items"`
	Value      cityspend.Amount `json:"value"`
	ValueShare float64          `json:"value_share"`
}

// Event is one milestone of an item in the calendar.
type Event struct {
	Date   time.Time `json:"date"`
	Kind   string    `json:"kind"` // market_dialogue, notice, award, contract_start, contract_expiry
	ItemID string    `json:"item"`
	Title  string    `json:"title"`
}

// Month is a month of the calendar with its events.
type Month struct {
	Month  time.Time `json:"month"`
	Events []Event   `json:"events"`
}

// Dashboard sums up the active items of a plan (METHODS §6).
type Dashboard struct {
	Items int              `json:"items"`
	Value cityspend.Amount `json:"value"`
	// ByQuarter groups the items by the quarter of their notice ("2027 Q1";
	// "" when there is no notice date), in order.
	ByQuarter []Bucket `json:"by_quarter"`
	// ByBand groups them by threshold band: below, national, eea, eu, uk.
	ByBand []Bucket `json:"by_band"`
	Flags  []Flag   `json:"flags"`
	// Published is what the public pipeline shows; InAdvance the items
	// published before their notice date (of all items with a notice date),
	// the measure of an open pipeline.
	Published      int     `json:"published"`
	PublishedShare float64 `json:"published_share"`
	InAdvance      int     `json:"published_in_advance"`
	WithNotice     int     `json:"with_notice_date"`
	InAdvanceShare float64 `json:"published_in_advance_share"`
	// Late are the items whose notice date has passed while they are
	// still being prepared.
	Late     int       `json:"late"`
	Calendar []Month   `json:"calendar"`
	From     time.Time `json:"calendar_from"`
	To       time.Time `json:"calendar_to"`
}

// FlagKeys are the strategic flags in the order shown.
var FlagKeys = []string{"environmental", "social", "innovation", "circular", "sme_suitable"}

func flagOf(it cityspend.PlanItem, key string) bool {
	switch key {
	case "environmental":
		return it.Environmental
	case "social":
		return it.Social
	case "innovation":
		return it.Innovation
	case "circular":
		return it.Circular
	case "sme_suitable":
		return it.SME
	}
	return false
}

// Quarter is the label of a date's quarter ("2027 Q1"), "" for no date.
func Quarter(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

// Bands are the threshold bands in order.
var Bands = []string{"below", "national", "eea", "eu", "uk"}

// Summarise computes the dashboard of a plan's active items, with a
// calendar of the months from..to (inclusive of the month of to).
func Summarise(items []cityspend.PlanItem, from, to time.Time) Dashboard {
	d := Dashboard{From: from, To: to}
	items = Active(items)
	quarters := map[string]*Bucket{}
	bands := map[string]*Bucket{}
	flags := make([]Flag, len(FlagKeys))
	for i, k := range FlagKeys {
		flags[i].Key = k
	}
	var events []Event
	for _, it := range items {
		d.Items++
		d.Value += it.Value
		q := Quarter(it.Notice)
		if quarters[q] == nil {
			quarters[q] = &Bucket{Key: q}
		}
		quarters[q].Items++
		quarters[q].Value += it.Value
		if bands[it.Threshold] == nil {
			bands[it.Threshold] = &Bucket{Key: it.Threshold}
		}
		bands[it.Threshold].Items++
		bands[it.Threshold].Value += it.Value
		for i, k := range FlagKeys {
			if flagOf(it, k) {
				flags[i].Items++
				flags[i].Value += it.Value
			}
		}
		if it.Published {
			d.Published++
		}
		if it.Late(from) {
			d.Late++
		}
		if !it.Notice.IsZero() {
			d.WithNotice++
			if it.Published && !it.PublishedAt.IsZero() && it.PublishedAt.Before(it.Notice) {
				d.InAdvance++
			}
		}
		for _, e := range []Event{{it.MarketDialogue, "market_dialogue", it.ID, it.Title}, {it.Notice, "notice", it.ID, it.Title},
			{it.Award, "award", it.ID, it.Title}, {it.ContractStart, "contract_start", it.ID, it.Title}} {
			if !e.Date.IsZero() && !e.Date.Before(from) && e.Date.Before(to.AddDate(0, 1, 0)) {
				events = append(events, e)
			}
		}
	}
	for _, b := range quarters {
		d.ByQuarter = append(d.ByQuarter, *b)
	}
	sort.Slice(d.ByQuarter, func(i, j int) bool {
		a, b := d.ByQuarter[i].Key, d.ByQuarter[j].Key
		if (a == "") != (b == "") {
			return b == "" // undated last
		}
		return a < b
	})
	for _, k := range append(append([]string{}, Bands...), "") {
		if b := bands[k]; b != nil {
			d.ByBand = append(d.ByBand, *b)
		}
	}
	for i := range flags {
		flags[i].ValueShare = cityspend.Share(flags[i].Value, d.Value)
	}
	d.Flags = flags
	if d.Items > 0 {
		d.PublishedShare = float64(d.Published) / float64(d.Items)
	}
	if d.WithNotice > 0 {
		d.InAdvanceShare = float64(d.InAdvance) / float64(d.WithNotice)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date.Before(events[j].Date) })
	if !from.IsZero() && !to.Before(from) {
		m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		for !m.After(to) {
			month := Month{Month: m}
			next := m.AddDate(0, 1, 0)
			for _, e := range events {
				if !e.Date.Before(m) && e.Date.Before(next) {
					month.Events = append(month.Events, e)
				}
			}
			d.Calendar = append(d.Calendar, month)
			m = next
		}
	}
	return d
}

// Ahead is how much of a fiscal year's expected procurement was published
// in the pipeline before the year began: the plan published ahead, which
// the cities compared rank (peers). Unlike InAdvanceShare (items published
// before their own notice date, by count) it weighs the items by value.
type Ahead struct {
	// Active counts the active items, Dated those with a notice or start
	// date, Expected those whose notice (else start) falls in the year,
	// Published those of them published before the year began.
	Active, Dated, Expected, Published int
	Value, PublishedValue              cityspend.Amount
	// Share is the share of Expected's value published (of their number
	// when none has a value); 0 when nothing is expected.
	Share float64
}

// AheadOf is the plan published ahead of the year p: of the active items
// whose notice, else contract start, falls in p, those published before p
// began (an item published without a recorded time counts as published
// then).
func AheadOf(items []cityspend.PlanItem, p cityspend.Period) Ahead {
	var a Ahead
	for _, it := range Active(items) {
		a.Active++
		d := it.Notice
		if d.IsZero() {
			d = it.ContractStart
		}
		if d.IsZero() {
			continue
		}
		a.Dated++
		if !p.Contains(d) {
			continue
		}
		a.Expected++
		a.Value += it.Value
		if it.Published && (it.PublishedAt.IsZero() || it.PublishedAt.Before(p.From)) {
			a.Published++
			a.PublishedValue += it.Value
		}
	}
	switch {
	case a.Expected == 0:
	case a.Value == 0:
		a.Share = float64(a.Published) / float64(a.Expected)
	default:
		a.Share = cityspend.Share(a.PublishedValue, a.Value)
	}
	return a
}
