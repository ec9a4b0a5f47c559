// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"slices"
	"strings"
	"time"
)

// Challenge statuses.
const (
	ChallengeDraft     = "draft"
	ChallengePublished = "published"
	ChallengeClosed    = "closed"
)

// ChallengeStatuses lists them in order.
var ChallengeStatuses = []string{ChallengeDraft, ChallengePublished, ChallengeClosed}

// Maturities a challenge may seek (of the solutions).
var Maturities = []string{"idea", "prototype", "pilot", "market-ready"}

// Partner roles of other buyers in a challenge.
const (
	PartnerObserver = "observer"
	PartnerCoBuyer  = "co-buyer"
)

// Challenge is a need a buyer opens to the market (the innovation broker):
// the problem, the outcomes wanted, categories, a budget range, a timeline
// and the maturity sought; linked to plan items; other buyers may join.
type Challenge struct {
	ID        string    `json:"id"`
	BuyerID   string    `json:"buyer_id"`
	Title     string    `json:"title"`
	Problem   string    `json:"problem"`
	Outcomes  string    `json:"outcomes"`
	CPV       []string  `json:"cpv"`
	NACE      []string  `json:"nace,omitempty"`
	BudgetMin Amount    `json:"budget_min"`
	BudgetMax Amount    `json:"budget_max"`
	Currency  string    `json:"currency"`
	Deadline  time.Time `json:"deadline,omitzero"` // for questions and expressions of interest
	NeedBy    time.Time `json:"need_by,omitzero"`
	Maturity  string    `json:"maturity"`
	PlanItems []string  `json:"plan_items,omitempty"`
	Status    string    `json:"status"`
	Partners  []Partner `json:"partners,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// LocalFirst was a buyer's policy of ranking local suppliers first.
	// Matching ignores it (equal treatment: who hears of a need does not
	// depend on where a supplier is) and the form no longer sets it; it is
	// kept so that stored challenges read.
	LocalFirst bool `json:"local_first"`
}

// Partner is another buyer in a challenge.
type Partner struct {
	BuyerID string `json:"buyer_id"`
	Role    string `json:"role"`
}

// Validate checks a challenge.
func (c *Challenge) Validate() error {
	c.Title, c.Problem, c.Outcomes = strings.TrimSpace(c.Title), strings.TrimSpace(c.Problem), strings.TrimSpace(c.Outcomes)
	switch {
	case c.Title == "":
		return Errorf(EINVALID, "a challenge needs a title")
	case c.Problem == "":
		return Errorf(EINVALID, "challenge %q: describe the problem", c.Title)
	case !slices.Contains(ChallengeStatuses, c.Status):
		return Errorf(EINVALID, "status %q: use %s", c.Status, strings.Join(ChallengeStatuses, ", "))
	case c.Maturity != "" && !slices.Contains(Maturities, c.Maturity):
		return Errorf(EINVALID, "maturity %q: use %s", c.Maturity, strings.Join(Maturities, ", "))
	case c.BudgetMin < 0 || c.BudgetMax < 0 || c.BudgetMax != 0 && c.BudgetMax < c.BudgetMin:
		return Errorf(EINVALID, "budget %s–%s: the range runs from a lower to a higher amount", c.BudgetMin, c.BudgetMax)
	case len(c.CPV) == 0 && len(c.NACE) == 0:
		return Errorf(EINVALID, "challenge %q: give at least one CPV or NACE code, so that suppliers can find it", c.Title)
	}
	for _, p := range c.Partners {
		if p.Role != PartnerObserver && p.Role != PartnerCoBuyer {
			return Errorf(EINVALID, "partner role %q: use observer or co-buyer", p.Role)
		}
	}
	return nil
}

// Capability is what a supplier tells buyers about itself (its profile in
// the broker): what it does, in which categories, where, its references
// and solutions, whom it follows.
type Capability struct {
	SupplierID   string    `json:"supplier_id"` // org:NO-BRC:…
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	CPV          []string  `json:"cpv"`
	NACE         []string  `json:"nace,omitempty"`
	Municipality string    `json:"municipality,omitempty"`
	Size         string    `json:"size,omitempty"` // micro, small, medium, large
	References   string    `json:"references,omitempty"`
	Solutions    string    `json:"solutions,omitempty"`
	FollowBuyers []string  `json:"follow_buyers,omitempty"`
	FollowCPV    []string  `json:"follow_cpv,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Interest is a supplier's expression of interest in a challenge or a
// published plan item.
type Interest struct {
	SupplierID string    `json:"supplier_id"`
	BuyerID    string    `json:"buyer_id"`
	Kind       string    `json:"kind"` // challenge or plan_item
	TargetID   string    `json:"target_id"`
	Who        string    `json:"who"`
	At         time.Time `json:"at"`
}

// InterestFilter selects interests: of a supplier, or in a buyer's target.
type InterestFilter struct {
	SupplierID, BuyerID, Kind, TargetID string
}

// Question is a supplier's written question on a challenge and the buyer's
// answer, published to every interested supplier at once (equal
// treatment); the asker is not shown to other suppliers.
type Question struct {
	ID          int64     `json:"id"`
	BuyerID     string    `json:"buyer_id"`
	ChallengeID string    `json:"challenge_id"`
	SupplierID  string    `json:"supplier_id,omitempty"`
	AskedBy     string    `json:"asked_by,omitempty"`
	Text        string    `json:"question"`
	AskedAt     time.Time `json:"asked_at"`
	Answer      string    `json:"answer,omitempty"`
	AnsweredBy  string    `json:"answered_by,omitempty"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
}

// Contact is one buyer–supplier contact in the broker's log.
type Contact struct {
	ID         int64     `json:"id"`
	BuyerID    string    `json:"buyer_id"`
	SupplierID string    `json:"supplier_id"`
	Kind       string    `json:"kind"` // question, answer, interest, meeting, event
	Ref        string    `json:"ref"`  // the challenge or plan item
	Who        string    `json:"who"`
	Note       string    `json:"note,omitempty"`
	At         time.Time `json:"at"`
}

// Event is a market-consultation event of a buyer (about a challenge, or
// none): a meeting at a place or online, with a registration limit.
type Event struct {
	ID          int64     `json:"id"`
	BuyerID     string    `json:"buyer_id"`
	ChallengeID string    `json:"challenge_id,omitempty"`
	Title       string    `json:"title"`
	Starts      time.Time `json:"starts"`
	Place       string    `json:"place,omitempty"`
	OnlineURL   string    `json:"online_url,omitempty"`
	Capacity    int       `json:"capacity"` // suppliers; 0: no limit
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	Registered  int       `json:"registered"` // suppliers registered so far
}

// Validate checks an event.
func (e *Event) Validate() error {
	e.Title, e.Place, e.OnlineURL = strings.TrimSpace(e.Title), strings.TrimSpace(e.Place), strings.TrimSpace(e.OnlineURL)
	switch {
	case e.Title == "":
		return Errorf(EINVALID, "an event needs a title")
	case e.Starts.IsZero():
		return Errorf(EINVALID, "event %q: when does it start?", e.Title)
	case e.Place == "" && e.OnlineURL == "":
		return Errorf(EINVALID, "event %q: give a place or an online link", e.Title)
	case e.OnlineURL != "" && !strings.HasPrefix(e.OnlineURL, "https://") && !strings.HasPrefix(e.OnlineURL, "http://"):
		return Errorf(EINVALID, "event %q: the online link starts with https://", e.Title)
	case e.Capacity < 0:
		return Errorf(EINVALID, "event %q: capacity %d", e.Title, e.Capacity)
	}
	return nil
}

// EventRegistration is a supplier registered for an event.
type EventRegistration struct {
	EventID    int64     `json:"event_id"`
	SupplierID string    `json:"supplier_id"`
	Who        string    `json:"who"`
	At         time.Time `json:"at"`
}

// Attachment is a file of a challenge (Data only when read one by one).
type Attachment struct {
	BuyerID     string    `json:"buyer_id"`
	ChallengeID string    `json:"challenge_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	AddedBy     string    `json:"added_by"`
	AddedAt     time.Time `json:"added_at"`
	Data        []byte    `json:"-"`
}
