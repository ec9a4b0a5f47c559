// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Roles of a buyer's staff, from least to most.
const (
	RoleViewer  = "viewer"  // reads everything of the buyer, published or not
	RoleAnalyst = "analyst" // also decides: categories, findings, payees, the plan, targets
	RoleAdmin   = "admin"   // also manages the buyer's users and what it publishes
)

// Roles lists the staff roles, least first.
var Roles = []string{RoleViewer, RoleAnalyst, RoleAdmin}

// RoleAtLeast reports whether role have includes role want.
func RoleAtLeast(have, want string) bool {
	h, w := slices.Index(Roles, have), slices.Index(Roles, want)
	return h >= 0 && w >= 0 && h >= w
}

// Grant is a user's role at one buyer.
type Grant struct {
	BuyerID string `json:"buyer_id"`
	Role    string `json:"role"`
}

// User is a person who logs in: a buyer's staff (with a role per buyer) or
// a supplier's user (SupplierID set).
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"` // lower case; the login name
	Name         string    `json:"name"`
	SupplierID   string    `json:"supplier_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	Disabled     bool      `json:"disabled,omitempty"`
	Grants       []Grant   `json:"grants,omitempty"`
	// Unconfirmed: the e-mail address is not confirmed yet (a supplier who
	// registered); ConfirmHash is the hash of the confirmation token.
	Unconfirmed bool   `json:"unconfirmed,omitempty"`
	ConfirmHash string `json:"-"`
	// Lang is the language the user chose ("nb" or "en"; "" not chosen):
	// their pages and the mail they are sent are in it.
	Lang string `json:"lang,omitempty"`
	// InstallationAdmin: the user manages the installation (its buyers
	// and their first admins, registers and reference data) at /admin.
	// It gives no role at any buyer.
	InstallationAdmin bool `json:"installation_admin,omitempty"`
}

// Languages are the languages of the user interface.
var Languages = []string{"nb", "en"}

// RoleAt is the user's role at a buyer ("" for none).
func (u *User) RoleAt(buyerID string) string {
	if u == nil {
		return ""
	}
	for _, g := range u.Grants {
		if g.BuyerID == buyerID {
			return g.Role
		}
	}
	return ""
}

// NormalizeEmail trims and lower-cases an e-mail address and checks it.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", Errorf(EINVALID, "e-mail %q is not an address like name@example.org", s)
	}
	return s, nil
}

// MinPassword is the shortest password accepted.
const MinPassword = 10

// Validate checks a new user.
func (u *User) Validate() error {
	e, err := NormalizeEmail(u.Email)
	if err != nil {
		return err
	}
	u.Email = e
	if strings.TrimSpace(u.Name) == "" {
		return Errorf(EINVALID, "user %s: a name is required", u.Email)
	}
	for _, g := range u.Grants {
		if !slices.Contains(Roles, g.Role) {
			return Errorf(EINVALID, "role %q: use %s", g.Role, strings.Join(Roles, ", "))
		}
	}
	if u.SupplierID != "" && (len(u.Grants) > 0 || u.InstallationAdmin) {
		return Errorf(EINVALID, "user %s: a supplier's user has no role at a buyer or the installation", u.Email)
	}
	if u.Lang != "" && !slices.Contains(Languages, u.Lang) {
		return Errorf(EINVALID, "language %q: use %s", u.Lang, strings.Join(Languages, " or "))
	}
	return nil
}

// Session is a login: the store keeps the hash of its token, never the
// token itself, and the form token (CSRF) the session's forms carry.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SettingPublish is the buyer setting that publishes its indicators and
// dashboards ("yes"): anyone may read them then, as UK councils publish
// their spend. Findings, unpublished plan items, review queues, overrides,
// audit records, survey answers and contact logs are never public.
const SettingPublish = "publish_dashboards"

// SettingDeviceKey is the site's setting (buyer "") that holds the key
// signing known-device cookies (auth.Devices), made the first time one is
// needed.
const SettingDeviceKey = "device_key"

// SettingUnsubscribeKey is the site's setting that holds the key signing
// the alert digests' unsubscribe links (package alerts).
const SettingUnsubscribeKey = "alerts.unsubscribe_key"

// Token scopes: read (GET only) or write (every request the user may make).
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// APIToken is a machine client's credential: a bearer token of a user,
// limited to a scope and a lifetime. The store keeps only its hash.
type APIToken struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Scope     string    `json:"scope"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Hash      string    `json:"-"`
}

// AuditEntry is one line of the audit log: a login, a logout, or a request
// that changed something, with who, from where, and the outcome.
type AuditEntry struct {
	At      time.Time `json:"at"`
	Who     string    `json:"who"`                // e-mail, or "" for a visitor
	Action  string    `json:"action"`             // login, login_refused, logout, or the route ("POST /buyers/{id}/plan")
	BuyerID string    `json:"buyer_id,omitempty"` // the buyer the request was about
	Path    string    `json:"path,omitempty"`
	Status  int       `json:"status,omitempty"`
	Addr    string    `json:"addr,omitempty"`
	Via     string    `json:"via,omitempty"` // session or token:NAME
}
