// SPDX-License-Identifier: EUPL-1.2

package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/notify"
)

// DefaultMonths is how far ahead a contract's end is reported.
const DefaultMonths = 12

// Digests makes and queues the digests.
type Digests struct {
	St     Store
	Base   string // the site's address, for the links
	Domain string // of the Message-IDs
	Months int    // a contract's end within this many months (0: DefaultMonths)
	// Every: an alert gets a digest when its last is at least this old
	// (less a minute's slack); 0: every alert now.
	Every time.Duration
	Now   func() time.Time
	Log   *slog.Logger
	// Wake, when set, is told a digest was queued (a Sender's Wake).
	Wake func()
}

// Result counts a run.
type Result struct {
	Alerts int // alerts looked at (on, with interests, due)
	Queued int // digests queued
	Items  int // items in them
}

// Send queues a digest for each alert due whose interests match anything
// new; an alert with nothing new gets no mail (its mark moves on).
func (d *Digests) Send(ctx context.Context) (Result, error) {
	var r Result
	now := d.Now().UTC().Truncate(time.Microsecond)
	months := d.Months
	if months <= 0 {
		months = DefaultMonths
	}
	as, err := d.St.Alerts(ctx)
	if err != nil {
		return r, err
	}
	var items []Item
	collected := false
	key, err := auth.SiteKey(ctx, d.St, cityspend.SettingUnsubscribeKey)
	if err != nil {
		return r, err
	}
	var users map[int64]cityspend.User // read once, when an alert is due
	for _, a := range as {
		if a.Off || a.Empty() || (d.Every > 0 && !a.LastDigest.IsZero() && now.Before(a.LastDigest.Add(d.Every-time.Minute))) {
			continue
		}
		if users == nil {
			us, err := d.St.Users(ctx)
			if err != nil {
				return r, err
			}
			users = make(map[int64]cityspend.User, len(us))
			for _, u := range us {
				users[u.ID] = u
			}
		}
		u, ok := users[a.UserID]
		if !ok || u.Disabled || u.Unconfirmed || u.SupplierID == "" {
			continue
		}
		if !collected {
			if items, err = Collect(ctx, d.St, now, months); err != nil {
				return r, err
			}
			collected = true
		}
		r.Alerts++
		sel := Select(a, items, a.LastDigest, now)
		var m *cityspend.OutMail
		if len(sel) > 0 {
			om := notify.ToOutMail(d.Compose(u, a, sel, months, Token(key, a.UserID)), d.Domain)
			om.CreatedAt = now
			m = &om
		}
		if err := d.St.DigestDone(ctx, a.UserID, now, m); err != nil {
			return r, err
		}
		if m != nil {
			r.Queued++
			r.Items += len(sel)
			if d.Log != nil {
				d.Log.Info("alert digest queued", "user", a.UserID, "items", len(sel), "message_id", m.MessageID)
			}
		}
	}
	if r.Queued > 0 && d.Wake != nil {
		d.Wake()
	}
	return r, nil
}

// Compose writes a user's digest in the alert's language.
func (d *Digests) Compose(u cityspend.User, a cityspend.Alert, items []Item, months int, token string) notify.Message {
	l := i18n.New(a.Lang)
	base := strings.TrimRight(d.Base, "/")
	unsub := base + "/alerts/unsubscribe?token=" + url.QueryEscape(token)
	var b strings.Builder
	name := u.Name
	if name == "" {
		name = u.Email
	}
	b.WriteString(l.T("alerts.mail.hello", name) + "\n\n")
	intro, subject := l.T("alerts.mail.intro", len(items)), l.T("alerts.mail.subject", len(items))
	if len(items) == 1 {
		intro, subject = l.T("alerts.mail.intro-one"), l.T("alerts.mail.subject-one")
	}
	b.WriteString(intro + "\n")
	kind := ""
	for _, it := range items {
		if it.Kind != kind {
			kind = it.Kind
			head := l.T("alerts.kind." + kind)
			if kind == KindExpiring {
				head = l.T("alerts.kind."+kind, months)
			}
			b.WriteString("\n" + head + "\n" + strings.Repeat("=", len([]rune(head))) + "\n")
		}
		b.WriteString("\n- " + it.Title + "\n  " + it.BuyerName)
		if it.Value > 0 {
			b.WriteString(" · " + l.Money(it.Value, it.Currency))
		}
		if !it.Date.IsZero() {
			b.WriteString(" · " + l.T("alerts.date."+kind, l.Date(it.Date)))
		}
		if len(it.Suppliers) > 0 {
			b.WriteString(" · " + l.T("alerts.suppliers", strings.Join(it.Suppliers, ", ")))
		}
		if len(it.CPV) > 0 {
			b.WriteString(" · CPV " + strings.Join(it.CPV, " "))
		}
		b.WriteString("\n  " + base + it.Path + "\n")
	}
	b.WriteString("\n" + l.T("alerts.mail.change", base+"/supplier") + "\n")
	b.WriteString(l.T("alerts.mail.unsubscribe", unsub) + "\n")
	return notify.Message{To: u.Email, Subject: subject, Body: b.String(), Unsubscribe: unsub}
}

// Token is a user's unsubscribe token: the user's id signed with the key.
func Token(key []byte, userID int64) string {
	id := strconv.FormatInt(userID, 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("unsubscribe:" + id))
	return id + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Unsubscribe turns off the alert of the user whose token it is (no login
// needed: the token is the proof) and returns the user's id.
func Unsubscribe(ctx context.Context, st Store, token string) (int64, error) {
	uid, err := Verify(ctx, st, token)
	if err != nil {
		return 0, err
	}
	if err := st.SetAlertOff(ctx, uid, true); err != nil {
		return 0, fmt.Errorf("unsubscribe: %w", err)
	}
	return uid, nil
}

// Verify returns the id of the user whose unsubscribe token it is,
// changing nothing (the page that asks before unsubscribing).
func Verify(ctx context.Context, st Store, token string) (int64, error) {
	bad := cityspend.Errorf(cityspend.EINVALID, "this unsubscribe link is not valid")
	id, _, ok := strings.Cut(token, ".")
	uid, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil {
		return 0, bad
	}
	k, err := st.Setting(ctx, "", cityspend.SettingUnsubscribeKey)
	if err != nil {
		return 0, err
	}
	key, err := hex.DecodeString(k)
	if k == "" || err != nil || !hmac.Equal([]byte(Token(key, uid)), []byte(token)) {
		return 0, bad
	}
	return uid, nil
}
