// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// markFollowUp records, in the caller's transaction, that the follow-up of
// an import is pending for a buyer ("": for every buyer). batchID 0 is none.
func markFollowUp(ctx context.Context, tx execer, buyerID, cause string, batchID int64) error {
	var batch any
	if batchID != 0 {
		batch = batchID
	}
	q := `INSERT INTO followups_pending SELECT nextval('followup_seq'), id, ?, ?, ? FROM buyers`
	args := []any{cause, batch, time.Now().UTC()}
	if buyerID != "" {
		q += ` WHERE id = ?`
		args = append(args, buyerID)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("mark the follow-up pending: %w", err)
	}
	return nil
}

// PendingFollowUps implements cityspend.Store.
func (d *DB) PendingFollowUps(ctx context.Context, buyerID string) ([]cityspend.FollowUp, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT seq, buyer_id, cause, coalesce(batch_id, 0), since FROM followups_pending
		WHERE ? = '' OR buyer_id = ? ORDER BY since, buyer_id, seq`, buyerID, buyerID)
	if err != nil {
		return nil, fmt.Errorf("pending follow-ups: %w", err)
	}
	defer rows.Close()
	var out []cityspend.FollowUp
	for rows.Next() {
		var f cityspend.FollowUp
		if err := rows.Scan(&f.Seq, &f.BuyerID, &f.Cause, &f.BatchID, &f.Since); err != nil {
			return nil, fmt.Errorf("pending follow-ups: %w", err)
		}
		f.Since = f.Since.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// FollowUpsDone implements cityspend.Store.
func (d *DB) FollowUpsDone(ctx context.Context, done []cityspend.FollowUp) error {
	if len(done) == 0 {
		return nil
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for part := range slices.Chunk(done, 500) {
			args := make([]any, len(part))
			for i, f := range part {
				args[i] = f.Seq
			}
			q := `DELETE FROM followups_pending WHERE seq IN (?` + strings.Repeat(", ?", len(part)-1) + `)`
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("follow-up done: %w", err)
			}
		}
		return nil
	})
}
