// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cityspend/cityspend"
)

// PutFeed implements cityspend.Store.
func (d *DB) PutFeed(ctx context.Context, f cityspend.Feed) error {
	if f.URL == "" || f.Kind == "" {
		return cityspend.Errorf(cityspend.EINVALID, "a feed needs a URL and a kind")
	}
	_, err := d.db.ExecContext(ctx, `INSERT OR REPLACE INTO feeds (url, kind, added_at, read_at, sha256, bytes, body, tried_at, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.URL, f.Kind, f.AddedAt, nullTime(f.ReadAt), f.SHA256, f.Bytes, string(f.Body), nullTime(f.TriedAt), f.Error)
	if err != nil {
		return fmt.Errorf("put feed %s: %w", f.URL, err)
	}
	return nil
}

// Feeds implements cityspend.Store.
func (d *DB) Feeds(ctx context.Context) ([]cityspend.Feed, error) { return d.feeds(ctx, true) }

// FeedHeads implements cityspend.Store.
func (d *DB) FeedHeads(ctx context.Context) ([]cityspend.Feed, error) { return d.feeds(ctx, false) }

func (d *DB) feeds(ctx context.Context, withBody bool) ([]cityspend.Feed, error) {
	body := "NULL"
	if withBody {
		body = "body"
	}
	return queryAll(ctx, d.db, "feeds", `SELECT url, kind, added_at, read_at, sha256, bytes, `+body+`, tried_at, error FROM feeds ORDER BY url`, nil,
		func(rows *sql.Rows, f *cityspend.Feed) error {
			var read, tried sql.NullTime
			var body sql.NullString
			if err := rows.Scan(&f.URL, &f.Kind, &f.AddedAt, &read, &f.SHA256, &f.Bytes, &body, &tried, &f.Error); err != nil {
				return err
			}
			if body.Valid {
				f.Body = []byte(body.String)
			}
			if read.Valid {
				f.ReadAt = read.Time.UTC()
			}
			if tried.Valid {
				f.TriedAt = tried.Time.UTC()
			}
			f.AddedAt = f.AddedAt.UTC()
			return nil
		})
}

// DeleteFeed implements cityspend.Store.
func (d *DB) DeleteFeed(ctx context.Context, url string) error {
	res, err := d.db.ExecContext(ctx, `DELETE FROM feeds WHERE url = ?`, url)
	if err != nil {
		return fmt.Errorf("delete feed %s: %w", url, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return cityspend.Errorf(cityspend.ENOTFOUND, "no feed %s", url)
	}
	return nil
}
