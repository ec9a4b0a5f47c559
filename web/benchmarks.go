// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/feeds"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/peers"
)

// Cities compared: the buyers that publish, side by side in their peer
// groups (package peers). Only published buyers are ever compared; a
// signed-in buyer's staff also see where their own buyer stands, published
// or not.

// benchCell is one figure as the page shows it.
type benchCell struct {
	Key      string
	Buyer    string
	Text     string // the value, or why there is none
	Missing  bool
	Coverage string // the coverage behind it ("place known for 92.1%")
	Rank     string // "2 (1–3) of 3"
	Title    string // the range the unknown leaves
}

type benchRow struct {
	peers.Entry
	// Href is the buyer's page: here, or on the installation it was read
	// from; From names that installation, the date and the hash.
	Href, From string
	GroupName  string
	Population template.HTML
	Cells      []benchCell
	Own        bool // one of the user's buyers
}

type benchGroup struct {
	Key, Name string
	Rows      []benchRow
}

// benchOwn is one of the user's buyers and where it stands.
type benchOwn struct {
	benchRow
	Published bool
	Group     string
	Peers     int // the published buyers of its group besides it
}

type benchView struct {
	page
	// Feeds are the other installations read, with when and what.
	Feeds   []cityspend.Feed
	C       *peers.Comparison
	Columns []peers.Indicator
	Groups  []benchGroup
	Own     []benchOwn
	YearArg int
}

// benchYear reads ?year= (0: each buyer's latest year).
func benchYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2200 {
		return 0, cityspend.Errorf(cityspend.EINVALID, "year %q is not a year", v)
	}
	return y, nil
}

// benchOptions are the comparison's options: the analyses come from the
// server's results, shared with the buyers' analysis API asked without a
// query (peers.AnalysisOptions; the dashboards' differ).
func (s *Server) benchOptions(r *http.Request, year int) peers.Options {
	return peers.Options{Year: year, Analyse: func(ctx context.Context, buyerID string, year int, opt indicator.Options) (*indicator.Analysis, error) {
		return s.analyse(r, buyerID, year, opt)
	}}
}

// comparison is the comparison of the published buyers for a year, kept
// until the data (or who publishes) changes.
func (s *Server) comparison(r *http.Request, year int) (*peers.Comparison, error) {
	v, err := s.results.get("benchmarks|"+strconv.Itoa(year), func() (any, error) {
		ctx := context.WithoutCancel(r.Context())
		c, err := peers.Compare(ctx, s.store, s.benchOptions(r, year))
		if err != nil {
			return nil, err
		}
		// With the buyers other installations publish, as their feeds
		// were last read (feeds.Entries: each with its source).
		fs, err := s.store.Feeds(ctx)
		if err != nil {
			return nil, err
		}
		if remote := feeds.Entries(fs); len(remote) > 0 {
			c = peers.Merge(c, remote)
		}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*peers.Comparison), nil
}

// apiBenchmarks returns the comparison of the buyers that publish.
func (s *Server) apiBenchmarks(w http.ResponseWriter, r *http.Request) {
	year, err := benchYear(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.jsonResult(w, r, func() (any, error) { return s.comparison(r, year) })
}

func (s *Server) handleBenchmarks(w http.ResponseWriter, r *http.Request) {
	year, err := benchYear(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.comparison(r, year)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := benchView{page: s.newPage(w, r, "", "benchmarks"), C: c, Columns: peers.Indicators, YearArg: year}
	if v.Feeds, err = s.store.FeedHeads(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	v.Title = v.L.T("bench.title")
	u := userOf(r)
	mine := map[string]bool{}
	for _, g := range u.Grants {
		mine[g.BuyerID] = true
	}
	for _, e := range c.Buyers {
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].Key != e.Group {
			v.Groups = append(v.Groups, benchGroup{Key: e.Group, Name: groupName(v.L, e.Group, e.Country)})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Rows = append(g.Rows, benchRowOf(v.L, e, mine[e.BuyerID]))
	}
	// Where the user's own buyers stand: from the comparison when they
	// publish, else computed for this user alone and placed among the
	// published peers without changing their ranks.
	for _, g := range u.Grants {
		b, err := s.buyer(r, g.BuyerID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		own := benchOwn{}
		for _, e := range c.Buyers {
			if e.BuyerID == b.ID && e.Source == nil {
				own.benchRow, own.Published = benchRowOf(v.L, e, true), true
			}
		}
		if !own.Published {
			x, err := s.results.get("benchown|"+b.ID+"|"+strconv.Itoa(year), func() (any, error) {
				e, ok, err := peers.Of(context.WithoutCancel(r.Context()), s.store, b, s.benchOptions(r, year))
				if !ok {
					return (*peers.Entry)(nil), err
				}
				return &e, err
			})
			if err != nil {
				s.error(w, r, err)
				return
			}
			e := x.(*peers.Entry)
			if e == nil {
				continue // no lines in the year
			}
			own.benchRow = benchRowOf(v.L, peers.Standing(c, *e), true)
		}
		for _, e := range c.Buyers {
			if e.Group == own.Entry.Group && !peers.Same(e, own.Entry) {
				own.Peers++
			}
		}
		v.Own = append(v.Own, own)
	}
	s.render(w, r, "benchmarks.html", v)
}

// sourceNote says where and when what another installation publishes was
// read, with the start of the SHA-256 of what was read: its host (of
// base), the date.
func sourceNote(l *i18n.Locale, src peers.Source, base string) string {
	host := base
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		host = u.Host
	}
	return l.T("bench.from", host, l.Date(src.ReadAt), src.SHA256[:min(12, len(src.SHA256))])
}

// benchRowOf formats an entry's figures in the locale.
func benchRowOf(l *i18n.Locale, e peers.Entry, own bool) benchRow {
	row := benchRow{Entry: e, Own: own, GroupName: groupName(l, e.Group, e.Country), Href: "/buyers/" + url.PathEscape(e.BuyerID) + "?year=" + strconv.Itoa(e.Year)}
	if src := e.Source; src != nil {
		row.Own = false
		base := strings.TrimSuffix(src.URL, "/api/v1/benchmarks")
		row.Href = base + "/buyers/" + url.PathEscape(e.BuyerID) + "?year=" + strconv.Itoa(e.Year)
		row.From = sourceNote(l, *src, base)
	}
	if e.Population != nil {
		// The statistics' name ("SSB 07459") is a name, not a figure.
		src := `<span translate="no">` + template.HTMLEscapeString(e.Population.Source) + `</span>`
		row.Population = template.HTML(l.T("bench.population", template.HTMLEscapeString(l.Int(e.Population.Persons)), e.Population.Year, src))
	}
	for _, ind := range peers.Indicators {
		f := e.Figure(ind.Key)
		if f == nil {
			continue
		}
		c := benchCell{Key: f.Key, Buyer: e.BuyerID}
		format := func(x float64) string {
			switch ind.Unit {
			case "share":
				return l.Pct(x)
			}
			if math.Abs(x) < 10 {
				return l.Sig(x) // tonnes per inhabitant: 0.0106
			}
			return l.Dec(x)
		}
		switch {
		case f.Money != nil:
			c.Text = l.Money(*f.Money, e.Currency)
		case f.Value != nil:
			c.Text = format(*f.Value)
			if f.Low != f.High {
				c.Title = l.T("bench.range", format(f.Low), format(f.High))
			}
		default:
			c.Text, c.Missing = l.T("bench.missing."+f.Missing), true
		}
		if f.Basis != peers.BasisPopulation {
			c.Coverage = l.T("bench.basis."+f.Basis, l.Pct(f.Coverage))
		}
		if f.Grade != "" {
			c.Coverage += " · " + l.T("bench.grade", f.Grade)
		}
		if f.Count != nil {
			c.Coverage += " · " + l.T("bench.count", l.Int(int64(*f.Count)))
		}
		switch {
		case f.Rank != nil:
			c.Rank = l.T("bench.rank", f.Rank.Rank, f.Rank.Best, f.Rank.Worst, f.Rank.Of)
		case f.NotRanked != "":
			c.Rank = l.T("bench.notranked." + f.NotRanked)
		}
		row.Cells = append(row.Cells, c)
	}
	return row
}

// groupName names a peer group in the locale.
func groupName(l *i18n.Locale, key, country string) string {
	if n := l.T("bench.group." + key); n != "bench.group."+key {
		return n
	}
	return l.T("bench.group.unknown", country)
}
