// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"context"
	"log/slog"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// The review queue and people's decisions on it.

// Queue lists a buyer's review queue: the groups of lines classified with
// a confidence below ReviewBelow, at most limit.
func Queue(ctx context.Context, st cityspend.CategoryStore, buyerID string, limit int) ([]cityspend.ReviewGroup, error) {
	return st.ReviewGroups(ctx, buyerID, ReviewBelow, limit)
}

// QueueLen is how many groups Queue would list without a limit.
func QueueLen(ctx context.Context, st cityspend.CategoryStore, buyerID string) (int, error) {
	return st.ReviewGroupCount(ctx, buyerID, ReviewBelow)
}

// Decision is a person's category decision as they give it.
type Decision struct {
	BuyerID    string
	SupplierID string
	CPV        string // with or without its check digit
	OldCPV     string // the category it had
	// Scope is what the decision covers: the supplier's lines on an
	// account ("account" or ""), all of them ("supplier"), or its lines on
	// the account (any, if none) whose text is Text ("text").
	Scope    string
	Account  string
	Text     string
	Who, Why string
}

// Decide records a person's category decision, with who and why for the
// audit trail, and classifies the buyer's lines again.
func Decide(ctx context.Context, st Store, d Decision, log *slog.Logger) (*Summary, error) {
	code, err := cpv.Parse(d.CPV)
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	why := strings.TrimSpace(d.Why)
	if d.Who == "" || why == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "say why: it is kept in the audit trail with your name")
	}
	cd := cityspend.CategoryDecision{BuyerID: d.BuyerID, SupplierID: d.SupplierID, CPV: string(code), OldCPV: d.OldCPV, Who: d.Who, Why: why}
	switch d.Scope {
	case "account", "":
		cd.Account = d.Account
	case "supplier":
	case "text":
		cd.Account, cd.Text = d.Account, d.Text
	default:
		return nil, cityspend.Errorf(cityspend.EINVALID, "scope %q: use account, supplier or text", d.Scope)
	}
	if cd.SupplierID == "" && cd.Text == "" {
		return nil, cityspend.Errorf(cityspend.EINVALID, "a decision needs a supplier or a text")
	}
	if err := st.PutCategoryDecision(ctx, cd); err != nil {
		return nil, err
	}
	return Run(ctx, st, d.BuyerID, log)
}
