// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/cityspend/cityspend"
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
		}}
	default:
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no table %q; the tables are %s, %s, suppliers, lines, plan and pipeline", name,
			strings.Join(tables.AnalysisTables, ", "), strings.Join(tables.CubeTables, ", ")))
		return
	}
	file := fmt.Sprintf("%s-%s-%s.%s", p.Buyer.ID, p.PeriodLabel(), name, format)
	file = strings.NewReplacer("/", "-", `"`, "", " ", "_").Replace(file)
	// The table is written to memory first, so that an error half-way is
	// reported as an error, not as a truncated download.
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		err = tables.WriteCSV(&buf, t)
	} else {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = tables.WriteXLSX(&buf, t, p.L)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, file))
	buf.WriteTo(w)
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
