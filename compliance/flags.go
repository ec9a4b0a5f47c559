// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"context"
	"fmt"
	"io"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/redflags"
)

// flagNames name the indicators in findings' details.
var flagNames = map[string]string{"R003": "short submission period", "R018": "single bid", "R024": "price close to the winning bid",
	"R025": "excessive unsuccessful bids", "R028": "identical bid prices", "R030": "late bid won", "R035": "all bids but the winner disqualified",
	"R036": "lowest bid disqualified", "R038": "excessive disqualified bids", "R048": "heterogeneous supplier", "R058": "heavily discounted bid"}

// flagFindings runs the eleven red-flag indicators, with their default
// settings, on a buyer's stored tender data, and returns one finding per
// flagged contracting process or organisation and indicator.
func flagFindings(ctx context.Context, st cityspend.TenderStore, b cityspend.Buyer) ([]cityspend.Finding, error) {
	tenders, err := st.Tenders(ctx, b.ID, "")
	if err != nil || len(tenders) == 0 {
		return nil, err
	}
	value := map[string]cityspend.Tender{}
	for _, t := range tenders {
		value[t.OCID] = t
	}
	pr, pw := io.Pipe()
	go func() {
		err := st.TenderReleases(ctx, b.ID, func(_ string, rel []byte) error {
			if _, err := pw.Write(rel); err != nil {
				return err
			}
			_, err := pw.Write([]byte{'\n'})
			return err
		})
		pw.CloseWithError(err)
	}()
	res, err := redflags.Run(ctx, pr, redflags.AllSettings(), redflags.Options{})
	pr.Close()
	if err != nil {
		return nil, fmt.Errorf("red flags: %w", err)
	}
	var out []cityspend.Finding
	for _, g := range []redflags.Group{redflags.OCID, redflags.Buyer, redflags.ProcuringEntity, redflags.Tenderer} {
		for _, key := range res.IDs(g) {
			for _, code := range redflags.Codes() {
				v, ok := res.Get(g, key, code)
				if !ok {
					continue
				}
				f := cityspend.Finding{Kind: code, ID: id(code, g.String(), key)}
				switch g {
				case redflags.OCID:
					t := value[key]
					f.Amount, f.Evidence, f.From, f.To = t.Value, []string{key}, t.TenderStart, t.TenderEnd
					if f.From.IsZero() {
						f.From = t.Date
					}
					title := ""
					if t.Title != "" {
						title = " (" + t.Title + ")"
					}
					f.Detail = fmt.Sprintf("Possible risk, %s %s: the contracting process %s%s scores %v.", code, flagNames[code], key, title, v)
				case redflags.Tenderer:
					f.SupplierID = key
					f.Detail = fmt.Sprintf("Possible risk, %s %s: the tenderer %s scores %v across the tender data.", code, flagNames[code], key, v)
				default:
					f.Detail = fmt.Sprintf("Possible risk, %s %s: the %s %s scores %v across the tender data.", code, flagNames[code], g, key, v)
				}
				out = append(out, f)
			}
		}
	}
	return out, nil
}
