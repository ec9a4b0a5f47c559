// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cityspend/cityspend"
)

// SurveyResponses implements cityspend.Store.
func (d *DB) SurveyResponses(ctx context.Context, buyerID string, year int) ([]cityspend.SurveyResponse, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT supplier_id, coalesce(org_number, ''), coalesce(name, ''), turnover, wage_bill, staff_total,
		staff_local, staff_deprived, non_wage_costs, non_wage_local_pct, jobs_created, apprenticeships, real_living_wage, line
		FROM survey_responses WHERE buyer_id = ? AND year = ? ORDER BY supplier_id`, buyerID, year)
	if err != nil {
		return nil, fmt.Errorf("survey: %w", err)
	}
	defer rows.Close()
	var out []cityspend.SurveyResponse
	for rows.Next() {
		var r cityspend.SurveyResponse
		var turnover, wages, nonWage, pct int64
		if err := rows.Scan(&r.SupplierID, &r.OrgNumber, &r.Name, &turnover, &wages, &r.StaffTotal, &r.StaffLocal, &r.StaffDeprived,
			&nonWage, &pct, &r.JobsCreated, &r.Apprenticeships, &r.RealLivingWage, &r.Line); err != nil {
			return nil, fmt.Errorf("survey: %w", err)
		}
		r.Turnover, r.WageBill, r.NonWageCosts, r.NonWageLocalPct = cityspend.Amount(turnover), cityspend.Amount(wages),
			cityspend.Amount(nonWage), cityspend.Amount(pct)
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutSurveyResponses implements cityspend.Store.
func (d *DB) PutSurveyResponses(ctx context.Context, buyerID string, year int, rs []cityspend.SurveyResponse) error {
	now := time.Now().UTC()
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM survey_responses WHERE buyer_id = ? AND year = ? AND supplier_id = ?`,
				buyerID, year, r.SupplierID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				buyerID, year, r.SupplierID, nullStr(r.OrgNumber), nullStr(r.Name), int64(r.Turnover), int64(r.WageBill), r.StaffTotal,
				r.StaffLocal, r.StaffDeprived, int64(r.NonWageCosts), int64(r.NonWageLocalPct), r.JobsCreated, r.Apprenticeships,
				r.RealLivingWage, r.Line, now); err != nil {
				return err
			}
		}
		return nil
	})
}
