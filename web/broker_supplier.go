// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/broker"
)

// The innovation broker's pages for suppliers: registration and its
// confirmation, the firm's page (profile, opportunities, interests,
// colleagues), and what a supplier's user does on a published challenge or
// pipeline (interest, questions, events). The rules are the broker's.

type registerView struct {
	page
	Form    url.Values
	Message string
	Done    bool
}

func (s *Server) handleRegisterForm(w http.ResponseWriter, r *http.Request) {
	// An invitation's link fills in the organisation and the address.
	v := registerView{page: s.newPage(w, r, "", ""), Form: url.Values{"org_number": {r.URL.Query().Get("org")}, "email": {r.URL.Query().Get("email")}}}
	v.Title = v.L.T("reg.title")
	s.render(w, r, "register.html", v)
}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	// The form again on an error, without the password.
	v := registerView{page: s.newPage(w, r, "", ""), Form: url.Values{}}
	v.Title = v.L.T("reg.title")
	for _, k := range []string{"org_number", "name", "email"} {
		v.Form.Set(k, r.PostFormValue(k))
	}
	reg := broker.Registration{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), OrgNumber: r.PostFormValue("org_number"),
		Password: r.PostFormValue("password"), Lang: v.Lang}
	if _, err := s.broker.Register(r.Context(), reg, s.baseURL(r)); err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.error(w, r, err)
			return
		}
		v.Message = cityspend.ErrorMessage(err)
		s.renderStatus(w, r, code, "register.html", v)
		return
	}
	v.Done = true
	s.render(w, r, "register.html", v)
}

type messageView struct {
	page
	Message string
	Link    string
}

func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request) {
	u, err := s.broker.Confirm(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := messageView{page: s.newPage(w, r, "", ""), Link: "/login?next=/supplier"}
	v.Title = v.L.T("reg.confirmed")
	v.Message = v.L.T("reg.confirmed-for", u.Email)
	s.render(w, r, "message.html", v)
}

type supplierHomeView struct {
	page
	Profile       cityspend.Capability
	Opportunities []broker.Opportunity
	Interests     []cityspend.Interest
	Questions     []broker.SupplierQuestion
	Events        []cityspend.Event
	Buyers        map[string]string // names by id
	Saved         bool
	Invited       bool
	Message       string
	// Alert is the user's saved interests for the digest; AlertForm its
	// form's values (as sent, with AlertMessage: what is wrong).
	Alert        cityspend.Alert
	AlertForm    url.Values
	AlertSaved   bool
	AlertMessage string
}

func (s *Server) supplierHome(w http.ResponseWriter, r *http.Request) (supplierHomeView, error) {
	v := supplierHomeView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("sup.title")
	vis, err := s.visible(r)
	if err != nil {
		return v, err
	}
	h, err := s.broker.SupplierHome(r.Context(), me(r).User, vis)
	v.Profile, v.Opportunities, v.Interests, v.Buyers = h.Profile, h.Opportunities, h.Interests, h.Buyers
	v.Questions, v.Events = h.Questions, h.Events
	if err != nil {
		return v, err
	}
	v.Alert, err = alerts.Of(r.Context(), s.store, me(r).User, v.Lang)
	v.AlertForm = alertForm(v.Lang, v.Alert)
	return v, err
}

func (s *Server) handleSupplierHome(w http.ResponseWriter, r *http.Request) {
	v, err := s.supplierHome(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Saved = r.URL.Query().Get("saved") == "1"
	v.Invited = r.URL.Query().Get("invited") == "1"
	v.AlertSaved = r.URL.Query().Get("alerts") == "1"
	s.render(w, r, "supplier_home.html", v)
}

func (s *Server) handleSupplierSave(w http.ResponseWriter, r *http.Request) {
	c, err := s.broker.SaveProfile(r.Context(), me(r).User, r.PostForm)
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.error(w, r, err)
			return
		}
		// The form again, as it was sent, with what is wrong.
		v, verr := s.supplierHome(w, r)
		if verr != nil {
			s.error(w, r, verr)
			return
		}
		v.Message = cityspend.ErrorMessage(err)
		v.Profile = c
		s.renderStatus(w, r, code, "supplier_home.html", v)
		return
	}
	// The language chosen on the profile is the user's, for pages and mail.
	if u := me(r).User; slices.Contains(cityspend.Languages, r.PostForm.Get("lang")) && r.PostForm.Get("lang") != u.Lang {
		if err := s.store.SetUserLang(r.Context(), u.ID, r.PostForm.Get("lang")); err != nil {
			s.error(w, r, err)
			return
		}
	}
	redirect(w, r, "/supplier?saved=1")
}

func (s *Server) handleInviteColleague(w http.ResponseWriter, r *http.Request) {
	if err := s.broker.InviteColleague(r.Context(), me(r).User, r.PostFormValue("email"), s.baseURL(r), s.locale(w, r).Lang); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/supplier?invited=1")
}

func (s *Server) handleInterest(w http.ResponseWriter, r *http.Request) {
	if err := s.broker.ExpressInterest(r.Context(), me(r).User, r.PathValue("id"), "challenge", r.PathValue("cid")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(r.PathValue("id"))+"/challenges/"+url.PathEscape(r.PathValue("cid")))
}

func (s *Server) handlePlanInterest(w http.ResponseWriter, r *http.Request) {
	if err := s.broker.ExpressInterest(r.Context(), me(r).User, r.PathValue("id"), "plan_item", r.PathValue("item")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(r.PathValue("id"))+"/pipeline#"+url.PathEscape(r.PathValue("item")))
}

func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) {
	if _, err := s.broker.Ask(r.Context(), me(r).User, r.PathValue("id"), r.PathValue("cid"), r.PostFormValue("question")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(r.PathValue("id"))+"/challenges/"+url.PathEscape(r.PathValue("cid"))+"?asked=1")
}

// handleEventRegister registers the supplier for an event and goes back
// to the event's challenge (or the challenges).
func (s *Server) handleEventRegister(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no event %q", r.PathValue("eid")))
		return
	}
	e, err := s.broker.RegisterForEvent(r.Context(), me(r).User, buyerID, eid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	to := "/challenges"
	if e.ChallengeID != "" {
		to = "/public/" + url.PathEscape(buyerID) + "/challenges/" + url.PathEscape(e.ChallengeID) + "?registered=1"
	}
	redirect(w, r, to)
}
