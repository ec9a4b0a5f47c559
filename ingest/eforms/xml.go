// SPDX-License-Identifier: EUPL-1.2

package eforms

// The XML model keeps only the parts of a notice this package maps. Element
// names are matched by local name: under a given parent the UBL (cbc, cac)
// and eForms extension (efext, efac, efbc) names do not clash, and the
// nesting below pins every field to its XPath in the SDK's fields.json.

// text is a possibly multilingual text (cbc:Name languageID="ENG").
type text struct {
	Value string `xml:",chardata"`
	Lang  string `xml:"languageID,attr"`
}

// id is an identifier with its scheme (cbc:ID schemeName="Lot").
type id struct {
	Value  string `xml:",chardata"`
	Scheme string `xml:"schemeName,attr"`
}

// code is a code with its list (cbc:ProcedureCode listName="…").
type code struct {
	Value string `xml:",chardata"`
	List  string `xml:"listName,attr"`
}

// amount is an amount with its currency (currencyID="EUR").
type amount struct {
	Value    string `xml:",chardata"`
	Currency string `xml:"currencyID,attr"`
}

// notice is the root of a ContractNotice, ContractAwardNotice or
// PriorInformationNotice.
type notice struct {
	Ext                eformsExtension    `xml:"UBLExtensions>UBLExtension>ExtensionContent>EformsExtension"`
	CustomizationID    string             `xml:"CustomizationID"`    // OPT-002, the SDK version
	ID                 id                 `xml:"ID"`                 // BT-701 notice identifier
	ContractFolderID   string             `xml:"ContractFolderID"`   // BT-04 procedure identifier
	IssueDate          string             `xml:"IssueDate"`          // BT-05(a) dispatch date
	IssueTime          string             `xml:"IssueTime"`          // BT-05(b) dispatch time
	VersionID          string             `xml:"VersionID"`          // BT-757 notice version
	NoticeType         code               `xml:"NoticeTypeCode"`     // BT-02, @listName BT-03 form type
	NoticeLanguage     string             `xml:"NoticeLanguageCode"` // BT-702(a)
	ContractingParties []contractingParty `xml:"ContractingParty"`
	TenderingProcess   struct {
		ProcedureCode code `xml:"ProcedureCode"` // BT-105
	} `xml:"TenderingProcess"`
	Project      project `xml:"ProcurementProject"`
	Lots         []lot   `xml:"ProcurementProjectLot"`
	TenderResult struct {
		AwardDate string `xml:"AwardDate"`
	} `xml:"TenderResult"`
}

type eformsExtension struct {
	SubType       string         `xml:"NoticeSubType>SubTypeCode"` // OPP-070
	Organizations []organization `xml:"Organizations>Organization"`
	Result        noticeResult   `xml:"NoticeResult"`
}

// contractingParty is a buyer (OPT-300-Procedure-Buyer).
type contractingParty struct {
	PartyIDs []string `xml:"Party>PartyIdentification>ID"`
}

// organization is an efac:Organization; its efac:Company is the
// organisation itself (touch points are ignored).
type organization struct {
	Company struct {
		ID         string   `xml:"PartyIdentification>ID"`                   // OPT-200 ORG-…
		Names      []text   `xml:"PartyName>Name"`                           // BT-500
		CompanyIDs []string `xml:"PartyLegalEntity>CompanyID"`               // BT-501
		Country    string   `xml:"PostalAddress>Country>IdentificationCode"` // BT-514 (ISO 3166-1 alpha-3)
	} `xml:"Company"`
}

// project is a cac:ProcurementProject, of the procedure or of a lot.
type project struct {
	Names     []text `xml:"Name"`                                                // BT-21
	Nature    code   `xml:"ProcurementTypeCode"`                                 // BT-23 main nature
	Estimated amount `xml:"RequestedTenderTotal>EstimatedOverallContractAmount"` // BT-27
	MainCPV   []code `xml:"MainCommodityClassification>ItemClassificationCode"`  // BT-262
	// BT-06 strategic procurement (listName strategic-procurement: env-imp,
	// soc-obj, inn-pur, none) and BT-805 green procurement criteria
	// (listName gpp-criteria: eu, national, other, none).
	Additional []code `xml:"ProcurementAdditionalType>ProcurementTypeCode"`
}

// lot is a cac:ProcurementProjectLot: a lot, a group of lots or a part.
type lot struct {
	ID               id `xml:"ID"` // BT-137, @schemeName Lot | LotsGroup | Part
	TenderingProcess struct {
		Tenders  period `xml:"TenderSubmissionDeadlinePeriod"`      // BT-131
		Requests period `xml:"ParticipationRequestReceptionPeriod"` // BT-1311
	} `xml:"TenderingProcess"`
	Project project `xml:"ProcurementProject"`
}

type period struct {
	EndDate string `xml:"EndDate"`
	EndTime string `xml:"EndTime"`
}

// noticeResult is efac:NoticeResult, the results of a result notice.
type noticeResult struct {
	LotResults       []lotResult       `xml:"LotResult"`
	LotTenders       []lotTender       `xml:"LotTender"`
	SettledContracts []settledContract `xml:"SettledContract"`
	TenderingParties []tenderingParty  `xml:"TenderingParty"`
}

type lotResult struct {
	ID         string      `xml:"ID"`               // OPT-322 RES-…
	ResultCode string      `xml:"TenderResultCode"` // BT-142 winner chosen
	Tenders    []string    `xml:"LotTender>ID"`     // OPT-320 tenders of the result
	Statistics []statistic `xml:"ReceivedSubmissionsStatistics"`
	Contracts  []string    `xml:"SettledContract>ID"` // OPT-315
	Lot        string      `xml:"TenderLot>ID"`       // BT-13713
}

// statistic is a count of received submissions: BT-760 type, BT-759 count.
type statistic struct {
	Code  string `xml:"StatisticsCode"`
	Count string `xml:"StatisticsNumeric"`
}

type lotTender struct {
	ID    string `xml:"ID"`                               // OPT-321 TEN-…
	Rank  string `xml:"RankCode"`                         // BT-171
	Value amount `xml:"LegalMonetaryTotal>PayableAmount"` // BT-720
	Party string `xml:"TenderingParty>ID"`                // OPT-310 TPA-…
	Lot   string `xml:"TenderLot>ID"`                     // BT-13714
}

type settledContract struct {
	ID        string   `xml:"ID"`           // OPT-316 CON-…
	AwardDate string   `xml:"AwardDate"`    // BT-1451 winner decision date
	Tenders   []string `xml:"LotTender>ID"` // BT-3202
}

type tenderingParty struct {
	ID        string   `xml:"ID"`          // OPT-210 TPA-…
	Tenderers []string `xml:"Tenderer>ID"` // OPT-300-Tenderer ORG-…
}
