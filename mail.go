// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// States of a message in the outbox.
const (
	MailQueued  = "queued"  // waiting for its (next) attempt
	MailSending = "sending" // claimed by a sender, not yet confirmed
	MailSent    = "sent"    // the mail server accepted it
	MailFailed  = "failed"  // refused for good (a bounce), or out of attempts
)

// OutMail is one e-mail in the persistent outbox: queued with what caused
// it, delivered by the server's sender with retries. A message claimed
// but not confirmed before a crash is sent again (at least once); its
// Message-ID stays the same, so a duplicate is recognisable.
type OutMail struct {
	ID          int64     `json:"id"`
	MessageID   string    `json:"message_id"` // <…@…>, set when queued
	To          string    `json:"to"`
	Subject     string    `json:"subject"`
	Body        string    `json:"body"`                  // plain text
	Unsubscribe string    `json:"unsubscribe,omitempty"` // one-click unsubscribe URL (List-Unsubscribe)
	State       string    `json:"state"`
	Attempts    int       `json:"attempts"`
	NextAt      time.Time `json:"next_at"` // a queued message's next attempt
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	SentAt      time.Time `json:"sent_at,omitzero"` // when sent, or failed for good
}

// MailOutcome is the result of one delivery attempt: State MailSent,
// MailFailed, or MailQueued again with the next attempt's time.
type MailOutcome struct {
	State  string
	Error  string
	NextAt time.Time
	At     time.Time
}

// MailFilter selects messages of the outbox: a state ("" every state), at
// most Limit (0: 100), newest first.
type MailFilter struct {
	State string
	Limit int
}

// Alert is a supplier's user's saved interests: the e-mail digest of new
// public opportunities that match them. Within a field any value matches
// (CPV codes or their prefixes, buyer ids, places); every field given must
// match.
type Alert struct {
	UserID   int64    `json:"user_id"`
	CPV      []string `json:"cpv,omitempty"`    // codes or prefixes ("45", "4521")
	Buyers   []string `json:"buyers,omitempty"` // buyer ids
	Places   []string `json:"places,omitempty"` // municipality codes or place names
	MinValue Amount   `json:"min_value"`        // minor units; 0: no lower bound
	MaxValue Amount   `json:"max_value"`        // minor units; 0: no upper bound
	Lang     string   `json:"lang"`             // the digest's language: "nb" or "en"
	Off      bool     `json:"off"`              // unsubscribed
	// LastDigest is the end of the period the last digest covered (zero:
	// none yet, the first covers what is open).
	LastDigest time.Time `json:"last_digest,omitzero"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Empty reports whether the alert has no interest saved (it sends
// nothing).
func (a Alert) Empty() bool {
	return len(a.CPV) == 0 && len(a.Buyers) == 0 && len(a.Places) == 0 && a.MinValue == 0 && a.MaxValue == 0
}
