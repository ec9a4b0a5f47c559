// SPDX-License-Identifier: EUPL-1.2

package refdata

import "strings"

// Peer groups: which municipalities are compared with which (the
// benchmarks' ranks are within a group).
//
// Norway: the size dimension of Statistics Norway's KOSTRA municipality
// groups (KOSTRA-grupperingen, SSB Notater 2008/5 and its revisions):
// small municipalities under 5 000 inhabitants, medium 5 000–19 999, large
// 20 000 and over, with Oslo alone and Bergen, Trondheim and Stavanger
// together. The groups' second dimension (bound costs and free disposable
// income per inhabitant) is not in the files cityspend loads, so the
// groups here are by size only (check: SSB revised the grouping in 2020
// and 2024).
//
// United Kingdom: the type of council, told by the first three characters
// of its GSS code (ONS Register of Geographic Codes, the entity codes of
// local authority districts and counties).

// Peer group keys. Each is named in the i18n catalogue ("bench.group.KEY").
const (
	PeersUnknown = "unknown" // no group: no population, or a code of no known type
)

// Norwegian size bands of the KOSTRA groups, in inhabitants.
const (
	KostraSmallBelow  = 5000
	KostraMediumBelow = 20000
)

// ukCouncilTypes are the GSS entity codes of councils with their kind.
var ukCouncilTypes = map[string]string{
	"E06": "unitary authority (England)",
	"E07": "non-metropolitan district (England)",
	"E08": "metropolitan district (England)",
	"E09": "London borough",
	"E10": "county council (England)",
	"W06": "unitary authority (Wales)",
	"S12": "council area (Scotland)",
	"N09": "district council (Northern Ireland)",
}

// UKCouncilType is the kind of council a GSS code is of ("" when the code
// is of none).
func UKCouncilType(gss string) string {
	if len(gss) != 9 {
		return ""
	}
	return ukCouncilTypes[strings.ToUpper(gss[:3])]
}

// PeerGroup is the peer group of a buyer's municipality: its country, a
// dash and the group ("NO-large", "GB-E07"); the country and "-unknown"
// when it has none (a Norwegian municipality whose population is not
// loaded: persons < 0).
func PeerGroup(country, municipality string, persons int64) string {
	country = strings.ToUpper(country)
	switch country {
	case "NO":
		switch municipality {
		case "0301":
			return "NO-oslo"
		case "4601", "5001", "1103", "1201", "1601": // Bergen, Trondheim, Stavanger (and their codes before 2020)
			return "NO-big3"
		}
		switch {
		case persons < 0:
		case persons < KostraSmallBelow:
			return "NO-small"
		case persons < KostraMediumBelow:
			return "NO-medium"
		default:
			return "NO-large"
		}
	case "GB":
		if UKCouncilType(municipality) != "" {
			return "GB-" + strings.ToUpper(municipality[:3])
		}
	}
	return country + "-" + PeersUnknown
}
