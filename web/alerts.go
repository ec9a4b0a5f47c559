// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/http"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
)

// The suppliers' alerts: the interests saved on the firm's page and the
// one-click unsubscribe link of the digest (a signed token, no login).
// The rules are package alerts'.

func (s *Server) handleAlertSave(w http.ResponseWriter, r *http.Request) {
	lang := s.locale(w, r).Lang
	a, err := alerts.Save(r.Context(), s.store, me(r).User, r.PostForm, lang, time.Now().UTC())
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

// handleUnsubscribe turns a digest's alert off: the link in the message
// and in its List-Unsubscribe header. (A one-click POST, RFC 8058, would
// come from the mail program without a form token, which every change
// here needs.)
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if _, err := alerts.Unsubscribe(r.Context(), s.store, r.URL.Query().Get("token")); err != nil {
		s.error(w, r, err)
		return
	}
	v := messageView{page: s.newPage(w, r, "", ""), Link: "/supplier#alerts"}
	v.Title = v.L.T("alerts.unsubscribed")
	v.Message = v.L.T("alerts.unsubscribed-text")
	s.render(w, r, "message.html", v)
}
