package main

import "github.com/ontschot/ontschot/ledger"

// The demo's people, organisations and texts. Everyone and everything here
// is fictional; the texts are what caseworkers in a Frisian city might write.

var (
	demoCaseworkers = []ledger.Actor{
		{User: "anouk.bakker", Role: ledger.RoleCaseworker},
		{User: "bram.visser", Role: ledger.RoleCaseworker},
		{User: "chantal.mulder", Role: ledger.RoleCaseworker},
		{User: "daan.smit", Role: ledger.RoleCaseworker},
	}
	demoTeamleads = []ledger.Actor{
		{User: "esther.dijkstra", Role: ledger.RoleTeamlead},
		{User: "frank.bos", Role: ledger.RoleTeamlead},
	}
	demoManager  = ledger.Actor{User: "greet.hoekstra", Role: ledger.RoleManager}
	demoAlderman = ledger.Actor{User: "wethouder.postma", Role: ledger.RoleAlderman}
	demoFinance  = ledger.Actor{User: "hanna.jansen", Role: ledger.RoleFinance}
	demoAdmin    = ledger.Actor{User: "admin", Role: ledger.RoleAdmin}
)

// demoPayee is an organisation or person that receives payouts.
type demoPayee struct {
	name, bank, account string
}

// demoCase is a kind of case: a category, its usual amounts, who gets paid,
// and the weighing a caseworker would write.
type demoCase struct {
	category            string
	min, max            ledger.Cents
	weight              int
	payees              []demoPayee
	situation           []string
	residentInvolvement []string
	expectedReturn      []string
	deviatesFrom        []string
	regularRouteTried   []string
}

// Rules that cases deviate from. Several recur across cases on purpose: "if
// you meet something three times, it probably needs policy".
const (
	ruleBijstandVermogen  = "Participatiewet art. 35: geen bijzondere bijstand bij vermogen boven de grens"
	ruleBijstandWoonadres = "Participatiewet art. 40: geen bijstand zonder woonadres"
	ruleZvwTandarts       = "Zvw: tandheelkundige zorg voor volwassenen niet in het basispakket"
	ruleSchuldKrediet     = "Beleidsregels schuldhulpverlening: geen nieuwe lening tijdens een schuldregeling"
	ruleWmoEigenBijdrage  = "Wmo 2015: eigen bijdrage en wachttijd voor een maatwerkvoorziening"
	ruleJeugdwet18        = "Jeugdwet: jeugdhulp en pleegzorg eindigen bij 18 jaar"
	ruleInburgering       = "Wet inburgering 2021: hulpmiddelen niet uit het inburgeringsbudget"
	ruleUrgentie          = "Huisvestingsverordening: geen urgentie bij eigen schuld aan huurachterstand"
	ruleVervoer           = "Wmo-vervoer alleen binnen de regio"
)

// demoReferences are the payment references payees of a category give,
// as a format of one number of five digits: a landlord's contract number,
// an energy company's customer number, an invoice. No run of digits in
// them comes near the eight or nine a BSN has.
var demoReferences = map[string]string{
	"rent_arrears":      "Huurcontract HC-%d",
	"deposit":           "Huurcontract HC-%d",
	"energy_debt":       "Klantnummer %d",
	"dental_care":       "Factuur TP-%d",
	"hearing_aid":       "Offerte HA-%d",
	"bookkeeping":       "Factuur %d",
	"driving_lessons":   "Leerling %d",
	"temporary_housing": "Reservering %d",
}

var demoCases = []demoCase{
	{
		category: "rent_arrears", min: 600_00, max: 6500_00, weight: 9,
		payees: []demoPayee{{"Woonstichting Elkien", "RABO", "0312456781"}, {"Woningcorporatie WoonFriesland", "INGB", "0004521987"}, {"Particuliere verhuurder De Haan Vastgoed", "ABNA", "0548812233"}},
		situation: []string{
			"Drie maanden huurachterstand na het wegvallen van inkomen; de verhuurder heeft een ontruimingsvonnis aangevraagd. Twee kinderen op de basisschool in de wijk.",
			"Huurachterstand opgelopen tijdens een opname; zonder betaling volgt ontruiming binnen drie weken en daarmee verlies van het woonadres.",
		},
		residentInvolvement: []string{"Bewoner heeft zelf een betalingsregeling voor de lopende huur getroffen en volgt budgetcoaching.", "Bewoner is aangemeld bij schuldhulp en levert alle stukken aan."},
		expectedReturn:      []string{"Behoud van de woning; voorkomt maatschappelijke opvang (ca. 2.500 euro per maand) en schoolwisseling van de kinderen.", "Woonadres blijft behouden, waardoor uitkering en schuldregeling door kunnen lopen."},
		deviatesFrom:        []string{ruleBijstandVermogen, ruleSchuldKrediet, ruleUrgentie},
		regularRouteTried:   []string{"Bijzondere bijstand aangevraagd en afgewezen wegens een spaarrekening voor de uitvaart.", "Schuldhulp kan geen krediet verstrekken zolang het traject loopt."},
	},
	{
		category: "dental_care", min: 350_00, max: 2800_00, weight: 10,
		payees:              []demoPayee{{"Tandartspraktijk Oosterpoort", "INGB", "0007765432"}, {"Mondzorg Leeuwarden Centrum", "RABO", "0398712450"}},
		situation:           []string{"Werkzoekende met ontbrekende voortanden; twee sollicitaties strandden op het eerste gesprek. Kan de behandeling niet betalen.", "Ernstige gebitsproblemen met pijn; kan door de pijn het werktraject niet volhouden."},
		residentInvolvement: []string{"Bewoner volgt het werktraject volledig en betaalt zelf 50 euro per maand mee.", "Bewoner heeft zelf drie offertes opgevraagd en koos de goedkoopste."},
		expectedReturn:      []string{"Uitstroom naar werk bij een schoonmaakbedrijf dat een baan heeft toegezegd.", "Voortzetting van het werktraject; kans op uitstroom uit de bijstand."},
		deviatesFrom:        []string{ruleZvwTandarts, ruleBijstandVermogen},
		regularRouteTried:   []string{"Geen aanvullende verzekering; bijzondere bijstand wijst tandartskosten standaard af.", "Zorgverzekeraar vergoedt niet; gemeentepolis niet afgesloten."},
	},
	{
		category: "hearing_aid", min: 900_00, max: 3500_00, weight: 4,
		payees:              []demoPayee{{"Hoorcentrum Friesland", "ABNA", "0612398745"}, {"Audicien Van Dijk", "INGB", "0002233445"}},
		situation:           []string{"Nieuwkomer met gehoorverlies moet binnen vier maanden het inburgeringsexamen doen en kan de lessen niet volgen.", "Oudere inwoner raakt sociaal geïsoleerd door gehoorverlies; eigen bijdrage voor het hoortoestel is niet op te brengen."},
		residentInvolvement: []string{"Bewoner volgt alle taallessen en oefent dagelijks met een maatje.", "Bewoner gaat weer naar de buurtkamer zodra het hoortoestel er is."},
		expectedReturn:      []string{"Inburgeringsexamen op tijd gehaald; voorkomt een boete en vertraging van werk.", "Minder eenzaamheid; uitstel van zwaardere Wmo-ondersteuning."},
		deviatesFrom:        []string{ruleInburgering, ruleWmoEigenBijdrage},
		regularRouteTried:   []string{"Zorgverzekeraar vergoedt alleen het basismodel na een wachttijd van drie maanden.", "Wmo-loket verwijst naar de zorgverzekeraar; die verwijst terug."},
	},
	{
		category: "transport", min: 40_00, max: 600_00, weight: 22,
		payees:              []demoPayee{{"Taxi Noord", "RABO", "0356677889"}, {"Arriva Nederland", "INGB", "0001188999"}},
		situation:           []string{"Bewoner moet drie keer per week naar behandeling in Groningen en heeft geen vervoer; de regiotaxi rijdt niet buiten de provincie.", "Jongere zonder inkomen kan de reis naar de nieuwe werkplek niet voorschieten."},
		residentInvolvement: []string{"Bewoner plant de ritten zelf en reist waar mogelijk met familie mee.", "Jongere betaalt de reiskosten terug vanaf het eerste salaris."},
		expectedReturn:      []string{"Behandeling wordt afgemaakt; voorkomt terugval en opname.", "Behoud van de baan in de proeftijd."},
		deviatesFrom:        []string{ruleVervoer, ruleBijstandVermogen},
		regularRouteTried:   []string{"Wmo-vervoer geweigerd: bestemming buiten de regio.", "Voorschot van de werkgever niet mogelijk."},
	},
	{
		category: "bookkeeping", min: 400_00, max: 2400_00, weight: 6,
		payees:              []demoPayee{{"Administratiekantoor Bijlsma", "RABO", "0387654321"}, {"Boekhouding Noord B.V.", "ABNA", "0455667788"}},
		situation:           []string{"Zelfstandige met schulden heeft drie jaar geen belastingaangifte gedaan; zonder orde in de administratie is schuldhulp niet mogelijk.", "ZZP'er dreigt het bedrijf te verliezen door naheffingen die op schattingen berusten."},
		residentInvolvement: []string{"Ondernemer levert alle bonnen aan en volgt een cursus administratie.", "Ondernemer heeft zelf contact gezocht met de Belastingdienst."},
		expectedReturn:      []string{"Toegang tot schuldhulp en behoud van het bedrijf; geen beroep op de bijstand.", "Naheffingen vervallen na correcte aangifte (naar schatting 8.000 euro)."},
		deviatesFrom:        []string{ruleSchuldKrediet},
		regularRouteTried:   []string{"Bbz-adviestraject heeft een wachttijd van vier maanden.", "Schuldhulp neemt de zaak pas in behandeling na aangifte."},
	},
	{
		category: "driving_lessons", min: 1200_00, max: 3200_00, weight: 3,
		payees:              []demoPayee{{"Rijschool Zuidlanden", "INGB", "0006655443"}, {"Verkeersschool De Wâlden", "RABO", "0322114455"}},
		situation:           []string{"Bewoner krijgt een vaste baan in de thuiszorg op voorwaarde van een rijbewijs binnen drie maanden.", "Alleenstaande ouder in een dorp zonder openbaar vervoer verliest werk zonder rijbewijs."},
		residentInvolvement: []string{"Theorie-examen zelf gehaald en betaald.", "Bewoner betaalt het examen zelf uit spaargeld."},
		expectedReturn:      []string{"Vaste baan van 24 uur per week; uitstroom uit de bijstand.", "Behoud van werk; geen beroep op de bijstand."},
		deviatesFrom:        []string{ruleBijstandVermogen},
		regularRouteTried:   []string{"Re-integratiebudget vergoedt geen rijlessen.", "Werkgever kan niet voorschieten."},
	},
	{
		category: "temporary_housing", min: 800_00, max: 9000_00, weight: 3,
		payees:              []demoPayee{{"Stichting Tijdelijk Wonen Fryslân", "ABNA", "0577889900"}, {"Pension De Brug", "INGB", "0003344556"}},
		situation:           []string{"Gezin moet een sloopwoning verlaten voordat de nieuwe woning klaar is; geen woonadres betekent geen uitkering en geen schuldregeling.", "Dakloze jongere met een baan maar zonder woonadres kan zich niet inschrijven."},
		residentInvolvement: []string{"Gezin zoekt actief en betaalt een eigen bijdrage aan de tijdelijke huur.", "Jongere werkt 32 uur en betaalt vanaf maand twee zelf de huur."},
		expectedReturn:      []string{"Woonadres blijft bestaan; uitkering en schuldregeling lopen door.", "Inschrijving in de BRP, daarmee toegang tot een huurwoning."},
		deviatesFrom:        []string{ruleBijstandWoonadres, ruleUrgentie},
		regularRouteTried:   []string{"Urgentie afgewezen; corporatie heeft geen wisselwoning.", "Briefadres geweigerd omdat er geen vaste verblijfplaats is."},
	},
	{
		category: "energy_debt", min: 300_00, max: 2500_00, weight: 12,
		payees:              []demoPayee{{"Energieleverancier Noordstroom", "INGB", "0009988776"}, {"Vitens (drinkwater)", "ABNA", "0412345678"}},
		situation:           []string{"Afsluiting van gas en stroom aangekondigd in de winter; in huis wonen een baby en een chronisch zieke ouder.", "Energieschuld na de prijsstijging; de leverancier weigert een regeling zonder aanbetaling."},
		residentInvolvement: []string{"Bewoner heeft een energiecoach gehad en het verbruik met 20 procent verlaagd.", "Bewoner betaalt voortaan via het budgetbeheer."},
		expectedReturn:      []string{"Afsluiting voorkomen; voorkomt gezondheidsschade en uithuisplaatsing.", "Stabiele situatie als basis voor de schuldregeling."},
		deviatesFrom:        []string{ruleSchuldKrediet, ruleBijstandVermogen},
		regularRouteTried:   []string{"Noodfonds energie was uitgeput.", "Schuldhulp kan de aanbetaling niet doen tijdens het traject."},
	},
	{
		category: "foster_care", min: 1500_00, max: 18000_00, weight: 1,
		payees:              []demoPayee{{"Stichting Pleegzorg Friesland", "RABO", "0366554433"}},
		situation:           []string{"Alleenstaande minderjarige vluchteling wordt 18; de pleegzorg stopt terwijl het examen en de verblijfsprocedure nog lopen.", "Jongere in pleegzorg wordt 18 en zou midden in het schooljaar moeten verhuizen."},
		residentInvolvement: []string{"Jongere volgt de opleiding met goede resultaten en werkt in het weekend.", "Jongere heeft zelf een plan voor zelfstandig wonen gemaakt."},
		expectedReturn:      []string{"Diploma en verblijfsvergunning binnen een jaar; voorkomt dakloosheid.", "Schooljaar afgemaakt; soepele overgang naar zelfstandig wonen."},
		deviatesFrom:        []string{ruleJeugdwet18},
		regularRouteTried:   []string{"Verlengde pleegzorg afgewezen: geen indicatie meer na 18 jaar.", "COA-opvang niet passend; de jongere heeft een status."},
	},
	{
		category: "deposit", min: 500_00, max: 1800_00, weight: 6,
		payees:              []demoPayee{{"Woonstichting Elkien", "RABO", "0312456781"}, {"Verhuurbemiddeling Friesland", "INGB", "0005566778"}},
		situation:           []string{"Moeder met twee kinderen kan uit de vrouwenopvang naar een huurwoning, maar kan de borg niet betalen.", "Bewoner uit de maatschappelijke opvang heeft een kamer gevonden; de borg is voorwaarde."},
		residentInvolvement: []string{"Bewoner betaalt de borg in tien maanden terug.", "Bewoner heeft de woning zelf gevonden."},
		expectedReturn:      []string{"Uitstroom uit de opvang; bespaart de opvangkosten.", "Eigen woonruimte en zicht op werk."},
		deviatesFrom:        []string{ruleBijstandVermogen, ruleUrgentie},
		regularRouteTried:   []string{"Leenbijstand voor de borg afgewezen wegens schulden.", "Corporatie kan de borg niet kwijtschelden."},
	},
	{
		category: "civic_integration", min: 200_00, max: 1500_00, weight: 5,
		payees:              []demoPayee{{"Taalschool Noorderlicht", "ABNA", "0533221100"}},
		situation:           []string{"Statushouder moet een herexamen doen; het leenbudget van DUO is op.", "Nieuwkomer heeft extra lessen nodig om het examen te halen."},
		residentInvolvement: []string{"Bewoner doet vrijwilligerswerk om de taal te oefenen.", "Bewoner volgt alle lessen."},
		expectedReturn:      []string{"Examen gehaald; geen boete en sneller aan het werk.", "Inburgering afgerond binnen de termijn."},
		deviatesFrom:        []string{ruleInburgering},
		regularRouteTried:   []string{"DUO verstrekt geen extra lening.", "Inburgeringsbudget van de gemeente is voor dit jaar verdeeld."},
	},
	{
		category: "other", min: 100_00, max: 3000_00, weight: 14,
		payees:              []demoPayee{{"Kringloop De Schakel", "INGB", "0004433221"}, {"Witgoedhandel Noord", "RABO", "0344556677"}},
		situation:           []string{"Gezin zonder wasmachine en koelkast na een brand; de inboedelverzekering keert niet uit.", "Bewoner heeft een laptop nodig voor de opleiding die bij het werktraject hoort."},
		residentInvolvement: []string{"Bewoner heeft zelf tweedehands apparaten gezocht.", "Bewoner volgt de opleiding en betaalt de helft terug."},
		expectedReturn:      []string{"Gezin kan thuis blijven wonen; voorkomt inzet van jeugdhulp.", "Opleiding afgerond; betere kans op werk."},
		deviatesFrom:        []string{ruleBijstandVermogen},
		regularRouteTried:   []string{"Bijzondere bijstand alleen als lening; bewoner heeft al een lening lopen.", "Werkgever vergoedt de laptop niet."},
	},
}

var demoRejectionNotes = []string{
	"Eerst de voorliggende voorziening aanvragen; die is nog niet benut.",
	"Onvoldoende onderbouwd waarom de reguliere route niet werkt; graag aanvullen.",
	"Te hoog bedrag voor dit resultaat; zoek een goedkopere oplossing.",
}

var demoApprovalNotes = []string{
	"Akkoord: goedkoopste oplossing die het probleem echt oplost.",
	"Akkoord; graag over drie maanden evalueren.",
	"Akkoord, integrale afweging is overtuigend.",
	"",
}

var demoReversalReasons = []string{
	"Dubbel ingediend; de eerste aanvraag is al betaald.",
	"Verkeerde pot gekozen; opnieuw ingediend uit het juiste budget.",
	"Leverancier heeft de factuur gecrediteerd.",
}

// demoParties are the outside organisations that can bear costs: two health
// insurers (so "every organisation takes its turn" has a choice), housing
// corporations and government agencies.
var demoParties = []ledger.NewParty{
	{Name: "Zorgverzekeraar De Friesland", Kind: ledger.PartyHealthInsurer},
	{Name: "Zorgverzekeraar Zilveren Kruis", Kind: ledger.PartyHealthInsurer},
	{Name: "Woonstichting Elkien", Kind: ledger.PartyHousingCorporation},
	{Name: "Woningcorporatie WoonFriesland", Kind: ledger.PartyHousingCorporation},
	{Name: "UWV", Kind: ledger.PartyGovernmentAgency},
	{Name: "DUO", Kind: ledger.PartyGovernmentAgency},
	{Name: "CJIB", Kind: ledger.PartyGovernmentAgency},
}

var demoCorrectionNotes = []string{
	"Herbeoordeeld na overleg met de Wmo-consulent: ander budget.",
	"Zorgverzekeraar wijst aanspraak af; de pot draagt het deel zelf.",
	"Jeugdwet van toepassing: de bewoner was bij de aanvraag nog geen 18.",
}

var demoEvaluationNotes = map[ledger.EvalOutcome][]string{
	ledger.EvalEffective: {
		"Woning behouden; het gezin staat weer op de rails.",
		"Bewoner is aan het werk; de uitgave heeft gedaan wat ze moest doen.",
		"Schuldregeling loopt; geen nieuwe achterstanden.",
	},
	ledger.EvalPartial: {
		"Deels effectief: de bewoner is toch verhuisd, de helft was achteraf niet nodig.",
		"Het probleem kwam na drie maanden terug; een deel van het bedrag had anders gekund.",
	},
	ledger.EvalRegret: {
		"Achteraf spijt: een voorliggende voorziening bleek wel beschikbaar.",
		"Niet effectief: de bewoner is vertrokken zonder het traject af te maken.",
	},
}

// demoDebtor is the account the demo's pots pay from: the municipality's
// account at BNG Bank, the municipalities' bank.
var demoDebtor = ledger.DebtorAccount{Name: "Gemeente Leeuwarden", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"}

// demoOutcomes is the pattern of the demo's evaluations.
var demoOutcomes = []ledger.EvalOutcome{ledger.EvalEffective, ledger.EvalEffective, ledger.EvalPartial, ledger.EvalEffective,
	ledger.EvalRegret, ledger.EvalEffective, ledger.EvalPartial, ledger.EvalEffective}
