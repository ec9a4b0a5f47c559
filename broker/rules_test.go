// SPDX-License-Identifier: EUPL-1.2

package broker_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/notify"
)

// outbox keeps the messages sent.
type outbox struct {
	mu  sync.Mutex
	msg []notify.Message
}

func (o *outbox) Send(_ context.Context, m notify.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msg = append(o.msg, m)
	return nil
}

// to lists the messages to an address.
func (o *outbox) to(addr string) []notify.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []notify.Message
	for _, m := range o.msg {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

const (
	larvik     = "3909"
	sandefjord = "3907"
	// A supplier's user that follows Larvik, and one that follows nobody.
	follower  = "sales@follower.test"
	bystander = "post@bystander.test"
	followerS = "org:NO-BRC:923609016"
	bystandS  = "org:NO-BRC:974760673"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// world is a store with two buyers, a supplier's user following the first
// and one following nobody, and a broker over it whose clock stands still.
func world(t *testing.T) (*duckdb.DB, *broker.Broker, *outbox) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, ":memory:", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, b := range []cityspend.Buyer{
		{ID: larvik, Name: "Larvik kommune", Country: "NO", Municipality: larvik, Currency: "NOK", FiscalStart: 1},
		{ID: sandefjord, Name: "Sandefjord kommune", Country: "NO", Municipality: sandefjord, Currency: "NOK", FiscalStart: 1},
	} {
		if err := st.CreateBuyer(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []cityspend.User{{Email: follower, Name: "Follower", SupplierID: followerS}, {Email: bystander, Name: "Bystander", SupplierID: bystandS}} {
		if _, err := auth.AddUser(ctx, st, u, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []cityspend.Capability{
		{SupplierID: followerS, Name: "Follower AS", Description: "Snow clearing and gritting", CPV: []string{"90620000"}, FollowBuyers: []string{larvik}},
		{SupplierID: bystandS, Name: "Bystander AS", Description: "Office furniture", CPV: []string{"39130000"}},
	} {
		if err := st.PutCapability(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	out := &outbox{}
	b := broker.New(st, out)
	b.Now = func() time.Time { return now }
	return st, b, out
}

func form(kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// challengeForm is a complete challenge's form with a status.
func challengeForm(status string, kv ...string) url.Values {
	f := form("title", "Winter maintenance with less salt", "problem", "Salt harms the trees.", "cpv", "90620000", "status", status)
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if cityspend.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

func buyer(t *testing.T, st cityspend.Store, id string) cityspend.Buyer {
	t.Helper()
	b, err := st.Buyer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A challenge's partners are other buyers of the installation, and its
// plan items the buyer's own.
func TestChallengePartnersAndPlanItems(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	if err := st.PutPlanItems(ctx, larvik, []cityspend.PlanItem{{BuyerID: larvik, ID: "P-1", Title: "Gritting", Type: "services",
		Status: cityspend.PlanPlanned}}, nil); err != nil {
		t.Fatal(err)
	}
	lv := buyer(t, st, larvik)
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"a partner that is no buyer here", "partners", "9999:observer", "partner 9999 is not a buyer on this installation"},
		{"the buyer as its own partner", "partners", larvik + ":co-buyer", "the buyer is not its own partner"},
		{"a plan item the buyer has not", "plan_items", "P-NONE", "buyer 3909 has no plan item P-NONE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.CreateChallenge(ctx, lv, challengeForm(cityspend.ChallengeDraft, tt.field, tt.value), '.', "per@larvik.test", "https://x.test")
			if cityspend.ErrorCode(err) != cityspend.EINVALID || cityspend.ErrorMessage(err) != tt.want {
				t.Errorf("create: %v, want %q", err, tt.want)
			}
		})
	}
	c, err := b.CreateChallenge(ctx, lv, challengeForm(cityspend.ChallengeDraft, "partners", sandefjord+":observer", "plan_items", "P-1",
		"budget_max", "2,000,000.50"), '.', "per@larvik.test", "https://x.test")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.Currency != "NOK" || c.CreatedBy != "per@larvik.test" || !c.CreatedAt.Equal(now) || c.BudgetMax != 2_000_000_50 ||
		len(c.Partners) != 1 || c.Partners[0].BuyerID != sandefjord {
		t.Errorf("created %+v", c)
	}
	// An edit is checked as well, and changes nothing when refused.
	_, err = b.EditChallenge(ctx, larvik, c.ID, form("partners", larvik), '.', "https://x.test")
	wantCode(t, "an edit making the buyer its own partner", err, cityspend.EINVALID)
	got, err := st.Challenge(ctx, larvik, c.ID)
	if err != nil || len(got.Partners) != 1 || got.Partners[0].BuyerID != sandefjord {
		t.Errorf("after a refused edit: %+v %v", got, err)
	}
	_, err = b.EditChallenge(ctx, larvik, "CH-404", form("title", "x"), '.', "https://x.test")
	wantCode(t, "an edit of no challenge", err, cityspend.ENOTFOUND)
	cs, err := b.Challenges(ctx, larvik)
	if err != nil || len(cs) != 1 || cs[0].ID != c.ID {
		t.Errorf("challenges %+v %v", cs, err)
	}
}

// A challenge is announced to its buyer's followers when it is published:
// not as a draft, not again when it stays published, not when a closed
// one is reopened.
func TestChallengeAnnouncedOnPublication(t *testing.T) {
	ctx := context.Background()
	st, b, out := world(t)
	lv := buyer(t, st, larvik)
	base := "https://innkjop.example.org/"
	c, err := b.CreateChallenge(ctx, lv, challengeForm(cityspend.ChallengeDraft), '.', "per@larvik.test", base)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.to(follower)); n != 0 {
		t.Fatalf("a draft announced: %d", n)
	}
	edit := func(status string) {
		t.Helper()
		if _, err := b.EditChallenge(ctx, larvik, c.ID, form("status", status), '.', base); err != nil {
			t.Fatal(err)
		}
	}
	edit(cityspend.ChallengePublished)
	m := out.to(follower)
	// A Norwegian buyer's news goes out in bokmål.
	if len(m) != 1 || m[0].Subject != "Ny utfordring: Winter maintenance with less salt" ||
		!strings.Contains(m[0].Body, "https://innkjop.example.org/public/3909/challenges/"+c.ID+"\n") || !strings.HasPrefix(m[0].Body, "Larvik kommune har åpnet") {
		t.Fatalf("the announcement: %+v", m)
	}
	if n := len(out.to(bystander)); n != 0 {
		t.Errorf("a supplier that follows nobody heard of it: %d", n)
	}
	edit(cityspend.ChallengePublished)
	edit(cityspend.ChallengeClosed)
	edit(cityspend.ChallengePublished)
	if n := len(out.to(follower)); n != 1 {
		t.Errorf("announced again: %d messages", n)
	}
	// Published at once: announced at once.
	if _, err := b.CreateChallenge(ctx, lv, challengeForm(cityspend.ChallengePublished, "title", "Brine"), '.', "per@larvik.test", base); err != nil {
		t.Fatal(err)
	}
	if m := out.to(follower); len(m) != 2 || m[1].Subject != "Ny utfordring: Brine" {
		t.Errorf("a challenge published when opened: %+v", m)
	}
}

// publish opens a published challenge of Larvik.
func publish(t *testing.T, b *broker.Broker, st cityspend.Store, title string) cityspend.Challenge {
	t.Helper()
	c, err := b.CreateChallenge(context.Background(), buyer(t, st, larvik), challengeForm(cityspend.ChallengePublished, "title", title), '.', "per@larvik.test", "http://x")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The public list holds published challenges only, with their buyers'
// names; an empty list is a list.
func TestPublishedChallengesAndBoard(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	cs, err := b.PublishedChallenges(ctx)
	if err != nil || cs == nil || len(cs) != 0 {
		t.Fatalf("no challenges: %#v %v", cs, err)
	}
	pub := publish(t, b, st, "Open")
	if _, err := b.CreateChallenge(ctx, buyer(t, st, larvik), challengeForm(cityspend.ChallengeDraft, "title", "Draft"), '.', "x", "http://x"); err != nil {
		t.Fatal(err)
	}
	closed := publish(t, b, st, "Closed")
	if _, err := b.EditChallenge(ctx, larvik, closed.ID, form("status", cityspend.ChallengeClosed), '.', "http://x"); err != nil {
		t.Fatal(err)
	}
	board, err := b.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(board.Challenges) != 1 || board.Challenges[0].ID != pub.ID || board.Buyers[larvik] != "Larvik kommune" || board.Buyers[sandefjord] != "Sandefjord kommune" {
		t.Errorf("board %+v", board)
	}
}

// A challenge's public page: not for a draft; the answered questions
// without who asked; whether the supplier showed interest; the other
// buyers the user may join it for.
func TestPublicChallenge(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	draft, err := b.CreateChallenge(ctx, buyer(t, st, larvik), challengeForm(cityspend.ChallengeDraft), '.', "x", "http://x")
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.PublicChallenge(ctx, cityspend.User{}, larvik, draft.ID)
	wantCode(t, "a draft's public page", err, cityspend.ENOTFOUND)
	c := publish(t, b, st, "Open")
	sup := cityspend.User{Email: follower, SupplierID: followerS}
	q1, err := b.Ask(ctx, sup, larvik, c.ID, "Is brine allowed?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ask(ctx, sup, larvik, c.ID, "Not answered yet?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Answer(ctx, larvik, c.ID, q1.ID, "Yes.", "per@larvik.test", "http://x"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEvent(ctx, cityspend.Event{BuyerID: larvik, ChallengeID: c.ID, Title: "Dialogue", Place: "Town hall", Starts: now.AddDate(0, 1, 0), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	staff := cityspend.User{Email: "ola@sandefjord.test", Grants: []cityspend.Grant{{BuyerID: larvik, Role: cityspend.RoleAdmin},
		{BuyerID: sandefjord, Role: cityspend.RoleAnalyst}, {BuyerID: "3905", Role: cityspend.RoleViewer}}}
	for _, tt := range []struct {
		name       string
		u          cityspend.User
		joinAs     []string
		interested bool
	}{
		{"a visitor", cityspend.User{}, nil, false},
		{"the supplier that asked", sup, nil, true},
		{"another supplier", cityspend.User{Email: bystander, SupplierID: bystandS}, nil, false},
		{"staff of several buyers", staff, []string{sandefjord}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := b.PublicChallenge(ctx, tt.u, larvik, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.BuyerName != "Larvik kommune" || len(v.Answered) != 1 || v.Answered[0].Answer != "Yes." || v.Answered[0].AskedBy != "" ||
				v.Answered[0].SupplierID != "" || len(v.Events) != 1 {
				t.Errorf("page %+v", v)
			}
			if fmt.Sprint(v.JoinAs) != fmt.Sprint(tt.joinAs) || v.Interested != tt.interested {
				t.Errorf("join as %v, interested %v; want %v, %v", v.JoinAs, v.Interested, tt.joinAs, tt.interested)
			}
		})
	}
}

// A draft's files are its buyer's staff's; a published challenge's are
// anyone's.
func TestAttachmentOfADraft(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	c, err := b.CreateChallenge(ctx, buyer(t, st, larvik), challengeForm(cityspend.ChallengeDraft), '.', "x", "http://x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddAttachment(ctx, larvik, c.ID, "terms.txt", []byte("The terms.\n"), "per@larvik.test"); err != nil {
		t.Fatal(err)
	}
	viewer := cityspend.User{Email: "vera@larvik.test", Grants: []cityspend.Grant{{BuyerID: larvik, Role: cityspend.RoleViewer}}}
	other := cityspend.User{Email: "ola@sandefjord.test", Grants: []cityspend.Grant{{BuyerID: sandefjord, Role: cityspend.RoleAdmin}}}
	for _, tt := range []struct {
		name string
		u    cityspend.User
		want string
	}{
		{"a visitor", cityspend.User{}, cityspend.ENOTFOUND},
		{"a supplier", cityspend.User{Email: follower, SupplierID: followerS}, cityspend.ENOTFOUND},
		{"another buyer's admin", other, cityspend.ENOTFOUND},
		{"the buyer's viewer", viewer, ""},
	} {
		a, err := b.Attachment(ctx, tt.u, larvik, c.ID, "terms.txt")
		wantCode(t, tt.name, err, tt.want)
		if err == nil && string(a.Data) != "The terms.\n" {
			t.Errorf("%s: %q", tt.name, a.Data)
		}
	}
	if _, err := b.EditChallenge(ctx, larvik, c.ID, form("status", cityspend.ChallengePublished), '.', "http://x"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Attachment(ctx, cityspend.User{}, larvik, c.ID, "terms.txt"); err != nil {
		t.Errorf("a published challenge's file for a visitor: %v", err)
	}
	if err := b.DeleteAttachment(ctx, larvik, c.ID, "terms.txt"); err != nil {
		t.Fatal(err)
	}
	_, err = b.Attachment(ctx, viewer, larvik, c.ID, "terms.txt")
	wantCode(t, "a deleted file", err, cityspend.ENOTFOUND)
}

// A supplier's page and profile are a supplier's user's; a profile that
// does not check out is not saved and comes back as the form left it.
func TestSupplierHomeAndProfile(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	staff := cityspend.User{Email: "per@larvik.test", Grants: []cityspend.Grant{{BuyerID: larvik, Role: cityspend.RoleAnalyst}}}
	// No buyer publishes: the opportunities come from the profiles alone.
	_, err := b.SupplierHome(ctx, staff, nil)
	wantCode(t, "a buyer's staff's supplier page", err, cityspend.EFORBIDDEN)
	_, err = b.SaveProfile(ctx, staff, form("description", "x"))
	wantCode(t, "a buyer's staff saving a profile", err, cityspend.EFORBIDDEN)

	newbie := cityspend.User{Email: "new@firm.test", SupplierID: "org:NO-BRC:982463718"}
	h, err := b.SupplierHome(ctx, newbie, nil)
	if err != nil || h.Profile.Description != "" || len(h.Interests) != 0 {
		t.Errorf("a supplier without a profile: %+v %v", h, err)
	}
	c, err := b.SaveProfile(ctx, newbie, form("name", "New AS", "cpv", "90620000", "size", "tiny"))
	wantCode(t, "a profile of an unknown size", err, cityspend.EINVALID)
	if c.Name != "New AS" || c.SupplierID != newbie.SupplierID {
		t.Errorf("the form as it was: %+v", c)
	}
	if _, err := st.Capability(ctx, newbie.SupplierID); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a refused profile was saved: %v", err)
	}
	c, err = b.SaveProfile(ctx, newbie, form("name", "New AS", "description", "Snow clearing with electric machines", "cpv", "90620000",
		"follow_buyers", larvik))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Capability(ctx, newbie.SupplierID)
	if err != nil || got.Name != "New AS" || !got.UpdatedAt.Equal(now) || len(got.FollowBuyers) != 1 || c.Description != got.Description {
		t.Errorf("saved %+v %v", got, err)
	}
	c1 := publish(t, b, st, "Snow clearing with electric machines")
	if err := b.ExpressInterest(ctx, newbie, larvik, "challenge", c1.ID); err != nil {
		t.Fatal(err)
	}
	h, err = b.SupplierHome(ctx, newbie, nil)
	if err != nil || h.Profile.Name != "New AS" || len(h.Interests) != 1 || len(h.Opportunities) == 0 || h.Opportunities[0].ID != c1.ID {
		t.Errorf("the supplier's page %+v %v", h, err)
	}
}

// The broker proposes the best MaxMatches suppliers for a need, built once
// while a cache keeps the ranker; the staff's desk holds them with the
// questions, interests, files and events.
func TestMatchesAndDesk(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	for i := range broker.MaxMatches + 5 {
		if err := st.PutCapability(ctx, cityspend.Capability{SupplierID: fmt.Sprintf("org:NO-BRC:%09d", i), Name: fmt.Sprintf("Salt %d AS", i),
			Description: "Winter maintenance: snow clearing and gritting with less salt", CPV: []string{"90620000"}}); err != nil {
			t.Fatal(err)
		}
	}
	builds := 0
	var kept *broker.Ranker
	vis := broker.Visible{larvik: true} // what Larvik's staff may see
	b.RankerCache = func(key string, build func() (*broker.Ranker, error)) (*broker.Ranker, error) {
		if key != larvik {
			t.Errorf("the ranker's key %q, want %q", key, larvik)
		}
		if kept == nil {
			builds++
			r, err := build()
			if err != nil {
				return nil, err
			}
			kept = r
		}
		return kept, nil
	}
	c := publish(t, b, st, "Winter maintenance with less salt")
	ms, err := b.ChallengeMatches(ctx, larvik, c.ID, vis)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != broker.MaxMatches {
		t.Errorf("%d matches, want %d", len(ms), broker.MaxMatches)
	}
	_, err = b.ChallengeMatches(ctx, larvik, "CH-404", vis)
	wantCode(t, "matches for no challenge", err, cityspend.ENOTFOUND)
	_, err = b.ChallengeMatches(ctx, "0000", c.ID, vis)
	wantCode(t, "matches for no buyer", err, cityspend.ENOTFOUND)
	if err := st.PutPlanItems(ctx, larvik, []cityspend.PlanItem{{BuyerID: larvik, ID: "P-1", Title: "Gritting of cycle paths", Need: "less salt",
		CPV: []string{"90620000"}, Type: "services", Status: cityspend.PlanPlanned}}, nil); err != nil {
		t.Fatal(err)
	}
	pm, err := b.PlanItemMatches(ctx, larvik, "P-1", vis)
	if err != nil || len(pm) == 0 {
		t.Errorf("plan item matches: %d %v", len(pm), err)
	}
	_, err = b.PlanItemMatches(ctx, larvik, "P-404", vis)
	wantCode(t, "matches for no plan item", err, cityspend.ENOTFOUND)

	sup := cityspend.User{Email: follower, SupplierID: followerS}
	if _, err := b.Ask(ctx, sup, larvik, c.ID, "Brine?"); err != nil {
		t.Fatal(err)
	}
	d, err := b.Desk(ctx, buyer(t, st, larvik), c.ID, vis)
	if err != nil {
		t.Fatal(err)
	}
	if d.Challenge.ID != c.ID || len(d.Matches) != broker.MaxMatches || len(d.Names) != broker.MaxMatches ||
		d.Names[d.Matches[0].SupplierID] != d.Matches[0].Name || len(d.Questions) != 1 || d.Questions[0].AskedBy != follower || len(d.Interests) != 1 {
		t.Errorf("desk %+v", d)
	}
	if builds != 1 {
		t.Errorf("the ranker was built %d times, want once", builds)
	}
	_, err = b.Desk(ctx, buyer(t, st, larvik), "CH-404", vis)
	wantCode(t, "the desk of no challenge", err, cityspend.ENOTFOUND)
	cs, err := b.Contacts(ctx, larvik)
	if err != nil || len(cs) != 2 { // the interest and the question
		t.Errorf("contacts %+v %v", cs, err)
	}
}

// An event is read from its form; registering for it tells which
// challenge it belongs to.
func TestEvents(t *testing.T) {
	ctx := context.Background()
	st, b, _ := world(t)
	for _, tt := range []struct{ name, field, value string }{
		{"a start that is no date and time", "starts", "next week"},
		{"a capacity that is no number", "capacity", "many"},
	} {
		_, err := broker.EventFromForm(form("title", "Dialogue", tt.field, tt.value))
		wantCode(t, tt.name, err, cityspend.EINVALID)
	}
	e, err := broker.EventFromForm(form("title", " Dialogue ", "place", "Town hall", "online_url", "https://meet.test/x", "starts", "2026-07-01T10:00",
		"capacity", "20"))
	if err != nil || e.Title != "Dialogue" || e.Place != "Town hall" || e.OnlineURL != "https://meet.test/x" ||
		!e.Starts.Equal(time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)) || e.Capacity != 20 {
		t.Fatalf("event %+v %v", e, err)
	}
	c := publish(t, b, st, "Open")
	e.BuyerID, e.ChallengeID, e.CreatedBy = larvik, c.ID, "per@larvik.test"
	if e, err = b.AddEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := b.RegisterForEvent(ctx, cityspend.User{Email: follower, SupplierID: followerS}, larvik, e.ID)
	if err != nil || got.ID != e.ID || got.ChallengeID != c.ID {
		t.Errorf("registered for %+v %v", got, err)
	}
}
