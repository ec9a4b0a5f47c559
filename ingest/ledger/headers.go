// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"sort"
	"strings"

	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/internal/osa"
)

// Field is a ledger field a column can map to. The names are the keys of the
// mapping file.
type Field string

// Ledger fields.
const (
	FTransactionID   Field = "transaction_id"
	FVoucherNo       Field = "voucher_no"
	FInvoiceNo       Field = "invoice_no"
	FSupplierName    Field = "supplier_name"
	FSupplierID      Field = "supplier_id"
	FOrgNumber       Field = "org_number"
	FVATNumber       Field = "vat_number"
	FSupplierCountry Field = "supplier_country"
	FSupplierPost    Field = "supplier_postcode"
	FInvoiceDate     Field = "invoice_date"
	FPaymentDate     Field = "payment_date"
	FAmount          Field = "amount"       // excluding VAT
	FAmountGross     Field = "amount_gross" // including VAT
	FVAT             Field = "vat"
	FCurrency        Field = "currency"
	FAccount         Field = "account"
	FAccountText     Field = "account_text"
	FOrgUnit         Field = "org_unit"
	FCostCentre      Field = "cost_centre"
	FService         Field = "service"
	FProject         Field = "project"
	FContractRef     Field = "contract_ref"
	FDescription     Field = "description"
	FExpenditureType Field = "expenditure_type"
	FCPV             Field = "cpv"        // CPV code of the item, when the ERP records it
	FOrderRef        Field = "order_ref"  // purchase order number
	FBuyerName       Field = "buyer_name" // recognised so it is not mistaken for another field; not stored
)

// Fields lists every field in the order summaries print them.
var Fields = []Field{FTransactionID, FVoucherNo, FInvoiceNo, FSupplierName, FSupplierID, FOrgNumber,
	FVATNumber, FSupplierCountry, FSupplierPost, FInvoiceDate, FPaymentDate, FAmount, FAmountGross, FVAT,
	FCurrency, FAccount, FAccountText, FOrgUnit, FCostCentre, FService, FProject, FContractRef,
	FDescription, FExpenditureType, FCPV, FOrderRef, FBuyerName}

// synonyms are header names seen in ledger exports, in Norwegian, English,
// Swedish, Danish, Finnish, Dutch and German. They are compared after
// normalisation (lower case, æøå and accents folded, punctuation and spaces
// removed), with a small edit distance allowed for long names.
var synonyms = map[Field][]string{
	FTransactionID: {"transaction id", "transaction no", "transaction number", "trans no", "trans id", "trans nr", "transaction ref",
		"transaksjons id", "transaksjonsnummer", "transaksjonsnr", "transaksjon", "transaktions id", "transaktionsnummer", "transaktionsnr",
		"tapahtumanumero", "tapahtuman tunniste", "transactienummer", "transactie id", "transaktionsnummer", "buchungs id", "buchungsnummer", "unique id", "line id"},
	FVoucherNo: {"voucher", "voucher no", "voucher number", "document number", "document no", "journal no", "journal number",
		"bilag", "bilagsnummer", "bilagsnr", "bilag nr", "verifikation", "verifikationsnummer", "verifikationsnr", "verifikat", "verifikatnummer",
		"bilagsnummer", "tosite", "tositenumero", "tositenro", "boekstuk", "boekstuknummer", "dagboeknummer", "belegnummer", "beleg nr", "beleg"},
	FInvoiceNo: {"invoice", "invoice no", "invoice number", "invoice ref", "invoice reference", "supplier invoice no",
		"faktura", "fakturanummer", "fakturanr", "faktura nr", "fakturanummer leverandor", "fakturanumret", "fakturanr",
		"laskun numero", "laskunumero", "lasku", "factuur", "factuurnummer", "factuurnr", "rechnungsnummer", "rechnungs nr", "rechnung"},
	FSupplierName: {"supplier", "supplier name", "suppliername", "beneficiary", "beneficiary name", "payee", "payee name", "vendor", "vendor name",
		"creditor", "creditor name", "merchant", "merchant name", "trader", "recipient",
		"leverandor", "leverandornavn", "leverandor navn", "leverandorens navn", "navn leverandor", "kreditor", "kreditornavn", "mottaker",
		"leverantor", "leverantorsnamn", "leverantorens namn", "leverantor namn", "leverandor navn",
		"toimittaja", "toimittajan nimi", "toimittajan nimi", "toimittajanimi", "yritys", "saaja",
		"leverancier", "naam leverancier", "leveranciernaam", "crediteur", "crediteurnaam", "naam crediteur",
		"lieferant", "lieferantenname", "lieferantname", "kreditorname", "zahlungsempfanger", "empfanger"},
	FSupplierID: {"supplier id", "supplier no", "supplier number", "supplier code", "supplier ref", "vendor id", "vendor no", "vendor number", "vendor code",
		"creditor id", "creditor no", "creditor number", "account payee id",
		"leverandornummer", "leverandornr", "leverandor nr", "leverandor id", "levnr", "lev nr", "kreditornummer", "kreditornr", "reskontronummer", "reskontronr",
		"leverantorsnummer", "leverantorsnr", "leverantor id", "leverantorsid",
		"toimittajanumero", "toimittajan numero", "toimittajan tunnus", "toimittajatunnus",
		"leveranciernummer", "leveranciersnummer", "crediteurnummer", "crediteurnr",
		"lieferantennummer", "lieferanten nr", "kreditorennummer", "kreditoren nr", "kreditor nr"},
	FOrgNumber: {"organisation number", "organization number", "org no", "org nr", "orgnr", "org number", "organisationnumber",
		"company number", "company no", "company reg no", "company registration number", "companies house number", "registration number", "crn",
		"organisasjonsnummer", "organisasjonsnr", "org nummer", "foretaksnummer", "foretaksnr",
		"organisationsnummer", "orgnummer", "organisationsnr",
		"cvr", "cvr nummer", "cvr nr", "cvrnr",
		"y tunnus", "ytunnus", "business id", "liiketunnus", "yritystunnus",
		"kvk", "kvk nummer", "kvknummer", "kvk nr", "kamer van koophandel",
		"handelsregisternummer", "handelsregister", "registernummer"},
	FVATNumber: {"vat number", "vat no", "vat reg no", "vat registration number", "vat id",
		"mva nummer", "mvanummer", "mva nr", "momsregistreringsnummer", "momsnummer", "momsnr", "se nummer",
		"alv numero", "alv tunnus", "btw nummer", "btwnummer", "btw nr", "ust idnr", "ustidnr", "umsatzsteuer id", "umsatzsteueridentifikationsnummer"},
	FSupplierCountry: {"country", "supplier country", "country code", "land", "landkode", "landskode", "leverandor land", "maa", "maakoodi", "landcode", "lander", "staat"},
	FSupplierPost: {"postcode", "post code", "postal code", "zip", "zip code", "supplier postcode",
		"postnummer", "postnr", "post nr", "postort", "postinumero", "postcode leverancier", "plz", "postleitzahl"},
	FInvoiceDate: {"invoice date", "date of invoice", "document date", "fakturadato", "fakturadatum", "dokumentdato",
		"laskun paivamaara", "laskupaiva", "laskun pvm", "factuurdatum", "rechnungsdatum", "belegdatum"},
	FPaymentDate: {"payment date", "paid date", "date paid", "date of payment", "transaction date", "posting date", "date", "pay date",
		"betalingsdato", "betalt dato", "utbetalingsdato", "bokforingsdato", "bilagsdato", "dato", "regnskapsdato", "posteringsdato",
		"betaldatum", "betalningsdatum", "bokforingsdatum", "datum", "utbetalningsdatum", "betalingsdatum",
		"maksupaiva", "maksupaivamaara", "kirjauspaiva", "kirjauspvm", "paivamaara", "pvm",
		"betaaldatum", "boekingsdatum", "boekdatum",
		"zahlungsdatum", "zahldatum", "buchungsdatum", "valutadatum"},
	FAmount: {"amount", "net amount", "net", "value", "net value", "total", "amount paid", "spend", "payment amount", "transaction amount", "sum",
		"belop", "nettobelop", "netto", "sum", "belop netto", "utbetalt",
		"belopp", "nettobelopp", "summa", "belob", "nettobelob",
		"maara", "summa", "veroton summa", "euroa", "nettosumma",
		"bedrag", "nettobedrag", "bedrag netto", "waarde",
		"betrag", "nettobetrag", "betrag netto", "summe", "wert"},
	FAmountGross: {"gross amount", "gross", "gross value", "total incl vat", "invoice total",
		"bruttobelop", "brutto", "belop brutto", "fakturabelop", "bruttobelopp", "fakturabelopp", "bruttobelob",
		"verollinen summa", "bruttosumma", "laskun summa", "brutobedrag", "factuurbedrag", "bruttobetrag", "rechnungsbetrag"},
	FVAT: {"vat", "vat amount", "tax", "tax amount", "mva", "mva belop", "mvabelop", "merverdiavgift", "moms", "momsbelopp", "momsbelob",
		"alv", "alv maara", "arvonlisavero", "btw", "btw bedrag", "mwst", "ust", "mehrwertsteuer", "steuerbetrag", "umsatzsteuer"},
	FCurrency: {"currency", "currency code", "valuta", "valutakode", "valuutta", "munt", "munteenheid", "wahrung"},
	FAccount: {"account", "account code", "account no", "account number", "expenditure code", "expense code", "gl code", "gl account",
		"nominal", "nominal code", "ledger code", "cost element", "subjective", "subjective code",
		"konto", "kontonummer", "kontonr", "konto nr", "art", "artskonto", "kostnadskonto", "kontokode",
		"konto", "kontonummer", "baskonto",
		"tili", "tilinumero", "tilinro", "kirjanpitotili",
		"grootboekrekening", "grootboek", "grootboeknummer", "rekening", "kostensoort",
		"sachkonto", "kontonummer", "sachkontonummer", "kostenart"},
	FAccountText: {"account name", "account description", "account text", "expenditure category", "expense type", "expense category",
		"expenditure description", "purpose", "purpose of expenditure", "category", "subjective description", "nominal description",
		"kontonavn", "kontotekst", "konto navn", "artsnavn", "art navn", "art tekst", "kontobeskrivelse",
		"kontonamn", "kontobenamning", "kontotext", "kontobeskrivning",
		"tilin nimi", "tilinimi", "tilin selite", "menolaji",
		"grootboekomschrijving", "omschrijving grootboekrekening", "naam grootboekrekening", "kostensoortomschrijving",
		"kontobezeichnung", "sachkontobezeichnung", "kostenartbezeichnung"},
	FOrgUnit: {"department", "directorate", "service area", "service", "organisational unit", "organizational unit", "org unit", "unit", "business unit", "division",
		"ansvar", "ansvarssted", "ansvarsomrade", "avdeling", "enhet", "virksomhet", "sektor", "tjenesteomrade",
		"forvaltning", "avdelning", "enhet", "verksamhetsomrade", "forvaltning",
		"yksikko", "toimiala", "tulosyksikko", "vastuuyksikko", "organisaatio",
		"afdeling", "organisatie eenheid", "organisatieonderdeel", "directie", "dienst",
		"abteilung", "organisationseinheit", "dienststelle", "amt", "fachbereich"},
	FCostCentre: {"cost centre", "cost center", "cost centre code", "cost center code", "cost code",
		"kostnadssted", "kostsenter", "koststed", "kostnadsstalle", "kostnadsstalle kod", "omkostningssted",
		"kustannuspaikka", "kustannuspaikan numero", "kostenplaats", "kostenplaatsnummer", "kostenstelle", "kostenstellennummer"},
	FService: {"function", "function code", "service code", "funksjon", "funksjonskode", "tjeneste", "tjenestekode",
		"verksamhet", "verksamhetskod", "tehtava", "tehtavaluokka", "palvelu", "taakveld", "functie", "produkt", "produktnummer"},
	FProject: {"project", "project code", "project no", "project number", "prosjekt", "prosjektnummer", "prosjektnr",
		"projekt", "projektnummer", "projektnr", "projekti", "projektinumero", "project nummer", "projectnummer", "projectcode"},
	FContractRef: {"contract", "contract ref", "contract reference", "contract no", "contract number", "contract id",
		"kontrakt", "kontraktsnummer", "kontraktnr", "avtale", "avtalenummer", "avtalenr", "avtale id", "rammeavtale",
		"avtal", "avtalsnummer", "avtalsnr", "kontraktsnr", "sopimus", "sopimusnumero", "sopimustunnus",
		"contractnummer", "contract nummer", "overeenkomst", "vertrag", "vertragsnummer", "vertrags nr"},
	FDescription: {"description", "details", "text", "narrative", "item description", "line description", "transaction description", "invoice description", "comment",
		"beskrivelse", "tekst", "fakturatekst", "bilagstekst", "posteringstekst", "linjetekst", "merknad",
		"beskrivning", "text", "fakturatext", "verifikationstext", "tekst", "beskrivelse",
		"kuvaus", "selite", "laskun selite", "viesti",
		"omschrijving", "toelichting", "factuuromschrijving",
		"beschreibung", "buchungstext", "verwendungszweck", "bezeichnung"},
	FExpenditureType: {"capital or revenue", "capital revenue", "revenue capital", "caporrev", "cap or rev", "type of expenditure", "expenditure type", "capex opex",
		"drift investering", "drift eller investering", "kontoklasse"},
	FCPV: {"cpv", "cpv code", "cpv kode", "cpv koodi", "cpv nummer", "cpv nr"},
	FOrderRef: {"order", "order no", "order number", "purchase order", "po", "po number", "po no", "purchase order number",
		"bestillingsnummer", "bestillingsnr", "ordrenummer", "ordrenr", "innkjopsordre", "bestilling",
		"bestallningsnummer", "inkopsorder", "ordernummer", "tilausnumero", "tilaus", "ostotilaus",
		"inkooporder", "inkoopordernummer", "bestelnummer", "bestellnummer", "bestellung"},
	FBuyerName: {"body name", "body", "client", "organisation name", "organization name", "authority", "council", "local authority", "public body",
		"kommune", "kommunenavn", "kunde", "kund", "kunta", "gemeente", "gemeinde", "organisation"},
}

// VAT qualifiers that turn an amount header into the net or gross amount.
var (
	inclWords = map[string]bool{"incl": true, "inkl": true, "inc": true, "including": true, "inklusive": true, "inklusiv": true, "med": true, "sis": true, "inclusief": true, "mit": true, "m": true}
	exclWords = map[string]bool{"excl": true, "ekskl": true, "eks": true, "ex": true, "exkl": true, "excluding": true, "exklusive": true, "uten": true, "utan": true, "exclusief": true, "ohne": true, "ilman": true, "o": true, "u": true}
	vatWords  = map[string]bool{"vat": true, "mva": true, "moms": true, "alv": true, "btw": true, "mwst": true, "ust": true, "tax": true, "merverdiavgift": true}
)

var synIndex = buildSynIndex()

type synEntry struct {
	field Field
	norm  string
}

func buildSynIndex() []synEntry {
	var out []synEntry
	for f, names := range synonyms {
		for _, n := range names {
			out = append(out, synEntry{f, tabular.NormHeader(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].norm != out[j].norm {
			return out[i].norm < out[j].norm
		}
		return out[i].field < out[j].field
	})
	return out
}

// headerMatch is a column's best field with a score: 3 exact, 2 exact after
// removing a VAT qualifier, 1 close (a small typo).
type headerMatch struct {
	field Field
	score int
}

// matchHeader finds the field a header names, if any.
func matchHeader(h string) (headerMatch, bool) {
	toks := tabular.HeaderTokens(h)
	if len(toks) == 0 {
		return headerMatch{}, false
	}
	// VAT qualifiers: "Beløp inkl. mva" is the gross amount, "Amount ex VAT" the net.
	var incl, excl bool
	var rest []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if (inclWords[t] || exclWords[t]) && i+1 < len(toks) && vatWords[toks[i+1]] {
			incl, excl = inclWords[t], exclWords[t]
			i++
			continue
		}
		if strings.HasPrefix(t, "inkl") && vatWords[strings.TrimPrefix(t, "inkl")] || strings.HasPrefix(t, "incl") && vatWords[strings.TrimPrefix(t, "incl")] {
			incl = true
			continue
		}
		if strings.HasPrefix(t, "eks") && vatWords[strings.TrimPrefix(t, "eks")] || strings.HasPrefix(t, "ex") && vatWords[strings.TrimPrefix(t, "ex")] {
			excl = true
			continue
		}
		rest = append(rest, t)
	}
	// Currency marks in headers ("Amount (£)", "Beløp NOK") do not change the field.
	if len(rest) > 1 {
		last := rest[len(rest)-1]
		if last == "nok" || last == "gbp" || last == "eur" || last == "sek" || last == "dkk" || last == "kr" {
			rest = rest[:len(rest)-1]
		}
	}
	key := strings.Join(rest, "")
	m, ok := lookupSynonym(key)
	if !ok {
		return headerMatch{}, false
	}
	if incl || excl {
		m.score = 2
		if m.field == FAmount || m.field == FAmountGross {
			if incl {
				m.field = FAmountGross
			} else {
				m.field = FAmount
			}
		}
	}
	return m, true
}

func lookupSynonym(key string) (headerMatch, bool) {
	if key == "" {
		return headerMatch{}, false
	}
	i := sort.Search(len(synIndex), func(i int) bool { return synIndex[i].norm >= key })
	if i < len(synIndex) && synIndex[i].norm == key {
		return headerMatch{synIndex[i].field, 3}, true
	}
	// Close matches for longer names only: "Expenditure Catergory".
	maxDist := 0
	switch {
	case len(key) >= 12:
		maxDist = 2
	case len(key) >= 6:
		maxDist = 1
	}
	if maxDist == 0 {
		return headerMatch{}, false
	}
	best, bestD := Field(""), maxDist+1
	ambiguous := false
	for _, e := range synIndex {
		if abs(len(e.norm)-len(key)) > maxDist {
			continue
		}
		d := osa.Distance([]rune(key), []rune(e.norm), maxDist)
		if d < bestD {
			best, bestD, ambiguous = e.field, d, false
		} else if d == bestD && e.field != best {
			ambiguous = true
		}
	}
	if best == "" || ambiguous {
		return headerMatch{}, false
	}
	return headerMatch{best, 1}, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
