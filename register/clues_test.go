// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

// cluesIndex holds organisations of one name under several legal forms, in
// several places, with branches, in Norway and the UK.
func cluesIndex() *Index {
	ix := NewIndex()
	add := func(scheme, id, name, form, pc, town, muni, country string) {
		ix.AddName(&cityspend.RegisteredName{ID: cityspend.Identifier{Scheme: scheme, ID: id}, Name: name, LegalForm: form,
			Address: cityspend.Address{Postcode: pc, Locality: town, Municipality: muni, Country: country}})
	}
	branch := func(scheme, id, parent, name, pc, town, muni, country string) {
		ix.AddName(&cityspend.RegisteredName{ID: cityspend.Identifier{Scheme: scheme, ID: id}, Parent: cityspend.Identifier{Scheme: scheme, ID: parent},
			Name: name, Address: cityspend.Address{Postcode: pc, Locality: town, Municipality: muni, Country: country}})
	}
	no, gb := cityspend.SchemeNOBRC, cityspend.SchemeGBCOH
	// A branch read before its organisation is tied to it all the same.
	branch(no, "916292619", "923609016", "HANSEN BYGG DA AVD HORTEN", "3183", "HORTEN", "3901", "NO")
	add(no, "974760673", "HANSEN BYGG AS", "AS", "3256", "LARVIK", "3909", "NO")
	add(no, "982463718", "HANSEN BYGG ANS", "ANS", "0150", "OSLO", "0301", "NO")
	add(no, "923609016", "HANSEN BYGG DA", "DA", "3117", "TØNSBERG", "3905", "NO")
	add(no, "912345675", "OLA NORDMANN RØR", "ENK", "3260", "LARVIK", "3909", "NO")
	add(no, "987654325", "OLA NORDMANN RØR", "ENK", "9008", "TROMSØ", "5501", "NO")
	add(no, "889640782", "LARVIK ELEKTRO AS", "AS", "3256", "LARVIK", "3909", "NO")
	add(gb, "01007986", "MITIE LIMITED", "Private Limited Company", "PR1 2AB", "PRESTON", "E07000123", "GB")
	add(gb, "01007958", "MITIE LLP", "Limited Liability Partnership", "PR7 1ER", "CHORLEY", "E07000118", "GB")
	branch(gb, "01007958-LAN", "01007958", "MITIE LLP", "LA1 1AA", "LANCASTER", "E07000121", "GB")
	add(gb, "01009493", "RIBBLE CARE COMMUNITY INTEREST COMPANY", "Community Interest Company", "PR2 3XY", "PRESTON", "E07000123", "GB")
	add(gb, "01009494", "RIBBLE CARE LIMITED", "Private Limited Company", "PR2 3XY", "PRESTON", "E07000123", "GB")
	ix.link()
	return ix
}

func TestResolveClues(t *testing.T) {
	ix := cluesIndex()
	tests := []struct {
		q    Query
		want string // the organisation; "" unresolved
		clue string // a clue it rests on
	}{
		// The legal form written in the name: AS ≠ ANS ≠ DA; Ltd ≠ LLP ≠ CIC.
		{Query{Name: "Hansen Bygg AS"}, "974760673", ClueForm},
		{Query{Name: "HANSEN BYGG A/S"}, "974760673", ClueForm},
		{Query{Name: "Hansen Bygg ANS"}, "982463718", ClueForm},
		{Query{Name: "Hansen Bygg D.A."}, "923609016", ClueForm},
		{Query{Name: "Mitie Ltd"}, "01007986", ClueForm},
		{Query{Name: "Mitie L.L.P."}, "01007958", ClueForm},
		{Query{Name: "Ribble Care CIC"}, "01009493", ClueForm},
		{Query{Name: "Ribble Care Limited"}, "01009494", ClueForm},
		// Without a form, the postcode, the town, a branch suffix, the
		// register's branches.
		{Query{Name: "Hansen Bygg"}, "", ""},
		{Query{Name: "Hansen Bygg", Postcode: "3256"}, "974760673", CluePostcode},
		{Query{Name: "Hansen Bygg", Town: "Oslo"}, "982463718", ClueTown},
		{Query{Name: "Hansen Bygg avd Horten"}, "923609016", ClueBranch},
		{Query{Name: "Hansen Bygg", Postcode: "3183"}, "923609016", CluePostcode}, // at its branch
		{Query{Name: "Mitie"}, "", ""},
		{Query{Name: "Mitie – Lancaster branch"}, "01007958", ClueBranch},
		{Query{Name: "Mitie (Preston)"}, "01007986", ClueBranch},
		{Query{Name: "Mitie Preston Branch"}, "01007986", ClueBranch},
		// The payee's and the buyer's municipality.
		{Query{Name: "Hansen Bygg", Municipality: "3905", Country: "NO"}, "923609016", ClueMunicipality},
		{Query{Name: "Ola Nordmann Rør"}, "", ""},
		{Query{Name: "Ola Nordmann Rør", Home: "3909", Country: "NO"}, "912345675", ClueHome},
		{Query{Name: "Ola Nordmann Rør", Home: "0709", Country: "NO"}, "912345675", ClueHome}, // old Larvik is Larvik
		// A number in any column of the line, also a branch's.
		{Query{Name: "Hansen Bygg", Columns: []string{"Org nr 982 463 718"}, Country: "NO"}, "982463718", ClueNumber},
		{Query{Name: "Hansen Bygg 923609016", Country: "NO"}, "923609016", ClueNumber},
		{Query{Name: "Hansen Bygg", Columns: []string{"916292619"}, Country: "NO"}, "923609016", ClueSubunit},
		{Query{Name: "Hansen Bygg", Texts: []string{"Faktura 2024 org.nr. 923 609 016"}, Country: "NO"}, "923609016", ClueNumber},
		// A number of another organisation in a description is not this one's.
		{Query{Name: "Hansen Bygg", Texts: []string{"Kunde: Larvik kommune org.nr 889640782"}, Country: "NO"}, "", ""},
		// A form of another country is not a form of these.
		{Query{Name: "Hansen Bygg Ltd"}, "", ""},
		// One organisation of the name under another form of the country:
		// taken, with the difference said.
		{Query{Name: "Larvik Elektro ANS"}, "889640782", ""},
	}
	for _, tt := range tests {
		m := ix.Resolve(tt.q)
		if m.ID.ID != tt.want && !(tt.want == "" && m.Method == cityspend.MatchNone) {
			t.Errorf("Resolve(%+v) = %s %s (%s), want %s", tt.q, m.ID.ID, m.Method, m.Reason, tt.want)
			continue
		}
		if tt.want == "" {
			if m.Method != cityspend.MatchNone {
				t.Errorf("Resolve(%+v) = %s (%s), want unresolved", tt.q, m.ID, m.Reason)
			}
			continue
		}
		if tt.clue != "" && !slices.Contains(m.Clues, tt.clue) {
			t.Errorf("Resolve(%+v) = %s by %q (%s), want the clue %s", tt.q, m.ID.ID, m.Clues, m.Reason, tt.clue)
		}
	}
	if m := ix.Resolve(Query{Name: "Larvik Elektro ANS"}); m.Score >= 1 || !strings.Contains(m.Reason, "legal form") {
		t.Errorf("another form of the country costs and is said: %.2f %s", m.Score, m.Reason)
	}
}

// What stays ambiguous comes with its candidates and the evidence for and
// against each.
func TestCandidates(t *testing.T) {
	ix := cluesIndex()
	m := ix.Resolve(Query{Name: "Hansen Bygg", Town: "Horten", Postcode: "3256"})
	if m.Method != cityspend.MatchNone || !strings.HasPrefix(m.Reason, "ambiguous") {
		t.Fatalf("the postcode says Larvik, the town Horten: %+v", m)
	}
	if len(m.Candidates) != 3 {
		t.Fatalf("candidates %+v", m.Candidates)
	}
	ev := map[string][]string{}
	for _, c := range m.Candidates {
		for _, e := range c.Evidence {
			ev[c.Org.ID] = append(ev[c.Org.ID], e.String())
		}
	}
	if !slices.Contains(ev["974760673"], "postcode 3256") || !slices.Contains(ev["923609016"], "town Horten (branch 916292619)") ||
		!slices.Contains(ev["982463718"], "not at postcode 3256") {
		t.Errorf("evidence %q", ev)
	}
	if top := m.Candidates[0].Org.ID; top != "974760673" && top != "923609016" {
		t.Errorf("a candidate with evidence comes first: %+v", m.Candidates)
	}
}
