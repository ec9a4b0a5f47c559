// SPDX-License-Identifier: EUPL-1.2

package eforms

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ocds"
)

// FuzzRead: any input is read or refused with a NoticeError naming it, and
// what is read has an ocid and a release the OCDS reader reads back as one
// tender of that ocid.
func FuzzRead(f *testing.F) {
	for _, s := range []string{competitionNotice, resultNotice, singleTenderNotice, "", "<a/>", "not xml",
		`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`,
		`<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"><ContractFolderID>x</ContractFolderID></ContractNotice>`,
		strings.Replace(resultNotice, "1450000.25", "1e400", 1),
		strings.Replace(competitionNotice, "2024-04-02+01:00", "2024-04-02+99:99", 1)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Read(bytes.NewReader(data), "fuzz.xml")
		if err != nil {
			var ne *NoticeError
			if !errors.As(err, &ne) || ne.Name != "fuzz.xml" || ne.Reason == "" {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		if !strings.HasPrefix(x.OCID, OCIDPrefix) || len(x.OCID) == len(OCIDPrefix) || !json.Valid(x.Release) {
			t.Fatalf("tender %+v release %s", x, x.Release)
		}
		var back []cityspend.Tender
		bad, err := ocds.Read(bytes.NewReader(x.Release), func(y cityspend.Tender) error {
			back = append(back, y)
			return nil
		})
		if err != nil || len(bad) != 0 || len(back) != 1 || back[0].OCID != x.OCID {
			t.Fatalf("read back: %v %+v %+v from %s", err, bad, back, x.Release)
		}
	})
}
