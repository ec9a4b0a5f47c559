// SPDX-License-Identifier: EUPL-1.2

// Package cityspend holds the domain of the cityspend system: buyers, suppliers,
// payments, import batches, the error kinds and the Store interface that the
// embedded (DuckDB) and distributed stores implement.
//
// It imports only the standard library; every other package of the project
// depends on it, never the other way round.
package cityspend
