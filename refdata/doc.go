// SPDX-License-Identifier: EUPL-1.2

// Package refdata holds the reference data cityspend ships: currencies by
// country, the KOSTRA chart of accounts, NACE sections, municipality codes
// with their history, the project's tables from KOSTRA arts and NACE codes
// to CPV. Its subpackages hold the CPV tree (cpv), the procurement
// thresholds (thresholds) and the shipped emission factors with their
// concordances (factors). Tables are embedded, dated and cited; importers
// let users replace them.
package refdata
