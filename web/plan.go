// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/plan"
)

// The procurement plan: the buyer's dashboard and editing pages, and the
// API (the public pipeline is in broker_public.go).

type planView struct {
	page
	Items    []cityspend.PlanItem // active, by notice date
	Closed   []cityspend.PlanItem // cancelled or merged
	D        plan.Dashboard
	Quarters template.HTML
	Bands    template.HTML
	Saved    string
	Now      time.Time
	// The pages of a long list of items (?page=).
	Pager pager
	// The calendar shows twelve months at a time (?cal=2: the second
	// twelve), with links to the months before and after.
	Calendar []plan.Month
	Cal      pager
}

// calendarMonths is how many months a page of the calendar shows.
const calendarMonths = 12

// planPages picks the page of items (?page=) and of the calendar's months
// (?cal=); each one's links keep the other's page.
func (v *planView) planPages(q url.Values) error {
	var err error
	if v.Pager, err = paginate(q, "page", len(v.Items), planPage, "the plan"); err != nil {
		return err
	}
	if v.Cal, err = paginate(q, "cal", len(v.D.Calendar), calendarMonths, "the plan's calendar"); err != nil {
		return err
	}
	path := v.BuyerPath("/plan")
	v.Pager.link(func(no int) string { return v.Link(path, "page", strconv.Itoa(no), "cal", pageParam(v.Cal.No)) })
	v.Cal.link(func(no int) string {
		return v.Link(path, "page", pageParam(v.Pager.No), "cal", strconv.Itoa(no)) + "#plan-calendar"
	})
	v.Items, v.Calendar = v.Items[v.Pager.From:v.Pager.To], v.D.Calendar[v.Cal.From:v.Cal.To]
	return nil
}

// CalSpan names the calendar page's months ("Desember 2026 – November 2027").
func (v planView) CalSpan() string {
	if len(v.Calendar) == 0 {
		return ""
	}
	return v.L.Month(v.Calendar[0].Month) + " – " + v.L.Month(v.Calendar[len(v.Calendar)-1].Month)
}

// planPage is how many items a page of the plan lists.
const planPage = 50

// decSep is the decimal separator of a reader's language: what the forms'
// amounts are read with (plan, broker, alerts).
func decSep(lang string) byte {
	if lang == "nb" {
		return ','
	}
	return '.'
}

func (s *Server) handlePlan(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "plan")
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Title = p.Buyer.Name + " · " + p.L.T("nav.plan")
	now := time.Now().UTC()
	o, err := plan.Read(r.Context(), s.store, p.Buyer.ID, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := planView{page: p, Items: o.Active, Closed: o.Closed, D: o.Dashboard, Saved: r.URL.Query().Get("saved"), Now: now}
	if err := v.planPages(r.URL.Query()); err != nil {
		s.error(w, r, err)
		return
	}
	var qs, bs []bar
	for _, b := range v.D.ByQuarter {
		label := b.Key
		if label == "" {
			label = p.L.T("plan.undated")
		}
		qs = append(qs, bar{Label: label, Value: b.Value, Text: p.L.Short(b.Value, p.Buyer.Currency)})
	}
	for _, b := range v.D.ByBand {
		label := p.L.T("plan.proc.none") // exempt: no threshold band
		if b.Key != "" {
			label = p.L.T("pband." + b.Key)
		}
		bs = append(bs, bar{Label: label, Value: b.Value, Text: p.L.Short(b.Value, p.Buyer.Currency)})
	}
	v.Quarters = vbarChart(p.L.T("plan.byquarter"), qs)
	v.Bands = hbarChart(p.L.T("plan.byband"), bs)
	s.render(w, r, "plan.html", v)
}

type planItemView struct {
	page
	It      cityspend.PlanItem
	History []planChangeRow // newest first
	Saved   bool
	Value   string // the estimated value as the form shows it
	// Matches are the suppliers that fit the item (the broker's ranking).
	Matches []broker.Match
}

func (s *Server) handlePlanItem(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "plan")
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, hist, err := plan.Item(r.Context(), s.store, p.Buyer.ID, r.PathValue("item"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	for i, j := 0, len(hist)-1; i < j; i, j = i+1, j-1 {
		hist[i], hist[j] = hist[j], hist[i] // newest first
	}
	p.Title = it.Title
	v := planItemView{page: p, It: it, History: planHistory(p, hist), Saved: r.URL.Query().Get("saved") == "1", Value: amountInput(p.Lang, it.Value)}
	vis, err := s.visible(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if v.Matches, err = s.broker.Matches(r.Context(), *p.Buyer, broker.PlanNeed(it), vis); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, "planitem.html", v)
}

// planChangeRow is a change of a plan item as its history table shows it:
// the field by the label of the edit form and the values in the page's
// language.
type planChangeRow struct {
	At       time.Time
	Who      string
	Field    string // the label ("" when the field has none: Key is shown)
	Key      string
	Old, New planText
}

// planText is a value as a page shows it; Data when it stays as written
// (what a person wrote, codes).
type planText struct {
	T    string
	Data bool
}

// planFields are the messages naming a plan item's fields (its JSON
// keys), the edit form's labels where it has one.
var planFields = map[string]string{
	"created": "plan.field.created", "title": "col.title", "need": "plan.need", "unit": "col.orgunit", "type": "col.type",
	"cpv": "plan.field.cpv", "estimated_value": "col.value", "value_basis": "col.basis", "duration_months": "col.months",
	"options": "col.options", "contract_id": "col.contract", "contract_expiry": "col.expiry", "suppliers": "col.suppliers",
	"regime": "plan.regime", "threshold": "plan.field.threshold", "procedure": "plan.procedure", "lots": "col.lots",
	"framework": "col.framework", "need_date": "col.needdate", "market_dialogue": "col.dialogue", "notice": "col.notice",
	"award": "col.award", "contract_start": "col.start", "environmental": "pflag.environmental", "climate_weight_pct": "col.climate",
	"social": "pflag.social", "innovation": "pflag.innovation", "circular": "pflag.circular", "sme_suitable": "pflag.sme_suitable",
	"partners": "col.partners", "funding": "col.funding", "status": "col.status", "owner": "col.owner", "published": "col.published",
	"published_at": "col.published",
}

// planHistory writes a plan item's changes for its page.
func planHistory(p page, hist []cityspend.PlanChange) []planChangeRow {
	out := make([]planChangeRow, 0, len(hist))
	for _, c := range hist {
		row := planChangeRow{At: c.At, Who: c.Who, Key: c.Field, Old: planText{c.Old, true}, New: planText{c.New, true}}
		if k, ok := planFields[c.Field]; ok {
			row.Field = p.L.T(k)
		}
		if c.Field != "created" { // (created's value is the title, not JSON)
			row.Old.T, row.Old.Data = planValue(p, c.Field, c.Old)
			row.New.T, row.New.Data = planValue(p, c.Field, c.New)
		}
		out = append(out, row)
	}
	return out
}

// planValue is one value of a plan item's field as its history keeps it
// (the field's JSON) in the page's language, and whether it is data (a
// person's words, codes); what does not read as the field's JSON is
// shown as kept.
func planValue(p page, field, raw string) (string, bool) {
	if raw == "" || raw == "null" {
		return "", false
	}
	var it cityspend.PlanItem
	if err := json.Unmarshal([]byte(`{"`+field+`":`+raw+`}`), &it); err != nil {
		return raw, true
	}
	yes := func(b bool) string {
		if b {
			return p.L.T("plan.yes")
		}
		return p.L.T("plan.no")
	}
	key := func(prefix, v string) (string, bool) {
		if i18n.Has(prefix + v) {
			return p.L.T(prefix + v), false
		}
		return v, true
	}
	switch field {
	case "framework":
		return yes(it.Framework), false
	case "environmental":
		return yes(it.Environmental), false
	case "social":
		return yes(it.Social), false
	case "innovation":
		return yes(it.Innovation), false
	case "circular":
		return yes(it.Circular), false
	case "sme_suitable":
		return yes(it.SME), false
	case "published":
		return yes(it.Published), false
	case "type":
		return key("ptype.", it.Type)
	case "status":
		return key("pstatus.", it.Status)
	case "threshold":
		return key("pband.", it.Threshold)
	case "procedure":
		return key("plan.proc.", it.Procedure)
	case "estimated_value":
		return p.L.Money(it.Value, p.Buyer.Currency), false
	case "duration_months":
		return p.L.Int(int64(it.Months)), false
	case "lots":
		return p.L.Int(int64(it.Lots)), false
	case "climate_weight_pct":
		return p.L.Int(int64(it.ClimateWeight)), false
	case "contract_expiry":
		return p.L.Date(it.ContractExpiry), false
	case "need_date":
		return p.L.Date(it.NeedDate), false
	case "market_dialogue":
		return p.L.Date(it.MarketDialogue), false
	case "notice":
		return p.L.Date(it.Notice), false
	case "award":
		return p.L.Date(it.Award), false
	case "contract_start":
		return p.L.Date(it.ContractStart), false
	case "published_at":
		return p.L.Date(it.PublishedAt), false
	case "cpv":
		return strings.Join(it.CPV, " "), true
	case "suppliers":
		return strings.Join(it.Suppliers, ", "), true
	case "links":
		return strings.Join(it.Links, ", "), true
	}
	var str string
	if json.Unmarshal([]byte(raw), &str) == nil {
		return str, true // a person's words or a code
	}
	return raw, true
}

// planForm checks a plan form's origin and reads it with the buyer and the
// editor named in it.
func (s *Server) planForm(w http.ResponseWriter, r *http.Request) (page, *plan.Editor, error) {
	p, err := s.buyerPage(w, r, "", "plan")
	if err != nil {
		return p, nil, err
	}
	if err := r.ParseForm(); err != nil {
		return p, nil, cityspend.Errorf(cityspend.EINVALID, "the form could not be read")
	}
	e, err := plan.NewEditor(r.Context(), s.store, *p.Buyer, who(r))
	return p, e, err
}

func (s *Server) planRedirect(w http.ResponseWriter, r *http.Request, p page, suffix, saved string) {
	u := p.BuyerPath("/plan" + suffix)
	if saved != "" {
		u += "?saved=" + url.QueryEscape(saved)
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

func (s *Server) handlePlanEdit(w http.ResponseWriter, r *http.Request) {
	p, e, err := s.planForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := e.PatchForm(r.Context(), r.PathValue("item"), r.PostForm, decSep(p.Lang))
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, p.BuyerPath("/plan/"+url.PathEscape(it.ID))+"?saved=1", http.StatusSeeOther)
}

func (s *Server) handlePlanNew(w http.ResponseWriter, r *http.Request) {
	p, e, err := s.planForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := e.CreateForm(r.Context(), r.PostForm, decSep(p.Lang))
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, p.BuyerPath("/plan/"+url.PathEscape(it.ID))+"?saved=1", http.StatusSeeOther)
}

func (s *Server) handlePlanSplit(w http.ResponseWriter, r *http.Request) {
	p, e, err := s.planForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var shares []int
	for _, f := range strings.FieldsFunc(r.PostFormValue("shares"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(strings.TrimSuffix(f, "%"))
		if err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "share %q is not a whole number of per cent", f))
			return
		}
		shares = append(shares, n)
	}
	if _, err := e.Split(r.Context(), r.PathValue("item"), shares); err != nil {
		s.error(w, r, err)
		return
	}
	s.planRedirect(w, r, p, "", "split")
}

// handlePlanBulk publishes, withdraws or merges the items ticked in the plan.
func (s *Server) handlePlanBulk(w http.ResponseWriter, r *http.Request) {
	p, e, err := s.planForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ids := r.PostForm["item"]
	if len(ids) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "tick the items first"))
		return
	}
	action := r.PostFormValue("action")
	switch action {
	case "publish", "withdraw":
		err = e.Publish(r.Context(), ids, action == "publish")
	case "merge":
		_, err = e.Merge(r.Context(), ids)
	default:
		err = cityspend.Errorf(cityspend.EINVALID, "action %q: publish, withdraw or merge", action)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.planRedirect(w, r, p, "", action)
}

func (s *Server) handlePlanGenerate(w http.ResponseWriter, r *http.Request) {
	p, e, err := s.planForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	months, err := strconv.Atoi(r.PostFormValue("horizon"))
	if err != nil || months < 1 || months > plan.MaxHorizon {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "horizon %q: 1 to %d months", r.PostFormValue("horizon"), plan.MaxHorizon))
		return
	}
	if _, err := plan.Generate(r.Context(), s.store, p.Buyer.ID, plan.Options{Horizon: months, Who: e.Who}); err != nil {
		s.error(w, r, err)
		return
	}
	s.planRedirect(w, r, p, "", "generated")
}

// amountInput writes an amount for a form field with the reader's decimal
// separator (what FormPatch and broker.FromForm read back).
func amountInput(lang string, a cityspend.Amount) string {
	v := a.String()
	if decSep(lang) == ',' {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}

// API

// apiEditor checks an API change: a JSON body (so that no other site can
// send it from a form) and who makes it.
func (s *Server) apiEditor(r *http.Request) (*plan.Editor, []byte, error) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "send the change as JSON (Content-Type: application/json)")
	}
	b, err := s.buyer(r, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(r.Body) // bounded by the route's limit (limitBodies)
	if err != nil {
		if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
			return nil, nil, err // 413
		}
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "the request body could not be read")
	}
	e, err := plan.NewEditor(r.Context(), s.store, b, who(r))
	if err != nil {
		return nil, nil, err
	}
	return e, body, nil
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) {
	o, err := plan.Read(r.Context(), s.store, r.PathValue("id"), time.Now().UTC())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, struct {
		Items     []cityspend.PlanItem `json:"items"`
		Dashboard plan.Dashboard       `json:"dashboard"`
	}{o.All, o.Dashboard})
}

func (s *Server) apiPlanItem(w http.ResponseWriter, r *http.Request) {
	it, hist, err := plan.Item(r.Context(), s.store, r.PathValue("id"), r.PathValue("item"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, struct {
		cityspend.PlanItem
		History []cityspend.PlanChange `json:"history"`
	}{it, hist})
}

func (s *Server) apiPlanCreate(w http.ResponseWriter, r *http.Request) {
	e, body, err := s.apiEditor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := e.Create(r.Context(), body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusCreated, it)
}

func (s *Server) apiPlanPatch(w http.ResponseWriter, r *http.Request) {
	e, body, err := s.apiEditor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := e.Patch(r.Context(), r.PathValue("item"), body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, it)
}

// apiPlanAction runs generate, publish, merge and split:
//
//	POST .../plan/generate {"horizon_months": 24}
//	POST .../plan/publish  {"items": ["a", "b"], "published": true}
//	POST .../plan/merge    {"items": ["a", "b"]}
//	POST .../plan/{item}/split {"shares": [60, 40]}
func (s *Server) apiPlanAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		e, body, err := s.apiEditor(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		var req struct {
			Horizon   int      `json:"horizon_months"`
			Items     []string `json:"items"`
			Published *bool    `json:"published"`
			Shares    []int    `json:"shares"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if len(bytes.TrimSpace(body)) > 0 {
			if err := dec.Decode(&req); err != nil {
				s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the request: %v", err))
				return
			}
		}
		var out any
		switch action {
		case "generate":
			if req.Horizon < 0 || req.Horizon > plan.MaxHorizon {
				err = cityspend.Errorf(cityspend.EINVALID, "horizon_months %d: 1 to %d", req.Horizon, plan.MaxHorizon)
				break
			}
			out, err = plan.Generate(r.Context(), s.store, e.Buyer.ID, plan.Options{Horizon: req.Horizon, Who: e.Who})
		case "publish":
			published := req.Published == nil || *req.Published
			if len(req.Items) == 0 {
				err = cityspend.Errorf(cityspend.EINVALID, "name the items to publish")
				break
			}
			err = e.Publish(r.Context(), req.Items, published)
			out = map[string]any{"items": req.Items, "published": published}
		case "merge":
			out, err = e.Merge(r.Context(), req.Items)
		case "split":
			out, err = e.Split(r.Context(), r.PathValue("item"), req.Shares)
		default:
			err = fmt.Errorf("unknown plan action %q", action)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.json(w, http.StatusOK, out)
	}
}
