// SPDX-License-Identifier: EUPL-1.2

package i18n

import (
	"testing"
	"time"
)

func TestLabelAndMonth(t *testing.T) {
	if got := New("nb").Label("pevent.market_dialogue"); got != "Markedsdialog" {
		t.Errorf("nb label %q", got)
	}
	if got := New("en").Label("pevent.contract_start"); got != "Contract start" {
		t.Errorf("en label %q", got)
	}
	m := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	if got := New("nb").Month(m); got != "Mars 2027" {
		t.Errorf("nb month %q", got)
	}
	if got := New("en").Month(m); got != "March 2027" {
		t.Errorf("en month %q", got)
	}
}
