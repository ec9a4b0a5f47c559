// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
)

// The account commands: add (a password from a file, or made and shown
// once), list, grant, password, disable; buyer publish.
func TestUserCommands(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "u.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if out := mustCLI(t, "user", "add", "--db", db, "--email", "Kari@Larvik.no", "--name", "Kari", "--buyer", "3909", "--role", "admin",
		"--password-file", pw); !strings.Contains(out, "kari@larvik.no") || strings.Contains(out, "password:") {
		t.Errorf("add: %q", out)
	}
	out := mustCLI(t, "user", "add", "--db", db, "--email", "per@larvik.no", "--name", "Per")
	made, ok := strings.CutPrefix(strings.Split(out, "\n")[1], "password: ")
	if !ok || len(made) < cityspend.MinPassword {
		t.Fatalf("a made password is shown once: %q", out)
	}
	for _, bad := range [][]string{
		{"--email", "kari@larvik.no", "--name", "Again"},                                 // taken
		{"--email", "not-an-address", "--name", "X"},                                     // not an e-mail
		{"--email", "x@larvik.no", "--name", "X", "--buyer", "3909", "--role", "king"},   // no such role
		{"--email", "x@larvik.no", "--name", "X", "--buyer", "nope", "--role", "viewer"}, // no such buyer
		{"--email", "x@larvik.no", "--name", "X", "--buyer", "3909"},                     // role missing
	} {
		if code, _, _ := cli(t, append([]string{"user", "add", "--db", db}, bad...)...); code == 0 {
			t.Errorf("accepted %v", bad)
		}
	}
	os.WriteFile(pw, []byte("short\n"), 0o600)
	if code, _, errs := cli(t, "user", "add", "--db", db, "--email", "y@larvik.no", "--name", "Y", "--password-file", pw); code == 0 || !strings.Contains(errs, "at least") {
		t.Errorf("a short password: %d %s", code, errs)
	}
	mustCLI(t, "user", "grant", "--db", db, "per@larvik.no", "--buyer", "3909", "--role", "analyst")
	if out := mustCLI(t, "user", "list", "--db", db); !strings.Contains(out, "analyst@3909") || !strings.Contains(out, "admin@3909") {
		t.Errorf("list: %s", out)
	}
	// An installation admin: made with add or grant, taken away with
	// --role none.
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	mustCLI(t, "user", "add", "--db", db, "--email", "drift@kompetanse.no", "--name", "Drift", "--installation-admin", "--password-file", pw)
	mustCLI(t, "user", "grant", "--db", db, "kari@larvik.no", "--installation")
	if out := mustCLI(t, "user", "list", "--db", db); strings.Count(out, "installation-admin") != 2 {
		t.Errorf("list with installation admins: %s", out)
	}
	mustCLI(t, "user", "grant", "--db", db, "kari@larvik.no", "--installation", "--role", "none")
	for _, bad := range [][]string{{"kari@larvik.no", "--installation", "--buyer", "3909"}, {"kari@larvik.no", "--installation", "--role", "admin"},
		{"kari@larvik.no"}, {"kari@larvik.no", "--buyer", "3909"}} {
		if code, _, _ := cli(t, append([]string{"user", "grant", "--db", db}, bad...)...); code == 0 {
			t.Errorf("grant accepted %v", bad)
		}
	}
	mustCLI(t, "user", "disable", "--db", db, "per@larvik.no")
	os.WriteFile(pw, []byte("another long password\n"), 0o600)
	mustCLI(t, "user", "password", "--db", db, "kari@larvik.no", "--password-file", pw)
	mustCLI(t, "buyer", "publish", "--db", db, "3909")
	// API tokens: made (shown once), listed, revoked.
	out = mustCLI(t, "user", "token", "--db", db, "kari@larvik.no", "--name", "warehouse", "--scope", "read", "--expires", "720h")
	if !strings.Contains(out, "cs_") || !strings.Contains(out, "(read, until") {
		t.Errorf("token: %q", out)
	}
	if out := mustCLI(t, "user", "tokens", "--db", db, "kari@larvik.no"); !strings.Contains(out, "warehouse") || strings.Contains(out, "cs_") {
		t.Errorf("tokens (never the token itself): %q", out)
	}
	if code, _, _ := cli(t, "user", "token", "--db", db, "kari@larvik.no", "--scope", "root"); code == 0 {
		t.Error("a token with an unknown scope")
	}
	mustCLI(t, "user", "revoke-token", "--db", db, "1")
	if code, _, _ := cli(t, "user", "revoke-token", "--db", db, "1"); code == 0 {
		t.Error("revoking twice")
	}

	ctx := context.Background()
	st, err := duckdb.Open(ctx, db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kari, _ := st.UserByEmail(ctx, "kari@larvik.no")
	per, _ := st.UserByEmail(ctx, "per@larvik.no")
	if !auth.CheckPassword(kari.PasswordHash, "another long password") || kari.RoleAt("3909") != cityspend.RoleAdmin {
		t.Errorf("kari: %+v", kari)
	}
	if drift, err := st.UserByEmail(ctx, "drift@kompetanse.no"); err != nil || !drift.InstallationAdmin || len(drift.Grants) != 0 || kari.InstallationAdmin {
		t.Errorf("the installation admins: %+v %v; kari %v", drift, err, kari.InstallationAdmin)
	}
	if !per.Disabled || per.RoleAt("3909") != cityspend.RoleAnalyst || !auth.CheckPassword(per.PasswordHash, made) {
		t.Errorf("per: %+v", per)
	}
	if v, _ := st.Setting(ctx, "3909", cityspend.SettingPublish); v != "yes" {
		t.Errorf("publish: %q", v)
	}
}
