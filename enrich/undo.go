// SPDX-License-Identifier: EUPL-1.2

package enrich

import (
	"context"
	"log/slog"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
)

// UndoStore is what Undo uses: the follow-up's store and the compliance
// rules' (to compute findings again).
type UndoStore interface {
	Store
	compliance.Store
}

// Undo takes a ledger or e-invoice batch of a buyer out again and brings
// the buyer's figures back to what the remaining lines make them: the
// store takes out the lines and what hangs off them in one transaction
// (cityspend.LedgerStore.UndoBatch, with by in the audit log), then the
// follow-up runs for the buyer as after an import (payees, scope, and the
// categories when the buyer's lines had been classified), and the
// findings are computed again when the buyer had any. Every caller (the
// command line, the web page, the API) goes through it, so that the
// figures after an undo are the figures before the import, whoever asks.
// A follow-up that stops half-way leaves its mark pending, as after an
// import (Complete finishes it).
func Undo(ctx context.Context, st UndoStore, buyerID string, batchID int64, by cityspend.AuditEntry, log *slog.Logger) (cityspend.ImportBatch, error) {
	before, err := st.Findings(ctx, buyerID)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	b, err := st.UndoBatch(ctx, buyerID, batchID, by)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	log = logger(log)
	log.Info("undid an import batch", "buyer", buyerID, "batch", batchID, "file", b.FileName, "by", by.Who)
	items, err := st.Items(ctx, buyerID)
	if err != nil {
		return b, err
	}
	if _, err := Run(ctx, st, Options{Buyers: []string{buyerID}, SkipClassify: len(items) == 0, Log: log}); err != nil {
		return b, err
	}
	if len(before) > 0 {
		if _, err := compliance.Compute(ctx, st, buyerID, compliance.Options{}); err != nil {
			return b, err
		}
	}
	return b, nil
}
