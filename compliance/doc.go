// SPDX-License-Identifier: EUPL-1.2

// Package compliance finds possible breaches of procurement law and
// integrity risks in a buyer's own spend: spend above thresholds that no
// contract covers (value aggregation over 48 months), split purchases just
// under thresholds, concentration on one supplier, contracts overrun and
// spend on expired contracts. Findings always say "possible" and carry their
// evidence; people confirm or dismiss them, and a dismissal survives
// recomputation.
package compliance
