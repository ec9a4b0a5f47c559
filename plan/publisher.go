// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"context"
	"encoding/json"
	"net/mail"
	"regexp"
	"strings"

	"github.com/cityspend/cityspend"
)

// SettingPublisher is the buyer setting that holds its Publisher (JSON).
const SettingPublisher = "publisher"

// DefaultOCIDPrefix is the ocid prefix of a buyer that has not registered
// its own with the Open Contracting Partnership (docs/notices.md).
const DefaultOCIDPrefix = "ocds-cspend"

// ocidPrefixRe is the form of a registered ocid prefix: "ocds-" and six
// lower-case letters or digits.
var ocidPrefixRe = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)

// regionRe is a NUTS (EU, EEA) or ITL (UK) code: the country and up to
// three characters.
var regionRe = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{1,3}$`)

// legalTypeRe is an eForms buyer-legal-type code.
var legalTypeRe = regexp.MustCompile(`^[a-z][a-z-]{1,20}$`)

// Publisher is what a buyer's notices and OCDS releases say of it beyond
// the buyer record: its registered ocid prefix, and the address and
// contact point eForms and Find a Tender notices require.
type Publisher struct {
	OCIDPrefix string `json:"ocid_prefix,omitempty"`
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Website    string `json:"website,omitempty"`
	// LegalType is the buyer's eForms buyer-legal-type code (BT-11):
	// "la" (local authority, the default) or "ra" (regional authority).
	LegalType string `json:"legal_type,omitempty"`
	// Region is the buyer's NUTS 3 (or UK ITL 3) code where the shipped
	// table does not know it.
	Region string `json:"region,omitempty"`
}

// ValidOCIDPrefix reports whether p has the form of a registered prefix.
func ValidOCIDPrefix(p string) bool { return ocidPrefixRe.MatchString(p) }

// Validate trims the fields and reports the first problem as EINVALID.
func (p *Publisher) Validate() error {
	for _, f := range []*string{&p.OCIDPrefix, &p.Street, &p.City, &p.PostalCode, &p.Email, &p.Phone, &p.Website, &p.Region, &p.LegalType} {
		*f = strings.TrimSpace(*f)
	}
	p.Region = strings.ToUpper(p.Region)
	switch {
	case p.OCIDPrefix != "" && !ValidOCIDPrefix(p.OCIDPrefix):
		return cityspend.Errorf(cityspend.EINVALID, "ocid prefix %q: a registered prefix is \"ocds-\" and six lower-case letters or digits", p.OCIDPrefix)
	case p.Email != "" && !validEmail(p.Email):
		return cityspend.Errorf(cityspend.EINVALID, "e-mail %q is not an address", p.Email)
	case p.Website != "" && !strings.HasPrefix(p.Website, "https://") && !strings.HasPrefix(p.Website, "http://"):
		return cityspend.Errorf(cityspend.EINVALID, "website %q: give the address with https://", p.Website)
	case p.LegalType != "" && !legalTypeRe.MatchString(p.LegalType):
		return cityspend.Errorf(cityspend.EINVALID, "legal type %q: an eForms buyer-legal-type code such as la or ra", p.LegalType)
	case p.Region != "" && !regionRe.MatchString(p.Region):
		return cityspend.Errorf(cityspend.EINVALID, "region %q: a NUTS or ITL code such as NO093 or UKD63", p.Region)
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ReadPublisher reads a buyer's publisher setting (zero when not set).
func ReadPublisher(ctx context.Context, st cityspend.SettingStore, buyerID string) (Publisher, error) {
	var p Publisher
	v, err := st.Setting(ctx, buyerID, SettingPublisher)
	if err != nil || v == "" {
		return p, err
	}
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return p, cityspend.Errorf(cityspend.EINTERNAL, "buyer %s: the publisher setting is not readable: %v", buyerID, err)
	}
	return p, nil
}

// SavePublisher checks and stores a buyer's publisher setting.
func SavePublisher(ctx context.Context, st cityspend.SettingStore, buyerID string, p Publisher) error {
	if err := p.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return st.SetSetting(ctx, buyerID, SettingPublisher, string(raw))
}

// BuyerPublication completes p with the buyer's registered ocid prefix
// when p names none.
func BuyerPublication(ctx context.Context, st cityspend.SettingStore, buyerID string, p Publication) (Publication, error) {
	if p.OCIDPrefix != "" {
		return p, nil
	}
	pub, err := ReadPublisher(ctx, st, buyerID)
	if err != nil {
		return p, err
	}
	p.OCIDPrefix = pub.OCIDPrefix
	return p, nil
}
