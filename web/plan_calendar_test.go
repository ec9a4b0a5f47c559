// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
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
		if got := strings.Contains(page, fmt.Sprintf(`cal=%d#plan-calendar" rel="prev"`, n-1)); got != (n > 1) {
			t.Errorf("page %d: a link to the months before: %v", n, got)
		}
		if !strings.Contains(page, fmt.Sprintf(`cal=%d#plan-calendar" rel="next"`, n+1)) {
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
