// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "testing"

// An identifier written for a decision reads back as itself, whatever its
// register: a charity's number is not read as a VAT or company number.
func TestWrittenReadsBack(t *testing.T) {
	for _, id := range []Identifier{{SchemeNOBRC, "974760673"}, {SchemeGBCOH, "01234567"}, {SchemeGBCOH, "SC012345"},
		{SchemeFRSIRENE, "732829320"}, {"GB-CHC", "1123456"}, {"GB-SC", "SC012345"}, {"GB-NIC", "101234"}} {
		if got, ok := NormalizeOrgNumber(id.Written(), "GB"); !ok || got != id {
			t.Errorf("%v written %q reads as %v (%v)", id, id.Written(), got, ok)
		}
	}
	if got, ok := NormalizeOrgNumber("1123456", "GB"); !ok || got.Scheme == "GB-CHC" {
		t.Errorf("a bare number is not a charity's: %v", got)
	}
}
