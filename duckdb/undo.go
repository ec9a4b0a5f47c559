// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Orphans are the dimension ids of a batch's lines that no other line of
// the buyer has: what exists only because of the batch.
type Orphans struct {
	Payees, Accounts, Units, Items []int32
}

// UndoBatch implements cityspend.Store: in one transaction, the batch's
// lines and rejected rows go, then what only they had (UndoCatalog's
// part), and the spend cube is summed again from the lines that remain.
func (d *DB) UndoBatch(ctx context.Context, buyerID string, batchID int64, by cityspend.AuditEntry) (cityspend.ImportBatch, error) {
	// An import meanwhile may point new lines at a payee, account, unit
	// or item this finds orphaned (ImportPayments holds the same lock).
	d.dimsMu.Lock()
	defer d.dimsMu.Unlock()
	var out cityspend.ImportBatch
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		b, err := batchOf(ctx, tx, buyerID, batchID)
		if err != nil {
			return err
		}
		if err := notUndone(ctx, tx, b); err != nil {
			return err
		}
		var o Orphans
		for _, c := range []struct {
			col string
			dst *[]int32
		}{{"payee_id", &o.Payees}, {"account_id", &o.Accounts}, {"unit_id", &o.Units}, {"item_id", &o.Items}} {
			ids, err := ints[int32](ctx, tx, `SELECT DISTINCT `+c.col+` FROM payments WHERE batch_id = ? AND `+c.col+` IS NOT NULL
				EXCEPT SELECT DISTINCT `+c.col+` FROM payments WHERE buyer_id = ? AND batch_id <> ? AND `+c.col+` IS NOT NULL`,
				b.ID, b.BuyerID, b.ID)
			if err != nil {
				return fmt.Errorf("undo batch %d: %w", b.ID, err)
			}
			*c.dst = ids
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM payments WHERE batch_id = ?`, b.ID)
		if err != nil {
			return fmt.Errorf("undo batch %d: lines: %w", b.ID, err)
		}
		lines, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("undo batch %d: lines: %w", b.ID, err)
		}
		if err := rebuildCube(ctx, tx, b.BuyerID); err != nil {
			return fmt.Errorf("undo batch %d: %w", b.ID, err)
		}
		if out, err = undoInCatalog(ctx, tx, b, lines, o, by); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	return out, nil
}

// UndoCatalog is the catalog's part of undoing a batch whose lines are in
// a line source (the ClickHouse store, which takes them out of the cluster
// itself): in one transaction, what follows the lines out
// (undoInCatalog). find counts the batch's lines and finds the orphans in
// the line source; it is called while no import can number new payees,
// accounts, units or items (Dims holds the same lock while it imports).
func (d *DB) UndoCatalog(ctx context.Context, b cityspend.ImportBatch, by cityspend.AuditEntry,
	find func(context.Context) (int64, Orphans, error)) (cityspend.ImportBatch, error) {
	d.dimsMu.Lock()
	defer d.dimsMu.Unlock()
	lines, o, err := find(ctx)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	var out cityspend.ImportBatch
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		if err := notUndone(ctx, tx, b); err != nil {
			return err
		}
		var err error
		out, err = undoInCatalog(ctx, tx, b, lines, o, by)
		return err
	})
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	d.extracts.forget(false)
	return out, nil
}

// Undone reads the catalog's record of a batch's undo: ok false when it
// has none.
func (d *DB) Undone(ctx context.Context, batchID int64) (by string, at time.Time, ok bool, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT undone_by, undone_at FROM import_undos WHERE batch_id = ?`, batchID).Scan(&by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, fmt.Errorf("batch %d: %w", batchID, err)
	}
	return by, at.UTC(), true, nil
}

// undoInCatalog takes out, in the caller's transaction, what follows a
// batch's lines (which are gone already, lines of them): its rejected
// rows; the findings that cite its lines (of any buyer: they are computed
// again by the next compliance run); its items, payees, accounts and units that no other
// line has (o), with their scope decisions; its pending follow-up; a
// category model trained since it was recorded (it learned from its
// lines). It records the undo, marks the buyer's follow-up pending and
// writes the audit entry, and returns the batch as undone.
func undoInCatalog(ctx context.Context, tx *sql.Tx, b cityspend.ImportBatch, lines int64, o Orphans, by cityspend.AuditEntry) (cityspend.ImportBatch, error) {
	fail := func(what string, err error) (cityspend.ImportBatch, error) {
		return cityspend.ImportBatch{}, fmt.Errorf("undo batch %d: %s: %w", b.ID, what, err)
	}
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	if err := exec(`DELETE FROM import_rejects WHERE batch_id = ?`, b.ID); err != nil {
		return fail("rejected rows", err)
	}
	// Evidence is a JSON array of line ids "batch:line".
	// (A buyer's findings may cite the lines of the other buyers of its
	// authority: every buyer's that cite the batch go.)
	if err := exec(`DELETE FROM findings WHERE contains(evidence, ?)`, `"`+strconv.FormatInt(b.ID, 10)+`:`); err != nil {
		return fail("findings", err)
	}
	for _, c := range []struct {
		table, col string
		ids        []int32
	}{{"items", "item_id", o.Items}, {"payees", "payee_id", o.Payees}, {"accounts", "account_id", o.Accounts}, {"units", "unit_id", o.Units}} {
		for part := range slices.Chunk(c.ids, 500) {
			in := idList(part)
			if err := exec(`DELETE FROM `+c.table+` WHERE buyer_id = ? AND `+c.col+` IN (`+in+`)`, b.BuyerID); err != nil {
				return fail(c.table, err)
			}
			switch c.table {
			case "payees", "accounts":
				if err := exec(`DELETE FROM payee_scope WHERE buyer_id = ? AND `+c.col+` IN (`+in+`)`, b.BuyerID); err != nil {
					return fail("scope", err)
				}
			}
		}
	}
	if err := exec(`DELETE FROM followups_pending WHERE buyer_id = ? AND batch_id = ? AND cause = ?`, b.BuyerID, b.ID, b.Kind); err != nil {
		return fail("follow-up", err)
	}
	if err := exec(`DELETE FROM category_models WHERE buyer_id = ? AND trained_at > ?`, b.BuyerID, b.FinishedAt); err != nil {
		return fail("category model", err)
	}
	at := time.Now().UTC()
	if by.At.IsZero() {
		by.At = at
	}
	if err := exec(`INSERT INTO import_undos VALUES (?, ?, ?, ?, ?)`, b.ID, b.BuyerID, by.At, by.Who, lines); err != nil {
		return fail("record", err)
	}
	if err := markFollowUp(ctx, tx, b.BuyerID, "undo", b.ID); err != nil {
		return fail("follow-up", err)
	}
	by.BuyerID = b.BuyerID
	by.Action = undoAction(b, lines)
	if err := exec(`INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, by.At, by.Who, by.Action, by.BuyerID, by.Path, by.Status, by.Addr, by.Via); err != nil {
		return fail("audit", err)
	}
	b.State, b.UndoneBy, b.UndoneAt = cityspend.BatchUndone, by.Who, by.At
	return b, nil
}

// undoAction is the audit log's action of an undo: the batch, its kind
// and file, and the lines that went.
func undoAction(b cityspend.ImportBatch, lines int64) string {
	return fmt.Sprintf("undo batch %d (%s %q, %d lines)", b.ID, b.Kind, b.FileName, lines)
}

// batchOf reads a buyer's batch; ENOTFOUND when the buyer has none of
// that id (another buyer's is not found either).
func batchOf(ctx context.Context, tx *sql.Tx, buyerID string, batchID int64) (cityspend.ImportBatch, error) {
	b := cityspend.ImportBatch{ID: batchID, BuyerID: buyerID, State: cityspend.BatchLoaded}
	err := tx.QueryRowContext(ctx, `SELECT kind, file_name, rows_loaded, finished_at FROM import_batches WHERE id = ? AND buyer_id = ?`,
		batchID, buyerID).Scan(&b.Kind, &b.FileName, &b.RowsLoaded, &b.FinishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return b, noBatch(buyerID, batchID)
	}
	if err != nil {
		return b, fmt.Errorf("batch %d: %w", batchID, err)
	}
	return b, nil
}

// notUndone refuses a batch undone already (ECONFLICT).
func notUndone(ctx context.Context, tx *sql.Tx, b cityspend.ImportBatch) error {
	err := tx.QueryRowContext(ctx, `SELECT undone_by, undone_at FROM import_undos WHERE batch_id = ?`, b.ID).Scan(&b.UndoneBy, &b.UndoneAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("batch %d: %w", b.ID, err)
	}
	return cityspend.UndoneAlready(b)
}

// ints runs a query of one integer column (ids, rowids) and reads it.
func ints[T ~int32 | ~int64](ctx context.Context, q queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var id T
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// idList writes ids for an IN list (numbers: nothing to quote).
func idList[T ~int32 | ~int64](ids []T) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(int64(id), 10))
	}
	return b.String()
}
