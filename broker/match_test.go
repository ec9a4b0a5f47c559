// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// Matching quality on the labelled synthetic set: the right supplier in
// the top 5 for at least 90 % of challenges, on several seeds.
func TestMatchingQuality(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		cands, chs, truth := Synthetic(seed)
		top5, top1 := TopN(cands, chs, truth, 5), TopN(cands, chs, truth, 1)
		t.Logf("seed %d: %d challenges, %d suppliers: right one first %.0f %%, in the top 5 %.0f %%", seed, len(chs), len(cands), top1*100, top5*100)
		if top5 < 0.9 {
			t.Errorf("seed %d: top-5 %.2f, want ≥ 0.90", seed, top5)
		}
	}
}

func why(m Match, lang string) string {
	return strings.ReplaceAll(strings.Join(m.Why(i18n.New(lang)), "; "), "\u00a0", " ")
}

// Every match says why, in words, in both languages: the categories, the
// supplier's own whole words, the buyer supplied by name; no fit, no
// match; nothing of place or size.
func TestRankReasons(t *testing.T) {
	ch := cityspend.Challenge{BuyerID: "3909", Title: "Snow clearing", Problem: "We need snow clearing and gritting of pavements", CPV: []string{"77300000"}, Currency: "NOK"}
	cands := []Candidate{
		{SupplierID: "a", Name: "Far AS", CPV: []string{"77310000"}, Text: "snow clearing, gritting of pavements in winter", Municipality: "0301", Size: cityspend.ClassLarge},
		{SupplierID: "b", Name: "Near AS", CPV: []string{"77310000"}, Text: "snow clearing winter", Municipality: "3909", Size: cityspend.ClassSmall,
			Spend: map[string]map[string]cityspend.Amount{"3909": {"77300000": 1_234_567_00}}},
		{SupplierID: "c", Name: "Bakery AS", CPV: []string{"15810000"}, Text: "bread cakes", Municipality: "3909"},
	}
	r := NewRanker(cands)
	r.buyers = map[string]cityspend.Buyer{"3909": {ID: "3909", Name: "Larvik kommune", Currency: "NOK"}}
	ms := r.Rank(ch, 0)
	if len(ms) != 2 {
		t.Fatalf("matches %+v", ms)
	}
	stem := regexp.MustCompile(`\b(cleari|grittn|gritti|paveme)\b`)
	for _, m := range ms {
		en, nb := why(m, "en"), why(m, "nb")
		if !strings.Contains(en, "Works in agricultural, forestry and horticultural services, the category of the need of Larvik kommune") ||
			!strings.Contains(nb, "Arbeider innen planting og vedlikehold av grøntområder; behovet hos Larvik kommune er innen hagetjenester") {
			t.Errorf("%s: the category reason: %q / %q", m.Name, en, nb)
		}
		if stem.MatchString(en) || !strings.Contains(en, "clearing") || strings.Contains(en, "0.") {
			t.Errorf("%s: whole words, no stems or scores: %q", m.Name, en)
		}
		for _, w := range []string{"local", "county", "SME", "lokal", "SMB"} {
			if strings.Contains(en+nb, w) {
				t.Errorf("%s: a reason of place or size (%s): %q / %q", m.Name, w, en, nb)
			}
		}
		if m.Level == "" || m.LevelText(i18n.New("nb")) == "match.level."+m.Level {
			t.Errorf("%s: level %q", m.Name, m.Level)
		}
	}
	b := ms[0]
	if b.SupplierID != "b" {
		b = ms[1]
	}
	if en, nb := why(b, "en"), why(b, "nb"); !strings.Contains(en, "Has supplied Larvik kommune with agricultural, forestry and horticultural services (NOK 1.2m)") ||
		!strings.Contains(nb, "Har levert hagetjenester til Larvik kommune (1,2 mill. kr)") {
		t.Errorf("the history reason: %q / %q", en, nb)
	}
	var o = Opportunity{Reasons: b.Reasons}
	if you := strings.Join(o.Why(i18n.New("en")), " "); !strings.Contains(you, "You have supplied Larvik kommune with") || !strings.Contains(you, "This is a need of Larvik kommune in") {
		t.Errorf("to the supplier: %q", you)
	}
}

// Two suppliers the same but for where they are and how big they are get
// the same score, level and reasons, and hear of the same needs: a local
// first policy changes nothing.
func TestEqualTreatment(t *testing.T) {
	base := Candidate{Name: "Brøyting AS", CPV: []string{"90620000"}, Text: "Snow clearing and gritting of roads and pavements", Registered: true,
		Spend: map[string]map[string]cityspend.Amount{"3907": {"90600000": 2_000_000_00}}}
	local, far := base, base
	local.SupplierID, local.Municipality, local.Size = "org:NO-BRC:1", "3909", cityspend.ClassMicro
	far.SupplierID, far.Municipality, far.Size = "org:NO-BRC:2", "5001", cityspend.ClassLarge
	r := NewRanker([]Candidate{local, far})
	for _, ch := range []cityspend.Challenge{
		{BuyerID: "3909", ID: "CH-1", Title: "Winter maintenance", Problem: "Snow clearing of pavements", CPV: []string{"90620000"}, Currency: "NOK", LocalFirst: true},
		{BuyerID: "3909", ID: "CH-2", Title: "Winter maintenance", Problem: "Snow clearing of pavements", CPV: []string{"90620000"}, Currency: "NOK",
			BudgetMax: 3_000_000_00}, // within what a micro firm carries
	} {
		ms := r.Rank(ch, 0)
		if len(ms) != 2 {
			t.Fatalf("%s: both fit, both are told: %+v", ch.ID, ms)
		}
		a, b := ms[0], ms[1]
		if a.Score != b.Score || a.Level != b.Level || a.Partner != b.Partner || !reflect.DeepEqual(a.Reasons, b.Reasons) {
			t.Errorf("%s: identical but for place and size: %+v vs %+v", ch.ID, a, b)
		}
	}
}

// A very large works item: a micro firm with the same fit as a capable
// firm ranks below it, stays a match (told, not excluded) and is told why
// — as a likely subcontractor or partner in a joint bid.
func TestCapacity(t *testing.T) {
	text := "Road construction, asphalt paving and bridge works"
	cands := []Candidate{
		{SupplierID: "org:NO-BRC:1", Name: "Mikro Vei AS", CPV: []string{"45233000"}, Text: text, Size: cityspend.ClassMicro, Municipality: "3909"},
		{SupplierID: "org:NO-BRC:2", Name: "Stor Entreprenør AS", CPV: []string{"45233000"}, Text: text, Staff: 800, Municipality: "0301"},
		{SupplierID: "org:NO-BRC:3", Name: "Fem AS", CPV: []string{"45233000"}, Text: text, Staff: 5},
	}
	it := cityspend.PlanItem{BuyerID: "3909", ID: "P-1", Title: "Road construction and asphalt paving", Need: "New road and bridge works",
		CPV: []string{"45233000"}, Value: 524_000_000_00, Months: 48}
	need := PlanNeed(it)
	need.Currency = "NOK"
	if Annual(need) != 131_000_000_00 {
		t.Fatalf("the annual value %s", Annual(need))
	}
	ms := NewRanker(cands).Rank(need, 0)
	if len(ms) != 3 || ms[0].SupplierID != "org:NO-BRC:2" || ms[0].Partner {
		t.Fatalf("the capable firm first: %+v", ms)
	}
	for _, m := range ms[1:] {
		en, nb := why(m, "en"), why(m, "nb")
		if !m.Partner || m.Level != ms[0].Level || !strings.Contains(en, "likely a subcontractor or a partner in a joint bid") ||
			!strings.Contains(nb, "trolig underleverandør") || !strings.Contains(nb, "131,0 mill. kr") {
			t.Errorf("%s: %+v %q / %q", m.Name, m, en, nb)
		}
	}
	if en := why(ms[2], "en"); ms[2].SupplierID == "org:NO-BRC:3" && !strings.Contains(en, "a firm of 5 employees") ||
		ms[2].SupplierID == "org:NO-BRC:1" && !strings.Contains(en, "up to 9 employees") {
		t.Errorf("the basis of the capacity: %q", en)
	}
	// In euros the register's turnover decides.
	eur := need
	eur.Currency, eur.BudgetMax, eur.BudgetMin = "EUR", 2_000_000_00, 0
	c := []Candidate{{SupplierID: "x", CPV: []string{"45233000"}, Text: text, Staff: 500, TurnoverEUR: 1_500_000_00}}
	if ms := NewRanker(c).Rank(eur, 0); len(ms) != 1 || !ms[0].Partner || !strings.Contains(why(ms[0], "en"), "its yearly turnover (€1.5m)") {
		t.Errorf("turnover below the value: %+v %q", ms, why(ms[0], "en"))
	}
	// Unknown capacity is no flag.
	if ms := NewRanker([]Candidate{{SupplierID: "y", CPV: []string{"45233000"}, Text: text}}).Rank(need, 0); len(ms) != 1 || ms[0].Partner {
		t.Errorf("unknown capacity: %+v", ms)
	}
}

// An opportunity is a purchase still to be put to the market.
func TestOpenToMarket(t *testing.T) {
	for _, c := range []struct {
		it   cityspend.PlanItem
		want bool
	}{
		{cityspend.PlanItem{Published: true, Action: "retender", Status: cityspend.PlanPlanned}, true},
		{cityspend.PlanItem{Published: true, Action: "tender", Status: cityspend.PlanPublished}, true},
		{cityspend.PlanItem{Published: true, Action: "decide_extension", Status: cityspend.PlanPlanned, Title: "Decide on extending K-1"}, false},
		{cityspend.PlanItem{Published: true, Action: "tender", Status: cityspend.PlanAwarded}, false},
		{cityspend.PlanItem{Published: false, Action: "tender", Status: cityspend.PlanPlanned}, false},
	} {
		if got := OpenToMarket(c.it); got != c.want {
			t.Errorf("%+v: %v, want %v", c.it, got, c.want)
		}
	}
}

// The market-development view counts the local and small suppliers that
// fit and sizes lots an SME carries, from the same ranking: it changes
// no match.
func TestMarket(t *testing.T) {
	text := "Road construction, asphalt paving and bridge works"
	cands := []Candidate{
		{SupplierID: "1", Name: "Mikro Vei AS", CPV: []string{"45233000"}, Text: text, Size: cityspend.ClassMicro, Municipality: "3909"},
		{SupplierID: "2", Name: "Stor Entreprenør AS", CPV: []string{"45233000"}, Text: text, Staff: 800, Size: cityspend.ClassLarge, Municipality: "0301"},
		{SupplierID: "3", Name: "Fylke AS", CPV: []string{"45233000"}, Text: text, Size: cityspend.ClassSmall, Municipality: "3907"},
		{SupplierID: "4", Name: "Ukjent AS", CPV: []string{"45233000"}, Text: text},
		{SupplierID: "5", Name: "Bakeri AS", CPV: []string{"15810000"}, Text: "bread", Size: cityspend.ClassMicro, Municipality: "3909"},
	}
	need := PlanNeed(cityspend.PlanItem{BuyerID: "3909", ID: "P-1", Title: "Road construction", CPV: []string{"45233000"}, Value: 524_000_000_00, Months: 48})
	need.Currency = "NOK"
	r := NewRanker(cands)
	before := r.Rank(need, 0)
	m := r.Market(need, "3909")
	if m.Fitting != 4 || m.Local != 1 || m.County != 1 || m.SME != 2 || m.SizeUnknown != 1 || m.Partners != 1 || len(m.Encourage) != 2 {
		t.Errorf("market %+v", m)
	}
	// 131 MNOK a year, lots of at most 56.25 MNOK a year: three.
	if m.Lots != 3 || m.LotValue != 131_000_000_00/3 {
		t.Errorf("lots %d of %s", m.Lots, m.LotValue)
	}
	if !reflect.DeepEqual(before, r.Rank(need, 0)) {
		t.Error("the view changed the ranking")
	}
}
