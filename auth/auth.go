// SPDX-License-Identifier: EUPL-1.2

// Package auth keeps the accounts: password hashes (argon2id), sessions
// (random tokens of which the store keeps only a hash), form tokens against
// cross-site request forgery, the slowing down of failed logins, and the
// browsers known to have logged in.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/cityspend/cityspend"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// ErrShortPassword is HashPassword's refusal of a password shorter than
// cityspend.MinPassword (EINVALID), for a page that says it in its own
// words.
var ErrShortPassword = cityspend.Errorf(cityspend.EINVALID, "a password has at least %d characters", cityspend.MinPassword)

// HashPassword hashes a password with argon2id in the PHC string format.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < cityspend.MinPassword {
		return "", ErrShortPassword
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches a hash of HashPassword (with the
// parameters the hash names).
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 64*1024 || t > 8 || p > 4 {
		return false
	}
	b64 := base64.RawStdEncoding
	// A salt of at least 8 bytes and a key of at least 16 (a 1-byte key
	// would match one password in 256; HashPassword writes 16 and 32).
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken is 32 random bytes, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenHash is what the store keeps of a session token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// SameToken compares two tokens in constant time ("" never matches).
func SameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Accounts logs users in and out over a store.
type Accounts struct {
	Store cityspend.AccountStore
	// TTL is how long a session lasts (default 12 hours).
	TTL time.Duration
	// Limits slow down failed logins (DefaultLoginLimits); Limit counts
	// them.
	Limits LoginLimits
	Limit  *Limiter
	// Devices knows the browsers that logged in before (nil: none is).
	Devices *Devices
	Now     func() time.Time
}

// NewAccounts returns Accounts with the defaults, its known-device key in
// the store's settings.
func NewAccounts(st interface {
	cityspend.AccountStore
	cityspend.SettingStore
}) *Accounts {
	return &Accounts{Store: st, TTL: 12 * time.Hour, Limits: DefaultLoginLimits(), Limit: NewLimiter(), Devices: NewDevices(st),
		Now: func() time.Time { return time.Now().UTC() }}
}

// LoginLimits are how failed logins are slowed down. An attempt from a
// browser not known for the account counts against its e-mail and address
// together (Pair), its address across e-mails (Address) and its e-mail
// from anywhere (Email); one from a browser that logged in to the account
// before, against that browser only (Device).
type LoginLimits struct {
	Pair, Address, Email, Device Policy
}

// DefaultLoginLimits: an e-mail from one address or one known browser has
// 5 failures free, then waits 1 s, 2 s, 4 s, … up to 15 minutes, and one
// failure is forgotten each hour; an address has 20 free across e-mails
// (an office behind one address), then waits as long, one forgotten each
// 6 minutes; an e-mail from unknown browsers anywhere has 50, then one
// more each 6 minutes (10 an hour), which only its known browsers pass.
func DefaultLoginLimits() LoginLimits {
	pair := Policy{Free: 5, Base: time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	return LoginLimits{
		Pair:    pair,
		Device:  pair,
		Address: Policy{Free: 20, Base: time.Second, Max: 15 * time.Minute, Forget: 6 * time.Minute},
		Email:   Policy{Free: 50, Base: 6 * time.Minute, Max: 6 * time.Minute, Forget: 6 * time.Minute},
	}
}

// The refusals of a login that a page explains in its own language
// (errors.Is tells them apart).
var (
	ErrWrongLogin  = cityspend.Errorf(cityspend.EUNAUTHORIZED, "the e-mail or the password is wrong")
	ErrUnconfirmed = cityspend.Errorf(cityspend.EUNAUTHORIZED, "confirm your e-mail address first: open the link in the message we sent")
)

// ErrTooMany is returned (wrapped in a cityspend error) while a login is
// refused for too many failures; Login returns the wait beside it.
const ErrTooMany = "too many failed logins"

// Attempt is a login attempt: what was typed, the client's address (an
// IPv6 client by its /64, which it has to itself) and the known-device
// cookie its browser sent ("": none).
type Attempt struct {
	Email, Password, Addr, Device string
}

// Login is a login that succeeded, or the wait of one that was refused.
type Login struct {
	Token   string // the session's token, for the cookie
	Session cityspend.Session
	User    cityspend.User
	// Device is the browser's new known-device cookie for the account;
	// Known says the attempt came from a browser known for it.
	Device string
	Known  bool
	// Wait is how long the attempt's e-mail, address or device must wait
	// (> 0 only when the attempt was refused for it, untried).
	Wait time.Duration
}

// Login checks an e-mail and password and starts a session. A refused
// login says nothing about which of the two was wrong. Failures slow down
// the attempts of the same e-mail from the same address (or known
// browser), of the same address, and of the same e-mail from unknown
// browsers (see LoginLimits): a stranger's guesses make the stranger
// wait, not the account's owner at another address or on a known browser.
func (a *Accounts) Login(ctx context.Context, at Attempt) (Login, error) {
	now := a.Now()
	email := strings.ToLower(strings.TrimSpace(at.Email))
	if len(email) > 254 {
		email = email[:254]
	}
	device := ""
	if at.Device != "" && a.Devices != nil {
		id, ok, err := a.Devices.Known(ctx, at.Device, email, now)
		if err != nil {
			return Login{}, err
		}
		if ok {
			device = id
		}
	}
	keys := []Key{{"device:" + device, a.Limits.Device}}
	if device == "" {
		keys = []Key{{"pair:" + email + " " + at.Addr, a.Limits.Pair}, {"addr:" + at.Addr, a.Limits.Address}, {"email:" + email, a.Limits.Email}}
	}
	// The attempt is taken before the password is checked.
	if w := a.Limit.Take(now, keys...); w > 0 {
		return Login{Wait: w}, cityspend.Errorf(cityspend.EUNAUTHORIZED, "%s: try again in %s", ErrTooMany, WaitText(w))
	}
	dummy := dummyHash() // before the user is looked up: the first login pays for it, whoever it is
	u, err := a.Store.UserByEmail(ctx, email)
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return Login{}, err
	}
	if err != nil || u.Disabled || !CheckPassword(u.PasswordHash, at.Password) {
		if err != nil {
			CheckPassword(dummy, at.Password) // the same time whether or not the user exists
		}
		return Login{}, ErrWrongLogin
	}
	// Success forgets the failures of this e-mail from this address (or
	// browser) and gives back the attempt to the address and the e-mail:
	// the address's other failures stay (one's own account is no way
	// around the limit on guessing others'), and so do the e-mail's from
	// elsewhere (its owner logging in does not reopen it to strangers).
	a.Limit.Reset(keys[0])
	for _, k := range keys[1:] {
		a.Limit.Give(k)
	}
	if u.Unconfirmed {
		return Login{}, ErrUnconfirmed
	}
	l := Login{Token: NewToken(), User: u, Known: device != ""}
	l.Session = cityspend.Session{TokenHash: TokenHash(l.Token), UserID: u.ID, CSRF: NewToken(), CreatedAt: now, ExpiresAt: now.Add(a.TTL)}
	if err := a.Store.CreateSession(ctx, l.Session); err != nil {
		return Login{}, err
	}
	if a.Devices != nil {
		if l.Device, err = a.Devices.Issue(ctx, email, now); err != nil {
			return Login{}, err
		}
	}
	return l, nil
}

// WaitText says a wait in whole seconds or minutes, rounded up.
func WaitText(w time.Duration) string {
	if w <= time.Minute {
		return fmt.Sprintf("%d s", int(math.Ceil(w.Seconds())))
	}
	return fmt.Sprintf("%d min", int(math.Ceil(w.Minutes())))
}

// dummyHash is a hash no password matches, checked when there is no user;
// computed at the first login rather than when a program starts (an argon2
// hash: every command and every test process would pay for it).
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not anyone's password")
	return h
})

// Session reads the live session of a token and its user (ENOTFOUND or
// EUNAUTHORIZED when there is none, it expired, or the user is disabled).
func (a *Accounts) Session(ctx context.Context, token string) (cityspend.Session, cityspend.User, error) {
	s, err := a.Store.Session(ctx, TokenHash(token), a.Now())
	if err != nil {
		return s, cityspend.User{}, err
	}
	u, err := a.Store.User(ctx, s.UserID)
	if err != nil {
		return s, u, err
	}
	if u.Disabled || u.Unconfirmed {
		return s, u, cityspend.Errorf(cityspend.EUNAUTHORIZED, "the account is disabled or not confirmed")
	}
	return s, u, nil
}

// Logout ends a session.
func (a *Accounts) Logout(ctx context.Context, token string) error {
	return a.Store.DeleteSession(ctx, TokenHash(token))
}

// AddUser creates a user with a password.
func AddUser(ctx context.Context, st cityspend.AccountStore, u cityspend.User, pw string) (int64, error) {
	if err := u.Validate(); err != nil {
		return 0, err
	}
	h, err := HashPassword(pw)
	if err != nil {
		return 0, err
	}
	u.PasswordHash = h
	return st.CreateUser(ctx, u)
}

// SetPassword changes a user's password and ends the user's sessions.
func SetPassword(ctx context.Context, st cityspend.AccountStore, userID int64, pw string) error {
	h, err := HashPassword(pw)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, userID, h); err != nil {
		return err
	}
	return st.DeleteSessions(ctx, userID)
}

// tokenPrefix marks cityspend API tokens (so that scanners can find leaked ones).
const tokenPrefix = "cs_"

// NewAPIToken makes a token for a user with a scope and a lifetime, stores
// its hash and returns the token (shown once).
func NewAPIToken(ctx context.Context, st cityspend.AccountStore, userID int64, name, scope string, ttl time.Duration, now time.Time) (string, cityspend.APIToken, error) {
	if scope != cityspend.ScopeRead && scope != cityspend.ScopeWrite {
		return "", cityspend.APIToken{}, cityspend.Errorf(cityspend.EINVALID, "scope %q: read or write", scope)
	}
	if ttl <= 0 || ttl > 400*24*time.Hour {
		return "", cityspend.APIToken{}, cityspend.Errorf(cityspend.EINVALID, "a token lives more than 0 and at most 400 days")
	}
	if _, err := st.User(ctx, userID); err != nil {
		return "", cityspend.APIToken{}, err
	}
	raw := tokenPrefix + NewToken()
	t := cityspend.APIToken{UserID: userID, Name: strings.TrimSpace(name), Scope: scope, CreatedAt: now, ExpiresAt: now.Add(ttl), Hash: TokenHash(raw)}
	id, err := st.CreateToken(ctx, t)
	t.ID = id
	return raw, t, err
}

// Bearer reads the live API token of a request's Authorization header and
// its user (EUNAUTHORIZED: none, expired, or the user disabled).
func (a *Accounts) Bearer(ctx context.Context, raw string) (cityspend.APIToken, cityspend.User, error) {
	if !strings.HasPrefix(raw, tokenPrefix) {
		return cityspend.APIToken{}, cityspend.User{}, cityspend.Errorf(cityspend.EUNAUTHORIZED, "not a cityspend API token")
	}
	t, err := a.Store.Token(ctx, TokenHash(raw), a.Now())
	if err != nil {
		if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			return t, cityspend.User{}, cityspend.Errorf(cityspend.EUNAUTHORIZED, "the API token is not valid (revoked or expired)")
		}
		return t, cityspend.User{}, err
	}
	u, err := a.Store.User(ctx, t.UserID)
	if err != nil {
		return t, u, err
	}
	if u.Disabled || u.Unconfirmed {
		return t, u, cityspend.Errorf(cityspend.EUNAUTHORIZED, "the token's account is disabled")
	}
	return t, u, nil
}
