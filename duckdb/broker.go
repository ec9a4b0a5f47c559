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

// queryAll runs a query and scans every row with scan; what names the
// rows in errors.
func queryAll[T any](ctx context.Context, db *sql.DB, what, query string, args []any, scan func(*sql.Rows, *T) error) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var x T
		if err := scan(rows, &x); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

func codes(s string) []string { return strings.Fields(s) }

func joinCodes(cs []string) string { return strings.Join(cs, " ") }

// PutChallenge implements cityspend.Store.
func (d *DB) PutChallenge(ctx context.Context, c cityspend.Challenge) (cityspend.Challenge, error) {
	if err := c.Validate(); err != nil {
		return c, err
	}
	d.serial.Lock()
	defer d.serial.Unlock()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if c.ID == "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM challenges WHERE buyer_id = ?`, c.BuyerID).Scan(&n); err != nil {
				return err
			}
			for {
				n++
				c.ID = fmt.Sprintf("CH-%d", n)
				var taken bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM challenges WHERE buyer_id = ? AND id = ?)`, c.BuyerID, c.ID).Scan(&taken); err != nil {
					return err
				}
				if !taken {
					break
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO challenges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.BuyerID, c.ID, c.Title, c.Problem, c.Outcomes, joinCodes(c.CPV), joinCodes(c.NACE), int64(c.BudgetMin), int64(c.BudgetMax),
			c.Currency, nullTime(c.Deadline), nullTime(c.NeedBy), c.Maturity, joinCodes(c.PlanItems), c.Status, c.LocalFirst,
			c.CreatedBy, c.CreatedAt, c.UpdatedAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM challenge_partners WHERE buyer_id = ? AND challenge_id = ?`, c.BuyerID, c.ID); err != nil {
			return err
		}
		for _, p := range c.Partners {
			if _, err := tx.ExecContext(ctx, `INSERT INTO challenge_partners VALUES (?, ?, ?, ?)`, c.BuyerID, c.ID, p.BuyerID, p.Role); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("challenge: %w", err)
	}
	return c, nil
}

const challengeCols = `buyer_id, id, title, problem, outcomes, cpv, nace, budget_min, budget_max, currency, deadline, need_by, maturity,
	plan_items, status, local_first, created_by, created_at, updated_at`

func (d *DB) challenges(ctx context.Context, where string, args ...any) ([]cityspend.Challenge, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+challengeCols+` FROM challenges WHERE `+where+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Challenge
	for rows.Next() {
		var c cityspend.Challenge
		var cpv, nace, items string
		var lo, hi int64
		var deadline, needBy sql.NullTime
		if err := rows.Scan(&c.BuyerID, &c.ID, &c.Title, &c.Problem, &c.Outcomes, &cpv, &nace, &lo, &hi, &c.Currency, &deadline, &needBy,
			&c.Maturity, &items, &c.Status, &c.LocalFirst, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, fmt.Errorf("challenges: %w", err)
		}
		c.CPV, c.NACE, c.PlanItems = codes(cpv), codes(nace), codes(items)
		c.BudgetMin, c.BudgetMax = cityspend.Amount(lo), cityspend.Amount(hi)
		c.Deadline, c.NeedBy = deadline.Time, needBy.Time
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("challenges: %w", err)
	}
	prows, err := d.db.QueryContext(ctx, `SELECT buyer_id, challenge_id, partner_id, role FROM challenge_partners ORDER BY partner_id`)
	if err != nil {
		return nil, fmt.Errorf("challenge partners: %w", err)
	}
	defer prows.Close()
	idx := map[[2]string]int{}
	for i, c := range out {
		idx[[2]string{c.BuyerID, c.ID}] = i
	}
	for prows.Next() {
		var b, id string
		var p cityspend.Partner
		if err := prows.Scan(&b, &id, &p.BuyerID, &p.Role); err != nil {
			return nil, fmt.Errorf("challenge partners: %w", err)
		}
		if i, ok := idx[[2]string{b, id}]; ok {
			out[i].Partners = append(out[i].Partners, p)
		}
	}
	return out, prows.Err()
}

// Challenge implements cityspend.Store.
func (d *DB) Challenge(ctx context.Context, buyerID, id string) (cityspend.Challenge, error) {
	cs, err := d.challenges(ctx, `buyer_id = ? AND id = ?`, buyerID, id)
	if err != nil {
		return cityspend.Challenge{}, err
	}
	if len(cs) == 0 {
		return cityspend.Challenge{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no challenge %s", buyerID, id)
	}
	return cs[0], nil
}

// Challenges implements cityspend.Store.
func (d *DB) Challenges(ctx context.Context, buyerID string) ([]cityspend.Challenge, error) {
	if buyerID == "" {
		return d.challenges(ctx, `true`)
	}
	return d.challenges(ctx, `buyer_id = ?`, buyerID)
}

// PutCapability implements cityspend.Store.
func (d *DB) PutCapability(ctx context.Context, c cityspend.Capability) error {
	if _, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO capabilities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.SupplierID, c.Name, c.Description, joinCodes(c.CPV), joinCodes(c.NACE), c.Municipality, c.Size, c.References, c.Solutions,
		joinCodes(c.FollowBuyers), joinCodes(c.FollowCPV), c.UpdatedAt); err != nil {
		return fmt.Errorf("capability: %w", err)
	}
	return nil
}

func (d *DB) capabilities(ctx context.Context, where string, args ...any) ([]cityspend.Capability, error) {
	return queryAll(ctx, d.db, "capabilities", `SELECT supplier_id, name, description, cpv, nace, municipality, size, refs, solutions,
		follow_buyers, follow_cpv, updated_at FROM capabilities WHERE `+where+` ORDER BY supplier_id`, args, func(rows *sql.Rows, c *cityspend.Capability) error {
		var cpv, nace, fb, fc string
		err := rows.Scan(&c.SupplierID, &c.Name, &c.Description, &cpv, &nace, &c.Municipality, &c.Size, &c.References, &c.Solutions, &fb, &fc, &c.UpdatedAt)
		c.CPV, c.NACE, c.FollowBuyers, c.FollowCPV = codes(cpv), codes(nace), codes(fb), codes(fc)
		return err
	})
}

// Capability implements cityspend.Store.
func (d *DB) Capability(ctx context.Context, supplierID string) (cityspend.Capability, error) {
	cs, err := d.capabilities(ctx, `supplier_id = ?`, supplierID)
	if err != nil {
		return cityspend.Capability{}, err
	}
	if len(cs) == 0 {
		return cityspend.Capability{SupplierID: supplierID}, cityspend.Errorf(cityspend.ENOTFOUND, "supplier %s has no profile yet", supplierID)
	}
	return cs[0], nil
}

// Capabilities implements cityspend.Store.
func (d *DB) Capabilities(ctx context.Context) ([]cityspend.Capability, error) {
	return d.capabilities(ctx, `true`)
}

// PutInterest implements cityspend.Store.
func (d *DB) PutInterest(ctx context.Context, i cityspend.Interest) error {
	if _, err := d.db.ExecContext(ctx, `INSERT INTO interests VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		i.SupplierID, i.BuyerID, i.Kind, i.TargetID, i.Who, i.At); err != nil {
		return fmt.Errorf("interest: %w", err)
	}
	return nil
}

// Interests implements cityspend.Store.
func (d *DB) Interests(ctx context.Context, f cityspend.InterestFilter) ([]cityspend.Interest, error) {
	conds, args := []string{"true"}, []any{}
	for _, c := range []struct{ col, v string }{{"supplier_id", f.SupplierID}, {"buyer_id", f.BuyerID}, {"kind", f.Kind}, {"target_id", f.TargetID}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	return queryAll(ctx, d.db, "interests", `SELECT supplier_id, buyer_id, kind, target_id, who, made_at FROM interests WHERE `+
		strings.Join(conds, " AND ")+` ORDER BY made_at`, args, func(rows *sql.Rows, i *cityspend.Interest) error {
		return rows.Scan(&i.SupplierID, &i.BuyerID, &i.Kind, &i.TargetID, &i.Who, &i.At)
	})
}

// AddQuestion implements cityspend.Store.
func (d *DB) AddQuestion(ctx context.Context, q cityspend.Question) (cityspend.Question, error) {
	if err := d.db.QueryRowContext(ctx, `SELECT nextval('question_id_seq')`).Scan(&q.ID); err != nil {
		return q, fmt.Errorf("question: %w", err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)`,
		q.ID, q.BuyerID, q.ChallengeID, q.SupplierID, q.AskedBy, q.Text, q.AskedAt); err != nil {
		return q, fmt.Errorf("question: %w", err)
	}
	return q, nil
}

const questionCols = `id, buyer_id, challenge_id, supplier_id, asked_by, text, asked_at, coalesce(answer, ''), coalesce(answered_by, ''), answered_at`

func scanQuestion(sc interface{ Scan(...any) error }) (cityspend.Question, error) {
	var q cityspend.Question
	var at sql.NullTime
	err := sc.Scan(&q.ID, &q.BuyerID, &q.ChallengeID, &q.SupplierID, &q.AskedBy, &q.Text, &q.AskedAt, &q.Answer, &q.AnsweredBy, &at)
	q.AnsweredAt = at.Time
	return q, err
}

// AnswerQuestion implements cityspend.Store.
func (d *DB) AnswerQuestion(ctx context.Context, buyerID string, id int64, answer, who string, at time.Time) (cityspend.Question, error) {
	res, err := d.db.ExecContext(ctx, `UPDATE questions SET answer = ?, answered_by = ?, answered_at = ? WHERE buyer_id = ? AND id = ?`,
		answer, who, at, buyerID, id)
	if err != nil {
		return cityspend.Question{}, fmt.Errorf("answer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cityspend.Question{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no question %d", buyerID, id)
	}
	q, err := scanQuestion(d.db.QueryRowContext(ctx, `SELECT `+questionCols+` FROM questions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return q, cityspend.Errorf(cityspend.ENOTFOUND, "no question %d", id)
	}
	return q, err
}

// Questions implements cityspend.Store.
func (d *DB) Questions(ctx context.Context, buyerID, challengeID string) ([]cityspend.Question, error) {
	return queryAll(ctx, d.db, "questions", `SELECT `+questionCols+` FROM questions WHERE buyer_id = ? AND challenge_id = ? ORDER BY asked_at, id`,
		[]any{buyerID, challengeID}, func(rows *sql.Rows, q *cityspend.Question) error {
			var err error
			*q, err = scanQuestion(rows)
			return err
		})
}

// AddContact implements cityspend.Store.
func (d *DB) AddContact(ctx context.Context, c cityspend.Contact) error {
	if _, err := d.db.ExecContext(ctx, `INSERT INTO contacts VALUES (nextval('contact_id_seq'), ?, ?, ?, ?, ?, ?, ?)`,
		c.BuyerID, c.SupplierID, c.Kind, c.Ref, c.Who, c.Note, c.At); err != nil {
		return fmt.Errorf("contact: %w", err)
	}
	return nil
}

// Contacts implements cityspend.Store.
func (d *DB) Contacts(ctx context.Context, buyerID string) ([]cityspend.Contact, error) {
	return queryAll(ctx, d.db, "contacts", `SELECT id, buyer_id, supplier_id, kind, ref, who, note, made_at FROM contacts WHERE buyer_id = ?
		ORDER BY made_at DESC, id DESC`, []any{buyerID}, func(rows *sql.Rows, c *cityspend.Contact) error {
		return rows.Scan(&c.ID, &c.BuyerID, &c.SupplierID, &c.Kind, &c.Ref, &c.Who, &c.Note, &c.At)
	})
}

// AddEvent implements cityspend.Store.
func (d *DB) AddEvent(ctx context.Context, e cityspend.Event) (cityspend.Event, error) {
	if err := e.Validate(); err != nil {
		return e, err
	}
	if err := d.db.QueryRowContext(ctx, `SELECT nextval('event_id_seq')`).Scan(&e.ID); err != nil {
		return e, fmt.Errorf("event: %w", err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.BuyerID, e.ChallengeID, e.Title,
		e.Starts, e.Place, e.OnlineURL, e.Capacity, e.CreatedBy, e.CreatedAt); err != nil {
		return e, fmt.Errorf("event: %w", err)
	}
	return e, nil
}

// Events implements cityspend.Store.
func (d *DB) Events(ctx context.Context, buyerID, challengeID string) ([]cityspend.Event, error) {
	conds, args := []string{"true"}, []any{}
	if buyerID != "" {
		conds, args = append(conds, "e.buyer_id = ?"), append(args, buyerID)
	}
	if challengeID != "" {
		conds, args = append(conds, "e.challenge_id = ?"), append(args, challengeID)
	}
	return queryAll(ctx, d.db, "events", `SELECT e.id, e.buyer_id, e.challenge_id, e.title, e.starts, e.place, e.online_url, e.capacity,
			e.created_by, e.created_at, (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id)
		FROM events e WHERE `+strings.Join(conds, " AND ")+` ORDER BY e.starts, e.id`, args, func(rows *sql.Rows, e *cityspend.Event) error {
		return rows.Scan(&e.ID, &e.BuyerID, &e.ChallengeID, &e.Title, &e.Starts, &e.Place, &e.OnlineURL, &e.Capacity, &e.CreatedBy, &e.CreatedAt, &e.Registered)
	})
}

// RegisterForEvent implements cityspend.Store: the count and the insert in
// one transaction, so that a full event stays full.
func (d *DB) RegisterForEvent(ctx context.Context, r cityspend.EventRegistration) error {
	d.serial.Lock()
	defer d.serial.Unlock()
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var capacity, n int
		var already bool
		err := tx.QueryRowContext(ctx, `SELECT capacity, (SELECT count(*) FROM event_registrations WHERE event_id = ?),
			EXISTS (SELECT 1 FROM event_registrations WHERE event_id = ? AND supplier_id = ?) FROM events WHERE id = ?`,
			r.EventID, r.EventID, r.SupplierID, r.EventID).Scan(&capacity, &n, &already)
		if errors.Is(err, sql.ErrNoRows) {
			return cityspend.Errorf(cityspend.ENOTFOUND, "no event %d", r.EventID)
		}
		if err != nil {
			return fmt.Errorf("event registration: %w", err)
		}
		if already {
			return nil
		}
		if capacity > 0 && n >= capacity {
			return cityspend.Errorf(cityspend.ECONFLICT, "the event is full (%d places)", capacity)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_registrations VALUES (?, ?, ?, ?)`, r.EventID, r.SupplierID, r.Who, r.At); err != nil {
			return fmt.Errorf("event registration: %w", err)
		}
		return nil
	})
}

// EventRegistrations implements cityspend.Store.
func (d *DB) EventRegistrations(ctx context.Context, eventID int64) ([]cityspend.EventRegistration, error) {
	return queryAll(ctx, d.db, "event registrations", `SELECT event_id, supplier_id, who, made_at FROM event_registrations WHERE event_id = ?
		ORDER BY made_at`, []any{eventID}, func(rows *sql.Rows, r *cityspend.EventRegistration) error {
		return rows.Scan(&r.EventID, &r.SupplierID, &r.Who, &r.At)
	})
}

// PutAttachment implements cityspend.Store.
func (d *DB) PutAttachment(ctx context.Context, a cityspend.Attachment) error {
	if _, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.BuyerID, a.ChallengeID, a.Name,
		a.ContentType, a.Size, a.SHA256, a.AddedBy, a.AddedAt, a.Data); err != nil {
		return fmt.Errorf("attachment: %w", err)
	}
	return nil
}

// Attachments implements cityspend.Store.
func (d *DB) Attachments(ctx context.Context, buyerID, challengeID string) ([]cityspend.Attachment, error) {
	return queryAll(ctx, d.db, "attachments", `SELECT buyer_id, challenge_id, name, content_type, size, sha256, added_by, added_at FROM attachments
		WHERE buyer_id = ? AND challenge_id = ? ORDER BY name`, []any{buyerID, challengeID}, func(rows *sql.Rows, a *cityspend.Attachment) error {
		return rows.Scan(&a.BuyerID, &a.ChallengeID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.AddedBy, &a.AddedAt)
	})
}

// Attachment implements cityspend.Store.
func (d *DB) Attachment(ctx context.Context, buyerID, challengeID, name string) (cityspend.Attachment, error) {
	var a cityspend.Attachment
	err := d.db.QueryRowContext(ctx, `SELECT buyer_id, challenge_id, name, content_type, size, sha256, added_by, added_at, data FROM attachments
		WHERE buyer_id = ? AND challenge_id = ? AND name = ?`, buyerID, challengeID, name).
		Scan(&a.BuyerID, &a.ChallengeID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.AddedBy, &a.AddedAt, &a.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return a, cityspend.Errorf(cityspend.ENOTFOUND, "challenge %s has no file %q", challengeID, name)
	}
	if err != nil {
		return a, fmt.Errorf("attachment: %w", err)
	}
	return a, nil
}

// DeleteAttachment implements cityspend.Store.
func (d *DB) DeleteAttachment(ctx context.Context, buyerID, challengeID, name string) error {
	res, err := d.db.ExecContext(ctx, `DELETE FROM attachments WHERE buyer_id = ? AND challenge_id = ? AND name = ?`, buyerID, challengeID, name)
	if err != nil {
		return fmt.Errorf("attachment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "challenge %s has no file %q", challengeID, name)
	}
	return nil
}
