// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/tables"
)

// SetMailer sets how the server sends messages (confirmations, answers);
// the default writes them to the log.
func (s *Server) SetMailer(m notify.Mailer) { s.broker.Mail = m }

// baseURL is the site's public address (serve --public-url), else as the
// request reached it.
func (s *Server) baseURL(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// redirect sends the browser on after a change.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// Public: the challenges open to the market.

type challengesView struct {
	page
	Challenges []cityspend.Challenge
	Buyers     map[string]string
	Saved      string
	// Edit are the form's values (nil: a new challenge).
	Edit                 *cityspend.Challenge
	BudgetMin, BudgetMax string
}

func (s *Server) buyerNames(r *http.Request) (map[string]string, error) {
	bs, err := s.store.Buyers(r.Context())
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, b := range bs {
		m[b.ID] = b.Name
	}
	return m, nil
}

func (s *Server) publishedChallenges(r *http.Request) ([]cityspend.Challenge, error) {
	all, err := s.store.Challenges(r.Context(), "")
	if err != nil {
		return nil, err
	}
	out := []cityspend.Challenge{}
	for _, c := range all {
		if c.Status == cityspend.ChallengePublished {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *Server) handlePublicChallenges(w http.ResponseWriter, r *http.Request) {
	v := challengesView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("ch.public")
	var err error
	if v.Challenges, err = s.publishedChallenges(r); err == nil {
		v.Buyers, err = s.buyerNames(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "challenges_public.html", v)
}

func (s *Server) apiChallenges(w http.ResponseWriter, r *http.Request) {
	cs, err := s.publishedChallenges(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, cs)
}

type publicChallengeView struct {
	page
	C          cityspend.Challenge
	BuyerName  string
	Answered   []cityspend.Question
	Interested bool
	Asked      bool
	Registered bool
	Files      []cityspend.Attachment
	Events     []cityspend.Event
	Now        time.Time
	// JoinAs are the buyers the user may join the challenge for.
	JoinAs []string
}

// consultation is a challenge's files and events.
func (s *Server) consultation(r *http.Request, c cityspend.Challenge) ([]cityspend.Attachment, []cityspend.Event, error) {
	fs, err := s.store.Attachments(r.Context(), c.BuyerID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	es, err := s.store.Events(r.Context(), c.BuyerID, c.ID)
	return fs, es, err
}

func (s *Server) handlePublicChallenge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.broker.PublishedChallenge(ctx, r.PathValue("id"), r.PathValue("cid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.store.Buyer(ctx, c.BuyerID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	qs, err := s.store.Questions(ctx, c.BuyerID, c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := publicChallengeView{page: s.newPage(w, r, c.Title, ""), C: c, BuyerName: b.Name, Asked: r.URL.Query().Get("asked") == "1",
		Registered: r.URL.Query().Get("registered") == "1", Now: time.Now().UTC()}
	if v.Files, v.Events, err = s.consultation(r, c); err != nil {
		s.error(w, r, err)
		return
	}
	for _, q := range qs {
		if q.Answer != "" {
			q.SupplierID, q.AskedBy = "", "" // the asker is not shown
			v.Answered = append(v.Answered, q)
		}
	}
	if id := me(r); id != nil {
		for _, g := range id.User.Grants {
			if g.BuyerID != c.BuyerID && cityspend.RoleAtLeast(g.Role, cityspend.RoleAnalyst) {
				v.JoinAs = append(v.JoinAs, g.BuyerID)
			}
		}
	}
	if id := me(r); id != nil && id.User.SupplierID != "" {
		is, err := s.store.Interests(ctx, cityspend.InterestFilter{SupplierID: id.User.SupplierID, BuyerID: c.BuyerID, Kind: "challenge", TargetID: c.ID})
		if err != nil {
			s.error(w, r, err)
			return
		}
		v.Interested = len(is) > 0
	}
	s.render(w, r, "challenge_public.html", v)
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

func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	if err := s.broker.Join(r.Context(), me(r).User, buyerID, cid, r.PostFormValue("as"), r.PostFormValue("role")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid))
}

func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) {
	if _, err := s.broker.Ask(r.Context(), me(r).User, r.PathValue("id"), r.PathValue("cid"), r.PostFormValue("question")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(r.PathValue("id"))+"/challenges/"+url.PathEscape(r.PathValue("cid"))+"?asked=1")
}

// Suppliers: registration, confirmation, their own page.

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
		Password: r.PostFormValue("password")}
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
	Saved         bool
	Invited       bool
	Message       string
}

func (s *Server) supplierHome(w http.ResponseWriter, r *http.Request) (supplierHomeView, error) {
	ctx := r.Context()
	u := me(r).User
	v := supplierHomeView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("sup.title")
	var err error
	if v.Profile, err = s.store.Capability(ctx, u.SupplierID); err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return v, err
	}
	if v.Opportunities, err = s.broker.Opportunities(ctx, u.SupplierID); err != nil {
		return v, err
	}
	v.Interests, err = s.store.Interests(ctx, cityspend.InterestFilter{SupplierID: u.SupplierID})
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
	s.render(w, r, "supplier_home.html", v)
}

func (s *Server) handleInviteColleague(w http.ResponseWriter, r *http.Request) {
	if err := s.broker.InviteColleague(r.Context(), me(r).User, r.PostFormValue("email"), s.baseURL(r)); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/supplier?invited=1")
}

func (s *Server) handleSupplierSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := me(r).User
	c, err := s.store.Capability(ctx, u.SupplierID)
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	c.SupplierID = u.SupplierID
	if err := broker.ProfileFromForm(&c, r.PostForm); err != nil {
		v, verr := s.supplierHome(w, r)
		if verr != nil {
			s.error(w, r, verr)
			return
		}
		v.Message = cityspend.ErrorMessage(err)
		v.Profile = c
		s.renderStatus(w, r, status(err), "supplier_home.html", v)
		return
	}
	c.UpdatedAt = time.Now().UTC()
	if err := s.store.PutCapability(ctx, c); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/supplier?saved=1")
}

// Buyer staff: challenges, matches, answers, the contact log.

func (s *Server) handleChallenges(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := challengesView{page: p, Saved: r.URL.Query().Get("saved")}
	v.Title = v.L.T("nav.challenges")
	if v.Challenges, err = s.store.Challenges(r.Context(), p.Buyer.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "challenges.html", v)
}

func (s *Server) handleChallengeNew(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := time.Now().UTC()
	c := cityspend.Challenge{BuyerID: p.Buyer.ID, Currency: p.Buyer.Currency, Status: cityspend.ChallengeDraft, CreatedBy: who(r), CreatedAt: now, UpdatedAt: now}
	if err := broker.FromForm(&c, r.PostForm, planDec(p)); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.checkPartners(r, c); err != nil {
		s.error(w, r, err)
		return
	}
	if c, err = s.store.PutChallenge(r.Context(), c); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.announce(r, "", c); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, p.BuyerPath("/challenges/"+url.PathEscape(c.ID))+"?saved=1")
}

// announce sends a challenge that has just been published to the suppliers
// that follow its buyer or categories.
func (s *Server) announce(r *http.Request, was string, c cityspend.Challenge) error {
	if c.Status != cityspend.ChallengePublished || was == cityspend.ChallengePublished || was == cityspend.ChallengeClosed {
		return nil
	}
	_, err := s.broker.Announce(r.Context(), c, s.baseURL(r))
	return err
}

// checkPartners refuses partners that are not buyers here, and plan items
// the buyer does not have.
func (s *Server) checkPartners(r *http.Request, c cityspend.Challenge) error {
	if len(c.PlanItems) > 0 {
		items, err := s.store.PlanItems(r.Context(), c.BuyerID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, it := range items {
			have[it.ID] = true
		}
		for _, id := range c.PlanItems {
			if !have[id] {
				return cityspend.Errorf(cityspend.EINVALID, "buyer %s has no plan item %s", c.BuyerID, id)
			}
		}
	}
	for _, pt := range c.Partners {
		if _, err := s.store.Buyer(r.Context(), pt.BuyerID); err != nil {
			return cityspend.Errorf(cityspend.EINVALID, "partner %s is not a buyer on this installation", pt.BuyerID)
		}
		if pt.BuyerID == c.BuyerID {
			return cityspend.Errorf(cityspend.EINVALID, "the buyer is not its own partner")
		}
	}
	return nil
}

type challengeView struct {
	page
	C         cityspend.Challenge
	Matches   []broker.Match
	Questions []cityspend.Question
	Interests []cityspend.Interest
	Names     map[string]string
	Saved     bool
	Answered  string
	Files     []cityspend.Attachment
	Events    []cityspend.Event
	FileTypes string
	// Edit are the challenge's values in the edit form, BudgetMin and
	// BudgetMax its budget as the reader writes amounts.
	Edit                 *cityspend.Challenge
	BudgetMin, BudgetMax string
}

func (s *Server) handleChallenge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.store.Challenge(ctx, p.Buyer.ID, r.PathValue("cid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := challengeView{page: p, C: c, Saved: r.URL.Query().Get("saved") == "1", Answered: r.URL.Query().Get("answered"), Names: map[string]string{},
		Edit: &c, BudgetMin: amountInput(p, c.BudgetMin), BudgetMax: amountInput(p, c.BudgetMax)}
	v.Title = c.Title
	if v.Matches, err = s.matches(r, *p.Buyer, c); err != nil {
		s.error(w, r, err)
		return
	}
	if v.Questions, err = s.store.Questions(ctx, p.Buyer.ID, c.ID); err != nil {
		s.error(w, r, err)
		return
	}
	if v.Interests, err = s.store.Interests(ctx, cityspend.InterestFilter{BuyerID: p.Buyer.ID, Kind: "challenge", TargetID: c.ID}); err != nil {
		s.error(w, r, err)
		return
	}
	for _, m := range v.Matches {
		v.Names[m.SupplierID] = m.Name
	}
	if v.Files, v.Events, err = s.consultation(r, c); err != nil {
		s.error(w, r, err)
		return
	}
	v.FileTypes = strings.Join(broker.FileTypes(), " ")
	s.render(w, r, "challenge.html", v)
}

// matches ranks the suppliers for a challenge (the best 25).
// (The candidates and their text index — every supplier of every buyer —
// are kept between requests while the data stays the same.)
func (s *Server) matches(r *http.Request, b cityspend.Buyer, c cityspend.Challenge) ([]broker.Match, error) {
	v, err := s.results.get("ranker", func() (any, error) {
		cands, err := broker.Candidates(context.WithoutCancel(r.Context()), s.store)
		if err != nil {
			return nil, err
		}
		return broker.NewRanker(cands), nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*broker.Ranker).Rank(c, b.Municipality, 25), nil
}

// apiMatches serves the suppliers that fit a need: a challenge, or a plan
// item (need reads it).
func (s *Server) apiMatches(need func(r *http.Request, b cityspend.Buyer) (cityspend.Challenge, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := s.store.Buyer(r.Context(), r.PathValue("id"))
		if err != nil {
			s.error(w, r, err)
			return
		}
		c, err := need(r, b)
		if err != nil {
			s.error(w, r, err)
			return
		}
		ms, err := s.matches(r, b, c)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if ms == nil {
			ms = []broker.Match{}
		}
		s.json(w, http.StatusOK, ms)
	}
}

func (s *Server) challengeNeed(r *http.Request, b cityspend.Buyer) (cityspend.Challenge, error) {
	return s.store.Challenge(r.Context(), b.ID, r.PathValue("cid"))
}

func (s *Server) planItemNeed(r *http.Request, b cityspend.Buyer) (cityspend.Challenge, error) {
	it, err := s.store.PlanItem(r.Context(), b.ID, r.PathValue("item"))
	return broker.PlanNeed(it), err
}

func (s *Server) handleChallengeEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.store.Challenge(ctx, p.Buyer.ID, r.PathValue("cid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	was := c.Status
	if err := broker.FromForm(&c, r.PostForm, planDec(p)); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.checkPartners(r, c); err != nil {
		s.error(w, r, err)
		return
	}
	c.UpdatedAt = time.Now().UTC()
	if _, err := s.store.PutChallenge(ctx, c); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.announce(r, was, c); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, p.BuyerPath("/challenges/"+url.PathEscape(c.ID))+"?saved=1")
}

func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	qid, err := strconv.ParseInt(r.PathValue("qid"), 10, 64)
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no question %q", r.PathValue("qid")))
		return
	}
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	_, sent, err := s.broker.Answer(r.Context(), buyerID, cid, qid, r.PostFormValue("answer"), who(r), s.baseURL(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?answered="+strconv.Itoa(sent))
}

type contactsView struct {
	page
	Contacts []cityspend.Contact
}

func (s *Server) handleContacts(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := contactsView{page: p}
	v.Title = v.L.T("ct.title")
	if v.Contacts, err = s.store.Contacts(r.Context(), p.Buyer.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "contacts.html", v)
}

// Consultation: files, events, the engagement summary.

func (s *Server) handleFileUpload(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	f, h, err := r.FormFile("file")
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "choose a file to add"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, broker.MaxAttachment+1))
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the file could not be read"))
		return
	}
	if _, err := s.broker.AddAttachment(r.Context(), buyerID, cid, h.Filename, data, who(r)); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?saved=1")
}

func (s *Server) handleFileDelete(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	if err := s.store.DeleteAttachment(r.Context(), buyerID, cid, r.PathValue("name")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?saved=1")
}

// handleFile serves a challenge's file: to anyone once the challenge is
// published, to the buyer's staff while it is a draft. It is always a
// download, never shown in the site's origin.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	c, err := s.store.Challenge(ctx, buyerID, cid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if c.Status == cityspend.ChallengeDraft {
		if err := s.allow(r, viewer); err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no published challenge %s", buyerID, cid))
			return
		}
	}
	a, err := s.store.Attachment(ctx, buyerID, cid, r.PathValue("name"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, a.Name))
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Write(a.Data)
}

func (s *Server) handleEventNew(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	e := cityspend.Event{BuyerID: buyerID, ChallengeID: cid, Title: get("title"), Place: get("place"), OnlineURL: get("online_url"), CreatedBy: who(r)}
	if v := get("starts"); v != "" {
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "start %q: a date and time, yyyy-mm-ddThh:mm", v))
			return
		}
		e.Starts = t
	}
	if v := get("capacity"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "capacity %q is not a number", v))
			return
		}
		e.Capacity = n
	}
	if _, err := s.broker.AddEvent(r.Context(), e); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?saved=1")
}

func (s *Server) handleEventRegister(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no event %q", r.PathValue("eid")))
		return
	}
	if err := s.broker.RegisterForEvent(r.Context(), me(r).User, buyerID, eid); err != nil {
		s.error(w, r, err)
		return
	}
	to := "/challenges"
	if es, err := s.store.Events(r.Context(), buyerID, ""); err == nil {
		for _, e := range es {
			if e.ID == eid && e.ChallengeID != "" {
				to = "/public/" + url.PathEscape(buyerID) + "/challenges/" + url.PathEscape(e.ChallengeID) + "?registered=1"
			}
		}
	}
	redirect(w, r, to)
}

func (s *Server) handleEngagement(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	cid := r.PathValue("cid")
	rows, err := s.broker.Engagement(r.Context(), p.Buyer.ID, cid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	t := tables.Engagement(rows)
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	format := r.URL.Query().Get("format")
	switch format {
	case "", "csv":
		format = "csv"
		err = tables.WriteCSV(&buf, t)
	case "xlsx":
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = tables.WriteXLSX(&buf, t, p.L)
	default:
		err = cityspend.Errorf(cityspend.EINVALID, "format %q: csv or xlsx", format)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-engagement.%s"`, p.Buyer.ID, unsafeName(cid), format))
	buf.WriteTo(w)
}

// unsafeName keeps a name's letters, digits, '.', '_' and '-'.
func unsafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// Joint procurement and monitoring.

type jointView struct {
	page
	Groups  []broker.JointGroup
	Invited string
}

func (s *Server) handleJoint(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := jointView{page: p, Invited: r.URL.Query().Get("invited")}
	v.Title = v.L.T("jp.title")
	if v.Groups, err = s.broker.Joint(r.Context(), p.Buyer.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "joint.html", v)
}

func (s *Server) handleJointInvite(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	n, err := s.broker.Invite(r.Context(), buyerID, r.PostFormValue("item"), r.PostFormValue("group"), who(r), s.baseURL(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/joint?invited="+strconv.Itoa(n))
}

type monitorView struct {
	page
	M *broker.Monitor
}

func (s *Server) handleMonitor(w http.ResponseWriter, r *http.Request) {
	m, err := s.broker.Monitoring(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := monitorView{page: s.newPage(w, r, "", ""), M: m}
	v.Title = v.L.T("mon.title")
	s.render(w, r, "monitor.html", v)
}

func (s *Server) apiMonitor(w http.ResponseWriter, r *http.Request) {
	m, err := s.broker.Monitoring(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, m)
}
