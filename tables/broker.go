// SPDX-License-Identifier: EUPL-1.2

package tables

import "github.com/cityspend/cityspend/broker"

var engagementColumns = []Column{{"at", "col.date", Text}, {"kind", "ct.kind", Text}, {"supplier_id", "col.supplier", Text},
	{"who", "ct.who", Text}, {"text", "ct.note", Text}}

// Engagement is a challenge's market-engagement summary as a table.
func Engagement(rs []broker.EngagementRow) *Table {
	out := make([][]any, 0, len(rs))
	for _, r := range rs {
		out = append(out, []any{r.At, r.Kind, r.SupplierID, r.Who, r.Text})
	}
	return inMemory("engagement", engagementColumns, out)
}
