// SPDX-License-Identifier: EUPL-1.2

// Package survey is the local-multiplier (LM3) supplier survey's workbook:
// the local suppliers to send it to, the workbook itself, and reading their
// answers back, with every bad row reported by line and reason. The LM3
// figures are computed by indicator.
package survey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// Question is one column of the survey.
type Question struct {
	Key, EN, NB string
}

// Questions are the survey's columns after the supplier's identification
// (METHODS §1).
var Questions = []Question{
	{"turnover", "Annual turnover (excluding VAT)", "Årlig omsetning (eks. mva)"},
	{"wage_bill", "Annual wage bill", "Årlige lønnskostnader"},
	{"staff_total", "Number of staff", "Antall ansatte"},
	{"staff_local", "Staff living in the municipality", "Ansatte bosatt i kommunen"},
	{"staff_deprived", "Staff living in deprived areas (optional)", "Ansatte bosatt i utsatte områder (valgfritt)"},
	{"non_wage_costs", "Annual purchases of goods and services", "Årlige kjøp av varer og tjenester"},
	{"non_wage_local_pct", "Share of those purchases from suppliers in the municipality (%)", "Andel av kjøpene fra leverandører i kommunen (%)"},
	{"jobs_created", "Jobs created this year (optional)", "Nye arbeidsplasser i år (valgfritt)"},
	{"apprenticeships", "Apprentices (optional)", "Lærlinger (valgfritt)"},
	{"real_living_wage", "Pays a real living wage (yes/no, optional)", "Betaler lønn det går an å leve av (ja/nei, valgfritt)"},
}

// Supplier is a row of the template: a local supplier to survey.
type Supplier struct {
	SupplierID, OrgNumber, Name string
	Spend                       cityspend.Amount
}

// LocalSuppliers lists the suppliers to survey: the buyer's suppliers in the
// municipality (L0) with procurement spend in the year, largest first.
func LocalSuppliers(ctx context.Context, st cityspend.SpendStore, b cityspend.Buyer, year int) ([]Supplier, error) {
	rows, err := st.SupplierSpend(ctx, cityspend.SpendFilter{BuyerID: b.ID, Period: b.FiscalYear(year), Place: cityspend.PlaceLocal,
		Scope: cityspend.ScopeIn}, false)
	if err != nil {
		return nil, err
	}
	sups := make([]Supplier, 0, len(rows))
	for _, r := range rows {
		s := Supplier{SupplierID: r.SupplierID, Name: r.Name, Spend: r.Spend}
		if r.Org != nil {
			s.OrgNumber = r.Org.ID
		}
		sups = append(sups, s)
	}
	sort.SliceStable(sups, func(i, j int) bool { return sups[i].Spend > sups[j].Spend })
	return sups, nil
}

// WriteTemplate writes the survey workbook: a sheet with one row per local
// supplier to fill in, and a sheet with the questions in English and
// Norwegian.
func WriteTemplate(w io.Writer, buyer cityspend.Buyer, year int, suppliers []Supplier) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Survey"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header := []any{"supplier_id", "org_number", "name", "spend_" + strconv.Itoa(year)}
	for _, q := range Questions {
		header = append(header, q.Key)
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	last, _ := excelize.CoordinatesToCellName(len(header), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	for i, s := range suppliers {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{s.SupplierID, s.OrgNumber, s.Name, s.Spend.String()}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	f.SetColWidth(sheet, "A", "A", 28)
	f.SetColWidth(sheet, "C", "C", 36)
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, Split: false, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"})
	qs := "Questions"
	if _, err := f.NewSheet(qs); err != nil {
		return err
	}
	rows := [][]any{{"column", "English", "Norsk"}, {"", fmt.Sprintf("Local-multiplier survey of %s, %d", buyer.Name, year),
		fmt.Sprintf("Spørreundersøkelse om lokal verdiskaping, %s, %d", buyer.Name, year)},
		{"", "Amounts in " + buyer.Currency + ", for the supplier's last financial year.", "Beløp i " + buyer.Currency + ", for leverandørens siste regnskapsår."}}
	for _, q := range Questions {
		rows = append(rows, []any{q.Key, q.EN, q.NB})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(qs, cell, &r); err != nil {
			return err
		}
	}
	f.SetColWidth(qs, "B", "C", 70)
	return f.Write(w)
}

// Read reads answers from a filled-in workbook or a CSV with the same
// header. Rows without answers (suppliers who did not reply) are skipped;
// bad rows are returned as rejects with their line and reason.
func Read(path string) ([]cityspend.SurveyResponse, []cityspend.Reject, error) {
	t, err := tabular.OpenNamed(path, tabular.Options{Sheet: sheetOf(path)}, layout)
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	var out []cityspend.SurveyResponse
	var rejects []cityspend.Reject
	for {
		rec, err := t.Next()
		if errors.Is(err, io.EOF) {
			return out, rejects, nil
		}
		if err != nil {
			return nil, nil, err
		}
		r, rej := row(rec)
		switch {
		case rej != nil:
			rejects = append(rejects, *rej)
		case r != nil:
			out = append(out, *r)
		}
	}
}

// layout is the columns Read knows: the supplier's identification and the
// questions.
var layout = func() tabular.Layout {
	l := tabular.Layout{Columns: []tabular.Column{{Field: "supplier_id", Required: true, Or: "org_number"}, {Field: "org_number"}, {Field: "name"}},
		Hint: "use the template from cityspend survey template"}
	required := map[string]bool{"turnover": true, "wage_bill": true, "staff_total": true, "staff_local": true, "non_wage_local_pct": true}
	for _, q := range Questions {
		l.Columns = append(l.Columns, tabular.Column{Field: q.Key, Required: required[q.Key]})
	}
	return l
}()

func sheetOf(path string) string {
	if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		return "Survey"
	}
	return ""
}

// row reads one answer; nil, nil for a row left blank.
func row(rec tabular.Row) (*cityspend.SurveyResponse, *cityspend.Reject) {
	if rec.Problem != "" {
		return nil, &cityspend.Reject{Line: rec.Line, Raw: rec.Raw, Reason: rec.Reason()}
	}
	get := rec.Get
	bad := func(field, format string, args ...any) *cityspend.Reject {
		return &cityspend.Reject{Line: rec.Line, Field: field, Raw: rec.Raw, Reason: field + ": " + fmt.Sprintf(format, args...)}
	}
	answered := false
	for _, q := range Questions {
		if get(q.Key) != "" {
			answered = true
		}
	}
	if !answered {
		return nil, nil
	}
	r := &cityspend.SurveyResponse{SupplierID: get("supplier_id"), OrgNumber: get("org_number"), Name: get("name"), Line: rec.Line}
	if r.SupplierID == "" {
		id, ok := cityspend.NormalizeOrgNumber(r.OrgNumber, "NO")
		if !ok {
			return nil, bad("supplier_id", "empty, and org_number %q does not identify the supplier", r.OrgNumber)
		}
		r.SupplierID = "org:" + id.String()
	}
	money := func(k string, required bool) (cityspend.Amount, *cityspend.Reject) {
		v := get(k)
		if v == "" {
			if required {
				return 0, bad(k, "empty")
			}
			return 0, nil
		}
		a, err := number(v)
		if err != nil {
			return 0, bad(k, "%v", err)
		}
		if a < 0 {
			return 0, bad(k, "%s is negative", a)
		}
		return a, nil
	}
	count := func(k string, required bool) (int, *cityspend.Reject) {
		v := get(k)
		if v == "" {
			if required {
				return 0, bad(k, "empty")
			}
			return 0, nil
		}
		a, err := number(v)
		if err != nil || a < 0 || a%100 != 0 {
			return 0, bad(k, "%q is not a whole number of people", v)
		}
		return int(a / 100), nil
	}
	var rej *cityspend.Reject
	if r.Turnover, rej = money("turnover", true); rej != nil {
		return nil, rej
	}
	if r.Turnover == 0 {
		return nil, bad("turnover", "must be more than zero")
	}
	if r.WageBill, rej = money("wage_bill", true); rej != nil {
		return nil, rej
	}
	if r.StaffTotal, rej = count("staff_total", true); rej != nil {
		return nil, rej
	}
	if r.StaffLocal, rej = count("staff_local", true); rej != nil {
		return nil, rej
	}
	if r.StaffLocal > r.StaffTotal {
		return nil, bad("staff_local", "%d local staff of %d in all", r.StaffLocal, r.StaffTotal)
	}
	if r.StaffDeprived, rej = count("staff_deprived", false); rej != nil {
		return nil, rej
	}
	if r.NonWageCosts, rej = money("non_wage_costs", false); rej != nil {
		return nil, rej
	}
	if get("non_wage_costs") == "" {
		// Not given: what the turnover leaves after wages.
		r.NonWageCosts = max(r.Turnover-r.WageBill, 0)
	}
	if r.NonWageLocalPct, rej = money("non_wage_local_pct", true); rej != nil {
		return nil, rej
	}
	if r.NonWageLocalPct > 10000 {
		return nil, bad("non_wage_local_pct", "%s %% is more than 100 %%", r.NonWageLocalPct)
	}
	if r.JobsCreated, rej = count("jobs_created", false); rej != nil {
		return nil, rej
	}
	if r.Apprenticeships, rej = count("apprenticeships", false); rej != nil {
		return nil, rej
	}
	switch strings.ToLower(get("real_living_wage")) {
	case "", "no", "nei", "n", "false", "0":
	case "yes", "ja", "j", "y", "true", "1":
		r.RealLivingWage = true
	default:
		return nil, bad("real_living_wage", "%q: answer yes or no", get("real_living_wage"))
	}
	return r, nil
}

// number reads an answer written with a decimal comma or point, or a
// spreadsheet number.
func number(v string) (cityspend.Amount, error) {
	if a, err := cityspend.ParseSpreadsheetNumber(v); err == nil {
		return a, nil
	}
	if a, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalComma); err == nil {
		return a, nil
	}
	return cityspend.ParseWrittenAmount(v, cityspend.DecimalPoint)
}
