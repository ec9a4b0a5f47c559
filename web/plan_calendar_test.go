// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// The plan's calendar comes in pages of twelve months, with links to the
// months before and after; a page it does not have is not found. Its
// months and milestones, and an item's timeline, are written as labels
// ("Mars 2027", "Kunngjøring").
func TestPlanCalendarPaginates(t *testing.T) {
	srv, st := newTestServer(t)
	now := time.Now().UTC()
	d := func(months int) time.Time {
		return time.Date(now.Year(), now.Month(), 10, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	}
	var items []cityspend.PlanItem
	for i := range 2 { // one item a year, its milestones over eight months
		o := 12 * i
		items = append(items, cityspend.PlanItem{BuyerID: "3909", ID: fmt.Sprintf("C-%d", i), Title: fmt.Sprintf("Item %d", i), Type: "services",
			Value: 500_000_00, Status: cityspend.PlanIdea, MarketDialogue: d(o + 1), Notice: d(o + 3), Award: d(o + 5), ContractStart: d(o + 8), NeedDate: d(o + 8)})
	}
	if err := st.PutPlanItems(context.Background(), "3909", items, nil); err != nil {
		t.Fatal(err)
	}
	cal := regexp.MustCompile(`(?s)<table id="plan-calendar">.*?</table>`)
	month := regexp.MustCompile(`<th scope="row">([^<]+)</th>`)
	var all []string
	for n := 1; ; n++ {
		page := get(t, srv.URL+fmt.Sprintf("/buyers/3909/plan?lang=nb&cal=%d", n), 200)
		table := cal.FindString(page)
		rows := month.FindAllStringSubmatch(table, -1)
		if len(rows) == 0 || len(rows) > calendarMonths {
			t.Fatalf("page %d: %d months", n, len(rows))
		}
		for _, r := range rows {
			all = append(all, r[1])
		}
		if !strings.Contains(table, fmt.Sprintf("Item %d", n-1)) || !strings.Contains(table, " Kunngjøring: ") || strings.Contains(table, " kunngjøring: ") {
			t.Errorf("page %d: the items and milestones as labels: %s", n, table)
		}
		// A link keeps the page's year: "?cal=1&amp;year=2025#plan-calendar".
		calLink := func(n int, rel string) bool {
			return regexp.MustCompile(fmt.Sprintf(`[?&;]cal=%d(&amp;[^"#]*)?#plan-calendar" rel="%s"`, n, rel)).MatchString(page)
		}
		if got := calLink(n-1, "prev"); got != (n > 1) {
			t.Errorf("page %d: a link to the months before: %v", n, got)
		}
		if !calLink(n+1, "next") {
			if n != 2 {
				t.Errorf("page %d is the last", n)
			}
			get(t, srv.URL+fmt.Sprintf("/buyers/3909/plan?cal=%d", n+1), 404)
			break
		}
	}
	// Every month once, in order, from this month on (the calendar reaches
	// two years ahead).
	for i, m := range all {
		if m != monthNB(d(i)) {
			t.Errorf("the calendar's months: %q", all)
			break
		}
	}
	if len(all) <= calendarMonths {
		t.Errorf("%d months", len(all))
	}
	if p := get(t, srv.URL+"/buyers/3909/plan?lang=nb", 200); month.FindAllStringSubmatch(cal.FindString(p), -1)[0][1] != all[0] {
		t.Error("the plan opens on the calendar's first page")
	}
	get(t, srv.URL+"/buyers/3909/plan?cal=soon", 404)

	item := get(t, srv.URL+"/buyers/3909/plan/C-0?lang=nb", 200)
	if tl := regexp.MustCompile(`(?s)<td id="item-timeline">.*?</td>`).FindString(item); !strings.Contains(tl, "Markedsdialog ") || !strings.Contains(tl, "Kunngjøring ") || strings.Contains(tl, "markedsdialog") {
		t.Errorf("the item's timeline: %s", tl)
	}
}

func monthNB(t time.Time) string {
	return []string{"Januar", "Februar", "Mars", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Desember"}[t.Month()-1] +
		" " + fmt.Sprint(t.Year())
}

// The plan's two pagers keep each other's page: a link to another page of
// items keeps the calendar's months (?cal=), a link to other months keeps
// the page of items (?page=).
func TestPlanPagersKeepEachOther(t *testing.T) {
	srv, st := newTestServer(t)
	now := time.Now().UTC()
	var items []cityspend.PlanItem
	for i := range 60 { // more than a page of items, their notices over two years
		n := time.Date(now.Year(), now.Month(), 10, 0, 0, 0, 0, time.UTC).AddDate(0, i%20, 0)
		items = append(items, cityspend.PlanItem{BuyerID: "3909", ID: fmt.Sprintf("K-%02d", i), Title: fmt.Sprintf("Item %02d", i), Type: "services",
			Value: cityspend.Amount(100_000_00 * (i + 1)), Status: cityspend.PlanIdea, Notice: n, NeedDate: n.AddDate(0, 4, 0)})
	}
	if err := st.PutPlanItems(context.Background(), "3909", items, nil); err != nil {
		t.Fatal(err)
	}
	href := func(page, id, rel string) url.Values {
		t.Helper()
		nav := regexp.MustCompile(`(?s)<nav[^>]*id="` + id + `">.*?</nav>`).FindString(page)
		m := regexp.MustCompile(`<a href="([^"]*)" rel="` + rel + `">`).FindStringSubmatch(nav)
		if m == nil {
			t.Fatalf("no %s link in %s: %s", rel, id, nav)
		}
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		return u.Query()
	}
	page := get(t, srv.URL+"/buyers/3909/plan?page=2&cal=2", 200)
	if q := href(page, "plan-pager", "prev"); q.Get("page") != "1" || q.Get("cal") != "2" {
		t.Errorf("the items' link to page 1 is %v, want page=1 and cal=2", q)
	}
	if q := href(page, "calendar-pager", "prev"); q.Get("cal") != "1" || q.Get("page") != "2" {
		t.Errorf("the calendar's link to its first months is %v, want cal=1 and page=2", q)
	}
	page = get(t, srv.URL+"/buyers/3909/plan?cal=2", 200)
	if q := href(page, "plan-pager", "next"); q.Get("page") != "2" || q.Get("cal") != "2" {
		t.Errorf("the items' link to page 2 is %v, want page=2 and cal=2", q)
	}
}
