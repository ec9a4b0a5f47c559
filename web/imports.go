// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/tables"
)

// importsPage is how many batches a page of the history lists.
const importsPage = 50

// importsView is the history of a buyer's imports.
type importsView struct {
	page
	Batches []batchRow
	// Done says which batch was just undone ("" otherwise).
	Done  string
	Pager pager // the pages of a long history (?page=)
	CLI   string
}

// batchRow is a batch as the history shows it.
type batchRow struct {
	cityspend.ImportBatch
	Kind, When, By, UndoneWhen, UndoneBy string
	// RejectsHref downloads its rejected rows; UndoHref asks to undo it
	// (for those who may).
	RejectsHref, UndoHref string
}

// importsPageOf is the page of a buyer's imports.
func (s *Server) importsPageOf(w http.ResponseWriter, r *http.Request) (page, error) {
	return s.ownPage(w, r, "imports")
}

// ownPage is a page of the buyer's own affairs (nav: its tab; imports,
// people, audit): like a dashboard's, but a buyer without lines (none
// imported, or every batch undone) has one.
func (s *Server) ownPage(w http.ResponseWriter, r *http.Request, nav string) (page, error) {
	p := s.newPage(w, r, "", nav)
	b, err := s.buyer(r, r.PathValue("id"))
	if err != nil {
		return p, err
	}
	p.Buyer = &b
	if p.Provisional, err = s.provisional(r, b.ID); err != nil {
		return p, err
	}
	if p.Years, err = s.yearLabels(r, b); err != nil {
		return p, err
	}
	p.Title = b.Name + " · " + p.L.T("nav."+nav)
	return p, nil
}

// when is a time as the history shows it: the date in the reader's
// format, and the time of day (UTC).
func when(p page, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.L.Date(t.UTC()) + " " + t.UTC().Format("15:04") + " UTC"
}

func (s *Server) handleImports(w http.ResponseWriter, r *http.Request) {
	p, err := s.importsPageOf(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	bs, err := s.store.Batches(r.Context(), p.Buyer.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := importsView{page: p, CLI: p.L.T("imp.undo.cli", p.Buyer.ID, p.Buyer.ID)}
	q := r.URL.Query()
	if id := q.Get("undone"); id != "" {
		for _, b := range bs {
			if strconv.FormatInt(b.ID, 10) == id && b.Undone() {
				v.Done = p.L.T("imp.undo.done", b.FileName, b.ID, p.L.Int(b.RowsLoaded))
			}
		}
	}
	if v.Pager, err = paginate(q, "page", len(bs), importsPage, "the history of imports"); err != nil {
		s.error(w, r, err)
		return
	}
	v.Pager.link(func(no int) string { return p.Link(p.BuyerPath("/imports"), "page", strconv.Itoa(no)) })
	for _, b := range bs[v.Pager.From:v.Pager.To] {
		row := batchRow{ImportBatch: b, Kind: p.L.Code("imp.kind", b.Kind), When: when(p, b.FinishedAt), By: b.ImportedBy,
			UndoneWhen: when(p, b.UndoneAt), UndoneBy: b.UndoneBy}
		if row.By == "" {
			row.By = p.L.T("imp.cli")
		}
		if row.UndoneBy == "" {
			row.UndoneBy = p.L.T("imp.cli")
		}
		path := batchPath(p, b.ID)
		if b.RowsRejected > 0 && !b.Undone() {
			row.RejectsHref = path + "/rejects.csv"
		}
		if p.CanDecide() && !b.Undone() {
			row.UndoHref = path + "/undo"
		}
		v.Batches = append(v.Batches, row)
	}
	s.render(w, r, "imports.html", v)
}

// batchOf finds a batch of the request's buyer ({bid}): not found when the
// buyer has none of that id (another buyer's batch is not found either).
func (s *Server) batchOf(r *http.Request) (cityspend.ImportBatch, error) {
	buyerID, raw := r.PathValue("id"), r.PathValue("bid")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return cityspend.ImportBatch{}, cityspend.Errorf(cityspend.ENOTFOUND, "no import batch %q", raw)
	}
	return s.store.Batch(r.Context(), buyerID, id)
}

// handleRejects downloads a batch's rejected rows as CSV, for the page and
// the API alike. An undone batch's went with its lines.
func (s *Server) handleRejects(w http.ResponseWriter, r *http.Request) {
	b, err := s.batchOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if b.Undone() {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "batch %d (%s) was undone: its rejected rows went with its lines", b.ID, b.FileName))
		return
	}
	name := strings.TrimSuffix(b.FileName, ".csv")
	name = strings.Map(func(c rune) rune {
		if c == '"' || c == '\\' || c < ' ' || c > '~' {
			return '_'
		}
		return c
	}, name)
	s.sendRejects(w, r, fmt.Sprintf("%d-%s-rejects.csv", b.ID, name), b.ID)
}

// sendRejects downloads the rejected rows of batches as one CSV named name
// (the columns of the rejects file the import writes; text that a
// spreadsheet would take for a formula is neutralised).
func (s *Server) sendRejects(w http.ResponseWriter, r *http.Request, name string, batchIDs ...int64) {
	var rs []cityspend.Reject
	for _, id := range batchIDs {
		got, err := s.store.Rejects(r.Context(), id, 0)
		if err != nil {
			s.error(w, r, err)
			return
		}
		rs = append(rs, got...)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	if err := tables.WriteCSV(w, tables.Rejects(rs)); err != nil {
		s.log.Error("rejects not written", "batches", batchIDs, "err", err)
	}
}

// undoView asks to confirm an undo.
type undoView struct {
	page
	Batch            cityspend.ImportBatch
	Heading, Message template.HTML // the file's and the buyer's names marked as data
}

// handleUndoConfirm is the page that asks whether to undo a batch (no
// script needed: the undo is its form's POST).
func (s *Server) handleUndoConfirm(w http.ResponseWriter, r *http.Request) {
	p, err := s.importsPageOf(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.batchOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if b.Undone() {
		s.error(w, r, cityspend.Errorf(cityspend.ECONFLICT, "batch %d (%s) was undone already", b.ID, b.FileName))
		return
	}
	p.Title = p.L.T("imp.undo.title", b.FileName)
	s.render(w, r, "confirm_undo.html", undoView{page: p, Batch: b, Heading: htmlT(p.L, "imp.undo.title", dataHTML(b.FileName)),
		Message: htmlT(p.L, "imp.undo.confirm", p.L.Int(b.RowsLoaded), dataHTML(b.FileName), b.ID,
			when(p, b.FinishedAt), p.L.Money(b.AmountLoaded, b.Currency), dataHTML(p.Buyer.Name))})
}

// undo undoes the request's batch ({id}, {bid}) for its user.
func (s *Server) undo(r *http.Request) (cityspend.ImportBatch, error) {
	id, err := strconv.ParseInt(r.PathValue("bid"), 10, 64)
	if err != nil {
		return cityspend.ImportBatch{}, cityspend.Errorf(cityspend.ENOTFOUND, "no import batch %q", r.PathValue("bid"))
	}
	by := cityspend.AuditEntry{At: time.Now().UTC(), Who: who(r), Path: r.URL.Path, Addr: s.clientAddr(r), Via: viaOf(me(r))}
	// In the writer lane, after the imports and commands queued before it.
	// Not the request's context once it runs: a client going away must not
	// stop the follow-up half-way (it would be completed later, but the
	// figures would be provisional meanwhile).
	var b cityspend.ImportBatch
	var undoErr error
	if err := s.jobs.Write(r.Context(), func() {
		b, undoErr = enrich.Undo(context.WithoutCancel(r.Context()), s.store, r.PathValue("id"), id, by, s.log)
	}); err != nil {
		return b, err
	}
	return b, undoErr
}

// handleUndo undoes a batch and goes back to the history, which says so.
func (s *Server) handleUndo(w http.ResponseWriter, r *http.Request) {
	b, err := s.undo(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	redirect(w, r, "/buyers/"+url.PathEscape(b.BuyerID)+"/imports?undone="+strconv.FormatInt(b.ID, 10))
}

// apiUndo undoes a batch and returns it, undone.
func (s *Server) apiUndo(w http.ResponseWriter, r *http.Request) {
	b, err := s.undo(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, b)
}

// batchPath is the path of a buyer's import batch (its rejects and undo
// are below it).
func batchPath(p page, id int64) string {
	return p.BuyerPath("/imports") + "/" + strconv.FormatInt(id, 10)
}
