// SPDX-License-Identifier: EUPL-1.2

// Package refdata holds the reference data cityspend ships: currencies by
// country, the KOSTRA chart of accounts, municipality codes with their
// history. Tables are embedded and dated; importers let users replace them.
package refdata
