// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/notice"
	"github.com/cityspend/cityspend/plan"
)

// safeName is what a plan item id may keep in a file name.
var safeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// writeNotices writes each notice to dir/NAME.xml atomically.
func (a *app) writeNotices(dir string, names []string, docs []*notice.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	var total int64
	for i, d := range docs {
		n, err := writeAtomic(filepath.Join(dir, names[i]+".xml"), func(w io.Writer) error {
			_, err := d.WriteTo(w)
			return err
		})
		if err != nil {
			return fmt.Errorf("notice %s: %w", names[i], err)
		}
		total += n
	}
	fmt.Fprintf(a.stdout, "wrote %d notices to %s (%d bytes)\n", len(docs), dir, total)
	return nil
}

// exportPINs writes one prior information notice per published item.
func (a *app) exportPINs(s *planSession, pub plan.Publisher, items []cityspend.PlanItem, dir string, o notice.Options) error {
	var names []string
	var docs []*notice.Document
	for _, it := range items {
		d, err := notice.PIN(s.b, pub, it, o)
		if err != nil {
			return err
		}
		names = append(names, safeName.ReplaceAllString(it.ID, "_"))
		docs = append(docs, d)
	}
	return a.writeNotices(dir, names, docs)
}

// exportConsultations writes one pre-market consultation notice (E1) per
// broker event still to come that is about a challenge with a CPV code.
func (a *app) exportConsultations(ctx context.Context, s *planSession, pub plan.Publisher, dir string, o notice.Options) error {
	events, err := s.st.Events(ctx, s.b.ID, "")
	if err != nil {
		return err
	}
	challenges, err := s.st.Challenges(ctx, s.b.ID)
	if err != nil {
		return err
	}
	byID := map[string]*cityspend.Challenge{}
	for i := range challenges {
		byID[challenges[i].ID] = &challenges[i]
	}
	var names []string
	var docs []*notice.Document
	skipped := 0
	now := time.Now()
	for _, ev := range events {
		ch := byID[ev.ChallengeID]
		if ev.Starts.Before(now) || ch == nil || ch.Status != cityspend.ChallengePublished {
			skipped++
			continue
		}
		d, err := notice.Consultation(s.b, pub, ev, ch, o)
		if err != nil {
			return err
		}
		names = append(names, fmt.Sprintf("event-%d", ev.ID))
		docs = append(docs, d)
	}
	if skipped > 0 {
		a.log.Info("events without a consultation notice", "buyer", s.b.ID, "skipped", skipped, "reason", "past, or not about a published challenge")
	}
	return a.writeNotices(dir, names, docs)
}

func (a *app) planPublisherCommand() *cobra.Command {
	var buyerID string
	var p plan.Publisher
	cmd := &cobra.Command{
		Use:   "publisher --buyer ID [--ocid-prefix ocds-xxxxxx] [--street S --city C --postal-code P --email E ...]",
		Short: "Show or set what a buyer's notices and OCDS releases say of it: its registered ocid prefix, address and contact",
		Long: `Without other flags, prints the buyer's publisher setting. With flags,
changes the fields given and keeps the others ("" clears one).

--ocid-prefix is the prefix the Open Contracting Partnership registered for
the buyer ("ocds-" and six letters or digits; docs/notices.md says how to
register one): every OCDS export and the public plan.json use it. The
address, e-mail and region fill the buyer's organisation in eForms and Find
a Tender notices; --region is its NUTS 3 (or UK ITL 3) code where the
shipped table does not know the municipality's; --legal-type its eForms
buyer-legal-type (la: local authority, ra: regional authority).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.planStore(ctx, buyerID)
			if err != nil {
				return err
			}
			defer s.st.Close()
			cur, err := plan.ReadPublisher(ctx, s.st, buyerID)
			if err != nil {
				return err
			}
			changed := false
			for flag, field := range map[string][2]*string{
				"ocid-prefix": {&cur.OCIDPrefix, &p.OCIDPrefix}, "street": {&cur.Street, &p.Street}, "city": {&cur.City, &p.City},
				"postal-code": {&cur.PostalCode, &p.PostalCode}, "email": {&cur.Email, &p.Email}, "phone": {&cur.Phone, &p.Phone},
				"website": {&cur.Website, &p.Website}, "region": {&cur.Region, &p.Region}, "legal-type": {&cur.LegalType, &p.LegalType},
			} {
				if cmd.Flags().Changed(flag) {
					*field[0] = *field[1]
					changed = true
				}
			}
			if changed {
				if err := plan.SavePublisher(ctx, s.st, buyerID, cur); err != nil {
					return err
				}
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(cur)
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.StringVar(&p.OCIDPrefix, "ocid-prefix", "", "the registered OCDS ocid prefix (ocds-xxxxxx)")
	f.StringVar(&p.Street, "street", "", "street address")
	f.StringVar(&p.City, "city", "", "town")
	f.StringVar(&p.PostalCode, "postal-code", "", "postcode")
	f.StringVar(&p.Email, "email", "", "the procurement contact's e-mail")
	f.StringVar(&p.Phone, "phone", "", "the procurement contact's telephone")
	f.StringVar(&p.Website, "website", "", "the buyer's website (https://…)")
	f.StringVar(&p.Region, "region", "", "NUTS 3 or ITL 3 code, when the shipped table does not know the municipality's")
	f.StringVar(&p.LegalType, "legal-type", "", "eForms buyer-legal-type: la (default) or ra")
	cmd.MarkFlagRequired("buyer")
	return cmd
}
