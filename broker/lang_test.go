// SPDX-License-Identifier: EUPL-1.2

package broker_test

import (
	"context"
	"testing"
)

// A user who chose a language gets the news in it, whatever the buyer's
// country (one who did not: TestChallengeAnnouncedOnPublication).
func TestMailInTheUsersLanguage(t *testing.T) {
	ctx := context.Background()
	st, b, out := world(t)
	u, err := st.UserByEmail(ctx, follower)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUserLang(ctx, u.ID, "en"); err != nil {
		t.Fatal(err)
	}
	publish(t, b, st, "Brine")
	if m := out.to(follower); len(m) != 1 || m[0].Subject != "New challenge: Brine" {
		t.Fatalf("to a user who chose English: %+v", m)
	}
	if err := st.SetUserLang(ctx, u.ID, "nb"); err != nil {
		t.Fatal(err)
	}
	publish(t, b, st, "Salt")
	if m := out.to(follower); len(m) != 2 || m[1].Subject != "Ny utfordring: Salt" {
		t.Fatalf("to a user who chose bokmål: %+v", m)
	}
}
