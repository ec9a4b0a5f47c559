// SPDX-License-Identifier: EUPL-1.2

package i18n

// Classification: the rules' names and the reasons a classified line
// carries, rendered in the reader's language (classify.Reason).
func init() {
	add(map[string]struct{ en, nb string }{
		"rule.supplier_profile": {"the supplier's usual category in this ledger", "leverandørens vanlige kategori i dette regnskapet"},
	})
}
