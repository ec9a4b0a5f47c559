// SPDX-License-Identifier: EUPL-1.2

// Package feeds reads other installations' public feeds — their published
// benchmarks (GET /api/v1/benchmarks) and their planned procurements (OCDS
// planning releases: /public/{id}/plan.json, or any publisher's) — so that
// this installation's comparison and joint-procurement finder span cities
// on other servers and in other countries. A read
// has a time limit and a size limit; what it brought is kept with the
// SHA-256 of the bytes read and when, and what is shown from it names its
// source and date. A feed that fails keeps what it read last, with the
// error beside it.
package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ocds"
	"github.com/cityspend/cityspend/peers"
)

// Reader reads feeds.
type Reader struct {
	// Client makes the requests (nil: a client of its own).
	Client *http.Client
	// Timeout bounds a read, from the request to the last byte; default
	// 15 s.
	Timeout time.Duration
	// MaxBytes bounds what a read takes; default 16 MiB.
	MaxBytes int64
	// Now is when a read happens (nil: the clock).
	Now func() time.Time
}

func (r Reader) defaults() Reader {
	if r.Client == nil {
		r.Client = &http.Client{}
	}
	if r.Timeout <= 0 {
		r.Timeout = 15 * time.Second
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = 16 << 20
	}
	if r.Now == nil {
		r.Now = func() time.Time { return time.Now().UTC() }
	}
	return r
}

// BenchmarksURL is the URL of an installation's published benchmarks,
// given its address ("https://host/", "https://host/cityspend") or the
// API's URL itself.
func BenchmarksURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", cityspend.Errorf(cityspend.EINVALID, "feed %q: give the http(s) address of another cityspend installation", raw)
	}
	u.RawQuery, u.Fragment = "", ""
	if !strings.HasSuffix(u.Path, "/api/v1/benchmarks") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1/benchmarks"
	}
	return u.String(), nil
}

// New is a feed of an installation's benchmarks, not read yet.
func New(raw string, now time.Time) (cityspend.Feed, error) {
	u, err := BenchmarksURL(raw)
	if err != nil {
		return cityspend.Feed{}, err
	}
	return cityspend.Feed{URL: u, Kind: cityspend.FeedBenchmarks, AddedAt: now.UTC()}, nil
}

// NewPlanning is a feed of a publisher's planned procurements, not read
// yet: the URL of an OCDS release package of planning releases (another
// installation's /public/{id}/plan.json, say), as given.
func NewPlanning(raw string, now time.Time) (cityspend.Feed, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return cityspend.Feed{}, cityspend.Errorf(cityspend.EINVALID, "feed %q: give the http(s) address of an OCDS release package of planning releases (another installation's /public/{id}/plan.json, say)", raw)
	}
	u.Fragment = ""
	return cityspend.Feed{URL: u.String(), Kind: cityspend.FeedPlanning, AddedAt: now.UTC()}, nil
}

// Read reads a feed once and returns it updated: what it read, with its
// hash and time, or the error of the attempt (the last good read kept).
func (r Reader) Read(ctx context.Context, f cityspend.Feed) cityspend.Feed {
	r = r.defaults()
	f.TriedAt = r.Now().UTC().Truncate(time.Second) // as stored
	body, err := r.fetch(ctx, f.URL)
	if err == nil {
		err = check(f.Kind, body)
	}
	if err != nil {
		f.Error = err.Error()
		return f
	}
	sum := sha256.Sum256(body)
	f.Body, f.Bytes, f.SHA256, f.ReadAt, f.Error = body, int64(len(body)), hex.EncodeToString(sum[:]), f.TriedAt, ""
	return f
}

func (r Reader) fetch(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("read %s: %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", u, err)
	}
	if int64(len(body)) > r.MaxBytes {
		return nil, fmt.Errorf("read %s: more than %d bytes", u, r.MaxBytes)
	}
	return body, nil
}

// check makes sure a body is what a feed of its kind holds: a comparison,
// or an OCDS document of planning releases.
func check(kind string, body []byte) error {
	if kind == cityspend.FeedPlanning {
		_, bad, err := ocds.Planning(bytes.NewReader(body))
		if err == nil && len(bad) > 0 {
			err = fmt.Errorf("line %d: %s", bad[0].Line, bad[0].Reason)
		}
		if err != nil {
			return fmt.Errorf("not an OCDS release package: %w", err)
		}
		return nil
	}
	var c peers.Comparison
	if err := json.Unmarshal(body, &c); err != nil {
		return fmt.Errorf("not a cityspend comparison: %w", err)
	}
	if c.Indicators == nil || c.Buyers == nil {
		return fmt.Errorf("not a cityspend comparison: no indicators or buyers")
	}
	return nil
}

// Store is what Refresh uses.
type Store interface {
	cityspend.FeedStore
}

// Refresh reads every feed once and stores what it read; it returns the
// feeds as they are now (each with its error, if its read failed) and
// whether what any of them holds changed (its SHA-256): only then does a
// comparison built from them change.
func (r Reader) Refresh(ctx context.Context, st Store) (fs []cityspend.Feed, changed bool, err error) {
	if fs, err = st.Feeds(ctx); err != nil {
		return nil, false, err
	}
	for i := range fs {
		was := fs[i].SHA256
		fs[i] = r.Read(ctx, fs[i])
		if ctx.Err() != nil {
			return nil, false, ctx.Err() // stopped (the server's end): not the feed's failure
		}
		changed = changed || fs[i].SHA256 != was
		if err := st.PutFeed(ctx, fs[i]); err != nil {
			return nil, false, err
		}
	}
	return fs, changed, nil
}

// Entries are the buyers of the feeds' last good reads, each with its
// source: the feed's URL, when it was read and the hash of what was read.
// A buyer of another installation keeps its figures, peer group and
// population as that installation published them.
func Entries(fs []cityspend.Feed) []peers.Entry {
	var out []peers.Entry
	for _, f := range fs {
		if f.Kind != cityspend.FeedBenchmarks || len(f.Body) == 0 {
			continue
		}
		var c peers.Comparison
		if err := json.Unmarshal(f.Body, &c); err != nil {
			continue // checked when read
		}
		for _, e := range c.Buyers {
			if e.Source != nil {
				continue // the other installation's own feeds: not passed on
			}
			e.Source = &peers.Source{URL: f.URL, ReadAt: f.ReadAt, SHA256: f.SHA256}
			for i := range e.Figures {
				e.Figures[i].Rank, e.Figures[i].NotRanked = nil, ""
			}
			out = append(out, e)
		}
	}
	return out
}

// Planned is a procurement planned on another installation (or by another
// publisher), read from a planning feed, with where and when it was read.
type Planned struct {
	ocds.Planned
	Source peers.Source
}

// PlannedItems are the planned procurements of the planning feeds' last
// good reads, each with its source.
func PlannedItems(fs []cityspend.Feed) []Planned {
	var out []Planned
	for _, f := range fs {
		if f.Kind != cityspend.FeedPlanning || len(f.Body) == 0 {
			continue
		}
		ps, _, err := ocds.Planning(bytes.NewReader(f.Body))
		if err != nil {
			continue // checked when read
		}
		for _, p := range ps {
			out = append(out, Planned{Planned: p, Source: peers.Source{URL: f.URL, ReadAt: f.ReadAt, SHA256: f.SHA256}})
		}
	}
	return out
}
