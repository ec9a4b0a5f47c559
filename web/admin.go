// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/staff"
)

// The installation's administration (/admin), for its installation admins
// (cityspend user grant --installation) and the operator's token: the
// buyers, a new buyer (by the rules of cityspend buyer add), and the
// invitation of a buyer's admins (the invitation of a buyer's own people,
// package staff); the installation's registers and reference data, loaded
// as background jobs.

// adminView is the installation's page.
type adminView struct {
	page
	Buyers []adminBuyer
	// Form is the new buyer's form as sent (Message: what is wrong);
	// InviteFor the buyer whose invitation form InviteForm is, as sent.
	Form, InviteForm url.Values
	InviteFor        string
	Message, Done    string
	// Kinds are the registers and reference data a file may be; Jobs the
	// loads since the server started, newest first.
	Kinds []kindOption
	Jobs  []refJob
}

// adminBuyer is a buyer as the installation's page lists it.
type adminBuyer struct {
	cityspend.Buyer
	Admins    []string // the e-mails of its admins (active or invited)
	Published bool
}

func (s *Server) adminView(w http.ResponseWriter, r *http.Request) (adminView, error) {
	v := adminView{page: s.newPage(w, r, "", ""), Form: url.Values{}, InviteForm: url.Values{}}
	v.Title = v.L.T("admin.title")
	for _, k := range RefKinds {
		v.Kinds = append(v.Kinds, kindOption{k, v.L.T("admin.kind." + k)})
	}
	for _, j := range s.jobs.List("") {
		v.Jobs = append(v.Jobs, refJobOf(v.page, j))
	}
	bs, err := s.store.Buyers(r.Context())
	if err != nil {
		return v, err
	}
	us, err := s.store.Users(r.Context())
	if err != nil {
		return v, err
	}
	for _, b := range bs {
		ab := adminBuyer{Buyer: b}
		for _, u := range us {
			if u.RoleAt(b.ID) == cityspend.RoleAdmin && !u.Disabled {
				ab.Admins = append(ab.Admins, u.Email)
			}
		}
		if ab.Published, err = auth.Publishes(r.Context(), s.store, b.ID); err != nil {
			return v, err
		}
		v.Buyers = append(v.Buyers, ab)
	}
	return v, nil
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	v, err := s.adminView(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	for _, b := range v.Buyers {
		if b.ID != q.Get("buyer") {
			continue
		}
		switch q.Get("done") {
		case "added":
			v.Done = v.L.T("admin.done.added", b.Name)
		case "invited":
			v.Done = v.L.T("admin.done.invited", b.Name)
		}
	}
	s.render(w, r, "admin.html", v)
}

// adminRefused shows the installation's page again with what is wrong.
func (s *Server) adminRefused(w http.ResponseWriter, r *http.Request, err error, set func(*adminView)) {
	code := status(err)
	if code == http.StatusInternalServerError || code == http.StatusNotFound {
		s.error(w, r, err)
		return
	}
	v, verr := s.adminView(w, r)
	if verr != nil {
		s.error(w, r, verr)
		return
	}
	set(&v)
	v.Message = cityspend.ErrorMessage(err)
	for sentinel, key := range map[error]string{errBadBuyer: "admin.bad-buyer", errBadEmail: "people.bad-email", errNoName: "people.no-name",
		staff.ErrMember: "people.member", staff.ErrSupplier: "people.supplier"} {
		if errors.Is(err, sentinel) {
			v.Message = v.L.T(key)
		}
	}
	if cityspend.ErrorCode(err) == cityspend.ECONFLICT && errors.Is(err, errBuyerExists) {
		v.Message = v.L.T("admin.exists", v.Form.Get("id"))
	}
	s.renderStatus(w, r, code, "admin.html", v)
}

// A new buyer that is not valid, or exists; the page says so in its words
// (and the rule's own message follows on the English page).
var (
	errBadBuyer    = errors.New("not a valid buyer")
	errBuyerExists = errors.New("the buyer exists")
)

// handleAddBuyer adds a buyer by the rules of cityspend buyer add.
func (s *Server) handleAddBuyer(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	for _, k := range []string{"id", "name", "country", "currency", "municipality", "org_number", "fiscal_start"} {
		form.Set(k, strings.TrimSpace(r.PostFormValue(k)))
	}
	refuse := func(err error) { s.adminRefused(w, r, err, func(v *adminView) { v.Form = form }) }
	b := cityspend.Buyer{ID: form.Get("id"), Name: form.Get("name"), Country: form.Get("country"), Currency: form.Get("currency"),
		Municipality: form.Get("municipality"), OrgNumber: form.Get("org_number")}
	if fs := form.Get("fiscal_start"); fs != "" {
		n, err := strconv.Atoi(fs)
		if err != nil {
			refuse(fmt.Errorf("%w: %w", errBadBuyer, cityspend.Errorf(cityspend.EINVALID, "fiscal year start %q: a month 1–12", fs)))
			return
		}
		b.FiscalStart = n
	}
	if err := refdata.CompleteBuyer(&b); err != nil {
		refuse(fmt.Errorf("%w: %w", errBadBuyer, err))
		return
	}
	if err := s.store.CreateBuyer(r.Context(), b); err != nil {
		if cityspend.ErrorCode(err) == cityspend.ECONFLICT {
			err = fmt.Errorf("%w: %w", errBuyerExists, err)
		}
		refuse(err)
		return
	}
	done(w, "add buyer "+b.ID+" ("+b.Name+", "+b.Country+", "+b.Currency+")", b.ID, true)
	redirect(w, r, "/admin?done=added&buyer="+url.QueryEscape(b.ID)+"#buyer-"+url.QueryEscape(b.ID))
}

// handleInviteAdmin invites a buyer's admin (its first, say).
func (s *Server) handleInviteAdmin(w http.ResponseWriter, r *http.Request) {
	buyerID := r.PathValue("id")
	form := url.Values{}
	for _, k := range []string{"email", "name"} {
		form.Set(k, strings.TrimSpace(r.PostFormValue(k)))
	}
	refuse := func(err error) {
		s.adminRefused(w, r, err, func(v *adminView) { v.InviteFor, v.InviteForm = buyerID, form })
	}
	if _, err := cityspend.NormalizeEmail(form.Get("email")); err != nil {
		refuse(fmt.Errorf("%w: %w", errBadEmail, err))
		return
	}
	if form.Get("name") == "" {
		refuse(fmt.Errorf("%w: %w", errNoName, cityspend.Errorf(cityspend.EINVALID, "a name is required")))
		return
	}
	u, err := s.staff.Invite(r.Context(), staff.Invitation{BuyerID: buyerID, Email: form.Get("email"), Name: form.Get("name"),
		Role: cityspend.RoleAdmin, By: who(r), Base: s.baseURL(r), Lang: s.locale(w, r).Lang})
	if err != nil {
		refuse(err)
		return
	}
	done(w, "invite "+u.Email+" as admin", buyerID, true)
	redirect(w, r, "/admin?done=invited&buyer="+url.QueryEscape(buyerID)+"#buyer-"+url.QueryEscape(buyerID))
}

// refJob is a job of the installation's as its pages show it.
type refJob struct {
	jobs.Job
	Href, Label, State, When string
}

// refJobOf is a job of the installation's for a page.
func refJobOf(p page, j jobs.Job) refJob {
	return refJob{Job: j, Href: "/admin/jobs/" + url.PathEscape(j.ID), Label: p.L.T("admin.kind." + j.Kind),
		State: p.L.T("upl.state." + j.State), When: when(p, j.Created)}
}

// handleRefUpload loads a register or reference data file of the
// installation (RefKinds) as a background job, through the import jobs of
// the buyers' uploads, and goes to its job's page.
func (s *Server) handleRefUpload(w http.ResponseWriter, r *http.Request, mr *multipart.Reader) {
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	up, err := readImport(mr, "")
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	j := s.submitImport(r, up, func() { os.RemoveAll(up.dir) })
	done(w, "load "+j.Kind+" "+strings.Join(j.Files, ", ")+" (job "+j.ID+")", "", true)
	redirect(w, r, "/admin/jobs/"+url.PathEscape(j.ID))
}

// adminJobView is the page of a job of the installation's.
type adminJobView struct {
	page
	Job     refJob
	Running bool
	Result  *jobs.Result
	Output  string
}

func (s *Server) handleAdminJob(w http.ResponseWriter, r *http.Request) {
	v := adminJobView{page: s.newPage(w, r, "", "")}
	j, err := s.jobs.Get("", r.PathValue("job"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Job = refJobOf(v.page, j)
	v.Title = v.L.T("admin.job.title", v.Job.Label)
	if j.State == jobs.Queued || j.State == jobs.Running {
		v.Running, v.Refresh = true, 3
	}
	if j.Result != nil {
		v.Result, v.Output = j.Result, messages(j.Result.Output)
	}
	s.render(w, r, "admin_job.html", v)
}

// LoadFile loads a file of the installation's registers or reference data
// (kind: one of RefKinds) as a job of by, like an upload at /admin, and
// waits for the job to end: serve --drop-dir loads what is dropped so. The
// file stays where it is.
func (s *Server) LoadFile(ctx context.Context, by Caller, kind, path string) (jobs.Job, error) {
	if s.commands == nil {
		return jobs.Job{}, s.noCommands()
	}
	up := upload{imp: Import{By: by, Kind: kind, Files: []string{path}}, names: []string{filepath.Base(path)}}
	if err := importOptions(&up.imp, "", url.Values{"kind": {kind}}); err != nil {
		return jobs.Job{}, err
	}
	ended := make(chan struct{})
	j := s.submit(up, func() { close(ended) })
	select {
	case <-ended:
	case <-ctx.Done():
		return j, ctx.Err()
	}
	// The runner has recorded the job's end before it calls done.
	return s.jobs.Get("", j.ID)
}
