// SPDX-License-Identifier: EUPL-1.2

package staff

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/notify"
)

// newStaff is Staff over a real DuckDB file with one buyer and its admin,
// sending mail to files; now is its clock.
func newStaff(t *testing.T, now *time.Time) (*Staff, *duckdb.DB, string) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "staff.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.AddUser(ctx, st, cityspend.User{Email: "kari@larvik.test", Name: "Kari",
		Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}}, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	outbox := filepath.Join(t.TempDir(), "outbox")
	s := New(st, &notify.Dir{Path: outbox})
	s.Now = func() time.Time { return *now }
	return s, st, outbox
}

// link is the invitation link of the only message in an outbox.
func link(t *testing.T, outbox string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(outbox, "*.eml"))
	if len(files) == 0 {
		t.Fatal("no message")
	}
	b, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/invite\?token=([A-Za-z0-9._-]+)`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no link in %s", b)
	}
	return m[1]
}

// An invitation's link works once, and not after InviteTTL; a new
// invitation of the same person makes a new link and the old one unknown.
func TestInvitationExpires(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s, st, outbox := newStaff(t, &now)
	in := Invitation{BuyerID: "3909", Email: "Nina@Larvik.test", Name: "Nina", Role: cityspend.RoleAnalyst, By: "kari@larvik.test",
		Base: "https://cityspend.example", Lang: "nb"}
	if _, err := s.Invite(ctx, in); err != nil {
		t.Fatal(err)
	}
	old := link(t, outbox)
	now = now.Add(InviteTTL - time.Minute)
	if _, err := s.Invite(ctx, in); err != nil {
		t.Fatal(err)
	}
	token := link(t, outbox)
	if _, err := s.Invited(ctx, old); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("the first link after a new invitation: %v", err)
	}
	now = now.Add(InviteTTL - time.Second)
	if u, err := s.Invited(ctx, token); err != nil || u.Email != "nina@larvik.test" {
		t.Errorf("the link a second before it expires: %v %v", u.Email, err)
	}
	now = now.Add(time.Second)
	if _, err := s.Accept(ctx, token, "long enough 2026"); cityspend.ErrorCode(err) != cityspend.EINVALID || !strings.Contains(err.Error(), "expired") {
		t.Errorf("the link when it expires: %v", err)
	}
	if u, _ := st.UserByEmail(ctx, "nina@larvik.test"); !u.Unconfirmed || u.PasswordHash != noPassword {
		t.Errorf("an expired link changed the account: %+v", u)
	}
	now = now.Add(-time.Hour)
	if _, err := s.Accept(ctx, token, "long enough 2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Accept(ctx, token, "long enough 2026"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("the link used twice: %v", err)
	}
	u, err := st.UserByEmail(ctx, "nina@larvik.test")
	if err != nil || u.Unconfirmed || !auth.CheckPassword(u.PasswordHash, "long enough 2026") || u.RoleAt("3909") != cityspend.RoleAnalyst {
		t.Errorf("the account after accepting: %+v %v", u, err)
	}
}

// Two admins who demote each other at the same moment leave one admin:
// the buyer is never without one.
func TestLastAdminUnderRace(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC()
	s, st, _ := newStaff(t, &now)
	if _, err := auth.AddUser(ctx, st, cityspend.User{Email: "ola@larvik.test", Name: "Ola",
		Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}}, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	us, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(us))
	for i, u := range us {
		wg.Go(func() { _, errs[i] = s.SetRole(ctx, "3909", u.ID, cityspend.RoleViewer) })
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		if errors.Is(err, ErrLastAdmin) && cityspend.ErrorCode(err) == cityspend.ECONFLICT {
			refused++
		} else if err != nil {
			t.Error(err)
		}
	}
	ps, err := s.People(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	admins := 0
	for _, p := range ps {
		if p.Role == cityspend.RoleAdmin {
			admins++
		}
	}
	if refused != 1 || admins != 1 {
		t.Errorf("refused %d, admins left %d", refused, admins)
	}
}
