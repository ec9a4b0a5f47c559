// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/ingest/survey"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/tables"
)

// exportsArg is what the "exports" template gets: the page, for links, and
// the names of the tables to offer.
type exportsArg struct {
	Page   page
	Tables []string
}

type hasPage interface{ pg() page }

func (p page) pg() page { return p }

func exportsFor(v hasPage, names ...string) exportsArg {
	return exportsArg{Page: v.pg(), Tables: names}
}

// handleFigures serves the tables of the published dashboards (the
// indicators' and the spend cube's figures, aggregates only) to whoever
// may see the dashboards, so that a published figure has a public export;
// the supplier list, the lines and the plan stay with the staff
// (handleExport).
func (s *Server) handleFigures(w http.ResponseWriter, r *http.Request) {
	name, _, _ := strings.Cut(r.PathValue("file"), ".")
	if !tables.IsAnalysisTable(name) && !tables.IsCubeTable(name) {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no published table %q; the tables of the dashboards are %s, %s", name,
			strings.Join(tables.AnalysisTables, ", "), strings.Join(tables.CubeTables, ", ")))
		return
	}
	s.handleExport(w, r)
}

// handleExport serves a table as CSV or XLSX: /buyers/{id}/export/{name}.{csv|xlsx}
// with the same year and filters as the page it is linked from.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name, format, _ := strings.Cut(r.PathValue("file"), ".")
	if format != "csv" && format != "xlsx" {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "export %q: ask for NAME.csv or NAME.xlsx", r.PathValue("file")))
		return
	}
	var (
		p   page
		t   *tables.Table
		err error
	)
	switch {
	case tables.IsAnalysisTable(name):
		if p, err = s.buyerPage(w, r, "", ""); err != nil {
			s.error(w, r, err)
			return
		}
		a, err := s.analysis(r, p)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if t, err = tables.FromAnalysis(a, name); err != nil {
			s.error(w, r, err)
			return
		}
	case tables.IsCubeTable(name):
		if p, err = s.buyerPage(w, r, "", ""); err != nil {
			s.error(w, r, err)
			return
		}
		c, err := s.cubeOf(r, p)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if t, err = tables.FromCube(c, name); err != nil {
			s.error(w, r, err)
			return
		}
	case name == "suppliers":
		if p, err = s.buyerPage(w, r, "", ""); err != nil {
			s.error(w, r, err)
			return
		}
		list, err := s.store.Suppliers(ctx, supplierFilter(p, r))
		if err != nil {
			s.error(w, r, err)
			return
		}
		t = tables.Suppliers(list)
	case name == "plan" || name == "pipeline":
		if p, err = s.buyerPage(w, r, "", ""); err != nil {
			s.error(w, r, err)
			return
		}
		items, err := plan.TableItems(ctx, s.store, *p.Buyer, name)
		if err != nil {
			s.error(w, r, err)
			return
		}
		t = tables.Plan(name, p.Buyer.Currency, items)
	case name == "lines":
		var f cityspend.SpendFilter
		if p, f, _, err = s.linesQuery(w, r); err != nil {
			s.error(w, r, err)
			return
		}
		t = &tables.Table{Name: "lines", Columns: tables.LineColumns, Each: func(emit func([]any) error) error {
			return s.store.EachPayment(ctx, f, func(pay cityspend.Payment) error { return emit(tables.LineRow(pay)) })
		}, Rows: func() (int64, error) {
			total, err := s.store.SpendTotal(ctx, f)
			return total.Lines, err
		}}
		// The one export that grows with the ledger: a few at once.
		release, ok := s.exportSlot(w, r)
		if !ok {
			return
		}
		defer release()
	default:
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no table %q; the tables are %s, %s, suppliers, lines, plan and pipeline", name,
			strings.Join(tables.AnalysisTables, ", "), strings.Join(tables.CubeTables, ", ")))
		return
	}
	file := fmt.Sprintf("%s-%s-%s.%s", p.Buyer.ID, p.PeriodLabel(), name, format)
	s.writeTable(w, r, t, format, file, p.L)
}

// writeTable streams a table to the response as CSV or XLSX, row by row
// as the table produces them. The headers are sent with the first byte,
// so an error before it (a query that fails, a table too long for a
// worksheet) is an error page; an error after it aborts the response, so
// the client sees a failed download, never a short file that looks whole.
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, t *tables.Table, format, file string, l *i18n.Locale) {
	d := &download{w: w, ctype: "text/csv; charset=utf-8",
		file: strings.NewReplacer("/", "-", `"`, "", " ", "_", "\\", "", "\r", "", "\n", "").Replace(file)}
	var err error
	if format == "csv" {
		err = tables.WriteLocalCSV(d, t, l)
	} else {
		d.ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = tables.WriteXLSX(d, t, l)
	}
	switch {
	case err == nil:
	case r.Context().Err() != nil: // the client left
	case !d.started:
		var long *tables.TooManyRowsError
		if errors.As(err, &long) {
			err = localError(cityspend.EINVALID, l.T("export.toolong", l.Int(long.Rows), l.Int(long.Max)))
		}
		s.error(w, r, err)
	default:
		s.log.Error("export failed after it began", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// download sends a file's headers with its first byte.
type download struct {
	w           http.ResponseWriter
	ctype, file string
	started     bool
}

func (d *download) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		d.w.Header().Set("Content-Type", d.ctype)
		d.w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, d.file))
	}
	return d.w.Write(b)
}

// Lines exports — the one export that grows with the ledger — are written
// exportsAtOnce at a time: each streams in flat memory, and the bound
// keeps what many at once take of the engine, the cores and the memory
// in check (docs/benchmarks.md). More wait for a place, in turn: a person
// who clicked "export" would rather wait than be refused. A request is
// refused with 503 and Retry-After only when its wait would be too long —
// the exports ahead of it, at the recent time of one, would take more than
// exportWait — or when exportsWaiting already wait, or after exportWait.
const (
	exportsAtOnce  = 2
	exportsWaiting = 64
	exportWait     = 5 * time.Minute
	exportRetry    = time.Minute // the least Retry-After of a refusal
)

// exportQueue bounds the lines exports running at once and queues the
// rest.
type exportQueue struct {
	slots   chan struct{}
	queued  atomic.Int64
	waiting int64
	wait    time.Duration

	mu   sync.Mutex
	took time.Duration // the recent time of one export (a moving average), 0 before the first
}

func newExportQueue(atOnce, waiting int, wait time.Duration) *exportQueue {
	return &exportQueue{slots: make(chan struct{}, atOnce), waiting: int64(waiting), wait: wait}
}

// expected is the wait of a request with ahead requests waiting before
// it while every place is taken: its turn comes when ahead+1 exports have
// ended, atOnce at a time.
func (q *exportQueue) expected(ahead int64) time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	return time.Duration(ahead+1) * q.took / time.Duration(cap(q.slots))
}

// done records the time an export held its place.
func (q *exportQueue) done(d time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.took == 0 {
		q.took = d
	} else {
		q.took += (d - q.took) / 4
	}
}

// take holds a place until release, which records how long the export
// took unless its client left (a cut export says nothing of the time of
// one).
func (q *exportQueue) take(ctx context.Context) (release func()) {
	start := time.Now()
	return func() {
		if ctx.Err() == nil {
			q.done(time.Since(start))
		}
		<-q.slots
	}
}

// exportSlot takes a place for a lines export, waiting for one in turn, or
// answers 503 (ok false). release gives the place back. A client that
// leaves while it waits gives up its turn.
func (s *Server) exportSlot(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	q := s.exports
	select {
	case q.slots <- struct{}{}:
		return q.take(r.Context()), true
	default:
	}
	ahead := q.queued.Add(1) - 1
	if wait := q.expected(ahead); ahead >= q.waiting || wait > q.wait {
		q.queued.Add(-1)
		s.busy(w, r, wait)
		return nil, false
	}
	defer q.queued.Add(-1)
	t := time.NewTimer(q.wait)
	defer t.Stop()
	select {
	case q.slots <- struct{}{}:
		return q.take(r.Context()), true
	case <-r.Context().Done(): // the client left
		return nil, false
	case <-t.C:
		s.busy(w, r, q.expected(q.queued.Load()-1))
		return nil, false
	}
}

// busy answers 503 with Retry-After: the expected wait, at least
// exportRetry.
func (s *Server) busy(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(wait, exportRetry).Seconds()))))
	l := s.locale(w, r)
	s.errorPage(w, r, http.StatusServiceUnavailable, "busy", l.T("export.busy", cap(s.exports.slots)), true)
}

// handleSurveyTemplate serves the LM3 survey workbook of the page's year.
func (s *Server) handleSurveyTemplate(w http.ResponseWriter, r *http.Request) {
	p, err := s.buyerPage(w, r, "", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	sups, err := survey.LocalSuppliers(r.Context(), s.store, *p.Buyer, p.Year)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := survey.WriteTemplate(&buf, *p.Buyer, p.Year, sups); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%d-survey.xlsx"`, strings.ReplaceAll(p.Buyer.ID, `"`, ""), p.Year))
	buf.WriteTo(w)
}
