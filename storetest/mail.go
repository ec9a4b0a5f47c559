// SPDX-License-Identifier: EUPL-1.2

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// RunMail runs the outbox and alert part of the suite: queueing, claiming
// in order of due time, outcomes, the claims a stopped process left, and
// a digest queued with its alert's mark in one step.
func RunMail(t *testing.T, open OpenStore) {
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, open(t)) })
	t.Run("Alerts", func(t *testing.T) { testAlerts(t, open(t)) })
}

func testOutbox(t *testing.T, st cityspend.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	if _, err := st.ClaimMail(ctx, t0); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Fatalf("empty outbox: claim %v, want ENOTFOUND", err)
	}
	a, err := st.QueueMail(ctx, cityspend.OutMail{MessageID: "<a@x>", To: "kari@larvik.no", Subject: "Æ", Body: "b", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.QueueMail(ctx, cityspend.OutMail{MessageID: "<b@x>", To: "ola@larvik.no", Subject: "s", Body: "b", Unsubscribe: "http://x/u", CreatedAt: t0.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID == a.ID || a.State != cityspend.MailQueued {
		t.Fatalf("queued %+v %+v", a, b)
	}
	if _, err := st.QueueMail(ctx, cityspend.OutMail{MessageID: "<a@x>", To: "x@y", CreatedAt: t0}); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("the same Message-ID again: %v, want ECONFLICT", err)
	}
	if _, err := st.QueueMail(ctx, cityspend.OutMail{To: "x@y"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("no Message-ID: %v, want EINVALID", err)
	}
	// Not due before it was queued; the oldest first.
	if _, err := st.ClaimMail(ctx, t0.Add(-time.Second)); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("claim before due: %v", err)
	}
	c, err := st.ClaimMail(ctx, t0.Add(time.Hour))
	if err != nil || c.ID != a.ID || c.State != cityspend.MailSending || c.Attempts != 1 || c.Subject != "Æ" {
		t.Fatalf("claim: %+v %v", c, err)
	}
	// A temporary failure: due again later, not before.
	if err := st.MailDone(ctx, a.ID, cityspend.MailOutcome{State: cityspend.MailQueued, Error: "421 busy", NextAt: t0.Add(3 * time.Hour), At: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := st.MailDone(ctx, a.ID, cityspend.MailOutcome{State: cityspend.MailSent, At: t0}); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("outcome of a message not being sent: %v, want ENOTFOUND", err)
	}
	c, err = st.ClaimMail(ctx, t0.Add(2*time.Hour))
	if err != nil || c.ID != b.ID || c.Unsubscribe != "http://x/u" {
		t.Fatalf("second claim: %+v %v", c, err)
	}
	if _, err := st.ClaimMail(ctx, t0.Add(2*time.Hour)); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a claimed message claimed again: %v", err)
	}
	// The process stops with b claimed: b is due again at once.
	if n, err := st.RequeueClaimedMail(ctx); err != nil || n != 1 {
		t.Fatalf("requeue: %d %v", n, err)
	}
	c, err = st.ClaimMail(ctx, time.Now().UTC().Add(time.Second))
	if err != nil || c.ID != b.ID || c.Attempts != 2 || c.MessageID != "<b@x>" {
		t.Fatalf("claim after requeue: %+v %v", c, err)
	}
	if err := st.MailDone(ctx, b.ID, cityspend.MailOutcome{State: cityspend.MailSent, At: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	c, err = st.ClaimMail(ctx, t0.Add(3*time.Hour))
	if err != nil || c.ID != a.ID || c.Attempts != 2 {
		t.Fatalf("retry: %+v %v", c, err)
	}
	if err := st.MailDone(ctx, a.ID, cityspend.MailOutcome{State: cityspend.MailFailed, Error: "550 no such user", At: t0.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	all, err := st.Mail(ctx, cityspend.MailFilter{})
	if err != nil || len(all) != 2 || all[0].ID != b.ID {
		t.Fatalf("list: %+v %v", all, err)
	}
	if all[0].State != cityspend.MailSent || !all[0].SentAt.Equal(t0.Add(2*time.Hour)) ||
		all[1].State != cityspend.MailFailed || all[1].LastError != "550 no such user" || all[1].Attempts != 2 {
		t.Errorf("states: %+v", all)
	}
	failed, err := st.Mail(ctx, cityspend.MailFilter{State: cityspend.MailFailed})
	if err != nil || len(failed) != 1 || failed[0].ID != a.ID {
		t.Errorf("failed: %+v %v", failed, err)
	}
	if _, err := st.ClaimMail(ctx, t0.Add(100*time.Hour)); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("sent and failed messages are not claimed: %v", err)
	}
}

func testAlerts(t *testing.T, st cityspend.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	if _, err := st.Alert(ctx, 7); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Fatalf("no alert: %v", err)
	}
	if err := st.SetAlertOff(ctx, 7, true); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("off without an alert: %v", err)
	}
	a := cityspend.Alert{UserID: 7, CPV: []string{"45", "90911200"}, Buyers: []string{"3909"}, Places: []string{"Mo i Rana", "3909"},
		MinValue: 100_000_00, MaxValue: 5_000_000_00, Lang: "nb", UpdatedAt: t0}
	if err := st.PutAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := st.Alert(ctx, 7)
	if err != nil || len(got.CPV) != 2 || got.Places[0] != "Mo i Rana" || got.MaxValue != a.MaxValue || got.Lang != "nb" || !got.LastDigest.IsZero() {
		t.Fatalf("alert: %+v %v", got, err)
	}
	// The digest and its mark in one step.
	m := &cityspend.OutMail{MessageID: "<d@x>", To: "kari@larvik.no", Subject: "d", Body: "b", CreatedAt: t0}
	if err := st.DigestDone(ctx, 7, t0.Add(time.Hour), m); err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 {
		t.Errorf("the digest got no id")
	}
	// A digest that cannot be queued leaves the mark where it was.
	if err := st.DigestDone(ctx, 7, t0.Add(2*time.Hour), &cityspend.OutMail{MessageID: "<d@x>", To: "kari@larvik.no", CreatedAt: t0}); err == nil {
		t.Errorf("a digest with a taken Message-ID was queued")
	}
	if got, _ := st.Alert(ctx, 7); !got.LastDigest.Equal(t0.Add(time.Hour)) {
		t.Errorf("last digest %v, want %v (the failed step undone)", got.LastDigest, t0.Add(time.Hour))
	}
	if err := st.DigestDone(ctx, 8, t0, nil); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("digest of no alert: %v", err)
	}
	// Saving again keeps the mark; off and on.
	a.CPV = []string{"72"}
	if err := st.PutAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAlertOff(ctx, 7, true); err != nil {
		t.Fatal(err)
	}
	got, err = st.Alert(ctx, 7)
	if err != nil || !got.Off || len(got.CPV) != 1 || !got.LastDigest.Equal(t0.Add(time.Hour)) {
		t.Errorf("after saving and turning off: %+v %v", got, err)
	}
	if err := st.PutAlert(ctx, cityspend.Alert{UserID: 3, Lang: "en", UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	all, err := st.Alerts(ctx)
	if err != nil || len(all) != 2 || all[0].UserID != 3 || len(all[0].CPV) != 0 {
		t.Errorf("alerts: %+v %v", all, err)
	}
	ms, err := st.Mail(ctx, cityspend.MailFilter{})
	if err != nil || len(ms) != 1 || ms[0].MessageID != "<d@x>" {
		t.Errorf("outbox after digests: %+v %v", ms, err)
	}
}
