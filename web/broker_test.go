// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/notify"
)

// mails reads the messages of a mail folder, by recipient.
func mails(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	out := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		to := regexp.MustCompile(`(?m)^To: (.+)\r$`).FindStringSubmatch(string(b))
		if to == nil {
			t.Fatalf("%s has no To", f)
		}
		out[to[1]] = append(out[to[1]], string(b))
	}
	return out
}

// The broker's path: a supplier registers (checked against the register),
// confirms its e-mail, fills its profile; a buyer opens a challenge; the
// supplier is among the matches, with reasons, and sees the challenge among
// its opportunities; it asks; the buyer answers; the answer is public and
// sent to every interested supplier; every contact is logged. Who asked
// stays hidden from other suppliers.
func TestBrokerPath(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	ctx := context.Background()
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	var org string
	for _, s := range sups {
		if s.Org != nil && s.Org.Scheme == "NO-BRC" {
			org = s.Org.ID
			break
		}
	}
	if org == "" {
		t.Fatal("no supplier with an organisation number")
	}
	// Registration: checked against the register.
	anon := newClient(t, srv.URL)
	anon.do("GET", "/register", "", "", nil)
	reg := func(orgNo, email string) (int, string) {
		return anon.postForm("/register", url.Values{"org_number": {orgNo}, "name": {"Siri Salt"}, "email": {email}, "password": {"salt and snow 2026"}})
	}
	if code, body := reg("123456789", "x@snow.test"); code != 400 || !strings.Contains(body, "check digit") {
		t.Errorf("an invalid organisation number: %d", code)
	}
	if code, body := reg("987654325", "x@snow.test"); code != 400 || !strings.Contains(body, "not in the business register") {
		t.Errorf("an organisation number not in the register: %d", code)
	}
	if code, body := reg(org, "siri@snow.test"); code != 200 || !strings.Contains(body, `id="registered"`) {
		t.Fatalf("register: %d %s", code, body)
	}
	// Not before the e-mail is confirmed.
	sc := newClient(t, srv.URL)
	sc.do("GET", "/login", "", "", nil)
	if code, body := sc.postForm("/login", url.Values{"email": {"siri@snow.test"}, "password": {"salt and snow 2026"}}); code != 401 || !strings.Contains(body, "Confirm your e-mail address first") {
		t.Errorf("login before confirming: %d", code)
	}
	m := mails(t, outbox)["siri@snow.test"]
	if len(m) != 1 {
		t.Fatalf("confirmation messages: %d", len(m))
	}
	link := regexp.MustCompile(`http://[^/]+(/confirm\?token=[A-Za-z0-9_-]+)`).FindStringSubmatch(m[0])
	if link == nil {
		t.Fatalf("no confirmation link in %s", m[0])
	}
	if code, _ := anon.do("GET", link[1], "", "", nil); code != 200 {
		t.Fatalf("confirm: %d", code)
	}
	if code, _ := anon.do("GET", link[1], "", "", nil); code != 404 {
		t.Errorf("a used link: %d", code)
	}
	sc.loginWith("siri@snow.test", "salt and snow 2026")
	// The profile.
	profile := url.Values{"description": {"We clear snow and grit pavements and cycle paths with brine instead of dry salt, with electric machines."},
		"cpv": {"90620000"}, "municipality": {"3909"}, "size": {"small"}, "solutions": {"brine spraying, route planning for winter maintenance"}}
	if code, _ := sc.postForm("/supplier", url.Values{"description": {""}}); code != 400 {
		t.Errorf("a profile without a description: %d", code)
	}
	if code, _ := sc.postForm("/supplier", profile); code != http.StatusSeeOther {
		t.Fatalf("profile: %d", code)
	}
	// The buyer's analyst opens a challenge.
	per := newClient(t, srv.URL).login(analystA)
	ch := url.Values{"title": {"Winter maintenance with less salt"}, "problem": {"Salt harms the trees and the water; we want pavements and cycle paths safe in winter with less salt and snow clearing that reaches them first."},
		"outcomes": {"Half the salt, no more falls"}, "cpv": {"90620000"}, "budget_min": {"500 000"}, "budget_max": {"2 000 000"}, "maturity": {"pilot"},
		"deadline": {"2027-01-31"}, "partners": {"3907:observer"}, "status": {"published"}}
	if code, _ := per.postForm("/buyers/3909/challenges", url.Values{"title": {"No problem"}, "cpv": {"90620000"}, "status": {"published"}}); code != 400 {
		t.Errorf("a challenge without a problem: %d", code)
	}
	code, _ := per.postForm("/buyers/3909/challenges", ch)
	if code != http.StatusSeeOther {
		t.Fatalf("create challenge: %d", code)
	}
	chs, _ := st.Challenges(ctx, "3909")
	if len(chs) != 1 || chs[0].BudgetMax != 2_000_000_00 || chs[0].CreatedBy != analystA || len(chs[0].Partners) != 1 {
		t.Fatalf("challenges %+v", chs)
	}
	c := chs[0]
	// The supplier is matched, with reasons.
	var ms []broker.Match
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/challenges/"+c.ID+"/matches", 200)), &ms); err != nil {
		t.Fatal(err)
	}
	rank := -1
	for i, mt := range ms {
		if mt.SupplierID == "org:NO-BRC:"+org {
			rank = i
			if !mt.Registered || len(mt.Reasons) < 2 {
				t.Errorf("match %+v", mt)
			}
		}
	}
	if rank < 0 || rank >= 5 {
		t.Errorf("the registered supplier is match %d: %+v", rank+1, ms)
	}
	page := get(t, srv.URL+"/buyers/3909/challenges/"+c.ID+"?lang=en", 200)
	if !strings.Contains(page, `id="matches"`) || !strings.Contains(page, "Works in ") || !strings.Contains(page, `class="reasons"`) {
		t.Error("the challenge page shows the matches with reasons")
	}
	if _, home := sc.do("GET", "/supplier", "", "", nil); !strings.Contains(home, `data-id="`+c.ID+`"`) {
		t.Error("the challenge is among the supplier's opportunities")
	}
	// The supplier asks; another supplier says it is interested.
	public := "/public/3909/challenges/" + c.ID
	if code, _ := sc.postForm(public+"/questions", url.Values{"question": {"May the pilot start in November?"}}); code != http.StatusSeeOther {
		t.Fatalf("ask: %d", code)
	}
	other := newClient(t, srv.URL).login(supplierUser)
	if code, _ := other.postForm(public+"/interest", nil); code != http.StatusSeeOther {
		t.Fatalf("interest: %d", code)
	}
	qs, _ := st.Questions(ctx, "3909", c.ID)
	if len(qs) != 1 || qs[0].AskedBy != "siri@snow.test" {
		t.Fatalf("questions %+v", qs)
	}
	// A viewer may not answer; the analyst does.
	answer := url.Values{"answer": {"Yes: the pilot may start on 1 November."}}
	path := "/buyers/3909/challenges/" + c.ID + "/questions/" + strconv.FormatInt(qs[0].ID, 10) + "/answer"
	if code, _ := newClient(t, srv.URL).login(viewerA).postForm(path, answer); code != 403 {
		t.Errorf("a viewer answers: %d", code)
	}
	if code, _ := sc.postForm(path, answer); code != 403 {
		t.Errorf("a supplier answers: %d", code)
	}
	code, _ = per.postForm(path, answer)
	if code != http.StatusSeeOther {
		t.Fatalf("answer: %d", code)
	}
	// Published to all, sent to every interested supplier at once; the
	// asker is not named.
	_, pub := newClient(t, srv.URL).do("GET", public, "", "", nil)
	if !strings.Contains(pub, "Yes: the pilot may start on 1 November.") || strings.Contains(pub, "siri@snow.test") {
		t.Error("the public page shows the answer and not the asker")
	}
	_, pub = other.do("GET", public, "", "", nil)
	if !strings.Contains(pub, "May the pilot start in November?") || strings.Contains(pub, "siri@snow.test") || strings.Contains(pub, org) {
		t.Error("another supplier sees the question and answer, not who asked")
	}
	// The asker finds the question and its answer at home; the other
	// supplier, who did not ask, does not.
	if _, home := sc.do("GET", "/supplier?lang=en", "", "", nil); !strings.Contains(home, `id="my-questions"`) ||
		!strings.Contains(home, "May the pilot start in November?") || !strings.Contains(home, "Yes: the pilot may start on 1 November.") {
		t.Error("the asker's home lacks its question and the answer")
	}
	if _, home := other.do("GET", "/supplier?lang=en", "", "", nil); strings.Contains(home, "May the pilot start in November?") || !strings.Contains(home, `id="no-questions"`) {
		t.Error("another supplier's home shows a question it did not ask")
	}
	box := mails(t, outbox)
	for _, to := range []string{"siri@snow.test", supplierUser} {
		found := false
		for _, msg := range box[to] {
			found = found || strings.Contains(msg, "Yes: the pilot may start on 1 November.")
		}
		if !found {
			t.Errorf("%s did not get the answer", to)
		}
	}
	// Every contact is logged.
	cs, _ := st.Contacts(ctx, "3909")
	kinds := map[string]int{}
	for _, x := range cs {
		kinds[x.Kind]++
	}
	if kinds["question"] != 1 || kinds["answer"] != 1 || kinds["interest"] != 2 {
		t.Errorf("contacts %v", kinds)
	}
	if cp := get(t, srv.URL+"/buyers/3909/contacts?lang=en", 200); !strings.Contains(cp, `data-kind="answer"`) {
		t.Error("the contact log page")
	}
	// Suppliers see no buyer's unpublished pages; a draft is not public.
	if code, _ := sc.do("GET", "/buyers/3909/challenges/"+c.ID, "", "", nil); code != 403 {
		t.Errorf("a supplier on the buyer's challenge page: %d", code)
	}
	if code, _ := per.postForm("/buyers/3909/challenges/"+c.ID, url.Values{"status": {"draft"}}); code != http.StatusSeeOther {
		t.Fatalf("back to draft: %d", code)
	}
	if code, _ := anon.do("GET", public, "", "", nil); code != 404 {
		t.Errorf("a draft's public page: %d", code)
	}
}

// A supplier says it is interested in a published plan item (and not in
// an unpublished one); the buyer's contact log has it.
func TestPlanItemInterest(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for _, it := range []cityspend.PlanItem{
		{BuyerID: "3909", ID: "P-pub", Title: "Snow clearing", Type: "services", CPV: []string{"90620000"}, Status: cityspend.PlanPlanned, Published: true, PublishedAt: now},
		{BuyerID: "3909", ID: "P-int", Title: "Internal", Type: "services", Status: cityspend.PlanIdea},
	} {
		if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{it}, nil); err != nil {
			t.Fatal(err)
		}
	}
	sup := newClient(t, srv.URL).login(supplierUser)
	if code, body := sup.postForm("/public/3909/pipeline/P-pub/interest", nil); code != http.StatusSeeOther {
		t.Fatalf("interest: %d %s", code, body)
	}
	if code, _ := sup.postForm("/public/3909/pipeline/P-int/interest", nil); code != 404 {
		t.Errorf("interest in an unpublished item: %d", code)
	}
	is, _ := st.Interests(ctx, cityspend.InterestFilter{BuyerID: "3909", Kind: "plan_item"})
	if len(is) != 1 || is[0].TargetID != "P-pub" || is[0].Who != supplierUser {
		t.Errorf("interests %+v", is)
	}
	if _, page := sup.do("GET", "/public/3909/pipeline", "", "", nil); !strings.Contains(page, `class="interest-form"`) {
		t.Error("the pipeline page offers suppliers the interest button")
	}
}

// uploadFile posts a file to a challenge as a client.
func uploadFile(t *testing.T, c *client, path, name string, data []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return c.do("POST", path, mw.FormDataContentType(), body.String(), map[string]string{csrfHeader: ""})
}

// The market consultation: files with type, size and number limits (public
// once the challenge is, never inline), events with places and a start,
// registrations logged as contacts, the engagement summary.
func TestConsultation(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	per := newClient(t, srv.URL).login(analystA)
	if code, _ := per.postForm("/buyers/3909/challenges", url.Values{"title": {"Snow"}, "problem": {"Snow on the paths"}, "cpv": {"90620000"},
		"status": {"draft"}}); code != http.StatusSeeOther {
		t.Fatalf("create: %d", code)
	}
	files := "/buyers/3909/challenges/CH-1/files"
	pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	if code, body := uploadFile(t, per, files, "Brief 2027.pdf", pdf); code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", code, body)
	}
	for _, bad := range []struct {
		name string
		data []byte
	}{{"run.exe", []byte("MZ\x90\x00")}, {"fake.pdf", []byte("<html><script>alert(1)</script></html>")}, {"big.txt", bytes.Repeat([]byte("a"), 10<<20+1)},
		{"empty.pdf", nil}} {
		if code, _ := uploadFile(t, per, files, bad.name, bad.data); code != 400 {
			t.Errorf("%s accepted: %d", bad.name, code)
		}
	}
	for i := range 9 {
		uploadFile(t, per, files, "note"+strconv.Itoa(i)+".txt", []byte("note"))
	}
	if code, body := uploadFile(t, per, files, "eleventh.txt", []byte("one too many")); code != 400 || !strings.Contains(body, "at most 10") {
		t.Errorf("an eleventh file: %d", code)
	}
	if code, _ := uploadFile(t, newClient(t, srv.URL).login(viewerA), files, "v.txt", []byte("viewer")); code != 403 {
		t.Errorf("a viewer uploads: %d", code)
	}
	anon := newClient(t, srv.URL)
	file := "/public/3909/challenges/CH-1/files/Brief_2027.pdf"
	if code, _ := anon.do("GET", file, "", "", nil); code != 404 {
		t.Errorf("a draft's file for anyone: %d", code)
	}
	if code, body := per.do("GET", file, "", "", nil); code != 200 || body != string(pdf) {
		t.Errorf("the staff read a draft's file: %d", code)
	}
	// Published: anyone downloads it, as an attachment in a sandbox.
	per.postForm("/buyers/3909/challenges/CH-1", url.Values{"status": {"published"}})
	resp, err := http.Get(srv.URL + file)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") ||
		resp.Header.Get("Content-Security-Policy") != "sandbox" {
		t.Errorf("download: %d %v", resp.StatusCode, resp.Header)
	}
	// Events: two places; one that has started takes no one.
	events := "/buyers/3909/challenges/CH-1/events"
	soon := time.Now().UTC().AddDate(0, 0, 14).Format("2006-01-02T15:04")
	if code, _ := per.postForm(events, url.Values{"title": {"Market day"}, "starts": {soon}}); code != 400 {
		t.Errorf("an event with neither place nor link: %d", code)
	}
	if code, _ := per.postForm(events, url.Values{"title": {"Market day"}, "starts": {soon}, "place": {"Larvik town hall"}, "capacity": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("event: %d", code)
	}
	st.AddEvent(ctx, cityspend.Event{BuyerID: "3909", ChallengeID: "CH-1", Title: "Past", Starts: time.Now().Add(-time.Hour), Place: "x"})
	es, _ := st.Events(ctx, "3909", "CH-1")
	if len(es) != 2 {
		t.Fatalf("events %+v", es)
	}
	var market, past int64
	for _, e := range es {
		if e.Title == "Market day" {
			market = e.ID
		} else {
			past = e.ID
		}
	}
	sup := newClient(t, srv.URL).login(supplierUser)
	reg := func(c *client, id int64) int {
		code, _ := c.postForm("/public/3909/events/"+strconv.FormatInt(id, 10)+"/register", nil)
		return code
	}
	if code := reg(sup, market); code != http.StatusSeeOther {
		t.Fatalf("register: %d", code)
	}
	if code := reg(sup, market); code != http.StatusSeeOther {
		t.Errorf("registering again: %d", code)
	}
	if code := reg(sup, past); code != 409 {
		t.Errorf("an event that has started: %d", code)
	}
	if _, home := sup.do("GET", "/supplier?lang=nb", "", "", nil); !strings.Contains(home, `id="my-events"`) || !strings.Contains(home, "Market day") ||
		strings.Contains(home, ">Past<") {
		t.Error("the supplier's home lacks the event it registered for (or shows one it did not)")
	}
	// A second supplier finds the event full.
	mustAdd(t, st, cityspend.User{Email: "b@other.test", Name: "B", SupplierID: "org:NO-BRC:987654325"})
	if code := reg(newClient(t, srv.URL).login("b@other.test"), market); code != 409 {
		t.Errorf("a full event: %d", code)
	}
	if code := reg(per, market); code != 403 {
		t.Errorf("staff register: %d", code)
	}
	_, page := sup.do("GET", "/public/3909/challenges/CH-1", "", "", nil)
	if !strings.Contains(page, "Market day") || !strings.Contains(page, "Brief_2027.pdf") {
		t.Error("the public page lists the events and files")
	}
	// The engagement summary.
	_, csv := per.do("GET", "/buyers/3909/challenges/CH-1/engagement?format=csv", "", "", nil)
	if !strings.HasPrefix(csv, "at,kind,supplier_id,who,text") || !strings.Contains(csv, ",event,") || !strings.Contains(csv, ",registration,org:NO-BRC:923609016,"+supplierUser) {
		t.Errorf("engagement CSV:\n%s", csv)
	}
	if code, body := per.do("GET", "/buyers/3909/challenges/CH-1/engagement?format=xlsx", "", "", nil); code != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("engagement XLSX: %d", code)
	}
	cs, _ := st.Contacts(ctx, "3909")
	if len(cs) == 0 || cs[0].Kind != "event" {
		t.Errorf("the registration is a contact: %+v", cs)
	}
}

func mustAdd(t *testing.T, st cityspend.Store, u cityspend.User) {
	t.Helper()
	if _, err := auth.AddUser(context.Background(), st, u, testPassword); err != nil {
		t.Fatal(err)
	}
}

// Joint procurement: two buyers' published items in one CPV group at about
// the same time, combined over a threshold; the invitation reaches the
// other buyer's staff and both logs. Followers hear of a new challenge.
// The monitoring figures count the network, matches, launches and awards.
func TestJointAnnounceMonitor(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	ctx := context.Background()
	need := time.Now().UTC().AddDate(0, 10, 0).Truncate(24 * time.Hour)
	put := func(buyer string, it cityspend.PlanItem) {
		it.BuyerID, it.Type, it.Status, it.Published, it.PublishedAt = buyer, "services", cityspend.PlanPlanned, true, time.Now().UTC()
		if err := st.PutPlanItems(ctx, buyer, []cityspend.PlanItem{it}, nil); err != nil {
			t.Fatal(err)
		}
	}
	put("3909", cityspend.PlanItem{ID: "P-A", Title: "School cleaning", CPV: []string{"90910000"}, Value: 1_100_000_00, NeedDate: need})
	put("3907", cityspend.PlanItem{ID: "P-B", Title: "Cleaning of schools", CPV: []string{"90911200"}, Value: 1_600_000_00, NeedDate: need.AddDate(0, 2, 0)})
	put("3907", cityspend.PlanItem{ID: "P-C", Title: "Cleaning, later", CPV: []string{"90911200"}, Value: 1_000_000_00, NeedDate: need.AddDate(3, 0, 0)})
	per := newClient(t, srv.URL).login(analystA)
	_, page := per.do("GET", "/buyers/3909/joint?lang=en", "", "", nil)
	if !strings.Contains(page, `data-group="909" data-item="P-A"`) || !strings.Contains(page, `data-buyer="3907"`) || strings.Contains(page, "P-C") ||
		!strings.Contains(page, i18n.New("en").Money(2_700_000_00, "NOK")) || !strings.Contains(page, "together above a threshold") {
		t.Errorf("joint page:\n%s", page)
	}
	code, _ := per.postForm("/buyers/3909/joint/invite", url.Values{"item": {"P-A"}, "group": {"909"}})
	if code != http.StatusSeeOther {
		t.Fatalf("invite: %d", code)
	}
	if m := mails(t, outbox)[adminB]; len(m) != 1 || !strings.Contains(m[0], "Cleaning of schools") {
		t.Errorf("the invitation to city B's admin: %v", m)
	}
	for _, b := range []string{"3909", "3907"} {
		cs, _ := st.Contacts(ctx, b)
		if len(cs) != 1 || cs[0].Kind != "joint" || cs[0].Who != analystA {
			t.Errorf("%s's log: %+v", b, cs)
		}
	}
	if code, _ := per.postForm("/buyers/3909/joint/invite", url.Values{"item": {"P-A"}, "group": {"123"}}); code != 404 {
		t.Errorf("an invitation to nothing: %d", code)
	}
	// A supplier follows 3909's cleaning; a published challenge reaches it,
	// a draft does not.
	sup := newClient(t, srv.URL).login(supplierUser)
	if code, _ := sup.postForm("/supplier", url.Values{"description": {"School and office cleaning"}, "cpv": {"90910000"}, "follow_cpv": {"90900000"}}); code != http.StatusSeeOther {
		t.Fatalf("profile: %d", code)
	}
	bad := url.Values{"title": {"Cleaner schools"}, "problem": {"Less chemicals"}, "cpv": {"90911200"}, "plan_items": {"P-NONE"}, "status": {"draft"}}
	if code, body := per.postForm("/buyers/3909/challenges", bad); code != 400 || !strings.Contains(body, "no plan item P-NONE") {
		t.Errorf("a challenge linked to a plan item the buyer has not: %d", code)
	}
	ch := url.Values{"title": {"Cleaner schools"}, "problem": {"Cleaning of schools with less chemicals"}, "cpv": {"90911200"}, "plan_items": {"P-A"}}
	ch.Set("status", "draft")
	per.postForm("/buyers/3909/challenges", ch)
	if n := len(mails(t, outbox)[supplierUser]); n != 0 {
		t.Errorf("a draft announced: %d", n)
	}
	per.postForm("/buyers/3909/challenges/CH-1", url.Values{"status": {"published"}})
	if m := mails(t, outbox)[supplierUser]; len(m) != 1 || !strings.Contains(m[0], "Cleaner schools") {
		t.Errorf("the follower's announcement: %v", m)
	}
	// The item is awarded; a tender award goes to the registered SME.
	it, _ := st.PlanItems(ctx, "3909")
	for _, x := range it {
		if x.ID == "P-A" {
			x.Status = cityspend.PlanAwarded
			st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{x}, nil)
		}
	}
	st.PutCapability(ctx, cityspend.Capability{SupplierID: "org:NO-BRC:923609016", Name: "Firma", Description: "School and office cleaning",
		CPV: []string{"90910000"}, Municipality: "3909", Size: cityspend.ClassSmall, UpdatedAt: time.Now()})
	if err := st.PutTenders(ctx, "3909", "t.json", []cityspend.Tender{{OCID: "ocds-x-1", Status: "complete", Currency: "NOK", Value: 1_000_000_00, HasValue: true,
		Parties: []cityspend.Party{{ID: "p1", Name: "Firma", Roles: []string{"supplier"}, Identifier: "NO-BRC-923609016"}},
		Awards:  []cityspend.Award{{ID: "a1", Status: "active", Suppliers: []string{"p1"}, Value: 1_000_000_00, Currency: "NOK"}}, Release: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	var mon broker.Monitor
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/broker", 200)), &mon); err != nil {
		t.Fatal(err)
	}
	if mon.Buyers != 2 || mon.BuyersActive != 2 || mon.Challenges != 1 || mon.Launched != 1 || mon.AwardedValue["NOK"] != 1_100_000_00 ||
		mon.Awards != 1 || mon.SMEShare["NOK"] != 1 || mon.LocalShare["NOK"] != 1 || mon.Contacts["joint"] != 2 || mon.Matched != 1 {
		t.Errorf("monitoring %+v", mon)
	}
	if _, page := newClient(t, srv.URL).do("GET", "/broker?lang=en", "", "", nil); !strings.Contains(page, `id="mon-launched">1<`) {
		t.Error("the monitoring page is public")
	}
}

// Another city's analyst joins a published challenge as a co-buyer; a
// viewer may not, nor anyone for the challenge's own buyer.
func TestJoinChallenge(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	per := newClient(t, srv.URL).login(analystA)
	per.postForm("/buyers/3909/challenges", url.Values{"title": {"Snow"}, "problem": {"Snow on the paths"}, "cpv": {"90620000"}, "status": {"published"}})
	ola := newClient(t, srv.URL).login(adminB)
	_, page := ola.do("GET", "/public/3909/challenges/CH-1", "", "", nil)
	if !strings.Contains(page, `id="join-form"`) {
		t.Fatal("city B's admin is offered to join")
	}
	join := "/public/3909/challenges/CH-1/join"
	if code, _ := ola.postForm(join, url.Values{"as": {"3907"}, "role": {"co-buyer"}}); code != http.StatusSeeOther {
		t.Fatalf("join: %d", code)
	}
	c, _ := st.Challenge(ctx, "3909", "CH-1")
	if len(c.Partners) != 1 || c.Partners[0] != (cityspend.Partner{BuyerID: "3907", Role: "co-buyer"}) {
		t.Errorf("partners %+v", c.Partners)
	}
	if code, _ := newClient(t, srv.URL).login(viewerA).postForm(join, url.Values{"as": {"3909"}, "role": {"observer"}}); code != 403 {
		t.Errorf("a viewer joins: %d", code)
	}
	if code, _ := per.postForm(join, url.Values{"as": {"3907"}, "role": {"observer"}}); code != 403 {
		t.Errorf("city A's analyst joins for city B: %d", code)
	}
	if code, _ := newClient(t, srv.URL).login(supplierUser).postForm(join, url.Values{"as": {"3907"}, "role": {"observer"}}); code != 403 {
		t.Errorf("a supplier joins: %d", code)
	}
	cs, _ := st.Contacts(ctx, "3909")
	if len(cs) != 1 || cs[0].Kind != "partner" {
		t.Errorf("contacts %+v", cs)
	}
}

// The edit form shows the challenge's values, so that saving it unchanged
// changes nothing (budgets with the reader's decimal comma included).
func TestChallengeEditRoundTrip(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	per := newClient(t, srv.URL).login(analystA)
	per.postForm("/buyers/3909/challenges", url.Values{"title": {"Snow"}, "problem": {"Snow on the paths"}, "outcomes": {"Clear paths"},
		"cpv": {"90620000"}, "nace": {"81.29"}, "budget_min": {"500 000,50"}, "budget_max": {"2 000 000"}, "deadline": {"2027-01-31"},
		"maturity": {"pilot"}, "partners": {"3907:observer"}, "local_first": {"on"}, "status": {"draft"}})
	before, err := st.Challenge(ctx, "3909", "CH-1")
	if err != nil {
		t.Fatal(err)
	}
	_, page := per.do("GET", "/buyers/3909/challenges/CH-1?lang=nb", "", "", nil)
	form := regexp.MustCompile(`(?s)<form[^>]*id="edit-form">(.*?)</form>`).FindStringSubmatch(page)
	if form == nil {
		t.Fatal("no edit form")
	}
	vals := url.Values{}
	attr := func(tag, name string) string {
		if m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag); m != nil {
			return html.UnescapeString(m[1])
		}
		return ""
	}
	for _, tag := range regexp.MustCompile(`<input [^>]*>`).FindAllString(form[1], -1) {
		name := attr(tag, "name")
		switch {
		case name == "local_first":
			if strings.Contains(tag, "checked") {
				vals.Set(name, "on")
			}
		case name != "" && name != "csrf":
			vals.Set(name, attr(tag, "value"))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form[1], -1) {
		vals.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)">(.*?)</select>`).FindAllStringSubmatch(form[1], -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); sel != nil {
			vals.Set(m[1], sel[1])
		} else {
			vals.Set(m[1], "")
		}
	}
	if vals.Get("budget_min") != "500000,50" {
		t.Errorf("budget in the form: %q", vals.Get("budget_min"))
	}
	if code, body := per.postForm("/buyers/3909/challenges/CH-1?lang=nb", vals); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, body)
	}
	after, _ := st.Challenge(ctx, "3909", "CH-1")
	after.UpdatedAt = before.UpdatedAt
	if !reflect.DeepEqual(before, after) {
		t.Errorf("saving the form unchanged changed the challenge:\n%+v\n%+v", before, after)
	}
}

// A plan item's page and API rank the suppliers for it.
func TestPlanItemMatches(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	st.PutCapability(ctx, cityspend.Capability{SupplierID: "org:NO-BRC:923609016", Name: "Firma", Description: "Snow clearing and gritting of pavements",
		CPV: []string{"90620000"}, UpdatedAt: time.Now()})
	st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{{BuyerID: "3909", ID: "P-S", Title: "Snow clearing of pavements", Type: "services",
		CPV: []string{"90620000"}, Status: cityspend.PlanPlanned}}, nil)
	var ms []broker.Match
	json.Unmarshal([]byte(get(t, srv.URL+"/api/v1/buyers/3909/plan/P-S/matches", 200)), &ms)
	if len(ms) == 0 || ms[0].SupplierID != "org:NO-BRC:923609016" {
		t.Errorf("matches %+v", ms)
	}
	if page := get(t, srv.URL+"/buyers/3909/plan/P-S?lang=en", 200); !strings.Contains(page, `data-id="org:NO-BRC:923609016"`) {
		t.Error("the plan item page lists the matches")
	}
}

// Supplier registration: a second user of an organisation needs an
// invitation; an address with an account gets the same answer as a new one
// (its owner is told); an unconfirmed registration can be sent again.
func TestSupplierRegistrationRules(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	ctx := context.Background()
	sups, _ := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	org := ""
	for _, x := range sups {
		if x.Org != nil && x.Org.Scheme == "NO-BRC" {
			org = x.Org.ID
			break
		}
	}
	// A confirmed user of the organisation.
	mustAdd(t, st, cityspend.User{Email: "first@org.test", Name: "First", SupplierID: "org:NO-BRC:" + org})
	anon := newClient(t, srv.URL)
	anon.do("GET", "/register", "", "", nil)
	reg := func(org, email string) (int, string) {
		return anon.postForm("/register", url.Values{"org_number": {org}, "name": {"N"}, "email": {email}, "password": {"a long password 1"}})
	}
	if code, body := reg(org, "intruder@evil.test"); code != 403 || !strings.Contains(body, "invite you") {
		t.Errorf("a second user without an invitation: %d", code)
	}
	sup := newClient(t, srv.URL).login("first@org.test")
	if code, _ := sup.postForm("/supplier/invite", url.Values{"email": {"colleague@firma.test"}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d", code)
	}
	if m := mails(t, outbox)["colleague@firma.test"]; len(m) != 1 || !strings.Contains(m[0], "/register?org="+org) {
		t.Errorf("the invitation: %v", m)
	}
	if code, body := reg(org, "colleague@firma.test"); code != 200 || !strings.Contains(body, `id="registered"`) {
		t.Errorf("the invited colleague registers: %d", code)
	}
	if ok, _ := st.Invited(ctx, "org:NO-BRC:"+org, "colleague@firma.test"); ok {
		t.Error("the invitation is used up")
	}
	// An address with an account: the same answer, the owner is told.
	before, _ := st.Users(ctx)
	if code, body := reg(org, "first@org.test"); code != 200 || !strings.Contains(body, `id="registered"`) {
		t.Errorf("an address with an account: %d", code)
	}
	if after, _ := st.Users(ctx); len(after) != len(before) {
		t.Error("a user was added for an address that has one")
	}
	if m := mails(t, outbox)["first@org.test"]; len(m) != 1 || !strings.Contains(m[0], "tried to register") {
		t.Errorf("the owner's notice: %v", m)
	}
	// Registering again before confirming sends a new link; the old one is void.
	reg(org, "colleague@firma.test")
	links := regexp.MustCompile(`/confirm\?token=[A-Za-z0-9_-]+`).FindAllString(strings.Join(mails(t, outbox)["colleague@firma.test"], "\n"), -1)
	if len(links) != 2 {
		t.Fatalf("confirmation links %v", links)
	}
	if code, _ := anon.do("GET", links[0], "", "", nil); code != 404 {
		t.Errorf("the first link after a new one: %d", code)
	}
	if code, _ := anon.do("GET", links[1], "", "", nil); code != 200 {
		t.Errorf("the new link: %d", code)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{"/buyers/3909": "/buyers/3909", "/x?y=1": "/x?y=1", "//evil.example": "/", "/\t/evil.example": "/",
		"/\\evil.example": "/", "https://evil.example": "/", "": "/", "/a\r\nSet-Cookie: x": "/", "/%09/evil.example": "/%09/evil.example"} {
		if got := safeNext(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// Links in mail and in the feeds point to --public-url whatever Host a
// request names; without it they follow the Host (which a client chooses).
func TestPublicURLInMail(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, _, s := newTestServerWith(t, func(s *Server) {
		s.SetMailer(&notify.Dir{Path: outbox})
		s.SetPublicURL("https://innkjop.example.org/")
	})
	sup := newClient(t, srv.URL).login(supplierUser)
	if code, _ := sup.postForm("/supplier/invite", url.Values{"email": {"colleague@firma.test"}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d", code)
	}
	if m := mails(t, outbox)["colleague@firma.test"]; len(m) != 1 || !strings.Contains(m[0], "https://innkjop.example.org/register?org=") ||
		strings.Contains(m[0], srv.URL) {
		t.Errorf("the invitation's link: %v", m)
	}
	// The feeds' links too, whatever Host the request names.
	req, _ := http.NewRequest("GET", srv.URL+"/public/3909/pipeline.atom", nil)
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	feed, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(feed), `href="https://innkjop.example.org/public/3909/pipeline.atom"`) || strings.Contains(string(feed), "evil.example") {
		t.Errorf("the feed's links with a forged Host: %.400s", feed)
	}
	forged := httptest.NewRequest("POST", "/supplier/invite", nil)
	forged.Host = "evil.example"
	if got := s.baseURL(forged); got != "https://innkjop.example.org" {
		t.Errorf("with a forged Host: %q", got)
	}
	s.SetPublicURL("")
	if got := s.baseURL(forged); got != "http://evil.example" {
		t.Errorf("without a public URL: %q", got)
	}
}

// A supplier's opportunities read as plain words in nb and en: a level,
// not a score; the supplier's own whole words, not stems; buyers by name;
// amounts as the language writes them; only needs open to the market (no
// buyer's decision on extending a contract, no unpublished item). The
// market-development view (local and SME figures) is the buyer's staff's
// alone.
func TestSupplierMatchesInPlainWords(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	now := time.Now().UTC()
	const profileText = "Winter maintenance of roads: snow clearing, gritting and sweeping of pavements and cycle paths."
	if err := st.PutCapability(ctx, cityspend.Capability{SupplierID: "org:NO-BRC:923609016", Name: "Firma AS", Description: profileText,
		CPV: []string{"90620000"}, Municipality: "3909", Size: cityspend.ClassMicro, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	items := map[string][]cityspend.PlanItem{
		"3909": {
			{BuyerID: "3909", ID: "P-open", Title: "Snow clearing of pavements and cycle paths", Need: "Winter maintenance: snow clearing and gritting", Type: "services",
				CPV: []string{"90620000"}, Value: 2_400_000_00, Months: 24, Action: "retender", Status: cityspend.PlanPlanned, Published: true, PublishedAt: now},
			{BuyerID: "3909", ID: "P-decide", Title: "Decide on extending K-7 (snow clearing)", Type: "services", CPV: []string{"90620000"},
				Action: "decide_extension", Status: cityspend.PlanPlanned, Published: true, PublishedAt: now},
			{BuyerID: "3909", ID: "P-internal", Title: "Internal snow clearing review", Type: "services", CPV: []string{"90620000"}, Status: cityspend.PlanIdea},
		},
		"3907": {{BuyerID: "3907", ID: "P-other", Title: "Decide on extending S-2 (snow clearing)", Type: "services", CPV: []string{"90620000"},
			Action: "decide_extension", Status: cityspend.PlanPlanned, Published: true, PublishedAt: now}},
	}
	for b, its := range items {
		if err := st.PutPlanItems(ctx, b, its, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.PutChallenge(ctx, cityspend.Challenge{BuyerID: "3909", ID: "CH-1", Title: "Winter maintenance with less salt",
		Problem: "Pavements and cycle paths safe in winter with less salt: snow clearing first, brine for gritting.", CPV: []string{"90620000"},
		Currency: "NOK", BudgetMax: 3_000_000_00, Status: cityspend.ChallengePublished, LocalFirst: true, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	larvik, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	var stems []string
	for _, w := range strings.FieldsFunc(strings.ToLower(profileText), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(w) > 6 {
			stems = append(stems, w[:6])
		}
	}
	stem := regexp.MustCompile(`\b(` + strings.Join(stems, "|") + `)\b`)
	score := regexp.MustCompile(`\b[01][.,]\d\d?\b`)
	sup := newClient(t, srv.URL).login(supplierUser)
	for _, c := range []struct{ lang, level, sentence, amount string }{
		{"nb", "treff", "Dette er et behov hos " + larvik.Name, i18n.New("nb").Money(2_400_000_00, "NOK")},
		{"en", "match", "This is a need of " + larvik.Name, i18n.New("en").Money(2_400_000_00, "NOK")},
	} {
		code, page := sup.do("GET", "/supplier?lang="+c.lang, "", "", nil)
		table := regexp.MustCompile(`(?s)<table id="opportunities">.*?</table>`).FindString(page)
		if code != 200 || table == "" {
			t.Fatalf("%s: %d, no opportunities", c.lang, code)
		}
		text := html.UnescapeString(table)
		for _, want := range []string{`data-id="P-open"`, `data-id="CH-1"`, larvik.Name, c.sentence, c.amount, c.level} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the opportunities lack %q:\n%s", c.lang, want, text)
			}
		}
		for _, bad := range []string{"P-decide", "P-internal", "P-other", "Decide on extending", "<td>3909</td>", "market-development"} {
			if strings.Contains(text, bad) || bad == "market-development" && strings.Contains(page, bad) {
				t.Errorf("%s: the supplier's page shows %q", c.lang, bad)
			}
		}
		if m := score.FindString(text); m != "" {
			t.Errorf("%s: a raw score %q", c.lang, m)
		}
		if m := stem.FindString(text); m != "" {
			t.Errorf("%s: a cut word %q", c.lang, m)
		}
		if !strings.Contains(text, "clearing") || !strings.Contains(text, "pavements") {
			t.Errorf("%s: the profile's words, whole: %s", c.lang, text)
		}
	}
	// The market-development view: on the staff's desk, nowhere else.
	staff := newClient(t, srv.URL).login(viewerA)
	if _, page := staff.do("GET", "/buyers/3909/challenges/CH-1?lang=en", "", "", nil); !strings.Contains(page, `id="market-development"`) ||
		!strings.Contains(page, `data-key="local"`) || !strings.Contains(page, `data-key="sme"`) || score.MatchString(regexp.MustCompile(`(?s)<table id="matches">.*?</table>`).FindString(page)) {
		t.Error("the staff's challenge page: the matches without scores, and the market-development view")
	}
	if code, _ := sup.do("GET", "/buyers/3909/challenges/CH-1", "", "", nil); code != http.StatusForbidden {
		t.Errorf("a supplier on the staff's challenge page: %d", code)
	}
	if _, page := newClient(t, srv.URL).do("GET", "/public/3909/challenges/CH-1?lang=en", "", "", nil); strings.Contains(page, "market-development") ||
		strings.Contains(page, "SME") {
		t.Error("the public page shows the market-development view")
	}
	if code, _ := sup.postForm("/public/3909/pipeline/P-decide/interest", nil); code != http.StatusNotFound {
		t.Errorf("interest in a decision on extending: %d", code)
	}
}

// Mail speaks the reader's language: a supplier who registers on a
// Norwegian page is asked to confirm in bokmål, one on an English page in
// English.
func TestRegistrationMailInThePagesLanguage(t *testing.T) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	srv, st, _ := newTestServerWith(t, func(s *Server) { s.SetMailer(&notify.Dir{Path: outbox}) })
	sups, _ := st.Suppliers(context.Background(), cityspend.SupplierFilter{BuyerID: "3909"})
	var orgs []string
	for _, s := range sups {
		if s.Org != nil && s.Org.Scheme == "NO-BRC" && len(orgs) < 2 {
			orgs = append(orgs, s.Org.ID)
		}
	}
	if len(orgs) < 2 {
		t.Fatal("two suppliers with organisation numbers")
	}
	for i, lang := range []string{"nb", "en"} {
		c := newClient(t, srv.URL)
		c.do("GET", "/register?lang="+lang, "", "", nil)
		email := lang + "@snow.test"
		if code, body := c.postForm("/register", url.Values{"org_number": {orgs[i]}, "name": {"Siri"}, "email": {email}, "password": {"salt and snow 2026"}}); code != http.StatusSeeOther && code != 200 {
			t.Fatalf("register %s: %d %s", lang, code, body)
		}
		m := mails(t, outbox)[email]
		want := map[string]string{"nb": "bekreft e-postadressen din", "en": "confirm your e-mail address"}[lang]
		if len(m) != 1 || !strings.Contains(m[0], want) {
			t.Errorf("%s: the confirmation %q lacks %q", lang, m, want)
		}
	}
}
