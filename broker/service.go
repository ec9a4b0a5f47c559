// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/peers"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Broker runs the broker's steps over a store, sending messages with a
// mailer.
type Broker struct {
	St   Store
	Mail notify.Mailer
	Now  func() time.Time
	// RankerCache, when set, keeps the rankers of the suppliers between
	// calls while the data stays the same: for a key (a Visible set's), it
	// returns the ranker that build made before for the same key, or calls
	// build. Rankers of different keys differ: one must never be returned
	// for another's key. Nil builds one for every ranking.
	RankerCache func(key string, build func() (*Ranker, error)) (*Ranker, error)
	// Elsewhere, when set, gives the procurements other installations (or
	// other publishers) plan, as their planning feeds were last read: they
	// join the joint-procurement finder. The server sets it (the feeds
	// are read by package feeds, which the broker does not link).
	Elsewhere func(ctx context.Context) ([]PlannedElsewhere, error)
}

// PlannedElsewhere is a procurement planned on another installation or by
// another publisher: the item as planned there, its buyer's name, the
// currency of its value, and where and when it was read.
type PlannedElsewhere struct {
	Item      cityspend.PlanItem
	BuyerName string
	Currency  string
	Source    peers.Source
}

// New returns a broker.
func New(st Store, m notify.Mailer) *Broker {
	return &Broker{St: st, Mail: m, Now: func() time.Time { return time.Now().UTC() }}
}

// Registration is a supplier's user signing up.
type Registration struct {
	Email, Name, OrgNumber, Password string
	// Lang is the language of the page the supplier registered on, for
	// the messages it is sent ("nb" or "en").
	Lang string
}

// mailLocale is the language of the messages about a buyer's needs to a
// user: the one the user chose, else the buyer's country's (bokmål for a
// Norwegian buyer), else English.
func mailLocale(u cityspend.User, country string) *i18n.Locale {
	if u.Lang != "" {
		return i18n.New(u.Lang)
	}
	if country == "NO" {
		return i18n.New("nb")
	}
	return i18n.New("en")
}

// errStop ends a visit early.
var errStop = errors.New("stop")

// Register creates an unconfirmed supplier user: the organisation number
// must be valid and, when a business register is loaded, in it. The
// confirmation link (base: the site's address) goes by mail; a profile is
// started from the register.
func (b *Broker) Register(ctx context.Context, r Registration, base string) (cityspend.User, error) {
	id, ok := cityspend.NormalizeOrgNumber(r.OrgNumber, "NO")
	if !ok {
		return cityspend.User{}, cityspend.Errorf(cityspend.EINVALID, "organisation number %q: nine digits with a valid check digit", r.OrgNumber)
	}
	org, err := b.St.Organisation(ctx, id)
	registered := err == nil
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return cityspend.User{}, err
	}
	if !registered {
		loaded := false
		err := b.St.RegisteredNames(ctx, func(*cityspend.RegisteredName) error { loaded = true; return errStop })
		if err != nil && !errors.Is(err, errStop) {
			return cityspend.User{}, err
		}
		if loaded {
			return cityspend.User{}, cityspend.Errorf(cityspend.EINVALID, "organisation number %s is not in the business register", id.ID)
		}
	}
	supplierID := "org:" + id.String()
	email, err := cityspend.NormalizeEmail(r.Email)
	if err != nil {
		return cityspend.User{}, err
	}
	base = strings.TrimRight(base, "/")
	l := i18n.New(r.Lang)
	confirm := func(u cityspend.User, token string) error {
		msg := notify.Message{To: u.Email, Subject: l.T("mail.confirm.subject"),
			Body: l.T("mail.confirm.body", r.Name, u.SupplierID, base+"/confirm?token="+token)}
		if err := b.Mail.Send(ctx, msg); err != nil {
			return fmt.Errorf("registered, but the confirmation could not be sent (register again to resend it): %w", err)
		}
		return nil
	}
	// An address that has an account: the answer is the same as for a new
	// one (whether an address has an account is not told); its owner hears
	// of it, or gets a new confirmation if it is still unconfirmed.
	if old, err := b.St.UserByEmail(ctx, email); err == nil {
		if old.Unconfirmed && old.SupplierID == supplierID {
			token := auth.NewToken()
			if err := b.St.SetConfirmation(ctx, old.ID, auth.TokenHash(token)); err != nil {
				return cityspend.User{}, err
			}
			return old, confirm(old, token)
		}
		return cityspend.User{}, b.Mail.Send(ctx, notify.Message{To: email, Subject: l.T("mail.taken.subject"),
			Body: l.T("mail.taken.body", email, id.ID, base+"/login")})
	} else if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return cityspend.User{}, err
	}
	// Once an organisation has users, a new one needs their invitation.
	users, err := b.St.Users(ctx)
	if err != nil {
		return cityspend.User{}, err
	}
	for _, x := range users {
		if x.SupplierID == supplierID && !x.Unconfirmed {
			ok, err := b.St.Invited(ctx, supplierID, email)
			if err != nil {
				return cityspend.User{}, err
			}
			if !ok {
				return cityspend.User{}, cityspend.Errorf(cityspend.EFORBIDDEN,
					"organisation %s has users here already: ask one of them to invite you (on their page, Your firm)", id.ID)
			}
			break
		}
	}
	token := auth.NewToken()
	u := cityspend.User{Email: email, Name: r.Name, SupplierID: supplierID, ConfirmHash: auth.TokenHash(token), Unconfirmed: true}
	if slices.Contains(cityspend.Languages, r.Lang) {
		u.Lang = r.Lang // the language of the page they registered on
	}
	uid, err := auth.AddUser(ctx, b.St, u, r.Password)
	if err != nil {
		return cityspend.User{}, err
	}
	u.ID, u.ConfirmHash = uid, ""
	if err := b.St.DeleteInvite(ctx, supplierID, email); err != nil {
		return u, err
	}
	if _, err := b.St.Capability(ctx, u.SupplierID); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		c := cityspend.Capability{SupplierID: u.SupplierID, Name: r.Name, UpdatedAt: b.Now()}
		if registered {
			c.Name, c.Municipality, c.NACE, c.Size = org.Name, org.Address.Municipality, org.NACE, sizeOf(org)
		}
		if err := b.St.PutCapability(ctx, c); err != nil {
			return u, err
		}
	} else if err != nil {
		return u, err
	}
	return u, confirm(u, token)
}

// InviteColleague lets a supplier's user invite a colleague: a new user of the same
// organisation needs it (the first one does not).
func (b *Broker) InviteColleague(ctx context.Context, u cityspend.User, email, base, lang string) error {
	if u.SupplierID == "" {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "only a supplier's user invites colleagues")
	}
	email, err := cityspend.NormalizeEmail(email)
	if err != nil {
		return err
	}
	if err := b.St.PutInvite(ctx, u.SupplierID, email, u.Email, b.Now()); err != nil {
		return err
	}
	org := strings.TrimPrefix(u.SupplierID, "org:NO-BRC:")
	l := i18n.New(lang)
	return b.Mail.Send(ctx, notify.Message{To: email, Subject: l.T("mail.invite.subject"),
		Body: l.T("mail.invite.body", u.Email, u.SupplierID, strings.TrimRight(base, "/")+"/register?org="+url.QueryEscape(org)+"&email="+url.QueryEscape(email))})
}

// sizeOf is the size class of an organisation's head count.
func sizeOf(o cityspend.Organisation) string {
	switch {
	case !o.EmployeesKnown && !o.EmployeesWithheld:
		return ""
	case o.EmployeesWithheld || o.Employees < 10:
		return cityspend.ClassMicro
	case o.Employees < 50:
		return cityspend.ClassSmall
	case o.Employees < 250:
		return cityspend.ClassMedium
	}
	return cityspend.ClassLarge
}

// Confirm confirms a registration's e-mail address.
func (b *Broker) Confirm(ctx context.Context, token string) (cityspend.User, error) {
	if token == "" {
		return cityspend.User{}, cityspend.Errorf(cityspend.EINVALID, "the link has no token")
	}
	u, err := b.St.ConfirmUser(ctx, auth.TokenHash(token))
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		return u, cityspend.Errorf(cityspend.ENOTFOUND, "this confirmation link is not valid (or was used already)")
	}
	return u, err
}

// PublishedChallenge reads a challenge that is open to the market.
func (b *Broker) PublishedChallenge(ctx context.Context, buyerID, id string) (cityspend.Challenge, error) {
	c, err := b.St.Challenge(ctx, buyerID, id)
	if err != nil {
		return c, err
	}
	if c.Status == cityspend.ChallengeDraft {
		return c, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no published challenge %s", buyerID, id)
	}
	return c, nil
}

// ExpressInterest records a supplier user's interest in a published
// challenge (kind "challenge") or plan item ("plan_item"), and the contact.
func (b *Broker) ExpressInterest(ctx context.Context, u cityspend.User, buyerID, kind, id string) error {
	if u.SupplierID == "" {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "only a supplier's user expresses interest")
	}
	switch kind {
	case "challenge":
		c, err := b.PublishedChallenge(ctx, buyerID, id)
		if err != nil {
			return err
		}
		if c.Status != cityspend.ChallengePublished {
			return cityspend.Errorf(cityspend.ECONFLICT, "challenge %s is closed", id)
		}
	case "plan_item":
		items, err := b.St.PlanItems(ctx, buyerID)
		if err != nil {
			return err
		}
		found := false
		for _, it := range openItems(items) {
			found = found || it.ID == id
		}
		if !found {
			return cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no published plan item %s", buyerID, id)
		}
	default:
		return cityspend.Errorf(cityspend.EINVALID, "interest in %q: a challenge or a plan_item", kind)
	}
	now := b.Now()
	if err := b.St.PutInterest(ctx, cityspend.Interest{SupplierID: u.SupplierID, BuyerID: buyerID, Kind: kind, TargetID: id, Who: u.Email, At: now}); err != nil {
		return err
	}
	return b.St.AddContact(ctx, cityspend.Contact{BuyerID: buyerID, SupplierID: u.SupplierID, Kind: "interest", Ref: kind + ":" + id, Who: u.Email, At: now})
}

// MaxQuestion is the longest question or answer accepted, in characters.
const MaxQuestion = 4000

// Ask records a supplier user's written question on a published challenge
// (asking is an expression of interest) and the contact.
func (b *Broker) Ask(ctx context.Context, u cityspend.User, buyerID, challengeID, text string) (cityspend.Question, error) {
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > MaxQuestion {
		return cityspend.Question{}, cityspend.Errorf(cityspend.EINVALID, "a question has 1 to %d characters", MaxQuestion)
	}
	if err := b.ExpressInterest(ctx, u, buyerID, "challenge", challengeID); err != nil {
		return cityspend.Question{}, err
	}
	now := b.Now()
	q, err := b.St.AddQuestion(ctx, cityspend.Question{BuyerID: buyerID, ChallengeID: challengeID, SupplierID: u.SupplierID, AskedBy: u.Email, Text: text, AskedAt: now})
	if err != nil {
		return q, err
	}
	return q, b.St.AddContact(ctx, cityspend.Contact{BuyerID: buyerID, SupplierID: u.SupplierID, Kind: "question", Ref: "challenge:" + challengeID,
		Who: u.Email, Note: fmt.Sprintf("question %d", q.ID), At: now})
}

// Answer records a buyer's answer to a question, logs the contact with the
// asker, and sends the question and answer to every interested supplier's
// users at once (equal treatment; the asker is not named). It returns the
// number of messages sent.
func (b *Broker) Answer(ctx context.Context, buyerID, challengeID string, questionID int64, answer, who, base string) (cityspend.Question, int, error) {
	answer = strings.TrimSpace(answer)
	if answer == "" || len([]rune(answer)) > MaxQuestion {
		return cityspend.Question{}, 0, cityspend.Errorf(cityspend.EINVALID, "an answer has 1 to %d characters", MaxQuestion)
	}
	// The question must be one of the challenge's, before anything changes.
	qs, err := b.St.Questions(ctx, buyerID, challengeID)
	if err != nil {
		return cityspend.Question{}, 0, err
	}
	found := false
	for _, q := range qs {
		found = found || q.ID == questionID
	}
	if !found {
		return cityspend.Question{}, 0, cityspend.Errorf(cityspend.ENOTFOUND, "challenge %s has no question %d", challengeID, questionID)
	}
	now := b.Now()
	q, err := b.St.AnswerQuestion(ctx, buyerID, questionID, answer, who, now)
	if err != nil {
		return q, 0, err
	}
	if err := b.St.AddContact(ctx, cityspend.Contact{BuyerID: buyerID, SupplierID: q.SupplierID, Kind: "answer", Ref: "challenge:" + q.ChallengeID,
		Who: who, Note: fmt.Sprintf("question %d", q.ID), At: now}); err != nil {
		return q, 0, err
	}
	interests, err := b.St.Interests(ctx, cityspend.InterestFilter{BuyerID: buyerID, Kind: "challenge", TargetID: q.ChallengeID})
	if err != nil {
		return q, 0, err
	}
	// The message names the challenge and its buyer, in the buyer's
	// country's language.
	by, err := b.St.Buyer(ctx, buyerID)
	if err != nil {
		return q, 0, err
	}
	title := q.ChallengeID
	if c, err := b.St.Challenge(ctx, buyerID, q.ChallengeID); err == nil {
		title = c.Title
	}
	interested := map[string]bool{}
	for _, i := range interests {
		interested[i.SupplierID] = true
	}
	users, err := b.St.Users(ctx)
	if err != nil {
		return q, 0, err
	}
	sent := 0
	for _, u := range users {
		if u.SupplierID == "" || !interested[u.SupplierID] || u.Disabled || u.Unconfirmed {
			continue
		}
		l := mailLocale(u, by.Country)
		msg := notify.Message{To: u.Email, Subject: l.T("mail.answer.subject", title, by.Name),
			Body: l.T("mail.answer.body", q.Text, q.Answer, strings.TrimRight(base, "/")+"/public/"+buyerID+"/challenges/"+q.ChallengeID)}
		if err := b.Mail.Send(ctx, msg); err != nil {
			return q, sent, fmt.Errorf("answer stored; sending to %s failed: %w", u.Email, err)
		}
		sent++
	}
	return q, sent, nil
}

// Opportunity is an open challenge or published plan item that fits a
// supplier.
type Opportunity struct {
	BuyerID   string `json:"buyer_id"`
	BuyerName string `json:"buyer"`
	Kind      string `json:"kind"` // challenge or plan_item
	ID        string `json:"id"`
	Title     string `json:"title"`
	// Value is the plan item's estimated value or the challenge's budget
	// (its top), in Currency; zero when it has none.
	Value    cityspend.Amount `json:"value,omitempty"`
	Currency string           `json:"currency,omitempty"`
	Score    float64          `json:"score"`
	Level    string           `json:"level"`
	Partner  bool             `json:"partner,omitempty"`
	Reasons  []Reason         `json:"reasons"`
}

// OpenToMarket reports whether a published plan item is an opportunity
// for suppliers: a purchase still to be put to the market — not awarded,
// and not one of the buyer's own decisions on a contract it has (whether
// to extend it, or end it), which no supplier can bid for.
func OpenToMarket(it cityspend.PlanItem) bool {
	switch {
	case !it.Published || it.Status == cityspend.PlanAwarded || it.Status == cityspend.PlanCancelled || it.MergedInto != "":
		return false
	case !plan.ForTender(it):
		return false
	}
	return true
}

// openItems are a buyer's published plan items open to the market.
func openItems(items []cityspend.PlanItem) []cityspend.PlanItem {
	var out []cityspend.PlanItem
	for _, it := range plan.Published(items) {
		if OpenToMarket(it) {
			out = append(out, it)
		}
	}
	return out
}

// Opportunities lists the open challenges and the published plan items
// open to the market of every buyer that fit a supplier, best first,
// scored from what the visible buyers' ledgers say (see Matches). Every
// supplier that fits sees the same needs, wherever it is and whatever its
// size.
func (b *Broker) Opportunities(ctx context.Context, supplierID string, vis Visible) ([]Opportunity, error) {
	ranker, err := b.ranker(ctx, vis)
	if err != nil {
		return nil, err
	}
	buyers, err := b.St.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	var out []Opportunity
	for _, by := range buyers {
		chs, err := b.St.Challenges(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		var needs []cityspend.Challenge
		kinds := map[string]string{}
		values := map[string]cityspend.Amount{}
		for _, c := range chs {
			if c.Status == cityspend.ChallengePublished {
				needs = append(needs, c)
				kinds[c.ID], values[c.ID] = "challenge", Annual(c)
			}
		}
		items, err := b.St.PlanItems(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range openItems(items) {
			needs = append(needs, PlanNeed(it))
			kinds[it.ID], values[it.ID] = "plan_item", it.Value
		}
		for _, n := range needs {
			if n.Currency == "" {
				n.Currency = by.Currency
			}
			for _, m := range ranker.Rank(n, 0) {
				if m.SupplierID == supplierID {
					out = append(out, Opportunity{BuyerID: by.ID, BuyerName: by.Name, Kind: kinds[n.ID], ID: n.ID, Title: n.Title,
						Value: values[n.ID], Currency: n.Currency, Score: m.Score, Level: m.Level, Partner: m.Partner, Reasons: m.Reasons})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].BuyerID+out[i].ID < out[j].BuyerID+out[j].ID
	})
	return out, nil
}

// Announce sends a newly published challenge to the users of every
// supplier that follows its buyer or one of its categories (a followed CPV
// code covers the codes that start with its significant digits). It
// returns the number of messages sent.
func (b *Broker) Announce(ctx context.Context, c cityspend.Challenge, base string) (int, error) {
	caps, err := b.St.Capabilities(ctx)
	if err != nil {
		return 0, err
	}
	follows := map[string]bool{}
	for _, p := range caps {
		f := false
		for _, id := range p.FollowBuyers {
			f = f || id == c.BuyerID
		}
		for _, fc := range p.FollowCPV {
			for _, cc := range c.CPV {
				f = f || cpv.Covers(fc, cc)
			}
		}
		if f {
			follows[p.SupplierID] = true
		}
	}
	users, err := b.St.Users(ctx)
	if err != nil {
		return 0, err
	}
	by, err := b.St.Buyer(ctx, c.BuyerID)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, u := range users {
		if u.SupplierID == "" || !follows[u.SupplierID] || u.Disabled || u.Unconfirmed {
			continue
		}
		l := mailLocale(u, by.Country)
		msg := notify.Message{To: u.Email, Subject: l.T("mail.challenge.subject", c.Title),
			Body: l.T("mail.challenge.body", by.Name, c.Title, c.Problem, strings.TrimRight(base, "/")+"/public/"+c.BuyerID+"/challenges/"+c.ID)}
		if err := b.Mail.Send(ctx, msg); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// Join adds another buyer to a published challenge as an observer or a
// co-buyer, on behalf of that buyer's analyst or admin, and logs it in the
// challenge's buyer's contacts.
func (b *Broker) Join(ctx context.Context, u cityspend.User, buyerID, challengeID, asBuyer, role string) error {
	if asBuyer == "" {
		return cityspend.Errorf(cityspend.EINVALID, "say which buyer joins")
	}
	if !cityspend.RoleAtLeast(u.RoleAt(asBuyer), cityspend.RoleAnalyst) {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "joining for buyer %s needs its analyst or admin role", asBuyer)
	}
	if asBuyer == buyerID {
		return cityspend.Errorf(cityspend.EINVALID, "the buyer is not its own partner")
	}
	if role != cityspend.PartnerObserver && role != cityspend.PartnerCoBuyer {
		return cityspend.Errorf(cityspend.EINVALID, "role %q: observer or co-buyer", role)
	}
	c, err := b.PublishedChallenge(ctx, buyerID, challengeID)
	if err != nil {
		return err
	}
	found := false
	for i := range c.Partners {
		if c.Partners[i].BuyerID == asBuyer {
			c.Partners[i].Role, found = role, true
		}
	}
	if !found {
		c.Partners = append(c.Partners, cityspend.Partner{BuyerID: asBuyer, Role: role})
	}
	c.UpdatedAt = b.Now()
	if _, err := b.St.PutChallenge(ctx, c); err != nil {
		return err
	}
	return b.St.AddContact(ctx, cityspend.Contact{BuyerID: buyerID, Kind: "partner", Ref: "challenge:" + challengeID, Who: u.Email,
		Note: fmt.Sprintf("buyer %s joins as %s", asBuyer, role), At: c.UpdatedAt})
}

// PlanNeed is a plan item as a need the matcher ranks suppliers for: its
// title, its need and its CPV codes, and as its budget its estimated value
// for a year (the value spread over the months it runs, when longer than a
// year). The currency is the buyer's, which the caller sets.
func PlanNeed(it cityspend.PlanItem) cityspend.Challenge {
	v := it.Value
	if it.Months > 12 {
		v = v * 12 / cityspend.Amount(it.Months)
	}
	return cityspend.Challenge{BuyerID: it.BuyerID, ID: it.ID, Title: it.Title, Problem: it.Need, CPV: it.CPV, BudgetMin: v, BudgetMax: v}
}
