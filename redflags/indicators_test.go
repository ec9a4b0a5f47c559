// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Our own small cases for each indicator: what is flagged, what is not,
// and what is excluded. Each case runs the listed settings over the lines
// and compares the output without Meta.
type indicatorCase struct {
	name     string
	settings string
	lines    []string
	want     string
}

func (c indicatorCase) run(t *testing.T) {
	t.Helper()
	got := runJSON(t, c.settings, []byte(strings.Join(c.lines, "\n")+"\n"))
	if g, w := normalize(t, got), normalize(t, []byte(c.want)); !reflect.DeepEqual(g, w) {
		t.Errorf("got  %s\nwant %s", bytes.TrimSpace(got), c.want)
	}
}

// period builds a release with a tender period and optional tender members.
func period(ocid, start, end, extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return fmt.Sprintf(`{"ocid":%q,"tender":{"tenderPeriod":{"startDate":%q,"endDate":%q}%s}}`, ocid, start, end, extra)
}

func TestR003(t *testing.T) {
	lines := []string{
		period("nine days", "2021-03-01T09:00:00+01:00", "2021-03-10T09:00:00+01:00", ""),
		period("twenty days", "2021-03-01T09:00:00+01:00", "2021-03-21T09:00:00+01:00", ""),
		period("exactly fifteen days", "2021-03-01T09:00:00Z", "2021-03-16T09:00:00Z", ""),
		period("a second short of fifteen days", "2021-03-01T09:00:00Z", "2021-03-16T08:59:59.5Z", ""),
		// 2021-03-02T04:00Z to 2021-03-16T02:00Z: 13 days and 22 hours.
		period("offsets", "2021-03-01T23:00:00-05:00", "2021-03-16T02:00:00+00:00", ""),
		period("lowercase t and z", "2021-03-01t09:00:00z", "2021-03-05t09:00:00z", ""),
		period("space separator", "2021-03-01 09:00:00Z", "2021-03-05 09:00:00Z", ""),
		period("end before start", "2021-03-10T00:00:00Z", "2021-03-01T00:00:00Z", ""),
		period("date only", "2021-03-01", "2021-03-05", ""),
		period("no offset", "2021-03-01T00:00:00", "2021-03-05T00:00:00", ""),
		period("30 February", "2021-02-30T00:00:00Z", "2021-03-05T00:00:00Z", ""),
		period("cancelled", "2021-03-01T00:00:00Z", "2021-03-02T00:00:00Z", `"status":"cancelled"`),
		period("excluded", "2021-03-01T00:00:00Z", "2021-03-02T00:00:00Z", `"procurementMethodDetails":"Framework call-off"`),
		`{"ocid":"no end date","tender":{"tenderPeriod":{"startDate":"2021-03-01T00:00:00Z"}}}`,
		`{"ocid":"dates not strings","tender":{"tenderPeriod":{"startDate":1,"endDate":2}}}`,
	}
	indicatorCase{
		name:     "defaults",
		settings: "[exclusions]\nprocurement_method_details = Framework call-off\n[R003]\n",
		lines:    lines,
		want: `{"OCID":{"nine days":{"R003":1.0},"a second short of fifteen days":{"R003":1.0},"offsets":{"R003":1.0},
			"lowercase t and z":{"R003":1.0},"space separator":{"R003":1.0},"end before start":{"R003":1.0}}}`,
	}.run(t)

	indicatorCase{
		name: "methods and details",
		settings: `[R003]
threshold = 10 ; days
procurement_methods = open|selective
[R003.procurement_method_details]
Emergency = 5
Complex works = 30`,
		lines: []string{
			period("open, 9 days", "2021-03-01T00:00:00Z", "2021-03-10T00:00:00Z", `"procurementMethod":"open"`),
			period("open, 12 days", "2021-03-01T00:00:00Z", "2021-03-13T00:00:00Z", `"procurementMethod":"open"`),
			period("direct, 1 day", "2021-03-01T00:00:00Z", "2021-03-02T00:00:00Z", `"procurementMethod":"direct"`),
			period("no method, 1 day", "2021-03-01T00:00:00Z", "2021-03-02T00:00:00Z", ""),
			period("emergency, 7 days", "2021-03-01T00:00:00Z", "2021-03-08T00:00:00Z", `"procurementMethod":"selective","procurementMethodDetails":"Emergency"`),
			period("emergency, 3 days", "2021-03-01T00:00:00Z", "2021-03-04T00:00:00Z", `"procurementMethod":"selective","procurementMethodDetails":"Emergency"`),
			period("complex works, 20 days", "2021-03-01T00:00:00Z", "2021-03-21T00:00:00Z", `"procurementMethod":"open","procurementMethodDetails":"Complex works"`),
		},
		want: `{"OCID":{"open, 9 days":{"R003":1.0},"emergency, 3 days":{"R003":1.0},"complex works, 20 days":{"R003":1.0}}}`,
	}.run(t)
}

func TestR018(t *testing.T) {
	lines := []string{
		`{"ocid":"open","tender":{"procurementMethod":"open","numberOfTenderers":1}}`,
		`{"ocid":"selective","tender":{"procurementMethod":"selective","numberOfTenderers":1}}`,
		`{"ocid":"limited","tender":{"procurementMethod":"limited","numberOfTenderers":1}}`,
		`{"ocid":"no method","tender":{"numberOfTenderers":1}}`,
		`{"ocid":"two","tender":{"procurementMethod":"open","numberOfTenderers":2}}`,
		`{"ocid":"zero","tender":{"procurementMethod":"open","numberOfTenderers":0}}`,
		`{"ocid":"float","tender":{"procurementMethod":"open","numberOfTenderers":1.0}}`,
		`{"ocid":"exponent","tender":{"procurementMethod":"open","numberOfTenderers":1e0}}`,
		`{"ocid":"string","tender":{"procurementMethod":"open","numberOfTenderers":"1"}}`,
		`{"ocid":"cancelled","tender":{"procurementMethod":"open","numberOfTenderers":1,"status":"cancelled"}}`,
	}
	indicatorCase{
		name:     "defaults",
		settings: "[R018]",
		lines:    lines,
		want:     `{"OCID":{"open":{"R018":1.0},"selective":{"R018":1.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "any method",
		settings: "[R018]\nprocurement_methods =\n",
		lines:    lines,
		want:     `{"OCID":{"open":{"R018":1.0},"selective":{"R018":1.0},"limited":{"R018":1.0},"no method":{"R018":1.0}}}`,
	}.run(t)
}

// priced builds a release with valid bids (tenderer:amount pairs, in one
// currency) and one active award to the given supplier.
func pricedRelease(ocid, supplier, currency string, bids ...string) string {
	var details []string
	for _, b := range bids {
		id, amount, _ := strings.Cut(b, ":")
		details = append(details, fmt.Sprintf(`{"status":"valid","tenderers":[{"id":%q}],"value":{"amount":%s,"currency":%q}}`, id, amount, currency))
	}
	return fmt.Sprintf(`{"ocid":%q,"bids":{"details":[%s]},"awards":[{"status":"active","suppliers":[{"id":%q}]}]}`,
		ocid, strings.Join(details, ","), supplier)
}

func TestR024(t *testing.T) {
	lines := []string{
		pricedRelease("p1", "W", "USD", "W:100", "A:140"),
		pricedRelease("p2", "W", "USD", "W:100", "A:145", "B:190"),
		pricedRelease("p3", "W", "USD", "W:100", "A:150"),
		pricedRelease("p4", "W", "USD", "W:100", "A:155"),
		pricedRelease("p5", "W", "USD", "W:100", "A:160"),
		pricedRelease("p6", "W", "USD", "W:100", "A:150"),
		pricedRelease("p7", "W", "USD", "W:100", "A:145"),
		pricedRelease("p8", "W", "USD", "W:100", "A:155"),
		// The cover bid: one percent above the winner.
		pricedRelease("close", "X", "USD", "X:100", "Y:101", "Z:120"),
		// Not counted: a lower bid lost (the award wasn't on price alone),
		// another currency, a consortium bid, a pending award, and a method
		// without price comparison.
		pricedRelease("lower bid lost", "X", "USD", "X:100", "Y:99"),
		pricedRelease("euros", "X", "EUR", "X:100", "Y:100.5"),
		`{"ocid":"consortium","bids":{"details":[{"status":"valid","tenderers":[{"id":"X"}],"value":{"amount":100,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"Y"},{"id":"Z"}],"value":{"amount":100.5,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"X"}]}]}`,
		`{"ocid":"pending","bids":{"details":[{"status":"valid","tenderers":[{"id":"X"}],"value":{"amount":100,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"Y"}],"value":{"amount":100.5,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"X"}]},{"status":"pending","suppliers":[{"id":"Y"}]}]}`,
		`{"ocid":"lottery","tender":{"procurementMethodDetails":"Lottery"},"bids":{"details":[{"status":"valid","tenderers":[{"id":"X"}],"value":{"amount":100,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"Y"}],"value":{"amount":100.5,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"X"}]}]}`,
	}
	// Ratios 0.4 … 0.6 and 0.01: q1 ≈ 0.433, q3 = 0.55, fence ≈ 0.258.
	indicatorCase{
		name:     "fence from the data",
		settings: "no_price_comparison_procurement_methods = Lottery\n[R024]\n",
		lines:    lines,
		want:     `{"OCID":{"close":{"R024":0.01}},"Tenderer":{"X":{"R024":0.0},"Y":{"R024":0.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "fixed threshold and currency",
		settings: "currency = EUR\nno_price_comparison_procurement_methods = Lottery\n[R024]\nthreshold = 0.01\n",
		lines:    lines,
		want:     `{"OCID":{"euros":{"R024":0.005}},"Tenderer":{"X":{"R024":0.0},"Y":{"R024":0.0}}}`,
	}.run(t)
}

func TestR058(t *testing.T) {
	lines := []string{
		pricedRelease("p1", "W", "USD", "W:100", "A:105"),
		pricedRelease("p2", "W", "USD", "W:100", "A:110"),
		pricedRelease("p3", "W", "USD", "W:100", "A:108"),
		pricedRelease("p4", "W", "USD", "W:100", "A:112"),
		pricedRelease("p5", "W", "USD", "W:100", "A:106"),
		// The winner bid a third of the next bid.
		pricedRelease("far below", "L", "USD", "L:50", "M:150", "N:160"),
		`{"ocid":"pending","bids":{"details":[{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":50,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"M"}],"value":{"amount":150,"currency":"USD"}}]},"awards":[{"status":"pending","suppliers":[{"id":"L"}]}]}`,
		`{"ocid":"cancelled","tender":{"status":"cancelled"},"bids":{"details":[{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":50,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"M"}],"value":{"amount":150,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"L"}]}]}`,
	}
	// Ratios 0.05 … 0.12 and 2: q1 ≈ 0.059, q3 ≈ 0.277, fence ≈ 0.603.
	indicatorCase{
		name:     "fence from the data",
		settings: "[R058]",
		lines:    lines,
		want:     `{"OCID":{"far below":{"R058":2.0}},"Tenderer":{"L":{"R058":0.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "fixed threshold",
		settings: "[R058]\nthreshold = 0.1",
		lines:    lines,
		want:     `{"OCID":{"p2":{"R058":0.1},"p4":{"R058":0.12},"far below":{"R058":2.0}},"Tenderer":{"W":{"R058":0.0},"L":{"R058":0.0}}}`,
	}.run(t)
}

// won builds a release in which the listed tenderers bid (valid, without
// prices) and the first of them, the winner, gets the only active award.
func won(ocid string, winner string, losers ...string) string {
	bids := []string{fmt.Sprintf(`{"status":"valid","tenderers":[{"id":%q}]}`, winner)}
	for _, l := range losers {
		bids = append(bids, fmt.Sprintf(`{"status":"valid","tenderers":[{"id":%q}]}`, l))
	}
	return fmt.Sprintf(`{"ocid":%q,"bids":{"details":[%s]},"awards":[{"status":"active","suppliers":[{"id":%q}]}]}`,
		ocid, strings.Join(bids, ","), winner)
}

func TestR025(t *testing.T) {
	lines := []string{
		// T bids six times and wins once; W1…W8 win their two each; L bids
		// once and loses, too rarely to be a top tenderer.
		won("p1", "W1", "T"), won("p2", "W2", "T"), won("p3", "W3", "T"), won("p4", "W4", "T"), won("p5", "W5", "T"),
		won("p6", "T", "T"), // two bids by T count once
		won("p7", "W1"), won("p8", "W2"), won("p9", "W3"), won("p10", "W4"), won("p11", "W5"),
		won("p12", "W6", "L"), won("p13", "W6"), won("p14", "W7"), won("p15", "W7"), won("p16", "W8"), won("p17", "W8"),
		// Not counted: a pending award, two active awards, a consortium.
		`{"ocid":"pending","bids":{"details":[{"status":"valid","tenderers":[{"id":"T"}]}]},"awards":[{"status":"pending","suppliers":[{"id":"X"}]}]}`,
		`{"ocid":"lots","bids":{"details":[{"status":"valid","tenderers":[{"id":"T"}]}]},"awards":[{"status":"active","suppliers":[{"id":"X"}]},{"status":"active","suppliers":[{"id":"Y"}]}]}`,
		`{"ocid":"consortium","bids":{"details":[{"status":"valid","tenderers":[{"id":"T"},{"id":"L"}]}]},"awards":[{"status":"active","suppliers":[{"id":"W1"}]}]}`,
	}
	// Submissions: T 6, W 2 each, L 1 → 75th percentile 2. Win ratios:
	// T 1/6, W 1, L 0 → q1 ≈ 0.93, lower fence ≈ 0.83.
	indicatorCase{
		name:     "defaults",
		settings: "[R025]",
		lines:    lines,
		want:     `{"Tenderer":{"T":{"R025":0.16666666666666666}}}`,
	}.run(t)
	indicatorCase{
		name:     "percentile and threshold",
		settings: "[R025]\npercentile = 0\nthreshold = 0.5",
		lines:    lines,
		want:     `{"Tenderer":{"T":{"R025":0.16666666666666666},"L":{"R025":0.0}}}`,
	}.run(t)
}

func TestR028(t *testing.T) {
	bid := func(status string, amount, currency string, ids ...string) string {
		var ts []string
		for _, id := range ids {
			ts = append(ts, fmt.Sprintf(`{"id":%q}`, id))
		}
		return fmt.Sprintf(`{"status":%q,"tenderers":[%s],"value":{"amount":%s,"currency":%q}}`, status, strings.Join(ts, ","), amount, currency)
	}
	rel := func(ocid, extra string, bids ...string) string {
		return fmt.Sprintf(`{"ocid":%q%s,"bids":{"details":[%s]}}`, ocid, extra, strings.Join(bids, ","))
	}
	lines := []string{
		rel("same price", "", bid("valid", "100", "USD", "A"), bid("disqualified", "100.0", "USD", "B"), bid("valid", "120", "USD", "C")),
		rel("pending bids", "", bid("pending", "5", "USD", "D"), bid("pending", "5", "USD", "E")),
		rel("same tenderer twice", "", bid("valid", "100", "USD", "A"), bid("valid", "100", "USD", "A")),
		rel("same consortium", "", bid("valid", "100", "USD", "A", "B"), bid("valid", "100", "USD", "B", "A", "A")),
		rel("other currency", "", bid("valid", "100", "USD", "A"), bid("valid", "100", "EUR", "B")),
		rel("invited", "", bid("valid", "100", "USD", "A"), bid("invited", "100", "USD", "B")),
		rel("no tenderer id", "", bid("valid", "100", "USD", "A"), `{"status":"valid","tenderers":[{"name":"B"}],"value":{"amount":100,"currency":"USD"}}`),
		rel("no price comparison", `,"tender":{"procurementMethodDetails":"Direct"}`, bid("valid", "100", "USD", "A"), bid("valid", "100", "USD", "B")),
	}
	indicatorCase{
		name:     "defaults",
		settings: "no_price_comparison_procurement_methods = Direct\n[R028]",
		lines:    lines,
		want:     `{"OCID":{"same price":{"R028":1.0},"pending bids":{"R028":1.0}},"Tenderer":{"A":{"R028":1.0},"B":{"R028":1.0},"D":{"R028":1.0},"E":{"R028":1.0}}}`,
	}.run(t)
}

func TestR030(t *testing.T) {
	rel := func(ocid, end, award string, bids ...string) string {
		return fmt.Sprintf(`{"ocid":%q,"tender":{"tenderPeriod":{"endDate":%q}},"bids":{"details":[%s]},"awards":[%s]}`,
			ocid, end, strings.Join(bids, ","), award)
	}
	bid := func(status, date, id string) string {
		return fmt.Sprintf(`{"status":%q,"date":%q,"tenderers":[{"id":%q}]}`, status, date, id)
	}
	active := `{"status":"active","suppliers":[{"id":"W"}]}`
	end := "2021-05-01T12:00:00Z"
	indicatorCase{
		name:     "defaults",
		settings: "[R030]",
		lines: []string{
			rel("late winner", end, active, bid("valid", "2021-05-02T09:00:00Z", "W"), bid("valid", "2021-04-30T09:00:00Z", "L")),
			rel("late loser", end, active, bid("valid", "2021-04-30T09:00:00Z", "W"), bid("valid", "2021-05-03T09:00:00Z", "L")),
			rel("late but disqualified", end, active, bid("disqualified", "2021-05-02T09:00:00Z", "W")),
			rel("late, award pending", end, `{"status":"pending","suppliers":[{"id":"W"}]}`, bid("valid", "2021-05-02T09:00:00Z", "W")),
			// The dates compare as text: 10:00-04:00 is after 12:00Z in
			// time, but not as a string.
			rel("text comparison", end, active, bid("valid", "2021-05-01T10:00:00-04:00", "W")),
			`{"ocid":"no end date","bids":{"details":[{"status":"valid","date":"2021-05-02T09:00:00Z","tenderers":[{"id":"W"}]}]},"awards":[` + active + `]}`,
		},
		want: `{"OCID":{"late winner":{"R030":1.0}},"Tenderer":{"W":{"R030":1.0}}}`,
	}.run(t)
}

func TestR035(t *testing.T) {
	rel := func(ocid string, awards string, bids ...string) string {
		return fmt.Sprintf(`{"ocid":%q,"bids":{"details":[%s]},"awards":[%s]}`, ocid, strings.Join(bids, ","), awards)
	}
	bid := func(status, id string) string {
		return fmt.Sprintf(`{"status":%q,"tenderers":[{"id":%q}]}`, status, id)
	}
	to := func(id string) string { return fmt.Sprintf(`{"status":"active","suppliers":[{"id":%q}]}`, id) }
	lines := []string{
		rel("one disqualified", to("V"), bid("valid", "V"), bid("disqualified", "D1")),
		rel("two disqualified", to("V"), bid("valid", "V"), bid("disqualified", "D1"), bid("disqualified", "D2"), bid("disqualified", "D2"), bid("withdrawn", "X")),
		rel("winner also disqualified", to("V"), bid("valid", "V"), bid("disqualified", "V")),
		rel("two valid tenderers", to("V"), bid("valid", "V"), bid("valid", "W"), bid("disqualified", "D1")),
		rel("valid tenderer lost", to("S"), bid("valid", "V"), bid("disqualified", "D1")),
		rel("award pending", to("V")+`,{"status":"pending"}`, bid("valid", "V"), bid("disqualified", "D1")),
	}
	indicatorCase{
		name:     "defaults",
		settings: "[R035]",
		lines:    lines,
		want:     `{"OCID":{"one disqualified":{"R035":1.0},"two disqualified":{"R035":2.0}},"Tenderer":{"V":{"R035":0.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "threshold",
		settings: "[R035]\nthreshold = 2",
		lines:    lines,
		want:     `{"OCID":{"two disqualified":{"R035":2.0}},"Tenderer":{"V":{"R035":0.0}}}`,
	}.run(t)
}

func TestR036(t *testing.T) {
	bid := func(status, amount, currency string) string {
		return fmt.Sprintf(`{"status":%q,"value":{"amount":%s,"currency":%q}}`, status, amount, currency)
	}
	rel := func(ocid, award string, bids ...string) string {
		return fmt.Sprintf(`{"ocid":%q,"bids":{"details":[%s]},"awards":[{"status":%q}]}`, ocid, strings.Join(bids, ","), award)
	}
	lines := []string{
		rel("lowest disqualified", "active", bid("valid", "100", "USD"), bid("disqualified", "90", "USD")),
		rel("lowest valid", "active", bid("valid", "80", "USD"), bid("disqualified", "90", "USD")),
		rel("tie, disqualified first", "active", bid("disqualified", "90", "USD"), bid("valid", "90", "USD")),
		rel("tie, valid first", "active", bid("valid", "90", "USD"), bid("disqualified", "90", "USD")),
		rel("no valid bid", "active", bid("pending", "100", "USD"), bid("disqualified", "90", "USD")),
		rel("no active award", "pending", bid("valid", "100", "USD"), bid("disqualified", "90", "USD")),
		rel("invited lower", "active", bid("valid", "100", "USD"), bid("disqualified", "90", "USD"), bid("invited", "10", "USD")),
		rel("other currency lower", "active", bid("valid", "100", "USD"), bid("disqualified", "90", "EUR")),
	}
	indicatorCase{
		name:     "first currency",
		settings: "[R036]",
		lines:    lines,
		want:     `{"OCID":{"lowest disqualified":{"R036":1.0},"tie, disqualified first":{"R036":1.0},"invited lower":{"R036":1.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "configured currency",
		settings: "currency = EUR\n[R036]",
		lines:    append(lines, rel("euros", "active", bid("valid", "100", "EUR"), bid("disqualified", "90", "EUR"))),
		want:     `{"OCID":{"euros":{"R036":1.0}}}`,
	}.run(t)
}

// disqualifying builds a release of a buyer and procuring entity with n
// bids from distinct tenderers, the first d of them disqualified.
func disqualifying(ocid, buyer string, n, d int) string {
	var bids []string
	for i := 0; i < n; i++ {
		status := "valid"
		if i < d {
			status = "disqualified"
		}
		bids = append(bids, fmt.Sprintf(`{"status":%q,"tenderers":[{"id":"%s-%d"}]}`, status, ocid, i))
	}
	return fmt.Sprintf(`{"ocid":%q,"buyer":{"id":%q},"tender":{"procuringEntity":{"id":%q}},"bids":{"details":[%s]}}`,
		ocid, buyer, "PE-"+buyer, strings.Join(bids, ","))
}

func TestR038(t *testing.T) {
	// Disqualified shares 0.1, 0.1, 0.2, 0.2, 0.2, 0.3 and 0.9: q1 ≈ 0.117,
	// q3 ≈ 0.283, upper fence ≈ 0.533.
	indicatorCase{
		name:     "buyers and procuring entities",
		settings: "[R038]",
		lines: []string{
			disqualifying("p1", "B1", 10, 1), disqualifying("p2", "B2", 10, 1), disqualifying("p3", "B3", 10, 2),
			disqualifying("p4", "B4", 10, 2), disqualifying("p5", "B5", 10, 2), disqualifying("p6", "B6", 10, 3),
			disqualifying("p7", "BX", 10, 9),
			// One bid is too few (minimum_contracting_processes counts bids).
			disqualifying("p8", "BY", 1, 1),
			// Invited and withdrawn bids are not submitted.
			`{"ocid":"p9","buyer":{"id":"BZ"},"bids":{"details":[{"status":"invited"},{"status":"withdrawn"}]}}`,
		},
		want: `{"Buyer":{"BX":{"R038":0.9}},"ProcuringEntity":{"PE-BX":{"R038":0.9}}}`,
	}.run(t)

	bid := func(status, id string) string {
		return fmt.Sprintf(`{"status":%q,"tenderers":[{"id":%q}]}`, status, id)
	}
	rel := func(ocid string, bids ...string) string {
		return fmt.Sprintf(`{"ocid":%q,"bids":{"details":[%s]}}`, ocid, strings.Join(bids, ","))
	}
	indicatorCase{
		name:     "tenderers with a threshold",
		settings: "[R038]\nthreshold = 0.5\nminimum_submitted_bids = 3",
		lines: []string{
			rel("p1", bid("disqualified", "T1"), bid("valid", "T2"), bid("pending", "T3")),
			rel("p2", bid("disqualified", "T1"), bid("valid", "T2"), bid("pending", "T3")),
			rel("p3", bid("valid", "T1"), bid("disqualified", "T2"), bid("pending", "T3"), bid("disqualified", "T4")),
			rel("p4", bid("disqualified", "T4"), bid("disqualified", "T4")),
		},
		want: `{"Tenderer":{"T1":{"R038":0.6666666666666666},"T4":{"R038":1.0}}}`,
	}.run(t)
}

func TestR048(t *testing.T) {
	award := func(ocid, supplier string, classes ...string) string {
		var items []string
		for _, c := range classes {
			items = append(items, fmt.Sprintf(`{"classification":{"scheme":"CPV","id":%q}}`, c))
		}
		return fmt.Sprintf(`{"ocid":%q,"awards":[{"status":"active","suppliers":[{"id":%q}],"items":[%s]}]}`, ocid, supplier, strings.Join(items, ","))
	}
	// S1…S4 stay within division 45; SX spans four divisions: q1 = 1,
	// q3 = 2, upper fence 3.5.
	indicatorCase{
		name:     "defaults but the minimum",
		settings: "[R048]\nminimum_contracting_processes = 2",
		lines: []string{
			award("a1", "S1", "45233140"), award("a2", "S1", "45000000", "45112000"),
			award("a3", "S2", "45233140"), award("a4", "S2", "45233141"),
			award("a5", "S3", "45233140"), award("a6", "S3", "45233140"),
			award("a7", "S4", "45233140"), award("a8", "S4", "45233140"),
			award("a9", "SX", "03111000", "15800000"), award("a10", "SX", "30192000", "45233140"),
			// One process is below the minimum, however diverse.
			award("a11", "SY", "03111000", "15800000", "30192000", "45233140", "72000000"),
			// Awards to two suppliers or not active don't count.
			`{"ocid":"a12","awards":[{"status":"active","suppliers":[{"id":"S1"},{"id":"S2"}],"items":[{"classification":{"id":"72000000"}},{"classification":{"id":"79000000"}}]}]}`,
			`{"ocid":"a13","awards":[{"status":"pending","suppliers":[{"id":"S1"}],"items":[{"classification":{"id":"72000000"}},{"classification":{"id":"79000000"}}]}]}`,
		},
		want: `{"Tenderer":{"SX":{"R048":4.0}}}`,
	}.run(t)
	indicatorCase{
		name:     "one digit, fixed threshold",
		settings: "[R048]\ndigits = 1\nthreshold = 2\nminimum_contracting_processes = 1",
		lines: []string{
			award("a1", "S1", "45233140", "48000000"), award("a2", "S2", "03111000", "15800000", "30192000"),
			award("a3", "S3", "ÉÈ", "ÉA"),
		},
		want: `{"Tenderer":{"S2":{"R048":3.0}}}`,
	}.run(t)
}

// TestRunSkipsBadLines checks that bad lines are reported by number and
// the rest is processed.
func TestRunSkipsBadLines(t *testing.T) {
	input := "{\"ocid\":\"a\",\"tender\":{\"procurementMethod\":\"open\",\"numberOfTenderers\":1}}\r\n" +
		"not json\n" +
		"\n" +
		"   \t\n" +
		"[1,2]\n" +
		"{\"id\":\"no ocid\"}\n" +
		"{\"ocid\":5}\n" +
		"{\"ocid\":\"b\",}\n" +
		"{\"ocid\":\"\xff\"}\n" +
		"{\"ocid\":\"c\",\"tender\":{\"procurementMethod\":\"open\",\"numberOfTenderers\":1}}"
	s, _ := ParseSettings(strings.NewReader("[R018]"))
	var warnings []string
	res, err := Run(context.Background(), strings.NewReader(input), s, Options{Workers: 3, Warn: func(line int64, reason string) {
		warnings = append(warnings, fmt.Sprintf("%d: %s", line, reason))
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.IDs(OCID); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Errorf("flagged %v, want [a c]", got)
	}
	want := []string{
		"2: invalid JSON: expected value at column 1",
		"5: not a JSON object",
		"6: no ocid (a string)",
		"7: no ocid (a string)",
		"8: invalid JSON: expected a member name at column 13",
		"9: not valid UTF-8",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	if res.Stats != (Stats{Lines: 10, Releases: 2, Skipped: 6}) {
		t.Errorf("stats %+v", res.Stats)
	}
}

// TestOutputFormat checks numbers, escaping, group order and Meta.
func TestOutputFormat(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", 0: "0.0", 99: "99.0", 2: "2.0", 0.16666666666666666: "0.16666666666666666", 0.5: "0.5",
		-1.5: "-1.5", 1e15: "1000000000000000.0", 1e16: "1e16", 1.5e17: "1.5e17", 123456789012345680: "1.2345678901234568e17",
		0.0001: "0.0001", 0.00001: "0.00001", 0.000001: "1e-6", 1.5e-7: "1.5e-7", 5e-324: "5e-324",
		1.7976931348623157e308: "1.7976931348623157e308",
	} {
		if got := string(appendFloat(nil, f)); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", f, got, want)
		}
	}
	r := &Result{}
	r.set(Tenderer, "t\"1\\\n\x01<é>", 5, r058, 0)
	r.set(OCID, "b", 2, r024, 0.25)
	r.set(OCID, "a", 1, r003, 1)
	r.set(OCID, "a", 3, r024, 0.5)
	r.setMeta(r024, "q1", 1.0/3)
	r.setMeta(r024, "q3", 2.0/3)
	r.setMeta(r048, "upper_fence", nan())
	for g := range r.groups {
		r.groups[g].sort()
	}
	var b bytes.Buffer
	r.WriteJSON(&b, true)
	want := `{"OCID":{"a":{"R003":1.0,"R024":0.5},"b":{"R024":0.25}},"Tenderer":{"t\"1\\\n\u0001<é>":{"R058":0.0}},"Meta":{"R024":{"q1":0.3333,"q3":0.6667},"R048":{"upper_fence":null}}}` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	b.Reset()
	(&Result{}).WriteJSON(&b, false)
	if b.String() != "{}\n" {
		t.Errorf("empty result without meta: %s", b.String())
	}
	b.Reset()
	(&Result{}).WriteJSON(&b, true)
	if b.String() != "{\"Meta\":{}}\n" {
		t.Errorf("empty result: %s", b.String())
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestRFC3339(t *testing.T) {
	ok := []string{"2021-03-01T09:00:00Z", "2021-03-01t09:00:00z", "2021-03-01 09:00:00+01:00", "2021-03-01T09:00:00.123456789123-05:30",
		"2016-12-31T23:59:60Z", "2020-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "2021-03-01T09:00:00\u221201:00", "2021-03-01T09:00:00-00:00"}
	bad := []string{"2021-03-01", "2021-03-01T09:00:00", "2021-03-01T09:00Z", "21-03-01T09:00:00Z", "2021-3-01T09:00:00Z",
		"2021-02-29T00:00:00Z", "2021-03-01T24:00:00Z", "2021-03-01T09:60:00Z", "2021-03-01T09:00:61Z", "2021-03-01T09:00:00+24:00",
		"2021-03-01T09:00:00+01:60", "2021-03-01T09:00:00+0100", "2021-03-01T09:00:00.Z", "2021-03-01T09:00:00Z ", "2021-03-01X09:00:00Z",
		"+2021-03-01T09:00:00Z", "2021-03-01T09:00:00+1:00"}
	for _, s := range ok {
		if _, good := parseRFC3339(s); !good {
			t.Errorf("parseRFC3339(%q) failed", s)
		}
	}
	for _, s := range bad {
		if _, good := parseRFC3339(s); good {
			t.Errorf("parseRFC3339(%q) succeeded", s)
		}
	}
	days := func(a, b string) int64 {
		x, _ := parseRFC3339(a)
		y, _ := parseRFC3339(b)
		return wholeDaysBetween(x, y)
	}
	for _, c := range []struct {
		a, b string
		want int64
	}{
		{"2000-01-01T18:00:00Z", "2000-01-16T17:59:59Z", 14},
		{"2000-01-01T18:00:00Z", "2000-01-16T18:00:00Z", 15},
		{"2000-01-16T18:00:00Z", "2000-01-01T18:00:01Z", -14}, // truncated toward zero
		{"2000-01-02T00:00:00+01:00", "2000-01-01T23:00:00Z", 0},
		{"1999-12-31T00:00:00Z", "2000-03-01T00:00:00Z", 61},
		{"0000-01-01T00:00:00Z", "9999-12-31T00:00:00Z", 3652424},
		{"2016-12-30T23:59:60Z", "2016-12-31T23:59:59Z", 0}, // the leap second is not a day's second yet
		{"2016-12-30T23:59:59Z", "2016-12-31T23:59:60Z", 1},
	} {
		if got := days(c.a, c.b); got != c.want {
			t.Errorf("days %s → %s = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestQuantiles(t *testing.T) {
	q := newQuantiles([]float64{99, 1, 99, 99, 99})
	if got := q.lowerQuartile(); fmt.Sprintf("%.4f", got) != "66.3333" {
		t.Errorf("q1 = %v", got)
	}
	if got := q.upperQuartile(); got != 99 {
		t.Errorf("q3 = %v", got)
	}
	if got := newQuantiles([]float64{6, 1, 1, 1, 1, 1}).percentile(75); fmt.Sprintf("%.4f", got) != "1.4167" {
		t.Errorf("p75 = %v", got)
	}
	if got := newQuantiles(nil).lowerQuartile(); got == got {
		t.Errorf("empty q1 = %v, want NaN", got)
	}
	if got := newQuantiles([]float64{3, 1, 2}).percentile(100); got != 3 {
		t.Errorf("p100 = %v", got)
	}
	if got := newQuantiles([]float64{3, 1, 2}).percentile(101); got == got {
		t.Errorf("p101 = %v, want NaN", got)
	}
	if got := newQuantiles([]float64{3, 1, 2}).percentile(0); got != 1 {
		t.Errorf("p0 = %v", got)
	}
}

// TestLargeRelease checks that a process with very many bids is handled in
// linear time and agrees with the oracle.
func TestLargeRelease(t *testing.T) {
	var bids []string
	for i := 0; i < 20000; i++ {
		status := []string{"valid", "disqualified", "pending"}[i%3]
		cur := []string{"USD", "EUR", fmt.Sprintf("X%d", i)}[i%3]
		bids = append(bids, fmt.Sprintf(`{"status":%q,"date":"2021-05-0%dT00:00:00Z","tenderers":[{"id":"T%d"}],"value":{"amount":%d,"currency":%q}}`,
			status, 1+i%9, i, 1000+i%500, cur))
	}
	var suppliers []string
	for i := 0; i < 3000; i++ {
		suppliers = append(suppliers, fmt.Sprintf(`{"status":"active","suppliers":[{"id":"T%d"}],"items":[{"classification":{"id":"%d"}}]}`, i*3, 10000000+i))
	}
	line := fmt.Sprintf(`{"ocid":"big","buyer":{"id":"B"},"tender":{"tenderPeriod":{"endDate":"2021-05-05T00:00:00Z"}},"bids":{"details":[%s]},"awards":[%s]}`,
		strings.Join(bids, ","), strings.Join(suppliers, ","))
	input := []byte(line + "\n" + pricedRelease("small", "W", "EUR", "W:1", "L:2") + "\n")
	for _, s := range settingsVariants() {
		compareWithOracle(t, s, input, 2)
	}
}

func TestStrSet(t *testing.T) {
	var s strSet
	for round := 0; round < 2; round++ {
		s.reset()
		for i := 0; i < 100; i++ {
			if k := s.add(fmt.Sprint(i % 50)); k != i%50 {
				t.Fatalf("add(%d) = %d", i%50, k)
			}
		}
		if s.len() != 50 || !s.has("49") || s.has("50") {
			t.Fatalf("len %d", s.len())
		}
	}
}

func TestQuantilesWithNaN(t *testing.T) {
	q := newQuantiles([]float64{1, 2, nan(), 4})
	for _, tau := range []float64{0, 0.25, 0.75, 1} {
		if v := q.quantile(tau); v == v {
			t.Errorf("quantile(%v) = %v, want NaN", tau, v)
		}
	}
}
