// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
)

// A supplier's user saves alerts on the firm's page in either language
// (amounts in the page's notation; the digest's language is the page's);
// a form with an error comes back as sent; a buyer's user has no alerts;
// the digest's unsubscribe link turns the alert off without a login and
// the page says so until it is saved again.
func TestSupplierAlerts(t *testing.T) {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "alerts.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	by := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, Municipality: "3909"}
	if err := st.CreateBuyer(ctx, by); err != nil {
		t.Fatal(err)
	}
	uid, err := auth.AddUser(ctx, st, cityspend.User{Email: "anna@vinterdrift.test", Name: "Anna Vinter", SupplierID: "org:NO-BRC:987654321"}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.AddUser(ctx, st, cityspend.User{Email: "kari@larvik.kommune.no", Name: "Kari", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAnalyst}}}, testPassword); err != nil {
		t.Fatal(err)
	}
	srv, _ := serveStore(t, st, nil)
	c := newClient(t, srv.URL).login("anna@vinterdrift.test")

	code, body := c.do("GET", "/supplier?lang=nb", "", "", nil)
	if code != 200 || !strings.Contains(body, `id="alerts-form"`) || !strings.Contains(body, "Varsler på e-post") || !strings.Contains(body, "Minste verdi") {
		t.Fatalf("the Norwegian page: %d", code)
	}
	code, _ = c.postForm("/supplier/alerts", url.Values{"cpv": {"45 906"}, "places": {"Larvik, Mo i Rana"}, "min_value": {"100 000,50"}})
	if code != 303 {
		t.Fatalf("save: %d", code)
	}
	a, err := st.Alert(ctx, uid)
	if err != nil || a.Lang != "nb" || strings.Join(a.CPV, " ") != "45 906" || a.MinValue != 100_000_50 || len(a.Places) != 2 {
		t.Fatalf("saved %+v %v", a, err)
	}
	code, body = c.do("GET", "/supplier?alerts=1&lang=en", "", "", nil)
	if code != 200 || !strings.Contains(body, `id="alerts-saved"`) || !strings.Contains(body, "E-mail alerts") || !strings.Contains(body, `value="100000.50"`) ||
		!strings.Contains(body, `value="Larvik, Mo i Rana"`) {
		t.Errorf("the English page after saving: %d", code)
	}
	// An error: the form as sent, what is wrong.
	code, body = c.postForm("/supplier/alerts", url.Values{"cpv": {"4"}, "places": {"Stavern"}})
	if code != 400 || !strings.Contains(body, `id="alerts-error"`) || !strings.Contains(body, `value="Stavern"`) {
		t.Errorf("a bad code: %d", code)
	}
	if a, _ := st.Alert(ctx, uid); a.Lang != "nb" {
		t.Errorf("a refused form changed the alert: %+v", a)
	}
	// A buyer's user has none.
	k := newClient(t, srv.URL).login("kari@larvik.kommune.no")
	if code, _ := k.postForm("/supplier/alerts", url.Values{"cpv": {"45"}}); code != 403 {
		t.Errorf("a buyer's user saving alerts: %d", code)
	}
	// A digest, and its unsubscribe link without a login.
	if err := st.PutPlanItems(ctx, "3909", []cityspend.PlanItem{{ID: "P1", Title: "Asfaltering", CPV: []string{"45233141"}, Status: cityspend.PlanPlanned,
		Published: true, PublishedAt: time.Now().UTC().Add(-time.Hour)}}, nil); err != nil {
		t.Fatal(err)
	}
	d := &alerts.Digests{St: st, Base: srv.URL, Domain: "cityspend.test", Now: func() time.Time { return time.Now().UTC() }}
	if r, err := d.Send(ctx); err != nil || r.Queued != 1 {
		t.Fatalf("digest: %+v %v", r, err)
	}
	ms, _ := st.Mail(ctx, cityspend.MailFilter{})
	link := regexp.MustCompile(`/alerts/unsubscribe\?token=[A-Za-z0-9._%-]+`).FindString(ms[0].Body)
	anon := newClient(t, srv.URL)
	if code, _ := anon.do("GET", "/alerts/unsubscribe?token=1.x", "", "", nil); code != 400 {
		t.Errorf("a forged token: %d", code)
	}
	// A GET (a link scanner's, or the person's click) only asks.
	code, body = anon.do("GET", link+"&lang=en", "", "", nil)
	if code != 200 || !strings.Contains(body, `id="unsubscribe-form"`) || strings.Contains(body, "Unsubscribed") {
		t.Errorf("unsubscribe page: %d %s", code, body)
	}
	if a, _ := st.Alert(ctx, uid); a.Off {
		t.Fatalf("a GET of the unsubscribe link turned the alert off")
	}
	// A POST with a token that does not verify: 403, nothing changes.
	// The mail program's one-click POST (RFC 8058) has no cookie and no
	// form token, only the signed token of the link.
	oneClick := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Post(u, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	forged := srv.URL + strings.Replace(link, "token=", "token=9", 1)
	if code, _ := oneClick(forged); code != 403 {
		t.Errorf("a one-click POST with a forged token: %d", code)
	}
	if a, _ := st.Alert(ctx, uid); a.Off {
		t.Fatalf("a forged token turned the alert off")
	}
	if code, body := oneClick(srv.URL + link + "&lang=en"); code != 200 || !strings.Contains(body, "Unsubscribed") {
		t.Errorf("unsubscribe: %d %s", code, body)
	}
	if a, _ := st.Alert(ctx, uid); !a.Off {
		t.Errorf("still on after unsubscribing")
	}
	if code, body := c.do("GET", "/supplier", "", "", nil); code != 200 || !strings.Contains(body, `id="alerts-off"`) {
		t.Errorf("the page does not say the alert is off: %d", code)
	}
	if code, _ := c.postForm("/supplier/alerts", url.Values{"cpv": {"45"}}); code != 303 {
		t.Errorf("save again: %d", code)
	}
	if a, _ := st.Alert(ctx, uid); a.Off {
		t.Errorf("saving did not start the alert again")
	}
	// The page's form posts the token in its body.
	tok, err := url.QueryUnescape(strings.TrimPrefix(link, "/alerts/unsubscribe?token="))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(srv.URL+"/alerts/unsubscribe", url.Values{"token": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the form's POST: %d", resp.StatusCode)
	}
	if a, _ := st.Alert(ctx, uid); !a.Off {
		t.Errorf("the form's POST left the alert on")
	}
}

// The alert's form gives back what it holds: its values read again in the
// language they were written in are the alert.
func TestAlertFormRoundTrip(t *testing.T) {
	a := cityspend.Alert{CPV: []string{"45", "90911200"}, Buyers: []string{"3909"}, Places: []string{"Mo i Rana", "3909"},
		MinValue: 100_000_00, MaxValue: 2_500_000_50}
	for _, lang := range []string{"nb", "en"} {
		f := alertForm(lang, a)
		got, err := alerts.FromForm(f, decSep(lang))
		if err != nil || strings.Join(got.CPV, " ") != "45 90911200" || strings.Join(got.Buyers, " ") != "3909" ||
			strings.Join(got.Places, "|") != "Mo i Rana|3909" || got.MinValue != a.MinValue || got.MaxValue != a.MaxValue {
			t.Errorf("%s: %v read back as %+v %v", lang, f, got, err)
		}
	}
	if f := alertForm("nb", a); f.Get("max_value") != "2500000,50" {
		t.Errorf("nb max_value %q", f.Get("max_value"))
	}
	if f := alertForm("en", cityspend.Alert{}); f.Get("min_value") != "" || f.Get("max_value") != "" {
		t.Errorf("no amounts: %v", f)
	}
}
