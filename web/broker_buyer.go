// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/tables"
)

// The innovation broker's pages for a buyer's staff: its challenges (open,
// change, publish), the suppliers that fit a need, answers to questions,
// the contact log, a challenge's files and events and its engagement
// summary, joining another buyer's challenge, and joint procurement. The
// rules are the broker's.

func (s *Server) handleChallenges(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := challengesView{page: p, Saved: r.URL.Query().Get("saved")}
	v.Title = v.L.T("nav.challenges")
	if v.Challenges, err = s.broker.Challenges(r.Context(), p.Buyer.ID); err != nil {
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
	c, err := s.broker.CreateChallenge(r.Context(), *p.Buyer, r.PostForm, decSep(p.Lang), who(r), s.baseURL(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, p.BuyerPath("/challenges/"+url.PathEscape(c.ID))+"?saved=1")
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
	// Market is the market-development view (the buyer's staff only:
	// the route is theirs).
	Market    *broker.Market
	FileTypes string
	// Edit are the challenge's values in the edit form, BudgetMin and
	// BudgetMax its budget as the reader writes amounts.
	Edit                 *cityspend.Challenge
	BudgetMin, BudgetMax string
}

func (s *Server) handleChallenge(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	vis, err := s.visible(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.broker.Desk(r.Context(), *p.Buyer, r.PathValue("cid"), vis)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c := d.Challenge
	v := challengeView{page: p, C: c, Matches: d.Matches, Questions: d.Questions, Interests: d.Interests, Names: d.Names,
		Saved: r.URL.Query().Get("saved") == "1", Answered: r.URL.Query().Get("answered"), Files: d.Files, Events: d.Events, Market: &d.Market,
		FileTypes: strings.Join(broker.FileTypes(), " "), Edit: &c, BudgetMin: amountInput(p.Lang, c.BudgetMin), BudgetMax: amountInput(p.Lang, c.BudgetMax)}
	v.Title = c.Title
	s.render(w, r, "challenge.html", v)
}

// apiMatches serves the suppliers that fit a need: a challenge, or a plan
// item (the kind of target), ranked from what the request may see.
func (s *Server) apiMatches(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		vis, err := s.visible(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		var ms []broker.Match
		if target == "challenge" {
			ms, err = s.broker.ChallengeMatches(r.Context(), r.PathValue("id"), r.PathValue("cid"), vis)
		} else {
			ms, err = s.broker.PlanItemMatches(r.Context(), r.PathValue("id"), r.PathValue("item"), vis)
		}
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

func (s *Server) handleChallengeEdit(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.broker.EditChallenge(r.Context(), p.Buyer.ID, r.PathValue("cid"), r.PostForm, decSep(p.Lang), s.baseURL(r))
	if err != nil {
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
	if v.Contacts, err = s.broker.Contacts(r.Context(), p.Buyer.ID); err != nil {
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
	if err := s.broker.DeleteAttachment(r.Context(), buyerID, cid, r.PathValue("name")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?saved=1")
}

func (s *Server) handleEventNew(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	e, err := broker.EventFromForm(r.PostForm)
	if err != nil {
		s.error(w, r, err)
		return
	}
	e.BuyerID, e.ChallengeID, e.CreatedBy = buyerID, cid, who(r)
	if _, err := s.broker.AddEvent(r.Context(), e); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid)+"?saved=1")
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
	format := r.URL.Query().Get("format")
	switch format {
	case "", "csv":
		format = "csv"
	case "xlsx":
	default:
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "format %q: csv or xlsx", format))
		return
	}
	s.writeTable(w, r, tables.Engagement(rows), format, fmt.Sprintf("%s-%s-engagement.%s", p.Buyer.ID, unsafeName(cid), format), p.L)
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

// Another buyer's challenges: joining one, and joint procurement.

// handleJoin joins a published challenge of another buyer for a buyer the
// user is an analyst or admin of.
func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	buyerID, cid := r.PathValue("id"), r.PathValue("cid")
	if err := s.broker.Join(r.Context(), me(r).User, buyerID, cid, r.PostFormValue("as"), r.PostFormValue("role")); err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/public/"+url.PathEscape(buyerID)+"/challenges/"+url.PathEscape(cid))
}

type jointView struct {
	page
	Groups  []jointGroup
	Invited string
}

// jointGroup is an opportunity with, per item, where an item planned
// elsewhere was read ("" for this installation's) and the page it is
// published on.
type jointGroup struct {
	broker.JointGroup
	From []string
	Href []string
}

func (s *Server) handleJoint(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "challenges")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := jointView{page: p, Invited: r.URL.Query().Get("invited")}
	v.Title = v.L.T("jp.title")
	gs, err := s.broker.Joint(r.Context(), p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, g := range gs {
		jg := jointGroup{JointGroup: g, From: make([]string, len(g.Items)), Href: make([]string, len(g.Items))}
		for i, it := range g.Items {
			if it.Source != nil {
				jg.From[i] = sourceNote(v.L, *it.Source, it.Source.URL)
				// cityspend's pipeline beside its OCDS package; else the package
				jg.Href[i] = it.Source.URL
				if u, ok := strings.CutSuffix(it.Source.URL, "/plan.json"); ok {
					jg.Href[i] = u + "/pipeline"
				}
			}
		}
		v.Groups = append(v.Groups, jg)
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
