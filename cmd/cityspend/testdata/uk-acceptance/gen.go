// SPDX-License-Identifier: EUPL-1.2

//go:build ignore

// gen writes the invented register and postcode files of the UK
// acceptance test (TestUKLedgersAcceptance) from payees.tsv:
//
//	cd cmd/cityspend/testdata/uk-acceptance && go run gen.go
//
// BasicCompanyData-TESTDATA.csv is in the exact layout of Companies
// House's Free Company Data Product (the 55 columns of its header, every
// field quoted, CRLF line ends, dates dd/mm/yyyy, SIC codes as "NNNNN -
// text"); ONSPD-TESTDATA.csv in the ONS Postcode Directory's (the 52
// columns of the 2025 edition). Names come from payees.tsv; company
// numbers, addresses, postcodes and dates are invented here, the same on
// every run. The small areas are real LSOA codes of the districts, so the
// real English indices of deprivation apply to the invented postcodes.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"strings"
)

// chHeader is the product's own header, with its leading spaces.
const chHeader = `CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName, PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE, PreviousName_3.CompanyName,PreviousName_4.CONDATE, PreviousName_4.CompanyName,PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE, PreviousName_6.CompanyName,PreviousName_7.CONDATE, PreviousName_7.CompanyName,PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE, PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,ConfStmtNextDueDate, ConfStmtLastMadeUpDate`

// onspdHeader is the 2025 ONS Postcode Directory's header.
const onspdHeader = `pcd7,pcd8,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21`

// area is where invented registered offices are: a local authority
// district with its county (two-tier areas), region and country as the
// directory codes them, postcode districts in it, a small area of decile
// 1–2 of the English indices of deprivation 2019 ("dep") and one of
// decile 5 or more ("mid").
type area struct {
	lad, county, region, country, town, countryName string
	outward                                         []string
	dep, mid                                        string
}

var areas = map[string]area{
	"OXF": {"E07000178", "E10000025", "E12000008", "E92000001", "OXFORD", "ENGLAND", []string{"OX1", "OX2", "OX3", "OX4"}, "E01028514", "E01028515"},
	"CHE": {"E07000177", "E10000025", "E12000008", "E92000001", "BICESTER", "ENGLAND", []string{"OX26", "OX5"}, "E01028435", "E01028422"},
	"VWH": {"E07000180", "E10000025", "E12000008", "E92000001", "ABINGDON", "ENGLAND", []string{"OX14"}, "E01028692", "E01028688"},
	"WOX": {"E07000181", "E10000025", "E12000008", "E92000001", "WITNEY", "ENGLAND", []string{"OX28", "OX29"}, "", "E01028762"},
	"HYN": {"E07000120", "E10000017", "E12000002", "E92000001", "ACCRINGTON", "ENGLAND", []string{"BB5"}, "E01025042", "E01025033"},
	"BUR": {"E07000117", "E10000017", "E12000002", "E92000001", "BURNLEY", "ENGLAND", []string{"BB10", "BB11", "BB12"}, "E01024855", "E01024859"},
	"ROS": {"E07000125", "E10000017", "E12000002", "E92000001", "ROSSENDALE", "ENGLAND", []string{"BB4"}, "E01025366", "E01025355"},
	"PRE": {"E07000123", "E10000017", "E12000002", "E92000001", "PRESTON", "ENGLAND", []string{"PR1"}, "E01025232", "E01025231"},
	"RIB": {"E07000124", "E10000017", "E12000002", "E92000001", "CLITHEROE", "ENGLAND", []string{"BB7"}, "", "E01025315"},
	"LAN": {"E07000121", "E10000017", "E12000002", "E92000001", "LANCASTER", "ENGLAND", []string{"LA1"}, "E01025091", "E01025085"},
	"BWD": {"E06000008", "E99999999", "E12000002", "E92000001", "BLACKBURN", "ENGLAND", []string{"BB1", "BB2"}, "E01012571", "E01012581"},
	"MAN": {"E08000003", "E99999999", "E12000002", "E92000001", "MANCHESTER", "ENGLAND", []string{"M1", "M4", "M11"}, "E01005061", "E01005069"},
	"STO": {"E08000007", "E99999999", "E12000002", "E92000001", "STOCKPORT", "ENGLAND", []string{"SK1", "SK4"}, "E01005744", "E01005743"},
	"WES": {"E09000033", "E99999999", "E12000007", "E92000001", "LONDON", "ENGLAND", []string{"W1", "SW1"}, "E01004665", "E01004646"},
	"CTY": {"E09000001", "E99999999", "E12000007", "E92000001", "LONDON", "ENGLAND", []string{"EC2"}, "", "E01000001"},
	"SOU": {"E09000028", "E99999999", "E12000007", "E92000001", "LONDON", "ENGLAND", []string{"SE1"}, "E01003912", "E01003913"},
	"BHM": {"E08000025", "E99999999", "E12000005", "E92000001", "BIRMINGHAM", "ENGLAND", []string{"B1", "B3"}, "E01008881", "E01008917"},
	"COV": {"E08000026", "E99999999", "E12000005", "E92000001", "COVENTRY", "ENGLAND", []string{"CV1", "CV4"}, "E01009539", "E01009523"},
	"WAR": {"E07000222", "E10000031", "E12000005", "E92000001", "WARWICK", "ENGLAND", []string{"CV34"}, "E01031273", "E01031254"},
	"LDS": {"E08000035", "E99999999", "E12000003", "E92000001", "LEEDS", "ENGLAND", []string{"LS1", "LS11"}, "E01011268", "E01011264"},
	"REA": {"E06000038", "E99999999", "E12000008", "E92000001", "READING", "ENGLAND", []string{"RG1", "RG2"}, "E01016368", "E01016355"},
	"SLO": {"E06000039", "E99999999", "E12000008", "E92000001", "SLOUGH", "ENGLAND", []string{"SL1"}, "E01016450", "E01016457"},
	"SWI": {"E06000030", "E99999999", "E12000009", "E92000001", "SWINDON", "ENGLAND", []string{"SN1", "SN5"}, "E01015476", "E01015471"},
	"DAC": {"E07000096", "E10000015", "E12000006", "E92000001", "HEMEL HEMPSTEAD", "ENGLAND", []string{"HP1", "HP2"}, "E01023397", "E01023345"},
	"SCO": {"S12000048", "S99999999", "S99999999", "S92000003", "PERTH", "SCOTLAND", []string{"PH1"}, "", ""},
	"NIR": {"N09000002", "N99999999", "N99999999", "N92000002", "CRAIGAVON", "NORTHERN IRELAND", []string{"BT62"}, "", ""},
}

// forms are the register's company categories and the prefixes of the
// invented numbers ("99…" is no real company's yet).
var forms = map[string]struct{ category, prefix string }{
	"LTD":  {"Private Limited Company", "99"},
	"GUAR": {"PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)", "99"},
	"PLC":  {"Public Limited Company", "99"},
	"LLP":  {"Limited Liability Partnership", "OC99"},
	"CIC":  {"Community Interest Company", "99"},
	"CIO":  {"Charitable Incorporated Organisation", "CE99"},
	"SC":   {"Public Limited Company", "SC99"},
	"NI":   {"Private Limited Company", "NI99"},
	"FC":   {"Other company type", "FC99"},
}

var sicText = map[string]string{
	"22290": "Manufacture of other plastic products", "23630": "Manufacture of ready-mixed concrete",
	"28220": "Manufacture of lifting and handling equipment", "28990": "Manufacture of other special-purpose machinery n.e.c.",
	"29100": "Manufacture of motor vehicles", "31090": "Manufacture of other furniture", "32400": "Manufacture of games and toys",
	"32500": "Manufacture of medical and dental instruments and supplies", "33120": "Repair of machinery",
	"35110": "Production of electricity", "35140": "Trade of electricity", "36000": "Water collection, treatment and supply",
	"38110": "Collection of non-hazardous waste", "38320": "Recovery of sorted materials",
	"41100": "Development of building projects", "41201": "Construction of commercial buildings",
	"41202": "Construction of domestic buildings", "42990": "Construction of other civil engineering projects n.e.c.",
	"43120": "Site preparation", "43210": "Electrical installation", "43220": "Plumbing, heat and air-conditioning installation",
	"43290": "Other construction installation", "43320": "Joinery installation", "43341": "Painting",
	"43342": "Glazing", "43390": "Other building completion and finishing", "43999": "Other specialised construction activities n.e.c.",
	"45310": "Wholesale trade of motor vehicle parts and accessories", "46690": "Wholesale of other machinery and equipment",
	"46710": "Wholesale of fuels and related products", "46730": "Wholesale of wood, construction materials and sanitary equipment",
	"46740": "Wholesale of hardware, plumbing and heating equipment and supplies", "46900": "Non-specialised wholesale trade",
	"49410": "Freight transport by road", "62012": "Business and domestic software development",
	"62020": "Information technology consultancy activities", "62090": "Other information technology service activities",
	"65120": "Non-life insurance", "66220": "Activities of insurance agents and brokers",
	"68100": "Buying and selling of own real estate", "68209": "Other letting and operating of own or leased real estate",
	"68310": "Real estate agencies", "69201": "Accounting and auditing activities", "71111": "Architectural activities",
	"71122": "Engineering related scientific and technical consulting activities", "71129": "Other engineering activities",
	"73110": "Advertising agencies", "73120": "Media representation services", "77120": "Renting and leasing of trucks and other heavy vehicles",
	"78109": "Other activities of employment placement agencies", "78200": "Temporary employment agency activities",
	"79909": "Other reservation service activities n.e.c.", "81210": "General cleaning of buildings",
	"81300": "Landscape service activities", "82302": "Activities of conference organisers",
	"82990": "Other business support service activities n.e.c.", "87900": "Other residential care activities",
	"88990": "Other social work activities without accommodation n.e.c.", "93110": "Operation of sports facilities",
	"94990": "Activities of other membership organisations n.e.c.",
}

// inward letters: a postcode's unit never uses C, I, K, M, O or V.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

func main() {
	f, err := os.Open("payees.tsv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	ch, err := os.Create("BasicCompanyData-TESTDATA.csv")
	if err != nil {
		log.Fatal(err)
	}
	pc, err := os.Create("ONSPD-TESTDATA.csv")
	if err != nil {
		log.Fatal(err)
	}
	// The product quotes every field and ends lines with CRLF.
	chw := bufio.NewWriter(ch)
	fmt.Fprint(chw, chHeader+"\r\n")
	pcw := csv.NewWriter(pc)
	if err := pcw.Write(strings.Split(onspdHeader, ",")); err != nil {
		log.Fatal(err)
	}
	used := map[string]int{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 7 {
			log.Fatalf("payees.tsv: %q has %d columns, want 7", line, len(c))
		}
		name, form, areaKey, small, sic, accounts := c[1], c[2], c[3], c[4], c[5], c[6]
		n++
		fm, ok := forms[form]
		if !ok {
			log.Fatalf("payees.tsv: form %q", form)
		}
		number := fm.prefix + fmt.Sprintf("%0*d", 8-len(fm.prefix), n)
		text, ok := sicText[sic]
		if !ok {
			log.Fatalf("payees.tsv: SIC %q has no text", sic)
		}
		rec := make([]string, 55)
		rec[0], rec[1] = name, number
		rec[4] = fmt.Sprintf("UNIT %d TEST DATA PARK", n)
		rec[10], rec[11] = fm.category, "Active"
		rec[14] = fmt.Sprintf("%02d/%02d/%d", 1+n%28, 1+n%12, 1960+n%60)
		rec[15], rec[16] = "31", "3"
		rec[17], rec[18], rec[19] = "31/12/2026", "31/03/2026", accounts
		rec[22], rec[23], rec[24], rec[25] = "0", "0", "0", "0"
		rec[26] = sic + " - " + text
		rec[30], rec[31] = "0", "0"
		rec[32] = "http://business.data.gov.uk/id/company/" + number
		rec[53] = "01/06/2027"
		if form == "FC" {
			rec[6], rec[8], rec[9], rec[12] = "DUBLIN", "IRELAND", "D02 X285", "Ireland"
		} else {
			a, ok := areas[areaKey]
			if !ok {
				log.Fatalf("payees.tsv: area %q", areaKey)
			}
			i := used[areaKey]
			used[areaKey]++
			out := a.outward[i%len(a.outward)]
			in := fmt.Sprintf("9%c%c", "XYZ"[i/len(inwardLetters)], inwardLetters[i%len(inwardLetters)])
			postcode := out + " " + in
			rec[6], rec[8], rec[9], rec[12] = a.town, a.countryName, postcode, "United Kingdom"
			lsoa := ""
			switch small {
			case "dep":
				lsoa = a.dep
			case "mid":
				lsoa = a.mid
			}
			if err := pcw.Write(onspdRow(a, out, in, lsoa)); err != nil {
				log.Fatal(err)
			}
		}
		q := make([]string, len(rec))
		for i, v := range rec {
			q[i] = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		fmt.Fprint(chw, strings.Join(q, ",")+"\r\n")
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	if err := chw.Flush(); err != nil {
		log.Fatal(err)
	}
	pcw.Flush()
	if err := pcw.Error(); err != nil {
		log.Fatal(err)
	}
	for _, c := range []*os.File{ch, pc} {
		if err := c.Close(); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%d companies, %d postcodes", n, func() (s int) {
		for _, v := range used {
			s += v
		}
		return s
	}())
}

// onspdRow is a directory row: the three postcode forms, the dates, the
// geography the importer reads, and the small areas; the columns it does
// not read are left empty.
func onspdRow(a area, out, in, lsoa string) []string {
	cols := strings.Split(onspdHeader, ",")
	v := map[string]string{
		"pcd7": fmt.Sprintf("%-4s%s", out, in), "pcd8": fmt.Sprintf("%-4s %s", out, in), "pcds": out + " " + in,
		"dointr": "202001", "oscty": a.county, "oslaua": a.lad, "ctry": a.country, "rgn": a.region, "usertype": "0",
		"lsoa11": lsoa, "lsoa21": lsoa,
	}
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = v[c]
	}
	return row
}
