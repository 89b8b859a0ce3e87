import type { ExploitationForm } from '../../../shared/domain.js';
import { WeightedTable } from './random.js';

/**
 * Data pools for the synthetic registers (issue 4). Written for this generator: the frequencies
 * are rounded impressions of the Dutch name distribution (most common surnames in the tens of
 * thousands of bearers), not a copy of any dataset. Weights are relative within a pool.
 */

// ---------------------------------------------------------------------------------------------
// Origins

/** Where a generated person's names come from. */
export const ORIGINS = [
  'dutch',
  'surinamese',
  'turkish',
  'moroccan',
  'polish',
  'romanian',
  'bulgarian',
  'syrian',
  'eritrean',
  'vietnamese',
] as const;
export type Origin = (typeof ORIGINS)[number];

/** Share of each origin among generated persons (roughly the Dutch population). */
export const ORIGIN_WEIGHTS: Readonly<Record<Origin, number>> = {
  dutch: 79,
  surinamese: 3,
  turkish: 2.5,
  moroccan: 2.5,
  polish: 2.5,
  romanian: 1.3,
  bulgarian: 1.2,
  syrian: 1,
  eritrean: 0.5,
  vietnamese: 0.3,
};

/** Origins of labour migrants housed together (the households of {@link HOUSEHOLD_KINDS} "migrants"). */
export const MIGRANT_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['polish', 5],
  ['romanian', 3],
  ['bulgarian', 3],
];

// ---------------------------------------------------------------------------------------------
// Surnames

/** A surname as the BRP holds it: voorvoegsel and geslachtsnaam apart; a female form where it differs. */
export interface Surname {
  prefix: string;
  name: string;
  /** Polish -ski/-ska, Bulgarian -ov/-ova. */
  female?: string;
}

/** "van den Berg 60" → prefix "van den", name "Berg"; "Kowalski/Kowalska 9" gives a female form. */
function surnames(spec: string): [Surname, number][] {
  return spec
    .trim()
    .split('\n')
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(.*)\s+(\d+(?:\.\d+)?)$/.exec(entry);
      if (!m) throw new Error(`surname entry without weight: ${entry}`);
      const words = m[1]!.split(' ');
      let i = 0;
      while (i < words.length - 1 && /^(van|de|den|der|het|'t|te|ten|ter|in|op)$/.test(words[i]!)) i++;
      const full = words.slice(i).join(' ');
      const [name, female] = full.split('/');
      const s: Surname = { prefix: words.slice(0, i).join(' '), name: name! };
      if (female) s.female = female;
      return [s, Number(m[2])] as [Surname, number];
    });
}

/** Surnames per origin with a relative frequency (thousands of bearers for the Dutch ones). */
export const SURNAMES: Readonly<Record<Origin, readonly [Surname, number][]>> = {
  dutch: surnames(`
    de Jong 86, Jansen 74, de Vries 72, van den Berg 60, van Dijk 56, Bakker 55, Janssen 53, Visser 49,
    Smit 45, Meijer 41, de Boer 40, Mulder 38, de Groot 37, Bos 36, Vos 33, Peters 32, Hendriks 31,
    van Leeuwen 30, Dekker 29, Brouwer 28, de Wit 27, Dijkstra 26, Smits 25, de Graaf 25, van der Meer 24,
    van der Linden 23, Kok 23, Jacobs 22, de Haan 22, Vermeulen 22, van den Heuvel 21, van der Veen 21,
    van den Broek 21, de Bruijn 20, de Bruin 19, van der Heijden 20, Schouten 19, van Beek 19, Willems 19,
    van Vliet 18, van de Ven 18, Hoekstra 18, Maas 18, Verhoeven 17, Koster 17, van Dam 17, van der Wal 17,
    Prins 16, Blom 16, Huisman 16, Peeters 16, de Jonge 15, Kuipers 15, van Veen 15, Post 15, Kuiper 15,
    Veenstra 14, Kramer 14, van den Brink 14, Scholten 14, van Wijk 14, Postma 14, Martens 14, Vink 13,
    de Ruiter 13, Timmermans 13, Groen 13, Gerritsen 13, Jonker 13, van Loon 13, Boer 12, van der Velde 12,
    Willemsen 12, Smeets 12, de Lange 12, de Vos 12, Bosch 12, van Dongen 12, Schipper 12, de Koning 12,
    van der Laan 11, Koning 11, van der Velden 11, Driessen 11, van Doorn 11, Hermans 11, Evers 11,
    van den Bosch 11, van der Meulen 11, Hofman 11, Bosman 11, Wolters 11, Sanders 11, van der Horst 10,
    Mol 10, Kuijpers 10, Molenaar 10, van de Pol 10, de Leeuw 10, Verbeek 10, Hoogendoorn 9, Lammers 9,
    Claassen 9, Pieters 9, Wouters 9, Goossens 9, van Rijn 9, Kroon 9, Bergsma 9, Hoek 9, van Os 9,
    Beekman 8, Wijnands 8, Aarts 8, Dijkman 8, Koops 8, van Hout 8, Boon 8, Kamphuis 8,
    Verschuren 8, Wijers 8, van der Zee 8, Stam 8, Veldman 8, Oosterhuis 8, Kosters 7, Brink 7, Nijhuis 7,
    van Dalen 7, Rietveld 7, de Kok 7, Vrolijk 7, Hoogland 7, van Zanten 7, Mertens 7, Bouwman 7, Heijnen 7,
    Ottens 7, Sluiter 7, Kloosterman 7, van der Steen 7, Verweij 7, Boersma 6, Zwart 6, van Ginkel 6,
    van der Pol 6, de Wilde 6, Ruiter 6, van Kempen 6, Schoenmaker 6, Mulders 6, van Rooij 6, Haverkamp 6,
    Hartman 6, Bruins 6, Spijker 6, van Essen 6, Westerhof 6, Kooiman 6, Jongsma 6, Lubbers 6, Teunissen 6,
    van Ommen 5, Hermsen 5, van Eijk 5, Vonk 5, van der Ploeg 5, Pronk 5, Weijers 5, de Bok 5, Geurts 5,
    Langeveld 5, van Gelder 5, Bakx 5, van Schaik 5, Stolk 5, van Wijngaarden 5, Verkerk 5, Zijlstra 5,
    van Kooten 5, van Baal 5, Nieuwenhuis 5, Rutten 5, Arts 5, van Es 5, Groeneveld 5, ten Have 4,
    ter Horst 4, 't Hart 4, van 't Hof 3, Verhagen 4, Kuijper 4, Versteeg 4, de Heer 3, van Ham 4,
    den Hartog 4, den Boer 4, den Ouden 4, Lagerweij 3, van Straaten 4, Verwoerd 3, Knol 4, Hazeleger 2,
    Roodenburg 2, Verhoef 4, Wesselink 3, Lamers 3, Eijkelenboom 2, Schreurs 3, van Wieringen 3,
    Brinkman 4, Klein 4, Voskuilen 2, van Rossum 3, Baas 3, Kamp 3, Verburg 3, Ouwehand 2, Hoogenboom 3,
    van Ee 2, Kraaijeveld 2, van Zessen 1, Pauw 2, Blokland 3, Vlot 2, Koppejan 1, van Vuuren 3,
    Griffioen 3, van Woerden 2, Middelkoop 2, de Kruijf 2, Vermeij 2, Bleijenberg 1, Heijkoop 1, Uittenbogaard 1,
    van Rooijen 3, Oskam 2, Verheul 2, Schalkwijk 2, de Gier 2, van Leerdam 2, Stoutjesdijk 1, Zwanenburg 2
  `),
  surinamese: surnames(`
    Ramdin 3, Kanhai 3, Sewdien 2, Ramlal 2, Biharie 2, Jagesar 2, Doekhie 2, Ramcharan 2, Soekhoe 2,
    Pinas 2, Wijngaarde 2, Sedney 2, Kross 2, Martina 2, Elstak 1, Misiedjan 1, Tjon 1, Amatmoekrim 1
  `),
  turkish: surnames(`
    Yılmaz 6, Kaya 5, Demir 5, Şahin 4, Çelik 4, Yıldız 4, Öztürk 4, Aydın 4, Özdemir 3, Arslan 3, Doğan 3,
    Kılıç 3, Aslan 2, Çetin 2, Kara 2, Koç 2, Kurt 2, Özkan 2, Şimşek 2, Polat 2, Güneş 2, Aksoy 2, Erdoğan 2
  `),
  moroccan: surnames(`
    El Amrani 4, Bouzid 3, El Idrissi 3, Benali 3, Ait Said 2, Ouali 2, Haddou 2, El Khatib 2, Azzouzi 2,
    Boukhari 2, Tahiri 2, Amrani 2, Chaoui 2, Bakkali 3, El Ouardi 2, Bouchtaoui 1, Ziani 2, El Hamdaoui 2,
    Aouragh 1, Benhaddou 1, El Mokhtari 1, Boulahrouz 1
  `),
  polish: surnames(`
    Nowak 6, Kowalski/Kowalska 5, Wiśniewski/Wiśniewska 4, Wójcik 4, Kowalczyk 4, Kamiński/Kamińska 4,
    Lewandowski/Lewandowska 4, Zieliński/Zielińska 3, Szymański/Szymańska 3, Woźniak 3, Dąbrowski/Dąbrowska 3,
    Kozłowski/Kozłowska 3, Mazur 3, Krawczyk 3, Jankowski/Jankowska 2, Wojciechowski/Wojciechowska 2,
    Kwiatkowski/Kwiatkowska 2, Kaczmarek 2, Piotrowski/Piotrowska 2, Grabowski/Grabowska 2
  `),
  romanian: surnames(`
    Popescu 5, Popa 4, Pop 4, Ionescu 3, Radu 3, Dumitru 3, Stan 3, Stoica 2, Gheorghe 2, Matei 2,
    Ciobanu 2, Constantin 2, Munteanu 2, Rusu 2, Moldovan 2, Lungu 2, Florea 2, Munteanu 1, Toma 2
  `),
  bulgarian: surnames(`
    Ivanov/Ivanova 5, Georgiev/Georgieva 4, Dimitrov/Dimitrova 4, Petrov/Petrova 4, Nikolov/Nikolova 3,
    Hristov/Hristova 3, Stoyanov/Stoyanova 3, Todorov/Todorova 3, Iliev/Ilieva 2, Angelov/Angelova 2,
    Atanasov/Atanasova 2, Kolev/Koleva 2, Yordanov/Yordanova 2, Mihaylov/Mihaylova 2
  `),
  syrian: surnames(`
    Haddad 3, Khalil 3, Hamdan 2, Al Ahmad 2, Mansour 2, Darwish 2, Ibrahim 3, Hassan 3, Othman 2,
    Al Hussein 2, Suleiman 2, Al Khatib 1, Kassem 1
  `),
  eritrean: surnames(`
    Tesfay 3, Tesfamariam 2, Ghebremedhin 2, Haile 3, Berhe 3, Kidane 2, Tekle 2, Gebremichael 2,
    Woldemariam 2, Asmerom 1, Habte 2, Negash 2, Ghebreyesus 1, Mehari 1
  `),
  vietnamese: surnames(`
    Nguyễn 10, Trần 4, Lê 3, Phạm 3, Hoàng 2, Phan 2, Vũ 2, Đặng 1, Bùi 1, Đỗ 1
  `),
};

// ---------------------------------------------------------------------------------------------
// Given names

type Sex = 'M' | 'V';

function given(spec: string): string[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Given names per origin and sex (the first names listed are the more common). */
export const GIVEN_NAMES: Readonly<Record<Origin, Readonly<Record<Sex, readonly string[]>>>> = {
  dutch: {
    M: given(`Jan, Johannes, Cornelis, Hendrik, Willem, Pieter, Gerrit, Jacobus, Adrianus, Petrus, Peter,
      Hans, Kees, Henk, Wim, Marco, Mark, Dennis, Patrick, Robert, Erik, Martijn, Jeroen, Bas, Thomas,
      Tim, Niels, Ruben, Daan, Sem, Lucas, Levi, Finn, Milan, Jesse, Bram, Stijn, Thijs, Lars, Rick,
      Sander, Joost, Arjen, Gijs, Maarten, Frank, Rob, Ronald, Michiel, Koen, Luuk, Teun, Jelle, Sjoerd`),
    V: given(`Maria, Johanna, Anna, Cornelia, Wilhelmina, Elisabeth, Hendrika, Petronella, Ingrid, Monique,
      Sandra, Marieke, Linda, Esther, Petra, Annemieke, Sanne, Lisa, Laura, Anne, Eva, Emma, Julia, Sophie,
      Tess, Lotte, Fleur, Iris, Femke, Nienke, Marloes, Ilse, Karin, Wendy, Mirjam, Anouk, Noor, Lieke,
      Saskia, Manon, Kim, Evelien, Jolanda, Ria, Greet, Diana, Charlotte, Roos, Yvonne, Astrid`),
  },
  surinamese: {
    M: given(`Ravi, Anil, Sunil, Rajesh, Marvin, Jurgen, Errol, Romano, Dinesh, Glenn`),
    V: given(`Shanti, Sharda, Priya, Anita, Shirley, Sharon, Reshma, Natasja, Roshni`),
  },
  turkish: {
    M: given(`Mehmet, Mustafa, Ahmet, Emre, Hüseyin, Murat, İbrahim, Hasan, Yusuf, Burak, Kemal, Ömer`),
    V: given(`Fatma, Ayşe, Emine, Zeynep, Elif, Hatice, Büşra, Özlem, Derya, Merve, Gül`),
  },
  moroccan: {
    M: given(`Mohamed, Ahmed, Youssef, Said, Khalid, Hamza, Bilal, Abdelkader, Mustapha, Rachid, Karim, Nordin`),
    V: given(`Fatima, Khadija, Naima, Samira, Malika, Amina, Nadia, Soumaya, Hanan, Loubna, Ikram`),
  },
  polish: {
    M: given(`Piotr, Krzysztof, Tomasz, Paweł, Marcin, Michał, Łukasz, Andrzej, Jakub, Grzegorz, Mateusz`),
    V: given(`Anna, Katarzyna, Magdalena, Agnieszka, Joanna, Małgorzata, Ewa, Monika, Justyna, Dorota`),
  },
  romanian: {
    M: given(`Andrei, Ion, Gheorghe, Mihai, Florin, Constantin, Ionuț, Vasile, Marius, Adrian, Cătălin`),
    V: given(`Maria, Elena, Ioana, Andreea, Mihaela, Ana, Cristina, Gabriela, Alina, Florentina`),
  },
  bulgarian: {
    M: given(`Georgi, Ivan, Dimitar, Nikolay, Petar, Hristo, Stoyan, Todor, Krasimir, Plamen`),
    V: given(`Maria, Ivanka, Elena, Yordanka, Desislava, Petya, Radka, Svetlana, Gergana, Tsvetelina`),
  },
  syrian: {
    M: given(`Mohammad, Ahmad, Omar, Ali, Rami, Khaled, Mahmoud, Ammar, Bashar, Yaser`),
    V: given(`Yara, Rasha, Lina, Hiba, Nour, Rania, Dima, Reem, Ghada`),
  },
  eritrean: {
    M: given(`Yonas, Dawit, Filmon, Samuel, Tesfalem, Merhawi, Biniam, Robel, Habtom, Aman`),
    V: given(`Helen, Senait, Luwam, Yohana, Saba, Rahel, Selam, Winta, Feven, Hiwet`),
  },
  vietnamese: {
    // As the BRP holds them: the middle name (Văn, Thị, Đức …) belongs to the given names.
    M: given(`Văn Minh, Văn Hùng, Đức Anh, Quang Huy, Văn Nam, Minh Tuấn, Văn Long, Thanh Sơn`),
    V: given(`Thị Lan, Thị Hoa, Thị Mai, Thị Hương, Thị Thu, Ngọc Anh, Thị Hằng, Thu Trang`),
  },
};

export function surnameTable(origin: Origin): WeightedTable<Surname> {
  return new WeightedTable(SURNAMES[origin]);
}

// ---------------------------------------------------------------------------------------------
// Places and postcodes

export interface Place {
  /** woonplaats */
  name: string;
  gemeente: string;
  /** 4-digit CBS municipality code (part of the BAG id). */
  gemeentecode: string;
  /** First and last 4-digit postcode of the place. */
  pcFrom: number;
  pcTo: number;
  /** Relative number of addresses. */
  weight: number;
  /** Street names of the place besides the common ones. */
  streets?: readonly string[];
}

/** Lopik's villages (the "lopik" profile). */
export const LOPIK_PLACES: readonly Place[] = [
  {
    name: 'Lopik', gemeente: 'Lopik', gemeentecode: '0331', pcFrom: 3411, pcTo: 3412, weight: 45,
    streets: ['Lopikerweg Oost', 'Lopikerweg West', 'Graaf Florisweg', 'Raadhuisstraat', 'Waalseweg', 'Houtsweg', 'Prinses Beatrixstraat', 'Oranjelaan', 'De Copen', 'Meidoornweg', 'Tuinbouwweg', 'Zuidzijdseweg'],
  },
  {
    name: 'Lopikerkapel', gemeente: 'Lopik', gemeentecode: '0331', pcFrom: 3413, pcTo: 3413, weight: 8,
    streets: ['Provincialeweg', 'Kapelweg', 'Lopikerweg Oost', 'Hoeksestraat'],
  },
  {
    name: 'Polsbroek', gemeente: 'Lopik', gemeentecode: '0331', pcFrom: 3414, pcTo: 3414, weight: 12,
    streets: ['Polsbroekerdam', 'Hoofdstraat', 'Noorderstraat', 'Vlist', 'Kerkweg', 'Cabauwsekade'],
  },
  {
    name: 'Benschop', gemeente: 'Lopik', gemeentecode: '0331', pcFrom: 3415, pcTo: 3415, weight: 15,
    streets: ['Benschopperdijk', 'Kerkstraat', 'Noord-Benschop', 'Zuid-Benschop', 'Polsbroekerweg', 'Schoolstraat'],
  },
  {
    name: 'Jaarsveld', gemeente: 'Lopik', gemeentecode: '0331', pcFrom: 3416, pcTo: 3417, weight: 12,
    streets: ['Jaarsveldse Dijk', 'Lekdijk West', 'Kerkweg', 'Middelwetering', 'Korte Zuwe'],
  },
];

/** Towns and cities for the "country" profile: postcode ranges of the right region, weight ~ addresses (thousands). */
export const COUNTRY_PLACES: readonly Place[] = (
  [
    ['Amsterdam', '0363', 1011, 1109, 470],
    ['Zaandam', '0479', 1501, 1509, 40],
    ['Purmerend', '0439', 1441, 1448, 38],
    ['Hoorn', '0405', 1621, 1628, 33],
    ['Den Helder', '0400', 1781, 1789, 28],
    ['Alkmaar', '0361', 1811, 1826, 45],
    ['Hilversum', '0402', 1211, 1223, 42],
    ['Almere', '0034', 1311, 1363, 85],
    ['Haarlem', '0392', 2011, 2037, 80],
    ['Hoofddorp', '0394', 2131, 2136, 35],
    ['Leiden', '0546', 2311, 2334, 65],
    ['Den Haag', '0518', 2491, 2597, 270],
    ['Delft', '0503', 2611, 2629, 50],
    ['Naaldwijk', '1783', 2671, 2676, 25],
    ['Zoetermeer', '0637', 2711, 2729, 55],
    ['Gouda', '0513', 2801, 2809, 35],
    ['Rotterdam', '0599', 3011, 3089, 320],
    ['Schiedam', '0606', 3111, 3125, 40],
    ['Vlaardingen', '0622', 3131, 3138, 35],
    ['Spijkenisse', '1992', 3201, 3209, 35],
    ['Dordrecht', '0505', 3311, 3329, 60],
    ['IJsselstein', '0353', 3401, 3404, 15],
    ['Lopik', '0331', 3411, 3417, 6],
    ['Nieuwegein', '0356', 3431, 3439, 30],
    ['Woerden', '0632', 3441, 3449, 22],
    ['Utrecht', '0344', 3511, 3585, 160],
    ['Zeist', '0355', 3701, 3709, 30],
    ['Amersfoort', '0307', 3811, 3826, 65],
    ['Harderwijk', '0243', 3841, 3848, 20],
    ['Veenendaal', '0345', 3901, 3907, 28],
    ['Houten', '0321', 3991, 3995, 20],
    ['Tiel', '0281', 4001, 4007, 20],
    ['Middelburg', '0687', 4331, 4339, 23],
    ['Vlissingen', '0718', 4381, 4389, 22],
    ['Terneuzen', '0715', 4531, 4538, 25],
    ['Bergen op Zoom', '0748', 4611, 4625, 32],
    ['Roosendaal', '1674', 4701, 4709, 35],
    ['Breda', '0758', 4811, 4839, 85],
    ['Tilburg', '0855', 5011, 5049, 100],
    ['Waalwijk', '0867', 5141, 5146, 21],
    ["'s-Hertogenbosch", '0796', 5211, 5237, 70],
    ['Oss', '1842', 5341, 5345, 35],
    ['Eindhoven', '0772', 5611, 5658, 110],
    ['Helmond', '0794', 5701, 5709, 42],
    ['Venray', '0984', 5801, 5809, 19],
    ['Venlo', '0983', 5911, 5928, 45],
    ['Horst', '1507', 5961, 5966, 17],
    ['Maastricht', '0935', 6211, 6229, 65],
    ['Heerlen', '0917', 6411, 6422, 45],
    ['Nijmegen', '0268', 6511, 6546, 85],
    ['Ede', '0228', 6711, 6718, 35],
    ['Arnhem', '0202', 6811, 6846, 80],
    ['Apeldoorn', '0200', 7311, 7339, 75],
    ['Deventer', '0150', 7411, 7429, 45],
    ['Enschede', '0153', 7511, 7548, 77],
    ['Almelo', '0141', 7601, 7609, 33],
    ['Emmen', '0114', 7811, 7828, 30],
    ['Zwolle', '0193', 8011, 8043, 60],
    ['Lelystad', '0995', 8211, 8245, 35],
    ['Kampen', '0166', 8261, 8266, 20],
    ['Leeuwarden', '0080', 8911, 8939, 55],
    ['Assen', '0106', 9401, 9409, 32],
    ['Groningen', '0014', 9711, 9747, 120],
  ] as const
).map(([name, gemeentecode, pcFrom, pcTo, weight]) => ({
  name,
  gemeente: name === 'Hoofddorp' ? 'Haarlemmermeer' : name === 'Naaldwijk' ? 'Westland' : name === 'Zaandam' ? 'Zaanstad' : name === 'Horst' ? 'Horst aan de Maas' : name,
  gemeentecode,
  pcFrom,
  pcTo,
  weight,
}));

/** Postcode letters: F, I, O, Q, U and Y are not used, nor SA, SD and SS. */
export const POSTCODE_LETTER_PAIRS: readonly string[] = (() => {
  const letters = 'ABCDEGHJKLMNPRSTVWXZ';
  const out: string[] = [];
  for (const a of letters) for (const b of letters) if (!['SA', 'SD', 'SS'].includes(a + b)) out.push(a + b);
  return out;
})();

// ---------------------------------------------------------------------------------------------
// Streets

const STREET_FIXED = given(`Kerkstraat, Dorpsstraat, Molenweg, Schoolstraat, Stationsweg, Julianastraat,
  Beatrixstraat, Wilhelminastraat, Oranjestraat, Nieuwstraat, Marktplein, Prins Bernhardlaan, Hoofdstraat,
  Kerkplein, Molenstraat, Raadhuisplein, Kastanjelaan, Dorpsweg, Havenstraat, Voorstraat, Achterstraat,
  Emmastraat, Parallelweg, Spoorstraat, Burgemeester de Withstraat, Koningin Julianalaan, Nassaustraat,
  Prinses Irenestraat, Populierenlaan, Sportlaan, Zuiderweg, Noordersingel, Oostersingel, Westerkade`);
const STREET_STEMS = given(`Eiken, Beuken, Linden, Berken, Esdoorn, Kastanje, Wilgen, Iepen, Elzen, Platanen,
  Merel, Lijster, Vinken, Kievit, Reiger, Zwaluw, Meeuwen, Spreeuwen, Roodborst, Buizerd,
  Rembrandt, Vermeer, Van Gogh, Vondel, Bilderdijk, Frans Hals, Jan Steen, Huygens, Erasmus, Spinoza,
  Tulpen, Rozen, Narcissen, Lelie, Anjer, Dahlia, Seringen, Hyacinten, Gentiaan, Klaver,
  Rijn, Maas, Waal, IJssel, Lek, Vecht, Dommel, Amstel, Zaan, Schie,
  Koper, Tin, Zilver, Goud, IJzer, Staal, Zand, Klei, Veen, Grind`);
const STREET_SUFFIXES: readonly (readonly [string, number])[] = [
  ['straat', 5], ['laan', 4], ['weg', 3], ['hof', 1], ['pad', 1], ['plein', 0.5], ['singel', 0.5], ['kade', 0.5], ['dreef', 0.5],
];
const INDUSTRIAL_STREETS = given(`Industrieweg, Ambachtsweg, Nijverheidsweg, Handelsweg, Edisonstraat, Marconistraat,
  Transportweg, Energieweg, Celsiusstraat, Newtonstraat, Zuiderhavenweg, Bedrijvenpark, Kalkovenweg, Veilingweg`);

/** The n-th common street name (deterministic, unbounded pool). */
export function streetName(rngValue: number, industrial: boolean): string {
  if (industrial) return INDUSTRIAL_STREETS[rngValue % INDUSTRIAL_STREETS.length]!;
  const n = STREET_FIXED.length + STREET_STEMS.length * STREET_SUFFIXES.length;
  const k = rngValue % n;
  if (k < STREET_FIXED.length) return STREET_FIXED[k]!;
  const j = k - STREET_FIXED.length;
  const stem = STREET_STEMS[j % STREET_STEMS.length]!;
  const suffix = STREET_SUFFIXES[Math.floor(j / STREET_STEMS.length)]![0];
  // "Van Gogh" + "straat" → "Van Goghstraat"; "Frans Hals" + "laan" → "Frans Halslaan"
  return stem + suffix;
}

// ---------------------------------------------------------------------------------------------
// Companies

export const RECHTSVORMEN: readonly (readonly [string, number])[] = [
  ['Eenmanszaak', 58],
  ['Besloten Vennootschap', 27],
  ['Vennootschap onder firma', 8],
  ['Stichting', 3],
  ['Maatschap', 2],
  ['Commanditaire Vennootschap', 1],
  ['Coöperatie', 0.5],
  ['Vereniging', 0.5],
];

/** Written legal forms in a trade name, by rechtsvorm. */
export const LEGAL_FORM_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  'Besloten Vennootschap': ['B.V.', 'BV', 'B.V'],
  'Vennootschap onder firma': ['V.O.F.', 'VOF', 'v.o.f.'],
  'Commanditaire Vennootschap': ['C.V.', 'CV'],
};

/**
 * A sector: its SBI code, how common it is, the trade-name patterns and the exploitation forms
 * a signal about such a company typically concerns.
 *
 * Pattern slots: {S} the owner's surname (with prefix), {P} the place, {F} a fancy word, {G} a
 * given name, {W} a word of the sector.
 */
export interface Sector {
  key: string;
  sbi: string;
  weight: number;
  patterns: readonly string[];
  /** Exploitation forms a signal about such a company concerns (empty: rarely in signals). */
  forms: readonly ExploitationForm[];
  /** Relative chance that a signal names a company of this sector. */
  signalWeight: number;
  /** A business unit rather than a dwelling (industriefunctie, winkelfunctie …). */
  gebruiksdoel: string;
}

export const SECTORS: readonly Sector[] = [
  { key: 'uitzendbureau', sbi: '7820', weight: 3, patterns: ['Uitzendbureau {S}', '{S} Uitzendgroep', '{F} Personeelsdiensten', 'Flex{W} Uitzendbureau', '{P} Uitzendbureau', 'Euro{W} Staffing'], forms: ['labour'], signalWeight: 14, gebruiksdoel: 'kantoorfunctie' },
  { key: 'schoonmaak', sbi: '8121', weight: 4, patterns: ['Schoonmaakbedrijf {S}', '{S} Schoonmaakdiensten', 'Glazenwasserij {S}', '{F} Cleaning', 'Schoonmaakservice {P}'], forms: ['labour'], signalWeight: 8, gebruiksdoel: 'kantoorfunctie' },
  { key: 'nagelstudio', sbi: '9602', weight: 2, patterns: ['Nagelstudio {F}', '{F} Nails', 'Nails by {G}', '{F} Nail & Beauty', 'Beautysalon {F}'], forms: ['labour', 'criminal'], signalWeight: 8, gebruiksdoel: 'winkelfunctie' },
  { key: 'carwash', sbi: '4520', weight: 1, patterns: ['Car Wash {S}', '{F} Carwash', 'Autowasstraat {P}', 'Carwash {P}', 'Handcarwash {F}'], forms: ['labour'], signalWeight: 8, gebruiksdoel: 'industriefunctie' },
  { key: 'massagesalon', sbi: '9604', weight: 1, patterns: ['Massagesalon {F}', '{F} Massage', 'Thai Massage {F}', 'Wellness {F}', 'Chinese Massage {P}'], forms: ['sexual'], signalWeight: 10, gebruiksdoel: 'winkelfunctie' },
  { key: 'transport', sbi: '4941', weight: 4, patterns: ['Transport {S} B.V.', '{S} Transport & Logistiek', 'Koeriersdienst {S}', '{F} Logistics', 'Transportbedrijf {S}'], forms: ['labour'], signalWeight: 4, gebruiksdoel: 'industriefunctie' },
  { key: 'champignon', sbi: '0113', weight: 0.4, patterns: ['Champignonkwekerij {S}', '{S} Paddenstoelen', 'Champignonbedrijf {P}', 'Kwekerij {S}'], forms: ['labour'], signalWeight: 6, gebruiksdoel: 'industriefunctie' },
  { key: 'glastuinbouw', sbi: '0113', weight: 1.5, patterns: ['Kwekerij {S}', 'Tuinbouwbedrijf {S}', '{S} Glastuinbouw', '{S} Tomaten', 'Plantenkwekerij {F}'], forms: ['labour'], signalWeight: 4, gebruiksdoel: 'industriefunctie' },
  { key: 'vlees', sbi: '1011', weight: 0.3, patterns: ['Slachterij {S}', 'Vleesverwerking {S}', '{S} Vleeswaren', 'Uitbeenderij {P}'], forms: ['labour'], signalWeight: 4, gebruiksdoel: 'industriefunctie' },
  { key: 'horeca', sbi: '5610', weight: 6, patterns: ['Restaurant {F}', 'Cafetaria {F}', 'Shoarma {F}', 'Grillroom {F}', 'Pizzeria {F}', 'Eetcafé {S}', 'Lunchroom {F}'], forms: ['labour', 'criminal'], signalWeight: 6, gebruiksdoel: 'bijeenkomstfunctie' },
  { key: 'bouw', sbi: '4120', weight: 8, patterns: ['Bouwbedrijf {S}', '{S} Bouw', 'Klusbedrijf {S}', 'Aannemersbedrijf {S}', '{F} Bouwservice', 'Timmerbedrijf {S}'], forms: ['labour'], signalWeight: 5, gebruiksdoel: 'industriefunctie' },
  { key: 'kapper', sbi: '9602', weight: 3, patterns: ['Kapsalon {F}', 'Barbershop {F}', 'Kapperszaak {S}', 'Hair by {G}'], forms: ['labour'], signalWeight: 2, gebruiksdoel: 'winkelfunctie' },
  { key: 'detailhandel', sbi: '4711', weight: 6, patterns: ['Supermarkt {S}', 'Toko {F}', 'Bakkerij {S}', 'Slagerij {S}', 'Minimarkt {F}', 'Avondwinkel {P}'], forms: ['labour'], signalWeight: 2, gebruiksdoel: 'winkelfunctie' },
  { key: 'escort', sbi: '9609', weight: 0.2, patterns: ['Escortservice {F}', '{F} Escort', 'Privéhuis {F}', 'Club {F}'], forms: ['sexual'], signalWeight: 6, gebruiksdoel: 'bijeenkomstfunctie' },
  { key: 'agrarisch', sbi: '0141', weight: 2, patterns: ['Melkveebedrijf {S}', 'Maatschap {S}', 'Veehouderij {S}', 'Zorgboerderij {F}'], forms: ['labour'], signalWeight: 1, gebruiksdoel: 'industriefunctie' },
  { key: 'advies', sbi: '7022', weight: 14, patterns: ['{S} Advies', '{F} Consultancy', '{S} Management', 'Adviesbureau {S}'], forms: [], signalWeight: 0.3, gebruiksdoel: 'kantoorfunctie' },
  { key: 'ict', sbi: '6201', weight: 8, patterns: ['{S} IT Solutions', '{F} Software', '{F} Digital', 'Webdesign {S}'], forms: [], signalWeight: 0.2, gebruiksdoel: 'kantoorfunctie' },
  { key: 'administratie', sbi: '6920', weight: 4, patterns: ['Administratiekantoor {S}', '{S} Belastingadvies', 'Boekhoudkantoor {P}'], forms: ['criminal'], signalWeight: 1, gebruiksdoel: 'kantoorfunctie' },
  { key: 'zorg', sbi: '8810', weight: 6, patterns: ['Thuiszorg {F}', 'Zorgbureau {S}', '{F} Zorg', 'Stichting {F} Zorg'], forms: ['labour', 'criminal'], signalWeight: 1, gebruiksdoel: 'kantoorfunctie' },
  { key: 'holding', sbi: '6420', weight: 6, patterns: ['{S} Holding B.V.', '{F} Holding', '{S} Beheer B.V.', '{S} Vastgoed B.V.'], forms: [], signalWeight: 0.5, gebruiksdoel: 'kantoorfunctie' },
  { key: 'vastgoed', sbi: '6820', weight: 3, patterns: ['{S} Vastgoed', 'Kamerverhuur {P}', '{F} Wonen', 'Verhuurbedrijf {S}'], forms: ['labour', 'sexual'], signalWeight: 4, gebruiksdoel: 'kantoorfunctie' },
  { key: 'koerier', sbi: '5320', weight: 3, patterns: ['{F} Express', 'Pakketdienst {S}', 'Bezorgservice {P}'], forms: ['labour'], signalWeight: 2, gebruiksdoel: 'kantoorfunctie' },
  { key: 'cannabis', sbi: '4778', weight: 0.3, patterns: ['Growshop {F}', 'Coffeeshop {F}', '{F} Garden Supplies'], forms: ['criminal'], signalWeight: 3, gebruiksdoel: 'winkelfunctie' },
];

export const FANCY_WORDS = given(`Lucky, Golden, Happy, Royal, Star, Diamond, Sunshine, Lotus, Jade, Orchid,
  Bamboo, Phoenix, Paradise, Crystal, Silver, Rainbow, Smile, Euro, Holland, Delta, Noord, Zuid, Topaz,
  Pearl, Sakura, Saigon, Bosporus, Atlas, Anatolia, Balkan, Karpaten, Baltic, Oase, Zonnebloem, Parel`);
export const SECTOR_WORDS = given(`Work, Job, Staff, Team, Force, Power, Select, Plus, Pro, Direct`);

// ---------------------------------------------------------------------------------------------
// Own lists

export const PERMIT_SUBJECTS = given(`exploitatievergunning, drank- en horecavergunning, seksinrichtingvergunning,
  omgevingsvergunning, standplaatsvergunning, terrasvergunning, escortvergunning`);
export const BIBOB_SUBJECTS = given(`Bibob-toets exploitatievergunning, Bibob-advies Landelijk Bureau Bibob,
  Bibob-toets omgevingsvergunning, Bibob-vragenformulier`);
export const LABOUR_HOUSING_SUBJECTS = given(`huisvesting arbeidsmigranten, kamerverhuurvergunning,
  omzettingsvergunning, melding logiesgebouw`);
export const ENFORCEMENT_SUBJECTS = given(`last onder dwangsom, last onder bestuursdwang, sluiting pand,
  bestuurlijke boete, waarschuwing, controle huisvesting, intrekking vergunning`);

// ---------------------------------------------------------------------------------------------
// Signal texts

export interface SignalTexts {
  openers: readonly string[];
  observations: readonly string[];
  closers: readonly string[];
}

/**
 * Sentences of a signal's explanation, per exploitation form. Slots: {bedrijf} company name,
 * {plaats} place, {aantal} a number of people, {naam} a person's name, {dag} a weekday,
 * {herkomst} a nationality.
 */
export const SIGNAL_TEXTS: Readonly<Record<ExploitationForm, SignalTexts>> = {
  labour: {
    openers: [
      'Tijdens een controle bij {bedrijf} in {plaats} viel ons het volgende op.',
      'Bij een huisbezoek in {plaats} troffen wij een woning aan waar veel arbeidsmigranten verblijven.',
      'Een medewerker van de afdeling Werk en Inkomen meldt zorgen over een werkgever in {plaats}.',
      'Via een buurtbewoner kregen wij een tip over {bedrijf}.',
      'Bij de aanvraag van een vergunning door {bedrijf} kwamen vragen naar boven.',
    ],
    observations: [
      'Er staan {aantal} personen ingeschreven op één adres; de woning is daar niet op ingericht.',
      'De werknemers, vermoedelijk uit {herkomst}, worden elke ochtend vroeg met een busje opgehaald.',
      'Een werknemer vertelde dat zijn paspoort door de werkgever wordt bewaard.',
      'De huur wordt rechtstreeks van het loon ingehouden; er blijft nauwelijks iets over.',
      'Men werkt volgens een bewoner zes tot zeven dagen per week, ook op {dag}, zonder vrije dag.',
      'De werknemers spreken geen Nederlands of Engels en lijken niet te weten waar zij wonen.',
      '{naam} lijkt de leiding te hebben en spreekt namens de anderen.',
      'Er werd gezegd dat er een schuld moet worden afgelost voor de reis naar Nederland.',
      'Er liggen matrassen in de schuur en er is geen goede brandveiligheid.',
      'De werkgever betaalt contant en er zijn geen loonstroken.',
      'Bij eerdere controles werd hetzelfde busje bij {bedrijf} gezien.',
    ],
    closers: [
      'Graag advies over de vervolgstappen.',
      'Wij hebben de situatie niet met de betrokkenen besproken.',
      'Mogelijk is de Arbeidsinspectie al betrokken.',
      'Er is geen acuut gevaar gezien, maar de situatie baart zorgen.',
    ],
  },
  sexual: {
    openers: [
      'Bij een controle van {bedrijf} in {plaats} zagen wij signalen die kunnen wijzen op seksuele uitbuiting.',
      'Een buurtbewoner meldt veel wisselend bezoek aan een woning in {plaats}, ook \'s nachts.',
      'Op een advertentiesite wordt een adres in {plaats} genoemd met wisselende vrouwen.',
      'Een wijkagent deelde zorgen over een jonge vrouw die bij {bedrijf} werkt.',
    ],
    observations: [
      'De vrouwen lijken in de salon te wonen en slapen achter in het pand.',
      'Er komen vooral \'s avonds en \'s nachts mannen op bezoek, steeds voor korte tijd.',
      '{naam} brengt de vrouwen en haalt ze weer op; hij houdt de telefoons bij zich.',
      'Een van de vrouwen leek minderjarig en was angstig toen zij werd aangesproken.',
      'De vrouwen zouden uit {herkomst} komen en spreken geen Nederlands.',
      'De advertenties wisselen wekelijks van naam maar hebben hetzelfde telefoonnummer.',
      'Er werd contant betaald en de vrouwen moesten het geld afdragen.',
      'De ramen zijn afgeplakt en er hangt een camera bij de deur.',
    ],
    closers: [
      'Wij vragen om afstemming met de politie.',
      'Er is nog geen contact geweest met de vrouwen zelf.',
      'Graag een terugkoppeling als er meer bekend is.',
    ],
  },
  criminal: {
    openers: [
      'In {plaats} zijn jongeren gezien die mogelijk worden ingezet voor criminele activiteiten.',
      'Bij een huisbezoek in {plaats} kwamen signalen van gedwongen criminaliteit naar voren.',
      'De afdeling Schuldhulpverlening meldt een cliënt die onder druk lijkt te staan.',
      'Bij {bedrijf} zijn aanwijzingen dat medewerkers worden gedwongen tot strafbare feiten.',
    ],
    observations: [
      '{naam} zou minderjarigen laten dealen vanuit een woning in {plaats}.',
      'Een cliënt vertelde dat hij bankrekeningen moest openen en de passen moest afgeven.',
      'Er is een hennepkwekerij vermoed op zolder; de bewoner lijkt er te moeten werken.',
      'Jongeren worden met winkeldiefstal in verband gebracht en dragen de buit af.',
      'Een vrouw moet volgens een buurvrouw bedelen bij het station en het geld afgeven.',
      'De betrokkene heeft een grote schuld bij {naam} en durft niet te weigeren.',
    ],
    closers: [
      'Wij maken ons zorgen om de veiligheid van de betrokkenen.',
      'Mogelijk speelt er ook een zorgvraag.',
      'Graag overleg met het Zorg- en Veiligheidshuis.',
    ],
  },
  organ_removal: {
    openers: [
      'Een zorgverlener in {plaats} meldt een verdacht verhaal over een operatie in het buitenland.',
    ],
    observations: [
      'De betrokkene vertelde dat hem geld is aangeboden voor een nier.',
      '{naam} zou de reis hebben geregeld en een deel van het geld hebben gehouden.',
      'Er is een litteken gezien dat bij een recente operatie past.',
    ],
    closers: ['Graag advies: dit is voor ons een onbekend terrein.'],
  },
  unknown: {
    openers: [
      'Er is een niet-pluisgevoel bij een adres in {plaats}.',
      'Een medewerker van de gemeente meldt een situatie in {plaats} die niet klopt.',
      'Bij een adrescontrole in {plaats} ontstonden vragen.',
    ],
    observations: [
      'Er wonen wisselende personen en de brievenbus puilt uit.',
      '{naam} lijkt voor meerdere bewoners te spreken en beheert hun post.',
      'Er staan {aantal} personen ingeschreven; de verhuurder is onbereikbaar.',
      'Bewoners lijken bang en willen niet met ons praten.',
    ],
    closers: ['Wij weten niet of er sprake is van uitbuiting.', 'Graag een inschatting van de coördinator.'],
  },
};

export const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

export const NATIONALITY: Readonly<Record<Origin, string>> = {
  dutch: 'Nederland',
  surinamese: 'Suriname',
  turkish: 'Turkije',
  moroccan: 'Marokko',
  polish: 'Polen',
  romanian: 'Roemenië',
  bulgarian: 'Bulgarije',
  syrian: 'Syrië',
  eritrean: 'Eritrea',
  vietnamese: 'Vietnam',
};

export const ROLES_BY_FORM: Readonly<Record<'victim' | 'suspect' | 'other', readonly string[]>> = {
  victim: ['mogelijk slachtoffer', 'werknemer', 'bewoner', 'slachtoffer', 'medewerker'],
  suspect: ['werkgever', 'eigenaar', 'verhuurder', 'mogelijke dader', 'tussenpersoon', 'bedrijfsleider', 'chauffeur'],
  other: ['buurtbewoner', 'familielid', 'contactpersoon', 'huisgenoot'],
};

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 40], ['hotmail.com', 20], ['outlook.com', 10], ['ziggo.nl', 8], ['kpnmail.nl', 6],
  ['live.nl', 5], ['yahoo.com', 4], ['icloud.com', 4], ['wp.pl', 2], ['yahoo.ro', 1], ['abv.bg', 1],
];
