// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// Limits of a challenge's files.
const (
	MaxAttachment  = 10 << 20 // bytes a file
	MaxAttachments = 10       // files a challenge
)

// fileTypes are the files a challenge may carry, by extension: the
// content type served and how the content must begin (sniffed).
var fileTypes = map[string]struct{ ctype, sniff string }{
	".pdf":  {"application/pdf", "application/pdf"},
	".png":  {"image/png", "image/png"},
	".jpg":  {"image/jpeg", "image/jpeg"},
	".jpeg": {"image/jpeg", "image/jpeg"},
	".txt":  {"text/plain; charset=utf-8", "text/plain"},
	".csv":  {"text/csv; charset=utf-8", "text/plain"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
	".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
	".odt":  {"application/vnd.oasis.opendocument.text", "application/zip"},
	".ods":  {"application/vnd.oasis.opendocument.spreadsheet", "application/zip"},
}

// FileTypes lists the extensions accepted.
func FileTypes() []string {
	var out []string
	for e := range fileTypes {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

var unsafeFileName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// AddAttachment checks a file (type by its extension and its content, size,
// the number of files) and stores it with a challenge.
func (b *Broker) AddAttachment(ctx context.Context, buyerID, challengeID, name string, data []byte, who string) (cityspend.Attachment, error) {
	if _, err := b.St.Challenge(ctx, buyerID, challengeID); err != nil {
		return cityspend.Attachment{}, err
	}
	name = strings.Trim(unsafeFileName.ReplaceAllString(path.Base(strings.ReplaceAll(name, `\`, "/")), "_"), "._")
	if name == "" || len(name) > 100 {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "a file name of 1 to 100 letters, digits, '.', '_' or '-'")
	}
	ext := strings.ToLower(path.Ext(name))
	ft, ok := fileTypes[ext]
	if !ok {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "file %s: accepted are %s", name, strings.Join(FileTypes(), " "))
	}
	if len(data) == 0 || len(data) > MaxAttachment {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "file %s: %d bytes; a file has 1 byte to %d MB", name, len(data), MaxAttachment>>20)
	}
	if got := http.DetectContentType(data); !strings.HasPrefix(got, ft.sniff) {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "file %s: its content is %s, not a %s file", name, got, ext)
	}
	if ft.sniff == "text/plain" && bytes.IndexByte(data, 0) >= 0 {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "file %s: not text", name)
	}
	have, err := b.St.Attachments(ctx, buyerID, challengeID)
	if err != nil {
		return cityspend.Attachment{}, err
	}
	replaces := false
	for _, a := range have {
		replaces = replaces || a.Name == name
	}
	if !replaces && len(have) >= MaxAttachments {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.EINVALID, "a challenge has at most %d files", MaxAttachments)
	}
	sum := sha256.Sum256(data)
	a := cityspend.Attachment{BuyerID: buyerID, ChallengeID: challengeID, Name: name, ContentType: ft.ctype, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), AddedBy: who, AddedAt: b.Now(), Data: data}
	return a, b.St.PutAttachment(ctx, a)
}

// AddEvent stores a market-consultation event of a buyer (about one of its
// challenges, or none).
func (b *Broker) AddEvent(ctx context.Context, e cityspend.Event) (cityspend.Event, error) {
	if e.ChallengeID != "" {
		if _, err := b.St.Challenge(ctx, e.BuyerID, e.ChallengeID); err != nil {
			return e, err
		}
	}
	e.CreatedAt = b.Now()
	return b.St.AddEvent(ctx, e)
}

// RegisterForEvent registers a supplier's user for an event of a buyer
// (one that has not started) and logs the contact. It returns the event.
func (b *Broker) RegisterForEvent(ctx context.Context, u cityspend.User, buyerID string, eventID int64) (cityspend.Event, error) {
	if u.SupplierID == "" {
		return cityspend.Event{}, cityspend.Errorf(cityspend.EFORBIDDEN, "only a supplier's user registers for an event")
	}
	es, err := b.St.Events(ctx, buyerID, "")
	if err != nil {
		return cityspend.Event{}, err
	}
	var ev *cityspend.Event
	for i := range es {
		if es[i].ID == eventID {
			ev = &es[i]
		}
	}
	if ev == nil {
		return cityspend.Event{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no event %d", buyerID, eventID)
	}
	if ev.ChallengeID != "" {
		if _, err := b.PublishedChallenge(ctx, buyerID, ev.ChallengeID); err != nil {
			return *ev, err
		}
	}
	now := b.Now()
	if !ev.Starts.After(now) {
		return *ev, cityspend.Errorf(cityspend.ECONFLICT, "event %q has started", ev.Title)
	}
	if err := b.St.RegisterForEvent(ctx, cityspend.EventRegistration{EventID: eventID, SupplierID: u.SupplierID, Who: u.Email, At: now}); err != nil {
		return *ev, err
	}
	return *ev, b.St.AddContact(ctx, cityspend.Contact{BuyerID: buyerID, SupplierID: u.SupplierID, Kind: "event", Ref: fmt.Sprintf("event:%d", eventID),
		Who: u.Email, Note: ev.Title, At: now})
}

// EventFromForm reads an event from its form: title, place, online_url,
// starts (yyyy-mm-ddThh:mm) and capacity (a whole number).
func EventFromForm(f url.Values) (cityspend.Event, error) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	e := cityspend.Event{Title: get("title"), Place: get("place"), OnlineURL: get("online_url")}
	if v := get("starts"); v != "" {
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			return e, cityspend.Errorf(cityspend.EINVALID, "start %q: a date and time, yyyy-mm-ddThh:mm", v)
		}
		e.Starts = t
	}
	if v := get("capacity"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return e, cityspend.Errorf(cityspend.EINVALID, "capacity %q is not a number", v)
		}
		e.Capacity = n
	}
	return e, nil
}

// EngagementRow is one line of a challenge's market-engagement summary.
type EngagementRow struct {
	At         string
	Kind       string // interest, question, answer, event, registration
	SupplierID string
	Who        string
	Text       string
}

// Engagement summarises the market engagement of a challenge: interests,
// questions and answers, events and their registrations, in time order.
func (b *Broker) Engagement(ctx context.Context, buyerID, challengeID string) ([]EngagementRow, error) {
	if _, err := b.St.Challenge(ctx, buyerID, challengeID); err != nil {
		return nil, err
	}
	var out []EngagementRow
	ts := func(t interface{ Format(string) string }) string { return t.Format("2006-01-02 15:04") }
	is, err := b.St.Interests(ctx, cityspend.InterestFilter{BuyerID: buyerID, Kind: "challenge", TargetID: challengeID})
	if err != nil {
		return nil, err
	}
	for _, i := range is {
		out = append(out, EngagementRow{ts(i.At), "interest", i.SupplierID, i.Who, ""})
	}
	qs, err := b.St.Questions(ctx, buyerID, challengeID)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		out = append(out, EngagementRow{ts(q.AskedAt), "question", q.SupplierID, q.AskedBy, q.Text})
		if q.Answer != "" {
			out = append(out, EngagementRow{ts(q.AnsweredAt), "answer", "", q.AnsweredBy, q.Answer})
		}
	}
	es, err := b.St.Events(ctx, buyerID, challengeID)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		place := e.Place
		if e.OnlineURL != "" {
			place = strings.TrimSpace(place + " " + e.OnlineURL)
		}
		out = append(out, EngagementRow{ts(e.Starts), "event", "", e.CreatedBy, fmt.Sprintf("%s (%s; %d registered)", e.Title, place, e.Registered)})
		rs, err := b.St.EventRegistrations(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, EngagementRow{ts(r.At), "registration", r.SupplierID, r.Who, e.Title})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out, nil
}
