// SPDX-License-Identifier: EUPL-1.2

package eforms

// Fixtures written for these tests, in the structure of the eForms SDK's
// examples (same namespaces and element names): a competition notice with
// two lots and its result notice with five tenders from three tenderers.

const nsDecl = `xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1" xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"`

const folderID = "4f1e2b9a-7c3d-4e5f-9a8b-1c2d3e4f5a6b"

// org is an efac:Organization.
func orgXML(id, name, companyID, country string) string {
	return `
					<efac:Organization>
						<efac:Company>
							<cac:PartyIdentification><cbc:ID schemeName="organization">` + id + `</cbc:ID></cac:PartyIdentification>
							<cac:PartyName><cbc:Name languageID="NOR">` + name + `</cbc:Name></cac:PartyName>
							<cac:PostalAddress>
								<cbc:CityName>Bergen</cbc:CityName>
								<cac:Country><cbc:IdentificationCode listName="country">` + country + `</cbc:IdentificationCode></cac:Country>
							</cac:PostalAddress>
							<cac:PartyLegalEntity><cbc:CompanyID>` + companyID + `</cbc:CompanyID></cac:PartyLegalEntity>
						</efac:Company>
					</efac:Organization>`
}

var competitionNotice = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A competition notice (subtype 16) for an open procedure in two lots. -->
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" ` + nsDecl + `>
	<ext:UBLExtensions>
		<ext:UBLExtension>
			<ext:ExtensionContent>
				<efext:EformsExtension>
					<efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">16</cbc:SubTypeCode></efac:NoticeSubType>
					<efac:Organizations>` +
	orgXML("ORG-0001", "Bergen kommune", "964 338 531", "NOR") +
	orgXML("ORG-0005", "Klagenemnda for offentlige anskaffelser", "not available", "NOR") + `
					</efac:Organizations>
				</efext:EformsExtension>
			</ext:ExtensionContent>
		</ext:UBLExtension>
	</ext:UBLExtensions>
	<cbc:UBLVersionID>2.3</cbc:UBLVersionID>
	<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>
	<cbc:ID schemeName="notice-id">0b9c2f4e-1111-4a2b-8c3d-aaaaaaaaaaaa</cbc:ID>
	<cbc:ContractFolderID>` + folderID + `</cbc:ContractFolderID>
	<cbc:IssueDate>2024-03-01+01:00</cbc:IssueDate>
	<cbc:IssueTime>10:15:00+01:00</cbc:IssueTime>
	<cbc:VersionID>01</cbc:VersionID>
	<cbc:RegulatoryDomain>32014L0024</cbc:RegulatoryDomain>
	<cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
	<cbc:NoticeLanguageCode>NOR</cbc:NoticeLanguageCode>
	<cac:ContractingParty>
		<cac:ContractingPartyType><cbc:PartyTypeCode listName="buyer-legal-type">la</cbc:PartyTypeCode></cac:ContractingPartyType>
		<cac:Party>
			<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification>
		</cac:Party>
	</cac:ContractingParty>
	<cac:TenderingTerms>
		<cac:ProcurementLegislationDocumentReference>
			<cbc:ID>LocalLegalBasis</cbc:ID>
		</cac:ProcurementLegislationDocumentReference>
	</cac:TenderingTerms>
	<cac:TenderingProcess>
		<cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>
	</cac:TenderingProcess>
	<cac:ProcurementProject>
		<cbc:ID>2024/117</cbc:ID>
		<cbc:Name languageID="ENG">Laundry services</cbc:Name>
		<cbc:Name languageID="NOR">Vask av tekstiler</cbc:Name>
		<cbc:Description languageID="NOR">Vask og leie av tekstiler til kommunale institusjoner.</cbc:Description>
		<cbc:ProcurementTypeCode listName="contract-nature">services</cbc:ProcurementTypeCode>
		<cac:RequestedTenderTotal>
			<cbc:EstimatedOverallContractAmount currencyID="NOK">2500000</cbc:EstimatedOverallContractAmount>
		</cac:RequestedTenderTotal>
		<cac:MainCommodityClassification>
			<cbc:ItemClassificationCode listName="cpv">98310000</cbc:ItemClassificationCode>
		</cac:MainCommodityClassification>
	</cac:ProcurementProject>
	<cac:ProcurementProjectLot>
		<cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
		<cac:TenderingTerms>
			<cac:AppealTerms>
				<cac:AppealReceiverParty>
					<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0005</cbc:ID></cac:PartyIdentification>
				</cac:AppealReceiverParty>
			</cac:AppealTerms>
		</cac:TenderingTerms>
		<cac:TenderingProcess>
			<cac:TenderSubmissionDeadlinePeriod>
				<cbc:EndDate>2024-04-02+01:00</cbc:EndDate>
				<cbc:EndTime>12:00:00+01:00</cbc:EndTime>
			</cac:TenderSubmissionDeadlinePeriod>
		</cac:TenderingProcess>
		<cac:ProcurementProject>
			<cbc:ID>1</cbc:ID>
			<cbc:Name languageID="NOR">Sykehjem</cbc:Name>
			<cbc:ProcurementTypeCode listName="contract-nature">services</cbc:ProcurementTypeCode>
			<cac:RequestedTenderTotal>
				<cbc:EstimatedOverallContractAmount currencyID="NOK">1500000</cbc:EstimatedOverallContractAmount>
			</cac:RequestedTenderTotal>
			<cac:MainCommodityClassification>
				<cbc:ItemClassificationCode listName="cpv">98311000</cbc:ItemClassificationCode>
			</cac:MainCommodityClassification>
		</cac:ProcurementProject>
	</cac:ProcurementProjectLot>
	<cac:ProcurementProjectLot>
		<cbc:ID schemeName="Lot">LOT-0002</cbc:ID>
		<cac:TenderingProcess>
			<cac:TenderSubmissionDeadlinePeriod>
				<cbc:EndDate>2024-04-05+01:00</cbc:EndDate>
			</cac:TenderSubmissionDeadlinePeriod>
		</cac:TenderingProcess>
		<cac:ProcurementProject>
			<cbc:ID>2</cbc:ID>
			<cbc:Name languageID="NOR">Barnehager</cbc:Name>
			<cbc:ProcurementTypeCode listName="contract-nature">services</cbc:ProcurementTypeCode>
			<cac:RequestedTenderTotal>
				<cbc:EstimatedOverallContractAmount currencyID="NOK">1000000.50</cbc:EstimatedOverallContractAmount>
			</cac:RequestedTenderTotal>
			<cac:MainCommodityClassification>
				<cbc:ItemClassificationCode listName="cpv">98311100</cbc:ItemClassificationCode>
			</cac:MainCommodityClassification>
		</cac:ProcurementProject>
	</cac:ProcurementProjectLot>
</ContractNotice>
`

// lotTenderXML is an efac:LotTender.
func lotTenderXML(id, rank, value, party, lot string) string {
	return `
					<efac:LotTender>
						<cbc:ID schemeName="tender">` + id + `</cbc:ID>
						<cbc:RankCode>` + rank + `</cbc:RankCode>
						<efbc:TenderRankedIndicator>true</efbc:TenderRankedIndicator>
						<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="NOK">` + value + `</cbc:PayableAmount></cac:LegalMonetaryTotal>
						<efac:TenderingParty><cbc:ID schemeName="tendering-party">` + party + `</cbc:ID></efac:TenderingParty>
						<efac:TenderLot><cbc:ID schemeName="Lot">` + lot + `</cbc:ID></efac:TenderLot>
					</efac:LotTender>`
}

var resultNotice = `<?xml version="1.0" encoding="UTF-8"?>
<!-- The result notice (subtype 29) of the same procedure: one winner per lot. -->
<ContractAwardNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2" ` + nsDecl + `>
	<ext:UBLExtensions>
		<ext:UBLExtension>
			<ext:ExtensionContent>
				<efext:EformsExtension>
					<efac:NoticeResult>
						<cbc:TotalAmount currencyID="NOK">2350000</cbc:TotalAmount>
						<efac:LotResult>
							<cbc:ID schemeName="result">RES-0001</cbc:ID>
							<cbc:HigherTenderAmount currencyID="NOK">1600000</cbc:HigherTenderAmount>
							<cbc:LowerTenderAmount currencyID="NOK">1400000</cbc:LowerTenderAmount>
							<cbc:TenderResultCode listName="winner-selection-status">selec-w</cbc:TenderResultCode>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0001</cbc:ID></efac:LotTender>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0002</cbc:ID></efac:LotTender>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0003</cbc:ID></efac:LotTender>
							<efac:ReceivedSubmissionsStatistics>
								<efbc:StatisticsCode listName="received-submission-type">tenders</efbc:StatisticsCode>
								<efbc:StatisticsNumeric>3</efbc:StatisticsNumeric>
							</efac:ReceivedSubmissionsStatistics>
							<efac:ReceivedSubmissionsStatistics>
								<efbc:StatisticsCode listName="received-submission-type">t-sme</efbc:StatisticsCode>
								<efbc:StatisticsNumeric>2</efbc:StatisticsNumeric>
							</efac:ReceivedSubmissionsStatistics>
							<efac:SettledContract><cbc:ID schemeName="contract">CON-0001</cbc:ID></efac:SettledContract>
							<efac:TenderLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID></efac:TenderLot>
						</efac:LotResult>
						<efac:LotResult>
							<cbc:ID schemeName="result">RES-0002</cbc:ID>
							<cbc:TenderResultCode listName="winner-selection-status">selec-w</cbc:TenderResultCode>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0004</cbc:ID></efac:LotTender>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0005</cbc:ID></efac:LotTender>
							<efac:ReceivedSubmissionsStatistics>
								<efbc:StatisticsCode listName="received-submission-type">tenders</efbc:StatisticsCode>
								<efbc:StatisticsNumeric>2</efbc:StatisticsNumeric>
							</efac:ReceivedSubmissionsStatistics>
							<efac:SettledContract><cbc:ID schemeName="contract">CON-0002</cbc:ID></efac:SettledContract>
							<efac:TenderLot><cbc:ID schemeName="Lot">LOT-0002</cbc:ID></efac:TenderLot>
						</efac:LotResult>` +
	lotTenderXML("TEN-0001", "1", "1400000", "TPA-0001", "LOT-0001") +
	lotTenderXML("TEN-0002", "2", "1450000.25", "TPA-0002", "LOT-0001") +
	lotTenderXML("TEN-0003", "3", "1600000", "TPA-0003", "LOT-0001") +
	lotTenderXML("TEN-0004", "1", "950000", "TPA-0002", "LOT-0002") +
	lotTenderXML("TEN-0005", "2", "990000", "TPA-0003", "LOT-0002") + `
						<efac:SettledContract>
							<cbc:ID schemeName="contract">CON-0001</cbc:ID>
							<cbc:AwardDate>2024-05-20+02:00</cbc:AwardDate>
							<cbc:IssueDate>2024-06-01+02:00</cbc:IssueDate>
							<efac:ContractReference><cbc:ID>2024/117-1</cbc:ID></efac:ContractReference>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0001</cbc:ID></efac:LotTender>
						</efac:SettledContract>
						<efac:SettledContract>
							<cbc:ID schemeName="contract">CON-0002</cbc:ID>
							<cbc:AwardDate>2024-05-22+02:00</cbc:AwardDate>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0004</cbc:ID></efac:LotTender>
						</efac:SettledContract>
						<efac:TenderingParty>
							<cbc:ID schemeName="tendering-party">TPA-0001</cbc:ID>
							<efac:Tenderer><cbc:ID schemeName="organization">ORG-0002</cbc:ID></efac:Tenderer>
						</efac:TenderingParty>
						<efac:TenderingParty>
							<cbc:ID schemeName="tendering-party">TPA-0002</cbc:ID>
							<efac:Tenderer><cbc:ID schemeName="organization">ORG-0003</cbc:ID></efac:Tenderer>
						</efac:TenderingParty>
						<efac:TenderingParty>
							<cbc:ID schemeName="tendering-party">TPA-0003</cbc:ID>
							<efac:Tenderer><cbc:ID schemeName="organization">ORG-0004</cbc:ID></efac:Tenderer>
						</efac:TenderingParty>
					</efac:NoticeResult>
					<efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">29</cbc:SubTypeCode></efac:NoticeSubType>
					<efac:Organizations>` +
	orgXML("ORG-0001", "Bergen kommune", "964338531", "NOR") +
	orgXML("ORG-0002", "Vaskeri Vest AS", "923609016", "NOR") +
	orgXML("ORG-0003", "Renhold Nord AS", "NO 988 588 261 MVA", "NOR") +
	orgXML("ORG-0004", "Blanchisserie du Nord", "123 456 789", "FRA") + `
					</efac:Organizations>
				</efext:EformsExtension>
			</ext:ExtensionContent>
		</ext:UBLExtension>
	</ext:UBLExtensions>
	<cbc:UBLVersionID>2.3</cbc:UBLVersionID>
	<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>
	<cbc:ID schemeName="notice-id">7d3e5a10-2222-4b3c-9d4e-bbbbbbbbbbbb</cbc:ID>
	<cbc:ContractFolderID>` + folderID + `</cbc:ContractFolderID>
	<cbc:IssueDate>2024-06-10+02:00</cbc:IssueDate>
	<cbc:IssueTime>09:00:00+02:00</cbc:IssueTime>
	<cbc:VersionID>01</cbc:VersionID>
	<cbc:RegulatoryDomain>32014L0024</cbc:RegulatoryDomain>
	<cbc:NoticeTypeCode listName="result">can-standard</cbc:NoticeTypeCode>
	<cbc:NoticeLanguageCode>NOR</cbc:NoticeLanguageCode>
	<cac:ContractingParty>
		<cac:Party>
			<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification>
		</cac:Party>
	</cac:ContractingParty>
	<cac:TenderingProcess>
		<cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>
	</cac:TenderingProcess>
	<cac:ProcurementProject>
		<cbc:Name languageID="NOR">Vask av tekstiler</cbc:Name>
		<cbc:ProcurementTypeCode listName="contract-nature">services</cbc:ProcurementTypeCode>
		<cac:MainCommodityClassification>
			<cbc:ItemClassificationCode listName="cpv">98310000</cbc:ItemClassificationCode>
		</cac:MainCommodityClassification>
	</cac:ProcurementProject>
	<cac:ProcurementProjectLot>
		<cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
		<cac:ProcurementProject>
			<cbc:Name languageID="NOR">Sykehjem</cbc:Name>
			<cac:MainCommodityClassification>
				<cbc:ItemClassificationCode listName="cpv">98311000</cbc:ItemClassificationCode>
			</cac:MainCommodityClassification>
		</cac:ProcurementProject>
	</cac:ProcurementProjectLot>
	<cac:ProcurementProjectLot>
		<cbc:ID schemeName="Lot">LOT-0002</cbc:ID>
		<cac:ProcurementProject>
			<cbc:Name languageID="NOR">Barnehager</cbc:Name>
			<cac:MainCommodityClassification>
				<cbc:ItemClassificationCode listName="cpv">98311100</cbc:ItemClassificationCode>
			</cac:MainCommodityClassification>
		</cac:ProcurementProject>
	</cac:ProcurementProjectLot>
	<cac:TenderResult>
		<cbc:AwardDate>2024-05-20+02:00</cbc:AwardDate>
	</cac:TenderResult>
</ContractAwardNotice>
`

// singleTenderNotice is a result notice of an open procedure in one lot that
// received one tender, which won.
var singleTenderNotice = `<?xml version="1.0" encoding="UTF-8"?>
<ContractAwardNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2" ` + nsDecl + `>
	<ext:UBLExtensions>
		<ext:UBLExtension>
			<ext:ExtensionContent>
				<efext:EformsExtension>
					<efac:NoticeResult>
						<efac:LotResult>
							<cbc:ID schemeName="result">RES-0001</cbc:ID>
							<cbc:TenderResultCode listName="winner-selection-status">selec-w</cbc:TenderResultCode>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0001</cbc:ID></efac:LotTender>
							<efac:ReceivedSubmissionsStatistics>
								<efbc:StatisticsCode listName="received-submission-type">tenders</efbc:StatisticsCode>
								<efbc:StatisticsNumeric>1</efbc:StatisticsNumeric>
							</efac:ReceivedSubmissionsStatistics>
							<efac:TenderLot><cbc:ID schemeName="Lot">LOT-0000</cbc:ID></efac:TenderLot>
						</efac:LotResult>` +
	lotTenderXML("TEN-0001", "1", "780000", "TPA-0001", "LOT-0000") + `
						<efac:TenderingParty>
							<cbc:ID schemeName="tendering-party">TPA-0001</cbc:ID>
							<efac:Tenderer><cbc:ID schemeName="organization">ORG-0002</cbc:ID></efac:Tenderer>
						</efac:TenderingParty>
					</efac:NoticeResult>
					<efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">29</cbc:SubTypeCode></efac:NoticeSubType>
					<efac:Organizations>` +
	orgXML("ORG-0001", "Bergen kommune", "964338531", "NOR") +
	orgXML("ORG-0002", "Vaskeri Vest AS", "923609016", "NOR") + `
					</efac:Organizations>
				</efext:EformsExtension>
			</ext:ExtensionContent>
		</ext:UBLExtension>
	</ext:UBLExtensions>
	<cbc:UBLVersionID>2.3</cbc:UBLVersionID>
	<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>
	<cbc:ID schemeName="notice-id">9e8d7c6b-3333-4c5d-8e9f-cccccccccccc</cbc:ID>
	<cbc:ContractFolderID>b2c3d4e5-0000-4000-8000-000000000001</cbc:ContractFolderID>
	<cbc:IssueDate>2024-09-02Z</cbc:IssueDate>
	<cbc:IssueTime>08:00:00Z</cbc:IssueTime>
	<cbc:VersionID>01</cbc:VersionID>
	<cbc:NoticeTypeCode listName="result">can-standard</cbc:NoticeTypeCode>
	<cbc:NoticeLanguageCode>NOR</cbc:NoticeLanguageCode>
	<cac:ContractingParty>
		<cac:Party>
			<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification>
		</cac:Party>
	</cac:ContractingParty>
	<cac:TenderingProcess>
		<cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>
	</cac:TenderingProcess>
	<cac:ProcurementProject>
		<cbc:Name languageID="NOR">Leie av arbeidstøy</cbc:Name>
		<cbc:ProcurementTypeCode listName="contract-nature">supplies</cbc:ProcurementTypeCode>
		<cac:MainCommodityClassification>
			<cbc:ItemClassificationCode listName="cpv">18110000</cbc:ItemClassificationCode>
		</cac:MainCommodityClassification>
	</cac:ProcurementProject>
	<cac:ProcurementProjectLot>
		<cbc:ID schemeName="Lot">LOT-0000</cbc:ID>
		<cac:ProcurementProject>
			<cbc:Name languageID="NOR">Leie av arbeidstøy</cbc:Name>
		</cac:ProcurementProject>
	</cac:ProcurementProjectLot>
</ContractAwardNotice>
`
