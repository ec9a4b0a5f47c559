// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/plan"
)

// The innovation broker's public pages, for anyone: the challenges open to
// the market, a challenge with its answers, files and events, the buyers'
// published pipelines (page, Atom feed, OCDS), and the broker's figures.
// The rules are the broker's and the plan's; these handlers read the
// request, call one of them and write the answer.

// challengesView is a list of challenges: the public one, and the buyer's
// own with the form for a new one.
type challengesView struct {
	page
	Challenges []cityspend.Challenge
	Buyers     map[string]string
	Saved      string
	// Edit are the form's values (nil: a new challenge).
	Edit                 *cityspend.Challenge
	BudgetMin, BudgetMax string
}

func (s *Server) handlePublicChallenges(w http.ResponseWriter, r *http.Request) {
	v := challengesView{page: s.newPage(w, r, "", "")}
	v.Title = v.L.T("ch.public")
	board, err := s.broker.Board(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Challenges, v.Buyers = board.Challenges, board.Buyers
	s.render(w, r, "challenges_public.html", v)
}

func (s *Server) apiChallenges(w http.ResponseWriter, r *http.Request) {
	cs, err := s.broker.PublishedChallenges(r.Context())
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

func (s *Server) handlePublicChallenge(w http.ResponseWriter, r *http.Request) {
	pc, err := s.broker.PublicChallenge(r.Context(), userOf(r), r.PathValue("id"), r.PathValue("cid"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := publicChallengeView{page: s.newPage(w, r, pc.Challenge.Title, ""), C: pc.Challenge, BuyerName: pc.BuyerName, Answered: pc.Answered,
		Interested: pc.Interested, Asked: r.URL.Query().Get("asked") == "1", Registered: r.URL.Query().Get("registered") == "1",
		Files: pc.Files, Events: pc.Events, Now: time.Now().UTC(), JoinAs: pc.JoinAs}
	s.render(w, r, "challenge_public.html", v)
}

// handleFile serves a challenge's file (to anyone once the challenge is
// published, to the buyer's staff while it is a draft), always as a
// download, never shown in the site's origin.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	a, err := s.broker.Attachment(r.Context(), userOf(r), r.PathValue("id"), r.PathValue("cid"), r.PathValue("name"))
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

// The published pipelines.

type pipelineView struct {
	page
	Who      cityspend.Buyer
	Items    []cityspend.PlanItem
	Total    cityspend.Amount
	Pipeline []cityspend.PlanItem // the UK pipeline notice's items
}

// handlePipeline is the public pipeline page of a buyer: its published
// items, no login, no navigation into the buyer's own pages.
func (s *Server) handlePipeline(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "", "")
	b, items, err := plan.PublishedItems(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = b.Name + " · " + p.L.T("pub.title")
	v := pipelineView{page: p, Who: b, Items: items, Pipeline: plan.Pipeline(b, items)}
	for _, it := range items {
		v.Total += it.Value
	}
	s.render(w, r, "pipeline.html", v)
}

// publication is where the public pipeline of this server is: its public
// URL, else the address the request reached.
func (s *Server) publication(r *http.Request) plan.Publication {
	return plan.Publication{BaseURL: s.baseURL(r)}
}

func (s *Server) handlePipelineAtom(w http.ResponseWriter, r *http.Request) {
	b, items, err := plan.PublishedItems(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeBuffered(w, r, "application/atom+xml; charset=utf-8", func(out io.Writer) error {
		return plan.Atom(out, b, items, s.publication(r))
	})
}

func (s *Server) handlePipelineOCDS(w http.ResponseWriter, r *http.Request) {
	b, items, err := plan.PublishedItems(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := plan.BuyerPublication(r.Context(), s.store, b.ID, s.publication(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeBuffered(w, r, "application/json", func(out io.Writer) error { return plan.OCDS(out, b, items, p) })
}

// The broker's figures across the installation.

type monitorView struct {
	page
	M *broker.Monitor
}

func (s *Server) handleMonitor(w http.ResponseWriter, r *http.Request) {
	vis, err := s.visible(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.broker.Monitoring(r.Context(), vis)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := monitorView{page: s.newPage(w, r, "", ""), M: m}
	v.Title = v.L.T("mon.title")
	s.render(w, r, "monitor.html", v)
}

func (s *Server) apiMonitor(w http.ResponseWriter, r *http.Request) {
	vis, err := s.visible(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.broker.Monitoring(r.Context(), vis)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, m)
}
