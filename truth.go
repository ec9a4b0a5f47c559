// SPDX-License-Identifier: EUPL-1.2

package cityspend

// TruthLine is a labelled ledger line: what the line says and its true CPV
// code. A set of them measures the classifier.
type TruthLine struct {
	Line        int
	Description string
	CPV         string // 8 digits
	Name        string
	OrgNumber   string
	Account     string
	AccountText string // the account's name or the ledger's expenditure category
	Unit        string // the org unit, service area or cost centre
	Amount      Amount
	HasAmount   bool
}

// TruthName is a labelled name: a name as written and the organisation it
// stands for, with the optional hints a ledger line may carry. A set of
// them measures name resolution.
type TruthName struct {
	Name, OrgNumber, Postcode, Municipality string
	Town                                    string // the post town, where the line gives one
	Text                                    string // other text of the line (a description) that may hold a number
	Country                                 string // the country numbers without a prefix are read in; "": the evaluation's
	Home                                    string // the buyer's own municipality, a weak hint
	Kind                                    string // the kind of case, where the set says (figures by kind)
}
