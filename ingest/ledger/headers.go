// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"sort"
	"strings"
	"unicode"

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
	FBuyerName       Field = "buyer_name" // the paying organisation: checked against the buyer, not stored
	FSupplierTown    Field = "supplier_town"
)

// Fields lists every field in the order summaries print them.
var Fields = []Field{FTransactionID, FVoucherNo, FInvoiceNo, FSupplierName, FSupplierID, FOrgNumber,
	FVATNumber, FSupplierCountry, FSupplierPost, FInvoiceDate, FPaymentDate, FAmount, FAmountGross, FVAT,
	FCurrency, FAccount, FAccountText, FOrgUnit, FCostCentre, FService, FProject, FContractRef,
	FDescription, FExpenditureType, FCPV, FOrderRef, FBuyerName, FSupplierTown}

// synonyms are header names seen in ledger exports, in Norwegian, English,
// Swedish, Danish, Finnish, Dutch and German. They are compared after
// normalisation (lower case, æøå and accents folded, punctuation and spaces
// removed), with a small edit distance allowed for long names.
var synonyms = map[Field][]string{
	FTransactionID: {"transaction id", "transaction no", "transaction number", "trans no", "trans id", "trans nr", "transaction ref",
		"transaksjons id", "transaksjonsnummer", "transaksjonsnr", "transaksjon", "transaktions id", "transaktionsnummer", "transaktionsnr",
		"tapahtumanumero", "tapahtuman tunniste", "transactienummer", "transactie id", "transaktionsnummer", "buchungs id", "buchungsnummer", "unique id", "line id",
		"numero de transaction", "numero operazione", "id transazione"},
	FVoucherNo: {"voucher", "voucher no", "voucher number", "document number", "document no", "journal no", "journal number",
		"bilag", "bilagsnummer", "bilagsnr", "bilag nr", "verifikation", "verifikationsnummer", "verifikationsnr", "verifikat", "verifikatnummer",
		"bilagsnummer", "tosite", "tositenumero", "tositenro", "boekstuk", "boekstuknummer", "dagboeknummer", "belegnummer", "beleg nr", "beleg",
		"reference", "ref", "ref no", "ref nr", "ref number", "reference no", "reference number", "document ref", "doc no", "doc ref", "numero de mandat", "mandat", "n mandat", "numero mandat", "numero de piece", "piece", "numero mandato", "mandato", "numero documento", "protocollo", "referentie", "viite", "viitenumero", "referanse", "belegnr",
		"tositteen numero", "tositenumero", "boekstuknr", "documentnummer", "bilagsnummer", "numero de bordereau"},
	FInvoiceNo: {"invoice", "invoice no", "invoice number", "invoice ref", "invoice reference", "supplier invoice no",
		"faktura", "fakturanummer", "fakturanr", "faktura nr", "fakturanummer leverandor", "fakturanumret", "fakturanr",
		"laskun numero", "laskunumero", "lasku", "factuur", "factuurnummer", "factuurnr", "rechnungsnummer", "rechnungs nr", "rechnung",
		"numero de facture", "n facture", "num facture", "no facture", "facture", "numero fattura", "fattura", "n fattura", "num fattura", "numero factura", "factura",
		"factuur nr", "factuurnr", "laskunro"},
	FSupplierName: {"supplier", "supplier name", "suppliername", "beneficiary", "beneficiary name", "payee", "payee name", "vendor", "vendor name",
		"creditor", "creditor name", "merchant", "merchant name", "trader", "recipient",
		"leverandor", "leverandornavn", "leverandor navn", "leverandorens navn", "navn leverandor", "kreditor", "kreditornavn", "mottaker",
		"leverantor", "leverantorsnamn", "leverantorens namn", "leverantor namn", "leverandor navn",
		"toimittaja", "toimittajan nimi", "toimittajan nimi", "toimittajanimi", "yritys", "saaja",
		"leverancier", "naam leverancier", "leveranciernaam", "crediteur", "crediteurnaam", "naam crediteur",
		"lieferant", "lieferantenname", "lieferantname", "kreditorname", "zahlungsempfanger", "empfanger",
		"supplier names", "payee details", "company name", "organisation paid", "paid to", "supplier payee", "contractor", "fournisseur", "nom fournisseur", "nom du fournisseur", "raison sociale", "tiers", "nom du tiers", "nom tiers", "beneficiaire", "creancier", "fornitore", "ragione sociale", "denominazione", "denominazione fornitore", "beneficiario", "creditore", "nominativo", "proveedor", "acreedor", "toimittajan nimi", "maksunsaaja", "begunstigde", "ontvanger", "leverancier naam", "zahlungsempfaenger", "lieferantenbezeichnung"},
	FSupplierID: {"supplier id", "supplier no", "supplier number", "supplier code", "supplier ref", "vendor id", "vendor no", "vendor number", "vendor code",
		"creditor id", "creditor no", "creditor number", "account payee id",
		"leverandornummer", "leverandornr", "leverandor nr", "leverandor id", "levnr", "lev nr", "kreditornummer", "kreditornr", "reskontronummer", "reskontronr",
		"leverantorsnummer", "leverantorsnr", "leverantor id", "leverantorsid",
		"toimittajanumero", "toimittajan numero", "toimittajan tunnus", "toimittajatunnus",
		"leveranciernummer", "leveranciersnummer", "crediteurnummer", "crediteurnr",
		"lieferantennummer", "lieferanten nr", "kreditorennummer", "kreditoren nr", "kreditor nr",
		"creditor ref", "creditor reference", "creditor code", "vendor ref", "vendor reference", "payee ref", "payee id", "payee no", "supplier reference",
		"code fournisseur", "numero fournisseur", "n fournisseur", "code tiers", "codice fornitore", "cod fornitore", "codice creditore"},
	FOrgNumber: {"organisation number", "organization number", "org no", "org nr", "orgnr", "org number", "organisationnumber",
		"company number", "company no", "company reg no", "company registration number", "companies house number", "registration number", "crn",
		"organisasjonsnummer", "organisasjonsnr", "org nummer", "foretaksnummer", "foretaksnr",
		"organisationsnummer", "orgnummer", "organisationsnr",
		"cvr", "cvr nummer", "cvr nr", "cvrnr",
		"y tunnus", "ytunnus", "business id", "liiketunnus", "yritystunnus",
		"kvk", "kvk nummer", "kvknummer", "kvk nr", "kamer van koophandel",
		"handelsregisternummer", "handelsregister", "registernummer",
		"siren", "siret", "numero siret", "numero siren", "codice fiscale", "kvk nr", "handelsregisternummer",
		"toimittajan y tunnus", "y tunnus toimittaja", "kvk nummer leverancier"},
	FVATNumber: {"vat number", "vat no", "vat reg no", "vat registration number", "vat id",
		"mva nummer", "mvanummer", "mva nr", "momsregistreringsnummer", "momsnummer", "momsnr", "se nummer",
		"alv numero", "alv tunnus", "btw nummer", "btwnummer", "btw nr", "ust idnr", "ustidnr", "umsatzsteuer id", "umsatzsteueridentifikationsnummer",
		"partita iva", "p iva", "piva", "numero de tva", "numero tva", "tva intracommunautaire", "nif", "cif"},
	FSupplierCountry: {"country", "supplier country", "country code", "land", "landkode", "landskode", "leverandor land", "maa", "maakoodi", "landcode", "lander", "staat"},
	FSupplierPost: {"postcode", "post code", "postal code", "zip", "zip code", "supplier postcode",
		"postnummer", "postnr", "post nr", "postort", "postinumero", "postcode leverancier", "plz", "postleitzahl"},
	FInvoiceDate: {"invoice date", "date of invoice", "document date", "fakturadato", "fakturadatum", "dokumentdato",
		"laskun paivamaara", "laskupaiva", "laskun pvm", "factuurdatum", "rechnungsdatum", "belegdatum",
		"date facture", "date de facture", "date de la facture", "data fattura", "data documento", "fecha factura", "invoice dt"},
	FPaymentDate: {"payment date", "paid date", "date paid", "date of payment", "transaction date", "posting date", "date", "pay date",
		"betalingsdato", "betalt dato", "utbetalingsdato", "bokforingsdato", "bilagsdato", "dato", "regnskapsdato", "posteringsdato",
		"betaldatum", "betalningsdatum", "bokforingsdatum", "datum", "utbetalningsdatum", "betalingsdatum",
		"maksupaiva", "maksupaivamaara", "kirjauspaiva", "kirjauspvm", "paivamaara", "pvm",
		"betaaldatum", "boekingsdatum", "boekdatum",
		"zahlungsdatum", "zahldatum", "buchungsdatum", "valutadatum",
		"trans date", "transaction dt", "payment dt", "date of transaction", "effective date", "cleared date", "value date", "date de paiement", "date paiement", "date de mandatement", "date mandatement", "date mandat", "date comptable", "date operation", "date d emission", "date de reglement", "data pagamento", "data", "data mandato", "data registrazione", "data operazione", "data emissione", "fecha", "fecha pago", "fecha de pago", "betalingsdatum", "zahlungstag",
		"kirjauspaivamaara", "tositepaivamaara", "tositepaiva", "maksupaivamaara", "betaal datum", "datum betaling", "uitbetaaldatum", "date de paiement effectif", "date du mandat"},
	FAmount: {"amount", "net amount", "net", "value", "net value", "total", "amount paid", "spend", "payment amount", "transaction amount", "sum",
		"belop", "nettobelop", "netto", "sum", "belop netto", "utbetalt",
		"belopp", "nettobelopp", "summa", "belob", "nettobelob",
		"maara", "summa", "veroton summa", "euroa", "nettosumma",
		"bedrag", "nettobedrag", "bedrag netto", "waarde",
		"betrag", "nettobetrag", "betrag netto", "summe", "wert",
		"nett", "nett amount", "nett value", "net total", "expenditure", "amount net", "line amount", "payment value", "value of payment", "transaction value", "montant", "montant ht", "montant net", "montant hors taxe", "montant hors taxes", "mont ht", "montant paye", "montant mandate", "importo", "importo netto", "imponibile", "totale", "importo pagato", "importe", "importe neto", "monto",
		"summa alv0", "summa ilman alv", "summa alv 0", "summa euroa", "bedrag excl", "bedrag exclusief btw"},
	FAmountGross: {"gross amount", "gross", "gross value", "total incl vat", "invoice total",
		"bruttobelop", "brutto", "belop brutto", "fakturabelop", "bruttobelopp", "fakturabelopp", "bruttobelob",
		"verollinen summa", "bruttosumma", "laskun summa", "brutobedrag", "factuurbedrag", "bruttobetrag", "rechnungsbetrag",
		"montant ttc", "montant toutes taxes comprises", "ttc", "importo lordo", "lordo", "importo totale", "importe bruto", "total amount", "gross total",
		"kokonaissumma", "kokonaisumma", "summa sis alv", "bedrag incl", "bedrag inclusief btw"},
	FVAT: {"vat", "vat amount", "tax", "tax amount", "mva", "mva belop", "mvabelop", "merverdiavgift", "moms", "momsbelopp", "momsbelob",
		"alv", "alv maara", "arvonlisavero", "btw", "btw bedrag", "mwst", "ust", "mehrwertsteuer", "steuerbetrag", "umsatzsteuer",
		"tva", "montant tva", "iva", "importo iva", "imposta", "alv osuus", "vat paid"},
	FCurrency: {"currency", "currency code", "valuta", "valutakode", "valuutta", "munt", "munteenheid", "wahrung",
		"devise", "divisa", "moneda"},
	FAccount: {"account", "account code", "account no", "account number", "expenditure code", "expense code", "gl code", "gl account",
		"nominal", "nominal code", "ledger code", "cost element", "subjective", "subjective code",
		"konto", "kontonummer", "kontonr", "konto nr", "art", "artskonto", "kostnadskonto", "kontokode",
		"konto", "kontonummer", "baskonto",
		"tili", "tilinumero", "tilinro", "kirjanpitotili",
		"grootboekrekening", "grootboek", "grootboeknummer", "rekening", "kostensoort",
		"sachkonto", "kontonummer", "sachkontonummer", "kostenart",
		"compte", "numero de compte", "compte budgetaire", "imputation", "nature", "code nature", "article", "conto", "capitolo", "voce", "cuenta",
		"tilin numero", "tilinumero", "kostensoort code", "economische categorie"},
	FAccountText: {"account name", "account description", "account text", "expenditure category", "expense type", "expense category",
		"expenditure description", "purpose", "purpose of expenditure", "category", "subjective description", "nominal description",
		"kontonavn", "kontotekst", "konto navn", "artsnavn", "art navn", "art tekst", "kontobeskrivelse",
		"kontonamn", "kontobenamning", "kontotext", "kontobeskrivning",
		"tilin nimi", "tilinimi", "tilin selite", "menolaji",
		"grootboekomschrijving", "omschrijving grootboekrekening", "naam grootboekrekening", "kostensoortomschrijving",
		"kontobezeichnung", "sachkontobezeichnung", "kostenartbezeichnung",
		"libelle compte", "libelle nature", "intitule compte", "descrizione conto", "descrizione capitolo", "expenditure type description", "spend category", "merchant category", "category of expenditure", "expense area", "expense description", "expenditure group",
		"tiliryhman nimi", "kostensoort omschrijving", "omschrijving kostensoort", "libelle de la nature", "libelle article"},
	FOrgUnit: {"department", "directorate", "service area", "service", "organisational unit", "organizational unit", "org unit", "unit", "business unit", "division",
		"ansvar", "ansvarssted", "ansvarsomrade", "avdeling", "enhet", "virksomhet", "sektor", "tjenesteomrade",
		"forvaltning", "avdelning", "enhet", "verksamhetsomrade", "forvaltning",
		"yksikko", "toimiala", "tulosyksikko", "vastuuyksikko", "organisaatio",
		"afdeling", "organisatie eenheid", "organisatieonderdeel", "directie", "dienst",
		"abteilung", "organisationseinheit", "dienststelle", "amt", "fachbereich",
		"direction", "servizio", "settore", "ufficio", "departement", "service gestionnaire", "portfolio", "cabinet", "directorate area",
		"tulosyksikon nimi", "tulosyksikko nimi", "osasto", "toimiala nimi", "budgetnummer", "service ordonnateur"},
	FCostCentre: {"cost centre", "cost center", "cost centre code", "cost center code", "cost code",
		"kostnadssted", "kostsenter", "koststed", "kostnadsstalle", "kostnadsstalle kod", "omkostningssted",
		"kustannuspaikka", "kustannuspaikan numero", "kostenplaats", "kostenplaatsnummer", "kostenstelle", "kostenstellennummer",
		"centre de cout", "centre de couts", "centre de responsabilite", "centro di costo", "centro de coste", "cost centre name", "cost centre description", "cost center name", "responsibility centre",
		"kustannuspaikan nimi", "kustannuspaikan id", "kostenplaats omschrijving"},
	FService: {"function", "function code", "service code", "funksjon", "funksjonskode", "tjeneste", "tjenestekode",
		"verksamhet", "verksamhetskod", "tehtava", "tehtavaluokka", "palvelu", "taakveld", "functie", "produkt", "produktnummer",
		"fonction", "code fonction", "missione", "programma", "funzione"},
	FProject: {"project", "project code", "project no", "project number", "prosjekt", "prosjektnummer", "prosjektnr",
		"projekt", "projektnummer", "projektnr", "projekti", "projektinumero", "project nummer", "projectnummer", "projectcode",
		"projet", "progetto", "cup", "proyecto"},
	FContractRef: {"contract", "contract ref", "contract reference", "contract no", "contract number", "contract id",
		"kontrakt", "kontraktsnummer", "kontraktnr", "avtale", "avtalenummer", "avtalenr", "avtale id", "rammeavtale",
		"avtal", "avtalsnummer", "avtalsnr", "kontraktsnr", "sopimus", "sopimusnumero", "sopimustunnus",
		"contractnummer", "contract nummer", "overeenkomst", "vertrag", "vertragsnummer", "vertrags nr",
		"marche", "numero de marche", "contratto", "numero contratto", "cig", "contrato"},
	FDescription: {"description", "details", "text", "narrative", "item description", "line description", "transaction description", "invoice description", "comment",
		"beskrivelse", "tekst", "fakturatekst", "bilagstekst", "posteringstekst", "linjetekst", "merknad",
		"beskrivning", "text", "fakturatext", "verifikationstext", "tekst", "beskrivelse",
		"kuvaus", "selite", "laskun selite", "viesti",
		"omschrijving", "toelichting", "factuuromschrijving",
		"beschreibung", "buchungstext", "verwendungszweck", "bezeichnung",
		"libelle", "objet", "objet de la depense", "designation", "descrizione", "causale", "oggetto", "descripcion", "concepto", "purpose of spend", "summary", "notes"},
	FExpenditureType: {"capital or revenue", "capital revenue", "revenue capital", "caporrev", "cap or rev", "type of expenditure", "expenditure type", "capex opex",
		"drift investering", "drift eller investering", "kontoklasse"},
	FCPV: {"cpv", "cpv code", "cpv kode", "cpv koodi", "cpv nummer", "cpv nr"},
	FOrderRef: {"order", "order no", "order number", "purchase order", "po", "po number", "po no", "purchase order number",
		"bestillingsnummer", "bestillingsnr", "ordrenummer", "ordrenr", "innkjopsordre", "bestilling",
		"bestallningsnummer", "inkopsorder", "ordernummer", "tilausnumero", "tilaus", "ostotilaus",
		"inkooporder", "inkoopordernummer", "bestelnummer", "bestellnummer", "bestellung",
		"ostotilausnumero", "tilausnumero"},
	FBuyerName: {"body name", "body", "client", "organisation name", "organization name", "authority", "council", "local authority", "public body",
		"kommune", "kommunenavn", "kunde", "kund", "kunta", "gemeente", "gemeinde", "organisation",
		"body name", "organisation code", "collectivite", "organisme", "ente", "comune", "amministrazione", "payer", "paying body", "buyer", "contracting authority", "kunde navn", "kommune navn", "gemeentenaam", "kunnan nimi",
		"kunnan nimi", "kunta nimi"},
	FSupplierTown: {"town", "city", "supplier town", "supplier city", "poststed", "sted", "ort", "stadt", "plaats", "woonplaats", "vestigingsplaats", "postitoimipaikka", "paikkakunta", "kaupunki", "ville", "localite", "commune fournisseur", "citta", "localita", "ciudad", "postdistrikt"},
}

// VAT qualifiers that turn an amount header into the net or gross amount.
var (
	inclWords = map[string]bool{"incl": true, "inkl": true, "inc": true, "including": true, "inklusive": true, "inklusiv": true, "med": true, "sis": true, "inclusief": true, "inclusive": true, "mit": true, "m": true}
	exclWords = map[string]bool{"excl": true, "exc": true, "exclusive": true, "ekskl": true, "eks": true, "ex": true, "exkl": true, "excluding": true, "exklusive": true, "uten": true, "utan": true, "exclusief": true, "ohne": true, "ilman": true, "o": true, "u": true}
	vatWords  = map[string]bool{"vat": true, "mva": true, "moms": true, "alv": true, "btw": true, "mwst": true, "ust": true, "tax": true, "merverdiavgift": true}
)

var synIndex = buildSynIndex()

type synEntry struct {
	field Field
	norm  string
	runes []rune
	bag   runeBag
}

// runeBag counts a name's runes in 32 bins: an edit changes the counts by
// two at most, so names whose bags differ more are further apart than a
// typo (a cheap test before the edit distance).
type runeBag [32]uint8

func bagOf(rs []rune) runeBag {
	var b runeBag
	for _, r := range rs {
		b[r&31]++
	}
	return b
}

func (b *runeBag) diff(o *runeBag) int {
	d := 0
	for i := range b {
		x := int(b[i]) - int(o[i])
		if x < 0 {
			x = -x
		}
		d += x
	}
	return d
}

func buildSynIndex() []synEntry {
	var out []synEntry
	for f, names := range synonyms {
		for _, n := range names {
			k := tabular.NormHeader(n)
			rs := []rune(k)
			out = append(out, synEntry{f, k, rs, bagOf(rs)})
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

// Match strengths, strongest first.
const (
	scoreExact     = 3 // the header is a synonym
	scoreQualifier = 2 // a synonym with a VAT qualifier ("Beløp inkl. mva")
	scoreClose     = 1 // a synonym with a small typo
	scoreKeyword   = 0 // a synonym among other words ("HBC ref no"): needs the column's content to agree
)

var howNames = map[int]string{scoreExact: "exact", scoreQualifier: "qualifier", scoreClose: "close", scoreKeyword: "keyword"}

// headerMatch is a column's best field with a score (see the scores above).
type headerMatch struct {
	field  Field
	score  int
	phrase string // the words that matched, for keyword matches
}

// currencyWords are currency marks a header may carry ("Amount (GBP)",
// "Beløp i NOK", "Montant en euros"): they do not change the field.
var currencyWords = map[string]bool{"nok": true, "gbp": true, "eur": true, "euro": true, "euros": true, "sek": true, "dkk": true, "kr": true,
	"usd": true, "chf": true, "isk": true, "pln": true, "bgn": true, "huf": true, "czk": true, "ron": true, "stg": true, "sterling": true,
	"euroina": true, "euroissa": true, "lv": true, "лв": true}

// currencyLinks join a currency mark to the header: "in GBP", "i NOK", "en euros".
var currencyLinks = map[string]bool{"in": true, "i": true, "en": true, "im": true, "ve": true}

// headerTokens are a header's words with VAT qualifiers and currency marks
// taken out, and which qualifier it had.
func headerTokens(h string) (rest []string, incl, excl bool) {
	toks := tabular.HeaderTokens(splitCamel(h))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if inclWords[t] || exclWords[t] {
			// "incl VAT", "exclusive of VAT"
			n := 1
			if i+2 < len(toks) && toks[i+1] == "of" {
				n = 2
			}
			if i+n < len(toks) && vatWords[toks[i+n]] {
				incl, excl = inclWords[t], exclWords[t]
				i += n
				continue
			}
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
	// Currency marks in headers ("Amount (£)", "Beløp NOK", "GBP Amount") do
	// not change the field.
	if len(rest) > 1 {
		kept := rest[:0:0]
		for i, t := range rest {
			if currencyWords[t] || currencyLinks[t] && i+1 < len(rest) && currencyWords[rest[i+1]] {
				continue
			}
			kept = append(kept, t)
		}
		if len(kept) > 0 {
			rest = kept
		}
	}
	return rest, incl, excl
}

// splitCamel puts a space between the words of a header written in camel
// case ("SumOfAmount_Exc_VAT" → "Sum Of Amount_Exc_VAT", "VATNumber" → "VAT
// Number"), so that its words are found one by one. Joined again, the words
// are the same letters: a header matched whole matches as before.
func splitCamel(h string) string {
	rs := []rune(h)
	var b strings.Builder
	b.Grow(len(h) + 8)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsUpper(prev) && nextLower {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// matchHeader finds the field a header names, if any: the whole header as a
// synonym (exactly, with a VAT qualifier, or with a small typo).
func matchHeader(h string) (headerMatch, bool) {
	if len(h) > 200 {
		return headerMatch{}, false // no header is that long
	}
	rest, incl, excl := headerTokens(h)
	if len(rest) == 0 {
		return headerMatch{}, false
	}
	key := strings.Join(rest, "")
	m, ok := lookupSynonym(key)
	if !ok {
		return headerMatch{}, false
	}
	if incl || excl {
		m.score = scoreQualifier
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

// matchKeyword finds a synonym among a header's words when the whole header
// is none: the longest run of words that is one, the last of equally long
// runs (the head word comes last: "Trans. Date", "HBC ref no", "Service
// Cost Centre"). Only exact runs count, no typos.
func matchKeyword(h string) (headerMatch, bool) {
	if len(h) > 200 {
		return headerMatch{}, false // no header is that long
	}
	rest, incl, _ := headerTokens(h)
	if len(rest) > 12 {
		return headerMatch{}, false
	}
	for n := min(len(rest)-1, 5); n >= 1; n-- {
		for i := len(rest) - n; i >= 0; i-- {
			key := strings.Join(rest[i:i+n], "")
			j := sort.Search(len(synIndex), func(j int) bool { return synIndex[j].norm >= key })
			if j < len(synIndex) && synIndex[j].norm == key {
				f := synIndex[j].field
				if incl && f == FAmount {
					f = FAmountGross
				}
				return headerMatch{field: f, score: scoreKeyword, phrase: strings.Join(rest[i:i+n], " ")}, true
			}
		}
	}
	return headerMatch{}, false
}

// lookupSynonym finds a normalised header among the synonyms: exactly, or
// for longer names with a typo or two, counted in characters (runes), not
// bytes.
func lookupSynonym(key string) (headerMatch, bool) {
	if key == "" {
		return headerMatch{}, false
	}
	i := sort.Search(len(synIndex), func(i int) bool { return synIndex[i].norm >= key })
	if i < len(synIndex) && synIndex[i].norm == key {
		return headerMatch{field: synIndex[i].field, score: scoreExact}, true
	}
	// Close matches for longer names only: "Expenditure Catergory".
	kr := []rune(key)
	maxDist := 0
	switch {
	case len(kr) >= 12:
		maxDist = 2
	case len(kr) >= 6:
		maxDist = 1
	}
	if maxDist == 0 {
		return headerMatch{}, false
	}
	best, bestD := Field(""), maxDist+1
	ambiguous := false
	bag := bagOf(kr)
	for i := range synIndex {
		e := &synIndex[i]
		if abs(len(e.runes)-len(kr)) > maxDist || bag.diff(&e.bag) > 2*maxDist {
			continue
		}
		d := osa.Distance(kr, e.runes, maxDist)
		if d < bestD {
			best, bestD, ambiguous = e.field, d, false
		} else if d == bestD && e.field != best {
			ambiguous = true
		}
	}
	if best == "" || ambiguous {
		return headerMatch{}, false
	}
	return headerMatch{field: best, score: scoreClose}, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
