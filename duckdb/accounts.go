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

// CreateUser implements cityspend.Store.
func (d *DB) CreateUser(ctx context.Context, u cityspend.User) (int64, error) {
	if err := u.Validate(); err != nil {
		return 0, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	var id int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)`, u.Email).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return cityspend.Errorf(cityspend.ECONFLICT, "a user with the e-mail %s exists already", u.Email)
		}
		if err := tx.QueryRowContext(ctx, `SELECT nextval('user_id_seq')`).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, supplier_id, password_hash, created_at, disabled, confirm_hash, lang, installation_admin)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, u.Email, strings.TrimSpace(u.Name),
			nullStr(u.SupplierID), u.PasswordHash, u.CreatedAt, u.Disabled, nullStr(u.ConfirmHash), nullStr(u.Lang), u.InstallationAdmin); err != nil {
			return err
		}
		for _, g := range u.Grants {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO user_grants VALUES (?, ?, ?)`, id, g.BuyerID, g.Role); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if cityspend.ErrorCode(err) != "" {
			return 0, err
		}
		return 0, fmt.Errorf("create user: %w", err)
	}
	return id, nil
}

const userCols = `id, email, name, coalesce(supplier_id, ''), password_hash, created_at, disabled, confirm_hash IS NOT NULL, coalesce(lang, ''),
	coalesce(installation_admin, false)`

func (d *DB) users(ctx context.Context, where string, args ...any) ([]cityspend.User, error) {
	out, err := queryAll(ctx, d.db, "users", `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY email`, args, func(rows *sql.Rows, u *cityspend.User) error {
		return rows.Scan(&u.ID, &u.Email, &u.Name, &u.SupplierID, &u.PasswordHash, &u.CreatedAt, &u.Disabled, &u.Unconfirmed, &u.Lang, &u.InstallationAdmin)
	})
	if err != nil {
		return nil, err
	}
	grants, err := d.db.QueryContext(ctx, `SELECT g.user_id, g.buyer_id, g.role FROM user_grants g JOIN users ON users.id = g.user_id
		WHERE `+where+` ORDER BY g.buyer_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("user grants: %w", err)
	}
	defer grants.Close()
	idx := map[int64]int{}
	for i, u := range out {
		idx[u.ID] = i
	}
	for grants.Next() {
		var id int64
		var g cityspend.Grant
		if err := grants.Scan(&id, &g.BuyerID, &g.Role); err != nil {
			return nil, fmt.Errorf("user grants: %w", err)
		}
		if i, ok := idx[id]; ok {
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	return out, grants.Err()
}

func (d *DB) oneUser(ctx context.Context, what any, where string, arg any) (cityspend.User, error) {
	us, err := d.users(ctx, where, arg)
	if err != nil {
		return cityspend.User{}, err
	}
	if len(us) == 0 {
		return cityspend.User{}, cityspend.Errorf(cityspend.ENOTFOUND, "no user %v", what)
	}
	return us[0], nil
}

// User implements cityspend.Store.
func (d *DB) User(ctx context.Context, id int64) (cityspend.User, error) {
	return d.oneUser(ctx, id, `id = ?`, id)
}

// UserByEmail implements cityspend.Store.
func (d *DB) UserByEmail(ctx context.Context, email string) (cityspend.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return d.oneUser(ctx, email, `email = ?`, email)
}

// Users implements cityspend.Store.
func (d *DB) Users(ctx context.Context) ([]cityspend.User, error) {
	return d.users(ctx, `true`)
}

func (d *DB) updateUser(ctx context.Context, userID int64, set string, v any) error {
	res, err := d.db.ExecContext(ctx, `UPDATE users SET `+set+` = ? WHERE id = ?`, v, userID)
	if err != nil {
		return fmt.Errorf("user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "no user %d", userID)
	}
	return nil
}

// SetPassword implements cityspend.Store.
func (d *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	return d.updateUser(ctx, userID, "password_hash", hash)
}

// SetDisabled implements cityspend.Store.
func (d *DB) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return d.updateUser(ctx, userID, "disabled", disabled)
}

// SetInstallationAdmin implements cityspend.Store.
func (d *DB) SetInstallationAdmin(ctx context.Context, userID int64, on bool) error {
	return d.updateUser(ctx, userID, "installation_admin", on)
}

// SetUserLang implements cityspend.Store.
func (d *DB) SetUserLang(ctx context.Context, userID int64, lang string) error {
	if !slices.Contains(cityspend.Languages, lang) {
		return cityspend.Errorf(cityspend.EINVALID, "language %q: use %s", lang, strings.Join(cityspend.Languages, " or "))
	}
	return d.updateUser(ctx, userID, "lang", lang)
}

// SetGrant implements cityspend.Store.
func (d *DB) SetGrant(ctx context.Context, userID int64, buyerID, role string) error {
	u, err := d.User(ctx, userID)
	if err != nil {
		return err
	}
	if role == "" {
		_, err = d.db.ExecContext(ctx, `DELETE FROM user_grants WHERE user_id = ? AND buyer_id = ?`, userID, buyerID)
	} else {
		if u.SupplierID != "" {
			return cityspend.Errorf(cityspend.EINVALID, "user %s is a supplier's user: no role at a buyer", u.Email)
		}
		if _, err := d.Buyer(ctx, buyerID); err != nil {
			return err
		}
		u.Grants = []cityspend.Grant{{BuyerID: buyerID, Role: role}}
		if err := u.Validate(); err != nil {
			return err
		}
		_, err = d.db.ExecContext(ctx, `INSERT OR REPLACE INTO user_grants VALUES (?, ?, ?)`, userID, buyerID, role)
	}
	if err != nil {
		return fmt.Errorf("grant: %w", err)
	}
	return nil
}

// CreateSession implements cityspend.Store (and forgets expired sessions).
func (d *DB) CreateSession(ctx context.Context, s cityspend.Session) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, s.CreatedAt); err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions VALUES (?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CSRF, s.CreatedAt, s.ExpiresAt); err != nil {
			return fmt.Errorf("session: %w", err)
		}
		return nil
	})
}

// Session implements cityspend.Store.
func (d *DB) Session(ctx context.Context, tokenHash string, now time.Time) (cityspend.Session, error) {
	s := cityspend.Session{TokenHash: tokenHash}
	err := d.db.QueryRowContext(ctx, `SELECT user_id, csrf, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, now).Scan(&s.UserID, &s.CSRF, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, cityspend.Errorf(cityspend.ENOTFOUND, "no session")
	}
	if err != nil {
		return s, fmt.Errorf("session: %w", err)
	}
	return s, nil
}

// DeleteSession implements cityspend.Store.
func (d *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("session: %w", err)
	}
	return nil
}

// DeleteSessions implements cityspend.Store.
func (d *DB) DeleteSessions(ctx context.Context, userID int64) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	return nil
}

// ConfirmUser implements cityspend.Store.
func (d *DB) ConfirmUser(ctx context.Context, tokenHash string) (cityspend.User, error) {
	u, err := d.oneUser(ctx, "with that confirmation", `confirm_hash = ?`, tokenHash)
	if err != nil {
		return u, err
	}
	if err := d.updateUser(ctx, u.ID, "confirm_hash", nil); err != nil {
		return u, err
	}
	u.Unconfirmed = false
	return u, nil
}

// CreateToken implements cityspend.Store.
func (d *DB) CreateToken(ctx context.Context, t cityspend.APIToken) (int64, error) {
	if err := d.db.QueryRowContext(ctx, `SELECT nextval('token_id_seq')`).Scan(&t.ID); err != nil {
		return 0, fmt.Errorf("token: %w", err)
	}
	if _, err := d.db.ExecContext(ctx, `INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Hash, t.UserID, t.Name, t.Scope,
		t.CreatedAt, t.ExpiresAt); err != nil {
		return 0, fmt.Errorf("token: %w", err)
	}
	return t.ID, nil
}

const tokenCols = `id, hash, user_id, name, scope, created_at, expires_at`

func scanToken(rows *sql.Rows, t *cityspend.APIToken) error {
	return rows.Scan(&t.ID, &t.Hash, &t.UserID, &t.Name, &t.Scope, &t.CreatedAt, &t.ExpiresAt)
}

// Token implements cityspend.Store.
func (d *DB) Token(ctx context.Context, hash string, now time.Time) (cityspend.APIToken, error) {
	ts, err := queryAll(ctx, d.db, "token", `SELECT `+tokenCols+` FROM api_tokens WHERE hash = ? AND expires_at > ?`, []any{hash, now}, scanToken)
	if err != nil {
		return cityspend.APIToken{}, err
	}
	if len(ts) == 0 {
		return cityspend.APIToken{}, cityspend.Errorf(cityspend.ENOTFOUND, "no such token, or it expired")
	}
	return ts[0], nil
}

// Tokens implements cityspend.Store.
func (d *DB) Tokens(ctx context.Context, userID int64) ([]cityspend.APIToken, error) {
	return queryAll(ctx, d.db, "tokens", `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = ? ORDER BY id`, []any{userID}, scanToken)
}

// DeleteToken implements cityspend.Store.
func (d *DB) DeleteToken(ctx context.Context, id int64) error {
	res, err := d.db.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "no token %d", id)
	}
	return nil
}

// Audit implements cityspend.Store.
func (d *DB) Audit(ctx context.Context, e cityspend.AuditEntry) error {
	if _, err := d.db.ExecContext(ctx, `INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.At, e.Who, e.Action, e.BuyerID, e.Path,
		e.Status, e.Addr, e.Via); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog implements cityspend.Store.
func (d *DB) AuditLog(ctx context.Context, buyerID string, limit int) ([]cityspend.AuditEntry, error) {
	cond, args := "true", []any{}
	if buyerID != "" {
		cond, args = "buyer_id = ?", append(args, buyerID)
	}
	if limit <= 0 {
		limit = 1000
	}
	return queryAll(ctx, d.db, "audit log", `SELECT logged_at, who, action, buyer_id, path, status, addr, via FROM audit_log WHERE `+cond+
		` ORDER BY logged_at DESC LIMIT `+strconv.Itoa(limit), args, func(rows *sql.Rows, e *cityspend.AuditEntry) error {
		return rows.Scan(&e.At, &e.Who, &e.Action, &e.BuyerID, &e.Path, &e.Status, &e.Addr, &e.Via)
	})
}

// SetConfirmation implements cityspend.Store.
func (d *DB) SetConfirmation(ctx context.Context, userID int64, hash string) error {
	return d.updateUser(ctx, userID, "confirm_hash", hash)
}

// PutInvite implements cityspend.Store.
func (d *DB) PutInvite(ctx context.Context, supplierID, email, by string, at time.Time) error {
	if _, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO supplier_invites VALUES (?, ?, ?, ?)`, supplierID, email, by, at); err != nil {
		return fmt.Errorf("invitation: %w", err)
	}
	return nil
}

// Invited implements cityspend.Store.
func (d *DB) Invited(ctx context.Context, supplierID, email string) (bool, error) {
	var ok bool
	if err := d.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM supplier_invites WHERE supplier_id = ? AND email = ?)`, supplierID, email).Scan(&ok); err != nil {
		return false, fmt.Errorf("invitation: %w", err)
	}
	return ok, nil
}

// DeleteInvite implements cityspend.Store.
func (d *DB) DeleteInvite(ctx context.Context, supplierID, email string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM supplier_invites WHERE supplier_id = ? AND email = ?`, supplierID, email); err != nil {
		return fmt.Errorf("invitation: %w", err)
	}
	return nil
}

// UserByConfirmation implements cityspend.Store.
func (d *DB) UserByConfirmation(ctx context.Context, tokenHash string) (cityspend.User, error) {
	return d.oneUser(ctx, "with that confirmation", `confirm_hash = ?`, tokenHash)
}

// LastLogins implements cityspend.Store.
func (d *DB) LastLogins(ctx context.Context) (map[string]time.Time, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT who, max(logged_at) FROM audit_log WHERE action = 'login' GROUP BY who`)
	if err != nil {
		return nil, fmt.Errorf("last logins: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var who string
		var at time.Time
		if err := rows.Scan(&who, &at); err != nil {
			return nil, fmt.Errorf("last logins: %w", err)
		}
		out[who] = at
	}
	return out, rows.Err()
}
