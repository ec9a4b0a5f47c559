// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
	"time"
)

// Feed is another installation's public feed this one reads: its URL,
// and what the last read that answered brought, with the SHA-256 of the
// bytes read and when, so that what is shown from it can name its source
// and date.
type Feed struct {
	URL     string    `json:"url"`
	Kind    string    `json:"kind"` // FeedBenchmarks or FeedPlanning
	AddedAt time.Time `json:"added_at"`
	ReadAt  time.Time `json:"read_at,omitzero"`
	SHA256  string    `json:"sha256,omitempty"`
	Bytes   int64     `json:"bytes"`
	Body    []byte    `json:"-"`
	// TriedAt and Error are the last attempt's: Error is "" when it
	// answered (then ReadAt is TriedAt).
	TriedAt time.Time `json:"tried_at,omitzero"`
	Error   string    `json:"error,omitempty"`
}

// Feed kinds.
const (
	// FeedBenchmarks is another installation's published benchmarks
	// (its GET /api/v1/benchmarks).
	FeedBenchmarks = "benchmarks"
	// FeedPlanning is a publisher's planned procurements as OCDS planning
	// releases (another installation's /public/{id}/plan.json, or any
	// publisher's release package): they join the joint-procurement
	// finder.
	FeedPlanning = "planning"
)

// FeedStore holds the feeds an installation reads.
type FeedStore interface {
	// PutFeed adds a feed or replaces the one of its URL.
	PutFeed(ctx context.Context, f Feed) error
	// Feeds lists the feeds, by URL.
	Feeds(ctx context.Context) ([]Feed, error)
	// FeedHeads lists the feeds as Feeds does without what they hold
	// (Body nil; up to 16 MiB each): what a page listing them needs.
	FeedHeads(ctx context.Context) ([]Feed, error)
	// DeleteFeed removes a feed; ENOTFOUND when there is none of the URL.
	DeleteFeed(ctx context.Context, url string) error
}
