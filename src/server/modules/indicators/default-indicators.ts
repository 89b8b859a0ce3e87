import type { IndicatorGroup } from '../../../shared/domain.js';
import type { IndicatorValues } from './indicator.repo.js';

/**
 * The first indicator list a municipality gets (issue 6.3), written in our own words for municipal
 * employees at the desk, on a home visit or on an inspection. Grouped like the public indicator
 * lists; each sign names the exploitation forms it mostly points to. One sign is never proof: the
 * list helps an employee put into words what they noticed.
 *
 * Seeded by code, idempotently (seedIndicators): a code the municipality already has is left alone,
 * so the coordinator's edits, deactivations and order survive every restart. Changing a text here
 * does not change it in a database that has it already; add a new code for a new sign.
 */
const S = 'sexual';
const L = 'labour';
const C = 'criminal';
const O = 'organ_removal';

type Seed = [code: string, forms: IndicatorValues['forms'], text: string];

const LIST: Record<IndicatorGroup, Seed[]> = {
  work: [
    ['work-hours', [L, C], 'Maakt zeer lange dagen of werkt vrijwel elke dag, ook als dat niet bij het werk past.'],
    ['work-no-contract', [L], 'Heeft geen arbeidscontract, of weet niet wat erin staat of wie de werkgever is.'],
    ['work-conditions', [L], 'Werkt onder onveilige of ongezonde omstandigheden, zonder beschermingsmiddelen.'],
    ['work-other-job', [L, S], 'Doet ander werk dan vooraf beloofd, of heeft geen keuze in welk werk of hoeveel.'],
    ['work-transport', [L, S, C], 'Wordt in groepjes gebracht en gehaald, vaak door dezelfde persoon of hetzelfde busje.'],
    ['work-sex-many-clients', [S], 'Moet veel klanten ontvangen of mag klanten of handelingen niet weigeren.'],
    ['work-sex-moving', [S], 'Werkt in de seksbranche en wordt vaak verplaatst tussen steden of adressen.'],
    ['work-crime-tasks', [C], 'Voert opdrachten uit voor anderen: drugs vervoeren of verkopen, stelen, bedelen of geld wegbrengen.'],
  ],
  housing: [
    ['housing-overcrowded', [L, S], 'Woont met veel mensen op een (te) klein adres, of op of bij de werkplek.'],
    ['housing-many-registered', [L, S, C], 'Op één adres staan opvallend veel mensen ingeschreven, of er wisselen steeds bewoners.'],
    ['housing-via-employer', [L], 'De woning wordt geregeld door de werkgever of bemiddelaar; de huur gaat van het loon af.'],
    ['housing-poor', [L], 'De woning is slecht onderhouden of brandgevaarlijk, zonder eigen ruimte of privacy.'],
    ['housing-locked', [S, L], 'Ramen zijn geblindeerd of afgeplakt, deuren zitten op slot of er hangen camera’s op de bewoners gericht.'],
    ['housing-used-by-others', [C, S], 'De woning wordt door anderen gebruikt, bijvoorbeeld voor opslag, een hennepkwekerij of prostitutie.'],
    ['housing-no-address', [L, S, C], 'Weet het eigen woonadres niet, of heeft geen vaste verblijfplaats.'],
  ],
  money: [
    ['money-debt', [S, L, C, O], 'Heeft een schuld bij de werkgever, de bemiddelaar of degene die de reis regelde, en die schuld wordt niet kleiner.'],
    ['money-low-pay', [L], 'Verdient (veel) minder dan het minimumloon, of krijgt loon onregelmatig of helemaal niet.'],
    ['money-handed-over', [S, L, C], 'Moet (een groot deel van) het verdiende geld afstaan aan een ander.'],
    ['money-no-own-account', [L, S, C], 'Heeft geen eigen bankrekening of pinpas, of een ander beheert de rekening.'],
    ['money-account-misuse', [C], 'Op de eigen naam zijn rekeningen, leningen, abonnementen of bedrijven afgesloten voor anderen.'],
    ['money-benefits-misuse', [C, L], 'Een uitkering, toeslag of lening wordt aangevraagd of opgestreken door een ander.'],
    ['money-organ-payment', [O], 'Er wordt gesproken over geld of het aflossen van een schuld in ruil voor een orgaan of medische ingreep.'],
  ],
  dependency: [
    ['dependency-papers', [S, L, C, O], 'Heeft de eigen identiteitspapieren niet zelf; een ander bewaart het paspoort of ID-bewijs.'],
    ['dependency-residence', [L, S], 'Verblijfsrecht of werkvergunning hangt af van de werkgever of een andere persoon.'],
    ['dependency-language', [S, L, C], 'Spreekt de taal niet en is voor alles afhankelijk van één tolk of begeleider.'],
    ['dependency-addiction', [S, C], 'Is verslaafd, of krijgt drugs of alcohol van degene voor wie hij of zij werkt.'],
    ['dependency-vulnerable', [S, C, L], 'Is extra kwetsbaar: minderjarig, licht verstandelijk beperkt, dakloos of net uit de jeugdzorg.'],
    ['dependency-lover-boy', [S, C], 'Heeft een (veel) oudere vriend of “beschermer” die alles regelt en van wie hij of zij afhankelijk is.'],
    ['dependency-family-pressure', [L, S, O], 'Staat onder druk van familie in het land van herkomst, of de familie wordt bedreigd.'],
  ],
  freedom: [
    ['freedom-not-alone', [S, L, C], 'Mag of kan niet alleen praten; iemand anders is altijd aanwezig of voert het woord.'],
    ['freedom-movement', [S, L], 'Kan niet vrij gaan en staan, wordt opgesloten of bewaakt.'],
    ['freedom-cannot-leave', [S, L, C], 'Durft of kan niet stoppen met het werk of vertrekken.'],
    ['freedom-threats', [S, L, C, O], 'Wordt bedreigd, of er wordt gedreigd met geweld tegen familie of met aangifte bij de politie.'],
    ['freedom-phone-taken', [S, L, C], 'Heeft geen eigen telefoon, of de telefoon wordt gecontroleerd of afgepakt.'],
    ['freedom-medical-consent', [O], 'Lijkt niet zelf te hebben gekozen voor een medische ingreep, of weet niet wat er gaat gebeuren.'],
  ],
  appearance_behaviour: [
    ['behaviour-injuries', [S, L, C, O], 'Heeft verwondingen, littekens of tekenen van mishandeling, en kan of wil niet zeggen waar ze vandaan komen.'],
    ['behaviour-scar-surgery', [O], 'Heeft een recent litteken van een operatie zonder duidelijke medische reden of nazorg.'],
    ['behaviour-fear', [S, L, C], 'Is angstig, schrikachtig, wantrouwend tegenover instanties of ontwijkt oogcontact.'],
    ['behaviour-scripted', [S, L, C], 'Vertelt een ingestudeerd of steeds hetzelfde verhaal, of tegenstrijdige verhalen.'],
    ['behaviour-neglect', [S, L, C], 'Ziet er uitgeput, ondervoed of verwaarloosd uit; heeft geen toegang tot zorg.'],
    ['behaviour-expensive-items', [S, C], 'Heeft ineens dure kleding, telefoons of cadeaus zonder duidelijke bron van inkomsten.'],
    ['behaviour-youth-absence', [S, C], 'Een jongere verzuimt vaak van school, loopt weg of is ’s nachts op straat.'],
    ['behaviour-tattoo', [S, C], 'Heeft een tatoeage of merkteken dat op “eigendom” van iemand lijkt te wijzen.'],
  ],
  contacts: [
    ['contacts-isolated', [S, L, C], 'Heeft weinig of geen contact met familie, vrienden of mensen buiten het werk.'],
    ['contacts-controller', [S, L, C, O], 'Er is steeds dezelfde persoon bij die de afspraken maakt, betaalt of formulieren invult.'],
    ['contacts-unknown-visitors', [S, C], 'Er komen veel wisselende, onbekende bezoekers op een adres, ook ’s nachts.'],
    ['contacts-recruitment', [L, S, O], 'Is geworven via een bemiddelaar of kennis met beloften die niet zijn nagekomen.'],
    ['contacts-older-men', [S, C], 'Een minderjarige gaat om met (veel) oudere mannen of met mensen uit een crimineel milieu.'],
    ['contacts-same-contact-many', [L, S, C], 'Dezelfde contactpersoon, hetzelfde telefoonnummer of e-mailadres duikt op bij meerdere mensen of aanvragen.'],
  ],
  online: [
    ['online-ads', [S], 'Er staan advertenties voor seksuele diensten online met dit telefoonnummer, deze persoon of dit adres.'],
    ['online-recruitment', [L, S, C], 'Werd online geworven met een vacature of aanbod dat te mooi leek om waar te zijn.'],
    ['online-sextortion', [S, C], 'Wordt gechanteerd met foto’s of filmpjes, of gedwongen om online seksuele handelingen te doen.'],
    ['online-account-control', [S, L, C], 'Een ander beheert de accounts op sociale media of de datingsites, of leest alles mee.'],
    ['online-money-mule', [C], 'Is via sociale media benaderd om de bankrekening of pinpas “uit te lenen” tegen betaling.'],
    ['online-organ-offer', [O], 'Er is online contact over het verkopen of afstaan van een orgaan.'],
  ],
};

/** The default list with a sort order (groups in the fixed order, steps of 10 so the coordinator can slot in between). */
export const DEFAULT_INDICATORS: readonly (IndicatorValues & { code: string; sortOrder: number })[] = Object.entries(LIST).flatMap(([group, seeds]) =>
  seeds.map(([code, forms, text]) => ({ code, group: group as IndicatorGroup, forms, text })),
).map((row, i) => ({ ...row, sortOrder: (i + 1) * 10 }));
