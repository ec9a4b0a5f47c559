// SPDX-License-Identifier: EUPL-1.2

// Package eforms reads TED eForms notices (EU public procurement notices in
// UBL 2.3 XML, eForms SDK 1.x) and turns each into a cityspend.Tender with a
// synthesised OCDS 1.1 compiled release, mapped as the OCDS for eForms
// profile maps the fields the red-flag indicators read.
//
// Competition notices (root ContractNotice) give the procedure, its lots,
// the buyer, the estimated value, the CPV code and the deadline for
// tenders; result notices (root ContractAwardNotice: contract award and
// voluntary ex-ante transparency notices) add the tenders received, the
// winners of each lot and the number of tenderers. Prior information
// notices, contract modification notices and business registration
// notices are skipped with the reason (errors.Is(err, ErrSkipped)).
//
// The ocid is OCIDPrefix followed by the procedure identifier (BT-04,
// cbc:ContractFolderID), so all notices of one procedure share an ocid:
// when stored, a later notice of a procedure (a result notice after the
// competition notice, a change notice after the notice it changes)
// replaces the earlier one as a whole; nothing is merged. The release id is
// the notice identifier and version.
//
// The mapping, by eForms business term:
//
//   - BT-04 procedure identifier: tender.id and the ocid; BT-701 notice
//     identifier and BT-757 version: the release id; BT-05 dispatch date
//     and time: the release date.
//   - BT-03 form type (the root element): tender.status "active" for
//     competition notices, "complete" for result notices.
//   - BT-21 title (in the notice language when there are several), BT-23
//     main nature: mainProcurementCategory (supplies → goods).
//   - BT-105 procedure type: procurementMethod open (open), selective
//     (restricted, comp-dial, comp-tend, innovation, neg-w-call,
//     exp-int-rail), limited (neg-wo-call), none for oth-single and
//     oth-mult; procurementMethodDetails its label.
//   - BT-27 estimated value of the procedure (else the sum of the lots'
//     when all are in one currency): tender.value; of each lot: the lot's.
//   - BT-262 main CPV code of the procedure and of each lot: tender.items.
//   - BT-131 deadline for tenders (BT-1311 requests to participate when
//     there is none) of each lot: the lot's tenderPeriod.endDate; the
//     earliest is tender.tenderPeriod.endDate, and the dispatch date its
//     startDate (competition notices only).
//   - The buyers (cac:ContractingParty): buyer, role "buyer"; organisations
//     (efac:Organizations, BT-500 name, BT-501 identifier, BT-514 country).
//   - Tenders (efac:LotTender, BT-720 value, BT-171 rank, BT-13714 lot):
//     bids.details, status "valid" when ranked or winning; their tendering
//     parties' organisations (OPT-300-Tenderer): tenderers, role "tenderer".
//   - Lot results (efac:LotResult, BT-13713 lot): awards; BT-142 winner
//     chosen: status active (selec-w) or unsuccessful (clos-nw), none while
//     open-nw; the tenders of its settled contracts (BT-3202; else the
//     tender ranked first, else its only tender): the winners, whose
//     organisations are suppliers (role "supplier") and whose tender values
//     add up to the award value; BT-1451 winner decision date (the
//     earliest; else cac:TenderResult/cbc:AwardDate): the award date; the
//     lot's main CPV code: the award's items (read by R048).
//   - BT-759 received tenders (BT-760 "tenders") and the tendering parties
//     listed: tender.numberOfTenderers, the larger of the two (a lower
//     bound for a procedure of several lots; exact for one lot).
//
// Organisations are identified across notices by their registered
// identifier when it can be normalised (cityspend.NormalizeOrgNumber with
// the organisation's country, e.g. NO-BRC-974760673); otherwise by the
// notice's technical id (ORG-0001) qualified by the procedure identifier,
// since those ids are only unique within a notice.
//
// Notices that declare a DTD or entities are refused (no entity
// expansion). A notice that is not well-formed, lacks the procedure
// identifier or is not an eForms competition or result notice is an error
// naming the file and the reason.
package eforms

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cityspend/cityspend"
)

// OCIDPrefix begins every ocid this package makes.
const OCIDPrefix = "ocds-eforms-"

// MaxNotice is the largest notice read.
const MaxNotice = 32 << 20

// ErrSkipped marks a notice of a kind that does not become a tender (a prior
// information notice, a contract modification notice, a business
// registration notice); the error says which and why.
var ErrSkipped = errors.New("notice skipped")

// NoticeError is why a notice was not read.
type NoticeError struct {
	Name    string // the file or name given to Read
	Reason  string
	Skipped bool // a kind of notice this package does not read (see ErrSkipped)
}

func (e *NoticeError) Error() string {
	if e.Skipped {
		return e.Name + ": skipped: " + e.Reason
	}
	return e.Name + ": " + e.Reason
}

// Is makes errors.Is(err, ErrSkipped) true for skipped notices.
func (e *NoticeError) Is(target error) bool { return target == ErrSkipped && e.Skipped }

const errDTD = "the notice declares a DTD or entities, which eForms notices must not (no entity expansion)"

// UBL 2.3 document namespaces of the roots.
const (
	nsContractNotice      = "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
	nsContractAwardNotice = "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"
	nsPriorInformation    = "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2"
)

// ReadFile reads the notice in a file.
func ReadFile(path string) (cityspend.Tender, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return cityspend.Tender{}, &NoticeError{Name: path, Reason: "cannot read: " + err.Error()}
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads one notice; name (usually the file's) is used in errors.
func Read(r io.Reader, name string) (cityspend.Tender, error) {
	fail := func(format string, args ...any) (cityspend.Tender, error) {
		return cityspend.Tender{}, &NoticeError{Name: name, Reason: fmt.Sprintf(format, args...)}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxNotice+1))
	if err != nil {
		return fail("cannot read: %v", err)
	}
	if len(data) > MaxNotice {
		return fail("the notice is larger than %d MB", MaxNotice>>20)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = nil
	var root xml.StartElement
	for root.Name.Local == "" {
		tok, err := dec.Token()
		if err == io.EOF {
			return fail("no XML element in the file")
		}
		if err != nil {
			return fail("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fail(errDTD)
		case xml.StartElement:
			root = t
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return fail("not well-formed XML: text before the root element")
			}
		}
	}
	result := false
	switch {
	case root.Name.Space == nsContractNotice && root.Name.Local == "ContractNotice":
	case root.Name.Space == nsContractAwardNotice && root.Name.Local == "ContractAwardNotice":
		result = true
	case root.Name.Space == nsPriorInformation && root.Name.Local == "PriorInformationNotice":
		return cityspend.Tender{}, &NoticeError{Name: name, Skipped: true,
			Reason: "a prior information notice announces planned procurement (or calls for competition without lots, tenders or results of its own); it is not read as a tender"}
	case root.Name.Local == "BusinessRegistrationInformationNotice":
		return cityspend.Tender{}, &NoticeError{Name: name, Skipped: true, Reason: "a business registration notice is not a procurement notice"}
	case root.Name.Local == "TED_EXPORT":
		return fail("not an eForms notice: the root element is TED_EXPORT (a TED XML export in the schema that preceded eForms)")
	default:
		el := root.Name.Local
		if root.Name.Space != "" {
			el = "{" + root.Name.Space + "}" + el
		}
		return fail("not an eForms competition or result notice: the root element is %s (expected ContractNotice or ContractAwardNotice in the UBL 2.3 namespaces)", el)
	}
	var n notice
	if err := dec.DecodeElement(&n, &root); err != nil {
		if strings.Contains(err.Error(), "entity") {
			return fail(errDTD)
		}
		return fail("not well-formed XML: %v", err)
	}
	// Nothing but comments, processing instructions and white space may
	// follow the root.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail("not well-formed XML after the notice: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fail(errDTD)
		case xml.StartElement:
			return fail("not well-formed XML: a second root element %s", t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return fail("not well-formed XML: text after the root element")
			}
		}
	}
	if result && strings.TrimSpace(n.NoticeType.List) == "cont-modif" {
		return cityspend.Tender{}, &NoticeError{Name: name, Skipped: true,
			Reason: "a contract modification notice changes a contract already awarded; it is not read as a tender (it would replace the procedure's result notice)"}
	}
	if strings.TrimSpace(n.ContractFolderID) == "" {
		return fail("the notice has no procedure identifier (BT-04, cbc:ContractFolderID)")
	}
	t, err := convert(&n, result)
	if err != nil {
		return fail("%v", err)
	}
	return t, nil
}
