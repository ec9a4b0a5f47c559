// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/alerts"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/register/brreg"
)

// demoBuyers are the three neighbouring municipalities of the demo; each
// ledger comes in another format, so the demo walks every import path.
var demoBuyers = []struct {
	code, name, format string
}{
	{"3909", "Larvik kommune", gen.FormatCSV},
	{"3907", "Sandefjord kommune", gen.FormatMessy},
	{"3905", "Tønsberg kommune", gen.FormatXLSX},
}

// demoUK is the demo's English district council (gen.Hollowmere): GBP,
// fiscal years from April, its registers, postcodes and ledger in the
// official layouts, imported through the importers every user has.
var demoUK = gen.Hollowmere

const demoDB = "cityspend-demo.duckdb"

func (a *app) demoCommand() *cobra.Command {
	var addr, mailDir string
	var noServe, rebuild bool
	var seed uint64
	var lines int64
	cmd := &cobra.Command{
		Use:   "demo [--db FILE] [--addr 127.0.0.1:8080] [--no-serve]",
		Short: "Build a demo database of three synthetic Norwegian municipalities and an English district council, and serve the UI",
		Long: `Build a demo database with three neighbouring Norwegian municipalities
(Larvik 3909, Sandefjord 3907, Tønsberg 3905), two years of synthetic ledger
lines each, and a synthetic English district council (Hollowmere District
Council, E07000999: GBP, fiscal years from April, a quarter as many lines as
a municipality, in the layout of the councils' "spend over £500" files, with
its Companies House and charity register files, ONS postcode directory and
indices of deprivation, imported through the same importers as real files),
then serve the web UI. The database defaults to ./cityspend-demo.duckdb (not
your working database); an existing demo database is reused unless --rebuild.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if !cmd.Flags().Changed("db") && os.Getenv("CITYSPEND_DB") == "" {
				a.cfg.DB = demoDB
			}
			opToken, err := operatorToken()
			if err != nil {
				return err
			}
			st, err := a.buildDemo(ctx, seed, lines, rebuild)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := a.demoAccounts(ctx, st); err != nil {
				return err
			}
			if err := a.demoPopulation(ctx, st); err != nil {
				return err
			}
			if noServe {
				fmt.Fprintf(a.stdout, "demo database ready: %s\n", a.cfg.DB)
				return nil
			}
			if mailDir == "" {
				mailDir = strings.TrimSuffix(a.cfg.DB, filepath.Ext(a.cfg.DB)) + "-mail"
			}
			return a.serve(ctx, st, addr, opToken, mailConfig{dir: mailDir, alertsEvery: 24 * time.Hour, alertsMonths: alerts.DefaultMonths})
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.BoolVar(&noServe, "no-serve", false, "build the database and exit")
	f.StringVar(&mailDir, "mail-dir", "", "where outgoing mail goes (.eml files); default: beside the database, NAME-mail")
	f.BoolVar(&rebuild, "rebuild", false, "rebuild the demo database even if it exists")
	f.Uint64Var(&seed, "seed", 1, "seed of the synthetic data")
	f.Int64Var(&lines, "lines", 40000, "ledger lines per municipality (over two years); the English council has a quarter as many")
	return cmd
}

// buildDemo opens the demo database, building it when it has no demo buyers
// yet. It refuses to touch a database that holds real (non-synthetic) buyers.
func (a *app) buildDemo(ctx context.Context, seed uint64, lines int64, rebuild bool) (*duckdb.DB, error) {
	path := a.cfg.DB
	if _, err := os.Stat(path); err == nil {
		st, err := a.openEmbedded(ctx, "")
		if err != nil {
			return nil, err
		}
		buyers, err := st.Buyers(ctx)
		if err != nil {
			st.Close()
			return nil, err
		}
		for _, b := range buyers {
			if !b.Synthetic {
				st.Close()
				return nil, cityspend.Errorf(cityspend.ECONFLICT, "%s holds real data (buyer %s); the demo needs its own database: use --db", path, b.ID)
			}
		}
		if len(buyers) == len(demoBuyers)+1 && !rebuild {
			a.log.Info("using the existing demo database", "db", path)
			return st, nil
		}
		st.Close()
		for _, p := range []string{path, path + ".wal"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("demo: remove old demo database: %w", err)
			}
		}
	}
	tmp, err := os.MkdirTemp("", "cityspend-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	st, err := a.openEmbedded(ctx, "")
	if err != nil {
		return nil, err
	}
	u := gen.NewUniverse(seed)
	// The business register the suppliers resolve against: every supplier of
	// the synthetic municipalities and some thousands of other firms.
	regFile := filepath.Join(tmp, "enheter.json.gz")
	if _, err := gen.WriteRegisterFile(ctx, regFile, u, gen.RegisterOptions{Units: int64(len(u.Suppliers)) + 20000}); err != nil {
		st.Close()
		return nil, fmt.Errorf("demo: generate register: %w", err)
	}
	rr, err := brreg.Open(regFile)
	if err != nil {
		st.Close()
		return nil, err
	}
	rb := cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json.gz (synthetic)"}
	err = st.ImportRegister(ctx, &rb, rr)
	rr.Close()
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("demo: import register: %w", err)
	}
	a.log.Info("demo register ready", "units", rb.UnitsLoaded)
	from := gen.RecentYear()
	for _, d := range demoBuyers {
		start := time.Now()
		d.format = demoFormat(d.format, lines)
		file := filepath.Join(tmp, d.code+"-ledger."+map[string]string{gen.FormatCSV: "csv", gen.FormatMessy: "csv", gen.FormatXLSX: "xlsx"}[d.format])
		if _, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: seed, Municipality: d.code, FromYear: from, Years: 2, Lines: lines, Format: d.format}); err != nil {
			st.Close()
			return nil, fmt.Errorf("demo: generate %s: %w", d.name, err)
		}
		b := cityspend.Buyer{ID: d.code, Name: d.name, Country: "NO", Municipality: d.code, Currency: "NOK", FiscalStart: 1, Synthetic: true}
		for _, s := range u.Suppliers {
			if s.Form == "KOMM" && s.Municipality == d.code {
				b.OrgNumber = s.Org
			}
		}
		if err := st.CreateBuyer(ctx, b); err != nil {
			st.Close()
			return nil, err
		}
		res, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: tmp})
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("demo: import %s: %w", d.name, err)
		}
		a.log.Info("demo municipality ready", "buyer", d.code, "name", d.name, "format", d.format,
			"rows_loaded", res.Batch.RowsLoaded, "rows_rejected", res.Batch.RowsRejected, "seconds", time.Since(start).Round(time.Millisecond).Seconds())
	}
	if err := a.demoEnglishCouncil(ctx, st, tmp, seed, lines); err != nil {
		st.Close()
		return nil, err
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{Log: a.log}); err != nil {
		st.Close()
		return nil, err
	}
	// Illustrative conversion tables, so that the climate footprint has
	// figures (labelled as made up wherever they are listed).
	if err := st.PutRates(ctx, append(gen.Rates(2015, time.Now().Year()+1), gen.UKRates(2015, time.Now().Year()+1)...)); err != nil {
		st.Close()
		return nil, err
	}
	// Larvik's challenge before the plans, so that its plan proposes it.
	if _, err := demoChallenge(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	for _, id := range demoBuyerIDs() {
		if err := a.demoPlan(ctx, st, id, time.Now().UTC()); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// demoBuyerIDs are the demo's buyers: the municipalities and the council.
func demoBuyerIDs() []string {
	var ids []string
	for _, d := range demoBuyers {
		ids = append(ids, d.code)
	}
	return append(ids, demoUK.ID)
}

// demoEnglishCouncil adds the English district council: it writes the
// council's Companies House file (two parts), its charity register
// extract, its postcode directory and index of deprivation and its ledger,
// in the official layouts, into dir, and imports each through the
// importer its command uses. The follow-up (payees resolved, placed,
// scoped) is the caller's.
func (a *app) demoEnglishCouncil(ctx context.Context, st cityspend.Store, dir string, seed uint64, lines int64) error {
	start := time.Now()
	w := gen.NewUKWorld(seed)
	chFiles, err := gen.WriteCompaniesHouse(ctx, dir, w, 2)
	if err != nil {
		return fmt.Errorf("demo: generate the Companies House file: %w", err)
	}
	charities := filepath.Join(dir, "publicextract.charity.txt")
	if err := gen.WriteCharityExtract(charities, w); err != nil {
		return fmt.Errorf("demo: generate the charity register: %w", err)
	}
	for _, f := range append(chFiles, charities) {
		kind := "companies-house"
		if f == charities {
			kind = "charities"
		}
		sum, err := a.importRegisterFile(ctx, st, kind, f, true)
		if err != nil {
			return fmt.Errorf("demo: import %s: %w", kind, err)
		}
		a.log.Info("demo register ready", "kind", kind, "file", filepath.Base(f), "units", sum.UnitsLoaded, "rejected", sum.UnitsRejected)
	}
	pcFile := filepath.Join(dir, "ONSPD_DEMO_UK.csv")
	if err := gen.WritePostcodeDirectory(pcFile, w); err != nil {
		return fmt.Errorf("demo: generate the postcode directory: %w", err)
	}
	r, hash, err := openPostcodeFile(pcFile, "GB")
	if err != nil {
		return err
	}
	_, err = a.importPostcodes(ctx, st, r, pcFile, hash, false, true)
	r.Close()
	if err != nil {
		return fmt.Errorf("demo: import postcodes: %w", err)
	}
	imdFile := filepath.Join(dir, "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv")
	if err := gen.WriteDeprivation(imdFile, w); err != nil {
		return fmt.Errorf("demo: generate the index of deprivation: %w", err)
	}
	d, hash, err := readDeprivationFile(imdFile, "")
	if err != nil {
		return err
	}
	if _, err := a.importDeprivation(ctx, st, d, imdFile, hash, time.Now(), false, true); err != nil {
		return fmt.Errorf("demo: import deprivation: %w", err)
	}
	b := cityspend.Buyer{ID: demoUK.ID, Name: demoUK.Name, Country: "GB", Municipality: demoUK.District, Currency: "GBP",
		FiscalStart: refdata.FiscalYearStart("GB"), Synthetic: true}
	if err := st.CreateBuyer(ctx, b); err != nil {
		return err
	}
	// The CLES "deprived areas": the fifth of England's small areas that
	// are the most deprived (IMD deciles 1 and 2).
	if err := st.SetPlaceRules(ctx, b.ID, []cityspend.PlaceRule{{Band: "deprived", Kind: "deprivation_decile", Value: "2"}}); err != nil {
		return err
	}
	file := filepath.Join(dir, "hollowmere-spend-over-500.csv")
	n, err := gen.WriteUKLedgerFile(ctx, file, w, gen.UKLedgerOptions{FromYear: gen.RecentYear(), Years: 2, Lines: max(lines/4, 100)})
	if err != nil {
		return fmt.Errorf("demo: generate %s: %w", b.Name, err)
	}
	res, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: dir})
	if err != nil {
		return fmt.Errorf("demo: import %s: %w", b.Name, err)
	}
	a.log.Info("demo council ready", "buyer", b.ID, "name", b.Name, "lines", n, "rows_loaded", res.Batch.RowsLoaded,
		"rows_rejected", res.Batch.RowsRejected, "seconds", time.Since(start).Round(time.Millisecond).Seconds())
	return nil
}

// demoPlan gives a demo municipality a synthetic contract register (its
// largest suppliers' categories, ending over the next four years, some with
// options), its findings and a generated procurement plan with its first
// items published, so that every page of the demo has something to show.
func (a *app) demoPlan(ctx context.Context, st cityspend.Store, buyerID string, now time.Time) error {
	months, err := st.MonthSpends(ctx, []string{buyerID})
	if err != nil {
		return err
	}
	ends := []int{2, 5, 7, 10, 13, 16, 19, 22, 28, 34, 40, 50}
	pairs := gen.LargestPairs(months, len(ends))
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyerID})
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, s := range sups {
		names[s.SupplierID] = s.Name
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return err
	}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var contracts []cityspend.Contract
	for i, k := range pairs {
		c := cityspend.Contract{BuyerID: buyerID, ID: fmt.Sprintf("DEMO-%02d", i+1), CPV: k.Group, Start: k.First,
			End: month.AddDate(0, ends[i], -1), Currency: b.Currency, Framework: i%2 == 0, Procedure: "open", File: "demo contract register", Line: i + 2,
			Suppliers: []cityspend.ContractSupplier{{SupplierID: k.SupplierID, Name: names[k.SupplierID]}}}
		c.Title = demoContractTitle(k.Group, names[k.SupplierID], b.Country)
		if i%2 == 1 {
			c.Start = c.Start.AddDate(1, 0, 0) // some started a year later
		}
		// Sustainability criteria on some, for the strategy's shares.
		c.Green, c.Social, c.Innovation, c.Circular = i%2 == 0, i%3 == 0, i%5 == 0, i%7 == 0
		switch i % 3 {
		case 0:
			c.Final = c.End.AddDate(2, 0, 0)
		case 1:
			c.Final = c.End.AddDate(1, 0, 0)
		}
		if i%4 != 3 {
			// A maximum a quarter above the yearly spend over the term.
			years := int64(c.LastDay().Sub(c.Start).Hours()/24/365) + 1
			c.MaxValue, c.HasMax = cityspend.Amount(int64(k.Spend)/2*years*5/4), true
		}
		contracts = append(contracts, c)
	}
	if err := st.ReplaceContracts(ctx, buyerID, contracts); err != nil {
		return err
	}
	if _, err := compliance.Compute(ctx, st, buyerID, compliance.Options{}); err != nil {
		return err
	}
	if _, err := plan.Generate(ctx, st, buyerID, plan.Options{Now: now, Who: "demo"}); err != nil {
		return err
	}
	items, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return err
	}
	// Four purchases the market is asked for, re-tenders of expiring
	// contracts first, then recurring needs: never the buyer's own
	// decisions on extending a contract, nor renewals the law exempts.
	var ids []string
	for _, first := range []bool{true, false} {
		for _, it := range items {
			if (it.Source == "expiring_contract") == first && it.Procedure != "" && plan.ForTender(it) && len(ids) < 4 {
				ids = append(ids, it.ID)
			}
		}
	}
	if len(ids) > 0 {
		e, err := plan.NewEditor(ctx, st, b, "demo")
		if err != nil {
			return err
		}
		if err := e.Publish(ctx, ids, true); err != nil {
			return err
		}
	}
	a.log.Info("demo plan ready", "buyer", buyerID, "contracts", len(contracts), "plan_items", len(items), "published", len(ids))
	return nil
}

// demoContractTitle names a demo contract as its buyer would, in the
// buyer's language: what it buys (the CPV group's label) and from whom,
// "Brøyting og gaterenhold fra NORD VEI AS" for a Norwegian municipality,
// "Snow clearing and street cleaning from North Roads Ltd" for a UK
// council.
func demoContractTitle(group, supplier, country string) string {
	lang, from := "en", "from"
	if country == "NO" {
		lang, from = "nb", "fra"
	}
	what := cpv.GroupLabel(group, lang)
	if what == "" {
		what = "CPV " + group
	}
	if supplier == "" {
		return what
	}
	return what + " " + from + " " + supplier
}

// demoPassword is the password of every demo account (documented in the
// README; the demo holds synthetic data only).
const demoPassword = "demo-password"

// demoAccounts gives the demo its documented accounts (admin, analyst and
// viewer of Larvik and of the English council, an admin of each
// neighbour), publishes the demo buyers'
// dashboards, as UK councils publish their spend, and opens a challenge of
// Larvik's to the market. What exists is left as it is.
func (a *app) demoAccounts(ctx context.Context, st cityspend.Store) error {
	users := []cityspend.User{
		{Email: "admin@larvik.demo", Name: "Larvik admin (demo)", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAdmin}}},
		{Email: "analyst@larvik.demo", Name: "Larvik analyst (demo)", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleAnalyst}}},
		{Email: "viewer@larvik.demo", Name: "Larvik viewer (demo)", Grants: []cityspend.Grant{{BuyerID: "3909", Role: cityspend.RoleViewer}}},
		{Email: "admin@sandefjord.demo", Name: "Sandefjord admin (demo)", Grants: []cityspend.Grant{{BuyerID: "3907", Role: cityspend.RoleAdmin}}},
		{Email: "admin@tonsberg.demo", Name: "Tønsberg admin (demo)", Grants: []cityspend.Grant{{BuyerID: "3905", Role: cityspend.RoleAdmin}}},
		{Email: "admin@hollowmere.demo", Name: "Hollowmere admin (demo)", Grants: []cityspend.Grant{{BuyerID: demoUK.ID, Role: cityspend.RoleAdmin}}},
		{Email: "analyst@hollowmere.demo", Name: "Hollowmere analyst (demo)", Grants: []cityspend.Grant{{BuyerID: demoUK.ID, Role: cityspend.RoleAnalyst}}},
		{Email: "viewer@hollowmere.demo", Name: "Hollowmere viewer (demo)", Grants: []cityspend.Grant{{BuyerID: demoUK.ID, Role: cityspend.RoleViewer}}},
	}
	// A supplier's user: Larvik's largest supplier with an organisation
	// number, with a profile that fits the demo challenge.
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: "3909"})
	if err != nil {
		return err
	}
	for _, s := range sups {
		if s.Org == nil || s.Org.Scheme != "NO-BRC" {
			continue
		}
		users = append(users, cityspend.User{Email: "supplier@firm.demo", Name: s.Name + " (demo)", SupplierID: s.SupplierID})
		if _, err := st.Capability(ctx, s.SupplierID); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			if err := st.PutCapability(ctx, cityspend.Capability{SupplierID: s.SupplierID, Name: s.Name, Municipality: s.Municipality, Size: s.Size,
				Description: "Road and pavement maintenance all year: snow clearing, gritting and de-icing, sweeping.", CPV: []string{"90620000", "90630000"},
				FollowBuyers: []string{"3909"}, UpdatedAt: time.Now().UTC()}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		break
	}
	for _, u := range users {
		if _, err := st.UserByEmail(ctx, u.Email); err == nil {
			continue
		} else if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
			return err
		}
		if _, err := auth.AddUser(ctx, st, u, demoPassword); err != nil {
			return fmt.Errorf("demo account %s: %w", u.Email, err)
		}
	}
	// The supplier's user follows road maintenance by e-mail: the served
	// demo writes its first digest to the mail folder.
	if u, err := st.UserByEmail(ctx, "supplier@firm.demo"); err == nil {
		if _, err := st.Alert(ctx, u.ID); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
			if err := st.PutAlert(ctx, cityspend.Alert{UserID: u.ID, CPV: []string{"9062", "9063", "45233"}, Lang: "nb", UpdatedAt: time.Now().UTC()}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
	} else if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return err
	}
	for _, id := range demoBuyerIDs() {
		if err := auth.SetPublishes(ctx, st, id, true); err != nil {
			return err
		}
	}
	// A database built before the demo had its challenge gets it now, and
	// its plan the innovation procurement that proposes it.
	if added, err := demoChallenge(ctx, st); err != nil {
		return err
	} else if added {
		if _, err := plan.Generate(ctx, st, "3909", plan.Options{Now: time.Now().UTC(), Who: "demo"}); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "demo accounts (password %q): admin@larvik.demo, analyst@larvik.demo, viewer@larvik.demo, admin@sandefjord.demo, admin@tonsberg.demo, supplier@firm.demo, admin@hollowmere.demo, analyst@hollowmere.demo, viewer@hollowmere.demo\n", demoPassword)
	return nil
}

// demoChallenge publishes a challenge of Larvik's, with Sandefjord
// observing, unless Larvik has one; it tells whether it added it.
func demoChallenge(ctx context.Context, st cityspend.Store) (bool, error) {
	chs, err := st.Challenges(ctx, "3909")
	if err != nil || len(chs) > 0 {
		return false, err
	}
	now := time.Now().UTC()
	c := cityspend.Challenge{BuyerID: "3909", Title: "Winter maintenance with less salt",
		Problem: "Road salt harms the trees, the lakes and the fjord. We want pavements and cycle paths safe in winter with less salt: " +
			"snow clearing that reaches them first, brine or other de-icing, and a way to measure slipperiness.",
		Outcomes: "Half the salt by 2028, no more falls on pavements, data on the state of every route.",
		CPV:      []string{"90620000", "90630000"}, BudgetMin: 500_000_00, BudgetMax: 3_000_000_00, Currency: "NOK",
		Deadline: now.AddDate(0, 2, 0).Truncate(24 * time.Hour), NeedBy: now.AddDate(1, 0, 0).Truncate(24 * time.Hour),
		Maturity: "pilot", Status: cityspend.ChallengePublished, LocalFirst: true, CreatedBy: "admin@larvik.demo", CreatedAt: now, UpdatedAt: now,
		Partners: []cityspend.Partner{{BuyerID: "3907", Role: cityspend.PartnerObserver}}}
	if _, err := st.PutChallenge(ctx, c); err != nil {
		return false, err
	}
	return true, nil
}

// demoFormat is the format of a demo municipality's ledger: one XLSX sheet
// holds at most a million lines, so a big demo's spreadsheet municipality
// comes as CSV.
func demoFormat(format string, lines int64) string {
	if format == gen.FormatXLSX && lines > gen.MaxXLSXLines {
		return gen.FormatCSV
	}
	return format
}

// demoPopulation loads the demo buyers' population (invented figures in
// the layouts of SSB's table 07459 and the ONS mid-year estimates, through
// the importer every user has), so that the benchmarks have spend per
// inhabitant and peer groups. A database with population already is left
// as it is.
func (a *app) demoPopulation(ctx context.Context, st cityspend.Store) error {
	have, err := st.Population(ctx, "")
	if err != nil || len(have) > 0 {
		return err
	}
	dir, err := os.MkdirTemp("", "cityspend-demo-population-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	now := time.Now().Year()
	ssb, ons, err := gen.WritePopulationFiles(dir, gen.RecentYear()-1, now)
	if err != nil {
		return err
	}
	for _, f := range append([]string{ssb}, ons...) {
		sum, err := importPopulationFile(ctx, st, f, 0)
		if err != nil {
			return fmt.Errorf("demo population: %w", err)
		}
		a.log.Info("demo population ready", "file", filepath.Base(f), "source", sum.Source, "figures", sum.RowsLoaded)
	}
	return nil
}
