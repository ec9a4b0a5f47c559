// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"context"
	"fmt"
	"strings"
)

// SettingMapping is the buyer setting that holds the buyer's saved mapping
// (the mapping file's text): the columns a person confirmed for the
// buyer's files. An import of the buyer's ledgers that is given no mapping
// reads with it, from the command line, the API and the browser alike.
const SettingMapping = "ledger_mapping"

// SettingReader reads a buyer's settings (cityspend.SettingStore).
type SettingReader interface {
	Setting(ctx context.Context, buyerID, key string) (string, error)
}

// SavedMapping is the buyer's saved mapping; ok is false when it has none.
func SavedMapping(ctx context.Context, st SettingReader, buyerID string) (m *Mapping, ok bool, err error) {
	v, err := st.Setting(ctx, buyerID, SettingMapping)
	if err != nil {
		return nil, false, fmt.Errorf("saved mapping: %w", err)
	}
	if strings.TrimSpace(v) == "" {
		return nil, false, nil
	}
	m, err = ParseMapping(strings.NewReader(v), "buyer "+buyerID+"'s saved mapping")
	if err != nil {
		return nil, false, fmt.Errorf("saved mapping: %w", err)
	}
	return m, true, nil
}
