// SPDX-License-Identifier: EUPL-1.2

// Package redflags calculates procurement red flags from OCDS compiled
// releases, reproducing the indicators of the Open Contracting
// Partnership's ocdscardinal tool (cardinal-rs, MIT licence): the same
// definitions, defaults, INI settings and JSON output, reimplemented in Go.
//
// Input is JSON Lines, one compiled release per line. Lines that are not
// valid JSON, not objects or lack a string ocid are skipped and reported by
// line number. Before any indicator runs, processes whose tender status is
// cancelled, or whose procurementMethodDetails is listed under
// [exclusions], are left out. Only indicators with a section in the
// settings file run.
//
// Results are grouped by what they are about: "OCID" (a contracting
// process), "Buyer", "ProcuringEntity" and "Tenderer" (bidders and
// suppliers alike), each mapping identifiers to indicator codes to numbers.
// "Meta" records the quartiles and fences that were computed from the data.
// Quartiles use the median-unbiased estimator (type 8) and fences are
// Q1 − 1.5·IQR (low outliers) or Q3 + 1.5·IQR (high outliers), unless a
// threshold is configured.
//
// The indicators:
//
//   - R003, short tender period: the tender period lasts fewer whole days
//     than the threshold (15 by default, or per procurementMethodDetails),
//     optionally only for some procurement methods. Value 1.
//   - R018, single bid in a competitive procedure: numberOfTenderers is 1
//     in an open or selective procedure (configurable). Value 1.
//   - R024, narrow price gap: in a price-only award (the winner's bid is
//     the lowest valid one), the relative gap between the winner's bid and
//     the next lowest bid is a low outlier. The process gets the gap; the
//     winner and the runner-up get 0.
//   - R025, busy but unsuccessful tenderer: a tenderer among the most
//     frequent bidders (by the configured percentile of bids) whose share of
//     wins is a low outlier. Value: its win share.
//   - R028, identical prices: bids from different tenderers in one process
//     have the same amount and currency. The process and those tenderers get 1.
//   - R030, late winning bid: a valid bid dated after the end of the tender
//     period (the timestamps compared as text) belongs to an awarded
//     supplier. The process and that tenderer get 1.
//   - R035, everyone else disqualified: the only tenderer with valid bids
//     won, and at least the threshold number of other tenderers had bids
//     disqualified. The process gets that number; the winner gets 0.
//   - R036, lowest bid disqualified: the lowest submitted bid was
//     disqualified though a valid bid exists and an award was made. Value 1.
//   - R038, many disqualifications: the share of disqualified bids of a
//     buyer, procuring entity or tenderer is a high outlier. Value: the share.
//   - R048, scattered supplier: a supplier whose awarded items span an
//     unusually high number of classification divisions (code prefixes).
//     Value: that number.
//   - R058, wide price gap: in a price-only award, the winner's bid is far
//     below the next lowest bid (the relative gap is a high outlier). The
//     process gets the gap; the winner gets 0.
//
// Monetary comparisons (R024, R036, R058) use one currency: the configured
// one, or else the first currency the input shows. Processes whose
// procurementMethodDetails is declared not to compare prices are skipped by
// R024, R028, R036 and R058.
package redflags
