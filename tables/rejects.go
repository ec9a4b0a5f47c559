// SPDX-License-Identifier: EUPL-1.2

package tables

import (
	"github.com/cityspend/cityspend"
)

var rejectColumns = []Column{{"line", "imp.col.line", Count}, {"field", "imp.col.field", Text}, {"reason", "imp.col.reason", Text},
	{"raw", "imp.col.raw", Text}}

// Rejects is the rejected rows of an import batch as a table, with the
// columns of the rejects file an import writes (line, field, reason, raw).
func Rejects(rs []cityspend.Reject) *Table {
	out := make([][]any, 0, len(rs))
	for _, r := range rs {
		out = append(out, []any{int64(r.Line), r.Field, r.Reason, r.Raw})
	}
	return inMemory("rejects", rejectColumns, out)
}
