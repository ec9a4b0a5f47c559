// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"context"
	"time"
)

// Store is the persistence seam: the embedded DuckDB store implements it,
// and the distributed one (ClickHouse lines with a DuckDB catalog). It is
// made of roles; a package takes only the roles it uses (often as a small
// interface of its own that embeds them), so a reader sees what it touches.
// Packages above the store never run SQL.
type Store interface {
	LedgerStore
	LineStore
	RegisterStore
	SupplierStore
	ScopeStore
	SpendStore
	CategoryStore
	ContractStore
	ComplianceStore
	TenderStore
	PlanStore
	ClimateStore
	StrategyStore
	SettingStore
	AccountStore
	BrokerStore
	SurveyStore
	FollowUpStore
	MailStore
	FeedStore

	// Close releases the store.
	Close() error
}

// LedgerStore is the core every store implements, the embedded one and the
// distributed one: buyers, the ledger import with de-duplication, and spend
// summed by the lines' own dimensions. The store conformance suite
// (storetest) holds every implementation to the same results.
type LedgerStore interface {
	// CreateBuyer adds a buyer; ECONFLICT when the id exists.
	CreateBuyer(ctx context.Context, b Buyer) error

	// Buyer returns one buyer; ENOTFOUND when there is none with that id.
	Buyer(ctx context.Context, id string) (Buyer, error)

	// Buyers lists every buyer, ordered by id.
	Buyers(ctx context.Context) ([]Buyer, error)

	// ImportPayments loads the rows of one file for batch.BuyerID in a single
	// transaction: all of it or nothing. It fills batch's id and counts.
	// Rows whose dedup key is already stored count as duplicates. A row the
	// store cannot take is rejected with its reason, on its own (and told
	// to rows when it is a RejectRecorder); every row read is loaded,
	// rejected or a duplicate, and an import whose counts do not add up so
	// fails (EINTERNAL). With dryRun the transaction is rolled back after
	// counting.
	ImportPayments(ctx context.Context, batch *ImportBatch, rows RowReader, dryRun bool) error

	// Batches lists the import batches of a buyer, newest first, the
	// undone ones with them (State).
	Batches(ctx context.Context, buyerID string) ([]ImportBatch, error)
	// Batch is one batch of a buyer: ENOTFOUND when the buyer has none of
	// that id (another buyer's batch is not found either).
	Batch(ctx context.Context, buyerID string, id int64) (ImportBatch, error)

	// UndoBatch takes a ledger or e-invoice batch of a buyer out again, in
	// one transaction: its lines and rejected rows, what exists only
	// because of them (the spend cube's sums, items, payees, accounts and
	// units no other line has, their scope decisions, findings that cite
	// its lines, its pending follow-up, a category model trained since it
	// was imported), and marks the buyer's follow-up pending (cause
	// "undo") so that payees, scope and categories are decided again.
	// The batch's row stays, State BatchUndone, with by.Who and the time;
	// by (who, from where) goes to the audit log in the same transaction,
	// with an action naming the batch, its file and its lines. People's
	// decisions (payee overrides, category decisions and rules, finding
	// decisions) are kept. ENOTFOUND when the buyer has no such batch,
	// ECONFLICT when it was undone already. It returns the batch as undone.
	UndoBatch(ctx context.Context, buyerID string, batchID int64, by AuditEntry) (ImportBatch, error)

	// SpendTotal sums the lines that f selects.
	SpendTotal(ctx context.Context, f SpendFilter) (SpendTotal, error)

	// SpendBy groups the lines that f selects by one dimension, largest spend
	// first; limit ≤ 0 means no limit.
	SpendBy(ctx context.Context, f SpendFilter, dim Dimension, limit int) ([]SpendGroup, error)

	// FiscalYears lists the fiscal years a buyer has lines in, oldest first.
	FiscalYears(ctx context.Context, buyerID string) ([]int, error)
}

// LineStore reads single ledger lines: drill-down, exports, evidence and
// the rows an import rejected.
type LineStore interface {
	// Rejects lists the rejected rows of a batch in line order.
	Rejects(ctx context.Context, batchID int64, limit int) ([]Reject, error)

	// Payments lists the lines that f selects, in date order, for drill-down.
	Payments(ctx context.Context, f SpendFilter, offset, limit int) ([]Payment, error)

	// EachPayment calls fn for every line of a filter in the order of
	// Payments, streaming (for exports); an error from fn stops it.
	EachPayment(ctx context.Context, f SpendFilter, fn func(Payment) error) error

	// PaymentsByID reads lines by their ids ("batch:line").
	PaymentsByID(ctx context.Context, buyerIDs []string, ids []string) ([]Payment, error)
}

// RegisterStore holds the business registers: organisations, their
// branches and history, and the municipality codes places are read from.
type RegisterStore interface {
	// ImportRegister loads the units of one register file in one
	// transaction, replacing known units and keeping the history of their
	// tracked fields. It fills batch's id and counts.
	ImportRegister(ctx context.Context, batch *RegisterBatch, units RegisterReader) error

	// Organisations visits every registered organisation.
	Organisations(ctx context.Context, visit func(*Organisation) error) error

	// RegisteredNames visits what name matching needs of every registered
	// unit, quickly: the organisations first, then their branches.
	RegisteredNames(ctx context.Context, visit func(*RegisteredName) error) error

	// Organisation returns one; ENOTFOUND when it is not loaded.
	Organisation(ctx context.Context, id Identifier) (Organisation, error)

	// OrganisationsByID returns those of the given identifiers that are loaded.
	OrganisationsByID(ctx context.Context, ids []Identifier) ([]Organisation, error)

	// Establishments returns the branches of the given organisations.
	Establishments(ctx context.Context, parents []Identifier) ([]Establishment, error)

	// OrganisationHistory lists the changes of an organisation's tracked fields.
	OrganisationHistory(ctx context.Context, id Identifier) ([]HistoryEntry, error)

	// MunicipalityCodes and AddMunicipalityCodes read and extend the
	// municipality codes users have added to the shipped table.
	MunicipalityCodes(ctx context.Context) ([]MunicipalityCode, error)
	AddMunicipalityCodes(ctx context.Context, codes []MunicipalityCode) error

	// ImportPostcodes replaces the postcodes of batch.Country with the rows
	// read (one file, or the parts of one), in one transaction, and fills
	// batch's id and counts. A row the store cannot take is rejected on its
	// own.
	ImportPostcodes(ctx context.Context, batch *PostcodeBatch, rows PostcodeReader) error

	// ImportDeprivation replaces an index of deprivation (the areas' Index)
	// with the areas given, in one transaction, and fills batch's id. The
	// batch may count rows the reader rejected already (RowsRead and
	// RowsRejected): the areas add to them.
	ImportDeprivation(ctx context.Context, batch *PostcodeBatch, areas []AreaDeprivation) error

	// Postcodes looks up postcodes of one country (normalised with
	// NormPostcode) with the deprivation of their small areas; codes not
	// loaded are left out.
	Postcodes(ctx context.Context, country string, codes []string) ([]Postcode, error)

	// MunicipalityArea returns the county and region most of a
	// municipality's postcodes in use lie in (UK: the local authority
	// district's county and region); "" when none is loaded.
	MunicipalityArea(ctx context.Context, country, municipality string) (county, region string, err error)

	// ImportPopulation loads the figures of one official population file
	// in one transaction, replacing those of the same country, area and
	// year, and fills batch's id and counts (RowsRead and RowsRejected may
	// count rows the reader rejected already; the figures add to them).
	ImportPopulation(ctx context.Context, batch *PopulationBatch, figs []PopulationFigure) error

	// Population lists the loaded population figures of a country ("":
	// every country), by area and year.
	Population(ctx context.Context, country string) ([]PopulationFigure, error)
}

// SupplierStore holds what a buyer knows of its payees: their resolution
// to registered organisations, people's decisions about them, the supplier
// profiles (place, type, size, sector) and the buyer's own place rules.
type SupplierStore interface {
	// Payees lists a buyer's payees with their resolution and spend.
	Payees(ctx context.Context, buyerID string) ([]PayeeRecord, error)

	// SetResolutions records resolutions of a buyer's payees.
	SetResolutions(ctx context.Context, buyerID string, rs []Resolution) error

	// PutOverride records a person's decision about a payee.
	PutOverride(ctx context.Context, o Override) error

	// Overrides lists a buyer's decisions, oldest first.
	Overrides(ctx context.Context, buyerID string) ([]Override, error)

	// PayeeTexts visits the texts on the lines of some of a buyer's payees
	// (description, contract and order reference) that hold a run of
	// digits long enough for an organisation or VAT number: at most
	// perPayee distinct texts a payee, the commonest first.
	PayeeTexts(ctx context.Context, buyerID string, payeeIDs []int32, perPayee int, visit func(payeeID int32, text string) error) error

	// ReplaceProfiles replaces a buyer's supplier profiles.
	ReplaceProfiles(ctx context.Context, buyerID string, ps []SupplierProfile) error

	// Suppliers lists a buyer's suppliers with their profile and spend.
	Suppliers(ctx context.Context, f SupplierFilter) ([]SupplierRow, error)

	// PlaceRules and SetPlaceRules read and replace a buyer's own local
	// area and region definitions.
	PlaceRules(ctx context.Context, buyerID string) ([]PlaceRule, error)
	SetPlaceRules(ctx context.Context, buyerID string, rules []PlaceRule) error
}

// ScopeStore holds which of a buyer's lines count as procurement: the
// buyer's own rules, and the decision for each payee on each account.
type ScopeStore interface {
	// Accounts lists a buyer's accounts.
	Accounts(ctx context.Context, buyerID string) ([]Account, error)

	// ScopeRules and SetScopeRules read and replace a buyer's own scope
	// rules (none: the country's defaults apply).
	ScopeRules(ctx context.Context, buyerID string) ([]ScopeRule, error)
	SetScopeRules(ctx context.Context, buyerID string, rules []ScopeRule) error

	// PayeeAccounts lists the payee and account pairs of a buyer's lines.
	PayeeAccounts(ctx context.Context, buyerID string) ([]PayeeAccount, error)

	// SetPayeeScope replaces the scope decisions of a buyer's payee and
	// account pairs. A pair without a decision (lines imported since) is
	// in scope until the next decision.
	SetPayeeScope(ctx context.Context, buyerID string, scopes []PayeeScope) error
}

// SpendStore sums spend the ways the analysis needs beyond the core's
// dimensions: per supplier with profiles, in one scan for a year's
// analysis, by two dimensions at once, and price and volume.
type SpendStore interface {
	// SupplierSpend sums the lines that f selects per supplier (and per
	// fiscal year with byYear), with each supplier's profile.
	SupplierSpend(ctx context.Context, f SpendFilter, byYear bool) ([]SupplierSpend, error)

	// AnalysisSpend reads in one scan what the analysis of a fiscal year
	// needs: procurement spend per supplier and fiscal year, over every
	// year (f's period and scope are not used), and the year's lines split
	// by ByScopeGroup.
	AnalysisSpend(ctx context.Context, f SpendFilter, year int) ([]SupplierSpend, []SpendGroup, error)

	// SpendCross sums the lines f selects by two dimensions at once (one of
	// them may be a period: ByFiscalYear or ByMonth).
	SpendCross(ctx context.Context, f SpendFilter, a, b Dimension) ([]CrossCell, error)

	// PriceVolume sums the lines with quantities by category and unit.
	PriceVolume(ctx context.Context, f SpendFilter) ([]PriceVolume, error)
}

// CategoryStore holds the CPV list, the items (distinct kinds of line) and
// their categories, people's decisions and rules, and the trained model.
type CategoryStore interface {
	// ImportCPV replaces the CPV list; CPVCodes reads it (empty until loaded).
	ImportCPV(ctx context.Context, codes []CPVCode) error
	CPVCodes(ctx context.Context) ([]CPVCode, error)

	// AssignItems gives every line without an item its item, creating new
	// items for new kinds of line, and returns how many it created.
	AssignItems(ctx context.Context, buyerID string) (int64, error)

	// ReviewGroups lists the items below a confidence (or unclassified),
	// grouped by supplier and account, largest spend first.
	ReviewGroups(ctx context.Context, buyerID string, below float64, limit int) ([]ReviewGroup, error)

	// ReviewGroupCount counts those groups without summing their lines.
	ReviewGroupCount(ctx context.Context, buyerID string, below float64) (int, error)

	// ResetItems forgets a buyer's items (to classify from scratch).
	ResetItems(ctx context.Context, buyerID string) error

	// Items lists a buyer's items with their lines, spend and category.
	Items(ctx context.Context, buyerID string) ([]Item, error)

	// SetCategories stores the categories of items.
	SetCategories(ctx context.Context, buyerID string, cs []ItemCategory) error

	// CategoryDecisions lists people's decisions, oldest first;
	// PutCategoryDecision records one.
	CategoryDecisions(ctx context.Context, buyerID string) ([]CategoryDecision, error)
	PutCategoryDecision(ctx context.Context, d CategoryDecision) error

	// CategoryRules lists a buyer's own rules in order; SetCategoryRules
	// replaces them.
	CategoryRules(ctx context.Context, buyerID string) ([]CategoryRule, error)
	SetCategoryRules(ctx context.Context, buyerID string, rules []CategoryRule) error

	// CategoryModel reads a buyer's trained text model (ENOTFOUND when none);
	// PutCategoryModel replaces it.
	CategoryModel(ctx context.Context, buyerID string) ([]byte, time.Time, error)
	PutCategoryModel(ctx context.Context, buyerID string, examples int, model []byte) error
}

// ContractStore holds a buyer's contract register and the lines linked to
// each contract.
type ContractStore interface {
	// ReplaceContracts replaces a buyer's contract register; Contracts lists
	// it with the spend linked to each contract.
	ReplaceContracts(ctx context.Context, buyerID string, cs []Contract) error
	Contracts(ctx context.Context, buyerID string) ([]ContractRow, error)

	// LinkContracts links a buyer's lines to its contracts: by reference,
	// else by supplier, category and term.
	LinkContracts(ctx context.Context, buyerID string) (byRef, byTerm int64, err error)
}

// ComplianceStore reads what the compliance rules judge (spend by group,
// supplier and month; lines in amount bands; evidence) and holds the
// findings, people's decisions on them and the user's threshold rows.
type ComplianceStore interface {
	// MonthSpends sums procurement spend by group (CPV group, else account),
	// supplier and month over buyers, with the part no contract covers.
	MonthSpends(ctx context.Context, buyerIDs []string) ([]MonthSpend, error)

	// LinesBetween lists procurement lines whose amounts fall in bands [lo, hi).
	LinesBetween(ctx context.Context, buyerIDs []string, bands [][2]Amount) ([]LineRef, error)

	// Evidence lists, for each query, its line ids, largest first.
	Evidence(ctx context.Context, buyerIDs []string, qs []EvidenceQuery, limit int) ([][]string, error)

	// ReplaceFindings replaces a buyer's findings of some kinds; Findings
	// lists them with their status; Finding reads one of the buyer's
	// (ENOTFOUND, another buyer's too); PutFindingDecision records a
	// decision.
	ReplaceFindings(ctx context.Context, buyerID string, kinds []string, fs []Finding) error
	Findings(ctx context.Context, buyerID string) ([]Finding, error)
	Finding(ctx context.Context, buyerID, id string) (Finding, error)
	PutFindingDecision(ctx context.Context, d FindingDecision) error

	// Thresholds lists the user's threshold rows; SetThresholds replaces a
	// regime's.
	Thresholds(ctx context.Context) ([]Threshold, error)
	SetThresholds(ctx context.Context, regime string, ts []Threshold) error
}

// TenderStore holds tender data (OCDS releases, eForms notices).
type TenderStore interface {
	// PutTenders stores tenders, replacing those of the same ocid; Tenders
	// lists a buyer's (one with its bids, awards and parties when ocid is
	// given); TenderReleases streams the stored releases' JSON.
	PutTenders(ctx context.Context, buyerID, file string, ts []Tender) error
	Tenders(ctx context.Context, buyerID, ocid string) ([]Tender, error)
	TenderReleases(ctx context.Context, buyerID string, fn func(ocid string, release []byte) error) error
}

// PlanStore holds a buyer's procurement plan and its history.
type PlanStore interface {
	// PlanItems lists a buyer's plan; PlanItem reads one (ENOTFOUND);
	// PutPlanItems stores items and their changes; PlanChanges lists the
	// history.
	PlanItems(ctx context.Context, buyerID string) ([]PlanItem, error)
	PlanItem(ctx context.Context, buyerID, id string) (PlanItem, error)
	PutPlanItems(ctx context.Context, buyerID string, items []PlanItem, changes []PlanChange) error
	PlanChanges(ctx context.Context, buyerID, id string) ([]PlanChange, error)
}

// ClimateStore holds emission factor sets, concordances, exchange rates and
// price indices, and sums spend the way a footprint is computed.
type ClimateStore interface {
	// PutFactors replaces an emission factor set; Factors lists a set's
	// factors ("": all sets). PutConcordances replaces the rows between the
	// schemes it names; PutRates adds or replaces dated exchange rates and
	// price indices.
	PutFactors(ctx context.Context, set string, fs []EmissionFactor) error
	Factors(ctx context.Context, set string) ([]EmissionFactor, error)
	PutConcordances(ctx context.Context, cs []Concordance) error
	Concordances(ctx context.Context) ([]Concordance, error)
	PutRates(ctx context.Context, rs []Rate) error
	Rates(ctx context.Context) ([]Rate, error)

	// FootprintCells sums the filter's spend by fiscal year, supplier,
	// category, account and (when units) org unit: what picks and converts
	// a factor and what the footprint is reported by.
	FootprintCells(ctx context.Context, f SpendFilter, units bool) ([]FootprintCell, error)
}

// StrategyStore holds a buyer's strategy targets.
type StrategyStore interface {
	// PutTarget stores a strategy target (hasBaseline: its baseline value
	// was given rather than computed); Targets lists them with that flag.
	PutTarget(ctx context.Context, t StrategyTarget, hasBaseline bool) error
	DeleteTarget(ctx context.Context, buyerID, indicator string) error
	Targets(ctx context.Context, buyerID string) ([]StrategyTarget, []bool, error)
}

// SettingStore holds a buyer's settings, and under buyer "" the site's.
type SettingStore interface {
	// Setting reads a buyer's setting ("" when not set); SetSetting stores
	// it ("" removes it).
	Setting(ctx context.Context, buyerID, key string) (string, error)
	SetSetting(ctx context.Context, buyerID, key, value string) error
}

// AccountStore holds people: users and their grants, logins, API tokens,
// confirmations and invitations, and the audit log.
type AccountStore interface {
	// CreateUser adds a user with its grants and returns its id; ECONFLICT
	// when the e-mail is taken.
	CreateUser(ctx context.Context, u User) (int64, error)

	// User and UserByEmail read a user with its grants; ENOTFOUND.
	User(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	Users(ctx context.Context) ([]User, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	SetDisabled(ctx context.Context, userID int64, disabled bool) error
	// SetUserLang remembers the language a user chose ("nb" or "en").
	SetUserLang(ctx context.Context, userID int64, lang string) error

	// SetInstallationAdmin makes a user an installation admin, or not.
	SetInstallationAdmin(ctx context.Context, userID int64, on bool) error

	// SetGrant gives a user a role at a buyer ("" takes it away).
	SetGrant(ctx context.Context, userID int64, buyerID, role string) error

	// CreateSession stores a login; Session reads one that has not expired
	// at now (ENOTFOUND otherwise); DeleteSession ends one, DeleteSessions
	// all of a user's.
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteSessions(ctx context.Context, userID int64) error

	// CreateToken stores an API token (its hash) and returns its id; Token
	// reads the live token with a hash at now (ENOTFOUND: none, or
	// expired); Tokens lists a user's; DeleteToken revokes one.
	CreateToken(ctx context.Context, t APIToken) (int64, error)
	Token(ctx context.Context, hash string, now time.Time) (APIToken, error)
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	DeleteToken(ctx context.Context, id int64) error

	// Audit appends to the audit log; AuditLog lists it, newest first (of a
	// buyer, or all with buyerID ""; at most limit entries).
	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, buyerID string, limit int) ([]AuditEntry, error)

	// SetConfirmation gives an unconfirmed user a new confirmation token
	// (its hash).
	SetConfirmation(ctx context.Context, userID int64, hash string) error

	// PutInvite records an invitation of an e-mail address to a supplier's
	// account; Invited reports one; DeleteInvite removes it (used).
	PutInvite(ctx context.Context, supplierID, email, by string, at time.Time) error
	Invited(ctx context.Context, supplierID, email string) (bool, error)
	DeleteInvite(ctx context.Context, supplierID, email string) error

	// ConfirmUser confirms the user whose confirmation token has the hash
	// (ENOTFOUND: no such token).
	ConfirmUser(ctx context.Context, tokenHash string) (User, error)
	// UserByConfirmation reads the unconfirmed user whose confirmation
	// token has the hash, confirming nothing (ENOTFOUND: no such token).
	UserByConfirmation(ctx context.Context, tokenHash string) (User, error)

	// LastLogins is when each user (by e-mail) last logged in, as the
	// audit log records it.
	LastLogins(ctx context.Context) (map[string]time.Time, error)
}

// BrokerStore holds the innovation broker: challenges, supplier
// capabilities, interests, questions, contacts, events and attachments.
type BrokerStore interface {
	// PutChallenge stores a challenge (a new one,
	// without an id, gets the buyer's next) and returns it.
	PutChallenge(ctx context.Context, c Challenge) (Challenge, error)
	Challenge(ctx context.Context, buyerID, id string) (Challenge, error)

	// Challenges lists a buyer's challenges ("": every buyer's), newest first.
	Challenges(ctx context.Context, buyerID string) ([]Challenge, error)
	PutCapability(ctx context.Context, c Capability) error
	Capability(ctx context.Context, supplierID string) (Capability, error)
	Capabilities(ctx context.Context) ([]Capability, error)

	// PutInterest records an expression of interest (again: no change).
	PutInterest(ctx context.Context, i Interest) error

	// Interests lists the interests in a buyer's target (kind and id), or
	// with supplierID set, a supplier's.
	Interests(ctx context.Context, f InterestFilter) ([]Interest, error)
	AddQuestion(ctx context.Context, q Question) (Question, error)

	// AnswerQuestion answers a question of a buyer's (again: a new answer).
	AnswerQuestion(ctx context.Context, buyerID string, id int64, answer, who string, at time.Time) (Question, error)
	Questions(ctx context.Context, buyerID, challengeID string) ([]Question, error)
	AddContact(ctx context.Context, c Contact) error

	// Contacts lists a buyer's contacts, newest first.
	Contacts(ctx context.Context, buyerID string) ([]Contact, error)

	// AddEvent stores a new event and returns it with its id; Events lists
	// a buyer's ("" every buyer's) with their registration counts, of one
	// challenge when challengeID is set, soonest first.
	AddEvent(ctx context.Context, e Event) (Event, error)
	Events(ctx context.Context, buyerID, challengeID string) ([]Event, error)

	// RegisterForEvent registers a supplier (again: no change); ECONFLICT
	// when the event is full.
	RegisterForEvent(ctx context.Context, r EventRegistration) error
	EventRegistrations(ctx context.Context, eventID int64) ([]EventRegistration, error)

	// PutAttachment stores a file of a challenge (replacing one of the same
	// name); Attachments lists them without their data; Attachment reads
	// one with its data (ENOTFOUND).
	PutAttachment(ctx context.Context, a Attachment) error
	Attachments(ctx context.Context, buyerID, challengeID string) ([]Attachment, error)
	Attachment(ctx context.Context, buyerID, challengeID, name string) (Attachment, error)
	DeleteAttachment(ctx context.Context, buyerID, challengeID, name string) error
}

// SurveyStore holds supplier survey answers (for the local multiplier).
type SurveyStore interface {
	// SurveyResponses lists a buyer's survey answers for a year.
	SurveyResponses(ctx context.Context, buyerID string, year int) ([]SurveyResponse, error)

	// PutSurveyResponses stores answers for a year, replacing earlier
	// answers of the same suppliers.
	PutSurveyResponses(ctx context.Context, buyerID string, year int, rs []SurveyResponse) error
}

// FollowUpStore records whose import follow-up is pending. An import marks
// it in the transaction that commits it (a ledger or EHF batch: its buyer;
// a register or municipality codes: every buyer), and the follow-up
// (package enrich: payees resolved, scope, lines classified) clears the
// marks it saw once it has completed; a process stopped in between (kill
// -9) leaves them, so the next reader knows the figures are provisional.
type FollowUpStore interface {
	// PendingFollowUps lists the pending follow-ups of a buyer ("": of
	// every buyer), oldest first.
	PendingFollowUps(ctx context.Context, buyerID string) ([]FollowUp, error)

	// FollowUpsDone clears the pending follow-ups given (by their Seq), a
	// follow-up that started after they were listed having completed;
	// marks made since stay.
	FollowUpsDone(ctx context.Context, done []FollowUp) error
}

// MailStore is the persistent outbox and the suppliers' alerts. A message
// is queued (where it can be) in the transaction of what caused it; the
// server's sender claims due messages one at a time and records each
// attempt's outcome.
type MailStore interface {
	// QueueMail adds a message (with its MessageID) to the outbox, due at
	// once, and returns it with its id.
	QueueMail(ctx context.Context, m OutMail) (OutMail, error)

	// ClaimMail marks the oldest message due at now (queued, NextAt not
	// after now) as sending, counts the attempt and returns it; ENOTFOUND
	// when none is due.
	ClaimMail(ctx context.Context, now time.Time) (OutMail, error)

	// MailDone records a claimed message's attempt.
	MailDone(ctx context.Context, id int64, o MailOutcome) error

	// RequeueClaimedMail puts the messages left sending (claimed by a
	// process that stopped before it recorded the outcome) back in the
	// queue, due at once; the sender calls it as it starts, when no other
	// process can hold a claim (the store is one process's). It returns
	// how many.
	RequeueClaimedMail(ctx context.Context) (int, error)

	// Mail lists the outbox, newest first.
	Mail(ctx context.Context, f MailFilter) ([]OutMail, error)

	// PutAlert stores a user's alert (replacing it; LastDigest is kept);
	// Alert reads one (ENOTFOUND); Alerts lists every alert.
	PutAlert(ctx context.Context, a Alert) error
	Alert(ctx context.Context, userID int64) (Alert, error)
	Alerts(ctx context.Context) ([]Alert, error)

	// SetAlertOff turns a user's alert off or on (ENOTFOUND: none).
	SetAlertOff(ctx context.Context, userID int64, off bool) error

	// DigestDone moves a user's alert's LastDigest to upTo and, in the
	// same transaction, queues the digest m when it is not nil.
	DigestDone(ctx context.Context, userID int64, upTo time.Time, m *OutMail) error
}

// SpendFilter selects ledger lines.
type SpendFilter struct {
	BuyerID     string
	Period      Period // zero: all dates
	SupplierKey string // "": all suppliers
	AccountPfx  string // account code prefix; "": all accounts
	OrgUnit     string // "": all units
	Place       string // supplier place band; "": all
	Type        string // business type class (public, social_enterprise, micro, small, medium, large, unknown); "": all
	Section     string // supplier NACE section; "": all
	Scope       Scope  // which lines by procurement scope
	Category    string // CPV code prefix ("45", "452", "45210000"), or CategoryUnclassified; "": all
}

// CategoryUnclassified selects the lines without a category.
const CategoryUnclassified = "unclassified"

// Scope selects lines by whether their account counts as procurement.
type Scope int

// Scopes.
const (
	ScopeAll Scope = iota // every line
	ScopeIn               // procurement only
	ScopeOut              // excluded lines only
)

// SpendTotal is the sum of a set of lines.
type SpendTotal struct {
	Spend     Amount `json:"spend"`
	Lines     int64  `json:"lines"`
	Suppliers int64  `json:"suppliers"`
}

// Dimension is a way to group lines.
type Dimension string

// Dimensions every store supports.
const (
	ByFiscalYear   Dimension = "fiscal_year"   // key: "2024" (the year the buyer's fiscal year starts)
	ByMonth        Dimension = "month"         // key: "2024-03"
	BySupplier     Dimension = "supplier"      // key: supplier key; label: most used name
	ByAccountGroup Dimension = "account_group" // key: first two characters of the account code
	ByAccount      Dimension = "account"       // key: account code; label: most used account text
	ByOrgUnit      Dimension = "org_unit"
	ByPlace        Dimension = "place"         // key: L0, L1, L2, L3 or unknown
	ByType         Dimension = "type"          // key: public, social_enterprise, private, unknown
	BySize         Dimension = "size"          // key: micro, small, medium, large, unknown
	BySection      Dimension = "nace_section"  // key: NACE section letter or unknown
	ByScope        Dimension = "scope"         // key: the scope reason of the line's payee and account
	ByDivision     Dimension = "nace_division" // key: two-digit NACE division, or "" when unknown
	// ByScopeGroup splits lines by scope in one pass: "in:" and the account
	// group of procurement lines, "out:" and the reason of excluded ones.
	ByScopeGroup Dimension = "scope_group"
	// The CPV category of the line's item, rolled up to a level: key the
	// code cut to 2, 3, 4, 5 or 8 digits and padded with zeros, or
	// "unclassified".
	ByServiceCode Dimension = "service_code" // key: the service (Norway: KOSTRA funksjon) code
	ByContract    Dimension = "contract"     // key: the line's contract id, or ""
	ByOnContract  Dimension = "on_contract"  // key: on or off
	ByCPVDivision Dimension = "cpv_division"
	ByCPVGroup    Dimension = "cpv_group"
	ByCPVClass    Dimension = "cpv_class"
	ByCPVCategory Dimension = "cpv_category"
	ByCPV         Dimension = "cpv"
)

// SpendGroup is one group of SpendBy.
type SpendGroup struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	SpendTotal
}
