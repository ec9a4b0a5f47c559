// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// Store is cityspend on ClickHouse: the ledger lines — what grows with the
// number of cities and years — on the cluster, and the catalog beside them
// in an embedded DuckDB file: buyers, the lines' payees, accounts and units
// (with the ids the lines carry), the business register, payee resolutions
// and supplier profiles, scope, survey answers, emission factors, targets,
// accounts and the rest. Every analysis starts from a rollup the cluster
// computes where the buyer's lines are (duckdb.LineSource); the catalog
// joins its dimensions to the sums with the same SQL as for its own lines,
// so the figures are the embedded store's.
//
// What reads single lines (drill-down, exports, the review queue, contract
// links, the compliance findings and their evidence) reads the buyers'
// lines from the cluster into temporary tables of the catalog and runs the
// same SQL there; the lines' items are numbered as they are imported, and
// their contract links are made as they are read.
type Store struct {
	*duckdb.DB // the catalog
	lines      *DB
}

// NewStore joins a catalog and the cluster's lines. The catalog must be
// used with these lines only (its own ledger tables stay empty).
func NewStore(catalog *duckdb.DB, lines *DB) *Store {
	catalog.UseLineSource(lines)
	return &Store{DB: catalog, lines: lines}
}

// Lines is the cluster's ledger store.
func (s *Store) Lines() *DB { return s.lines }

// Ping reports whether the cluster answers (the server's /readyz asks).
func (s *Store) Ping(ctx context.Context) error { return s.lines.conn.Ping(ctx) }

// Close closes both.
func (s *Store) Close() error { return errors.Join(s.lines.Close(), s.DB.Close()) }

// CreateBuyer adds the buyer to the catalog and to the cluster (which
// shards its lines by it). A buyer the catalog has but the cluster lacks
// (an earlier attempt that stopped half-way) is added to the cluster, and
// the conflict reported as usual.
func (s *Store) CreateBuyer(ctx context.Context, b cityspend.Buyer) error {
	err := s.DB.CreateBuyer(ctx, b)
	if err != nil && cityspend.ErrorCode(err) != cityspend.ECONFLICT {
		return err
	}
	if err != nil {
		known, berr := s.DB.Buyer(ctx, b.ID)
		if berr != nil {
			return berr
		}
		b = known
	}
	if lerr := s.lines.CreateBuyer(ctx, b); lerr != nil && cityspend.ErrorCode(lerr) != cityspend.ECONFLICT {
		return lerr
	}
	return err
}

// ImportPayments loads a file's lines into the cluster, numbering their
// payees, accounts and units in the catalog. A buyer of the catalog the
// cluster does not know yet (a restored catalog) is added to it.
func (s *Store) ImportPayments(ctx context.Context, batch *cityspend.ImportBatch, rows cityspend.RowReader, dryRun bool) error {
	b, err := s.DB.Buyer(ctx, batch.BuyerID)
	if err != nil {
		return err
	}
	if _, err := s.lines.Buyer(ctx, b.ID); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		if err := s.lines.CreateBuyer(ctx, b); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	dims, err := s.DB.Dims(ctx, b)
	if err != nil {
		return err
	}
	defer dims.Done()
	return s.lines.importPayments(ctx, batch, rows, dryRun, dims)
}

// UndoBatch takes a batch's lines out of the cluster and what follows them
// out of the catalog. The catalog's part is one transaction (with the
// orphaned dimensions found on the cluster while no import numbers new
// ones); then one row in the cluster's undone table hides the batch's
// lines from every reader at once, and they are deleted in the background
// (a mutation). Between the two the buyer's follow-up is marked pending,
// so the figures say they are provisional; an undo that stopped after the
// catalog's part is completed by the next UndoBatch of the batch.
func (s *Store) UndoBatch(ctx context.Context, buyerID string, batchID int64, by cityspend.AuditEntry) (cityspend.ImportBatch, error) {
	if _, err := s.DB.Buyer(ctx, buyerID); err != nil {
		return cityspend.ImportBatch{}, err
	}
	b, err := s.lines.Batch(ctx, buyerID, batchID)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	if b.Undone() {
		return cityspend.ImportBatch{}, cityspend.UndoneAlready(b)
	}
	who, at, recorded, err := s.DB.Undone(ctx, b.ID)
	if err != nil {
		return cityspend.ImportBatch{}, err
	}
	if recorded {
		// The catalog's part is done: hide the lines.
		b.State, b.UndoneBy, b.UndoneAt = cityspend.BatchUndone, who, at
	} else {
		b, err = s.DB.UndoCatalog(ctx, b, by, func(ctx context.Context) (int64, duckdb.Orphans, error) { return s.lines.orphans(ctx, b) })
		if err != nil {
			return cityspend.ImportBatch{}, err
		}
	}
	if err := s.lines.insert(ctx, "undone", "batch_id, buyer_id, undone_at, undone_by", uint64(b.ID), b.BuyerID,
		b.UndoneAt.Truncate(time.Second), b.UndoneBy); err != nil {
		return cityspend.ImportBatch{}, fmt.Errorf("undo batch %d: %w", b.ID, err)
	}
	s.lines.forget(context.WithoutCancel(ctx), b.BuyerID, b.ID)
	return b, nil
}

// Batches lists the buyer's recorded imports (on the cluster).
func (s *Store) Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	return s.lines.Batches(ctx, buyerID)
}

// Batch is one of the buyer's recorded imports (on the cluster).
func (s *Store) Batch(ctx context.Context, buyerID string, id int64) (cityspend.ImportBatch, error) {
	return s.lines.Batch(ctx, buyerID, id)
}

// FiscalYears lists the fiscal years the buyer (of the catalog) has lines
// in on the cluster.
func (s *Store) FiscalYears(ctx context.Context, buyerID string) ([]int, error) {
	if _, err := s.DB.Buyer(ctx, buyerID); err != nil {
		return nil, err
	}
	return s.lines.FiscalYears(ctx, buyerID)
}

// catalogRoles are the roles of cityspend.Store the catalog serves as
// they are: they read no lines, or read them through the rollup (spend,
// payees, the footprint), or read the buyers' lines from the cluster into
// temporary tables of the catalog and link them to contracts (duckdb
// onLines: items, the review queue, contracts, the compliance sums and
// evidence). catalogMethods are the catalog's methods of the roles Store
// serves in part itself. Every method of cityspend.Store is Store's own or
// the catalog's, never both (TestEveryMethodPlaced).
var catalogRoles = []reflect.Type{
	reflect.TypeFor[cityspend.RegisterStore](),
	reflect.TypeFor[cityspend.SupplierStore](),
	reflect.TypeFor[cityspend.ScopeStore](),
	reflect.TypeFor[cityspend.SpendStore](),
	reflect.TypeFor[cityspend.CategoryStore](),
	reflect.TypeFor[cityspend.ContractStore](),
	reflect.TypeFor[cityspend.ComplianceStore](),
	reflect.TypeFor[cityspend.TenderStore](),
	reflect.TypeFor[cityspend.PlanStore](),
	reflect.TypeFor[cityspend.ClimateStore](),
	reflect.TypeFor[cityspend.StrategyStore](),
	reflect.TypeFor[cityspend.SettingStore](),
	reflect.TypeFor[cityspend.AccountStore](),
	reflect.TypeFor[cityspend.BrokerStore](),
	reflect.TypeFor[cityspend.SurveyStore](),
	reflect.TypeFor[cityspend.LineStore](),
	// The pending follow-ups are marked in the catalog: by Dims.Save,
	// before the batch's row makes its lines visible on the cluster.
	reflect.TypeFor[cityspend.FollowUpStore](),
	// The outbox and the suppliers' alerts are the catalog's: a digest is
	// queued in the transaction that moves its alert's mark.
	reflect.TypeFor[cityspend.MailStore](),
	// Other installations' feeds: no lines.
	reflect.TypeFor[cityspend.FeedStore](),
}

var catalogMethods = map[string]bool{
	// LedgerStore: buyers and the core's sums (through the rollup); Store
	// creates buyers, imports, undoes batches, lists them and fiscal years
	// itself.
	"Buyer": true, "Buyers": true, "SpendTotal": true, "SpendBy": true,
}

var _ cityspend.Store = (*Store)(nil)
