// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// FollowUp is a pending follow-up: an import whose payees, scope and
// categories have not been brought up to date for a buyer. Until they
// have, the buyer's figures are provisional.
type FollowUp struct {
	Seq     int64     `json:"seq"`
	BuyerID string    `json:"buyer_id"`
	Cause   string    `json:"cause"`              // the import: ledger, ehf (a batch's kind), register, municipalities; or undo (of a batch)
	BatchID int64     `json:"batch_id,omitempty"` // the ledger batch or register batch
	Since   time.Time `json:"since"`              // when the import committed
}
