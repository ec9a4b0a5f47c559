// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/jobs"
)

// Uploads in the browser: the imports page's form posts the files to
// POST /buyers/{id}/imports, which starts the same import job as the API
// (submitImport); the job's page follows it, and a dry run's page shows
// the header mapping to confirm, change and save.

// keepFor is how long a dry run's files wait on the server for their
// confirmation.
const keepFor = time.Hour

// handleTokenFirst registers a browser form that uploads data files
// (a maxImport route, whose body guard does not read): its form token
// must be the form's first part (the hidden field first in the form: a
// browser sends the parts in the document's order), and it is checked
// here before h reads anything else. guard leaves the token of these
// routes, and only these, to this check (tokenInFirstPart).
func (s *Server) handleTokenFirst(pattern string, who access, h func(http.ResponseWriter, *http.Request, *multipart.Reader)) {
	if bodyLimit(pattern) != maxImport {
		panic(fmt.Sprintf("web: %q is not a streamed upload route", pattern))
	}
	s.provesItself(pattern, proofFirstPart)
	s.handle(pattern, who, func(w http.ResponseWriter, r *http.Request) {
		mr, err := formTokenFirst(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		h(w, r, mr)
	})
}

// proof is what a route's handler checks instead of guard's form token.
type proof int

const (
	proofFirstPart proof = iota + 1 // the form token as the streamed form's first part (handleTokenFirst)
	proofSigned                     // a signed token of its own in the request (handleSigned)
)

// provesItself records that a route's handler checks its own proof.
func (s *Server) provesItself(pattern string, p proof) {
	if s.ownProof == nil { // the route table of rules.go
		s.ownProof = map[string]proof{}
	}
	s.ownProof[pattern] = p
}

// handleSigned registers a form that carries its own proof — a token the
// installation signed, as the unsubscribe link's — instead of a session's
// form token, which its sender (a mail reader) does not have; h must
// verify it.
func (s *Server) handleSigned(pattern string, who access, h http.HandlerFunc) {
	s.provesItself(pattern, proofSigned)
	s.handle(pattern, who, h)
}

// proofOf is what stands for the form token on a request's route (0:
// the form token itself, checked by guard).
func (s *Server) proofOf(r *http.Request) proof {
	_, pattern := s.mux.Handler(r)
	return s.ownProof[pattern]
}

// formTokenFirst reads a streamed form's first part, which must be the
// form token of the request's session, and returns the reader of the
// rest; 403 otherwise, with nothing more of the body read. A request whose
// token guard checked already (in the header), or that needs none (an API
// token's), is read as it is.
func formTokenFirst(r *http.Request) (*multipart.Reader, error) {
	mr, err := r.MultipartReader()
	if id := me(r); r.Header.Get(csrfHeader) != "" || id != nil && (id.Token != nil || id.Operator) {
		if err != nil {
			return nil, cityspend.Errorf(cityspend.EINVALID, `send the files as a multipart form's "file" parts`)
		}
		return mr, nil
	}
	refuse := cityspend.Errorf(cityspend.EFORBIDDEN, "the request carries no valid form token (CSRF) before its files: reload the page and try again")
	if err != nil {
		return nil, refuse
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != csrfField || part.FileName() != "" {
		return nil, refuse
	}
	tok, err := io.ReadAll(io.LimitReader(part, 256))
	if err != nil || !auth.SameToken(string(tok), csrfToken(r)) {
		return nil, refuse
	}
	return mr, nil
}

// keptUploads are the files of dry runs started in the browser, kept by
// job for the import that confirms them: until then, an hour, or the
// server's stop.
type keptUploads struct {
	mu sync.Mutex
	m  map[string]*keptUpload
}

type keptUpload struct {
	up    upload
	timer *time.Timer
}

func newKeptUploads() *keptUploads { return &keptUploads{m: map[string]*keptUpload{}} }

// keep keeps a dry run's files for d.
func (k *keptUploads) keep(jobID string, up upload, d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil { // closed
		os.RemoveAll(up.dir)
		return
	}
	k.m[jobID] = &keptUpload{up: up, timer: time.AfterFunc(d, func() {
		if up, ok := k.take(up.imp.BuyerID, jobID); ok {
			os.RemoveAll(up.dir)
		}
	})}
}

// has reports whether a buyer's dry run still has its files.
func (k *keptUploads) has(buyerID, jobID string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.m[jobID]
	return ok && e.up.imp.BuyerID == buyerID
}

// take hands a buyer's dry run's files over to the caller, who removes
// them.
func (k *keptUploads) take(buyerID, jobID string) (upload, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.m[jobID]
	if !ok || e.up.imp.BuyerID != buyerID {
		return upload{}, false
	}
	e.timer.Stop()
	delete(k.m, jobID)
	return e.up, true
}

// close removes every kept file; nothing is kept after it.
func (k *keptUploads) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, e := range k.m {
		e.timer.Stop()
		os.RemoveAll(e.up.dir)
	}
	k.m = nil
}

// kindOption is a kind of import as the upload form offers it.
type kindOption struct{ Value, Label string }

// UploadKinds are the kinds of files the upload form takes, in the page's
// language.
func (p page) UploadKinds() []kindOption {
	var out []kindOption
	for _, k := range ImportKinds {
		out = append(out, kindOption{k, p.L.T("upl.kind." + k)})
	}
	return out
}

// UploadDateFormats are the ledgers' date formats the form offers.
func (p page) UploadDateFormats() []string {
	return ledger.DateFormatNames
}

// handleUpload starts an import of the files of the imports page's form
// and goes to its job's page. A dry run's files stay on the server for
// the import that confirms its mapping.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request, mr *multipart.Reader) {
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	up, err := readImport(mr, r.PathValue("id"))
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	// "Show me the header mapping first" is for ledgers (the form says
	// so); the other kinds import or not.
	if up.imp.Kind != "ledger" {
		up.imp.DryRun = false
	}
	var j jobs.Job
	if up.imp.DryRun {
		j = s.submitImport(r, up, func() {})
		s.kept.keep(j.ID, up, keepFor)
	} else {
		j = s.submitImport(r, up, func() { os.RemoveAll(up.dir) })
	}
	redirect(w, r, jobPath(up.imp.BuyerID, j.ID))
}

func jobPath(buyerID, jobID string) string {
	return "/buyers/" + url.PathEscape(buyerID) + "/jobs/" + url.PathEscape(jobID)
}

// jobView is a job's page.
type jobView struct {
	page
	Job               jobs.Job
	State             string // in the page's language
	Running           bool
	RowsRead          string
	Files             []jobFile
	Read, Loaded      string
	Rejected, Dup     string
	HistoryHref       string
	AutoHref          string // reloading is stopped: the link that reloads once
	StopHref          string // the page refreshes: the link that stops it
	Mapping           *mappingView
	Output            string
	UploadAgainHref   string
	MappingSavedShown bool
}

// jobFile is a file (or sheet) of a job as its page shows it.
type jobFile struct {
	Name, Sheet, Skipped, Error string
	// Notes are the importer's notes on the file (in English).
	Notes                       []string
	BatchID                     int64
	Read, Loaded, Rejected, Dup string
	Amount                      string
	RejectsHref                 string
}

// fileSummary is an importer's summary of a file (import KIND --json).
type fileSummary struct {
	File          string              `json:"file"`
	Sheet         string              `json:"sheet"`
	Skipped       string              `json:"skipped"`
	BatchID       int64               `json:"batch_id"`
	RowsRead      int64               `json:"rows_read"`
	RowsLoaded    int64               `json:"rows_loaded"`
	RowsRejected  int64               `json:"rows_rejected"`
	RowsDuplicate int64               `json:"rows_duplicate"`
	AmountLoaded  cityspend.Amount    `json:"amount_loaded"`
	Currency      string              `json:"currency"`
	Error         string              `json:"error"`
	Layout        *ledger.Layout      `json:"layout"`
	Preview       []cityspend.Payment `json:"preview"`
	Warnings      []string            `json:"warnings"`
	Notes         []string            `json:"notes"`
}

// mappingView is a dry run's header mapping, to confirm or change.
type mappingView struct {
	File        string
	HeaderLine  string
	Mapped      []mappingRow // the fields the importer found a column for
	Unmapped    []mappingRow // the others
	Preview     []previewRow
	Warnings    []string
	Notes       []string
	ConfirmHref string
	// Kept: the files are still on the server (else upload them again).
	Kept bool
}

// mappingRow is a field of the ledger and the column that holds it.
type mappingRow struct {
	Field, Label, Column, How, Reason string
	Options                           []columnOption
}

// columnOption is a column of the file in a field's select.
type columnOption struct {
	Value, Label string
	Selected     bool
}

// previewRow is a row as the dry run read it.
type previewRow struct {
	Line, Date, Amount, Supplier, Describe string
}

// handleJob is an import job's page: its state and the rows read so far
// (refreshing itself while it runs), then what each file gave; for a dry
// run, the header mapping to confirm. Another buyer's job is not found.
func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	p, err := s.importsPageOf(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	j, err := s.jobs.Get(p.Buyer.ID, r.PathValue("job"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := p.L
	self := jobPath(p.Buyer.ID, j.ID)
	v := jobView{page: p, Job: j, State: l.T("upl.state." + j.State), RowsRead: l.Int(j.RowsRead),
		HistoryHref: p.BuyerPath("/imports"), UploadAgainHref: p.BuyerPath("/imports") + "#upload"}
	v.Title = p.Buyer.Name + " · " + l.T("upl.job.title", strings.Join(j.Files, ", "))
	v.MappingSavedShown = r.URL.Query().Get("saved") == "1"
	if j.State == jobs.Queued || j.State == jobs.Running {
		v.Running = true
		if r.URL.Query().Get("auto") == "0" {
			v.AutoHref = self + "?auto=0"
		} else {
			v.Refresh = 3
			v.StopHref = self + "?auto=0"
		}
	}
	if res := j.Result; res != nil {
		v.Read, v.Loaded, v.Rejected, v.Dup = l.Int(res.RowsRead), l.Int(res.RowsLoaded), l.Int(res.RowsRejected), l.Int(res.RowsDuplicate)
		v.Output = messages(res.Output)
		for _, f := range s.fileSummaries(j) {
			row := jobFile{Name: filepath.Base(f.File), Sheet: f.Sheet, Skipped: f.Skipped, Error: f.Error, BatchID: f.BatchID,
				Read: l.Int(f.RowsRead), Loaded: l.Int(f.RowsLoaded), Rejected: l.Int(f.RowsRejected), Dup: l.Int(f.RowsDuplicate), Notes: f.Notes}
			if f.Currency != "" && f.Skipped == "" && f.Error == "" {
				row.Amount = l.Money(f.AmountLoaded, f.Currency)
			}
			if f.BatchID != 0 && f.RowsRejected > 0 {
				row.RejectsHref = batchPath(p, f.BatchID) + "/rejects.csv"
			}
			v.Files = append(v.Files, row)
			if j.DryRun && v.Mapping == nil && f.Layout != nil && len(f.Layout.Columns) > 0 {
				v.Mapping = mappingOf(p, f)
				v.Mapping.ConfirmHref = self + "/confirm"
				v.Mapping.Kept = j.State == jobs.Done && s.kept.has(p.Buyer.ID, j.ID)
			}
		}
	}
	s.render(w, r, "upload_job.html", v)
}

// fileSummaries are the importer's summaries of a finished job's files
// (its first file's layout is a dry run's header mapping); one that does
// not read is logged and left out.
func (s *Server) fileSummaries(j jobs.Job) []fileSummary {
	if j.Result == nil {
		return nil
	}
	var out []fileSummary
	for _, raw := range j.Result.Files {
		var f fileSummary
		if err := json.Unmarshal(raw, &f); err != nil {
			s.log.Warn("a job's file summary not read", "job", j.ID, "err", err)
			continue
		}
		out = append(out, f)
	}
	return out
}

// mappingOf is a dry run's header mapping as its page shows it.
func mappingOf(p page, f fileSummary) *mappingView {
	lay := f.Layout
	m := &mappingView{File: filepath.Base(f.File), HeaderLine: p.L.Int(int64(lay.HeaderLine)), Warnings: lay.Warnings, Notes: f.Notes}
	byField := map[ledger.Field]ledger.ColumnMap{}
	for _, c := range lay.Columns {
		if c.Field != "" {
			byField[c.Field] = c
		}
	}
	for _, fld := range ledger.Fields {
		c, ok := byField[fld]
		row := mappingRow{Field: string(fld), Label: p.L.T("upl.field." + string(fld))}
		row.Options = append(row.Options, columnOption{Value: "", Label: p.L.T("upl.col.none"), Selected: !ok})
		for _, col := range lay.Columns {
			row.Options = append(row.Options, columnOption{Value: strconv.Itoa(col.Index), Label: columnLabel(p, col), Selected: ok && col.Index == c.Index})
		}
		if ok {
			row.Column, row.How, row.Reason = columnLabel(p, c), c.How, c.Reason
			m.Mapped = append(m.Mapped, row)
		} else {
			m.Unmapped = append(m.Unmapped, row)
		}
	}
	for _, pay := range f.Preview {
		m.Preview = append(m.Preview, previewRow{Line: p.L.Int(int64(pay.Line)), Date: p.L.Date(pay.Date()), Amount: p.L.Money(pay.Amount, pay.Currency),
			Supplier: pay.Supplier.Name, Describe: pay.Description})
	}
	return m
}

// columnLabel names a column of a file: its position and its header.
func columnLabel(p page, c ledger.ColumnMap) string {
	if strings.TrimSpace(c.Header) == "" {
		return p.L.T("upl.col.n", c.Index)
	}
	return p.L.T("upl.col.named", c.Index, c.Header)
}

// handleConfirmMapping imports a dry run's files with the mapping its page
// chose (a select per field: a column, or none), written as a mapping
// file; with "save", the mapping becomes the buyer's for its next files.
func (s *Server) handleConfirmMapping(w http.ResponseWriter, r *http.Request) {
	buyerID, jobID := r.PathValue("id"), r.PathValue("job")
	j, err := s.jobs.Get(buyerID, jobID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !j.DryRun || j.State != jobs.Done || j.Result == nil {
		s.error(w, r, cityspend.Errorf(cityspend.ECONFLICT, "job %s is not a finished dry run", jobID))
		return
	}
	var lay *ledger.Layout
	for _, f := range s.fileSummaries(j) {
		if f.Layout != nil && len(f.Layout.Columns) > 0 {
			lay = f.Layout
			break
		}
	}
	if lay == nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "the dry run %s found no header mapping to confirm", jobID))
		return
	}
	text, err := mappingText(lay, r.PostForm, who(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := ledger.ParseMapping(strings.NewReader(text), "the confirmed mapping"); err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "%v", err))
		return
	}
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	up, ok := s.kept.take(buyerID, jobID)
	if !ok {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "the files of dry run %s are no longer on the server (they are kept for an hour): upload them again", jobID))
		return
	}
	up.imp.Map = filepath.Join(up.dir, "map", "confirmed.map")
	// A mapping that cannot be written fails the confirmation (the
	// import would otherwise read the file without it).
	err = os.MkdirAll(filepath.Dir(up.imp.Map), 0o700)
	if err == nil {
		err = os.WriteFile(up.imp.Map, []byte(text), 0o600)
	}
	if err != nil {
		os.RemoveAll(up.dir)
		s.error(w, r, fmt.Errorf("confirm mapping: %w", err))
		return
	}
	saved := ""
	if truthy(r.PostFormValue("save")) {
		if err := s.store.SetSetting(r.Context(), buyerID, ledger.SettingMapping, text); err != nil {
			os.RemoveAll(up.dir)
			s.error(w, r, fmt.Errorf("save mapping: %w", err))
			return
		}
		saved = "?saved=1"
	}
	up.imp.DryRun = false
	j = s.submitImport(r, up, func() { os.RemoveAll(up.dir) })
	redirect(w, r, jobPath(buyerID, j.ID)+saved)
}

// mappingText writes a mapping file from a confirmation's form: field =
// column (by its header when that names one column alone, else #N), and
// ignore = the columns the importer had mapped that are now no field's.
func mappingText(lay *ledger.Layout, form url.Values, by string) (string, error) {
	count := map[string]int{}
	for _, c := range lay.Columns {
		count[strings.TrimSpace(c.Header)]++
	}
	ref := func(c ledger.ColumnMap) string {
		h := strings.TrimSpace(c.Header)
		if h == "" || count[h] > 1 || strings.ContainsAny(h, "#\"=") || h != c.Header {
			return "#" + strconv.Itoa(c.Index)
		}
		return h
	}
	byIndex := map[int]ledger.ColumnMap{}
	for _, c := range lay.Columns {
		byIndex[c.Index] = c
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# confirmed in the browser by %s on %s\n", by, time.Now().UTC().Format("2006-01-02"))
	used := map[int]ledger.Field{}
	for _, f := range ledger.Fields {
		v := form.Get("f." + string(f))
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(v)
		c, ok := byIndex[i]
		if err != nil || !ok {
			return "", cityspend.Errorf(cityspend.EINVALID, "field %s: the file has no column %q", f, v)
		}
		if g, dup := used[i]; dup {
			return "", cityspend.Errorf(cityspend.EINVALID, "column %d (%s) is chosen for both %s and %s: choose one field for it", i, c.Header, g, f)
		}
		used[i] = f
		fmt.Fprintf(&b, "%s = %s\n", f, ref(c))
	}
	for _, c := range lay.Columns {
		if _, ok := used[c.Index]; !ok && c.Field != "" {
			fmt.Fprintf(&b, "ignore = %s\n", ref(c))
		}
	}
	return b.String(), nil
}

// messages is what an importer wrote for people, without the JSON lines
// of its files' summaries (the page shows those as its table).
func messages(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "{") && json.Valid([]byte(t)) {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
