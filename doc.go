// SPDX-License-Identifier: EUPL-1.2

// Package cityspend holds the domain of the cityspend system: buyers,
// suppliers, payments, import batches, contracts, plan items, challenges,
// money, the error kinds, amounts as people write them, and the Store
// interface that the embedded (DuckDB) and distributed (ClickHouse) stores
// implement. Store is made of roles (LedgerStore, RegisterStore, PlanStore
// …); each package above the store takes only the roles it uses.
//
// It imports only the standard library; every other package of the project
// depends on it, never the other way round.
package cityspend
