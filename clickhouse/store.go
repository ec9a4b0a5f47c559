// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"errors"

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

// Batches lists the buyer's recorded imports (on the cluster).
func (s *Store) Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	return s.lines.Batches(ctx, buyerID)
}

// FiscalYears lists the fiscal years the buyer (of the catalog) has lines
// in on the cluster.
func (s *Store) FiscalYears(ctx context.Context, buyerID string) ([]int, error) {
	if _, err := s.DB.Buyer(ctx, buyerID); err != nil {
		return nil, err
	}
	return s.lines.FiscalYears(ctx, buyerID)
}

// catalogMethods are the Store methods the catalog serves as they are:
// they read no lines, or read them through the rollup. A method of
// cityspend.Store must be here or be Store's own (TestEveryMethodPlaced).
var catalogMethods = map[string]bool{}

func init() {
	for _, m := range []string{
		// buyers and the core's sums (through the rollup); the rejected
		// rows of imports (written to the catalog as they are read)
		"Buyer", "Buyers", "SpendTotal", "SpendBy", "Rejects",
		// the register and resolution (payee spend through the rollup)
		"ImportRegister", "Organisations", "OrganisationNames", "Organisation", "OrganisationsByID", "Establishments",
		"OrganisationHistory", "Payees", "SetResolutions", "PutOverride", "Overrides", "ReplaceProfiles", "Suppliers",
		"PlaceRules", "SetPlaceRules", "MunicipalityCodes", "AddMunicipalityCodes",
		// scope and the analysis (through the rollup)
		"Accounts", "ScopeRules", "SetScopeRules", "SetAccountScope", "SupplierSpend", "AnalysisSpend", "SpendCross",
		"SurveyResponses", "PutSurveyResponses",
		// categories' reference data and decisions
		"ImportCPV", "CPVCodes", "SetCategories", "CategoryDecisions", "PutCategoryDecision", "CategoryRules",
		"SetCategoryRules", "CategoryModel", "PutCategoryModel",
		// compliance data that is not lines
		"ReplaceContracts", "ReplaceFindings", "Findings", "PutFindingDecision", "Thresholds", "SetThresholds",
		"PutTenders", "Tenders", "TenderReleases",
		// the plan
		"PlanItems", "PlanItem", "PutPlanItems", "PlanChanges",
		// climate (the footprint through the rollup) and strategy
		"PutFactors", "Factors", "PutConcordances", "Concordances", "PutRates", "Rates", "FootprintCells",
		"PutTarget", "DeleteTarget", "Targets", "Setting", "SetSetting",
		// single lines: the catalog reads the buyers' lines from the cluster
		// into temporary tables and links them to contracts (duckdb onLines)
		"Payments", "EachPayment", "PriceVolume", "AssignItems", "ResetItems", "Items", "ReviewGroups", "Contracts", "LinkContracts",
		"MonthSpends", "LinesBetween", "PaymentsByID", "Evidence",
		// accounts, sessions, tokens, audit
		"CreateUser", "User", "UserByEmail", "Users", "SetPassword", "SetDisabled", "SetGrant", "CreateSession", "Session",
		"DeleteSession", "DeleteSessions", "CreateToken", "Token", "Tokens", "DeleteToken", "Audit", "AuditLog",
		"SetConfirmation", "PutInvite", "Invited", "DeleteInvite", "ConfirmUser",
		// the broker
		"PutChallenge", "Challenge", "Challenges", "PutCapability", "Capability", "Capabilities", "PutInterest", "Interests",
		"AddQuestion", "AnswerQuestion", "Questions", "AddContact", "Contacts", "AddEvent", "Events", "RegisterForEvent",
		"EventRegistrations", "PutAttachment", "Attachments", "Attachment", "DeleteAttachment",
	} {
		catalogMethods[m] = true
	}
}

var _ cityspend.Store = (*Store)(nil)
