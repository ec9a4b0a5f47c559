// SPDX-License-Identifier: EUPL-1.2

// Package staff is a buyer's people as its admin manages them: who has
// which role, invitations by e-mail with a link that sets a password and
// expires, role changes and removals (a buyer always keeps an admin), and
// the people's API tokens.
package staff

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/notify"
)

// InviteTTL is how long an invitation's link may be used.
const InviteTTL = 7 * 24 * time.Hour

// Store is what staff needs of the store.
type Store interface {
	cityspend.AccountStore
	Buyer(ctx context.Context, id string) (cityspend.Buyer, error)
}

// Staff manages people over a store, sending invitations with a mailer.
type Staff struct {
	St   Store
	Mail notify.Mailer
	Now  func() time.Time
	// mu keeps the check that a buyer keeps an admin and the change it
	// allows together: two admins demoting each other at once cannot
	// leave the buyer without one.
	mu sync.Mutex
}

// New returns Staff over a store.
func New(st Store, m notify.Mailer) *Staff {
	return &Staff{St: st, Mail: m, Now: func() time.Time { return time.Now().UTC() }}
}

// Person is a user as a buyer's list of people shows them.
type Person struct {
	cityspend.User
	Role      string    // the role at the buyer
	LastLogin time.Time // zero: never, or not recorded
	Tokens    int       // live API tokens
}

// Invited reports whether the person has not yet accepted an invitation.
func (p Person) Invited() bool { return p.Unconfirmed }

// People lists the users with a role at a buyer, by e-mail.
func (s *Staff) People(ctx context.Context, buyerID string) ([]Person, error) {
	us, err := s.St.Users(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.St.LastLogins(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []Person
	for _, u := range us {
		role := u.RoleAt(buyerID)
		if role == "" {
			continue
		}
		ts, err := s.St.Tokens(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		p := Person{User: u, Role: role, LastLogin: last[u.Email]}
		for _, t := range ts {
			if t.ExpiresAt.After(now) {
				p.Tokens++
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Member reads a user with a role at a buyer (ENOTFOUND for anyone else:
// a buyer's admin sees nothing of other buyers' people).
func (s *Staff) Member(ctx context.Context, buyerID string, userID int64) (cityspend.User, error) {
	u, err := s.St.User(ctx, userID)
	if err == nil && u.RoleAt(buyerID) == "" {
		err = cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no user %d", buyerID, userID)
	}
	return u, err
}

// Invitation is who to invite to a buyer with which role.
type Invitation struct {
	BuyerID, Email, Name, Role string
	By                         string // the admin's e-mail
	Base                       string // the site's address, for the link
	Lang                       string // the message's language
}

// Invite gives a person a role at a buyer. A new address gets an
// unconfirmed account and a message with a link (valid InviteTTL) to set
// a password; an account that has not accepted an earlier invitation gets
// a new link (and the role now given); one that has, a message that it
// has the role. It returns the user.
func (s *Staff) Invite(ctx context.Context, in Invitation) (cityspend.User, error) {
	if !slices.Contains(cityspend.Roles, in.Role) {
		return cityspend.User{}, cityspend.Errorf(cityspend.EINVALID, "role %q: use %s", in.Role, strings.Join(cityspend.Roles, ", "))
	}
	email, err := cityspend.NormalizeEmail(in.Email)
	if err != nil {
		return cityspend.User{}, err
	}
	b, err := s.St.Buyer(ctx, in.BuyerID)
	if err != nil {
		return cityspend.User{}, err
	}
	l := i18n.New(in.Lang)
	base := strings.TrimRight(in.Base, "/")
	u, err := s.St.UserByEmail(ctx, email)
	switch {
	case err == nil && u.SupplierID != "":
		return u, fmt.Errorf("%w: %w", ErrSupplier, cityspend.Errorf(cityspend.EINVALID, "%s is a supplier's account: it cannot have a role at a buyer", email))
	case err == nil && u.RoleAt(in.BuyerID) != "" && !u.Unconfirmed:
		return u, fmt.Errorf("%w: %w", ErrMember, cityspend.Errorf(cityspend.ECONFLICT, "%s is %s here already: change the role in the list", email, u.RoleAt(in.BuyerID)))
	case err == nil:
		if err := s.St.SetGrant(ctx, u.ID, in.BuyerID, in.Role); err != nil {
			return u, err
		}
		if !u.Unconfirmed {
			return u, s.Mail.Send(ctx, notify.Message{To: email, Subject: l.T("mail.staff.granted.subject", b.Name),
				Body: l.T("mail.staff.granted.body", in.By, b.Name, l.T("role."+in.Role), base+"/login")})
		}
	case cityspend.ErrorCode(err) == cityspend.ENOTFOUND:
		u = cityspend.User{Email: email, Name: in.Name, PasswordHash: noPassword, Unconfirmed: true,
			Grants: []cityspend.Grant{{BuyerID: in.BuyerID, Role: in.Role}}}
		if u.ID, err = s.St.CreateUser(ctx, u); err != nil {
			return u, err
		}
	default:
		return u, err
	}
	token, expires := s.inviteToken()
	if err := s.St.SetConfirmation(ctx, u.ID, auth.TokenHash(token)); err != nil {
		return u, err
	}
	return u, s.Mail.Send(ctx, notify.Message{To: email, Subject: l.T("mail.staff.invite.subject", b.Name),
		Body: l.T("mail.staff.invite.body", in.By, b.Name, l.T("role."+in.Role), l.Date(expires), base+"/invite?token="+token)})
}

// noPassword is the password hash of an invited user who has not set one:
// no password matches it.
const noPassword = "!"

// inviteToken is a new invitation's token and when it expires: the expiry
// is part of the token, whose hash the store keeps, so it cannot be
// changed without making the token unknown.
func (s *Staff) inviteToken() (string, time.Time) {
	exp := s.Now().Add(InviteTTL).Truncate(time.Second)
	return strconv.FormatInt(exp.Unix(), 36) + "." + auth.NewToken(), exp
}

// errInvitation is what every link that cannot be used says: whether the
// token was never made or was used is not told.
var errInvitation = cityspend.Errorf(cityspend.ENOTFOUND, "this invitation link is not valid, or was used already: ask the admin who invited you for a new one")

// Invited reads the user an invitation's token is for, changing nothing
// (ENOTFOUND: no such link, or used; EINVALID: expired).
func (s *Staff) Invited(ctx context.Context, token string) (cityspend.User, error) {
	exp, _, ok := strings.Cut(token, ".")
	secs, err := strconv.ParseInt(exp, 36, 64)
	if !ok || err != nil {
		return cityspend.User{}, errInvitation
	}
	u, err := s.St.UserByConfirmation(ctx, auth.TokenHash(token))
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND || err == nil && u.SupplierID != "" {
		return cityspend.User{}, errInvitation
	}
	if err != nil {
		return u, err
	}
	if !s.Now().Before(time.Unix(secs, 0)) {
		return u, cityspend.Errorf(cityspend.EINVALID, "this invitation expired on %s: ask the admin who invited you for a new one",
			time.Unix(secs, 0).UTC().Format(time.DateOnly))
	}
	return u, nil
}

// Accept sets the password of an invited user with the invitation's
// token, which cannot be used again; the user can log in.
func (s *Staff) Accept(ctx context.Context, token, password string) (cityspend.User, error) {
	u, err := s.Invited(ctx, token)
	if err != nil {
		return u, err
	}
	h, err := auth.HashPassword(password)
	if err != nil {
		return u, err
	}
	if u, err = s.St.ConfirmUser(ctx, auth.TokenHash(token)); err != nil {
		if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			return u, errInvitation // used at the same moment
		}
		return u, err
	}
	if err := s.St.SetPassword(ctx, u.ID, h); err != nil {
		return u, err
	}
	return u, s.St.DeleteSessions(ctx, u.ID)
}

// Refusals a page tells in its own words: a change that would leave a
// buyer without an admin; an invitation of someone who has the role
// already, or of a supplier's account; a token of someone also at a buyer
// the admin does not administer.
var (
	ErrLastAdmin  = errors.New("last admin")
	ErrMember     = errors.New("a member already")
	ErrSupplier   = errors.New("a supplier's account")
	ErrOtherBuyer = errors.New("a role at another buyer")
)

// SetRole changes a member's role at a buyer ("" removes them from it).
// The last active admin of a buyer keeps the role: another admin must be
// made first.
func (s *Staff) SetRole(ctx context.Context, buyerID string, userID int64, role string) (cityspend.User, error) {
	if role != "" && !slices.Contains(cityspend.Roles, role) {
		return cityspend.User{}, cityspend.Errorf(cityspend.EINVALID, "role %q: use %s", role, strings.Join(cityspend.Roles, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.Member(ctx, buyerID, userID)
	if err != nil {
		return u, err
	}
	if u.RoleAt(buyerID) == cityspend.RoleAdmin && role != cityspend.RoleAdmin && active(u) {
		us, err := s.St.Users(ctx)
		if err != nil {
			return u, err
		}
		others := 0
		for _, o := range us {
			if o.ID != u.ID && o.RoleAt(buyerID) == cityspend.RoleAdmin && active(o) {
				others++
			}
		}
		if others == 0 {
			return u, fmt.Errorf("%w: %w", ErrLastAdmin,
				cityspend.Errorf(cityspend.ECONFLICT, "%s is the last admin of buyer %s: make someone else admin first", u.Email, buyerID))
		}
	}
	return u, s.St.SetGrant(ctx, userID, buyerID, role)
}

// active reports whether a user can act: confirmed and not disabled.
func active(u cityspend.User) bool { return !u.Disabled && !u.Unconfirmed }

// RevokeTokens revokes all of a user's API tokens and returns how many.
func (s *Staff) RevokeTokens(ctx context.Context, userID int64) (int, error) {
	ts, err := s.St.Tokens(ctx, userID)
	if err != nil {
		return 0, err
	}
	for _, t := range ts {
		if err := s.St.DeleteToken(ctx, t.ID); err != nil {
			return 0, err
		}
	}
	return len(ts), nil
}

// TokenTTL is how long a token made in the browser lives.
const TokenTTL = 90 * 24 * time.Hour

// ResetToken revokes a user's API tokens and makes a new one (returned
// once, never stored). A token acts at every buyer where its user has a
// role, so only someone who administers all of them may have one made:
// adminAt reports whether the person asking administers a buyer.
func (s *Staff) ResetToken(ctx context.Context, u cityspend.User, scope string, by string, adminAt func(buyerID string) bool) (string, cityspend.APIToken, error) {
	for _, g := range u.Grants {
		if !adminAt(g.BuyerID) {
			return "", cityspend.APIToken{}, fmt.Errorf("%w: %w", ErrOtherBuyer, cityspend.Errorf(cityspend.EFORBIDDEN,
				"%s has a role at buyer %s too, which you do not administer: their tokens can be revoked, a new one made from the command line (cityspend user token)", u.Email, g.BuyerID))
		}
	}
	if _, err := s.RevokeTokens(ctx, u.ID); err != nil {
		return "", cityspend.APIToken{}, err
	}
	return auth.NewAPIToken(ctx, s.St, u.ID, "made by "+by, scope, TokenTTL, s.Now())
}
