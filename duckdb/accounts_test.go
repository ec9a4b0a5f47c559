// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// A user's chosen language is kept from its creation (a supplier who
// registers on a Norwegian page) or set later.
func TestUserLang(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	id, err := db.CreateUser(ctx, cityspend.User{Email: "per@larvik.no", Name: "Per", PasswordHash: "h", Lang: "nb"})
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := db.User(ctx, id); u.Lang != "nb" {
		t.Errorf("a user created with a language: %q", u.Lang)
	}
	if _, err := db.CreateUser(ctx, cityspend.User{Email: "x@larvik.no", Name: "X", PasswordHash: "h", Lang: "sv"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a user created with language sv: %v", err)
	}
}

func TestAccounts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	id, err := db.CreateUser(ctx, cityspend.User{Email: "Kari@Larvik.no", Name: "Kari", PasswordHash: "h",
		Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, cityspend.User{Email: "kari@larvik.no", Name: "Other", PasswordHash: "h"}); cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		t.Errorf("the same e-mail twice: %v", err)
	}
	sid, _ := db.CreateUser(ctx, cityspend.User{Email: "s@firma.no", Name: "S", SupplierID: "org:NO-BRC:923609016", PasswordHash: "h"})
	if err := db.SetGrant(ctx, sid, "3909", cityspend.RoleViewer); err == nil {
		t.Error("a supplier's user got a buyer role")
	}
	if err := db.SetGrant(ctx, id, "nope", cityspend.RoleViewer); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("a role at no buyer: %v", err)
	}
	u, err := db.UserByEmail(ctx, " KARI@larvik.no")
	if err != nil || u.ID != id || u.RoleAt("3909") != cityspend.RoleAdmin || u.Name != "Kari" {
		t.Fatalf("user %+v %v", u, err)
	}
	if u.Lang != "" {
		t.Errorf("a new user's language %q, want none chosen", u.Lang)
	}
	if err := db.SetUserLang(ctx, id, "en"); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.User(ctx, id); u.Lang != "en" {
		t.Errorf("the chosen language: %q", u.Lang)
	}
	if err := db.SetUserLang(ctx, id, "de"); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("language de: %v", err)
	}
	if err := db.SetUserLang(ctx, 999, "nb"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no user: %v", err)
	}
	if err := db.SetGrant(ctx, id, "3909", ""); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.User(ctx, id); u.RoleAt("3909") != "" {
		t.Error("the role was taken away")
	}
	if _, err := db.User(ctx, 999); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no user: %v", err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	s := cityspend.Session{TokenHash: "abc", UserID: id, CSRF: "tok", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Session(ctx, "abc", now.Add(time.Minute)); err != nil || got.CSRF != "tok" || got.UserID != id {
		t.Errorf("session %+v %v", got, err)
	}
	if _, err := db.Session(ctx, "abc", now.Add(2*time.Hour)); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("an expired session: %v", err)
	}
	// A new session forgets expired ones.
	db.CreateSession(ctx, cityspend.Session{TokenHash: "def", UserID: id, CSRF: "t2", CreatedAt: now.Add(3 * time.Hour), ExpiresAt: now.Add(4 * time.Hour)})
	var n int
	db.db.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n)
	if n != 1 {
		t.Errorf("%d sessions kept", n)
	}
	if err := db.DeleteSessions(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, "def", now.Add(3*time.Hour)); err == nil {
		t.Error("the user's sessions ended")
	}
	us, _ := db.Users(ctx)
	if len(us) != 2 {
		t.Errorf("users %+v", us)
	}
}

// Many registrations for an event with two places at once: two get in.
func TestEventCapacityUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	e, err := db.AddEvent(ctx, cityspend.Event{BuyerID: "3909", Title: "Market day", Starts: time.Now().Add(time.Hour), Place: "x", Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db.RegisterForEvent(ctx, cityspend.EventRegistration{EventID: e.ID, SupplierID: fmt.Sprint("s", i), Who: "x", At: time.Now()})
		}()
	}
	wg.Wait()
	rs, _ := db.EventRegistrations(ctx, e.ID)
	if len(rs) != 2 {
		t.Errorf("%d registered for two places", len(rs))
	}
}
