// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

const mailCols = `id, message_id, recipient, subject, body, unsubscribe, state, attempts, next_at, last_error, created_at, sent_at`

func scanMail(sc interface{ Scan(...any) error }) (cityspend.OutMail, error) {
	var m cityspend.OutMail
	var sent sql.NullTime
	err := sc.Scan(&m.ID, &m.MessageID, &m.To, &m.Subject, &m.Body, &m.Unsubscribe, &m.State, &m.Attempts, &m.NextAt, &m.LastError, &m.CreatedAt, &sent)
	m.SentAt = sent.Time
	return m, err
}

// queueMail inserts a message in a transaction.
func queueMail(ctx context.Context, tx *sql.Tx, m *cityspend.OutMail) error {
	if m.MessageID == "" || m.To == "" {
		return cityspend.Errorf(cityspend.EINVALID, "a message needs a Message-ID and a recipient")
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	m.State, m.Attempts, m.NextAt, m.LastError, m.SentAt = cityspend.MailQueued, 0, m.CreatedAt, "", time.Time{}
	err := tx.QueryRowContext(ctx, `INSERT INTO mail_outbox (message_id, recipient, subject, body, unsubscribe, state, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.MessageID, m.To, m.Subject, m.Body, m.Unsubscribe, m.State, m.NextAt, m.CreatedAt).Scan(&m.ID)
	if err != nil {
		if isConflict(err) {
			return cityspend.Errorf(cityspend.ECONFLICT, "message %s is queued already", m.MessageID)
		}
		return fmt.Errorf("queue mail: %w", err)
	}
	return nil
}

// QueueMail implements cityspend.Store.
func (d *DB) QueueMail(ctx context.Context, m cityspend.OutMail) (cityspend.OutMail, error) {
	err := d.inTx(ctx, func(tx *sql.Tx) error { return queueMail(ctx, tx, &m) })
	return m, err
}

// ClaimMail implements cityspend.Store.
func (d *DB) ClaimMail(ctx context.Context, now time.Time) (cityspend.OutMail, error) {
	d.serial.Lock()
	defer d.serial.Unlock()
	var m cityspend.OutMail
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = scanMail(tx.QueryRowContext(ctx, `SELECT `+mailCols+` FROM mail_outbox
			WHERE state = ? AND next_at <= ? ORDER BY next_at, id LIMIT 1`, cityspend.MailQueued, now))
		if errors.Is(err, sql.ErrNoRows) {
			return cityspend.Errorf(cityspend.ENOTFOUND, "no message due")
		}
		if err != nil {
			return err
		}
		m.State, m.Attempts = cityspend.MailSending, m.Attempts+1
		_, err = tx.ExecContext(ctx, `UPDATE mail_outbox SET state = ?, attempts = ? WHERE id = ?`, m.State, m.Attempts, m.ID)
		return err
	})
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return m, fmt.Errorf("claim mail: %w", err)
	}
	return m, err
}

// MailDone implements cityspend.Store.
func (d *DB) MailDone(ctx context.Context, id int64, o cityspend.MailOutcome) error {
	var sent any
	switch o.State {
	case cityspend.MailSent, cityspend.MailFailed:
		sent = o.At
	case cityspend.MailQueued:
	default:
		return cityspend.Errorf(cityspend.EINVALID, "mail outcome %q: sent, failed or queued", o.State)
	}
	next := o.NextAt
	if next.IsZero() {
		next = o.At
	}
	res, err := d.db.ExecContext(ctx, `UPDATE mail_outbox SET state = ?, last_error = ?, next_at = ?, sent_at = ? WHERE id = ? AND state = ?`,
		o.State, o.Error, next, sent, id, cityspend.MailSending)
	if err != nil {
		return fmt.Errorf("mail %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mail %d: %w", id, err)
	} else if n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "no message %d being sent", id)
	}
	return nil
}

// RequeueClaimedMail implements cityspend.Store.
func (d *DB) RequeueClaimedMail(ctx context.Context) (int, error) {
	res, err := d.db.ExecContext(ctx, `UPDATE mail_outbox SET state = ?, next_at = LEAST(next_at, ?) WHERE state = ?`,
		cityspend.MailQueued, time.Now().UTC(), cityspend.MailSending)
	if err != nil {
		return 0, fmt.Errorf("requeue mail: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Mail implements cityspend.Store.
func (d *DB) Mail(ctx context.Context, f cityspend.MailFilter) ([]cityspend.OutMail, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE ? = '' OR state = ? ORDER BY id DESC LIMIT ?`, f.State, f.State, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	defer rows.Close()
	out := []cityspend.OutMail{}
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("mail: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func lines(ss []string) string { return strings.Join(ss, "\n") }

func unlines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

const alertCols = `user_id, cpv, buyers, places, min_value, max_value, lang, off, last_digest, updated_at`

func scanAlert(sc interface{ Scan(...any) error }) (cityspend.Alert, error) {
	var a cityspend.Alert
	var cpv, buyers, places string
	var last sql.NullTime
	err := sc.Scan(&a.UserID, &cpv, &buyers, &places, &a.MinValue, &a.MaxValue, &a.Lang, &a.Off, &last, &a.UpdatedAt)
	a.CPV, a.Buyers, a.Places, a.LastDigest = unlines(cpv), unlines(buyers), unlines(places), last.Time
	return a, err
}

// PutAlert implements cityspend.Store.
func (d *DB) PutAlert(ctx context.Context, a cityspend.Alert) error {
	d.serial.Lock()
	defer d.serial.Unlock()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var last sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT last_digest FROM supplier_alerts WHERE user_id = ?`, a.UserID).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM supplier_alerts WHERE user_id = ?`, a.UserID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO supplier_alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.UserID, lines(a.CPV), lines(a.Buyers), lines(a.Places), a.MinValue, a.MaxValue, a.Lang, a.Off, last, a.UpdatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	return nil
}

// Alert implements cityspend.Store.
func (d *DB) Alert(ctx context.Context, userID int64) (cityspend.Alert, error) {
	a, err := scanAlert(d.db.QueryRowContext(ctx, `SELECT `+alertCols+` FROM supplier_alerts WHERE user_id = ?`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, cityspend.Errorf(cityspend.ENOTFOUND, "user %d has no alert", userID)
	}
	if err != nil {
		return a, fmt.Errorf("alert: %w", err)
	}
	return a, nil
}

// Alerts implements cityspend.Store.
func (d *DB) Alerts(ctx context.Context) ([]cityspend.Alert, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+alertCols+` FROM supplier_alerts ORDER BY user_id`)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetAlertOff implements cityspend.Store.
func (d *DB) SetAlertOff(ctx context.Context, userID int64, off bool) error {
	res, err := d.db.ExecContext(ctx, `UPDATE supplier_alerts SET off = ? WHERE user_id = ?`, off, userID)
	if err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("alert: %w", err)
	} else if n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "user %d has no alert", userID)
	}
	return nil
}

// DigestDone implements cityspend.Store.
func (d *DB) DigestDone(ctx context.Context, userID int64, upTo time.Time, m *cityspend.OutMail) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE supplier_alerts SET last_digest = ? WHERE user_id = ?`, upTo, userID)
		if err != nil {
			return fmt.Errorf("digest: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("digest: %w", err)
		} else if n == 0 {
			return cityspend.Errorf(cityspend.ENOTFOUND, "user %d has no alert", userID)
		}
		if m == nil {
			return nil
		}
		return queueMail(ctx, tx, m)
	})
}
