// SPDX-License-Identifier: EUPL-1.2

// Package ocds reads tender data in the Open Contracting Data Standard
// (OCDS 1.1): release packages, record packages (their compiled releases),
// and JSON Lines of releases, compiled releases or packages. Each release
// becomes a cityspend.Tender with its lots, bids, awards and parties with roles, and
// keeps its JSON for the red-flag indicators. A bad line (invalid JSON, a
// release without an ocid) is reported by line and skipped; the rest loads.
package ocds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// LineError is a line that was skipped, and why.
type LineError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Read calls fn with every tender of a document; bad lines are returned.
func Read(r io.Reader, fn func(cityspend.Tender) error) ([]LineError, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	first, err := peekLine(br)
	if err != nil {
		return nil, err
	}
	if !json.Valid(bytes.TrimSpace(first)) {
		// One document spread over many lines: a package.
		all, err := io.ReadAll(br)
		if err != nil {
			return nil, err
		}
		var bad []LineError
		if err := value(all, 1, fn, &bad); err != nil {
			return nil, err
		}
		return bad, nil
	}
	var bad []LineError
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := value(line, n, fn, &bad); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return bad, nil
}

func peekLine(br *bufio.Reader) ([]byte, error) {
	for size := 4096; ; size *= 2 {
		b, err := br.Peek(size)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i], nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				return b, nil
			}
			return nil, err
		}
	}
}

type envelope struct {
	OCID     *string           `json:"ocid"`
	Releases []json.RawMessage `json:"releases"`
	Records  []struct {
		OCID            string            `json:"ocid"`
		CompiledRelease json.RawMessage   `json:"compiledRelease"`
		Releases        []json.RawMessage `json:"releases"`
	} `json:"records"`
}

// value reads one JSON value: a release, or a package of them.
func value(b []byte, line int, fn func(cityspend.Tender) error, bad *[]LineError) error {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		*bad = append(*bad, LineError{Line: line, Reason: "invalid JSON: " + err.Error()})
		return nil
	}
	switch {
	case env.OCID != nil:
		return release(b, line, fn, bad)
	case env.Records != nil:
		for _, r := range env.Records {
			if len(r.CompiledRelease) == 0 {
				*bad = append(*bad, LineError{Line: line, Reason: fmt.Sprintf("record %s has no compiledRelease", r.OCID)})
				continue
			}
			if err := release(r.CompiledRelease, line, fn, bad); err != nil {
				return err
			}
		}
		return nil
	case env.Releases != nil:
		for _, r := range env.Releases {
			if err := release(r, line, fn, bad); err != nil {
				return err
			}
		}
		return nil
	}
	*bad = append(*bad, LineError{Line: line, Reason: "a release without ocid (or not a release, release package or record package)"})
	return nil
}

type amount struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

type raw struct {
	OCID   string `json:"ocid"`
	ID     string `json:"id"`
	Date   string `json:"date"`
	Buyer  struct{ ID, Name string }
	Tender struct {
		Title                    string
		Status                   string
		ProcurementMethod        string
		ProcurementMethodDetails string
		MainProcurementCategory  string
		Value                    *amount
		TenderPeriod             struct{ StartDate, EndDate string }
		Classification           *struct{ Scheme, ID string }
		Items                    []struct {
			Classification *struct{ Scheme, ID string }
		}
		Lots []struct {
			ID    json.RawMessage
			Title string
			Value *amount
		}
		ProcuringEntity struct{ ID, Name string }
	}
	Bids struct {
		Details []struct {
			ID        json.RawMessage
			Status    string
			Tenderers []struct{ ID json.RawMessage }
			Value     *amount
		}
	}
	Awards []struct {
		ID        json.RawMessage
		Status    string
		Date      string
		Suppliers []struct{ ID json.RawMessage }
		Value     *amount
	}
	Parties []struct {
		ID         json.RawMessage
		Name       string
		Roles      []string
		Identifier struct {
			Scheme string
			ID     json.RawMessage
		}
	}
}

// idString reads an OCDS id, which may be a string or a number.
func idString(b json.RawMessage) string {
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(b))
}

// money reads an OCDS amount exactly, rounded to the minor unit.
func money(a *amount) (cityspend.Amount, string, bool) {
	if a == nil || a.Amount == "" {
		return 0, "", false
	}
	r, ok := new(big.Rat).SetString(string(a.Amount))
	if !ok {
		return 0, "", false
	}
	r.Mul(r, big.NewRat(100, 1))
	// Round half away from zero.
	n := new(big.Int).Quo(r.Num(), r.Denom())
	rem := new(big.Rat).Sub(r, new(big.Rat).SetInt(n))
	if rem.Cmp(big.NewRat(1, 2)) >= 0 {
		n.Add(n, big.NewInt(1))
	} else if rem.Cmp(big.NewRat(-1, 2)) <= 0 {
		n.Sub(n, big.NewInt(1))
	}
	if !n.IsInt64() {
		return 0, "", false
	}
	return cityspend.Amount(n.Int64()), strings.ToUpper(a.Currency), true
}

func when(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func release(b []byte, line int, fn func(cityspend.Tender) error, bad *[]LineError) error {
	var r raw
	if err := json.Unmarshal(b, &r); err != nil {
		*bad = append(*bad, LineError{Line: line, Reason: "invalid release: " + err.Error()})
		return nil
	}
	if strings.TrimSpace(r.OCID) == "" {
		*bad = append(*bad, LineError{Line: line, Reason: "a release without ocid"})
		return nil
	}
	t := cityspend.Tender{OCID: r.OCID, ReleaseID: r.ID, Date: when(r.Date), Title: r.Tender.Title, Status: r.Tender.Status, Method: r.Tender.ProcurementMethod,
		MethodDetails: r.Tender.ProcurementMethodDetails, Category: r.Tender.MainProcurementCategory, BuyerID: r.Buyer.ID, BuyerName: r.Buyer.Name,
		TenderStart: when(r.Tender.TenderPeriod.StartDate), TenderEnd: when(r.Tender.TenderPeriod.EndDate), Release: append(json.RawMessage(nil), b...),
		Line: line}
	if t.BuyerID == "" {
		t.BuyerID, t.BuyerName = r.Tender.ProcuringEntity.ID, r.Tender.ProcuringEntity.Name
	}
	t.Value, t.Currency, t.HasValue = money(r.Tender.Value)
	if c := r.Tender.Classification; c != nil && strings.EqualFold(c.Scheme, "CPV") {
		t.CPV = cpvDigits(c.ID)
	}
	for _, it := range r.Tender.Items {
		if t.CPV == "" && it.Classification != nil && strings.EqualFold(it.Classification.Scheme, "CPV") {
			t.CPV = cpvDigits(it.Classification.ID)
		}
	}
	for _, l := range r.Tender.Lots {
		v, cur, _ := money(l.Value)
		t.Lots = append(t.Lots, cityspend.Lot{ID: idString(l.ID), Title: l.Title, Value: v, Currency: cur})
	}
	for _, d := range r.Bids.Details {
		v, cur, _ := money(d.Value)
		bid := cityspend.Bid{ID: idString(d.ID), Status: d.Status, Value: v, Currency: cur}
		for _, x := range d.Tenderers {
			bid.Tenderers = append(bid.Tenderers, idString(x.ID))
		}
		t.Bids = append(t.Bids, bid)
	}
	for _, a := range r.Awards {
		v, cur, _ := money(a.Value)
		aw := cityspend.Award{ID: idString(a.ID), Status: a.Status, Date: when(a.Date), Value: v, Currency: cur}
		for _, x := range a.Suppliers {
			aw.Suppliers = append(aw.Suppliers, idString(x.ID))
		}
		t.Awards = append(t.Awards, aw)
	}
	for _, p := range r.Parties {
		pt := cityspend.Party{ID: idString(p.ID), Name: p.Name, Roles: p.Roles}
		if p.Identifier.Scheme != "" {
			pt.Identifier = p.Identifier.Scheme + "-" + idString(p.Identifier.ID)
		}
		t.Parties = append(t.Parties, pt)
	}
	return fn(t)
}

// cpvDigits keeps the 8 digits of a CPV code ("45233140-2" → "45233140").
func cpvDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) >= 8 {
		return d[:8]
	}
	return ""
}
