// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/staff"
)

// A buyer's admin manages its people (package staff): the list with each
// one's role and last login, invitations, role changes and removals,
// their API tokens; and reads the buyer's audit log. An invited person
// sets their password from the mail's link (/invite).

// peopleView is a buyer's people page.
type peopleView struct {
	page
	People []personRow
	Roles  []string
	// Form is the invitation form as sent, Message what is wrong with it
	// or with a change; Done what was just done.
	Form    url.Values
	Message string
	Done    string
	// NewToken is a token just made (shown once) and whose it is.
	NewToken, TokenFor string
}

// personRow is a person as the list shows them.
type personRow struct {
	staff.Person
	LastLogin string
	Self      bool // the admin looking at the page
	Href      string
	// CanMakeToken: the admin may have a token made for the person (who
	// has accepted the invitation and has no role at a buyer the admin
	// does not administer: a token acts at all of them); LastAdmin:
	// the buyer's only active admin, whose role stays.
	CanMakeToken, LastAdmin bool
}

func (s *Server) peopleView(w http.ResponseWriter, r *http.Request) (peopleView, error) {
	p, err := s.ownPage(w, r, "people")
	if err != nil {
		return peopleView{page: p}, err
	}
	v := peopleView{page: p, Roles: cityspend.Roles, Form: url.Values{"role": {cityspend.RoleViewer}}}
	ps, err := s.staff.People(r.Context(), p.Buyer.ID)
	if err != nil {
		return v, err
	}
	for _, x := range ps {
		row := personRow{Person: x, LastLogin: when(p, x.LastLogin), Self: p.Me != nil && x.ID == p.Me.ID,
			Href: p.BuyerPath("/people/" + strconv.FormatInt(x.ID, 10)), CanMakeToken: !x.Unconfirmed}
		for _, g := range x.Grants {
			row.CanMakeToken = row.CanMakeToken && cityspend.RoleAtLeast(me(r).roleAt(g.BuyerID), cityspend.RoleAdmin)
		}
		v.People = append(v.People, row)
	}
	var admins []int
	for i, x := range v.People {
		if x.Role == cityspend.RoleAdmin && !x.Disabled && !x.Unconfirmed {
			admins = append(admins, i)
		}
	}
	if len(admins) == 1 {
		v.People[admins[0]].LastAdmin = true
	}
	return v, nil
}

func (s *Server) handlePeople(w http.ResponseWriter, r *http.Request) {
	v, err := s.peopleView(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	if done := q.Get("done"); slices.Contains([]string{"invited", "role", "removed", "revoked"}, done) {
		for _, x := range v.People {
			if strconv.FormatInt(x.ID, 10) == q.Get("user") {
				v.Done = v.L.T("people.done."+done, x.Email)
			}
		}
		if done == "removed" {
			v.Done = v.L.T("people.done.removed")
		}
	}
	s.render(w, r, "people.html", v)
}

// peopleRefused shows the people page again with what is wrong with a
// change (a refusal the person can act on), or the error page.
func (s *Server) peopleRefused(w http.ResponseWriter, r *http.Request, err error, form url.Values) {
	code := status(err)
	if code == http.StatusInternalServerError || code == http.StatusNotFound {
		s.error(w, r, err)
		return
	}
	v, verr := s.peopleView(w, r)
	if verr != nil {
		s.error(w, r, verr)
		return
	}
	if form != nil {
		v.Form = form
	}
	v.Message = cityspend.ErrorMessage(err)
	for sentinel, key := range map[error]string{staff.ErrLastAdmin: "people.last-admin", staff.ErrMember: "people.member",
		staff.ErrSupplier: "people.supplier", staff.ErrOtherBuyer: "people.other-buyer", errBadEmail: "people.bad-email", errNoName: "people.no-name"} {
		if errors.Is(err, sentinel) {
			v.Message = v.L.T(key)
		}
	}
	s.renderStatus(w, r, code, "people.html", v)
}

// An invitation's address or name that is wrong, in the page's words.
var (
	errBadEmail = errors.New("not an e-mail address")
	errNoName   = errors.New("no name")
)

// handleInvite invites a person to the buyer with a role.
func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	form := url.Values{}
	for _, k := range []string{"email", "name", "role"} {
		form.Set(k, r.PostFormValue(k))
	}
	if _, err := cityspend.NormalizeEmail(form.Get("email")); err != nil {
		s.peopleRefused(w, r, fmt.Errorf("%w: %w", errBadEmail, err), form)
		return
	}
	if strings.TrimSpace(form.Get("name")) == "" {
		s.peopleRefused(w, r, fmt.Errorf("%w: %w", errNoName, cityspend.Errorf(cityspend.EINVALID, "a name is required")), form)
		return
	}
	u, err := s.staff.Invite(r.Context(), staff.Invitation{BuyerID: buyerID, Email: form.Get("email"), Name: form.Get("name"),
		Role: form.Get("role"), By: who(r), Base: s.baseURL(r), Lang: s.locale(w, r).Lang})
	if err != nil {
		s.peopleRefused(w, r, err, form)
		return
	}
	done(w, "invite "+u.Email+" as "+form.Get("role"), buyerID, true)
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/people?done=invited&user="+strconv.FormatInt(u.ID, 10))
}

// member is the buyer's person a request names ({uid}); anyone else is
// not found.
func (s *Server) member(r *http.Request) (cityspend.User, error) {
	id, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	if err != nil {
		return cityspend.User{}, cityspend.Errorf(cityspend.ENOTFOUND, "no user %q", r.PathValue("uid"))
	}
	return s.staff.Member(r.Context(), r.PathValue("id"), id)
}

// confirmView asks before a change that takes something away.
type confirmView struct {
	page
	Message, Action, Button string
	Fields                  []field // hidden fields besides the form token and confirm=yes
}

// confirm renders the question before a change; the form posts again with
// confirm=yes.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, title, message, button string, fields ...field) {
	p, err := s.ownPage(w, r, "people")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = title
	s.render(w, r, "confirm.html", confirmView{page: p, Message: message, Action: r.URL.Path, Button: button, Fields: fields})
}

// handleRole changes a person's role at the buyer, or removes them from
// it (role "none", after a confirmation). The buyer keeps an admin.
func (s *Server) handleRole(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	u, err := s.member(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	role := r.PostFormValue("role")
	l := s.locale(w, r)
	switch {
	case role == "none" && r.PostFormValue("confirm") != "yes":
		b, err := s.buyer(r, buyerID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		done(w, "", buyerID, false)
		s.confirm(w, r, l.T("people.remove.title", u.Email), l.T("people.remove.confirm", u.Name, u.Email, l.T("role."+u.RoleAt(buyerID)), b.Name),
			l.T("people.remove.do"), field{"role", "none"})
		return
	case role == "none":
		role = ""
	case role == "":
		s.peopleRefused(w, r, cityspend.Errorf(cityspend.EINVALID, "choose a role"), nil)
		return
	}
	if _, err := s.staff.SetRole(r.Context(), buyerID, u.ID, role); err != nil {
		s.peopleRefused(w, r, err, nil)
		return
	}
	to := "/buyers/" + url.PathEscape(buyerID) + "/people?done=role&user=" + strconv.FormatInt(u.ID, 10)
	if role == "" {
		done(w, "remove "+u.Email, buyerID, true)
		to = "/buyers/" + url.PathEscape(buyerID) + "/people?done=removed"
	} else {
		done(w, "role of "+u.Email+" "+u.RoleAt(buyerID)+" to "+role, buyerID, true)
	}
	// Leaving one's own admin role leaves this page.
	if me(r) != nil && u.ID == me(r).User.ID && role != cityspend.RoleAdmin {
		to = "/buyers/" + url.PathEscape(buyerID)
	}
	redirect(w, r, to)
}

// handleTokens revokes a person's API tokens, or revokes them and makes
// a new one shown once (do=revoke|reset), after a confirmation.
func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	u, err := s.member(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := s.locale(w, r)
	act, scope := r.PostFormValue("do"), r.PostFormValue("scope")
	if act != "revoke" && act != "reset" {
		s.peopleRefused(w, r, cityspend.Errorf(cityspend.EINVALID, "do: revoke or reset"), nil)
		return
	}
	if act == "reset" && scope != cityspend.ScopeRead && scope != cityspend.ScopeWrite {
		s.peopleRefused(w, r, cityspend.Errorf(cityspend.EINVALID, "scope %q: read or write", scope), nil)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		done(w, "", buyerID, false)
		msg := l.T("people.tokens.revoke.confirm", u.Name, u.Email)
		if act == "reset" {
			msg += " " + l.T("people.tokens.reset.confirm", l.T("people.scope."+scope))
		}
		s.confirm(w, r, l.T("people.tokens."+act+".title", u.Email), msg, l.T("people.tokens."+act), field{"do", act}, field{"scope", scope})
		return
	}
	if act == "revoke" {
		n, err := s.staff.RevokeTokens(r.Context(), u.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		done(w, "revoke "+strconv.Itoa(n)+" API tokens of "+u.Email, buyerID, true)
		redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/people?done=revoked&user="+strconv.FormatInt(u.ID, 10))
		return
	}
	id := me(r)
	raw, _, err := s.staff.ResetToken(r.Context(), u, scope, who(r), func(b string) bool {
		return cityspend.RoleAtLeast(id.roleAt(b), cityspend.RoleAdmin)
	})
	if err != nil {
		s.peopleRefused(w, r, err, nil)
		return
	}
	done(w, "reset the API tokens of "+u.Email+" (new "+scope+" token)", buyerID, true)
	v, err := s.peopleView(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.NewToken, v.TokenFor = raw, u.Email
	// Shown once: the page must not be kept.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "people.html", v)
}

// auditPage is how many entries a page of the audit log shows.
const auditPage = 50

// auditView is a page of the buyer's audit log, newest first.
type auditView struct {
	page
	Entries []auditRow
	Pager   pager
}

type auditRow struct {
	cityspend.AuditEntry
	When string
}

func (s *Server) handleAuditPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.ownPage(w, r, "audit")
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	no, err := strconv.Atoi(q.Get("page"))
	if q.Get("page") == "" {
		no, err = 1, nil
	}
	if err != nil || no < 1 || no > 1000 {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "the audit log has no page %q", q.Get("page")))
		return
	}
	// Up to this page and one entry more: whether a next page follows.
	es, err := s.store.AuditLog(r.Context(), p.Buyer.ID, no*auditPage+1)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := auditView{page: p}
	if v.Pager, err = paginate(q, "page", len(es), auditPage, "the audit log"); err != nil {
		s.error(w, r, err)
		return
	}
	v.Pager.link(func(no int) string { return p.BuyerPath("/audit") + "?page=" + strconv.Itoa(no) })
	for _, e := range es[v.Pager.From:v.Pager.To] {
		v.Entries = append(v.Entries, auditRow{AuditEntry: e, When: when(p, e.At)})
	}
	s.render(w, r, "audit.html", v)
}

// inviteView is the page where an invited person sets their password.
type inviteView struct {
	page
	Token   string
	User    cityspend.User
	Message string
}

// invitePage is the invitation's page for a token: the person it is for,
// or false when the link is not (or no longer) valid, after answering
// with the error.
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request, token string) (inviteView, bool) {
	u, err := s.staff.Invited(r.Context(), token)
	if err != nil {
		s.error(w, r, err)
		return inviteView{}, false
	}
	return s.newInviteView(w, r, token, u), true
}

// newInviteView is the invitation's page for the person it is for.
func (s *Server) newInviteView(w http.ResponseWriter, r *http.Request, token string, u cityspend.User) inviteView {
	v := inviteView{page: s.newPage(w, r, "", ""), Token: token, User: u}
	v.Title = v.L.T("invite.title")
	return v
}

func (s *Server) handleInviteForm(w http.ResponseWriter, r *http.Request) {
	v, ok := s.invitePage(w, r, r.URL.Query().Get("token"))
	if !ok {
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	s.render(w, r, "invite.html", v)
}

// handleAcceptInvite sets the invited person's password. The invitation
// is read once: by Staff.Accept, or to show the form again when the two
// passwords differ.
func (s *Server) handleAcceptInvite(w http.ResponseWriter, r *http.Request) {
	token, pw := r.PostFormValue("token"), r.PostFormValue("password")
	if pw != r.PostFormValue("password2") {
		v, ok := s.invitePage(w, r, token)
		if !ok {
			return
		}
		v.Message = v.L.T("invite.mismatch")
		s.renderStatus(w, r, http.StatusBadRequest, "invite.html", v)
		return
	}
	u, err := s.staff.Accept(r.Context(), token, pw)
	if errors.Is(err, auth.ErrShortPassword) {
		// The invitation is valid (Accept read it first): its form again.
		v := s.newInviteView(w, r, token, u)
		v.Message = v.L.T("invite.short", cityspend.MinPassword)
		s.renderStatus(w, r, http.StatusBadRequest, "invite.html", v)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	buyerID, next := "", "/"
	if len(u.Grants) > 0 {
		buyerID, next = u.Grants[0].BuyerID, "/buyers/"+url.PathEscape(u.Grants[0].BuyerID)
	}
	// The audit entry names the person (who has no session yet).
	done(w, "accept invitation "+u.Email, buyerID, true)
	m := messageView{page: s.newPage(w, r, "", ""), Link: "/login?next=" + url.QueryEscape(next)}
	m.Title = m.L.T("invite.done")
	m.Message = m.L.T("invite.done-for", u.Email)
	s.render(w, r, "message.html", m)
}
