// SPDX-License-Identifier: EUPL-1.2

package postcodes

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// readAll reads every row of a postcode file.
func readAll(t testing.TB, path string) (*Reader, []cityspend.Postcode, []cityspend.Reject) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ps []cityspend.Postcode
	var rej []cityspend.Reject
	for {
		rows, err := r.ReadPostcodes(context.Background())
		for _, x := range rows {
			if x.Reject != nil {
				rej = append(rej, *x.Reject)
			} else {
				ps = append(ps, *x.Postcode)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return r, ps, rej
}

func byCode(ps []cityspend.Postcode) map[string]cityspend.Postcode {
	m := map[string]cityspend.Postcode{}
	for _, p := range ps {
		m[p.Postcode+" "+p.Municipality] = p
	}
	return m
}

func TestPostnummerregister(t *testing.T) {
	r, ps, rej := readAll(t, "testdata/Postnummerregister-ansi.txt")
	if r.Source != Posten || r.Country != "NO" || !strings.Contains(r.Format, "tab-separated") {
		t.Errorf("recognised as %s %s (%s)", r.Source, r.Country, r.Format)
	}
	if len(ps) != 6 || len(rej) != 2 {
		t.Fatalf("%d postcodes, %d rejects: %v", len(ps), len(rej), rej)
	}
	got := byCode(ps)
	// The first row is data, not a header; the old codes are kept as the
	// file has them (the place follows them to today's municipality).
	for key, loc := range map[string]string{"0010 0301": "OSLO", "3275 0728": "SVARSTAD", "3117 3803": "TØNSBERG"} {
		if p, ok := got[key]; !ok || p.Locality != loc || p.Country != "NO" {
			t.Errorf("%s: %+v", key, p)
		}
	}
	if rej[0].Line != 7 || !strings.Contains(rej[0].Reason, `postnummer "32X1"`) || !strings.Contains(rej[1].Reason, `kommunenummer "563"`) {
		t.Errorf("rejects %+v", rej)
	}
}

func TestONSPD(t *testing.T) {
	r, ps, rej := readAll(t, "testdata/ONSPD_FEB_2025_UK_sample.csv")
	if r.Source != ONSPD || r.Country != "GB" {
		t.Errorf("recognised as %s %s", r.Source, r.Country)
	}
	if len(ps) != 6 || len(rej) != 2 {
		t.Fatalf("%d postcodes, %d rejects: %v", len(ps), len(rej), rej)
	}
	got := byCode(ps)
	ox := got["OX42AB E07000178"]
	if ox.County != "E10000025" || ox.Region != "E12000008" || ox.SmallArea != "E01035001" || ox.SmallArea2011 != "E01028599" {
		t.Errorf("OX4 2AB %+v", ox)
	}
	// The pseudo code of "no county" is no county.
	if m := got["M11AD E08000003"]; m.County != "" || m.Region != "E12000002" {
		t.Errorf("M1 1AD %+v", m)
	}
	if se := got["SE19ZZ E09000028"]; !se.Terminated.Equal(time.Date(1998, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("terminated %+v", se)
	}
	if !strings.Contains(rej[0].Reason, "JE2 4WD has no local authority") || !strings.Contains(rej[1].Reason, `"NOT A PC" is not a UK postcode`) {
		t.Errorf("rejects %+v", rej)
	}
}

// The directory's newer column names (with the boundaries' year) are read
// like the old ones.
func TestONSPDNewColumnNames(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ONSPD.csv")
	if err := os.WriteFile(p, []byte("PCD7,PCD8,PCDS,DOINTR,DOTERM,LAD25CD,CTY25CD,RGN25CD,LSOA11CD,LSOA21CD\n"+
		"PR1 2AA,PR1  2AA,PR1 2AA,198001,,E07000123,E10000017,E12000002,E01025300,E01025301\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, ps, rej := readAll(t, p)
	if len(ps) != 1 || len(rej) != 0 || ps[0] != (cityspend.Postcode{Country: "GB", Postcode: "PR12AA", Municipality: "E07000123",
		County: "E10000017", Region: "E12000002", SmallArea: "E01025301", SmallArea2011: "E01025300"}) {
		t.Errorf("%+v %v", ps, rej)
	}
}

func TestLaPoste(t *testing.T) {
	r, ps, rej := readAll(t, "testdata/laposte_hexasmal.csv")
	if r.Source != LaPoste || r.Country != "FR" || !strings.Contains(r.Format, "windows-1252") {
		t.Errorf("recognised as %s %s (%s)", r.Source, r.Country, r.Format)
	}
	if len(ps) != 12 || len(rej) != 2 {
		t.Fatalf("%d postcodes, %d rejects: %v", len(ps), len(rej), rej)
	}
	got := byCode(ps)
	if p := got["20000 2A004"]; p.Locality != "AJACCIO" {
		t.Errorf("Corsica %+v", p)
	}
	if p := got["44400 44143"]; p.Locality != "REZÉ" {
		t.Errorf("accents %+v", p)
	}
	// 44240 covers two communes: one row each.
	if _, a := got["44240 44055"]; !a {
		t.Error("44240 La Chapelle-sur-Erdre missing")
	}
	if _, b := got["44240 44171"]; !b {
		t.Error("44240 Sucé-sur-Erdre missing")
	}
	if !strings.Contains(rej[0].Reason, `Code_commune_INSEE "4410"`) || !strings.Contains(rej[1].Reason, `Code_postal "4400"`) {
		t.Errorf("rejects %+v", rej)
	}
}

func TestNotAPostcodeFile(t *testing.T) {
	_, err := Open("testdata/README.md")
	if cityspend.ErrorCode(err) != cityspend.EINVALID || !strings.Contains(err.Error(), "not a postcode file") {
		t.Errorf("%v", err)
	}
}

func TestDeprivation(t *testing.T) {
	d, err := ReadDeprivation("testdata/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Index != "IMD2019" || d.Read != 6 || len(d.Areas) != 4 || len(d.Rejects) != 2 {
		t.Fatalf("%+v", d)
	}
	if d.Areas[0] != (cityspend.AreaDeprivation{Index: "IMD2019", Area: "E01028522", Rank: 2811, Decile: 1}) {
		t.Errorf("first %+v", d.Areas[0])
	}
	if !strings.Contains(d.Rejects[0].Reason, `"11" is not a decile`) || !strings.Contains(d.Rejects[1].Reason, `"" is not a decile`) {
		t.Errorf("rejects %+v", d.Rejects)
	}
	// Named by the caller, or by the LSOAs' year when the file's name says
	// nothing.
	p := filepath.Join(t.TempDir(), "deprivation.csv")
	if err := os.WriteFile(p, []byte("LSOA code (2021),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\nE01000001,29199,9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if d, err := ReadDeprivation(p, ""); err != nil || d.Index != "IMD2025" {
		t.Errorf("by the LSOA year: %+v %v", d, err)
	}
	if d, err := ReadDeprivation(p, "WIMD2019"); err != nil || d.Index != "WIMD2019" || d.Areas[0].Index != "WIMD2019" {
		t.Errorf("named: %+v %v", d, err)
	}
}

// sharedSample is a file of the project's shared reference data, or a skip.
func sharedSample(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "reference", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s is missing (../shared/data/reference, see its SOURCES.md): %v", rel, err)
	}
	return p
}

// The real files as published (see ../shared/data/reference/SOURCES.md).
func TestRealSamples(t *testing.T) {
	t.Run("Postnummerregister 2024", func(t *testing.T) {
		_, ps, rej := readAll(t, sharedSample(t, "norway/Postnummerregister-ansi_mahdiislam_2024-10.txt"))
		if len(ps) != 5137 || len(rej) != 0 {
			t.Fatalf("%d postcodes, %d rejects %v", len(ps), len(rej), rej)
		}
		if p := byCode(ps)["3275 3909"]; p.Locality != "SVARSTAD" {
			t.Errorf("3275 (old Lardal) %+v", p)
		}
	})
	t.Run("ONSPD 2025 and 2024", func(t *testing.T) {
		for _, f := range []string{"uk_ons_postcodes/postcodesio_ONSPD_seed_2025_excerpt.csv", "uk_ons_postcodes/postcodesio_ONSPD_seed_2024_excerpt.csv"} {
			_, ps, rej := readAll(t, sharedSample(t, f))
			// Jersey (JE2 4WD) has no local authority of the UK, nor has
			// AB11 3AG, terminated in the month it was introduced.
			if len(ps) != 4004 || len(rej) != 2 || !strings.Contains(rej[0].Reason, "AB11 3AG") || !strings.Contains(rej[1].Reason, "JE2 4WD") {
				t.Fatalf("%s: %d postcodes, %d rejects %v", f, len(ps), len(rej), rej)
			}
			if p := byCode(ps)["M11AD E08000003"]; p.SmallArea != "E01033658" || p.SmallArea2011 != "E01033658" || p.Region != "E12000002" {
				t.Errorf("%s: M1 1AD %+v", f, p)
			}
		}
	})
	t.Run("IMD 2019 File 1", func(t *testing.T) {
		d, err := ReadDeprivation(sharedSample(t, "uk_imd2019/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz"), "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Index != "IMD2019" || len(d.Areas) != 32844 || len(d.Rejects) != 0 {
			t.Fatalf("%s: %d areas, %d rejects", d.Index, len(d.Areas), len(d.Rejects))
		}
		first := map[int]int{}
		for _, a := range d.Areas {
			first[a.Decile]++
		}
		if first[1] < 3200 || first[1] > 3300 {
			t.Errorf("%d areas in decile 1", first[1])
		}
	})
}

func FuzzPostcodes(f *testing.F) {
	for _, s := range []string{
		"0010\tOSLO\t0301\tOSLO\tB\r\n3275\tSVARSTAD\t0728\tLARDAL\tG\r\n",
		"pcds,oslaua,oscty,rgn,lsoa11,lsoa21,doterm\nOX1 1AA,E07000178,E10000025,E12000008,E01028522,E01028522,\nJE2 4WD,L99999999,,,,,202401\n",
		"#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5\n75056;PARIS;75001;PARIS;\n2A004;AJACCIO;20000;AJACCIO;\n",
		"pcds,lad25cd\n\"M1 1AD\",E08000003\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "f.txt")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(p)
		if err != nil {
			return
		}
		defer r.Close()
		for {
			rows, err := r.ReadPostcodes(context.Background())
			for _, x := range rows {
				if (x.Postcode == nil) == (x.Reject == nil) {
					t.Fatalf("row with both or neither: %+v", x)
				}
				if x.Postcode != nil && (x.Postcode.Postcode == "" || x.Postcode.Municipality == "" || x.Postcode.Country != r.Country) {
					t.Fatalf("postcode without code or area: %+v", x.Postcode)
				}
			}
			if err != nil {
				return
			}
		}
	})
}

func FuzzDeprivation(f *testing.F) {
	f.Add([]byte("LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\nE01000001,\"29,199\",9\n"))
	f.Add([]byte("area,rank,decile\nS01000001,1,1\nx,,11\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "IMD2019.csv")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := ReadDeprivation(p, "")
		if err != nil {
			return
		}
		if int64(len(d.Areas)+len(d.Rejects)) != d.Read {
			t.Fatalf("%d read, %d areas, %d rejects", d.Read, len(d.Areas), len(d.Rejects))
		}
		for _, a := range d.Areas {
			if a.Decile < 1 || a.Decile > 10 || a.Area == "" || a.Index != "IMD2019" {
				t.Fatalf("%+v", a)
			}
		}
	})
}
