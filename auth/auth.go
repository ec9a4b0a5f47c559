// SPDX-License-Identifier: EUPL-1.2

// Package auth keeps the accounts: password hashes (argon2id), sessions
// (random tokens of which the store keeps only a hash), form tokens against
// cross-site request forgery, and a limit on failed logins.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sort"
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

// HashPassword hashes a password with argon2id in the PHC string format.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < cityspend.MinPassword {
		return "", cityspend.Errorf(cityspend.EINVALID, "a password has at least %d characters", cityspend.MinPassword)
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

// Limiter refuses logins after too many failures for one key (an address,
// an e-mail) within a window. An attempt is taken before the password is
// checked, so that parallel attempts cannot slip past the limit, and given
// back when it succeeds.
type Limiter struct {
	Max    int
	Window time.Duration
	mu     sync.Mutex
	fails  map[string][]time.Time
}

// maxKeys bounds the limiter's memory under a flood of distinct keys.
const maxKeys = 100_000

// NewLimiter allows max failures per key in window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, fails: map[string][]time.Time{}}
}

// limitKey is the fixed-size key of a name (e-mails are the client's text).
func limitKey(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:16])
}

// Wait is how long a key must wait before it may try again (0: now).
func (l *Limiter) Wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wait(limitKey(key), now)
}

func (l *Limiter) wait(k string, now time.Time) time.Duration {
	fs := l.recent(k, now)
	if len(fs) < l.Max {
		return 0
	}
	return fs[0].Add(l.Window).Sub(now)
}

// Take takes an attempt for every key at once, counted as a failure until
// Give gives it back; if any key must wait, nothing is taken.
func (l *Limiter) Take(now time.Time, keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, key := range keys {
		if w := l.wait(limitKey(key), now); w > 0 {
			return w
		}
	}
	for _, key := range keys {
		k := limitKey(key)
		l.fails[k] = append(l.recent(k, now), now)
	}
	l.bound(now)
	return 0
}

// Give gives back an attempt taken at when (it succeeded).
func (l *Limiter) Give(key string, when time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := limitKey(key)
	fs := l.fails[k]
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i].Equal(when) {
			l.fails[k] = append(fs[:i:i], fs[i+1:]...)
			break
		}
	}
}

// Fail records a failure.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := limitKey(key)
	l.fails[k] = append(l.recent(k, now), now)
	l.bound(now)
}

// Reset forgets a key's failures.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, limitKey(key))
}

// bound keeps the map under maxKeys: expired keys go first, then those
// whose last failure is oldest — a key under attack keeps failing, so a
// flood of other keys cannot wipe its count (as Rate's buckets).
func (l *Limiter) bound(now time.Time) {
	if len(l.fails) <= maxKeys {
		return
	}
	for k := range l.fails {
		l.recent(k, now)
	}
	if len(l.fails) <= maxKeys*9/10 {
		return
	}
	keys := make([]string, 0, len(l.fails))
	for k := range l.fails {
		keys = append(keys, k)
	}
	last := func(k string) time.Time { fs := l.fails[k]; return fs[len(fs)-1] }
	sort.Slice(keys, func(i, j int) bool { return last(keys[i]).Before(last(keys[j])) })
	for _, k := range keys[:len(keys)-maxKeys*9/10] {
		delete(l.fails, k)
	}
}

func (l *Limiter) recent(k string, now time.Time) []time.Time {
	fs := l.fails[k]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-l.Window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.fails, k)
		return nil
	}
	l.fails[k] = fs
	return fs
}

// Accounts logs users in and out over a store.
type Accounts struct {
	Store cityspend.AccountStore
	// TTL is how long a session lasts (default 12 hours).
	TTL time.Duration
	// Limit counts failed logins per address and per e-mail (default 5 in
	// 15 minutes).
	Limit *Limiter
	Now   func() time.Time
}

// NewAccounts returns Accounts with the defaults.
func NewAccounts(st cityspend.AccountStore) *Accounts {
	return &Accounts{Store: st, TTL: 12 * time.Hour, Limit: NewLimiter(5, 15*time.Minute), Now: func() time.Time { return time.Now().UTC() }}
}

// ErrTooMany is returned (wrapped in a cityspend error) while a login is
// refused for too many failures; Login returns the wait beside it.
const ErrTooMany = "too many failed logins"

// Login checks an e-mail and password from an address and starts a session.
// It returns the session's token (for the cookie). A refused login says
// nothing about which of the two was wrong.
func (a *Accounts) Login(ctx context.Context, email, pw, addr string) (token string, s cityspend.Session, u cityspend.User, wait time.Duration, err error) {
	now := a.Now()
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 {
		email = email[:254]
	}
	addrKey, emailKey := "addr:"+addr, "email:"+email
	// The attempt is taken before the password is checked.
	if w := a.Limit.Take(now, addrKey, emailKey); w > 0 {
		return "", s, u, w, cityspend.Errorf(cityspend.EUNAUTHORIZED, "%s: try again in %d minutes", ErrTooMany, int(w.Minutes())+1)
	}
	u, err = a.Store.UserByEmail(ctx, email)
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return "", s, u, 0, err
	}
	if err != nil || u.Disabled || !CheckPassword(u.PasswordHash, pw) {
		if err != nil {
			CheckPassword(dummyHash, pw) // the same time whether or not the user exists
		}
		return "", s, cityspend.User{}, 0, cityspend.Errorf(cityspend.EUNAUTHORIZED, "the e-mail or the password is wrong")
	}
	// Success gives back the address's attempt and clears the account's
	// failures; the address's other failures stay (one's own account is no
	// way around the limit on guessing others').
	a.Limit.Give(addrKey, now)
	a.Limit.Reset(emailKey)
	if u.Unconfirmed {
		return "", s, u, 0, cityspend.Errorf(cityspend.EUNAUTHORIZED, "confirm your e-mail address first: open the link in the message we sent")
	}
	token = NewToken()
	s = cityspend.Session{TokenHash: TokenHash(token), UserID: u.ID, CSRF: NewToken(), CreatedAt: now, ExpiresAt: now.Add(a.TTL)}
	if err := a.Store.CreateSession(ctx, s); err != nil {
		return "", s, u, 0, err
	}
	return token, s, u, 0, nil
}

var dummyHash, _ = HashPassword("not anyone's password")

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
