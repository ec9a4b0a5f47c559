// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
)

// The suppliers' alerts: the interests saved on the firm's page and the
// unsubscribe link of the digest (a signed token, no login).
// The rules are package alerts'.

func (s *Server) handleAlertSave(w http.ResponseWriter, r *http.Request) {
	lang := s.locale(w, r).Lang
	a, err := alerts.Save(r.Context(), s.store, me(r).User, r.PostForm, lang, decSep(lang), time.Now().UTC())
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.error(w, r, err)
			return
		}
		v, verr := s.supplierHome(w, r)
		if verr != nil {
			s.error(w, r, verr)
			return
		}
		v.AlertMessage = cityspend.ErrorMessage(err)
		v.Alert, v.AlertForm = a, r.PostForm
		s.renderStatus(w, r, code, "supplier_home.html", v)
		return
	}
	redirect(w, r, "/supplier?alerts=1#alerts")
}

// alertForm is an alert's form values, amounts as the other forms write
// them in the reader's language (amountInput).
func alertForm(lang string, a cityspend.Alert) url.Values {
	f := url.Values{"cpv": {strings.Join(a.CPV, " ")}, "buyers": {strings.Join(a.Buyers, " ")}, "places": {strings.Join(a.Places, ", ")},
		"min_value": {""}, "max_value": {""}}
	for k, v := range map[string]cityspend.Amount{"min_value": a.MinValue, "max_value": a.MaxValue} {
		if v != 0 {
			f.Set(k, amountInput(lang, v))
		}
	}
	return f
}

// unsubscribePath is the digest's unsubscribe link. Its POST needs no
// form token (guard): the signed token in it is the proof, and a mail
// program's one-click POST (RFC 8058) carries no other.
const unsubscribePath = "/alerts/unsubscribe"

// unsubscribeView is the page that asks before unsubscribing.
type unsubscribeView struct {
	page
	Token string
}

// handleUnsubscribeForm shows the digest's unsubscribe link: a page that
// asks, with a form that posts the token. A GET changes nothing, since
// link scanners (Outlook's Safe Links and the like) open every link of a
// message.
func (s *Server) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if _, err := alerts.Verify(r.Context(), s.store, tok); err != nil {
		s.error(w, r, err)
		return
	}
	v := unsubscribeView{page: s.newPage(w, r, "", ""), Token: tok}
	v.Title = v.L.T("alerts.unsubscribe")
	s.render(w, r, "unsubscribe.html", v)
}

// handleUnsubscribe turns a digest's alert off: the form of the page
// above, or the mail program's one-click POST to the List-Unsubscribe
// address (the token in its query). A token that does not verify is
// refused as a missing form token would be.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if _, err := alerts.Unsubscribe(r.Context(), s.store, r.FormValue("token")); err != nil {
		if cityspend.ErrorCode(err) == cityspend.EINVALID {
			err = cityspend.Errorf(cityspend.EFORBIDDEN, "%s", cityspend.ErrorMessage(err))
		}
		s.error(w, r, err)
		return
	}
	v := messageView{page: s.newPage(w, r, "", ""), Link: "/supplier#alerts"}
	v.Title = v.L.T("alerts.unsubscribed")
	v.Message = v.L.T("alerts.unsubscribed-text")
	s.render(w, r, "message.html", v)
}
