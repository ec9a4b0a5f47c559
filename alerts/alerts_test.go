// SPDX-License-Identifier: EUPL-1.2

package alerts_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/notify/smtptest"
)

func TestMatch(t *testing.T) {
	it := alerts.Item{Kind: alerts.KindPipeline, BuyerID: "3909", CPV: []string{"45233141", "90620000"}, Value: 2_000_000_00,
		Places: []string{"3909", "Larvik kommune"}}
	for _, c := range []struct {
		name string
		a    cityspend.Alert
		want bool
	}{
		{"nothing saved", cityspend.Alert{}, false},
		{"division", cityspend.Alert{CPV: []string{"45"}}, true},
		{"a code's significant digits", cityspend.Alert{CPV: []string{"45230000"}}, true},
		{"a division that ends in zero", cityspend.Alert{CPV: []string{"90000000"}}, true},
		{"another group", cityspend.Alert{CPV: []string{"4521"}}, false},
		{"any of the codes", cityspend.Alert{CPV: []string{"72", "906"}}, true},
		{"buyer", cityspend.Alert{Buyers: []string{"3909"}}, true},
		{"another buyer", cityspend.Alert{Buyers: []string{"0301"}}, false},
		{"every field must match", cityspend.Alert{CPV: []string{"45"}, Buyers: []string{"0301"}}, false},
		{"place by code", cityspend.Alert{Places: []string{"3909"}}, true},
		{"place by name, any case", cityspend.Alert{Places: []string{"larvik"}}, true},
		{"another place", cityspend.Alert{Places: []string{"Sandefjord"}}, false},
		{"in the range", cityspend.Alert{MinValue: 1_000_000_00, MaxValue: 3_000_000_00}, true},
		{"below the range", cityspend.Alert{MinValue: 2_500_000_00}, false},
		{"above the range", cityspend.Alert{MaxValue: 1_999_999_99}, false},
		{"off", cityspend.Alert{CPV: []string{"45"}, Off: true}, false},
	} {
		if got := alerts.Match(c.a, it); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// An unknown value passes a range; an item without codes fails a CPV filter.
	if !alerts.Match(cityspend.Alert{MinValue: 5}, alerts.Item{}) || alerts.Match(cityspend.Alert{CPV: []string{"45"}}, alerts.Item{}) {
		t.Errorf("unknown value or no codes")
	}
}

func TestFromForm(t *testing.T) {
	a, err := alerts.FromForm(url.Values{"cpv": {"45, 4521 90911200-8"}, "buyers": {"3909 0301"}, "places": {"Mo i Rana, 3909"},
		"min_value": {"100 000"}, "max_value": {"2 500 000,50"}}, ',')
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.CPV, " ") != "45 4521 90911200" || len(a.Buyers) != 2 || a.Places[0] != "Mo i Rana" ||
		a.MinValue != 100_000_00 || a.MaxValue != 2_500_000_50 {
		t.Errorf("alert %+v", a)
	}
	for _, bad := range []url.Values{{"cpv": {"4"}}, {"cpv": {"4521x"}}, {"cpv": {"452100009"}}, {"min_value": {"ten"}},
		{"min_value": {"10"}, "max_value": {"5"}}} {
		if _, err := alerts.FromForm(bad, '.'); cityspend.ErrorCode(err) != cityspend.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

var larvik = cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}

// world is a store with a buyer's plan, challenges and events, and a
// supplier's user with an alert, at now.
func world(t *testing.T, now time.Time) (*duckdb.DB, cityspend.User) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "alerts.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	ago := now.Add(-48 * time.Hour)
	items := []cityspend.PlanItem{
		{ID: "P1", Title: "Brøyting av kommunale veier", CPV: []string{"90620000"}, Value: 2_000_000_00, Status: cityspend.PlanPlanned,
			Published: true, PublishedAt: ago, Notice: now.AddDate(0, 2, 0), Created: ago, Updated: ago},
		{ID: "P2", Title: "Hemmelig skoleombygging", CPV: []string{"45214200"}, Value: 9_000_000_00, Status: cityspend.PlanPlanned,
			Created: ago, Updated: ago}, // not published
		{ID: "P3", Title: "Asfaltering", CPV: []string{"45233141"}, Value: 800_000_00, Status: cityspend.PlanMarketDialogue,
			Published: true, PublishedAt: ago, MarketDialogue: now.AddDate(0, 0, 20), Created: ago, Updated: ago},
		{ID: "P4", Title: "Vedlikehold av gatelys", CPV: []string{"45316100"}, Value: 1_500_000_00, Status: cityspend.PlanIdea, Action: "decide_extension",
			Published: true, PublishedAt: ago, ContractExpiry: now.AddDate(0, 7, 0), Suppliers: []string{"Lys AS"}, Created: ago, Updated: ago},
		{ID: "P5", Title: "IT-konsulenter", CPV: []string{"72000000"}, Value: 3_000_000_00, Status: cityspend.PlanPlanned,
			Published: true, PublishedAt: ago, Created: ago, Updated: ago}, // another category
	}
	if err := st.PutPlanItems(ctx, larvik.ID, items, nil); err != nil {
		t.Fatal(err)
	}
	c, err := st.PutChallenge(ctx, cityspend.Challenge{BuyerID: larvik.ID, Title: "Smartere strøing", Problem: "Salt skader miljøet", CPV: []string{"90630000"},
		BudgetMax: 500_000_00, Currency: "NOK", Status: cityspend.ChallengePublished, CreatedBy: "anne@larvik.kommune.no", CreatedAt: ago, UpdatedAt: ago})
	if err != nil {
		t.Fatal(err)
	}
	draft, err := st.PutChallenge(ctx, cityspend.Challenge{BuyerID: larvik.ID, Title: "Utkast om vei", Problem: "Hull i veien", CPV: []string{"90630000"},
		Status: cityspend.ChallengeDraft, CreatedBy: "anne@larvik.kommune.no", CreatedAt: ago, UpdatedAt: ago})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []cityspend.Event{
		{BuyerID: larvik.ID, ChallengeID: c.ID, Title: "Leverandørdag om strøing", Starts: now.AddDate(0, 0, 10), Place: "Larvik rådhus", CreatedBy: "anne", CreatedAt: ago},
		{BuyerID: larvik.ID, ChallengeID: draft.ID, Title: "Hemmelig møte", Starts: now.AddDate(0, 0, 10), Place: "Larvik", CreatedBy: "anne", CreatedAt: ago},
	} {
		if _, err := st.AddEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	u := cityspend.User{Email: "anna@vinterdrift.test", Name: "Anna Vinter", SupplierID: "org:NO-BRC:987654321"}
	if u.ID, err = st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return st, u
}

func digests(st alerts.Store, now *time.Time) *alerts.Digests {
	return &alerts.Digests{St: st, Base: "http://127.0.0.1:8080/", Domain: "cityspend.test", Now: func() time.Time { return *now }}
}

// A digest lists what is public, new and matching, in the supplier's
// language with the locale's amounts; the next lists only what came
// since; nothing new sends nothing; the unsubscribe link works once
// signed and stops the digests.
func TestDigest(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	st, u := world(t, now)
	if _, err := alerts.Save(ctx, st, u, url.Values{"cpv": {"45 906"}, "places": {"Larvik"}}, "nb", ',', now); err != nil {
		t.Fatal(err)
	}
	d := digests(st, &now)
	r, err := d.Send(ctx)
	if err != nil || r.Queued != 1 || r.Items != 5 {
		t.Fatalf("first digest: %+v %v", r, err)
	}
	ms, _ := st.Mail(ctx, cityspend.MailFilter{})
	if len(ms) != 1 {
		t.Fatalf("outbox %+v", ms)
	}
	m := ms[0]
	for _, want := range []string{"Hei Anna Vinter", "Planlagte anskaffelser", "Brøyting av kommunale veier", "2\u00a0000\u00a0000,00\u00a0kr",
		"Markedsdialoger og høringer", "Asfaltering", "Utfordringer", "Smartere strøing", "Arrangementer", "Leverandørdag om strøing",
		"løper ut innen 12 måneder", "Vedlikehold av gatelys", "nå: Lys AS", "http://127.0.0.1:8080/public/3909/pipeline",
		"http://127.0.0.1:8080/alerts/unsubscribe?token="} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the digest lacks %q:\n%s", want, m.Body)
		}
	}
	for _, not := range []string{"Hemmelig", "IT-konsulenter", "Utkast", "%!"} {
		if strings.Contains(m.Body, not) {
			t.Errorf("the digest shows %q:\n%s", not, m.Body)
		}
	}
	if m.To != u.Email || m.Subject != "cityspend: 5 nye muligheter for dere" || !strings.HasPrefix(m.Unsubscribe, "http://127.0.0.1:8080/alerts/unsubscribe?token=") {
		t.Errorf("message %+v", m)
	}
	// Nothing new: nothing sent.
	now = now.Add(24 * time.Hour)
	if r, err := d.Send(ctx); err != nil || r.Queued != 0 || r.Alerts != 1 {
		t.Errorf("second run: %+v %v", r, err)
	}
	// A new item published since: only it; in English once saved so.
	if err := st.PutPlanItems(ctx, larvik.ID, []cityspend.PlanItem{{ID: "P6", Title: "Gatefeiing", CPV: []string{"90610000"}, Value: 400_000_00,
		Status: cityspend.PlanPlanned, Published: true, PublishedAt: now.Add(time.Hour), Created: now, Updated: now}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := alerts.Save(ctx, st, u, url.Values{"cpv": {"45 906"}, "places": {"Larvik"}}, "en", '.', now); err != nil {
		t.Fatal(err)
	}
	now = now.Add(24 * time.Hour)
	if r, err := d.Send(ctx); err != nil || r.Queued != 1 || r.Items != 1 {
		t.Fatalf("third run: %+v %v", r, err)
	}
	ms, _ = st.Mail(ctx, cityspend.MailFilter{})
	if b := ms[0].Body; !strings.Contains(b, "Gatefeiing") || !strings.Contains(b, "NOK\u00a0400,000.00") || strings.Contains(b, "Brøyting") || !strings.Contains(b, "Hello Anna") {
		t.Errorf("third digest:\n%s", b)
	}
	// The unsubscribe token: a forged one fails; the real one stops the digests.
	tok := regexp.MustCompile(`token=(\S+)`).FindStringSubmatch(ms[0].Body)[1]
	tok, _ = url.QueryUnescape(tok)
	if _, err := alerts.Unsubscribe(ctx, st, strings.Replace(tok, ".", "x.", 1)); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a forged token: %v", err)
	}
	if _, err := alerts.Unsubscribe(ctx, st, "2."+strings.SplitN(tok, ".", 2)[1]); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("another user's id with this signature: %v", err)
	}
	if uid, err := alerts.Unsubscribe(ctx, st, tok); err != nil || uid != u.ID {
		t.Fatalf("unsubscribe: %d %v", uid, err)
	}
	if err := st.PutPlanItems(ctx, larvik.ID, []cityspend.PlanItem{{ID: "P7", Title: "Mer brøyting", CPV: []string{"90620000"},
		Status: cityspend.PlanPlanned, Published: true, PublishedAt: now.Add(time.Hour), Created: now, Updated: now}}, nil); err != nil {
		t.Fatal(err)
	}
	now = now.Add(24 * time.Hour)
	if r, err := d.Send(ctx); err != nil || r.Queued != 0 {
		t.Errorf("after unsubscribing: %+v %v", r, err)
	}
}

// counting is the store counting the users it reads.
type counting struct {
	alerts.Store
	user, users int
}

func (c *counting) User(ctx context.Context, id int64) (cityspend.User, error) {
	c.user++
	return c.Store.User(ctx, id)
}

func (c *counting) Users(ctx context.Context) ([]cityspend.User, error) {
	c.users++
	return c.Store.Users(ctx)
}

// A run reads the users once, not once per alert: each of several
// suppliers gets its digest.
func TestDigestReadsUsersOnce(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	st, u := world(t, now)
	us := []cityspend.User{u}
	for _, e := range []string{"per@broyt.test", "lise@salt.test"} {
		v := cityspend.User{Email: e, Name: e, SupplierID: "org:NO-BRC:987654321"}
		var err error
		if v.ID, err = st.CreateUser(ctx, v); err != nil {
			t.Fatal(err)
		}
		us = append(us, v)
	}
	for _, v := range us {
		if _, err := alerts.Save(ctx, st, v, url.Values{"buyers": {"3909"}}, "en", '.', now); err != nil {
			t.Fatal(err)
		}
	}
	c := &counting{Store: st}
	if r, err := digests(c, &now).Send(ctx); err != nil || r.Queued != 3 {
		t.Fatalf("digests: %+v %v", r, err)
	}
	if c.user != 0 || c.users != 1 {
		t.Errorf("read a user %d times and the users %d times, want the users once", c.user, c.users)
	}
	if ms, _ := st.Mail(ctx, cityspend.MailFilter{}); len(ms) != 3 {
		t.Errorf("outbox %d messages", len(ms))
	}
}

// Every: a digest at most once a period; the server's job runs it often.
func TestDigestEvery(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	st, u := world(t, now)
	if _, err := alerts.Save(ctx, st, u, url.Values{"buyers": {"3909"}}, "en", '.', now); err != nil {
		t.Fatal(err)
	}
	d := digests(st, &now)
	d.Every = 24 * time.Hour
	if r, _ := d.Send(ctx); r.Queued != 1 {
		t.Fatalf("first: %+v", r)
	}
	if err := st.PutPlanItems(ctx, larvik.ID, []cityspend.PlanItem{{ID: "P6", Title: "Gatefeiing", CPV: []string{"90610000"},
		Status: cityspend.PlanPlanned, Published: true, PublishedAt: now.Add(time.Hour), Created: now, Updated: now}}, nil); err != nil {
		t.Fatal(err)
	}
	now = now.Add(12 * time.Hour)
	if r, _ := d.Send(ctx); r.Alerts != 0 {
		t.Errorf("half a day later: %+v", r)
	}
	now = now.Add(12 * time.Hour)
	if r, _ := d.Send(ctx); r.Queued != 1 || r.Items != 1 {
		t.Errorf("a day later: %+v", r)
	}
}

// The digest reaches a real SMTP server through the outbox: its unsubscribe
// header and link carry the token.
func TestDigestBySMTP(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC()
	st, u := world(t, now)
	if _, err := alerts.Save(ctx, st, u, url.Values{"cpv": {"9062"}}, "en", '.', now); err != nil {
		t.Fatal(err)
	}
	if r, err := digests(st, &now).Send(ctx); err != nil || r.Queued != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	srv := smtptest.Start(t)
	tr := &notify.SMTP{Addr: srv.Addr, From: "cityspend <noreply@cityspend.test>", TLS: notify.TLSRequire, TLSConfig: &tls.Config{RootCAs: srv.Roots()}}
	snd := notify.NewSender(st, tr, slog.New(slog.NewTextHandler(io.Discard, nil)))
	snd.Now = func() time.Time { return time.Now().UTC().Add(time.Second) }
	if n, err := snd.Flush(ctx); err != nil || n != 1 {
		t.Fatalf("flush %d %v", n, err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if strings.Contains(got.Data, "%!") || !strings.Contains(got.Data, "Subject: cityspend: a new opportunity for you") || !strings.Contains(got.Data, "A new public opportunity matches") {
		t.Errorf("a digest of one item:\n%s", got.Data)
	}
	if got.To != u.Email || !strings.Contains(got.Data, "Brøyting av kommunale veier") || !strings.Contains(got.Data, "List-Unsubscribe: <http://127.0.0.1:8080/alerts/unsubscribe?token=") {
		t.Errorf("arrived:\n%s", got.Data)
	}
}

// FromForm reads what anyone types: it never panics, and what it accepts
// is well-formed.
func FuzzFromForm(f *testing.F) {
	f.Add("45 906, 90911200-8", "3909", "Mo i Rana, 3909", "100 000", "2 500 000,50")
	f.Add("4", "", "", "-1", "")
	f.Add("", "", ";;,", "1e9", "1.000.000")
	f.Add("\v", "\v", "\u00a0", "", "") // white space strings.TrimSpace sees and a split must too
	f.Fuzz(func(t *testing.T, cpv, buyers, places, lo, hi string) {
		a, err := alerts.FromForm(url.Values{"cpv": {cpv}, "buyers": {buyers}, "places": {places}, "min_value": {lo}, "max_value": {hi}}, ',')
		if err != nil {
			return
		}
		for _, c := range a.CPV {
			if len(c) < 2 || len(c) > 8 || strings.Trim(c, "0123456789") != "" {
				t.Errorf("code %q accepted", c)
			}
		}
		if a.MinValue < 0 || a.MaxValue < 0 || a.MaxValue > 0 && a.MinValue > a.MaxValue {
			t.Errorf("range %d–%d accepted", a.MinValue, a.MaxValue)
		}
		for _, p := range append(a.Places, a.Buyers...) {
			if strings.TrimSpace(p) == "" || len(p) > 100 {
				t.Errorf("value %q accepted", p)
			}
		}
	})
}
