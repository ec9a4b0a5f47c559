// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/handbook"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/peers"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/thresholds"
	"github.com/cityspend/cityspend/tables"
)

// Every message a template asks for is in the catalogue, including the keys
// templates build from a prefix and a value.
func TestTemplatesUseCataloguedMessages(t *testing.T) {
	lit := regexp.MustCompile(`\.T "([a-z0-9._]+)"`)
	dyn := regexp.MustCompile(`print "([a-z0-9.]+\.)"`)
	prefixes := map[string][]string{
		"band.":    indicator.Bands,
		"type.":    cityspend.BusinessTypes,
		"match.":   {cityspend.MatchManual, cityspend.MatchID, cityspend.MatchExactName, cityspend.MatchFuzzy, "unresolved"},
		"nav.":     nil,
		"t.":       append(append([]string{}, tables.AnalysisTables...), "suppliers", "lines", "categories", "breakdown", "fragmentation", "price_volume"),
		"by.":      nil,
		"kind.":    append(append([]string{}, compliance.Kinds...), "R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R048", "R058"),
		"status.":  {cityspend.StatusNew, cityspend.StatusConfirmed, cityspend.StatusDismissed},
		"cov.":     {"categories", "units", "suppliers"},
		"cov.col.": {"categories", "units", "suppliers"},
		"pstatus.": cityspend.PlanStatuses,
		"pband.":   append(append([]string{}, plan.Bands...), ""),
		"pflag.":   plan.FlagKeys,
		"ptype.":   {"goods", "services", "works"},
		"pevent.":  {"market_dialogue", "notice", "award", "contract_start"},
		"tgt.":     cityspend.TargetIndicators,
		"role.":    cityspend.Roles,
	}
	for k := range cube.Breakdowns {
		prefixes["by."] = append(prefixes["by."], k)
	}
	for _, tb := range tabs {
		prefixes["nav."] = append(prefixes["nav."], tb.Key)
		if !slices.Contains(prefixes["navg."], tb.Group) {
			prefixes["navg."] = append(prefixes["navg."], tb.Group)
		}
	}
	prefixes["gl."] = glossary
	prefixes["chstatus."] = cityspend.ChallengeStatuses
	prefixes["rule."] = classify.Rules()
	for _, ind := range peers.Indicators {
		prefixes["bench.ind."] = append(prefixes["bench.ind."], ind.Key)
	}
	prefixes["match.kind."] = []string{"challenge", "plan_item"}
	prefixes["match.level."] = []string{broker.LevelStrong, broker.LevelGood, broker.LevelPossible}
	// A finding's threshold rule and a plan item's regime are the handbook
	// slugs of the shipped thresholds' rules.
	for _, th := range thresholds.Shipped {
		if !slices.Contains(prefixes["law.rule."], th.Rule) {
			prefixes["law.rule."] = append(prefixes["law.rule."], th.Rule)
		}
	}
	prefixes["plan.regime."] = prefixes["law.rule."]
	for _, slug := range handbook.Slugs {
		if strings.HasPrefix(slug, "procedure-") {
			prefixes["plan.proc."] = append(prefixes["plan.proc."], slug)
		}
	}
	prefixes["rest.critsrc."] = []string{"contract register", "tender data"}
	prefixes["ch.maturity."] = cityspend.Maturities
	prefixes["ch.partner."] = []string{cityspend.PartnerObserver, cityspend.PartnerCoBuyer}
	eachTemplate(t, func(path string, b []byte) {
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: message %q is not in the catalogue", path, m[1])
			}
		}
		for _, m := range dyn.FindAllStringSubmatch(string(b), -1) {
			vals, ok := prefixes[m[1]]
			if !ok {
				t.Errorf("%s: messages built from prefix %q: add its values to this test", path, m[1])
			}
			for _, v := range vals {
				if !i18n.Has(m[1] + v) {
					t.Errorf("%s: message %q is not in the catalogue", path, m[1]+v)
				}
			}
		}
	})
	for _, name := range tables.AnalysisTables {
		tb, err := tables.FromAnalysis(&indicator.Analysis{}, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range append(tb.Columns, tables.LineColumns...) {
			if !i18n.Has(c.Msg) {
				t.Errorf("table %s column %s: message %q is not in the catalogue", name, c.Key, c.Msg)
			}
		}
	}
	for _, c := range tables.Plan("plan", "NOK", nil).Columns {
		if !i18n.Has(c.Msg) {
			t.Errorf("plan table column %s: message %q is not in the catalogue", c.Key, c.Msg)
		}
	}
	for _, name := range tables.CubeTables {
		tb, err := tables.FromCube(&cube.Result{}, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tb.Columns {
			if !i18n.Has(c.Msg) {
				t.Errorf("table %s column %s: message %q is not in the catalogue", name, c.Key, c.Msg)
			}
		}
	}
	for _, c := range tables.Suppliers(nil).Columns {
		if !i18n.Has(c.Msg) {
			t.Errorf("suppliers column %s: message %q is not in the catalogue", c.Key, c.Msg)
		}
	}
}

// A text box holds what a person wrote (a challenge's problem, a plan
// item's need, a question), in whatever language they wrote it: it is
// data (docs/accessibility.md), marked translate="no" like the rest, so
// that neither a browser's translation nor the page sweep takes it for
// the page's words.
func TestTextBoxesAreData(t *testing.T) {
	box := regexp.MustCompile(`<textarea\b[^>]*>`)
	eachTemplate(t, func(path string, b []byte) {
		for _, m := range box.FindAllString(string(b), -1) {
			if !strings.Contains(m, `translate="no"`) {
				t.Errorf("%s: %s is not marked translate=\"no\"", path, m)
			}
		}
	})
}

// eachTemplate calls f with each template's path and text.
func eachTemplate(t *testing.T, f func(path string, b []byte)) {
	t.Helper()
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err == nil {
			f(path, b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
