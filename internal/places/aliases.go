package places

// countryAliases are the names English news uses for a country besides
// GeoNames' short name (hand-written; GeoNames' country table has one name).
var countryAliases = map[string][]string{
	"US": {"United States of America", "USA", "U.S.", "U.S.A.", "America", "the States"},
	"GB": {"UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"},
	"RU": {"Russian Federation"},
	"KR": {"Republic of Korea", "Korea"},
	"KP": {"Democratic People's Republic of Korea", "DPRK"},
	"CN": {"People's Republic of China", "PRC", "mainland China"},
	"TW": {"Republic of China"},
	"CZ": {"Czech Republic"},
	"CI": {"Côte d'Ivoire", "Cote d'Ivoire"},
	"MM": {"Burma"},
	"NL": {"Holland"},
	"AE": {"UAE", "U.A.E.", "Emirates"},
	"VA": {"Vatican", "Holy See"},
	"CD": {"DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa", "Congo"},
	"CG": {"Republic of Congo", "Congo-Brazzaville", "Congo"},
	"MK": {"Macedonia"},
	"SZ": {"Swaziland", "Eswatini"},
	"TL": {"East Timor"},
	"CV": {"Cape Verde"},
	"TR": {"Türkiye", "Turkiye"},
	"IR": {"Islamic Republic of Iran"},
	"SY": {"Syrian Arab Republic"},
	"LA": {"Lao PDR"},
	"VN": {"Viet Nam"},
	"PS": {"Palestinian Territories", "Palestinian territories", "West Bank and Gaza", "Palestine", "West Bank"},
	"MO": {"Macau"},
	"SK": {"Slovak Republic"},
	"KG": {"Kyrgyz Republic"},
	"BN": {"Brunei Darussalam"},
	"BA": {"Bosnia", "Bosnia-Herzegovina"},
	"TT": {"Trinidad"},
	"VC": {"St Vincent"},
	"KN": {"St Kitts and Nevis", "St. Kitts"},
	"LC": {"St Lucia"},
	"FM": {"Micronesia"},
	"SA": {"KSA"},
	"NZ": {"Aotearoa"},
}

// divisionAliases are common English names of first-level divisions that
// GeoNames spells otherwise (hand-written).
var divisionAliases = map[string][]string{
	"US.DC":  {"Washington, D.C.", "Washington DC", "D.C."},
	"GB.ENG": {"England"},
	"GB.SCT": {"Scotland"},
	"GB.WLS": {"Wales"},
	"GB.NIR": {"Northern Ireland"},
	"AU.02":  {"NSW"},
}

// cityAliases are English names of major cities that GeoNames lacks
// (hand-written), by GeoNames id.
var cityAliases = map[int64][]string{
	5128581: {"New York City", "NYC"}, // New York City
	4140963: {"Washington, D.C.", "Washington DC"},
	1819729: {"Hong Kong"},
	5368361: {"LA", "L.A."}, // Los Angeles
}

// demonyms maps the adjectives and plural nouns for a country's people to
// its ISO code (hand-written), so that "Japanese" resolves to Japan where the
// entity type allows it.
var demonyms = map[string]string{
	"afghan": "AF", "afghans": "AF", "albanian": "AL", "albanians": "AL", "algerian": "DZ", "algerians": "DZ",
	"american": "US", "americans": "US", "angolan": "AO", "argentine": "AR", "argentinian": "AR", "argentines": "AR", "argentinians": "AR",
	"armenian": "AM", "armenians": "AM", "australian": "AU", "australians": "AU", "austrian": "AT", "austrians": "AT",
	"azerbaijani": "AZ", "azeri": "AZ", "bahraini": "BH", "bangladeshi": "BD", "bangladeshis": "BD",
	"belarusian": "BY", "belarusians": "BY", "belgian": "BE", "belgians": "BE", "bolivian": "BO", "bosnian": "BA", "bosnians": "BA",
	"brazilian": "BR", "brazilians": "BR", "british": "GB", "briton": "GB", "britons": "GB", "bulgarian": "BG", "bulgarians": "BG",
	"burmese": "MM", "cambodian": "KH", "cambodians": "KH", "cameroonian": "CM", "canadian": "CA", "canadians": "CA",
	"chilean": "CL", "chileans": "CL", "chinese": "CN", "colombian": "CO", "colombians": "CO", "congolese": "CD",
	"croatian": "HR", "croat": "HR", "croats": "HR", "cuban": "CU", "cubans": "CU", "cypriot": "CY", "cypriots": "CY",
	"czech": "CZ", "czechs": "CZ", "danish": "DK", "dane": "DK", "danes": "DK", "dutch": "NL", "ecuadorian": "EC",
	"egyptian": "EG", "egyptians": "EG", "emirati": "AE", "emiratis": "AE", "english": "GB", "eritrean": "ER", "eritreans": "ER",
	"estonian": "EE", "estonians": "EE", "ethiopian": "ET", "ethiopians": "ET", "filipino": "PH", "filipinos": "PH", "philippine": "PH",
	"finnish": "FI", "finn": "FI", "finns": "FI", "french": "FR", "frenchman": "FR", "georgian": "GE", "georgians": "GE",
	"german": "DE", "germans": "DE", "ghanaian": "GH", "ghanaians": "GH", "greek": "GR", "greeks": "GR", "guatemalan": "GT",
	"haitian": "HT", "haitians": "HT", "honduran": "HN", "hungarian": "HU", "hungarians": "HU", "icelandic": "IS", "icelander": "IS",
	"indian": "IN", "indians": "IN", "indonesian": "ID", "indonesians": "ID", "iranian": "IR", "iranians": "IR",
	"iraqi": "IQ", "iraqis": "IQ", "irish": "IE", "israeli": "IL", "israelis": "IL", "italian": "IT", "italians": "IT",
	"jamaican": "JM", "jamaicans": "JM", "japanese": "JP", "jordanian": "JO", "jordanians": "JO", "kazakh": "KZ", "kazakhstani": "KZ",
	"kenyan": "KE", "kenyans": "KE", "kuwaiti": "KW", "kuwaitis": "KW", "kyrgyz": "KG", "lao": "LA", "laotian": "LA", "latvian": "LV", "latvians": "LV",
	"lebanese": "LB", "liberian": "LR", "libyan": "LY", "libyans": "LY", "lithuanian": "LT", "lithuanians": "LT",
	"luxembourgish": "LU", "malagasy": "MG", "malawian": "MW", "malaysian": "MY", "malaysians": "MY", "malian": "ML", "maltese": "MT",
	"mexican": "MX", "mexicans": "MX", "moldovan": "MD", "mongolian": "MN", "montenegrin": "ME", "moroccan": "MA", "moroccans": "MA",
	"mozambican": "MZ", "namibian": "NA", "nepalese": "NP", "nepali": "NP", "new zealander": "NZ", "new zealanders": "NZ",
	"nicaraguan": "NI", "nigerian": "NG", "nigerians": "NG", "nigerien": "NE", "north korean": "KP", "north koreans": "KP",
	"norwegian": "NO", "norwegians": "NO", "omani": "OM", "pakistani": "PK", "pakistanis": "PK", "palestinian": "PS", "palestinians": "PS",
	"panamanian": "PA", "paraguayan": "PY", "peruvian": "PE", "peruvians": "PE", "polish": "PL", "pole": "PL", "poles": "PL",
	"portuguese": "PT", "qatari": "QA", "qataris": "QA", "romanian": "RO", "romanians": "RO", "russian": "RU", "russians": "RU",
	"rwandan": "RW", "rwandans": "RW", "salvadoran": "SV", "saudi": "SA", "saudis": "SA", "scottish": "GB", "scot": "GB", "scots": "GB",
	"senegalese": "SN", "serbian": "RS", "serb": "RS", "serbs": "RS", "singaporean": "SG", "singaporeans": "SG",
	"slovak": "SK", "slovaks": "SK", "slovenian": "SI", "slovene": "SI", "somali": "SO", "somalis": "SO",
	"south african": "ZA", "south africans": "ZA", "south korean": "KR", "south koreans": "KR", "south sudanese": "SS",
	"spanish": "ES", "spaniard": "ES", "spaniards": "ES", "sri lankan": "LK", "sudanese": "SD", "swedish": "SE", "swede": "SE", "swedes": "SE",
	"swiss": "CH", "syrian": "SY", "syrians": "SY", "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "tanzanians": "TZ",
	"thai": "TH", "thais": "TH", "tunisian": "TN", "tunisians": "TN", "turkish": "TR", "turk": "TR", "turks": "TR",
	"turkmen": "TM", "ugandan": "UG", "ugandans": "UG", "ukrainian": "UA", "ukrainians": "UA", "uruguayan": "UY",
	"uzbek": "UZ", "venezuelan": "VE", "venezuelans": "VE", "vietnamese": "VN", "welsh": "GB", "yemeni": "YE", "yemenis": "YE",
	"zambian": "ZM", "zimbabwean": "ZW", "zimbabweans": "ZW",
}

// stopKeys are name keys that are first of all common English words: GeoNames
// has divisions called "North" or "Centre" (Cameroon, Haiti, ...), which a
// news text almost never means.
var stopKeys = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "central": true, "centre": true, "center": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "capital": true, "coast": true,
	"city": true, "state": true, "island": true, "islands": true, "valley": true, "lake": true, "river": true,
	"union": true, "independence": true, "progress": true, "victory": true, "liberty": true, "hope": true,
	"paradise": true, "commerce": true, "march": true, "may": true, "university": true, "college": true,
}
